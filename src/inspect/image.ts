import { readFile } from 'node:fs/promises';
import exifr from 'exifr';
import { fileTypeFromBuffer } from 'file-type';
import { SNIFF_BYTES, sniffFormat } from './sniff.js';
import sharp from 'sharp';
import type { ScannedFile } from '../types.js';

export interface EmbeddedCaption {
  /** Where in the file: `exif:ImageDescription`, `exif:XPComment`, `xmp:dc:description`, `iptc:Caption-Abstract`, … */
  source: string;
  text: string;
}

export interface PhotoFacts {
  /** The real format from the file's bytes (`jpeg`, `png`, `heic`, …), whatever the extension says. */
  format: string | null;
  width?: number;
  height?: number;
  /** EXIF orientation 1–8; 5–8 swap width and height on display. */
  orientation?: number;
  displayWidth?: number;
  displayHeight?: number;
  longEdge?: number;
  /** libvips colour space: `srgb`, `b-w`, `cmyk`, … */
  space?: string;
  /** False when decoding the picture data failed; `decodeError` says how. */
  intact: boolean;
  decodeError?: string;
  make?: string;
  model?: string;
  embeddedCaptions: EmbeddedCaption[];
  /** Filled when the submission is linked: the caption that counts, and where it came from. */
  caption: string | null;
  captionSource: string | null;
}

/** Photos larger than this are not held in memory; they are read from disk by each library instead. */
const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;

/** Windows writes XP* tags as UTF-16LE bytes; exifr guesses the byte order from the first character, which is wrong for Chinese. */
function decodeXpTag(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (!(value instanceof Uint8Array) && !Array.isArray(value)) return undefined;
  const bytes = Buffer.from(value as Uint8Array);
  return bytes.toString('utf16le').replace(/\0+$/u, '');
}

function cleanText(value: unknown): string | undefined {
  if (typeof value === 'string') {
    const text = value.replace(/\0/gu, '').trim();
    return text || undefined;
  }
  if (Array.isArray(value)) return cleanText(value.map((v) => (typeof v === 'object' && v && 'value' in v ? (v as { value: unknown }).value : v)).join(' '));
  if (value && typeof value === 'object' && 'value' in value) return cleanText((value as { value: unknown }).value);
  return undefined;
}

const XP_TAGS = ['XPComment', 'XPTitle', 'XPSubject'] as const;

async function readMetadataText(input: Buffer | string): Promise<Pick<PhotoFacts, 'make' | 'model' | 'embeddedCaptions'>> {
  const embeddedCaptions: EmbeddedCaption[] = [];
  let tags: Record<string, unknown> | undefined;
  try {
    tags = await exifr.parse(input, {
      tiff: true, ifd0: {}, exif: false, gps: false, interop: false, ifd1: false,
      xmp: true, iptc: true, icc: false, jfif: false, ihdr: false,
      reviveValues: false, translateValues: false, mergeOutput: false, multiSegment: true,
    } as never);
  } catch {
    // Unreadable metadata is no caption; integrity is judged by decoding, not here.
    return { embeddedCaptions };
  }
  const ifd0 = (tags?.ifd0 ?? {}) as Record<string, unknown>;
  const xmp = (tags?.xmp ?? tags?.dc ?? {}) as Record<string, unknown>;
  const dc = (tags?.dc ?? xmp) as Record<string, unknown>;
  const iptc = (tags?.iptc ?? {}) as Record<string, unknown>;

  const push = (source: string, value: string | undefined): void => {
    if (value && !embeddedCaptions.some((c) => c.text === value)) embeddedCaptions.push({ source, text: value });
  };
  push('exif:ImageDescription', cleanText(ifd0.ImageDescription));
  for (const tag of XP_TAGS) push(`exif:${tag}`, cleanText(decodeXpTag(ifd0[tag])));
  push('xmp:dc:description', cleanText(dc.description));
  push('xmp:dc:title', cleanText(dc.title));
  push('iptc:Caption-Abstract', cleanText(iptc.Caption ?? iptc['Caption-Abstract'] ?? iptc.CaptionAbstract));
  return { make: cleanText(ifd0.Make), model: cleanText(ifd0.Model), embeddedCaptions };
}

/**
 * Integrity is tested by decoding every byte of entropy data. Shrink-on-load decodes a JPEG at 1/8 scale, which
 * still walks all of it but needs a 64th of the memory and time for the pixels. 'warning' catches truncation and
 * corrupt data; bytes after the end-of-image marker are never read by the decoder, so they pass, as they must.
 */
async function decodeFully(input: Buffer | string, width: number): Promise<string | undefined> {
  try {
    await sharp(input, { failOn: 'warning', sequentialRead: true })
      .resize({ width: Math.max(1, Math.ceil(width / 8)), fastShrinkOnLoad: true })
      .raw()
      .toBuffer();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export async function inspectImage(file: ScannedFile): Promise<PhotoFacts> {
  const base: PhotoFacts = { format: null, intact: false, embeddedCaptions: [], caption: null, captionSource: null };
  if (file.bytes === 0) return { ...base, decodeError: 'empty' };

  const input: Buffer | string = file.bytes <= MAX_BUFFERED_BYTES ? await readFile(file.absPath) : file.absPath;
  const sniffed = typeof input === 'string' ? await sniffFormat(input) : await fileTypeFromBuffer(input.subarray(0, SNIFF_BYTES));
  const facts: PhotoFacts = { ...base, format: sniffed ? sniffed.ext.replace(/^jpg$/, 'jpeg') : null };

  let meta: Awaited<ReturnType<ReturnType<typeof sharp>['metadata']>>;
  try {
    meta = await sharp(input).metadata();
  } catch (error) {
    return { ...facts, decodeError: error instanceof Error ? error.message : String(error) };
  }
  if (!facts.format && meta.format) facts.format = meta.format;
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  const orientation = meta.orientation ?? 1;
  const swapped = orientation >= 5 && orientation <= 8;
  Object.assign(facts, {
    width,
    height,
    orientation,
    displayWidth: swapped ? height : width,
    displayHeight: swapped ? width : height,
    longEdge: Math.max(width, height),
    space: meta.space,
  });
  const decodeError = await decodeFully(input, width);
  facts.intact = decodeError === undefined;
  if (decodeError) facts.decodeError = decodeError;
  Object.assign(facts, await readMetadataText(input));
  return facts;
}
