import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { check } from '../src/api.js';
import { HeadStart } from '../src/pack/head-start.js';
import { planPackage, type PackPlan } from '../src/pack/plan.js';
import { writeZip } from '../src/pack/write.js';
import { DEFAULT_PROFILE, getProfile } from '../src/profile/profile.js';
import { pack } from '../src/pack/index.js';
import { body, docxOf, para, picture, title } from './support/docx.js';
import { put } from './support/folders.js';
import { flatPng, noiseJpeg } from './support/images.js';
import { smallConfig, UNIT } from './support/pack.js';
import { HD_VIDEO } from './support/project.js';
import { chineseTextOf } from './support/texts.js';
import { readZip } from './support/zip.js';

/**
 * pack begins the package while the check still runs, the largest files first (src/pack/head-start.ts). Whatever
 * the check then finds, the package is the plan's: listed in the plan's order, and without anything written ahead
 * that the plan leaves out.
 */

const PACKAGE = `${UNIT}-2023年5月15日-职教活动周材料.zip`;
const DATE = '2023-05-15';
const DEFAULT_PICTURES = getProfile(DEFAULT_PROFILE).pictureExport;

let work: string;

/** The central directory in its order, each entry with where its data was written (its local header's offset). */
async function directory(file: string): Promise<{ name: string; offset: number }[]> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false });
  const entries: { name: string; offset: number }[] = [];
  try {
    for await (const entry of zip.eachEntry()) entries.push({ name: entry.fileName, offset: entry.relativeOffsetOfLocalHeader });
  } finally {
    zip.close();
  }
  return entries;
}

/**
 * A day that passes, and when `withBadPhoto` one more photo, its largest file, that is cut short (an error). With
 * `news`, photo news with a JPEG and a PNG in it, whole or (`'failing'`) without the source line it must have.
 */
async function makeDay(name: string, withBadPhoto: boolean, news?: 'passing' | 'failing'): Promise<{ day: string; out: string; sources: Map<string, string> }> {
  const day = path.join(work, name, 'today');
  const out = path.join(work, name, 'out');
  const sources = new Map([
    ['文字材料/活动纪实.txt', '文字材料/活动纪实.txt'],
    ['图片/学生技能展示现场.jpg', '图片/学生技能展示现场.jpg'],
    ['图片/企业导师点评作品.jpg', '图片/企业导师点评作品.jpg'],
    ['视频/技能大赛.mp4', '视频/技能大赛.mp4'],
    ['视频/技能大赛.txt', '视频/技能大赛.txt'],
  ]);
  await put(path.join(day, '文字材料/活动纪实.txt'), chineseTextOf(1000));
  // The larger photo is the largest file of a day that passes: the one written first.
  await put(path.join(day, '图片/学生技能展示现场.jpg'), await noiseJpeg(640, 480));
  await put(path.join(day, '图片/企业导师点评作品.jpg'), await noiseJpeg(320, 240));
  await put(path.join(day, '图片/图片说明.txt'), '学生技能展示现场.jpg：学生展示数控加工技能\r\n企业导师点评作品.jpg：企业导师点评学生作品\r\n');
  await put(path.join(day, '视频/技能大赛.mp4'), await readFile(HD_VIDEO));
  await put(path.join(day, '视频/技能大赛.txt'), '学生参加市级技能大赛数控车项目比赛现场');
  if (withBadPhoto) {
    // The largest file is written first, before the check has found what is wrong with it.
    const whole = await noiseJpeg(1024, 768);
    await put(path.join(day, '图片/学生技能展示损坏.jpg'), whole.subarray(0, Math.floor(whole.length * 0.8)));
    await put(path.join(day, '图片/学生技能展示损坏.txt'), '学生展示技能的照片');
  }
  if (news) {
    const pictures = [await picture('jpg', await noiseJpeg(300, 200)), para('图1：学生展示数控加工技能'), await picture('png', await flatPng(200, 150)), para('图2：企业导师点评学生作品')];
    const source = news === 'passing' ? [para('图片来源：学校宣传办公室')] : [];
    await put(path.join(day, '图片新闻/技能展示进校园.docx'), await docxOf([title('技能展示进校园'), body(200), ...pictures, ...source]));
  }
  // An output folder that is there already: the head start writes into nothing else.
  await mkdir(out, { recursive: true });
  return { day, out, sources };
}

/**
 * A day checked, then written ahead as pack's head start writes it, in process and to its end (in `pack`, how far
 * it gets before the check ends depends on the machine): everything the scan found, then the documents' pictures
 * from their inspections.
 */
async function writtenAhead(name: string, news: 'passing' | 'failing'): Promise<{ headStart: HeadStart; plan: PackPlan; target: string; signal: AbortSignal }> {
  const { day, out } = await makeDay(name, false, news);
  const { judged, result } = (await check([day], { lang: 'zh', date: DATE })).judged[0]!;
  const target = path.join(out, PACKAGE);
  const signal = new AbortController().signal;
  let headStart!: HeadStart;
  const written = new Promise<void>((resolve) => {
    headStart = new HeadStart(target, { temporary: (file) => `${file}.tmp`, signal }, 'Asia/Shanghai', Number.POSITIVE_INFINITY, DEFAULT_PICTURES, resolve);
  });
  headStart.begin(judged.submission.files);
  for (const inspection of judged.files) headStart.inspected(inspection);
  await written;
  return { headStart, plan: planPackage(judged, result, 'zh'), target, signal };
}

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'pyvw-head-start-'));
  await put(path.join(work, 'pyvw.config.json'), smallConfig());
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('pyvw pack: the package begun while the check runs', () => {
  it('writes the largest file first, and lists the package in the order of its plan', async () => {
    const { day, out, sources } = await makeDay('passes', false);
    const outcome = await pack(day, { lang: 'zh', date: DATE, out });
    expect(outcome.status).toBe('packed');
    const entries = await directory(path.join(out, PACKAGE));
    // By kind folder, then by name, pyvw's own files last: as a package written in the plan's order is listed.
    expect(entries.map((e) => e.name)).toEqual([
      '文字材料/活动纪实.txt',
      '图片/企业导师点评作品.jpg',
      '图片/图片说明.txt',
      '图片/学生技能展示现场.jpg',
      '视频/技能大赛.mp4',
      '视频/技能大赛.txt',
      '视频/视频说明.txt',
      '材料一览.html',
      '报送清单.txt',
    ]);
    const firstWritten = entries.reduce((a, b) => (b.offset < a.offset ? b : a));
    expect(firstWritten.name).toBe('图片/学生技能展示现场.jpg');

    const zip = await readZip(path.join(out, PACKAGE));
    for (const [entry, source] of sources) expect(zip.get(entry)!.data.equals(await readFile(path.join(day, source))), entry).toBe(true);
    // 报送清单.txt lists the files in the same order as the directory.
    const listing = zip.get('报送清单.txt')!.data.toString('utf8');
    const listed = entries.map((e) => e.name).filter((name) => listing.includes(name));
    const positions = listed.map((name) => listing.indexOf(name));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(await readdir(out)).toEqual([PACKAGE]);
  });

  it('leaves out a file the check fails: nothing written ahead of the verdicts is in the package or left beside it', async () => {
    const { day, out } = await makeDay('skips', true);
    const outcome = await pack(day, { lang: 'zh', date: DATE, out, skipInvalid: true });
    expect(outcome.status).toBe('packed');
    expect(outcome.leftOut.map((f) => f.path)).toContain('图片/学生技能展示损坏.jpg');
    const names = (await directory(path.join(out, PACKAGE))).map((e) => e.name);
    expect(names).not.toContain('图片/学生技能展示损坏.jpg');
    expect(names).toContain('图片/学生技能展示现场.jpg');
    expect(await readdir(out)).toEqual([PACKAGE]);
  });

  it('writes the JPEG pictures of photo news ahead too, once the documents are inspected, under the names the plan gives them', async () => {
    const { headStart, plan, target, signal } = await writtenAhead('news', 'passing');
    const writer = await headStart.settle(plan.entries);
    const pictures = ['图片新闻/技能展示进校园/图1.jpg', '图片新闻/技能展示进校园/图2.jpg'];
    // The JPEG as it is; the PNG, to be converted (decoded whole), only after the check.
    const ahead = writer?.written.map((entry) => entry.name);
    expect(ahead).toContain(pictures[0]);
    expect(ahead).not.toContain(pictures[1]);
    await writeZip(target, plan.entries, { timeZone: 'Asia/Shanghai', signal, listing: () => 'list' }, writer);

    const entries = await directory(target);
    const offset = (name: string): number => entries.find((e) => e.name === name)!.offset;
    // Written ahead: before the caption list, which is written from the check's findings; the PNG after it.
    expect(offset(pictures[0]!)).toBeLessThan(offset('图片/图片说明.txt'));
    expect(offset(pictures[1]!)).toBeGreaterThan(offset('图片/图片说明.txt'));
    expect(entries.map((e) => e.name)).toEqual([...plan.entries.map((e) => e.name), '报送清单.txt']);
    const zip = await readZip(target);
    for (const name of pictures) expect((await sharp(zip.get(name)!.data).metadata()).format, name).toBe('jpeg');
  });

  it('reads back what was written ahead when the check ends first, while the rest is written', async () => {
    const { day, out } = await makeDay('read-back-at-settle', false, 'passing');
    const { judged, result } = (await check([day], { lang: 'zh', date: DATE })).judged[0]!;
    const target = path.join(out, PACKAGE);
    const signal = new AbortController().signal;
    const headStart = new HeadStart(target, { temporary: (file) => `${file}.tmp`, signal }, 'Asia/Shanghai', Number.POSITIVE_INFINITY, DEFAULT_PICTURES);
    const files = judged.submission.files;
    headStart.begin(files);
    // No inspection is handed over: the head start writes the day's files, then waits for the photo news' pictures,
    // as it would if the check ended before that document was inspected.
    const materials = files.filter((file) => ['photo', 'photo-news', 'video'].includes(file.kind));
    const bytes = materials.reduce((sum, file) => sum + file.bytes, 0);
    await vi.waitFor(async () => expect((await stat(target)).size).toBeGreaterThan(bytes), { timeout: 10_000 });
    const plan = planPackage(judged, result, 'zh');
    const writer = await headStart.settle(plan.entries);
    const entries = await writeZip(target, plan.entries, { timeZone: 'Asia/Shanghai', signal, listing: () => 'list' }, writer);
    const readBack = entries.filter((entry) => entry.readBackAt !== undefined).map((entry) => entry.name);
    expect(readBack.length).toBe(materials.length);
    expect(readBack).toContain('视频/技能大赛.mp4');
  });

  it('throws away what was written ahead when photo news fails the check, its pictures with it', async () => {
    const { headStart, plan, target } = await writtenAhead('news-fails-ahead', 'failing');
    expect(plan.entries.map((e) => e.name).filter((name) => name.startsWith('图片新闻/'))).toEqual([]);
    expect(await headStart.settle(plan.entries)).toBeUndefined();
    await expect(stat(target)).rejects.toThrow();
  });

  it('leaves out photo news the check fails, and its pictures', async () => {
    const { day, out } = await makeDay('news-fails', false, 'failing');
    const outcome = await pack(day, { lang: 'zh', date: DATE, out, skipInvalid: true });
    expect(outcome.status).toBe('packed');
    expect(outcome.leftOut.map((f) => f.path)).toEqual(['图片新闻/技能展示进校园.docx']);
    const names = (await directory(path.join(out, PACKAGE))).map((e) => e.name);
    expect(names.filter((name) => name.startsWith('图片新闻/'))).toEqual([]);
    expect(names).toContain('图片/学生技能展示现场.jpg');
    expect(await readdir(out)).toEqual([PACKAGE]);
  });

  it('refused, leaves the output folder as it was', async () => {
    const { day, out } = await makeDay('refused', true);
    const outcome = await pack(day, { lang: 'zh', date: DATE, out });
    expect(outcome.status).toBe('refused');
    expect(await readdir(out)).toEqual([]);
    expect((await stat(out)).isDirectory()).toBe(true);
  });
});

describe('pyvw check stopped by its signal (Ctrl+C during pack\'s check)', () => {
  it('rejects with the reason, and begins no file after it', async () => {
    const { day } = await makeDay('stopped', false);
    const controller = new AbortController();
    controller.abort(new Error('stopped'));
    await expect(check([day], { lang: 'zh', date: DATE, signal: controller.signal })).rejects.toThrow('stopped');
  });
});
