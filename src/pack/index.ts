import { existsSync } from 'node:fs';
import { readdir, realpath, stat, statfs } from 'node:fs/promises';
import path from 'node:path';
import { check, type CheckOutcome } from '../api.js';
import { loadConfig } from '../config.js';
import { DATE_SOURCE_WORDS } from '../report/messages.js';
import { folderName, isInWeek, resolveOccasion } from '../occasion.js';
import { ScanError } from '../scan/scan.js';
import { UsageError } from '../errors.js';
import { makeFolders } from '../folders.js';
import { writeErrorReason } from '../system-reasons.js';
import { explorerSize } from '../i18n.js';
import type { Profile } from '../profile/profile.js';
import type { Bilingual, CheckReport, Lang, Occasion } from '../types.js';
import { VERSION } from '../version.js';
import { formatListing, skippedPictureNote } from './listing.js';
import { deadlineLine, encodedMailBytes, mailBody, zipBytesWithin } from './mail.js';
import { mailSubject, packageFileName, packageTemplates, unitProblem } from './names.js';
import { forPart, planPackage, type LeftOutFile, type PackPlan, type PlannedEntry } from './plan.js';
import type { ProgressReporter } from './progress.js';
import { measureConvertedPictures, splitEntries, type Part } from './split.js';
import { commit, openStaging, PackInterrupted, removeStaleTemporaries, type Staging } from './temporary.js';
import { HeadStart } from './head-start.js';
import type { PackageWriter } from './write.js';
import { VerifyError, verifyZip } from './verify.js';
import { PACK_WORDS as W } from './words.js';
import { overviewThumbnails, packageOverview } from './overview.js';
import { thumbnailsFromCheck, type ThumbnailsFromCheck } from '../report/thumbnails.js';
import { LISTING_NAME, OVERVIEW_NAME, SourceChangedError, writeZip, type SkippedPicture, type WrittenEntry } from './write.js';
import { endWalkWorkers, keepCoreForMainThread } from '../inspect/jpeg-walk-pool.js';

/**
 * `pyvw pack`: the verified package of the compliant set, built on the same check result as `pyvw check` (one
 * inspection), written under a temporary name, re-read and compared entry by entry, and only then renamed.
 */

export { PackInterrupted } from './temporary.js';

export interface PackOptions {
  lang: Lang;
  /** Folder for the package; default the folder that holds `dir`. */
  out?: string;
  /** The school or unit; default `unit` from the config. */
  unit?: string;
  /** The report day in any spelling; default the date in the folder's name, else today. Given, it also allows a day outside the week. */
  date?: string;
  /** `--summary`: the week's summary, whatever the folder is called. */
  summary?: boolean;
  /** `--any-folder`: pack a folder even when it does not look like a day's materials. */
  anyFolder?: boolean;
  config?: string;
  /** Pack what passes and list the rest as left out; without it any error means no package. */
  skipInvalid?: boolean;
  /** Replace an existing package of the same name. */
  force?: boolean;
  /** Several packages, each under the mailbox's attachment limit. */
  split?: boolean;
  /** Also write a draft email (`.eml`) for each package that fits the limit. */
  eml?: boolean;
  /** The clock, for the deadline and the list's time stamp. */
  now?: Date;
  progress?: ProgressReporter;
}

export interface WrittenPackage {
  path: string;
  fileName: string;
  bytes: number;
  /** Names inside the zip, without 报送清单.txt and 材料一览.html. */
  entries: string[];
  /** The media reports in it, with their titles and links. */
  reports: { name: string; title: string | null; links: string[] }[];
  subject: string;
  part?: { index: number; count: number };
  /** The size of the email that carries it, encoded as the mail server measures it: measured when a draft was written. */
  mailBytes: number;
  /** Its email is larger than the mailbox's attachment limit. */
  overLimit: boolean;
  /** Files that alone make an email over the limit: --split cannot help them, they go as a large attachment (超大附件). */
  tooLargeForMail: string[];
  /** The only file of an oversized part of a split package: send it as a large attachment (超大附件). */
  oversizedFile?: string;
  eml?: string;
  /** `--eml` was asked for, but the package is over the limit, so no draft was written. */
  emlSkipped?: boolean;
}

export interface PackOutcome {
  /** `packed`: written; `refused`: errors and no --skip-invalid; `empty`: nothing passes. */
  status: 'packed' | 'refused' | 'empty';
  report: CheckReport;
  unit: string;
  date: string;
  /** A day's submission or the week's summary, its date and where that came from. */
  occasion: Occasion;
  packages: WrittenPackage[];
  leftOut: LeftOutFile[];
  notes: Bilingual[];
  email: string;
  limitBytes: number;
  /** Time left until the day's deadline, or that it has passed, in words. */
  deadline: string;
  /** Error findings of the submission (files and the submission as a whole). */
  errors: number;
  /** Earlier packages of the same day that the new ones replace under other names (stale parts, or the unsplit package). */
  removed: string[];
}

/** `attachmentLimitMB` in the config: mail providers' megabytes are decimal. */
const MB = 1_000_000;
/** A base64 attachment is a third larger than the file. */
const EML_GROWTH = 1.4;

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * The real path of a folder that may not exist yet: its nearest existing ancestor's real path, then the rest.
 * Links resolved, `--out` through a link into the day folder (or a day folder reached through a link from inside
 * `--out`) is seen for what it is.
 */
async function realFolder(folder: string): Promise<string> {
  const missing: string[] = [];
  let existing = path.resolve(folder);
  for (;;) {
    try {
      return path.join(await realpath(existing), ...missing.reverse());
    } catch {
      const parent = path.dirname(existing);
      if (parent === existing) return path.resolve(folder);
      missing.push(path.basename(existing));
      existing = parent;
    }
  }
}

/** Failures of writing, as the clerk can act on them; interruptions and pyvw's own faults pass through. */
function explain(error: unknown, outDir: string, bytes: number): unknown {
  if (error instanceof PackInterrupted || error instanceof UsageError) return error;
  if (error instanceof SourceChangedError) return UsageError.of(W.sourceChanged, { file: error.file, before: error.before, after: error.after });
  if (error instanceof VerifyError) return UsageError.of(W.verifyFailed, { entry: error.entry, detail: error.detail });
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return UsageError.of(W.diskFull, { dir: outDir, size: explorerSize(bytes) });
  if (code) return UsageError.of(W.writeFailed, { reason: writeErrorReason(code), detail: (error as Error).message });
  return error;
}

async function freeBytes(dir: string): Promise<number> {
  try {
    const info = await statfs(dir);
    return info.bavail * info.bsize;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/** Everything about this run that the writing steps need. */
interface Run {
  options: PackOptions;
  profile: Profile;
  unit: string;
  date: string;
  occasion: Occasion;
  now: Date;
  outDir: string;
  limitBytes: number;
  plan: PackPlan;
  /** The check the package is built from: 材料一览.html is its report, cut to what was packed. */
  checked: Pick<CheckOutcome, 'report' | 'judged'>;
  /** The photo thumbnails made during that check. */
  fromCheck: ThumbnailsFromCheck;
  exists: (file: string) => UsageError;
  /** Pictures of Word documents that could not be written out as JPG, as the parts were written. */
  skipped: SkippedPicture[];
}

export async function pack(dir: string, options: PackOptions): Promise<PackOutcome> {
  const { lang } = options;
  const now = options.now ?? new Date();
  const dirAbs = path.resolve(dir);
  // A folder that is not there is the first thing to say, before any question about the unit.
  const info = await stat(dirAbs).catch(() => null);
  if (!info) throw new ScanError('not-found', dir);
  if (!info.isDirectory()) throw new ScanError('not-a-folder', dir);
  const resolved = await loadConfig(dir, options.config);
  const { profile } = resolved;
  const occasion = resolveOccasion(dir, { date: options.date, summary: options.summary, now }, profile);
  const { date } = occasion;
  const unit = options.unit?.trim() || resolved.config.unit;
  if (!unit) throw new UsageError(W.missingUnit);
  const templates = packageTemplates(occasion.kind, profile);
  const badUnit = unitProblem(unit, templates.name, date);
  if (badUnit) throw UsageError.of(W[badUnit.problem], badUnit.data);
  const outDir = path.resolve(options.out ?? path.dirname(dirAbs));
  if (isInside(outDir, dirAbs) || isInside(await realFolder(outDir), await realFolder(dirAbs))) throw UsageError.of(W.outInside, { out: outDir, dir });
  if (occasion.kind === 'day' && occasion.source !== 'option' && !isInWeek(date, profile)) {
    throw UsageError.of(W.outsideWeek, { folder: folderName(dir), date, dateSource: DATE_SOURCE_WORDS[occasion.source], start: profile.week.start, end: profile.week.end });
  }
  const limitBytes = resolved.config.attachmentLimitMB ? Math.floor(resolved.config.attachmentLimitMB * MB) : profile.attachmentLimitBytes;
  const exists = (file: string): UsageError => UsageError.of(W.exists, { path: file });
  const singleName = path.join(outDir, packageFileName(templates.name, unit, date));
  // Before the inspection, so a clerk who forgot --force does not wait for it first. A --split run replaces the
  // unsplit package of the day, which must not stay beside the parts to be attached by mistake.
  if (!options.force && existsSync(singleName)) throw options.split ? UsageError.of(W.unsplitExists, { path: singleName }) : exists(singleName);

  // The photos' thumbnails for 材料一览.html are made during the check, from its JPEG walks (report/thumbnails.ts).
  const fromCheck = thumbnailsFromCheck();
  // One staging for the whole run: the package may be begun while the check runs (head-start.ts).
  const staging = openStaging();
  let headStart: HeadStart | undefined;
  try {
    // What a killed run (SIGKILL, a power cut) left in the output folder under pyvw's temporary names goes first: it
    // would take the room this run needs. A folder made later by this run holds none.
    await removeStaleTemporaries(outDir);
    // With the package written ahead and the walks still running, the photos' thumbnails are made meanwhile.
    const ahead = await headStartFor(options, outDir, singleName, profile, staging, () => fromCheck.encodeNow());
    headStart = ahead;
    let checked: CheckOutcome;
    let uninspected = 0;
    // The main thread writes the package during the check: the photos' walks leave it a core.
    const giveCoreBack = ahead ? keepCoreForMainThread() : undefined;
    try {
      // Ctrl+C during the check stops it too: a package may have been begun.
      checked = await check([dir], {
        lang, config: options.config, date: options.date, summary: options.summary, anyFolder: options.anyFolder, now, signal: staging.signal,
        ...(ahead ? {
          onScanned: (files) => {
            uninspected = files.length;
            ahead.begin(files);
          },
          // A document's pictures: written ahead, and their thumbnails made as soon as the last file is inspected.
          // The link and the rules follow on the main thread alone, and sharp decodes the pictures on the idle core
          // meanwhile; begun when the check ended, 材料一览.html waited 45–86 ms for them (docs/performance.md).
          onInspected: (entry) => {
            ahead.inspected(entry);
            fromCheck.inspected(entry);
            if (--uninspected === 0) fromCheck.documentsNow();
          },
        } : {}),
      });
    } finally {
      fromCheck.stop();
      giveCoreBack?.();
    }
    // Not awaited: each walk worker's heap is freed on its own thread as it ends. Awaited, their ends held the main
    // thread 14–19 ms here, after the last walk, where nothing else runs beside it (docs/performance.md).
    void endWalkWorkers();
    const { report, judged } = checked;
    const { judged: submission, result } = judged[0]!;
    const errors = result.counts.error;
    const outcome: PackOutcome = {
      status: 'refused', report, unit, date, occasion, packages: [], leftOut: [], notes: [], email: profile.email, limitBytes,
      deadline: deadlineLine(date, profile, now, lang, occasion.kind), errors, removed: [],
    };
    if (errors > 0 && !options.skipInvalid) return outcome;
    fromCheck.documentsNow();

    const plan = planPackage(submission, result, lang, profile.pictureExport);
    Object.assign(outcome, { leftOut: plan.leftOut, notes: plan.notes });
    if (plan.entries.length === 0) return { ...outcome, status: 'empty' };
    const begun = await headStart?.settle(plan.entries);

    const run: Run = { options, profile, unit, date, occasion, now, outDir, limitBytes, plan, checked, fromCheck, exists, skipped: [] };
    const estimate = plan.entries.reduce((sum, e) => sum + e.bytes, 0);
    const writtenAhead = begun?.written.reduce((sum, e) => sum + e.bytes, 0) ?? 0;
    try {
      await makeFolders(outDir);
      if ((await freeBytes(outDir)) < estimate * (options.eml ? 1 + EML_GROWTH : 1) - writtenAhead) throw Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' });
      const stale = await earlierPackages(outDir, singleName, options.split ?? false);
      const renames: Rename[] = [];
      const packages = await writeParts(run, staging, renames, begun);
      if (options.eml) await writeDrafts(run, staging, packages, renames);
      commit(renames, options.force ?? false, exists, stale);
      outcome.packages = packages;
      // The clerk hears of a picture left out too, not only the bureau in 报送清单.txt.
      outcome.notes = [...plan.notes, ...run.skipped.map(skippedPictureNote)];
      outcome.removed = stale.filter((file) => !outcome.packages.some((p) => p.path === file || p.eml === file));
    } catch (error) {
      throw explain(error, outDir, estimate);
    } finally {
      options.progress?.finish();
    }
    return { ...outcome, status: 'packed' };
  } catch (error) {
    throw staging.received ? new PackInterrupted(staging.received) : error;
  } finally {
    // A package begun and not finished (a refused or empty day, a failure) is closed before its file goes.
    await headStart?.close();
    await staging.close();
  }
}

/**
 * A head start for the package (head-start.ts) where one can be had: a single package (a --split run's parts are
 * cut from the verdicts) into an output folder that is already there (a refused pack creates no folder).
 */
async function headStartFor(
  options: PackOptions, outDir: string, singleName: string, profile: Profile, staging: Staging, onWritten: () => void,
): Promise<HeadStart | undefined> {
  if (options.split || !(await stat(outDir).catch(() => null))?.isDirectory()) return undefined;
  return new HeadStart(staging.temporary(singleName), staging, profile.timeZone, await freeBytes(outDir), profile.pictureExport, onWritten);
}

type Rename = { from: string; to: string };

/**
 * What an earlier run wrote for the same day under other names: the parts of a --split run (and their drafts)
 * when the new package is not split or split differently, and the unsplit package (and its draft) when it is.
 */
async function earlierPackages(outDir: string, singleName: string, split: boolean): Promise<string[]> {
  const stem = path.basename(singleName, '.zip');
  const names = await readdir(outDir).catch(() => [] as string[]);
  const isPart = (name: string): boolean =>
    name.startsWith(`${stem}（`) && /^（\d+／\d+）\.(zip|eml)$/iu.test(name.slice(stem.length));
  const found = names.filter(isPart);
  if (split) found.push(...[`${stem}.zip`, `${stem}.eml`].filter((name) => names.includes(name)));
  return found.map((name) => path.join(outDir, name));
}

/** The email of a package, for its size and for the draft: the same words either way. */
function bodyOf(run: Run, pkg: Pick<WrittenPackage, 'fileName' | 'bytes' | 'entries' | 'reports' | 'part'>): string {
  return mailBody({ unit: run.unit, date: run.date, fileName: pkg.fileName, bytes: pkg.bytes, entries: pkg.entries, reports: pkg.reports, part: pkg.part }, run.options.lang);
}

/**
 * The largest zip any one email may carry. The body of the whole day's email, numbered as a part, bounds the
 * body of each part's email; the name and subject of a part are the longest any package gets.
 */
function zipBudget(run: Run): number {
  const part = { index: 99, count: 99 };
  const fileName = packageFileName(run.profile.packageNameTemplate, run.unit, run.date, part);
  const entries = run.plan.entries.map((e) => e.name);
  const reports = run.plan.entries.flatMap((e) => (e.report ? [{ name: e.name, ...e.report }] : []));
  const body = bodyOf(run, { fileName, bytes: Number.MAX_SAFE_INTEGER, entries, reports, part });
  return zipBytesWithin(run.limitBytes, body, mailSubject(run.profile.subjectTemplate, run.unit, run.date, part), fileName);
}

/** Writes every part under a temporary name, then reads each back and verifies it; `begun`: the package begun during the check. */
async function writeParts(run: Run, { temporary, signal }: Staging, renames: Rename[], begun?: PackageWriter): Promise<WrittenPackage[]> {
  const { options, profile, unit, date, now, plan } = run;
  const kind = run.occasion.kind;
  const templates = packageTemplates(kind, profile);
  let parts: Part[] = [{ entries: plan.entries, bytes: 0, oversized: false }];
  const budget = zipBudget(run);
  if (options.split) {
    await measureConvertedPictures(plan.entries, signal);
    parts = splitEntries(plan.entries, budget, plan.leftOut);
  }
  const count = parts.length;
  const numbered = (i: number): { index: number; count: number } | undefined => (count > 1 ? { index: i + 1, count } : undefined);
  const fileNames = parts.map((_, i) => packageFileName(templates.name, unit, date, numbered(i)));
  if (!options.force) {
    const taken = fileNames.map((n) => path.join(run.outDir, n)).find((p) => existsSync(p));
    if (taken) throw run.exists(taken);
  }

  const progress = (phase: 'write' | 'verify', total: number): ((bytes: number) => void) => {
    let done = 0;
    return (bytes) => {
      done += bytes;
      options.progress?.update({ phase, done, total });
    };
  };
  const onWrite = progress('write', parts.reduce((sum, p) => sum + p.entries.reduce((s, e) => s + e.bytes, 0), 0));
  const written: { temp: string; entries: WrittenEntry[] }[] = [];
  const packages: WrittenPackage[] = [];
  const thumbnails = overviewThumbnails(run.checked, plan.entries, { signal, fromCheck: run.fromCheck });
  for (const [i, part] of parts.entries()) {
    const fileName = fileNames[i]!;
    const finalPath = path.join(run.outDir, fileName);
    // A package begun during the check is the package when there is one part: a --split run begins none.
    const ahead = count === 1 ? begun : undefined;
    const temp = ahead?.target ?? temporary(finalPath);
    const numberedPart = numbered(i);
    const partEntries = forPart(part.entries);
    const entries = await writeZip(temp, partEntries, {
      timeZone: profile.timeZone,
      signal,
      onBytes: onWrite,
      listing: (files, skipped) => {
        run.skipped.push(...skipped);
        return formatListing(files, skipped, {
          unit, date, kind, version: VERSION, timeZone: profile.timeZone, now, leftOut: plan.leftOut, notes: plan.notes,
          part: numberedPart && { ...numberedPart, others: fileNames.filter((_, j) => j !== i) },
        });
      },
      overview: (files) => packageOverview(run.checked, files, { lang: options.lang, now, packageName: fileName, thumbnails }),
    }, ahead);
    written.push({ temp, entries });
    renames.push({ from: temp, to: finalPath });
    const bytes = (await stat(temp)).size;
    const pkg = {
      path: finalPath, fileName, bytes,
      entries: entries.filter((e) => e.name !== LISTING_NAME && e.name !== OVERVIEW_NAME).map((e) => e.name),
      reports: partEntries.flatMap((e) => (e.report ? [{ name: e.name, ...e.report }] : [])),
      subject: mailSubject(templates.subject, unit, date, numberedPart),
      part: numberedPart,
      tooLargeForMail: partEntries.filter((e) => !e.follows && e.bytes > budget).map(sourceName),
      ...(part.oversized ? { oversizedFile: oversizedSource(part.entries) } : {}),
    };
    const mailBytes = encodedMailBytes(bytes, bodyOf(run, pkg), pkg.subject, fileName);
    packages.push({ ...pkg, mailBytes, overLimit: mailBytes > run.limitBytes });
  }
  const onVerify = progress('verify', packages.reduce((sum, p) => sum + p.bytes, 0));
  for (const { temp, entries } of written) await verifyZip(temp, entries, { signal, onBytes: onVerify });
  return packages;
}

/** `--eml`: a draft for each package that fits the mailbox; it attaches the verified temporary zip under the zip's final name. */
async function writeDrafts(run: Run, { temporary, signal }: Staging, packages: WrittenPackage[], renames: Rename[]): Promise<void> {
  for (const pkg of packages) {
    if (pkg.overLimit) {
      pkg.emlSkipped = true;
      continue;
    }
    const emlPath = `${pkg.path.replace(/\.zip$/iu, '')}.eml`;
    if (!run.options.force && existsSync(emlPath)) throw run.exists(emlPath);
    const temp = temporary(emlPath);
    const text = bodyOf(run, pkg);
    // Only here: nodemailer is as much code to load as the rest of pack, and most packs write no draft.
    const { writeEml } = await import('./eml.js');
    await writeEml(temp, { to: run.profile.email, subject: pkg.subject, text, attachmentPath: renames.find((r) => r.to === pkg.path)!.from, attachmentName: pkg.fileName }, signal);
    // The draft is the message itself: its size is the one the mail server will see.
    pkg.mailBytes = (await stat(temp)).size;
    if (pkg.mailBytes > run.limitBytes) {
      pkg.overLimit = true;
      pkg.emlSkipped = true;
      continue;
    }
    renames.push({ from: temp, to: emlPath });
    pkg.eml = emlPath;
  }
}

function sourceName(entry: PlannedEntry): string {
  return entry.source.type === 'file' ? entry.source.file.path : entry.name;
}

/** The file an oversized part exists for: the largest one in it. */
function oversizedSource(entries: readonly PlannedEntry[]): string {
  return sourceName(entries.reduce((a, b) => (b.bytes > a.bytes ? b : a)));
}
