import type { CheckOutcome } from '../api.js';
import { renderHtmlReport } from '../html-report.js';
import { makeThumbnails, type Thumbnails, type ThumbnailsFromCheck } from '../report/thumbnails.js';
import type { Counts, Lang } from '../types.js';
import type { PlannedEntry } from './plan.js';
import type { WrittenEntry } from './write.js';

/**
 * 材料一览.html (contract, "The package"): the check report of the files in this package, under the names they
 * have in it, with their thumbnails, captions and facts, so the bureau sees every photo and its caption without
 * opening them one by one. Pictures taken out of documents are not cards of their own: their document's card shows
 * them. Findings about the folder as a whole stay in the clerk's report; a packed file keeps its warnings.
 */
/**
 * The thumbnails of every file the plan packs, keyed by its name in the package, started before the files are
 * written: sharp works on its own threads while the write runs on the main thread, so the overview no longer
 * waits for them after the last file (they were a fifth of `pack`'s time; docs/performance.md). Most photos'
 * were made during the check already (`fromCheck`). A run that is stopped starts no more of them.
 */
export function overviewThumbnails(
  checked: Pick<CheckOutcome, 'judged'>, planned: readonly PlannedEntry[], options: { signal?: AbortSignal; fromCheck?: ThumbnailsFromCheck } = {},
): Promise<Thumbnails> {
  const names = new Map<string, string>();
  for (const entry of planned) if (entry.source.type === 'file') names.set(entry.source.file.path, entry.name);
  const files = checked.judged[0]!.judged.files.filter((f) => names.has(f.file.path)).map((f) => ({ ...f, file: { ...f.file, path: names.get(f.file.path)! } }));
  return makeThumbnails([files], options);
}

export async function packageOverview(
  checked: Pick<CheckOutcome, 'report' | 'judged'>,
  written: readonly WrittenEntry[],
  options: { lang: Lang; now: Date; packageName: string; thumbnails?: Promise<Thumbnails> },
): Promise<string> {
  const names = new Map<string, string>();
  for (const entry of written) if (entry.planned?.source.type === 'file') names.set(entry.planned.source.file.path, entry.name);
  // In the package's order (by kind folder, then name), not the folder's.
  const positions = new Map([...names.keys()].map((p, i) => [p, i]));
  const packed = <T>(items: readonly T[], pathOf: (item: T) => string): T[] =>
    items.filter((item) => names.has(pathOf(item))).sort((a, b) => positions.get(pathOf(a))! - positions.get(pathOf(b))!);

  const { judged, config, result } = checked.judged[0]!;
  const files = packed(result.files, (f) => f.path).map((f) => ({ ...f, path: names.get(f.path)! }));
  const judgedFiles = packed(judged.files, (f) => f.file.path).map((f) => ({ ...f, file: { ...f.file, path: names.get(f.file.path)! } }));
  const counts: Counts = { error: 0, warning: 0, info: 0 };
  for (const finding of files.flatMap((f) => f.findings)) counts[finding.severity]++;
  const submission = { path: options.packageName, kind: result.kind, date: result.date, dateSource: result.dateSource, ok: counts.error === 0, counts, findings: [], files };
  return renderHtmlReport(
    {
      report: { ...checked.report, ok: submission.ok, counts, submissions: [submission] },
      judged: [{ judged: { ...judged, files: judgedFiles, findings: [] }, config, result: submission }],
    },
    // Made for the whole plan: a part of a --split package shows the cards of its own files only.
    { ...options, thumbnails: await options.thumbnails },
  );
}
