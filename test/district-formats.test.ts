import { XMLParser, XMLValidator } from 'fast-xml-parser';
import stringWidth from 'string-width';
import { describe, expect, test } from 'vitest';
import { escapeData, escapeProperty, formatGithub } from '../src/report/github.js';
import { formatJunit } from '../src/report/junit.js';
import { submissionPath } from '../src/report/paths.js';
import { formatText } from '../src/report/text.js';
import type { FileResult, Finding } from '../src/types.js';
import { checkReport, fileResult, submissionResult } from './support/reports.js';

// The formats on reports built by hand, for what a real folder rarely holds: markup, line breaks and control
// characters in messages, commas and colons in paths, names of every width.

const NASTY = 'a < b & "c" \'d\' > e, 100% f: g\r\nh\u0007i\uD800j 😀';

function finding(severity: Finding['severity'], rule = 'photo/caption', message = NASTY): Finding {
  return { rule, severity, message, hint: `fix ${NASTY}`, data: {} };
}

/** A photo's result with these findings. */
const photo = (path: string, findings: Finding[] = []): FileResult => fileResult(path, 'photo', { findings });

const nasty = checkReport([
  submissionResult('schools\\a,b:c', [
    photo('图片/x, y: 100%.jpg', [finding('error'), finding('warning', 'photo/colour')]),
    fileResult('Thumbs.db', 'ignored'),
  ], [finding('warning', 'text/missing')]),
]);

describe('junit', () => {
  const xml = formatJunit(nasty, { lang: 'en', colorLevel: 0 });
  const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', htmlEntities: true, isArray: (n) => ['testsuite', 'testcase'].includes(n) }).parse(xml) as {
    testsuites: { tests: string; failures: string; skipped: string; testsuite: { testcase: Record<string, unknown>[] }[] };
  };

  test('stays well-formed whatever the messages hold', () => {
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).not.toMatch(/[\u0007]|\uD800(?![\uDC00-\uDFFF])/u);
  });

  test('carries messages and paths back intact, line breaks included', () => {
    const [photo, junk, whole] = parsed.testsuites.testsuite[0]!.testcase;
    expect(photo!.name).toBe('图片/x, y: 100%.jpg');
    expect(photo!.classname).toBe('schools/a,b:c');
    const failure = photo!.failure as Record<string, string>;
    expect(failure.message).toBe(NASTY.replace('\u0007', '\uFFFD').replace('\uD800', '\uFFFD'));
    expect(failure['#text']).toContain('fix a < b & "c"');
    expect(photo!['system-out']).toContain('photo/colour');
    expect(junk!.skipped).toEqual({ message: 'junk' });
    expect(whole!.name).toBe('(submission)');
  });

  test('counts cases, failures and skipped files', () => {
    expect([parsed.testsuites.tests, parsed.testsuites.failures, parsed.testsuites.skipped]).toEqual(['3', '1', '1']);
  });
});

describe('github', () => {
  test('escapes data and properties as @actions/core does', () => {
    expect(escapeData('50% done\r\nnext')).toBe('50%25 done%0D%0Anext');
    expect(escapeProperty('a,b:c%\n')).toBe('a%2Cb%3Ac%25%0A');
  });

  test('every finding is one line, a whole-folder finding without a file', () => {
    const lines = formatGithub(nasty, { lang: 'en', colorLevel: 0 }).trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^::warning title=text\/missing::schools\/a,b:c: a < b/u);
    expect(lines[1]).toMatch(/^::error file=schools\/a%2Cb%3Ac\/图片\/x%2C y%3A 100%25.jpg,title=photo\/caption::a < b & "c" 'd' > e, 100%25 f: g%0D%0Ah/u);
    expect(lines[1]).toContain('%0Afix: fix a < b');
    expect(lines[2]).toMatch(/^::warning file=.*,title=photo\/colour::/u);
  });

  test('infos are notices', () => {
    const out = formatGithub(checkReport([submissionResult('s', [photo('a.jpg', [finding('info', 'photo/caption', 'note')])])]), { lang: 'en', colorLevel: 0 });
    expect(out).toMatch(/^::notice file=s\/a.jpg,title=photo\/caption::note%0Afix: /u);
  });
});

describe('text table', () => {
  test('lines up names of any width and counts of any length', () => {
    const names = ['濮阳市第一职业中等专业学校', 'school-b', '南乐县职业中专', 'x'];
    const files = (i: number): FileResult[] => Array.from({ length: 10 ** i }, (_, j) => photo(`${j}.jpg`, i === 1 ? [finding('error')] : []));
    const out = formatText(checkReport(names.map((name, i) => submissionResult(`district/${name}`, files(i)))), { lang: 'zh', colorLevel: 0 });
    const lines = out.trimEnd().split('\n');
    const table = lines.slice(lines.findIndex((l) => l.startsWith('材料'))).filter((l) => !l.startsWith('─'));
    expect(table).toHaveLength(6);
    const columnEnds = (line: string): number[] => [...line.matchAll(/\S+/gu)].map((m) => stringWidth(line.slice(0, m.index + m[0].length)));
    // Files of each kind, errors and warnings are right-aligned: their last columns are the same on every row.
    const ends = table.map((l) => columnEnds(l).slice(-9, -1));
    for (const row of ends) expect(row).toEqual(ends[0]);
    expect(table[2]).toMatch(/^district\/school-b\s+0\s+10\s+0\s+0\s+0\s+0\s+10\s+0\s+不合格$/u);
  });

  test('is in English with --lang en and says when --max-warnings is exceeded', () => {
    const r = checkReport([submissionResult('a', [photo('a.jpg', [finding('warning')])]), submissionResult('b', [])], { maxWarnings: 0, ok: false });
    const out = formatText(r, { lang: 'en', colorLevel: 0 });
    expect(out).toMatch(/submission\s+text\s+photo\s+news\s+video\s+media\s+sum\s+errors\s+warnings\s+status/u);
    expect(out).toMatch(/total of 2\s+0\s+1\s+0\s+0\s+0\s+0\s+0\s+1\s+FAIL/u);
    expect(out).toContain('1 warnings, more than --max-warnings 0: the run fails');
  });
});

test('submission paths use / and lose ./, for GitHub links and JUnit class names', () => {
  expect(submissionPath('./district/甲校/', '图片/a.jpg')).toBe('district/甲校/图片/a.jpg');
  expect(submissionPath('district\\甲校', '图片/a.jpg')).toBe('district/甲校/图片/a.jpg');
  expect(submissionPath('.')).toBe('.');
  expect(submissionPath('./today/')).toBe('today');
});
