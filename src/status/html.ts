import { Chalk } from 'chalk';
import { wallClockMinute } from '../dates.js';
import { format } from '../i18n.js';
import { html } from '../report/escape.js';
import { BASE_STYLE, htmlPage } from '../report/html.js';
import { monthDay } from '../report/text.js';
import type { Lang } from '../types.js';
import { checkCell, deadlineCell, packageCell, problemLines } from './format.js';
import type { StatusReport, StatusRow } from './index.js';
import { STATUS_WORDS as W } from './words.js';

/**
 * `pyvw status --format html`: the week as a calendar row, a day a cell coloured by its state (packed, due today,
 * missed, upcoming; a damaged package red), the summary last. The cells say what the terminal's columns say, in the
 * same words (src/status/words.ts through format.ts's cells, without colour); the page is self-contained like the
 * check report, with no script at all.
 */

/** Cells in plain words: the terminal's, with colour level 0. */
const PLAIN = new Chalk({ level: 0 });
const WEEKDAYS: Record<Lang, readonly string[]> = {
  zh: ['周日', '周一', '周二', '周三', '周四', '周五', '周六'],
  en: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
};

type CellState = StatusRow['deadline']['state'] | 'damaged';

function cellState(row: StatusRow): CellState {
  return row.packages.some((p) => !p.verified) ? 'damaged' : row.deadline.state;
}

function checkClass(row: StatusRow): string {
  if (!row.check) return 'none';
  if (row.check.notSubmitted || !row.check.ok) return 'fail';
  return row.check.counts.warning ? 'warn' : 'pass';
}

function cell(row: StatusRow, report: StatusReport, lang: Lang): string {
  const day = row.kind === 'summary' ? format(W.summaryRow, lang) : monthDay(row.date!, lang);
  const weekday = row.date ? WEEKDAYS[lang][new Date(`${row.date}T00:00:00Z`).getUTCDay()]! : '';
  const today = row.date === report.today ? ' today' : '';
  const notes = [
    ...problemLines(row, lang),
    ...row.findings.map((f) => `${f.message}${f.hint ? ` ${format(W.fix, lang)}${f.hint}` : ''}`),
  ];
  return (
    `<li class="day ${cellState(row)}${today}" data-state="${cellState(row)}"><div class="when"><b>${html(weekday)}</b> ${html(day)}</div>` +
    `<div class="folder">${html(row.folder ?? format(W.folderMissing, lang))}</div>` +
    `<div class="check ${checkClass(row)}">${html(checkCell(row, lang, PLAIN))}</div>` +
    `<div class="pkg">${html(packageCell(row, lang, PLAIN))}</div>` +
    `<div class="due">${html(deadlineCell(row, lang, PLAIN))}</div>` +
    (notes.length ? `<ul class="notes">${notes.map((n) => `<li>${html(n)}</li>`).join('')}</ul>` : '') +
    `</li>`
  );
}

const STYLE = `${BASE_STYLE}
.week{list-style:none;margin:16px 24px;padding:0;display:grid;grid-template-columns:repeat(8,minmax(0,1fr));gap:8px}
.day{background:#fff;border:1px solid var(--line);border-top:6px solid #9e9e9e;border-radius:6px;padding:8px;font-size:13px;word-break:break-all;break-inside:avoid}
.day .when{font-size:15px;margin-bottom:4px}
.day.sent{border-top-color:var(--green);background:var(--green-bg)}
.day.due-today{border-top-color:#e0a800;background:var(--amber-bg)}
.day.missed,.day.damaged{border-top-color:var(--red);background:var(--red-bg)}
.day.today{outline:3px solid #2d6cdf}
.day .folder{color:var(--grey)}
.day .check.fail{color:var(--red);font-weight:700}.day .check.warn{color:var(--amber)}.day .check.pass{color:var(--green)}
.day .due{margin-top:4px;font-weight:700}
.day .notes{margin:6px 0 0;padding-left:16px;font-size:12px}
.legend{margin:0 24px;color:var(--grey);font-size:13px}
@page{size:A4 landscape;margin:10mm}
@media print{.week{margin:8px 0;gap:4px}.day{font-size:10pt}}
`;

export interface StatusHtmlOptions {
  lang: Lang;
}

export function formatStatusHtml(report: StatusReport, options: StatusHtmlOptions): string {
  const { lang } = options;
  const time = wallClockMinute(new Date(report.now), 'Asia/Shanghai');
  const title = format(W.title, lang, { unit: report.unit ?? format(W.noUnit, lang) });
  const body =
    `<header class="top"><h1>${html(title)}</h1><dl class="meta"><dt></dt><dd>${html(format(W.folderLine, lang, { folder: report.folder }))}</dd>` +
    `<dt></dt><dd>${html(format(W.nowLine, lang, { time }))}</dd></dl></header>` +
    `<ol class="week">${report.rows.map((row) => cell(row, report, lang)).join('')}</ol>` +
    `<p class="legend">${html(format(W.ledgerNote, lang))}</p>`;
  return htmlPage({ lang, title, version: report.tool.version, style: STYLE, body });
}
