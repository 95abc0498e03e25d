import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import stringWidth from 'string-width';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../src/api.js';
import { colorLevel } from '../src/cli.js';
import { detectLang } from '../src/i18n.js';
import { formatReport } from '../src/index.js';
import type { CheckReport } from '../src/types.js';
import { runCli, runMain, type CliRun } from './support/cli.js';
import { docxOf, para } from './support/docx.js';
import { makeFolder } from './support/folders.js';
import { HD_VIDEO, PROJECT } from './support/project.js';
import { chineseTextOf } from './support/texts.js';

/**
 * One spawn of bin/pyvw.js on the sample day (the terminal report a clerk reads) and one `--version` test the program
 * end to end; every other CLI behaviour runs `main()` in-process (runMain), and the report layer's choices (language,
 * colour) are tested on check() results, so each costs no Node start and no second import of the rules (a spawn on
 * the sample day costs 1.6 s of CPU, measured).
 */

const SAMPLE = path.join('fixtures', 'sample-day');
// The published schema (docs/report.schema.json), which district offices validate against too.
const reportSchema = JSON.parse(readFileSync(new URL('../docs/report.schema.json', import.meta.url), 'utf8')) as object;
const validate = new Ajv({ allErrors: true, strict: false }).compile(reportSchema);

let root: string;
const folder = (name: string, files: Record<string, string | Uint8Array>): Promise<string> => makeFolder(root, name, files);

function allFiles(dir: string, rel = ''): string[] {
  return readdirSync(path.join(dir, rel)).flatMap((name) => {
    const child = rel ? `${rel}/${name}` : name;
    return statSync(path.join(dir, child)).isDirectory() ? allFiles(dir, child) : [child.normalize('NFC')];
  });
}

function reportOf(run: CliRun): { status: number | null; report: CheckReport } {
  expect(run.stderr).toBe('');
  const report = JSON.parse(run.stdout) as CheckReport;
  expect(validate(report), JSON.stringify(validate.errors, null, 2)).toBe(true);
  return { status: run.status, report };
}

async function jsonReport(args: string[], env?: Record<string, string>): Promise<{ status: number | null; report: CheckReport }> {
  return reportOf(await runMain(['check', '--format', 'json', ...args], { env }));
}

/** What the contract says the numbers mean, checked on any report. */
function expectConsistent(report: CheckReport, strict = false): void {
  for (const s of report.submissions) {
    const all = [...s.findings, ...s.files.flatMap((f) => f.findings)];
    for (const severity of ['error', 'warning', 'info'] as const) {
      expect(s.counts[severity]).toBe(all.filter((f) => f.severity === severity).length);
    }
    for (const f of s.files) {
      expect(f.ok).toBe(!f.findings.some((x) => x.severity === 'error'));
      expect(f.path).toBe(f.path.normalize('NFC'));
      if (f.kind === 'ignored') expect(f.findings).toEqual([]);
    }
    expect(s.ok).toBe(s.counts.error === 0 && (!strict || s.counts.warning === 0));
  }
  expect(report.ok).toBe(report.submissions.every((s) => s.ok));
}

/** The sample day's terminal report from the program itself, for the tests that read its layout. */
let sampleText: CliRun | undefined;
const sampleTextRun = (): CliRun => (sampleText ??= runCli(['check', SAMPLE, '--date', '5月15日']));

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pyvw-cli-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('pyvw check fixtures/sample-day', () => {
  it('JSON report follows the contract, lists every file with kind and reason, exits 1', async () => {
    const { status, report } = await jsonReport([SAMPLE]);
    expect(status).toBe(1);
    expectConsistent(report);
    expect(report).toMatchObject({ schemaVersion: 1, tool: { name: 'pyvw' }, profile: 'puyang-2023', ok: false, lang: 'zh', strict: false });
    const [submission] = report.submissions;
    expect(submission!.path).toBe(SAMPLE);
    expect(submission!.files.map((f) => f.path).sort()).toEqual(allFiles(path.join(PROJECT, SAMPLE)).sort());
    const byPath = new Map(submission!.files.map((f) => [f.path, f]));
    const rulesOf = (p: string): string[] => [...new Set(byPath.get(p)!.findings.map((f) => f.rule))].sort();

    expect(byPath.get('文字材料/5月15日活动简介.txt')).toMatchObject({
      kind: 'text', ok: true, classification: { by: 'folder', detail: '文字材料' }, reason: '在“文字材料”文件夹中',
      facts: { encoding: 'utf-8', words: 1182 },
    });
    expect(byPath.get('图片/图片说明.txt')).toMatchObject({ kind: 'caption', ok: true, classification: { by: 'manifest' } });
    expect(byPath.get('图片/IMG_20230515_101544.txt')).toMatchObject({ kind: 'caption', classification: { by: 'sidecar', detail: '图片/IMG_20230515_101544.jpg' } });
    expect(byPath.get('图片/Thumbs.db')).toMatchObject({ kind: 'ignored', ok: true, findings: [], classification: { by: 'junk' } });
    expect(byPath.get('活动方案.pdf')).toMatchObject({ kind: 'unknown', ok: false, classification: { by: 'unknown', detail: '.pdf' } });
    expect(rulesOf('照片打包.rar')).toEqual(['unknown/format']);

    // Photos: small JPEGs fail on size; each other failure is its own rule.
    expect(rulesOf('图片/开幕式上校长致辞.jpg')).toEqual(['photo/long-edge', 'photo/min-bytes']);
    expect(rulesOf('图片/IMG_20230515_093012.jpg')).toEqual(['photo/long-edge', 'photo/min-bytes']);
    expect(rulesOf('图片/DSC_0042.jpg')).toEqual(['photo/caption', 'photo/long-edge', 'photo/min-bytes']);
    expect(rulesOf('图片/学生展示汽修技能.jpg')).toContain('photo/jpeg');
    // The raw source stays in JSON; the words are for people.
    expect(byPath.get('图片/IMG_20230515_093012.jpg')!.facts).toMatchObject({ caption: '汽修专业学生向家长演示发动机拆装', captionSource: 'manifest:图片/图片说明.txt#1' });
    expect(byPath.get('图片/开幕式上校长致辞.jpg')!.facts).toMatchObject({ captionSource: 'filename' });

    // Word files and a video: photo news that passes, a media report that fails for want of a link, a described video.
    expect(byPath.get('图片新闻/我校举办职业教育活动周开幕式.docx')).toMatchObject({
      kind: 'photo-news', ok: true, findings: [],
      facts: { pictures: 1, captions: 1, source: '图片来源：濮阳市第一职业中等专业学校宣传办公室' },
    });
    expect(rulesOf('媒体报道/濮阳日报报道我校校园开放日.docx')).toEqual(['media-report/link']);
    expect(byPath.get('媒体报道/濮阳日报报道我校校园开放日.docx')!.facts).toMatchObject({ pictures: 1, links: [], title: { source: 'style' } });
    expect(byPath.get('视频/VID_20230515_094512.mp4')).toMatchObject({
      kind: 'video', ok: true, findings: [],
      facts: { container: 'mp4', videoCodec: 'h264', displayWidth: 1280, displayHeight: 720, descriptionSource: 'manifest:视频/视频说明.txt#1' },
    });
    expect(byPath.get('视频/视频说明.txt')).toMatchObject({ kind: 'description', ok: true, classification: { by: 'manifest' } });

    const unknown = byPath.get('活动方案.pdf')!.findings[0]!;
    expect(unknown).toMatchObject({ rule: 'unknown/format', severity: 'error', data: { ext: '.pdf' } });
    expect(unknown.message).toContain('.pdf');
    expect(unknown.hint).not.toBe('');
  });

  it('the terminal report is in Chinese, grouped by file, with a summary line and no colour in a pipe', () => {
    const run = sampleTextRun();
    expect(run.status).toBe(1);
    expect(run.stdout).not.toMatch(/\u001b\[/u);
    expect(run.stdout).toContain('检查 fixtures/sample-day');
    expect(run.stdout).toMatch(/✓ 文字材料\/5月15日活动简介\.txt +文字材料 +字数 1182，字符数\(不计空格\) 1186，编码 UTF-8/u);
    expect(run.stdout).toContain('（来自说明清单 图片/图片说明.txt 第 1 行）');
    expect(run.stdout).toContain('（来自同名说明文件 图片/IMG_20230515_101544.txt）');
    expect(run.stdout).toMatch(/· 图片\/Thumbs\.db +忽略 +系统或临时文件/u);
    expect(run.stdout).toMatch(/怎么改：/u);
    expect(run.stdout).toMatch(/\n共 15 个文件（其中 1 个忽略）：\d+ 个错误，0 个警告 —— 不合格\n可以报送 \d+ 个文件，要修改 \d+ 个文件。\n先改 /u);
  });

  it('aligns the kind column by display width, Chinese paths included', () => {
    const lines = sampleTextRun().stdout.split('\n').filter((l) => /^ {2}[✓✗!·] /u.test(l));
    const columns = lines.map((line) => {
      const kindAt = line.search(/ (照片说明|照片|文字材料|图片新闻|媒体报道|视频\/报道说明|视频|未知格式|忽略)(?= |$)/u) + 1;
      return kindAt > 0 ? stringWidth(line.slice(0, kindAt)) : -1;
    });
    expect(new Set(columns).size).toBe(1);
  });

  // Language and colour are small choices of the report layer and the CLI: tested on check() results and on the
  // functions that choose, with one in-process run each for the wiring from the environment.
  it('--lang en, LANG and LC_ALL switch to English', async () => {
    expect(detectLang('en', {})).toBe('en');
    expect(detectLang(undefined, { LANG: 'en_US.UTF-8' })).toBe('en');
    expect(detectLang(undefined, { LANG: 'zh_CN.UTF-8', LC_ALL: 'en_GB.UTF-8' })).toBe('en');
    expect(detectLang(undefined, { LC_MESSAGES: 'en_US.UTF-8' })).toBe('en');
    expect(detectLang('zh', { LANG: 'en_US.UTF-8' })).toBe('zh');
    expect(detectLang(undefined, {})).toBe('zh');
    const { report } = await check([SAMPLE], { lang: 'en', date: '2023-05-15' });
    const text = await formatReport(report, 'text', { lang: 'en', colorLevel: 0 });
    expect(text).toContain('Checking fixtures/sample-day');
    expect(text).toMatch(/\n15 files \(1 ignored\): \d+ errors, 0 warnings — FAIL\n\d+ files are ready to send; \d+ must be fixed\.\nFix /u);
    expect(text).toContain('the notice does not ask for .pdf files');
    expect(report.lang).toBe('en');
    expect(validate(report), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(report.submissions[0]!.files.find((f) => f.path === '活动方案.pdf')!.reason).toBe('a format the notice does not ask for (.pdf)');
    // The wiring: the CLI reads the environment (a missing folder is the cheapest run that says something).
    const missing = path.join(root, '不存在');
    expect((await runMain(['check', missing], { env: { LANG: 'zh_CN.UTF-8', LC_ALL: 'en_GB.UTF-8' } })).stderr).toContain('folder not found');
    expect((await runMain(['check', missing, '--lang', 'zh'], { env: { LANG: 'en_US.UTF-8' } })).stderr).toContain('找不到文件夹');
  });

  it('colour only on request: FORCE_COLOR turns it on in a pipe, NO_COLOR wins', async () => {
    const pipe = { isTTY: false, getColorDepth: () => 1 };
    expect(colorLevel(pipe, {})).toBe(0);
    expect(colorLevel(pipe, { FORCE_COLOR: '1' })).toBe(1);
    expect(colorLevel(pipe, { FORCE_COLOR: '0' })).toBe(0);
    expect(colorLevel(pipe, { FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(0);
    expect(colorLevel({ isTTY: true, getColorDepth: () => 24 }, {})).toBe(3);
    expect(colorLevel({ isTTY: true, getColorDepth: () => 24 }, { NO_COLOR: '1' })).toBe(0);
    const { report } = await check([SAMPLE], { lang: 'zh', date: '5月15日' });
    expect(await formatReport(report, 'text', { lang: 'zh', colorLevel: 1 })).toMatch(/\u001b\[/u);
    expect(await formatReport(report, 'text', { lang: 'zh', colorLevel: 0 })).not.toMatch(/\u001b\[/u);
    expect(await formatReport(report, 'json', { lang: 'zh', colorLevel: 1 })).not.toMatch(/\u001b\[/u);
    // The wiring, on a one-file day: FORCE_COLOR reaches the report through a pipe, NO_COLOR wins over it.
    const day = await folder('colour', { '文字材料/简介.txt': chineseTextOf(900) });
    expect((await runMain(['check', day], { env: { FORCE_COLOR: '1' } })).stdout).toMatch(/\u001b\[/u);
    expect((await runMain(['check', day], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } })).stdout).not.toMatch(/\u001b\[/u);
    expect((await runMain(['check', day])).stdout).not.toMatch(/\u001b\[/u);
  });
});

describe('mangled files', () => {
  it('cut, zeroed and bit-rotted files each get a verdict; the run never crashes', async () => {
    const text = Buffer.from(chineseTextOf(1000), 'utf8');
    const sample = (rel: string): Buffer => readFileSync(path.join(PROJECT, SAMPLE, rel));
    const jpeg = sample('图片/开幕式上校长致辞.jpg');
    const docx = await docxOf(chineseTextOf(1000).split('\n').map(para));
    const rotted = (bytes: Buffer): Uint8Array => Buffer.from(bytes).map((b, i) => (i > 200 && i % 97 === 0 ? b ^ 0x5a : b));
    const dir = await folder('mangled', {
      '文字材料/截断.txt': text.subarray(0, text.length - 1000 + 1),
      '文字材料/全零.txt': Buffer.alloc(3000),
      '文字材料/位翻转.txt': rotted(text),
      '文字材料/截断.docx': docx.subarray(0, docx.length >> 1),
      '文字材料/全零.docx': Buffer.alloc(docx.length),
      '文字材料/位翻转.docx': rotted(docx),
      '图片/截断的照片.jpg': jpeg.subarray(0, jpeg.length >> 1),
      '图片/全零的照片.jpg': Buffer.alloc(jpeg.length),
      '图片/位翻转的照片.jpg': rotted(jpeg),
      '图片/空照片.jpg': Buffer.alloc(0),
    });
    const { status, report } = await jsonReport([dir]);
    expect(status).toBe(1);
    expectConsistent(report);
    const files = report.submissions[0]!.files;
    expect(files).toHaveLength(10);
    for (const file of files) {
      expect(file.findings.map((f) => f.message).join('\n'), file.path).not.toMatch(/internal error|内部错误/u);
      // Every damaged file fails, except the bit-rotted text: still UTF-8, about 1000 字, a fair verdict.
      if (file.path !== '文字材料/位翻转.txt') expect(file.ok, file.path).toBe(false);
    }
    expect(files.find((f) => f.path === '文字材料/位翻转.txt')!.facts).toMatchObject({ encoding: 'utf-8', undecodable: expect.any(Number) });
    const rules = (p: string): string[] => files.find((f) => f.path === p)!.findings.map((f) => f.rule);
    expect(rules('文字材料/全零.txt')).toEqual(['text/readable']);
    expect(rules('文字材料/截断.docx')).toEqual(['text/readable']);
    expect(rules('文字材料/全零.docx')).toEqual(['text/readable']);
    expect(rules('图片/截断的照片.jpg')).toContain('photo/intact');
    expect(rules('图片/空照片.jpg')).toContain('photo/intact');
  });
});

describe('exit codes', () => {
  it('0 when every submission passes; the config at the root is listed, ignored', async () => {
    const dir = await folder('pass', { '文字材料/简介.txt': chineseTextOf(1000), 'pyvw.config.json': '{"unit":"濮阳市第一职业中等专业学校"}' });
    const { status, report } = await jsonReport([dir, '--date', '5.15']);
    expect(status).toBe(0);
    expectConsistent(report);
    expect(report.ok).toBe(true);
    expect(report.submissions[0]!.files.map((f) => [f.path, f.kind, f.classification])).toEqual([
      ['pyvw.config.json', 'ignored', { by: 'config', detail: 'pyvw.config.json' }],
      ['文字材料/简介.txt', 'text', { by: 'folder', detail: '文字材料' }],
    ]);
    expect((await runMain(['check', dir, '--date', '5.15'])).stdout).toMatch(/—— 合格\n可以报送 1 个文件。\n下一步：pyvw pack \S+pass\n$/u);
  });

  it('warnings pass, unless --strict', async () => {
    // A day's folder named after a day outside the week: its one finding is the submission/date warning.
    const dir = await folder('5月25日', { '文字材料/简介.txt': chineseTextOf(1000), 'Thumbs.db': 'x' });
    const plain = await jsonReport([dir]);
    expect(plain.status).toBe(0);
    expect(plain.report.submissions[0]!.findings.map((f) => [f.rule, f.severity])).toEqual([['submission/date', 'warning']]);
    const strict = await jsonReport([dir, '--strict']);
    expect(strict.status).toBe(1);
    expectConsistent(strict.report, true);
    expect(strict.report).toMatchObject({ ok: false, strict: true });
    expect((await runMain(['check', dir, '--strict'])).stdout).toContain('（--strict：警告也算不合格）');
  });

  it.skipIf(process.platform === 'win32')('2 when pyvw itself fails on a file (an ffprobe that cannot run): the report still comes', async () => {
    const dir = await folder('internal-fault', { '文字材料/简介.txt': chineseTextOf(1000), '视频/开幕式.mp4': readFileSync(HD_VIDEO) });
    const probe = path.join(root, 'not-executable-ffprobe');
    await writeFile(probe, '#!/bin/sh\n', { mode: 0o644 });
    const run = await runMain(['check', dir, '--format', 'json', '--lang', 'en'], { env: { PYVW_FFPROBE: probe } });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/1 internal fault of pyvw/);
    const video = (JSON.parse(run.stdout) as CheckReport).submissions[0]!.files.find((f) => f.kind === 'video')!;
    expect(video.findings.map((f) => f.rule)).toContain('video/inspect');
  });

  it('1 when any one of several folders fails; each is its own submission', async () => {
    const good = await folder('good', { '简介.txt': chineseTextOf(900) });
    const bad = await folder('bad', { '简介.txt': chineseTextOf(799) });
    const { status, report } = await jsonReport([good, bad]);
    expect(status).toBe(1);
    expect(report.submissions.map((s) => [s.path, s.ok])).toEqual([[good, true], [bad, false]]);
    expect(report.submissions[1]!.files[0]!.findings[0]).toMatchObject({ rule: 'text/length', data: { words: 799, min: 800, missing: 1 } });
  });

  it('config from the submission folder upwards changes the verdict', async () => {
    const dir = await folder('relaxed/day', { '简介.txt': chineseTextOf(700) });
    await writeFile(path.join(root, 'relaxed', 'pyvw.config.json'), JSON.stringify({ rules: { 'text/length': ['error', { min: 600 }] } }));
    expect((await runMain(['check', dir])).status).toBe(0);
    // --config overrides the one found by lookup.
    const other = path.join(root, 'strict.json');
    await writeFile(other, '{}');
    expect((await runMain(['check', dir, '--config', other])).status).toBe(1);
  });

  it('2 for a bad config, naming the file and key path; nothing on stdout', async () => {
    const dir = await folder('bad-config', { '简介.txt': chineseTextOf(900) });
    await writeFile(path.join(dir, 'pyvw.config.json'), '\uFEFF{"rules": {"text/length": ["error", {"min": "600"}], "photo/nope": "off"}}');
    const run = await runMain(['check', dir, '--format', 'json']);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(path.join(dir, 'pyvw.config.json'));
    expect(run.stderr).toContain('rules.text/length[1].min');
    expect(run.stderr).toContain('rules.photo/nope');
    const en = await runMain(['check', dir, '--lang', 'en']);
    expect(en.status).toBe(2);
    expect(en.stderr).toMatch(/Bad config: .*\n {2}rules\.text\/length\[1\]\.min: Invalid input: expected number, received string/u);
  });

  it('2 for invalid JSON and for a --config that does not exist', async () => {
    const dir = await folder('json-typo', { '简介.txt': chineseTextOf(900), 'pyvw.config.json': '{"unit": "学校",}' });
    expect(await runMain(['check', dir])).toMatchObject({ status: 2, stdout: '' });
    expect((await runMain(['check', dir])).stderr).toContain('不是有效的 JSON');
    expect((await runMain(['check', dir, '--config', path.join(root, 'missing.json')])).stderr).toContain('找不到这个配置文件');
  });

  it('2 for a missing folder, a file given as folder, and bad options', async () => {
    const missing = await runMain(['check', path.join(root, '不存在')]);
    expect(missing).toMatchObject({ status: 2, stdout: '' });
    expect(missing.stderr).toContain('找不到文件夹');
    expect((await runMain(['check', path.join(root, '不存在'), '--lang=en'])).stderr).toContain('folder not found');
    expect((await runMain(['check', path.join(PROJECT, 'package.json')])).status).toBe(2);
    expect((await runMain(['check', SAMPLE, '--format', 'xml'])).status).toBe(2);
    expect((await runMain(['check', SAMPLE, '--date', '2023-02-30'])).status).toBe(2);
    expect((await runMain(['check', SAMPLE, '--lang', 'fr'])).status).toBe(2);
    expect((await runMain(['frobnicate'])).status).toBe(2);
  });

  it('--version and --help exit 0', async () => {
    const version = runCli(['--version']);
    expect(version).toMatchObject({ status: 0, stdout: expect.stringMatching(/^\d+\.\d+\.\d+\n$/u) });
    const help = await runMain(['check', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--strict');
  });
});
