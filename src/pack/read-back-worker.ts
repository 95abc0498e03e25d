import { closeSync, openSync, readSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { crc32 } from 'node:zlib';

/**
 * The read back of a package (read-back.ts) on a thread of its own: each message is one range of the file, read in
 * 2 MB blocks into one buffer and CRC-checked, and answered with the number of bytes read and their CRC-32. A
 * nonzero first element of the shared `stop` array ends a range at its next block: the package is being thrown away.
 * The blocks are read with `readSync`, not with verify.ts's `readBackCrc` (which must leave the main thread's event
 * loop free): on this thread nothing else waits, and a read through libuv's thread pool cost ~80 µs of CPU more per
 * 512 KB (280 reads of a 140 MB file: 45–48 against 25–26 ms, docs/performance.md).
 */
const BLOCK = 2 << 20;
const block = Buffer.allocUnsafe(BLOCK);
const stop = new Int32Array((workerData as { stop: SharedArrayBuffer }).stop);

parentPort!.on('message', ({ id, path, start, length }: { id: number; path: string; start: number; length: number }) => {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    let crc = 0;
    let bytes = 0;
    while (bytes < length && Atomics.load(stop, 0) === 0) {
      const read = readSync(fd, block, 0, Math.min(BLOCK, length - bytes), start + bytes);
      if (read === 0) break;
      crc = crc32(block.subarray(0, read), crc);
      bytes += read;
    }
    parentPort!.postMessage({ id, bytes, crc });
  } catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
});
