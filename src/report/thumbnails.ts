import os from 'node:os';
import pLimit from 'p-limit';
import type { DocxPicture } from '../inspect/docx.js';
import { isRead, type InspectedFile, type ReadFile } from '../types.js';

/**
 * Thumbnails for the HTML report, made only when an HTML report is asked for, from what the inspection already
 * found (a photo's format and whether it decodes, a Word document's list of pictures): no file is inspected again
 * and no other format pays for them. A photo is decoded by sharp straight from disk with JPEG shrink-on-load, so a
 * 4000×3000 photo never sits in memory at full size; at most `CONCURRENCY` are made at once.
 */

export interface Thumbnail {
  /** `data:image/jpeg;base64,…`: the report is one file, with nothing to fetch. */
  src: string;
  width: number;
  height: number;
  /** A Word document's picture: its caption in the document, if it has one. */
  caption?: string | null;
}

/** Thumbnails by `thumbnailKey(submission index, file path)`. */
export type Thumbnails = ReadonlyMap<string, readonly Thumbnail[]>;

export const thumbnailKey = (submission: number, path: string): string => `${submission}\u0000${path}`;

/** Long edge in pixels: sharp on a high-density screen at the card's 160 CSS pixels. */
export const THUMBNAIL_EDGE = 320;
/** A quality at which a 320 px photo is 15–25 KB: 40 photos stay far below the 3 MB the issue allows. */
const JPEG_QUALITY = 70;
/**
 * What one thumbnail may weigh: a picture of fine detail (foliage, a crowd, noise) is made again at a lower quality
 * to stay under it, so a report's size has a bound per picture (pack's --split counts on it, src/pack/split.ts).
 */
export const MAX_THUMBNAIL_BYTES = 48 * 1024;
const FALLBACK_QUALITY = 40;
/** A Word document shows its first few pictures; the card says how many there are in all. */
export const PICTURES_PER_DOCUMENT = 4;
/** A picture inside a document larger than this is not read into memory for a thumbnail. */
const MAX_PICTURE_BYTES = 32 * 1024 * 1024;
const CONCURRENCY = Math.max(1, Math.min(4, os.availableParallelism()));

/** The Word kinds whose inspection lists their pictures (a write-up's counts only its 字). */
export const PICTURE_DOCUMENT_KINDS = ['photo-news', 'media-report', 'summary'] as const;
/** What sharp's prebuilt libvips decodes; HEIC (HEVC) and BMP it does not. */
const DECODABLE = new Set(['jpeg', 'png', 'webp', 'gif', 'tiff', 'tif', 'avif', 'svg']);

async function encode(input: string | Buffer): Promise<Thumbnail> {
  const { default: sharp } = await import('sharp');
  const small = await sharp(input, { failOn: 'none', animated: false })
    .rotate() // EXIF orientation applied: a portrait photo shows upright
    .resize(THUMBNAIL_EDGE, THUMBNAIL_EDGE, { fit: 'inside', withoutEnlargement: true })
    .flatten({ background: '#ffffff' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const jpeg = (quality: number): Promise<Buffer> => sharp(small.data, { raw: small.info }).jpeg({ quality }).toBuffer();
  let data = await jpeg(JPEG_QUALITY);
  if (data.length > MAX_THUMBNAIL_BYTES) data = await jpeg(FALLBACK_QUALITY);
  return { src: `data:image/jpeg;base64,${data.toString('base64')}`, width: small.info.width, height: small.info.height };
}

async function photoThumbnail({ file, facts }: ReadFile<'photo'>): Promise<Thumbnail[]> {
  if (!DECODABLE.has(String(facts.format)) || facts.intact === null) return [];
  return [await encode(file.absPath)];
}

/** The first pictures of a Word document, in reading order, each read alone from the zip. */
async function documentThumbnails({ file, facts }: ReadFile<(typeof PICTURE_DOCUMENT_KINDS)[number]>): Promise<Thumbnail[]> {
  if (file.ext !== '.docx') return [];
  const list: readonly DocxPicture[] = facts.pictureList ?? [];
  const wanted = list.filter((p) => DECODABLE.has(p.format) && p.bytes <= MAX_PICTURE_BYTES).slice(0, PICTURES_PER_DOCUMENT);
  if (!wanted.length) return [];
  const { default: yauzl } = await import('yauzl');
  const zip = await yauzl.openPromise(file.absPath, { lazyEntries: true, autoClose: false });
  const bytes = new Map<string, Buffer>();
  try {
    const names = new Set(wanted.map((p) => p.entry));
    for await (const entry of zip.eachEntry()) {
      if (!names.has(entry.fileName) || entry.uncompressedSize > MAX_PICTURE_BYTES) continue;
      const chunks: Buffer[] = [];
      for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
      bytes.set(entry.fileName, Buffer.concat(chunks));
      if (bytes.size === names.size) break;
    }
  } finally {
    zip.close();
  }
  const thumbnails: Thumbnail[] = [];
  for (const picture of wanted) {
    const data = bytes.get(picture.entry);
    if (!data) continue;
    bytes.delete(picture.entry);
    const made = await encode(data).catch(() => undefined);
    if (made) thumbnails.push({ ...made, caption: picture.caption ?? null });
  }
  return thumbnails;
}

/**
 * Thumbnails of every photo and of the pictures of every Word document; a file that cannot be shown simply has
 * none (the card shows a tile instead): a thumbnail is never a finding and never stops the report.
 */
export async function makeThumbnails(submissions: readonly (readonly InspectedFile[])[], signal?: AbortSignal): Promise<Map<string, Thumbnail[]>> {
  const limit = pLimit(CONCURRENCY);
  const thumbnails = new Map<string, Thumbnail[]>();
  const make = (entry: InspectedFile): Promise<Thumbnail[]> =>
    isRead(entry, 'photo') ? photoThumbnail(entry) : isRead(entry, PICTURE_DOCUMENT_KINDS) ? documentThumbnails(entry) : Promise.resolve([]);
  const jobs = submissions.flatMap((files, index) =>
    files.map((entry) =>
      limit(async () => {
        if (signal?.aborted) return;
        const made = await make(entry).catch(() => []);
        if (made.length) thumbnails.set(thumbnailKey(index, entry.file.path), made);
      }),
    ),
  );
  await Promise.all(jobs);
  return thumbnails;
}
