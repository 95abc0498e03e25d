import type { FactsByKind, FileKind, ScannedFile } from '../types.js';

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
  return inspector(file);
}
