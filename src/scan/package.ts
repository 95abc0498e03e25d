import { open } from 'node:fs/promises';
import path from 'node:path';
import type { PackageListing } from '../types.js';

/**
 * A package pyvw wrote is recognised by its 报送清单.txt at the top, made by pyvw: the list says what every file
 * is, so `pyvw check` on a received package (unzipped, or the .zip) verifies it against the list and does not
 * judge pyvw's own files (the list, the pictures taken out of documents) as the clerk's materials.
 */

export const LISTING_NAME = '报送清单.txt';
/** The contract's HTML overview of the package: the check report of what was packed (src/pack/overview.ts). */
export const OVERVIEW_NAME = '材料一览.html';

/** A received package, by its name: checked as the folder it unpacks to. */
export function isZipPath(file: string): boolean {
  return path.extname(file).toLowerCase() === '.zip';
}
/** The list's kind for a picture written out of a document (PACK_WORDS.pictureKind.zh). */
export const PICTURE_KIND = '文档中的图片';
/**
 * Files pyvw writes at a package's top besides the list (the HTML overview): part of the package, verified
 * against the list, never judged as materials.
 */
export const PACKAGE_COMPANION_NAMES = new Set([OVERVIEW_NAME]);
/** The list's first lines say who made it (PACK_WORDS.listingMade.zh). */
const MADE_BY_PYVW = /^由 pyvw \S+ 生成于/mu;
/** A list longer than this is no list pyvw wrote (a few hundred bytes a file, thousands of files at most). */
export const MAX_LISTING_BYTES = 8 * 1024 * 1024;

export type ListedFile = PackageListing['files'][number];

/** The packed files of a list: `N. name`, then `类别：… 大小：N 字节`, then `SHA-256: hex` (src/pack/listing.ts). */
export function parseListing(text: string): PackageListing | undefined {
  const body = text.replace(/^\uFEFF/u, '');
  if (!MADE_BY_PYVW.test(body.split(/\r?\n/u).slice(0, 4).join('\n'))) return undefined;
  const lines = body.split(/\r?\n/u);
  const files: ListedFile[] = [];
  for (let i = 0; i + 2 < lines.length; i++) {
    const head = /^\d+\. (.+)$/u.exec(lines[i]!);
    const kindSize = /^ {3}类别：(.+?)　大小：([\d,]+) 字节/u.exec(lines[i + 1]!);
    const hash = /^ {3}SHA-256: ([0-9a-f]{64})$/u.exec(lines[i + 2]!);
    if (!head || !kindSize || !hash) continue;
    files.push({ name: head[1]!.normalize('NFC'), kind: kindSize[1]!, bytes: Number(kindSize[2]!.replace(/,/gu, '')), sha256: hash[1]! });
    i += 2;
  }
  return { files };
}

/** The list of the package at `root`, or undefined when `root` holds no list pyvw wrote. */
export async function readPackageListing(root: string): Promise<PackageListing | undefined> {
  let handle;
  try {
    handle = await open(path.join(root, LISTING_NAME), 'r');
  } catch {
    return undefined;
  }
  try {
    const { size } = await handle.stat();
    if (size > MAX_LISTING_BYTES) return undefined;
    return parseListing((await handle.readFile()).toString('utf8'));
  } finally {
    await handle.close();
  }
}

/** Files of a package that are pyvw's own: the list, the overview, and every picture the list says came out of a document. */
export function packageOwnFiles(listing: PackageListing): Set<string> {
  const own = new Set([LISTING_NAME, ...PACKAGE_COMPANION_NAMES]);
  for (const file of listing.files) if (file.kind === PICTURE_KIND) own.add(file.name);
  return own;
}
