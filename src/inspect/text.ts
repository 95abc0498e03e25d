import { readFile } from 'node:fs/promises';
import { fileTypeFromBuffer } from 'file-type';
import { errorFirstLine, systemRefusal } from '../errors.js';
import type { ScannedFile } from '../types.js';
import { WORD_EXTS } from '../scan/classify.js';
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
}

export interface ManifestEntry {
  name: string;
  text: string;
  line: number;
}

const PLAIN_TEXT = new Set(['.txt', '.md', '.csv']);
const BOM_ENCODINGS = new Set<TextEncoding>(['utf-8-bom', 'utf-16le', 'utf-16be']);
/** Manifest separators of the rulebook; the first one on a line splits it. */
export const MANIFEST_SEPARATOR = /[：:\t，,]/u;

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
    if (PLAIN_TEXT.has(file.ext)) return await readPlainText(file, format);
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

export function parseManifest(text: string): ManifestEntry[] {
  const entries: ManifestEntry[] = [];
  text.split(/\r?\n/u).forEach((raw, index) => {
    const line = raw.trim();
    const match = MANIFEST_SEPARATOR.exec(line);
    if (!match) return;
    const name = unquote(line.slice(0, match.index));
    const caption = unquote(line.slice(match.index + 1));
    if (name && caption) entries.push({ name, text: caption, line: index + 1 });
  });
  return entries;
}

function unquote(value: string): string {
  return value.trim().replace(/^"(.*)"$/su, '$1').trim();
}

export async function inspectCaptionFile(file: ScannedFile): Promise<CaptionFileFacts> {
  const { text, facts } = await readTextContent(file);
  if (text === undefined) return facts;
  if (file.isManifest) return { ...facts, entries: parseManifest(text) };
  return { ...facts, text: text.trim() };
}
