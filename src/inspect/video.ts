import { open } from 'node:fs/promises';
import { fileTypeFromBuffer } from 'file-type';
import type { CaptionCandidate, ScannedFile } from '../types.js';
import { probe, type ProbeResult } from './ffprobe.js';
import { readHead } from './sniff.js';

export type VideoReadError = 'empty' | 'cut' | 'timeout' | 'unreadable' | 'no-video-stream';

export interface VideoFacts {
  /**
   * The container by the file's own bytes: `mp4` is ISO BMFF whose `ftyp` major brand is not QuickTime's
   * `qt  ` (that is `mov`); without `ftyp`, the format file-type recognises (`avi`, `mkv`, `jpg`, …), else
   * the demuxer ffprobe used when it found a video, else null.
   */
  container: string | null;
  /** The `ftyp` major brand (`isom`, `mp42`, `qt  `, …) when the file has one. */
  brand?: string;
  /** The demuxer ffprobe read the file with, e.g. `mov,mp4,m4a,3gp,3g2,mj2`. */
  format?: string | null;
  /** Seconds. */
  duration?: number;
  videoCodec?: string | null;
  audioCodec?: string | null;
  /** As stored in the stream. */
  width?: number;
  height?: number;
  /** Clockwise degrees applied on display: 0, 90, 180 or 270. */
  rotation?: number;
  rotationSource?: 'display-matrix' | 'rotate-tag';
  /** As a player shows it, rotation applied: what video/resolution judges. */
  displayWidth?: number;
  displayHeight?: number;
  /** Overall bits per second. */
  bitrate?: number;
  /** Stream types ffprobe found, e.g. `video:h264`, `audio:aac`. */
  streams?: string[];
  readError?: VideoReadError;
  readErrorDetail?: string;
  /** `cut`: the bytes the file's top-level boxes declare, more than the file holds. */
  declaredBytes?: number;
  /** Filled when the submission is linked: the description that counts, and where it came from. */
  description?: string | null;
  descriptionSource?: string | null;
  descriptionCandidates?: CaptionCandidate[];
}

const QUICKTIME_BRAND = 'qt  ';

/** The major brand of an ISO BMFF / QuickTime file, read from the `ftyp` box that opens it. */
export function ftypMajorBrand(head: Buffer): string | undefined {
  if (head.length < 12 || head.toString('latin1', 4, 8) !== 'ftyp') return undefined;
  return head.toString('latin1', 8, 12);
}

async function containerOf(head: Buffer): Promise<Pick<VideoFacts, 'container' | 'brand'>> {
  const brand = ftypMajorBrand(head);
  if (brand !== undefined) return { container: brand === QUICKTIME_BRAND ? 'mov' : 'mp4', brand };
  return { container: (await fileTypeFromBuffer(head))?.ext ?? null };
}

function describeProbe(result: ProbeResult): Omit<VideoFacts, 'container' | 'brand'> {
  const video = result.streams.find((s) => s.type === 'video' && !s.coverArt);
  const audio = result.streams.find((s) => s.type === 'audio');
  const streams = result.streams.map((s) => `${s.type}:${s.codec ?? '?'}`);
  const common = { format: result.format, duration: result.duration ?? video?.duration, bitrate: result.bitrate, streams };
  if (!video) return { ...common, audioCodec: audio?.codec ?? null, readError: 'no-video-stream' };
  const facts: Omit<VideoFacts, 'container' | 'brand'> = {
    ...common,
    videoCodec: video.codec,
    audioCodec: audio?.codec ?? null,
    rotation: video.rotation,
    rotationSource: video.rotationSource,
  };
  if (video.width && video.height) {
    const sideways = video.rotation === 90 || video.rotation === 270;
    Object.assign(facts, {
      width: video.width,
      height: video.height,
      displayWidth: sideways ? video.height : video.width,
      displayHeight: sideways ? video.width : video.height,
    });
  }
  return facts;
}

/** The boxes an MP4 or QuickTime file holds at its top level (ISO/IEC 14496-12, QuickTime's `wide` and `pnot`). */
const TOP_LEVEL_BOXES = new Set(['ftyp', 'styp', 'moov', 'mdat', 'moof', 'mfra', 'free', 'skip', 'wide', 'pnot', 'uuid', 'meta', 'pdin', 'sidx', 'ssix', 'prft', 'emsg']);
/** Past this many top-level boxes (a fragmented file holds two a fragment) the walk stops and leaves the file to ffprobe. */
const MAX_TOP_LEVEL_BOXES = 10_000;
/**
 * Box headers are read in windows this large: a window holds the headers of the small boxes that follow each other
 * (a fragment's `moof` and `mdat`), and a file of a few boxes costs a few kilobytes of reading. A read for each
 * header took ~54 µs: 9,000 small boxes took 488 ms read one by one, 16 ms in windows (measured).
 */
const HEADER_WINDOW = 8 << 10;

/**
 * Where an MP4's top-level boxes say the file ends, when that is past its last byte: a copy cut short (a USB stick
 * pulled out, a download stopped). ffprobe reads only what it needs, so a file whose `moov` comes first (exported
 * with `-movflags +faststart`, as editors do) probes whole, duration and all, when its media data was cut; one
 * whose `moov` came last fails with "Invalid data found", which says nothing of why. Only the top-level boxes'
 * headers are read (a handful of boxes in a file a phone or an editor writes); mp4box.js, the parsing
 * library, is handed the file's bytes in order and would read the media data to reach the boxes after it. Bytes
 * after the last box that do not start a known box (some cameras append their own data) end the walk: they are
 * not the video's, and ffprobe judges the rest.
 */
export async function declaredBytesPastEnd(absPath: string, bytes: number): Promise<number | undefined> {
  const handle = await open(absPath, 'r');
  try {
    const window = Buffer.alloc(HEADER_WINDOW);
    let windowAt = 0;
    let windowBytes = 0;
    let at = 0;
    for (let boxes = 0; at < bytes && boxes < MAX_TOP_LEVEL_BOXES; boxes++) {
      if (at < windowAt || at + 16 > windowAt + windowBytes) {
        windowAt = at;
        windowBytes = (await handle.read(window, 0, HEADER_WINDOW, at)).bytesRead;
      }
      const header = window.subarray(at - windowAt, Math.min(at - windowAt + 16, windowBytes));
      if (header.length < 8 || !TOP_LEVEL_BOXES.has(header.toString('latin1', 4, 8))) return undefined;
      let size = header.readUInt32BE(0);
      if (size === 1) {
        if (header.length < 16) return at + 16;
        size = Number(header.readBigUInt64BE(8));
      } else if (size === 0) {
        // The last box, to the end of the file.
        return undefined;
      }
      if (size < 8) return undefined;
      if (at + size > bytes) return at + size;
      at += size;
    }
    return undefined;
  } finally {
    await handle.close();
  }
}

/**
 * Facts of one video: the container from its first bytes, the rest from ffprobe, which reads headers only.
 * An empty, unreadable or hanging file is a fact; only an ffprobe that cannot run at all throws.
 */
export async function inspectVideo(file: ScannedFile, options: { timeoutMs?: number } = {}): Promise<VideoFacts> {
  if (file.bytes === 0) return { container: null, readError: 'empty' };
  const head = await readHead(file.absPath);
  const container = await containerOf(head);
  const [outcome, declaredBytes] = await Promise.all([
    probe(file.absPath, options),
    ftypMajorBrand(head) === undefined ? undefined : declaredBytesPastEnd(file.absPath, file.bytes),
  ]);
  // A file cut short is said to be so, whatever ffprobe made of what is left of it.
  const cut = declaredBytes === undefined ? {} : { readError: 'cut' as const, declaredBytes };
  if (!outcome.ok) {
    return { ...container, readError: outcome.reason === 'timeout' ? 'timeout' : 'unreadable', readErrorDetail: outcome.detail, ...cut };
  }
  const facts = { ...container, ...describeProbe(outcome.result), ...cut };
  // A container file-type does not know (MPEG-TS, …) is named by the demuxer that found a video in it.
  if (facts.container === null && !facts.readError) facts.container = facts.format?.split(',')[0] ?? null;
  return facts;
}
