import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv } from './support/cli.js';
import { put, snapshot } from './support/folders.js';
import { flatJpeg } from './support/images.js';
import { pack } from '../src/pack/index.js';
import { UNIT } from './support/pack.js';
import { chineseTextOf } from './support/texts.js';
import { BIN } from './support/project.js';

/**
 * A day big enough that packing takes a while: photos that pass the real rules (2000 px, ≥ 2 MB), made large by
 * bytes after the JPEG's end marker (legal: phones put data there), as sparse files so the test writes little.
 */
const PHOTOS = 4;
const PHOTO_BYTES = 30 * 1024 * 1024;

let work: string;
let day: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'pyvw-interrupt-'));
  day = path.join(work, 'today');
  const jpeg = await flatJpeg(2000, 1500);
  for (let i = 0; i < PHOTOS; i++) {
    const file = path.join(day, '图片', `活动现场照片第${i + 1}张.jpg`);
    await put(file, jpeg);
    const handle = await open(file, 'r+');
    await handle.truncate(PHOTO_BYTES + i);
    await handle.close();
  }
}, 60_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** Starts `pyvw pack`, sends `signal` as soon as its temporary file appears, and returns its exit code. */
function interruptedPack(signal: NodeJS.Signals): Promise<{ code: number | null; sawTemporary: boolean; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'pack', day, '--unit', UNIT, '--date', '2023-05-15'], {
      cwd: work, env: cliEnv(), stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let sawTemporary = false;
    const poll = setInterval(() => {
      if (!sawTemporary && readdirSync(work).some((n) => n.endsWith('.tmp'))) {
        sawTemporary = true;
        child.kill(signal);
      }
    }, 2);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(poll);
      resolve({ code, sawTemporary, stderr });
    });
  });
}

describe('pyvw pack interrupted', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
    // A closed console window (Windows sends its console programs SIGHUP) or a dropped SSH session.
    ['SIGHUP', 129],
  ] as const)('by %s mid-way leaves neither a package nor a temporary file, and exits %i', async (signal, exitCode) => {
    const before = await snapshot(day, false);
    const run = await interruptedPack(signal);
    expect(run.sawTemporary).toBe(true);
    expect(run.code).toBe(exitCode);
    expect(run.stderr).toContain('已中断');
    expect(readdirSync(work).sort()).toEqual(['today']);
    expect(await snapshot(day, false)).toEqual(before);
  }, 60_000);

  it('by SIGKILL leaves its temporary file, which the next pack into that folder removes', async () => {
    const run = await interruptedPack('SIGKILL');
    expect(run.sawTemporary).toBe(true);
    const left = readdirSync(work).filter((n) => n.endsWith('.tmp'));
    expect(left).toHaveLength(1);
    // The next run, of another day, into the same folder.
    const small = path.join(work, 'small');
    await put(path.join(small, '文字材料', '活动纪实.txt'), chineseTextOf(1000));
    const outcome = await pack(small, { lang: 'zh', unit: UNIT, date: '2023-05-16', out: work });
    expect(outcome.status).toBe('packed');
    expect(readdirSync(work).sort()).toEqual([outcome.packages[0]!.fileName, 'small', 'today'].sort());
    await rm(small, { recursive: true });
    await rm(outcome.packages[0]!.path);
  }, 60_000);
});
