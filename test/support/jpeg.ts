// Builders for the photo tests (JPEG internals): JPEGs made with sharp at test time, metadata segments written the way Windows,
// phones, Photoshop and exiftool write them, and a way to judge a folder through the real API.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import sharp, { type JpegOptions } from 'sharp';
import { check } from '../../src/api.js';
import type { FileResult } from '../../src/types.js';

/** A photo-like picture (smooth colour fields and noise), so that sizes and codes look like a camera's. */
export async function makeJpeg(width: number, height: number, options: JpegOptions & { noise?: number } = {}): Promise<Buffer> {
  const { noise = 24, ...jpeg } = options;
  const raw = Buffer.alloc(width * height * 3);
  let seed = width * 31 + height;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const n = noise ? (seed >>> 16) % noise : 0;
      const i = (y * width + x) * 3;
      raw[i] = (128 + 100 * Math.sin(x / 37) + n) & 255;
      raw[i + 1] = (128 + 90 * Math.cos(y / 23) + n) & 255;
      raw[i + 2] = ((x + y) / 3 + n) & 255;
    }
  }
  return sharp(raw, { raw: { width, height, channels: 3 } }).jpeg({ quality: 85, ...jpeg }).toBuffer();
}

/** A flat picture: big in pixels, small in bytes, quick to make and to walk (long-edge tests). */
export { flatJpeg as makeFlatJpeg } from './images.js';

/** Inserts marker segments right after SOI (APPn, COM), as cameras and editors place them. */
export function withSegments(jpeg: Buffer, ...segments: { marker: number; payload: Buffer }[]): Buffer {
  const parts = segments.map(({ marker, payload }) => {
    const head = Buffer.alloc(4);
    head[0] = 0xff;
    head[1] = marker;
    head.writeUInt16BE(payload.length + 2, 2);
    return Buffer.concat([head, payload]);
  });
  return Buffer.concat([jpeg.subarray(0, 2), ...parts, jpeg.subarray(2)]);
}

export const APP1 = 0xe1;
export const APP13 = 0xed;
export const COM = 0xfe;

type ExifValue = { type: 'ascii' | 'byte'; bytes: Buffer } | { type: 'short'; value: number };

/** XPTitle/XPComment/XPSubject as Windows Explorer writes them: UTF-16LE bytes with a NUL, of type BYTE. */
export function windowsXp(text: string): ExifValue {
  return { type: 'byte', bytes: Buffer.concat([Buffer.from(text, 'utf16le'), Buffer.alloc(2)]) };
}

/** An ASCII-typed EXIF string; phones put UTF-8 bytes in it. */
export function exifAscii(text: string, encoding: 'utf8' | 'latin1' = 'utf8'): ExifValue {
  return { type: 'ascii', bytes: Buffer.concat([Buffer.from(text, encoding), Buffer.alloc(1)]) };
}

const EXIF_TAGS: Record<string, number> = {
  ImageDescription: 0x010e, Make: 0x010f, Model: 0x0110, Orientation: 0x0112, Software: 0x0131,
  XPTitle: 0x9c9b, XPComment: 0x9c9c, XPSubject: 0x9c9f,
};

/** An EXIF APP1 payload with IFD0 only, little-endian like Windows and most phones write it. */
export function exifSegment(tags: Record<string, ExifValue>): { marker: number; payload: Buffer } {
  const entries = Object.entries(tags).sort(([a], [b]) => EXIF_TAGS[a]! - EXIF_TAGS[b]!);
  const ifdSize = 2 + entries.length * 12 + 4;
  const data: Buffer[] = [];
  let dataOffset = 8 + ifdSize;
  const ifd = Buffer.alloc(ifdSize);
  ifd.writeUInt16LE(entries.length, 0);
  entries.forEach(([name, value], i) => {
    const at = 2 + i * 12;
    ifd.writeUInt16LE(EXIF_TAGS[name]!, at);
    if (value.type === 'short') {
      ifd.writeUInt16LE(3, at + 2);
      ifd.writeUInt32LE(1, at + 4);
      ifd.writeUInt16LE(value.value, at + 8);
      return;
    }
    ifd.writeUInt16LE(value.type === 'ascii' ? 2 : 1, at + 2);
    ifd.writeUInt32LE(value.bytes.length, at + 4);
    if (value.bytes.length <= 4) value.bytes.copy(ifd, at + 8);
    else {
      ifd.writeUInt32LE(dataOffset, at + 8);
      const padded = value.bytes.length % 2 ? Buffer.concat([value.bytes, Buffer.alloc(1)]) : value.bytes;
      data.push(padded);
      dataOffset += padded.length;
    }
  });
  const tiffHeader = Buffer.from([0x49, 0x49, 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00]);
  return { marker: APP1, payload: Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiffHeader, ifd, ...data]) };
}

/** XMP in APP1, with dc:description / dc:title as the language alternatives Windows and Lightroom write. */
export function xmpSegment(fields: { description?: Record<string, string>; title?: Record<string, string> }): { marker: number; payload: Buffer } {
  const alt = (values: Record<string, string>): string =>
    `<rdf:Alt>${Object.entries(values).map(([lang, v]) => `<rdf:li xml:lang="${lang}">${v}</rdf:li>`).join('')}</rdf:Alt>`;
  const xml =
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">' +
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" ' +
    'xmlns:dc="http://purl.org/dc/elements/1.1/">' +
    (fields.description ? `<dc:description>${alt(fields.description)}</dc:description>` : '') +
    (fields.title ? `<dc:title>${alt(fields.title)}</dc:title>` : '') +
    '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>';
  return { marker: APP1, payload: Buffer.concat([Buffer.from('http://ns.adobe.com/xap/1.0/\0', 'latin1'), Buffer.from(xml, 'utf8')]) };
}

/**
 * IPTC Caption-Abstract (2:120) in a Photoshop APP13. `utf8` also writes the 1:90 coded character set (ESC % G)
 * as exiftool does; `gbk` writes what Chinese Photoshop writes: the system code page and no 1:90.
 */
export function iptcSegment(caption: string, encoding: 'utf8' | 'gbk'): { marker: number; payload: Buffer } {
  const dataset = (record: number, tag: number, value: Buffer): Buffer => {
    const head = Buffer.from([0x1c, record, tag, 0, 0]);
    head.writeUInt16BE(value.length, 3);
    return Buffer.concat([head, value]);
  };
  const text = encoding === 'utf8' ? Buffer.from(caption, 'utf8') : iconv.encode(caption, 'gbk');
  const iptc = Buffer.concat([
    ...(encoding === 'utf8' ? [dataset(1, 90, Buffer.from([0x1b, 0x25, 0x47]))] : []),
    dataset(2, 0, Buffer.from([0, 4])),
    dataset(2, 120, text),
  ]);
  const resourceHead = Buffer.concat([Buffer.from('8BIM', 'latin1'), Buffer.from([0x04, 0x04, 0, 0, 0, 0, 0, 0])]);
  resourceHead.writeUInt32BE(iptc.length, 8);
  const padded = iptc.length % 2 ? Buffer.concat([iptc, Buffer.alloc(1)]) : iptc;
  return { marker: APP13, payload: Buffer.concat([Buffer.from('Photoshop 3.0\0', 'latin1'), resourceHead, padded]) };
}

/** Appends bytes after the end-of-image marker (legal, as phones do) until the file has exactly `size` bytes. */
export function padTo(jpeg: Buffer, size: number): Buffer {
  if (size < jpeg.length) throw new Error(`cannot pad ${jpeg.length} bytes down to ${size}`);
  return Buffer.concat([jpeg, Buffer.alloc(size - jpeg.length, 0x20)]);
}

/** Offset of the first byte of image data (just past the first SOS segment). */
export function scanStart(jpeg: Buffer): number {
  const sos = jpeg.indexOf(Buffer.from([0xff, 0xda]));
  return sos + 2 + jpeg.readUInt16BE(sos + 2);
}

export interface DayFolder {
  dir: string;
  write(relPath: string, content: Buffer | string): Promise<string>;
  /** `pyvw check` through the API; files by path. */
  judge(): Promise<Map<string, FileResult>>;
  remove(): Promise<void>;
}

export async function dayFolder(): Promise<DayFolder> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pyvw-photo-'));
  return {
    dir,
    async write(relPath, content) {
      const target = path.join(dir, relPath);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, content);
      return target;
    },
    async judge() {
      const { report } = await check([dir], { lang: 'en' });
      return new Map(report.submissions[0]!.files.map((f) => [f.path, f]));
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Looks a photo of the judged folder up by its name in `图片/`; a missing one fails the test. */
export function photoLookup(files: Map<string, FileResult>): (name: string) => FileResult {
  return (name) => {
    const found = files.get(`图片/${name}`);
    if (!found) throw new Error(`${name} is not in the report`);
    return found;
  };
}

/** The findings of one rule on a judged file: `messageId`-free, so tests read rule, severity and data. */
export function findingsOf(file: FileResult | undefined, rule: string): FileResult['findings'] {
  if (!file) throw new Error('file not in the report');
  return file.findings.filter((f) => f.rule === rule);
}
