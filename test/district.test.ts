import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Ajv } from 'ajv';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import stringWidth from 'string-width';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { check, formatReport, type CheckOptions, type CheckOutcome, type FormatName } from '../src/index.js';
import type { CheckReport } from '../src/types.js';
import { runCli, runMain, type CliRun } from './support/cli.js';
import { makeDistrict, SCHOOLS } from './support/district.js';

// A district office's run over three schools: 甲校 passes, 乙校 has one warning, 丙校 has three errors.

let root: string;
/**
 * One spawn of the program tests --each end to end; the CLI's own choices (bad parents, --max-warnings parsing, the
 * format wiring) run main() in-process; what each format makes of a real district is formatted from check() results,
 * a check asked twice checked once (each check of the district inspects three photos of 2-3 MB).
 */
/** The schools' folders carry no date: the day is named, so that "today" (outside the week) adds no submission/date warning. */
const DATE = '2023-05-15';
const dated = (given: string[]): string[] => (given[0] === 'check' ? [...given, '--date', DATE] : given);
function run(...given: string[]): Promise<CliRun> {
  return runMain(dated(given), { cwd: root });
}
const checks = new Map<string, Promise<CheckOutcome>>();
/** check() as `pyvw check` runs in the folder that holds district/ (this file's working folder), so reports name `district/甲校`. */
function checkDirs(dirs: string[], options: Partial<CheckOptions> = {}): Promise<CheckOutcome> {
  const key = JSON.stringify([dirs, options]);
  if (!checks.has(key)) checks.set(key, check(dirs, { lang: 'zh', date: DATE, ...options }));
  return checks.get(key)!;
}
async function formatted(outcome: Promise<CheckOutcome>, name: FormatName, lang: 'zh' | 'en' = 'zh'): Promise<string> {
  return formatReport((await outcome).report, name, { lang, colorLevel: 0 });
}
const { passing, warning, failing } = SCHOOLS;
const passingDirs = [`district/${passing}`, `district/${warning}`];

const projectCwd = process.cwd();
beforeAll(async () => {
  root = await makeDistrict();
  process.chdir(root);
}, 60_000);

vi.setConfig({ testTimeout: 60_000 });

afterAll(async () => {
  process.chdir(projectCwd);
  await rm(root, { recursive: true, force: true });
});

describe.concurrent('--each', () => {
  test('takes every subfolder in order, skipping dot-folders and files, and fails when one school fails (the program itself)', () => {
    const { status, stdout } = runCli(dated(['check', '--each', 'district', '--format', 'json']), { cwd: root });
    expect(status).toBe(1);
    const report = JSON.parse(stdout) as CheckReport;
    // Sorted by code unit: 丙 U+4E19, 乙 U+4E59, 甲 U+7532.
    expect(report.submissions.map((s) => s.path)).toEqual([failing, warning, passing].map((s) => `district/${s}`));
    expect(report.submissions.map((s) => [s.ok, s.counts.error, s.counts.warning])).toEqual([[false, 3, 0], [true, 0, 1], [true, 0, 0]]);
    expect(report.counts).toEqual({ error: 3, warning: 1, info: 0 });
    expect(report.ok).toBe(false);
  });

  test('a parent that is missing, a file, or has no subfolder is bad usage', async () => {
    for (const parent of ['nowhere', 'district/README.txt', `district/${passing}/图片`]) {
      const { status, stderr } = await run('check', '--each', parent);
      expect(status, parent).toBe(2);
      expect(stderr, parent).toContain(parent);
    }
  });
});

describe.concurrent('--format text', () => {
  test('ends with one row per school, lined up for Chinese names', async () => {
    const stdout = await formatted(checkDirs([], { each: 'district' }), 'text');
    const lines = stdout.trimEnd().split('\n');
    const table = lines.slice(lines.findIndex((l) => l.startsWith('材料')));
    expect(table).toHaveLength(7);
    const rows = table.filter((l) => !l.startsWith('─'));
    expect(rows.map((l) => l.split(/\s{2,}/u))).toEqual([
      ['材料', '文字', '照片', '新闻', '视频', '报道', '总结', '错误', '警告', '结论'],
      [`district/${failing}`, '1', '1', '0', '0', '0', '0', '3', '0', '不合格'],
      [`district/${warning}`, '1', '1', '0', '0', '0', '0', '0', '1', '合格（有警告）'],
      [`district/${passing}`, '1', '1', '0', '0', '0', '0', '0', '0', '合格'],
      ['合计 3 份', '3', '3', '0', '0', '0', '0', '3', '1', '不合格'],
    ]);
    // Everything before the status column ends at the same display column on every row.
    const widths = rows.map((l) => stringWidth(l.replace(/\s+\S+$/u, '')));
    expect(new Set(widths).size).toBe(1);
  });

  test('one submission gets no table', async () => {
    const outcome = checkDirs([`district/${passing}`]);
    expect((await outcome).report.ok).toBe(true);
    expect(await formatted(outcome, 'text')).not.toContain('合计');
  });
});

describe.concurrent('--format json', () => {
  const schema = JSON.parse(readFileSync(new URL('../docs/report.schema.json', import.meta.url), 'utf8')) as object;
  const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);

  test('validates against the published schema, in both languages and with every threshold', async () => {
    for (const options of [{}, { strict: true, quiet: true, maxWarnings: 0 }]) {
      const report: unknown = JSON.parse(await formatted(checkDirs([], { each: 'district', ...options }), 'json'));
      expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    }
  });

  test('folders named on the command line come before those of --each', async () => {
    const report = JSON.parse(await formatted(checkDirs([`district/${warning}`], { each: 'district', lang: 'en' }), 'json', 'en')) as CheckReport;
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.submissions.map((s) => s.path)).toEqual([warning, failing, warning, passing].map((s) => `district/${s}`));
  });

  test('the example in docs/report-format.md is a valid report', () => {
    const page = readFileSync(new URL('../docs/report-format.md', import.meta.url), 'utf8');
    const example: unknown = JSON.parse(/```json\n([\s\S]+?)```/u.exec(page)![1]!);
    expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
  });

  test('the schema is strict enough to catch a broken report', async () => {
    const report = JSON.parse(await formatted(checkDirs([], { each: 'district' }), 'json')) as Record<string, unknown>;
    expect(validate(report)).toBe(true);
    expect(validate({ ...report, schemaVersion: 2 })).toBe(false);
    expect(validate({ ...report, submissions: [{ path: 'x', ok: true }] })).toBe(false);
  });
});

describe.concurrent('--format junit', () => {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase'].includes(name) });
  type Case = { classname: string; name: string; file?: string; failure?: { message: string; type: string; '#text': string }; 'system-out'?: string };
  type Suite = { name: string; tests: string; failures: string; errors: string; skipped: string; testcase: Case[] };

  test('is well-formed, one suite per school, one case per file, with the right counts', async () => {
    const stdout = await formatted(checkDirs([], { each: 'district' }), 'junit');
    expect(XMLValidator.validate(stdout)).toBe(true);
    const { testsuites } = parser.parse(stdout) as { testsuites: Suite & { testsuite: Suite[] } };
    expect([testsuites.tests, testsuites.failures, testsuites.errors, testsuites.skipped]).toEqual(['6', '2', '0', '0']);
    const suites = Object.fromEntries(testsuites.testsuite.map((s) => [s.name, s]));
    expect(Object.keys(suites)).toEqual([failing, warning, passing].map((s) => `district/${s}`));

    const bad = suites[`district/${failing}`]!;
    expect([bad.tests, bad.failures]).toEqual(['2', '2']);
    const photo = bad.testcase.find((c) => c.name === '图片/技能大赛开幕式现场.jpg')!;
    expect(photo.classname).toBe(`district/${failing}`);
    expect(photo.file).toBe(`district/${failing}/图片/技能大赛开幕式现场.jpg`);
    expect(photo.failure!.type).toBe('photo/long-edge');
    expect(photo.failure!['#text']).toContain('photo/min-bytes');
    expect(photo.failure!['#text']).toContain('怎么改：');

    const warned = suites[`district/${warning}`]!;
    expect([warned.tests, warned.failures]).toEqual(['2', '0']);
    const cmyk = warned.testcase.find((c) => c.name === '图片/技能大赛开幕式现场.jpg')!;
    expect(cmyk.failure).toBeUndefined();
    expect(cmyk['system-out']).toContain('photo/colour');

    expect(suites[`district/${passing}`]!.testcase.every((c) => !c.failure && !c['system-out'])).toBe(true);
  });

  test('under --strict a warning fails its case, as it fails the school', async () => {
    // main() in-process: --format and --strict reach the formatter and the exit code.
    const { status, stdout } = await run('check', ...passingDirs, '--format', 'junit', '--strict');
    expect(status).toBe(1);
    const { testsuites } = parser.parse(stdout) as { testsuites: Suite & { testsuite: Suite[] } };
    expect(testsuites.failures).toBe('1');
    expect(testsuites.testsuite[1]!.testcase[0]!.failure!.type).toBe('photo/colour');
  });

  test('findings about the whole folder get a case of their own', async () => {
    const stdout = await formatted(checkDirs([`district/${passing}/图片`]), 'junit');
    const { testsuites } = parser.parse(stdout) as { testsuites: { testsuite: Suite[] } };
    const cases = testsuites.testsuite[0]!.testcase;
    expect(cases.map((c) => c.name)).toEqual(['技能大赛开幕式现场.jpg', '(整份材料)']);
    expect(cases[1]!['system-out']).toContain('text/missing');
  });
});

describe.concurrent('--format github', () => {
  test('one workflow command per finding, in the documented form', async () => {
    const stdout = await formatted(checkDirs([], { each: 'district', lang: 'en' }), 'github', 'en');
    // The district table is printed between ::stop-commands::<token> and ::<token>::, so no school name can forge a command.
    const commands = stdout.split('\n').filter((l) => /^::(error|warning|notice) /u.test(l));
    expect(commands).toHaveLength(4);
    expect(stdout).toMatch(/^::stop-commands::[0-9a-f-]{36}$/mu);
    for (const line of commands) expect(line).toMatch(/^::(error|warning) file=district\/[^,:]+,title=[a-z-]+\/[a-z-]+::[^\r\n]+$/u);
    const photo = `district/${failing}/图片/技能大赛开幕式现场.jpg`;
    expect(commands[0]).toMatch(new RegExp(`^::error file=${photo},title=photo/long-edge::the photo is 800×600 px; .*%0Afix: `, 'u'));
    expect(commands).toContain(commands.find((l) => l.startsWith(`::error file=district/${failing}/文字材料/活动概况.txt,title=text/length::`)));
    expect(commands.filter((l) => l.startsWith('::warning'))).toEqual([
      expect.stringMatching(new RegExp(`^::warning file=district/${warning}/图片/技能大赛开幕式现场.jpg,title=photo/colour::`, 'u')),
    ]);
    // The district table follows in the log, as plain lines.
    expect(stdout).toContain('total of 3');
  });
});

// The thresholds are the API's and the report layer's: tested in-process on check() results, with the CLI's own
// parsing of --max-warnings left to one run of main().
/** The CLI's exit code for a check outcome. */
const exitOf = ({ report, internalFaults }: CheckOutcome): number => (internalFaults > 0 ? 2 : report.ok ? 0 : 1);

describe('thresholds', () => {
  test('--strict fails a school with warnings', async () => {
    expect(exitOf(await checkDirs(passingDirs))).toBe(0);
    expect(exitOf(await checkDirs(passingDirs, { strict: true }))).toBe(1);
  });

  test('--max-warnings fails the run only when all warnings together exceed it', async () => {
    expect(exitOf(await checkDirs(passingDirs, { maxWarnings: 1 }))).toBe(0);
    const over = await checkDirs(passingDirs, { maxWarnings: 0 });
    expect(exitOf(over)).toBe(1);
    expect(await formatReport(over.report, 'text', { lang: 'zh', colorLevel: 0 })).toContain('警告共 1 个，超过 --max-warnings 0');
    const json = JSON.parse(await formatReport(over.report, 'json', { lang: 'zh', colorLevel: 0 })) as CheckReport;
    expect([json.ok, json.maxWarnings, json.submissions.every((s) => s.ok)]).toEqual([false, 0, true]);
  });

  test('--max-warnings takes a whole number', async () => {
    expect((await run('check', ...passingDirs, '--max-warnings', 'ten')).status).toBe(2);
  });

  test('--quiet leaves warnings out of the report and out of the exit code', async () => {
    const quiet = await checkDirs(passingDirs, { quiet: true, strict: true, maxWarnings: 0 });
    expect(exitOf(quiet)).toBe(0);
    expect(await formatReport(quiet.report, 'text', { lang: 'zh', colorLevel: 0 })).not.toContain('photo/colour');
    const district = await checkDirs([], { each: 'district', quiet: true });
    expect(exitOf(district)).toBe(1);
    const github = await formatReport(district.report, 'github', { lang: 'zh', colorLevel: 0 });
    expect(github).not.toContain('::warning');
    expect(github.split('\n').filter((l) => l.startsWith('::error'))).toHaveLength(3);
  });
});
