import { open, type FileHandle } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import { openZipFile } from '../scan/zip-reader.js';
import type { WrittenEntry } from './write.js';

/**
 * Reads the written zip back as an unzip tool would (yauzl, from the central directory), and holds every entry to
 * what went in: same names, the UTF-8 flag on non-ASCII names, the intended method, and the same size and CRC-32
 * both as recorded and as decompressed from the bytes on disk.
 */

/** General-purpose flag bit 11: the name is UTF-8 (without it, Windows tools read names as the local code page). */
const UTF8_FLAG = 0x800;
const STORED = 0;
const DEFLATED = 8;

export class VerifyError extends Error {
  constructor(readonly entry: string, readonly detail: string) {
    super(`${entry}: ${detail}`);
  }
}

/**
 * A stored entry's bytes are read straight from the package in 2 MB blocks into two reused buffers, the next block
 * read (on libuv's threads) while the CRC-32 of this one is computed (on the main thread). Through yauzl's read
 * stream every megabyte was a new buffer: reading a 600 MB package back cost 0.8–1.0 s of CPU alone and 1.8 s
 * inside `pack`, where each of those buffers made the garbage collector walk the check's heap; this loop costs what
 * the read and the CRC cost (measured in docs/performance.md). yauzl still reads the structure: the central
 * directory, each entry's record and its local header (where the data starts).
 */
const BLOCK = 2 << 20;

/** The two buffers `readBackCrc` reads into. */
export function readBackBlocks(): [Buffer, Buffer] {
  return [Buffer.allocUnsafe(BLOCK), Buffer.allocUnsafe(BLOCK)];
}

/** The number of bytes read back from `start` up to `length` of them, and their CRC-32. */
export async function readBackCrc(
  file: FileHandle, start: number, length: number, blocks: [Buffer, Buffer], options: Pick<VerifyOptions, 'signal' | 'onBytes'>,
): Promise<{ bytes: number; crc: number }> {
  let crc = 0;
  let bytes = 0;
  const readAt = (offset: number, block: Buffer): Promise<{ bytesRead: number }> =>
    offset < length ? file.read(block, 0, Math.min(block.length, length - offset), start + offset) : Promise.resolve({ bytesRead: 0 });
  let next = readAt(0, blocks[0]);
  try {
    for (let i = 0; ; i++) {
      options.signal.throwIfAborted();
      const { bytesRead } = await next;
      if (bytesRead === 0) break;
      const block = blocks[i % 2]!;
      next = readAt(bytes + bytesRead, blocks[(i + 1) % 2]!);
      crc = crc32(block.subarray(0, bytesRead), crc);
      bytes += bytesRead;
      options.onBytes?.(bytesRead);
    }
  } finally {
    // A stopped pass leaves no read running into a buffer, or failing on the file closed after it.
    await next.catch(() => undefined);
  }
  return { bytes, crc };
}

interface VerifyOptions {
  signal: AbortSignal;
  onBytes?: (bytes: number) => void;
}

const hex = (value: number): string => `0x${(value >>> 0).toString(16).padStart(8, '0')}`;

export async function verifyZip(
  zipPath: string,
  expected: readonly WrittenEntry[],
  options: VerifyOptions,
): Promise<void> {
  const byName = new Map(expected.map((e) => [e.name, e]));
  const seen = new Set<string>();
  const zip = await openZipFile(zipPath, { validateEntrySizes: true, strictFileNames: true });
  const file = await open(zipPath, 'r');
  const blocks = readBackBlocks();
  try {
    for await (const entry of zip.eachEntry()) {
      options.signal.throwIfAborted();
      const want = byName.get(entry.fileName);
      if (!want) throw new VerifyError(entry.fileName, 'an entry that was never written');
      if (seen.has(entry.fileName)) throw new VerifyError(entry.fileName, 'the name occurs twice');
      seen.add(entry.fileName);
      // eslint-disable-next-line no-control-regex
      if (/[^\x00-\x7f]/u.test(entry.fileName) && !(entry.generalPurposeBitFlag & UTF8_FLAG)) {
        throw new VerifyError(entry.fileName, 'the UTF-8 name flag is missing');
      }
      const method = want.store ? STORED : DEFLATED;
      if (entry.compressionMethod !== method) throw new VerifyError(entry.fileName, `method ${entry.compressionMethod}, expected ${method}`);
      if (entry.uncompressedSize !== want.bytes) throw new VerifyError(entry.fileName, `size ${entry.uncompressedSize}, expected ${want.bytes}`);
      if (entry.crc32 >>> 0 !== want.crc32 >>> 0) throw new VerifyError(entry.fileName, `CRC-32 ${hex(entry.crc32)}, expected ${hex(want.crc32)}`);

      let crc = 0;
      let bytes = 0;
      if (method === STORED && !entry.isEncrypted()) {
        const { fileDataStart } = await zip.readLocalFileHeaderPromise(entry, { minimal: true });
        if (want.readBackAt === fileDataStart && entry.compressedSize === want.bytes) {
          // Read back from this very place of this file already, and found whole (PackageWriter.readBack).
          ({ crc32: crc, bytes } = want);
          options.onBytes?.(bytes);
        } else {
          ({ crc, bytes } = await readBackCrc(file, fileDataStart, entry.compressedSize, blocks, options));
        }
      } else {
        for await (const chunk of await zip.openReadStreamPromise(entry)) {
          options.signal.throwIfAborted();
          crc = crc32(chunk as Buffer, crc);
          bytes += (chunk as Buffer).length;
          options.onBytes?.((chunk as Buffer).length);
        }
      }
      if (bytes !== want.bytes || crc >>> 0 !== want.crc32 >>> 0) {
        throw new VerifyError(entry.fileName, `the stored data reads back as ${bytes} bytes, CRC-32 ${hex(crc)}; expected ${want.bytes} bytes, ${hex(want.crc32)}`);
      }
    }
  } finally {
    zip.close();
    await file.close();
  }
  const missing = expected.find((e) => !seen.has(e.name));
  if (missing) throw new VerifyError(missing.name, 'missing from the zip');
}
