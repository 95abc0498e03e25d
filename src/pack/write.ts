import { createHash, type Hash } from 'node:crypto';
import { once } from 'node:events';
import { close as closeFile, open as openFile, readSync, writevSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { Readable, Transform, Writable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32 } from 'node:zlib';
import { ZipArchive } from 'archiver';
import { wallClockAsUtc } from '../dates.js';
import { errorMessage } from '../errors.js';
import { LISTING_NAME, OVERVIEW_NAME } from '../scan/package.js';
import { openDocxPictureAsJpeg, PictureTooLarge, type PictureExcess } from './docx-pictures.js';
import { ReadBackThread } from './read-back.js';
import { readBackBlocks, readBackCrc } from './verify.js';
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
  /**
   * Where in the package this entry's data starts, when it was read back from there and found whole (its size and
   * CRC-32) while the check still ran (`PackageWriter.readBack`): the verify pass then checks that the finished
   * package has the entry's data at that very place, and reads it no second time.
   */
  readBackAt?: number;
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

/**
 * The size of the blocks a source file is read in, and how many are kept for reuse. Half a megabyte: with the
 * package begun during the check (head-start.ts), the blocks live beside the walks, and 1 MB blocks put the bench's
 * pack at 149–151 MiB of peak against 143–147 with these (3 runs each, docs/performance.md).
 */
const BLOCK = 512 << 10;
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

/**
 * A source file read in pooled blocks, each measured as it is read: every byte of the day is read once. Read with
 * `readSync` on the main thread, as the package is written (PackageFile): a read handed to libuv's thread pool and
 * back waited for threads to be woken while both cores were busy. One block per turn of the event loop: read and
 * written in one synchronous run, a whole file kept the main thread from the check's own work (pack took 2.99 against
 * 2.34 s, 12 rounds); a block per turn took it from 2.58 to 2.42, 2.32 to 2.27 and 2.58 to 2.50 s (12, 12 and 14
 * rounds, faster in 31 of the 38 pairs), CPU 0.06–0.18 s less (docs/performance.md).
 */
class SourceReader extends Readable {
  private file?: FileHandle;

  constructor(private readonly path: string, private readonly pool: BlockPool, readonly measure: Measure) {
    // One block at a time.
    super({ highWaterMark: 1 });
  }

  override _construct(callback: (error?: Error | null) => void): void {
    open(this.path, 'r').then((file) => {
      this.file = file;
      callback();
    }, callback);
  }

  override _read(): void {
    setImmediate(() => this.readBlock());
  }

  private readBlock(): void {
    if (this.destroyed) return;
    const block = this.pool.take();
    let bytesRead: number;
    try {
      bytesRead = readSync(this.file!.fd, block, 0, BLOCK, null);
    } catch (error) {
      this.pool.unused(block);
      this.destroy(error as Error);
      return;
    }
    if (bytesRead === 0) {
      this.pool.unused(block);
      this.push(null);
      return;
    }
    const chunk = bytesRead === BLOCK ? block : block.subarray(0, bytesRead);
    this.measure.add(chunk);
    this.push(chunk);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    const closed = this.file?.close() ?? Promise.resolve();
    closed.then(() => callback(error), (closeError: Error) => callback(error ?? closeError));
  }
}

/**
 * The package file, written synchronously, on the main thread: each block handed back to the pool once written.
 * fs.WriteStream hands every write to libuv's thread pool and back, a thread woken twice per 512 KB block; with both
 * cores busy (the walks, the reads, the read back) those hand-offs, not the copying, held the write up. Written here,
 * a block costs the main thread ~0.08 ms (median; 1.2 ms at the 95th percentile, into the page cache), and pack of
 * the bench day took 2.31 against 2.59 s, CPU 4.06 against 4.51 s (16 interleaved rounds, faster in 15, one tie;
 * docs/performance.md). The sources are read the same way (SourceReader).
 */
class PackageFile extends Writable {
  private fd: number | undefined;
  /** Bytes the system holds in the file: readable by another descriptor (the read back) once counted here. */
  bytesWritten = 0;
  /** Those waiting for the file to hold this many bytes. */
  private readonly waiting: { bytes: number; resolve(): void }[] = [];

  constructor(private readonly target: string, private readonly pool: BlockPool) {
    super();
    this.once('close', () => {
      for (const waiter of this.waiting.splice(0)) waiter.resolve();
    });
  }

  override _construct(callback: (error?: Error | null) => void): void {
    // 'wx': the temporary name is new; never write into a file someone else holds.
    openFile(this.target, 'wx', (error, fd) => {
      this.fd = fd;
      callback(error);
    });
  }

  /**
   * Resolves once the file holds `bytes` bytes (written by the system, readable by another descriptor), or once it
   * is closed, whatever it holds then: a package stopped part-way (Ctrl+C) must not leave a reader waiting forever.
   */
  holds(bytes: number): Promise<void> {
    if (this.bytesWritten >= bytes || this.closed) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push({ bytes, resolve }));
  }

  private wrote(): void {
    for (let i = this.waiting.length - 1; i >= 0; i--) {
      if (this.bytesWritten >= this.waiting[i]!.bytes) this.waiting.splice(i, 1)[0]!.resolve();
    }
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.writeAll([chunk], callback);
  }

  override _writev(chunks: { chunk: Buffer }[], callback: (error?: Error | null) => void): void {
    this.writeAll(chunks.map(({ chunk }) => chunk), callback);
  }

  private writeAll(chunks: Buffer[], callback: (error?: Error | null) => void): void {
    try {
      const rest = [...chunks];
      while (rest.length) {
        // A regular file takes all of it but when the disk is full (ENOSPC is thrown then); what it took is skipped.
        let written = writevSync(this.fd!, rest);
        this.bytesWritten += written;
        while (rest.length && written >= rest[0]!.length) written -= rest.shift()!.length;
        if (written) rest[0] = rest[0]!.subarray(written);
      }
    } catch (error) {
      callback(error as Error);
      return;
    }
    for (const chunk of chunks) this.pool.written(chunk);
    this.wrote();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (this.fd === undefined) return callback(error);
    closeFile(this.fd, (closeError) => callback(error ?? closeError));
  }
}

/**
 * What this file touches of compress-commons (archiver's zip engine, 7.x): its per-entry CRC-32 stream, its list of
 * entries, and where it wrote each entry's data (`_offsets.contents`, after the local header).
 */
interface ZipEngine {
  _smartStream(entry: { getMethod(): number }, callback: unknown): Transform & { checksum: unknown; rawSize: number };
  _entries: { getName(): string; _offsets?: { contents?: unknown } }[];
}

/** archiver keeps its format module on `_module` (7.x), which its types do not declare. */
function zipEngine(archive: ZipArchive): Partial<ZipEngine> | undefined {
  return (archive as ZipArchive & { _module?: { engine?: Partial<ZipEngine> } })._module?.engine;
}

/**
 * The central directory (what an unzip tool lists, and in what order) in the order of `names`, whatever order the
 * data was written in: compress-commons writes it from its list of entries when the archive is finalized. Should a
 * later archiver not have that list, the directory keeps the order of the data, which is as valid a zip.
 */
function inCentralOrder(archive: ZipArchive, names: readonly string[]): void {
  const entries = zipEngine(archive)?._entries;
  if (!Array.isArray(entries) || entries.some((entry) => typeof entry?.getName !== 'function')) return;
  const rank = new Map(names.map((name, i) => [name, i]));
  entries.sort((a, b) => (rank.get(a.getName()) ?? names.length) - (rank.get(b.getName()) ?? names.length));
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
  const engine = zipEngine(archive);
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

/**
 * One package being written: entries are added one at a time, in any order; `finish` adds the overview and the
 * list and writes the central directory in the order of the plan, whatever order the data went in (pack starts
 * with the largest files while the check still runs: src/pack/head-start.ts).
 */
export class PackageWriter {
  /**
   * What pyvw deflates is text it made or was given: 材料一览.html (~0.3 MB on the bench), the lists, the write-ups.
   * Level 9 took the overview 5.5–9.4 ms to deflate in archiver's stream, level 6 3.6–4.0 ms, 56,520 against
   * 56,491 bytes (zlib's default, the same as `zip`'s).
   */
  private readonly archive = new ZipArchive({ zlib: { level: 6 } });
  private readonly pool = new BlockPool();
  private readonly output: PackageFile;
  /** The pipeline from the archive to the file; rejects on the first failure of either. */
  private readonly done: Promise<void>;
  /** Rejects when the zip stream ends before `finish`: an entry waiting for its 'entry' event would wait forever. */
  private readonly ended: Promise<never>;
  /** The Measure of the entry being appended (they are appended one at a time). */
  private appending: Measure | undefined;
  private current: Readable | undefined;
  readonly written: WrittenEntry[] = [];
  readonly skipped: SkippedPicture[] = [];
  private finished = false;
  /** Where compress-commons wrote each stored entry's data, by name. */
  private readonly dataStarts = new Map<string, number>();
  /** The read back begun by `readBack`, and what stops it (`abort`). */
  private readingBack: Promise<void> | undefined;
  private readonly readBackStop = new AbortController();
  /** Where the bytes read so far are counted; pack may point it elsewhere between entries. */
  onBytes: ((bytes: number) => void) | undefined;

  constructor(readonly target: string, private readonly options: Pick<WriteOptions, 'timeZone' | 'signal' | 'onBytes'>) {
    options.signal.throwIfAborted();
    this.onBytes = options.onBytes;
    // Zip64 records are added by compress-commons on its own as soon as an offset or a count needs them.
    sourceCrcForStoredEntries(this.archive, () => this.appending);
    this.output = new PackageFile(target, this.pool);
    this.done = pipeline(this.archive, this.output, { signal: options.signal });
    this.ended = this.done.then(() => {
      throw new Error('the zip stream ended early');
    });
    this.ended.catch(() => undefined);
    this.done.catch(() => undefined);
  }

  private async append(source: Readable | Buffer, name: string, date: Date, store: boolean): Promise<void> {
    const { signal } = this.options;
    const appended = once(this.archive, 'entry', { signal });
    const failed = source instanceof Readable && new Promise<never>((_, reject) => source.once('error', reject));
    this.archive.append(source, { name, date: wallClockAsUtc(date, this.options.timeZone), store });
    await Promise.race([appended, this.ended, ...(failed ? [failed] : [])]);
  }

  /** Writes one planned entry; a picture that cannot become a JPG is left out with a note (its document is still sent). */
  async add(planned: PlannedEntry): Promise<void> {
    let opened: Awaited<ReturnType<typeof openSource>>;
    try {
      opened = await openSource(planned, this.pool, (bytes) => this.onBytes?.(bytes));
    } catch (error) {
      if (planned.source.type !== 'picture') throw error;
      this.skipped.push({ planned, detail: errorMessage(error), ...(error instanceof PictureTooLarge ? { excess: error.excess } : {}) });
      return;
    }
    const { content, measure } = opened;
    if (content instanceof Readable) this.current = content;
    this.appending = measure;
    await this.append(content, planned.name, planned.mtime, planned.store);
    this.appending = undefined;
    this.current = undefined;
    if (planned.source.type === 'file' && measure.bytes !== planned.source.file.bytes) {
      throw new SourceChangedError(planned.source.file.path, planned.source.file.bytes, measure.bytes);
    }
    this.written.push({
      name: planned.name, planned, bytes: measure.bytes, crc32: measure.crc, sha256: measure.sha256(), store: planned.store,
      ...(opened.converted ? { converted: true } : {}),
    });
    const start = zipEngine(this.archive)?._entries?.at(-1)?._offsets?.contents;
    if (planned.store && typeof start === 'number') this.dataStarts.set(planned.name, start);
  }

  /**
   * Begins reading back the data of the stored entries written so far, from the package file itself, once, and
   * marks each one whose size and CRC-32 are as written (`readBackAt`): the verify pass after `finish` then reads
   * those entries' structure only. For the time after pack's head start has written everything, while the walks
   * finish: it goes on while the plan is made and the rest is written, on a thread of its own where the compiled
   * worker is there (read-back.ts); `finish` waits for its end and `abort` stops it. Anything unexpected (a read
   * error, a mismatch, compress-commons not saying where it wrote) leaves the entry to the verify pass, which reads
   * it whole as before and reports what it finds; the returned promise never rejects.
   */
  readBack(): Promise<void> {
    this.readingBack ??= this.readEntriesBack(
      this.written.filter((entry) => entry.readBackAt === undefined && this.dataStarts.has(entry.name)),
      AbortSignal.any([this.options.signal, this.readBackStop.signal]),
    );
    return this.readingBack;
  }

  private async readEntriesBack(entries: readonly WrittenEntry[], signal: AbortSignal): Promise<void> {
    if (!entries.length) return;
    const thread = ReadBackThread.start();
    try {
      await (thread ? this.readBackOn(thread, entries, signal) : this.readBackHere(entries, signal));
    } catch {
      // Left to the verify pass.
    } finally {
      await thread?.close();
    }
  }

  /** Each entry read back on `thread` as soon as the file holds it; a stop ends the ranges at their next block. */
  private async readBackOn(thread: ReadBackThread, entries: readonly WrittenEntry[], signal: AbortSignal): Promise<void> {
    const stop = (): void => thread.stop();
    signal.addEventListener('abort', stop, { once: true });
    try {
      const reads: Promise<void>[] = [];
      for (const entry of entries) {
        const start = this.dataStarts.get(entry.name)!;
        await this.output.holds(start + entry.bytes);
        if (signal.aborted) break;
        reads.push(thread.read(this.target, start, entry.bytes).then((read) => {
          if (read.bytes === entry.bytes && read.crc >>> 0 === entry.crc32 >>> 0) entry.readBackAt = start;
        }));
      }
      // An entry whose range failed is the verify pass's, like one that was not reached.
      await Promise.allSettled(reads);
    } finally {
      signal.removeEventListener('abort', stop);
    }
  }

  /** Each entry read back here, its blocks read on libuv's threads and their CRC-32 computed on this one. */
  private async readBackHere(entries: readonly WrittenEntry[], signal: AbortSignal): Promise<void> {
    const file = await open(this.target, 'r');
    try {
      const blocks = readBackBlocks();
      for (const entry of entries) {
        const start = this.dataStarts.get(entry.name)!;
        await this.output.holds(start + entry.bytes);
        if (signal.aborted) return;
        const read = await readBackCrc(file, start, entry.bytes, blocks, { signal });
        if (read.bytes === entry.bytes && read.crc >>> 0 === entry.crc32 >>> 0) entry.readBackAt = start;
      }
    } finally {
      await file.close().catch(() => undefined);
    }
  }

  /** What pyvw made (the overview, the list), deflated. */
  private async addMade(name: string, content: Buffer): Promise<void> {
    await this.append(content, name, new Date(), false);
    const measure = measured(content);
    this.written.push({ name, bytes: measure.bytes, crc32: measure.crc, sha256: measure.sha256(), store: false });
  }

  /**
   * The overview and the list after the `planned` entries, each of which must have been added, and the central
   * directory in the plan's order: an unzip tool lists the package as the plan has it.
   */
  async finish(planned: readonly PlannedEntry[], options: Pick<WriteOptions, 'listing' | 'overview'>): Promise<WrittenEntry[]> {
    // Entries written ahead of the plan were planned from the scan alone: the plan's own entries (the same files
    // under the same names, src/pack/head-start.ts) are what the overview and the list describe.
    const byName = new Map(planned.map((entry, i) => [entry.name, { entry, rank: i }]));
    for (const entry of this.written) entry.planned = byName.get(entry.name)?.entry ?? entry.planned;
    for (const picture of this.skipped) picture.planned = byName.get(picture.planned.name)?.entry ?? picture.planned;
    const rank = (entry: WrittenEntry): number => byName.get(entry.name)?.rank ?? planned.length;
    this.written.sort((a, b) => rank(a) - rank(b));
    if (options.overview) await this.addMade(OVERVIEW_NAME, Buffer.from(await options.overview(this.written), 'utf8'));
    await this.addMade(LISTING_NAME, Buffer.from(options.listing(this.written, this.skipped), 'utf8'));
    inCentralOrder(this.archive, this.written.map((entry) => entry.name));
    await Promise.all([this.archive.finalize(), this.done]);
    // What is being read back (pack's head start) is read to its end: the verify pass need not read it again.
    await this.readingBack;
    this.finished = true;
    return this.written;
  }

  /** Stops writing and closes the file (its temporary name is its staging's to remove); nothing once finished. */
  async abort(): Promise<void> {
    if (this.finished) return;
    this.readBackStop.abort();
    await this.readingBack;
    this.current?.destroy();
    this.archive.abort();
    this.output.destroy();
    if (!this.output.closed) await once(this.output, 'close').catch(() => undefined);
    // The pipeline's own rejection says the same as the failure that led here; it must not surface unhandled.
    await this.done.catch(() => undefined);
  }
}

/**
 * Writes `entries` into a new zip at `target`, in their order, then the overview and the list; or, given a package
 * `begun` ahead of the plan (src/pack/head-start.ts), the entries it does not hold yet into that one.
 */
export async function writeZip(target: string, entries: readonly PlannedEntry[], options: WriteOptions, begun?: PackageWriter): Promise<WrittenEntry[]> {
  const writer = begun ?? new PackageWriter(target, options);
  try {
    if (begun) {
      begun.onBytes = options.onBytes;
      options.onBytes?.(begun.written.reduce((sum, entry) => sum + entry.bytes, 0));
    }
    const done = new Set([...writer.written.map((entry) => entry.name), ...writer.skipped.map((picture) => picture.planned.name)]);
    for (const planned of entries) if (!done.has(planned.name)) await writer.add(planned);
    return await writer.finish(entries, options);
  } catch (error) {
    await writer.abort();
    throw error;
  }
}
