import { open, readFile } from 'node:fs/promises';
import { fileTypeFromBuffer } from 'file-type';
import pLimit from 'p-limit';
import type { Sharp } from 'sharp';
import { decodeText } from '../text/decode.js';
import type { CaptionCandidate, ScannedFile } from '../types.js';
import { errorFirstLine } from '../errors.js';
import type { JpegDamage, JpegProcess, JpegStructure } from './jpeg-structure.js';
import { readJpegHead } from './jpeg-head.js';
import { walkJpeg, type WalkResult } from './jpeg-walk-pool.js';
import { loadSharp } from './sharp.js';
import { sniffFormat } from './sniff.js';

export interface EmbeddedCaption {
  /** Where in the file: `exif:ImageDescription`, `exif:XPComment`, `xmp:dc:description`, `iptc:Caption-Abstract`, … */
  source: string;
  text: string;
}

/**
 * What is wrong with a photo that does not decode whole. `cut` is a truncated copy; the other JPEG codes are the
 * corruptions libjpeg names (see jpeg-structure.ts); `decoder` means sharp itself refused the data, and
 * `unsupported` that the file uses a kind of JPEG coding sharp (and most viewers) cannot decode at all.
 */
export interface PhotoDamage {
  damage: JpegDamage | 'empty' | 'decoder' | 'unsupported';
  /** Byte offset where the damage was found. */
  offset?: number;
  /** Bytes of stray data (extra-data). */
  count?: number;
  marker?: string;
  /** sharp's own words, when sharp found it. */
  message?: string;
}

export interface PhotoFacts {
  /** The real format from the file's bytes (`jpeg`, `png`, `heic`, …), whatever the extension says. */
  format: string | null;
  /** JPEG only: how the image data is coded (baseline, progressive, arithmetic, …). */
  jpegProcess?: JpegProcess;
  /** JPEG only: bits per sample (8; 12 in some medical and scientific files). */
  jpegPrecision?: number;
  width?: number;
  height?: number;
  /** EXIF orientation 1–8; 5–8 swap width and height on display. */
  orientation?: number;
  displayWidth?: number;
  displayHeight?: number;
  longEdge?: number;
  /** libvips colour space: `srgb`, `b-w`, `cmyk`, … */
  space?: string;
  /** False when the picture data does not decode whole (`damage` says why); null when sharp cannot decode this format or coding. */
  intact: boolean | null;
  damage?: PhotoDamage;
  /** JPEG only: bytes after the end-of-image marker (motion-photo videos, gain maps, …); legal. */
  trailingBytes?: number;
  make?: string;
  model?: string;
  software?: string;
  embeddedCaptions: EmbeddedCaption[];
  /** JPEG only: metadata segments pyvw left unread because the file holds more than it reads (see jpeg-head.ts). */
  metadataSkipped?: { segments: number; bytes: number };
  /** Filled when the submission is linked: the caption that counts, and where it came from. */
  caption: string | null;
  captionSource: string | null;
  /** Filled when the submission is linked: every caption found, in the rulebook's order. */
  captionCandidates?: CaptionCandidate[];
  /** Filled when the submission is linked: the photo this one is a byte-identical copy of. */
  duplicateOf?: string;
}

/**
 * sharp (src/inspect/sharp.ts) and exifr are loaded on first use, not with this module: importing them costs CPU on
 * the main thread that a check of plain JPEGs or texts never needs to pay (docs/performance.md).
 */
let exifrParse: Promise<typeof import('exifr').parse> | undefined;

/** Photos larger than this are not held in memory; each library reads them from disk instead. */
const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;

/**
 * Windows writes XPTitle/XPComment/XPSubject as UTF-16LE bytes of type BYTE; exifr's own guess at their byte
 * order goes wrong for Chinese, so they are read raw and decoded here.
 */
export function decodeXpTag(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (!(value instanceof Uint8Array) && !Array.isArray(value)) return undefined;
  const bytes = Buffer.from(value as Uint8Array);
  return bytes.subarray(0, bytes.length - (bytes.length % 2)).toString('utf16le').replace(/\0+$/u, '');
}

/**
 * exifr hands IPTC strings over byte for byte (Latin-1). Chinese IPTC is UTF-8 (with the 1:90 coded character set)
 * or, from Chinese Photoshop, the system's GBK; the text decoder of the text write-ups tells them apart.
 */
export function decodeIptcText(value: unknown): string | undefined {
  if (Array.isArray(value)) return value.map(decodeIptcText).filter(Boolean).join(' ');
  if (typeof value !== 'string') return undefined;
  return decodeText(Buffer.from(value, 'latin1')).text;
}

/** XMP language alternatives (rdf:Alt): the x-default entry, else the first. */
function altText(value: unknown): unknown {
  const entries = Array.isArray(value) ? value : [value];
  const pick = entries.find((e) => e && typeof e === 'object' && (e as { lang?: string }).lang === 'x-default') ?? entries[0];
  return pick && typeof pick === 'object' && 'value' in pick ? (pick as { value: unknown }).value : pick;
}

/**
 * Control characters (other than tab and line breaks) and lone surrogates: what bytes that are not text (image data
 * read past a field's end, a binary blob tagged as a string) turn into. No camera or editor writes them in a caption.
 */
// eslint-disable-next-line no-control-regex
const BINARY = /[\x01-\x08\x0B\x0C\x0E-\x1F\x7F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;

function cleanText(value: unknown): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value).replace(/[\0\uFFFD]/gu, '').trim();
  if (BINARY.test(text)) return undefined;
  return text || undefined;
}

const XP_TAGS = ['XPComment', 'XPTitle', 'XPSubject'] as const;
const EXIFR_FORMATS = new Set(['jpeg', 'png', 'tif']);
/** What the sharp build decodes; HEIC needs an HEVC decoder it does not ship, BMP a loader it does not have. */
const SHARP_FORMATS = new Set(['jpeg', 'png', 'webp', 'gif', 'tif', 'avif']);

type MetadataText = Pick<PhotoFacts, 'make' | 'model' | 'software' | 'embeddedCaptions'> & { orientation?: number };
const NO_METADATA: MetadataText = { embeddedCaptions: [] };

/** Embedded descriptions in the rulebook's order, plus what the camera says about itself (to reject it as caption). */
async function readMetadataText(input: Buffer | string): Promise<MetadataText> {
  const embeddedCaptions: EmbeddedCaption[] = [];
  let tags: Record<string, unknown> | undefined;
  const parse = await (exifrParse ??= import('exifr').then((module) => module.default.parse));
  try {
    tags = await parse(input, {
      tiff: true, ifd0: {}, exif: false, gps: false, interop: false, ifd1: false,
      xmp: true, iptc: true, icc: false, jfif: false, ihdr: false,
      reviveValues: false, translateValues: false, mergeOutput: false, multiSegment: true,
    } as never);
  } catch {
    // Unreadable metadata is no caption; integrity is judged on the image data, not here.
    return { embeddedCaptions };
  }
  const ifd0 = (tags?.ifd0 ?? {}) as Record<string, unknown>;
  const dc = (tags?.dc ?? {}) as Record<string, unknown>;
  const iptc = (tags?.iptc ?? {}) as Record<string, unknown>;

  const push = (source: string, value: string | undefined): void => {
    if (value && !embeddedCaptions.some((c) => c.text === value)) embeddedCaptions.push({ source, text: value });
  };
  push('exif:ImageDescription', cleanText(ifd0.ImageDescription));
  for (const tag of XP_TAGS) push(`exif:${tag}`, cleanText(decodeXpTag(ifd0[tag])));
  push('xmp:dc:description', cleanText(altText(dc.description)));
  push('xmp:dc:title', cleanText(altText(dc.title)));
  push('iptc:Caption-Abstract', cleanText(decodeIptcText(iptc.Caption ?? iptc.CaptionAbstract)));
  const orientation = typeof ifd0.Orientation === 'number' ? ifd0.Orientation : undefined;
  return {
    make: cleanText(ifd0.Make), model: cleanText(ifd0.Model), software: cleanText(ifd0.Software), embeddedCaptions, orientation,
  };
}

/**
 * sharp's refusals, sorted: a cut file, damage, or — for a non-JPEG format, where sharp may lack a feature (a TIFF
 * compression, an AVIF profile) — no decoder. libvips keeps one error text for all threads, so under concurrent
 * work a message can carry another picture's words; decodes therefore run one at a time (see decodeFully).
 */
function decoderDamage(error: unknown, jpeg: boolean): PhotoDamage {
  const message = errorFirstLine(error);
  if (!jpeg && /unsupported|not supported/i.test(message)) return { damage: 'unsupported', message };
  if (/premature end|truncat|unexpected end|end of (file|stream|data)|not enough data/i.test(message)) {
    return { damage: 'cut', message };
  }
  return { damage: 'decoder', message };
}

/**
 * libjpeg warnings that legal files give (a newer JFIF version, odd scan parameters in a sequential file, an
 * unknown Adobe transform): the picture still decodes whole, so they are not damage.
 */
const HARMLESS_WARNINGS = /unknown JFIF revision|Invalid SOS parameters for sequential|Unknown Adobe color transform/i;

/** One sharp decode at a time, so that its error text is its own (see decoderDamage); few photos need one. */
const oneDecode = pLimit(1);

/**
 * Decodes every byte of picture data with sharp, for the formats and codings the JPEG walk does not cover.
 * Shrink-on-load decodes a JPEG at 1/8 scale, which still reads all of its data but needs a 64th of the pixels;
 * 'warning' makes libvips fail on the damage it notices instead of painting grey. After a harmless warning the
 * decode is repeated failing on truncation only, so that the rest of the data is still read.
 */
function decodeFully(input: Buffer | string, width: number, jpeg: boolean): Promise<PhotoDamage | undefined> {
  const attempt = async (failOn: 'warning' | 'truncated'): Promise<PhotoDamage | undefined> => {
    // Outside the try: sharp that cannot be loaded is a fault of the installation, not damage of this photo.
    const sharp = await loadSharp();
    try {
      await sharp(input, { failOn, sequentialRead: true })
        .resize({ width: Math.max(1, Math.ceil(width / 8)), fastShrinkOnLoad: true })
        .raw()
        .toBuffer();
      return undefined;
    } catch (error) {
      const damage = decoderDamage(error, jpeg);
      return failOn === 'warning' && HARMLESS_WARNINGS.test(damage.message ?? '') ? attempt('truncated') : damage;
    }
  };
  return oneDecode(() => attempt('warning'));
}

type SharpMetadata = Awaited<ReturnType<Sharp['metadata']>>;

/**
 * libvips's colour space of a JPEG whose walk read its frame, as sharp's header read would give it (libjpeg's
 * colour space: grey, YCbCr or RGB, CMYK or YCCK), so a plain JPEG never loads sharp: its header read told nothing
 * the walk does not (the size, the components), and loading it cost a check of photos ~0.3 s of CPU on the main
 * thread (docs/performance.md, "A JPEG without sharp"). Anything else (damage the walk found, a frame it did not
 * read, 2 components, 12-bit, a slimmed file) goes to sharp as before, so the facts of those stay sharp's.
 */
function walkedJpegSpace(structure: JpegStructure): string | undefined {
  if (!structure.width || !structure.height || structure.precision !== 8) return undefined;
  return structure.components === 1 ? 'b-w' : structure.components === 3 ? 'srgb' : structure.components === 4 ? 'cmyk' : undefined;
}

async function readHeader(input: Buffer | string): Promise<SharpMetadata | Error> {
  // Outside the try: sharp that cannot be loaded is a fault of the installation, not damage of this photo.
  const sharp = await loadSharp();
  try {
    // The header only: damage is judged by the walk or the decode, and legal files can raise warnings here.
    return await sharp(input, { failOn: 'none' }).metadata();
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/** Where a photo's bytes come from for sharp, and how its JPEG walk went. */
interface Sources {
  /** What sharp and (for non-JPEG formats) exifr read: the file, or its bytes in memory. */
  input: Buffer | string;
  /** exifr's input, when it differs from `input` (a JPEG's head). */
  metadataInput?: Buffer | string;
  walk?: Promise<WalkResult>;
  /** Added to a damage offset the walk found past `from` (bytes left out of a slimmed JPEG it walked). */
  shift?: { from: number; by: number };
  /** JPEG metadata left unread beyond the cap. */
  skipped?: { segments: number; bytes: number };
  /** No decoder may see this file (see jpegSources). */
  unreadable?: string;
}

/**
 * A JPEG is read twice and never whole on this thread: all of it on a walk worker, which reads the file itself so
 * that no photo crosses between threads, and its head (metadata and tables, see jpeg-head.ts) here for exifr;
 * sharp reads the header from the file on its own threads. For sharp, a JPEG whose metadata is over the cap is
 * slimmed in memory to the kept segments plus its image data, since libvips would load every segment; a JPEG over
 * 64 MB is walked in that slimmed form, if it fits.
 */
async function jpegSources(file: ScannedFile): Promise<Sources> {
  // The walk starts first: it is the long part, and the worker reads the file while this thread reads the head.
  const walk = file.bytes <= MAX_BUFFERED_BYTES ? walkJpeg({ path: file.absPath }) : undefined;
  walk?.catch(() => undefined);
  let head: Awaited<ReturnType<typeof readJpegHead>>;
  try {
    head = await readJpegHead(file.absPath);
  } catch (error) {
    await walk?.catch(() => undefined);
    throw error;
  }
  const { scanStart, skippedSegments, skippedBytes } = head;
  if (skippedSegments === 0) return { input: file.absPath, metadataInput: head.head, walk };
  const skipped = { segments: skippedSegments, bytes: skippedBytes };
  const rest = scanStart === undefined ? 0 : file.bytes - scanStart;
  if (rest > MAX_BUFFERED_BYTES) return { input: file.absPath, metadataInput: head.head, skipped, walk, unreadable: 'too much metadata and image data' };
  const handle = await open(file.absPath, 'r');
  let image: Buffer;
  try {
    image = Buffer.alloc(rest);
    const { bytesRead } = await handle.read(image, 0, rest, scanStart ?? 0);
    image = image.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  const kept = head.head.subarray(0, head.head.length - 2);
  const slim = Buffer.concat([kept, image]);
  if (walk) return { input: slim, metadataInput: head.head, skipped, walk };
  return {
    input: slim, metadataInput: head.head, skipped, walk: walkJpeg({ bytes: slim }),
    shift: { from: kept.length, by: (scanStart ?? kept.length) - kept.length },
  };
}

async function otherSources(file: ScannedFile): Promise<Sources> {
  const buffer = file.bytes <= MAX_BUFFERED_BYTES ? await readFile(file.absPath) : undefined;
  return { input: buffer ?? file.absPath };
}

/**
 * Measures a photo: real format, size as displayed, colour space, whether its picture data is whole, and the
 * texts embedded in it. A JPEG is walked on a worker while sharp reads its header and exifr its metadata (see
 * jpegSources); other formats are read into memory once (up to 64 MB) for sharp and exifr.
 */
export async function inspectImage(file: ScannedFile): Promise<PhotoFacts> {
  const facts: PhotoFacts = { format: null, intact: false, embeddedCaptions: [], caption: null, captionSource: null };
  if (file.bytes === 0) return { ...facts, damage: { damage: 'empty' } };

  const sniffed = await sniffFormat(file.absPath);
  facts.format = sniffed ? sniffed.ext.replace(/^jpg$/, 'jpeg') : null;
  const jpeg = facts.format === 'jpeg';
  const sources = jpeg ? await jpegSources(file) : await otherSources(file);
  const { input } = sources;
  if (!jpeg && Buffer.isBuffer(input)) {
    // file-type reads further than the sniffed head for a few formats.
    const whole = await fileTypeFromBuffer(input);
    facts.format = whole ? whole.ext.replace(/^jpg$/, 'jpeg') : null;
  }
  if (sources.skipped) facts.metadataSkipped = sources.skipped;

  // exifr reads the metadata here while a worker walks the JPEG; sharp reads the header on its threads meanwhile
  // for every other format.
  const [headerRead, { orientation: exifOrientation, ...text }, walked] = await Promise.all([
    sources.unreadable ? new Error(sources.unreadable) : jpeg ? undefined : readHeader(input),
    // exifr loops forever on some broken HEIC boxes; it reads the formats whose metadata it walks safely.
    EXIFR_FORMATS.has(facts.format ?? '') ? readMetadataText(sources.metadataInput ?? input) : NO_METADATA,
    sources.walk,
  ]);
  Object.assign(facts, text);
  const structure = walked?.structure;
  const jpegSpace = structure && !structure.problem && !sources.skipped ? walkedJpegSpace(structure) : undefined;
  const header = headerRead ?? (jpegSpace ? undefined : await readHeader(input));
  if (structure?.problem && sources.shift && structure.problem.offset >= sources.shift.from) structure.problem.offset += sources.shift.by;

  const meta = header instanceof Error ? undefined : header;
  if (!facts.format && meta?.format) facts.format = meta.format;
  if (jpegSpace) facts.space = jpegSpace;
  const width = meta?.width ?? structure?.width;
  const height = meta?.height ?? structure?.height;
  if (width && height) {
    const orientation = meta?.orientation ?? exifOrientation ?? 1;
    const swapped = orientation >= 5 && orientation <= 8;
    Object.assign(facts, {
      width,
      height,
      orientation,
      displayWidth: swapped ? height : width,
      displayHeight: swapped ? width : height,
      longEdge: Math.max(width, height),
    });
  }
  if (meta?.space) facts.space = meta.space;
  if (structure?.process) facts.jpegProcess = structure.process;
  if (structure?.precision) facts.jpegPrecision = structure.precision;
  if (structure?.end !== undefined) facts.trailingBytes = walked!.length - structure.end;

  // JPEG codings sharp's decoder (like most viewers) lacks: 12-bit samples, lossless and hierarchical files.
  const undecodable = structure !== undefined && (structure.precision !== 8 || structure.process === 'lossless' || structure.process === 'hierarchical');
  let damage: PhotoDamage | undefined;
  if (!SHARP_FORMATS.has(facts.format ?? '')) damage = { damage: 'unsupported', message: `no decoder for ${facts.format ?? 'this format'}` };
  else if (sources.unreadable) damage = { damage: 'unsupported', message: sources.unreadable };
  else if (structure?.problem) damage = structure.problem;
  else if (undecodable) damage = { damage: 'unsupported', message: `${structure.process} JPEG, ${structure.precision}-bit` };
  else if (header instanceof Error) damage = decoderDamage(header, jpeg);
  // The walk read every Huffman code of the picture; sharp decodes only what the walk cannot read.
  else if (!structure?.entropyChecked) damage = await decodeFully(input, width ?? 0, jpeg);

  // A HEIC, a BMP or a 12-bit JPEG that sharp cannot read is not damaged: pyvw just cannot tell.
  facts.intact = damage?.damage === 'unsupported' ? null : damage === undefined;
  if (damage) facts.damage = damage;
  return facts;
}
