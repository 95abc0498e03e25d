import fs, { createReadStream, readSync } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { crc32, createInflateRaw } from 'node:zlib';
import yauzl from 'yauzl';

/**
 * Reading zips (packages, and the pictures inside Word documents) in large pieces. yauzl's own file reader reads 16
 * KB at a time and its inflation gives 16 KB chunks: reading a 600 MB package back through it was CPU-bound, and a
 * 4 MB picture came out as a thousand small buffers, which stay with the process once freed (glibc's malloc keeps
 * what is freed of allocations under 128 KB, and gives larger ones back to the system): taken out of its document
 * during pack's check, such a picture took pack's peak from 140–147 to 146–149 MiB (12 runs; 143–145 in large
 * pieces, 10 runs: docs/performance.md).
 */

/**
 * `createReadStream`'s file operations for a descriptor the stream does not own: destroying a stream closes its
 * descriptor whatever `autoClose` says (Node 20), so the stream is given a `close` that leaves it open.
 */
const SHARED_DESCRIPTOR = { open: fs.open, read: fs.read, close: (_fd: number, callback: (error: NodeJS.ErrnoException | null) => void) => callback(null) };

/**
 * yauzl's file reader, reading entries a megabyte at a time (the verify pass costs little more than the disk read),
 * and the zip's structure (its directory, each entry's local header) in place, through one descriptor. yauzl's own
 * `read` makes a stream of each range, through three more streams: with a stream opened for each range, reading
 * the 53 local headers of the bench's package took 69–79 ms, and this way 11–21 ms (docs/performance.md).
 */
export class FileReader extends yauzl.RandomAccessReader {
  private handle: Promise<FileHandle> | undefined;
  /** The descriptor once open: yauzl reads the directory (`read`) before it asks for any entry's range. */
  private opened: FileHandle | undefined;

  constructor(private readonly file: string) {
    super();
  }

  /**
   * Each range reads through the descriptor already open, and leaves it open when yauzl destroys the stream. With the
   * file opened anew for each range, the check of the bench's tidy day (8 Word files of ~15 parts each, read here
   * since their parts are checked against their CRC-32) took 1.19 against 1.14 s; through the open descriptor 1.04
   * against 1.08 s (6 interleaved runs each, against yauzl's own reader).
   */
  override _readStreamForRange(start: number, end: number): Readable {
    const from = this.opened ? { fd: this.opened.fd, fs: SHARED_DESCRIPTOR } : {};
    return createReadStream(this.file, { ...from, start, end: end - 1, highWaterMark: 1 << 20 });
  }

  /**
   * Once the file is open, each read of the structure is a `readSync` of a few dozen bytes from the page cache, and
   * yauzl hears of it on the next tick, as it would of an asynchronous read. Through libuv's threads each read was a
   * hand-off there and back: yauzl reads the directory two reads an entry, and each local header in two, and pack's
   * verify pass of the bench's package (53 entries) took 23–32 ms that way and 11–18 ms this way; taking the Word
   * document's picture out of it for 材料一览.html 37–50 against 2–13 ms (phase marks, 4 runs each).
   */
  override read(buffer: Buffer, offset: number, length: number, position: number, callback: (error: Error | null) => void): void {
    const readNow = (handle: FileHandle): Error | null => {
      try {
        return readSync(handle.fd, buffer, offset, length, position) < length ? new Error('unexpected EOF') : null;
      } catch (error) {
        return error as Error;
      }
    };
    if (this.opened) return void process.nextTick(callback, readNow(this.opened));
    this.handle ??= open(this.file, 'r').then((handle) => (this.opened = handle));
    this.handle.then((handle) => callback(readNow(handle)), callback);
  }

  /**
   * Called by yauzl once the zip and every stream of it are closed. A descriptor only read from has nothing to lose
   * when it closes: a failure here (or of the open, already reported by the read) is not passed on, as yauzl would
   * emit it where nothing listens.
   */
  override close(callback: (error: Error | null) => void): void {
    const handle = this.handle;
    this.handle = undefined;
    this.opened = undefined;
    if (!handle) return void setImmediate(() => callback(null));
    void handle.then((opened) => opened.close()).catch(() => undefined).finally(() => callback(null));
  }
}

/**
 * Opens a zip to read its entries through FileReader. A file that is no zip leaves no descriptor open: yauzl closes
 * its reader only once a zip was opened.
 */
export async function openZipFile(file: string, options: yauzl.Options = {}): Promise<yauzl.ZipFile> {
  const { size } = await stat(file);
  const reader = new FileReader(file);
  try {
    return await yauzl.fromRandomAccessReaderPromise(reader, size, { lazyEntries: true, autoClose: false, ...options });
  } catch (error) {
    reader.close(() => undefined);
    throw error;
  }
}

/** Inflated entries come out of zlib in chunks this large. */
const INFLATED_CHUNK = 256 << 10;

/** An entry's bytes as stored, or inflated (method 8) into large chunks; `entryChunks` holds them to its size. */
async function entryBytes(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  if (entry.compressionMethod !== 8) return zip.openReadStreamPromise(entry);
  const raw = await zip.openReadStreamPromise(entry, { decompress: false });
  const inflated = createInflateRaw({ chunkSize: INFLATED_CHUNK });
  raw.once('error', (error) => inflated.destroy(error));
  inflated.once('close', () => raw.destroy());
  return raw.pipe(inflated);
}

/**
 * An entry's bytes in large chunks, held to its recorded size as yauzl holds its own stream (validateEntrySizes):
 * refused as soon as they run past it, or when they end short of it, in yauzl's words (which 报送清单.txt quotes when
 * a picture is left out). Ending the iteration early closes the entry's stream.
 */
export async function* entryChunks(zip: yauzl.ZipFile, entry: yauzl.Entry): AsyncGenerator<Buffer> {
  const expected = entry.uncompressedSize;
  let bytes = 0;
  for await (const chunk of await entryBytes(zip, entry)) {
    bytes += (chunk as Buffer).length;
    if (bytes > expected) throw new Error(`too many bytes in the stream. expected ${expected}. got at least ${bytes}`);
    yield chunk as Buffer;
  }
  if (bytes < expected) throw new Error(`not enough bytes in the stream. expected ${expected}. got only ${bytes}`);
}

/** An entry whose bytes do not match the CRC-32 its zip records for them: damaged inside the zip. */
export class EntryCrcMismatch extends Error {
  constructor(readonly entryName: string) {
    super(`${entryName}: its CRC-32 does not match`);
  }
}

/** `entryChunks`, and at their end their CRC-32 held to the one the zip records (EntryCrcMismatch). */
export async function* crcCheckedChunks(zip: yauzl.ZipFile, entry: yauzl.Entry): AsyncGenerator<Buffer> {
  let crc = 0;
  for await (const chunk of entryChunks(zip, entry)) {
    crc = crc32(chunk, crc);
    yield chunk;
  }
  if (crc >>> 0 !== entry.crc32 >>> 0) throw new EntryCrcMismatch(entry.fileName);
}

/** An entry whole, in one buffer of its recorded size (see entryChunks). */
export async function readEntryWhole(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Buffer> {
  const whole = Buffer.allocUnsafe(entry.uncompressedSize);
  let bytes = 0;
  for await (const chunk of entryChunks(zip, entry)) bytes += chunk.copy(whole, bytes);
  return whole;
}
