// Shared helpers of `npm run bench`: plain JS over the built CLI, so no TypeScript loader is needed.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = path.join(ROOT, 'bin/pyvw.js');
export const WORK = path.join(ROOT, 'node_modules/.cache/pyvw-bench');
/** The committed MP4 that passes every video rule (H.264, 1280×720, moov first). */
export const HD_VIDEO = path.join(ROOT, 'fixtures/videos/hd-1280x720-h264.mp4');

const FILLER = randomBytes(8 << 20);
const require = createRequire(path.join(ROOT, 'package.json'));

/** Writes `content` to `file`, making its folder first. */
export async function put(file, content) {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content);
}

/** A JPEG of random pixels: it barely compresses, so a 2400×1600 one is over the rulebook's 2 MB. */
export async function noiseJpeg(width, height) {
  const sharp = require('sharp');
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (Math.random() * 256) | 0;
  return sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg({ quality: 95 }).toBuffer();
}

/** `chars` 字 of a write-up's prose. */
export function prose(chars) {
  const sentence = '濮阳市职业教育活动周期间，我校师生展示专业技能，家长和市民走进校园参观体验。';
  return sentence.repeat(Math.ceil(chars / sentence.length)).slice(0, chars);
}

/** Writes `length` bytes of filler at `position`, a few megabytes at a time. */
export async function writeFiller(handle, position, length) {
  for (let done = 0; done < length; ) {
    const chunk = Math.min(FILLER.length, length - done);
    await handle.write(FILLER, 0, chunk, position + done);
    done += chunk;
  }
}

/** A copy of the MP4 `source` made `bytes` long by a top-level `free` box after it: legal ISO BMFF every reader skips. */
export async function writePaddedMp4(source, target, bytes) {
  const mp4 = await readFile(source);
  const header = Buffer.alloc(8);
  header.writeUInt32BE(bytes - mp4.length);
  header.write('free', 4, 'latin1');
  const handle = await open(target, 'w');
  try {
    await handle.write(Buffer.concat([mp4, header]), 0, mp4.length + 8, 0);
    await writeFiller(handle, mp4.length + 8, bytes - mp4.length - 8);
  } finally {
    await handle.close();
  }
}

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
