import { createHash, type Hash } from 'node:crypto';
import { once } from 'node:events';
import { WriteStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32 } from 'node:zlib';
import { ZipArchive } from 'archiver';
import { wallClockAsUtc } from '../dates.js';
import { errorMessage } from '../errors.js';
import { LISTING_NAME, OVERVIEW_NAME } from '../scan/package.js';
import { openDocxPictureAsJpeg, PictureTooLarge, type PictureExcess } from './docx-pictures.js';
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
  /** Over the profile's limits: not read, or not decoded. */
  excess?: PictureExcess;
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

/** What the list and the verify pass need of an entry's bytes: their number, CRC-32 (zlib's, native) and SHA-256. */
class Measure {
  bytes = 0;
  crc = 0;
  private readonly hash: Hash = createHash('sha256');

  constructor(private readonly onBytes?: (bytes: number) => void) {}

  add(chunk: Buffer): void {
    this.bytes += chunk.length;
    this.crc = crc32(chunk, this.crc);
    this.hash.update(chunk);
    this.onBytes?.(chunk.length);
  }

  sha256(): string {
    return this.hash.digest('hex');
  }
}

/** Passes bytes through unchanged while measuring them: for a picture taken out of a Word file. */
class Fingerprint extends Transform {
  constructor(readonly measure: Measure) {
    super({ highWaterMark: 1 << 20 });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.measure.add(chunk);
    callback(null, chunk);
  }
}

/** The size of the blocks a source file is read in, and how many are kept for reuse. */
const BLOCK = 1 << 20;
const KEPT_BLOCKS = 8;

/**
 * Blocks to read source files into, reused: a block is read into again once the package's write stream has
 * written it. Read through `createReadStream`, every megabyte of the day was a new buffer: new pages from the
 * kernel and, inside `pack` (whose heap holds the check), a full garbage collection for every ~50 MB of them:
 * 657 ms of the write's 4.4 s in its profile (docs/performance.md). A block that comes back other than whole (a
 * stage that split or copied it) is simply not reused; when none is free a new one is made, so nothing waits.
 */
class BlockPool {
  private readonly free: Buffer[] = [];
  /** Blocks handed out and not yet written, by their memory. */
  private readonly lent = new Set<ArrayBufferLike>();

  take(): Buffer {
    const block = this.free.pop() ?? Buffer.allocUnsafeSlow(BLOCK);
    this.lent.add(block.buffer);
    return block;
  }

  /** A block that was read into but is not passed on (the end of the file). */
  unused(block: Buffer): void {
    this.written(block);
  }

  /** `chunk` is on disk: if it is a whole block of ours, that block may be read into again. */
  written(chunk: Buffer): void {
    if (chunk.byteOffset !== 0 || !this.lent.delete(chunk.buffer)) return;
    if (this.free.length < KEPT_BLOCKS) this.free.push(Buffer.from(chunk.buffer, 0, BLOCK));
  }
}

/** A source file read in pooled blocks, each measured as it is read: every byte of the day is read once. */
class SourceReader extends Readable {
  private file?: FileHandle;

  constructor(private readonly path: string, private readonly pool: BlockPool, readonly measure: Measure) {
    // One block at a time: the next read starts while the archive writes this one.
    super({ highWaterMark: 1 });
  }

  override _construct(callback: (error?: Error | null) => void): void {
    open(this.path, 'r').then((file) => {
      this.file = file;
      callback();
    }, callback);
  }

  override _read(): void {
    const block = this.pool.take();
    this.file!.read(block, 0, BLOCK, null).then(({ bytesRead }) => {
      if (bytesRead === 0) {
        this.pool.unused(block);
        return void this.push(null);
      }
      const chunk = bytesRead === BLOCK ? block : block.subarray(0, bytesRead);
      this.measure.add(chunk);
      this.push(chunk);
    }, (error: Error) => this.destroy(error));
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    const closed = this.file?.close() ?? Promise.resolve();
    closed.then(() => callback(error), (closeError: Error) => callback(error ?? closeError));
  }
}

/** The package file: hands every block it has written back to the pool. */
class PackageFile extends WriteStream {
  constructor(target: string, private readonly pool: BlockPool) {
    // 'wx': the temporary name is new; never write into a file someone else holds.
    // @ts-expect-error -- fs.WriteStream is constructed as createWriteStream does; @types/node declares no constructor for it.
    super(target, { flags: 'wx' });
  }

  override _write(chunk: Buffer, encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    super._write(chunk, encoding, (error?: Error | null) => {
      this.pool.written(chunk);
      callback(error);
    });
  }

  override _writev(chunks: { chunk: Buffer; encoding: BufferEncoding }[], callback: (error?: Error | null) => void): void {
    super._writev!(chunks, (error?: Error | null) => {
      for (const { chunk } of chunks) this.pool.written(chunk);
      callback(error);
    });
  }
}

/** What this file touches of compress-commons (archiver's zip engine, 7.x): its per-entry CRC-32 stream. */
interface ZipEngine {
  _smartStream(entry: { getMethod(): number }, callback: unknown): Transform & { checksum: unknown; rawSize: number };
}
const METHOD_STORED = 0;

/**
 * compress-commons computes every stored entry's CRC-32 again, with the `crc-32` package in JavaScript: 0.7 s of
 * CPU per 600 MB (docs/performance.md), and it takes no CRC from outside for a streamed entry. Its CRC stream of a
 * stored entry is given the CRC the entry's Measure computed of the same bytes as they were read (`measureOf`: the
 * entry being appended, one at a time), taken when the stream ends; without one, zlib's native `crc32` (0.17 s per
 * 600 MB, which the Measure's CRC now saves too). Everything else (the records, the sizes, the data descriptor) is
 * still compress-commons' own, and the verify pass still holds each recorded CRC and the bytes on disk to the
 * Measure's. Should a later archiver not have this shape, its own CRC is kept.
 */
function sourceCrcForStoredEntries(archive: ZipArchive, measureOf: () => Measure | undefined): void {
  // archiver keeps its format module on `_module` (7.x), which its types do not declare.
  const internals: { _module?: { engine?: Partial<ZipEngine> } } = archive as ZipArchive & { _module?: { engine?: Partial<ZipEngine> } };
  const engine = internals._module?.engine;
  const smartStream = engine?._smartStream;
  if (!engine || typeof smartStream !== 'function') return;
  engine._smartStream = function (this: ZipEngine, entry, callback) {
    const stream = smartStream.call(this, entry, callback);
    if (entry.getMethod() !== METHOD_STORED || !('checksum' in stream) || typeof stream.rawSize !== 'number') return stream;
    const measure = measureOf();
    stream._transform = (chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) => {
      if (!measure) stream.checksum = crc32(chunk, typeof stream.checksum === 'number' ? stream.checksum : 0);
      stream.rawSize += chunk.length;
      done(null, chunk);
    };
    // Before 'end', when compress-commons reads the checksum: the source has ended, so every byte is measured.
    if (measure) {
      stream._flush = (done: TransformCallback) => {
        stream.checksum = measure.crc;
        done();
      };
    }
    return stream;
  };
}

function measured(content: Buffer): Measure {
  const measure = new Measure();
  measure.add(content);
  return measure;
}

async function openSource(planned: PlannedEntry, pool: BlockPool, onBytes?: (bytes: number) => void): Promise<{ content: Readable | Buffer; measure: Measure; converted?: boolean }> {
  const { source } = planned;
  const measure = new Measure(onBytes);
  if (source.type === 'file') return { content: new SourceReader(source.file.absPath, pool, measure), measure };
  if (source.type === 'generated') {
    const content = source.render(source.lines);
    measure.add(content);
    return { content, measure };
  }
  const picture = await openDocxPictureAsJpeg(source.document.absPath, source.mediaPath, source.limits);
  const fingerprint = new Fingerprint(measure);
  picture.stream.on('error', (error) => fingerprint.destroy(error));
  // Stopped part-way, the picture's stream holds its document open: it goes with the fingerprint.
  fingerprint.once('close', () => picture.stream.destroy());
  return { content: picture.stream.pipe(fingerprint), measure, converted: picture.converted };
}

export async function writeZip(target: string, entries: readonly PlannedEntry[], options: WriteOptions): Promise<WrittenEntry[]> {
  const { signal } = options;
  signal.throwIfAborted();
  // Zip64 records are added by compress-commons on its own as soon as an offset or a count needs them.
  const archive = new ZipArchive({ zlib: { level: 9 } });
  /** The Measure of the entry being appended (they are appended one at a time). */
  let appending: Measure | undefined;
  sourceCrcForStoredEntries(archive, () => appending);
  const pool = new BlockPool();
  const output = new PackageFile(target, pool);
  const done = pipeline(archive, output, { signal });
  const ended = done.then(() => {
    throw new Error('the zip stream ended early');
  });
  ended.catch(() => undefined);
  const written: WrittenEntry[] = [];
  const skipped: SkippedPicture[] = [];
  let current: Readable | undefined;

  const append = async (source: Readable | Buffer, name: string, date: Date, store: boolean): Promise<void> => {
    const appended = once(archive, 'entry', { signal });
    const failed = source instanceof Readable && new Promise<never>((_, reject) => source.once('error', reject));
    archive.append(source, { name, date: wallClockAsUtc(date, options.timeZone), store });
    await Promise.race([appended, ended, ...(failed ? [failed] : [])]);
  };

  try {
    for (const planned of entries) {
      let opened: Awaited<ReturnType<typeof openSource>>;
      try {
        opened = await openSource(planned, pool, options.onBytes);
      } catch (error) {
        // A picture that cannot become a JPG is left out with a note; its document is still sent.
        if (planned.source.type !== 'picture') throw error;
        skipped.push({ planned, detail: errorMessage(error), ...(error instanceof PictureTooLarge ? { excess: error.excess } : {}) });
        continue;
      }
      const { content, measure } = opened;
      if (content instanceof Readable) current = content;
      appending = measure;
      await append(content, planned.name, planned.mtime, planned.store);
      appending = undefined;
      current = undefined;
      if (planned.source.type === 'file' && measure.bytes !== planned.source.file.bytes) {
        throw new SourceChangedError(planned.source.file.path, planned.source.file.bytes, measure.bytes);
      }
      written.push({
        name: planned.name, planned, bytes: measure.bytes, crc32: measure.crc, sha256: measure.sha256(), store: planned.store,
        ...(opened.converted ? { converted: true } : {}),
      });
    }
    if (options.overview) {
      const page = Buffer.from(await options.overview(written), 'utf8');
      await append(page, OVERVIEW_NAME, new Date(), false);
      const measure = measured(page);
      written.push({ name: OVERVIEW_NAME, bytes: measure.bytes, crc32: measure.crc, sha256: measure.sha256(), store: false });
    }
    const listing = Buffer.from(options.listing(written, skipped), 'utf8');
    await append(listing, LISTING_NAME, new Date(), false);
    const measure = measured(listing);
    written.push({ name: LISTING_NAME, bytes: measure.bytes, crc32: measure.crc, sha256: measure.sha256(), store: false });
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
