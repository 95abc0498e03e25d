import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { ScannedFile } from '../../src/types.js';

/** A scanned file as the scanner would make it, for rule tests that need no file on disk. */
export function fakeFile(relPath: string, extra: Partial<ScannedFile> = {}): ScannedFile {
  const ext = /\.[^./]+$/u.exec(relPath)?.[0].toLowerCase() ?? '';
  return {
    path: relPath, absPath: `/nonexistent/${relPath}`, kind: 'text', bytes: 1000, mtime: new Date(0), ext,
    classification: { by: 'extension', detail: ext }, ...extra,
  };
}

/** The scanned file of a real one (`path` defaults to its name), for inspection tests that skip the scan. */
export async function scannedFile(absPath: string, extra: Partial<ScannedFile> = {}): Promise<ScannedFile> {
  const info = await stat(absPath);
  return fakeFile(extra.path ?? path.basename(absPath), { absPath, bytes: info.size, mtime: info.mtime, ...extra });
}
