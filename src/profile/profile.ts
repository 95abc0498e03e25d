import type { Bilingual } from '../types.js';
import { puyang2023 } from './puyang-2023.js';

export interface Profile {
  id: string;
  title: Bilingual;
  /** First and last day of the activity week, YYYY-MM-DD. */
  week: { start: string; end: string };
  timeZone: string;
  /** Each day's materials are due at this local time (HH:MM). */
  dailyDeadline: string;
  /** The week's summary is due by this day (YYYY-MM-DD) … */
  summaryDue: string;
  /** … at this local time (HH:MM; `24:00` is the end of that day). */
  summaryDeadline: string;
  email: string;
  subjectTemplate: string;
  packageNameTemplate: string;
  /** The week's summary: its own mail subject and package name (rulebook, "The week's summary"). */
  summarySubjectTemplate: string;
  summaryPackageNameTemplate: string;
  attachmentLimitBytes: number;
  /**
   * The pictures of Word documents that pack writes out as JPG files: one larger than `maxBytes` inflated is not
   * read at all, one to be converted with more than `maxPixels` is not decoded. Each is left out with a note.
   */
  pictureExport: { maxBytes: number; maxPixels: number };
  /** The subfolders of a day's folder that `pyvw init` makes, and what goes in each. */
  dayFolders: { name: string; what: Bilingual }[];
  /** Default options of each rule, by rule id. */
  ruleOptions: Record<string, Record<string, unknown>>;
}

export const PROFILES: Record<string, Profile> = { [puyang2023.id]: puyang2023 };
export const DEFAULT_PROFILE = puyang2023.id;

export function getProfile(id: string): Profile {
  const profile = PROFILES[id];
  if (!profile) throw new Error(`unknown profile ${id}`);
  return profile;
}
