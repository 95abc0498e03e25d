import path from 'node:path';
import type { JudgedSubmission } from '../engine.js';
import { format } from '../i18n.js';
import { DEFAULT_PROFILE, getProfile } from '../profile/profile.js';
import { localize } from '../report/messages.js';
import { FOLDER_KINDS } from '../scan/classify.js';
import { isRealLink } from '../text/urls.js';
import { isRead, type Bilingual, type FileKind, type InspectedFile, type Lang, type RawFinding, type ScannedFile, type SubmissionResult } from '../types.js';
import type { DocxPicture } from '../inspect/docx.js';
import { WORD_DOCUMENT_KINDS } from '../link/options.js';
import { pictureHandling, type PictureLimits } from './docx-pictures.js';
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

export type PackedKind = MainKind | 'caption' | 'description' | 'picture' | 'generated';

/** One line of a list pyvw writes into the package: the entry it is about, and the line. */
export interface GeneratedLine {
  entry: string;
  line: string;
}

export type EntrySource =
  | { type: 'file'; file: ScannedFile }
  | { type: 'picture'; document: ScannedFile; mediaPath: string; handling: 'jpeg' | 'convert'; limits: PictureLimits }
  /** Written by pyvw (图片说明.txt, 视频说明.txt, 材料一览.html): a part of a split package holds only its own files' lines. */
  | { type: 'generated'; lines: GeneratedLine[]; render: (lines: readonly GeneratedLine[]) => Buffer; what: Bilingual };

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
  /** A media report's title and links, for 报送清单.txt and the email. */
  report?: MediaReportLinks;
}

export interface MediaReportLinks {
  title: string | null;
  links: string[];
}

export interface LeftOutFile {
  path: string;
  kind: FileKind;
  /** Why, in the chosen language. */
  reasons: string[];
  /** Why, in Chinese: 报送清单.txt is always Chinese, whatever the clerk's language. */
  reasonsZh: string[];
}

export interface PackPlan {
  entries: PlannedEntry[];
  leftOut: LeftOutFile[];
  /** Things the clerk should know that are not about a whole file (a picture that could not be written as JPG, …), in both languages. */
  notes: Bilingual[];
}

/** The lists pyvw writes for the bureau, one line `文件名：说明` per packed photo or video. */
export const CAPTION_LIST = '图片/图片说明.txt';
export const DESCRIPTION_LIST = '视频/视频说明.txt';

function both(text: Bilingual, data: Record<string, unknown> = {}): Bilingual {
  return { zh: format(text, 'zh', data), en: format(text, 'en', data) };
}

/** UTF-8 with BOM and CRLF, as 报送清单.txt: Notepad on any Windows shows it right. */
function renderLines(lines: readonly GeneratedLine[]): Buffer {
  return Buffer.from(`\uFEFF${lines.map((l) => `${l.line}\r\n`).join('')}`, 'utf8');
}

/** A caption on one line: a manifest line ends at the line's end. */
function oneLine(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

/** A generated entry narrowed to the lines about the entries of one package (all of them when not split). */
export function forPart(entries: readonly PlannedEntry[]): PlannedEntry[] {
  const names = new Set(entries.map((e) => e.name));
  return entries.flatMap((entry) => {
    const { source } = entry;
    if (source.type !== 'generated' || !entry.follows) return [entry];
    const lines = source.lines.filter((l) => names.has(l.entry));
    return lines.length ? [{ ...entry, source: { ...source, lines }, bytes: source.render(lines).length }] : [];
  });
}

/**
 * The hook for what else pyvw writes into the package (材料一览.html): entries whose content is made from the
 * plan; each is listed and hashed in 报送清单.txt like any other file.
 */
export type Companion = (entries: readonly PlannedEntry[], judged: JudgedSubmission) => PlannedEntry | undefined;
export const PACKAGE_COMPANIONS: Companion[] = [];

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

/** A file of the folder as the package holds it: under `name`, JPG, MP4 and DOCX stored as they are, text deflated. */
function fileEntry(file: ScannedFile, kind: PackedKind, name: string, group: number, follows?: PlannedEntry['follows']): PlannedEntry {
  return { name, kind, source: { type: 'file', file }, bytes: file.bytes, mtime: file.mtime, store: !DEFLATED_EXTS.has(file.ext), group, follows };
}

/** The names of a new package, the lists pyvw writes claimed first: they keep their names whatever the photos are called. */
function packageNames(): EntryNames {
  const names = new EntryNames();
  names.claim(CAPTION_LIST);
  names.claim(DESCRIPTION_LIST);
  return names;
}

/** A material's place in the package, claimed from `names`. */
function materialName(names: EntryNames, file: ScannedFile, kind: MainKind): string {
  return names.claim(placeUnder(KIND_FOLDERS[kind], file.path));
}

/**
 * The package of a scanned folder as it would be if every one of its files passed, named as `planPackage` names
 * it: what `pack` starts writing while the check still runs (src/pack/head-start.ts). Where every file passes, each
 * of these entries is one of the plan's, name for name; where one does not, the plan says otherwise and what was
 * written ahead is thrown away.
 */
export class HopefulPackage {
  private readonly names = packageNames();
  /** The materials, each under the name the plan gives it. */
  readonly entries: PlannedEntry[] = [];

  constructor(files: readonly ScannedFile[]) {
    for (const kind of MAIN_KINDS) {
      for (const file of files) if (file.kind === kind && !file.unreadable) this.entries.push(fileEntry(file, kind, materialName(this.names, file, kind), 0));
    }
  }

  /**
   * The pictures of its photo news and media reports, named as the plan names them (`documentPictures`), from each
   * document's inspection (`inspectedOf`); undefined while any of those documents is not inspected yet: their
   * folders are named in turn, so one document's pictures are not known before the ones of those before it.
   * Once only: the names are claimed.
   */
  pictures(inspectedOf: (file: ScannedFile) => InspectedFile | undefined, limits: PictureLimits): PlannedEntry[] | undefined {
    const documents = this.entries.filter((entry) => PICTURE_DOCUMENTS.has(entry.kind));
    const inspections = documents.map((document) => inspectedOf((document.source as { file: ScannedFile }).file));
    if (inspections.some((entry) => !entry)) return undefined;
    return documents.flatMap((document, i) => {
      const entry = inspections[i]!;
      const pictureList = isRead(entry, WORD_DOCUMENT_KINDS) ? entry.facts.pictureList : undefined;
      return pictureList ? documentPictures(this.names, document, pictureList, limits, []) : [];
    });
  }
}

/**
 * The pictures of one photo news or media report as JPG files in a folder named after the document, each once and in
 * reading order, their names claimed from `names`; a picture that cannot be written as JPG gets a note in `notes`.
 */
function documentPictures(names: EntryNames, document: PlannedEntry, pictureList: readonly DocxPicture[], limits: PictureLimits, notes: Bilingual[]): PlannedEntry[] {
  const file = (document.source as { file: ScannedFile }).file;
  const pictures = distinctPictures(pictureList);
  if (pictures.length === 0) return [];
  const folder = names.claimFolder(`${path.posix.dirname(document.name)}/${windowsSafeName(stemOf(path.posix.basename(document.name)))}`);
  const entries: PlannedEntry[] = [];
  for (const picture of pictures) {
    const handling = pictureHandling(picture.format);
    if (handling === 'unsupported') {
      notes.push(both(W.pictureUnsupported, { file: file.path, picture: path.posix.basename(picture.entry) }));
      continue;
    }
    entries.push({
      name: names.claim(`${folder}/${PICTURE_NAME}${picture.number}.jpg`),
      kind: 'picture',
      source: { type: 'picture', document: file, mediaPath: picture.entry, handling, limits },
      bytes: picture.bytes,
      mtime: file.mtime,
      store: true,
      group: document.group,
    });
  }
  return entries;
}

/** `pictureLimits`: the profile's bounds on the pictures written out of Word documents (`pictureExport`). */
export function planPackage(
  judged: JudgedSubmission, _result: SubmissionResult, lang: Lang, pictureLimits: PictureLimits = getProfile(DEFAULT_PROFILE).pictureExport,
): PackPlan {
  const judgedOf = new Map(judged.files.map((f) => [f.file.path, f]));
  const inspected = new Map<string, InspectedFile>(judged.files.map((f) => [f.file.path, f]));
  const errorFindings = (relPath: string): RawFinding[] => (judgedOf.get(relPath)?.findings ?? []).filter((f) => f.severity === 'error');
  const hasErrors = (relPath: string): boolean => errorFindings(relPath).length > 0;
  const names = packageNames();
  const entries: PlannedEntry[] = [];
  const leftOut: LeftOutFile[] = [];
  const notes: Bilingual[] = [];
  const packedAs = new Map<string, PlannedEntry>();
  let groups = 0;

  const add = (file: ScannedFile, kind: PackedKind, name: string, group: number, follows?: PlannedEntry['follows']): PlannedEntry => {
    const entry = fileEntry(file, kind, name, group, follows);
    entries.push(entry);
    packedAs.set(file.path, entry);
    return entry;
  };
  const leave = (file: ScannedFile, reasons: Bilingual[]): void => {
    leftOut.push({ path: file.path, kind: file.kind, reasons: reasons.map((r) => r[lang]), reasonsZh: reasons.map((r) => r.zh) });
  };
  const leaveForErrors = (file: ScannedFile): void =>
    leave(file, errorFindings(file.path).map((f) => ({ zh: localize(f, 'zh').message, en: localize(f, 'en').message })));
  const duplicateOf = (file: ScannedFile): string | undefined => {
    const entry = inspected.get(file.path);
    return entry && isRead(entry, 'photo') ? entry.facts.duplicateOf : undefined;
  };

  // 1. The materials themselves, kind by kind. Junk is neither sent nor worth a line among what was left out.
  const sidecars: ScannedFile[] = [];
  for (const { file } of judged.files) {
    if (file.kind === 'ignored') continue;
    if (file.kind === 'caption' || file.kind === 'description') {
      // Lists are written anew from the captions found, whatever their source (CAPTION_LIST, DESCRIPTION_LIST).
      if (!file.isManifest) sidecars.push(file);
    } else if (!isMainKind(file.kind) || hasErrors(file.path)) leaveForErrors(file);
  }
  const copies: ScannedFile[] = [];
  for (const kind of MAIN_KINDS) {
    for (const { file } of judged.files) {
      if (file.kind !== kind || hasErrors(file.path)) continue;
      if (kind === 'photo' && duplicateOf(file)) copies.push(file);
      else add(file, kind, materialName(names, file, kind), groups++);
    }
  }
  // A byte-identical copy is sent only when its original could not be (rulebook photo/duplicate).
  for (const file of copies) {
    const original = duplicateOf(file)!;
    if (packedAs.has(original)) leave(file, [both(W.duplicateLeftOut, { original })]);
    else add(file, 'photo', materialName(names, file, 'photo'), groups++);
  }

  // 2. A sidecar goes beside its file, under the same stem even when that file's name had to be numbered.
  for (const file of sidecars) {
    const described = file.describes?.[0];
    const media = described ? packedAs.get(described) : undefined;
    if (hasErrors(file.path)) leaveForErrors(file);
    else if (!media) leave(file, [both(W.sidecarOfLeftOut, { file: described ?? '?' })]);
    else add(file, file.kind as PackedKind, names.claim(`${stemOf(media.name)}${path.posix.extname(file.path)}`), media.group);
  }

  // 3. One caption list for the photos and one description list for the videos, a line for each one sent.
  const captionOf = (file: ScannedFile): string | null | undefined => {
    const entry = inspected.get(file.path);
    if (entry && isRead(entry, 'photo')) return entry.facts.caption;
    if (entry && isRead(entry, 'video')) return entry.facts.description;
    return undefined;
  };
  const listed = (kind: 'photo' | 'video', listName: string): void => {
    const folder = `${path.posix.dirname(listName)}/`;
    const lines: GeneratedLine[] = [];
    for (const entry of entries) {
      if (entry.kind !== kind || entry.source.type !== 'file') continue;
      const text = captionOf(entry.source.file);
      if (typeof text === 'string' && oneLine(text)) lines.push({ entry: entry.name, line: `${entry.name.slice(folder.length)}：${oneLine(text)}` });
    }
    if (!lines.length) return;
    lines.sort((a, b) => (a.entry < b.entry ? -1 : a.entry > b.entry ? 1 : 0));
    const what = kind === 'photo' ? W.captionListMade : W.descriptionListMade;
    entries.push({
      name: listName, kind: 'generated', source: { type: 'generated', lines, render: renderLines, what },
      bytes: renderLines(lines).length, mtime: new Date(), store: false, group: groups++, follows: kind,
    });
  };
  listed('photo', CAPTION_LIST);
  listed('video', DESCRIPTION_LIST);

  // 4. The pictures of photo news and media reports, as JPG files in a folder named after the document: the ones
  //    the inspection found in the body, in reading order (unused media and header pictures are not the report's).
  for (const document of entries.filter((e) => PICTURE_DOCUMENTS.has(e.kind))) {
    const file = (document.source as { file: ScannedFile }).file;
    const entry = inspected.get(file.path);
    const facts = entry && isRead(entry, WORD_DOCUMENT_KINDS) ? entry.facts : undefined;
    if (document.kind === 'media-report' && facts) {
      // An address written without https:// counts (media-report/link); the bureau gets it ready to click.
      const links = (facts.links ?? []).map((l) => (l.schemeless ? `https://${l.url}` : l.url)).filter(isRealLink);
      document.report = { title: facts.title?.text ?? null, links: [...new Set(links)] };
    }
    if (!facts?.pictureList) {
      // Sent although it could not be read: only when the config turned its readable rule down.
      const detail = entry?.state === 'failed' ? entry.failure.detail : (facts?.readErrorDetail ?? facts?.readError ?? '?');
      notes.push(both(W.picturesUnreadable, { file: file.path, detail }));
      continue;
    }
    entries.push(...documentPictures(names, document, facts.pictureList, pictureLimits, notes));
  }

  // 5. Whatever else pyvw writes for the bureau.
  for (const companion of PACKAGE_COMPANIONS) {
    const entry = companion(entries, judged);
    if (entry) entries.push({ ...entry, name: names.claim(entry.name), group: groups++ });
  }

  const folderRank = (name: string): number => MAIN_KINDS.findIndex((k) => name.startsWith(`${KIND_FOLDERS[k]}/`));
  const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  entries.sort((a, b) => folderRank(a.name) - folderRank(b.name) || byName(a.name, b.name));
  leftOut.sort((a, b) => byName(a.path, b.path));
  return { entries, leftOut, notes };
}
