import type { Facts, FileKind, ScannedFile } from '../types.js';

/**
 * One inspector per kind, each loaded on first use so that `pyvw --version` never loads sharp or mammoth.
 * An inspector reads its file once and returns plain facts; a failure to read is a fact, not an exception.
 */
type Inspector = (file: ScannedFile) => Promise<Facts>;

const INSPECTORS: Partial<Record<FileKind, () => Promise<Inspector>>> = {
  photo: async () => (await import('./image.js')).inspectImage as unknown as Inspector,
  text: async () => (await import('./text.js')).inspectText as unknown as Inspector,
  caption: async () => (await import('./text.js')).inspectCaptionFile as unknown as Inspector,
  description: async () => (await import('./text.js')).inspectCaptionFile as unknown as Inspector,
  'photo-news': async () => (await import('./docx.js')).inspectWordDocument as unknown as Inspector,
  'media-report': async () => (await import('./docx.js')).inspectWordDocument as unknown as Inspector,
  summary: async () => (await import('./docx.js')).inspectWordDocument as unknown as Inspector,
  video: async () => (await import('./video.js')).inspectVideo as unknown as Inspector,
  unknown: async () => (await import('./sniff.js')).inspectFamily as unknown as Inspector,
};

export async function inspectFile(file: ScannedFile): Promise<Facts> {
  // Scan already knows the file cannot be opened (its stat was refused, its name is not Unicode): the same
  // refusal an inspector would meet, without trying.
  if (file.unreadable) throw Object.assign(new Error(file.unreadable), { code: file.unreadable, syscall: 'open' });
  const load = INSPECTORS[file.kind];
  if (!load) return {};
  const inspector = await load();
  return inspector(file);
}
