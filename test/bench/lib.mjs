// Shared helpers of `npm run bench`: plain JS over the built CLI, so no TypeScript loader is needed.
import { spawnSync } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = path.join(ROOT, 'bin/pyvw.js');
export const WORK = path.join(ROOT, 'node_modules/.cache/pyvw-bench');

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median wall time in milliseconds of `runs` calls of an async function. */
export async function timeMedian(runs, fn) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(times);
}

export function runCli(args, options = {}) {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  if (result.status !== 0 && result.status !== 1) throw new Error(`pyvw ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return result;
}

async function listFiles(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(path.join(entry.parentPath ?? entry.path, entry.name));
  }
  return out;
}

/** The baseline: read every byte of the folder once, as the cheapest possible look at it. */
export async function readEveryByte(dir) {
  let bytes = 0;
  for (const file of await listFiles(dir)) {
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) bytes += chunk.length;
  }
  return bytes;
}

export function formatMs(ms) {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
}

export function formatBytes(bytes) {
  return bytes >= 1 << 30 ? `${(bytes / (1 << 30)).toFixed(2)} GiB` : `${(bytes / (1 << 20)).toFixed(1)} MiB`;
}
