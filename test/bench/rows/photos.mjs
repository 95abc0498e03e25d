// Photo rows of `npm run bench`: a tidy day against exiftool's metadata pass, 30 camera-sized photos against
// libjpeg's full decode (`jpeginfo -c`), and the memory of `check` on a 300 MB JPEG stuffed with metadata.
import { copyFile, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import { HD_VIDEO, ROOT, WORK, writePaddedMp4 } from '../lib.mjs';

const require = createRequire(path.join(ROOT, 'package.json'));

/** A deterministic photo-like picture: smooth colour fields plus sensor-like noise, which sets the file size. */
function picture(index, width, height) {
  const raw = Buffer.alloc(width * height * 3);
  let seed = 1 + index * 7919;
  const noiseLevel = 28 + (index % 6) * 4;
  const phase = index * 0.37;
  for (let y = 0; y < height; y++) {
    const gy = Math.cos(y / 230 + phase);
    for (let x = 0; x < width; x++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const noise = (seed >>> 16) % noiseLevel;
      const i = (y * width + x) * 3;
      raw[i] = (128 + 100 * Math.sin(x / 310 + phase) + noise) & 255;
      raw[i + 1] = (128 + 90 * gy + noise) & 255;
      raw[i + 2] = ((x + y) / 28 + noise) & 255;
    }
  }
  return raw;
}

const LABELS = ['开幕式', '技能展示', '家长参观', '实训指导', '企业点评', '颁奖仪式', '志愿服务', '成果展览'];

/** Builds `dir` once with `fill(partialDir)`; a marker file says it is complete. */
export async function once(dir, version, fill) {
  const ready = path.join(dir, `.ready-${version}`);
  if (await stat(ready).catch(() => undefined)) return dir;
  const partial = `${dir}.partial`;
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial, { recursive: true });
  process.stderr.write(`generating ${dir} (once)…\n`);
  await fill(partial);
  await (await open(path.join(partial, `.ready-${version}`), 'w')).close();
  await rm(dir, { recursive: true, force: true });
  await rename(partial, dir);
  return dir;
}

export async function writePhoto(file, index, width, height, quality) {
  const sharp = require('sharp');
  await mkdir(path.dirname(file), { recursive: true });
  await sharp(picture(index, width, height), { raw: { width, height, channels: 3 } })
    .jpeg({ quality })
    .withMetadata({ orientation: index % 7 === 0 ? 6 : 1 })
    .toFile(file);
}

/** 31 files, ~31 MB: 8 photos, 8 Word documents, 5 videos and their sidecars, a write-up: a day that is in order. */
async function tidyDay() {
  return once(path.join(WORK, 'tidy-day'), 1, async (dir) => {
    for (let i = 0; i < 8; i++) await writePhoto(path.join(dir, '图片', `${LABELS[i]}活动现场照片.jpg`), i, 3000, 2000, 92);
    const sample = path.join(ROOT, 'fixtures/sample-day');
    await mkdir(path.join(dir, '图片新闻'), { recursive: true });
    await mkdir(path.join(dir, '媒体报道'), { recursive: true });
    for (let i = 0; i < 4; i++) {
      await copyFile(path.join(sample, '图片新闻/我校举办职业教育活动周开幕式.docx'), path.join(dir, '图片新闻', `${LABELS[i]}图片新闻.docx`));
      await copyFile(path.join(sample, '媒体报道/濮阳日报报道我校校园开放日.docx'), path.join(dir, '媒体报道', `${LABELS[i]}媒体报道.docx`));
    }
    await mkdir(path.join(dir, '视频'), { recursive: true });
    const lines = [];
    for (let i = 0; i < 5; i++) {
      const name = `${LABELS[i]}现场视频.mp4`;
      await writePaddedMp4(HD_VIDEO, path.join(dir, '视频', name), 2_000_000);
      lines.push(`${name}：濮阳市职业教育活动周${LABELS[i]}现场视频`);
    }
    const { writeFile } = await import('node:fs/promises');
    await writeFile(path.join(dir, '视频', '视频说明.txt'), `${lines.join('\r\n')}\r\n`);
    await copyFile(path.join(sample, '文字材料/5月15日活动简介.txt'), path.join(dir, '5月15日活动简介.txt'));
    for (let i = 0; i < 7; i++) await writeFile(path.join(dir, '图片', `${LABELS[i]}活动现场照片.txt`), `濮阳市职业教育活动周${LABELS[i]}现场`);
  });
}

/** 30 photos of 4000×3000 (12 MP), about 112 MB, as a camera writes them. */
async function thirtyPhotos() {
  return once(path.join(WORK, 'photos-30'), 1, async (dir) => {
    for (let i = 0; i < 30; i++) await writePhoto(path.join(dir, '图片', `第${String(i + 1).padStart(2, '0')}张活动现场照片.jpg`), i, 4000, 3000, 85);
  });
}

/** One APP1 segment of the XMP extension (the Adobe scheme for XMP larger than a segment). */
function xmpExtension(guid, total, offset, data) {
  const head = Buffer.from(`http://ns.adobe.com/xmp/extension/\0${guid}`, 'latin1');
  const segment = Buffer.alloc(4 + head.length + 8 + data.length);
  segment.writeUInt16BE(0xffe1, 0);
  segment.writeUInt16BE(segment.length - 2, 2);
  head.copy(segment, 4);
  segment.writeUInt32BE(total, 4 + head.length);
  segment.writeUInt32BE(offset, 8 + head.length);
  data.copy(segment, 12 + head.length);
  return segment;
}

/** A 300 MB JPEG: a small photo behind 4,700 XMP-extension segments of 64 KB (the attack of issue 9, item 8). */
async function hugeJpeg() {
  const dir = await once(path.join(WORK, 'huge-jpeg'), 1, async (partial) => {
    const sharp = require('sharp');
    const photo = await sharp(picture(1, 2400, 1600), { raw: { width: 2400, height: 1600, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
    const guid = 'A'.repeat(32);
    const chunk = Buffer.alloc(64_000, 0x41);
    const count = 4_700;
    const packet = Buffer.from(
      `http://ns.adobe.com/xap/1.0/\0<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">` +
        `<rdf:Description xmlns:xmpNote="http://ns.adobe.com/xmp/note/" xmpNote:HasExtendedXMP="${guid}"/></rdf:RDF></x:xmpmeta>`,
      'utf8',
    );
    const main = Buffer.alloc(4 + packet.length);
    main.writeUInt16BE(0xffe1, 0);
    main.writeUInt16BE(main.length - 2, 2);
    packet.copy(main, 4);
    await mkdir(path.join(partial, '图片'), { recursive: true });
    const handle = await open(path.join(partial, '图片', '超大元数据照片.jpg'), 'w');
    try {
      await handle.write(Buffer.concat([photo.subarray(0, 2), main]));
      for (let i = 0; i < count; i++) await handle.write(xmpExtension(guid, count * chunk.length, i * chunk.length, chunk));
      await handle.write(photo.subarray(2));
    } finally {
      await handle.close();
    }
  });
  return dir;
}

async function jpegFiles(dir) {
  const names = (await readdir(path.join(dir, '图片'))).filter((n) => n.endsWith('.jpg')).sort();
  return names.map((n) => path.join(dir, '图片', n));
}

export default [
  {
    id: 'tidy-day',
    title: 'check a tidy day (8 photos, 8 Word, 5 videos)',
    goal: { ratio: 3 },
    prepare: async () => ({ dir: await tidyDay() }),
    pyvw: ({ dir }) => ({ pyvw: ['check', dir, '--format', 'json'] }),
    peer: { label: 'exiftool -r -json', command: 'exiftool', run: ({ dir }) => ({ args: ['-q', '-r', '-json', dir] }) },
  },
  {
    id: 'photos-30',
    title: 'check 30 photos of 12 MP',
    goal: { ratio: 1.0 },
    prepare: async () => {
      const dir = await thirtyPhotos();
      return { dir, files: await jpegFiles(dir) };
    },
    pyvw: ({ dir }) => ({ pyvw: ['check', dir, '--format', 'json'] }),
    peer: { label: 'jpeginfo -c', command: 'jpeginfo', run: ({ files }) => ({ args: ['-c', ...files] }) },
  },
  {
    id: 'huge-jpeg',
    title: 'check a 300 MB JPEG (4,700 XMP segments)',
    goal: { peakMiB: 400 },
    runs: 3,
    prepare: async () => ({ dir: await hugeJpeg() }),
    pyvw: ({ dir }) => ({ pyvw: ['check', dir, '--format', 'json'] }),
  },
];
