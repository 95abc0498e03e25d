import { loadConfig, type ResolvedConfig } from './config.js';
import { todayIn } from './dates.js';
import { judgeSubmission, type JudgedSubmission } from './engine.js';
import { classificationReason, localize } from './report/messages.js';
import { scanSubmission } from './scan/scan.js';
import type { CheckReport, Counts, FileResult, Lang, SubmissionResult } from './types.js';
import { VERSION } from './version.js';

export interface CheckOptions {
  lang: Lang;
  strict?: boolean;
  /** Path of a config file; otherwise each submission's nearest pyvw.config.json. */
  config?: string;
  /** The report day, YYYY-MM-DD; default today in the profile's time zone. */
  date?: string;
}

export interface CheckOutcome {
  report: CheckReport;
  /** The inspected facts and raw findings behind the report, for `pack` to reuse without a second inspection. */
  judged: { judged: JudgedSubmission; config: ResolvedConfig; result: SubmissionResult }[];
}

function toResult(judged: JudgedSubmission, lang: Lang, strict: boolean): SubmissionResult {
  const counts: Counts = { error: 0, warning: 0, info: 0 };
  const tally = (severity: keyof Counts): void => {
    counts[severity]++;
  };
  const files: FileResult[] = judged.files.map(({ file, facts, findings }) => {
    findings.forEach((f) => tally(f.severity));
    return {
      path: file.path,
      kind: file.kind,
      ok: !findings.some((f) => f.severity === 'error'),
      bytes: file.bytes,
      classification: file.classification,
      reason: classificationReason(file.classification, lang),
      facts,
      findings: findings.map((f) => localize(f, lang)),
    };
  });
  judged.findings.forEach((f) => tally(f.severity));
  const ok = counts.error === 0 && (!strict || counts.warning === 0);
  return { path: judged.submission.path, ok, counts, findings: judged.findings.map((f) => localize(f, lang)), files };
}

/** Judge each folder as one submission (`pyvw check`). Throws ConfigError or ScanError for bad usage. */
export async function check(dirs: readonly string[], options: CheckOptions): Promise<CheckOutcome> {
  const strict = options.strict ?? false;
  const outcome: CheckOutcome['judged'] = [];
  let profileId = '';
  let date = options.date;
  for (const dir of dirs) {
    const config = await loadConfig(dir, options.config);
    profileId ||= config.profile.id;
    date ??= todayIn(config.profile.timeZone);
    const submission = await scanSubmission(dir);
    const judged = await judgeSubmission(submission, config);
    outcome.push({ judged, config, result: toResult(judged, options.lang, strict) });
  }
  const submissions = outcome.map((o) => o.result);
  return {
    report: {
      schemaVersion: 1,
      tool: { name: 'pyvw', version: VERSION },
      profile: profileId,
      lang: options.lang,
      date: date ?? '',
      strict,
      ok: submissions.every((s) => s.ok),
      submissions,
    },
    judged: outcome,
  };
}
