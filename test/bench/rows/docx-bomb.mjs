// Bomb-picture row of `npm run bench`: the peak memory of `pyvw pack` of a day whose photo news hold pictures
// made to exhaust memory when they are written out as JPG (issue 9, item 8): a PNG of 16383 × 16383 pixels in a
// document of a few hundred KB, and a JPEG followed by 1 GB of zeros in a document of about 1 MB.
import { once as onceEvent } from 'node:events';
import { createWriteStream, rmSync } from 'node:fs';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createRequire } from 'node:module';
import zlib from 'node:zlib';
import { ROOT, WORK } from '../lib.mjs';
import { once } from './photos.mjs';

const require = createRequire(path.join(ROOT, 'package.json'));
const UNIT = '濮阳市第一职业中等专业学校';
const SAMPLE_NEWS = path.join(ROOT, 'fixtures/sample-day/图片新闻/我校举办职业教育活动周开幕式.docx');
const SAMPLE_TEXT = path.join(ROOT, 'fixtures/sample-day/文字材料/5月15日活动简介.txt');
const EDGE = 16383;
// 1 GB: under the 1 GiB a Word file may declare in all (src/inspect), so the check passes it and pack meets it.
const ZEROS = 1_000_000_000;

function pngChunk(type, data) {
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  chunk.write(type, 4, 'latin1');
  data.copy(chunk, 8);
  chunk.writeUInt32BE(zlib.crc32(chunk.subarray(4, 8 + data.length)), 8 + data.length);
  return chunk;
}

/** A valid grey PNG of EDGE × EDGE pixels, all black: its rows deflate to a few hundred KB. */
async function bombPng() {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(EDGE, 0);
  header.writeUInt32BE(EDGE, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  const row = Buffer.alloc(1 + EDGE); // filter byte 0, then the row
  const rows = Readable.from((function* () {
    for (let y = 0; y < EDGE; y++) yield row;
  })());
  const parts = [];
  const deflate = zlib.createDeflate({ level: 9 });
  deflate.on('data', (chunk) => parts.push(chunk));
  await pipeline(rows, deflate);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', header), pngChunk('IDAT', Buffer.concat(parts)), pngChunk('IEND', Buffer.alloc(0))]);
}

/** The sample photo news with its picture replaced by `picture` (a Buffer or a function making a stream). */
async function newsWith(target, picture) {
  const yauzl = require('yauzl');
  const { ZipArchive } = require('archiver');
  const archive = new ZipArchive({ zlib: { level: 6 } });
  const written = pipeline(archive, createWriteStream(target));
  const zip = await yauzl.openPromise(SAMPLE_NEWS, { lazyEntries: true, autoClose: false });
  try {
    for await (const entry of zip.eachEntry()) {
      const source = entry.fileName.startsWith('word/media/') ? (Buffer.isBuffer(picture) ? picture : picture()) : await zip.openReadStreamPromise(entry);
      archive.append(source, { name: entry.fileName });
      await onceEvent(archive, 'entry');
    }
  } finally {
    zip.close();
  }
  await archive.finalize();
  await written;
}

/** A JPEG and then ZEROS zero bytes: legal (readers stop at the end-of-image marker) and 1 GB inflated. */
function jpegAndZeros(jpeg) {
  const zeros = Buffer.alloc(8 << 20);
  return Readable.from((function* () {
    yield jpeg;
    for (let done = 0; done < ZEROS; done += zeros.length) yield zeros;
  })());
}

async function bombDay() {
  return once(path.join(WORK, 'docx-bomb'), 2, async (partial) => {
    const day = path.join(partial, 'today');
    await mkdir(path.join(day, '图片新闻'), { recursive: true });
    await mkdir(path.join(day, '文字材料'), { recursive: true });
    await copyFile(SAMPLE_TEXT, path.join(day, '文字材料', '活动简介.txt'));
    await newsWith(path.join(day, '图片新闻', '超大像素图片新闻.docx'), await bombPng());
    const sharp = require('sharp');
    const jpeg = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#6a8' } }).jpeg().toBuffer();
    await newsWith(path.join(day, '图片新闻', '一GB图片新闻.docx'), () => jpegAndZeros(jpeg));
    await writeFile(path.join(partial, 'pyvw.config.json'), JSON.stringify({ unit: UNIT }));
  });
}

export default [
  {
    id: 'docx-bomb',
    title: 'pack a day whose photo news hold a 16383² PNG and a 1 GB picture',
    goal: { peakMiB: 400 },
    runs: 3,
    prepare: async () => {
      const dir = await bombDay();
      const out = path.join(dir, 'out');
      return { day: path.join(dir, 'today'), out };
    },
    before: ({ out }) => rmSync(out, { recursive: true, force: true }),
    pyvw: ({ day, out }) => ({ pyvw: ['pack', day, '--out', out, '--date', '2023-05-15', '--skip-invalid', '--force'] }),
  },
];
