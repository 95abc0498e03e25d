import { format, SECONDS_LEFT } from '../i18n.js';
import { visible } from '../report/escape.js';
import { displayWidth } from '../text/width.js';
import type { Lang } from '../types.js';
import { FIX_WORDS as W } from './words.js';

/**
 * One progress bar per video on standard error, from ffmpeg's `-progress` reports: share done and time left.
 * Only on a terminal, never in a pipe or in CI (as pack's bar).
 */

export interface FixProgress {
  /** A conversion of `file` starts. */
  start(file: string): void;
  /** Share of it done, 0…1. */
  update(done: number): void;
  /** Clears the bar, so what follows starts on a clean line. */
  finish(): void;
}

const REDRAW_EVERY_MS = 200;
const BAR_WIDTH = 24;

/** Cuts `text` to `width` terminal columns (CJK characters take two), with an ellipsis in front. */
function fit(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let cut = text;
  while (cut.length > 1 && displayWidth(`…${cut}`) > width) cut = cut.slice(1);
  return `…${cut}`;
}

export function terminalFixProgress(stream: NodeJS.WriteStream, lang: Lang, env: NodeJS.ProcessEnv = process.env): FixProgress | undefined {
  const inCi = Boolean(env.CI) && env.CI !== 'false' && env.CI !== '0';
  if (!stream.isTTY || inCi || env.TERM === 'dumb') return undefined;
  let file = '';
  let started = 0;
  let lastDraw = 0;
  let drawn = false;
  return {
    start(name) {
      // The bar redraws over itself with \r: a control character in a video's name would be obeyed, so it is shown.
      file = visible(name);
      started = Date.now();
      lastDraw = 0;
    },
    update(done) {
      const now = Date.now();
      if (now - lastDraw < REDRAW_EVERY_MS && done < 1) return;
      lastDraw = now;
      const seconds = (now - started) / 1000;
      const left = done > 0.01 ? Math.ceil((seconds / done) * (1 - done)) : undefined;
      const eta = left === undefined ? '' : format(SECONDS_LEFT, lang, { seconds: left });
      const filled = Math.round(done * BAR_WIDTH);
      const bar = ` [${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${Math.floor(done * 100)}%${eta}`;
      const label = `${format(W.progressVideo, lang)} `;
      const room = Math.max(10, (stream.columns ?? 80) - 1 - displayWidth(label) - displayWidth(bar));
      stream.write(`\r\x1b[K${label}${fit(file, room)}${bar}`);
      drawn = true;
    },
    finish() {
      if (drawn) stream.write('\r\x1b[K');
      drawn = false;
    },
  };
}
