import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { ZipArchive } from 'archiver';
import yauzl from 'yauzl';

/** Zips read and written whole: only for the small ones the tests make and check. */

export interface ZipEntry {
  name: string;
  /** General-purpose bit flag (0x800: the name is UTF-8). */
  flags: number;
  /** 0 stored, 8 deflated. */
  method: number;
  data: Buffer;
  /** The entry's time as written, read as UTC. */
  modified: Date;
}

export async function readZip(file: string): Promise<Map<string, ZipEntry>> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false });
  const entries = new Map<string, ZipEntry>();
  try {
    for await (const entry of zip.eachEntry()) {
      const chunks: Buffer[] = [];
      for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
      entries.set(entry.fileName, {
        name: entry.fileName,
        flags: entry.generalPurposeBitFlag,
        method: entry.compressionMethod,
        data: Buffer.concat(chunks),
        modified: entry.getLastModDate({ timezone: 'UTC' }),
      });
    }
  } finally {
    zip.close();
  }
  return entries;
}

export async function writeZip(file: string, entries: ReadonlyMap<string, Buffer>): Promise<void> {
  const archive = new ZipArchive({ zlib: { level: 6 } });
  const out = createWriteStream(file);
  archive.pipe(out);
  for (const [name, data] of entries) archive.append(data, { name });
  await archive.finalize();
  await once(out, 'close');
}
