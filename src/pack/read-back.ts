import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * Reads ranges of a package back on a worker thread and gives their CRC-32 (read-back-worker.ts), for pack's read
 * back of what it wrote ahead (`PackageWriter.readBack`). On the main thread the read back cost pack ~0.11 s of
 * CRC-32 per 600 MB and a callback per 2 MB block, while that thread still had the check's end, the plan, the rest
 * of the package and 材料一览.html to do; the walks leave the other core free by then. Measured in
 * docs/performance.md ("The read back off the main thread").
 */
const WORKER_SCRIPT = fileURLToPath(new URL('./read-back-worker.js', import.meta.url));

export interface RangeRead {
  bytes: number;
  crc: number;
}

export class ReadBackThread {
  private readonly stopFlag = new Int32Array(new SharedArrayBuffer(4));
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve(read: RangeRead): void; reject(error: Error): void }>();
  private nextId = 0;

  /** A read back thread, or undefined where its compiled script is missing (the tests run the TypeScript sources). */
  static start(): ReadBackThread | undefined {
    return existsSync(WORKER_SCRIPT) ? new ReadBackThread() : undefined;
  }

  private constructor() {
    this.worker = new Worker(WORKER_SCRIPT, { workerData: { stop: this.stopFlag.buffer } });
    this.worker.on('message', (reply: { id: number; bytes?: number; crc?: number; error?: string }) => {
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (reply.error !== undefined) waiting?.reject(new Error(reply.error));
      else waiting?.resolve({ bytes: reply.bytes!, crc: reply.crc! });
      if (!this.pending.size) this.worker.unref();
    });
    // A thread that cannot start or dies fails what it was asked: those entries are left to the verify pass.
    this.worker.on('error', (error) => this.failAll(error));
    this.worker.on('exit', () => this.failAll(new Error('the read back thread ended')));
  }

  /** The number of bytes read from `start` up to `length` of them, and their CRC-32; fewer once stopped. */
  read(path: string, start: number, length: number): Promise<RangeRead> {
    const id = this.nextId++;
    this.worker.ref();
    this.worker.postMessage({ id, path, start, length });
    return new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
  }

  /** Ends every range at its next block, read or waiting. */
  stop(): void {
    Atomics.store(this.stopFlag, 0, 1);
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }

  private failAll(error: Error): void {
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}
