import { Chalk } from 'chalk';
import { explorerSize, format } from '../i18n.js';
import { visibleStrings } from '../report/escape.js';
import { DATE_SOURCE_WORDS } from '../report/messages.js';
import { formatText, monthDay, wrapped } from '../report/text.js';
import type { Lang } from '../types.js';
import type { PackOutcome } from './index.js';
import { PACK_WORDS as W } from './words.js';

/** What `pyvw pack` prints on standard output: where the package is, and everything needed to send it today. */

export interface SummaryOptions {
  lang: Lang;
  colorLevel: 0 | 1 | 2 | 3;
  /** The terminal's width in columns: a longer line goes on under itself, indented (default: lines are not wrapped). */
  width?: number;
}

/** Each line within `width` columns, its continuation two columns further in than the line. */
function fitted(lines: readonly string[], width: number | undefined): string[] {
  if (!width) return [...lines];
  return lines.flatMap((line) => {
    const lead = /^ */u.exec(line)![0];
    return wrapped(lead, `${lead}  `, line.slice(lead.length), width);
  });
}

/** Which day was packed and how pyvw knew, or that it is the week's summary. */
function occasionLine({ occasion }: PackOutcome, lang: Lang): string {
  if (occasion.kind === 'summary') return format(W.occasionSummary, lang);
  return format(W.occasionDay, lang, { day: monthDay(occasion.date, lang), source: DATE_SOURCE_WORDS[occasion.source] });
}

export function formatPackOutcome(raw: PackOutcome, options: SummaryOptions): string {
  const { lang } = options;
  // Names of the clerk's files reach the terminal through its escaping layer, as in the check report.
  const outcome = visibleStrings(raw);
  const c = new Chalk({ level: options.colorLevel });
  if (outcome.status === 'refused') {
    return `${formatText(outcome.report, { ...options, nextSteps: false })}\n${c.red(format(W.refused, lang, { count: outcome.errors }))}\n`;
  }
  const lines: string[] = [];
  if (outcome.leftOut.length) {
    // Without a package there is no 报送清单.txt to point to.
    lines.push(format(outcome.status === 'empty' ? W.leftOutSummaryNoPackage : W.leftOutSummary, lang, { count: outcome.leftOut.length }));
    for (const file of outcome.leftOut) lines.push(`  ${c.yellow('✗')} ${file.path}${lang === 'zh' ? '：' : ': '}${file.reasons[0] ?? ''}`);
    lines.push('');
  }
  const wholeSubmission = outcome.report.submissions[0]?.findings.filter((f) => f.severity === 'error') ?? [];
  if (wholeSubmission.length) {
    lines.push(format(W.submissionErrors, lang), ...wholeSubmission.map((f) => `  ${c.yellow('!')} ${f.message}`), '');
  }
  // Pictures of Word documents not written out, pictures over the profile's limits: said here, not only in the list.
  if (outcome.notes.length) lines.push(format(W.listingNotes, lang), ...outcome.notes.map((n) => `  ${c.yellow('!')} ${n[lang]}`), '');
  if (outcome.status === 'empty') return `${fitted([...lines, c.red(format(W.nothingToPack, lang))], options.width).join('\n')}\n`;

  const limit = format(W.limitBytes, lang, { bytes: outcome.limitBytes });
  const packages = outcome.packages;
  if (packages.length === 1) {
    const [pkg] = packages;
    lines.push(
      c.green(format(W.packed, lang, { path: pkg!.path })),
      format(W.packedSize, lang, { size: explorerSize(pkg!.bytes), bytes: pkg!.bytes, count: pkg!.entries.length }),
      format(W.sendTo, lang, { email: outcome.email }),
      format(W.subject, lang, { subject: pkg!.subject }),
    );
  } else {
    // Said of every part, so it must be true of every part.
    const over = packages.filter((p) => p.overLimit).length;
    lines.push(c.green(over
      ? format(W.packedPartsSomeOver, lang, { count: packages.length, fit: packages.length - over, over, limit })
      : format(W.packedParts, lang, { count: packages.length, limit })));
    for (const pkg of packages) {
      const mail = format(W.mailSize, lang, { size: explorerSize(pkg.mailBytes) });
      lines.push(format(W.partLine, lang, { path: pkg.path, size: explorerSize(pkg.bytes), count: pkg.entries.length, mail, subject: pkg.subject }));
    }
    lines.push(format(W.sendTo, lang, { email: outcome.email }));
  }
  lines.push(occasionLine(outcome, lang), outcome.deadline);
  for (const pkg of packages) {
    if (pkg.oversizedFile) lines.push(c.yellow(format(W.hugePart, lang, { file: pkg.oversizedFile, limit, path: pkg.fileName })));
    else if (pkg.overLimit) {
      lines.push(c.yellow(format(W.overLimit, lang, { size: explorerSize(pkg.bytes), mailSize: explorerSize(pkg.mailBytes), limit })));
      for (const file of pkg.tooLargeForMail) lines.push(c.yellow(format(W.tooLargeForMail, lang, { file, limit })));
    }
  }
  for (const file of outcome.removed) lines.push(format(W.removedStale, lang, { path: file }));
  for (const pkg of packages) {
    if (pkg.eml) lines.push(format(W.emlWritten, lang, { path: pkg.eml }));
    if (pkg.emlSkipped) lines.push(c.yellow(format(W.emlSkipped, lang, { path: pkg.fileName, limit })));
  }
  return `${fitted(lines, options.width).join('\n')}\n`;
}
