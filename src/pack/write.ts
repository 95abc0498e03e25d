import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32 } from 'node:zlib';
import { ZipArchive } from 'archiver';
import { wallClockAsUtc } from '../dates.js';
import { errorMessage } from '../errors.js';
import { LISTING_NAME, OVERVIEW_NAME } from '../scan/package.js';
import { openDocxPictureAsJpeg } from './docx-pictures.js';
import type { PlannedEntry } from './plan.js';

/**
 * Streams the planned entries into one zip, one file at a time, and fingerprints each source as it goes through
 * (size, CRC-32 for the verify pass, SHA-256 for the list), so every byte of the day is read once.
 */

export { LISTING_NAME, OVERVIEW_NAME };

export interface WrittenEntry {
  name: string;
  /** The planned entry; absent for the list itself. */
  planned?: PlannedEntry;
  bytes: number;
  crc32: number;
  sha256: string;
  store: boolean;
  /** A picture that was converted to JPEG on the way in. */
  converted?: boolean;
}

export interface SkippedPicture {
  planned: PlannedEntry;
  detail: string;
}

export interface WriteOptions {
  /** Zip times are wall-clock times without a zone: they are written as the clock reads in this zone. */
  timeZone: string;
  signal: AbortSignal;
  onBytes?: (bytes: number) => void;
  /** The text of 报送清单.txt, from what was actually written; it goes in last, once every hash is known. */
  listing: (written: readonly WrittenEntry[], skipped: readonly SkippedPicture[]) => string;
  /** The text of 材料一览.html, from the entries written; it goes in after them and before the list. */
  overview?: (written: readonly WrittenEntry[]) => Promise<string>;
}

/** The size of a source changed between the check and the pack: what was judged is not what would be sent. */
export class SourceChangedError extends Error {
  constructor(readonly file: string, readonly before: number, readonly after: number) {
    super(`${file} changed while it was packed (${before} → ${after} bytes)`);
  }
}

/** Passes bytes through unchanged while measuring them. */
class Fingerprint extends Transform {
  bytes = 0;
  crc = 0;
  private readonly hash = createHash('sha256');

  constructor(private readonly onBytes?: (bytes: number) => void) {
    super({ highWaterMark: 1 << 20 });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    this.crc = crc32(chunk, this.crc);
    this.hash.update(chunk);
    this.onBytes?.(chunk.length);
    callback(null, chunk);
  }

  sha256(): string {
    return this.hash.digest('hex');
  }
}

async function openSource(planned: PlannedEntry): Promise<{ stream: Readable; converted?: boolean }> {
  const { source } = planned;
  if (source.type === 'file') return { stream: createReadStream(source.file.absPath, { highWaterMark: 1 << 20 }) };
  if (source.type === 'generated') return { stream: Readable.from([source.render(source.lines)]) };
  return openDocxPictureAsJpeg(source.document.absPath, source.mediaPath);
}

export async function writeZip(target: string, entries: readonly PlannedEntry[], options: WriteOptions): Promise<WrittenEntry[]> {
  const { signal } = options;
  signal.throwIfAborted();
  // Zip64 records are added by compress-commons on its own as soon as an offset or a count needs them.
  const archive = new ZipArchive({ zlib: { level: 9 } });
  // 'wx': the temporary name is new; never write into a file someone else holds.
  const output = createWriteStream(target, { flags: 'wx' });
  const done = pipeline(archive, output, { signal });
  const ended = done.then(() => {
    throw new Error('the zip stream ended early');
  });
  ended.catch(() => undefined);
  const written: WrittenEntry[] = [];
  const skipped: SkippedPicture[] = [];
  let current: Readable | undefined;

  const append = async (source: Readable | Buffer, name: string, date: Date, store: boolean, fingerprint?: Fingerprint): Promise<void> => {
    const appended = once(archive, 'entry', { signal });
    const failed = fingerprint && new Promise<never>((_, reject) => fingerprint.once('error', reject));
    archive.append(source, { name, date: wallClockAsUtc(date, options.timeZone), store });
    await Promise.race([appended, ended, ...(failed ? [failed] : [])]);
  };

  try {
    for (const planned of entries) {
      let opened: { stream: Readable; converted?: boolean };
      try {
        opened = await openSource(planned);
      } catch (error) {
        // A picture that cannot become a JPG is left out with a note; its document is still sent.
        if (planned.source.type !== 'picture') throw error;
        skipped.push({ planned, detail: errorMessage(error) });
        continue;
      }
      current = opened.stream;
      const fingerprint = new Fingerprint(options.onBytes);
      current.on('error', (error) => fingerprint.destroy(error));
      current.pipe(fingerprint);
      await append(fingerprint, planned.name, planned.mtime, planned.store, fingerprint);
      if (planned.source.type === 'file' && fingerprint.bytes !== planned.source.file.bytes) {
        throw new SourceChangedError(planned.source.file.path, planned.source.file.bytes, fingerprint.bytes);
      }
      written.push({
        name: planned.name, planned, bytes: fingerprint.bytes, crc32: fingerprint.crc, sha256: fingerprint.sha256(), store: planned.store,
        ...(opened.converted ? { converted: true } : {}),
      });
    }
    current = undefined;
    if (options.overview) {
      const page = Buffer.from(await options.overview(written), 'utf8');
      await append(page, OVERVIEW_NAME, new Date(), false);
      written.push({ name: OVERVIEW_NAME, bytes: page.length, crc32: crc32(page), sha256: createHash('sha256').update(page).digest('hex'), store: false });
    }
    const listing = Buffer.from(options.listing(written, skipped), 'utf8');
    await append(listing, LISTING_NAME, new Date(), false);
    written.push({
      name: LISTING_NAME, bytes: listing.length, crc32: crc32(listing), sha256: createHash('sha256').update(listing).digest('hex'), store: false,
    });
    await Promise.all([archive.finalize(), done]);
    return written;
  } catch (error) {
    current?.destroy();
    archive.abort();
    output.destroy();
    if (!output.closed) await once(output, 'close').catch(() => undefined);
    // The pipeline's own rejection says the same as `error`; it must not surface as an unhandled rejection.
    await done.catch(() => undefined);
    throw error;
  }
}
