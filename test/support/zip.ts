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

export interface RawEntry {
  /** The name's bytes as the zip tool wrote them (GBK from Chinese Windows, UTF-8, …). */
  name: Buffer;
  data: Buffer;
  /** General-purpose flags; 0x800 says the name is UTF-8. */
  flags?: number;
  /** Deflate the data (method 8) instead of storing it. */
  deflate?: boolean;
  /** Data deflated already (method 8), with the CRC-32 and size of what it inflates to; `data` is then not read. */
  deflated?: { body: Buffer; crc: number; size: number };
}

/**
 * A zip written byte by byte, as Windows' "发送到 → 压缩文件夹" or an old WinRAR writes one: names in the code page,
 * no UTF-8 flag. No zip library writes names like that on purpose, and Python is not on every CI machine.
 */
export async function writeRawZip(file: string, entries: readonly RawEntry[]): Promise<void> {
  const { crc32, deflateRawSync } = await import('node:zlib');
  const { writeFile } = await import('node:fs/promises');
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const body = entry.deflated?.body ?? (entry.deflate ? deflateRawSync(entry.data) : entry.data);
    const method = entry.deflate || entry.deflated ? 8 : 0;
    const crc = entry.deflated?.crc ?? crc32(entry.data);
    const size = entry.deflated?.size ?? entry.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(entry.flags ?? 0, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x56af, 12); // 2023-05-15
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(entry.name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(entry.flags ?? 0, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x56af, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(entry.name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, entry.name, body);
    centrals.push(central, entry.name);
    offset += 30 + entry.name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  await writeFile(file, Buffer.concat([...locals, directory, end]));
}
