import { appendFile, chmod, copyFile, mkdir, mkdtemp, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../src/api.js';
import type { CheckReport, FileResult } from '../src/types.js';
import { runCli } from './support/cli.js';
import { docxOf, para } from './support/docx.js';
import { FIXTURES, HD_VIDEO } from './support/project.js';
import { noiseBytes } from './support/bytes.js';

const VIDEO_FIXTURES = path.join(FIXTURES, 'videos');

const verdicts = (file: FileResult | undefined): string[] => (file?.findings ?? []).map((f) => `${f.rule}:${f.severity}`);
const byPath = (report: CheckReport, p: string): FileResult | undefined => report.submissions[0]!.files.find((f) => f.path === p);

/** A copy of a small MP4 made `bytes` long by a top-level `free` box; the padding is a hole, so nothing large is written. */
async function paddedMp4(target: string, bytes: number): Promise<void> {
  await copyFile(HD_VIDEO, target);
  const { size } = await stat(target);
  const header = Buffer.alloc(8);
  header.writeUInt32BE(bytes - size);
  header.write('free', 4, 'latin1');
  await appendFile(target, header);
  await truncate(target, bytes);
}

describe('pyvw check on a day of videos (CLI)', () => {
  it('judges every fixture by the rulebook, with descriptions from the sidecar and 视频说明.txt', () => {
    const result = runCli(['check', VIDEO_FIXTURES, '--format', 'json', '--lang', 'en']);
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout) as CheckReport;
    const expected: Record<string, string[]> = {
      'hd-1280x720-h264.mp4': [],
      'moov-at-end-1280x720-h264.mp4': [],
      'sd-640x480-h264.mp4': ['video/resolution:warning'],
      'low-480x360-h264.mp4': ['video/resolution:error', 'video/description:error'],
      'portrait-720x1280-h264.mp4': [],
      'rotated-1920x1080-matrix90.mp4': [],
      'hevc-1280x720.mp4': ['video/codec:warning'],
      'mov-container-named.mp4': ['video/mp4:error', 'video/description:error'],
      'avi-container-named.mp4': ['video/mp4:error', 'video/resolution:warning', 'video/codec:warning', 'video/description:error'],
      'hd-1280x720-h264.txt': [],
      '视频说明.txt': [],
    };
    const files = report.submissions[0]!.files;
    expect(Object.fromEntries(files.map((f) => [f.path, verdicts(f)]))).toEqual(expected);
    expect(byPath(report, 'hd-1280x720-h264.mp4')!.facts).toMatchObject({ descriptionSource: 'sidecar:hd-1280x720-h264.txt' });
    // 视频说明.txt is saved as GBK with CRLF, as Notepad on Chinese Windows saves it.
    expect(byPath(report, 'portrait-720x1280-h264.mp4')!.facts).toMatchObject({
      description: '竖屏拍摄的烹饪专业面点制作展示', descriptionSource: 'manifest:视频说明.txt#2',
    });
    expect(byPath(report, 'rotated-1920x1080-matrix90.mp4')!.facts).toMatchObject({ displayWidth: 1080, displayHeight: 1920, rotation: 90 });
    expect(byPath(report, 'low-480x360-h264.mp4')!.findings.find((f) => f.rule === 'video/description')!.message).toBe(
      'the description found, "开幕式" (from line 4 of the list 视频说明.txt), has 3 字; at least 10 are needed',
    );
  });
});

describe('check() on videos built at test time', () => {
  let dir: string;
  let report: CheckReport;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'pyvw-video-day-'));
    await mkdir(path.join(dir, '视频'));
    const video = (name: string) => path.join(dir, '视频', name);
    await paddedMp4(video('超过上限.mp4'), 200_000_001);
    await paddedMp4(video('刚好上限.mp4'), 200_000_000);
    await writeFile(video('空文件.mp4'), '');
    await writeFile(video('随机数据.mp4'), noiseBytes(32 * 1024));
    const docx = await docxOf([para('技能展示周：学生现场制作非遗剪纸作品')]);
    for (const name of ['超过上限', '刚好上限', '空文件', '随机数据']) await writeFile(video(`${name}.docx`), docx);
    report = (await check([dir], { lang: 'zh', date: '2023-05-15' })).report;
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('fails a video one byte over 200,000,000 and passes one at the limit', () => {
    const over = byPath(report, '视频/超过上限.mp4')!;
    expect(verdicts(over)).toEqual(['video/max-bytes:error']);
    expect(over.findings[0]!.message).toBe('文件大小 200,000,001 字节（Windows 显示 190 MB），超过上限 200,000,000 字节（Windows 显示 190 MB）');
    expect(verdicts(byPath(report, '视频/刚好上限.mp4'))).toEqual([]);
    expect(byPath(report, '视频/刚好上限.mp4')!.facts).toMatchObject({ container: 'mp4', displayWidth: 1280, description: '技能展示周：学生现场制作非遗剪纸作品' });
  });

  it('fails a zero-byte .mp4 as empty, and only as that', () => {
    const empty = byPath(report, '视频/空文件.mp4')!;
    expect(verdicts(empty)).toEqual(['video/readable:error']);
    expect(empty.findings[0]!.message).toBe('文件是空的（0 字节）');
  });

  it('fails random bytes as no video at all', () => {
    const random = byPath(report, '视频/随机数据.mp4')!;
    expect(verdicts(random)).toEqual(['video/mp4:error', 'video/readable:error']);
    expect(random.findings[0]!.message).toBe('文件内容不是视频（不是任何已知的视频格式）');
    expect(random.findings[1]!.message).toMatch(/^(文件里没有视频画面|视频无法读取)/);
  });

  it.skipIf(process.platform === 'win32')('names the fix when ffprobe cannot be run, on each video, without crashing', async () => {
    const fake = path.join(dir, 'ffprobe');
    await writeFile(fake, '#!/bin/sh\n');
    await chmod(fake, 0o644);
    const saved = process.env.PYVW_FFPROBE;
    process.env.PYVW_FFPROBE = fake;
    try {
      const { report: broken } = await check([dir], { lang: 'en', date: '2023-05-15' });
      const finding = byPath(broken, '视频/刚好上限.mp4')!.findings[0]!;
      expect(finding.rule).toBe('video/inspect');
      expect(finding.message).toContain(`chmod a+x '${fake}'`);
      expect(verdicts(byPath(broken, '视频/空文件.mp4'))).toEqual(['video/readable:error']);
    } finally {
      if (saved === undefined) delete process.env.PYVW_FFPROBE;
      else process.env.PYVW_FFPROBE = saved;
    }
  });
});

describe('ffprobe begun ahead of the inspections', () => {
  // A shell script stands in for ffprobe: Windows runs no `#!/bin/sh`.
  it.skipIf(process.platform === 'win32')('probes each video of a day once, and judges them as before', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pyvw-probe-ahead-'));
    try {
      await mkdir(path.join(dir, '视频'));
      for (const name of ['一', '二', '三']) await copyFile(HD_VIDEO, path.join(dir, '视频', `活动${name}.mp4`));
      await writeFile(path.join(dir, '视频', '空的.mp4'), '');
      const { ffprobePath } = await import('../src/inspect/ffprobe.js');
      const real = await ffprobePath();
      const log = path.join(dir, 'runs.log');
      const counting = path.join(dir, 'ffprobe');
      // Each run leaves a line with the file it was given, then is the real ffprobe.
      await writeFile(counting, `#!/bin/sh\nfor last; do :; done\necho "$last" >> '${log}'\nexec '${real}' "$@"\n`);
      await chmod(counting, 0o755);
      const saved = process.env.PYVW_FFPROBE;
      process.env.PYVW_FFPROBE = counting;
      let report: CheckReport;
      try {
        report = (await check([dir], { lang: 'en', date: '2023-05-15' })).report;
      } finally {
        if (saved === undefined) delete process.env.PYVW_FFPROBE;
        else process.env.PYVW_FFPROBE = saved;
      }
      expect((await readFile(log, 'utf8')).trim().split('\n').sort()).toEqual(['一', '三', '二'].map((name) => `file:${path.join(dir, '视频', `活动${name}.mp4`)}`).sort());
      for (const name of ['一', '二', '三']) {
        expect(byPath(report, `视频/活动${name}.mp4`)!.facts).toMatchObject({ container: 'mp4', displayWidth: 1280, displayHeight: 720 });
      }
      expect(verdicts(byPath(report, '视频/空的.mp4'))).toContain('video/readable:error');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('a probe begun ahead that no inspection takes', () => {
  // A shell script stands in for ffprobe: Windows runs no `#!/bin/sh`.
  it.skipIf(process.platform === 'win32')('is stopped when the inspections are over, not left running to its timeout', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pyvw-probe-release-'));
    const saved = process.env.PYVW_FFPROBE;
    try {
      const pidFile = path.join(dir, 'pid');
      const hanging = path.join(dir, 'ffprobe');
      // An ffprobe that never answers: it says who it is, then waits (exec: the process killed is this one).
      await writeFile(hanging, `#!/bin/sh\necho $$ > '${pidFile}'\nexec sleep 30\n`);
      await chmod(hanging, 0o755);
      process.env.PYVW_FFPROBE = hanging;
      const { probeAhead } = await import('../src/inspect/ffprobe.js');
      const release = await probeAhead([path.join(dir, 'video.mp4')]);
      let pid = 0;
      for (let i = 0; i < 100 && !pid; i++) {
        pid = Number(await readFile(pidFile, 'utf8').catch(() => '0'));
        if (!pid) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(pid).toBeGreaterThan(0);
      release();
      const alive = (): boolean => {
        try {
          process.kill(pid, 0);
          return true;
        } catch {
          return false;
        }
      };
      for (let i = 0; i < 100 && alive(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(alive()).toBe(false);
    } finally {
      if (saved === undefined) delete process.env.PYVW_FFPROBE;
      else process.env.PYVW_FFPROBE = saved;
      await rm(dir, { recursive: true, force: true });
    }
  });
});
