import { errorFirstLine } from '../errors.js';
import type { ScannedFile } from '../types.js';
import { findSchemelessAddresses, findUrls } from '../text/urls.js';
import { countWords } from '../text/wordcount.js';
import { DocxContainerRefusal, MAIN_DOCUMENT, openDocxPackage, type DocxContainerError, type DocxPackage } from './docx-container.js';
import {
  readBody, readContentTypes, readNotes, readParagraphStyles, readRelationships, type NoteReference, type PartContext, type ReadParagraph, type Relationships,
} from './docx-xml.js';
import { sniffFormat } from './sniff.js';

/**
 * The one reading of a Word document, shared by every Word kind (text write-up, photo news, media report,
 * summary): the container is checked first (docx-container.ts), then one streaming pass over the XML (docx-xml.ts)
 * reads the document into paragraphs in order with their style names, 字数, pictures and links. What the
 * paragraphs mean (title, captions, source, body) depends on the rules' options and is worked out when the
 * submission is linked (src/link/word-layout.ts).
 */

/**
 * `wrong-format`: no zip, and the bytes are another known format (a PDF named .docx); else `not-a-zip`.
 * `mammoth-failed`: the XML is not well-formed or holds no body; the code keeps the name it had when mammoth read
 * the XML, because it is part of the JSON report (docs/word-documents.md).
 */
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
  /** The address as found; one written without a scheme (`schemeless`) as written, `www.pyxww.cn/…`. */
  url: string;
  /** A hyperlink, an address written as text, or one found in the document's sidecar `.txt`. */
  via: 'hyperlink' | 'text' | 'sidecar';
  /** Written without `http://` or `https://`: it counts, with a warning to add `https://` (media-report/link). */
  schemeless?: true;
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
   * `mc:AlternateContent` blocks without a fallback: content that only newer Word or WPS can show and only the
   * fallback is read, so pictures may hide there.
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

const XML_PART = /\.(xml|rels)$/iu;

function pictureFormat(contentType: string | null | undefined, entry: string): string {
  const fromType = contentType?.toLowerCase().match(/^image\/(?:x-)?([a-z0-9.+-]+?)(?:\+xml)?$/u)?.[1];
  const fromName = entry.toLowerCase().match(/\.([a-z0-9]+)$/u)?.[1];
  return (fromType ?? fromName ?? 'unknown').replace(/^jpg$/u, 'jpeg');
}

/** The relationships of a part: `word/_rels/document.xml.rels` for `word/document.xml`. */
function relationshipsOf(pkg: DocxPackage, part: string): Relationships {
  const slash = part.lastIndexOf('/');
  return readRelationships(pkg.parts.get(`${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`));
}

/** The part the main document relates to by type (styles, footnotes, endnotes), else Word's usual name for it. */
function relatedPart(pkg: DocxPackage, relationships: Relationships, name: string): string {
  const type = `http://schemas.openxmlformats.org/officeDocument/2006/relationships/${name}`;
  for (const { target, type: relType, external } of relationships.values()) {
    if (external || relType !== type) continue;
    const part = target.startsWith('/') ? target.slice(1) : `word/${target}`;
    if (pkg.entries.has(part)) return part;
  }
  return `word/${name}.xml`;
}

/** Numbers the pictures in reading order and tells embedded ones (a part of the zip) from linked or missing ones. */
function placePictures(
  read: ReadParagraph[],
  pkg: DocxPackage,
  contentType: (part: string) => string | null,
): { paragraphs: DocxParagraph[]; embedded: DocxPicture[]; linked: LinkedPicture[] } {
  const embedded: DocxPicture[] = [];
  const linked: LinkedPicture[] = [];
  const paragraphs = read.map((p, i): DocxParagraph => {
    const paragraph: DocxParagraph = { index: i + 1, style: p.style, text: p.text, words: countWords(p.text).words, pictures: [], links: [...p.links], inTable: p.inTable };
    for (const { target, external } of p.pictures) {
      if (target !== null && !external && pkg.entries.has(target) && !XML_PART.test(target)) {
        const number = embedded.length + 1;
        embedded.push({ number, entry: target, format: pictureFormat(contentType(target), target), bytes: pkg.entries.get(target)!, paragraph: paragraph.index });
        paragraph.pictures.push(number);
      } else {
        linked.push({ target, paragraph: paragraph.index });
      }
    }
    return paragraph;
  });
  return { paragraphs, embedded, linked };
}

/**
 * Hyperlinks first (the body's, then the notes'), then addresses written as text. A hyperlink in a footnote or
 * endnote is the document's as much as one in the body (issue 9, mammoth's footnote-hyperlink.docx); the notes are
 * no paragraphs of the page, so their addresses are not added to any paragraph.
 */
function documentLinks(paragraphs: DocxParagraph[], notes: ReadParagraph[]): DocxLink[] {
  const links: DocxLink[] = [];
  const add = (url: string, via: DocxLink['via']): void => {
    if (!links.some((link) => link.url === url)) links.push({ url, via });
  };
  for (const p of [...paragraphs, ...notes]) for (const url of p.links) add(url, 'hyperlink');
  for (const paragraph of paragraphs) {
    for (const url of findUrls(paragraph.text)) {
      paragraph.links.push(url);
      add(url, 'text');
    }
  }
  for (const note of notes) for (const url of findUrls(note.text)) add(url, 'text');
  for (const { text } of [...paragraphs, ...notes]) {
    for (const url of findSchemelessAddresses(text)) if (!links.some((link) => link.url === url)) links.push({ url, via: 'text', schemeless: true });
  }
  for (const paragraph of paragraphs) paragraph.links.push(...findSchemelessAddresses(paragraph.text));
  return links;
}

/**
 * The paragraphs of the footnotes and endnotes the document refers to, in the order it refers to them. Word's
 * 字数统计 counts them, as it counts text boxes (its box "包括文本框、脚注和尾注" is ticked by default), so they
 * count in the document's 字数; they are no paragraphs of the page, so the layout (title, captions, body) never
 * sees them.
 */
function noteParagraphs(pkg: DocxPackage, relationships: Relationships, styles: PartContext['styles'], references: NoteReference[]): ReadParagraph[] {
  if (references.length === 0) return [];
  const notes = new Map<string, ReadParagraph[]>();
  for (const type of ['footnote', 'endnote'] as const) {
    if (!references.some((reference) => reference.type === type)) continue;
    const part = relatedPart(pkg, relationships, `${type}s`);
    const xml = pkg.parts.get(part);
    if (xml) for (const [key, paragraphs] of readNotes(xml, type, { relationships: relationshipsOf(pkg, part), styles })) notes.set(key, paragraphs);
  }
  return references.flatMap((reference) => notes.get(`${reference.type}:${reference.id}`) ?? []);
}

function readPackage(pkg: DocxPackage, format: string): WordDocument {
  const relationships = relationshipsOf(pkg, MAIN_DOCUMENT);
  const styles = readParagraphStyles(pkg.parts.get(relatedPart(pkg, relationships, 'styles')));
  const body = readBody(pkg.parts.get(MAIN_DOCUMENT)!, { relationships, styles });
  if (!body.foundBody) throw new Error(`${MAIN_DOCUMENT} has no w:body element`);
  const contentType = readContentTypes(pkg.parts.get('[Content_Types].xml'));
  const { paragraphs, embedded, linked } = placePictures(body.paragraphs, pkg, contentType);
  const notes = noteParagraphs(pkg, relationships, styles, body.noteReferences);
  const links = documentLinks(paragraphs, notes);
  const text = paragraphs.map((p) => p.text).join('\n');

  const facts: DocxFacts = {
    format,
    ...countWords(`${text}\n${notes.map((p) => p.text).join('\n')}`),
    paragraphs: paragraphs.filter((p) => p.words > 0).length,
    pictures: embedded.length,
    pictureList: embedded,
    linkedPictures: linked.length,
    linkedPictureList: linked,
    contentWithoutFallback: body.contentWithoutFallback,
    links,
  };
  Object.defineProperty(facts, 'paragraphList', { value: paragraphs, enumerable: false });
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
    return readPackage(pkg, format);
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
