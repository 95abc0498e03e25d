import path from 'node:path';
import { MANIFEST_SEPARATOR, type ManifestEntry } from '../inspect/text.js';
import { descriptiveNamePart, judgeCaption } from '../text/caption.js';
import { wordCount } from '../text/wordcount.js';
import { isRead, type CaptionCandidate, type ReadFile, type ScannedFile, type SubmissionFacts } from '../types.js';
import type { LinkOptions } from './options.js';

/**
 * The caption a photo is shown with (sidecar, manifest, embedded, file name — in the rulebook's order) and a
 * video's description (sidecar, then manifest). A manifest covers the files of its own folder and of the folders
 * below it; a closer manifest (or a sidecar) wins. A manifest line that names no file it covers is an orphan, kept
 * on the manifest's facts for caption/manifest-line.
 */

interface IndexedLine {
  entry: ManifestEntry;
  source: string;
  /** The file whose name, holding a separator, this line really names (see splitNameCaption). */
  claimedBy?: string;
}

interface Manifest {
  file: ReadFile<'caption' | 'description'>;
  /** The folder it covers, '' for the submission's root. */
  folder: string;
  byName: Map<string, IndexedLine[]>;
  lines: IndexedLine[];
  /** Lines whose name is exactly (case included) one covered file's: not for a case-only twin of that file. */
  exact: Map<IndexedLine, string>;
}

const nfc = (name: string): string => name.normalize('NFC').replace(/^.*[\\/]/u, '').trim();

/** How manifest names and file names are compared first: NFC, without a folder in front, case as written. */
function exactKey(name: string): string {
  return nfc(name);
}

/** … and then case-insensitively (Windows names are), unless another file has the exact name. */
function nameKey(name: string): string {
  return nfc(name).toLowerCase();
}

/** The two names a manifest line may use for a file: with and without its extension. */
function fileNames(file: ScannedFile): [string, string] {
  const name = nfc(path.posix.basename(file.path));
  return [name, name.slice(0, name.length - file.ext.length)];
}

const folderOf = (relPath: string): string => {
  const dir = path.posix.dirname(relPath);
  return dir === '.' ? '' : dir;
};

const covers = (folder: string, file: ScannedFile): boolean => folder === '' || file.path.startsWith(`${folder}/`);

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

function indexManifest(file: ReadFile<'caption' | 'description'>, described: readonly ScannedFile[]): Manifest {
  const manifest: Manifest = { file, folder: folderOf(file.file.path), byName: new Map(), lines: [], exact: new Map() };
  for (const entry of file.facts.entries ?? []) {
    const line: IndexedLine = { entry, source: `manifest:${file.file.path}#${entry.line}` };
    const key = nameKey(entry.name);
    manifest.byName.set(key, [...(manifest.byName.get(key) ?? []), line]);
    manifest.lines.push(line);
  }
  const covered = described.filter((d) => covers(manifest.folder, d));
  for (const media of covered) {
    for (const name of fileNames(media)) {
      const key = name.toLowerCase();
      const line = manifest.lines.find((l) => !l.claimedBy && splitNameCaption(l, key));
      if (line) line.claimedBy = media.path;
      for (const l of manifest.byName.get(key) ?? []) if (exactKey(l.entry.name) === name && !manifest.exact.has(l)) manifest.exact.set(l, media.path);
    }
  }
  return manifest;
}

/** The first line of one manifest naming the file: claimed, then with the exact name, then case-insensitively. */
function lineFor(manifest: Manifest, file: ScannedFile): CaptionCandidate | undefined {
  const names = fileNames(file);
  const claimed = manifest.lines.find((l) => l.claimedBy === file.path);
  if (claimed) {
    const text = names.map((name) => splitNameCaption(claimed, name.toLowerCase())).find(Boolean);
    if (text) return { source: claimed.source, text };
  }
  for (const name of names) {
    const lines = (manifest.byName.get(name.toLowerCase()) ?? []).filter((l) => !l.claimedBy);
    const line = lines.find((l) => manifest.exact.get(l) === file.path) ?? lines.find((l) => !manifest.exact.has(l));
    if (line) return { source: line.source, text: line.entry.text };
  }
  return undefined;
}

/** The manifests that cover a file, the closest first. */
function coveringManifests(manifests: readonly Manifest[], file: ScannedFile): Manifest[] {
  return manifests.filter((m) => covers(m.folder, file)).sort((a, b) => b.folder.length - a.folder.length);
}

function fromManifests(manifests: readonly Manifest[], file: ScannedFile): CaptionCandidate | undefined {
  for (const manifest of coveringManifests(manifests, file)) {
    const found = lineFor(manifest, file);
    if (found) return found;
  }
  return undefined;
}

/** Lines of a manifest that name no photo (or video) it covers: the clerk meant some file, and it gets no caption. */
function orphanLines(manifest: Manifest, described: readonly ScannedFile[]): number[] {
  const covered = described.filter((d) => covers(manifest.folder, d));
  const used = new Set<IndexedLine>();
  for (const media of covered) {
    for (const line of manifest.lines) if (line.claimedBy === media.path) used.add(line);
    for (const name of fileNames(media)) for (const line of manifest.byName.get(name.toLowerCase()) ?? []) if (!line.claimedBy) used.add(line);
  }
  return manifest.lines.filter((l) => !used.has(l)).map((l) => l.entry.line);
}

function fromSidecar(all: SubmissionFacts, file: ScannedFile): CaptionCandidate | undefined {
  const sidecar = file.sidecar ? all.get(file.sidecar) : undefined;
  if (!sidecar || !(isRead(sidecar, 'caption') || isRead(sidecar, 'description'))) return undefined;
  const text = sidecar.facts.text;
  return text ? { source: `sidecar:${sidecar.file.path}`, text } : undefined;
}

function manifestsOf(all: SubmissionFacts, kind: 'caption' | 'description', described: readonly ScannedFile[]): Manifest[] {
  const manifests: Manifest[] = [];
  for (const entry of all.values()) {
    if (!entry.file.isManifest || !isRead(entry, kind)) continue;
    manifests.push(indexManifest(entry, described));
  }
  return manifests;
}

/** Every caption found for a photo, in the rulebook's order: sidecar, manifest line, embedded, file name. */
export function captionCandidates(all: SubmissionFacts, photo: ReadFile<'photo'>, manifests: readonly Manifest[]): CaptionCandidate[] {
  const stem = path.posix.basename(photo.file.path, path.posix.extname(photo.file.path));
  const fromName = descriptiveNamePart(stem);
  return [
    fromSidecar(all, photo.file),
    fromManifests(manifests, photo.file),
    ...photo.facts.embeddedCaptions,
    fromName ? { source: 'filename', text: fromName } : undefined,
  ].filter((c): c is CaptionCandidate => Boolean(c));
}

/** Adds to each photo the caption it is shown with, to each video its description, and to each manifest its orphan lines. */
export function linkCaptions(all: SubmissionFacts, options: LinkOptions): void {
  const files = [...all.values()];
  const photos = files.filter((f) => f.kind === 'photo').map((f) => f.file);
  const videos = files.filter((f) => f.kind === 'video').map((f) => f.file);
  const captionManifests = manifestsOf(all, 'caption', photos);
  const descriptionManifests = manifestsOf(all, 'description', videos);

  for (const entry of files) {
    if (isRead(entry, 'photo')) {
      const candidates = captionCandidates(all, entry, captionManifests);
      const chosen = candidates.find((c) => judgeCaption(c.text, options.caption, entry.facts).ok);
      entry.facts.caption = chosen?.text ?? null;
      entry.facts.captionSource = chosen?.source ?? null;
      entry.facts.captionCandidates = candidates;
    } else if (isRead(entry, 'video')) {
      const candidates = [fromSidecar(all, entry.file), fromManifests(descriptionManifests, entry.file)].filter((c): c is CaptionCandidate => Boolean(c));
      const chosen = candidates.find((c) => wordCount(c.text) >= options.descriptionMinChars);
      entry.facts.description = chosen?.text ?? null;
      entry.facts.descriptionSource = chosen?.source ?? null;
      entry.facts.descriptionCandidates = candidates;
    }
  }
  for (const manifest of captionManifests) manifest.file.facts.orphanLines = orphanLines(manifest, photos);
  for (const manifest of descriptionManifests) manifest.file.facts.orphanLines = orphanLines(manifest, videos);
}
