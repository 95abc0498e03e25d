import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { encode as encodeBmp } from 'bmp-ts';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fix, type FixedFile, type FixOutcome } from '../src/index.js';
import { findFfmpeg } from '../src/fix/ffmpeg.js';
import { probe } from '../src/inspect/ffprobe.js';
import { runCli, runMain } from './support/cli.js';
import { docxOf, para } from './support/docx.js';
import { snapshot } from './support/folders.js';
import { flatJpeg, flatPng, noiseJpeg } from './support/images.js';
import { noiseBytes } from './support/bytes.js';
import { FIXTURES, HD_VIDEO } from './support/project.js';

/**
 * `pyvw fix` on one day folder built at test time: the videos with the ffmpeg of the optional dependency (or
 * PYVW_FFMPEG / PATH), the photos with sharp and heic-decode. One fix run, many assertions: the suite stays fast.
 */

const VIDEOS = path.join(FIXTURES, 'videos');
const HEIC = path.join(FIXTURES, 'heic', 'xmp-caption-320x240.heic');
const ffmpeg = await findFfmpeg();
const NO_FFMPEG = ffmpeg.ok ? '' : ` (skipped: ${ffmpeg.detail})`;

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pyvw-fix-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const byPath = (outcome: FixOutcome, p: string): FixedFile => {
  const file = outcome.files.find((f) => f.path === p);
  if (!file) throw new Error(`no row for ${p}: ${outcome.files.map((f) => f.path).join(', ')}`);
  return file;
};
const rulesOf = (findings: { rule: string; severity: string }[] | undefined): string[] =>
  (findings ?? []).filter((f) => f.severity === 'error').map((f) => f.rule);

/** A noise PNG big enough that its JPEG passes the 2 MB minimum (noise does not compress). */
function noisePng(width: number, height: number): Promise<Buffer> {
  return sharp(noiseBytes(width * height * 3, 77), { raw: { width, height, channels: 3 } }).png({ compressionLevel: 1 }).toBuffer();
}

/** A 1-second test clip made by the ffmpeg under test: one flat colour (a 4K test pattern cost 3 s of CPU to make and convert; this 1 s). */
function makeClip(target: string, size: string, args: string[]): void {
  if (!ffmpeg.ok) return;
  const result = spawnSync(ffmpeg.path, [
    '-hide_banner', '-v', 'error', '-y', '-f', 'lavfi', '-i', `color=c=0x336699:size=${size}:rate=4:duration=1`,
    '-f', 'lavfi', '-i', 'sine=frequency=440:duration=1:sample_rate=22050', '-shortest', ...args, target,
  ]);
  if (result.status !== 0) throw new Error(`making ${target}: ${result.stderr}`);
}

/** The same streams in a QuickTime `.mov` (stream copy keeps the display matrix). */
function remux(input: string, target: string): void {
  if (!ffmpeg.ok) return;
  const result = spawnSync(ffmpeg.path, ['-hide_banner', '-v', 'error', '-y', '-i', input, '-c', 'copy', '-f', 'mov', target]);
  if (result.status !== 0) throw new Error(`making ${target}: ${result.stderr}`);
}

describe('pyvw fix on a day of photos and videos', () => {
  let source: string;
  let out: string;
  let outcome: FixOutcome;
  let before: Map<string, string>;
  /** SHA-256, size and time of every source file; size and time only of the sparse 200 MB one (hashing it would take seconds). */
  const sources = async (): Promise<Map<string, string>> => {
    const files = await snapshot(source, false);
    for (const [rel, sizeAndTime] of files) {
      if (rel === path.join('视频', '成果展.mp4')) continue;
      files.set(rel, `${createHash('sha256').update(await readFile(path.join(source, rel))).digest('hex')} ${sizeAndTime}`);
    }
    return files;
  };

  beforeAll(async () => {
    source = path.join(root, '5月15日');
    out = `${source}-修正`;
    const photos = path.join(source, '图片');
    const videos = path.join(source, '视频');
    await mkdir(photos, { recursive: true });
    await mkdir(videos, { recursive: true });
    // Photos.
    await copyFile(HEIC, path.join(photos, '学生技能展示.heic'));
    await writeFile(path.join(photos, '学生技能展示.txt'), '学生在实训车间展示数控加工技能');
    await writeFile(path.join(photos, '汽修专业实训.jpg'), await noisePng(2000, 1500)); // a PNG named .jpg
    const xmp = '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:description><rdf:Alt><rdf:li xml:lang="x-default">烹饪专业学生制作面点</rdf:li></rdf:Alt></dc:description></rdf:Description></rdf:RDF></x:xmpmeta>';
    await sharp({ create: { width: 640, height: 480, channels: 3, background: '#a64' } }).webp().withXmp(xmp).toFile(path.join(photos, 'IMG_0101.webp'));
    await writeFile(path.join(photos, 'IMG_0102.jpg'), await noiseJpeg(2000, 1500, { colourspace: 'cmyk' })); // CMYK, no caption
    await writeFile(path.join(photos, '校园开放日合影.jpg'), await flatJpeg(800, 600)); // too small: stays failing
    const blue = Buffer.alloc(40 * 30 * 4);
    for (let i = 0; i < 40 * 30; i++) blue[i * 4 + 1] = 255; // bmp-ts's ABGR order
    await writeFile(path.join(photos, '黑板报展示.bmp'), encodeBmp({ data: blue, width: 40, height: 30, bitPP: 24 }).data);
    await writeFile(path.join(photos, '图片说明.txt'), 'IMG_0101.webp：烹饪专业学生制作面点\r\n');
    // Videos.
    const manifest: string[] = [];
    const describe = (name: string, text: string): void => {
      manifest.push(`${name}：${text}`);
    };
    await copyFile(path.join(VIDEOS, 'mov-container-named.mp4'), path.join(videos, '开幕式.mov'));
    describe('开幕式.mov', '濮阳市职业教育活动周开幕式现场视频');
    await copyFile(path.join(VIDEOS, 'mov-container-named.mp4'), path.join(videos, '开幕式致辞.mp4'));
    describe('开幕式致辞', '校长在开幕式上致辞的现场视频记录');
    await copyFile(path.join(VIDEOS, 'hevc-1280x720.mp4'), path.join(videos, '技能大赛.mp4'));
    describe('技能大赛.mp4', '学生技能大赛现场视频记录片段');
    // The phone-rotated fixture (stored 1920×1080, shown 1080×1920) in a QuickTime container, as an iPhone writes it.
    remux(path.join(VIDEOS, 'rotated-1920x1080-matrix90.mp4'), path.join(videos, '竖屏面点制作.mov'));
    describe('竖屏面点制作.mov', '竖屏拍摄的烹饪专业面点制作展示');
    makeClip(path.join(videos, '校园航拍4K.mp4'), '3840x2160', ['-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '45', '-c:a', 'aac']);
    describe('校园航拍4K.mp4', '无人机拍摄的校园开放日全景视频');
    // Over 200,000,000 bytes: the passing HD clip with a sparse `free` box after it.
    const big = path.join(videos, '成果展.mp4');
    await copyFile(HD_VIDEO, big);
    const header = Buffer.alloc(8);
    header.writeUInt32BE(200_000_100 - (await stat(big)).size);
    header.write('free', 4, 'latin1');
    await writeFile(big, header, { flag: 'a' });
    await (await import('node:fs/promises')).truncate(big, 200_000_100);
    describe('成果展.mp4', '职业教育成果展的现场视频记录');
    await writeFile(path.join(videos, '视频说明.txt'), `${manifest.join('\r\n')}\r\n`);
    await writeFile(path.join(source, 'Thumbs.db'), 'junk');

    before = await sources();
    outcome = await fix(source, { lang: 'en' });
  }, 120_000);

  it('never changes a source file (SHA-256 of each, size and time of the sparse 200 MB one)', async () => {
    expect(await sources()).toEqual(before);
  }, 30_000);

  it('converts the HEIC to JPEG, keeps its XMP caption, and its sidecar follows it', async () => {
    const heic = byPath(outcome, '图片/学生技能展示.heic');
    expect(heic.action).toBe('photo');
    expect(heic.targets).toEqual(['图片/学生技能展示.jpg']);
    expect(rulesOf(heic.before)).toContain('photo/jpeg');
    expect(rulesOf(heic.after?.findings)).not.toContain('photo/jpeg');
    // 320×240: never enlarged, so it still fails on size and the report asks for the original.
    expect(rulesOf(heic.after?.findings)).toEqual(['photo/long-edge', 'photo/min-bytes']);
    expect(heic.notes).toContain('need-original-photo');
    const meta = await sharp(path.join(out, '图片/学生技能展示.jpg')).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 320, height: 240, space: 'srgb', isProgressive: false });
    expect(meta.xmp?.toString('utf8')).toContain('学生在实训车间展示数控加工技能');
    expect(byPath(outcome, '图片/学生技能展示.txt').targets).toEqual(['图片/学生技能展示.txt']);
  });

  it('turns a PNG named .jpg, a WebP and a CMYK JPEG into sRGB baseline JPEGs that pass the rules they failed', async () => {
    const png = byPath(outcome, '图片/汽修专业实训.jpg');
    expect(rulesOf(png.before)).toContain('photo/jpeg');
    expect(png.after).toMatchObject({ ok: true });
    const webp = byPath(outcome, '图片/IMG_0101.webp');
    expect(webp.targets).toEqual(['图片/IMG_0101.jpg']);
    expect(rulesOf(webp.after?.findings)).not.toContain('photo/jpeg');
    const cmyk = byPath(outcome, '图片/IMG_0102.jpg');
    expect(cmyk.before.map((f) => f.rule)).toContain('photo/colour');
    expect(cmyk.after?.findings.map((f) => f.rule)).not.toContain('photo/colour');
    expect((await sharp(path.join(out, '图片/IMG_0102.jpg')).metadata()).space).toBe('srgb');
  });

  it('reads a 24-bit BMP as opaque (its unused fourth byte is no transparency)', async () => {
    expect(byPath(outcome, '图片/黑板报展示.bmp').targets).toEqual(['图片/黑板报展示.jpg']);
    const { data } = await sharp(path.join(out, '图片/黑板报展示.jpg')).raw().toBuffer({ resolveWithObject: true });
    expect([...data.subarray(0, 3)].map((v) => Math.round(v / 16))).toEqual([0, 0, 16]);
  });

  it('keeps every caption: the manifest line follows the renamed WebP, the embedded XMP rides along', async () => {
    const list = await readFile(path.join(out, '图片/图片说明.txt'), 'utf8');
    expect(list).toContain('IMG_0101.jpg：烹饪专业学生制作面点');
    const { report } = outcome;
    const photos = report!.submissions[0]!.files.filter((f) => f.kind === 'photo');
    const captions = Object.fromEntries(photos.map((f) => [f.path, (f.facts as { caption: string | null }).caption]));
    expect(captions).toMatchObject({
      '图片/学生技能展示.jpg': '学生在实训车间展示数控加工技能',
      '图片/IMG_0101.jpg': '烹饪专业学生制作面点',
      '图片/校园开放日合影.jpg': '校园开放日合影',
    });
    const xmp = (await sharp(path.join(out, '图片/IMG_0101.jpg')).metadata()).xmp?.toString('utf8');
    expect(xmp).toContain('烹饪专业学生制作面点');
  });

  it('adds a line to fill in for a photo whose only missing piece is its caption', async () => {
    expect(outcome.captionLines).toEqual([{ manifest: '图片/图片说明.txt', name: 'IMG_0102.jpg' }]);
    expect(await readFile(path.join(out, '图片/图片说明.txt'), 'utf8')).toMatch(/^IMG_0102\.jpg：$/mu);
    expect(byPath(outcome, '图片/IMG_0102.jpg').done.join(' ')).toContain('write the caption after the colon');
  });

  it('does not enlarge a small JPEG: it is copied and still fails, asking for the original', async () => {
    const small = byPath(outcome, '图片/校园开放日合影.jpg');
    expect(small.action).toBe('copy');
    expect(rulesOf(small.after?.findings)).toEqual(['photo/long-edge', 'photo/min-bytes']);
    expect(small.notes).toContain('need-original-photo');
    expect((await stat(path.join(out, '图片/校园开放日合影.jpg'))).size).toBe((await stat(path.join(source, '图片/校园开放日合影.jpg'))).size);
  });

  it('leaves junk behind and marks the new folder as made by pyvw fix', () => {
    expect(existsSync(path.join(out, 'Thumbs.db'))).toBe(false);
    expect(existsSync(path.join(out, '.pyvw', 'fix.json'))).toBe(true);
  });

  describe.skipIf(!ffmpeg.ok)(`videos${NO_FFMPEG}`, () => {
    it('converts a QuickTime .mov and a .mov named .mp4 to H.264 High + AAC MP4, moov first, descriptions kept', async () => {
      for (const [from, to] of [['视频/开幕式.mov', '视频/开幕式.mp4'], ['视频/开幕式致辞.mp4', '视频/开幕式致辞.mp4']] as const) {
        const row = byPath(outcome, from);
        expect(row.targets).toEqual([to]);
        expect(rulesOf(row.before)).toContain('video/mp4');
        expect(row.after).toMatchObject({ ok: true });
        const head = await readFile(path.join(out, to));
        expect(head.toString('latin1', 4, 8)).toBe('ftyp');
        expect(head.indexOf('moov')).toBeLessThan(head.indexOf('mdat'));
      }
      expect(await readFile(path.join(out, '视频/视频说明.txt'), 'utf8')).toContain('开幕式.mp4：濮阳市职业教育活动周开幕式现场视频');
    });

    it('converts HEVC to H.264 High', async () => {
      const row = byPath(outcome, '视频/技能大赛.mp4');
      expect(row.before.map((f) => f.rule)).toContain('video/codec');
      expect(row.after?.findings).toEqual([]);
      const probed = await probe(path.join(out, '视频/技能大赛.mp4'));
      expect(probed.ok && probed.result.streams.map((s) => s.codec)).toEqual(['h264', 'aac']);
    });

    it('keeps a rotated portrait clip standing: displayed 1080×1920 before and after', async () => {
      const row = byPath(outcome, '视频/竖屏面点制作.mov');
      expect(row.targets).toEqual(['视频/竖屏面点制作.mp4']);
      const after = outcome.report!.submissions[0]!.files.find((f) => f.path === '视频/竖屏面点制作.mp4')!;
      expect(after.facts).toMatchObject({ displayWidth: 1080, displayHeight: 1920, videoCodec: 'h264' });
      expect(after.ok).toBe(true);
    });

    it('scales 4K down to 1920 on the long side', async () => {
      const after = outcome.report!.submissions[0]!.files.find((f) => f.path === '视频/校园航拍4K.mp4')!;
      expect(after.facts).toMatchObject({ displayWidth: 1920, displayHeight: 1080 });
      expect(byPath(outcome, '视频/校园航拍4K.mp4').done.join(' ')).toContain('3840×2160 to 1920×1080');
    });

    it('compresses a video over 200,000,000 bytes to under 190,000,000', async () => {
      const row = byPath(outcome, '视频/成果展.mp4');
      expect(rulesOf(row.before)).toEqual(['video/max-bytes']);
      expect(row.after).toMatchObject({ ok: true });
      expect((await stat(path.join(out, '视频/成果展.mp4'))).size).toBeLessThan(190_000_000);
    });
  });
});

describe('pyvw fix without the tools it would need', () => {
  it('says what it could not do without ffmpeg or LibreOffice, and does the rest', async () => {
    const source = path.join(root, 'no-tools');
    await mkdir(path.join(source, '视频'), { recursive: true });
    await copyFile(path.join(VIDEOS, 'hevc-1280x720.mp4'), path.join(source, '视频', '技能大赛.mp4'));
    await copyFile(HEIC, path.join(source, '学生技能展示.heic'));
    await writeFile(path.join(source, '实训基地掠影.heic'), (await readFile(HEIC)).subarray(0, 1200)); // cut short
    await writeFile(path.join(source, '活动简介.doc'), Buffer.from('d0cf11e0a1b11ae1', 'hex'));
    const saved = { ffmpeg: process.env.PYVW_FFMPEG, soffice: process.env.PYVW_SOFFICE };
    process.env.PYVW_FFMPEG = path.join(root, 'no-such-ffmpeg');
    process.env.PYVW_SOFFICE = path.join(root, 'no-such-soffice');
    try {
      const outcome = await fix(source, { lang: 'zh' });
      expect(byPath(outcome, '视频/技能大赛.mp4')).toMatchObject({ action: 'copy', notes: ['no-ffmpeg'] });
      expect(byPath(outcome, '视频/技能大赛.mp4').done.join('')).toContain('PYVW_FFMPEG');
      expect(outcome.ffmpegMissing).toContain('no-such-ffmpeg');
      expect(byPath(outcome, '活动简介.doc')).toMatchObject({ action: 'copy', notes: ['no-soffice'] });
      expect(byPath(outcome, '学生技能展示.heic').action).toBe('photo');
      // A photo that does not convert keeps its own name: a broken HEIC never arrives as a .jpg.
      expect(byPath(outcome, '实训基地掠影.heic')).toMatchObject({ targets: ['实训基地掠影.heic'] });
      expect(byPath(outcome, '实训基地掠影.heic').done.join('')).toContain('转换失败');
    } finally {
      process.env.PYVW_FFMPEG = saved.ffmpeg ?? '';
      if (saved.ffmpeg === undefined) delete process.env.PYVW_FFMPEG;
      if (saved.soffice === undefined) delete process.env.PYVW_SOFFICE;
      else process.env.PYVW_SOFFICE = saved.soffice;
    }
  });

  it.skipIf(process.platform === 'win32')('converts .doc with LibreOffice where there is one (a stand-in soffice here)', async () => {
    const source = path.join(root, 'doc');
    await mkdir(source, { recursive: true });
    await writeFile(path.join(source, '活动简介.doc'), Buffer.from('d0cf11e0a1b11ae1', 'hex'));
    const made = path.join(root, 'made.docx');
    await writeFile(made, await docxOf([para('濮阳市职业教育活动周')]));
    // soffice … --convert-to docx --outdir DIR FILE writes DIR/<stem>.docx.
    const soffice = path.join(root, 'soffice');
    await writeFile(soffice, `#!/bin/sh\nwhile [ "$1" != "--outdir" ]; do shift; done\ncp '${made}' "$2/$(basename "$3" .doc).docx"\n`);
    await chmod(soffice, 0o755);
    process.env.PYVW_SOFFICE = soffice;
    try {
      const outcome = await fix(source, { lang: 'en' });
      expect(byPath(outcome, '活动简介.doc')).toMatchObject({ action: 'docx', targets: ['活动简介.docx'] });
      expect(rulesOf(byPath(outcome, '活动简介.doc').after?.findings)).not.toContain('text/readable');
    } finally {
      delete process.env.PYVW_SOFFICE;
    }
  });
});

describe('pyvw fix (CLI)', () => {
  it('prints the before/after table; refuses an existing folder without --force, and --force on a folder it did not make; --dry-run writes nothing', async () => {
    const source = path.join(root, 'cli-day');
    await mkdir(source, { recursive: true });
    // A PNG, not the HEIC: the program would compile libheif's WebAssembly for it, a second of CPU (HEIC is tested above).
    await writeFile(path.join(source, '学生技能展示.png'), await flatPng(300, 200));
    const dry = await fix(source, { lang: 'en', dryRun: true });
    expect(dry.files[0]!.done.join('')).toContain('converted to JPEG');
    expect(existsSync(`${source}-修正`)).toBe(false);

    // The program itself once; the refusal through main() in-process.
    const run = runCli(['fix', source]);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('原来的问题');
    expect(run.stdout).toContain('PNG 转为 JPG');
    expect(run.stdout).toContain('不合格');
    const again = await runMain(['fix', source]);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('--force');
    await expect(fix(source, { lang: 'en', force: true })).resolves.toMatchObject({ dryRun: false });

    const notOurs = path.join(root, 'not-ours');
    await mkdir(notOurs);
    await expect(fix(source, { lang: 'en', out: notOurs, force: true })).rejects.toThrow('was not made by pyvw fix');
  }, 60_000);
});
