import { existsSync } from 'node:fs';
import { mkdir, stat, statfs } from 'node:fs/promises';
import path from 'node:path';
import { check, type CheckOutcome } from '../api.js';
import { loadConfig } from '../config.js';
import { todayIn } from '../dates.js';
import { UsageError } from '../errors.js';
import { explorerSize, format } from '../i18n.js';
import type { Profile } from '../profile/profile.js';
import type { Bilingual, CheckReport, Lang } from '../types.js';
import { VERSION } from '../version.js';
import { writeEml } from './eml.js';
import { formatListing } from './listing.js';
import { deadlineLine, mailBody } from './mail.js';
import { mailSubject, packageFileName } from './names.js';
import { planPackage, type LeftOutFile, type PackPlan, type PlannedEntry } from './plan.js';
import type { ProgressReporter } from './progress.js';
import { measureConvertedPictures, splitEntries, type Part } from './split.js';
import { commit, PackInterrupted, withStaging, type Staging } from './temporary.js';
import { VerifyError, verifyZip } from './verify.js';
import { PACK_WORDS as W } from './words.js';
import { packageOverview } from './overview.js';
import { LISTING_NAME, OVERVIEW_NAME, SourceChangedError, writeZip, type WrittenEntry } from './write.js';

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
  /** The report day, YYYY-MM-DD; default today in the profile's time zone. */
  date?: string;
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
  subject: string;
  part?: { index: number; count: number };
  /** Larger than the mailbox's attachment limit. */
  overLimit: boolean;
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
  packages: WrittenPackage[];
  leftOut: LeftOutFile[];
  notes: string[];
  email: string;
  limitBytes: number;
  /** Time left until the day's deadline, or that it has passed, in words. */
  deadline: string;
  /** Error findings of the submission (files and the submission as a whole). */
  errors: number;
}

const MB = 1024 * 1024;
/** A base64 attachment is a third larger than the file. */
const EML_GROWTH = 1.4;

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function usage(text: Bilingual, data: Record<string, unknown>): UsageError {
  return new UsageError({ zh: format(text, 'zh', data), en: format(text, 'en', data) });
}

/** Failures of writing, as the clerk can act on them; interruptions and pyvw's own faults pass through. */
function explain(error: unknown, outDir: string, bytes: number): unknown {
  if (error instanceof PackInterrupted || error instanceof UsageError) return error;
  if (error instanceof SourceChangedError) return usage(W.sourceChanged, { file: error.file, before: error.before, after: error.after });
  if (error instanceof VerifyError) return usage(W.verifyFailed, { entry: error.entry, detail: error.detail });
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return usage(W.diskFull, { dir: outDir, size: explorerSize(bytes) });
  if (code) return usage(W.writeFailed, { detail: (error as Error).message });
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
  now: Date;
  outDir: string;
  limitBytes: number;
  plan: PackPlan;
  /** The check the package is built from: 材料一览.html is its report, cut to what was packed. */
  checked: Pick<CheckOutcome, 'report' | 'judged'>;
  exists: (file: string) => UsageError;
}

export async function pack(dir: string, options: PackOptions): Promise<PackOutcome> {
  const { lang } = options;
  const now = options.now ?? new Date();
  const dirAbs = path.resolve(dir);
  const resolved = await loadConfig(dir, options.config);
  const { profile } = resolved;
  const unit = options.unit?.trim() || resolved.config.unit;
  if (!unit) throw new UsageError(W.missingUnit);
  const date = options.date ?? todayIn(profile.timeZone, now);
  const outDir = path.resolve(options.out ?? path.dirname(dirAbs));
  if (isInside(outDir, dirAbs)) throw usage(W.outInside, { out: outDir, dir });
  const limitBytes = resolved.config.attachmentLimitMB ? Math.floor(resolved.config.attachmentLimitMB * MB) : profile.attachmentLimitBytes;
  const exists = (file: string): UsageError => usage(W.exists, { path: file });
  const singleName = path.join(outDir, packageFileName(profile.packageNameTemplate, unit, date));
  // Before the inspection, so a clerk who forgot --force does not wait for it first.
  if (!options.force && !options.split && existsSync(singleName)) throw exists(singleName);

  const checked = await check([dir], { lang, config: options.config, date });
  const { report, judged } = checked;
  const { judged: submission, result } = judged[0]!;
  const errors = result.counts.error;
  const outcome: PackOutcome = {
    status: 'refused', report, unit, date, packages: [], leftOut: [], notes: [], email: profile.email, limitBytes,
    deadline: deadlineLine(date, profile, now, lang), errors,
  };
  if (errors > 0 && !options.skipInvalid) return outcome;

  const plan = planPackage(submission, result, lang);
  Object.assign(outcome, { leftOut: plan.leftOut, notes: plan.notes });
  if (plan.entries.length === 0) return { ...outcome, status: 'empty' };

  await mkdir(outDir, { recursive: true });
  const run: Run = { options, profile, unit, date, now, outDir, limitBytes, plan, checked, exists };
  const estimate = plan.entries.reduce((sum, e) => sum + e.bytes, 0);
  try {
    if ((await freeBytes(outDir)) < estimate * (options.eml ? 1 + EML_GROWTH : 1)) throw Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' });
    outcome.packages = await withStaging(async (staging) => {
      const renames: Rename[] = [];
      const packages = await writeParts(run, staging, renames);
      if (options.eml) await writeDrafts(run, staging, packages, renames);
      commit(renames, options.force ?? false, exists);
      return packages;
    });
  } catch (error) {
    throw explain(error, outDir, estimate);
  } finally {
    options.progress?.finish();
  }
  return { ...outcome, status: 'packed' };
}

type Rename = { from: string; to: string };

/** Writes every part under a temporary name, then reads each back and verifies it. */
async function writeParts(run: Run, { temporary, signal }: Staging, renames: Rename[]): Promise<WrittenPackage[]> {
  const { options, profile, unit, date, now, plan } = run;
  let parts: Part[] = [{ entries: plan.entries, bytes: 0, oversized: false }];
  if (options.split) {
    await measureConvertedPictures(plan.entries, signal);
    parts = splitEntries(plan.entries, run.limitBytes, plan.leftOut);
  }
  const count = parts.length;
  const numbered = (i: number): { index: number; count: number } | undefined => (count > 1 ? { index: i + 1, count } : undefined);
  const fileNames = parts.map((_, i) => packageFileName(profile.packageNameTemplate, unit, date, numbered(i)));
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
  for (const [i, part] of parts.entries()) {
    const fileName = fileNames[i]!;
    const finalPath = path.join(run.outDir, fileName);
    const temp = temporary(finalPath);
    const numberedPart = numbered(i);
    const entries = await writeZip(temp, part.entries, {
      timeZone: profile.timeZone,
      signal,
      onBytes: onWrite,
      listing: (files, skipped) =>
        formatListing(files, skipped, {
          lang: options.lang, unit, date, version: VERSION, timeZone: profile.timeZone, now, leftOut: plan.leftOut, notes: plan.notes,
          part: numberedPart && { ...numberedPart, others: fileNames.filter((_, j) => j !== i) },
        }),
      overview: (files) => packageOverview(run.checked, files, { lang: options.lang, now, packageName: fileName }),
    });
    written.push({ temp, entries });
    renames.push({ from: temp, to: finalPath });
    const bytes = (await stat(temp)).size;
    packages.push({
      path: finalPath, fileName, bytes,
      entries: entries.filter((e) => e.name !== LISTING_NAME && e.name !== OVERVIEW_NAME).map((e) => e.name),
      subject: mailSubject(profile.subjectTemplate, unit, date, numberedPart),
      part: numberedPart, overLimit: bytes > run.limitBytes,
      ...(part.oversized ? { oversizedFile: oversizedSource(part.entries) } : {}),
    });
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
    const text = mailBody({ unit: run.unit, date: run.date, fileName: pkg.fileName, bytes: pkg.bytes, entries: pkg.entries, part: pkg.part }, run.options.lang);
    await writeEml(temp, { to: run.profile.email, subject: pkg.subject, text, attachmentPath: renames.find((r) => r.to === pkg.path)!.from, attachmentName: pkg.fileName }, signal);
    renames.push({ from: temp, to: emlPath });
    pkg.eml = emlPath;
  }
}

/** The file an oversized part exists for: the largest one in it. */
function oversizedSource(entries: readonly PlannedEntry[]): string {
  const largest = entries.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  return largest.source.type === 'file' ? largest.source.file.path : largest.name;
}
