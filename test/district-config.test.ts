import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { configSchema, parseConfig } from '../src/config.js';
import { effectiveConfig } from '../src/config-show.js';
import { RULES } from '../src/rules/registry.js';
import { SCHEMA_COMMAND, schemaFiles } from '../src/schema-files.js';
import { runCliAsync, runMain } from './support/cli.js';
import { makeFolder } from './support/folders.js';
import { chineseTextOf } from './support/texts.js';

const docs = (name: string): string => readFileSync(new URL(`../docs/${name}`, import.meta.url), 'utf8');
const configJsonSchema = JSON.parse(docs('pyvw.config.schema.json')) as object;

let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pyvw-config-'));
  await makeFolder(root, 'school', { '文字材料/概况.txt': chineseTextOf(960) });
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('the published JSON Schemas', () => {
  test.each(Object.entries(schemaFiles()))('%s is up to date', (file, generated) => {
    const committed = readFileSync(new URL(`../${file}`, import.meta.url), 'utf8');
    expect(committed, `${file} is out of date: run \`${SCHEMA_COMMAND}\` and commit the result`).toBe(generated);
  });

  test('the config schema names every rule', () => {
    const rules = (configJsonSchema as { properties: { rules: { properties: Record<string, unknown> } } }).properties.rules.properties;
    expect(Object.keys(rules)).toEqual(RULES.map((r) => r.id));
  });

  // An editor and pyvw must agree on what a valid config is.
  const validate = new Ajv({ strict: true, allErrors: true }).compile(configJsonSchema);
  test.each([
    [{}, true],
    [{ $schema: './node_modules/pyvw/docs/pyvw.config.schema.json', unit: '濮阳市第一职业中等专业学校' }, true],
    [{ rules: { 'photo/min-bytes': 'warn', 'text/length': ['error', { min: 600, max: 1500 }], 'photo/colour': ['off'] } }, true],
    [{ rules: { 'photo/colour-space': 'warn' } }, false],
    [{ rules: { 'photo/min-bytes': 'warning' } }, false],
    [{ rules: { 'text/length': ['error', { min: '600' }] } }, false],
    [{ rules: { 'text/length': ['error', { minimum: 600 }] } }, false],
    [{ profile: 'puyang-2024' }, false],
    [{ rule: {} }, false],
  ])('%j: %s, as pyvw says', (config, valid) => {
    expect(validate(config)).toBe(valid);
    expect(configSchema().safeParse(config).success).toBe(valid);
  });
});

describe('a bad config exits 2 and names the key', () => {
  test.each([
    ['an unknown rule id', '{ "rules": { "photo/colour-space": "warn" } }', 'rules.photo/colour-space'],
    ['a bad severity', '{ "rules": { "photo/min-bytes": "warning" } }', 'rules.photo/min-bytes: expected "off", "warn", "error"'],
    ['a bad severity in a tuple', '{ "rules": { "text/length": ["fatal", { "min": 600 }] } }', 'rules.text/length[0]'],
    ['a wrong option type', '{ "rules": { "text/length": ["error", { "min": "600" }] } }', 'rules.text/length[1].min: Invalid input: expected number'],
    ['an unknown option', '{ "rules": { "text/length": ["error", { "minimum": 600 }] } }', 'rules.text/length[1].minimum'],
    ['an option out of range', '{ "rules": { "photo/long-edge": ["error", { "min": -1 }] } }', 'rules.photo/long-edge[1].min'],
    ['invalid JSON', '{ "rules": { "photo/min-bytes": "warn", } }', 'not valid JSON'],
    ['an unknown top-level key', '{ "rule": {} }', '  rule: unknown key'],
  ])('%s', async (what, text, expected) => {
    const config = path.join(root, `${what.replaceAll(' ', '-')}.json`);
    await writeFile(config, text);
    const { status, stdout, stderr } = await runMain(['check', 'school', '--config', config, '--lang', 'en'], { cwd: root });
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(config);
    expect(stderr).toContain(expected);
  });
});

describe('pyvw config show', () => {
  test('prints the profile with the nearest config applied, every rule as [severity, options]', async () => {
    await writeFile(path.join(root, 'pyvw.config.json'), JSON.stringify({ unit: '南乐县职业中专', rules: { 'text/length': ['warn', { min: 600 }], 'photo/colour': 'off' } }));
    // The program itself, once for this command; the other runs are main() in-process.
    const { status, stdout, stderr } = await runCliAsync(['config', 'show', 'school'], { cwd: root });
    await rm(path.join(root, 'pyvw.config.json'));
    expect(status).toBe(0);
    expect(stderr).toContain(path.join(root, 'pyvw.config.json'));
    const shown = JSON.parse(stdout) as { profile: string; unit: string; attachmentLimitMB: number; rules: Record<string, [string, object]> };
    expect(shown).toMatchObject({ profile: 'puyang-2023', unit: '南乐县职业中专', attachmentLimitMB: 50 });
    expect(Object.keys(shown.rules)).toEqual(RULES.map((r) => r.id));
    expect(shown.rules['text/length']).toEqual(['warn', { min: 600, max: 1500 }]);
    expect(shown.rules['photo/colour']).toEqual(['off', {}]);
    expect(shown.rules['photo/min-bytes']).toEqual(['error', { min: 2_097_152 }]);
    // What it prints is itself a valid config that judges the same way.
    expect(new Ajv({ strict: true }).validate(configJsonSchema, shown)).toBe(true);
    expect(effectiveConfig(parseConfig(shown, 'shown'))).toEqual(shown);
  });

  test('without a config file: the profile defaults', async () => {
    const { status, stdout, stderr } = await runMain(['config', 'show', 'school', '--lang', 'en'], { cwd: root });
    expect(status).toBe(0);
    expect(stderr).toContain('no config file');
    expect((JSON.parse(stdout) as { rules: Record<string, unknown> }).rules['text/length']).toEqual(['error', { min: 800, max: 1500 }]);
  });

  test('a bad config is bad usage here too', async () => {
    const config = path.join(root, 'bad-severity.json');
    await writeFile(config, '{ "rules": { "photo/min-bytes": "warning" } }');
    const { status, stderr } = await runMain(['config', 'show', 'school', '--config', config], { cwd: root });
    expect(status).toBe(2);
    expect(stderr).toContain('rules.photo/min-bytes');
  });

  test('a folder that is not there is bad usage', async () => {
    expect((await runMain(['config', 'show', 'nowhere'], { cwd: root })).status).toBe(2);
  });
});
