import { spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv } from './support/cli.js';
import { makeFolder } from './support/folders.js';
import { BIN, PROJECT } from './support/project.js';

/**
 * How the CLI starts (docs/performance.md, "Start-up" and "The CLI compiled once"): bin/pyvw.js runs the CLI's
 * bundle, one CommonJS file (src/release/cli-bundle.ts), through V8's code cache (src/code-cache.ts), kept per command
 * in the user's temporary folder. Each run here has a temporary folder of its own (TMPDIR), so the caches are the
 * test's.
 */

const HOOKS = `import { appendFileSync } from 'node:fs';
let log;
export function initialize(data) { log = data.log; }
export async function load(url, context, next) { appendFileSync(log, url + '\\n'); return next(url, context); }
`;

const POSIX = process.platform !== 'win32';

let root: string;
let day: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pyvw-startup-'));
  day = await makeFolder(root, 'day', { '活动简介.txt': '濮阳市职业教育活动周开幕式在我校举行。\r\n' });
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A check of the text-only day with `tmp` as the temporary folder; `args` go to Node before the program. */
function checkDay(tmp: string, args: string[] = [], env: Record<string, string> = {}): { stdout: string; stderr: string; status: number | null } {
  const run = spawnSync(process.execPath, [...args, BIN, 'check', day, '--format', 'json'], {
    env: cliEnv({ TMPDIR: tmp, TEMP: tmp, TMP: tmp, ...env }), encoding: 'utf8', timeout: 60_000,
  });
  return { stdout: run.stdout, stderr: run.stderr, status: run.status };
}

const cacheFolder = (tmp: string): string => path.join(tmp, POSIX ? `pyvw-code-cache-${process.getuid!()}` : 'pyvw-code-cache');

async function newTmp(name: string): Promise<string> {
  const tmp = path.join(root, name);
  await mkdir(tmp);
  return tmp;
}

describe('start-up of a check of a text-only folder', () => {
  it('loads bin/pyvw.js, the cache loader and the bundle, nothing from node_modules', async () => {
    const tmp = await newTmp('hooks');
    const hooks = path.join(root, 'hooks.mjs');
    const log = path.join(root, 'loaded.txt');
    await writeFile(hooks, HOOKS);
    await writeFile(path.join(root, 'register.mjs'), `import { register } from 'node:module';
register(${JSON.stringify(pathToFileURL(hooks).href)}, { data: { log: ${JSON.stringify(log)} } });
`);
    await writeFile(log, '');
    const run = checkDay(tmp, ['--import', pathToFileURL(path.join(root, 'register.mjs')).href]);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toMatchObject({ submissions: [{ files: [{ kind: 'text' }] }] });
    // The hooks see ES modules; the bundle is CommonJS, read by the loader itself, and requires nothing outside it here.
    const loaded = (await readFile(log, 'utf8')).split('\n').filter((url) => url.startsWith('file:')).map((url) => fileURLToPath(url));
    expect(loaded).toEqual([BIN, path.join(PROJECT, 'dist', 'code-cache.js')]);
  });

  it('writes the command’s compiled code once, and the next run takes it', async () => {
    const tmp = await newTmp('twice');
    const first = checkDay(tmp);
    expect([0, 1]).toContain(first.status);
    const [name, ...others] = await readdir(cacheFolder(tmp));
    expect(others).toEqual([]);
    expect(name).toMatch(/^cli-check-[0-9a-f]{32}\.bin$/u);
    const file = path.join(cacheFolder(tmp), name!);
    const written = await stat(file);
    expect(written.size).toBeGreaterThan(10_000);
    if (POSIX) expect(written.mode & 0o777).toBe(0o600);
    const second = checkDay(tmp);
    expect(second).toEqual(first);
    // Taken, not written again: V8 accepted it (a cache it refuses is replaced at the end of the run).
    expect((await stat(file)).mtimeMs).toBe(written.mtimeMs);
    expect(await readdir(cacheFolder(tmp))).toEqual([name]);
  });

  it('compiles as usual where the cache is damaged, and replaces it', async () => {
    const tmp = await newTmp('damaged');
    const clean = checkDay(tmp);
    const [name] = await readdir(cacheFolder(tmp));
    const file = path.join(cacheFolder(tmp), name!);
    const garbage = Buffer.alloc(4096, 0x5a);
    await writeFile(file, garbage);
    expect(checkDay(tmp)).toEqual(clean);
    expect((await readFile(file)).equals(garbage)).toBe(false);
    expect(checkDay(tmp)).toEqual(clean);
  });

  it.skipIf(!POSIX)('uses no folder that others may write to, none where the temporary folder is missing or takes none, and none with PYVW_CODE_CACHE=0', async () => {
    const tmp = await newTmp('shared');
    await mkdir(cacheFolder(tmp));
    await chmod(cacheFolder(tmp), 0o777);
    const clean = checkDay(tmp);
    expect([0, 1]).toContain(clean.status);
    expect(await readdir(cacheFolder(tmp))).toEqual([]);
    const off = await newTmp('off');
    expect(checkDay(off, [], { PYVW_CODE_CACHE: '0' })).toEqual(clean);
    expect(await readdir(off)).toEqual([]);
    // A temporary folder that is not there, or where no folder can be made: no cache, and nothing made.
    expect(checkDay(path.join(root, 'missing', 'tmp'))).toEqual(clean);
    expect(await readdir(root)).not.toContain('missing');
    expect(checkDay('/proc')).toEqual(clean);
  });

  it('runs none of the photo, Word and video code: their packages outside the bundle are never required', async () => {
    const tmp = await newTmp('lazy');
    const log = path.join(tmp, 'required.txt');
    const preload = path.join(root, 'requires.cjs');
    await writeFile(preload, `const Module = require('node:module'); const { appendFileSync } = require('node:fs');
const require0 = Module.prototype.require;
Module.prototype.require = function (id) { appendFileSync(${JSON.stringify(log)}, id + '\\n'); return require0.apply(this, arguments); };
`);
    await writeFile(log, '');
    const run = checkDay(tmp, ['--require', preload]);
    expect([0, 1]).toContain(run.status);
    const required = (await readFile(log, 'utf8')).split('\n').filter(Boolean);
    // The bundle's own require()s of Node's modules are there: the hook sees the bundle at work.
    expect(required).toContain('node:fs');
    expect(required.filter((id) => /sharp|@img\/|ffprobe|ffmpeg|heic/u.test(id))).toEqual([]);
  });
});
