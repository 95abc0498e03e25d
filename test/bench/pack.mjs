// `npm run bench pack`: packs a ~600 MB day and compares it with `zip -0 -r` over the same files.
// Prints the time of each phase (check, write, verify), the ratio to zip, and the pack process's peak memory.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { link, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { Document, ImageRun, Packer, Paragraph } from 'docx';
import { formatBytes, formatMs, HD_VIDEO, median, ROOT, WORK, writePaddedMp4 } from './lib.mjs';

const DAY_ROOT = path.join(WORK, 'pack');
const DAY = path.join(DAY_ROOT, 'today');
const OUT = path.join(DAY_ROOT, 'out');
const READY = path.join(DAY_ROOT, '.ready-v3');
const UNIT = '濮阳市第一职业中等专业学校';
const RUNS = 3;

const PHOTO_BASES = 8;
const PHOTOS = 40;
const VIDEOS = 3;
const VIDEO_BYTES = 140 * 1024 * 1024;

async function noiseJpeg(width, height) {
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (Math.random() * 256) | 0;
  return sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg({ quality: 95 }).toBuffer();
}

function prose(words) {
  const sentence = '濮阳市职业教育活动周期间，我校师生展示专业技能，家长和市民走进校园参观体验。';
  return sentence.repeat(Math.ceil(words / sentence.length)).slice(0, words);
}

async function put(file, content) {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content);
}

/** ~600 MB that passes the real rules: photos ≥ 2000 px and ≥ 2 MB with captions, videos with descriptions. */
async function buildDay() {
  if (existsSync(READY)) return;
  await rm(DAY_ROOT, { recursive: true, force: true });
  await put(path.join(DAY, '文字材料', '活动纪实.txt'), prose(1200));
  const bases = [];
  for (let i = 0; i < PHOTO_BASES; i++) bases.push(await noiseJpeg(2400, 1600));
  const labels = ['开幕式', '技能展示', '家长参观', '实训指导', '企业点评', '颁奖仪式', '志愿服务', '成果展览'];
  for (let i = 0; i < PHOTOS; i++) {
    // Bytes after the end-of-image marker keep every photo distinct without another encode.
    const photo = Buffer.concat([bases[i % PHOTO_BASES], Buffer.alloc(i + 1, i)]);
    await put(path.join(DAY, '图片', `${labels[i % labels.length]}现场照片${i + 1}.jpg`), photo);
  }
  const video = path.join(DAY, '视频', '技能大赛现场一.mp4');
  await mkdir(path.dirname(video), { recursive: true });
  await writePaddedMp4(HD_VIDEO, video, VIDEO_BYTES);
  await put(path.join(DAY, '视频', '技能大赛现场一.txt'), '学生参加市级技能大赛数控车项目比赛现场');
  for (let i = 2; i <= VIDEOS; i++) {
    await link(video, path.join(DAY, '视频', `技能大赛现场${'一二三四五'[i - 1]}.mp4`));
    await put(path.join(DAY, '视频', `技能大赛现场${'一二三四五'[i - 1]}.txt`), '学生参加市级技能大赛数控车项目比赛现场');
  }
  const news = await Packer.toBuffer(new Document({ sections: [{ children: [
    new Paragraph(prose(300)),
    new Paragraph({ children: [new ImageRun({ type: 'jpg', data: bases[0], transformation: { width: 480, height: 320 } })] }),
    new Paragraph('图1：学生展示数控加工技能'),
    new Paragraph('图片来源：学校宣传办公室'),
  ] }] }));
  await put(path.join(DAY, '图片新闻', '技能展示进校园图片新闻.docx'), news);
  await writeFile(READY, '');
}

/** Runs the pack API from dist/ in a child, timing each phase from the progress it reports. */
const CHILD = `
const [dir, out, unit] = process.argv.slice(1);
const { pack } = await import(${JSON.stringify(path.join(ROOT, 'dist/pack/index.js'))});
const start = performance.now();
const first = {};
const progress = { update(p) { first[p.phase] ??= performance.now(); }, finish() {} };
const outcome = await pack(dir, { lang: 'zh', unit, out, date: '2023-05-15', progress });
const end = performance.now();
if (outcome.status !== 'packed') throw new Error('not packed: ' + outcome.status);
console.log(JSON.stringify({
  check: first.write - start, write: first.verify - first.write, verify: end - first.verify, total: end - start,
  bytes: outcome.packages[0].bytes, maxRssKiB: process.resourceUsage().maxRSS,
}));
`;

async function runPack() {
  // A fresh output folder, as zip gets: replacing a 600 MB file would add its deletion to pyvw's time.
  await rm(OUT, { recursive: true, force: true });
  await mkdir(OUT, { recursive: true });
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', CHILD, DAY, OUT, UNIT], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`pack failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').pop());
}

function hasZip() {
  return spawnSync('zip', ['-v'], { stdio: 'ignore' }).status === 0;
}

function runZip() {
  const target = path.join(OUT, 'zip0.zip');
  const start = performance.now();
  execFileSync('zip', ['-0', '-r', '-q', target, 'today'], { cwd: DAY_ROOT });
  const ms = performance.now() - start;
  return { ms, target };
}

export async function run() {
  await buildDay();
  await runPack(); // warm the page cache, as zip gets it warm too
  const packs = [];
  for (let i = 0; i < RUNS; i++) packs.push(await runPack());
  const pick = (key) => median(packs.map((p) => p[key]));
  const peak = Math.max(...packs.map((p) => p.maxRssKiB)) * 1024;
  const [{ bytes }] = packs;
  console.log(`day: ${formatBytes(bytes)} packed, ${PHOTOS} photos, ${VIDEOS} videos, 1 photo-news document`);
  console.log(`pyvw pack (median of ${RUNS}): total ${formatMs(pick('total'))} = check ${formatMs(pick('check'))} + write ${formatMs(pick('write'))} + verify ${formatMs(pick('verify'))}`);
  console.log(`peak memory of the pack process: ${formatBytes(peak)} (target < 300 MiB)`);
  if (!hasZip()) {
    console.log('zip not found: no baseline (apt-get install zip)');
    return;
  }
  const zips = [];
  for (let i = 0; i < RUNS; i++) {
    const { ms, target } = runZip();
    zips.push(ms);
    await rm(target, { force: true });
  }
  const zipMs = median(zips);
  console.log(`zip -0 -r (median of ${RUNS}): ${formatMs(zipMs)}`);
  console.log(`ratio write / zip -0: ${(pick('write') / zipMs).toFixed(2)}×, write + verify / zip -0: ${((pick('write') + pick('verify')) / zipMs).toFixed(2)}× (target ~1.1× plus the verify pass)`);
  console.log(`ratio whole command / zip -0: ${(pick('total') / zipMs).toFixed(2)}× (includes the one inspection that pyvw check also does)`);
}
