import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseConfig } from '../src/config.js';
import { grouped } from '../src/i18n.js';
import { judgeSubmission } from '../src/engine.js';
import { localize } from '../src/report/messages.js';
import { RULES } from '../src/rules/registry.js';
import { defineFileRule } from '../src/rules/rule.js';
import type { Bilingual } from '../src/types.js';
import { fakeFile } from './support/files.js';

/** Every `{key}` / `{key|formatter}` of a text. */
const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)(?:\|\w+)?\}/gu)].map((m) => m[1]!).sort();

/** A value for each placeholder, of the type rules report there (numbers for counts and sizes, codes elsewhere). */
function sampleData(texts: Bilingual[]): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const text of texts) for (const key of [...placeholders(text.zh), ...placeholders(text.en)]) data[key] = /text|name|stem|file|path|ext|source|detail|container|codec|format|code|process|scale|brand|manifest|unit/iu.test(key) ? 'x' : 1;
  return data;
}

describe('every rule’s messages, in both languages', () => {
  const cases = RULES.flatMap((rule) => Object.entries(rule.messages).map(([id, message]) => [rule.id, id, message] as const));

  it('there are messages to walk', () => {
    expect(cases.length).toBeGreaterThan(60);
  });

  it.each(cases)('%s %s: zh and en say the same things, and every placeholder is filled', (rule, messageId, message) => {
    for (const part of [message.message, message.hint]) {
      expect(part.zh.trim()).not.toBe('');
      expect(part.en.trim()).not.toBe('');
      // The Chinese says in Chinese what the English says: same values, no sentence in one language only.
      expect(/\p{Script=Han}/u.test(part.zh), part.zh).toBe(true);
    }
    expect(placeholders(message.message.zh)).toEqual(placeholders(message.message.en));
    const data = sampleData([message.message, message.hint]);
    for (const lang of ['zh', 'en'] as const) {
      const finding = localize({ rule, messageId, severity: 'error', data }, lang);
      for (const text of [finding.message, finding.hint]) {
        expect(text).not.toMatch(/\{\w+(?:\|\w+)?\}|undefined|\[object Object\]/u);
      }
    }
  });
});

describe('an unknown messageId', () => {
  it('throws inside report (the report layer), as ESLint does', () => {
    expect(() => localize({ rule: 'photo/caption', messageId: 'no-such-message', severity: 'error', data: {} }, 'zh')).toThrow(/no-such-message/u);
    expect(() => localize({ rule: 'no/such-rule', messageId: 'x', severity: 'error', data: {} }, 'en')).toThrow();
  });

  it('throws inside the rule that reported it, which becomes that rule’s internal error', async () => {
    const careless = defineFileRule<object, 'unknown'>({
      id: 'unknown/careless', scope: 'file', kind: 'unknown', defaultSeverity: 'error',
      docs: { zh: '测试', en: 'test' }, options: z.object({}), messages: {},
      check({ report }) {
        report('never-written');
      },
    });
    const config = parseConfig({}, '(test)');
    config.rules.set(careless.id, { rule: careless, severity: 'error', options: {} });
    const file = fakeFile('a.xyz', { kind: 'unknown', absPath: '/nonexistent/a.xyz', bytes: 0 });
    const judged = await judgeSubmission({ path: 't', absPath: '/nonexistent', files: [file] }, config);
    const findings = judged.files[0]!.findings.filter((f) => f.rule === 'unknown/careless');
    expect(findings.map((f) => [f.messageId, f.data.detail])).toEqual([['internal-error', expect.stringContaining('never-written')]]);
  });
});

describe('numbers grouped in thousands', () => {
  it('writes what toLocaleString(\'en-US\') writes, whole numbers without ICU', () => {
    const values = [0, -0, 1, -1, 9, 10, 99, 100, 999, 1000, -1000, 9999, 10_000, 20_868, 2_097_152, -2_097_152, 123_456_789];
    values.push(Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 2 ** 53, 1.5, 1234.5678, -0.25, NaN, Infinity, -Infinity, 1e21);
    for (let n = 1; n < 1e16; n *= 7) values.push(Math.floor(n), -Math.floor(n));
    for (const value of values) expect(grouped(value), String(value)).toBe(value.toLocaleString('en-US'));
  });
});
