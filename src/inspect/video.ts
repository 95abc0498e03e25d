import { fileTypeFromBuffer } from 'file-type';
import type { CaptionCandidate, ScannedFile } from '../types.js';
import { probe, type ProbeResult } from './ffprobe.js';
import { readHead } from './sniff.js';

export type VideoReadError = 'empty' | 'timeout' | 'unreadable' | 'no-video-stream';

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

/**
 * Facts of one video: the container from its first bytes, the rest from ffprobe, which reads headers only.
 * An empty, unreadable or hanging file is a fact; only an ffprobe that cannot run at all throws.
 */
export async function inspectVideo(file: ScannedFile, options: { timeoutMs?: number } = {}): Promise<VideoFacts> {
  if (file.bytes === 0) return { container: null, readError: 'empty' };
  const container = await containerOf(await readHead(file.absPath));
  const outcome = await probe(file.absPath, options);
  if (!outcome.ok) {
    return { ...container, readError: outcome.reason === 'timeout' ? 'timeout' : 'unreadable', readErrorDetail: outcome.detail };
  }
  const facts = { ...container, ...describeProbe(outcome.result) };
  // A container file-type does not know (MPEG-TS, …) is named by the demuxer that found a video in it.
  if (facts.container === null && !facts.readError) facts.container = facts.format?.split(',')[0] ?? null;
  return facts;
}
