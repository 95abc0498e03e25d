// A package pyvw wrote passes pyvw's own check, unzipped or as the .zip; a tampered one fails package/integrity;
// received zips are read safely (GBK names, `../` entries, bombs) and leave no temporary files.
import { existsSync } from 'node:fs';
import { appendFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../src/api.js';
import { pack } from '../src/pack/index.js';
import { formatHtml } from '../src/report/html.js';
import { formatText } from '../src/report/text.js';
import { mediaReportDocx, photoNewsDocx } from './support/docx.js';
import { put } from './support/folders.js';
import { flatPng, noiseJpeg } from './support/images.js';
import { smallConfig, UNIT } from './support/pack.js';
import { HD_VIDEO } from './support/project.js';
import { chineseTextOf } from './support/texts.js';
import { readZip, writeRawZip } from './support/zip.js';

const DATE = '2023-05-15';
const PACKAGE = `${UNIT}-2023年5月15日-职教活动周材料`;
let work: string;
let zipPath: string;
let unzipped: string;

/** This process's received-zip folders (test files in the other worker read zips of their own meanwhile). */
const temporaries = async (): Promise<string[]> => (await readdir(os.tmpdir())).filter((n) => n.startsWith(`pyvw-zip-${process.pid}-`));

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'pyvw-selfcheck-'));
  await put(path.join(work, 'pyvw.config.json'), smallConfig());
  const day = path.join(work, 'today');
  const jpeg = await noiseJpeg(320, 240);
  await Promise.all([
    put(path.join(day, '文字材料/活动纪实.txt'), chineseTextOf(1000)),
    put(path.join(day, '图片/学生技能展示现场.jpg'), await noiseJpeg(400, 300)),
    put(path.join(day, '图片/IMG_0003.jpg'), await noiseJpeg(400, 300)),
    put(path.join(day, '图片/图片说明.txt'), 'IMG_0003.jpg：家长走进实训车间参观体验\r\n'),
    put(path.join(day, '图片新闻/技能展示进校园.docx'), await photoNewsDocx([{ type: 'png', data: await flatPng(300, 200) }, { type: 'jpg', data: jpeg }])),
    put(path.join(day, '媒体报道/濮阳日报报道.docx'), await mediaReportDocx(jpeg)),
    put(path.join(day, '视频/技能大赛.mp4'), await readFile(HD_VIDEO)),
    put(path.join(day, '视频/视频说明.txt'), '技能大赛.mp4：学生参加市级技能大赛数控车项目比赛现场\r\n'),
  ]);
  const source = await check([day], { lang: 'zh', date: DATE });
  expect(source.report.ok).toBe(true);
  const packed = await pack(day, { lang: 'zh', date: DATE, out: work });
  zipPath = packed.packages[0]!.path;
  unzipped = path.join(work, 'unzipped', PACKAGE);
  for (const [name, entry] of await readZip(zipPath)) await put(path.join(unzipped, name), entry.data);
}, 60_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const problems = (report: Awaited<ReturnType<typeof check>>['report']): string[] =>
  report.submissions.flatMap((s) => [...s.findings, ...s.files.flatMap((f) => f.findings)]).filter((f) => f.severity === 'error').map((f) => `${f.rule}: ${f.message}`);

describe('a package of a day that passes', () => {
  it('passes pyvw check unzipped: the list and the pictures out of documents are the package’s, not materials', async () => {
    const { report } = await check([unzipped], { lang: 'zh', date: DATE });
    expect(problems(report)).toEqual([]);
    const files = new Map(report.submissions[0]!.files.map((f) => [f.path, f]));
    expect(files.get('报送清单.txt')).toMatchObject({ kind: 'ignored', classification: { by: 'package' } });
    expect(files.get('图片新闻/技能展示进校园/图1.jpg')).toMatchObject({ kind: 'ignored', classification: { by: 'package' } });
    expect(files.get('图片/IMG_0003.jpg')!.facts).toMatchObject({ caption: '家长走进实训车间参观体验', captionSource: 'manifest:图片/图片说明.txt#1' });
  });

  it('passes pyvw check as the .zip itself, and leaves no temporary folder', async () => {
    const before = await temporaries();
    const { report } = await check([zipPath], { lang: 'zh', date: DATE });
    expect(problems(report)).toEqual([]);
    expect(report.submissions[0]!.path).toBe(zipPath);
    expect(report.submissions[0]!.files.map((f) => f.path)).toContain('图片/学生技能展示现场.jpg');
    expect(await temporaries()).toEqual(before);
  });

  it('says to send it as it is, not to pack it again: in the terminal and in the HTML report', async () => {
    const { report } = await check([zipPath], { lang: 'zh', date: DATE });
    const text = formatText(report, { lang: 'zh', colorLevel: 0 });
    expect(text).toContain('这是 pyvw 打好的材料包，合格：不必再打包，原样报送即可。');
    expect(formatText({ ...report, lang: 'en' }, { lang: 'en', colorLevel: 0 })).toContain('there is nothing to pack; send it as it is.');
    const page = formatHtml(report, { lang: 'zh', colorLevel: 0 });
    expect(page).toContain('不必再打包，原样报送即可');
    for (const out of [text, page]) expect(out).not.toContain('pyvw pack');
  });

  it('fails package/integrity when a file was changed, taken out or added after packing', async () => {
    const tampered = path.join(work, 'tampered', PACKAGE);
    for (const [name, entry] of await readZip(zipPath)) await put(path.join(tampered, name), entry.data);
    await appendFile(path.join(tampered, '文字材料/活动纪实.txt'), '补充一句。');
    await rm(path.join(tampered, '图片新闻/技能展示进校园/图2.jpg'));
    await put(path.join(tampered, '图片/后加的照片说明.txt'), '不在清单里');
    await put(path.join(tampered, 'Thumbs.db'), Buffer.alloc(8));
    const { report } = await check([tampered], { lang: 'zh', date: DATE });
    const integrity = report.submissions[0]!.findings.filter((f) => f.rule === 'package/integrity');
    expect(integrity.map((f) => [f.data.file, f.severity])).toEqual([
      ['文字材料/活动纪实.txt', 'error'],
      ['图片新闻/技能展示进校园/图2.jpg', 'error'],
      ['图片/后加的照片说明.txt', 'error'],
    ]);
    expect(integrity[0]!.message).toBe('文字材料/活动纪实.txt 与报送清单不符：它在打包之后被改动或损坏了');
    expect(report.ok).toBe(false);
    // The list no longer matches: mending the package and checking it again cannot pass, packing the mended materials can.
    const text = formatText(report, { lang: 'zh', colorLevel: 0, width: 200 });
    expect(text).toContain('这个材料包不合格。先在原来的材料里改好 图片/后加的照片说明.txt：字数 5，少于要求的 800 字');
    expect(text).toContain('再用 pyvw pack 重新打包，报送新的材料包');
    expect(text).not.toContain('再运行 pyvw check');
    expect(formatHtml(report, { lang: 'zh', colorLevel: 0 })).toContain(`这个材料包有 ${report.counts.error} 个错误（下面标红）：先在原来的材料里改好，再用 pyvw pack 重新打包`);
  });

  it('check --each takes the .zip files of a folder as submissions beside its subfolders', async () => {
    const district = path.join(work, 'district');
    await mkdir(path.join(district, 'B校'), { recursive: true });
    await put(path.join(district, 'B校/文字材料/活动纪实.txt'), chineseTextOf(1000));
    await writeFile(path.join(district, 'A校.zip'), await readFile(zipPath));
    const { report } = await check([], { lang: 'zh', date: DATE, each: district, config: path.join(work, 'pyvw.config.json') });
    expect(report.submissions.map((s) => [path.basename(s.path), s.ok])).toEqual([['A校.zip', true], ['B校', true]]);
  });
});

describe('received zips', () => {
  it('reads names that Chinese Windows wrote in GBK, without the UTF-8 flag, as GB18030', async () => {
    const gbk = path.join(work, 'gbk.zip');
    await writeRawZip(gbk, [
      { name: iconv.encode('文字材料/活动纪实.txt', 'gbk'), data: Buffer.from(chineseTextOf(1000)) },
      { name: Buffer.from('图片/说明.txt', 'utf8'), data: Buffer.from('x'), flags: 0x800 },
    ]);
    const { report } = await check([gbk], { lang: 'zh', date: DATE });
    expect(report.submissions[0]!.files.map((f) => [f.path, f.kind])).toEqual([['图片/说明.txt', 'caption'], ['文字材料/活动纪实.txt', 'text']]);
  });

  it('refuses a zip with an entry that climbs out of its folder, as a finding, writing nothing outside', async () => {
    const evil = path.join(work, 'evil.zip');
    await writeRawZip(evil, [
      { name: Buffer.from('文字材料/活动纪实.txt'), data: Buffer.from(chineseTextOf(1000)), flags: 0x800 },
      { name: Buffer.from('../../pyvw-escaped.txt'), data: Buffer.from('gotcha') },
    ]);
    const before = await temporaries();
    const { report } = await check([evil], { lang: 'en', date: DATE });
    const refusal = report.submissions[0]!.findings.find((f) => f.rule === 'submission/zip');
    expect(refusal).toMatchObject({ severity: 'error', data: { entry: '../../pyvw-escaped.txt' } });
    expect(report.submissions[0]!.files).toEqual([]);
    expect(existsSync(path.join(os.tmpdir(), 'pyvw-escaped.txt'))).toBe(false);
    expect(await temporaries()).toEqual(before);
  });

  it('refuses a zip bomb by its compression ratio before inflating it', async () => {
    const bomb = path.join(work, 'bomb.zip');
    await writeRawZip(bomb, [{ name: Buffer.from('视频/大.mp4'), data: Buffer.alloc(32 * 1024 * 1024), deflate: true }]);
    const { report } = await check([bomb], { lang: 'zh', date: DATE });
    const refusal = report.submissions[0]!.findings.find((f) => f.rule === 'submission/zip');
    expect(refusal?.data).toMatchObject({ entry: '视频/大.mp4' });
    expect(refusal?.message).toMatch(/压缩比高达 \d+:1/u);
  });

  it('refuses an entry that inflates past the size its header declares, judging nothing of the zip', async () => {
    const { crc32, deflateRawSync } = await import('node:zlib');
    const lying = path.join(work, 'lying.zip');
    const truth = Buffer.alloc(300_000, 7);
    await writeRawZip(lying, [
      { name: Buffer.from('文字材料/活动纪实.txt'), data: Buffer.from(chineseTextOf(1000)), flags: 0x800 },
      { name: Buffer.from('视频/说明.txt'), data: truth, flags: 0x800, deflated: { body: deflateRawSync(truth), crc: crc32(truth), size: 1000 } },
    ]);
    const before = await temporaries();
    const { report } = await check([lying], { lang: 'en', date: DATE });
    const refusal = report.submissions[0]!.findings.find((f) => f.rule === 'submission/zip');
    expect(refusal?.data).toMatchObject({ detail: expect.stringMatching(/^too many bytes in the stream\. expected 1000\./u) });
    expect(report.submissions[0]!.files).toEqual([]);
    expect(await temporaries()).toEqual(before);
  });

  it('judges a zip that is not a pyvw package as a plain submission folder', async () => {
    const plain = path.join(work, '某校材料.zip');
    await writeRawZip(plain, [{ name: Buffer.from('附件.pdf'), data: Buffer.from('%PDF-1.4'), flags: 0x800 }]);
    const { report } = await check([plain], { lang: 'zh', date: DATE });
    expect(report.submissions[0]!.files.map((f) => [f.path, f.kind])).toEqual([['附件.pdf', 'unknown']]);
    expect(report.submissions[0]!.findings.some((f) => f.rule === 'package/integrity')).toBe(false);
  });
});
