// The district's view: --expect (a school with nothing received is a failing 未报送 row in every format),
// --format csv, --shard slices and merge-reports.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../src/api.js';
import { mergeReports } from '../src/merge.js';
import { formatCsv } from '../src/report/csv.js';
import { formatJson } from '../src/report/json.js';
import { formatJunit } from '../src/report/junit.js';
import { formatText } from '../src/report/text.js';
import { shardOf } from '../src/scan/shard.js';
import type { CheckReport } from '../src/types.js';
import { runCli, runMain } from './support/cli.js';
import { put } from './support/folders.js';
import { chineseTextOf } from './support/texts.js';
import { writeRawZip } from './support/zip.js';

const DATE = '2023-05-15';
let work: string;
let district: string;
let schools: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'pyvw-bureau-'));
  district = path.join(work, 'district');
  await put(path.join(district, '濮阳市第一职业中专/文字材料/活动纪实.txt'), chineseTextOf(1000));
  await put(path.join(district, '濮阳市第一职业中专分校/文字材料/活动纪实.txt'), chineseTextOf(300));
  await put(path.join(district, '华龙区职教中心/附件.pdf'), '%PDF-1.4');
  await writeRawZip(path.join(district, '南乐县职业中专-2023年5月15日-职教活动周材料.zip'), [
    { name: iconv.encode('文字材料/活动纪实.txt', 'gbk'), data: Buffer.from(chineseTextOf(1000)) },
  ]);
  // Saved from Notepad as ANSI on Chinese Windows: GBK, CRLF, a blank line and a comment.
  schools = path.join(work, '学校名单.txt');
  await writeFile(schools, iconv.encode('# 2023 年应报送学校\r\n濮阳市第一职业中专\r\n濮阳市第一职业中专分校\r\n南乐县职业中专\r\n\r\n清丰县职业中专\r\n台前县职业中专\r\n', 'gbk'));
}, 30_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const run = async (extra: Partial<Parameters<typeof check>[1]> = {}): Promise<CheckReport> =>
  (await check([], { lang: 'zh', date: DATE, each: district, expect: schools, ...extra })).report;

describe('--expect', () => {
  let report: CheckReport;
  beforeAll(async () => {
    report = await run();
  }, 30_000);

  it('adds a failing 未报送 row for each listed school with nothing received, after the ones received', () => {
    expect(report.submissions.map((s) => [path.basename(s.path), s.school ?? null, s.ok])).toEqual([
      ['华龙区职教中心', null, false],
      ['南乐县职业中专-2023年5月15日-职教活动周材料.zip', '南乐县职业中专', true],
      ['濮阳市第一职业中专', '濮阳市第一职业中专', true],
      // The longer name on the list wins: 分校 is not 濮阳市第一职业中专.
      ['濮阳市第一职业中专分校', '濮阳市第一职业中专分校', false],
      ['台前县职业中专', '台前县职业中专', false],
      ['清丰县职业中专', '清丰县职业中专', false],
    ]);
    const missing = report.submissions.at(-1)!;
    expect(missing.files).toEqual([]);
    expect(missing.findings.map((f) => [f.rule, f.severity, f.message])).toEqual([
      ['submission/expected', 'error', '未报送：没有找到清丰县职业中专的材料（文件夹或 .zip 报送包）'],
    ]);
    expect(report.ok).toBe(false);
  });

  it('shows it in text, JSON and JUnit', () => {
    const text = formatText(report, { lang: 'zh', colorLevel: 0 });
    expect(text).toMatch(/^清丰县职业中专\s+0\s+0\s+0\s+0\s+0\s+0\s+1\s+0\s+未报送$/mu);
    expect(text).toMatch(/\/南乐县职业中专-2023年5月15日-职教活动周材料\.zip\s+1\s+0\s+0\s+0\s+0\s+0\s+0\s+0\s+合格$/mu);
    const json = JSON.parse(formatJson(report, { lang: 'zh', colorLevel: 0 })) as CheckReport;
    expect(json.submissions.find((s) => s.path === '台前县职业中专')).toMatchObject({ school: '台前县职业中专', ok: false, counts: { error: 1 } });
    const junit = formatJunit(report, { lang: 'zh', colorLevel: 0 });
    expect(junit).toMatch(/<testsuite name="清丰县职业中专" tests="1" failures="1"[^]*?<failure message="未报送：没有找到清丰县职业中专的材料/u);
  });

  it('--format csv: a row per submission with files per kind, for Excel and WPS', () => {
    const csv = formatCsv(report, { lang: 'zh', colorLevel: 0 });
    expect(csv.startsWith('\uFEFF材料,学校,文字材料,照片,图片新闻,视频,媒体报道,活动周总结,其他文件,错误,警告,结论\r\n')).toBe(true);
    const rows = csv.slice(1).trimEnd().split('\r\n');
    expect(rows).toHaveLength(7);
    expect(rows).toContain('清丰县职业中专,清丰县职业中专,0,0,0,0,0,0,0,1,0,未报送');
    expect(rows.find((r) => r.includes('华龙区职教中心'))).toMatch(/,,0,0,0,0,0,0,1,1,1,不合格$/u);
  });

  it('escapes what a folder name could smuggle into a spreadsheet', () => {
    const csv = formatCsv({ ...report, submissions: [{ ...report.submissions[0]!, path: '=HYPERLINK("x"),\n2' }] }, { lang: 'en', colorLevel: 0 });
    expect(csv.split('\r\n')[1]).toMatch(/^"'=HYPERLINK\(""x""\),\\u000a2",/u);
  });
});

describe('--shard and merge-reports', () => {
  it('cuts stable slices that are disjoint and cover every submission', () => {
    const items = Array.from({ length: 23 }, (_, i) => `district/school-${i}`);
    const slices = [1, 2, 3, 4].map((index) => shardOf(items, (s) => s, { index, count: 4 }));
    expect(slices.flat().sort()).toEqual([...items].sort());
    expect(new Set(slices.flat()).size).toBe(items.length);
    expect(slices.map((s) => s.length)).toEqual([6, 6, 6, 5]);
    expect(shardOf(items, (s) => s, { index: 2, count: 4 })).toEqual(slices[1]);
  });

  it('merges the JSON reports of 3 shards into the report of the unsharded run', async () => {
    const whole = await run();
    const shards = await Promise.all([1, 2, 3].map((index) => run({ shard: { index, count: 3 } })));
    expect(shards.map((s) => s.submissions.length).reduce((a, b) => a + b, 0)).toBe(whole.submissions.length);
    const merged = mergeReports(shards.map((s) => JSON.parse(formatJson(s, { lang: 'zh', colorLevel: 0 })) as CheckReport));
    expect(merged).toEqual(JSON.parse(formatJson(whole, { lang: 'zh', colorLevel: 0 })));
  }, 60_000);

  it('pyvw merge-reports prints any format and exits with the code of the whole run', async () => {
    const files = await Promise.all([1, 2].map(async (index) => {
      const file = path.join(work, `shard-${index}.json`);
      await writeFile(file, formatJson(await run({ shard: { index, count: 2 } }), { lang: 'zh', colorLevel: 0 }));
      return file;
    }));
    const merged = runCli(['merge-reports', ...files, '--format', 'csv']);
    expect(merged.status).toBe(1);
    expect(merged.stdout.split('\r\n').filter(Boolean)).toHaveLength(7);
    expect((await runMain(['merge-reports', schools])).status).toBe(2);
  }, 60_000);
});
