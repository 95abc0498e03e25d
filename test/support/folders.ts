import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Writes a submission folder `root/name` holding `files` (relative paths → contents); returns its path. */
export async function makeFolder(root: string, name: string, files: Record<string, string | Uint8Array>): Promise<string> {
  const dir = path.join(root, name);
  await mkdir(dir, { recursive: true });
  for (const [rel, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await writeFile(path.join(dir, rel), content);
  }
  return dir;
}
