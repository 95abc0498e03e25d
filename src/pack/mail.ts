import { dateParts, todayIn } from '../dates.js';
import { deadlineOf } from '../occasion.js';
import { explorerSize, format } from '../i18n.js';
import type { Profile } from '../profile/profile.js';
import type { Lang, SubmissionKind } from '../types.js';
import { PACK_WORDS as W } from './words.js';

/** The words around sending: the day's deadline, and the body of the draft email. */

export function duration(ms: number, lang: Lang): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (lang === 'zh') {
    if (days) return `${days} 天${hours ? ` ${hours} 小时` : ''}`;
    return hours ? `${hours} 小时${mins ? ` ${mins} 分钟` : ''}` : `${mins} 分钟`;
  }
  const unit = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (days) return hours ? `${unit(days, 'day')} ${unit(hours, 'hour')}` : unit(days, 'day');
  return hours ? (mins ? `${unit(hours, 'hour')} ${unit(mins, 'minute')}` : unit(hours, 'hour')) : unit(mins, 'minute');
}

function dayName(date: string, profile: Profile, now: Date, lang: Lang): string {
  if (date === todayIn(profile.timeZone, now)) return format(W.today, lang);
  const [, MM, DD] = date.split('-');
  return format(W.monthDay, lang, { ...dateParts(date), MM, DD });
}

/** "Deadline today 16:00, 2 hours 5 minutes from now", or that it has passed. */
export function deadlineLine(date: string, profile: Profile, now: Date, lang: Lang, kind: SubmissionKind = 'day'): string {
  const deadline = deadlineOf(kind, date, profile);
  const day = dayName(deadline.day, profile, now, lang);
  const left = deadline.at.getTime() - now.getTime();
  return left > 0
    ? format(W.deadlineAhead, lang, { day, time: deadline.time, left: duration(left, lang) })
    : format(W.deadlinePassed, lang, { day, time: deadline.time, ago: duration(-left, lang) });
}

export interface MailContent {
  unit: string;
  date: string;
  fileName: string;
  bytes: number;
  /** Names inside the package, without 报送清单.txt. */
  entries: string[];
  /** The media reports in the package, with their titles and links: the bureau opens them from the email. */
  reports?: { name: string; title: string | null; links: string[] }[];
  part?: { index: number; count: number };
  kind?: SubmissionKind;
}

export function mailBody(content: MailContent, lang: Lang): string {
  const [, MM, DD] = content.date.split('-');
  const lines = [
    format(W.mailGreeting, lang),
    '',
    format(content.kind === 'summary' ? W.mailIntroSummary : W.mailIntro, lang, {
      unit: content.unit, ...dateParts(content.date), MM, DD, file: content.fileName, size: explorerSize(content.bytes), count: content.entries.length,
    }),
    ...content.entries.map((name) => `  ${name}`),
  ];
  const reports = (content.reports ?? []).filter((r) => r.links.length);
  if (reports.length) {
    lines.push('', format(W.mailReports, lang));
    for (const report of reports) lines.push(`  ${report.title ?? report.name}`, ...report.links.map((url) => `    ${url}`));
  }
  if (content.part) lines.push('', format(W.mailPart, lang, content.part));
  lines.push('', format(W.mailClosing, lang), content.unit);
  return lines.join('\n');
}

/**
 * The size of the encoded message a mail server measures against its limit: the attachment and the body in
 * base64 (57 bytes to a line of 76 characters and CRLF), and a bound on the headers and MIME boundaries, which
 * carry the subject and the file name encoded (RFC 2047/2231: at most three bytes out for each byte in).
 */
export function base64Bytes(bytes: number): number {
  return Math.ceil(bytes / 57) * 78;
}

export function headerBound(subject: string, fileName: string): number {
  return 2048 + 3 * Buffer.byteLength(subject) + 6 * Buffer.byteLength(fileName);
}

export function encodedMailBytes(zipBytes: number, body: string, subject: string, fileName: string): number {
  return headerBound(subject, fileName) + base64Bytes(Buffer.byteLength(body)) + base64Bytes(zipBytes);
}

/** The largest zip whose message stays within `limitBytes`, for the same body, subject and file name. */
export function zipBytesWithin(limitBytes: number, body: string, subject: string, fileName: string): number {
  const room = limitBytes - headerBound(subject, fileName) - base64Bytes(Buffer.byteLength(body));
  return Math.max(0, Math.floor(room / 78) * 57);
}
