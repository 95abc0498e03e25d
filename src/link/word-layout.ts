import { isRead, type ScannedFile, type SubmissionFacts } from '../types.js';
import { findSchemelessAddresses, findUrls } from '../text/urls.js';
import { wordCount } from '../text/wordcount.js';
import type { DocxLink, DocxParagraph, DocxPicture, DocxTitle } from '../inspect/docx.js';
import { WORD_DOCUMENT_KINDS, type LayoutOptions, type LinkOptions } from './options.js';

/**
 * What the paragraphs of a Word document are (rulebook, photo-news/* and media-report/*): its title, the caption
 * of each picture, the line naming the picture source, and the body that is left. This needs the rules' numbers
 * (a title has ≤ 60 字, a caption ≤ 80 字), so it runs when the submission is linked, after every file was read.
 */

export type { LayoutOptions };

export interface Layout {
  title: DocxTitle | null;
  /** 字数 of the first non-empty paragraph that is no caption, when it is too long to be a title; null otherwise. */
  firstParagraphWords: number | null;
  /** The first line naming the picture source, cut to SOURCE_FACT_CHARS characters. */
  source: string | null;
  /** The caption of each embedded picture, in picture order; null where it has none. */
  pictureCaptions: (string | null)[];
  bodyWords: number;
}

/** Word's built-in names as styles.xml stores them, WPS's Chinese names and LibreOffice's. */
const TITLE_STYLE = /^(title|heading\s*\d*|标题(\s*\d+)?)$/iu;
/**
 * Word's Caption under its names in Word, WPS and LibreOffice (whose picture captions are `Figure`/`Illustration`;
 * LibreOffice's Chinese interface shows Illustration as 插图).
 */
const CAPTION_STYLE = /^(caption|题注|图注|图题|图片说明|插图|figure|illustration|drawing)$/iu;

/**
 * The newspaper credit (rulebook, photo-news/source): `张伟 摄`, `（通讯员 张伟 摄）`, `（记者 王五 李六 摄）`: a short
 * line ending in 摄, in brackets or not, or such a credit closing a caption (`学生操作机床（通讯员 张伟 摄）`). A name is a
 * run of 2–12 Han characters (a person or a school office) or of Latin letters; names stand apart by spaces or 、.
 * Written close up to 摄 without a role (`张伟摄`), a name is a person's (2–4 characters), so the end of a sentence is
 * no credit; a name ending in 拍 or 航 is the verb 拍摄/航摄 (`学生们正在拍摄`). Read step by step rather than by one
 * regular expression: the one expression took 65 ms on a 38-character line (backtracking over names and spaces).
 */
const CREDIT_ROLE = /^(?:本报|特约|见习|实习)?(?:摄影记者|记者|通讯员|实习生)/u;
const CREDIT_NAME = /^(?:[\p{Script=Han}·]{2,12}|[A-Za-z][A-Za-z.]*)$/u;
const PERSON_NAME = /^[\p{Script=Han}·]{2,4}$/u;
const VERB_BEFORE_摄 = /[拍航]$/u;
const BRACKETED = /^[（(【[]\s*([^（(【[）)】\]]*?)\s*[）)】\]]$/u;
const LAST_BRACKETED = /[（(【[]([^（(【[）)】\]]*)[）)】\]]\s*$/u;
/** Where a credit closing a caption starts: after the last punctuation mark of the caption. */
const BEFORE_CREDIT = /^.*[（(【[，,。：:；;]/su;
/** "A short line": a credit line has the length of a caption at most, a credit alone far less. */
const CREDIT_LINE_CHARS = 100;
const CREDIT_ONLY_CHARS = 40;

/** The whole text, brackets stripped, is `[role] name… 摄`. */
function isCredit(text: string): boolean {
  let rest = text.trim();
  rest = BRACKETED.exec(rest)?.[1] ?? rest;
  if (!rest.endsWith('摄')) return false;
  rest = rest.slice(0, -1);
  const spaced = /\s$/u.test(rest);
  rest = rest.trim();
  const role = CREDIT_ROLE.exec(rest)?.[0];
  if (role) rest = rest.slice(role.length).trim();
  const names = rest.split(/[\s、]+/u);
  if (!names.every((name) => CREDIT_NAME.test(name) && !VERB_BEFORE_摄.test(name))) return false;
  return role !== undefined || spaced || names.every((name) => PERSON_NAME.test(name));
}

const isCreditOnly = (text: string): boolean => text.trim().length <= CREDIT_ONLY_CHARS && isCredit(text);

/** The line ends in a credit: in brackets, or after the caption's last punctuation mark, or it is one. */
function hasCredit(text: string): boolean {
  const line = text.trim();
  if (line.length > CREDIT_LINE_CHARS) return false;
  const bracketed = LAST_BRACKETED.exec(line)?.[1];
  if (bracketed !== undefined) return isCredit(bracketed);
  return isCredit(line.replace(BEFORE_CREDIT, ''));
}

/** The rulebook's source markers: `图片来源`, `图片来自`, `来源：`, `摄影：`, `供图`, `图/某某`, `摄/某某`, `某某 摄`. */
const SOURCE_MARKERS = [/图片来源/u, /图片来自/u, /来源\s*[：:]/u, /摄影\s*[：:]/u, /供图/u, /(?:^|[^\p{Script=Han}])[图摄]\s*[/／]\s*\S/u];
/** A line that only names the source (`摄影：张三`, `（图片来源：濮阳职专）`, `濮阳职专供图`) says nothing about the picture. */
const SOURCE_ONLY = [/^\s*[（(【[]?\s*(图片来源|图片来自|来源|摄影|供图|图|摄)\s*[：:/／]/u, /供图\s*[）)】\]]?\s*$/u];
/** A paragraph with a link and no sentence in it is a link line (`原文链接：https://…`), not body. */
const SENTENCE_END = /[。！？!?]/u;
/** A source marker may sit in a long paragraph; the report shows its start, not the whole paragraph. */
const SOURCE_FACT_CHARS = 100;

const isTitleStyled = (p: DocxParagraph): boolean => TITLE_STYLE.test(p.style?.trim() ?? '');
const isCaptionStyled = (p: DocxParagraph): boolean => CAPTION_STYLE.test(p.style?.trim() ?? '');
const isSourceLine = (text: string): boolean => SOURCE_MARKERS.some((marker) => marker.test(text)) || hasCredit(text);
const isSourceOnly = (text: string): boolean => SOURCE_ONLY.some((pattern) => pattern.test(text)) || isCreditOnly(text);

function withoutUrls(p: DocxParagraph): string {
  return findUrls(p.text).reduce((text, url) => text.replace(url, ' '), p.text);
}

const isLinkLine = (p: DocxParagraph): boolean => p.links.length > 0 && !SENTENCE_END.test(withoutUrls(p));

/** Pictures one under another (blank lines between them ignored), or a table row of pictures: one run. */
interface PictureRun {
  first: number;
  last: number;
  pictures: number;
}

function pictureRuns(paragraphs: DocxParagraph[]): Map<number, PictureRun> {
  const runs = new Map<number, PictureRun>();
  let run: PictureRun | undefined;
  paragraphs.forEach((p, i) => {
    if (p.pictures.length > 0) {
      run ??= { first: i, last: i, pictures: 0 };
      run.last = i;
      run.pictures += p.pictures.length;
      runs.set(i, run);
    } else if (p.words > 0) {
      run = undefined;
    }
  });
  return runs;
}

/**
 * The paragraphs right after (or before) a run of pictures that may caption them, in document order: as many as
 * the run has pictures, so two pictures followed by two short lines pair up in order, as a table row of pictures
 * over a row of captions does. Blank paragraphs are passed over: clerks leave blank lines around pictures.
 */
function besideRun(paragraphs: DocxParagraph[], run: PictureRun, direction: 'after' | 'before'): DocxParagraph[] {
  const found: DocxParagraph[] = [];
  const step = direction === 'after' ? 1 : -1;
  for (let i = (direction === 'after' ? run.last : run.first) + step; i >= 0 && i < paragraphs.length && found.length < run.pictures; i += step) {
    const p = paragraphs[i]!;
    if (p.pictures.length > 0) break;
    if (p.words > 0) found.push(p);
  }
  return direction === 'after' ? found : found.reverse();
}

type Direction = 'same' | 'after' | 'before';

/**
 * Each picture gets at most one caption and each paragraph captions at most one picture: the picture's own
 * paragraph's text, else a paragraph after it, else one before it (or before, then after). Both orders are tried
 * and the one that captions more pictures wins, so documents that put captions above pictures are read as fairly
 * as those that put them below.
 */
function matchCaptions(paragraphs: DocxParagraph[], pictures: DocxPicture[], canCaption: (p: DocxParagraph) => boolean): (DocxParagraph | null)[] {
  const position = new Map(paragraphs.map((p, i) => [p.index, i]));
  const runs = pictureRuns(paragraphs);
  const assign = (order: Direction[]): (DocxParagraph | null)[] => {
    const used = new Set<number>();
    return pictures.map((picture) => {
      const at = position.get(picture.paragraph)!;
      for (const direction of order) {
        const candidates = direction === 'same' ? [paragraphs[at]!] : besideRun(paragraphs, runs.get(at)!, direction);
        const caption = candidates.find((p) => p.words > 0 && !used.has(p.index) && canCaption(p));
        if (caption) {
          used.add(caption.index);
          return caption;
        }
      }
      return null;
    });
  };
  const below = assign(['same', 'after', 'before']);
  const above = assign(['same', 'before', 'after']);
  const count = (captions: (DocxParagraph | null)[]): number => captions.filter(Boolean).length;
  return count(above) > count(below) ? above : below;
}

export function readLayout(paragraphs: DocxParagraph[], pictures: DocxPicture[], options: LayoutOptions): Layout {
  const nonEmpty = paragraphs.filter((p) => p.words > 0);
  const styledTitle = nonEmpty.find(isTitleStyled);
  const firstPicture = Math.min(...pictures.map((p) => p.paragraph));
  // The document's opening line, above every picture, is its title or lead, never a picture's caption.
  const opening = nonEmpty[0] && nonEmpty[0].index < firstPicture ? nonEmpty[0] : undefined;

  const canCaption = (p: DocxParagraph): boolean =>
    isCaptionStyled(p) || (p !== opening && !isTitleStyled(p) && !isSourceOnly(p.text) && p.words <= options.maxCaptionChars);
  const captions = matchCaptions(paragraphs, pictures, canCaption);
  const captionIndexes = new Set(captions.filter((c): c is DocxParagraph => c !== null).map((c) => c.index));

  let title: DocxTitle | null = null;
  let firstParagraphWords: number | null = null;
  if (styledTitle) {
    title = { text: styledTitle.text.trim(), words: styledTitle.words, source: 'style', style: styledTitle.style, paragraph: styledTitle.index };
  } else {
    // A caption is not a title, even when the document starts with a picture and its caption.
    const first = nonEmpty.find((p) => !captionIndexes.has(p.index));
    if (first && first.words <= options.maxTitleChars) {
      title = { text: first.text.trim(), words: first.words, source: 'first-paragraph', style: first.style, paragraph: first.index };
    } else if (first) {
      firstParagraphWords = first.words;
    }
  }

  const bodyWords = nonEmpty
    .filter((p) => p.index !== title?.paragraph && !captionIndexes.has(p.index) && !isCaptionStyled(p) && !isLinkLine(p))
    .reduce((sum, p) => sum + wordCount(withoutUrls(p)), 0);

  const source = nonEmpty.find((p) => isSourceLine(p.text))?.text.trim();
  return {
    title,
    firstParagraphWords,
    source: source === undefined ? null : source.length > SOURCE_FACT_CHARS ? `${source.slice(0, SOURCE_FACT_CHARS)}…` : source,
    pictureCaptions: captions.map((c) => c?.text.trim() ?? null),
    bodyWords,
  };
}

/** Addresses in the document's sidecar `.txt` (rulebook, media-report/link: "in the document or a sidecar .txt"). */
function sidecarLinks(all: SubmissionFacts, file: ScannedFile): DocxLink[] {
  const sidecar = file.sidecar ? all.get(file.sidecar) : undefined;
  const text = sidecar && (isRead(sidecar, 'description') || isRead(sidecar, 'caption')) ? sidecar.facts.text : undefined;
  if (!text) return [];
  return [...findUrls(text).map((url) => ({ url, via: 'sidecar' as const })), ...findSchemelessAddresses(text).map((url) => ({ url, via: 'sidecar' as const, schemeless: true as const }))];
}

/**
 * Adds title, captions, source, body 字数 and sidecar links to the facts of each photo news, media report and
 * summary, with the layout numbers of its own kind.
 */
export function linkWordDocuments(all: SubmissionFacts, options: Pick<LinkOptions, 'layout'>): void {
  for (const entry of all.values()) {
    if (!isRead(entry, WORD_DOCUMENT_KINDS)) continue;
    const doc = entry.facts;
    if (!doc.paragraphList || !doc.pictureList) continue;
    const layout = readLayout(doc.paragraphList, doc.pictureList, options.layout[entry.kind]);
    doc.pictureList.forEach((picture, i) => Object.assign(picture, { caption: layout.pictureCaptions[i] ?? null }));
    const captionTexts = layout.pictureCaptions.filter((c): c is string => c !== null);
    const links = [...(doc.links ?? [])];
    for (const link of sidecarLinks(all, entry.file)) if (!links.some((l) => l.url === link.url)) links.push(link);
    Object.assign(doc, {
      title: layout.title,
      firstParagraphWords: layout.firstParagraphWords,
      source: layout.source,
      captions: captionTexts.length,
      captionTexts,
      bodyWords: layout.bodyWords,
      links,
    });
  }
}
