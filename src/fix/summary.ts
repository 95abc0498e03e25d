import { Chalk } from 'chalk';
import { format } from '../i18n.js';
import { displayWidth } from '../text/width.js';
import { wrapLines } from '../text/wrap.js';
import type { Finding, Lang } from '../types.js';
import type { FixedFile, FixOutcome } from './index.js';
import { FIX_WORDS as W } from './words.js';

/** What `pyvw fix` prints on standard output: the before/after table, then where the copy is and what is left to do. */

export interface FixSummaryOptions {
  lang: Lang;
  colorLevel: 0 | 1 | 2 | 3;
  /** Terminal width; the table's columns wrap to fit it. */
  columns?: number;
}

/**
 * Control characters in a file name would move the cursor or recolour the terminal: they are shown as `\xNN`.
 * (The text report has its own escaping; this table is the only other place fix prints names.)
 */
function visible(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/gu, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

const pad = (text: string, width: number): string => text + ' '.repeat(Math.max(0, width - displayWidth(text)));

function firstProblem(findings: Finding[], severity: 'error' | 'warning'): string | undefined {
  return findings.find((f) => f.severity === severity)?.message;
}

function verdictNow(file: FixedFile, lang: Lang): { text: string; tone: 'ok' | 'warning' | 'error' } {
  if (!file.after) return { text: '', tone: 'ok' };
  const error = firstProblem(file.after.findings, 'error');
  if (error) return { text: format(W.nowError, lang, { message: error }), tone: 'error' };
  const warning = firstProblem(file.after.findings, 'warning');
  if (warning) return { text: format(W.nowWarning, lang, { message: warning }), tone: 'warning' };
  return { text: format(W.nowOk, lang), tone: 'ok' };
}

/** A file belongs in the table when it had a problem or was changed; plain copies of good files are only counted. */
const worthARow = (file: FixedFile): boolean =>
  file.before.length > 0 || file.action !== 'copy' || file.notes.length > 0 || file.targets[0] !== file.path || (file.after !== undefined && !file.after.ok);

export function formatFixOutcome(outcome: FixOutcome, { lang, colorLevel, columns = 120 }: FixSummaryOptions): string {
  const c = new Chalk({ level: colorLevel });
  const sep = format(W.separator, lang);
  const rows = outcome.files.filter(worthARow);
  const dry = outcome.dryRun;
  const headings = [W.headFile, W.headWrong, dry ? W.headWouldDo : W.headDone, ...(dry ? [] : [W.headNow])].map((h) => format(h, lang));
  // Shares of the width: the file name, what was wrong, what was done, the verdict now.
  const shares = dry ? [0.26, 0.37, 0.37] : [0.2, 0.28, 0.3, 0.22];
  const usable = Math.max(60, columns) - 3 * (shares.length - 1);
  const widths = shares.map((s) => Math.max(10, Math.floor(usable * s)));

  const lines: string[] = [];
  const line = (cells: string[], tones: ((s: string) => string)[] = []): void => {
    const wrapped = cells.map((cell, i) => wrapLines(cell, widths[i]!));
    const height = Math.max(...wrapped.map((w) => w.length));
    for (let r = 0; r < height; r++) {
      lines.push(wrapped.map((w, i) => (tones[i] ?? ((s: string) => s))(pad(w[r] ?? '', widths[i]!))).join(' │ ').trimEnd());
    }
  };
  line(headings, headings.map(() => (s: string) => c.bold(s)));
  lines.push(widths.map((w) => '─'.repeat(w)).join('─┼─'));
  for (const file of rows) {
    const wrong = file.wrong.length ? file.wrong.join(sep) : format(W.nothingWrong, lang);
    const now = verdictNow(file, lang);
    const tone = now.tone === 'error' ? c.red : now.tone === 'warning' ? c.yellow : c.green;
    line([visible(file.path), visible(wrong), visible(file.done.join(sep)), ...(dry ? [] : [visible(now.text)])], [(s) => s, (s) => s, (s) => s, tone]);
  }
  lines.push('');
  const unchanged = outcome.files.length - rows.length;
  if (unchanged) lines.push(format(dry ? W.unchangedWould : W.unchangedCopies, lang, { count: unchanged }));
  if (outcome.ffmpegMissing) {
    const count = outcome.files.filter((f) => f.notes.includes('no-ffmpeg')).length;
    lines.push(c.yellow(format(W.noFfmpegSummary, lang, { count, detail: outcome.ffmpegMissing })));
  }
  if (dry) {
    lines.push(format(W.dryRun, lang, { path: visible(outcome.out) }));
    return `${lines.join('\n')}\n`;
  }
  lines.push(format(W.written, lang, { path: visible(outcome.out) }));
  const manifests = [...new Set(outcome.captionLines.map((l) => l.manifest))];
  if (manifests.length) lines.push(c.yellow(format(W.fillCaptions, lang, { files: manifests.map(visible) })));
  const errors = outcome.report?.counts.error ?? 0;
  lines.push(errors ? c.red(format(W.resultFails, lang, { count: errors })) : c.green(format(W.resultOk, lang, { path: visible(outcome.out) })));
  return `${lines.join('\n')}\n`;
}
