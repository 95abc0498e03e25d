import type { CheckReport } from '../types.js';
import type { TextFormatOptions } from './text.js';

export type FormatOptions = TextFormatOptions;

/** Every report format is one module with one function; the CLI loads only the one asked for. */
export type ReportFormatter = (report: CheckReport, options: FormatOptions) => string;

export const FORMATS = {
  text: async () => (await import('./text.js')).formatText,
  json: async () => (await import('./json.js')).formatJson,
  junit: async () => (await import('./junit.js')).formatJunit,
  github: async () => (await import('./github.js')).formatGithub,
  csv: async () => (await import('./csv.js')).formatCsv,
  /** Without thumbnails (merge-reports has no files to read); `pyvw check` uses src/html-report.ts, which adds them. */
  html: async () => (await import('./html.js')).formatHtml,
} satisfies Record<string, () => Promise<ReportFormatter>>;

export type FormatName = keyof typeof FORMATS;
export const FORMAT_NAMES = Object.keys(FORMATS) as FormatName[];
