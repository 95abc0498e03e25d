import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureRunnable, FfprobeUnavailableError, probe } from '../src/inspect/ffprobe.js';
import { declaredBytesPastEnd, ftypMajorBrand, inspectVideo } from '../src/inspect/video.js';
import { scannedFile } from './support/files.js';
import { FIXTURES, HD_VIDEO } from './support/project.js';
import { noiseBytes } from './support/bytes.js';

const VIDEO_FIXTURES = path.join(FIXTURES, 'videos');
const unix = process.platform !== 'win32';

const inspect = async (absPath: string, options?: { timeoutMs?: number }) => inspectVideo(await scannedFile(absPath, { kind: 'video' }), options);

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'pyvw-video-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('facts of each committed fixture', () => {
  const h264 = { videoCodec: 'h264', audioCodec: 'aac', rotation: 0 };
  it.each([
    ['hd-1280x720-h264.mp4', { container: 'mp4', brand: 'isom', ...h264, width: 1280, height: 720, displayWidth: 1280, displayHeight: 720 }],
    ['moov-at-end-1280x720-h264.mp4', { container: 'mp4', ...h264, width: 1280, height: 720, displayWidth: 1280, displayHeight: 720 }],
    ['sd-640x480-h264.mp4', { container: 'mp4', ...h264, width: 640, height: 480, displayWidth: 640, displayHeight: 480 }],
    ['low-480x360-h264.mp4', { container: 'mp4', ...h264, width: 480, height: 360, displayWidth: 480, displayHeight: 360 }],
    ['portrait-720x1280-h264.mp4', { container: 'mp4', ...h264, width: 720, height: 1280, displayWidth: 720, displayHeight: 1280 }],
    [
      'rotated-1920x1080-matrix90.mp4',
      { container: 'mp4', videoCodec: 'h264', width: 1920, height: 1080, rotation: 90, rotationSource: 'display-matrix', displayWidth: 1080, displayHeight: 1920 },
    ],
    ['hevc-1280x720.mp4', { container: 'mp4', videoCodec: 'hevc', displayWidth: 1280, displayHeight: 720 }],
    ['mov-container-named.mp4', { container: 'mov', brand: 'qt  ', videoCodec: 'h264', displayWidth: 1280, displayHeight: 720 }],
    ['avi-container-named.mp4', { container: 'avi', format: 'avi', videoCodec: 'mpeg4', audioCodec: 'mp3', displayWidth: 640, displayHeight: 480 }],
  ])('%s', async (name, expected) => {
    const facts = await inspect(path.join(VIDEO_FIXTURES, name));
    expect(facts).toMatchObject(expected);
    expect(facts.readError).toBeUndefined();
    expect(facts.duration).toBeCloseTo(1, 0);
    expect(facts.bitrate).toBeGreaterThan(0);
  });
});

describe('files that are not readable videos are facts, not exceptions', () => {
  it('a zero-byte .mp4 is empty, without running ffprobe', async () => {
    const file = path.join(tmp, 'empty.mp4');
    await writeFile(file, '');
    expect(await inspect(file)).toEqual({ container: null, readError: 'empty' });
  });

  it('random bytes have no container and no video stream', async () => {
    const file = path.join(tmp, 'random.mp4');
    await writeFile(file, noiseBytes(64 * 1024));
    const facts = await inspect(file);
    expect(facts.container).toBeNull();
    expect(['no-video-stream', 'unreadable']).toContain(facts.readError);
    expect(facts.displayWidth).toBeUndefined();
  });

  it('an MP4 without its moov box is unreadable, with ffprobe’s reason', async () => {
    const file = path.join(tmp, 'cut.mp4');
    // A phone writes moov last; a copy interrupted before the end leaves ftyp and media data without an index.
    const ftyp = (await readFile(HD_VIDEO)).subarray(0, 32);
    await writeFile(file, Buffer.concat([ftyp, Buffer.from('\0\0\x10\0mdat'), noiseBytes(4088)]));
    const facts = await inspect(file);
    expect(facts).toMatchObject({ container: 'mp4', readError: 'unreadable' });
    expect(facts.readErrorDetail).toMatch(/moov atom not found|Invalid data/);
  });
});

describe('a copy cut short', () => {
  const cutCopy = async (from: string, name: string, share: number): Promise<{ file: string; whole: number }> => {
    const bytes = await readFile(from);
    const file = path.join(tmp, name);
    await writeFile(file, bytes.subarray(0, Math.floor(bytes.length * share)));
    return { file, whole: bytes.length };
  };

  it('is cut when its moov comes first, though ffprobe reads the rest of it', async () => {
    const { file, whole } = await cutCopy(HD_VIDEO, 'faststart-cut.mp4', 0.6);
    const facts = await inspect(file);
    expect(facts).toMatchObject({ container: 'mp4', readError: 'cut', declaredBytes: whole, width: 1280, height: 720 });
  });

  it('is cut when its moov came last, not only unreadable', async () => {
    const { file } = await cutCopy(path.join(VIDEO_FIXTURES, 'moov-at-end-1280x720-h264.mp4'), 'phone-cut.mp4', 0.6);
    const facts = await inspect(file);
    expect(facts.readError).toBe('cut');
    expect(facts.declaredBytes).toBeGreaterThan((await stat(file)).size);
  });

  it('bytes after the last box that are not a box leave the video whole', async () => {
    const file = path.join(tmp, 'trailer.mp4');
    await writeFile(file, Buffer.concat([await readFile(HD_VIDEO), Buffer.from('CAMERA-TRAILER\0\0\0\0\0\0\0\0')]));
    expect((await inspect(file)).readError).toBeUndefined();
  });

  it('finds the cut after thousands of small boxes, whose headers straddle the windows they are read in', async () => {
    const file = path.join(tmp, 'fragments.mp4');
    const small = Buffer.alloc(24);
    small.writeUInt32BE(24, 0);
    small.write('free', 4, 'latin1');
    const mdat = Buffer.alloc(8);
    mdat.writeUInt32BE(1000, 0);
    mdat.write('mdat', 4, 'latin1');
    await writeFile(file, Buffer.concat([...Array.from({ length: 5000 }, () => small), mdat]));
    expect(await declaredBytesPastEnd(file, 5000 * 24 + 8)).toBe(5000 * 24 + 1000);
  });

  it('reads a 64-bit box size', async () => {
    const file = path.join(tmp, 'large.mp4');
    const large = Buffer.alloc(16);
    large.writeUInt32BE(1, 0);
    large.write('mdat', 4, 'latin1');
    large.writeBigUInt64BE(1000n, 8);
    await writeFile(file, Buffer.concat([Buffer.from('\0\0\0\x10ftypisom\0\0\x02\0'), large, Buffer.alloc(8)]));
    expect(await declaredBytesPastEnd(file, 40)).toBe(16 + 1000);
    expect(await declaredBytesPastEnd(file, 16 + 1000)).toBeUndefined();
  });
});

describe('ftyp major brand', () => {
  it.each([
    [Buffer.from('\0\0\0\x14ftypqt  \0\0\x02\0qt  '), 'qt  '],
    [Buffer.from('\0\0\0\x20ftypisom\0\0\x02\0isomiso2avc1mp41'), 'isom'],
    [Buffer.from('\0\0\0\x08wide\0\0\0\x08mdat'), undefined],
    [Buffer.from('RIFF\0\0\0\0AVI LIST'), undefined],
    [Buffer.alloc(0), undefined],
  ])('%#', (head, brand) => {
    expect(ftypMajorBrand(head)).toBe(brand);
  });
});

describe.skipIf(!unix)('the ffprobe adapter', () => {
  const saved = process.env.PYVW_FFPROBE;
  afterEach(() => {
    if (saved === undefined) delete process.env.PYVW_FFPROBE;
    else process.env.PYVW_FFPROBE = saved;
  });

  async function stub(name: string, body: string, mode = 0o755): Promise<string> {
    const file = path.join(tmp, name);
    await writeFile(file, `#!/bin/sh\n${body}\n`);
    await chmod(file, mode);
    return file;
  }

  it('kills an ffprobe that does not finish in time', async () => {
    const pidFile = path.join(tmp, 'sleeper.pid');
    process.env.PYVW_FFPROBE = await stub('sleeper', `echo $$ > '${pidFile}'\nexec sleep 30`);
    const started = Date.now();
    const outcome = await probe(HD_VIDEO, { timeoutMs: 300 });
    expect(outcome).toMatchObject({ ok: false, reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(5000);
    const pid = Number(await readFile(pidFile, 'utf8'));
    await expect.poll(() => isAlive(pid), { timeout: 2000 }).toBe(false);
  });

  it('a timeout becomes the readError of the video', async () => {
    process.env.PYVW_FFPROBE = await stub('sleeper2', 'exec sleep 30');
    const facts = await inspect(HD_VIDEO, { timeoutMs: 200 });
    expect(facts).toMatchObject({ container: 'mp4', readError: 'timeout' });
  });

  it('reads rotation from the older `rotate` tag', async () => {
    // What ffprobe 3.x/4.x print for a phone's portrait video: no display-matrix side data, a `rotate` tag.
    const output = {
      streams: [
        { codec_type: 'video', codec_name: 'h264', width: 1920, height: 1080, tags: { rotate: '270' } },
        { codec_type: 'audio', codec_name: 'aac' },
      ],
      format: { format_name: 'mov,mp4,m4a,3gp,3g2,mj2', duration: '12.500000', bit_rate: '8000000' },
    };
    await writeFile(path.join(tmp, 'old.json'), JSON.stringify(output));
    process.env.PYVW_FFPROBE = await stub('old-ffprobe', `cat '${path.join(tmp, 'old.json')}'`);
    const facts = await inspect(HD_VIDEO);
    expect(facts).toMatchObject({
      rotation: 270, rotationSource: 'rotate-tag', width: 1920, height: 1080, displayWidth: 1080, displayHeight: 1920, duration: 12.5, bitrate: 8_000_000,
    });
  });

  it('ignores cover art and reports ffprobe’s failure text', async () => {
    await writeFile(path.join(tmp, 'cover.json'), JSON.stringify({ streams: [{ codec_type: 'video', codec_name: 'mjpeg', width: 600, height: 600, disposition: { attached_pic: 1 } }, { codec_type: 'audio', codec_name: 'aac' }], format: {} }));
    process.env.PYVW_FFPROBE = await stub('cover-ffprobe', `cat '${path.join(tmp, 'cover.json')}'`);
    expect(await inspect(HD_VIDEO)).toMatchObject({ readError: 'no-video-stream', audioCodec: 'aac' });

    process.env.PYVW_FFPROBE = await stub('failing-ffprobe', `echo "[mov,mp4 @ 0x1] moov atom not found" >&2\necho "file:$1: Invalid data found when processing input" >&2\nexit 1`);
    const outcome = await probe(HD_VIDEO);
    expect(outcome).toEqual({ ok: false, reason: 'failed', detail: 'Invalid data found when processing input' });
  });

  it('gives the exact command when PYVW_FFPROBE is not executable', async () => {
    const file = await stub('not-executable', 'exit 0', 0o644);
    process.env.PYVW_FFPROBE = file;
    await expect(inspect(HD_VIDEO)).rejects.toThrow(`run: chmod a+x '${file}'`);
    process.env.PYVW_FFPROBE = path.join(tmp, 'missing-ffprobe');
    await expect(probe(HD_VIDEO)).rejects.toBeInstanceOf(FfprobeUnavailableError);
  });

  it('restores the execute bit the skipped postinstall would have set', async () => {
    const file = await stub('installed-ffprobe', 'exit 0', 0o644);
    await expect(ensureRunnable(file, { mayFix: true, origin: 'test' })).resolves.toBe(file);
    expect((await stat(file)).mode & 0o100).toBe(0o100);
  });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
