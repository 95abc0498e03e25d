import { createHash, randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { crc32 } from 'node:zlib';
import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlannedEntry } from '../src/pack/plan.js';
import { VerifyError, verifyZip } from '../src/pack/verify.js';
import { PackageWriter, SourceChangedError, writeZip, type WrittenEntry } from '../src/pack/write.js';
import type { ScannedFile } from '../src/types.js';

/**
 * The write pass reads each source once, in reused blocks, and measures it on the way; the verify pass reads a
 * stored entry's bytes from the package itself, in large blocks: a package whose bytes on disk differ from what
 * was written must never pass, wherever in the entry the difference is.
 */

/** More than two of verify's 2 MB blocks, so the damage can sit in a later one. */
const LARGE = 9 * 1024 * 1024 + 123;

function generated(name: string, content: Buffer, store: boolean): PlannedEntry {
  return {
    name, kind: 'generated', bytes: content.length, mtime: new Date('2023-05-15T08:00:00Z'), store, group: 0,
    source: { type: 'generated', lines: [], render: () => content, what: { zh: '测试', en: 'test' } },
  };
}

function fromFile(name: string, absPath: string, bytes: number): PlannedEntry {
  const file = { path: name, absPath, bytes } as ScannedFile;
  return { name, kind: 'video', bytes, mtime: new Date('2023-05-15T08:00:00Z'), store: true, group: 0, source: { type: 'file', file } };
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
async function dataStart(name: string, file = zipPath): Promise<number> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false });
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
async function withFlippedByte(offset: number, check: () => Promise<void>, target = zipPath): Promise<void> {
  const file = await open(target, 'r+');
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

/**
 * The read back runs on a thread of its own where its compiled worker sits beside the module (src/pack/read-back.ts):
 * in tsc's dist/, which test/global-setup.ts builds; from the TypeScript sources it runs on this thread.
 */
const BUILT_WRITER = '../dist/pack/write.js';
const writers: [string, typeof PackageWriter][] = [
  ['on this thread', PackageWriter],
  ['on a thread of its own', ((await import(BUILT_WRITER)) as { PackageWriter: typeof PackageWriter }).PackageWriter],
];

describe.each(writers)('PackageWriter.readBack (the package read back while pack\'s check still runs), %s', (where, PackageWriter) => {
  it('marks each stored entry found whole where it was written; the verify pass then reads its structure only', async () => {
    const target = path.join(dir, `read-back ${where}.zip`);
    const content = randomBytes(3 * 1024 * 1024 + 5);
    const absPath = path.join(dir, `read-back ${where}.mp4`);
    await writeFile(absPath, content);
    const planned = [fromFile('视频/现场.mp4', absPath, content.length), generated('文字材料/说明.txt', Buffer.from('活动纪实'.repeat(50)), false)];
    const writer = new PackageWriter(target, { timeZone: 'Asia/Shanghai', signal });
    for (const entry of planned) await writer.add(entry);
    // Begun and left to run, as pack's head start does: finishing the package waits for it.
    void writer.readBack();
    const entries = await writer.finish(planned, { listing: () => '报送清单' });
    const video = entries.find((e) => e.name === '视频/现场.mp4')!;
    expect(video.readBackAt).toBe(await dataStart('视频/现场.mp4', target));
    // Deflated entries are not read back early: the verify pass inflates them.
    expect(entries.find((e) => e.name === '文字材料/说明.txt')!.readBackAt).toBeUndefined();
    let bytes = 0;
    await verifyZip(target, entries, { signal, onBytes: (n) => (bytes += n) });
    expect(bytes).toBe(entries.reduce((sum, e) => sum + e.bytes, 0));
  });

  it('leaves an entry that does not read back as written to the verify pass, which refuses it', async () => {
    const target = path.join(dir, `read-back-damaged ${where}.zip`);
    const content = randomBytes(2 * 1024 * 1024);
    const absPath = path.join(dir, `read-back-damaged ${where}.mp4`);
    await writeFile(absPath, content);
    const planned = [fromFile('视频/现场.mp4', absPath, content.length)];
    const writer = new PackageWriter(target, { timeZone: 'Asia/Shanghai', signal });
    await writer.add(planned[0]!);
    const entries = await writer.finish(planned, { listing: () => '报送清单' });
    await withFlippedByte((await dataStart('视频/现场.mp4', target)) + 1000, async () => {
      await writer.readBack();
      expect(entries[0]!.readBackAt).toBeUndefined();
      await expect(verifyZip(target, entries, { signal })).rejects.toThrow(/视频\/现场\.mp4: the stored data reads back as/u);
    }, target);
  });

  it('is stopped when the package is thrown away, before its file is closed', async () => {
    const target = path.join(dir, `read-back-aborted ${where}.zip`);
    const content = randomBytes(3 * 1024 * 1024);
    const absPath = path.join(dir, `read-back-aborted ${where}.mp4`);
    await writeFile(absPath, content);
    const writer = new PackageWriter(target, { timeZone: 'Asia/Shanghai', signal });
    await writer.add(fromFile('视频/现场.mp4', absPath, content.length));
    const reading = writer.readBack();
    await writer.abort();
    // Stopped before its first block: nothing was found whole, and nothing is left reading the closed file.
    await expect(reading).resolves.toBeUndefined();
    expect(writer.written[0]!.readBackAt).toBeUndefined();
  });

  it('reads an entry again where the finished package has its data elsewhere than it was read back', async () => {
    const start = await dataStart('视频/大.mp4');
    const misplaced = written.map((e) => (e.name === '视频/大.mp4' ? { ...e, readBackAt: start + 1 } : e));
    await withFlippedByte(start + 10, async () => {
      await expect(verifyZip(zipPath, misplaced, { signal })).rejects.toThrow(/the stored data reads back as/u);
    });
  });
});

describe('ReadBackThread (the read back on a thread of its own)', () => {
  const BUILT_THREAD = '../dist/pack/read-back.js';

  it('gives the CRC-32 of a range of a file, and reads nothing more once stopped', async () => {
    const { ReadBackThread } = (await import(BUILT_THREAD)) as typeof import('../src/pack/read-back.js');
    const content = randomBytes(5 * 1024 * 1024 + 7);
    const absPath = path.join(dir, 'read-back-thread.bin');
    await writeFile(absPath, content);
    const thread = ReadBackThread.start()!;
    try {
      expect(await thread.read(absPath, 1000, content.length - 2000)).toEqual({ bytes: content.length - 2000, crc: crc32(content.subarray(1000, -1000)) });
      thread.stop();
      expect(await thread.read(absPath, 0, content.length)).toEqual({ bytes: 0, crc: 0 });
    } finally {
      await thread.close();
    }
  });
});

describe('writeZip', () => {
  it('writes files of several blocks each, every one as it is on disk, with its SHA-256', async () => {
    // Three files of 2.5 to 3.5 blocks: the blocks they are read in are reused from one file to the next.
    const sources = await Promise.all([0, 1, 2].map(async (i) => {
      const content = randomBytes((5 + 2 * i) * 512 * 1024 + i);
      const absPath = path.join(dir, `source-${i}.mp4`);
      await writeFile(absPath, content);
      return { name: `视频/现场${i}.mp4`, absPath, content };
    }));
    const target = path.join(dir, 'files.zip');
    const entries = await writeZip(target, sources.map((s) => fromFile(s.name, s.absPath, s.content.length)), {
      timeZone: 'Asia/Shanghai', signal, listing: () => '报送清单',
    });
    for (const source of sources) {
      const entry = entries.find((e) => e.name === source.name)!;
      expect(entry.bytes).toBe(source.content.length);
      expect(entry.sha256).toBe(createHash('sha256').update(source.content).digest('hex'));
    }
    await verifyZip(target, entries, { signal });
    const zip = await yauzl.openPromise(target, { lazyEntries: true, autoClose: false });
    try {
      for await (const entry of zip.eachEntry()) {
        const source = sources.find((s) => s.name === entry.fileName);
        if (!source) continue;
        const chunks: Buffer[] = [];
        for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
        expect(Buffer.concat(chunks).equals(source.content)).toBe(true);
      }
    } finally {
      zip.close();
    }
  });

  it('stops when a file is not the size the check saw', async () => {
    const absPath = path.join(dir, 'grown.mp4');
    await writeFile(absPath, Buffer.alloc(3000, 1));
    const failure = writeZip(path.join(dir, 'grown.zip'), [fromFile('视频/grown.mp4', absPath, 2000)], { timeZone: 'Asia/Shanghai', signal, listing: () => '' });
    await expect(failure).rejects.toBeInstanceOf(SourceChangedError);
    await expect(failure).rejects.toThrow(/2000 → 3000 bytes/u);
  });

  it('never writes into a file that is already there', async () => {
    const target = path.join(dir, 'taken.zip');
    await writeFile(target, 'someone else\'s');
    const failure = writeZip(target, [generated('文字材料/说明.txt', Buffer.from('活动纪实'), false)], { timeZone: 'Asia/Shanghai', signal, listing: () => '' });
    await expect(failure).rejects.toMatchObject({ code: 'EEXIST' });
    expect(await readFile(target, 'utf8')).toBe('someone else\'s');
  });

  // `ulimit` is a POSIX shell's: Windows has no file-size limit to set.
  it.skipIf(process.platform === 'win32')('stops with the system\'s error when a write fails (the package is written synchronously)', () => {
    // A file-size limit makes the system refuse the write past it (EFBIG: Node ignores SIGXFSZ), as a full disk would.
    const script = `
      const { writeZip } = await import(${JSON.stringify(pathToFileURL(path.resolve(import.meta.dirname, BUILT_WRITER)).href)});
      const big = Buffer.alloc(8 << 20, 1);
      const entry = { name: 'a.mp4', kind: 'video', bytes: big.length, mtime: new Date(), store: true, group: 0, source: { type: 'generated', lines: [], render: () => big, what: { zh: '', en: '' } } };
      await writeZip(process.argv[1], [entry], { timeZone: 'Asia/Shanghai', signal: new AbortController().signal, listing: () => '' })
        .then(() => console.log('written'), (error) => console.log(error.code));
    `;
    const run = spawnSync('sh', ['-c', 'ulimit -f 2048 && exec "$0" --input-type=module -e "$1" "$2"', process.execPath, script, path.join(dir, 'limited.zip')], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('EFBIG');
  });

  it('stops with the system\'s error when a file is gone', async () => {
    const failure = writeZip(path.join(dir, 'gone.zip'), [fromFile('视频/gone.mp4', path.join(dir, 'gone.mp4'), 10)], { timeZone: 'Asia/Shanghai', signal, listing: () => '' });
    await expect(failure).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
