import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { Facts, ScannedFile } from '../types.js';
import type { PhotoFacts } from './image.js';
import { MANIFEST_SEPARATOR, type CaptionFileFacts, type ManifestEntry } from './text.js';
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

interface IndexedLine {
  entry: ManifestEntry;
  source: string;
  /** The file whose name, holding a separator, this line really names (see claimSplitNames). */
  claimedBy?: string;
}

interface ManifestIndex {
  byName: Map<string, IndexedLine[]>;
  lines: IndexedLine[];
}

/** How manifest names and file names are compared: NFC, case-insensitive, without a folder in front. */
function nameKey(name: string): string {
  return name.normalize('NFC').replace(/^.*[\\/]/u, '').trim().toLowerCase();
}

/** The two names a manifest line may use for a file: with and without its extension. */
function fileKeys(file: ScannedFile): [string, string] {
  const name = nameKey(path.posix.basename(file.path));
  return [name, name.slice(0, name.length - file.ext.length)];
}

/**
 * A manifest line is split at its first separator, so a file name that itself holds one (`开幕式，校长致辞.jpg`)
 * arrives cut in two: the head as the entry's name, the rest at the start of its text, followed by the line's
 * real separator and the caption. Such a line belongs to that file, not to a file named like the head
 * (`开幕式.jpg`); claiming it first keeps it from both.
 */
function splitNameCaption(line: IndexedLine, key: string): string | undefined {
  const at = key.search(MANIFEST_SEPARATOR);
  if (at < 0 || nameKey(line.entry.name) !== key.slice(0, at).trim()) return undefined;
  const tail = key.slice(at + 1).trim();
  const text = line.entry.text.normalize('NFC');
  if (!text.toLowerCase().startsWith(tail)) return undefined;
  const rest = text.slice(tail.length).trimStart();
  return MANIFEST_SEPARATOR.test(rest[0] ?? '') ? rest.slice(1).trim() || undefined : undefined;
}

function manifestIndex(all: FactsByPath, kind: 'caption' | 'description'): ManifestIndex {
  const index: ManifestIndex = { byName: new Map(), lines: [] };
  const describedKind = kind === 'caption' ? 'photo' : 'video';
  const described = [...all.values()].filter(({ file }) => file.kind === describedKind).map(({ file }) => file);
  for (const { file, facts } of all.values()) {
    if (file.kind !== kind || !file.isManifest) continue;
    for (const entry of (facts as unknown as CaptionFileFacts).entries ?? ([] as ManifestEntry[])) {
      const line: IndexedLine = { entry, source: `manifest:${file.path}#${entry.line}` };
      const key = nameKey(entry.name);
      index.byName.set(key, [...(index.byName.get(key) ?? []), line]);
      index.lines.push(line);
    }
  }
  for (const file of described) {
    for (const key of fileKeys(file)) {
      const line = index.lines.find((l) => !l.claimedBy && splitNameCaption(l, key));
      if (line) line.claimedBy = file.path;
    }
  }
  return index;
}

/** The first manifest line naming the file, with or without its extension. */
function fromManifest(index: ManifestIndex, file: ScannedFile): CaptionCandidate | undefined {
  const keys = fileKeys(file);
  const claimed = index.lines.find((l) => l.claimedBy === file.path);
  if (claimed) {
    const text = keys.map((key) => splitNameCaption(claimed, key)).find(Boolean);
    if (text) return { source: claimed.source, text };
  }
  for (const key of keys) {
    const line = index.byName.get(key)?.find((l) => !l.claimedBy);
    if (line) return { source: line.source, text: line.entry.text };
  }
  return undefined;
}

function fromSidecar(all: FactsByPath, file: ScannedFile): CaptionCandidate | undefined {
  if (!file.sidecar) return undefined;
  const text = (all.get(file.sidecar)?.facts as CaptionFileFacts | undefined)?.text;
  return text ? { source: `sidecar:${file.sidecar}`, text } : undefined;
}

export function captionCandidates(all: FactsByPath, file: ScannedFile, facts: PhotoFacts, manifests: ManifestIndex): CaptionCandidate[] {
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

/** A name that says it is a copy: Windows' `- 副本`, macOS's `copy`, `(1)`, `- 拷贝`. */
const COPY_MARKERS = [/副本/u, /拷贝/u, /\bcopy\b/iu, /[（(]\s*\d+\s*[)）]\s*$/u];

function copyMarks(file: ScannedFile): number {
  const stem = path.posix.basename(file.path, path.posix.extname(file.path));
  return COPY_MARKERS.filter((marker) => marker.test(stem)).length;
}

/**
 * Byte-identical photos: only files of equal size are hashed, so a normal day hashes nothing. In each set of
 * identical photos the original is the one whose name looks least like a copy (then the earlier name); every
 * other one is a copy of it (rulebook photo/duplicate: the warning goes on the copy).
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
    const byHash = new Map<string, ScannedFile[]>();
    for (const photo of group) {
      const digest = await sha256(photo.absPath);
      byHash.set(digest, [...(byHash.get(digest) ?? []), photo]);
    }
    for (const same of byHash.values()) {
      if (same.length < 2) continue;
      const [original, ...copies] = [...same].sort((a, b) => copyMarks(a) - copyMarks(b) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      for (const copy of copies) duplicateOf.set(copy.path, original!.path);
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
