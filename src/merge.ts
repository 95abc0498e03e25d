import { readFile } from 'node:fs/promises';
import { UsageError } from './errors.js';
import type { CheckReport, Counts, SubmissionResult } from './types.js';

/**
 * `pyvw merge-reports a.json b.json …`: the JSON reports of the shards of one run (`check --shard i/n`) as the
 * one report the whole run would have written: every submission once, in the unsharded order (folders by
 * path, then the expected schools not received), counts and the verdict computed over all of them.
 */

function byPath(a: SubmissionResult, b: SubmissionResult): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

/** The order `check` reports in: what was received by path, then the schools not received, by name. */
export function reportOrder(submissions: readonly SubmissionResult[]): SubmissionResult[] {
  const missing = (s: SubmissionResult): boolean => s.findings.some((f) => f.rule === 'submission/expected');
  return [...submissions.filter((s) => !missing(s)).sort(byPath), ...submissions.filter(missing).sort(byPath)];
}

export function totals(submissions: readonly SubmissionResult[]): Counts {
  const counts: Counts = { error: 0, warning: 0, info: 0 };
  for (const s of submissions) for (const severity of ['error', 'warning', 'info'] as const) counts[severity] += s.counts[severity];
  return counts;
}

export function mergeReports(reports: readonly CheckReport[]): CheckReport {
  const [first] = reports;
  if (!first) throw new UsageError({ zh: '没有要合并的报告', en: 'no reports to merge' });
  const seen = new Set<string>();
  const submissions: SubmissionResult[] = [];
  for (const report of reports) {
    for (const s of report.submissions) {
      // A submission judged by two shards (overlapping runs) counts once.
      if (seen.has(s.path)) continue;
      seen.add(s.path);
      submissions.push(s);
    }
  }
  const ordered = reportOrder(submissions);
  const counts = totals(ordered);
  const { shard: _shard, ...rest } = first;
  return {
    ...rest,
    ok: ordered.every((s) => s.ok) && (first.maxWarnings === null || counts.warning <= first.maxWarnings),
    counts,
    submissions: ordered,
  };
}

export async function readReports(files: readonly string[]): Promise<CheckReport[]> {
  const { reportSchema } = await import('./report/schema.js');
  const reports: CheckReport[] = [];
  for (const file of files) {
    let raw: unknown;
    try {
      raw = JSON.parse((await readFile(file, 'utf8')).replace(/^\uFEFF/u, ''));
    } catch (error) {
      throw new UsageError({ zh: `无法读取报告 ${file}：${(error as Error).message}`, en: `cannot read the report ${file}: ${(error as Error).message}` });
    }
    const parsed = reportSchema.safeParse(raw);
    if (!parsed.success) {
      throw new UsageError({
        zh: `${file} 不是 pyvw check --format json 的报告（schemaVersion 1）`,
        en: `${file} is not a report of pyvw check --format json (schemaVersion 1)`,
      });
    }
    reports.push(parsed.data as CheckReport);
  }
  return reports;
}
