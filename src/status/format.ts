import path from 'node:path';
import { Chalk, type ChalkInstance } from 'chalk';
import { wallClockMinute } from '../dates.js';
import { format } from '../i18n.js';
import { padEnd, monthDay } from '../report/text.js';
import { displayWidth } from '../text/width.js';
import type { Lang } from '../types.js';
import type { StatusReport, StatusRow } from './index.js';
import { STATUS_WORDS as W } from './words.js';

/** `pyvw status` for people: one line a day and one for the summary, then what needs doing. */

export interface StatusFormatOptions {
  lang: Lang;
  colorLevel: 0 | 1 | 2 | 3;
}

/** `3:25`: hours and minutes left, as a clock shows them. */
function hoursMinutes(minutes: number): string {
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
}

export function checkCell(row: StatusRow, lang: Lang, c: ChalkInstance): string {
  if (!row.folder || !row.check) return c.dim(format(W.none, lang));
  const { ok, notSubmitted, counts } = row.check;
  if (notSubmitted) return c.red(format(W.notSubmitted, lang));
  if (!ok) return c.red(format(W.checkFail, lang, { errors: counts.error }));
  return counts.warning ? c.yellow(format(W.checkWarnings, lang, { warnings: counts.warning })) : c.green(format(W.checkOk, lang));
}

export function packageCell(row: StatusRow, lang: Lang, c: ChalkInstance): string {
  if (!row.packages.length) return c.dim(format(W.none, lang));
  if (row.packages.some((p) => !p.verified)) return c.red(format(W.packageBad, lang));
  return c.green(row.packages.length > 1 ? format(W.packageParts, lang, { count: row.packages.length }) : format(W.packageOk, lang));
}

export function deadlineCell(row: StatusRow, lang: Lang, c: ChalkInstance): string {
  const { state, day, time, minutesLeft, late } = row.deadline;
  const words = { day: monthDay(day, lang), time, left: hoursMinutes(minutesLeft ?? 0) };
  switch (state) {
    case 'sent':
      return late ? c.yellow(format(W.sentLate, lang)) : c.green(format(W.sent, lang));
    case 'due-today':
      return c.bold.yellow(format(W.dueToday, lang, words));
    case 'missed':
      return c.red(format(W.missed, lang, words));
    default:
      return format(W.upcoming, lang, words);
  }
}

export function problemLines(row: StatusRow, lang: Lang): string[] {
  return row.packages.flatMap((p) => {
    const problem = p.problem;
    if (!problem) return [];
    const data = { file: p.fileName, ...problem };
    const text = problem.code === 'unreadable' ? W.problemUnreadable : problem.code === 'no-listing' ? W.problemNoListing : problem.code === 'missing' ? W.problemMissing : W.problemChanged;
    return [format(text, lang, data)];
  });
}

export function formatStatus(report: StatusReport, options: StatusFormatOptions): string {
  const { lang } = options;
  const c = new Chalk({ level: options.colorLevel });
  const time = wallClockMinute(new Date(report.now), 'Asia/Shanghai');
  const lines = [
    c.bold(format(W.title, lang, { unit: report.unit ?? format(W.noUnit, lang) })),
    format(W.folderLine, lang, { folder: path.resolve(report.folder) }),
    format(W.nowLine, lang, { time }),
    '',
  ];
  const table = report.rows.map((row) => [
    row.kind === 'summary' ? format(W.summaryRow, lang) : monthDay(row.date!, lang),
    row.folder ?? c.dim(format(W.folderMissing, lang)),
    checkCell(row, lang, c),
    packageCell(row, lang, c),
    deadlineCell(row, lang, c),
  ]);
  const titles = W.columns[lang];
  const widths = titles.map((title, i) => Math.max(displayWidth(title), ...table.map((cells) => displayWidth(cells[i]!))));
  const line = (cells: readonly string[]): string => cells.map((cell, i) => padEnd(cell, widths[i]!)).join('  ').trimEnd();
  lines.push(c.bold(line(titles)), c.dim('─'.repeat(widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1))), ...table.map(line));

  const notes: string[] = [];
  for (const row of report.rows) {
    const day = row.kind === 'summary' ? format(W.summaryRow, lang) : monthDay(row.date!, lang);
    if (row.otherFolders.length) notes.push(format(W.otherFolders, lang, { day, folders: row.otherFolders, folder: row.folder }));
    notes.push(...problemLines(row, lang).map((text) => c.red(text)));
    for (const finding of row.findings) {
      notes.push(`${c.yellow('!')} ${format(W.findingsTitle, lang, { day })}${finding.message}`, `  ${c.dim(format(W.fix, lang))}${finding.hint}`);
    }
  }
  if (notes.length) lines.push('', ...notes);
  lines.push('', c.dim(format(W.ledgerNote, lang)));
  return `${lines.join('\n')}\n`;
}
