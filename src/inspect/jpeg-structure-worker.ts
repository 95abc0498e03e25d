import { parentPort } from 'node:worker_threads';
import { checkJpegStructure } from './jpeg-structure.js';

/** One JPEG walk per message, for the pool in jpeg-walk-pool.ts. */
parentPort!.on('message', ({ id, bytes }: { id: number; bytes: Uint8Array }) => {
  try {
    parentPort!.postMessage({ id, structure: checkJpegStructure(bytes) });
  } catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
