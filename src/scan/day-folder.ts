import { readdir } from 'node:fs/promises';
import { readablePath } from './readable.js';
import { dateInName } from '../dates.js';
import { UsageError } from '../errors.js';
import { format } from '../i18n.js';
import type { FileKind, Submission } from '../types.js';

/**
 * `pyvw check` run one folder too high walked into node_modules (5,847 files, 17,411 lines, 8 s). A day's folder
 * holds a few dozen files: a folder that is plainly something else is refused, with the way to the right one.
 */

/**
 * Folders of tools and programs: never a school's material, never walked (other dot-folders are walked, and their
 * files listed as junk, as the rulebook says).
 */
const TOOL_FOLDERS = new Set([
  'node_modules', 'bower_components', '__pycache__', 'venv', '.venv', '.git', '.svn', '.hg', '.idea', '.vscode', '$recycle.bin', 'system volume information',
]);

export function isToolFolder(name: string): boolean {
  return TOOL_FOLDERS.has(name.toLowerCase());
}

/** More files than this is not one day of one school (the largest day seen held about 80). */
export const MAX_DAY_FILES = 300;
/** A folder of at least this many files with not one that is material is not a day's folder. */
const UNRECOGNISED_MIN_FILES = 10;
const PROJECT_MARKERS = ['package.json', '.git', 'node_modules'];
const MATERIAL: ReadonlySet<FileKind> = new Set(['text', 'photo', 'photo-news', 'video', 'media-report', 'summary', 'caption', 'description']);

const WORDS = {
  project: {
    zh: '{folder} 看起来是一个程序项目的文件夹（里面有 {marker}），不是某一天的材料。',
    en: '{folder} looks like a program’s project folder (it holds {marker}), not a day’s materials.',
  },
  week: {
    zh: '{folder} 是整个活动周的文件夹（里面有 {days} 等按日期命名的文件夹），不是某一天的材料。请检查当天的文件夹，例如：pyvw check "{example}"；要看整周的情况，请用 pyvw status "{folder}"。',
    en: '{folder} is the whole week’s folder (it holds day folders such as {days}), not one day’s materials. Check one day, e.g. pyvw check "{example}"; for the whole week run pyvw status "{folder}".',
  },
  tooMany: {
    zh: '{folder} 里有 {count} 个文件，远多于一天的材料（通常不超过 {max} 个），可能指错了文件夹。',
    en: '{folder} holds {count} files, far more than a day’s materials (at most {max} or so): perhaps it is the wrong folder.',
  },
  nothing: {
    zh: '{folder} 里有 {count} 个文件，却没有一个是文字材料、照片、视频或 Word 文档，不像某一天的材料。',
    en: '{folder} holds {count} files but not one write-up, photo, video or Word document: it does not look like a day’s materials.',
  },
  how: {
    zh: '请指向放当天材料的文件夹（如 pyvw check 5月15日）。确实要检查这个文件夹，请加 --any-folder。',
    en: 'Point pyvw at the folder of the day’s materials (e.g. pyvw check 5月15日). To check this folder anyway, add --any-folder.',
  },
};

function refusal(text: { zh: string; en: string }, data: Record<string, unknown>): UsageError {
  return new UsageError({
    zh: `${format(text, 'zh', data)}\n${WORDS.how.zh}`,
    en: `${format(text, 'en', data)}\n${WORDS.how.en}`,
  });
}

/** Refuses (UsageError, exit 2) a folder that is a program's, the whole week's, or far too big, before it is scanned. */
export async function refuseBeforeScan(dir: string, year: number): Promise<void> {
  const entries = await readdir(readablePath(dir), { withFileTypes: true }).catch(() => []);
  const days = entries.filter((e) => e.isDirectory() && !isToolFolder(e.name) && dateInName(e.name, year)).map((e) => e.name).sort();
  if (days.length >= 2) {
    throw refusal(WORDS.week, { folder: dir, days: days.slice(0, 3), example: `${dir.replace(/[\\/]+$/u, '')}/${days[0]}` });
  }
  const marker = entries.find((e) => PROJECT_MARKERS.includes(e.name));
  if (marker) throw refusal(WORDS.project, { folder: dir, marker: marker.name });
}

/** Refuses a scanned folder with far too many files, or many files and no material at all. */
export function refuseAfterScan(submission: Submission): void {
  const files = submission.files.filter((f) => f.kind !== 'ignored');
  if (files.length > MAX_DAY_FILES) throw refusal(WORDS.tooMany, { folder: submission.path, count: files.length, max: MAX_DAY_FILES });
  if (files.length >= UNRECOGNISED_MIN_FILES && !files.some((f) => MATERIAL.has(f.kind))) {
    throw refusal(WORDS.nothing, { folder: submission.path, count: files.length });
  }
}
