// Photo verdicts on real files, judged through the API as `pyvw check` judges them: real format, integrity,
// long edge as displayed, exact byte sizes, colour space, duplicates.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkJpegStructure } from '../src/inspect/jpeg-structure.js';
import type { FileResult } from '../src/types.js';
import { COM, dayFolder, findingsOf, makeFlatJpeg, makeJpeg, padTo, scanStart, withSegments, photoLookup, type DayFolder } from './support/jpeg.js';

const FIXTURES = path.join(import.meta.dirname, '../fixtures/jpeg-variants');
const CAPTIONED = '学生技能展示现场';
const MB2 = 2 * 1024 * 1024;

let day: DayFolder;
let files: Map<string, FileResult>;
let photo: (name: string) => FileResult;
const rules = (name: string): string[] => photo(name).findings.map((f) => f.rule);

/** A minimal HEIC header: what an iPhone photo renamed to .jpg starts with. */
const HEIC = Buffer.concat([
  Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic', 'latin1'), Buffer.from([0, 0, 0, 0]), Buffer.from('mif1heic', 'latin1'),
  Buffer.alloc(64),
]);

/** Marks a baseline JPEG as 12-bit: its data walks as before, but sharp's decoder refuses the precision. */
function as12bit(jpeg: Buffer): Buffer {
  const copy = Buffer.from(jpeg);
  const sof = copy.indexOf(Buffer.from([0xff, 0xc0]));
  copy[sof + 1] = 0xc1;
  copy[sof + 4] = 12;
  return copy;
}

/** The first of a row of rotten copies (24 bytes flipped) that the walk can tell from a whole file. */
function bitRotten(jpeg: Buffer): Buffer {
  const start = scanStart(jpeg);
  for (let spot = 0; spot < 50; spot++) {
    const rotten = Buffer.from(jpeg);
    const at = start + Math.floor(((jpeg.length - start) * (spot + 25)) / 100);
    for (let i = 0; i < 24; i++) rotten[at + i]! ^= 0x5a;
    if (checkJpegStructure(rotten).problem) return rotten;
  }
  throw new Error('no detectable rot');
}

beforeAll(async () => {
  day = await dayFolder();
  const small = await makeJpeg(240, 180);
  const flat = await makeFlatJpeg(4000, 3000);
  const big = padTo(flat, 2_500_000);
  const write = (name: string, content: Buffer | string) => day.write(`图片/${name}`, content);
  await Promise.all([
    // Real format, whatever the name says.
    write('png-named.jpg', await sharp(small).png().toBuffer()),
    write('webp-named.jpg', await sharp(small).webp().toBuffer()),
    write('gif-named.jpg', await sharp(small).gif().toBuffer()),
    write('heic-named.jpg', HEIC),
    write('upper.JPG', small),
    write('long.jpeg', small),
    write('mixed.JpEg', small),
    // Integrity.
    write('whole.jpg', big),
    write('truncated.jpg', flat.subarray(0, Math.floor(flat.length / 2))),
    write('no-end-marker.jpg', small.subarray(0, small.length - 2)),
    write('bit-rot.jpg', bitRotten(small)),
    write('zeroed.jpg', Buffer.from(small).fill(0, scanStart(small) + 2000, scanStart(small) + 3000)),
    write('appended.jpg', Buffer.concat([small, Buffer.from('MotionPhoto_Data'), await sharp(small).resize(60).jpeg().toBuffer()])),
    write('empty.jpg', Buffer.alloc(0)),
    write('twelve-bit.jpg', as12bit(small)),
    write('lossless.jpg', await readFile(path.join(FIXTURES, 'lossless.jpg'))),
    write('arithmetic.jpg', await readFile(path.join(FIXTURES, 'arithmetic.jpg'))),
    write('arithmetic-cut.jpg', (await readFile(path.join(FIXTURES, 'arithmetic.jpg'))).subarray(0, 900)),
    write('restart-markers.jpg', await readFile(path.join(FIXTURES, 'restart-markers.jpg'))),
    write('progressive.jpg', await sharp(small).jpeg({ progressive: true }).toBuffer()),
    // A JFIF 2.01 header: libjpeg warns ("unknown JFIF revision number") on a picture that decodes whole.
    write('jfif-2.jpg', withSegments(small, { marker: 0xe0, payload: Buffer.from([0x4a, 0x46, 0x49, 0x46, 0, 2, 1, 0, 0, 1, 0, 1, 0, 0]) })),
    // Long edge as displayed.
    write('portrait-1500x2000.jpg', await makeFlatJpeg(1500, 2000)),
    write('rotated-2000x1500.jpg', await sharp(await makeFlatJpeg(2000, 1500)).withMetadata({ orientation: 6 }).jpeg().toBuffer()),
    write('landscape-1999x1500.jpg', await makeFlatJpeg(1999, 1500)),
    write('rotated-1999x1500.jpg', await sharp(await makeFlatJpeg(1999, 1500)).withMetadata({ orientation: 6 }).jpeg().toBuffer()),
    // Size in bytes, made exact by data after the end marker or by comment segments.
    write('exactly-2097152.jpg', padTo(small, MB2)),
    write('exactly-2097151.jpg', padTo(small, MB2 - 1)),
    write('comments-2097152.jpg', (() => {
      const segments = [];
      let missing = MB2 - small.length;
      while (missing > 0) {
        const size = Math.min(missing, 65_000);
        // A segment costs 4 bytes of marker and length besides its payload; the last takes what is left.
        segments.push({ marker: COM, payload: Buffer.alloc(Math.max(0, size - 4), 0x41) });
        missing -= Math.max(size, 4);
      }
      return withSegments(small, ...segments);
    })()),
    // Colour and duplicates.
    write('cmyk.jpg', await sharp(small).toColourspace('cmyk').jpeg().toBuffer()),
    write('original.jpg', big),
    write('same-again.jpg', big),
    write('same-size-other.jpg', (() => {
      const copy = Buffer.from(big);
      copy[copy.length - 1] = 0x21; // the padding after the end marker differs
      return copy;
    })()),
    write(`${CAPTIONED}.jpg`, big),
  ]);
  files = await day.judge();
  photo = photoLookup(files);
});

afterAll(() => day.remove());

describe('photo/jpeg: the real format, by content', () => {
  it.each([
    ['png-named.jpg', 'PNG'],
    ['webp-named.jpg', 'WEBP'],
    ['gif-named.jpg', 'GIF'],
    ['heic-named.jpg', 'HEIC'],
  ])('%s is an error naming %s', (name, format) => {
    const [finding] = findingsOf(photo(name), 'photo/jpeg');
    expect(finding).toMatchObject({ severity: 'error', data: { format: format.toLowerCase() } });
    expect(finding!.message).toContain(format);
  });

  it('a HEIC pyvw cannot decode is not called corrupt', () => {
    expect(findingsOf(photo('heic-named.jpg'), 'photo/intact')).toEqual([]);
    expect(photo('heic-named.jpg').facts.intact).toBeNull();
  });

  it.each(['upper.JPG', 'long.jpeg', 'mixed.JpEg'])('%s passes in any case', (name) => {
    expect(findingsOf(photo(name), 'photo/jpeg')).toEqual([]);
    expect(photo(name).facts.format).toBe('jpeg');
  });
});

describe('photo/intact: the image data decodes whole', () => {
  it.each(['whole.jpg', 'appended.jpg', 'restart-markers.jpg', 'progressive.jpg', 'arithmetic.jpg', 'jfif-2.jpg', 'exactly-2097152.jpg', 'comments-2097152.jpg'])(
    '%s is intact',
    (name) => {
      expect(findingsOf(photo(name), 'photo/intact')).toEqual([]);
      expect(photo(name).facts.intact).toBe(true);
    },
  );

  it('bytes after the end marker are counted, not judged', () => {
    expect(photo('appended.jpg').facts.trailingBytes).toBeGreaterThan(100);
  });

  it.each(['truncated.jpg', 'no-end-marker.jpg', 'arithmetic-cut.jpg'])('%s fails as truncated', (name) => {
    const [finding] = findingsOf(photo(name), 'photo/intact');
    expect(finding).toMatchObject({ severity: 'error', data: { damage: 'cut' } });
    expect(finding!.message).toMatch(/^the photo is truncated/);
  });

  it.each(['bit-rot.jpg', 'zeroed.jpg'])('%s fails as corrupt, saying where', (name) => {
    const [finding] = findingsOf(photo(name), 'photo/intact');
    expect(finding).toMatchObject({ severity: 'error' });
    expect(finding!.message).toMatch(/^the photo is corrupt and does not decode: .*byte [\d,]+/);
  });

  it('a zero-byte file fails with its own message', () => {
    const [finding] = findingsOf(photo('empty.jpg'), 'photo/intact');
    expect(finding).toMatchObject({ severity: 'error', message: 'the file is empty (0 bytes)' });
    // 0 bytes is below 2,097,152 too: the rulebook's min-bytes holds for an empty file as for any other.
    expect(rules('empty.jpg')).toContain('photo/min-bytes');
  });

  it.each(['twelve-bit.jpg', 'lossless.jpg'])('%s, a legal JPEG sharp cannot decode, only gets a warning', (name) => {
    const [finding] = findingsOf(photo(name), 'photo/intact');
    expect(finding).toMatchObject({ severity: 'warning', data: { damage: 'unsupported' } });
    expect(photo(name).facts.intact).toBeNull();
  });

  it('measures what it can of a file it cannot decode', () => {
    expect(photo('twelve-bit.jpg').facts).toMatchObject({ width: 240, height: 180, jpegProcess: 'extended' });
  });
});

describe('photo/long-edge: 2000 px as displayed', () => {
  it('a 1500×2000 portrait passes', () => {
    expect(findingsOf(photo('portrait-1500x2000.jpg'), 'photo/long-edge')).toEqual([]);
  });

  it('a photo stored 2000×1500 with orientation 6 passes and is shown 1500×2000', () => {
    expect(findingsOf(photo('rotated-2000x1500.jpg'), 'photo/long-edge')).toEqual([]);
    expect(photo('rotated-2000x1500.jpg').facts).toMatchObject({
      width: 2000, height: 1500, orientation: 6, displayWidth: 1500, displayHeight: 2000, longEdge: 2000,
    });
  });

  it.each([
    ['landscape-1999x1500.jpg', '1999×1500'],
    ['rotated-1999x1500.jpg', '1500×1999'],
  ])('%s fails, shown as %s', (name, size) => {
    const [finding] = findingsOf(photo(name), 'photo/long-edge');
    expect(finding).toMatchObject({ severity: 'error', data: { longEdge: 1999, min: 2000 } });
    expect(finding!.message).toContain(size);
  });
});

describe('photo/min-bytes: 2,097,152 bytes', () => {
  it('2,097,152 bytes pass, by trailing data or by comment segments', () => {
    expect(photo('exactly-2097152.jpg').bytes).toBe(MB2);
    expect(photo('comments-2097152.jpg').bytes).toBe(MB2);
    expect(findingsOf(photo('exactly-2097152.jpg'), 'photo/min-bytes')).toEqual([]);
    expect(findingsOf(photo('comments-2097152.jpg'), 'photo/min-bytes')).toEqual([]);
  });

  it('2,097,151 bytes fail, shown as Explorer shows them', () => {
    const [finding] = findingsOf(photo('exactly-2097151.jpg'), 'photo/min-bytes');
    expect(finding).toMatchObject({ severity: 'error', data: { bytes: MB2 - 1 } });
    expect(finding!.message).toContain('1.99 MB');
  });
});

describe('photo/colour and photo/duplicate', () => {
  it('a CMYK JPEG warns', () => {
    expect(findingsOf(photo('cmyk.jpg'), 'photo/colour')).toMatchObject([{ severity: 'warning' }]);
    expect(findingsOf(photo('whole.jpg'), 'photo/colour')).toEqual([]);
  });

  it('byte-identical photos warn, naming the first', () => {
    const duplicates = [...files.values()].flatMap((f) => findingsOf(f, 'photo/duplicate').map((d) => [f.path, d.data.duplicateOf]));
    expect(duplicates).toEqual(
      expect.arrayContaining([['图片/same-again.jpg', expect.stringMatching(/^图片\//)], ['图片/学生技能展示现场.jpg', expect.stringMatching(/^图片\//)]]),
    );
    expect(findingsOf(photo('same-size-other.jpg'), 'photo/duplicate')).toEqual([]);
  });

  it('a photo that meets every rule has no finding', () => {
    expect(photo(`${CAPTIONED}.jpg`).findings.filter((f) => f.rule !== 'photo/duplicate')).toEqual([]);
    expect(photo(`${CAPTIONED}.jpg`).ok).toBe(true);
  });
});
