import { mkdtemp, open, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlannedEntry } from '../src/pack/plan.js';
import { VerifyError, verifyZip } from '../src/pack/verify.js';
import { writeZip, type WrittenEntry } from '../src/pack/write.js';

/**
 * The verify pass reads a stored entry's bytes from the package itself, in large blocks: a package whose bytes on
 * disk differ from what was written must never pass, wherever in the entry the difference is.
 */

/** More than two of verify's 4 MB blocks, so the damage can sit in a later one. */
const LARGE = 9 * 1024 * 1024 + 123;

function generated(name: string, content: Buffer, store: boolean): PlannedEntry {
  return {
    name, kind: 'generated', bytes: content.length, mtime: new Date('2023-05-15T08:00:00Z'), store, group: 0,
    source: { type: 'generated', lines: [], render: () => content, what: { zh: '测试', en: 'test' } },
  };
}

let dir: string;
let zipPath: string;
let written: WrittenEntry[];
const signal = new AbortController().signal;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pyvw-verify-'));
  zipPath = path.join(dir, 'package.zip');
  const large = Buffer.alloc(LARGE);
  for (let i = 0; i < large.length; i += 4096) large[i] = (i / 4096) & 0xff;
  written = await writeZip(zipPath, [generated('视频/大.mp4', large, true), generated('文字材料/说明.txt', Buffer.from('活动纪实'.repeat(50)), false)], {
    timeZone: 'Asia/Shanghai', signal, listing: () => '报送清单',
  });
});

afterAll(() => rm(dir, { recursive: true, force: true }));

/** Where the stored entry's data begins in the package. */
async function dataStart(name: string): Promise<number> {
  const zip = await yauzl.openPromise(zipPath, { lazyEntries: true, autoClose: false });
  try {
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName === name) return (await zip.readLocalFileHeaderPromise(entry, { minimal: true })).fileDataStart;
    }
  } finally {
    zip.close();
  }
  throw new Error(`${name} not found`);
}

/** Flips one byte of the package, runs `check`, and puts the byte back. */
async function withFlippedByte(offset: number, check: () => Promise<void>): Promise<void> {
  const file = await open(zipPath, 'r+');
  const byte = Buffer.alloc(1);
  try {
    await file.read(byte, 0, 1, offset);
    await file.write(Buffer.from([byte[0]! ^ 0x5a]), 0, 1, offset);
    await check();
  } finally {
    await file.write(byte, 0, 1, offset);
    await file.close();
  }
}

describe('verifyZip', () => {
  it('passes the package as written, and counts every byte it reads back', async () => {
    let bytes = 0;
    await verifyZip(zipPath, written, { signal, onBytes: (n) => (bytes += n) });
    expect(bytes).toBe(written.reduce((sum, e) => sum + e.bytes, 0));
  });

  it.each([['the first block', 10], ['a later block', 8 * 1024 * 1024 + 77], ['the last byte', LARGE - 1]])(
    'refuses a stored entry damaged in %s on disk',
    async (_where, at) => {
      await withFlippedByte((await dataStart('视频/大.mp4')) + at, async () => {
        const failure = verifyZip(zipPath, written, { signal });
        await expect(failure).rejects.toBeInstanceOf(VerifyError);
        await expect(failure).rejects.toThrow(/视频\/大\.mp4: the stored data reads back as/u);
      });
    },
  );

  it('refuses a package whose record disagrees with what was written', async () => {
    const wrong = written.map((e) => (e.name === '视频/大.mp4' ? { ...e, crc32: (e.crc32 ^ 1) >>> 0 } : e));
    await expect(verifyZip(zipPath, wrong, { signal })).rejects.toThrow(/CRC-32 0x[0-9a-f]{8}, expected/u);
  });
});
