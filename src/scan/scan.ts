import { lstat, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import iconv from 'iconv-lite';
import type { ScannedFile, Submission, UnreadableFolder } from '../types.js';
import { classifyAll } from './classify.js';
import { readablePath } from './readable.js';
import { isToolFolder } from './day-folder.js';
import { packageOwnFiles, readPackageListing } from './package.js';

export class ScanError extends Error {
  constructor(readonly code: 'not-found' | 'not-a-folder', readonly folder: string) {
    super(code === 'not-found' ? `folder not found: ${folder}` : `not a folder: ${folder}`);
  }
}

/**
 * What scan sets on a file it could not hand to an inspector by name: the system's error code (EACCES,
 * ENAMETOOLONG, …), or EILSEQ (illegal byte sequence) for a name that is not valid Unicode and so cannot be
 * opened through a string path. The inspection of such a file fails with that code, as any read error does.
 */
export const NAME_NOT_UNICODE = 'EILSEQ';

/** Why a directory entry that is neither a file nor a folder is listed and left alone. */
type SpecialEntry = 'symlink' | 'fifo' | 'socket' | 'device';

interface Entry {
  rel: string;
  /** The path to open; absent name bytes that are not UTF-8 (see NAME_NOT_UNICODE). */
  abs: string;
  bytes: number;
  mtime: Date;
  unreadable?: string;
  special?: SpecialEntry;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A name as bytes from the disk, as text: UTF-8 when it is valid UTF-8, else GB18030, which is what a zip made on
 * Chinese Windows (or a USB stick written there) leaves on Linux and macOS. `exact` says whether the text names
 * the file (it can be opened by it).
 */
export function decodeName(bytes: Buffer): { name: string; exact: boolean } {
  try {
    return { name: UTF8.decode(bytes), exact: true };
  } catch {
    return { name: iconv.decode(bytes, 'gb18030'), exact: false };
  }
}

function specialKind(entry: { isSymbolicLink(): boolean; isFIFO(): boolean; isSocket(): boolean }): SpecialEntry {
  if (entry.isSymbolicLink()) return 'symlink';
  if (entry.isFIFO()) return 'fifo';
  if (entry.isSocket()) return 'socket';
  return 'device';
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException)?.code ?? 'EIO';
}

/**
 * Every directory entry below `root`, none left out. Names are read as bytes (a name that is not UTF-8 is still
 * listed, decoded as GB18030); links are listed, never followed, so a submission cannot reach outside itself;
 * FIFOs, sockets and devices are listed, never opened. A folder the system refuses to list is recorded, and the
 * walk goes on with the others.
 */
async function walk(root: string): Promise<{ entries: Entry[]; unreadableFolders: UnreadableFolder[] }> {
  const entries: Entry[] = [];
  const unreadableFolders: UnreadableFolder[] = [];
  async function visit(dir: Buffer, rel: string, exact: boolean): Promise<void> {
    let listing;
    try {
      listing = await readdir(dir, { withFileTypes: true, encoding: 'buffer' });
    } catch (error) {
      unreadableFolders.push({ path: rel || '.', code: exact ? errorCode(error) : NAME_NOT_UNICODE });
      return;
    }
    for (const dirent of listing) {
      const decoded = decodeName(dirent.name);
      const childExact = exact && decoded.exact;
      const childRel = rel ? `${rel}/${decoded.name}` : decoded.name;
      const abs = Buffer.concat([dir, Buffer.from(path.sep), dirent.name]);
      // node_modules, .git and the like are never a school's material: not walked at all (issue 10: 5,847 files).
      if (dirent.isDirectory()) {
        if (!isToolFolder(decoded.name)) await visit(abs, childRel, childExact);
        continue;
      }
      const entry: Entry = { rel: childRel, abs: childExact ? abs.toString() : childRel, bytes: 0, mtime: new Date(0) };
      if (!dirent.isFile()) entry.special = specialKind(dirent);
      else if (!childExact) entry.unreadable = NAME_NOT_UNICODE;
      try {
        // lstat: the entry itself, so a link swapped in after the listing is still not followed.
        const info = await lstat(abs);
        entry.bytes = info.size;
        entry.mtime = info.mtime;
      } catch (error) {
        // Word deletes its lock file `~$X.docx` when the document is closed, which may fall between the listing and
        // this look: a file that is gone is no longer part of the folder, not a reason to end the run.
        if (errorCode(error) === 'ENOENT') continue;
        entry.unreadable ??= errorCode(error);
      }
      entries.push(entry);
    }
  }
  await visit(Buffer.from(root), '', true);
  return { entries, unreadableFolders };
}

/**
 * Reports give paths in NFC, but two names that differ only in their Unicode form (`é` composed and decomposed)
 * are two files on Linux and one on Windows. The NFC one keeps its NFC path; each twin keeps its own form, so no
 * file hides another, and is marked: it cannot be carried into a package as a name of its own.
 */
function reportPaths(entries: Entry[]): Map<Entry, { path: string; twinOf?: string }> {
  const byNfc = new Map<string, Entry[]>();
  for (const entry of entries) {
    const nfc = entry.rel.normalize('NFC');
    byNfc.set(nfc, [...(byNfc.get(nfc) ?? []), entry]);
  }
  const result = new Map<Entry, { path: string; twinOf?: string }>();
  for (const [nfc, group] of byNfc) {
    const owner = group.find((e) => e.rel === nfc) ?? group[0]!;
    for (const entry of group) result.set(entry, entry === owner ? { path: nfc } : { path: entry.rel, twinOf: nfc });
  }
  return result;
}

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export async function scanSubmission(folder: string): Promise<Submission> {
  // A school folder `--each` found under a name that is not UTF-8 is read through its link (src/scan/each.ts).
  const absPath = path.resolve(readablePath(folder));
  let info;
  try {
    info = await stat(absPath);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new ScanError('not-found', folder);
    // The folder is there but the system will not let pyvw look (no permission, path too long): a finding, not the end of the run.
    return { path: folder, absPath, files: [], unreadableFolders: [{ path: '.', code }] };
  }
  if (!info.isDirectory()) throw new ScanError('not-a-folder', folder);

  const { entries, unreadableFolders } = await walk(absPath);
  const paths = reportPaths(entries);
  // A link or a pipe named X.jpg is no photo: it must not make X.txt a caption.
  const classified = classifyAll(entries.filter((e) => !e.special).map((e) => paths.get(e)!.path));
  const listing = await readPackageListing(absPath);
  const own = listing ? packageOwnFiles(listing) : new Set<string>();
  const files: ScannedFile[] = entries.map((e) => {
    const { path: rel, twinOf } = paths.get(e)!;
    const ext = path.posix.extname(rel).toLowerCase();
    const c = e.special
      ? { kind: 'ignored' as const, classification: { by: e.special, detail: path.posix.basename(rel) } }
      : own.has(rel)
        ? { kind: 'ignored' as const, classification: { by: 'package' as const, detail: path.posix.basename(rel) } }
        : classified.get(rel)!;
    return {
      path: rel, absPath: e.abs, bytes: e.bytes, mtime: e.mtime, ext, ...c,
      ...(e.unreadable && !e.special ? { unreadable: e.unreadable } : {}),
      ...(twinOf ? { twinOf } : {}),
    };
  });
  // A stable order makes reports comparable from run to run and machine to machine.
  files.sort((a, b) => byCodeUnit(a.path, b.path));
  unreadableFolders.sort((a, b) => byCodeUnit(a.path, b.path));
  return { path: folder, absPath, files, unreadableFolders, ...(listing ? { package: listing } : {}) };
}
