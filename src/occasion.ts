import path from 'node:path';
import { dateInName, parseDateSpelling, todayIn, zonedInstant } from './dates.js';
import { UsageError } from './errors.js';
import type { Profile } from './profile/profile.js';
import type { Occasion, ScannedFile, SubmissionKind } from './types.js';
import { WORD_EXTS } from './scan/classify.js';

/**
 * Which day a submission is for, or whether it is the week's summary (rulebook, "A submission's date" and
 * "The week's summary"): `--date`, else a date in the folder's name, else today in the profile's time zone.
 */

/** The word that makes a folder the week's summary. */
export const SUMMARY_WORD = '总结';

export function profileYear(profile: Profile): number {
  return Number(profile.week.start.slice(0, 4));
}

/** A `--date` as typed, in any spelling, as YYYY-MM-DD; a UsageError (exit 2) naming the spellings otherwise. */
export function readDateOption(value: string, profile: Profile): string {
  const date = parseDateSpelling(value, profileYear(profile));
  if (!date) throw badDate(value);
  return date;
}

const BAD_DATE = {
  zh: '--date {value}：不是能识别的日期。可以写 5月15日、5.15、5-15、0515、2023-05-15、2023年5月15日 或 20230515',
  en: '--date {value}: not a date pyvw can read. Write it as 2023-05-15, 2023-5-15, 5-15, 5.15, 5月15日, 2023年5月15日, 0515 or 20230515',
};

export function badDate(value: string): UsageError {
  return UsageError.of(BAD_DATE, { value });
}

/** The folder's own name: `5月15日` for `./5月15日`, the working directory's name for `.`. */
export function folderName(dir: string): string {
  return path.basename(path.resolve(dir)).normalize('NFC');
}

export interface OccasionOptions {
  /** `--date`, in any spelling. */
  date?: string;
  /** `--summary`. */
  summary?: boolean;
  now?: Date;
  /** `check --each 5月15日`: the district's folder, whose name dates (or makes summaries of) the schools' folders in it. */
  parent?: string;
}

export function resolveOccasion(dir: string, options: OccasionOptions, profile: Profile): Occasion {
  const names = [folderName(dir), ...(options.parent ? [folderName(options.parent)] : [])];
  const folderDate = names.map((name) => dateInName(name, profileYear(profile))).find((date) => date !== null) ?? null;
  const summaryBy: Occasion['summaryBy'] = options.summary ? 'option' : names.some((name) => name.includes(SUMMARY_WORD)) ? 'folder' : undefined;
  const kind = summaryBy ? 'summary' : 'day';
  const extra = summaryBy ? { summaryBy } : {};
  if (options.date !== undefined) return { kind, date: readDateOption(options.date, profile), source: 'option', folderDate, ...extra };
  if (folderDate) return { kind, date: folderDate, source: 'folder', folderDate, ...extra };
  return { kind, date: todayIn(profile.timeZone, options.now), source: 'today', folderDate: null, ...extra };
}

export function isInWeek(date: string, profile: Profile): boolean {
  return date >= profile.week.start && date <= profile.week.end;
}

/**
 * In the summary's folder the Word document is the summary, whatever its name: a clerk calls it 工作总结.docx as
 * often as 濮阳一职专.docx. Only write-ups (kind `text`) change; photo news and media reports keep their kind.
 */
export function asSummaryFiles(files: readonly ScannedFile[]): ScannedFile[] {
  return files.map((file) =>
    file.kind === 'text' && WORD_EXTS.has(file.ext)
      ? { ...file, kind: 'summary', classification: { by: 'summary-submission', detail: file.classification.detail } }
      : file,
  );
}

export interface Deadline {
  /** The day it falls on, YYYY-MM-DD, and the local time (HH:MM) in the profile's zone. */
  day: string;
  time: string;
  at: Date;
}

/** A day's materials are due at 16:00 that day; the week's summary by the profile's summary deadline. */
export function deadlineOf(kind: SubmissionKind, date: string, profile: Profile): Deadline {
  const [day, time] = kind === 'summary' ? [profile.summaryDue, profile.summaryDeadline] : [date, profile.dailyDeadline];
  return { day, time, at: zonedInstant(day, time, profile.timeZone) };
}
