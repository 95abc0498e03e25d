/** `pyvw check … | head` in a CI script: the reader closes the pipe early, and pyvw must not crash on it. */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from './support/cli.js';
import { makeFolder } from './support/folders.js';

let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pyvw-qa-pipe-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('a reader that closes the pipe early', () => {
  it('ends pyvw quietly, with the exit code of the check', async () => {
    // Many small unknown files: a long report, each file one error.
    const files = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`附件${i}.pdf`, '%PDF-1.4\n']));
    const day = await makeFolder(root, 'day', files);
    const child = spawn(process.execPath, [BIN, 'check', day, '--format', 'github'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Close our end before pyvw writes its report, as `head` does after its first lines.
    child.stdout.destroy();
    const [code] = (await new Promise((resolve) => child.on('close', (...args) => resolve(args)))) as [number | null];
    expect(stderr).not.toMatch(/EPIPE|Unhandled/u);
    expect(code).toBe(1);
  });
});
