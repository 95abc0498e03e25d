import { open } from 'node:fs/promises';
import { fileTypeFromBuffer } from 'file-type';
import type { ScannedFile } from '../types.js';

export const SNIFF_BYTES = 4100;

/** The first `length` bytes of a file (fewer if it is shorter). */
export async function readHead(absPath: string, length = SNIFF_BYTES): Promise<Buffer> {
  const handle = await open(absPath, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

export async function sniffFormat(absPath: string): Promise<{ ext: string; mime: string } | undefined> {
  return fileTypeFromBuffer(await readHead(absPath));
}

/** What the bytes say a file is, for kinds whose content is judged later or not at all. */
/** A file of no judged kind: what its bytes are, so the report can name the real format. */
export interface FamilyFacts {
  format: string | null;
  mime?: string;
}

export async function inspectFamily(file: ScannedFile): Promise<FamilyFacts> {
  if (file.bytes === 0) return { format: null };
  const sniffed = await sniffFormat(file.absPath);
  return sniffed ? { format: sniffed.ext, mime: sniffed.mime } : { format: null };
}
