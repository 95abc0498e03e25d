import path from 'node:path';
import type { CheckOutcome } from './api.js';
import { deadlineLine } from './pack/mail.js';
import { formatHtml, type HtmlFormatOptions } from './report/html.js';
import { makeThumbnails, type Thumbnails, type ThumbnailsFromCheck } from './report/thumbnails.js';
import type { Lang } from './types.js';

/**
 * The HTML report of a check, with what only a check has: the files themselves (thumbnails, made here and only
 * here, so no other format pays for them) and the profile (the day's deadline and the time left).
 */
export async function renderHtmlReport(
  outcome: Pick<CheckOutcome, 'report' | 'judged'>,
  /**
   * `thumbnails`: made already (pack makes them while it writes the files); `fromCheck`: the photos' thumbnails
   * made during the check (report/thumbnails.ts).
   */
  options: { lang: Lang; now?: Date; thumbnails?: Thumbnails; fromCheck?: ThumbnailsFromCheck } & Pick<HtmlFormatOptions, 'packageName'>,
): Promise<string> {
  const { report, judged } = outcome;
  const now = options.now ?? new Date();
  const thumbnails = options.thumbnails ?? (await makeThumbnails(judged.map(({ judged: j }) => j.files), { fromCheck: options.fromCheck }));
  const profile = judged[0]?.config.profile;
  // A package's overview is read later, by the bureau: the time left when it was packed would mislead.
  const deadline = profile && report.date && !options.packageName ? deadlineLine(report.date, profile, now, options.lang) : undefined;
  return formatHtml(report, { lang: options.lang, colorLevel: 0, thumbnails, deadline, now, packageName: options.packageName });
}

/** `--html`: `5月15日-检查报告.html` beside the folder `5月15日` (a trailing separator or `.` resolved first). */
export function htmlReportPath(dir: string): string {
  const folder = path.resolve(dir);
  return path.join(path.dirname(folder), `${path.basename(folder)}-检查报告.html`);
}
