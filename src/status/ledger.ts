import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import yauzl from 'yauzl';
import { packageFileName, windowsSafeName } from '../pack/names.js';
import { FileReader } from '../pack/verify.js';
import { LISTING_NAME } from '../pack/write.js';
import { decodeText } from '../text/decode.js';

/**
 * The packages are the ledger of the week (`pyvw status` keeps no state of its own): a package is found by the
 * name `pyvw pack` gives it, and trusted only when every file its own 报送清单.txt lists is in it, byte for byte.
 */

/** One file as a package's 报送清单.txt lists it. */
export interface ListedFile {
  name: string;
  bytes: number | null;
  sha256: string;
}

export type PackageProblem =
  | { code: 'unreadable'; detail: string }
  | { code: 'no-listing' }
  | { code: 'missing'; entry: string }
  | { code: 'changed'; entry: string };

export interface FoundPackage {
  path: string;
  fileName: string;
  bytes: number;
  /** When the package was written (its modification time), ISO 8601. */
  modified: string;
  /** Every listed file is there with the listed SHA-256. */
  verified: boolean;
  problem: PackageProblem | null;
  /** What the list says was sent: for photos already sent on an earlier day. */
  listed: ListedFile[];
}

const PRIVATE_USE = '\uE000';
const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');

/**
 * The names `pyvw pack` would give this day's package, for any unit: the template filled with the day and a
 * placeholder for the unit, a split package's `（i／n）` allowed before `.zip`.
 */
export function packageNamePattern(template: string, date: string): RegExp {
  const name = packageFileName(template, PRIVATE_USE, date);
  const ext = path.extname(name);
  const stem = escapeRegExp(name.slice(0, name.length - ext.length)).replace(PRIVATE_USE, '(.+)');
  return new RegExp(`^${stem}(?:（\\d+／\\d+）)?${escapeRegExp(ext)}$`, 'u');
}

/** `1. 图片/a.jpg` … `SHA-256: …`: the packed files of a 报送清单.txt, in either language. */
export function parseListing(text: string): ListedFile[] {
  const files: ListedFile[] = [];
  let current: { name: string; bytes: number | null } | null = null;
  for (const line of text.split(/\r?\n/u)) {
    const head = /^\d+\. (.+)$/u.exec(line);
    if (head) {
      current = { name: head[1]!, bytes: null };
      continue;
    }
    if (!current || !line.startsWith('   ')) {
      current = null;
      continue;
    }
    const size = /(?:大小：|size: )([\d,]+) (?:字节|bytes)/u.exec(line);
    if (size) current.bytes = Number(size[1]!.replaceAll(',', ''));
    const hash = /SHA-256: ([0-9a-f]{64})/u.exec(line);
    if (hash) files.push({ name: current.name, bytes: current.bytes, sha256: hash[1]! });
  }
  return files;
}

async function sha256Of(stream: NodeJS.ReadableStream): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function fileSha256(file: string): Promise<string> {
  return sha256Of(createReadStream(file));
}

/** Reads the package's list, then hashes every entry the list names. */
async function verifyPackage(file: string, bytes: number): Promise<Pick<FoundPackage, 'verified' | 'problem' | 'listed'>> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromRandomAccessReaderPromise(new FileReader(file), bytes, { lazyEntries: true, autoClose: false, strictFileNames: false });
  } catch (error) {
    return { verified: false, problem: { code: 'unreadable', detail: (error as Error).message }, listed: [] };
  }
  try {
    const hashes = new Map<string, string>();
    let listing: string | null = null;
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName.endsWith('/')) continue;
      const stream = await zip.openReadStreamPromise(entry);
      if (entry.fileName === LISTING_NAME) {
        const chunks: Buffer[] = [];
        for await (const chunk of stream) chunks.push(chunk as Buffer);
        listing = decodeText(Buffer.concat(chunks)).text;
      } else {
        hashes.set(entry.fileName, await sha256Of(stream));
      }
    }
    if (listing === null) return { verified: false, problem: { code: 'no-listing' }, listed: [] };
    const listed = parseListing(listing);
    for (const item of listed) {
      const actual = hashes.get(item.name);
      if (actual === undefined) return { verified: false, problem: { code: 'missing', entry: item.name }, listed };
      if (actual !== item.sha256) return { verified: false, problem: { code: 'changed', entry: item.name }, listed };
    }
    return { verified: true, problem: null, listed };
  } catch (error) {
    return { verified: false, problem: { code: 'unreadable', detail: (error as Error).message }, listed: [] };
  } finally {
    zip.close();
  }
}

/**
 * The packages of one day (or of the summary) in `folder`, the unit's first when the config names it. A name is
 * matched without reading the zip; each match is then verified.
 */
export async function findPackages(folder: string, pattern: RegExp, unit: string | undefined): Promise<FoundPackage[]> {
  const names = (await readdir(folder).catch(() => [] as string[])).map((n) => n.normalize('NFC')).filter((n) => pattern.test(n));
  const ofUnit = unit ? names.filter((n) => pattern.exec(n)![1] === windowsSafeName(unit)) : [];
  const chosen = (ofUnit.length ? ofUnit : names).sort();
  const found: FoundPackage[] = [];
  for (const fileName of chosen) {
    const file = path.join(folder, fileName);
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) continue;
    found.push({ path: file, fileName, bytes: info.size, modified: info.mtime.toISOString(), ...(await verifyPackage(file, info.size)) });
  }
  return found;
}
