import { describe, expect, it } from 'vitest';
import type { VideoFacts } from '../src/inspect/video.js';
import { puyang2023 } from '../src/profile/puyang-2023.js';
import { localize } from '../src/report/messages.js';
import type { AnyRule } from '../src/rules/rule.js';
import { videoCodec, videoDescription, videoMaxBytes, videoMp4, videoReadable, videoResolution } from '../src/rules/video.js';
import type { RawFinding, ScannedFile } from '../src/types.js';
import { fakeFile } from './support/files.js';
import { runFileRule } from './support/rules.js';

const MP4: VideoFacts = {
  container: 'mp4', brand: 'isom', format: 'mov,mp4,m4a,3gp,3g2,mj2', duration: 30, videoCodec: 'h264', audioCodec: 'aac',
  width: 1280, height: 720, rotation: 0, displayWidth: 1280, displayHeight: 720, bitrate: 4_000_000,
  description: '濮阳市职业教育活动周开幕式现场', descriptionSource: 'sidecar:a.txt', descriptionCandidates: [],
};

const fileOf = (overrides: Partial<ScannedFile> = {}): ScannedFile =>
  fakeFile('视频/开幕式.mp4', { kind: 'video', classification: { by: 'folder', detail: '视频' }, bytes: 50_000_000, ...overrides });

/** Runs one rule over the facts of a good MP4 changed by `facts`, as the engine would. */
const run = (rule: AnyRule, facts: Partial<VideoFacts>, file: Partial<ScannedFile> = {}): RawFinding[] =>
  runFileRule(rule, { ...MP4, ...facts }, fileOf(file));

type Case = [string, AnyRule, Partial<VideoFacts>, Partial<ScannedFile>, string[]];
const none: string[] = [];

const CASES: Case[] = [
  // video/mp4: by the ftyp major brand and the extension.
  ['mp4 named .mp4', videoMp4, {}, {}, none],
  ['mp4 named .MP4', videoMp4, {}, { ext: '.mp4', path: '视频/A.MP4' }, none],
  ['mp4 named .m4v', videoMp4, {}, { ext: '.m4v' }, ['wrong-extension:error']],
  ['QuickTime named .mp4', videoMp4, { container: 'mov', brand: 'qt  ' }, {}, ['not-mp4:error']],
  ['AVI named .mp4', videoMp4, { container: 'avi' }, {}, ['not-mp4:error']],
  ['MKV', videoMp4, { container: 'mkv' }, { ext: '.mkv' }, ['not-mp4:error']],
  ['MPEG-TS found by ffprobe', videoMp4, { container: 'mpegts' }, {}, ['not-mp4:error']],
  ['a JPEG named .mp4', videoMp4, { container: 'jpg', videoCodec: undefined }, {}, ['not-video:error']],
  ['random bytes', videoMp4, { container: null, videoCodec: undefined }, {}, ['not-video-unknown:error']],
  ['zero bytes (readable says so)', videoMp4, { container: null }, { bytes: 0 }, none],
  // video/readable
  ['readable', videoReadable, {}, {}, none],
  ['empty', videoReadable, { container: null, readError: 'empty' }, { bytes: 0 }, ['empty:error']],
  ['ffprobe fails', videoReadable, { readError: 'unreadable', readErrorDetail: 'moov atom not found' }, {}, ['unreadable:error']],
  ['cut short', videoReadable, { readError: 'cut', declaredBytes: 80_000_000 }, {}, ['cut:error']],
  ['ffprobe times out', videoReadable, { readError: 'timeout', readErrorDetail: 'stopped after 20000 ms' }, {}, ['timeout:error']],
  ['sound only', videoReadable, { readError: 'no-video-stream', videoCodec: undefined, audioCodec: 'aac' }, {}, ['no-video-stream:error']],
  // video/max-bytes: 200,000,000 bytes, the smaller reading of 200 MB.
  ['exactly 200,000,000 bytes', videoMaxBytes, {}, { bytes: 200_000_000 }, none],
  ['200,000,001 bytes', videoMaxBytes, {}, { bytes: 200_000_001 }, ['large:error']],
  ['200 MiB (Explorer shows 200 MB)', videoMaxBytes, {}, { bytes: 200 * 1024 * 1024 }, ['large:error']],
  // video/resolution: on the displayed size.
  ['1280×720', videoResolution, {}, {}, none],
  ['1920×1080', videoResolution, { displayWidth: 1920, displayHeight: 1080 }, {}, none],
  ['portrait 720×1280', videoResolution, { displayWidth: 720, displayHeight: 1280 }, {}, none],
  ['1280×719', videoResolution, { displayWidth: 1280, displayHeight: 719 }, {}, ['below-hd:warning']],
  ['1279×720', videoResolution, { displayWidth: 1279, displayHeight: 720 }, {}, ['below-hd:warning']],
  ['960×720', videoResolution, { displayWidth: 960, displayHeight: 720 }, {}, ['below-hd:warning']],
  ['640×480 (标清)', videoResolution, { displayWidth: 640, displayHeight: 480 }, {}, ['below-hd:warning']],
  ['portrait 480×854', videoResolution, { displayWidth: 480, displayHeight: 854 }, {}, ['below-hd:warning']],
  ['480×360', videoResolution, { displayWidth: 480, displayHeight: 360 }, {}, ['below-sd:error']],
  ['portrait 360×640', videoResolution, { displayWidth: 360, displayHeight: 640 }, {}, ['below-sd:error']],
  ['no size known', videoResolution, { displayWidth: undefined, displayHeight: undefined }, {}, none],
  // video/codec [warn]
  ['H.264', videoCodec, {}, {}, none],
  ['HEVC', videoCodec, { videoCodec: 'hevc' }, {}, ['not-h264:warning']],
  ['MPEG-4 Part 2', videoCodec, { videoCodec: 'mpeg4' }, {}, ['not-h264:warning']],
  ['no video stream', videoCodec, { videoCodec: undefined }, {}, none],
  // video/description: ≥ 10 字 from a sidecar or 视频说明.txt.
  ['described', videoDescription, {}, {}, none],
  ['no description', videoDescription, { description: null, descriptionCandidates: [] }, {}, ['missing:error']],
  [
    'too short',
    videoDescription,
    { description: null, descriptionCandidates: [{ source: 'manifest:视频说明.txt#2', text: '开幕式视频' }] },
    {},
    ['short:error'],
  ],
  ['empty sidecar', videoDescription, { description: null, descriptionCandidates: [] }, { sidecar: '视频/开幕式.txt' }, ['sidecar-empty:error']],
];

describe('video rules over facts', () => {
  it.each(CASES)('%s (%#)', (_name, rule, facts, file, expected) => {
    const reported = run(rule, facts, file);
    expect(reported.map((r) => `${r.messageId}:${r.severity}`)).toEqual(expected);
    // Every message and hint is complete in both languages: no placeholder is left unfilled.
    for (const r of reported) {
      for (const lang of ['zh', 'en'] as const) {
        const finding = localize(r, lang);
        expect(`${finding.message} ${finding.hint}`).not.toMatch(/\{\w+\}/);
      }
    }
  });

  it('gives the size as the bytes and as Windows Explorer shows it', () => {
    const [finding] = run(videoMaxBytes, {}, { bytes: 200 * 1024 * 1024 });
    const { message } = localize(finding!, 'zh');
    expect(message).toBe('文件大小 209,715,200 字节（Windows 显示 200 MB），超过上限 200,000,000 字节（Windows 显示 190 MB）');
  });

  it('tells portrait videos to scale the short side that is displayed', () => {
    const [landscape] = run(videoMaxBytes, {}, { bytes: 300_000_000 });
    const [portrait] = run(videoMaxBytes, { displayWidth: 1080, displayHeight: 1920 }, { bytes: 300_000_000 });
    expect(landscape!.data.scale).toBe('-2:720');
    expect(portrait!.data.scale).toBe('720:-2');
  });

  it('names the real container and how to convert it', () => {
    const [finding] = run(videoMp4, { container: 'mov', brand: 'qt  ' }, { path: '视频/IMG_0001.mp4' });
    const { message, hint } = localize(finding!, 'zh');
    expect(message).toBe('文件实际是 MOV (QuickTime) 格式，不是 MP4');
    expect(hint).toContain('pyvw fix');
    expect(hint).toContain('格式工厂');
    expect(hint).toContain('ffmpeg -i "IMG_0001.mp4" -c:v libx264');
  });

  it('takes its numbers from the profile', () => {
    expect(puyang2023.ruleOptions['video/max-bytes']).toEqual({ max: 200_000_000 });
    expect(run(videoResolution, { displayWidth: 640, displayHeight: 480 })[0]!.data).toMatchObject({ minShortSide: 480, suggestedShortSide: 720, suggestedLongSide: 1280 });
    expect(run(videoDescription, { description: null, descriptionCandidates: [] })[0]!.data).toMatchObject({ minChars: 10 });
  });
});
