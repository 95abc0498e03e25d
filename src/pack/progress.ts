import { format, SECONDS_LEFT } from '../i18n.js';
import type { Lang } from '../types.js';
import { PACK_WORDS as W } from './words.js';

/**
 * The progress bar on standard error: bytes, rate and time left. Only on a terminal, never in a pipe or in CI, and
 * only once a pack has taken more than a moment, so a small day prints nothing but its result.
 */

export interface PackProgress {
  phase: 'write' | 'verify';
  done: number;
  total: number;
}

export interface ProgressReporter {
  update(progress: PackProgress): void;
  /** Clears the bar, so that what follows starts on a clean line. */
  finish(): void;
}

const SHOW_AFTER_MS = 700;
const REDRAW_EVERY_MS = 100;
const BAR_WIDTH = 24;

function mb(bytes: number): string {
  return (bytes / (1 << 20)).toFixed(1);
}

export function terminalProgress(stream: NodeJS.WriteStream, lang: Lang, env: NodeJS.ProcessEnv = process.env): ProgressReporter | undefined {
  const inCi = Boolean(env.CI) && env.CI !== 'false' && env.CI !== '0';
  if (!stream.isTTY || inCi || env.TERM === 'dumb') return undefined;
  let started: number | undefined;
  let phase: PackProgress['phase'] | undefined;
  let phaseStart = 0;
  let lastDraw = 0;
  let drawn = false;

  return {
    update({ phase: current, done, total }) {
      const now = Date.now();
      started ??= now;
      if (current !== phase) {
        phase = current;
        phaseStart = now;
      }
      if (now - started < SHOW_AFTER_MS || now - lastDraw < REDRAW_EVERY_MS) return;
      lastDraw = now;
      const ratio = total > 0 ? Math.min(1, done / total) : 1;
      const seconds = (now - phaseStart) / 1000;
      const rate = seconds > 0 ? done / seconds : 0;
      const left = rate > 0 ? Math.ceil((total - done) / rate) : undefined;
      const filled = Math.round(ratio * BAR_WIDTH);
      const label = format(current === 'write' ? W.progressWrite : W.progressVerify, lang);
      const eta = left === undefined ? '' : format(SECONDS_LEFT, lang, { seconds: left });
      const line = `${label} [${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${Math.floor(ratio * 100)}%  ${mb(done)}/${mb(total)} MB  ${mb(rate)} MB/s${eta}`;
      stream.write(`\r\x1b[K${line}`);
      drawn = true;
    },
    finish() {
      if (drawn) stream.write('\r\x1b[K');
      drawn = false;
    },
  };
}
