import { format, grouped } from '../i18n.js';
import type { Bilingual, FileResult, Lang } from '../types.js';
import { describeSource, ENCODING_NAMES } from './messages.js';

/** One line of what was measured, shown under a file in the terminal report. */
type Summarise = (facts: Record<string, unknown>, file: FileResult, lang: Lang) => string | undefined;

/** The words of the facts line, one style with the rules' messages: a zh/en pair filled by `format`. */
const WORDS = {
  separator: { zh: '，', en: ', ' },
  caption: { zh: '说明：“{caption}”（来自{source}）', en: 'caption: "{caption}" (from {source})' },
  description: { zh: '说明：“{description}”（来自{source}）', en: 'description: "{description}" (from {source})' },
  words: { zh: '字数 {words}，字符数(不计空格) {charsNoSpaces}', en: '{words} 字, {charsNoSpaces} characters without spaces' },
  encoding: { zh: '，编码 {encoding}', en: ', encoding {encoding}' },
  entries: { zh: '{count} 条说明', en: '{count} entries' },
  entry: { zh: '{count} 条说明', en: '{count} entry' },
  rotated: { zh: '（存储 {width}×{height}，旋转 {rotation}°）', en: ' (stored {width}×{height}, rotated {rotation}°)' },
  title: { zh: '题目“{text}”', en: 'title “{text}”' },
  body: { zh: '正文 {count} 字', en: 'body {count} 字' },
  pictures: { zh: '{count} 张图片', en: '{count} pictures' },
  linkedPictures: { zh: '{count} 张链接图片（未嵌入）', en: '{count} linked, not embedded' },
  captions: { zh: '{count} 条题注', en: '{count} captions' },
  source: { zh: '来源“{text}”', en: 'source “{text}”' },
  links: { zh: '{count} 个链接', en: '{count} links' },
} satisfies Record<string, Bilingual>;

const say = (text: Bilingual, lang: Lang, data: Record<string, unknown> = {}): string => format(text, lang, data);
const clip = (text: string, max = 40): string => (text.length > max ? `${text.slice(0, max)}…` : text);
const count = (n: unknown): string => (typeof n === 'number' ? grouped(n) : '0');

const photo: Summarise = (f, file, lang) => {
  const parts: string[] = [];
  if (typeof f.displayWidth === 'number') parts.push(`${f.displayWidth}×${f.displayHeight}`);
  parts.push(say({ zh: '{bytes|size}', en: '{bytes|size}' }, lang, { bytes: file.bytes }));
  if (f.format && f.format !== 'jpeg') parts.push(String(f.format).toUpperCase());
  if (f.caption) parts.push(say(WORDS.caption, lang, { caption: f.caption, source: describeSource(String(f.captionSource)) }));
  return parts.join(WORDS.separator[lang]);
};

const text: Summarise = (f, _file, lang) =>
  typeof f.words === 'number'
    ? say(WORDS.words, lang, { words: f.words, charsNoSpaces: f.charsNoSpaces }) +
      (f.encoding ? say(WORDS.encoding, lang, { encoding: ENCODING_NAMES[String(f.encoding)] ?? String(f.encoding) }) : '')
    : undefined;

const sidecar: Summarise = (f, _file, lang) =>
  Array.isArray(f.entries)
    ? say(f.entries.length === 1 ? WORDS.entry : WORDS.entries, lang, { count: f.entries.length })
    : typeof f.text === 'string'
      ? `“${clip(f.text)}”`
      : undefined;

const minutesSeconds = (seconds: number): string =>
  `${Math.floor(seconds / 60)}:${String(Math.round(seconds % 60)).padStart(2, '0')}`;

const video: Summarise = (f, file, lang) => {
  const parts: string[] = [];
  if (typeof f.displayWidth === 'number') {
    const stored = f.rotation ? say(WORDS.rotated, lang, { width: f.width, height: f.height, rotation: f.rotation }) : '';
    parts.push(`${f.displayWidth}×${f.displayHeight}${stored}`);
  }
  if (f.videoCodec) parts.push([f.videoCodec, f.audioCodec].filter(Boolean).join('/').toUpperCase());
  if (typeof f.duration === 'number') parts.push(minutesSeconds(f.duration));
  parts.push(say({ zh: '{bytes|size}', en: '{bytes|size}' }, lang, { bytes: file.bytes }));
  if (f.container && f.container !== 'mp4') parts.push(String(f.container).toUpperCase());
  if (f.description) {
    parts.push(say(WORDS.description, lang, { description: clip(String(f.description)), source: describeSource(String(f.descriptionSource)) }));
  }
  return parts.join(WORDS.separator[lang]);
};

/** Photo news, media reports and summaries: what was found in the document ("2 张图片，1 条题注"). */
const wordDocument: Summarise = (f, file, lang) => {
  if (typeof f.pictures !== 'number') return undefined;
  const parts: string[] = [];
  const title = f.title as { text: string } | null | undefined;
  if (file.kind === 'media-report' && title) parts.push(say(WORDS.title, lang, { text: clip(title.text, 30) }));
  if (file.kind !== 'photo-news' && typeof f.bodyWords === 'number') parts.push(say(WORDS.body, lang, { count: count(f.bodyWords) }));
  parts.push(say(WORDS.pictures, lang, { count: count(f.pictures) }));
  if (f.linkedPictures) parts.push(say(WORDS.linkedPictures, lang, { count: count(f.linkedPictures) }));
  if (file.kind === 'photo-news') {
    parts.push(say(WORDS.captions, lang, { count: count(f.captions) }));
    if (typeof f.source === 'string') parts.push(say(WORDS.source, lang, { text: clip(f.source, 30) }));
  }
  if (file.kind === 'media-report' && Array.isArray(f.links)) parts.push(say(WORDS.links, lang, { count: f.links.length }));
  return parts.join(WORDS.separator[lang]);
};

const SUMMARISERS: Partial<Record<FileResult['kind'], Summarise>> = {
  photo,
  text,
  caption: sidecar,
  description: sidecar,
  video,
  'photo-news': wordDocument,
  'media-report': wordDocument,
  summary: wordDocument,
};

export function summariseFacts(file: FileResult, lang: Lang): string | undefined {
  // A file that could not be inspected has no facts to show; its finding says why.
  if (Object.keys(file.facts).length === 0) return undefined;
  return SUMMARISERS[file.kind]?.(file.facts, file, lang);
}
