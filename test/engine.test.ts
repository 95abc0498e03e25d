import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, type ResolvedConfig } from '../src/config.js';
import { judgeSubmission } from '../src/engine.js';
import { localize } from '../src/report/messages.js';
import { defineFileRule, defineSubmissionRule, type AnyRule } from '../src/rules/rule.js';
import { scanSubmission } from '../src/scan/scan.js';
import { makeFolder } from './support/folders.js';
import { chineseTextOf } from './support/texts.js';

let root: string;

const folder = (name: string, files: Record<string, string | Uint8Array>): Promise<string> => makeFolder(root, name, files);

/** The default config plus extra rules: the engine runs whatever the config resolved, so no other seam is needed. */
function configWith(extra: AnyRule[], raw: object = {}): ResolvedConfig {
  const config = parseConfig(raw, '(test)');
  for (const rule of extra) config.rules.set(rule.id, { rule, severity: rule.defaultSeverity, options: {} });
  return config;
}

const throwingFileRule = defineFileRule<object, 'text'>({
  id: 'text/throws', scope: 'file', kind: 'text', defaultSeverity: 'error',
  docs: { zh: '测试', en: 'test' }, options: z.object({}), messages: {},
  check() {
    throw new TypeError("Cannot read properties of undefined (reading 'x')\n    at stack");
  },
});

const throwingSubmissionRule = defineSubmissionRule<object>({
  id: 'submission/throws', scope: 'submission', defaultSeverity: 'warn',
  docs: { zh: '测试', en: 'test' }, options: z.object({}), messages: {},
  check() {
    throw new Error('boom');
  },
});

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pyvw-engine-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('judgeSubmission', () => {
  it('a rule that throws becomes an internal-error finding on that file, and the run goes on', async () => {
    const dir = await folder('throws', { '文字材料/简介.txt': chineseTextOf(700), '活动方案.pdf': '%PDF-1.4' });
    const judged = await judgeSubmission(await scanSubmission(dir), configWith([throwingFileRule, throwingSubmissionRule]));
    const text = judged.files.find((f) => f.file.path === '文字材料/简介.txt')!;
    expect(text.findings.map((f) => [f.rule, f.messageId, f.severity])).toEqual([
      ['text/length', 'short', 'error'],
      ['text/throws', 'internal-error', 'error'],
    ]);
    expect(text.findings[1]!.data.detail).toBe("Cannot read properties of undefined (reading 'x')");
    // Other files and submission rules still ran.
    expect(judged.files.find((f) => f.file.path === '活动方案.pdf')!.findings.map((f) => f.rule)).toEqual(['unknown/format']);
    // An internal error is always an error, whatever the rule's severity: the verdict cannot be trusted.
    expect(judged.findings).toEqual([{ rule: 'submission/throws', messageId: 'internal-error', severity: 'error', data: { detail: 'boom' } }]);
    expect(localize(text.findings[1]!, 'zh').message).toBe("pyvw 内部错误（text/throws）：Cannot read properties of undefined (reading 'x')");
  });

  it('a file the system will not read is a finding that names the error code, not an internal error', async () => {
    const dir = await folder('gone', { '简介.txt': chineseTextOf(900), '图片/开幕式.jpg': 'x' });
    const submission = await scanSubmission(dir);
    await rm(path.join(dir, '图片', '开幕式.jpg'));
    const judged = await judgeSubmission(submission, configWith([]));
    const [finding] = judged.files.find((f) => f.file.path === '图片/开幕式.jpg')!.findings;
    expect(finding).toMatchObject({ rule: 'photo/inspect', messageId: 'file-unreadable', severity: 'error', data: { code: 'ENOENT' } });
    expect(localize(finding!, 'en').message).toMatch(/^the file cannot be read \(ENOENT\): ENOENT: no such file or directory/u);
  });

  it('warns at submission level when there is no text write-up', async () => {
    const dir = await folder('no-text', { '活动方案.pdf': '%PDF-1.4', 'Thumbs.db': '' });
    const judged = await judgeSubmission(await scanSubmission(dir), configWith([]));
    expect(judged.findings).toEqual([{ rule: 'text/missing', messageId: 'missing', severity: 'warning', data: {} }]);
  });

  it('a write-up that cannot be read still counts as present', async () => {
    const dir = await folder('legacy', { '活动简介.doc': 'x' });
    const judged = await judgeSubmission(await scanSubmission(dir), configWith([]));
    expect(judged.findings).toEqual([]);
    expect(judged.files[0]!.findings.map((f) => f.messageId)).toEqual(['legacy-word']);
  });

  it('honours off, warn and [severity, options] from config', async () => {
    const dir = await folder('config', { '简介.txt': chineseTextOf(700), 'a.pdf': 'x' });
    const submission = await scanSubmission(dir);
    const off = await judgeSubmission(submission, configWith([], { rules: { 'text/length': 'off', 'unknown/format': 'warn' } }));
    expect(off.files.flatMap((f) => f.findings.map((x) => [x.rule, x.severity]))).toEqual([['unknown/format', 'warning']]);
    const relaxed = await judgeSubmission(submission, configWith([], { rules: { 'text/length': ['warn', { min: 600 }] } }));
    expect(relaxed.files.find((f) => f.file.kind === 'text')!.findings).toEqual([]);
    const stricter = await judgeSubmission(submission, configWith([], { rules: { 'text/length': ['warn', { min: 750 }] } }));
    expect(stricter.files.find((f) => f.file.kind === 'text')!.findings).toMatchObject([
      { rule: 'text/length', severity: 'warning', data: { words: 700, min: 750, max: 1500 } },
    ]);
  });

  it('never judges ignored files', async () => {
    const dir = await folder('junk', { '.DS_Store': '\x00\x00\x00\x01Bud1', '~$简介.docx': 'x', '简介.txt': chineseTextOf(900) });
    const judged = await judgeSubmission(await scanSubmission(dir), configWith([]));
    expect(judged.files.map((f) => [f.file.path, f.file.kind, f.findings.length])).toEqual([
      ['.DS_Store', 'ignored', 0],
      ['~$简介.docx', 'ignored', 0],
      ['简介.txt', 'text', 0],
    ]);
  });
});
