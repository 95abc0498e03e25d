import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { put } from './support/folders.js';

// The lock file vanishes between the folder listing and the look at its size, as when Word closes the document.
vi.mock('node:fs/promises', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...original,
    lstat: (async (file: string, ...rest: unknown[]) => {
      if (String(file).endsWith('~$简介.docx')) throw Object.assign(new Error(`ENOENT: no such file or directory, lstat '${file}'`), { code: 'ENOENT' });
      return (original.lstat as (...args: unknown[]) => unknown)(file, ...rest);
    }) as typeof original.lstat,
  };
});

const { scanSubmission } = await import('../src/scan/scan.js');

let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pyvw-scan-vanished-'));
  await put(path.join(root, '简介.docx'), 'x');
  await put(path.join(root, '~$简介.docx'), 'x');
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('scanSubmission', () => {
  it('passes over a file that is gone by the time it is looked at', async () => {
    const submission = await scanSubmission(root);
    expect(submission.files.map((f) => f.path)).toEqual(['简介.docx']);
  });
});
