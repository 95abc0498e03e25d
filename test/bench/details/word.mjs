// Word details of `npm run bench` (`npm run bench word`): what reading one Word document costs (CPU and wall, in process, warm), on the
// committed Word files (the sample day, the LibreOffice fixtures) and on documents made here with the `docx`
// package (photo news, a media report, a write-up, a 60-page document); then `pyvw check` of a folder of eight
// Word files as a clerk runs it, start-up included.
import { spawnSync } from 'node:child_process';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CLI, ROOT, WORK, formatMs, median } from '../lib.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const FOLDER = path.join(WORK, 'word');

const COMMITTED = ['fixtures/sample-day', 'fixtures/docx', 'fixtures/heldout/day'];

async function committedDocuments() {
  const found = [];
  for (const dir of COMMITTED) {
    for (const entry of await readdir(path.join(ROOT, dir), { withFileTypes: true, recursive: true })) {
      if (entry.isFile() && entry.name.endsWith('.docx')) found.push(path.join(entry.parentPath ?? entry.path, entry.name));
    }
  }
  return found.sort();
}

const HAN = '濮阳市职业教育活动周技能展示让生活更美好，学生们在实训车间认真操作数控机床。';
const han = (n) => HAN.repeat(Math.ceil(n / HAN.length)).slice(0, n);

/** Documents as the `docx` package writes them, with small real JPEGs (sharp): the pictures are never decoded. */
async function generatedDocuments() {
  const { Document, ExternalHyperlink, HeadingLevel, ImageRun, Packer, Paragraph, TextRun } = await import('docx');
  const { default: sharp } = await import('sharp');
  const jpeg = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#6a8' } }).jpeg().toBuffer();
  const picture = () => new Paragraph({ children: [new ImageRun({ type: 'jpg', data: jpeg, transformation: { width: 480, height: 360 } })] });
  const title = (text) => new Paragraph({ text, heading: HeadingLevel.TITLE });
  const body = (words, per = 150) => Array.from({ length: Math.ceil(words / per) }, () => new Paragraph({ text: han(per) }));
  const documents = {
    'photo-news-3-pictures': [title('我校举办职业教育活动周开幕式'), ...body(300), ...[1, 2, 3].flatMap((i) => [picture(), new Paragraph({ text: `图${i}：学生展示技能` })]), new Paragraph('图片来源：学校宣传办公室')],
    'media-report': [
      title('濮阳日报：职业教育活动周启动'), ...body(800), picture(),
      new Paragraph({ children: [new TextRun('原文链接：'), new ExternalHyperlink({ link: 'https://www.pyrb.com.cn/news/1.html', children: [new TextRun('濮阳日报')] })] }),
    ],
    'write-up-1200': [title('5月15日活动简介'), ...body(1200, 100)],
    'long-60-pages': [title('活动周工作总结'), ...body(60_000, 100)],
  };
  await mkdir(FOLDER, { recursive: true });
  const files = [];
  for (const [name, children] of Object.entries(documents)) {
    const file = path.join(FOLDER, `${name}.docx`);
    await writeFile(file, await Packer.toBuffer(new Document({ sections: [{ children }] })));
    files.push(file);
  }
  return files;
}

/** Median wall and mean CPU (user + system) of reading one document, after two warm-up reads. */
async function measure(readWordFile, absPath) {
  const bytes = (await stat(absPath)).size;
  const file = { absPath, path: path.basename(absPath), ext: '.docx', bytes, kind: 'text' };
  await readWordFile(file);
  await readWordFile(file);
  const walls = [];
  const cpuStart = process.cpuUsage();
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    await readWordFile(file);
    walls.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const cpu = process.cpuUsage(cpuStart);
  return { wall: median(walls), cpu: (cpu.user + cpu.system) / 1000 / RUNS, bytes };
}

/** CPU of finished children (user + system) from /proc, in milliseconds; undefined off Linux. */
async function childrenCpuMs() {
  try {
    const fields = (await readFile('/proc/self/stat', 'utf8')).split(') ')[1].split(' ');
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100; // cutime, cstime in clock ticks (USER_HZ 100)
  } catch {
    return undefined;
  }
}

export async function run() {
  const { readWordFile } = await import(path.join(ROOT, 'dist/inspect/docx.js'));
  const documents = [...(await committedDocuments()), ...(await generatedDocuments())];
  console.log(`reading one Word document, in process, warm (median wall / mean CPU of ${RUNS}):`);
  for (const absPath of documents) {
    const { wall, cpu, bytes } = await measure(readWordFile, absPath);
    const name = path.relative(ROOT, absPath).replace(/^node_modules\/\.cache\/pyvw-bench\//u, 'generated/');
    console.log(`  ${formatMs(wall).padStart(7)} wall ${formatMs(cpu).padStart(7)} CPU  ${String(Math.round(bytes / 1024)).padStart(4)} KB  ${name}`);
  }

  // A folder of eight Word files (the generated ones and the sample day's two, twice where needed), checked cold.
  const day = path.join(FOLDER, 'day');
  await rm(day, { recursive: true, force: true });
  await mkdir(path.join(day, '图片新闻'), { recursive: true });
  const eight = [...documents.filter((d) => !d.includes('long-60')).slice(-5), ...documents.filter((d) => d.includes('sample-day'))];
  for (const [i, source] of eight.slice(0, 8).entries()) await writeFile(path.join(day, '图片新闻', `${i + 1}.docx`), await readFile(source));
  const walls = [];
  let cpu = 0;
  for (let i = 0; i < 5; i++) {
    const before = await childrenCpuMs();
    const start = process.hrtime.bigint();
    spawnSync(process.execPath, [CLI, 'check', day, '--format', 'json'], { stdio: 'ignore' });
    walls.push(Number(process.hrtime.bigint() - start) / 1e6);
    const after = await childrenCpuMs();
    if (before !== undefined && after !== undefined) cpu += (after - before) / 5;
  }
  const count = (await readdir(path.join(day, '图片新闻'))).length;
  console.log(`pyvw check of ${count} Word files, cold: ${formatMs(median(walls))} wall${cpu ? `, ${formatMs(cpu)} CPU` : ''} (median/mean of 5)`);
}
