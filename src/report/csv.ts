import type { CheckReport, FileKind, Lang, SubmissionResult } from '../types.js';
import type { FormatOptions } from './formats.js';
import { KIND_NAMES } from './messages.js';
import { word } from './text.js';

/**
 * `--format csv`: one row per submission for a district's spreadsheet: the files of each kind, errors, warnings
 * and the verdict. UTF-8 with a byte-order mark and CRLF, which Excel and WPS on Chinese Windows open as Unicode
 * (without the mark Excel reads the bytes as GBK). RFC 4180 quoting; a cell that would start a formula is
 * prefixed with `'` (OWASP's advice against CSV injection); control characters are written as `\uXXXX`.
 */

/** The kinds a clerk sends, in the package's order: the columns of the table. */
export const COUNTED_KINDS: readonly FileKind[] = ['text', 'photo', 'photo-news', 'video', 'media-report', 'summary'];

const HEADERS: Record<Lang, { submission: string; school: string; other: string; errors: string; warnings: string; status: string }> = {
  zh: { submission: '材料', school: '学校', other: '其他文件', errors: '错误', warnings: '警告', status: '结论' },
  en: { submission: 'submission', school: 'school', other: 'other files', errors: 'errors', warnings: 'warnings', status: 'status' },
};

export const NOT_RECEIVED: Record<Lang, string> = { zh: '未报送', en: 'not submitted' };

/** A row that stands for an expected school with nothing received (`--expect`). */
export function isNotReceived(result: SubmissionResult): boolean {
  return result.findings.some((f) => f.rule === 'submission/expected');
}

export function statusWord(result: SubmissionResult, lang: Lang): string {
  if (isNotReceived(result)) return NOT_RECEIVED[lang];
  return word(!result.ok ? 'fail' : result.counts.warning ? 'passWithWarnings' : 'ok', lang);
}

/** Files of each counted kind, and of no counted kind (unknown formats; junk and captions are not counted). */
export function kindCounts(result: SubmissionResult): { byKind: number[]; other: number } {
  const byKind = COUNTED_KINDS.map((kind) => result.files.filter((f) => f.kind === kind).length);
  return { byKind, other: result.files.filter((f) => f.kind === 'unknown').length };
}

function cell(value: string | number): string {
  let text = String(value)
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (/^[=+\-@]/u.test(text)) text = `'${text}`;
  return /[",\s]/u.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function formatCsv(report: CheckReport, options: FormatOptions): string {
  const { lang } = options;
  const h = HEADERS[lang];
  const rows: (string | number)[][] = [
    [h.submission, h.school, ...COUNTED_KINDS.map((k) => KIND_NAMES[k][lang]), h.other, h.errors, h.warnings, h.status],
  ];
  for (const s of report.submissions) {
    const { byKind, other } = kindCounts(s);
    rows.push([s.path, s.school ?? '', ...byKind, other, s.counts.error, s.counts.warning, statusWord(s, lang)]);
  }
  return `\uFEFF${rows.map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
}
