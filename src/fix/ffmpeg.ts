import { spawn } from 'node:child_process';
import path from 'node:path';
import which from 'which';
import { errorFirstLine } from '../errors.js';
import { ensureRunnable } from '../inspect/ffprobe.js';

/**
 * The one module that knows how ffmpeg is found and run (as src/inspect/ffprobe.ts is for ffprobe): which binary,
 * the encoding arguments of `pyvw fix`, and how ffmpeg reports its progress. Everything else asks for
 * `h264Arguments()` and calls `transcode()`.
 *
 * The binary: `PYVW_FFMPEG`, else the one `@ffmpeg-installer/ffmpeg` (an optional dependency) ships for this
 * platform, else `ffmpeg` on PATH. Its Linux build (johnvansickle's static ffmpeg, GPLv3) has libx264 and the
 * HEVC decoder; without any ffmpeg, `pyvw fix` says what it could not convert and how to get one.
 */

export type FfmpegOrigin = 'PYVW_FFMPEG' | '@ffmpeg-installer/ffmpeg' | 'PATH';

export type FfmpegLookup = { ok: true; path: string; origin: FfmpegOrigin } | { ok: false; detail: string };

const lookups = new Map<string, Promise<FfmpegLookup>>();

/** The ffmpeg to run, looked up once per process (and `PYVW_FFMPEG` value). Not finding one is an answer, not an error. */
export function findFfmpeg(): Promise<FfmpegLookup> {
  const named = process.env.PYVW_FFMPEG ?? '';
  let lookup = lookups.get(named);
  if (!lookup) {
    lookup = locate(named);
    lookups.set(named, lookup);
  }
  return lookup;
}

async function runnable(file: string, origin: FfmpegOrigin, mayFix: boolean): Promise<FfmpegLookup> {
  try {
    return { ok: true, path: await ensureRunnable(file, { mayFix, origin, program: 'ffmpeg' }), origin };
  } catch (error) {
    return { ok: false, detail: errorFirstLine(error) };
  }
}

async function locate(named: string): Promise<FfmpegLookup> {
  // A binary the clerk named is used or reported, never silently replaced by another one.
  if (named) return runnable(named, 'PYVW_FFMPEG', false);
  try {
    const installed = (await import('@ffmpeg-installer/ffmpeg')).default.path;
    const found = await runnable(installed, '@ffmpeg-installer/ffmpeg', true);
    if (found.ok) return found;
  } catch {
    // The optional dependency is not installed, or has no binary for this platform: try PATH.
  }
  const onPath = await which('ffmpeg', { nothrow: true });
  if (onPath) return runnable(onPath, 'PATH', false);
  return { ok: false, detail: 'no ffmpeg: @ffmpeg-installer/ffmpeg is not installed for this platform and there is no ffmpeg on PATH' };
}

/** What `pyvw fix` makes of a video: H.264 High + AAC in MP4, moov first, upright, at most `maxLongSide` on the long side. */
export interface H264Plan {
  /** The picture as displayed (rotation applied), which is what ffmpeg scales after turning it upright. */
  displayWidth: number;
  displayHeight: number;
  /** Scale down so the long side is at most this; never up. */
  maxLongSide: number;
  /** Average video bits per second (over-size videos); otherwise quality-based (CRF). */
  videoBitrate?: number;
  /** Cap on the video bits per second, so that even a quality-based encode stays under the size limit. */
  maxVideoBitrate?: number;
  hasAudio: boolean;
}

export const AUDIO_BITRATE = 128_000;
/** x264's speed/size trade: `veryfast` encodes 1080p several times faster than `medium` on a clerk's PC, at a few per cent more bytes for the same quality. */
const PRESET = 'veryfast';
const CRF = '23';

/** ffmpeg's scale filter for the long side, on the upright picture; -2 keeps the aspect ratio with an even size. */
function scaleFilter(plan: H264Plan): string | undefined {
  const long = Math.max(plan.displayWidth, plan.displayHeight);
  if (long <= plan.maxLongSide) return undefined;
  return plan.displayWidth >= plan.displayHeight ? `scale=${plan.maxLongSide}:-2` : `scale=-2:${plan.maxLongSide}`;
}

/**
 * The output options of one conversion (everything between the input and the output file). ffmpeg turns a
 * rotated picture upright by itself (autorotate) before the filters run and then writes no rotation, so the
 * displayed orientation is kept; `yuv420p` because phones record 10-bit HEVC, which H.264 High cannot carry.
 */
export function h264Arguments(plan: H264Plan): string[] {
  const args = ['-map', '0:v:0', '-map', '0:a:0?', '-map_metadata', '0', '-sn', '-dn'];
  const scale = scaleFilter(plan);
  if (scale) args.push('-vf', scale);
  args.push('-c:v', 'libx264', '-preset', PRESET, '-profile:v', 'high', '-pix_fmt', 'yuv420p');
  if (plan.videoBitrate) {
    args.push('-b:v', String(plan.videoBitrate), '-maxrate:v', String(Math.round(plan.videoBitrate * 1.5)), '-bufsize:v', String(plan.videoBitrate * 2));
  } else {
    args.push('-crf', CRF);
    if (plan.maxVideoBitrate) args.push('-maxrate:v', String(plan.maxVideoBitrate), '-bufsize:v', String(plan.maxVideoBitrate * 2));
  }
  if (plan.hasAudio) args.push('-c:a', 'aac', '-b:a', String(AUDIO_BITRATE));
  args.push('-movflags', '+faststart', '-f', 'mp4');
  return args;
}

/** The whole command line for a conversion, as a person would type it (the bench runs exactly this by hand). */
export function ffmpegCommandLine(input: string, output: string, plan: H264Plan): string[] {
  // `file:` makes ffmpeg take both paths as local file names, never as protocol URLs.
  return ['-hide_banner', '-nostdin', '-y', '-v', 'error', '-i', `file:${path.resolve(input)}`, ...h264Arguments(plan), `file:${path.resolve(output)}`];
}

export type TranscodeOutcome = { ok: true } | { ok: false; detail: string };

export interface TranscodeOptions {
  binary: string;
  input: string;
  output: string;
  plan: H264Plan;
  /** Seconds of the input, for the share done. */
  duration?: number;
  /** Called with the share done, 0…1, as ffmpeg reports it (`-progress`). */
  onProgress?: (done: number) => void;
  /** Aborting kills ffmpeg; the caller removes the partial output. */
  signal?: AbortSignal;
}

/** Microseconds of output written, from one `-progress` line (`out_time_us`, or `out_time_ms`, which older ffmpeg fills with microseconds too). */
function progressMicroseconds(line: string): number | undefined {
  const match = /^out_time_(?:us|ms)=(\d+)$/u.exec(line.trim());
  return match ? Number(match[1]) : undefined;
}

/** Runs one conversion to `output`. ffmpeg's own failure is an outcome; an ffmpeg that cannot be started throws. */
export function transcode({ binary, input, output, plan, duration, onProgress, signal }: TranscodeOptions): Promise<TranscodeOutcome> {
  const args = ffmpegCommandLine(input, output, plan);
  // `-progress pipe:1` writes key=value lines to standard output; -nostats keeps standard error for errors.
  args.splice(args.indexOf('-i'), 0, '-progress', 'pipe:1', '-nostats');
  return new Promise<TranscodeOutcome>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const child = spawn(binary, args, { windowsHide: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let pending = '';
    const onAbort = (): void => {
      child.kill('SIGKILL');
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const micros = progressMicroseconds(line);
        if (micros !== undefined && duration) onProgress?.(Math.min(1, micros / 1e6 / duration));
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      if (stderr.length < 64 * 1024) stderr += chunk;
    });
    child.on('error', (error) => {
      signal?.removeEventListener('abort', onAbort);
      reject(new Error(`cannot run ffmpeg at ${binary}: ${errorFirstLine(error)}`));
    });
    child.on('close', (code, killedBy) => {
      signal?.removeEventListener('abort', onAbort);
      if (signal?.aborted) return reject(signal.reason);
      if (code === 0) {
        onProgress?.(1);
        return resolve({ ok: true });
      }
      const last = stderr.split(/\r?\n/u).map((l) => l.trim()).filter(Boolean).pop();
      resolve({ ok: false, detail: (last ?? (killedBy ? `ffmpeg was killed by ${killedBy}` : `ffmpeg exited with code ${code}`)).slice(0, 200) });
    });
  });
}
