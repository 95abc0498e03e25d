import path from 'node:path';
import { dateParts } from '../dates.js';
import type { Profile } from '../profile/profile.js';
import type { SubmissionKind } from '../types.js';

/**
 * Names that Windows accepts, and that stay unique when Windows compares them (case-insensitively): the
 * package is opened on Chinese Windows PCs, whatever machine wrote it.
 */

/** Characters Windows forbids in a file name, replaced by their full-width forms so the name still reads the same. */
const FULL_WIDTH: Record<string, string> = {
  '<': '＜', '>': '＞', ':': '：', '"': '＂', '/': '／', '\\': '＼', '|': '｜', '?': '？', '*': '＊',
};
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\.|$)/iu;

/** One path segment made safe for Windows: no forbidden or control characters, no trailing dot or space, no device name. */
export function windowsSafeName(name: string): string {
  let safe = name
    .normalize('NFC')
    .replace(/[<>:"/\\|?*]/gu, (c) => FULL_WIDTH[c]!)
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]/gu, '')
    .trim()
    .replace(/[. ]+$/u, '');
  if (!safe) safe = '_';
  return RESERVED.test(safe) ? `_${safe}` : safe;
}

/** A `/`-separated path with every segment made safe. */
export function windowsSafePath(relPath: string): string {
  return relPath.split('/').map(windowsSafeName).join('/');
}

function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/gu, (whole, key: string) => (key in values ? String(values[key]) : whole));
}

/** `（1／3）`: full-width, because `/` cannot be part of a Windows file name. */
export function partLabel(part: { index: number; count: number } | undefined): string {
  return part && part.count > 1 ? `（${part.index}／${part.count}）` : '';
}

/** The package's file name from the profile's template; a part of a split package gets `（i／n）` before `.zip`. */
export function packageFileName(template: string, unit: string, date: string, part?: { index: number; count: number }): string {
  const name = windowsSafeName(fill(template, { unit: windowsSafeName(unit), ...dateParts(date) }));
  const ext = path.extname(name);
  return `${name.slice(0, name.length - ext.length)}${partLabel(part)}${ext}`;
}

/** The mail subject from the profile's template, with the part number when the package was split. */
export function mailSubject(template: string, unit: string, date: string, part?: { index: number; count: number }): string {
  return `${fill(template, { unit, ...dateParts(date) })}${partLabel(part)}`;
}

/**
 * The entry names of one zip. Windows and most unzip tools treat `A.jpg` and `a.jpg` as the same file, so
 * names are compared case-insensitively; a clash gets ` (2)`, ` (3)`, … before the extension, as Explorer does.
 */
export class EntryNames {
  private readonly files = new Set<string>();
  private readonly folders = new Set<string>();

  private static key(name: string): string {
    return name.normalize('NFC').toLowerCase();
  }

  private isFree(name: string): boolean {
    const key = EntryNames.key(name);
    return !this.files.has(key) && !this.folders.has(key);
  }

  private register(name: string): void {
    this.files.add(EntryNames.key(name));
    const segments = name.split('/');
    for (let i = 1; i < segments.length; i++) this.folders.add(EntryNames.key(segments.slice(0, i).join('/')));
  }

  /** Claims a file name, or the first free numbered variant of it. */
  claim(name: string): string {
    const ext = path.posix.extname(name);
    const stem = name.slice(0, name.length - ext.length);
    let candidate = name;
    for (let n = 2; !this.isFree(candidate); n++) candidate = `${stem} (${n})${ext}`;
    this.register(candidate);
    return candidate;
  }

  /** Claims a folder that no other entry uses yet, so what is written into it is not mixed with other files. */
  claimFolder(folder: string): string {
    let candidate = folder;
    for (let n = 2; !this.isFree(candidate); n++) candidate = `${folder} (${n})`;
    this.folders.add(EntryNames.key(candidate));
    return candidate;
  }
}

/** The package name and mail subject templates of a day's submission, or of the week's summary. */
export function packageTemplates(kind: SubmissionKind, profile: Profile): { name: string; subject: string } {
  return kind === 'summary'
    ? { name: profile.summaryPackageNameTemplate, subject: profile.summarySubjectTemplate }
    : { name: profile.packageNameTemplate, subject: profile.subjectTemplate };
}
