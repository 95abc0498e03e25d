// Photo thumbnails from the JPEG walk's 1/8-scale preview (src/inspect/jpeg-preview.ts) against the thumbnails
// sharp makes by decoding the photo again: the same picture, upright, within a small mean difference per sample;
// previews only where they are asked for and where the coding allows them; and the way from a check to the report.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../src/api.js';
import { checkJpegStructure } from '../src/inspect/jpeg-structure.js';
import { makeThumbnails, thumbnailFromFile, thumbnailFromPreview, thumbnailsFromCheck, THUMBNAIL_EDGE, type Thumbnail } from '../src/report/thumbnails.js';
import { flatJpeg } from './support/images.js';
import { photoNewsDocx } from './support/docx.js';
import { dayFolder, makeJpeg, type DayFolder } from './support/jpeg.js';

const FIXTURES = path.join(import.meta.dirname, '../fixtures/jpeg-variants');

/** Smooth colour fields with little noise: what a thumbnail's resampling does not change much. */
const photo = (width: number, height: number, options: Parameters<typeof makeJpeg>[2] = {}): Promise<Buffer> =>
  makeJpeg(width, height, { noise: 6, ...options });

const pixelsOf = (thumbnail: Thumbnail): Buffer => Buffer.from(thumbnail.src.replace(/^data:image\/jpeg;base64,/u, ''), 'base64');

/**
 * The mean absolute difference per sample (0–255) between the thumbnail made from the preview and the one sharp
 * makes by decoding the photo (brought to the same size where the 1/8 picture is smaller than the thumbnail).
 */
async function differenceFromSharp(jpeg: Buffer, thumbnail: Thumbnail): Promise<number> {
  const ours = await sharp(pixelsOf(thumbnail)).raw().toBuffer({ resolveWithObject: true });
  const { width, height, channels } = ours.info;
  const theirs = await sharp(pixelsOf(await thumbnailFromFile(jpeg))).resize(width, height, { fit: 'fill' }).raw().toBuffer({ resolveWithObject: true });
  expect(theirs.info.channels).toBe(channels);
  let sum = 0;
  for (let i = 0; i < theirs.data.length; i++) sum += Math.abs(theirs.data[i]! - ours.data[i]!);
  return sum / theirs.data.length;
}

async function previewThumbnail(jpeg: Buffer, orientation?: number): Promise<Thumbnail> {
  const { preview, problem } = checkJpegStructure(jpeg, { preview: THUMBNAIL_EDGE });
  expect(problem).toBeUndefined();
  expect(preview).toBeDefined();
  return thumbnailFromPreview(preview!, orientation);
}

/** Photos made at test time whose 1/8 picture is as wide as a thumbnail (320 px): both ways give the same size. */
const photos: Record<string, Buffer> = {};
/** Small legal JPEGs (96×72) in layouts sharp does not write (fixtures/jpeg-variants/README.md). */
const layouts: Record<string, Buffer> = {};

beforeAll(async () => {
  const base = await photo(2560, 1712);
  Object.assign(photos, {
    '4:2:0': base,
    '4:4:4': await sharp(base).jpeg({ chromaSubsampling: '4:4:4', quality: 90 }).toBuffer(),
    greyscale: await sharp(base).toColourspace('b-w').jpeg().toBuffer(),
    'optimised Huffman tables, quality 60': await sharp(base).jpeg({ optimiseCoding: true, quality: 60 }).toBuffer(),
  });
  for (const name of ['subsampling-422.jpg', 'subsampling-411.jpg', 'restart-markers.jpg', 'sequential-three-scans.jpg', 'exif-thumbnail.jpg']) {
    layouts[name] = await readFile(path.join(FIXTURES, name));
  }
});

/** Luma (JFIF's Y) of RGB or grey pixels: a linear sum, so the mean of a block's luma is the luma of its mean. */
const luma = (data: Uint8Array, channels: number, i: number): number =>
  channels === 1 ? data[i]! : 0.299 * data[i * 3]! + 0.587 * data[i * 3 + 1]! + 0.114 * data[i * 3 + 2]!;

/**
 * The mean absolute difference (0–255) between the preview's luma and the mean luma of each 8×8 block of sharp's
 * full decode: what libjpeg's 1/8 decode outputs (chroma aside: a 2×2 inverse DCT for 4:2:0, see jpeg-preview.ts).
 */
async function lumaDifferenceFromBlockMeans(jpeg: Buffer): Promise<number> {
  const { preview } = checkJpegStructure(jpeg, { preview: 10_000 });
  const { width, height, channels, data } = preview!;
  const full = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
  const means = new Float64Array(width * height);
  const counts = new Float64Array(width * height);
  for (let y = 0; y < full.info.height; y++) {
    for (let x = 0; x < full.info.width; x++) {
      const block = (y >> 3) * width + (x >> 3);
      means[block] = means[block]! + luma(full.data, full.info.channels, y * full.info.width + x);
      counts[block] = counts[block]! + 1;
    }
  }
  let sum = 0;
  for (let i = 0; i < means.length; i++) sum += Math.abs(means[i]! / counts[i]! - luma(data, channels, i));
  return sum / means.length;
}

describe('thumbnails from the walk’s preview', () => {
  it('look like sharp’s thumbnail of the photo, for 4:2:0, 4:4:4 and greyscale photos', async () => {
    for (const [name, jpeg] of Object.entries(photos)) {
      const thumbnail = await previewThumbnail(jpeg);
      expect([thumbnail.width, thumbnail.height], name).toEqual([320, 214]);
      // Measured 0.6–1.1: the JPEG coding of the thumbnails and lanczos against area averaging.
      expect(await differenceFromSharp(jpeg, thumbnail), name).toBeLessThan(2);
    }
  });

  it('are the 1/8 picture libjpeg decodes, one pixel per 8×8 block, for 4:2:2, 4:1:1, restart intervals and one scan per component', async () => {
    for (const [name, jpeg] of Object.entries(layouts)) {
      const thumbnail = await previewThumbnail(jpeg);
      expect([thumbnail.width, thumbnail.height], name).toEqual([12, 9]);
      // Measured 0.28–0.31: rounding.
      expect(await lumaDifferenceFromBlockMeans(jpeg), name).toBeLessThan(1);
    }
  });

  it('show the photo upright in all eight EXIF orientations', async () => {
    // Four quadrants of different colours, on block boundaries, so that a wrong turn or mirror is far from sharp's.
    const [width, height] = [640, 448];
    const quadrants = Buffer.alloc(width * height * 3);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const colour = [[230, 40, 40], [40, 200, 40], [40, 40, 230], [220, 220, 60]][(y < height / 2 ? 0 : 2) + (x < width / 2 ? 0 : 1)]!;
        quadrants.set(colour, (y * width + x) * 3);
      }
    }
    for (let orientation = 1; orientation <= 8; orientation++) {
      const jpeg = await sharp(quadrants, { raw: { width, height, channels: 3 } }).withMetadata({ orientation }).jpeg({ quality: 90 }).toBuffer();
      const thumbnail = await previewThumbnail(jpeg, orientation);
      expect([thumbnail.width, thumbnail.height], `orientation ${orientation}`).toEqual(orientation >= 5 ? [56, 80] : [80, 56]);
      // Measured 2.4–2.5 (sharp's thumbnail is brought from 320 to 80 px); a wrong turn or mirror is ~100.
      expect(await differenceFromSharp(jpeg, thumbnail), `orientation ${orientation}`).toBeLessThan(4);
    }
  });

  it('are reduced on the walk’s side to the thumbnail’s edge: a 4000×3000 photo sends 320×240 pixels, not 500×375', async () => {
    const jpeg = await flatJpeg(4000, 3000);
    const { preview } = checkJpegStructure(jpeg, { preview: THUMBNAIL_EDGE });
    expect(preview).toMatchObject({ width: 320, height: 240, channels: 3 });
    expect(preview!.data.length).toBe(320 * 240 * 3);
    expect(await differenceFromSharp(jpeg, await thumbnailFromPreview(preview!, 1))).toBeLessThan(2);
  });

  it('are made only when asked for, and only for codings whose DC coefficients are the picture', async () => {
    const jpeg = photos['4:2:0']!;
    expect(checkJpegStructure(jpeg).preview).toBeUndefined();
    const progressive = await sharp(jpeg).jpeg({ progressive: true }).toBuffer();
    for (const other of [
      progressive,
      await readFile(path.join(FIXTURES, 'imagemagick-cmyk.jpg')), // Adobe APP14, four components
      await readFile(path.join(FIXTURES, 'arithmetic.jpg')),
      // Damaged: the walk's finding stands, and sharp (or nothing) makes the thumbnail.
      Buffer.concat([jpeg.subarray(0, jpeg.length - 400), Buffer.from([0xff, 0xd9])]),
    ]) {
      expect(checkJpegStructure(other, { preview: THUMBNAIL_EDGE }).preview).toBeUndefined();
    }
  });
});

describe('a walk asked for a preview', () => {
  it('finds exactly what a walk without one finds, on mangled photos too, and makes a preview only of whole ones', () => {
    let seed = 11;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return (seed >>> 8) % n;
    };
    let previews = 0;
    for (const jpeg of [photos['4:2:0']!, photos.greyscale!, ...Object.values(layouts)]) {
      const from = jpeg.indexOf(Buffer.from([0xff, 0xda]));
      for (let t = 0; t < 25; t++) {
        const mangled = Buffer.from(jpeg);
        if (t % 5 === 4) mangled.fill(0, from + random(jpeg.length - from), jpeg.length - 2);
        else for (let i = 1 + random(3); i > 0; i--) mangled[from + random(jpeg.length - from)]! ^= 1 << random(8);
        const { preview, ...withPreview } = checkJpegStructure(mangled, { preview: THUMBNAIL_EDGE });
        const without = checkJpegStructure(mangled);
        expect(withPreview).toEqual(without);
        expect(preview === undefined || without.problem === undefined).toBe(true);
        if (preview) previews++;
      }
    }
    // Some flips land where decoding stays legal (a changed coefficient): those still get their preview.
    expect(previews).toBeGreaterThan(0);
  });
});

describe('from a check to the report', () => {
  let day: DayFolder;
  afterAll(() => day?.remove());

  it('makes the photos’ thumbnails from the check’s walks; the rest are decoded by sharp, as before', async () => {
    day = await dayFolder();
    const baseline = await day.write('图片/开幕式现场照片1.jpg', await photo(2400, 1600));
    const progressive = await day.write('图片/开幕式现场照片2.jpg', await sharp(await photo(2400, 1600)).jpeg({ progressive: true }).toBuffer());
    const fromCheck = thumbnailsFromCheck();
    let outcome: Awaited<ReturnType<typeof check>>;
    try {
      outcome = await check([day.dir], { lang: 'zh' });
    } finally {
      fromCheck.stop();
    }
    const early = await fromCheck.get(baseline);
    expect(early).toMatchObject({ width: 300, height: 200 });
    expect(fromCheck.get(progressive)).toBeUndefined();
    const thumbnails = await makeThumbnails(outcome.judged.map(({ judged }) => judged.files), { fromCheck });
    const made = [...thumbnails.values()].flat();
    expect(made).toHaveLength(2);
    expect(made).toContain(early);
    // The progressive photo: sharp's thumbnail, at the full edge.
    expect(made.find((t) => t !== early)).toMatchObject({ width: 320, height: 213 });
    // A check without a listener makes no previews at all.
    const silent = thumbnailsFromCheck();
    silent.stop();
    await check([day.dir], { lang: 'zh' });
    expect(silent.get(baseline)).toBeUndefined();
  }, 30_000);

  it('reads the Word documents’ pictures ahead for pack: the same thumbnails, in the same order, with their captions', async () => {
    const docDay = await dayFolder();
    try {
      const docx = await docDay.write('图片新闻/技能展示.docx', await photoNewsDocx([
        { type: 'jpg', data: await photo(2400, 1600) },
        { type: 'png', data: await sharp(await photo(800, 600)).png().toBuffer() },
      ]));
      const fromCheck = thumbnailsFromCheck();
      let outcome: Awaited<ReturnType<typeof check>>;
      try {
        outcome = await check([docDay.dir], { lang: 'zh', onInspected: (entry) => fromCheck.inspected(entry) });
        fromCheck.encodeNow();
      } finally {
        fromCheck.stop();
      }
      fromCheck.documentsNow();
      const ahead = await fromCheck.document(docx);
      const files = outcome.judged.map(({ judged }) => judged.files);
      const decoded = [...(await makeThumbnails(files)).values()].flat();
      expect(ahead).toHaveLength(2);
      expect(ahead).toEqual(decoded);
      expect(ahead!.map((t) => t.caption)).toEqual(['图1：学生在实训车间展示数控加工技能', '图2：学生在实训车间展示数控加工技能']);
    } finally {
      await docDay.remove();
    }
  }, 30_000);
});
