import { ASIDE, explorerSize, format } from '../i18n.js';
import { visible } from '../report/escape.js';
import { KIND_NAMES } from '../report/messages.js';
import type { Bilingual, Lang, SubmissionKind } from '../types.js';
import { dateParts, wallClockMinute } from '../dates.js';
import type { LeftOutFile, PlannedEntry } from './plan.js';
import { PACK_WORDS as W } from './words.js';
import type { SkippedPicture, WrittenEntry } from './write.js';

/**
 * 报送清单.txt: every packed file with its kind, size and SHA-256, then every file left out and why. UTF-8 with a
 * byte-order mark and CRLF line ends, so that every Notepad on Windows shows the Chinese, line by line. It is read
 * by the bureau, so it is always Chinese, whatever language the clerk's terminal speaks; `pyvw check` reads it
 * back (src/scan/package.ts) to verify a received package.
 */

/** The bureau's language. */
const lang: Lang = 'zh';

export interface ListingContext {
  unit: string;
  date: string;
  /** The week's summary has its own title. */
  kind?: SubmissionKind;
  version: string;
  timeZone: string;
  now: Date;
  /** For a split package: which part this is, and the file names of the others. */
  part?: { index: number; count: number; others: string[] };
  leftOut: readonly LeftOutFile[];
  notes: readonly Bilingual[];
}

/** Why a picture of a Word document was not written out as JPG, in both languages: the list's and the clerk's. */
export function skippedPictureNote(skipped: SkippedPicture): Bilingual {
  const { planned, excess } = skipped;
  const data = {
    file: planned.source.type === 'picture' ? planned.source.document.path : planned.name,
    picture: planned.source.type === 'picture' ? planned.source.mediaPath : planned.name,
  };
  const both = (text: Bilingual, more: Record<string, unknown>): Bilingual => ({ zh: format(text, 'zh', { ...data, ...more }), en: format(text, 'en', { ...data, ...more }) });
  if (excess?.measure === 'bytes') return both(W.pictureTooManyBytes, { bytes: excess.bytes, max: excess.max, size: explorerSize(excess.bytes) });
  if (excess?.measure === 'pixels') return both(W.pictureTooManyPixels, { width: excess.width, height: excess.height, pixels: excess.width * excess.height, max: excess.max });
  return both(W.pictureNotConverted, { detail: skipped.detail });
}

export function kindName(planned: PlannedEntry): string {
  const names: Bilingual = planned.kind === 'picture' ? W.pictureKind : planned.kind === 'generated' ? W.generatedKind : KIND_NAMES[planned.kind];
  return names[lang];
}

function origin(planned: PlannedEntry, converted: boolean): string | undefined {
  const { source } = planned;
  if (source.type === 'generated') return source.what[lang];
  if (source.type === 'picture') {
    return format(converted ? W.listingPictureConverted : W.listingPicture, lang, { file: source.document.path, picture: source.mediaPath });
  }
  return source.file.path === planned.name ? undefined : format(W.listingOriginal, lang, { path: source.file.path });
}

export function formatListing(written: readonly WrittenEntry[], skipped: readonly SkippedPicture[], ctx: ListingContext): string {
  const { YYYY, M, D } = dateParts(ctx.date);
  const [, MM, DD] = ctx.date.split('-');
  const made = wallClockMinute(ctx.now, ctx.timeZone);
  const files = written.filter((w) => w.planned);
  const total = files.reduce((sum, w) => sum + w.bytes, 0);

  const lines = [
    format(ctx.kind === 'summary' ? W.listingTitleSummary : W.listingTitle, lang, { unit: ctx.unit, YYYY, M, D, MM, DD }),
    format(W.listingMade, lang, { version: ctx.version, time: made }),
  ];
  if (ctx.part) lines.push(format(W.listingPart, lang, { index: ctx.part.index, count: ctx.part.count, others: ctx.part.others }));
  lines.push('', format(W.listingPacked, lang, { count: files.length, bytes: total }));
  files.forEach((w, i) => {
    const planned = w.planned!;
    lines.push(
      `${i + 1}. ${w.name}`,
      `   ${format(W.listingKindSize, lang, { kind: kindName(planned), bytes: w.bytes, size: explorerSize(w.bytes) })}`,
      `   SHA-256: ${w.sha256}`,
    );
    const from = origin(planned, w.converted ?? false);
    if (from) lines.push(`   ${from}`);
    if (planned.report) {
      if (planned.report.title) lines.push(`   ${format(W.listingTitleOfReport, lang, { title: planned.report.title })}`);
      for (const url of planned.report.links) lines.push(`   ${format(W.listingLink, lang, { url })}`);
    }
  });
  lines.push(format(W.listingSelf, lang));

  lines.push('', ctx.leftOut.length ? format(W.listingLeftOut, lang, { count: ctx.leftOut.length }) : format(W.listingNothingLeftOut, lang));
  ctx.leftOut.forEach((file, i) => {
    const kind = KIND_NAMES[file.kind][lang];
    lines.push(`${i + 1}. ${file.path}${format(ASIDE, lang, { text: kind })}`);
    for (const reason of file.reasonsZh) lines.push(`   ${format(W.listingReason, lang, { reason })}`);
  });

  const notes = [
    ...ctx.notes.map((n) => n[lang]),
    ...skipped.map((s) => skippedPictureNote(s)[lang]),
  ];
  if (notes.length) lines.push('', format(W.listingNotes, lang), ...notes.map((n) => `- ${n}`));
  // Names, captions and reasons may hold LF or ESC: each line shows them as codes, so CRLF alone ends a line.
  return `\uFEFF${lines.map(visible).join('\r\n')}\r\n`;
}
