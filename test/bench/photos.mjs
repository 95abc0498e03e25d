// Photo suite of `npm run bench`: `pyvw check` on a day of 40 camera-sized photos (4000×3000, 3–6 MB), next to the
// cheapest possible look at the same folder (reading every byte once), so the cost of checking shows as a ratio.
import { spawnSync } from 'node:child_process';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { CLI, ROOT, WORK, formatBytes, formatMs, median, readEveryByte, runCli, timeMedian } from './lib.mjs';

const require = createRequire(path.join(ROOT, 'package.json'));
const PHOTOS = 40;
const WIDTH = 4000;
const HEIGHT = 3000;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const DAY = path.join(WORK, 'photos-day');

/** A deterministic photo-like picture: smooth colour fields plus sensor-like noise, which sets the file size. */
function picture(index) {
  const raw = Buffer.alloc(WIDTH * HEIGHT * 3);
  let seed = 1 + index * 7919;
  const noiseLevel = 28 + (index % 6) * 4;
  const phase = index * 0.37;
  for (let y = 0; y < HEIGHT; y++) {
    const gy = Math.cos(y / 230 + phase);
    for (let x = 0; x < WIDTH; x++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const noise = (seed >>> 16) % noiseLevel;
      const i = (y * WIDTH + x) * 3;
      raw[i] = (128 + 100 * Math.sin(x / 310 + phase) + noise) & 255;
      raw[i + 1] = (128 + 90 * gy + noise) & 255;
      raw[i + 2] = ((x + y) / 28 + noise) & 255;
    }
  }
  return raw;
}

/** The day of 40 photos, generated once into the bench cache; returns its 图片 folder (also used by the html suite). */
export async function makeDay() {
  const folder = path.join(DAY, '图片');
  try {
    if ((await readdir(folder)).filter((n) => n.endsWith('.jpg')).length === PHOTOS) return folder;
  } catch {
    // Not generated yet.
  }
  const sharp = require('sharp');
  const partial = `${DAY}.partial`;
  await rm(partial, { recursive: true, force: true });
  await mkdir(path.join(partial, '图片'), { recursive: true });
  process.stderr.write(`generating ${PHOTOS} photos of ${WIDTH}×${HEIGHT} in ${DAY} (once)…\n`);
  for (let i = 0; i < PHOTOS; i++) {
    const name = `第${String(i + 1).padStart(2, '0')}张活动现场照片.jpg`;
    await sharp(picture(i), { raw: { width: WIDTH, height: HEIGHT, channels: 3 } })
      .jpeg({ quality: 88 })
      .withMetadata({ orientation: i % 7 === 0 ? 6 : 1 })
      .toFile(path.join(partial, '图片', name));
  }
  await rm(DAY, { recursive: true, force: true });
  await rename(partial, DAY);
  return folder;
}

// CPU time of one `pyvw check` (all its threads), which other load on the machine does not inflate as it does wall time.
const REPORT_CPU = 'data:text/javascript,process.on("exit",()=>{const u=process.cpuUsage();process.stderr.write(`\\ncpu-ms ${(u.user+u.system)/1000}\\n`)})';

function checkCpuMs(dir) {
  const result = spawnSync(process.execPath, ['--import', REPORT_CPU, CLI, 'check', dir, '--format', 'json'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const match = /cpu-ms ([\d.]+)/.exec(result.stderr);
  if (!match) throw new Error(`no CPU figure from pyvw: ${result.stderr}`);
  return Number(match[1]);
}

export async function run() {
  await makeDay();
  const names = (await readdir(path.join(DAY, '图片'))).filter((n) => n.endsWith('.jpg'));
  const sizes = await Promise.all(names.map(async (n) => (await stat(path.join(DAY, '图片', n))).size));
  const total = sizes.reduce((a, b) => a + b, 0);
  console.log(
    `day: ${names.length} photos, ${formatBytes(total)} (${formatBytes(Math.min(...sizes))}–${formatBytes(Math.max(...sizes))} each), ` +
      `${os.availableParallelism()} CPUs, ${RUNS} runs`,
  );

  // Warm the page cache and check once that the day is judged at all.
  await readEveryByte(DAY);
  const first = JSON.parse(runCli(['check', DAY, '--format', 'json']).stdout);
  const photos = first.submissions[0].files.filter((f) => f.kind === 'photo');
  const intact = photos.filter((f) => f.facts.intact === true).length;
  if (intact !== names.length) throw new Error(`only ${intact} of ${names.length} bench photos judged intact`);

  const baseline = await timeMedian(RUNS, () => readEveryByte(DAY));
  const startup = await timeMedian(RUNS, () => runCli(['--version']));
  const check = await timeMedian(RUNS, () => runCli(['check', DAY, '--format', 'json']));
  const cpu = median(Array.from({ length: RUNS }, () => checkCpuMs(DAY)));
  console.log(`baseline (read every byte once)   ${formatMs(baseline).padStart(9)}  ${(total / (1 << 20) / (baseline / 1000)).toFixed(0)} MiB/s`);
  console.log(`pyvw --version (Node start-up)    ${formatMs(startup).padStart(9)}`);
  console.log(`pyvw check                        ${formatMs(check).padStart(9)}  ${(check / names.length).toFixed(0)} ms/photo, ${(total / (1 << 20) / (check / 1000)).toFixed(0)} MiB/s`);
  console.log(`pyvw check, CPU time (all threads) ${formatMs(cpu).padStart(9)}  ${(cpu / names.length).toFixed(0)} ms/photo`);
  console.log(`ratio check / baseline            ${(check / baseline).toFixed(1).padStart(8)}×`);
  return { baseline, startup, check, cpu, ratio: check / baseline };
}
