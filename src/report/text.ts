import { Chalk, type ChalkInstance } from 'chalk';
import { format } from '../i18n.js';
import { displayWidth } from '../text/width.js';
import { wrapLines } from '../text/wrap.js';
import type { Bilingual, CheckReport, FileResult, Finding, Lang, SubmissionResult } from '../types.js';
import { visibleStrings } from './escape.js';
import { DATE_SOURCE_WORDS, KIND_NAMES } from './messages.js';
import { summariseFacts } from './facts-summary.js';
import { COUNTED_KINDS, kindCounts, statusWord } from './csv.js';

export interface TextFormatOptions {
  lang: Lang;
  /** chalk colour level: 0 for none (pipes, CI, NO_COLOR). */
  colorLevel: 0 | 1 | 2 | 3;
  /** The terminal's width in columns: messages and hints wrap within it, indented (default 120). */
  width?: number;
  /** Close a single submission's report with what is ready, what must be fixed and the next command (default true). */
  nextSteps?: boolean;
}

/** A terminal narrower than this still gets this many columns of message text per line. */
const MIN_TEXT_COLUMNS = 20;
export const DEFAULT_WIDTH = 120;

/**
 * `text` after `first` on one line and under `indent` on the next ones, within `width` columns (display width: a
 * Chinese character is two). The first line has less room when `first` is wider than `indent`: the text is wrapped
 * behind a stand-in for the difference, which is then taken off again.
 */
export function wrapped(first: string, indent: string, text: string, width: number): string[] {
  const room = Math.max(MIN_TEXT_COLUMNS, width - displayWidth(indent));
  const pad = Math.max(0, Math.min(room, displayWidth(first) - displayWidth(indent)));
  const [head = '', ...rest] = wrapLines(`${STAND_IN.repeat(pad)}${text}`, room);
  const firstLine = head.replaceAll(STAND_IN, '');
  const lines = firstLine ? [`${first}${firstLine}`] : [first.trimEnd()];
  return [...lines, ...rest.map((line) => `${indent}${line.replaceAll(STAND_IN, '')}`)];
}

/** One column wide, never in a message, never a place to break: holds the first line's prefix while wrapping. */
const STAND_IN = '\uE000';

/** Pads by display width, so Chinese (two columns a character) lines up with ASCII. */
export function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}
/** `5月15日` / `2023-05-15`: a day as each language writes it in a sentence. */
export function monthDay(date: string, lang: Lang): string {
  if (lang === 'en') return date;
  const [, m, d] = date.split('-');
  return `${Number(m)}月${Number(d)}日`;
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
  notSubmitted: { zh: '未报送', en: 'NOT SUBMITTED (未报送)' },
  checked: { zh: '检查 {path}', en: 'Checking {path}' },
  occasionSummary: { zh: '（活动周总结）', en: ' (the week summary)' },
  occasionDay: { zh: '（{day}的材料，{source}）', en: ' (materials of {day}, {source})' },
  summary: { zh: '共 {files} 个文件：{errors} 个错误，{warnings} 个警告', en: '{files} files: {errors} errors, {warnings} warnings' },
  summaryOne: { zh: '共 1 个文件：{errors} 个错误，{warnings} 个警告', en: '1 file: {errors} errors, {warnings} warnings' },
  summaryIgnored: { zh: '共 {files} 个文件（其中 {ignored} 个忽略）：{errors} 个错误，{warnings} 个警告', en: '{files} files ({ignored} ignored): {errors} errors, {warnings} warnings' },
  submission: { zh: '整份材料', en: 'submission' },
  verdictSeparator: { zh: ' —— ', en: ' — ' },
  strictNote: { zh: '（--strict：警告也算不合格）', en: ' (--strict: warnings fail too)' },
  columnSubmission: { zh: '材料', en: 'submission' },
  columnFiles: { zh: '文件', en: 'files' },
  // The district table's files of each counted kind (csv.ts's COUNTED_KINDS, in its order).
  columnText: { zh: '文字', en: 'text' },
  columnPhoto: { zh: '照片', en: 'photo' },
  columnNews: { zh: '新闻', en: 'news' },
  columnVideo: { zh: '视频', en: 'video' },
  columnMedia: { zh: '报道', en: 'media' },
  columnSummary: { zh: '总结', en: 'sum' },
  columnErrors: { zh: '错误', en: 'errors' },
  columnWarnings: { zh: '警告', en: 'warnings' },
  columnStatus: { zh: '结论', en: 'status' },
  total: { zh: '合计 {count} 份', en: 'total of {count}' },
  tooManyWarnings: { zh: '警告共 {count} 个，超过 --max-warnings {max}：本次检查不合格', en: '{count} warnings, more than --max-warnings {max}: the run fails' },
  ready: { zh: '可以报送 {ready} 个文件。', en: '{ready} files are ready to send.' },
  readyAndFix: { zh: '可以报送 {ready} 个文件，要修改 {fix} 个文件。', en: '{ready} files are ready to send; {fix} must be fixed.' },
  nextPack: { zh: '下一步：pyvw pack {folder}', en: 'Next: pyvw pack {folder}' },
  nextFix: { zh: '先改 {file}：{message}；改好后再运行 pyvw check {folder}', en: 'Fix {file} first: {message}; then run pyvw check {folder} again' },
  nextFixSubmission: { zh: '先处理：{message}；然后再运行 pyvw check {folder}', en: 'First: {message}; then run pyvw check {folder} again' },
  nextSendPackage: {
    zh: '这是 pyvw 打好的材料包，合格：不必再打包，原样报送即可。',
    en: 'A package pyvw made, and it passes: there is nothing to pack; send it as it is.',
  },
  nextRepack: {
    zh: '这个材料包不合格。先在原来的材料里改好 {file}：{message}；再用 pyvw pack 重新打包，报送新的材料包',
    en: 'This package fails. Fix {file} in the original materials: {message}; then pack them again with pyvw pack and send the new package',
  },
  nextRepackSubmission: {
    zh: '这个材料包不合格：{message}。改好原来的材料，再用 pyvw pack 重新打包，报送新的材料包',
    en: 'This package fails: {message}. Fix the original materials, pack them again with pyvw pack and send the new package',
  },
  nextEmpty: {
    zh: '这个文件夹里还没有材料：把当天的文字、照片、视频放进去（可先运行 pyvw init {folder} 建好子文件夹），再运行 pyvw check {folder}',
    en: "The folder holds no materials yet: put the day's write-up, photos and videos in it (pyvw init {folder} makes the subfolders), then run pyvw check {folder}",
  },
} satisfies Record<string, Bilingual>;

/** The district table's columns, in its order. */
const COLUMNS = [
  'columnSubmission', 'columnText', 'columnPhoto', 'columnNews', 'columnVideo', 'columnMedia', 'columnSummary', 'columnErrors', 'columnWarnings', 'columnStatus',
] as const satisfies readonly (keyof typeof REPORT_WORDS)[];

/** A word of the report in the chosen language. */
export function word(key: keyof typeof REPORT_WORDS, lang: Lang, data?: Record<string, unknown>): string {
  return format(REPORT_WORDS[key], lang, data);
}

/** English says 1 error, 2 errors: the counts' nouns (and a verb after them) follow their number. */
function englishPlurals(text: string): string {
  return text.replace(/\b1 files are\b/gu, '1 file is').replace(/\b1 (errors|warnings|files)\b/gu, (_m, noun: string) => `1 ${noun.slice(0, -1)}`);
}

/** A report word with counts in it: English nouns follow their number. */
function counted(key: keyof typeof REPORT_WORDS, lang: Lang, data: Record<string, unknown>): string {
  const text = word(key, lang, data);
  return lang === 'en' ? englishPlurals(text) : text;
}

/** `（5月15日的材料，取自文件夹名）`: what the submission was judged as. */
function occasion(result: SubmissionResult, lang: Lang): string {
  if (result.kind === 'summary') return word('occasionSummary', lang);
  return result.date ? word('occasionDay', lang, { day: monthDay(result.date, lang), source: DATE_SOURCE_WORDS[result.dateSource] }) : '';
}

/** `共 15 个文件（其中 1 个忽略）：15 个错误，0 个警告`, for every format meant for people. */
export function summaryLine(files: number, ignored: number, errors: number, warnings: number, lang: Lang): string {
  return counted(ignored ? 'summaryIgnored' : files === 1 ? 'summaryOne' : 'summary', lang, { files, ignored, errors, warnings });
}

/** A finding as plain lines, for formats without columns (JUnit, GitHub annotations). */
export function findingWithFix(finding: Finding, lang: Lang): string {
  return finding.hint ? `${finding.message}\n${word('fix', lang)}${finding.hint}` : finding.message;
}

/**
 * A package pyvw made (its 报送清单.txt at the top), unzipped or a received `.zip`: the scan marks the list and the
 * package's other own files as the package's. Its next step is to send it, or to pack the mended materials again;
 * never `pyvw pack` of the package itself, and never a check of it after a change (its list would no longer match).
 */
export function isPackage(result: SubmissionResult): boolean {
  return result.files.some((f) => f.classification.by === 'package');
}

/** A submission with nothing to send (rule submission/empty). */
export function isNotSubmitted(result: SubmissionResult): boolean {
  return result.findings.some((f) => f.rule === 'submission/empty');
}

function verdict(result: SubmissionResult, lang: Lang, c: ChalkInstance): string {
  // An empty folder is a school that sent nothing: a district reads 未报送, never a mere 不合格 or a pass.
  if (isNotSubmitted(result)) return c.red.bold(word('notSubmitted', lang));
  const status = statusWord(result, lang);
  return !result.ok ? c.red.bold(status) : result.counts.warning ? c.yellow.bold(status) : c.green.bold(status);
}

function findingLines(findings: Finding[], lang: Lang, c: ChalkInstance, ruleWidth: number, width: number): string[] {
  const labelWidth = Math.max(displayWidth(word('error', lang)), displayWidth(word('warning', lang)));
  return findings.flatMap((f) => {
    const colour = f.severity === 'error' ? c.red : f.severity === 'warning' ? c.yellow : c.cyan;
    const mark = f.severity === 'error' ? '✗' : f.severity === 'warning' ? '!' : 'i';
    const label = colour(`${mark} ${padEnd(word(f.severity, lang), labelWidth)}`);
    const indent = ' '.repeat(4 + 2 + labelWidth + 2 + ruleWidth + 2);
    const lines = wrapped(`    ${label}  ${c.dim(padEnd(f.rule, ruleWidth))}  `, indent, f.message, width);
    if (f.hint) lines.push(...wrapped(indent, indent, `${c.dim(word('fix', lang))}${f.hint}`, width));
    return lines;
  });
}

interface Widths {
  path: number;
  kind: number;
  rule: number;
}

function fileBlock(file: FileResult, lang: Lang, c: ChalkInstance, widths: Widths, width: number): string[] {
  const kind = padEnd(KIND_NAMES[file.kind][lang], widths.kind);
  // Junk is listed so the clerk sees nothing was overlooked, but dimmed: it is neither judged nor sent.
  if (file.kind === 'ignored') return wrapped(`  · ${padEnd(file.path, widths.path)}  ${kind}  `, '    ', file.reason, width).map((line) => c.dim(line));
  const status = file.findings.some((f) => f.severity === 'error') ? c.red('✗') : file.findings.length ? c.yellow('!') : c.green('✓');
  const summary = summariseFacts(file, lang);
  const head = `  ${status} ${padEnd(file.path, widths.path)}  ${c.dim(kind)}`;
  // The facts wrap under themselves when there is room beside the path, else under the path.
  const factsIndent = ' '.repeat(displayWidth(head) + 2 <= width / 2 ? displayWidth(head) + 2 : 4);
  const headLines = summary ? wrapped(`${head}  `, factsIndent, c.dim(summary), width) : [head];
  return [...headLines.map((line) => line.trimEnd()), ...findingLines(file.findings, lang, c, widths.rule, width)];
}

function submissionBlock(result: SubmissionResult, options: TextFormatOptions, strict: boolean, c: ChalkInstance): string[] {
  const { lang } = options;
  const widths: Widths = {
    path: Math.min(48, Math.max(0, ...result.files.map((f) => displayWidth(f.path)))),
    kind: Math.max(0, ...result.files.map((f) => displayWidth(KIND_NAMES[f.kind][lang]))),
    rule: Math.max(0, ...[...result.findings, ...result.files.flatMap((f) => f.findings)].map((f) => f.rule.length)),
  };

  const width = options.width ?? DEFAULT_WIDTH;
  const lines = [...wrapped('', '  ', `${c.bold(word('checked', lang, { path: result.path }))}${c.dim(occasion(result, lang))}`, width), ''];
  for (const file of result.files) lines.push(...fileBlock(file, lang, c, widths, width));
  if (result.findings.length) {
    lines.push(`  ${c.bold(word('submission', lang))}`, ...findingLines(result.findings, lang, c, widths.rule, width));
  }
  const ignored = result.files.filter((f) => f.kind === 'ignored').length;
  const summary = summaryLine(result.files.length, ignored, result.counts.error, result.counts.warning, lang);
  lines.push('', `${summary}${word('verdictSeparator', lang)}${verdict(result, lang, c)}${strict && result.counts.warning ? word('strictNote', lang) : ''}`);
  return lines;
}

/**
 * One row per submission and a total, for a district's many schools: the files of each kind a clerk sends, the
 * errors and warnings, the verdict (未报送 for a school on the --expect list with nothing received). Columns line
 * up for Chinese names.
 */
function districtTable(report: CheckReport, lang: Lang, c: ChalkInstance): string[] {
  const columns = COLUMNS.map((key) => word(key, lang));
  const perKind = report.submissions.map((s) => kindCounts(s).byKind);
  const sumKind = COUNTED_KINDS.map((_, k) => perKind.reduce((sum, counts) => sum + counts[k]!, 0));
  const rows = [
    ...report.submissions.map((s, i) => [s.path, ...[...perKind[i]!, s.counts.error, s.counts.warning].map(String), verdict(s, lang, c)]),
    [word('total', lang, { count: report.submissions.length }), ...[...sumKind, report.counts.error, report.counts.warning].map(String), report.ok ? c.green.bold(word('ok', lang)) : c.red.bold(word('fail', lang))],
  ];
  const widths = columns.map((title, i) => Math.max(displayWidth(title), ...rows.map((row) => displayWidth(row[i]!))));
  const last = columns.length - 1;
  // Names read left to right; counts line up on their last digit.
  const line = (cells: readonly string[]): string =>
    cells.map((cell, i) => (i === 0 || i === last ? padEnd(cell, widths[i]!) : ' '.repeat(widths[i]! - displayWidth(cell)) + cell)).join('  ').trimEnd();
  const rule = c.dim('─'.repeat(widths.reduce((sum, width) => sum + width, 0) + 2 * (widths.length - 1)));
  const body = rows.map(line);
  return [c.bold(line(columns)), rule, ...body.slice(0, -1), rule, body.at(-1)!];
}

/** What closes a report of any format meant for people: the district table and a broken --max-warnings. */
export function formatTotals(raw: CheckReport, options: TextFormatOptions): string[] {
  const report = visibleStrings(raw);
  const c = new Chalk({ level: options.colorLevel });
  const lines = report.submissions.length > 1 ? districtTable(report, options.lang, c) : [];
  if (report.maxWarnings !== null && report.counts.warning > report.maxWarnings) {
    lines.push(c.red.bold(word('tooManyWarnings', options.lang, { count: report.counts.warning, max: report.maxWarnings })));
  }
  return lines;
}

/** A folder as the clerk types it again: quoted when it holds a space. */
function shellPath(folder: string): string {
  return /[\s"'&|<>^]/u.test(folder) ? `"${folder}"` : folder;
}

/** What a clerk does next: how many files are ready, how many must be fixed, and the one command to run. */
function nextSteps(result: SubmissionResult, lang: Lang, c: ChalkInstance): string[] {
  const judged = result.files.filter((f) => f.kind !== 'ignored');
  const ready = judged.filter((f) => f.ok).length;
  const toFix = judged.filter((f) => !f.ok);
  const folder = shellPath(result.path);
  if (isNotSubmitted(result)) return [c.bold(word('nextEmpty', lang, { folder }))];
  const lines = [counted(toFix.length ? 'readyAndFix' : 'ready', lang, { ready, fix: toFix.length })];
  const aPackage = isPackage(result);
  if (result.ok) lines.push(c.bold(aPackage ? word('nextSendPackage', lang) : word('nextPack', lang, { folder })));
  else if (toFix.length) {
    const first = toFix[0]!;
    const error = first.findings.find((f) => f.severity === 'error');
    lines.push(c.bold(word(aPackage ? 'nextRepack' : 'nextFix', lang, { file: first.path, message: error?.message ?? '', folder })));
  } else {
    const error = result.findings.find((f) => f.severity === 'error' || (f.severity === 'warning' && !result.ok));
    lines.push(c.bold(word(aPackage ? 'nextRepackSubmission' : 'nextFixSubmission', lang, { message: error?.message ?? '', folder })));
  }
  return lines;
}

export function formatText(raw: CheckReport, options: TextFormatOptions): string {
  // A name can hold ESC sequences that clear the screen or fake a 合格 line: every string from the report is shown, not obeyed.
  const report = visibleStrings(raw);
  const c = new Chalk({ level: options.colorLevel });
  const blocks = report.submissions.map((s) => submissionBlock(s, options, report.strict, c).join('\n'));
  if (report.submissions.length === 1 && (options.nextSteps ?? true)) {
    const width = options.width ?? DEFAULT_WIDTH;
    blocks[0] += `\n${nextSteps(report.submissions[0]!, options.lang, c).flatMap((line) => wrapped('', '  ', line, width)).join('\n')}`;
  }
  const totals = formatTotals(report, options);
  if (totals.length) blocks.push(totals.join('\n'));
  return `${blocks.join('\n\n')}\n`;
}
