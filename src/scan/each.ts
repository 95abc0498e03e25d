import { readdir, stat, symlink } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { decodeName, ScanError } from './scan.js';
import { isZipPath } from './package.js';
import { clearLinks, linkCount, registerLink } from './readable.js';
import type { temporaryFolder } from './zip.js';

let linkFolder: ReturnType<typeof temporaryFolder> | undefined;

/** A link to `target` (a folder or zip whose name is not UTF-8) under pyvw's temporary folder (src/scan/readable.ts). */
async function linkTo(target: Buffer, shown: string, isFolder: boolean): Promise<void> {
  // Imported here: zip.ts brings yauzl, which a check whose every name is UTF-8 never needs (docs/performance.md).
  linkFolder ??= import('./zip.js').then(({ temporaryFolder }) => temporaryFolder());
  const link = path.join((await linkFolder).path, `${linkCount()}${isFolder ? '' : '.zip'}`);
  await symlink(target, link, isFolder ? 'dir' : 'file');
  registerLink(shown, link);
}

/** Removes the links and their folder once the run that needed them is over (the schools themselves stay untouched). */
export async function removeSubmissionLinks(): Promise<void> {
  if (!linkFolder) return;
  const made = linkFolder;
  linkFolder = undefined;
  clearLinks();
  await (await made).dispose();
}

/**
 * `check --each <parent>`: every direct subfolder of a district folder is one school's submission.
 * Dot-folders (.git, .vscode, …) are tooling, never a school. Folder links count, as a folder named on the
 * command line would. The order is by code unit, as the files of a submission are, so reports compare run to run.
 */
export async function submissionFolders(parent: string): Promise<string[]> {
  let entries;
  try {
    // As bytes: a school's folder name that is not UTF-8 is listed too, decoded as GB18030 (src/scan/scan.ts).
    entries = await readdir(parent, { withFileTypes: true, encoding: 'buffer' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ScanError(code === 'ENOTDIR' ? 'not-a-folder' : 'not-found', parent);
  }
  const names: string[] = [];
  for (const entry of entries) {
    const { name, exact } = decodeName(entry.name);
    if (name.startsWith('.')) continue;
    const raw = Buffer.concat([Buffer.from(path.resolve(parent)), Buffer.from(path.sep), entry.name]);
    const target = entry.isSymbolicLink() ? await stat(raw).catch(() => null) : entry;
    // A received package counts as the folder it unpacks to.
    const isFolder = target?.isDirectory() ?? false;
    if (!isFolder && !(target?.isFile() && isZipPath(name))) continue;
    if (!exact) await linkTo(raw, path.join(parent, name), isFolder);
    names.push(name);
  }
  if (names.length === 0) {
    throw new UsageError({
      zh: `${parent} 里没有子文件夹或 .zip 报送包：--each 把每个子文件夹（或收到的 .zip）当作一个学校的材料`,
      en: `${parent} has no subfolders or .zip packages: --each takes each subfolder (or received .zip) as one school's submission`,
    });
  }
  return names.sort().map((name) => path.join(parent, name));
}
