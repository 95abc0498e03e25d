import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig } from '../src/config.js';

/** Issue #9.8 (config part) and #9.11: config files are bounded reads; values that make no sense are refused with their key path. */

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pyvw-config-sanity-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function refusal(run: () => unknown): { path: string; en: string }[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).issues.map((i) => ({ path: i.path, en: i.message.en }));
  }
  throw new Error('expected a ConfigError');
}

async function loadRefusal(file: string): Promise<string> {
  const error = await loadConfig(root, file).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigError);
  return (error as ConfigError).issues.map((i) => i.message.en).join('; ');
}

describe('config values that make no sense', () => {
  it.each([
    ['a minimum above its maximum', { rules: { 'text/length': ['error', { min: 2000, max: 1 }] } }, 'rules.text/length[1].max', /min \(2000\) must not be greater than max \(1\)/],
    ['a maximum below the profile’s minimum', { rules: { 'text/length': ['error', { max: 700 }] } }, 'rules.text/length[1].max', /min \(800\)/],
    ['a minimum above the profile’s maximum', { rules: { 'text/length': ['error', { min: 1600 }] } }, 'rules.text/length[1].min', /max \(1500\)/],
    ['SD above the suggested HD', { rules: { 'video/resolution': ['error', { minShortSide: 1000 }] } }, 'rules.video/resolution[1].minShortSide', /suggestedShortSide/],
    ['an attachment limit of 1e-300 MB', { attachmentLimitMB: 1e-300 }, 'attachmentLimitMB', /1/],
    ['an attachment limit of 0', { attachmentLimitMB: 0 }, 'attachmentLimitMB', /1/],
    ['a negative limit', { rules: { 'video/max-bytes': ['error', { max: -5 }] } }, 'rules.video/max-bytes[1].max', /0/],
    ['a zero limit', { rules: { 'photo/long-edge': ['error', { min: 0 }] } }, 'rules.photo/long-edge[1].min', /0/],
    ['a fractional pixel count', { rules: { 'photo/long-edge': ['error', { min: 1e-300 }] } }, 'rules.photo/long-edge[1].min', /int/],
  ])('refuses %s, naming the key', (_name, raw, keyPath, message) => {
    const issues = refusal(() => parseConfig(raw, 'pyvw.config.json'));
    expect(issues[0]!.path).toBe(keyPath);
    expect(issues[0]!.en).toMatch(message);
  });

  it('still accepts sensible values', () => {
    expect(() => parseConfig({ attachmentLimitMB: 20, rules: { 'text/length': ['error', { min: 1500, max: 1500 }] } }, 'x')).not.toThrow();
  });
});

describe('config files are bounded reads', () => {
  it('refuses a device such as /dev/zero at once instead of reading it forever', async () => {
    expect(await loadRefusal('/dev/zero')).toMatch(/not a regular file/);
  });

  it('refuses a folder and a pipe without blocking', async () => {
    const folder = path.join(root, 'folder.json');
    await mkdir(folder);
    expect(await loadRefusal(folder)).toMatch(/not a regular file/);
    const fifo = path.join(root, 'fifo.json');
    try {
      execFileSync('mkfifo', [fifo]);
    } catch {
      console.warn('skipped the FIFO case: mkfifo is not available here');
      return;
    }
    expect(await loadRefusal(fifo)).toMatch(/not a regular file/);
  });

  it('refuses a file over 1 MB', async () => {
    const big = path.join(root, 'big.json');
    await writeFile(big, `{"unit": "${'x'.repeat(1024 * 1024)}"}`);
    expect(await loadRefusal(big)).toMatch(/too large \(1048588 bytes\)/);
  });

  it('reads a normal file', async () => {
    const file = path.join(root, 'ok.json');
    await writeFile(file, '{"unit": "某校"}');
    expect((await loadConfig(root, file)).config.unit).toBe('某校');
  });
});
