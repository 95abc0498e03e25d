import path from 'node:path';
import type { Classification, FileKind } from '../types.js';

/**
 * The rulebook's "What is in a submission folder", on names alone: no file is opened here, so the
 * classification is cheap, repeatable and testable on a list of paths.
 */

export const FOLDER_KINDS: Record<string, FileKind> = {
  '文字材料': 'text', '文字': 'text', text: 'text',
  '图片': 'photo', '照片': 'photo', photos: 'photo',
  '图片新闻': 'photo-news', 'photo-news': 'photo-news',
  '视频': 'video', '动漫': 'video', videos: 'video',
  '媒体报道': 'media-report', '报道': 'media-report', media: 'media-report',
  '总结': 'summary', summary: 'summary',
};

export const IMAGE_EXTS = new Set(['.jpg', '.jpeg', '.png', '.heic', '.heif', '.webp', '.bmp', '.gif', '.tif', '.tiff']);
export const VIDEO_EXTS = new Set(['.mp4', '.m4v', '.mov', '.avi', '.mkv', '.wmv', '.flv', '.3gp', '.webm']);
export const WORD_EXTS = new Set(['.docx', '.doc', '.wps']);
/** Plain-text write-ups (rulebook: `.txt`, `.md`); a caption list may also be `captions.csv`, by its name. */
export const PLAIN_TEXT_EXTS = new Set(['.txt', '.md']);
const SIDECAR_EXTS = new Set(['.txt', '.docx']);

const CAPTION_MANIFESTS = new Set(['图片说明.txt', '说明.txt', 'captions.txt', 'captions.csv']);
const DESCRIPTION_MANIFESTS = new Set(['视频说明.txt']);
const JUNK_NAMES = new Set(['thumbs.db', 'desktop.ini', '.ds_store']);
const CONFIG_NAMES = new Set(['pyvw.config.json']);

type Family = 'image' | 'video' | 'word' | 'plain-text' | 'other';

function familyOf(ext: string): Family {
  if (IMAGE_EXTS.has(ext)) return 'image';
  if (VIDEO_EXTS.has(ext)) return 'video';
  if (WORD_EXTS.has(ext)) return 'word';
  if (PLAIN_TEXT_EXTS.has(ext)) return 'plain-text';
  return 'other';
}

/** Which content families a folder kind accepts; a file of another family falls back to the flat rules. */
const FOLDER_FAMILIES: Partial<Record<FileKind, readonly Family[]>> = {
  text: ['word', 'plain-text'],
  photo: ['image'],
  video: ['video'],
  'photo-news': ['word'],
  'media-report': ['word'],
  summary: ['word'],
};

export interface Classified {
  kind: FileKind;
  classification: Classification;
  sidecar?: string;
  describes?: string[];
  isManifest?: boolean;
}

interface Media {
  path: string;
  kind: 'photo' | 'video';
}

function stemOf(relPath: string): string {
  const ext = path.posix.extname(relPath);
  return ext ? relPath.slice(0, -ext.length) : relPath;
}

function stemKey(relPath: string): string {
  return stemOf(relPath).toLowerCase();
}

/**
 * System and temporary files: the rulebook's list, plus LibreOffice's lock file `.~lock.X#`, which is the
 * same thing as Word's `~$X` for clerks who edit with LibreOffice.
 */
function isJunk(relPath: string): boolean {
  const segments = relPath.split('/');
  const name = segments[segments.length - 1]!;
  if (segments.slice(0, -1).some((s) => s.startsWith('.'))) return true;
  return JUNK_NAMES.has(name.toLowerCase()) || name.startsWith('._') || name.startsWith('~$') || name.startsWith('.~lock.');
}

function wordKindByName(name: string): FileKind {
  if (name.includes('图片新闻')) return 'photo-news';
  if (name.includes('媒体报道') || name.includes('报道')) return 'media-report';
  if (name.includes('总结')) return 'summary';
  return 'text';
}

function flatKind(name: string, family: Family): FileKind | undefined {
  switch (family) {
    case 'image': return 'photo';
    case 'video': return 'video';
    case 'word': return wordKindByName(name);
    case 'plain-text': return 'text';
    default: return undefined;
  }
}

/** Classify every path of one submission (relative, `/`-separated). */
export function classifyAll(relPaths: readonly string[]): Map<string, Classified> {
  const result = new Map<string, Classified>();
  // Media files by stem, to recognise sidecars: X.txt / X.docx beside X.jpg or X.mp4. The exact name is matched
  // first and case-insensitively only when that is unambiguous, so case-only twins (`Case.JPG` + `Case.txt`,
  // `case.jpg` + `case.txt`) each keep their own sidecar.
  const mediaByStem = new Map<string, Media>();
  const mediaByFoldedStem = new Map<string, Media[]>();
  // `X.jpg.txt` counts too: Windows hides known extensions, so a clerk who names a caption after the photo
  // she sees as "X" and saves it from Notepad as "X.jpg" gets exactly that name.
  for (const p of relPaths) {
    if (isJunk(p)) continue;
    const family = familyOf(path.posix.extname(p).toLowerCase());
    if (family !== 'image' && family !== 'video') continue;
    const media: Media = { path: p, kind: family === 'image' ? 'photo' : 'video' };
    for (const key of [stemOf(p), p]) {
      if (family === 'image' || !mediaByStem.has(key)) mediaByStem.set(key, media);
      const folded = mediaByFoldedStem.get(key.toLowerCase()) ?? [];
      if (!folded.includes(media)) mediaByFoldedStem.set(key.toLowerCase(), [...folded, media]);
    }
  }
  const sidecarStems = new Set(relPaths.filter((p) => SIDECAR_EXTS.has(path.posix.extname(p).toLowerCase())).map(stemOf));
  /** The photo or video a sidecar stem belongs to: the exact name, else the one media file whose name differs only in case and has no sidecar of its own. */
  const mediaFor = (stem: string): Media | undefined => {
    const exact = mediaByStem.get(stem);
    if (exact) return exact;
    const folded = (mediaByFoldedStem.get(stem.toLowerCase()) ?? []).filter((m) => !sidecarStems.has(stemOf(m.path)) && !sidecarStems.has(m.path));
    const images = folded.filter((m) => m.kind === 'photo');
    const candidates = images.length ? images : folded;
    return candidates.length === 1 ? candidates[0] : undefined;
  };

  for (const p of relPaths) {
    const name = path.posix.basename(p);
    const ext = path.posix.extname(p).toLowerCase();
    const family = familyOf(ext);
    const top = p.includes('/') ? p.slice(0, p.indexOf('/')) : '';

    if (isJunk(p)) {
      result.set(p, { kind: 'ignored', classification: { by: 'junk', detail: name } });
      continue;
    }
    if (!top && CONFIG_NAMES.has(name.toLowerCase())) {
      result.set(p, { kind: 'ignored', classification: { by: 'config', detail: name } });
      continue;
    }
    if (CAPTION_MANIFESTS.has(name.toLowerCase())) {
      result.set(p, { kind: 'caption', isManifest: true, classification: { by: 'manifest', detail: name } });
      continue;
    }
    if (DESCRIPTION_MANIFESTS.has(name.toLowerCase())) {
      result.set(p, { kind: 'description', isManifest: true, classification: { by: 'manifest', detail: name } });
      continue;
    }
    if (SIDECAR_EXTS.has(ext)) {
      const media = mediaFor(stemOf(p));
      if (media) {
        result.set(p, {
          kind: media.kind === 'photo' ? 'caption' : 'description',
          describes: [media.path],
          classification: { by: 'sidecar', detail: media.path },
        });
        continue;
      }
    }

    const folderKind = FOLDER_KINDS[top.trim().toLowerCase()];
    if (folderKind && FOLDER_FAMILIES[folderKind]?.includes(family)) {
      result.set(p, { kind: folderKind, classification: { by: 'folder', detail: top } });
      continue;
    }
    const kind = flatKind(name, family);
    if (kind) {
      const byName = family === 'word' && kind !== 'text';
      result.set(p, { kind, classification: { by: byName ? 'name' : 'extension', detail: byName ? name : ext } });
      continue;
    }
    result.set(p, { kind: 'unknown', classification: { by: 'unknown', detail: ext || name } });
  }

  // X.txt beside photo news or a media report X.docx belongs to that document (the report's link may be in it,
  // rulebook media-report/link): kind `description`, packed beside it, not judged as a write-up of its own.
  const documentsByStem = new Map<string, string>();
  for (const [p, c] of result) {
    if (familyOf(path.posix.extname(p).toLowerCase()) === 'word' && (c.kind === 'photo-news' || c.kind === 'media-report')) {
      documentsByStem.set(stemKey(p), p);
    }
  }
  for (const [p, c] of result) {
    const document = documentsByStem.get(stemKey(p));
    if (!document || c.kind !== 'text' || path.posix.extname(p).toLowerCase() !== '.txt') continue;
    result.set(p, { kind: 'description', describes: [document], classification: { by: 'sidecar', detail: document } });
  }

  // Link each photo, video or document to its sidecar, so the rules can find it without another search.
  for (const [p, c] of result) {
    if (c.classification.by !== 'sidecar' || !c.describes) continue;
    for (const mediaPath of c.describes) {
      const media = result.get(mediaPath);
      if (media && !media.sidecar) media.sidecar = p;
    }
  }
  return result;
}
