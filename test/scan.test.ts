import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScanError, scanSubmission } from '../src/scan/scan.js';
import { put as putFile } from './support/folders.js';

let root: string;

const put = (rel: string, content: string | Buffer = 'x'): Promise<string> => putFile(path.join(root, rel), content);

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pyvw-scan-'));
  await put('图片/开幕式.jpg', Buffer.alloc(10));
  await put('图片/Thumbs.db');
  await put('.git/HEAD');
  // macOS writes names decomposed (NFD); "Café" is where it shows, Han characters have no decomposition.
  await put('Cafe\u0301合影.jpg'.normalize('NFD'));
  await put('活动方案.pdf');
  await mkdir(path.join(root, '空文件夹'), { recursive: true });
  await symlink(path.join(root, '活动方案.pdf'), path.join(root, '链接.pdf'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('scanSubmission', () => {
  it('lists every regular file, sorted, with NFC paths, sizes and kinds', async () => {
    const submission = await scanSubmission(root);
    // .git is a tool's folder: never walked (issue 10), so never listed.
    expect(submission.files.map((f) => [f.path, f.kind])).toEqual([
      ['Café合影.jpg'.normalize('NFC'), 'photo'],
      ['图片/Thumbs.db', 'ignored'],
      ['图片/开幕式.jpg', 'photo'],
      ['活动方案.pdf', 'unknown'],
    ]);
    const photo = submission.files.find((f) => f.path === '图片/开幕式.jpg')!;
    expect(photo).toMatchObject({ bytes: 10, ext: '.jpg', absPath: path.join(root, '图片', '开幕式.jpg') });
  });

  it('keeps the on-disk name for reading while reporting it in NFC', async () => {
    const submission = await scanSubmission(root);
    const cafe = submission.files.find((f) => f.path.startsWith('Caf'))!;
    expect(cafe.path).toBe(cafe.path.normalize('NFC'));
    expect(path.basename(cafe.absPath)).toBe('Cafe\u0301合影.jpg'.normalize('NFD'));
  });

  it('names a missing folder and a file given as a folder', async () => {
    await expect(scanSubmission(path.join(root, 'nope'))).rejects.toMatchObject({ code: 'not-found' });
    await expect(scanSubmission(path.join(root, '活动方案.pdf'))).rejects.toBeInstanceOf(ScanError);
    await expect(scanSubmission(path.join(root, '活动方案.pdf'))).rejects.toMatchObject({ code: 'not-a-folder' });
  });
});
