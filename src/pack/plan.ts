import path from 'node:path';
import type { JudgedSubmission } from '../engine.js';
import { format } from '../i18n.js';
import { FOLDER_KINDS } from '../scan/classify.js';
import { isRead, type FileKind, type InspectedFile, type Lang, type ScannedFile, type SubmissionResult } from '../types.js';
import type { DocxPicture } from '../inspect/docx.js';
import { WORD_DOCUMENT_KINDS } from '../link/options.js';
import { pictureHandling } from './docx-pictures.js';
import { EntryNames, windowsSafeName, windowsSafePath } from './names.js';
import { PACK_WORDS as W } from './words.js';

/**
 * What goes into the package, where, and what is left out and why — decided from the check result alone,
 * before a byte is written.
 */

/** The contract's layout: one folder per kind, in this order. */
export const KIND_FOLDERS = {
  text: '文字材料',
  photo: '图片',
  'photo-news': '图片新闻',
  video: '视频',
  'media-report': '媒体报道',
  summary: '总结',
} as const satisfies Partial<Record<FileKind, string>>;

type MainKind = keyof typeof KIND_FOLDERS;
const MAIN_KINDS = Object.keys(KIND_FOLDERS) as MainKind[];
/** Documents whose pictures the notice wants as JPG files too. */
const PICTURE_DOCUMENTS = new Set<PackedKind>(['photo-news', 'media-report']);
/** Text is deflated; everything else (JPG, MP4, DOCX) is already compressed and is stored as is. */
const DEFLATED_EXTS = new Set(['.txt', '.md', '.csv']);
/** A picture taken out of a document is named 图N.jpg, N its number in the document as the check report counts them. */
const PICTURE_NAME = '图';

export type PackedKind = MainKind | 'caption' | 'description' | 'picture';

export type EntrySource =
  | { type: 'file'; file: ScannedFile }
  | { type: 'picture'; document: ScannedFile; mediaPath: string; handling: 'jpeg' | 'convert' };

export interface PlannedEntry {
  /** Path inside the zip. */
  name: string;
  kind: PackedKind;
  source: EntrySource;
  /** Expected size; a picture still to be converted counts with its size in the document until it is measured. */
  bytes: number;
  mtime: Date;
  store: boolean;
  /** Entries of one group stay in one part of a split package: a file with its sidecar, a document with its pictures. */
  group: number;
  /** A caption or description manifest goes with every part that holds a photo (or video). */
  follows?: 'photo' | 'video';
}

export interface LeftOutFile {
  path: string;
  kind: FileKind;
  /** Why, in the chosen language. */
  reasons: string[];
}

export interface PackPlan {
  entries: PlannedEntry[];
  leftOut: LeftOutFile[];
  /** Things the clerk should know that are not about a whole file (a picture that could not be written as JPG, …). */
  notes: string[];
}

function isMainKind(kind: FileKind): kind is MainKind {
  return kind in KIND_FOLDERS;
}

/** The destination of a file: its kind's folder, then its path without a first folder that only named its kind. */
function placeUnder(folder: string, relPath: string): string {
  const segments = relPath.split('/');
  const first = segments[0]!;
  const rest = segments.length > 1 && (FOLDER_KINDS[first.toLowerCase()] ?? FOLDER_KINDS[first]) ? segments.slice(1) : segments;
  return windowsSafePath([folder, ...rest].join('/'));
}

function stemOf(name: string): string {
  return name.slice(0, name.length - path.posix.extname(name).length);
}

/** The body's pictures, each once: Word stores a picture used twice as one entry, and it is written out once. */
function distinctPictures(pictures: readonly DocxPicture[]): DocxPicture[] {
  const first = new Map<string, DocxPicture>();
  for (const picture of pictures) if (!first.has(picture.entry)) first.set(picture.entry, picture);
  return [...first.values()];
}

export function planPackage(judged: JudgedSubmission, result: SubmissionResult, lang: Lang): PackPlan {
  const results = new Map(result.files.map((f) => [f.path, f]));
  const inspected = new Map<string, InspectedFile>(judged.files.map((f) => [f.file.path, f]));
  const errorsOf = (relPath: string): string[] =>
    (results.get(relPath)?.findings ?? []).filter((f) => f.severity === 'error').map((f) => f.message);
  const names = new EntryNames();
  const entries: PlannedEntry[] = [];
  const leftOut: LeftOutFile[] = [];
  const notes: string[] = [];
  const packedAs = new Map<string, PlannedEntry>();
  let groups = 0;

  const add = (file: ScannedFile, kind: PackedKind, name: string, group: number, follows?: PlannedEntry['follows']): void => {
    const entry: PlannedEntry = {
      name, kind, source: { type: 'file', file }, bytes: file.bytes, mtime: file.mtime, store: !DEFLATED_EXTS.has(file.ext), group, follows,
    };
    entries.push(entry);
    packedAs.set(file.path, entry);
  };
  const leave = (file: ScannedFile, reasons: string[]): void => {
    leftOut.push({ path: file.path, kind: file.kind, reasons });
  };

  // 1. The materials themselves, kind by kind.
  const sidecars: ScannedFile[] = [];
  const manifests: ScannedFile[] = [];
  for (const { file } of judged.files) {
    if (file.kind === 'ignored') leave(file, [results.get(file.path)?.reason ?? '']);
    else if (file.kind === 'caption' || file.kind === 'description') (file.isManifest ? manifests : sidecars).push(file);
    else if (!isMainKind(file.kind)) leave(file, errorsOf(file.path));
    else if (errorsOf(file.path).length) leave(file, errorsOf(file.path));
  }
  for (const kind of MAIN_KINDS) {
    for (const { file } of judged.files) {
      if (file.kind !== kind || errorsOf(file.path).length) continue;
      add(file, kind, names.claim(placeUnder(KIND_FOLDERS[kind], file.path)), groups++);
    }
  }

  // 2. A sidecar goes beside its file, under the same stem even when that file's name had to be numbered.
  for (const file of sidecars) {
    const described = file.describes?.[0];
    const media = described ? packedAs.get(described) : undefined;
    if (errorsOf(file.path).length) leave(file, errorsOf(file.path));
    else if (!media) leave(file, [format(W.sidecarOfLeftOut, lang, { file: described ?? '?' })]);
    else add(file, file.kind as PackedKind, names.claim(`${stemOf(media.name)}${path.posix.extname(file.path)}`), media.group);
  }

  // 3. A manifest goes into the folder of the files it describes, when any of them is sent.
  for (const file of manifests) {
    const follows = file.kind === 'caption' ? 'photo' : 'video';
    if (errorsOf(file.path).length) leave(file, errorsOf(file.path));
    else if (!entries.some((e) => e.kind === follows)) leave(file, [format(follows === 'photo' ? W.manifestWithoutPhotos : W.manifestWithoutVideos, lang)]);
    else add(file, file.kind as PackedKind, names.claim(placeUnder(KIND_FOLDERS[follows], file.path)), groups++, follows);
  }

  // 4. The pictures of photo news and media reports, as JPG files in a folder named after the document: the ones
  //    the inspection found in the body, in reading order (unused media and header pictures are not the report's).
  for (const document of entries.filter((e) => PICTURE_DOCUMENTS.has(e.kind))) {
    const file = (document.source as { file: ScannedFile }).file;
    const entry = inspected.get(file.path);
    const facts = entry && isRead(entry, WORD_DOCUMENT_KINDS) ? entry.facts : undefined;
    if (!facts?.pictureList) {
      // Sent although it could not be read: only when the config turned its readable rule down.
      const detail = entry?.state === 'failed' ? entry.failure.detail : (facts?.readErrorDetail ?? facts?.readError ?? '?');
      notes.push(format(W.picturesUnreadable, lang, { file: file.path, detail }));
      continue;
    }
    const pictures = distinctPictures(facts.pictureList);
    if (pictures.length === 0) continue;
    const folder = names.claimFolder(`${path.posix.dirname(document.name)}/${windowsSafeName(stemOf(path.posix.basename(document.name)))}`);
    for (const picture of pictures) {
      const handling = pictureHandling(picture.format);
      if (handling === 'unsupported') {
        notes.push(format(W.pictureUnsupported, lang, { file: file.path, picture: path.posix.basename(picture.entry) }));
        continue;
      }
      entries.push({
        name: names.claim(`${folder}/${PICTURE_NAME}${picture.number}.jpg`),
        kind: 'picture',
        source: { type: 'picture', document: file, mediaPath: picture.entry, handling },
        bytes: picture.bytes,
        mtime: file.mtime,
        store: true,
        group: document.group,
      });
    }
  }

  const folderRank = (name: string): number => MAIN_KINDS.findIndex((k) => name.startsWith(`${KIND_FOLDERS[k]}/`));
  const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  entries.sort((a, b) => folderRank(a.name) - folderRank(b.name) || byName(a.name, b.name));
  leftOut.sort((a, b) => byName(a.path, b.path));
  return { entries, leftOut, notes };
}
