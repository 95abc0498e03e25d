import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDocxPictureAsJpeg, PictureTooLarge } from '../src/pack/docx-pictures.js';
import { pack, type PackOutcome } from '../src/pack/index.js';
import { formatPackOutcome } from '../src/pack/summary.js';
import { getProfile, DEFAULT_PROFILE } from '../src/profile/profile.js';
import { lieAboutSize, photoNewsDocx, rewriteDocx } from './support/docx.js';
import { put } from './support/folders.js';
import { flatJpeg, flatPng, noiseJpeg } from './support/images.js';
import { smallConfig } from './support/pack.js';
import { chineseTextOf } from './support/texts.js';
import { readZip } from './support/zip.js';

/**
 * Issue #9, item 8: pack writes the pictures of photo news and media reports out as JPG files. A picture that
 * inflates to a gigabyte, or a PNG of 16383 × 16383 pixels in a 47 KB document, reached 2.14 GB and 1.76 GB of
 * memory. Now the profile bounds both (`pictureExport`), the picture is refused before it is read or decoded, and
 * the clerk and the bureau are told. The memory itself is `npm run bench docx-bomb`'s business.
 */

const LIMITS = getProfile(DEFAULT_PROFILE).pictureExport;
const DATE = '2023-05-15';

function pngChunk(type: string, data: Buffer): Buffer {
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  chunk.write(type, 4, 'latin1');
  data.copy(chunk, 8);
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + data.length)), 8 + data.length);
  return chunk;
}

/** A PNG whose header says 16383 × 16383 grey pixels: only its first row is there, which the header alone cannot tell. */
function pixelBombPng(edge = 16383): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(edge, 0);
  header.writeUInt32BE(edge, 4);
  header[8] = 8;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header), pngChunk('IDAT', deflateSync(Buffer.alloc(edge + 1))), pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

let work: string;
/** Photo news whose one picture is `data` (in the place of a PNG the `docx` package wrote), and that picture's entry. */
async function newsWith(name: string, data: Buffer): Promise<{ docx: string; media: string }> {
  const source = await put(path.join(work, 'source.docx'), await photoNewsDocx([{ type: 'png', data: await flatPng(64, 48) }]));
  const media = [...(await readZip(source)).keys()].find((n) => n.startsWith('word/media/'))!;
  return { docx: await rewriteDocx(source, path.join(work, name), { [media]: data }), media };
}

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'pyvw-picture-limits-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('a picture written out of a Word file', () => {
  it('with more pixels than the profile allows is refused from its header, never decoded', async () => {
    const { docx, media } = await newsWith('pixels.docx', pixelBombPng());
    const refused = await openDocxPictureAsJpeg(docx, media, LIMITS).then(() => undefined, (e: unknown) => e);
    expect(refused).toBeInstanceOf(PictureTooLarge);
    expect((refused as PictureTooLarge).excess).toEqual({ measure: 'pixels', width: 16383, height: 16383, max: LIMITS.maxPixels });
  });

  it('larger inflated than the profile allows is refused on its declared size, never read', async () => {
    const jpeg = await flatJpeg(64, 48);
    const { docx, media } = await newsWith('bytes.docx', Buffer.concat([jpeg, Buffer.alloc(LIMITS.maxBytes + 1 - jpeg.length)]));
    const refused = await openDocxPictureAsJpeg(docx, media, LIMITS).then(() => undefined, (e: unknown) => e);
    expect((refused as PictureTooLarge).excess).toEqual({ measure: 'bytes', bytes: LIMITS.maxBytes + 1, max: LIMITS.maxBytes });
  });

  it('that lies about its size is stopped where the lie ends', async () => {
    const png = await flatPng(64, 48);
    const { docx: honest, media } = await newsWith('liar-source.docx', Buffer.concat([png, Buffer.alloc(8 * 1024 * 1024)]));
    const liar = await lieAboutSize(honest, path.join(work, 'liar.docx'), media, 1024);
    const stopped = await openDocxPictureAsJpeg(liar, media, LIMITS).then(() => undefined, (e: unknown) => e);
    expect(String(stopped)).toMatch(/too many bytes/u);
  });

  it('that holds fewer bytes than it says is left out, not sent short', async () => {
    const jpeg = await noiseJpeg(64, 48);
    const { docx: honest, media } = await newsWith('short-source.docx', jpeg);
    const short = await lieAboutSize(honest, path.join(work, 'short.docx'), media, jpeg.length + 100);
    const refused = await openDocxPictureAsJpeg(short, media, LIMITS).then(() => undefined, (e: unknown) => e);
    expect(String(refused)).toMatch(new RegExp(`not enough bytes in the stream\\. expected ${jpeg.length + 100}\\. got only ${jpeg.length}`, 'u'));
  });

  it('within the limits is converted as before', async () => {
    const { docx, media } = await newsWith('fine.docx', await flatPng(300, 200));
    const { stream, converted } = await openDocxPictureAsJpeg(docx, media, { maxBytes: 1024 * 1024, maxPixels: 300 * 200 });
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    expect(converted).toBe(true);
    expect(Buffer.concat(chunks).subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
  });
});

describe('pack of a day holding a pixel bomb in its photo news', () => {
  let outcome: PackOutcome;
  beforeAll(async () => {
    const day = path.join(work, 'day', 'today');
    await put(path.join(work, 'day', 'pyvw.config.json'), smallConfig());
    await put(path.join(day, '文字材料', '活动纪实.txt'), chineseTextOf(1000));
    const { docx } = await newsWith('bomb-news.docx', pixelBombPng());
    await put(path.join(day, '图片新闻', '技能展示进校园.docx'), await readFile(docx));
    // A left-out file whose name would clear the clerk's screen: pack's own summary escapes it too (#9.6).
    await put(path.join(day, '附件\u001b[2J.pdf'), 'x');
    outcome = await pack(day, { lang: 'zh', date: DATE, skipInvalid: true });
  });

  it('names the left-out file through the terminal\'s escaping layer', () => {
    const said = formatPackOutcome(outcome, { lang: 'zh', colorLevel: 0 });
    expect(said).toContain('附件␛[2J.pdf');
    expect(said).not.toContain('\u001b');
  });

  it('sends the document, not the picture, and tells the clerk and the bureau why', async () => {
    expect(outcome.status).toBe('packed');
    const zip = await readZip(outcome.packages[0]!.path);
    expect([...zip.keys()]).toContain('图片新闻/技能展示进校园.docx');
    expect([...zip.keys()].some((n) => n.endsWith('.jpg'))).toBe(false);
    const said = '有 16,383×16,383 像素（268,402,689 像素），超过转为 JPG 的上限 50,000,000 像素，没有解码';
    expect(zip.get('报送清单.txt')!.data.toString('utf8')).toContain(said);
    expect(outcome.notes.map((n) => n.zh).join('\n')).toContain(said);
    expect(formatPackOutcome(outcome, { lang: 'zh', colorLevel: 0 })).toContain(said);
    expect(formatPackOutcome(outcome, { lang: 'en', colorLevel: 0 })).toContain('16,383×16,383 pixels');
  });
});
