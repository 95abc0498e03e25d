import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, findConfigFile, loadConfig, parseConfig } from '../src/config.js';

let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pyvw-config-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function issuesOf(raw: unknown): { path: string; en: string; zh: string }[] {
  try {
    parseConfig(raw, 'pyvw.config.json');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).issues.map((i) => ({ path: i.path, en: i.message.en, zh: i.message.zh }));
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('defaults to the profile and each rule’s default severity and options', () => {
    const config = parseConfig({}, '(defaults)');
    expect(config.profile.id).toBe('puyang-2023');
    expect(config.rules.get('text/length')).toMatchObject({ severity: 'error', options: { min: 800, max: 1500 } });
    expect(config.rules.get('text/missing')).toMatchObject({ severity: 'warn' });
  });

  it('takes off / warn / error and [severity, options], merging options over the profile', () => {
    const config = parseConfig(
      { rules: { 'text/length': ['warn', { min: 600 }], 'unknown/format': 'off', 'text/readable': ['error'], 'text/missing': 'error' } },
      'x',
    );
    expect(config.rules.get('text/length')).toMatchObject({ severity: 'warn', options: { min: 600, max: 1500 } });
    expect(config.rules.get('unknown/format')!.severity).toBe('off');
    expect(config.rules.get('text/readable')!.severity).toBe('error');
    expect(config.rules.get('text/missing')!.severity).toBe('error');
  });

  it('accepts the contract’s example', () => {
    expect(() =>
      parseConfig({
        $schema: './pyvw.config.schema.json', profile: 'puyang-2023', unit: '濮阳市第一职业中等专业学校',
        rules: { 'photo/min-bytes': 'warn', 'text/length': ['error', { min: 600, max: 1500 }] },
      }, 'x'),
    ).not.toThrow();
  });

  const bad: [string, unknown, string, RegExp][] = [
    ['a misspelt rule', { rules: { 'text/lenght': 'off' } }, 'rules.text/lenght', /no such rule; the text rules are: text\/readable, text\/length, text\/missing/],
    ['an unknown rule', { rules: { 'pdf/pages': 'off' } }, 'rules.pdf/pages', /no such rule \(rule names are listed in docs\/rules.md\)/],
    ['a bad severity', { rules: { 'text/length': 'warning' } }, 'rules.text/length', /expected "off", "warn", "error".*got "warning"/],
    ['a bad severity in a tuple', { rules: { 'text/length': ['fatal', { min: 1 }] } }, 'rules.text/length[0]', /off.*warn.*error/],
    ['a bad option type', { rules: { 'text/length': ['error', { min: '600' }] } }, 'rules.text/length[1].min', /expected number, received string/],
    ['an unknown option', { rules: { 'text/length': ['error', { minimum: 600 }] } }, 'rules.text/length[1].minimum', /allowed here: min, max/],
    ['a negative option', { rules: { 'text/length': ['error', { min: -1 }] } }, 'rules.text/length[1].min', />=0/],
    ['an unknown top-level key', { rule: {} }, 'rule', /unknown key; allowed here: .*rules/],
    ['an unknown profile', { profile: 'puyang-2024' }, 'profile', /puyang-2023/],
    ['rules as an array', { rules: [] }, 'rules', /expected object/],
    ['a config that is not an object', [], '', /expected object/],
  ];
  it.each(bad)('names the key path of %s', (_label, raw, keyPath, message) => {
    const issues = issuesOf(raw);
    expect(issues[0]).toMatchObject({ path: keyPath });
    expect(issues[0]!.en).toMatch(message);
    expect(issues[0]!.zh).toMatch(/\p{Script=Han}/u);
  });

  it('reports every bad key, not only the first', () => {
    expect(issuesOf({ rules: { 'a/b': 'off', 'text/length': 'on' }, unit: 3 }).map((i) => i.path).sort()).toEqual(['rules.a/b', 'rules.text/length', 'unit']);
  });
});

describe('finding and reading the config file', () => {
  let day: string;
  beforeAll(async () => {
    day = path.join(root, 'school', '2023-05-15');
    await mkdir(path.join(day, '图片'), { recursive: true });
    await mkdir(path.join(root, 'cwd'), { recursive: true });
  });

  it('looks from the submission folder upwards, then in the working directory', async () => {
    const cwd = path.join(root, 'cwd');
    expect(await findConfigFile(day, undefined, cwd)).toBeNull();
    await writeFile(path.join(cwd, 'pyvw.config.json'), '{}');
    expect(await findConfigFile(day, undefined, cwd)).toBe(path.join(cwd, 'pyvw.config.json'));
    await writeFile(path.join(root, 'school', 'pyvw.config.json'), '{}');
    expect(await findConfigFile(day, undefined, cwd)).toBe(path.join(root, 'school', 'pyvw.config.json'));
    await writeFile(path.join(day, 'pyvw.config.json'), '{}');
    expect(await findConfigFile(day, undefined, cwd)).toBe(path.join(day, 'pyvw.config.json'));
    // A folder of that name is not a config.
    await mkdir(path.join(day, '图片', 'pyvw.config.json'));
    expect(await findConfigFile(path.join(day, '图片'), undefined, cwd)).toBe(path.join(day, 'pyvw.config.json'));
  });

  it('--config overrides the lookup, relative to the working directory', async () => {
    expect(await findConfigFile(day, 'other.json', root)).toBe(path.join(root, 'other.json'));
  });

  it.each([
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"unit":"濮阳市第一职业中等专业学校"}')])],
    ['UTF-16LE (Notepad "Unicode")', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('{"unit":"濮阳市第一职业中等专业学校"}', 'utf-16le')])],
    ['GBK (Notepad "ANSI")', iconv.encode('{"unit":"濮阳市第一职业中等专业学校"}', 'gbk')],
  ])('reads a config saved as %s', async (_label, bytes) => {
    const file = path.join(root, `enc-${bytes.length}.json`);
    await writeFile(file, bytes);
    const config = await loadConfig(day, file);
    expect(config.config.unit).toBe('濮阳市第一职业中等专业学校');
    expect(config.file).toBe(file);
  });

  it('invalid JSON and a missing --config file are ConfigErrors naming the file', async () => {
    const file = path.join(root, 'broken.json');
    await writeFile(file, '{ "rules": { "text/length": "off", } }');
    await expect(loadConfig(day, file)).rejects.toMatchObject({ file, issues: [{ path: '', message: { en: expect.stringMatching(/^line 1, column \d+: not valid JSON/) } }] });
    await expect(loadConfig(day, path.join(root, 'nope.json'))).rejects.toMatchObject({ issues: [{ message: { zh: '找不到这个配置文件' } }] });
  });
});
