// Video row: four 150 MB MP4s. pyvw must read their headers only; the row times `pyvw check` and its note gives
// the bytes pyvw and its ffprobe runs read, next to the bytes on disk. Needs only npm: the large files are the
// committed fixtures padded with filler, half with moov before the media and half with moov at the end.
import { readFileSync } from 'node:fs';
import { copyFile, mkdir, open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { formatBytes, HD_VIDEO, ROOT, runCli, WORK, writeFiller, writePaddedMp4 } from '../lib.mjs';

const FIXTURES = path.join(ROOT, 'fixtures/videos');
const MOOV_FIRST = HD_VIDEO;
const MOOV_LAST = path.join(FIXTURES, 'moov-at-end-1280x720-h264.mp4');
const VIDEO_BYTES = 150_000_000;

function topLevelBoxes(buffer) {
  const boxes = [];
  for (let offset = 0; offset + 8 <= buffer.length; ) {
    const size = buffer.readUInt32BE(offset);
    if (size < 8) throw new Error(`unexpected box size ${size} at ${offset}`);
    boxes.push({ type: buffer.toString('latin1', offset + 4, offset + 8), offset, size });
    offset += size;
  }
  return boxes;
}

/** [ftyp][moov][mdat][free: filler]: moov first ("fast start"), as editors and some phones write. */
function moovFirst(target, bytes) {
  return writePaddedMp4(MOOV_FIRST, target, bytes);
}

/** [ftyp][mdat: media, filler][moov]: moov last, as most phones record. The filler follows the media, so the chunk offsets in moov stay right. */
async function moovLast(target, bytes) {
  const source = await readFile(MOOV_LAST);
  const boxes = topLevelBoxes(source);
  const mdat = boxes.find((b) => b.type === 'mdat');
  const moov = boxes.find((b) => b.type === 'moov');
  if (!mdat || !moov || moov.offset < mdat.offset) throw new Error(`${MOOV_LAST} must have moov after mdat`);
  const filler = bytes - source.length;
  const head = Buffer.from(source.subarray(0, mdat.offset + mdat.size));
  head.writeUInt32BE(mdat.size + filler, mdat.offset);
  const handle = await open(target, 'w');
  try {
    await handle.write(head, 0, head.length, 0);
    await writeFiller(handle, head.length, filler);
    const tail = source.subarray(moov.offset, moov.offset + moov.size);
    await handle.write(tail, 0, tail.length, head.length + filler);
  } finally {
    await handle.close();
  }
}

const VIDEOS = [
  ['开幕式-1.mp4', moovFirst],
  ['技能展示-2.mp4', moovLast],
  ['校园开放日-3.mp4', moovFirst],
  ['成果展-4.mp4', moovLast],
];

/** The same day twice: large (the files padded to 150 MB) and small (the fixtures as they are). */
async function buildDay(dir, large) {
  await mkdir(path.join(dir, '视频'), { recursive: true });
  const manifest = [];
  for (const [name, build] of VIDEOS) {
    const target = path.join(dir, '视频', name);
    const current = await stat(target).catch(() => undefined);
    if (large && current?.size !== VIDEO_BYTES) await build(target, VIDEO_BYTES);
    if (!large) await copyFile(build === moovFirst ? MOOV_FIRST : MOOV_LAST, target);
    manifest.push(`${name}：濮阳市职业教育活动周${name.replace(/-\d\.mp4$/, '')}现场视频`);
  }
  await writeFile(path.join(dir, '视频', '视频说明.txt'), `${manifest.join('\r\n')}\r\n`);
}

/** Bytes read by this process and every child it has reaped (Linux adds a reaped child's counts to its parent). */
function bytesReadSoFar() {
  try {
    return Number(/^rchar: (\d+)$/m.exec(readFileSync('/proc/self/io', 'utf8'))[1]);
  } catch {
    return undefined;
  }
}

function bytesReadBy(args) {
  const before = bytesReadSoFar();
  runCli(args);
  const after = bytesReadSoFar();
  return before === undefined ? undefined : after - before;
}

const LARGE_DAY = path.join(WORK, 'video-day');
const SMALL_DAY = path.join(WORK, 'video-day-small');
const check = (dir) => ['check', dir, '--format', 'json'];

export default [
  {
    id: 'videos',
    title: 'check 4 videos of 150 MB (headers only)',
    runs: 5,
    prepare: async () => {
      await rm(SMALL_DAY, { recursive: true, force: true });
      await buildDay(LARGE_DAY, true);
      await buildDay(SMALL_DAY, false);
      const verdict = JSON.parse(runCli(check(LARGE_DAY)).stdout);
      const failing = verdict.submissions[0].files.filter((f) => !f.ok).map((f) => f.path);
      if (failing.length) throw new Error(`the bench day should pass; failing: ${failing.join(', ')}`);
      return {};
    },
    pyvw: () => ({ pyvw: check(LARGE_DAY) }),
    note: () => {
      const onDisk = VIDEOS.length * VIDEO_BYTES;
      const largeRead = bytesReadBy(check(LARGE_DAY));
      const smallRead = bytesReadBy(check(SMALL_DAY));
      if (largeRead === undefined) return 'bytes read: not measured (needs /proc/self/io, i.e. Linux)';
      return `read ${formatBytes(largeRead)} of ${formatBytes(onDisk)} on disk (${((100 * largeRead) / onDisk).toFixed(2)}%); ` +
        `${formatBytes(Math.max(0, largeRead - smallRead))} of it because the videos are large`;
    },
  },
];
