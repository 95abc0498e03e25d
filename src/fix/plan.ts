import path from 'node:path';
import type { ResolvedConfig } from '../config.js';
import type { JudgedFile, JudgedSubmission } from '../engine.js';
import { isRead, type RawFinding, type ScannedFile } from '../types.js';
import { AUDIO_BITRATE, type H264Plan } from './ffmpeg.js';
import { CONVERTIBLE_FORMATS } from './photo.js';

/**
 * What `pyvw fix` will do to each file, decided from the check of the source folder alone (one inspection):
 * a step, the name in the new folder, and what it cannot do. Nothing here touches a file.
 */

/** The long side a video is scaled down to (4K phones → 1080p). */
export const MAX_LONG_SIDE = 1920;
/** Where an over-size video must land: under 190,000,000 bytes, a margin under the 200,000,000 limit. */
export const VIDEO_TARGET_BYTES = 190_000_000;
/** Bits of the MP4 container and of bitrate peaks, kept free of the video's budget. */
const VIDEO_BUDGET_SHARE = 0.96;
const UNNEEDED_CAP = 40_000_000;

export type FixStep =
  | { type: 'copy' }
  /** The same bytes under the right extension (a JPEG named .png, an MP4 named .mov). */
  | { type: 'rename' }
  | { type: 'photo'; format: string; cmyk: boolean; caption?: string }
  | { type: 'video'; plan: H264Plan; duration?: number; oversize: boolean }
  | { type: 'docx' }
  /** A caption/description list with some file names changed to the converted files' new names. */
  | { type: 'manifest'; names: Map<number, { from: string; to: string }> };

/** Something `fix` could not do, or that the clerk still has to do. */
export type FixNote = 'no-ffmpeg' | 'no-soffice' | 'need-original-photo' | 'need-original-video' | 'cannot-fix';

export interface PlannedFile {
  source: ScannedFile;
  facts: Record<string, unknown>;
  /** The source's errors and warnings, as check found them. */
  findings: RawFinding[];
  step: FixStep;
  /** Paths in the new folder, relative to it: usually one; a sidecar may follow several renamed files. */
  targets: string[];
  notes: FixNote[];
}

export interface FixPlan {
  files: PlannedFile[];
  /** Photos whose caption is the only thing missing: a line `name：` goes into the 图片说明.txt of their folder. */
  captionLines: { source: string; folder: string; name: string }[];
  /** Junk, never copied. */
  leftOut: ScannedFile[];
}

export interface Tools {
  ffmpeg: boolean;
  soffice: boolean;
}

/** A file's facts, or none when its inspection failed (it then carries its `<kind>/inspect` finding and is copied). */
const factsOf = (judged: JudgedFile): Record<string, unknown> => (judged.state === 'inspected' ? { ...judged.facts } : {});

const problems = (findings: RawFinding[]): RawFinding[] => findings.filter((f) => f.severity === 'error' || f.severity === 'warning');
const has = (findings: RawFinding[], rule: string, messageId?: string): boolean =>
  findings.some((f) => f.rule === rule && (messageId === undefined || f.messageId === messageId));
const errorRules = (findings: RawFinding[]): string[] => findings.filter((f) => f.severity === 'error').map((f) => f.rule);

function withExtension(rel: string, ext: string): string {
  const current = path.posix.extname(rel);
  return `${rel.slice(0, rel.length - current.length)}${ext}`;
}

const stemOf = (rel: string): string => rel.slice(0, rel.length - path.posix.extname(rel).length);
/** Windows and macOS compare names without case: two targets that differ only in case are one file there. */
const nameKey = (rel: string): string => rel.normalize('NFC').toLowerCase();

const EMBEDDED_IN_FORM_KEPT = /^(exif|xmp):/u;

function planPhoto(judged: JudgedFile): { step: FixStep; ext?: string; notes: FixNote[] } {
  if (!isRead(judged, 'photo')) return { step: { type: 'copy' }, notes: ['cannot-fix'] };
  const facts = judged.facts;
  const { findings, file } = judged;
  const notes: FixNote[] = [];
  const format = facts.format ?? '';
  let step: FixStep = { type: 'copy' };
  let ext: string | undefined;
  // A caption from the photo's own metadata must survive: EXIF and XMP ride along with sharp; IPTC does not, and a
  // HEIC's or BMP's metadata is not read by sharp at all, so those get the caption written as XMP.
  const captionSource = (facts.captionSource ?? '') as string;
  const embedded = captionSource !== '' && !/^(sidecar|manifest):|^filename$/u.test(captionSource);
  const caption = embedded && (!EMBEDDED_IN_FORM_KEPT.test(captionSource) || !['jpeg', 'png', 'webp', 'tif', 'gif', 'avif'].includes(format))
    ? (facts.caption ?? undefined)
    : undefined;
  if (has(findings, 'photo/jpeg', 'not-jpeg') && CONVERTIBLE_FORMATS.has(format) && facts.intact !== false) {
    step = { type: 'photo', format, cmyk: facts.space === 'cmyk', ...(caption ? { caption } : {}) };
    ext = '.jpg';
  } else if (has(findings, 'photo/jpeg', 'wrong-extension')) {
    step = { type: 'rename' };
    ext = '.jpg';
  }
  if (has(findings, 'photo/colour', 'cmyk') && facts.intact === true) {
    step = { type: 'photo', format, cmyk: true, ...(caption ? { caption } : {}) };
    if (!['.jpg', '.jpeg'].includes(file.ext)) ext = '.jpg';
  }
  // Whether a converted photo is big enough is known only once it is written (the final check says so); a copy's is known now.
  if (has(findings, 'photo/long-edge') || (has(findings, 'photo/min-bytes') && step.type !== 'photo')) notes.push('need-original-photo');
  if (has(findings, 'photo/intact')) notes.push('cannot-fix');
  return { step, ext, notes };
}

/** The video budget in bits per second that lands a file of `seconds` under the target. */
export function videoBitrateFor(seconds: number, hasAudio: boolean): number {
  const total = (VIDEO_TARGET_BYTES * 8) / seconds;
  return Math.max(100_000, Math.floor((total - (hasAudio ? AUDIO_BITRATE : 0)) * VIDEO_BUDGET_SHARE));
}

function planVideo(judged: JudgedFile, tools: Tools, maxBytes: number): { step: FixStep; ext?: string; notes: FixNote[] } {
  if (!isRead(judged, 'video')) return { step: { type: 'copy' }, notes: ['cannot-fix'] };
  const facts = judged.facts;
  const { findings, file } = judged;
  const notes: FixNote[] = [];
  if (has(findings, 'video/resolution', 'below-sd')) notes.push('need-original-video');
  if (facts.readError || facts.displayWidth === undefined || facts.displayHeight === undefined) {
    if (problems(findings).length) notes.push('cannot-fix');
    return { step: { type: 'copy' }, notes };
  }
  const oversize = file.bytes > maxBytes;
  const tooLarge = Math.max(facts.displayWidth, facts.displayHeight) > MAX_LONG_SIDE;
  const transcode = has(findings, 'video/mp4', 'not-mp4') || has(findings, 'video/codec') || oversize || tooLarge;
  if (transcode && !tools.ffmpeg) {
    notes.push('no-ffmpeg');
    return { step: { type: 'copy' }, notes };
  }
  if (transcode) {
    const hasAudio = Boolean(facts.audioCodec);
    const budget = facts.duration ? videoBitrateFor(facts.duration, hasAudio) : undefined;
    const plan: H264Plan = {
      displayWidth: facts.displayWidth, displayHeight: facts.displayHeight, maxLongSide: MAX_LONG_SIDE, hasAudio,
      ...(budget && oversize ? { videoBitrate: Math.min(budget, UNNEEDED_CAP) } : {}),
      // A cap far above what 1080p at CRF 23 ever needs is no cap, and x264 refuses absurd rates (a 1 s clip's budget is 1.5 Gbit/s).
      ...(budget && !oversize && budget < UNNEEDED_CAP ? { maxVideoBitrate: budget } : {}),
    };
    return { step: { type: 'video', plan, duration: facts.duration, oversize }, ext: '.mp4', notes };
  }
  if (has(findings, 'video/mp4', 'wrong-extension')) return { step: { type: 'rename' }, ext: '.mp4', notes };
  return { step: { type: 'copy' }, notes };
}

const WORD_KINDS = new Set(['text', 'photo-news', 'media-report', 'summary']);

/** Decides every file's step and new name; `config` gives the limits the rules judge with. */
export function planFix(judged: JudgedSubmission, config: ResolvedConfig, tools: Tools): FixPlan {
  const maxBytes = (config.rules.get('video/max-bytes')?.options as { max?: number } | undefined)?.max ?? 200_000_000;
  const leftOut: ScannedFile[] = [];
  const decided: { judged: JudgedFile; step: FixStep; ext?: string; notes: FixNote[] }[] = [];
  for (const one of judged.files) {
    const { file, findings } = one;
    // Junk is never copied; the folder's own pyvw.config.json is (it holds the unit and the rule settings).
    if (file.kind === 'ignored' && file.classification.by !== 'config') {
      leftOut.push(file);
      continue;
    }
    if (file.kind === 'photo') decided.push({ judged: one, ...planPhoto(one) });
    else if (file.kind === 'video') decided.push({ judged: one, ...planVideo(one, tools, maxBytes) });
    else if (WORD_KINDS.has(file.kind) && (file.ext === '.doc' || file.ext === '.wps')) {
      decided.push(tools.soffice ? { judged: one, step: { type: 'docx' }, ext: '.docx', notes: [] } : { judged: one, step: { type: 'copy' }, notes: ['no-soffice'] });
    } else {
      decided.push({ judged: one, step: { type: 'copy' }, notes: errorRules(findings).length && file.kind !== 'caption' && file.kind !== 'description' ? ['cannot-fix'] : [] });
    }
  }

  // New names: files that keep theirs first, so a converted file never takes the name of one that is there
  // (`开幕式.png` beside `开幕式.jpg` becomes `开幕式-png.jpg`).
  const taken = new Set(decided.filter((d) => !d.ext).map((d) => nameKey(d.judged.file.path)));
  const renamed = new Map<string, string>();
  for (const d of decided) {
    if (!d.ext) continue;
    const from = d.judged.file.path;
    let to = withExtension(from, d.ext);
    if (to === from) {
      taken.add(nameKey(to));
      continue;
    }
    if (taken.has(nameKey(to))) to = `${stemOf(from)}-${d.judged.file.ext.slice(1)}${d.ext}`;
    for (let n = 2; taken.has(nameKey(to)); n++) to = `${stemOf(from)}-${d.judged.file.ext.slice(1)}-${n}${d.ext}`;
    taken.add(nameKey(to));
    renamed.set(from, to);
  }

  const files: PlannedFile[] = decided.map(({ judged: one, step, notes }) => {
    const { file, findings } = one;
    const facts = factsOf(one);
    const planned: PlannedFile = { source: file, facts, findings: problems(findings), step, targets: [renamed.get(file.path) ?? file.path], notes };
    if ((file.kind === 'caption' || file.kind === 'description') && !file.isManifest && file.describes?.length) {
      // A sidecar follows what it describes: `X.txt` beside `X.heic` stays `X.txt` beside `X.jpg`, but becomes
      // `X-png.txt` beside `X-png.jpg`.
      planned.targets = [...new Set(file.describes.map((d) => `${stemOf(renamed.get(d) ?? d)}${file.ext}`))];
    }
    if (file.isManifest) {
      const names = new Map<number, { from: string; to: string }>();
      const folder = path.posix.dirname(file.path);
      const entries = isRead(one, ['caption', 'description']) ? (one.facts.entries ?? []) : [];
      for (const entry of entries) {
        for (const [from, to] of renamed) {
          // A line names a file by its name with extension (the one that changes) or without (which stays, unless a clash renamed it).
          // A list covers the files of its folder and of the folders below it.
          if (folder !== '.' && !from.startsWith(`${folder}/`)) continue;
          const entryKey = entry.name.normalize('NFC').toLowerCase();
          const base = path.posix.basename(from).toLowerCase();
          if (entryKey === base || (entryKey === stemOf(base) && stemOf(to) !== stemOf(from))) {
            names.set(entry.line, { from: entry.name, to: entryKey === base ? path.posix.basename(to) : path.posix.basename(stemOf(to)) });
          }
        }
      }
      if (names.size) planned.step = { type: 'manifest', names };
    }
    return planned;
  });

  const captionLines: FixPlan['captionLines'] = [];
  for (const planned of files) {
    if (planned.source.kind !== 'photo') continue;
    const missing = planned.findings.find((f) => f.rule === 'photo/caption');
    const candidates = (planned.facts.captionCandidates ?? []) as { source: string }[];
    if (!missing || candidates.some((c) => c.source.startsWith('manifest:'))) continue;
    // Errors the step removes (the format) do not count; any other error means the photo needs more than a caption.
    // A converted photo's size is judged anew: whether it reaches the minimum is known once it is written.
    const converted = planned.step.type === 'photo';
    const remaining = errorRules(planned.findings).filter(
      (rule) => rule !== 'photo/caption' && !(rule === 'photo/jpeg' && planned.step.type !== 'copy') && !(rule === 'photo/min-bytes' && converted),
    );
    if (remaining.length || planned.notes.includes('need-original-photo')) continue;
    captionLines.push({ source: planned.source.path, folder: path.posix.dirname(planned.targets[0]!), name: path.posix.basename(planned.targets[0]!) });
  }
  return { files, captionLines, leftOut };
}
