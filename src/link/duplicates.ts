import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { isRead, type ScannedFile, type SubmissionFacts } from '../types.js';

async function sha256(absPath: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(absPath)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Byte-identical photos: only files of equal size are hashed, so a normal day hashes nothing. A photo that could
 * not be inspected, or can no longer be read, is left out of the comparison: it has its own finding.
 */
async function findDuplicates(photos: ScannedFile[]): Promise<Map<string, string>> {
  const bySize = new Map<number, ScannedFile[]>();
  for (const photo of photos) {
    if (photo.bytes === 0) continue;
    bySize.set(photo.bytes, [...(bySize.get(photo.bytes) ?? []), photo]);
  }
  const duplicateOf = new Map<string, string>();
  for (const group of bySize.values()) {
    if (group.length < 2) continue;
    const firstByHash = new Map<string, string>();
    for (const photo of group) {
      const digest = await sha256(photo.absPath).catch(() => undefined);
      if (digest === undefined) continue;
      const first = firstByHash.get(digest);
      if (first) duplicateOf.set(photo.path, first);
      else firstByHash.set(digest, photo.path);
    }
  }
  return duplicateOf;
}

export async function linkDuplicates(all: SubmissionFacts): Promise<void> {
  const photos = [...all.values()].filter((f) => isRead(f, 'photo')).map((f) => f.file);
  for (const [photoPath, first] of await findDuplicates(photos)) {
    const copy = all.get(photoPath);
    if (copy && isRead(copy, 'photo')) copy.facts.duplicateOf = first;
  }
}
