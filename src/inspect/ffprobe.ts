import { spawn } from 'node:child_process';
import { access, chmod, constants, stat } from 'node:fs/promises';
import { errorFirstLine } from '../errors.js';

/**
 * The one module that knows how ffprobe is found and run. Everything else calls `probe()` and reads a
 * `ProbeResult`; which binary, which options and how ffprobe prints its answer stay here.
 *
 * fluent-ffmpeg (archived upstream) is not used to run ffprobe: its `ffprobe()` spawns the process
 * internally and exposes neither a timeout nor the child, so a hostile file could keep it — and with its
 * open pipes the whole run — alive forever. Node's own `spawn` gives us the child to kill.
 */

export interface ProbeStream {
  /** `video`, `audio`, `subtitle`, `data`, … as ffprobe names stream types. */
  type: string;
  /** ffprobe's codec name: `h264`, `hevc`, `aac`, … */
  codec: string | null;
  width?: number;
  height?: number;
  /**
   * Degrees clockwise to turn the stored picture to show it upright (0, 90, 180, 270), from the display
   * matrix (ffprobe ≥ 5 reports it as side data) or the older `rotate` tag (ffprobe ≤ 4 and some writers).
   */
  rotation: number;
  rotationSource?: 'display-matrix' | 'rotate-tag';
  bitrate?: number;
  /** Seconds, where the container gives a per-stream duration. */
  duration?: number;
  /** An embedded cover picture (MP4 `covr`), which ffprobe lists as a video stream but is not the video. */
  coverArt: boolean;
}

export interface ProbeResult {
  /** ffprobe's demuxer names, e.g. `mov,mp4,m4a,3gp,3g2,mj2`, `avi`, `matroska,webm`. */
  format: string | null;
  /** Seconds. */
  duration?: number;
  /** Overall bits per second (file size over duration). */
  bitrate?: number;
  streams: ProbeStream[];
}

export type ProbeOutcome =
  | { ok: true; result: ProbeResult }
  | { ok: false; reason: 'timeout' | 'failed'; detail: string };

/** ffprobe cannot be run at all: a fault of the installation, not of the file being checked. */
export class FfprobeUnavailableError extends Error {
  override name = 'FfprobeUnavailableError';
}

export const DEFAULT_PROBE_TIMEOUT_MS = 20_000;
/** More output than any real video's stream list; a file that makes ffprobe print more is refused. */
const MAX_OUTPUT_BYTES = 4 * 1024 * 1024;

/**
 * Header-only probing: the MP4 demuxer reads box headers and seeks past `mdat`, so only `moov` and the first
 * packets are read, wherever `moov` sits. Only local files may be opened, so a playlist disguised as a video
 * cannot make ffprobe fetch URLs.
 */
const PROBE_ARGS = ['-v', 'error', '-hide_banner', '-protocol_whitelist', 'file', '-of', 'json', '-show_format', '-show_streams'];

const resolved = new Map<string, Promise<string>>();

/** The ffprobe to run: `PYVW_FFPROBE`, else the binary of `@ffprobe-installer/ffprobe`; checked once per process. */
export function ffprobePath(): Promise<string> {
  const override = process.env.PYVW_FFPROBE ?? '';
  let path = resolved.get(override);
  if (!path) {
    path = override ? ensureRunnable(override, { mayFix: false, origin: 'PYVW_FFPROBE' }) : installedFfprobe();
    resolved.set(override, path);
  }
  return path;
}

async function installedFfprobe(): Promise<string> {
  let path: string;
  try {
    path = (await import('@ffprobe-installer/ffprobe')).default.path;
  } catch (error) {
    throw new FfprobeUnavailableError(
      `no ffprobe for ${process.platform}-${process.arch} in @ffprobe-installer/ffprobe (${errorFirstLine(error)}); ` +
        'run "npm install" without --omit=optional, or set PYVW_FFPROBE to an ffprobe program',
    );
  }
  return ensureRunnable(path, { mayFix: true, origin: '@ffprobe-installer/ffprobe' });
}

/**
 * npm may skip the installer's postinstall (`chmod u+x ffprobe`), leaving the binary without its execute bit.
 * The binary we ship is fixed the same way; a binary the user named is only reported, with the command to run.
 * src/fix/ffmpeg.ts checks its ffmpeg with this too (`program` names it in the messages).
 */
export async function ensureRunnable(
  path: string,
  { mayFix, origin, program = 'ffprobe' }: { mayFix: boolean; origin: string; program?: string },
): Promise<string> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) throw new FfprobeUnavailableError(`${program} not found at ${path} (from ${origin})`);
  if (process.platform === 'win32' || (await isExecutable(path))) return path;
  if (mayFix) {
    await chmod(path, info.mode | constants.S_IXUSR).catch(() => undefined);
    if (await isExecutable(path)) return path;
  }
  // The command comes before the origin: the report keeps only the start of an internal error's text.
  throw new FfprobeUnavailableError(`${program} is not executable, run: chmod a+x '${path}' (${program} from ${origin})`);
}

async function isExecutable(path: string): Promise<boolean> {
  return access(path, constants.X_OK).then(
    () => true,
    () => false,
  );
}

/** Probes begun before their files' inspection (`probeAhead`), by path; `probe` takes each one once. */
const begunAhead = new Map<string, { outcome: Promise<ProbeOutcome>; stop: AbortController }>();

/**
 * Starts ffprobe on each of these files now, before anything else of a check is under way; resolves once every one
 * is started. `probe` of one of these files then takes its outcome. Why: on Linux a child process is started by
 * `fork`, which copies the process's page tables and makes every page it has copy-on-write, so that each page the
 * process writes afterwards faults once more. Started in the middle of a pack (its heap grown, the walk worker and
 * the package's blocks at work), three ffprobe runs cost ~0.25 s of CPU on the bench machine; started here, the
 * walk worker does not exist yet (docs/performance.md, "Page faults"). Returns what lets go of the probes, for when
 * the inspections are over: one no inspection took (its video's inspection ended before its probe) is stopped, as a
 * probe past its timeout is, rather than holding the process open until it ends. Nothing is begun when ffprobe
 * cannot be found: each inspection then meets that as before.
 */
export async function probeAhead(paths: readonly string[]): Promise<() => void> {
  const binary = await ffprobePath().catch(() => undefined);
  const begun = new Map<string, { outcome: Promise<ProbeOutcome>; stop: AbortController }>();
  for (const file of binary ? paths : []) {
    if (begunAhead.has(file)) continue;
    const stop = new AbortController();
    let outcome: Promise<ProbeOutcome>;
    try {
      outcome = run(binary!, file, DEFAULT_PROBE_TIMEOUT_MS, stop.signal);
    } catch {
      continue; // `spawn` refused it (a path it cannot pass): the inspection's own probe meets that as before
    }
    outcome.catch(() => undefined);
    const probe = { outcome, stop };
    begunAhead.set(file, probe);
    begun.set(file, probe);
  }
  return () => {
    // Only what no inspection took: a probe taken is its taker's to await, whoever began it.
    for (const [file, probe] of begun) {
      if (begunAhead.get(file) !== probe) continue;
      begunAhead.delete(file);
      probe.stop.abort();
    }
  };
}

/**
 * Runs ffprobe on one file. The process is killed when `timeoutMs` passes; a file ffprobe cannot read is an
 * outcome (`ok: false`), while an ffprobe that cannot be started throws `FfprobeUnavailableError`.
 */
export async function probe(absPath: string, { timeoutMs }: { timeoutMs?: number } = {}): Promise<ProbeOutcome> {
  const begun = timeoutMs === undefined ? begunAhead.get(absPath) : undefined;
  if (begun) {
    begunAhead.delete(absPath);
    return begun.outcome;
  }
  return run(await ffprobePath(), absPath, timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS);
}

/** One ffprobe run; `stop` ends it where it stands (an outcome of `failed`), as its timeout does. */
function run(binary: string, absPath: string, timeoutMs: number, stop?: AbortSignal): Promise<ProbeOutcome> {
  // `file:` makes ffprobe take the path as a local file name, never as a protocol URL.
  const child = spawn(binary, [...PROBE_ARGS, `file:${absPath}`], { windowsHide: true, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise<ProbeOutcome>((resolve, reject) => {
    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    let stderr = '';
    let settled = false;
    const finish = (outcome: ProbeOutcome | Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      stop?.removeEventListener('abort', stopped);
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    const abandon = (outcome: ProbeOutcome): void => {
      child.kill('SIGKILL');
      // Settle now rather than on 'close': anything that inherited the pipes could hold them open.
      child.stdout.destroy();
      child.stderr.destroy();
      finish(outcome);
    };
    const timer = setTimeout(
      () => abandon({ ok: false, reason: 'timeout', detail: `ffprobe did not finish within ${timeoutMs} ms and was stopped` }),
      timeoutMs,
    );
    const stopped = (): void => abandon({ ok: false, reason: 'failed', detail: 'ffprobe was stopped: its outcome was not needed' });
    stop?.addEventListener('abort', stopped, { once: true });

    child.stdout.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (stdoutBytes > MAX_OUTPUT_BYTES) abandon({ ok: false, reason: 'failed', detail: 'ffprobe printed more than 4 MB about this file' });
      else stdout.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 64 * 1024) stderr += chunk.toString('utf8');
    });
    child.on('error', (error) => finish(new FfprobeUnavailableError(`cannot run ffprobe at ${binary}: ${errorFirstLine(error)}`)));
    child.on('close', (code, signal) => {
      if (code !== 0) {
        const detail = lastMeaningfulLine(stderr) ?? (signal ? `ffprobe was killed by ${signal}` : `ffprobe exited with code ${code}`);
        return finish({ ok: false, reason: 'failed', detail });
      }
      try {
        finish({ ok: true, result: toProbeResult(JSON.parse(Buffer.concat(stdout).toString('utf8')) as RawOutput) });
      } catch (error) {
        finish({ ok: false, reason: 'failed', detail: `unexpected ffprobe output: ${errorFirstLine(error)}` });
      }
    });
  });
}

/** ffprobe prefixes its lines with the demuxer (`[mov,mp4,… @ 0x…] `) and repeats the path; the cause is last. */
function lastMeaningfulLine(stderr: string): string | undefined {
  const lines = stderr
    .split(/\r?\n/u)
    .map((line) => line.replace(/^\[[^\]]*\]\s*/u, '').trim())
    .filter(Boolean);
  const last = lines[lines.length - 1];
  return last?.replace(/^file:.*?: /u, '').slice(0, 200);
}

// ffprobe's JSON writer, as far as pyvw reads it. Numbers in `format` and some stream fields are strings.
interface RawStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  bit_rate?: string;
  duration?: string;
  tags?: Record<string, string>;
  side_data_list?: { side_data_type?: string; rotation?: number }[];
  disposition?: Record<string, number>;
}

interface RawOutput {
  streams?: RawStream[];
  format?: { format_name?: string; duration?: string; bit_rate?: string };
}

function toNumber(value: string | number | undefined): number | undefined {
  const number = typeof value === 'number' ? value : value === undefined ? NaN : Number(value);
  return Number.isFinite(number) ? number : undefined;
}

/** Clockwise degrees in [0, 360), rounded to the quarter turn that decides which way the picture stands. */
function quarterTurns(degreesClockwise: number): number {
  return (((Math.round(degreesClockwise / 90) * 90) % 360) + 360) % 360;
}

function streamRotation(stream: RawStream): Pick<ProbeStream, 'rotation' | 'rotationSource'> {
  const matrix = stream.side_data_list?.find((s) => s.side_data_type === 'Display Matrix' && typeof s.rotation === 'number');
  // The display matrix angle is counter-clockwise (ffmpeg's av_display_rotation_get); the tag is clockwise.
  if (matrix) return { rotation: quarterTurns(-matrix.rotation!), rotationSource: 'display-matrix' };
  // Matroska writers store tag names in capitals (`ROTATE`).
  const tag = toNumber(Object.entries(stream.tags ?? {}).find(([name]) => name.toLowerCase() === 'rotate')?.[1]);
  if (tag !== undefined) return { rotation: quarterTurns(tag), rotationSource: 'rotate-tag' };
  return { rotation: 0 };
}

function toProbeResult(raw: RawOutput): ProbeResult {
  return {
    format: raw.format?.format_name ?? null,
    duration: toNumber(raw.format?.duration),
    bitrate: toNumber(raw.format?.bit_rate),
    streams: (raw.streams ?? []).map((stream) => ({
      type: stream.codec_type ?? 'unknown',
      codec: stream.codec_name ?? null,
      width: toNumber(stream.width) || undefined,
      height: toNumber(stream.height) || undefined,
      ...streamRotation(stream),
      bitrate: toNumber(stream.bit_rate),
      duration: toNumber(stream.duration),
      coverArt: stream.disposition?.attached_pic === 1,
    })),
  };
}
