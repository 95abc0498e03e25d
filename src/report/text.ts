import { Chalk, type ChalkInstance } from 'chalk';
import stringWidth from 'string-width';
import { format } from '../i18n.js';
import type { Bilingual, CheckReport, FileResult, Finding, Lang, SubmissionResult } from '../types.js';
import { KIND_NAMES } from './messages.js';
import { summariseFacts } from './facts-summary.js';

export interface TextFormatOptions {
  lang: Lang;
  /** chalk colour level: 0 for none (pipes, CI, NO_COLOR). */
  colorLevel: 0 | 1 | 2 | 3;
}

/** Pads by display width, so Chinese (two columns a character) lines up with ASCII. */
export function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - stringWidth(text)));
}

/** The words of the terminal report (and JUnit's), in the one style of pyvw: zh/en pairs filled by `format`. */
export const REPORT_WORDS = {
  error: { zh: '错误', en: 'error' },
  warning: { zh: '警告', en: 'warning' },
  info: { zh: '提示', en: 'info' },
  fix: { zh: '怎么改：', en: 'fix: ' },
  ok: { zh: '合格', en: 'PASS' },
  fail: { zh: '不合格', en: 'FAIL' },
  passWithWarnings: { zh: '合格（有警告）', en: 'PASS (with warnings)' },
  checked: { zh: '检查 {path}', en: 'Checking {path}' },
  summary: { zh: '共 {files} 个文件：{errors} 个错误，{warnings} 个警告', en: '{files} files: {errors} errors, {warnings} warnings' },
  summaryOne: { zh: '共 1 个文件：{errors} 个错误，{warnings} 个警告', en: '1 file: {errors} errors, {warnings} warnings' },
  summaryIgnored: { zh: '共 {files} 个文件（其中 {ignored} 个忽略）：{errors} 个错误，{warnings} 个警告', en: '{files} files ({ignored} ignored): {errors} errors, {warnings} warnings' },
  submission: { zh: '整份材料', en: 'submission' },
  verdictSeparator: { zh: ' —— ', en: ' — ' },
  strictNote: { zh: '（--strict：警告也算不合格）', en: ' (--strict: warnings fail too)' },
  columnSubmission: { zh: '材料', en: 'submission' },
  columnFiles: { zh: '文件', en: 'files' },
  columnErrors: { zh: '错误', en: 'errors' },
  columnWarnings: { zh: '警告', en: 'warnings' },
  columnStatus: { zh: '结论', en: 'status' },
  total: { zh: '合计 {count} 份', en: 'total of {count}' },
  tooManyWarnings: { zh: '警告共 {count} 个，超过 --max-warnings {max}：本次检查不合格', en: '{count} warnings, more than --max-warnings {max}: the run fails' },
} satisfies Record<string, Bilingual>;

/** A word of the report in the chosen language. */
export function word(key: keyof typeof REPORT_WORDS, lang: Lang, data?: Record<string, unknown>): string {
  return format(REPORT_WORDS[key], lang, data);
}

/** English says 1 error, 2 errors: the counts' nouns follow their number. */
function englishPlurals(text: string): string {
  return text.replace(/\b1 (errors|warnings|files)\b/gu, (_m, noun: string) => `1 ${noun.slice(0, -1)}`);
}

/** `共 15 个文件（其中 1 个忽略）：15 个错误，0 个警告`, for every format meant for people. */
export function summaryLine(files: number, ignored: number, errors: number, warnings: number, lang: Lang): string {
  const key = ignored ? 'summaryIgnored' : files === 1 ? 'summaryOne' : 'summary';
  const text = word(key, lang, { files, ignored, errors, warnings });
  return lang === 'en' ? englishPlurals(text) : text;
}

/** A finding as plain lines, for formats without columns (JUnit, GitHub annotations). */
export function findingWithFix(finding: Finding, lang: Lang): string {
  return finding.hint ? `${finding.message}\n${word('fix', lang)}${finding.hint}` : finding.message;
}

function verdict(result: SubmissionResult, lang: Lang, c: ChalkInstance): string {
  return !result.ok ? c.red.bold(word('fail', lang)) : result.counts.warning ? c.yellow.bold(word('passWithWarnings', lang)) : c.green.bold(word('ok', lang));
}

function findingLines(findings: Finding[], lang: Lang, c: ChalkInstance, ruleWidth: number): string[] {
  const labelWidth = Math.max(stringWidth(word('error', lang)), stringWidth(word('warning', lang)));
  return findings.flatMap((f) => {
    const colour = f.severity === 'error' ? c.red : f.severity === 'warning' ? c.yellow : c.cyan;
    const mark = f.severity === 'error' ? '✗' : f.severity === 'warning' ? '!' : 'i';
    const label = colour(`${mark} ${padEnd(word(f.severity, lang), labelWidth)}`);
    const indent = ' '.repeat(4 + 2 + labelWidth + 2 + ruleWidth + 2);
    const lines = [`    ${label}  ${c.dim(padEnd(f.rule, ruleWidth))}  ${f.message}`];
    if (f.hint) lines.push(`${indent}${c.dim(word('fix', lang))}${f.hint}`);
    return lines;
  });
}

interface Widths {
  path: number;
  kind: number;
  rule: number;
}

function fileBlock(file: FileResult, lang: Lang, c: ChalkInstance, widths: Widths): string[] {
  const kind = padEnd(KIND_NAMES[file.kind][lang], widths.kind);
  // Junk is listed so the clerk sees nothing was overlooked, but dimmed: it is neither judged nor sent.
  if (file.kind === 'ignored') return [c.dim(`  · ${padEnd(file.path, widths.path)}  ${kind}  ${file.reason}`)];
  const status = file.findings.some((f) => f.severity === 'error') ? c.red('✗') : file.findings.length ? c.yellow('!') : c.green('✓');
  const summary = summariseFacts(file, lang);
  const head = `  ${status} ${padEnd(file.path, widths.path)}  ${c.dim(kind)}${summary ? `  ${c.dim(summary)}` : ''}`;
  return [head.trimEnd(), ...findingLines(file.findings, lang, c, widths.rule)];
}

function submissionBlock(result: SubmissionResult, options: TextFormatOptions, strict: boolean, c: ChalkInstance): string[] {
  const { lang } = options;
  const widths: Widths = {
    path: Math.min(48, Math.max(0, ...result.files.map((f) => stringWidth(f.path)))),
    kind: Math.max(0, ...result.files.map((f) => stringWidth(KIND_NAMES[f.kind][lang]))),
    rule: Math.max(0, ...[...result.findings, ...result.files.flatMap((f) => f.findings)].map((f) => f.rule.length)),
  };

  const lines = [c.bold(word('checked', lang, { path: result.path })), ''];
  for (const file of result.files) lines.push(...fileBlock(file, lang, c, widths));
  if (result.findings.length) {
    lines.push(`  ${c.bold(word('submission', lang))}`, ...findingLines(result.findings, lang, c, widths.rule));
  }
  const ignored = result.files.filter((f) => f.kind === 'ignored').length;
  const summary = summaryLine(result.files.length, ignored, result.counts.error, result.counts.warning, lang);
  lines.push('', `${summary}${word('verdictSeparator', lang)}${verdict(result, lang, c)}${strict && result.counts.warning ? word('strictNote', lang) : ''}`);
  return lines;
}

/** One row per submission and a total, for a district's many schools; columns line up for Chinese names. */
function districtTable(report: CheckReport, lang: Lang, c: ChalkInstance): string[] {
  const columns = (['columnSubmission', 'columnFiles', 'columnErrors', 'columnWarnings', 'columnStatus'] as const).map((key) => word(key, lang));
  const files = report.submissions.reduce((sum, s) => sum + s.files.length, 0);
  const rows = [
    ...report.submissions.map((s) => [s.path, ...[s.files.length, s.counts.error, s.counts.warning].map(String), verdict(s, lang, c)]),
    [word('total', lang, { count: report.submissions.length }), ...[files, report.counts.error, report.counts.warning].map(String), report.ok ? c.green.bold(word('ok', lang)) : c.red.bold(word('fail', lang))],
  ];
  const widths = columns.map((title, i) => Math.max(stringWidth(title), ...rows.map((row) => stringWidth(row[i]!))));
  // Names read left to right; counts line up on their last digit.
  const line = (cells: readonly string[]): string =>
    cells.map((cell, i) => (i === 0 || i === 4 ? padEnd(cell, widths[i]!) : ' '.repeat(widths[i]! - stringWidth(cell)) + cell)).join('  ').trimEnd();
  const rule = c.dim('─'.repeat(widths.reduce((sum, width) => sum + width, 0) + 2 * (widths.length - 1)));
  const body = rows.map(line);
  return [c.bold(line(columns)), rule, ...body.slice(0, -1), rule, body.at(-1)!];
}

/** What closes a report of any format meant for people: the district table and a broken --max-warnings. */
export function formatTotals(report: CheckReport, options: TextFormatOptions): string[] {
  const c = new Chalk({ level: options.colorLevel });
  const lines = report.submissions.length > 1 ? districtTable(report, options.lang, c) : [];
  if (report.maxWarnings !== null && report.counts.warning > report.maxWarnings) {
    lines.push(c.red.bold(word('tooManyWarnings', options.lang, { count: report.counts.warning, max: report.maxWarnings })));
  }
  return lines;
}

export function formatText(report: CheckReport, options: TextFormatOptions): string {
  const c = new Chalk({ level: options.colorLevel });
  const blocks = report.submissions.map((s) => submissionBlock(s, options, report.strict, c).join('\n'));
  const totals = formatTotals(report, options);
  if (totals.length) blocks.push(totals.join('\n'));
  return `${blocks.join('\n\n')}\n`;
}
