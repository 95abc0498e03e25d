import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../src/api.js';
import { dateInName, parseDateSpelling, todayIn, wallClockAsUtc, wallClockMinute, zonedInstant } from '../src/dates.js';
import { UsageError } from '../src/errors.js';
import { resolveOccasion } from '../src/occasion.js';
import { deadlineLine } from '../src/pack/mail.js';
import { pack } from '../src/pack/index.js';
import { puyang2023 } from '../src/profile/puyang-2023.js';
import { formatText } from '../src/report/text.js';
import { body, docxOf, para, picture, writeDocx } from './support/docx.js';
import { put } from './support/folders.js';
import { chineseTextOf } from './support/texts.js';

const UNIT = '濮阳市第一职业中等专业学校';
/** 10:00 in Beijing on 15 May 2023. */
const IN_THE_WEEK = new Date('2023-05-15T02:00:00Z');

let work: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'pyvw-week-'));
  await put(path.join(work, 'pyvw.config.json'), JSON.stringify({ unit: UNIT }));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function day(name: string, files: Record<string, string | Buffer> = { '文字材料/活动概况.txt': chineseTextOf(1000) }): Promise<string> {
  const dir = path.join(work, name);
  await mkdir(dir, { recursive: true });
  for (const [file, content] of Object.entries(files)) await put(path.join(dir, file), content);
  return dir;
}

describe('a submission’s date', () => {
  it.each([
    '2023-05-15', '2023-5-15', '5-15', '5.15', '5月15日', '2023年5月15日', '0515', '20230515', '2023.5.15', '５月１５日', '5月15号',
  ])('--date %s is 15 May 2023', (spelling) => {
    expect(parseDateSpelling(spelling, 2023)).toBe('2023-05-15');
  });

  it.each(['2023-02-30', '5月32日', '13.01', 'tomorrow', '515', '2023-05-15x', ''])('--date %s is refused', (spelling) => {
    expect(parseDateSpelling(spelling, 2023)).toBeNull();
  });

  it.each([
    ['5月15日', '2023-05-15'], ['5.16', '2023-05-16'], ['5-17 材料', '2023-05-17'], ['一职专0518', '2023-05-18'],
    ['2023年5月19日活动材料', '2023-05-19'], ['20230520', '2023-05-20'], ['2023-05-14', '2023-05-14'],
    ['today', null], ['活动周总结', null], ['2023总结', null], ['甲校', null],
  ])('the folder %s is dated %s', (name, date) => {
    expect(dateInName(name, 2023)).toBe(date);
  });

  it('Beijing’s wall clock is the one ICU gives for Asia/Shanghai, counted without it', () => {
    const icu = new Intl.DateTimeFormat('en-US', {
      timeZone: 'Asia/Shanghai', hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    const icuWall = (now: Date): number => {
      const parts = Object.fromEntries(icu.formatToParts(now).map((p) => [p.type, Number(p.value)]));
      return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
    };
    // Either side of midnight at UTC+8, every day from 1990 (summer time until September 1991, left to ICU) to 2031,
    // and an instant with milliseconds in each day.
    for (let day = Date.UTC(1990, 0, 1, 16); day < Date.UTC(2031, 0, 1); day += 86_400_000) {
      for (const now of [new Date(day - 1), new Date(day), new Date(day + 37_654_321)]) {
        if (wallClockAsUtc(now, 'Asia/Shanghai').getTime() !== icuWall(now)) expect(wallClockAsUtc(now, 'Asia/Shanghai').toISOString(), now.toISOString()).toBe(new Date(icuWall(now)).toISOString());
      }
    }
    expect(todayIn('Asia/Shanghai', new Date('2023-05-14T15:59:59.999Z'))).toBe('2023-05-14');
    expect(todayIn('Asia/Shanghai', new Date('2023-05-14T16:00:00Z'))).toBe('2023-05-15');
    expect(todayIn('Europe/Berlin', new Date('2023-05-14T22:30:00Z'))).toBe('2023-05-15');
    expect(wallClockMinute(new Date('2023-05-15T07:59:59.999Z'), 'Asia/Shanghai')).toBe('2023-05-15 15:59');
    expect(zonedInstant('2023-05-15', '16:00', 'Asia/Shanghai').toISOString()).toBe('2023-05-15T08:00:00.000Z');
    expect(zonedInstant('2023-03-26', '16:00', 'Europe/Berlin').toISOString()).toBe('2023-03-26T14:00:00.000Z');
  });

  it('comes from --date, else the folder’s name, else today in Beijing', () => {
    expect(resolveOccasion('材料/5月16日', { date: '5.17' }, puyang2023)).toEqual({ kind: 'day', date: '2023-05-17', source: 'option', folderDate: '2023-05-16' });
    expect(resolveOccasion('材料/5月16日', {}, puyang2023)).toEqual({ kind: 'day', date: '2023-05-16', source: 'folder', folderDate: '2023-05-16' });
    // 23:30 UTC on 15 May is 07:30 on 16 May in Beijing.
    expect(resolveOccasion('材料/today', { now: new Date('2023-05-15T23:30:00Z') }, puyang2023)).toEqual({ kind: 'day', date: '2023-05-16', source: 'today', folderDate: null });
    expect(() => resolveOccasion('today', { date: '2023-02-30' }, puyang2023)).toThrow(UsageError);
  });

  it('is within the week, 14 to 20 May, or check warns', async () => {
    const first = await day('5月14日');
    const last = await day('5.20');
    const after = await day('5月21日');
    const before = await day('0513');
    const { report } = await check([first, last, after, before], { lang: 'zh' });
    const dateFindings = report.submissions.map((s) => s.findings.filter((f) => f.rule === 'submission/date').map((f) => f.severity));
    expect(dateFindings).toEqual([[], [], ['warning'], ['warning']]);
    expect(report.submissions.map((s) => [s.date, s.dateSource, s.ok])).toEqual([
      ['2023-05-14', 'folder', true], ['2023-05-20', 'folder', true], ['2023-05-21', 'folder', true], ['2023-05-13', 'folder', true],
    ]);
    const warning = report.submissions[2]!.findings.find((f) => f.rule === 'submission/date')!;
    expect(warning.message).toBe('报送日期 2023-05-21（取自文件夹名）不在活动周 2023-05-14 至 2023-05-20 之内');
    expect(warning.data).toMatchObject({ date: '2023-05-21', dateSource: 'folder' });
  });

  it('a folder name that contradicts --date is a warning, and --date wins', async () => {
    const dir = await day('5月15日-conflict');
    const { report } = await check([dir], { lang: 'en', date: '5月16日' });
    const [submission] = report.submissions;
    expect(submission).toMatchObject({ date: '2023-05-16', dateSource: 'option', ok: true });
    expect(submission!.findings.map((f) => [f.rule, f.severity])).toEqual([['submission/date', 'warning']]);
    expect(submission!.findings[0]!.message).toBe('--date says 2023-05-16 but the folder name "5月15日-conflict" says 2023-05-15; --date is used');
  });

  it('the report says which date was used and where it came from', async () => {
    const dir = await day('5月16日');
    const { report } = await check([dir], { lang: 'zh' });
    expect(formatText(report, { lang: 'zh', colorLevel: 0 }).split('\n')[0]).toBe(`检查 ${dir}（5月16日的材料，取自文件夹名）`);
  });
});

describe('pack and the week', () => {
  it('refuses a day outside the week unless --date was given, and says which date it took', async () => {
    const dir = await day('5月22日');
    const refused = pack(dir, { lang: 'zh', now: IN_THE_WEEK });
    await expect(refused).rejects.toThrow(UsageError);
    await expect(refused).rejects.toMatchObject({ messages: { zh: expect.stringContaining('5月22日 的日期是 2023-05-22（取自文件夹名），不在活动周') } });
    expect((await readdir(work)).filter((name) => name.endsWith('.zip'))).toEqual([]);

    const packed = await pack(dir, { lang: 'zh', date: '2023-05-22', now: IN_THE_WEEK, out: path.join(work, 'out-explicit') });
    expect(packed.status).toBe('packed');
    expect(packed.packages[0]!.fileName).toBe(`${UNIT}-2023年5月22日-职教活动周材料.zip`);
    expect(packed.occasion).toMatchObject({ date: '2023-05-22', source: 'option' });
  });

  it('takes the day from the folder’s name for the package name, the subject and the deadline', async () => {
    const dir = await day('5.17');
    const packed = await pack(dir, { lang: 'zh', now: IN_THE_WEEK, out: path.join(work, 'out-517') });
    expect(packed.packages[0]!.fileName).toBe(`${UNIT}-2023年5月17日-职教活动周材料.zip`);
    expect(packed.packages[0]!.subject).toBe(`【职教活动周】${UNIT} 5月17日 活动材料`);
    expect(packed.deadline).toBe('截止时间：5月17日 16:00（北京时间），还有 2 天 6 小时');
  });
});

describe('the week’s summary', () => {
  let summary: string;

  beforeAll(async () => {
    summary = path.join(work, '活动周总结');
    await writeDocx(path.join(summary, '濮阳一职专.docx'), [para('2023年职业教育活动周工作总结'), body(900), para('活动亮点：技能展示。典型案例：家长开放日。'), await picture()]);
  });

  it('is judged by the summary rules only: no daily write-up is expected, and its document is the summary', async () => {
    const { report } = await check([summary], { lang: 'zh' });
    const [result] = report.submissions;
    expect(result).toMatchObject({ kind: 'summary', ok: true });
    expect(result!.findings).toEqual([]);
    expect(result!.files.map((f) => [f.path, f.kind, f.classification.by])).toEqual([['濮阳一职专.docx', 'summary', 'summary-submission']]);
    expect(formatText(report, { lang: 'zh', colorLevel: 0 }).split('\n')[0]).toBe(`检查 ${summary}（活动周总结）`);
  });

  it('--summary makes any folder the summary', async () => {
    const dir = await day('weekly', { '工作总结.docx': await docxOf([body(900), await picture()]) });
    const { report } = await check([dir], { lang: 'en', summary: true });
    expect(report.submissions[0]!.kind).toBe('summary');
    expect(report.submissions[0]!.findings.map((f) => f.rule)).not.toContain('text/missing');
  });

  it('has its own package name, subject and deadline (three days after the week)', async () => {
    const packed = await pack(summary, { lang: 'zh', now: new Date('2023-05-22T02:00:00Z'), out: path.join(work, 'out-summary') });
    expect(packed.status).toBe('packed');
    expect(packed.packages[0]!.fileName).toBe(`${UNIT}-2023年职业教育活动周工作总结.zip`);
    expect(packed.packages[0]!.subject).toBe(`【职教活动周】${UNIT} 2023年职业教育活动周工作总结`);
    expect(packed.deadline).toBe('截止时间：5月23日 24:00（北京时间），还有 1 天 14 小时');
    expect(deadlineLine('2023-05-15', puyang2023, new Date('2023-05-24T00:00:00Z'), 'en', 'summary')).toBe(
      'The deadline, 2023-05-23 24:00 Beijing time, passed 8 hours ago: send it now and tell the bureau why it is late',
    );
  });
});

describe('submission/empty: 未报送', () => {
  it('an empty folder, or one with only junk, is an error, never a pass', async () => {
    const empty = await day('5月18日-empty', {});
    await put(path.join(work, '5月18日-junk', 'Thumbs.db'), 'x');
    const { report } = await check([empty, path.join(work, '5月18日-junk')], { lang: 'zh' });
    for (const submission of report.submissions) {
      expect(submission.ok).toBe(false);
      expect(submission.findings.map((f) => [f.rule, f.severity])).toContainEqual(['submission/empty', 'error']);
    }
    expect(report.submissions[0]!.findings.find((f) => f.rule === 'submission/empty')!.message).toBe('未报送：这份材料里没有任何要报送的文件');
    expect(formatText(report, { lang: 'zh', colorLevel: 0 })).toMatch(/共 0 个文件：1 个错误，1 个警告 —— 未报送/u);
  });

  it('with --each, a school that sent nothing shows as 未报送 in the district table', async () => {
    const district = path.join(work, '5月19日');
    await put(path.join(district, '甲校', '文字材料', '概况.txt'), chineseTextOf(1000));
    await put(path.join(district, '乙校', 'desktop.ini'), '');
    const { report } = await check([], { lang: 'zh', each: district });
    expect(report.submissions.map((s) => [path.basename(s.path), s.ok, s.date, s.dateSource])).toEqual([
      ['乙校', false, '2023-05-19', 'folder'], ['甲校', true, '2023-05-19', 'folder'],
    ]);
    const table = formatText(report, { lang: 'zh', colorLevel: 0 }).split('\n').filter((line) => line.startsWith(district));
    expect(table.map((line) => line.split(/\s{2,}/u).at(-1))).toEqual(['未报送', '合格']);
  });
});
