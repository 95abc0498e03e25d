import { explorerSize } from '../i18n.js';
import type { FileResult, Lang } from '../types.js';
import { describeSource, ENCODING_NAMES } from './messages.js';

const encodingName = (encoding: unknown, lang: Lang): string => ENCODING_NAMES[String(encoding)]?.[lang] ?? String(encoding);

/** One line of what was measured, shown under a file in the terminal report. */
type Summarise = (facts: Record<string, unknown>, file: FileResult, lang: Lang) => string | undefined;

const L = (lang: Lang, zh: string, en: string): string => (lang === 'zh' ? zh : en);
const clip = (text: string, max = 40): string => (text.length > max ? `${text.slice(0, max)}…` : text);

const photo: Summarise = (f, file, lang) => {
  const parts: string[] = [];
  if (typeof f.displayWidth === 'number') parts.push(`${f.displayWidth}×${f.displayHeight}`);
  parts.push(explorerSize(file.bytes));
  if (f.format && f.format !== 'jpeg') parts.push(String(f.format).toUpperCase());
  if (f.caption) {
    const source = describeSource(String(f.captionSource))[lang];
    parts.push(L(lang, `说明：“${f.caption}”（来自${source}）`, `caption: "${f.caption}" (from ${source})`));
  }
  return parts.join(L(lang, '，', ', '));
};

const text: Summarise = (f, _file, lang) =>
  typeof f.words === 'number'
    ? L(lang, `字数 ${f.words}，字符数(不计空格) ${f.charsNoSpaces}`, `${f.words} 字, ${f.charsNoSpaces} characters without spaces`) +
      (f.encoding ? L(lang, `，编码 ${encodingName(f.encoding, lang)}`, `, encoding ${encodingName(f.encoding, lang)}`) : '')
    : undefined;

const sidecar: Summarise = (f, _file, lang) =>
  Array.isArray(f.entries)
    ? L(lang, `${f.entries.length} 条说明`, `${f.entries.length} ${f.entries.length === 1 ? 'entry' : 'entries'}`)
    : typeof f.text === 'string'
      ? `“${clip(f.text)}”`
      : undefined;

const minutesSeconds = (seconds: number): string =>
  `${Math.floor(seconds / 60)}:${String(Math.round(seconds % 60)).padStart(2, '0')}`;

const video: Summarise = (f, file, lang) => {
  const parts: string[] = [];
  if (typeof f.displayWidth === 'number') {
    const stored = f.rotation ? L(lang, `（存储 ${f.width}×${f.height}，旋转 ${f.rotation}°）`, ` (stored ${f.width}×${f.height}, rotated ${f.rotation}°)`) : '';
    parts.push(`${f.displayWidth}×${f.displayHeight}${stored}`);
  }
  if (f.videoCodec) parts.push([f.videoCodec, f.audioCodec].filter(Boolean).join('/').toUpperCase());
  if (typeof f.duration === 'number') parts.push(minutesSeconds(f.duration));
  parts.push(explorerSize(file.bytes));
  if (f.container && f.container !== 'mp4') parts.push(String(f.container).toUpperCase());
  if (f.description) {
    const source = describeSource(String(f.descriptionSource))[lang];
    parts.push(L(lang, `说明：“${clip(String(f.description))}”（来自${source}）`, `description: "${clip(String(f.description))}" (from ${source})`));
  }
  return parts.join(L(lang, '，', ', '));
};

const quote = (text: string): string => `“${clip(text, 30)}”`;
const count = (n: unknown): string => (typeof n === 'number' ? n.toLocaleString('en-US') : '0');

/** Photo news, media reports and summaries: what was found in the document ("2 张图片，1 条题注"). */
const wordDocument: Summarise = (f, file, lang) => {
  if (typeof f.pictures !== 'number') return undefined;
  const parts: string[] = [];
  const title = f.title as { text: string } | null | undefined;
  if (file.kind === 'media-report' && title) parts.push(L(lang, `题目${quote(title.text)}`, `title ${quote(title.text)}`));
  if (file.kind !== 'photo-news' && typeof f.bodyWords === 'number') parts.push(L(lang, `正文 ${count(f.bodyWords)} 字`, `body ${count(f.bodyWords)} 字`));
  parts.push(L(lang, `${count(f.pictures)} 张图片`, `${count(f.pictures)} pictures`));
  if (f.linkedPictures) parts.push(L(lang, `${count(f.linkedPictures)} 张链接图片（未嵌入）`, `${count(f.linkedPictures)} linked, not embedded`));
  if (file.kind === 'photo-news') {
    parts.push(L(lang, `${count(f.captions)} 条题注`, `${count(f.captions)} captions`));
    if (typeof f.source === 'string') parts.push(L(lang, `来源${quote(f.source)}`, `source ${quote(f.source)}`));
  }
  if (file.kind === 'media-report' && Array.isArray(f.links)) parts.push(L(lang, `${f.links.length} 个链接`, `${f.links.length} links`));
  return parts.join(L(lang, '，', ', '));
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
  return SUMMARISERS[file.kind]?.(file.facts, file, lang);
}
