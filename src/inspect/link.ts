import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { Facts, ScannedFile } from '../types.js';
import type { PhotoFacts } from './image.js';
import type { CaptionFileFacts, ManifestEntry } from './text.js';
import { isDescriptiveName, judgeCaption } from '../rules/caption-text.js';
import { wordCount } from '../text/wordcount.js';

/**
 * Facts that need more than one file: the caption a photo is shown with (sidecar, manifest, embedded, file
 * name — in the rulebook's order), a video's description (sidecar, then manifest), and byte-identical photos.
 */

export interface CaptionOptions {
  minChars: number;
  boilerplate: readonly string[];
}

export interface CaptionCandidate {
  source: string;
  text: string;
}

type FactsByPath = Map<string, { file: ScannedFile; facts: Facts }>;

function manifestIndex(all: FactsByPath, kind: 'caption' | 'description'): Map<string, CaptionCandidate> {
  const index = new Map<string, CaptionCandidate>();
  for (const { file, facts } of all.values()) {
    if (file.kind !== kind || !file.isManifest) continue;
    for (const entry of (facts as unknown as CaptionFileFacts).entries ?? ([] as ManifestEntry[])) {
      const key = entry.name.normalize('NFC').toLowerCase();
      if (!index.has(key)) index.set(key, { source: `manifest:${file.path}#${entry.line}`, text: entry.text });
    }
  }
  return index;
}

function fromManifest(index: Map<string, CaptionCandidate>, file: ScannedFile): CaptionCandidate | undefined {
  const name = path.posix.basename(file.path).toLowerCase();
  const stem = name.slice(0, name.length - file.ext.length);
  return index.get(name) ?? index.get(stem);
}

function fromSidecar(all: FactsByPath, file: ScannedFile): CaptionCandidate | undefined {
  if (!file.sidecar) return undefined;
  const text = (all.get(file.sidecar)?.facts as CaptionFileFacts | undefined)?.text;
  return text ? { source: `sidecar:${file.sidecar}`, text } : undefined;
}

export function captionCandidates(all: FactsByPath, file: ScannedFile, facts: PhotoFacts, manifests: Map<string, CaptionCandidate>): CaptionCandidate[] {
  const stem = path.posix.basename(file.path, path.posix.extname(file.path));
  return [
    fromSidecar(all, file),
    fromManifest(manifests, file),
    ...facts.embeddedCaptions,
    isDescriptiveName(stem) ? { source: 'filename', text: stem } : undefined,
  ].filter((c): c is CaptionCandidate => Boolean(c));
}

async function sha256(absPath: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(absPath)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Byte-identical photos: only files of equal size are hashed, so a normal day hashes nothing. */
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
      const digest = await sha256(photo.absPath);
      const first = firstByHash.get(digest);
      if (first) duplicateOf.set(photo.path, first);
      else firstByHash.set(digest, photo.path);
    }
  }
  return duplicateOf;
}

/** `descriptionOptions` are video/description's: the first description long enough is the one shown. */
export async function linkSubmission(all: FactsByPath, captionOptions: CaptionOptions, descriptionOptions?: { minChars: number }): Promise<void> {
  const captionManifests = manifestIndex(all, 'caption');
  const descriptionManifests = manifestIndex(all, 'description');
  const photos: ScannedFile[] = [];

  for (const { file, facts } of all.values()) {
    if (file.kind === 'photo') {
      photos.push(file);
      const photo = facts as unknown as PhotoFacts;
      const candidates = captionCandidates(all, file, photo, captionManifests);
      const chosen = candidates.find((c) => judgeCaption(c.text, captionOptions, photo).ok);
      Object.assign(facts, {
        caption: chosen?.text ?? null,
        captionSource: chosen?.source ?? null,
        captionCandidates: candidates,
      });
    } else if (file.kind === 'video') {
      const candidates = [fromSidecar(all, file), fromManifest(descriptionManifests, file)].filter((c): c is CaptionCandidate => Boolean(c));
      const chosen = candidates.find((c) => !descriptionOptions || wordCount(c.text) >= descriptionOptions.minChars);
      Object.assign(facts, {
        description: chosen?.text ?? null,
        descriptionSource: chosen?.source ?? null,
        descriptionCandidates: candidates,
      });
    }
  }

  for (const [photoPath, first] of await findDuplicates(photos)) {
    Object.assign(all.get(photoPath)!.facts, { duplicateOf: first });
  }
}
