// HTML suite of `npm run bench`: the time and size of the HTML report of the photo suite's day of 40 camera-sized
// photos (4000×3000), beside `--format json` on the same day: the difference is what thumbnails cost, paid only by html.
import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { WORK, formatBytes, formatMs, readEveryByte, runCli, timeMedian } from './lib.mjs';
import { makeDay } from './photos.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
/** The bound: a report of 40 photos stays under 3 MB, so it goes by mail and opens at once. */
const LIMIT_BYTES = 3 * 1024 * 1024;

export async function run() {
  const day = path.dirname(await makeDay());
  const report = path.join(WORK, 'photos-day-检查报告.html');
  await readEveryByte(day);
  const json = await timeMedian(RUNS, () => runCli(['check', day, '--format', 'json']));
  const html = await timeMedian(RUNS, async () => {
    await rm(report, { force: true });
    runCli(['check', day, '--format', 'html', '--output', report]);
  });
  const { size } = await stat(report);
  console.log(`pyvw check --format json          ${formatMs(json).padStart(9)}`);
  console.log(`pyvw check --format html          ${formatMs(html).padStart(9)}  +${formatMs(html - json)} for 40 thumbnails`);
  console.log(`HTML report of 40 photos          ${formatBytes(size).padStart(9)}  ${(size / 40 / 1024).toFixed(0)} KiB/photo, limit ${formatBytes(LIMIT_BYTES)}${size < LIMIT_BYTES ? '' : '  OVER THE LIMIT'}`);
  return { json, html, bytes: size };
}
