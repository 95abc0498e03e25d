import iconv from 'iconv-lite';

export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'gb18030';

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
  /** Characters that could not be decoded and became U+FFFD: a damaged (bit-rotted, cut) file. */
  undecodable: number;
}

const REPLACEMENT = /\uFFFD/gu;

/**
 * A UTF-8 file with damaged bytes is still UTF-8: read as GB18030 it would become mojibake and its 字数
 * would be wrong. GBK text read as UTF-8 fails on well over half of its non-ASCII characters (only a GBK pair
 * that happens to look like a two-byte UTF-8 sequence survives); a bit-rotted UTF-8 file fails on a few
 * percent. A fifth lies safely between the two.
 */
const MAX_DAMAGED_SHARE = 0.2;

function count(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

function nonAscii(text: string): number {
  let n = 0;
  for (const ch of text) if (ch.codePointAt(0)! > 0x7f) n++;
  return n;
}

/**
 * Plain text as Chinese Windows writes it: UTF-8 with or without BOM, UTF-16 with BOM (Notepad's "Unicode"),
 * else GB18030, which is what Notepad's "ANSI" means on a Chinese system (a superset of GBK).
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const decoded = (text: string, encoding: TextEncoding): DecodedText => ({ text, encoding, undecodable: count(text, REPLACEMENT) });
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return decoded(buf.subarray(3).toString('utf8'), 'utf-8-bom');
  if (buf[0] === 0xff && buf[1] === 0xfe) return decoded(iconv.decode(buf.subarray(2), 'utf-16le'), 'utf-16le');
  if (buf[0] === 0xfe && buf[1] === 0xff) return decoded(iconv.decode(buf.subarray(2), 'utf-16be'), 'utf-16be');
  try {
    return decoded(new TextDecoder('utf-8', { fatal: true }).decode(buf), 'utf-8');
  } catch {
    const lossy = buf.toString('utf8');
    const damaged = count(lossy, REPLACEMENT);
    if (damaged <= Math.max(1, nonAscii(lossy) * MAX_DAMAGED_SHARE)) return decoded(lossy, 'utf-8');
    return decoded(iconv.decode(buf, 'gb18030'), 'gb18030');
  }
}

/** Control characters other than tab, line and page breaks: text editors never write them. */
const CONTROL = /[\u0000-\u0008\u000B\u000E-\u001F\u007F]/gu;
/** Binary data decodes to one control or undecodable character in six or so; text, even bit-rotted, to few. */
const MAX_BINARY_SHARE = 0.1;

export function looksLikeText({ text, undecodable }: DecodedText): boolean {
  if (text.includes('\u0000')) return false;
  const suspicious = count(text, CONTROL) + undecodable;
  return suspicious <= text.length * MAX_BINARY_SHARE;
}
