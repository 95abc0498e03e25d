import type { CheckReport, FileKind, FileResult, Finding, SubmissionResult } from '../../src/types.js';

/** Reports built by hand for the report formats, with counts and verdicts worked out as pyvw works them out. */

export function fileResult(path: string, kind: FileKind = 'photo', extra: Partial<FileResult> = {}): FileResult {
  const findings = extra.findings ?? [];
  const ignored = kind === 'ignored';
  return {
    path, kind, ok: !findings.some((f) => f.severity === 'error'), bytes: 10, facts: {}, findings,
    classification: { by: ignored ? 'junk' : 'extension', detail: /\.[^./]*$/u.exec(path)?.[0] ?? '' }, reason: ignored ? 'junk' : 'by extension',
    ...extra,
  };
}

export function submissionResult(path: string, files: FileResult[], findings: Finding[] = []): SubmissionResult {
  const all = [...findings, ...files.flatMap((f) => f.findings)];
  const count = (s: Finding['severity']): number => all.filter((f) => f.severity === s).length;
  const counts = { error: count('error'), warning: count('warning'), info: count('info') };
  return { path, kind: 'day', date: '2023-05-15', dateSource: 'option', ok: counts.error === 0, counts, findings, files };
}

export function checkReport(submissions: SubmissionResult[], extra: Partial<CheckReport> = {}): CheckReport {
  const sum = (s: 'error' | 'warning' | 'info'): number => submissions.reduce((n, r) => n + r.counts[s], 0);
  return {
    schemaVersion: 1, tool: { name: 'pyvw', version: '0.0.0' }, profile: 'puyang-2023', lang: 'zh', date: '2023-05-15',
    strict: false, quiet: false, maxWarnings: null, ok: submissions.every((s) => s.ok),
    counts: { error: sum('error'), warning: sum('warning'), info: sum('info') }, submissions, ...extra,
  };
}
