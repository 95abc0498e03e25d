import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ZipArchive } from 'archiver';
import type yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openZipFile, readEntryWhole } from '../src/scan/zip-reader.js';
import { lieAboutSize } from './support/docx.js';

/** src/scan/zip-reader.ts: entries read in large pieces, and held to the size their zip records. */

let work: string;
let zipFile: string;
const stored = randomBytes(700_000);
// Deflated to several inflated chunks: text repeats, noise does not.
const deflated = Buffer.concat([Buffer.alloc(600_000, '职教活动周'), randomBytes(300_000)]);

async function entryOf(file: string, name: string, read: (zip: yauzl.ZipFile, entry: yauzl.Entry) => Promise<Buffer>): Promise<Buffer> {
  const zip = await openZipFile(file);
  try {
    for await (const entry of zip.eachEntry()) if (entry.fileName === name) return await read(zip, entry);
    throw new Error(`${name} is not in ${file}`);
  } finally {
    zip.close();
  }
}

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'pyvw-zip-reader-'));
  zipFile = path.join(work, 'two.zip');
  const archive = new ZipArchive({ zlib: { level: 6 } });
  const written = pipeline(archive, createWriteStream(zipFile));
  archive.append(stored, { name: 'stored.bin', store: true });
  archive.append(deflated, { name: 'deflated.bin' });
  await archive.finalize();
  await written;
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('readEntryWhole', () => {
  it('reads a stored entry and a deflated one whole', async () => {
    expect((await entryOf(zipFile, 'stored.bin', readEntryWhole)).equals(stored)).toBe(true);
    expect((await entryOf(zipFile, 'deflated.bin', readEntryWhole)).equals(deflated)).toBe(true);
  });

  it('refuses an entry that inflates past its recorded size, and one that falls short of it, in yauzl\'s words', async () => {
    const under = await lieAboutSize(zipFile, path.join(work, 'under.zip'), 'deflated.bin', 1000);
    await expect(entryOf(under, 'deflated.bin', readEntryWhole)).rejects.toThrow(/^too many bytes in the stream\. expected 1000\. got at least \d+$/u);
    const over = await lieAboutSize(zipFile, path.join(work, 'over.zip'), 'deflated.bin', deflated.length + 1);
    await expect(entryOf(over, 'deflated.bin', readEntryWhole)).rejects.toThrow(`not enough bytes in the stream. expected ${deflated.length + 1}. got only ${deflated.length}`);
  });
});

describe('openZipFile', () => {
  it.runIf(process.platform === 'linux')('closes the descriptor it reads the structure through once the zip is closed', async () => {
    const open = async (): Promise<number> => (await readdir('/proc/self/fd')).length;
    const before = await open();
    for (let i = 0; i < 20; i++) {
      const zip = await openZipFile(zipFile);
      for await (const entry of zip.eachEntry()) await zip.readLocalFileHeaderPromise(entry, { minimal: true });
      const closed = once(zip, 'close');
      zip.close();
      await closed;
    }
    expect(await open()).toBeLessThanOrEqual(before);
  });
});
