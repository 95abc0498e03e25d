import { readFile } from 'node:fs/promises';
import type { ScannedFile } from '../types.js';
import { decodeText, type TextEncoding } from '../text/decode.js';
import { countWords } from '../text/wordcount.js';

export type TextReadError = 'empty' | 'legacy-word' | 'unreadable' | 'not-text';

export interface TextFacts {
  format: string;
  encoding?: TextEncoding;
  /** 字数, as Word counts it. */
  words?: number;
  /** 字符数(不计空格). */
  charsNoSpaces?: number;
  readError?: TextReadError;
  readErrorDetail?: string;
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

const LEGACY_WORD = new Set(['.doc', '.wps']);
/** Manifest separators of the rulebook; the first one on a line splits it. */
export const MANIFEST_SEPARATOR = /[：:\t，,]/u;

/** Reads a text write-up, sidecar or manifest into its text; failures are facts, not exceptions. */
export async function readTextContent(file: ScannedFile): Promise<{ text?: string; facts: TextFacts }> {
  const format = file.ext.replace(/^\./, '') || 'txt';
  if (LEGACY_WORD.has(file.ext)) return { facts: { format, readError: 'legacy-word' } };
  if (file.bytes === 0) return { facts: { format, readError: 'empty' } };
  try {
    if (file.ext === '.docx') {
      const { readDocxText } = await import('./docx.js');
      const text = await readDocxText(file.absPath);
      return { text, facts: { format, ...countWords(text) } };
    }
    if (file.ext === '.txt' || file.ext === '.md' || file.ext === '.csv') {
      const bytes = await readFile(file.absPath);
      if (bytes.includes(0) && !(bytes[0] === 0xff || bytes[0] === 0xfe)) {
        return { facts: { format, readError: 'not-text' } };
      }
      const { text, encoding } = decodeText(bytes);
      return { text, facts: { format, encoding, ...countWords(text) } };
    }
    return { facts: { format, readError: 'not-text' } };
  } catch (error) {
    return { facts: { format, readError: 'unreadable', readErrorDetail: error instanceof Error ? error.message : String(error) } };
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
