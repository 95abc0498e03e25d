import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Writes `content` to `file`, making its folders first; returns the file. */
export async function put(file: string, content: string | Uint8Array): Promise<string> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content);
  return file;
}

/** Writes a submission folder `root/name` holding `files` (relative paths → contents); returns its path. */
export async function makeFolder(root: string, name: string, files: Record<string, string | Uint8Array>): Promise<string> {
  const dir = path.join(root, name);
  await mkdir(dir, { recursive: true });
  for (const [rel, content] of Object.entries(files)) await put(path.join(dir, rel), content);
  return dir;
}

/** Every file below `dir` with its SHA-256 (unless `hash` is false), size and mtime, to show that a run changed nothing. */
export async function snapshot(dir: string, hash = true): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const info = await stat(file);
    const digest = hash ? createHash('sha256').update(await readFile(file)).digest('hex') : '';
    result.set(path.relative(dir, file), `${digest} ${info.mtimeMs} ${info.size}`);
  }
  return result;
}
