// `pyvw fix` of a 1-minute 4K HEVC phone clip against the same ffmpeg command typed by hand (goal: within 5 %).
// The clip is made once with the ffmpeg pyvw uses (the optional dependency, PYVW_FFMPEG or PATH) and kept in the
// bench cache; `fix` adds the check of the source, the ffprobe of the clip, the check of the result and the table.
// Rounds alternate hand and pyvw, so a busy moment of the machine weighs on both alike.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { formatMs, median, ROOT, runCli, WORK } from './lib.mjs';

const SECONDS = 60;
const FPS = Number(process.env.PYVW_BENCH_FIX_FPS ?? 30);
const ROUNDS = Number(process.env.PYVW_BENCH_FIX_ROUNDS ?? 2);

function ffmpegOrThrow(binary, args) {
  const result = spawnSync(binary, args, { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`ffmpeg ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
}

function timed(fn) {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export async function run() {
  const { findFfmpeg, ffmpegCommandLine } = await import(path.join(ROOT, 'dist/fix/ffmpeg.js'));
  const { videoBitrateFor, MAX_LONG_SIDE } = await import(path.join(ROOT, 'dist/fix/plan.js'));
  const ffmpeg = await findFfmpeg();
  if (!ffmpeg.ok) {
    console.log(`fix bench skipped: ${ffmpeg.detail}`);
    return;
  }
  const day = path.join(WORK, 'fix-day');
  const clip = path.join(day, '视频', '校园航拍4K.mp4');
  if (!existsSync(clip)) {
    await mkdir(path.dirname(clip), { recursive: true });
    console.log(`making a ${SECONDS} s 3840×2160 HEVC clip at ${FPS} fps (once; kept in ${path.relative(ROOT, WORK)}) …`);
    // Two seconds are encoded and then repeated by stream copy: the clip has every frame of a minute to decode, but
    // making it costs two seconds of x265 at 4K, not sixty.
    const piece = path.join(WORK, 'fix-piece.mp4');
    ffmpegOrThrow(ffmpeg.path, [
      '-hide_banner', '-v', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=size=3840x2160:rate=${FPS}:duration=2`,
      '-f', 'lavfi', '-i', 'sine=frequency=440:duration=2:sample_rate=48000', '-shortest',
      '-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'log-level=error', '-tag:v', 'hvc1', '-pix_fmt', 'yuv420p',
      '-c:a', 'aac', '-b:a', '128k', piece,
    ]);
    const making = path.join(path.dirname(clip), '.making.mp4');
    ffmpegOrThrow(ffmpeg.path, ['-hide_banner', '-v', 'error', '-y', '-stream_loop', String(SECONDS / 2 - 1), '-i', piece, '-c', 'copy', '-t', String(SECONDS), '-f', 'mp4', making]);
    await rename(making, clip);
    await writeFile(path.join(day, '视频', '视频说明.txt'), '校园航拍4K.mp4：无人机拍摄的校园开放日全景视频\r\n');
  }
  const out = path.join(WORK, 'fix-day-修正');
  const byHand = path.join(WORK, 'fix-by-hand.mp4');
  // The command pyvw runs for this clip: 4K → 1920 on the long side, CRF 23 capped by the 190,000,000-byte budget.
  const plan = { displayWidth: 3840, displayHeight: 2160, maxLongSide: MAX_LONG_SIDE, hasAudio: true, maxVideoBitrate: videoBitrateFor(SECONDS, true) };
  const handArgs = ffmpegCommandLine(clip, byHand, plan);

  const hand = [];
  const pyvw = [];
  for (let round = 0; round < ROUNDS; round++) {
    hand.push(timed(() => ffmpegOrThrow(ffmpeg.path, handArgs)));
    await rm(out, { recursive: true, force: true });
    pyvw.push(timed(() => runCli(['fix', day, '--out', out])));
  }
  const verdict = JSON.parse(runCli(['check', out, '--format', 'json']).stdout);
  const fixed = verdict.submissions[0].files.find((f) => f.kind === 'video');
  if (!fixed?.ok || fixed.facts.videoCodec !== 'h264' || fixed.facts.displayWidth !== 1920) {
    throw new Error(`the fixed clip should be a passing 1920-wide H.264 MP4: ${JSON.stringify(fixed)}`);
  }
  const handMs = median(hand);
  const pyvwMs = median(pyvw);
  const clipBytes = (await stat(clip)).size;
  console.log(`clip: ${SECONDS} s, 3840×2160 HEVC at ${FPS} fps, ${clipBytes.toLocaleString('en-US')} bytes → ${(await stat(path.join(out, '视频', '校园航拍4K.mp4'))).size.toLocaleString('en-US')} bytes, 1920×1080 H.264`);
  console.log(`ffmpeg by hand (median of ${ROUNDS}):   ${formatMs(handMs)}   ffmpeg ${handArgs.join(' ').replace(/file:\S*/gu, '…')}`);
  console.log(`pyvw fix (median of ${ROUNDS}):         ${formatMs(pyvwMs)} (${((100 * (pyvwMs - handMs)) / handMs).toFixed(1)}% against by hand; goal within 5%)`);
}
