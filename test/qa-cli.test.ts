/**
 * Held-out runs through the CLI: `pyvw check … | head` in a CI script (the reader closes the pipe early), and what a
 * clerk reads when `pyvw pack` has nothing to pack.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { BIN } from './support/project.js';
import { makeFolder } from './support/folders.js';

let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pyvw-qa-cli-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('a reader that closes the pipe early', () => {
  it('ends pyvw quietly, with the exit code of the check', async () => {
    // Many small unknown files: a long report, each file one error.
    const files = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`附件${i}.pdf`, '%PDF-1.4\n']));
    const day = await makeFolder(root, 'day', files);
    const child = spawn(process.execPath, [BIN, 'check', day, '--format', 'github', '--any-folder'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Close our end before pyvw writes its report, as `head` does after its first lines.
    child.stdout.destroy();
    const [code] = (await once(child, 'close')) as [number | null];
    expect(stderr).not.toMatch(/EPIPE|Unhandled/u);
    expect(code).toBe(1);
  });
});

describe('pyvw pack on a folder of junk only', () => {
  it('writes nothing, lists no junk as left out, and points to no list in a package that was not written', async () => {
    const day = await makeFolder(root, 'junk', { 'Thumbs.db': Buffer.alloc(8), '图片/.DS_Store': Buffer.alloc(8) });
    const run = runCli(['pack', day, '--unit', '测试学校', '--date', '2023-05-15', '--skip-invalid']);
    expect(run.status).toBe(1);
    // Junk is never sent and never alarms as "left out".
    expect(run.stdout).not.toContain('Thumbs.db');
    expect(run.stdout).not.toContain('报送清单.txt');
    expect(run.stdout).toContain('没有生成报送包');
  });
});
