import { readFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { checkJpegStructure } from './jpeg-structure.js';

/**
 * One JPEG walk per message, for the pool in jpeg-walk-pool.ts. A photo on disk is read here, on this thread, so
 * its bytes never cross between threads; bytes made in memory arrive transferred.
 */
parentPort!.on('message', ({ id, path, bytes }: { id: number; path?: string; bytes?: Uint8Array }) => {
  try {
    const data = bytes ?? readFileSync(path!);
    parentPort!.postMessage({ id, structure: checkJpegStructure(data), length: data.length });
  } catch (error) {
    const { code, syscall } = (error ?? {}) as NodeJS.ErrnoException;
    parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error), code, syscall });
  }
});
