import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_DIR } from '../src/release/cli-bundle.js';
import { cliEnv } from './support/cli.js';
import { makeFolder } from './support/folders.js';
import { BIN, PROJECT } from './support/project.js';

/**
 * What a check of a text-only folder loads (docs/performance.md, "Start-up"). bin/pyvw.js runs the CLI bundle
 * (src/release/cli-bundle.ts), so a few dozen files instead of tsc's ~200; and the bundle's code splitting must keep
 * what only photos, Word files and zips need out of such a check. One spawn, with a module-load hook that lists every
 * ES module the process loads (sharp, as an external package, is one of those).
 */

const HOOKS = `import { appendFileSync } from 'node:fs';
let log;
export function initialize(data) { log = data.log; }
export async function load(url, context, next) { appendFileSync(log, url + '\\n'); return next(url, context); }
`;

let root: string;
let loaded: string[];

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pyvw-startup-'));
  const day = await makeFolder(root, 'day', { '活动简介.txt': '濮阳市职业教育活动周开幕式在我校举行。\r\n' });
  const hooks = path.join(root, 'hooks.mjs');
  const log = path.join(root, 'loaded.txt');
  await writeFile(hooks, HOOKS);
  await writeFile(path.join(root, 'register.mjs'), `import { register } from 'node:module';
register(${JSON.stringify(pathToFileURL(hooks).href)}, { data: { log: ${JSON.stringify(log)} } });
`);
  await writeFile(log, '');
  const run = spawnSync(process.execPath, ['--import', pathToFileURL(path.join(root, 'register.mjs')).href, BIN, 'check', day, '--format', 'json'], {
    env: cliEnv(), encoding: 'utf8', timeout: 60_000,
  });
  expect(run.stderr).toBe('');
  expect(JSON.parse(run.stdout)).toMatchObject({ submissions: [{ files: [{ kind: 'text' }] }] });
  loaded = (await readFile(log, 'utf8')).split('\n').filter((url) => url.startsWith('file:')).map((url) => fileURLToPath(url));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('start-up of a check of a text-only folder', () => {
  it('loads the bundle: a few dozen of its files, nothing from node_modules', () => {
    const bundle = path.join(PROJECT, BUNDLE_DIR);
    expect(loaded.filter((file) => !file.startsWith(bundle + path.sep))).toEqual([BIN]);
    expect(loaded.length).toBeLessThan(60);
  });

  it('loads none of what photos, Word files and zips need', async () => {
    // esbuild heads each bundled module with its path (`// node_modules/yauzl/index.js`).
    const sources = (await Promise.all(loaded.map((file) => readFile(file, 'utf8')))).join('\n');
    const heads = [
      ...['exifr', 'saxes', 'yauzl', 'dingbat-to-unicode'].map((name) => `// node_modules/${name}/`),
      ...['image', 'docx', 'video', 'jpeg-structure'].map((name) => `// src/inspect/${name}.ts`),
    ];
    expect(heads.filter((head) => sources.includes(head))).toEqual([]);
  });
});
