import { readFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../src/api.js';
import { pack, type PackOutcome } from '../src/pack/index.js';
import { mediaReportDocx, photoNewsDocx } from './support/docx.js';
import { put } from './support/folders.js';
import { flatPng, noiseJpeg } from './support/images.js';
import { exifSegment, windowsXp, withSegments, xmpSegment } from './support/jpeg.js';
import { smallConfig } from './support/pack.js';
import { FIXTURES, HD_VIDEO } from './support/project.js';
import { chineseTextOf } from './support/texts.js';
import { readZip, writeZip } from './support/zip.js';

/**
 * Issue #9, done-when: a seeded fuzz test. A few hundred files of every kind, each a small valid file mangled at
 * test time (bits flipped, cut, zeroed, spliced, its header overwritten, the XML inside a Word file broken), spread
 * over day folders, then checked and packed in-process: every file is listed, no finding is pyvw's own fault
 * (which would be exit 2), and every package written passes its own verification when checked as a received zip.
 * The seed is fixed, so a failure is reproduced by running the test again; PYVW_FUZZ_SEED tries another.
 */

const SEED = Number(process.env.PYVW_FUZZ_SEED ?? 20230515);
const DAYS = 2;

/** mulberry32: small, seeded, good enough to pick bytes. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Mangle = (bytes: Buffer, random: () => number) => Buffer;
const at = (bytes: Buffer, random: () => number): number => Math.floor(random() * Math.max(1, bytes.length));
const noise = (length: number, random: () => number): Buffer => Buffer.from(Array.from({ length }, () => Math.floor(random() * 256)));

/** The ways a file gets damaged: a bad sector, a cut download, a zeroed block, a spliced copy, a wrong header. */
const MANGLES: Record<string, Mangle> = {
  flip: (b, r) => {
    const out = Buffer.from(b);
    for (let i = 1 + Math.floor(r() * 8); i > 0; i--) out[at(out, r)]! ^= 1 << Math.floor(r() * 8);
    return out;
  },
  cut: (b, r) => b.subarray(0, at(b, r)),
  zero: (b, r) => {
    const out = Buffer.from(b);
    const from = at(out, r);
    return out.fill(0, from, Math.min(out.length, from + 1 + Math.floor(r() * 4096)));
  },
  insert: (b, r) => {
    const where = at(b, r);
    return Buffer.concat([b.subarray(0, where), noise(1 + Math.floor(r() * 64), r), b.subarray(where)]);
  },
  remove: (b, r) => {
    const from = at(b, r);
    return Buffer.concat([b.subarray(0, from), b.subarray(Math.min(b.length, from + 1 + Math.floor(r() * 512)))]);
  },
  repeat: (b, r) => {
    const from = at(b, r);
    const chunk = b.subarray(from, Math.min(b.length, from + 1 + Math.floor(r() * 2048)));
    return Buffer.concat([b.subarray(0, from), chunk, chunk, b.subarray(from + chunk.length)]);
  },
  header: (b, r) => Buffer.concat([noise(Math.min(b.length, 1 + Math.floor(r() * 32)), r), b.subarray(32)]),
  empty: () => Buffer.alloc(0),
};

/** Word files are zips: beside the bytes of the zip, the XML inside is broken while the zip stays whole. */
const XML_MANGLES: ((xml: string, r: () => number) => string)[] = [
  (x, r) => x.slice(0, Math.floor(r() * x.length)),
  (x, r) => {
    const i = Math.floor(r() * x.length);
    return `${x.slice(0, i)}${['<', '&', '"', ']]>', '<!DOCTYPE x [<!ENTITY a "aaaa">]>', '\u0000', '&#xD800;'][Math.floor(r() * 7)]}${x.slice(i)}`;
  },
  (x) => x.replace(/<\/w:p>/gu, ''),
  (x, r) => x.replace(/r:embed="[^"]*"/gu, () => `r:embed="rId${Math.floor(r() * 99)}"`),
];

interface Seed {
  folder: string;
  ext: string;
  bytes: Buffer;
  /** How many mangled copies. */
  count: number;
  zip?: boolean;
}

let work: string;
const days: string[] = [];
/** Every file written, by day folder: relative paths as the report lists them. */
const written = new Map<string, string[]>();
const packed: PackOutcome[] = [];

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'pyvw-fuzz-'));
  await put(path.join(work, 'pyvw.config.json'), smallConfig());
  const jpeg = withSegments(await noiseJpeg(320, 240), exifSegment({ XPComment: windowsXp('学生在实训车间展示数控加工技能') }), xmpSegment({ description: { 'x-default': '家长参观' } }));
  const png = await flatPng(120, 90);
  const text = chineseTextOf(900);
  const seeds: Seed[] = [
    { folder: '图片', ext: '.jpg', bytes: jpeg, count: 90 },
    { folder: '图片', ext: '.png', bytes: png, count: 15 },
    { folder: '图片', ext: '.txt', bytes: Buffer.from('IMG_0001.jpg：学生在实训车间展示数控加工技能\r\nIMG_0002.jpg　家长参观\r\n', 'utf8'), count: 15 },
    { folder: '图片新闻', ext: '.docx', bytes: await photoNewsDocx([{ type: 'jpg', data: await noiseJpeg(160, 120) }, { type: 'png', data: png }]), count: 45, zip: true },
    { folder: '媒体报道', ext: '.docx', bytes: await mediaReportDocx(await noiseJpeg(160, 120)), count: 25, zip: true },
    { folder: '文字材料', ext: '.txt', bytes: Buffer.from(text, 'utf8'), count: 25 },
    { folder: '文字材料', ext: '.txt', bytes: iconv.encode(text, 'gb18030'), count: 15 },
    { folder: '视频', ext: '.mp4', bytes: await readFile(HD_VIDEO), count: 12 },
    { folder: '视频', ext: '.mp4', bytes: await readFile(path.join(FIXTURES, 'videos', 'moov-at-end-1280x720-h264.mp4')), count: 6 },
  ];
  for (let d = 0; d < DAYS; d++) {
    const day = path.join(work, `day${d + 1}`);
    days.push(day);
    written.set(day, []);
  }
  const parts = new Map<Seed, Map<string, Buffer>>();
  const entriesOf = async (seed: Seed): Promise<Map<string, Buffer>> => {
    if (!parts.has(seed)) {
      const file = await put(path.join(work, 'seed.docx'), seed.bytes);
      parts.set(seed, new Map([...(await readZip(file))].map(([name, e]) => [name, e.data])));
    }
    return parts.get(seed)!;
  };
  const random = prng(SEED);
  const names = Object.keys(MANGLES);
  let n = 0;
  for (const [s, seed] of seeds.entries()) {
    for (let i = 0; i < seed.count; i++, n++) {
      const day = days[n % DAYS]!;
      let bytes: Buffer;
      let how: string;
      if (seed.zip && i % 3 === 0) {
        // The zip stays whole; one XML part inside it is broken.
        const entries = new Map(await entriesOf(seed));
        const xmlNames = [...entries.keys()].filter((name) => name.endsWith('.xml') || name.endsWith('.rels'));
        const part = xmlNames[Math.floor(random() * xmlNames.length)]!;
        const mangle = XML_MANGLES[Math.floor(random() * XML_MANGLES.length)]!;
        entries.set(part, Buffer.from(mangle(entries.get(part)!.toString('utf8'), random), 'utf8'));
        const file = path.join(work, 'zip.tmp');
        await writeZip(file, entries);
        bytes = await readFile(file);
        how = 'xml';
      } else {
        how = names[Math.floor(random() * names.length)]!;
        bytes = MANGLES[how]!(seed.bytes, random);
      }
      // Photos named as cameras name them, so the caption list's lines find some of them.
      const stem = seed.ext === '.jpg' ? `IMG_${String(i).padStart(4, '0')}` : `seed${s}-${i}`;
      const rel = `${seed.folder}/${stem}-${how}${seed.ext === '.txt' && seed.folder === '图片' ? '-说明' : ''}${seed.ext}`;
      await put(path.join(day, rel), bytes);
      written.get(day)!.push(rel);
    }
  }
  // pack checks each day itself, once: its report is the check's.
  for (const day of days) packed.push(await pack(day, { lang: 'zh', date: '2023-05-15', anyFolder: true, skipInvalid: true, out: path.join(work, `out-${path.basename(day)}`) }));
}, 120_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe(`fuzz (seed ${SEED}): a few hundred mangled files of every kind`, () => {
  it('are a few hundred, each under a name of its own', () => {
    const all = [...written.entries()].flatMap(([day, files]) => files.map((f) => `${day}/${f}`));
    expect(all.length).toBeGreaterThanOrEqual(240);
    expect(new Set(all).size).toBe(all.length);
  });

  it('every file is listed in the report, none more, none less', () => {
    for (const [i, day] of days.entries()) {
      const listed = packed[i]!.report.submissions[0]!.files.map((f) => f.path);
      expect(listed.sort(), day).toEqual([...written.get(day)!].sort());
    }
  });

  it('no finding is pyvw\'s own fault: the run would exit 0 or 1, never 2', () => {
    const faults = packed.flatMap((p) =>
      p.report.submissions.flatMap((s) => [...s.findings, ...s.files.flatMap((f) => f.findings.map((x) => ({ ...x, rule: `${f.path}: ${x.rule}` })))]).filter((x) => x.fault));
    expect(faults.map((f) => `${f.rule} ${f.message}`)).toEqual([]);
  });

  it('every package written passes its own verification when it is checked as a received zip', async () => {
    const zips = packed.flatMap((p) => p.packages.map((pkg) => pkg.path));
    expect(zips.length).toBeGreaterThan(0);
    const received = await check(zips, { lang: 'zh', date: '2023-05-15', anyFolder: true });
    expect(received.internalFaults).toBe(0);
    for (const submission of received.report.submissions) {
      const integrity = [...submission.findings, ...submission.files.flatMap((f) => f.findings)].filter((f) => f.rule === 'package/integrity');
      expect(integrity, submission.path).toEqual([]);
    }
  });
});
