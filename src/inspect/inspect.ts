import type { FactsByKind, FileKind, ScannedFile } from '../types.js';
import { photoInspected, wantedPreviewEdge } from './photo-previews.js';

/**
 * One inspector per kind, each loaded on first use so that `pyvw --version` never loads sharp or mammoth.
 * An inspector reads its file once and returns the facts of its kind; a file it cannot read at all (the system
 * refuses it) throws, and the engine records a failed inspection instead of facts.
 */
type Inspector<K extends FileKind> = (file: ScannedFile) => Promise<FactsByKind[K]>;

const NOT_READ = async (): Promise<Record<string, never>> => ({});

const INSPECTORS: { [K in FileKind]: () => Promise<Inspector<K>> } = {
  photo: async () => (await import('./image.js')).inspectImage,
  text: async () => (await import('./text.js')).inspectText,
  caption: async () => (await import('./text.js')).inspectCaptionFile,
  description: async () => (await import('./text.js')).inspectCaptionFile,
  'photo-news': async () => (await import('./docx.js')).inspectWordDocument,
  'media-report': async () => (await import('./docx.js')).inspectWordDocument,
  summary: async () => (await import('./docx.js')).inspectWordDocument,
  video: async () => (await import('./video.js')).inspectVideo,
  unknown: async () => (await import('./sniff.js')).inspectFamily,
  // Junk is listed, never read.
  ignored: async () => NOT_READ,
};

export async function inspectAs<K extends FileKind>(kind: K, file: ScannedFile): Promise<FactsByKind[K]> {
  const inspector = await INSPECTORS[kind]();
  // Scan already knows the file cannot be opened (its stat was refused, its name is not Unicode): the same
  // refusal an inspector would meet, without trying. Junk is not read, so it meets none.
  if (file.unreadable && kind !== 'ignored') throw Object.assign(new Error(file.unreadable), { code: file.unreadable, syscall: 'open' });
  if (kind !== 'photo' || wantedPreviewEdge() === undefined) return inspector(file);
  // The preview the walk made of this photo goes to its listener with the facts, or is dropped (photo-previews.ts).
  let facts: FactsByKind[K] | undefined;
  try {
    facts = await inspector(file);
    return facts;
  } finally {
    photoInspected(file, facts as FactsByKind['photo'] | undefined);
  }
}

/**
 * Before a submission's files are inspected: ffprobe is started on the videos first, while the process is at its
 * smallest (see `probeAhead` in ffprobe.ts), then the JPEG walk's pool is sized by how much photo data there is (see
 * jpeg-walk-pool.ts). Each is loaded only when there are such files. At most `places` videos are probed ahead, the
 * number of inspections that run at once: a day of many videos does not start every ffprobe together (the rest are
 * probed as they are inspected). Returns what lets go of the probes ahead, for when the inspections are over.
 */
export async function prepareInspections(files: readonly ScannedFile[], places: number): Promise<() => void> {
  const videos = files.filter((file) => file.kind === 'video' && file.bytes > 0 && !file.unreadable).slice(0, places).map((file) => file.absPath);
  const release = videos.length > 0 ? await (await import('./ffprobe.js')).probeAhead(videos) : () => undefined;
  const photoBytes = files.reduce((sum, file) => sum + (file.kind === 'photo' ? file.bytes : 0), 0);
  if (photoBytes > 0) (await import('./jpeg-walk-pool.js')).expectPhotoBytes(photoBytes);
  return release;
}
