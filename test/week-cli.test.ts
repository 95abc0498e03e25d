import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import stringWidth from 'string-width';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../src/api.js';
import { loadConfig } from '../src/config.js';
import { ConfigError } from '../src/errors.js';
import { formatText } from '../src/report/text.js';
import type { CheckReport } from '../src/types.js';
import { runCliAsync, runMain } from './support/cli.js';
import { put } from './support/folders.js';
import { FIXTURES } from './support/project.js';

const SAMPLE_DAY = path.join(FIXTURES, 'sample-day');

let work: string;
let sample: CheckReport;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'pyvw-clerk-'));
  sample = (await check([SAMPLE_DAY], { lang: 'zh', date: '5月15日' })).report;
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('usage errors, in Chinese by default', () => {
  it('a mistyped command gets the suggestion and one usage line, not the whole help', async () => {
    const run = await runCliAsync(['chek', '5月15日'], { env: { LANG: '', LC_ALL: '' } });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('pyvw: 没有 chek 这个命令。您是不是要输入 check？\n用法：pyvw check 5月15日 | pyvw pack 5月15日 | pyvw status | pyvw init；全部说明：pyvw --help\n');
    expect(run.stdout).toBe('');
  });

  it('an unknown option and a missing value, in the chosen language', async () => {
    const [option, value] = await Promise.all([
      runMain(['check', '--stirct'], { env: { LANG: '', LC_ALL: '' } }),
      runMain(['pack', 'x', '--lang', 'en', '--unit']),
    ]);
    expect(option.stderr).toMatch(/^pyvw: 不认识的选项 --stirct。您是不是要输入 --strict？\n用法：pyvw check \[文件夹…\] \[选项\]/u);
    expect(value.status).toBe(2);
    expect(value.stderr).toMatch(/^pyvw: (the option --unit needs a value|unknown option)/u);
  });

  it('pyvw pack on a folder that is not there says so before it asks for a unit', async () => {
    const run = await runMain(['pack', path.join(work, '不存在')], { cwd: work });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`pyvw: 找不到文件夹：${path.join(work, '不存在')}\n`);
  });
});

describe('a bad pyvw.config.json', () => {
  it('names the line and column of broken JSON', async () => {
    const dir = path.join(work, 'json');
    await put(path.join(dir, 'pyvw.config.json'), '\uFEFF{\r\n  "unit": "一中"\r\n  "rules": {}\r\n}\r\n');
    const error = await loadConfig(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues[0]!.message.zh).toMatch(/^第 3 行第 3 列：不是有效的 JSON/u);
    expect((error as ConfigError).issues[0]!.message.en).toMatch(/^line 3, column 3: not valid JSON/u);
  });

  it('says what zod found wrong entirely in Chinese', async () => {
    const dir = path.join(work, 'types');
    await put(path.join(dir, 'pyvw.config.json'), JSON.stringify({ unit: 5, attachmentLimitMB: '50', profile: 'x', rules: { 'text/length': ['error', { min: -1 }] } }));
    const error = (await loadConfig(dir).catch((e: unknown) => e)) as ConfigError;
    const zh = Object.fromEntries(error.issues.map((i) => [i.path, i.message.zh]));
    expect(zh).toMatchObject({
      unit: '应当是文字（用英文双引号括起来），实际写的是数字 5',
      attachmentLimitMB: '应当是数字，实际写的是文字 "50"',
      profile: '只能是 "puyang-2023" 之一，实际写的是 "x"',
    });
    for (const message of Object.values(zh)) expect(message).not.toMatch(/\b(number|string|expected|received)\b/u);
  });
});

describe('the check report in the terminal', () => {
  it.each([80, 120])('fits %i columns: messages and hints wrap, indented under themselves', (width) => {
    const text = formatText(sample, { lang: 'zh', colorLevel: 0, width });
    const lines = text.split('\n');
    expect(lines.filter((line) => stringWidth(line) > width)).toEqual([]);
    // A wrapped hint goes on under the hint, not flush left.
    const hint = lines.findIndex((line) => line.includes('怎么改：运行 pyvw fix'));
    expect(hint).toBeGreaterThan(0);
    if (width === 80) expect(lines[hint + 1]).toMatch(/^ {31}\S/u);
  });

  it('120 columns when the width is unknown, and colours do not count as columns', () => {
    const plain = formatText(sample, { lang: 'zh', colorLevel: 0 });
    const coloured = formatText(sample, { lang: 'zh', colorLevel: 3, width: 80 });
    expect(plain).toBe(formatText(sample, { lang: 'zh', colorLevel: 0, width: 120 }));
    expect(coloured.split('\n').filter((line) => stringWidth(line) > 80)).toEqual([]);
  });

  it('ends with what is ready, what must be fixed and the next command', async () => {
    const lines = formatText(sample, { lang: 'zh', colorLevel: 0, width: 1000 }).trimEnd().split('\n');
    expect(lines.at(-3)).toMatch(/^共 15 个文件/u);
    expect(lines.at(-2)).toBe('可以报送 6 个文件，要修改 8 个文件。');
    expect(lines.at(-1)).toMatch(/^先改 图片\/DSC_0042\.jpg：照片尺寸 1024×768 像素.*；改好后再运行 pyvw check /u);

    const ready = path.join(work, '5月16日 上午');
    await put(path.join(ready, '文字材料', '概况.txt'), '职业教育活动周，技能让生活更美好。'.repeat(60));
    const { report } = await check([ready], { lang: 'zh' });
    expect(formatText(report, { lang: 'zh', colorLevel: 0, width: 1000 }).trimEnd().split('\n').slice(-2)).toEqual([
      '可以报送 1 个文件。', `下一步：pyvw pack "${ready}"`,
    ]);
  });
});
