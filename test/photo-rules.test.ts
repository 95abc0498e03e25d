// The photo rules over plain facts: no files, one table per rule.
import { describe, expect, it } from 'vitest';
import type { PhotoFacts } from '../src/inspect/image.js';
import { puyang2023 } from '../src/profile/puyang-2023.js';
import { photoCaption, photoColour, photoDuplicate, photoIntact, photoJpeg, photoLongEdge, photoMinBytes } from '../src/rules/photo.js';
import type { AnyRule } from '../src/rules/rule.js';
import { localize } from '../src/report/messages.js';
import type { ScannedFile, Severity } from '../src/types.js';

interface Reported {
  id: string;
  severity?: Severity;
  data: Record<string, unknown>;
}

function file(name: string, bytes = 3_000_000): ScannedFile {
  const ext = name.includes('.') ? name.slice(name.lastIndexOf('.')).toLowerCase() : '';
  return {
    path: `图片/${name}`, absPath: `/nowhere/图片/${name}`, kind: 'photo', bytes, ext, mtime: new Date(0),
    classification: { by: 'folder', detail: '图片' },
  };
}

function facts(overrides: Partial<PhotoFacts> & Record<string, unknown> = {}): PhotoFacts {
  return {
    format: 'jpeg', width: 4000, height: 3000, orientation: 1, displayWidth: 4000, displayHeight: 3000, longEdge: 4000,
    space: 'srgb', intact: true, embeddedCaptions: [], caption: '学生技能展示现场', captionSource: 'filename', ...overrides,
  };
}

function run(rule: AnyRule, scanned: ScannedFile, photo: PhotoFacts): Reported[] {
  const reported: Reported[] = [];
  const options = (puyang2023.ruleOptions as Record<string, unknown>)[rule.id] ?? {};
  if (rule.scope !== 'file') throw new TypeError(`${rule.id} is not a file rule`);
  rule.run({ kind: 'photo', file: scanned, state: 'inspected', facts: photo }, {
    options, submission: { path: '.', absPath: '/nowhere', files: [scanned] },
    all: new Map(), profile: puyang2023,
    report: (id: string, data: Record<string, unknown> = {}, severity?: Severity) => reported.push({ id, severity, data }),
  });
  return reported;
}

const ids = (reported: Reported[]): string[] => reported.map((r) => r.id);
/** The words of a reported finding, as the report layer writes them. */
const say = (rule: AnyRule, r: Reported, lang: 'zh' | 'en' = 'en'): string => localize({ rule: rule.id, messageId: r.id, severity: 'error', data: r.data }, lang).message;

describe('photo/jpeg', () => {
  it.each([
    ['a JPEG named .jpg', 'a.jpg', 'jpeg', []],
    ['a JPEG named .JPG', 'a.JPG', 'jpeg', []],
    ['a JPEG named .jpeg', 'a.jpeg', 'jpeg', []],
    ['a JPEG named .JpEg', 'a.JpEg', 'jpeg', []],
    ['a PNG named .jpg', 'a.jpg', 'png', ['not-jpeg']],
    ['a HEIC named .jpg', 'a.jpg', 'heic', ['not-jpeg']],
    ['a WebP named .jpg', 'a.jpg', 'webp', ['not-jpeg']],
    ['a GIF named .jpg', 'a.jpg', 'gif', ['not-jpeg']],
    ['a PNG named .png', 'a.png', 'png', ['not-jpeg']],
    ['a JPEG named .png', 'a.png', 'jpeg', ['wrong-extension']],
    ['no image at all', 'a.jpg', null, ['not-image']],
  ] as const)('%s', (_label, name, format, expected) => {
    expect(ids(run(photoJpeg, file(name), facts({ format })))).toEqual(expected);
  });

  it('names the real format in capitals', () => {
    const [finding] = run(photoJpeg, file('a.jpg'), facts({ format: 'heic' }));
    expect(finding!.data).toEqual({ format: 'heic' });
    expect(say(photoJpeg, finding!)).toContain('HEIC');
  });

  it('says nothing about an empty file (photo/intact does)', () => {
    expect(run(photoJpeg, file('a.jpg', 0), facts({ format: null }))).toEqual([]);
  });
});

describe('photo/intact', () => {
  it.each([
    ['a whole photo', facts(), 3_000_000, [], undefined],
    ['an empty file', facts({ intact: false, damage: { damage: 'empty' } }), 0, ['empty'], undefined],
    ['a cut copy', facts({ intact: false, damage: { damage: 'cut', offset: 1000 } }), 1000, ['damaged:cut'], undefined],
    ['a cut copy sharp found', facts({ intact: false, damage: { damage: 'cut', message: 'VipsJpeg: premature end of JPEG image' } }), 1000, ['damaged:cut-decoder'], undefined],
    ['a bad Huffman code', facts({ intact: false, damage: { damage: 'bad-code', offset: 5000 } }), 9000, ['damaged:bad-code'], undefined],
    ['data out of step', facts({ intact: false, damage: { damage: 'extra-data', offset: 5000, count: 224 } }), 9000, ['damaged:extra-data'], undefined],
    ['a scrambled block', facts({ intact: false, damage: { damage: 'overrun', offset: 5000 } }), 9000, ['damaged:overrun'], undefined],
    ['sharp refusing the data', facts({ format: 'png', intact: false, damage: { damage: 'decoder', message: 'pngload: libpng read error' } }), 9000, ['damaged:decoder'], undefined],
    ['a lossless JPEG sharp cannot decode', facts({ intact: null, jpegProcess: 'lossless', damage: { damage: 'unsupported', message: 'Unsupported JPEG process' } }), 9000, ['undecodable'], 'warning'],
    ['a HEIC sharp cannot decode', facts({ format: 'heic', intact: null, damage: { damage: 'unsupported', message: 'no decoder' } }), 9000, [], undefined],
  ] as const)('%s', (_label, photo, bytes, expected, severity) => {
    const reported = run(photoIntact, file('a.jpg', bytes), photo as PhotoFacts);
    expect(ids(reported)).toEqual(expected);
    if (severity) expect(reported[0]!.severity).toBe(severity);
  });

  it('says where the damage is, in both languages', () => {
    const [finding] = run(photoIntact, file('a.jpg', 9000), facts({ intact: false, damage: { damage: 'extra-data', offset: 51234, count: 224 } }));
    expect(finding!.data).toMatchObject({ damage: 'extra-data', offset: 51234, count: 224 });
    expect(say(photoIntact, finding!, 'zh')).toContain('51,234');
    expect(say(photoIntact, finding!)).toContain('224 bytes');
  });
});

describe('photo/long-edge (2000 px, as displayed)', () => {
  it.each([
    ['4000×3000 landscape', 4000, 3000, 1, []],
    ['1500×2000 portrait', 1500, 2000, 1, []],
    ['2000×1500 stored, orientation 6', 2000, 1500, 6, []],
    ['2000×2000', 2000, 2000, 1, []],
    ['1999×1500', 1999, 1500, 1, ['small']],
    ['1500×1999 portrait', 1500, 1999, 1, ['small']],
    ['1999×1499 stored, orientation 8', 1999, 1499, 8, ['small']],
  ] as const)('%s', (_label, width, height, orientation, expected) => {
    const swapped = orientation >= 5;
    const photo = facts({
      width, height, orientation, longEdge: Math.max(width, height),
      displayWidth: swapped ? height : width, displayHeight: swapped ? width : height,
    });
    expect(ids(run(photoLongEdge, file('a.jpg'), photo))).toEqual(expected);
  });

  it('reports the size as displayed', () => {
    const photo = facts({ width: 1900, height: 1400, orientation: 6, longEdge: 1900, displayWidth: 1400, displayHeight: 1900 });
    expect(run(photoLongEdge, file('a.jpg'), photo)[0]!.data).toMatchObject({ width: 1400, height: 1900, longEdge: 1900, min: 2000 });
  });

  it('measures nothing it could not read', () => {
    expect(run(photoLongEdge, file('a.jpg'), facts({ width: undefined, height: undefined, longEdge: undefined }))).toEqual([]);
  });
});

describe('photo/min-bytes (2,097,152 bytes)', () => {
  it.each([
    [2_097_152, []],
    [2_097_153, []],
    [2_097_151, ['small']],
    [1_000_000, ['small']],
    [0, ['small']],
  ] as const)('%d bytes', (bytes, expected) => {
    expect(ids(run(photoMinBytes, file('a.jpg', bytes), facts()))).toEqual(expected);
  });

  it('gives the size as Windows Explorer shows it', () => {
    const [finding] = run(photoMinBytes, file('a.jpg', 2_097_151), facts());
    expect(finding!.data).toEqual({ bytes: 2_097_151, min: 2_097_152 });
    expect(say(photoMinBytes, finding!)).toMatch(/1\.99 MB.*2\.00 MB/u);
  });
});

describe('photo/colour', () => {
  it.each([
    ['srgb', []],
    ['b-w', []],
    ['cmyk', ['cmyk']],
  ] as const)('%s', (space, expected) => {
    expect(ids(run(photoColour, file('a.jpg'), facts({ space })))).toEqual(expected);
  });
});

describe('photo/duplicate', () => {
  it('warns on the second of two identical photos', () => {
    expect(run(photoDuplicate, file('b.jpg'), facts({ duplicateOf: '图片/a.jpg' }))).toEqual([
      { id: 'duplicate', severity: undefined, data: { duplicateOf: '图片/a.jpg' } },
    ]);
    expect(run(photoDuplicate, file('a.jpg'), facts())).toEqual([]);
  });
});

describe('photo/caption', () => {
  const candidates = (...list: [string, string][]) => list.map(([source, text]) => ({ source, text }));
  it.each([
    ['a caption was chosen', facts(), []],
    ['nothing at all', facts({ caption: null, captionSource: null, captionCandidates: [] }), ['missing']],
    ['camera boilerplate only', facts({ caption: null, captionCandidates: candidates(['exif:ImageDescription', 'OLYMPUS DIGITAL CAMERA']) }), ['rejected:boilerplate']],
    ['a three-字 caption', facts({ caption: null, captionCandidates: candidates(['sidecar:图片/a.txt', '开幕式']) }), ['rejected:too-short']],
  ] as const)('%s', (_label, photo, expected) => {
    expect(ids(run(photoCaption, file('IMG_0001.jpg'), photo as PhotoFacts))).toEqual(expected);
  });

  it('says why the caption found does not count', () => {
    const photo = facts({ caption: null, make: 'Canon', model: 'Canon EOS 80D', captionCandidates: candidates(['exif:ImageDescription', 'Canon EOS 80D']) });
    const [finding] = run(photoCaption, file('IMG_0001.jpg'), photo);
    expect(finding!.data).toMatchObject({ text: 'Canon EOS 80D', source: 'exif:ImageDescription', reason: 'boilerplate' });
    expect(say(photoCaption, finding!)).toContain('camera');
  });
});
