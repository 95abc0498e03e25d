/** Held-out packing through the CLI: what a clerk reads when nothing can be packed. */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { makeFolder } from './support/folders.js';

let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pyvw-qa-pack-cli-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('pyvw pack on a folder of junk only', () => {
  it('lists what is not sent without pointing to a list in a package that was not written', async () => {
    const day = await makeFolder(root, 'junk', { 'Thumbs.db': Buffer.alloc(8), '图片/.DS_Store': Buffer.alloc(8) });
    const run = runCli(['pack', day, '--unit', '测试学校', '--date', '2023-05-15', '--skip-invalid']);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('未报送 2 个文件：');
    expect(run.stdout).not.toContain('报送清单.txt');
    expect(run.stdout).toContain('没有生成报送包');
  });
});
