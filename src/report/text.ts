import { Chalk, type ChalkInstance } from 'chalk';
import stringWidth from 'string-width';
import type { CheckReport, FileResult, Finding, Lang, SubmissionResult } from '../types.js';
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

const WORDS = {
  zh: {
    error: '错误', warning: '警告', info: '提示', fix: '怎么改：', ok: '合格', fail: '不合格', passWithWarnings: '合格（有警告）',
    checked: (path: string) => `检查 ${path}`,
    summary: (files: number, ignored: number, e: number, w: number) =>
      `共 ${files} 个文件${ignored ? `（其中 ${ignored} 个忽略）` : ''}：${e} 个错误，${w} 个警告`,
    submission: '整份材料',
    verdictSeparator: ' —— ',
    strictNote: '（--strict：警告也算不合格）',
  },
  en: {
    error: 'error', warning: 'warning', info: 'info', fix: 'fix: ', ok: 'PASS', fail: 'FAIL', passWithWarnings: 'PASS (with warnings)',
    checked: (path: string) => `Checking ${path}`,
    summary: (files: number, ignored: number, e: number, w: number) =>
      `${files} ${files === 1 ? 'file' : 'files'}${ignored ? ` (${ignored} ignored)` : ''}: ${e} ${e === 1 ? 'error' : 'errors'}, ${w} ${w === 1 ? 'warning' : 'warnings'}`,
    submission: 'submission',
    verdictSeparator: ' — ',
    strictNote: ' (--strict: warnings fail too)',
  },
} as const;

function findingLines(findings: Finding[], lang: Lang, c: ChalkInstance, ruleWidth: number): string[] {
  const w = WORDS[lang];
  const labelWidth = Math.max(stringWidth(w.error), stringWidth(w.warning));
  return findings.flatMap((f) => {
    const colour = f.severity === 'error' ? c.red : f.severity === 'warning' ? c.yellow : c.cyan;
    const mark = f.severity === 'error' ? '✗' : f.severity === 'warning' ? '!' : 'i';
    const label = colour(`${mark} ${padEnd(w[f.severity], labelWidth)}`);
    const indent = ' '.repeat(4 + 2 + labelWidth + 2 + ruleWidth + 2);
    const lines = [`    ${label}  ${c.dim(padEnd(f.rule, ruleWidth))}  ${f.message}`];
    if (f.hint) lines.push(`${indent}${c.dim(w.fix)}${f.hint}`);
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
  const w = WORDS[lang];
  const widths: Widths = {
    path: Math.min(48, Math.max(0, ...result.files.map((f) => stringWidth(f.path)))),
    kind: Math.max(0, ...result.files.map((f) => stringWidth(KIND_NAMES[f.kind][lang]))),
    rule: Math.max(0, ...[...result.findings, ...result.files.flatMap((f) => f.findings)].map((f) => f.rule.length)),
  };

  const lines = [c.bold(w.checked(result.path)), ''];
  for (const file of result.files) lines.push(...fileBlock(file, lang, c, widths));
  if (result.findings.length) {
    lines.push(`  ${c.bold(w.submission)}`, ...findingLines(result.findings, lang, c, widths.rule));
  }
  const verdict = !result.ok ? c.red.bold(w.fail) : result.counts.warning ? c.yellow.bold(w.passWithWarnings) : c.green.bold(w.ok);
  const ignored = result.files.filter((f) => f.kind === 'ignored').length;
  const summary = w.summary(result.files.length, ignored, result.counts.error, result.counts.warning);
  lines.push('', `${summary}${w.verdictSeparator}${verdict}${strict && result.counts.warning ? w.strictNote : ''}`);
  return lines;
}

export function formatText(report: CheckReport, options: TextFormatOptions): string {
  const c = new Chalk({ level: options.colorLevel });
  const blocks = report.submissions.map((s) => submissionBlock(s, options, report.strict, c).join('\n'));
  return `${blocks.join('\n\n')}\n`;
}
