import { readFile } from 'node:fs/promises';
import { fileTypeFromBuffer } from 'file-type';
import { errorFirstLine, systemRefusal } from '../errors.js';
import type { ScannedFile } from '../types.js';
import { IMAGE_EXTS, PLAIN_TEXT_EXTS, VIDEO_EXTS, WORD_EXTS } from '../scan/classify.js';
import { decodeText, looksLikeText, type TextEncoding } from '../text/decode.js';
import { SNIFF_BYTES } from './sniff.js';
import { countWords } from '../text/wordcount.js';
import type { DocxReadError } from './docx.js';

/**
 * Why a document could not be read: `legacy-word` (.doc/.wps), `wrong-format` (the bytes are another known
 * format, e.g. a PDF named .txt), `not-text` (binary junk), `unreadable` (damaged), `empty` (0 bytes), and the
 * Word container's own reasons (`ole`, `encrypted`, `bomb`, …: see src/inspect/docx-container.ts).
 */
export type TextReadError = 'empty' | 'legacy-word' | 'wrong-format' | 'unreadable' | 'not-text' | DocxReadError;

export interface TextFacts {
  format: string;
  encoding?: TextEncoding;
  /** 字数, as Word counts it. */
  words?: number;
  /** 字符数(不计空格). */
  charsNoSpaces?: number;
  /** Characters of a plain-text file that could not be decoded (a damaged file); absent when there were none. */
  undecodable?: number;
  readError?: TextReadError;
  readErrorDetail?: string;
  /** What the bytes really are, when they are a known format other than the extension says (`pdf`, `png`, `cfb`, …). */
  actualFormat?: string;
}

export interface CaptionFileFacts extends TextFacts {
  /** A sidecar's text. */
  text?: string;
  /** A manifest's lines: file name (with or without extension) and its caption. */
  entries?: ManifestEntry[];
  /** A manifest's lines that hold text but no name-separator-caption (numbers from 1). */
  unreadableLines?: number[];
  /** Filled when the submission is linked: a manifest's lines that name no photo (or video) the manifest covers. */
  orphanLines?: number[];
}

export interface ManifestEntry {
  name: string;
  text: string;
  line: number;
}

const BOM_ENCODINGS = new Set<TextEncoding>(['utf-8-bom', 'utf-16le', 'utf-16be']);
/**
 * Manifest separators of the rulebook (full-width and ASCII colon, tab, full-width and ASCII comma, full-width
 * space); the first one on a line splits it.
 */
export const MANIFEST_SEPARATOR = /[：:\t，,\u3000]/u;
/**
 * The rulebook's other separator: spaces after a name that ends in an image or video extension
 * (`IMG_0002.jpg  家长参观`). A separator of the list may still follow the spaces (`IMG_0002.jpg ： 家长参观`).
 */
const NAME_THEN_SPACES = new RegExp(
  `^(.*?\\.(?:${[...IMAGE_EXTS, ...VIDEO_EXTS].map((ext) => ext.slice(1)).join('|')}))[ \\t\u3000]+(?=\\S)`,
  'iu',
);
/** A first line that only names the columns (`文件名，说明`, `file,caption`) is a header, not a caption. */
const HEADER_NAME = /^(?:文件名?|文件名称|名称|照片|图片|视频|照片名称|图片名称|视频名称|file ?name|file|name|photo|image|video)$/iu;

async function readPlainText(file: ScannedFile, format: string): Promise<{ text?: string; facts: TextFacts }> {
  const bytes = await readFile(file.absPath);
  const decoded = decodeText(bytes);
  if (!looksLikeText(decoded)) {
    // A byte-order mark says the file was saved as text: damage after it does not make it another format (a UTF-16
    // mark, FF FE, even looks like the frame sync of MPEG audio to a sniffer).
    const actual = BOM_ENCODINGS.has(decoded.encoding) ? undefined : await fileTypeFromBuffer(bytes.subarray(0, SNIFF_BYTES));
    return actual
      ? { facts: { format, readError: 'wrong-format', actualFormat: actual.ext } }
      : { facts: { format, readError: 'not-text' } };
  }
  const { text, encoding, undecodable } = decoded;
  return { text, facts: { format, encoding, ...countWords(text), ...(undecodable ? { undecodable } : {}) } };
}

/** Reads a text write-up, sidecar or manifest into its text; failures are facts, not exceptions. */
export async function readTextContent(file: ScannedFile): Promise<{ text?: string; facts: TextFacts }> {
  const format = file.ext.replace(/^\./, '') || 'txt';
  if (WORD_EXTS.has(file.ext)) {
    // The same reading as every other Word kind; a write-up's facts stay its 字数.
    const { readWordFile } = await import('./docx.js');
    const { text, facts } = await readWordFile(file);
    if (text === undefined) {
      return { facts: { format, readError: facts.readError, readErrorDetail: facts.readErrorDetail, actualFormat: facts.actualFormat } };
    }
    return { text, facts: { format, words: facts.words, charsNoSpaces: facts.charsNoSpaces } };
  }
  if (file.bytes === 0) return { facts: { format, readError: 'empty' } };
  try {
    // A caption list is read as text whatever its extension (`captions.csv`); a write-up by the one list of plain-text extensions.
    if (PLAIN_TEXT_EXTS.has(file.ext) || file.isManifest) return await readPlainText(file, format);
    return { facts: { format, readError: 'not-text' } };
  } catch (error) {
    // The system refusing the read (no permission, locked) is not damage: it is the one file-unreadable finding.
    if (systemRefusal(error)) throw error;
    return { facts: { format, readError: 'unreadable', readErrorDetail: errorFirstLine(error) } };
  }
}

export async function inspectText(file: ScannedFile): Promise<TextFacts> {
  return (await readTextContent(file)).facts;
}

/** Where a manifest line's name ends and its caption starts, or undefined when the line has no separator. */
function splitLine(line: string): { name: string; caption: string } | undefined {
  const spaced = NAME_THEN_SPACES.exec(line);
  const separator = MANIFEST_SEPARATOR.exec(line);
  if (spaced && (!separator || separator.index >= spaced[1]!.length)) {
    const rest = line.slice(spaced[0].length);
    return { name: spaced[1]!, caption: MANIFEST_SEPARATOR.test(rest[0] ?? '') ? rest.slice(1) : rest };
  }
  if (!separator) return undefined;
  return { name: line.slice(0, separator.index), caption: line.slice(separator.index + 1) };
}

export interface ParsedManifest {
  entries: ManifestEntry[];
  /** Lines with text that are not `name<sep>caption` (a clerk must never lose a caption silently). */
  unreadableLines: number[];
}

export function parseManifest(text: string): ParsedManifest {
  const entries: ManifestEntry[] = [];
  const unreadableLines: number[] = [];
  text.split(/\r\n|\r|\n/u).forEach((raw, index) => {
    const line = raw.trim();
    if (!line) return;
    const split = splitLine(line);
    const name = split ? unquote(split.name) : '';
    const caption = split ? unquote(split.caption) : '';
    if (index === 0 && split && HEADER_NAME.test(name)) return;
    if (name && caption) entries.push({ name, text: caption, line: index + 1 });
    else unreadableLines.push(index + 1);
  });
  return { entries, unreadableLines };
}

function unquote(value: string): string {
  return value.trim().replace(/^"(.*)"$/su, '$1').trim();
}

export async function inspectCaptionFile(file: ScannedFile): Promise<CaptionFileFacts> {
  const { text, facts } = await readTextContent(file);
  if (text === undefined) return facts;
  if (file.isManifest) return { ...facts, ...parseManifest(text) };
  return { ...facts, text: text.trim() };
}
