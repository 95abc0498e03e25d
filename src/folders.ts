import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * `mkdir -p`: makes `folder` and those of its parents that are missing, from the top down, and throws the first
 * refusal. Hand-written because Node's own `mkdir(…, { recursive: true })` (which make-dir and fs-extra call too)
 * retries for ever where a folder that exists refuses a child with ENOENT: on Node 20.20 here, `/proc/1/x/y` spun a
 * core until killed, sync and async alike. Windows refuses a name with `?`, `*` or `:` in it as ERROR_INVALID_NAME,
 * which libuv reports as ENOENT (src/win/error.c), so a received zip's entry or a typed `--out` could do the same
 * there. mkdirp's own walk retries the same way. Here each missing level is tried once.
 */
export async function makeFolders(folder: string): Promise<void> {
  const target = path.resolve(folder);
  const missing: string[] = [];
  for (let at = target; ; ) {
    try {
      await mkdir(at);
      break;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') {
        // A file above the folder fails at the next level down, as ENOTDIR.
        if (at === target) await mustBeFolder(at, error);
        break;
      }
      const parent = path.dirname(at);
      if (code !== 'ENOENT' || parent === at) throw error;
      missing.push(at);
      at = parent;
    }
  }
  for (const level of missing.reverse()) {
    try {
      await mkdir(level);
    } catch (error) {
      // Another process may have made it meanwhile; ENOENT now, under a parent that is there, is final.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (level === target) await mustBeFolder(level, error);
    }
  }
}

/** A file where the folder should be is EEXIST, as with Node's `recursive`. */
async function mustBeFolder(at: string, exists: unknown): Promise<void> {
  if (!(await stat(at).catch(() => undefined))?.isDirectory()) throw exists;
}
