import mammoth from 'mammoth';
import { errorFirstLine, errorMessage } from '../errors.js';
import type { ScannedFile } from '../types.js';
import { findUrls } from '../text/urls.js';
import { countWords } from '../text/wordcount.js';
import { DocxContainerRefusal, MAIN_DOCUMENT, openDocxPackage, type DocxContainerError, type DocxPackage } from './docx-container.js';
import { sniffFormat } from './sniff.js';

/**
 * The one reading of a Word document, shared by every Word kind (text write-up, photo news, media report,
 * summary): the container is checked first (docx-container.ts), then mammoth reads the document into paragraphs
 * in order with their style names, 字数, pictures and links. What the paragraphs mean (title, captions, source,
 * body) depends on the rules' options and is worked out when the submission is linked (src/link/word-layout.ts).
 */

/** `wrong-format`: no zip, and the bytes are another known format (a PDF named .docx); else `not-a-zip`. */
export type DocxReadError = DocxContainerError | 'mammoth-failed' | 'wrong-format';

export interface DocxParagraph {
  /** 1-based position in reading order; paragraphs in tables and text boxes included. */
  index: number;
  /** Style name as the document defines it (`Caption`, `heading 1`, `题注`, …), else its id. */
  style: string | null;
  text: string;
  words: number;
  /** Numbers (1-based) of the embedded pictures in this paragraph. */
  pictures: number[];
  /** Addresses in this paragraph: hyperlink targets and URLs written in its text. */
  links: string[];
  inTable: boolean;
}

export interface DocxPicture {
  /** 1-based, in reading order. */
  number: number;
  /** The zip entry holding the picture, e.g. `word/media/image1.jpeg`. */
  entry: string;
  /** From the content type, else the entry's extension: `jpeg`, `png`, `emf`, … */
  format: string;
  /** The entry's inflated size as the zip declares it; the picture itself is never inflated here. */
  bytes: number;
  /** The paragraph (DocxParagraph.index) the picture is in. */
  paragraph: number;
  /** Set when the submission is linked: the picture's caption, or null. */
  caption?: string | null;
}

/** A picture that points outside the document (Word's "Link to File") or at a part the file lacks. */
export interface LinkedPicture {
  target: string | null;
  paragraph: number;
}

export interface DocxLink {
  url: string;
  /** A hyperlink, an address written as text, or one found in the document's sidecar `.txt`. */
  via: 'hyperlink' | 'text' | 'sidecar';
}

export interface DocxTitle {
  text: string;
  words: number;
  /** `style`: a Title/Heading-styled paragraph; `first-paragraph`: the first non-empty paragraph, short enough. */
  source: 'style' | 'first-paragraph';
  style: string | null;
  paragraph: number;
}

export interface DocxFacts {
  format: string;
  readError?: DocxReadError | 'legacy-word' | 'empty';
  readErrorDetail?: string;
  /** For `wrong-format`: what the bytes really are (`pdf`, `png`, …). */
  actualFormat?: string;
  /** 字数 of the whole document, as Word counts it. */
  words?: number;
  charsNoSpaces?: number;
  /** Non-empty paragraphs. */
  paragraphs?: number;
  /** Embedded pictures: the ones that count. */
  pictures?: number;
  pictureList?: DocxPicture[];
  linkedPictures?: number;
  linkedPictureList?: LinkedPicture[];
  /**
   * `mc:AlternateContent` blocks without a fallback: content that only newer Word or WPS can show and mammoth
   * cannot read, so pictures may hide there.
   */
  contentWithoutFallback?: number;
  links?: DocxLink[];
  /** Set when the submission is linked (src/link/word-layout.ts), with the rules' options. */
  title?: DocxTitle | null;
  firstParagraphWords?: number | null;
  source?: string | null;
  captions?: number;
  captionTexts?: string[];
  bodyWords?: number;
  /** The paragraphs themselves, for the linking and the rules; not enumerable, so the JSON report stays small. */
  readonly paragraphList?: DocxParagraph[];
}

export interface WordDocument {
  facts: DocxFacts;
  /** The document's text, paragraphs separated by line breaks; undefined when it could not be read. */
  text?: string;
}

/** Stands in for the bytes of a part that is not inflated (pictures): mammoth hands it back unread. */
class UninflatedPart {
  constructor(readonly name: string) {}
}

/** The pieces of mammoth's document tree this reading looks at (mammoth/lib/documents.js). */
interface MammothElement {
  type: string;
  children?: MammothElement[];
  value?: string;
  href?: string;
  styleName?: string | null;
  styleId?: string | null;
  contentType?: string | null;
  readAsArrayBuffer?: () => Promise<unknown>;
  /** A footnote or endnote's content (`note`), and the document's notes (`document`). */
  body?: MammothElement[];
  notes?: { resolve: (reference: MammothElement) => MammothElement | null };
}

interface Draft {
  paragraphs: DocxParagraph[];
  images: { element: MammothElement; paragraph: DocxParagraph }[];
  hyperlinks: string[];
  noteReferences: MammothElement[];
}

/**
 * mammoth's own unzip accepts an opened package as `{ file: { exists, read } }` (mammoth/lib/unzip.js). Handing
 * it the parts yauzl already checked means the file is opened once, nothing unchecked is inflated, and a picture
 * is "read" as a marker that names its entry instead of as its bytes.
 */
function mammothInput(pkg: DocxPackage): never {
  const file = {
    exists: (name: string) => pkg.entries.has(name),
    read: async (name: string, encoding?: string) => {
      const part = pkg.parts.get(name);
      if (part) return encoding ? new TextDecoder(encoding).decode(part) : new Uint8Array(part);
      return encoding ? '' : new UninflatedPart(name);
    },
  };
  return { file } as never;
}

function walkBlocks(element: MammothElement, draft: Draft, inTable: boolean): void {
  for (const child of element.children ?? []) {
    if (child.type === 'paragraph') {
      const paragraph: DocxParagraph = {
        index: draft.paragraphs.length + 1, style: child.styleName ?? child.styleId ?? null, text: '', words: 0, pictures: [], links: [], inTable,
      };
      draft.paragraphs.push(paragraph);
      walkInline(child, paragraph, draft);
    } else {
      walkBlocks(child, draft, inTable || child.type === 'table');
    }
  }
}

function walkInline(element: MammothElement, paragraph: DocxParagraph, draft: Draft): void {
  for (const child of element.children ?? []) {
    switch (child.type) {
      case 'text':
        paragraph.text += child.value ?? '';
        break;
      case 'tab':
        paragraph.text += '\t';
        break;
      case 'break':
        paragraph.text += '\n';
        break;
      case 'image':
        draft.images.push({ element: child, paragraph });
        break;
      case 'noteReference':
        draft.noteReferences.push(child);
        break;
      case 'hyperlink':
        if (child.href) {
          paragraph.links.push(child.href);
          draft.hyperlinks.push(child.href);
        }
        walkInline(child, paragraph, draft);
        break;
      default:
        walkInline(child, paragraph, draft);
    }
  }
}

function pictureFormat(contentType: string | null | undefined, entry: string): string {
  const fromType = contentType?.toLowerCase().match(/^image\/(?:x-)?([a-z0-9.+-]+?)(?:\+xml)?$/u)?.[1];
  const fromName = entry.toLowerCase().match(/\.([a-z0-9]+)$/u)?.[1];
  return (fromType ?? fromName ?? 'unknown').replace(/^jpg$/u, 'jpeg');
}

/** Where each picture is: an entry of the zip (embedded) or somewhere else (linked); the bytes are never read. */
async function placePictures(draft: Draft, pkg: DocxPackage): Promise<{ embedded: DocxPicture[]; linked: LinkedPicture[] }> {
  const embedded: DocxPicture[] = [];
  const linked: LinkedPicture[] = [];
  for (const { element, paragraph } of draft.images) {
    let target: string | null = null;
    try {
      const read = await element.readAsArrayBuffer?.();
      if (read instanceof UninflatedPart) target = read.name;
    } catch (error) {
      // mammoth refuses to read a linked picture (external file access is off) and names it in the message.
      target = /external image '([^']*)'/u.exec(errorMessage(error))?.[1] ?? null;
    }
    if (target !== null && pkg.entries.has(target)) {
      const number = embedded.length + 1;
      const format = pictureFormat(element.contentType, target);
      embedded.push({ number, entry: target, format, bytes: pkg.entries.get(target)!, paragraph: paragraph.index });
      paragraph.pictures.push(number);
    } else {
      linked.push({ target, paragraph: paragraph.index });
    }
  }
  return { embedded, linked };
}

function countOccurrences(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

function documentLinks(paragraphs: DocxParagraph[], hyperlinks: Set<string>): DocxLink[] {
  const links: DocxLink[] = [...hyperlinks].map((url) => ({ url, via: 'hyperlink' as const }));
  for (const paragraph of paragraphs) {
    for (const url of findUrls(paragraph.text)) {
      paragraph.links.push(url);
      if (!links.some((link) => link.url === url)) links.push({ url, via: 'text' });
    }
  }
  return links;
}

/**
 * The text of the footnotes and endnotes the document refers to. Word's 字数统计 counts them, as it counts text
 * boxes (its box "包括文本框、脚注和尾注" is ticked by default), so they count in the document's 字数; they are no
 * paragraphs of the page, so the layout (title, captions, body) never sees them.
 */
function noteText(tree: MammothElement, references: MammothElement[]): string {
  const notes: Draft = { paragraphs: [], images: [], hyperlinks: [], noteReferences: [] };
  for (const reference of references) {
    const note = tree.notes?.resolve(reference);
    if (note) walkBlocks({ type: 'note', children: note.body ?? [] }, notes, false);
  }
  return notes.paragraphs.map((p) => p.text).join('\n');
}

async function readPackage(pkg: DocxPackage, format: string): Promise<WordDocument> {
  let tree: MammothElement | undefined;
  await mammoth.convertToHtml(mammothInput(pkg), {
    transformDocument: (document: MammothElement) => {
      tree = document;
      // Nothing is converted to HTML: the facts come from the tree.
      return { ...document, children: [] };
    },
  });
  const draft: Draft = { paragraphs: [], images: [], hyperlinks: [], noteReferences: [] };
  walkBlocks(tree!, draft, false);
  const { embedded, linked } = await placePictures(draft, pkg);
  for (const paragraph of draft.paragraphs) paragraph.words = countWords(paragraph.text).words;
  const links = documentLinks(draft.paragraphs, new Set(draft.hyperlinks));
  const text = draft.paragraphs.map((p) => p.text).join('\n');
  const mainXml = pkg.parts.get(MAIN_DOCUMENT)!.toString('utf8');

  const facts: DocxFacts = {
    format,
    ...countWords(`${text}\n${noteText(tree!, draft.noteReferences)}`),
    paragraphs: draft.paragraphs.filter((p) => p.words > 0).length,
    pictures: embedded.length,
    pictureList: embedded,
    linkedPictures: linked.length,
    linkedPictureList: linked,
    contentWithoutFallback: Math.max(0, countOccurrences(mainXml, '<mc:AlternateContent') - countOccurrences(mainXml, '<mc:Fallback')),
    links,
  };
  Object.defineProperty(facts, 'paragraphList', { value: draft.paragraphs, enumerable: false });
  return { facts, text };
}

/** Reads a `.docx` once into facts; a file that cannot be read gives a `readError` fact, never an exception. */
async function readDocx(absPath: string, format: string): Promise<WordDocument> {
  let pkg: DocxPackage;
  try {
    pkg = await openDocxPackage(absPath);
  } catch (error) {
    if (!(error instanceof DocxContainerRefusal)) return { facts: { format, readError: 'unreadable', readErrorDetail: errorFirstLine(error) } };
    const actualFormat = error.reason === 'not-a-zip' ? (await sniffFormat(absPath).catch(() => undefined))?.ext : undefined;
    if (actualFormat) return { facts: { format, readError: 'wrong-format', actualFormat } };
    return { facts: { format, readError: error.reason, readErrorDetail: error.detail } };
  }
  try {
    return await readPackage(pkg, format);
  } catch (error) {
    return { facts: { format, readError: 'mammoth-failed', readErrorDetail: errorFirstLine(error) } };
  }
}

const LEGACY_WORD = new Set(['.doc', '.wps']);

/** Any Word file of any kind: `.doc`/`.wps` and empty files are facts; a `.docx` is read once. */
export async function readWordFile(file: ScannedFile): Promise<WordDocument> {
  const format = file.ext.replace(/^\./u, '') || 'docx';
  if (LEGACY_WORD.has(file.ext)) return { facts: { format, readError: 'legacy-word' } };
  if (file.bytes === 0) return { facts: { format, readError: 'empty' } };
  return readDocx(file.absPath, format);
}

/** The inspector of photo news, media reports and the week's summary. */
export async function inspectWordDocument(file: ScannedFile): Promise<DocxFacts> {
  return (await readWordFile(file)).facts;
}
