import { existsSync, statSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
import { makeFolders } from '../src/folders.js';
import { pack } from '../src/pack/index.js';
import { runMain } from './support/cli.js';
import { PROJECT } from './support/project.js';

/** Under procfs a folder that exists answers ENOENT for a child; Node's recursive mkdir retries that for ever. */
const PROC = process.platform === 'linux' && existsSync('/proc/self');

/** Settles within `ms`, or fails the test instead of hanging it. */
function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still running after ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

describe('makeFolders', () => {
  it('makes every missing level and leaves an existing folder as it is', async () => {
    const base = await mkdtemp(path.join(os.tmpdir(), 'pyvw-folders-'));
    const deep = path.join(base, '报送', '5月15日', '图片');
    await makeFolders(deep);
    expect(statSync(deep).isDirectory()).toBe(true);
    await makeFolders(deep);
    await makeFolders(base);
    expect(statSync(deep).isDirectory()).toBe(true);
  });

  it('refuses a file where the folder or one of its parents should be, as Node does', async () => {
    const base = await mkdtemp(path.join(os.tmpdir(), 'pyvw-folders-'));
    const file = path.join(base, 'a.txt');
    await writeFile(file, 'x');
    await expect(makeFolders(file)).rejects.toMatchObject({ code: 'EEXIST' });
    await expect(makeFolders(path.join(file, 'b', 'c'))).rejects.toMatchObject({ code: 'ENOTDIR' });
  });

  it.runIf(PROC)('answers ENOENT where a folder that exists takes no child, at once', async () => {
    await expect(within(5_000, makeFolders('/proc/self/pyvw/out'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it.runIf(PROC)('pack with an --out that cannot be made refuses it, and ends', async () => {
    const day = path.join(PROJECT, 'fixtures', 'sample-day');
    const options = { lang: 'zh' as const, unit: '濮阳市第一职业中等专业学校', out: '/proc/self/pyvw/out', date: '2023-05-15', skipInvalid: true };
    const refusal = await within(30_000, pack(day, options)).then(() => undefined, (error: unknown) => error);
    expect(refusal).toBeInstanceOf(UsageError);
    expect((refusal as UsageError).messages.zh).toMatch(/写入报送包失败：路径不存在，或名字里有 .* 这类系统不允许的字符.*（ENOENT/u);
  });

  it.runIf(PROC)('init says in words why the system refused its folder, then the system\'s own detail', async () => {
    const run = await runMain(['init', '/proc/self/pyvw/5月15日']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^pyvw: 系统拒绝了对 \/proc\/self\/pyvw 的操作：路径不存在，或名字里有 .* 这类系统不允许的字符，请核对路径.*（ENOENT mkdir）\n$/u);
  });
});
