// `npm run bench received`: `pyvw check --each` over a folder of 20 received packages (.zip), as a district office
// checks its inbox. Each package is unzipped into a temporary folder, judged and verified against its 报送清单.txt
// (every file's SHA-256). Prints the median time and the baseline of reading every byte of the 20 zips once.
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { formatBytes, formatMs, HD_VIDEO, readEveryByte, runCli, timeMedian, WORK } from './lib.mjs';

const ROOT = path.join(WORK, 'received');
const DAY = path.join(ROOT, 'today');
const INBOX = path.join(ROOT, 'inbox');
const READY = path.join(ROOT, '.ready-v1');
const UNIT = '濮阳市第一职业中等专业学校';
const PACKAGES = 20;
const PHOTOS = 6;
const RUNS = 3;

async function noiseJpeg(width, height) {
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (Math.random() * 256) | 0;
  return sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg({ quality: 95 }).toBuffer();
}

async function put(file, content) {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content);
}

/** A day that passes the real rules, packed once, and its package copied under 20 schools' names. */
async function buildInbox() {
  if (existsSync(READY)) return;
  await rm(ROOT, { recursive: true, force: true });
  const sentence = '濮阳市职业教育活动周期间，我校师生展示专业技能，家长和市民走进校园参观体验。';
  await put(path.join(DAY, '文字材料', '活动纪实.txt'), sentence.repeat(40).slice(0, 1200));
  const labels = ['开幕式', '技能展示', '家长参观', '实训指导', '企业点评', '颁奖仪式'];
  for (let i = 0; i < PHOTOS; i++) await put(path.join(DAY, '图片', `${labels[i]}现场照片.jpg`), await noiseJpeg(2400, 1600));
  await mkdir(path.join(DAY, '视频'), { recursive: true });
  await copyFile(HD_VIDEO, path.join(DAY, '视频', '技能大赛现场.mp4'));
  await put(path.join(DAY, '视频', '技能大赛现场.txt'), '学生参加市级技能大赛数控车项目比赛现场');
  runCli(['pack', DAY, '--unit', UNIT, '--date', '2023-05-15', '--out', ROOT]);
  const packed = (await readdir(ROOT)).find((name) => name.endsWith('.zip'));
  await mkdir(INBOX, { recursive: true });
  for (let i = 1; i <= PACKAGES; i++) {
    await copyFile(path.join(ROOT, packed), path.join(INBOX, `第${String(i).padStart(2, '0')}中学-2023年5月15日-职教活动周材料.zip`));
  }
  await writeFile(READY, '');
}

export async function run() {
  await buildInbox();
  const bytes = await readEveryByte(INBOX);
  const baseline = await timeMedian(RUNS, () => readEveryByte(INBOX));
  let status;
  const check = await timeMedian(RUNS, () => {
    status = runCli(['check', '--each', INBOX, '--date', '2023-05-15', '--quiet'], { cwd: ROOT }).status;
  });
  console.log(`${PACKAGES} received packages, ${formatBytes(bytes)} (${PHOTOS} photos 2400×1600, 1 video, 1 text each)`);
  console.log(`  read every byte once:   ${formatMs(baseline)}`);
  console.log(`  check --each (unzip, judge, verify SHA-256): ${formatMs(check)}  (${(check / PACKAGES).toFixed(0)} ms a package, ${(check / baseline).toFixed(1)}× reading; exit ${status})`);
}
