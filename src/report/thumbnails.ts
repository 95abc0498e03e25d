import os from 'node:os';
import pLimit from 'p-limit';
import type { Sharp } from 'sharp';
import type { DocxPicture } from '../inspect/docx.js';
import type { JpegPreview } from '../inspect/jpeg-preview.js';
import { listenForPreviews } from '../inspect/photo-previews.js';
import { isRead, type InspectedFile, type ReadFile } from '../types.js';
import { loadSharp } from '../inspect/sharp.js';
import { openZipFile, readEntryWhole } from '../scan/zip-reader.js';

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

/** `pipeline` (sharp, the picture upright) at most THUMBNAIL_EDGE on its long side, on white where it has alpha. */
const small = (pipeline: Sharp): Sharp =>
  pipeline.resize(THUMBNAIL_EDGE, THUMBNAIL_EDGE, { fit: 'inside', withoutEnlargement: true }).flatten({ background: '#ffffff' });

/** A thumbnail from `jpeg(quality)`, which encodes it: at JPEG_QUALITY, or lower where that is over MAX_THUMBNAIL_BYTES. */
async function withinBound(jpeg: (quality: number) => Promise<{ data: Buffer; info: { width: number; height: number } }>): Promise<Thumbnail> {
  let made = await jpeg(JPEG_QUALITY);
  if (made.data.length > MAX_THUMBNAIL_BYTES) made = await jpeg(FALLBACK_QUALITY);
  return { src: `data:image/jpeg;base64,${made.data.toString('base64')}`, width: made.info.width, height: made.info.height };
}

/** A picture's thumbnail, decoded by sharp (JPEG shrink-on-load), EXIF orientation applied: a portrait photo shows upright. */
export async function thumbnailFromFile(input: string | Buffer): Promise<Thumbnail> {
  const sharp = await loadSharp();
  // Decoded once to pixels, in case the JPEG must be made twice.
  const pixels = await small(sharp(input, { failOn: 'none', animated: false }).rotate()).raw().toBuffer({ resolveWithObject: true });
  return withinBound((quality) => sharp(pixels.data, { raw: pixels.info }).jpeg({ quality }).toBuffer({ resolveWithObject: true }));
}

/** EXIF orientation 2–8 as sharp's operations on a raw picture (which has no EXIF): [rotation, flip, flop]; sharp flops first. */
const ORIENTATIONS: Record<number, [number, boolean, boolean]> = {
  2: [0, false, true], 3: [180, false, false], 4: [0, true, false], 5: [270, false, true],
  6: [90, false, false], 7: [90, false, true], 8: [270, false, false],
};

/** A photo's thumbnail from the preview its JPEG walk made (src/inspect/jpeg-preview.ts): no second decode of the photo. */
export async function thumbnailFromPreview(preview: JpegPreview, orientation: number | undefined): Promise<Thumbnail> {
  const sharp = await loadSharp();
  const { width, height, channels } = preview;
  const [angle, flip, flop] = ORIENTATIONS[orientation ?? 1] ?? [0, false, false];
  const upright = (): Sharp => {
    let pipeline = sharp(preview.data, { raw: { width, height, channels } });
    if (angle) pipeline = pipeline.rotate(angle);
    if (flip) pipeline = pipeline.flip();
    if (flop) pipeline = pipeline.flop();
    return pipeline;
  };
  // A preview is at most the thumbnail's size already: encoding it again at the lower quality is cheap.
  return withinBound((quality) => small(upright()).jpeg({ quality }).toBuffer({ resolveWithObject: true }));
}

/**
 * Photo thumbnails from the previews the JPEG walk makes during a check (photo-previews.ts): the photos are not
 * decoded a second time for the HTML report or the package's overview. Started before the check and stopped after
 * it; `makeThumbnails` takes what it made and decodes the rest with sharp (progressive and other JPEGs the walk
 * makes no preview of, other formats), and the pictures of the Word documents it was not given (`inspected`).
 */
export interface ThumbnailsFromCheck {
  stop(): void;
  /** The thumbnail of the photo at this absolute path, if its walk made a preview. */
  get(absPath: string): Promise<Thumbnail | undefined> | undefined;
  /**
   * Encodes the previews waiting, and each one to come as it comes, and reads the pictures of the Word documents
   * `inspected` out of them: for a main thread with nothing else to do during the check (pack, once its head start
   * has written everything: src/pack/head-start.ts).
   */
  encodeNow(): void;
  /** A file's inspection, as the check ends it: a Word document's pictures can get their thumbnails before they are asked for. */
  inspected(entry: InspectedFile): void;
  /**
   * Starts the thumbnails of the pictures of the Word documents `inspected`: for pack, as soon as its check has
   * ended, so that 材料一览.html does not wait for them at the end of the write. Not earlier: decoded beside the
   * walks, they took pack's peak over its 150 MiB (docs/performance.md).
   */
  documentsNow(): void;
  /** The thumbnails of the pictures of the Word document at this absolute path, if it was `inspected`. */
  document(absPath: string): Promise<Thumbnail[]> | undefined;
}

/**
 * Previews wait, as pixels, to be encoded when the report asks for them: so the check itself neither loads sharp
 * for them (a check of plain JPEGs never loads it) nor runs its pipelines beside the walks, which raised `pack`'s
 * peak during its check by ~20 MiB (docs/performance.md "Pack"). Past this many bytes waiting (~90 previews of
 * 320×213) the oldest are encoded at once, so a check of thousands of photos holds thumbnails, not pixels.
 */
const WAITING_PREVIEW_BYTES = 16 << 20;
/** What the Word documents' pictures read ahead may hold in all (inflated bytes). */
const READ_AHEAD_BYTES = 16 << 20;

export function thumbnailsFromCheck(): ThumbnailsFromCheck {
  interface Entry {
    preview?: JpegPreview;
    orientation?: number;
    thumbnail?: Promise<Thumbnail | undefined>;
  }
  const entries = new Map<string, Entry>();
  interface DocumentEntry {
    entry: PictureDocument;
    /** Its pictures' bytes, read ahead (readAhead). */
    pictures?: Promise<Map<string, Buffer>>;
    thumbnails?: Promise<Thumbnail[]>;
  }
  const documents = new Map<string, DocumentEntry>();
  const ofDocument = (document: DocumentEntry): Promise<Thumbnail[]> =>
    (document.thumbnails ??= limit(() => documentThumbnails(document.entry, document.pictures)).catch(() => []).finally(() => {
      document.pictures = undefined;
    }));
  let readAheadBytes = 0;
  /**
   * Reads a document's pictures out of it before their thumbnails are asked for, while the main thread has time
   * (encodeNow), up to READ_AHEAD_BYTES in all: what is left when they are asked for is then sharp's decode alone.
   */
  const readAhead = (document: DocumentEntry): void => {
    const bytes = wantedPictures(document.entry).reduce((sum, picture) => sum + picture.bytes, 0);
    if (document.pictures || document.thumbnails || readAheadBytes + bytes > READ_AHEAD_BYTES) return;
    readAheadBytes += bytes;
    document.pictures = readPictures(document.entry);
    document.pictures.catch(() => undefined);
  };
  /** Entries whose preview waits, oldest first. */
  const waiting = new Set<Entry>();
  let waitingBytes = 0;
  const limit = pLimit(CONCURRENCY);
  let eager = false;
  const encode = (entry: Entry): Promise<Thumbnail | undefined> => {
    if (entry.thumbnail) return entry.thumbnail;
    const { preview, orientation } = entry;
    waiting.delete(entry);
    waitingBytes -= preview!.data.length;
    entry.preview = undefined;
    return (entry.thumbnail = limit(() => thumbnailFromPreview(preview!, orientation)).catch(() => undefined));
  };
  const stop = listenForPreviews(THUMBNAIL_EDGE, (file, facts, preview) => {
    // A photo sharp finds damaged (after a whole walk) gets sharp's own thumbnail, or none, as before.
    if (facts.intact !== true || facts.format !== 'jpeg') return;
    const entry: Entry = { preview, orientation: facts.orientation };
    entries.set(file.absPath, entry);
    waiting.add(entry);
    waitingBytes += preview.data.length;
    for (const oldest of waiting) {
      if (!eager && waitingBytes <= WAITING_PREVIEW_BYTES) break;
      void encode(oldest);
    }
  });
  return {
    stop,
    encodeNow: () => {
      eager = true;
      for (const entry of waiting) void encode(entry);
      for (const document of documents.values()) readAhead(document);
    },
    inspected: (entry) => {
      if (!isRead(entry, PICTURE_DOCUMENT_KINDS)) return;
      const document: DocumentEntry = { entry };
      documents.set(entry.file.absPath, document);
      if (eager) readAhead(document);
    },
    documentsNow: () => {
      for (const document of documents.values()) void ofDocument(document);
    },
    document: (absPath) => {
      const document = documents.get(absPath);
      return document && ofDocument(document);
    },
    get: (absPath) => {
      const entry = entries.get(absPath);
      return entry && encode(entry);
    },
  };
}

async function photoThumbnail({ file, facts }: ReadFile<'photo'>, fromCheck?: ThumbnailsFromCheck): Promise<Thumbnail[]> {
  if (!DECODABLE.has(String(facts.format)) || facts.intact === null) return [];
  const made = await fromCheck?.get(file.absPath);
  return [made ?? (await thumbnailFromFile(file.absPath))];
}

type PictureDocument = ReadFile<(typeof PICTURE_DOCUMENT_KINDS)[number]>;

/** The pictures of a Word document that get a thumbnail: its first few that sharp decodes, in reading order. */
function wantedPictures({ file, facts }: PictureDocument): DocxPicture[] {
  if (file.ext !== '.docx') return [];
  const list: readonly DocxPicture[] = facts.pictureList ?? [];
  return list.filter((p) => DECODABLE.has(p.format) && p.bytes <= MAX_PICTURE_BYTES).slice(0, PICTURES_PER_DOCUMENT);
}

/** The bytes of a Word document's wanted pictures, by zip entry, each read alone from the zip. */
async function readPictures(document: PictureDocument): Promise<Map<string, Buffer>> {
  const wanted = wantedPictures(document);
  const bytes = new Map<string, Buffer>();
  if (!wanted.length) return bytes;
  const zip = await openZipFile(document.file.absPath);
  try {
    const names = new Set(wanted.map((p) => p.entry));
    for await (const entry of zip.eachEntry()) {
      if (!names.has(entry.fileName) || entry.uncompressedSize > MAX_PICTURE_BYTES) continue;
      bytes.set(entry.fileName, await readEntryWhole(zip, entry));
      if (bytes.size === names.size) break;
    }
  } finally {
    zip.close();
  }
  return bytes;
}

/** The first pictures of a Word document, in reading order, decoded by sharp: from `pictures` when they were read already. */
async function documentThumbnails(document: PictureDocument, pictures?: Promise<Map<string, Buffer>>): Promise<Thumbnail[]> {
  const bytes = (await pictures?.catch(() => undefined)) ?? (await readPictures(document));
  const thumbnails: Thumbnail[] = [];
  for (const picture of wantedPictures(document)) {
    const data = bytes.get(picture.entry);
    if (!data) continue;
    bytes.delete(picture.entry);
    const made = await thumbnailFromFile(data).catch(() => undefined);
    if (made) thumbnails.push({ ...made, caption: picture.caption ?? null });
  }
  return thumbnails;
}

/**
 * Thumbnails of every photo and of the pictures of every Word document; a file that cannot be shown simply has
 * none (the card shows a tile instead): a thumbnail is never a finding and never stops the report.
 */
export async function makeThumbnails(
  submissions: readonly (readonly InspectedFile[])[], options: { signal?: AbortSignal; fromCheck?: ThumbnailsFromCheck } = {},
): Promise<Map<string, Thumbnail[]>> {
  const { signal, fromCheck } = options;
  const limit = pLimit(CONCURRENCY);
  const thumbnails = new Map<string, Thumbnail[]>();
  const make = (entry: InspectedFile): Promise<Thumbnail[]> =>
    isRead(entry, 'photo') ? photoThumbnail(entry, fromCheck) : isRead(entry, PICTURE_DOCUMENT_KINDS) ? (fromCheck?.document(entry.file.absPath) ?? documentThumbnails(entry)) : Promise.resolve([]);
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
