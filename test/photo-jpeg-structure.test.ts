// The JPEG walk on its own: every legal coding passes whole, every cut, bit-rotted or zeroed copy is caught,
// and no mangled input makes it throw.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp, { type JpegOptions } from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkJpegStructure } from '../src/inspect/jpeg-structure.js';
import { makeJpeg, scanStart } from './support/jpeg.js';

const FIXTURES = path.join(import.meta.dirname, '../fixtures/jpeg-variants');

let base: Buffer;
let progressive: Buffer;
const legal: Record<string, Buffer> = {};

beforeAll(async () => {
  base = await makeJpeg(320, 240);
  progressive = await sharp(base).jpeg({ progressive: true, quality: 90 }).toBuffer();
  const from = (options: JpegOptions) => sharp(base).jpeg(options).toBuffer();
  Object.assign(legal, {
    'baseline 4:2:0': base,
    'baseline 4:4:4': await from({ chromaSubsampling: '4:4:4' }),
    progressive,
    'progressive 4:4:4': await from({ progressive: true, chromaSubsampling: '4:4:4' }),
    'mozjpeg (trellis, optimised scans)': await from({ mozjpeg: true }),
    'optimised Huffman tables': await from({ optimiseCoding: true }),
    'quality 100': await from({ quality: 100 }),
    'quality 1': await from({ quality: 1 }),
    greyscale: await sharp(base).greyscale().toColourspace('b-w').jpeg().toBuffer(),
    'greyscale progressive': await sharp(base).toColourspace('b-w').jpeg({ progressive: true }).toBuffer(),
    CMYK: await sharp(base).toColourspace('cmyk').jpeg().toBuffer(),
    '1×1': await sharp(base).resize(1, 1).jpeg().toBuffer(),
    '17×9': await sharp(base).resize(17, 9, { fit: 'fill' }).jpeg().toBuffer(),
    '17×9 progressive': await sharp(base).resize(17, 9, { fit: 'fill' }).jpeg({ progressive: true }).toBuffer(),
    '333×211': await sharp(base).resize(333, 211, { fit: 'fill' }).jpeg().toBuffer(),
  });
  for (const name of await readdir(FIXTURES)) {
    if (name.endsWith('.jpg')) legal[`fixture ${name}`] = await readFile(path.join(FIXTURES, name));
  }
});

describe('legal JPEGs walk whole', () => {
  it('every coding sharp, cjpeg, ImageMagick, ffmpeg and exiftool write', () => {
    for (const [name, jpeg] of Object.entries(legal)) {
      const structure = checkJpegStructure(jpeg);
      expect(structure.problem, name).toBeUndefined();
      expect(structure.end, name).toBe(jpeg.length);
    }
  });

  it('walks the Huffman data of baseline and progressive files, and leaves arithmetic and lossless ones to sharp', () => {
    expect(checkJpegStructure(base)).toMatchObject({ process: 'baseline', entropyChecked: true, scans: 1, width: 320, height: 240 });
    expect(checkJpegStructure(progressive)).toMatchObject({ process: 'progressive', entropyChecked: true });
    expect(checkJpegStructure(legal['fixture restart-markers.jpg']!)).toMatchObject({ entropyChecked: true });
    expect(checkJpegStructure(legal['fixture restart-markers.jpg']!).restartInterval).toBeGreaterThan(0);
    expect(checkJpegStructure(legal['fixture arithmetic.jpg']!)).toMatchObject({ process: 'arithmetic', entropyChecked: false });
    expect(checkJpegStructure(legal['fixture lossless.jpg']!)).toMatchObject({ process: 'lossless', entropyChecked: false });
  });

  it.each([
    ['a second JPEG (gain map, MPF)', async () => sharp(base).resize(40).jpeg().toBuffer()],
    ['a motion-photo video with marker-like bytes', async () => Buffer.from([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0xff, 0xd8, 0xff, 0xd9, 0xff, 0x00])],
    ['zeros', async () => Buffer.alloc(4096)],
  ])('bytes after the end marker are not read: %s', async (_label, trailer) => {
    const jpeg = Buffer.concat([base, await trailer()]);
    const structure = checkJpegStructure(jpeg);
    expect(structure.problem).toBeUndefined();
    expect(structure.end).toBe(base.length);
  });

  it('fill bytes before a marker are legal', () => {
    const jpeg = Buffer.concat([base.subarray(0, base.length - 2), Buffer.from([0xff, 0xff, 0xff, 0xd9])]);
    expect(checkJpegStructure(jpeg).problem).toBeUndefined();
  });

  it('odd scan parameters in a sequential file only make libjpeg warn, so they pass', () => {
    const jpeg = Buffer.from(base);
    jpeg[scanStart(jpeg) - 2] = 0; // Se of the SOS header
    expect(checkJpegStructure(jpeg).problem).toBeUndefined();
  });
});

/** Replaces the first `FF <from>` marker byte. */
function patchMarker(jpeg: Buffer, from: number, to: number): Buffer {
  jpeg[jpeg.indexOf(Buffer.from([0xff, from])) + 1] = to;
  return jpeg;
}

/** Sets the byte `offset` bytes after the first `FF <marker>`. */
function patchAfter(jpeg: Buffer, marker: number, offset: number, value: number): Buffer {
  jpeg[jpeg.indexOf(Buffer.from([0xff, marker])) + offset] = value;
  return jpeg;
}

/**
 * The first Huffman table given one code more at its longest length: a libjpeg encoder leaves exactly the code of
 * all ones unused there (the standard reserves it), so the new symbol takes it. Every code the scan uses is kept.
 */
function withAllOnesCode(jpeg: Buffer): Buffer {
  const at = jpeg.indexOf(Buffer.from([0xff, 0xc4]));
  const end = at + 2 + jpeg.readUInt16BE(at + 2);
  const counts = Buffer.from(jpeg.subarray(at + 5, at + 21));
  const total = counts.reduce((sum, count) => sum + count, 0);
  const symbols = jpeg.subarray(at + 21, at + 21 + total);
  let longest = 16;
  while (!counts[longest - 1]) longest--;
  counts[longest - 1]!++;
  let unused = 0;
  while (symbols.includes(unused)) unused++;
  const tables = Buffer.concat([jpeg.subarray(at + 4, at + 5), counts, symbols, Buffer.from([unused]), jpeg.subarray(at + 21 + total, end)]);
  const length = Buffer.alloc(4);
  length.writeUInt16BE(0xffc4, 0);
  length.writeUInt16BE(tables.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, at), length, tables, jpeg.subarray(end)]);
}

/** The first `FF <marker>` segment one byte longer, a zero byte added at its end: every other byte as it was. */
function lengthened(jpeg: Buffer, marker: number): Buffer {
  const at = jpeg.indexOf(Buffer.from([0xff, marker]));
  const end = at + 2 + jpeg.readUInt16BE(at + 2);
  const longer = Buffer.concat([jpeg.subarray(0, end), Buffer.from([0]), jpeg.subarray(end)]);
  longer.writeUInt16BE(end - at - 1, at + 2);
  return longer;
}

/** The successive-approximation byte (Ah, Al) of the first scan of `jpeg` that `pick` chooses, set to `value`. */
function withApproximation(jpeg: Buffer, pick: (ss: number, ah: number) => boolean, value: number): Buffer {
  const changed = Buffer.from(jpeg);
  for (let at = 2; at < jpeg.length - 4; ) {
    const marker = jpeg[at + 1]!;
    if (jpeg[at] !== 0xff || marker === 0 || marker === 0xff || (marker >= 0xd0 && marker <= 0xd7)) {
      at++;
      continue;
    }
    if (marker === 0xda) {
      const approximation = at + 4 + 1 + 2 * jpeg[at + 4]! + 2;
      if (pick(jpeg[approximation - 2]!, jpeg[approximation]! >> 4)) {
        changed[approximation] = value;
        return changed;
      }
    }
    at += 2 + jpeg.readUInt16BE(at + 2);
  }
  throw new Error('no such scan');
}

describe('mangled JPEGs are caught', () => {
  const walked = (): [string, Buffer][] => [
    ['baseline', base],
    ['progressive', progressive],
    ['restart markers', legal['fixture restart-markers.jpg']!],
    ['progressive with restarts', legal['fixture progressive-restart.jpg']!],
    ['three sequential scans', legal['fixture sequential-three-scans.jpg']!],
  ];

  it('a copy cut anywhere is "cut"', () => {
    for (const [name, jpeg] of walked()) {
      for (let i = 1; i <= 20; i++) {
        const cut = jpeg.subarray(0, Math.floor((jpeg.length * i) / 21));
        expect(checkJpegStructure(cut).problem?.damage, `${name} cut at ${cut.length}`).toBe('cut');
      }
      expect(checkJpegStructure(jpeg.subarray(0, jpeg.length - 2)).problem?.damage, `${name} without EOI`).toBe('cut');
    }
  });

  it('a block of zeros inside the image data is corrupt', () => {
    for (const [name, jpeg] of walked()) {
      const start = scanStart(jpeg);
      for (const at of [0.2, 0.5, 0.8]) {
        const zeroed = Buffer.from(jpeg);
        const from = start + Math.floor((jpeg.length - start) * at);
        zeroed.fill(0, from, Math.min(from + 300, jpeg.length - 2));
        const problem = checkJpegStructure(zeroed).problem;
        expect(problem, `${name} zeroed at ${from}`).toBeDefined();
        expect(problem!.damage).not.toBe('cut');
      }
    }
  });

  // Rot that decodes into exactly as many blocks as the bytes it replaced cannot be seen by any decoder (djpeg
  // passes those too; on these files it caught no spot the walk missed), so this counts: of 30 rotten spots in
  // each file, most must be caught.
  it('bit rot in the image data is corrupt', () => {
    for (const [name, jpeg] of walked()) {
      const start = scanStart(jpeg);
      let caught = 0;
      for (let spot = 0; spot < 30; spot++) {
        const rotten = Buffer.from(jpeg);
        const at = start + Math.floor(((jpeg.length - start - 40) * (spot + 0.5)) / 30);
        for (let i = 0; i < 24; i++) rotten[at + i]! ^= 0xa5 + i;
        if (checkJpegStructure(rotten).problem) caught++;
      }
      expect(caught, name).toBeGreaterThanOrEqual(20);
    }
  });

  it.each([
    ['a reserved marker', (j: Buffer) => patchMarker(j, 0xdb, 0x5b), 'bad-marker'],
    ['a second SOI', (j: Buffer) => patchMarker(j, 0xc4, 0xd8), 'bad-marker'],
    ['a flipped SOF (hierarchical without DHP)', (j: Buffer) => patchMarker(j, 0xc0, 0xc5), 'bad-marker'],
    ['precision 9 in a baseline frame', (j: Buffer) => patchAfter(j, 0xc0, 4, 9), 'bad-header'],
    ['quantization table 0x80', (j: Buffer) => patchAfter(j, 0xc0, 12, 0x80), 'bad-header'],
    ['sampling factor 0', (j: Buffer) => patchAfter(j, 0xc0, 11, 0x01), 'bad-header'],
    ['Huffman table index 5', (j: Buffer) => patchAfter(j, 0xc4, 4, 0x05), 'bad-header'],
  ])('header damage libjpeg refuses: %s', (_label, mangle, damage) => {
    expect(checkJpegStructure(mangle(Buffer.from(base))).problem?.damage).toBe(damage);
  });

  // Headers the walk once let through: libjpeg refuses each (so sharp does, and the browsers and WeChat that decode
  // with libjpeg-turbo), in the words given here.
  it.each([
    ['a Huffman code of all ones', () => withAllOnesCode(Buffer.from(base)), /Bogus Huffman table/u],
    ['a scan header one byte longer', () => lengthened(base, 0xda), /Bogus marker length/u],
    ['a frame header one byte longer', () => lengthened(base, 0xc0), /Bogus marker length/u],
    ['a restart interval one byte longer', () => lengthened(legal['fixture restart-markers.jpg']!, 0xdd), /Bogus marker length/u],
    ['a width of 65535', () => patchAfter(patchAfter(Buffer.from(base), 0xc0, 7, 0xff), 0xc0, 8, 0xff), /Maximum supported image dimension/u],
    ['a refinement two bits below the last', () => withApproximation(progressive, (_ss, ah) => ah === 1, 0x12), /Invalid progressive/u],
    ['a first scan with a point transform of 14', () => withApproximation(progressive, (ss, ah) => ss === 0 && ah === 0, 0x0e), /Invalid progressive/u],
  ])('header damage libjpeg refuses, as the walk does: %s', async (_label, mangle, words) => {
    const mangled = mangle();
    await expect(sharp(mangled).raw().toBuffer()).rejects.toThrow(words);
    expect(checkJpegStructure(mangled).problem?.damage).toBe('bad-header');
  });

  // libjpeg only warns ("Inconsistent progression sequence") and decodes a wrong picture: the first AC scan of luma
  // ends one bit higher than the refinement after it takes up.
  it('a progressive scan that does not go on from the scans before it is a bad header', () => {
    const inconsistent = withApproximation(progressive, (ss, ah) => ss > 0 && ah === 0, 0x03);
    expect(inconsistent.equals(progressive)).toBe(false);
    expect(checkJpegStructure(inconsistent).problem?.damage).toBe('bad-header');
  });

  it('a scan whose marker was lost is corrupt: its bytes lie outside any segment', () => {
    for (const jpeg of [progressive, legal['fixture sequential-three-scans.jpg']!]) {
      const lost = Buffer.from(jpeg);
      const second = lost.indexOf(Buffer.from([0xff, 0xda]), scanStart(jpeg));
      lost[second + 1] = 0;
      expect(checkJpegStructure(lost).problem).toMatchObject({ damage: 'extra-data' });
    }
  });

  it('a file that is all zeros after its header is corrupt or cut', () => {
    const blank = Buffer.from(base);
    blank.fill(0, scanStart(base));
    expect(checkJpegStructure(blank).problem).toBeDefined();
  });

  it('never throws, whatever the bytes', () => {
    let seed = 99;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (const [, jpeg] of walked()) {
      for (let t = 0; t < 150; t++) {
        const mangled = Buffer.from(jpeg);
        const count = 1 + random(40);
        for (let i = 0; i < count; i++) mangled[random(mangled.length)] = random(256);
        const cut = random(4) === 0 ? mangled.subarray(0, random(mangled.length)) : mangled;
        expect(() => checkJpegStructure(cut)).not.toThrow();
      }
    }
    expect(() => checkJpegStructure(Buffer.alloc(0))).not.toThrow();
    expect(checkJpegStructure(Buffer.from([0xff, 0xd8])).problem?.damage).toBe('cut');
  });
});
