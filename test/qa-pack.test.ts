/**
 * Held-out packing: a Word document that holds a damaged picture (a bit-rotted copy, whose CRC-32 no longer matches,
 * or a rotted size field) is damaged: Word finds "unreadable content" in it. The check says so (`readable`), and
 * `--skip-invalid` packs the rest of the day without it. Before, such a document passed its rules and was sent, with
 * only its picture left out; before that, a picture that failed while it streamed into the zip ended the whole pack
 * with exit 2, and one whose CRC-32 no longer matched was exported damaged.
 */
import { createWriteStream, existsSync } from 'node:fs';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ZipArchive } from 'archiver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pack, type PackOutcome } from '../src/pack/index.js';
import { photoNewsDocx } from './support/docx.js';
import { put } from './support/folders.js';
import { noiseJpeg } from './support/images.js';
import { smallConfig, UNIT } from './support/pack.js';
import { readZip } from './support/zip.js';

let work: string;
let outcome: PackOutcome;
let names: string[];
let listing: string;

/** The same zip with every entry stored, as some writers save pictures: their bytes then sit in the file as they are. */
async function storedCopy(zipPath: string, target: string): Promise<Buffer> {
  const archive = new ZipArchive({ zlib: { level: 0 } });
  const out = createWriteStream(target);
  archive.pipe(out);
  for (const [name, entry] of await readZip(zipPath)) archive.append(entry.data, { name, store: true });
  await archive.finalize();
  await once(out, 'close');
  return readFile(target);
}

/**
 * The central directory says the picture is one byte smaller than it inflates to, as a bit-rotted size field does:
 * the document still opens, and the picture fails only while it is being read.
 */
function withPictureSizeUnderstated(docx: Buffer): Buffer {
  const copy = Buffer.from(docx);
  // The end-of-central-directory record closes the file (no comment): entry count at 10, directory offset at 16.
  const end = copy.length - 22;
  let header = copy.readUInt32LE(end + 16);
  for (let i = 0; i < copy.readUInt16LE(end + 10); i++) {
    const nameLength = copy.readUInt16LE(header + 28);
    if (copy.toString('utf8', header + 46, header + 46 + nameLength).startsWith('word/media/')) {
      copy.writeUInt32LE(copy.readUInt32LE(header + 24) - 1, header + 24);
      return copy;
    }
    header += 46 + nameLength + copy.readUInt16LE(header + 30) + copy.readUInt16LE(header + 32);
  }
  throw new Error('no picture in the central directory');
}

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'pyvw-qa-pack-'));
  const day = path.join(work, 'day');
  const picture = await noiseJpeg(200, 150);
  await put(path.join(work, 'deflated.docx'), await photoNewsDocx([{ type: 'jpg', data: picture }]));
  const docx = await storedCopy(path.join(work, 'deflated.docx'), path.join(work, 'stored.docx'));
  // Rot a few bytes in the middle of the picture: the zip stays whole, only the picture's CRC-32 no longer matches.
  const at = docx.indexOf(picture.subarray(3000, 3064));
  expect(at).toBeGreaterThan(0);
  const damaged = Buffer.from(docx);
  for (let i = at; i < at + 10; i++) damaged[i] = damaged[i]! ^ 0x10;
  await put(path.join(day, '图片新闻/损坏图片的新闻.docx'), damaged);
  await put(path.join(day, '图片新闻/完好的新闻.docx'), docx);
  await put(path.join(day, '图片新闻/图片大小不符的新闻.docx'), withPictureSizeUnderstated(await readFile(path.join(work, 'deflated.docx'))));
  await put(path.join(day, 'pyvw.config.json'), smallConfig());
  outcome = await pack(day, { lang: 'zh', unit: UNIT, date: '2023-05-15', skipInvalid: true, now: new Date('2023-05-15T02:00:00Z') });
  const entries = await readZip(outcome.packages[0]!.path);
  names = [...entries.keys()].sort();
  listing = entries.get('报送清单.txt')!.data.toString('utf8');
}, 60_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('pyvw pack: a document whose picture is damaged inside it', () => {
  it('the check finds each damaged document unreadable, naming the picture', () => {
    const files = outcome.report.submissions[0]!.files;
    const readable = (name: string) => files.find((f) => f.path === `图片新闻/${name}`)!.findings.find((f) => f.rule === 'photo-news/readable');
    expect(readable('损坏图片的新闻.docx')).toMatchObject({ severity: 'error', data: { detail: expect.stringMatching(/^word\/media\//u) } });
    expect(readable('损坏图片的新闻.docx')!.message).toMatch(/文档已损坏：其中的 word\/media\/\S+ 与文档记录的校验值（CRC-32）不符/u);
    expect(readable('图片大小不符的新闻.docx')!.message).toMatch(/word\/media\/\S+: too many bytes/u);
    expect(readable('完好的新闻.docx')).toBeUndefined();
  });

  it('--skip-invalid packs the rest of the day, with the intact document and its picture', () => {
    expect(outcome.status).toBe('packed');
    expect(existsSync(outcome.packages[0]!.path)).toBe(true);
    expect(names).toContain('图片新闻/完好的新闻.docx');
    expect(names).toContain('图片新闻/完好的新闻/图1.jpg');
    expect(names.some((n) => n.startsWith('图片新闻/损坏图片的新闻'))).toBe(false);
    expect(names.some((n) => n.startsWith('图片新闻/图片大小不符的新闻'))).toBe(false);
    expect(outcome.leftOut.map((file) => file.path).sort()).toEqual(['图片新闻/图片大小不符的新闻.docx', '图片新闻/损坏图片的新闻.docx']);
    expect(listing).toContain('损坏图片的新闻.docx');
  });
});
