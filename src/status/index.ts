import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { check } from '../api.js';
import { loadConfig } from '../config.js';
import { addDays, dateInName, todayIn } from '../dates.js';
import { format } from '../i18n.js';
import { deadlineOf, profileYear, SUMMARY_WORD, type Deadline } from '../occasion.js';
import { packageTemplates } from '../pack/names.js';
import { isNotSubmitted } from '../report/text.js';
import { ScanError } from '../scan/scan.js';
import { isToolFolder } from '../scan/day-folder.js';
import type { Counts, Finding, Lang, SubmissionKind } from '../types.js';
import { VERSION } from '../version.js';
import { sha256 } from '../link/duplicates.js';
import { findPackages, packageNamePattern, type FoundPackage, type ListedFile } from './ledger.js';
import { STATUS_WORDS as W } from './words.js';

/**
 * `pyvw status [week-folder]`: the week at a glance. Stateless: the day folders and the packages `pyvw pack` wrote
 * beside them are all it reads, so what it shows is what is on disk, whoever packed it and whenever.
 */

export type DeadlineState = 'sent' | 'due-today' | 'missed' | 'upcoming';

export interface StatusRow {
  kind: SubmissionKind;
  /** The day, YYYY-MM-DD; for the summary, null. */
  date: string | null;
  /** The folder found for it, relative to the week folder, or null. */
  folder: string | null;
  /** More folders that name the same day (the first, by name, is the one shown). */
  otherFolders: string[];
  /** The folder's check, or null when there is no folder. */
  check: { ok: boolean; notSubmitted: boolean; counts: Counts } | null;
  /** Its packages (several when split), each verified against its own 报送清单.txt. */
  packages: Omit<FoundPackage, 'listed'>[];
  deadline: {
    /** The deadline as an instant (ISO 8601), and as the day and local time the notice says. */
    at: string;
    day: string;
    time: string;
    state: DeadlineState;
    /** Minutes until the deadline (due-today and upcoming), else null. */
    minutesLeft: number | null;
    /** A verified package written after the deadline. */
    late: boolean;
  };
  /** Findings about the day across the week: `photo/sent-before`. */
  findings: Finding[];
}

export interface StatusReport {
  schemaVersion: 1;
  tool: { name: 'pyvw'; version: string };
  profile: string;
  lang: Lang;
  /** The week folder as given. */
  folder: string;
  unit: string | null;
  /** The clock the deadlines were measured against, ISO 8601, and that day in the profile's zone. */
  now: string;
  today: string;
  week: { start: string; end: string };
  rows: StatusRow[];
}

export interface StatusOptions {
  lang: Lang;
  config?: string;
  now?: Date;
}

interface Candidate {
  name: string;
  kind: SubmissionKind;
  date: string | null;
}

/** Day folders and the summary's folder, by the names pyvw reads dates from; tool folders and dot-folders are never days. */
async function candidates(folder: string, year: number): Promise<Candidate[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory() && !e.name.startsWith('.') && !isToolFolder(e.name))
    .map((e) => e.name.normalize('NFC'))
    .sort()
    .map((name): Candidate => (name.includes(SUMMARY_WORD) ? { name, kind: 'summary', date: null } : { name, kind: 'day', date: dateInName(name, year) }))
    .filter((c) => c.kind === 'summary' || c.date !== null);
}

function deadlineState({ day, time, at }: Deadline, packages: FoundPackage[], now: Date, today: string): StatusRow['deadline'] {
  const sent = packages.length > 0 && packages.every((p) => p.verified);
  const left = at.getTime() - now.getTime();
  const state: DeadlineState = sent ? 'sent' : left <= 0 ? 'missed' : day === today ? 'due-today' : 'upcoming';
  const late = sent && packages.some((p) => Date.parse(p.modified) > at.getTime());
  return { at: at.toISOString(), day, time, state, minutesLeft: state === 'due-today' || state === 'upcoming' ? Math.floor(left / 60_000) : null, late };
}

/** The words of `photo/sent-before`, a finding of the week rather than of one folder. */
function sentBefore(file: string, earlier: { date: string; fileName: string; entry: string }, lang: Lang): Finding {
  const data = { file, day: earlier.date, package: earlier.fileName, entry: earlier.entry };
  const [, m, d] = earlier.date.split('-');
  const words = { ...data, M: Number(m), D: Number(d) };
  return { rule: 'photo/sent-before', severity: 'warning', message: format(W.sentBefore.message, lang, words), hint: format(W.sentBefore.hint, lang, words), data };
}

export async function status(weekFolder: string, options: StatusOptions): Promise<StatusReport> {
  const { lang } = options;
  const now = options.now ?? new Date();
  const info = await stat(weekFolder).catch(() => null);
  if (!info) throw new ScanError('not-found', weekFolder);
  if (!info.isDirectory()) throw new ScanError('not-a-folder', weekFolder);
  const config = await loadConfig(weekFolder, options.config);
  const { profile } = config;
  const unit = config.config.unit ?? null;
  const today = todayIn(profile.timeZone, now);
  const found = await candidates(weekFolder, profileYear(profile));

  const days: string[] = [];
  for (let d = profile.week.start; d <= profile.week.end; d = addDays(d, 1)) days.push(d);
  const slots: { kind: SubmissionKind; date: string | null; folders: string[] }[] = [
    ...days.map((date) => ({ kind: 'day' as const, date, folders: found.filter((c) => c.kind === 'day' && c.date === date).map((c) => c.name) })),
    { kind: 'summary', date: null, folders: found.filter((c) => c.kind === 'summary').map((c) => c.name) },
  ];

  // One check of every folder found, as `pyvw check` would judge each (its date from its name).
  const judgedFolders = slots.flatMap((s) => (s.folders[0] ? [path.join(weekFolder, s.folders[0])] : []));
  const judged = judgedFolders.length ? await check(judgedFolders, { lang, config: options.config, now }) : null;
  const resultOf = (folder: string) => judged?.judged.find((j) => j.judged.submission.path === path.join(weekFolder, folder));

  const rows: StatusRow[] = [];
  /** Photos sent in earlier days' packages, by size, for photo/sent-before. */
  const sentPhotos = new Map<number, { sha256: string; date: string; fileName: string; entry: string }[]>();
  for (const slot of slots) {
    const occasionDate = slot.date ?? profile.summaryDue;
    const templates = packageTemplates(slot.kind, profile);
    const packages = await findPackages(weekFolder, packageNamePattern(templates.name, occasionDate), unit ?? undefined);
    const folder = slot.folders[0] ?? null;
    const judgedFolder = folder ? resultOf(folder) : undefined;
    const findings: Finding[] = [];
    if (judgedFolder && slot.kind === 'day') {
      for (const file of judgedFolder.judged.files) {
        if (file.file.kind !== 'photo') continue;
        const sameSize = sentPhotos.get(file.file.bytes);
        if (!sameSize) continue;
        const digest = await sha256(file.file.absPath).catch(() => null);
        const earlier = sameSize.find((p) => p.sha256 === digest);
        if (earlier) findings.push(sentBefore(file.file.path, earlier, lang));
      }
    }
    if (slot.date) {
      for (const pkg of packages.filter((p) => p.verified)) {
        for (const item of pkg.listed.filter(isPhotoEntry)) {
          const list = sentPhotos.get(item.bytes) ?? [];
          list.push({ sha256: item.sha256, date: slot.date, fileName: pkg.fileName, entry: item.name });
          sentPhotos.set(item.bytes, list);
        }
      }
    }
    const result = judgedFolder?.result;
    rows.push({
      kind: slot.kind,
      date: slot.date,
      folder,
      otherFolders: slot.folders.slice(1),
      check: result ? { ok: result.ok, notSubmitted: isNotSubmitted(result), counts: result.counts } : null,
      packages: packages.map(({ listed: _listed, ...pkg }) => pkg),
      deadline: deadlineState(deadlineOf(slot.kind, occasionDate, profile), packages, now, today),
      findings,
    });
  }
  return {
    schemaVersion: 1,
    tool: { name: 'pyvw', version: VERSION },
    profile: profile.id,
    lang,
    folder: weekFolder,
    unit,
    now: now.toISOString(),
    today,
    week: { ...profile.week },
    rows,
  };
}

function isPhotoEntry(item: ListedFile): boolean {
  return /\.jpe?g$/iu.test(item.name) && item.name.startsWith('图片/');
}
