import { existsSync } from 'node:fs';
import { copyFile, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { check } from '../api.js';
import { errorFirstLine, UsageError } from '../errors.js';
import { makeFolders } from '../folders.js';
import { explorerSize, format } from '../i18n.js';
import { localize } from '../report/messages.js';
import { PackInterrupted, withStaging, type Staging } from '../pack/temporary.js';
import { decodeText } from '../text/decode.js';
import type { Bilingual, CheckReport, FileKind, Finding, Lang } from '../types.js';
import { VERSION } from '../version.js';
import { convertToDocx, findSoffice } from './document.js';
import { findFfmpeg, transcode, type H264Plan } from './ffmpeg.js';
import { convertPhoto } from './photo.js';
import { planFix, VIDEO_TARGET_BYTES, type FixNote, type FixPlan, type FixStep, type PlannedFile } from './plan.js';
import type { FixProgress } from './progress.js';
import { FIX_WORDS as W } from './words.js';

/**
 * `pyvw fix`: converted copies of what can be fixed honestly, in a new folder, the sources never touched; then
 * the new folder is checked, and each file's before and after is reported.
 */

export interface FixOptions {
  lang: Lang;
  /** The new folder; default `<dir>-修正` beside `dir`. */
  out?: string;
  /** Replace a folder an earlier `pyvw fix` made. */
  force?: boolean;
  /** Say what would be done, write nothing. */
  dryRun?: boolean;
  config?: string;
  date?: string;
  progress?: FixProgress;
}

export interface FixedFile {
  /** The source file, relative to the source folder. */
  path: string;
  kind: FileKind;
  /** Its name(s) in the new folder. */
  targets: string[];
  /** What `fix` did: `copy`, `rename`, `photo`, `video`, `docx`, `manifest`. */
  action: FixStep['type'];
  /** What could not be done, as codes. */
  notes: FixNote[];
  /** The source's errors and warnings. */
  before: Finding[];
  /** What was wrong, in words: the findings' messages, and what only `fix` minds (a 4K picture). */
  wrong: string[];
  /** What was done and what could not be, in words. */
  done: string[];
  /** The verdict of the new copy (its first target) by the check of the new folder; absent in a dry run. */
  after?: { ok: boolean; findings: Finding[] };
}

export interface FixOutcome {
  source: string;
  out: string;
  dryRun: boolean;
  files: FixedFile[];
  /** Photos that got a `name：` line to fill in, by the list they are in. */
  captionLines: { manifest: string; name: string }[];
  /** The check of the new folder; absent in a dry run. */
  report?: CheckReport;
  /** Why no ffmpeg could be used, when a video needed one. */
  ffmpegMissing?: string;
}

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Marks a folder as made by `pyvw fix`, so `--force` may replace it and nothing else; junk to check and pack (a dot folder). */
const MARKER = path.join('.pyvw', 'fix.json');

async function prepareOut(source: string, out: string, force: boolean): Promise<void> {
  if (isInside(out, source) || isInside(source, out)) throw UsageError.of(W.outOverlaps, { out });
  if (existsSync(out)) {
    if (!force) throw UsageError.of(W.outExists, { path: out });
    if (!existsSync(path.join(out, MARKER))) throw UsageError.of(W.outNotOurs, { path: out });
    await rm(out, { recursive: true, force: true });
  }
  await makeFolders(path.join(out, path.dirname(MARKER)));
  await writeFile(path.join(out, MARKER), `${JSON.stringify({ tool: 'pyvw fix', version: VERSION, source, made: new Date().toISOString() }, null, 2)}\n`);
}

/** Writes `target` through a temporary name, so an interrupted run never leaves half a file under a real name. */
async function place(staging: Staging, target: string, write: (temporary: string) => Promise<void>): Promise<void> {
  await makeFolders(path.dirname(target));
  const temporary = staging.temporary(target);
  await write(temporary);
  staging.signal.throwIfAborted();
  await rename(temporary, target);
}

const LINE_BREAK = /\r\n|\n/u;
const UTF8_BOM = '\uFEFF';

/** A caption list as text, whatever Notepad saved it as; written back as UTF-8 with BOM, which every reader takes. */
async function manifestText(file: string): Promise<{ lines: string[]; eol: string }> {
  const text = decodeText(await readFile(file)).text.replace(/^\uFEFF/u, '');
  return { lines: text.split(LINE_BREAK), eol: text.includes('\r\n') ? '\r\n' : '\n' };
}

interface Done {
  words: { text: Bilingual; data?: Record<string, unknown> }[];
  notes: FixNote[];
  /** A conversion failed and the source was copied under its own name instead. */
  copiedAs?: string;
}

interface RunContext {
  staging: Staging;
  outDir: string;
  ffmpeg?: string;
  soffice?: string;
  minBytes: number;
  progress?: FixProgress;
  /** Bytes of each converted photo, by source path. */
  written: Map<string, number>;
}

async function runVideo(context: RunContext, planned: PlannedFile, step: Extract<FixStep, { type: 'video' }>, target: string, done: Done): Promise<boolean> {
  const { staging, progress } = context;
  let plan: H264Plan = step.plan;
  let retries = 0;
  let written = 0;
  await makeFolders(path.dirname(target));
  const temporary = staging.temporary(target);
  for (;;) {
    progress?.start(planned.source.path);
    const outcome = await transcode({
      binary: context.ffmpeg!, input: planned.source.absPath, output: temporary, plan, duration: step.duration,
      onProgress: (share) => progress?.update(share), signal: staging.signal,
    }).finally(() => progress?.finish());
    if (!outcome.ok) {
      done.words.push({ text: W.convertFailed, data: { detail: outcome.detail } });
      return false;
    }
    written = (await stat(temporary)).size;
    // Verified after encoding: a bitrate is an average, and the muxer adds its share; too large is encoded again, lower.
    const budget = plan.videoBitrate ?? plan.maxVideoBitrate;
    if (written <= VIDEO_TARGET_BYTES || !budget || retries >= 3) break;
    retries++;
    const lower = Math.floor(budget * (VIDEO_TARGET_BYTES / written) * 0.92);
    plan = { ...plan, videoBitrate: lower, maxVideoBitrate: undefined };
  }
  staging.signal.throwIfAborted();
  await rename(temporary, target);
  done.words.push({ text: W.videoConverted, data: { name: path.posix.basename(planned.targets[0]!) } });
  const long = Math.max(plan.displayWidth, plan.displayHeight);
  if (long > plan.maxLongSide) {
    const scale = plan.maxLongSide / long;
    const to = (side: number): number => (side === long ? plan.maxLongSide : Math.round((side * scale) / 2) * 2);
    done.words.push({ text: W.videoScaled, data: { from: `${plan.displayWidth}×${plan.displayHeight}`, to: `${to(plan.displayWidth)}×${to(plan.displayHeight)}` } });
  }
  if (step.oversize) done.words.push({ text: W.videoCompressed, data: { seconds: Math.round(step.duration ?? 0), bytes: written, size: explorerSize(written) } });
  if (retries) done.words.push({ text: W.videoRetried, data: { target: VIDEO_TARGET_BYTES, times: retries } });
  return true;
}

async function runStep(context: RunContext, planned: PlannedFile): Promise<Done> {
  const { staging, outDir } = context;
  const { source, step } = planned;
  const done: Done = { words: [], notes: [...planned.notes] };
  const targets = planned.targets.map((t) => path.join(outDir, t));
  const copyTo = async (target: string): Promise<void> => place(staging, target, (temp) => copyFile(source.absPath, temp));
  /** A file that could not be converted goes as it is, under its own name (a HEIC must not arrive as a `.jpg`). */
  const keepAsItIs = async (): Promise<void> => {
    await copyTo(path.join(outDir, source.path));
    done.copiedAs = source.path;
  };
  const newName = path.posix.basename(planned.targets[0]!);

  switch (step.type) {
    case 'photo': {
      let keptOriginal = false;
      try {
        await place(staging, targets[0]!, async (temp) => {
          const bytes = await convertPhoto(source.absPath, temp, step);
          context.written.set(source.path, bytes);
          // Converting CMYK must not trade a colour warning for a size error: then the original is kept.
          if (step.format === 'jpeg' && bytes < context.minBytes && source.bytes >= context.minBytes) {
            keptOriginal = true;
            done.words.push({ text: W.photoSrgbKept, data: { bytes } });
            await copyFile(source.absPath, temp);
          }
        });
        if (!keptOriginal) done.words.push({ text: step.format === 'jpeg' ? W.photoSrgb : W.photoConverted, data: { format: step.format.toUpperCase(), name: newName } });
      } catch (error) {
        if (staging.signal.aborted) throw error;
        done.words.push({ text: W.convertFailed, data: { detail: errorFirstLine(error) } });
        await keepAsItIs();
      }
      break;
    }
    case 'video':
      if (!(await runVideo(context, planned, step, targets[0]!, done))) {
        await keepAsItIs();
      }
      break;
    case 'docx':
      try {
        await place(staging, targets[0]!, async (temp) => {
          const converted = await convertToDocx(context.soffice!, source.absPath, temp, staging.signal);
          if (!converted.ok) throw new Error(converted.detail);
        });
        done.words.push({ text: W.docxConverted, data: { name: newName } });
      } catch (error) {
        if (staging.signal.aborted) throw error;
        done.words.push({ text: W.convertFailed, data: { detail: errorFirstLine(error) } });
        await keepAsItIs();
      }
      break;
    case 'manifest': {
      const { lines, eol } = await manifestText(source.absPath);
      for (const [line, { from, to }] of step.names) {
        const at = lines[line - 1];
        if (at !== undefined) lines[line - 1] = at.replace(from, to);
      }
      await place(staging, targets[0]!, (temp) => writeFile(temp, UTF8_BOM + lines.join(eol)));
      done.words.push({ text: W.manifestRewritten, data: { lines: [...step.names.keys()] } });
      break;
    }
    case 'rename':
      await copyTo(targets[0]!);
      done.words.push({ text: W.renamed, data: { name: newName } });
      break;
    case 'copy':
      for (const target of targets) await copyTo(target);
      if (targets.length > 1 || planned.targets[0] !== source.path) {
        done.words.push({ text: W.sidecarFollows, data: { name: planned.targets.map((t) => path.posix.basename(t)) } });
      } else done.words.push({ text: W.copied });
      break;
  }
  return done;
}

/** Appends `name：` lines to the 图片说明.txt of each folder, creating it where there is none. */
async function addCaptionLines(context: RunContext, plan: FixPlan): Promise<FixOutcome['captionLines']> {
  const added: FixOutcome['captionLines'] = [];
  const byFolder = new Map<string, string[]>();
  for (const { source, folder, name } of plan.captionLines) {
    // A converted photo that came out under the minimum needs its original first, not a caption.
    const written = context.written.get(source);
    if (written !== undefined && written < context.minBytes) continue;
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), name]);
  }
  for (const [folder, names] of byFolder) {
    const manifest = folder === '.' ? '图片说明.txt' : `${folder}/图片说明.txt`;
    const target = path.join(context.outDir, manifest);
    const existing = existsSync(target) ? await manifestText(target) : { lines: [], eol: '\r\n' };
    const lines = existing.lines.filter((line, i, all) => line !== '' || i < all.length - 1);
    await place(context.staging, target, (temp) => writeFile(temp, UTF8_BOM + [...lines, ...names.map((n) => `${n}：`), ''].join(existing.eol)));
    added.push(...names.map((name) => ({ manifest, name })));
  }
  return added;
}

const words = (done: Done['words'], lang: Lang): string[] => done.map(({ text, data }) => format(text, lang, data));

const NOTE_WORDS: Record<FixNote, Bilingual> = {
  'no-ffmpeg': W.noFfmpeg,
  'no-soffice': W.noSoffice,
  'need-original-photo': W.needOriginalPhoto,
  'need-original-video': W.needOriginalVideo,
  'cannot-fix': W.cannotFix,
};

/** `pyvw fix [dir]`. Throws UsageError for an output folder it must not use, ScanError/ConfigError as check does. */
export async function fix(dir: string, options: FixOptions): Promise<FixOutcome> {
  const { lang } = options;
  const sourceDir = path.resolve(dir);
  const outDir = path.resolve(options.out ?? `${sourceDir}-修正`);
  const before = await check([dir], { lang, config: options.config, date: options.date });
  const { judged, config } = before.judged[0]!;

  const ffmpeg = await findFfmpeg();
  const soffice = await findSoffice();
  const plan = planFix(judged, config, { ffmpeg: ffmpeg.ok, soffice: soffice !== undefined });
  const videosWithoutFfmpeg = plan.files.filter((f) => f.notes.includes('no-ffmpeg')).length;
  const minBytes = (config.rules.get('photo/min-bytes')?.options as { min?: number } | undefined)?.min ?? 2_097_152;

  const files: FixedFile[] = plan.files.map((planned) => ({
    path: planned.source.path,
    kind: planned.source.kind,
    targets: planned.targets,
    action: planned.step.type,
    notes: planned.notes,
    before: planned.findings.map((f) => localize(f, lang)),
    wrong: [
      ...planned.findings.map((f) => localize(f, lang).message),
      ...(planned.step.type === 'video' && Math.max(planned.step.plan.displayWidth, planned.step.plan.displayHeight) > planned.step.plan.maxLongSide
        ? [format(W.pictureTooLarge, lang, { picture: `${planned.step.plan.displayWidth}×${planned.step.plan.displayHeight}`, max: planned.step.plan.maxLongSide })]
        : []),
    ],
    done: [],
  }));
  const outcome: FixOutcome = {
    source: dir, out: outDir, dryRun: Boolean(options.dryRun), files, captionLines: [],
    ...(videosWithoutFfmpeg && !ffmpeg.ok ? { ffmpegMissing: ffmpeg.detail } : {}),
  };

  if (options.dryRun) {
    plan.files.forEach((planned, i) => {
      files[i]!.done = [...describePlanned(planned, lang), ...planned.notes.map((n) => format(NOTE_WORDS[n], lang))];
    });
    outcome.captionLines = plan.captionLines.map(({ folder, name }) => ({ manifest: folder === '.' ? '图片说明.txt' : `${folder}/图片说明.txt`, name }));
    return outcome;
  }

  await prepareOut(sourceDir, outDir, Boolean(options.force));
  try {
    await withStaging(async (staging) => {
      const context: RunContext = {
        staging, outDir, minBytes, progress: options.progress, written: new Map(),
        ...(ffmpeg.ok ? { ffmpeg: ffmpeg.path } : {}), ...(soffice ? { soffice } : {}),
      };
      for (const [i, planned] of plan.files.entries()) {
        const done = await runStep(context, planned);
        files[i]!.done = [...words(done.words, lang), ...done.notes.map((n) => format(NOTE_WORDS[n], lang))];
        if (done.copiedAs) files[i]!.targets = [done.copiedAs];
      }
      outcome.captionLines = await addCaptionLines(context, plan);
    });
  } catch (error) {
    // An interrupted or failed run leaves no half-made folder that could be taken for a finished fix.
    await rm(outDir, { recursive: true, force: true, maxRetries: 5 }).catch(() => undefined);
    throw error;
  }

  const after = await check([outDir], { lang, config: options.config, date: options.date });
  outcome.report = after.report;
  const results = new Map(after.report.submissions[0]!.files.map((f) => [f.path, f]));
  for (const file of files) {
    const result = results.get(file.targets[0]!);
    if (result) file.after = { ok: result.ok, findings: result.findings.filter((f) => f.severity !== 'info') };
    // A converted photo that is still too small is the original's fault: say what to do about it.
    const small = result?.findings.some((f) => f.rule === 'photo/long-edge' || f.rule === 'photo/min-bytes');
    if (small && !file.notes.includes('need-original-photo')) {
      file.notes.push('need-original-photo');
      file.done.push(format(W.needOriginalPhoto, lang));
    }
  }
  for (const line of outcome.captionLines) {
    const file = files.find((f) => f.targets[0] === (path.posix.dirname(line.manifest) === '.' ? line.name : `${path.posix.dirname(line.manifest)}/${line.name}`));
    file?.done.push(format(W.captionLineAdded, lang, { name: line.name, manifest: line.manifest }));
  }
  return outcome;
}

/** What a step would do, for `--dry-run`. */
function describePlanned(planned: PlannedFile, lang: Lang): string[] {
  const name = path.posix.basename(planned.targets[0]!);
  const step = planned.step;
  switch (step.type) {
    case 'photo':
      return [format(step.format === 'jpeg' ? W.photoSrgb : W.photoConverted, lang, { format: step.format.toUpperCase(), name })];
    case 'video':
      return [format(W.videoConverted, lang, { name })];
    case 'docx':
      return [format(W.docxConverted, lang, { name })];
    case 'manifest':
      return [format(W.manifestRewritten, lang, { lines: [...step.names.keys()] })];
    case 'rename':
      return [format(W.renamed, lang, { name })];
    case 'copy':
      return planned.targets.length > 1 || planned.targets[0] !== planned.source.path
        ? [format(W.sidecarFollows, lang, { name: planned.targets.map((t) => path.posix.basename(t)) })]
        : [format(W.copied, lang)];
  }
}

export { PackInterrupted as FixInterrupted };
