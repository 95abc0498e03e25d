// The fast walk of sequential scans (table-driven, on destuffed data) against the exact walk it falls back to:
// on legal files it must vouch for every scan itself, and on mangled ones the findings must be the exact walk's,
// field for field (damage, offset, marker, count), whatever the mangling.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkJpegStructure, fastWalkCounts } from '../src/inspect/jpeg-structure.js';
import { makeJpeg, scanStart } from './support/jpeg.js';

const FIXTURES = path.join(import.meta.dirname, '../fixtures/jpeg-variants');
const sequential: Record<string, Buffer> = {};

beforeAll(async () => {
  const base = await makeJpeg(160, 120);
  Object.assign(sequential, {
    'baseline 4:2:0': base,
    'baseline 4:4:4': await sharp(base).jpeg({ chromaSubsampling: '4:4:4', quality: 92 }).toBuffer(),
    // Long codes and many large coefficients: blocks that read far into the buffer's padding when damaged.
    'quality 100, noisy': await makeJpeg(48, 40, { quality: 100, noise: 255 }),
    'optimised Huffman tables': await sharp(base).jpeg({ optimiseCoding: true }).toBuffer(),
    greyscale: await sharp(base).toColourspace('b-w').jpeg().toBuffer(),
    '17×9': await sharp(base).resize(17, 9, { fit: 'fill' }).jpeg().toBuffer(),
    'a block filled by two runs of 15 from index 32': longRunsJpeg(),
  });
  for (const name of ['restart-markers.jpg', 'sequential-three-scans.jpg', 'subsampling-411.jpg', 'imagemagick-cmyk.jpg', 'exif-thumbnail.jpg']) {
    sequential[name] = await readFile(path.join(FIXTURES, name));
  }
});

/**
 * Two 8×8 grey blocks under an AC table of its own (run 0/size 1 '0', run 15/size 1 '10', run 1/size 1 '110',
 * end-of-block '1110'). The first block: a coefficient at 2, then 3–31, so that the walk reads three symbols at a
 * time from index 1 to index 32; then a run of 15 to 47 and another to 63, which fills it. The second block is
 * empty. At index 32 the next 12 bits hold both runs and the second block's first bits, which the AC table reads as
 * a third symbol: the fast walk takes three symbols at a time only below index 32, where no two of them can fill a
 * block, and any higher limit takes that third symbol into the first block.
 */
function longRunsJpeg(): Buffer {
  const bits: number[] = [];
  const put = (code: string): void => {
    for (const bit of code) bits.push(bit === '1' ? 1 : 0);
  };
  put('0'); // the first block's DC: size 0 (the DC table's one code)
  put('110' + '1'); // run 1, size 1, value 1: index 2
  for (let i = 3; i <= 31; i++) put('0' + '1'); // run 0, size 1, value 1
  put('10' + '1'); // run 15, size 1: index 47
  put('10' + '1'); // run 15, size 1: index 63, the block is full
  put('0' + '1110'); // the second block: DC size 0, end-of-block
  while (bits.length % 8) bits.push(1);
  const data: number[] = [];
  for (let i = 0; i < bits.length; i += 8) data.push(parseInt(bits.slice(i, i + 8).join(''), 2));
  const segment = (marker: number, body: number[]): number[] => [0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 0xff, ...body];
  return Buffer.from([
    0xff, 0xd8,
    ...segment(0xdb, [0x00, ...new Array<number>(64).fill(1)]),
    ...segment(0xc0, [8, 0, 8, 0, 16, 1, 1, 0x11, 0]),
    ...segment(0xc4, [0x00, 1, ...new Array<number>(15).fill(0), 0x00]),
    ...segment(0xc4, [0x10, 1, 1, 1, 1, ...new Array<number>(12).fill(0), 0x01, 0xf1, 0x11, 0x00]),
    ...segment(0xda, [1, 1, 0x00, 0, 63, 0]),
    ...data,
    0xff, 0xd9,
  ]);
}

/** A small deterministic random source, so a failure names a mangling that can be made again. */
function randomSource(seed: number): (n: number) => number {
  return (n) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return (seed >>> 8) % n;
  };
}

type Mangle = (jpeg: Buffer, from: number, random: (n: number) => number) => Buffer;

/** Damage of every kind the walk names, aimed at the image data (from `from` on). */
const MANGLES: Record<string, Mangle> = {
  'flipped bits': (j, from, random) => {
    const m = Buffer.from(j);
    for (let i = 1 + random(3); i > 0; i--) m[from + random(j.length - from)]! ^= 1 << random(8);
    return m;
  },
  'zeroed run': (j, from, random) => {
    const m = Buffer.from(j);
    const at = from + random(j.length - from);
    return m.fill(0, at, Math.min(j.length, at + 1 + random(40)));
  },
  'a 0xFF byte': (j, from, random) => {
    const m = Buffer.from(j);
    m[from + random(j.length - from)] = 0xff;
    return m;
  },
  'a marker inserted': (j, from, random) => {
    const at = from + random(j.length - from);
    const marker = [0x00, 0xd0 + random(8), 0xd9, 0xff, 0xc4, 0x01][random(6)]!;
    return Buffer.concat([j.subarray(0, at), Buffer.from([0xff, marker]), j.subarray(at)]);
  },
  'bytes removed': (j, from, random) => {
    const at = from + random(j.length - from);
    return Buffer.concat([j.subarray(0, at), j.subarray(Math.min(j.length, at + 1 + random(3)))]);
  },
  'bytes inserted': (j, from, random) => {
    const at = from + random(j.length - from);
    return Buffer.concat([j.subarray(0, at), Buffer.from([random(256), random(256)].slice(0, 1 + random(2))), j.subarray(at)]);
  },
  'restart markers renumbered': (j, from, random) => {
    const m = Buffer.from(j);
    for (let at = m.indexOf(0xff, from); at >= 0 && at + 1 < m.length; at = m.indexOf(0xff, at + 2)) {
      if (m[at + 1]! >= 0xd0 && m[at + 1]! <= 0xd7 && random(4) === 0) m[at + 1] = 0xd0 + random(8);
    }
    return m;
  },
  cut: (j, from, random) => j.subarray(0, from + random(j.length - from)),
  // A symbol of a Huffman table changed (often to a size past the 8-bit range: 'out-of-range' on use).
  'a Huffman table changed': (j, _from, random) => {
    const m = Buffer.from(j);
    const dht = m.indexOf(Buffer.from([0xff, 0xc4]));
    const symbols = dht + 4 + 1 + 16;
    const length = m.readUInt16BE(dht + 2);
    m[symbols + random(Math.max(1, dht + 2 + length - symbols))] = 9 + random(7);
    return m;
  },
};

describe('the fast walk of sequential scans', () => {
  it('vouches for every scan of legal files itself, and finds what the exact walk finds', () => {
    for (const [name, jpeg] of Object.entries(sequential)) {
      const before = { ...fastWalkCounts };
      const fast = checkJpegStructure(jpeg);
      expect(fast, name).toEqual(checkJpegStructure(jpeg, { exact: true }));
      expect(fast.problem, name).toBeUndefined();
      expect(fastWalkCounts.redone, name).toBe(before.redone);
      expect(fastWalkCounts.whole - before.whole, name).toBe(fast.scans);
    }
  });

  it('names the same damage at the same offset as the exact walk, on every kind of mangling', () => {
    const random = randomSource(7);
    let damaged = 0;
    for (const [name, jpeg] of Object.entries(sequential)) {
      const from = scanStart(jpeg);
      for (const [label, mangle] of Object.entries(MANGLES)) {
        for (let t = 0; t < 20; t++) {
          const mangled = mangle(jpeg, from, random);
          const exact = checkJpegStructure(mangled, { exact: true });
          expect(checkJpegStructure(mangled), `${name}, ${label} #${t}`).toEqual(exact);
          if (exact.problem) damaged++;
        }
      }
    }
    // The manglings must mostly be damage the walk names, or the comparison above proves little.
    expect(damaged).toBeGreaterThan(Object.keys(sequential).length * Object.keys(MANGLES).length * 10);
  });

  it('a scan far longer than its picture (17 MB, more than the buffer kept between walks) is what the exact walk says', () => {
    const jpeg = sequential['baseline 4:2:0']!;
    const from = scanStart(jpeg);
    const large = Buffer.concat([jpeg.subarray(0, from), Buffer.alloc(17 << 20), Buffer.from([0xff, 0xd9])]);
    expect(checkJpegStructure(large)).toEqual(checkJpegStructure(large, { exact: true }));
  });
});
