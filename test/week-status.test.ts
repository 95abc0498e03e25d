import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../src/api.js';
import { UsageError } from '../src/errors.js';
import { init } from '../src/init/index.js';
import { formatInit } from '../src/init/format.js';
import { pack } from '../src/pack/index.js';
import { status, type StatusReport } from '../src/status/index.js';
import { formatStatus } from '../src/status/format.js';
import { runCliAsync, runMain } from './support/cli.js';
import { put } from './support/folders.js';
import { noiseJpeg } from './support/images.js';
import { smallConfig, UNIT } from './support/pack.js';
import { chineseTextOf } from './support/texts.js';
import { readZip } from './support/zip.js';

/** 11:30 in Beijing on 17 May 2023: 15 and 16 May are past, the 17th is due at 16:00, the 18th to come. */
const NOW = new Date('2023-05-17T03:30:00Z');

let work: string;
let week: string;
let report: StatusReport;
let repeated: Buffer;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'pyvw-status-'));
  week = path.join(work, '活动周');
  await put(path.join(week, 'pyvw.config.json'), smallConfig());
  repeated = await noiseJpeg(400, 300);
  const text = chineseTextOf(1000);
  // 15 May and 16 May: packed. The 16th sends a photo the 15th already sent (renamed).
  await put(path.join(week, '5月15日', '文字材料', '概况.txt'), text);
  await put(path.join(week, '5月15日', '图片', '技能展示现场.jpg'), repeated);
  await put(path.join(week, '5.16', '文字材料', '概况.txt'), text);
  await put(path.join(week, '5.16', '图片', '家长开放日活动.jpg'), repeated);
  await put(path.join(week, '5.16', '图片', '学生实训操作.jpg'), await noiseJpeg(400, 300));
  // 17 May: a folder, not packed; 18 May: no folder at all; 14 May: a folder with nothing in it.
  await put(path.join(week, '0517', '文字材料', '概况.txt'), text);
  await mkdir(path.join(week, '2023年5月14日'));
  // Tool folders beside the days are never days.
  await put(path.join(week, 'node_modules', '5.19', 'x.js'), '');
  // Packed at 14:00 on the 15th and at 17:00 on the 16th (the file times are the ledger's clock).
  for (const [folder, at] of [['5月15日', '2023-05-15T06:00:00Z'], ['5.16', '2023-05-16T09:00:00Z']] as const) {
    const packed = await pack(path.join(week, folder), { lang: 'zh', now: new Date(at) });
    await utimes(packed.packages[0]!.path, new Date(at), new Date(at));
  }
  report = await status(week, { lang: 'zh', now: NOW });
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('pyvw status', () => {
  it('has a row for every day of the week and one for the summary, each folder found by its date in any spelling', () => {
    expect(report.rows.map((r) => [r.kind, r.date, r.folder])).toEqual([
      ['day', '2023-05-14', '2023年5月14日'], ['day', '2023-05-15', '5月15日'], ['day', '2023-05-16', '5.16'], ['day', '2023-05-17', '0517'],
      ['day', '2023-05-18', null], ['day', '2023-05-19', null], ['day', '2023-05-20', null], ['summary', null, null],
    ]);
  });

  it('gives each day its verdict, its verified package and its deadline', () => {
    const [d14, d15, d16, d17, d18] = report.rows;
    expect(d14!.check).toMatchObject({ ok: false, notSubmitted: true });
    expect(d14!.deadline).toMatchObject({ state: 'missed', day: '2023-05-14', time: '16:00' });
    expect(d15!.check).toMatchObject({ ok: true });
    expect(d15!.packages.map((p) => [p.fileName, p.verified, p.problem])).toEqual([[`${UNIT}-2023年5月15日-职教活动周材料.zip`, true, null]]);
    expect(d15!.deadline).toMatchObject({ state: 'sent' });
    // Packed at 17:00 on the 16th: after that day's 16:00.
    expect(d16!.deadline).toMatchObject({ state: 'sent', late: true });
    expect(d17!.packages).toEqual([]);
    expect(d17!.deadline).toMatchObject({ state: 'due-today', minutesLeft: 270 });
    expect(d18!.check).toBeNull();
    expect(d18!.deadline).toMatchObject({ state: 'upcoming', day: '2023-05-18' });
    expect(report.rows[7]!.deadline).toMatchObject({ state: 'upcoming', day: '2023-05-23', time: '24:00' });
  });

  it('warns photo/sent-before on the later day for a photo an earlier package already sent', () => {
    expect(report.rows[1]!.findings).toEqual([]);
    const [finding] = report.rows[2]!.findings;
    expect(report.rows[2]!.findings).toHaveLength(1);
    expect(finding).toMatchObject({
      rule: 'photo/sent-before', severity: 'warning',
      data: { file: '图片/家长开放日活动.jpg', day: '2023-05-15', entry: '图片/技能展示现场.jpg' },
    });
    expect(finding!.message).toBe(`图片/家长开放日活动.jpg 与 5月15日报送包（${UNIT}-2023年5月15日-职教活动周材料.zip）中的 图片/技能展示现场.jpg 完全相同：这张照片已经报送过`);
  });

  it('reads as a table in the terminal, with the time left on the day that is due', () => {
    const text = formatStatus(report, { lang: 'zh', colorLevel: 0 });
    const lines = text.split('\n');
    expect(lines[0]).toBe(`活动周报送情况：${UNIT}`);
    expect(lines.find((l) => l.startsWith('5月15日'))).toMatch(/^5月15日 +5月15日 +合格 +校验通过 +已打包$/u);
    expect(lines.find((l) => l.startsWith('5月17日'))).toMatch(/今天 16:00 截止，还剩 4:30$/u);
    expect(lines.find((l) => l.startsWith('5月14日'))).toMatch(/未报送（空） +— +已过 5月14日 16:00$/u);
    expect(lines.find((l) => l.startsWith('5月18日'))).toMatch(/（无） +— +— +5月18日 16:00 截止$/u);
    expect(text).toContain('! 5月16日：图片/家长开放日活动.jpg 与 5月15日报送包');
  });

  it('notices a package that no longer matches its own 报送清单.txt', async () => {
    const zip = path.join(week, `${UNIT}-2023年5月15日-职教活动周材料.zip`);
    const original = await readFile(zip);
    const entries = await readZip(zip);
    const photo = entries.get('图片/技能展示现场.jpg')!;
    // Flip one byte of the stored (uncompressed) photo inside the zip.
    const at = original.indexOf(photo.data.subarray(1000, 1032));
    const damaged = Buffer.from(original);
    damaged[at] = damaged[at]! ^ 0xff;
    await writeFile(zip, damaged);
    try {
      const again = await status(week, { lang: 'en', now: NOW });
      const row = again.rows[1]!;
      expect(row.packages[0]!.verified).toBe(false);
      expect(row.packages[0]!.problem).toMatchObject({ code: expect.stringMatching(/^(changed|unreadable)$/u) });
      expect(row.deadline.state).toBe('missed');
    } finally {
      await writeFile(zip, original);
    }
  });

  it('--format json on the command line carries the same rows', async () => {
    const run = await runCliAsync(['status', week, '--format', 'json']);
    expect(run.status).toBe(0);
    const json = JSON.parse(run.stdout) as StatusReport;
    expect(json.rows.map((r) => [r.date, r.folder, r.packages.length])).toEqual(report.rows.map((r) => [r.date, r.folder, r.packages.length]));
    expect(json).toMatchObject({ schemaVersion: 1, unit: UNIT, week: { start: '2023-05-14', end: '2023-05-20' } });
  });
});

describe('pyvw init', () => {
  it('makes a new day folder with the profile’s subfolders and says what goes where', async () => {
    const dir = path.join(work, '5月18日');
    const outcome = await init(dir, { lang: 'zh' });
    expect(outcome.action).toBe('created');
    expect((await readdir(dir)).sort()).toEqual(['图片', '图片新闻', '媒体报道', '文字材料', '视频'].sort());
    const text = formatInit(outcome, 'zh');
    expect(text).toContain('图片/  照片：JPG，长边不少于 2000 像素');
    expect(text).toContain(`放好后运行：pyvw check "${dir}"`);
  });

  it('on an existing folder appends 文件名： lines, leaving every existing byte as it was', async () => {
    const dir = path.join(work, '5月19日');
    const photo = await noiseJpeg(300, 200);
    await put(path.join(dir, '图片', 'IMG_0001.jpg'), photo);
    await put(path.join(dir, '图片', 'IMG_0002.jpg'), photo);
    await put(path.join(dir, '图片', 'IMG_0003.jpg'), photo);
    await put(path.join(dir, '图片', '学生技能展示.jpg'), photo);
    // Notepad "ANSI" (GBK), no line end after the last line; IMG_0002 already has a line (still empty).
    const before = iconv.encode('IMG_0001.jpg：老师指导学生实训\r\nIMG_0002.jpg：', 'gb18030');
    await put(path.join(dir, '图片', '图片说明.txt'), before);
    await put(path.join(dir, '视频', '开幕式.mp4'), Buffer.alloc(0));

    const outcome = await init(dir, { lang: 'zh' });
    expect(outcome).toMatchObject({ action: 'appended' });
    const lists = outcome.action === 'appended' ? outcome.lists : [];
    expect(lists).toEqual([
      { list: '图片/图片说明.txt', created: false, files: ['IMG_0003.jpg'] },
      { list: '视频/视频说明.txt', created: true, files: ['开幕式.mp4'] },
    ]);
    const after = await readFile(path.join(dir, '图片', '图片说明.txt'));
    expect(after.subarray(0, before.length).equals(before)).toBe(true);
    expect(iconv.decode(after.subarray(before.length), 'gb18030')).toBe('\r\nIMG_0003.jpg：\r\n');

    // Run again: nothing more to add, nothing changed.
    const again = await init(dir, { lang: 'zh' });
    expect(again.action === 'appended' && again.lists).toEqual([]);
    expect((await readFile(path.join(dir, '图片', '图片说明.txt'))).equals(after)).toBe(true);
  });

  it('creates a missing list as UTF-8 with BOM and CRLF, for photos and videos', async () => {
    const dir = path.join(work, '5月20日');
    await put(path.join(dir, '图片', 'DSC0001.jpg'), await noiseJpeg(300, 200));
    await put(path.join(dir, '视频', 'VID_0001.mp4'), Buffer.from('not really a video'));
    const outcome = await init(dir, { lang: 'zh' });
    expect(outcome.action === 'appended' && outcome.lists.map((l) => [l.list, l.created, l.files])).toEqual([
      ['图片/图片说明.txt', true, ['DSC0001.jpg']], ['视频/视频说明.txt', true, ['VID_0001.mp4']],
    ]);
    expect(await readFile(path.join(dir, '图片', '图片说明.txt'))).toEqual(Buffer.from('\uFEFFDSC0001.jpg：\r\n', 'utf8'));
    expect(formatInit(outcome, 'zh')).toContain('图片/图片说明.txt：新建，1 行，请在每行“：”后面写上说明：');
  });
});

describe('not a day folder', () => {
  it('refuses a program’s folder, the whole week’s folder, and hundreds of files, with exit 2 and --any-folder', async () => {
    const project = path.join(work, 'project');
    await put(path.join(project, 'package.json'), '{}');
    await put(path.join(project, 'node_modules', 'a', 'index.js'), '');
    await expect(check([project], { lang: 'zh' })).rejects.toMatchObject({ messages: { zh: expect.stringMatching(/程序项目的文件夹（里面有 (package\.json|node_modules)）/u) } });
    await expect(check([week], { lang: 'en' })).rejects.toThrow(UsageError);
    await expect(check([week], { lang: 'zh' })).rejects.toMatchObject({ messages: { zh: expect.stringContaining('pyvw status') } });

    const many = path.join(work, 'many');
    await mkdir(many);
    await Promise.all(Array.from({ length: 301 }, (_, i) => writeFile(path.join(many, `${i}.js`), '')));
    await expect(check([many], { lang: 'zh' })).rejects.toMatchObject({ messages: { zh: expect.stringContaining('有 301 个文件') } });

    const anyway = await check([project], { lang: 'zh', anyFolder: true });
    // Even then node_modules is never walked.
    expect(anyway.report.submissions[0]!.files.map((f) => f.path)).toEqual(['package.json']);
  });

  it('says so on the command line with exit 2, in Chinese', async () => {
    const run = await runMain(['check', week]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('是整个活动周的文件夹');
    expect(run.stderr).toContain('--any-folder');
  });
});
