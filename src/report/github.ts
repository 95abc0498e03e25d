import type { CheckReport, Finding, Severity } from '../types.js';
import { randomUUID } from 'node:crypto';
import { visibleStrings } from './escape.js';
import type { FormatOptions } from './formats.js';
import { submissionPath } from './paths.js';
import { findingWithFix, formatTotals } from './text.js';

/**
 * GitHub Actions workflow commands: each finding becomes an annotation on the file in the run's summary and,
 * when the folders are in the repository, on the file itself.
 * https://docs.github.com/actions/reference/workflow-commands-for-github-actions
 */

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/** The escaping of @actions/core: a message may not break the line the command is on. */
export function escapeData(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

/** Property values are also cut at `,` and `:`. */
export function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

function annotation(finding: Finding, properties: Record<string, string>, message: string): string {
  const props = Object.entries(properties)
    .map(([key, value]) => `${key}=${escapeProperty(value)}`)
    .join(',');
  return `::${COMMAND[finding.severity]} ${props}::${escapeData(message)}`;
}

export function formatGithub(raw: CheckReport, options: FormatOptions): string {
  // Control characters from names shown as codes (src/report/escape.ts): a name cannot end the command's line.
  const report = visibleStrings(raw);
  const { lang } = options;
  const lines: string[] = [];
  for (const submission of report.submissions) {
    const folder = submissionPath(submission.path);
    // A finding about the whole folder has no file to sit on; the folder leads its message instead.
    for (const f of submission.findings) lines.push(annotation(f, { title: f.rule }, `${folder}: ${findingWithFix(f, lang)}`));
    for (const file of submission.files) {
      for (const f of file.findings) {
        lines.push(annotation(f, { file: submissionPath(submission.path, file.path), title: f.rule }, findingWithFix(f, lang)));
      }
    }
  }
  // Plain lines are shown in the log as they are: the district table closes the step's output. A school folder
  // named `::error …::` would start a row with a command, so the runner is told to obey none while the table is
  // printed (stop-commands with a token nobody can guess, GitHub's documented way to echo untrusted text).
  const totals = formatTotals(report, { lang, colorLevel: 0 });
  if (totals.length) {
    const token = randomUUID();
    lines.push(`::stop-commands::${token}`, ...totals, `::${token}::`);
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}
