// End to end: the built CLI (whose JPEG walk runs on worker threads) on a folder of photos, JSON and text.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMain } from './support/cli.js';
import { dayFolder, exifSegment, makeFlatJpeg, makeJpeg, padTo, scanStart, windowsXp, withSegments, type DayFolder } from './support/jpeg.js';

const CLI = path.join(import.meta.dirname, '../bin/pyvw.js');
let day: DayFolder;

function pyvw(...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
}

beforeAll(async () => {
  day = await dayFolder();
  const good = padTo(await makeFlatJpeg(4000, 3000), 2_200_000);
  const small = await makeJpeg(320, 240);
  await Promise.all([
    day.write('图片/学生技能展示现场.jpg', good),
    day.write('图片/IMG_0001.JPG', padTo(withSegments(await makeFlatJpeg(3000, 2000), exifSegment({ XPComment: windowsXp('校长在开幕式上致辞') })), 2_300_000)),
    day.write('图片/IMG_0002.jpg', small.subarray(0, small.length - 1000)),
    day.write('图片/IMG_0003.jpg', Buffer.from(small).fill(0, scanStart(small) + 500, scanStart(small) + 1500)),
    day.write('图片/IMG_0004.jpg', Buffer.alloc(0)),
  ]);
});

afterAll(() => day.remove());

describe('pyvw check on photos', () => {
  it('gives every photo its verdict in JSON and exits 1', () => {
    const run = pyvw('check', day.dir, '--format', 'json');
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout);
    const byPath = new Map(report.submissions[0].files.map((f: { path: string }) => [f.path, f]));
    const verdict = (p: string) => {
      const f = byPath.get(p) as { ok: boolean; findings: { rule: string; severity: string }[] };
      return { ok: f.ok, errors: f.findings.filter((x) => x.severity === 'error').map((x) => x.rule) };
    };
    expect(verdict('图片/学生技能展示现场.jpg')).toEqual({ ok: true, errors: [] });
    expect(verdict('图片/IMG_0001.JPG')).toEqual({ ok: true, errors: [] });
    expect(verdict('图片/IMG_0002.jpg').errors).toContain('photo/intact');
    expect(verdict('图片/IMG_0003.jpg').errors).toContain('photo/intact');
    expect(verdict('图片/IMG_0004.jpg').errors).toContain('photo/intact');
    expect((byPath.get('图片/IMG_0001.JPG') as { facts: unknown }).facts).toMatchObject({
      caption: '校长在开幕式上致辞', captionSource: 'exif:XPComment', intact: true, longEdge: 3000,
    });
  });

  it('shows the caption and where it came from in the Chinese report (main() in-process)', async () => {
    const run = await runMain(['check', day.dir, '--lang', 'zh']);
    // How the source is worded is the report's business; the JSON test above checks which source it is.
    expect(run.stdout).toContain('说明：“校长在开幕式上致辞”');
    expect(run.stdout).toMatch(/照片不完整（文件被截断）/);
    expect(run.stdout).toMatch(/照片已损坏，无法完整解码：第 [\d,]+ 字节/);
    expect(run.stdout).toContain('文件是空的（0 字节）');
  });
});
