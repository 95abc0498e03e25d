import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type yauzl from 'yauzl';
import { sha256OfStream } from '../link/duplicates.js';
import { packageFileName, windowsSafeName } from '../pack/names.js';
import { openZipFile } from '../scan/zip-reader.js';
import { LISTING_NAME, MAX_LISTING_BYTES, parseListing, type ListedFile } from '../scan/package.js';

/**
 * The packages are the ledger of the week (`pyvw status` keeps no state of its own): a package is found by the
 * name `pyvw pack` gives it, and trusted only when every file its own 报送清单.txt lists is in it, byte for byte.
 */

export type { ListedFile };

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

/** Reads the package's list, then hashes every entry the list names. */
async function verifyPackage(file: string): Promise<Pick<FoundPackage, 'verified' | 'problem' | 'listed'>> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZipFile(file, { strictFileNames: false });
  } catch (error) {
    return { verified: false, problem: { code: 'unreadable', detail: (error as Error).message }, listed: [] };
  }
  try {
    const hashes = new Map<string, string>();
    let listing: string | null = null;
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName.endsWith('/')) continue;
      const stream = await zip.openReadStreamPromise(entry);
      if (entry.fileName === LISTING_NAME && entry.uncompressedSize <= MAX_LISTING_BYTES) {
        const chunks: Buffer[] = [];
        let bytes = 0;
        for await (const chunk of stream) {
          bytes += (chunk as Buffer).length;
          // The header may lie; what comes out is counted.
          if (bytes > MAX_LISTING_BYTES) break;
          chunks.push(chunk as Buffer);
        }
        if (bytes <= MAX_LISTING_BYTES) listing = Buffer.concat(chunks).toString('utf8');
      } else {
        hashes.set(entry.fileName, await sha256OfStream(stream));
      }
    }
    const listed = listing === null ? undefined : parseListing(listing)?.files;
    if (listed === undefined) return { verified: false, problem: { code: 'no-listing' }, listed: [] };
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
    found.push({ path: file, fileName, bytes: info.size, modified: info.mtime.toISOString(), ...(await verifyPackage(file)) });
  }
  return found;
}
