import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
import { pack } from '../src/pack/index.js';
import { commit, PackInterrupted, withStaging } from '../src/pack/temporary.js';
import { removeStaleZipFolders } from '../src/scan/zip.js';
import { ENDING_SIGNALS, isRunning } from '../src/signals.js';
import { runMain } from './support/cli.js';
import { put } from './support/folders.js';
import { smallConfig, UNIT } from './support/pack.js';
import { chineseTextOf } from './support/texts.js';

/**
 * Issue #9, items 9 and 10: what pack leaves in its output folder when it is stopped or replaces an earlier
 * package. Every catchable ending signal cleans up as SIGINT does; what a SIGKILL left is removed by the next
 * run; `--force` replaces a set of parts together or not at all; `--out` is compared to the day by real paths.
 */

let work: string;
/** A day with one text: it packs in a fraction of a second. */
let day: string;
const DATE = '2023-05-15';

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'pyvw-commit-'));
  await put(path.join(work, 'pyvw.config.json'), smallConfig());
  day = path.join(work, 'today');
  await put(path.join(day, '文字材料', '活动纪实.txt'), chineseTextOf(1000));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** A process id that ran and is gone: a child that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolve) => child.on('exit', resolve));
  expect(isRunning(child.pid!)).toBe(false);
  return child.pid!;
}

describe('every catchable ending signal', () => {
  // SIGINT and SIGTERM are sent for real to the CLI in pack-interrupt.test.ts (with SIGHUP); here every one the
  // system has is delivered to the staging in-process. The test runner keeps its own SIGINT and SIGTERM.
  const inProcess = ENDING_SIGNALS.filter((s) => s !== 'SIGINT' && s !== 'SIGTERM');

  it('covers the closed console (SIGHUP), SIGQUIT and, on Windows, Ctrl+Break (SIGBREAK)', () => {
    expect(ENDING_SIGNALS).toEqual(expect.arrayContaining(['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', ...(process.platform === 'win32' ? ['SIGBREAK'] : [])]));
  });

  it.each(inProcess)('%s stops the writing and removes its temporary file', async (signal) => {
    const out = await mkdtemp(path.join(work, 'signal-'));
    const before = new Set(process.listeners(signal as NodeJS.Signals));
    let temp = '';
    const stopped = withStaging(async (staging) => {
      temp = staging.temporary(path.join(out, 'package.zip'));
      await writeFile(temp, 'half a package');
      // As the writer does: wait for the bytes until aborted.
      await new Promise((_, reject) => {
        if (staging.signal.aborted) reject(staging.signal.reason as Error);
        staging.signal.addEventListener('abort', () => reject(staging.signal.reason as Error));
      });
    });
    while (!temp || !existsSync(temp)) await new Promise((resolve) => setTimeout(resolve, 1));
    // Delivered to pack's own listener only: the test worker may hold others (a received zip's clean-up exits).
    const ours = process.listeners(signal as NodeJS.Signals).filter((listener) => !before.has(listener));
    expect(ours).toHaveLength(1);
    (ours[0] as (s: NodeJS.Signals) => void)(signal as NodeJS.Signals);
    const error = await stopped.then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(PackInterrupted);
    expect((error as PackInterrupted).exitCode).toBe(128 + os.constants.signals[signal as keyof typeof os.constants.signals]);
    expect(await readdir(out)).toEqual([]);
    expect(process.listeners(signal as NodeJS.Signals).filter((listener) => !before.has(listener))).toEqual([]);
  }, 5000);
});

describe('temporary files a killed pack left', () => {
  it('are removed by the next pack into that folder; a running pack\'s own and other files stay', async () => {
    const out = path.join(work, 'killed');
    const dead = await deadPid();
    const stale = `.${UNIT}-2023年5月15日-职教活动周材料.zip.${dead}-a1b2c3.tmp`;
    const staleDraft = `.${UNIT}-2023年5月15日-职教活动周材料.eml.${dead}-00ff00.tmp`;
    // The parent process (the test runner) runs: its temporary file belongs to a pack still writing.
    const running = `.${UNIT}-2023年5月15日-职教活动周材料.zip.${process.ppid}-d4e5f6.tmp`;
    const others = ['.clerk-notes.tmp', `.something.${dead}.tmp`, `report.zip.${dead}-a1b2c3.tmp`];
    for (const name of [stale, staleDraft, running, ...others]) await put(path.join(out, name), 'x');
    const outcome = await pack(day, { lang: 'zh', date: DATE, out });
    expect(outcome.status).toBe('packed');
    expect((await readdir(out)).sort()).toEqual([running, ...others, outcome.packages[0]!.fileName].sort());
  });

  it('received zips\' temporary folders of a process that is gone are removed, a running one\'s stay', async () => {
    const tmp = await mkdtemp(path.join(work, 'tmpdir-'));
    const dead = await deadPid();
    const names = [`pyvw-zip-${dead}-AbC123`, `pyvw-zip-${process.ppid}-XyZ789`, 'pyvw-zip-Qw3rTy', 'other-folder'];
    for (const name of names) await put(path.join(tmp, name, 'package', 'a.txt'), 'x');
    await removeStaleZipFolders(tmp);
    expect((await readdir(tmp)).sort()).toEqual(names.slice(1).sort());
  });

  it('check --output: the report is written under the same temporary names, and a killed run\'s leftover goes', async () => {
    const out = await mkdtemp(path.join(work, 'report-'));
    const dead = await deadPid();
    const stale = `.报告.json.${dead}-0a0b0c.tmp`;
    await put(path.join(out, stale), 'x');
    const run = await runMain(['check', day, '--date', DATE, '--format', 'json', '--output', path.join(out, '报告.json')]);
    expect(run.status).toBe(0);
    expect(await readdir(out)).toEqual(['报告.json']);
  });
});

describe('--force replaces the earlier set together or not at all', () => {
  /** An old set of parts, and the new set under temporary names. */
  async function sets(dir: string, oldNames: string[], newNames: string[]): Promise<{ renames: { from: string; to: string }[] }> {
    await mkdir(dir, { recursive: true });
    for (const name of oldNames) await writeFile(path.join(dir, name), `old ${name}`);
    const renames = [];
    for (const name of newNames) {
      const from = path.join(dir, `.${name}.${process.pid}-abcdef.tmp`);
      await writeFile(from, `new ${name}`);
      renames.push({ from, to: path.join(dir, name) });
    }
    return { renames };
  }
  const exists = (to: string): Error => new Error(`exists: ${to}`);
  const contents = async (dir: string): Promise<Record<string, string>> =>
    Object.fromEntries(await Promise.all((await readdir(dir)).sort().map(async (n) => [n, await readFile(path.join(dir, n), 'utf8')] as const)));

  it('a failure while the new parts go in leaves the old parts, all of them, as they were', async () => {
    const dir = path.join(work, 'replace-fail');
    const { renames } = await sets(dir, ['p（1／2）.zip', 'p（2／2）.zip'], ['p（1／2）.zip', 'p（2／2）.zip']);
    const before = await contents(dir);
    // The second new part cannot be put in place (on Windows: a part open in the mail program).
    await rm(renames[1]!.from);
    expect(() => commit(renames, true, exists)).toThrow(/ENOENT/u);
    const after = await contents(dir);
    delete before[path.basename(renames[1]!.from)];
    expect(after).toEqual(before);
  });

  it('the same when the new set has other names: no mix of old and new parts', async () => {
    const dir = path.join(work, 'replace-other');
    const old = ['p（1／2）.zip', 'p（2／2）.zip', 'p.zip'];
    const { renames } = await sets(dir, old, ['p（1／3）.zip', 'p（2／3）.zip', 'p（3／3）.zip']);
    await rm(renames[2]!.from);
    const retired = old.map((n) => path.join(dir, n));
    expect(() => commit(renames, true, exists, retired)).toThrow(/ENOENT/u);
    expect(Object.keys(await contents(dir)).filter((n) => !n.endsWith('.tmp'))).toEqual([...old].sort());
  });

  it('when every part goes in, the old set is gone and nothing else is left', async () => {
    const dir = path.join(work, 'replace-ok');
    const old = ['p（1／2）.zip', 'p（2／2）.zip', 'p（1／2）.eml'];
    const { renames } = await sets(dir, old, ['p（1／2）.zip', 'p.zip']);
    commit(renames, true, exists, old.map((n) => path.join(dir, n)));
    expect(await contents(dir)).toEqual({ 'p.zip': 'new p.zip', 'p（1／2）.zip': 'new p（1／2）.zip' });
  });

  it('without --force nothing is replaced', async () => {
    const dir = path.join(work, 'replace-refused');
    const { renames } = await sets(dir, ['p.zip'], ['p.zip']);
    expect(() => commit(renames, false, exists)).toThrow(/exists/u);
    expect((await contents(dir))['p.zip']).toBe('old p.zip');
  });
});

describe('--out compared with the day by real paths', () => {
  it('refuses an --out reached through a link into the day folder', async () => {
    const link = path.join(work, 'link-into-day');
    await symlink(day, link);
    await expect(pack(day, { lang: 'zh', date: DATE, out: link })).rejects.toThrow(UsageError);
    await expect(pack(day, { lang: 'zh', date: DATE, out: path.join(link, '打包', '新') })).rejects.toThrow(/inside the folder/u);
    expect(existsSync(path.join(day, '打包'))).toBe(false);
  });

  it('and the reverse: a day reached through a link, --out inside the real day folder', async () => {
    const link = path.join(work, 'day-link');
    await symlink(day, link);
    await expect(pack(link, { lang: 'zh', date: DATE, out: path.join(day, '打包') })).rejects.toThrow(/inside the folder/u);
    expect(existsSync(path.join(day, '打包'))).toBe(false);
  });
});
