import { open } from 'node:fs/promises';
import { fileTypeFromBuffer } from 'file-type';
import type { ScannedFile } from '../types.js';

export const SNIFF_BYTES = 4100;

export async function sniffFormat(absPath: string): Promise<{ ext: string; mime: string } | undefined> {
  const handle = await open(absPath, 'r');
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    return await fileTypeFromBuffer(buffer.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

/** What the bytes say a file is, for kinds whose content is judged later or not at all. */
export async function inspectFamily(file: ScannedFile): Promise<{ format: string | null; mime?: string }> {
  if (file.bytes === 0) return { format: null };
  const sniffed = await sniffFormat(file.absPath);
  return sniffed ? { format: sniffed.ext, mime: sniffed.mime } : { format: null };
}
