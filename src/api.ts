import { stat } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig, type Config, type ResolvedConfig } from './config.js';
import { effectiveConfig } from './config-show.js';
import { judgeSubmission, type JudgedSubmission } from './engine.js';
import { asSummaryFiles, profileYear, resolveOccasion } from './occasion.js';
import { refuseAfterScan, refuseBeforeScan } from './scan/day-folder.js';
import { classificationReason, localize } from './report/messages.js';
import { removeSubmissionLinks, submissionFolders } from './scan/each.js';
import { readablePath } from './scan/readable.js';
import { ScanError, scanSubmission } from './scan/scan.js';
import { matchSchools, missingSchools, readExpectedSchools } from './scan/expect.js';
import { shardOf, type Shard } from './scan/shard.js';
import { isZipPath } from './scan/package.js';
import type { DateSource, CheckReport, Counts, FileResult, InspectedFile, Lang, RawFinding, ScannedFile, SubmissionResult } from './types.js';
import { VERSION } from './version.js';

export interface CheckOptions {
  lang: Lang;
  strict?: boolean;
  /** Path of a config file; otherwise each submission's nearest pyvw.config.json. */
  config?: string;
  /** The report day in any spelling (`5月15日`, `2023-05-15`, …); default the date in the folder's name, else today. */
  date?: string;
  /** `--summary`: the week's summary, whatever the folder is called. */
  summary?: boolean;
  /** The clock, for "today". */
  now?: Date;
  /** `--any-folder`: judge a folder even when it does not look like a day's materials (a project, the whole week, thousands of files). */
  anyFolder?: boolean;
  /** A district folder: each direct subfolder is one more submission, after `dirs`. */
  each?: string;
  /** Errors only (ESLint's --quiet): warnings and infos are left out of the report and do not count. */
  quiet?: boolean;
  /** ESLint's --max-warnings: the run fails when the warnings of all submissions together exceed this. */
  maxWarnings?: number;
  /** `--expect`: a file naming the schools that must be there, one a line; a missing one is a failing row 未报送. */
  expect?: string;
  /** `--shard i/n`: judge only the i-th of n stable slices of the submissions (CI matrices; `merge-reports` joins them). */
  shard?: Shard;
  /** Called with each folder's files as scanned, before any of them is inspected: `pack` starts writing them then. */
  onScanned?: (files: readonly ScannedFile[]) => void;
  /** Called with each file's inspection as it ends, before the folder is judged: `pack` writes a document's pictures ahead. */
  onInspected?: (inspected: InspectedFile) => void;
  /** Stops the check: no file is begun after it aborts, and the check rejects with its reason. */
  signal?: AbortSignal;
}

export interface CheckOutcome {
  report: CheckReport;
  /** The inspected facts and raw findings behind the report, for `pack` to reuse without a second inspection. */
  judged: { judged: JudgedSubmission; config: ResolvedConfig; result: SubmissionResult }[];
  /** Findings that are pyvw's own faults (a rule or an inspector that threw): the rulebook's exit 2. */
  internalFaults: number;
}

function toResult(judged: JudgedSubmission, lang: Lang, strict: boolean, quiet = false): SubmissionResult {
  const counts: Counts = { error: 0, warning: 0, info: 0 };
  const tally = (severity: keyof Counts): void => {
    counts[severity]++;
  };
  const shown = (findings: RawFinding[]): RawFinding[] => (quiet ? findings.filter((f) => f.severity === 'error') : findings);
  const files: FileResult[] = judged.files.map((entry) => {
    const { file } = entry;
    const findings = shown(entry.findings);
    findings.forEach((f) => tally(f.severity));
    return {
      path: file.path,
      kind: file.kind,
      ok: !findings.some((f) => f.severity === 'error'),
      bytes: file.bytes,
      classification: file.classification,
      reason: classificationReason(file.classification, lang),
      // A file that could not be inspected has no facts; its `<kind>/inspect` finding says why.
      facts: entry.state === 'inspected' ? { ...entry.facts } : {},
      findings: findings.map((f) => localize(f, lang)),
    };
  });
  const findings = shown(judged.findings);
  findings.forEach((f) => tally(f.severity));
  const ok = counts.error === 0 && (!strict || counts.warning === 0);
  const occasion = judged.submission.occasion!;
  return {
    path: judged.submission.path, kind: occasion.kind, date: occasion.date, dateSource: occasion.source,
    ok, counts, findings: findings.map((f) => localize(f, lang)), files,
  };
}

function withoutPath(result: SubmissionResult): Omit<SubmissionResult, 'path'> {
  const { path: _path, ...rest } = result;
  return rest;
}

/** The row of an expected school with nothing received: it fails, as 未报送, in every format. */
function notReceivedRow(school: string, lang: Lang, date: string, dateSource: DateSource): SubmissionResult {
  const finding = localize({ rule: 'submission/expected', messageId: 'not-received', severity: 'error', data: { school } }, lang);
  return { path: school, school, kind: 'day', date, dateSource, ok: false, counts: { error: 1, warning: 0, info: 0 }, findings: [finding], files: [] };
}

/**
 * A received `.zip`, judged as the folder it unpacks to, read into a temporary folder that is gone again when
 * this returns. The report names the zip; the files keep their paths inside it.
 */
async function judgeReceivedZip(zipPath: string, config: ResolvedConfig): Promise<JudgedSubmission> {
  const { openReceivedZip } = await import('./scan/zip.js');
  const received = await openReceivedZip(zipPath);
  try {
    const submission = await scanSubmission(received.root);
    submission.path = zipPath;
    submission.received = { zip: zipPath, ...(received.refusal ? { refusal: received.refusal } : {}) };
    return await judgeSubmission(submission, config);
  } finally {
    await received.dispose();
  }
}

/** Judge each folder as one submission (`pyvw check`). Throws ConfigError, ScanError or UsageError (`--each`) for bad usage. */
export async function check(dirs: readonly string[], options: CheckOptions): Promise<CheckOutcome> {
  try {
    return await checkFolders(dirs, options);
  } finally {
    // The links `--each` made to schools whose names are not UTF-8 (src/scan/each.ts) go with the run.
    await removeSubmissionLinks();
  }
}

async function checkFolders(dirs: readonly string[], options: CheckOptions): Promise<CheckOutcome> {
  const strict = options.strict ?? false;
  const quiet = options.quiet ?? false;
  const maxWarnings = options.maxWarnings ?? null;
  const outcome: CheckOutcome['judged'] = [];
  let profileId = '';
  let date: string | undefined;
  const all = options.each ? [...dirs, ...(await submissionFolders(options.each))] : dirs.length ? dirs : ['.'];
  const expected = options.expect ? await readExpectedSchools(options.expect) : [];
  const schools = matchSchools(expected, all);
  // A school with nothing received is a row of its own, in the slice its name falls in.
  const rows: { folder?: string; missing?: string }[] = [...all.map((folder) => ({ folder })), ...missingSchools(expected, all).map((missing) => ({ missing }))];
  const chosen = options.shard ? shardOf(rows, (row) => row.folder ?? row.missing!, options.shard) : rows;
  const folders = chosen.flatMap((row) => (row.folder ? [row.folder] : []));
  for (const dir of folders) {
    const received = isZipPath(dir) && (await stat(readablePath(dir)).catch(() => null))?.isFile();
    const config = await loadConfig(received ? path.dirname(dir) : dir, options.config);
    profileId ||= config.profile.id;
    const parent = options.each && !dirs.includes(dir) ? options.each : undefined;
    const occasion = resolveOccasion(dir, { date: options.date, summary: options.summary, now: options.now, parent }, config.profile);
    date ??= occasion.date;
    let judged: JudgedSubmission;
    if (received) {
      judged = await judgeReceivedZip(dir, config);
    } else {
      if (!options.anyFolder) await refuseBeforeScan(dir, profileYear(config.profile));
      const scanned = await scanSubmission(dir);
      if (!options.anyFolder) refuseAfterScan(scanned);
      const submission = { ...scanned, occasion, files: occasion.kind === 'summary' ? asSummaryFiles(scanned.files) : scanned.files };
      options.onScanned?.(submission.files);
      judged = await judgeSubmission(submission, config, { signal: options.signal, onInspected: options.onInspected });
    }
    judged.submission.occasion ??= occasion;
    const result = toResult(judged, options.lang, strict, quiet);
    const school = schools.get(dir);
    outcome.push({ judged, config, result: school ? { path: result.path, school, ...withoutPath(result) } : result });
  }
  if (!profileId) {
    // A slice with no folder in it (only schools not received) still names the profile and the day.
    const config = await loadConfig(options.each ?? '.', options.config);
    profileId = config.profile.id;
    date ??= resolveOccasion(options.each ?? '.', { date: options.date, summary: options.summary, now: options.now }, config.profile).date;
  }
  const dateSource: DateSource = outcome[0]?.result.dateSource ?? (options.date ? 'option' : 'today');
  const notReceived = chosen.flatMap((row) => (row.missing ? [notReceivedRow(row.missing, options.lang, date!, dateSource)] : []));
  const submissions = [...outcome.map((o) => o.result), ...notReceived];
  const counts: Counts = { error: 0, warning: 0, info: 0 };
  for (const s of submissions) for (const severity of ['error', 'warning', 'info'] as const) counts[severity] += s.counts[severity];
  return {
    report: {
      schemaVersion: 1,
      tool: { name: 'pyvw', version: VERSION },
      profile: profileId,
      lang: options.lang,
      date: date ?? '',
      strict,
      quiet,
      maxWarnings,
      ok: submissions.every((s) => s.ok) && (maxWarnings === null || counts.warning <= maxWarnings),
      counts,
      ...(options.shard ? { shard: options.shard } : {}),
      submissions,
    },
    judged: outcome,
    internalFaults: outcome
      .flatMap(({ judged }) => [...judged.findings, ...judged.files.flatMap((f) => f.findings)])
      .filter((f) => f.messageId === 'internal-error').length,
  };
}

/** `pyvw config show`: the effective config of a folder and the file it came from (null: the profile's defaults). */
export async function showConfig(dir: string, options: { config?: string } = {}): Promise<{ file: string | null; config: Config }> {
  const info = await stat(dir).catch(() => null);
  if (!info) throw new ScanError('not-found', dir);
  if (!info.isDirectory()) throw new ScanError('not-a-folder', dir);
  const resolved = await loadConfig(dir, options.config);
  return { file: resolved.file, config: effectiveConfig(resolved) };
}
