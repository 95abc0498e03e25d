import { opendir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ScannedFile, Submission } from '../types.js';
import { classifyAll } from './classify.js';
import { isToolFolder } from './day-folder.js';
import { packageOwnFiles, readPackageListing } from './package.js';

export class ScanError extends Error {
  constructor(readonly code: 'not-found' | 'not-a-folder', readonly folder: string) {
    super(code === 'not-found' ? `folder not found: ${folder}` : `not a folder: ${folder}`);
  }
}

interface Entry {
  rel: string;
  abs: string;
  bytes: number;
  mtime: Date;
}

/** Every regular file below `root`; links are not followed, so a submission cannot reach outside itself. */
async function walk(root: string): Promise<Entry[]> {
  const entries: Entry[] = [];
  async function visit(dir: string, rel: string): Promise<void> {
    const handle = await opendir(dir);
    for await (const dirent of handle) {
      const abs = path.join(dir, dirent.name);
      const childRel = rel ? `${rel}/${dirent.name}` : dirent.name;
      // node_modules, .git and the like are never a school's material: not walked at all (issue 10: 5,847 files).
      if (dirent.isDirectory()) {
        if (!isToolFolder(dirent.name)) await visit(abs, childRel);
      }
      else if (dirent.isFile()) {
        // Word deletes its lock file `~$X.docx` when the document is closed, which may fall between the listing and
        // this look: a file that is gone is no longer part of the folder, not a reason to end the run.
        const info = await stat(abs).catch((error: NodeJS.ErrnoException) => {
          if (error.code === 'ENOENT') return undefined;
          throw error;
        });
        if (info) entries.push({ rel: childRel.normalize('NFC'), abs, bytes: info.size, mtime: info.mtime });
      }
    }
  }
  await visit(root, '');
  // A stable order makes reports comparable from run to run and machine to machine.
  return entries.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

export async function scanSubmission(folder: string): Promise<Submission> {
  const absPath = path.resolve(folder);
  let info;
  try {
    info = await stat(absPath);
  } catch {
    throw new ScanError('not-found', folder);
  }
  if (!info.isDirectory()) throw new ScanError('not-a-folder', folder);

  const entries = await walk(absPath);
  const classified = classifyAll(entries.map((e) => e.rel));
  const listing = await readPackageListing(absPath);
  const own = listing ? packageOwnFiles(listing) : new Set<string>();
  const files: ScannedFile[] = entries.map((e) => {
    const c = own.has(e.rel)
      ? { kind: 'ignored' as const, classification: { by: 'package' as const, detail: path.posix.basename(e.rel) } }
      : classified.get(e.rel)!;
    const ext = path.posix.extname(e.rel).toLowerCase();
    return { path: e.rel, absPath: e.abs, bytes: e.bytes, mtime: e.mtime, ext, ...c };
  });
  return { path: folder, absPath, files, ...(listing ? { package: listing } : {}) };
}
