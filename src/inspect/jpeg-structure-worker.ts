import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { checkJpegStructure, keptBufferSize } from './jpeg-structure.js';

/** A buffer larger than this is not kept for the next photo (one large JPEG must not hold memory for the rest). */
const KEEP_BUFFER = 16 << 20;
let buffer = Buffer.alloc(0);

/**
 * Reads a whole file into this worker's buffer, which is kept between photos: `readFileSync` allocates a fresh
 * buffer per photo, and on 30 photos of 12 MP that cost 10 ms of CPU per photo (mostly the kernel handing out and
 * zeroing new pages), against 0.7 ms reading into a buffer used again (measured, docs/performance.md).
 */
function readWhole(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    let length = 0;
    const size = fstatSync(fd).size;
    // One byte more than the size, so that a file that grew since is read to its end, not cut at the old size.
    if (buffer.length < size + 1) buffer = Buffer.allocUnsafe(Math.max(keptBufferSize(size + 1, KEEP_BUFFER), 1 << 20));
    for (;;) {
      if (length === buffer.length) {
        const larger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(larger, 0, 0, length);
        buffer = larger;
      }
      const read = readSync(fd, buffer, length, buffer.length - length, length);
      if (read === 0) break;
      length += read;
    }
    return buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

/**
 * One JPEG walk per message, for the pool in jpeg-walk-pool.ts. A photo on disk is read here, on this thread, so
 * its bytes never cross between threads; bytes made in memory (a slimmed JPEG, see image.ts) arrive copied. With
 * `preview` (a long edge) the walk also makes the photo's small picture (jpeg-preview.ts).
 */
parentPort!.on('message', ({ id, path, bytes, preview: edge }: { id: number; path?: string; bytes?: Uint8Array; preview?: number }) => {
  try {
    const data = bytes ?? readWhole(path!);
    const { preview, ...structure } = checkJpegStructure(data, { preview: edge });
    // The preview's pixels (at most edge² × 3 bytes, see jpeg-preview.ts) are copied, not transferred: the first
    // ArrayBuffer a thread detaches invalidates V8's assumption that none ever is, and every compiled function of the
    // walk was thrown away and compiled again with checks for it (`--trace-deopt`: "code dependencies"). Copying 300 KB
    // costs far less: `check --format html` of 40 photos of 12 MP took 3.51 -> 3.25 s of CPU (docs/performance.md).
    parentPort!.postMessage({ id, structure, preview, length: data.length });
  } catch (error) {
    const { code, syscall } = (error ?? {}) as NodeJS.ErrnoException;
    parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error), code, syscall });
  } finally {
    if (buffer.length > KEEP_BUFFER) buffer = Buffer.alloc(0);
  }
});
