import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { JpegPreview } from './jpeg-preview.js';
import { checkJpegStructure, type JpegStructure } from './jpeg-structure.js';
import { keepPreview, wantedPreviewEdge } from './photo-previews.js';

/**
 * The JPEG walk is plain JavaScript: on the main thread it would use one core however many photos are inspected
 * at once. A few worker threads give it every core, beside sharp's own threads. Workers start on the first JPEG,
 * hold the process open only while they have work, and when the compiled worker is missing (tests run the
 * TypeScript sources) or a worker dies, the walk runs here instead.
 */
const WORKER_SCRIPT = fileURLToPath(new URL('./jpeg-structure-worker.js', import.meta.url));
const POOL_SIZE = Math.max(1, Math.min(os.availableParallelism(), 8));
/**
 * Below this much photo data in a check, one worker walks it all. Each worker costs ~50 ms of CPU to start and
 * V8 compiles the walk again in it (its first photo takes 2–3 times a later one), and a check with few photos has
 * the main thread busy with the rest (Word files, ffprobe, start-up) meanwhile: on the tidy day (8 photos, 21 MB)
 * one worker took 2.27 s of CPU against 2.43 s for two (median of 6, interleaved, docs/performance.md). 32 MB is
 * about 0.3 s of walking on one core.
 */
const ONE_WORKER_BYTES = 32 << 20;
let poolSize = POOL_SIZE;
/**
 * Cores left to the main thread during a check, for work of its own: `pack` writes its package meanwhile
 * (src/pack/head-start.ts). On 2 cores one worker then walks every photo: two would each start, warm the walk up
 * (a worker's first photos cost 2–5 times a later one) and share one core. The bench's pack: 5.4–5.6 s of CPU with
 * two workers, 4.8–5.2 s with one, and 3.68–3.92 against 3.42–3.80 s of wall (4 interleaved runs each).
 */
let mainThreadCores = 0;

/** Leaves one core to the main thread for the checks that follow, until the returned function is called. */
export function keepCoreForMainThread(): () => void {
  mainThreadCores = 1;
  return () => {
    mainThreadCores = 0;
  };
}

/**
 * Sizes the pool for a check whose photos hold `bytes` in all (see ONE_WORKER_BYTES), and starts its workers now,
 * before the first photo is inspected: a worker answers its first job ~65 ms after it is made (measured, loaded
 * machine), time the first walk would otherwise wait while the main thread loads the photo libraries.
 */
export function expectPhotoBytes(bytes: number): void {
  poolSize = bytes < ONE_WORKER_BYTES ? 1 : Math.max(1, POOL_SIZE - mainThreadCores);
  while (usable && started < poolSize) {
    const member = startWorker();
    idle.push(member);
    member.worker.unref();
  }
}

/** A walk's answer: the structure, and the length of the bytes walked (a file is read by the walk itself). */
export interface WalkResult {
  structure: JpegStructure;
  length: number;
}

interface Job {
  id: number;
  /** A file to read and walk, or bytes to walk. */
  path?: string;
  bytes?: Uint8Array;
  /** The long edge of the preview to make as well (a file on disk only, see photo-previews.ts). */
  preview?: number;
  resolve(result: WalkResult): void;
  reject(error: unknown): void;
}

interface PoolWorker {
  worker: Worker;
  job?: Job;
}

const idle: PoolWorker[] = [];
const busy = new Set<PoolWorker>();
const queue: Job[] = [];
let started = 0;
let nextId = 0;
let usable = existsSync(WORKER_SCRIPT);

/**
 * Workers left without work this long are ended, so their heaps do not outlive the photos: `pack` writes for
 * seconds after its check, and two idle workers held 26 MB of its peak (docs/performance.md). Photos of one folder
 * follow each other far faster than this, so a check keeps its workers.
 */
const IDLE_MS = 250;
let idleTimer: NodeJS.Timeout | undefined;

/**
 * Ends the idle walk workers: IDLE_MS after the last photo, or at once when `pack` calls it as its check ends, so
 * that the workers' heaps go while the package is finished rather than after (the two together would set pack's
 * peak). Workers still walking are left to the timer. Resolves once every worker has ended.
 */
export async function endWalkWorkers(): Promise<void> {
  clearTimeout(idleTimer);
  idleTimer = undefined;
  if (busy.size || queue.length) return;
  started = 0;
  await Promise.all(idle.splice(0).map((member) => member.worker.terminate()));
}

/**
 * The walk turns damage into a `problem`; anything it throws is a fault of pyvw's. It must reach the inspection as a
 * rejection (an internal-error finding on that photo): thrown from a worker's event handler it would end the process.
 */
function runHere(job: Job): void {
  (async () => {
    const bytes = job.bytes ?? (await readFile(job.path!));
    const { preview, ...structure } = checkJpegStructure(bytes, { preview: job.preview });
    if (preview) keepPreview(job.path!, preview);
    return { structure, length: bytes.length };
  })().then(job.resolve, job.reject);
}

/** A worker's failure as an error of the same kind: a read the system refused stays a read error (code, syscall). */
function workerError(reply: { error?: string; code?: string; syscall?: string }): Error {
  const error: NodeJS.ErrnoException = new Error(reply.error ?? 'the JPEG walk failed');
  if (reply.code) error.code = reply.code;
  if (reply.syscall) error.syscall = reply.syscall;
  return error;
}

function dispatch(member: PoolWorker): void {
  const job = queue.shift();
  if (!job) {
    member.job = undefined;
    busy.delete(member);
    idle.push(member);
    member.worker.unref();
    if (!busy.size && !idleTimer) idleTimer = setTimeout(() => void endWalkWorkers(), IDLE_MS).unref();
    return;
  }
  member.job = job;
  busy.add(member);
  member.worker.ref();
  // A file is read by the worker itself; bytes are copied, as the caller may still be reading them (rare: see image.ts).
  member.worker.postMessage({ id: job.id, path: job.path, bytes: job.bytes, preview: job.preview });
}

function startWorker(): PoolWorker {
  const member: PoolWorker = { worker: new Worker(WORKER_SCRIPT) };
  started++;
  member.worker.on('message', (reply: { id: number; structure?: JpegStructure; preview?: JpegPreview; length: number; error?: string; code?: string; syscall?: string }) => {
    const job = member.job;
    if (job && reply.id === job.id) {
      if (reply.preview && job.path) keepPreview(job.path, reply.preview);
      if (reply.structure) job.resolve({ structure: reply.structure, length: reply.length });
      else job.reject(workerError(reply));
    }
    dispatch(member);
  });
  member.worker.on('error', () => {
    // A worker that cannot start or dies takes no more work; its job and the queue are walked here.
    usable = false;
    busy.delete(member);
    if (member.job) runHere(member.job);
    for (const job of queue.splice(0)) runHere(job);
  });
  return member;
}

/**
 * Walks a JPEG (see jpeg-structure.ts) on a worker thread when one can be had: the file at `path`, read by the
 * worker, or `bytes` already in memory.
 */
export function walkJpeg(input: { path: string } | { bytes: Uint8Array }): Promise<WalkResult> {
  return new Promise((resolve, reject) => {
    const job: Job = { id: nextId++, ...input, preview: 'path' in input ? wantedPreviewEdge() : undefined, resolve, reject };
    if (!usable) return runHere(job);
    clearTimeout(idleTimer);
    idleTimer = undefined;
    queue.push(job);
    const member = idle.pop() ?? (started < poolSize ? startWorker() : undefined);
    if (member) dispatch(member);
  });
}
