/**
 * Word files written by LibreOffice (fixtures/heldout, see its README), judged as a grader would, through the same
 * check() the CLI prints (in-process: nothing runs while vitest collects the tests).
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { check } from '../src/api.js';
import type { CheckReport, FileResult } from '../src/types.js';
import { PROJECT } from './support/project.js';

const DAY = path.join(PROJECT, 'fixtures/heldout/day');

describe('fixtures/heldout: LibreOffice files through pyvw check --format json', () => {
  let report: CheckReport;
  let internalFaults: number;
  let files: Map<string, FileResult>;
  beforeAll(async () => {
    ({ report, internalFaults } = await check([DAY], { lang: 'zh', date: '2023-05-15' }));
    files = new Map(report.submissions[0]!.files.map((f) => [f.path, f]));
  });

  const expected: [file: string, kind: string, findings: Record<string, string>, readError?: string][] = [
    ['图片新闻/lo-insert-caption.docx', 'photo-news', {}],
    ['图片新闻/lo-chatu-style.docx', 'photo-news', {}],
    ['媒体报道/lo-idn-link.docx', 'media-report', {}],
    ['文字材料/lo-footnote-800.docx', 'text', {}],
    ['文字材料/lo-word97.doc', 'text', { 'text/readable': 'error' }, 'legacy-word'],
    ['文字材料/lo-word97-renamed.docx', 'text', { 'text/readable': 'error' }, 'ole'],
    ['文字材料/lo-odt-renamed.docx', 'text', { 'text/readable': 'error' }, 'no-document'],
  ];

  it('lists exactly the fixture files, and fails the day on the three unreadable ones', () => {
    expect([...files.keys()].sort()).toEqual(expected.map(([file]) => file).sort());
    // The CLI's exit 1: a submission fails, and pyvw itself did not.
    expect([report.ok, internalFaults]).toEqual([false, 0]);
    expect(report.submissions[0]!.counts).toEqual({ error: 3, warning: 0, info: 0 });
  });

  it.each(expected)('%s: %s, %j', (file, kind, findings, readError) => {
    const result = files.get(file)!;
    expect(result.kind).toBe(kind);
    expect(Object.fromEntries(result.findings.map((f) => [f.rule, f.severity]))).toEqual(findings);
    expect((result.facts as { readError?: string }).readError).toBe(readError);
  });

  it('reads the facts LibreOffice put there: frame captions, the 插图 caption, the Chinese host, the footnote', () => {
    const facts = (file: string) => files.get(file)!.facts as Record<string, unknown>;
    expect(facts('图片新闻/lo-insert-caption.docx')).toMatchObject({ pictures: 2, captions: 2 });
    expect((facts('图片新闻/lo-chatu-style.docx').captionTexts as string[])[0]).toMatch(/^图1 /u);
    expect(facts('媒体报道/lo-idn-link.docx').links).toEqual([{ url: 'https://濮阳.中国/news/2023/0515.html', via: 'text' }]);
    expect(facts('文字材料/lo-footnote-800.docx').words).toBe(800);
  });
});
