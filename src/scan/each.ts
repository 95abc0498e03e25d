import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { ScanError } from './scan.js';
import { isZipPath } from './package.js';

/**
 * `check --each <parent>`: every direct subfolder of a district folder is one school's submission.
 * Dot-folders (.git, .vscode, …) are tooling, never a school. Folder links count, as a folder named on the
 * command line would. The order is by code unit, as the files of a submission are, so reports compare run to run.
 */
export async function submissionFolders(parent: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(parent, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ScanError(code === 'ENOTDIR' ? 'not-a-folder' : 'not-found', parent);
  }
  const names: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const target = entry.isSymbolicLink() ? await stat(path.join(parent, entry.name)).catch(() => null) : entry;
    // A received package counts as the folder it unpacks to.
    if (target?.isDirectory() || (target?.isFile() && isZipPath(entry.name))) names.push(entry.name);
  }
  if (names.length === 0) {
    throw new UsageError({
      zh: `${parent} 里没有子文件夹或 .zip 报送包：--each 把每个子文件夹（或收到的 .zip）当作一个学校的材料`,
      en: `${parent} has no subfolders or .zip packages: --each takes each subfolder (or received .zip) as one school's submission`,
    });
  }
  return names.sort().map((name) => path.join(parent, name));
}
