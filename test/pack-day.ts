// Builds submission folders for the pack tests: real JPEGs (sharp), real Word files (docx), real text and a real MP4.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Document, Header, HeadingLevel, ImageRun, Packer, Paragraph, TextRun } from 'docx';
import sharp from 'sharp';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CLI = path.join(ROOT, 'bin/pyvw.js');
/** An MP4 that passes every video rule: H.264, 1280×720. */
export const HD_VIDEO = path.join(ROOT, 'fixtures/videos/hd-1280x720-h264.mp4');
export const UNIT = '濮阳市第一职业中等专业学校';

/** A JPEG of random noise: noise does not compress, so the size follows the pixel count (about a byte a pixel at q95). */
export async function noiseJpeg(width: number, height: number, quality = 95): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (Math.random() * 256) | 0;
  return sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg({ quality }).toBuffer();
}

export async function flatPng(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 4, background: { r: 40, g: 120, b: 200, alpha: 0.5 } } }).png().toBuffer();
}

/** Chinese prose of `words` 字 as Word counts it (every Han character and full-width mark is one). */
export function prose(words: number): string {
  const sentence = '濮阳市职业教育活动周期间，我校师生展示专业技能，家长和市民走进校园参观体验。';
  let text = '';
  while (text.length < words) text += sentence;
  return text.slice(0, words - 1) + '。';
}

/** Photo news with a caption under each picture; `headerPicture` goes into the page header, outside the body. */
export async function photoNewsDocx(pictures: { type: 'jpg' | 'png'; data: Buffer }[], headerPicture?: Buffer): Promise<Buffer> {
  const children: Paragraph[] = [new Paragraph({ text: '技能展示进校园', heading: HeadingLevel.TITLE }), new Paragraph(prose(200))];
  pictures.forEach((picture, i) => {
    children.push(
      new Paragraph({ children: [new ImageRun({ type: picture.type, data: picture.data, transformation: { width: 400, height: 300 } })] }),
      new Paragraph(`图${i + 1}：学生在实训车间展示数控加工技能`),
    );
  });
  children.push(new Paragraph({ children: [new TextRun('图片来源：学校宣传办公室')] }));
  const logo = headerPicture && new ImageRun({ type: 'jpg', data: headerPicture, transformation: { width: 80, height: 60 } });
  const headers = logo ? { default: new Header({ children: [new Paragraph({ children: [logo] })] }) } : undefined;
  return Packer.toBuffer(new Document({ sections: [{ headers, children }] }));
}

export async function mediaReportDocx(picture: Buffer): Promise<Buffer> {
  return Packer.toBuffer(
    new Document({
      sections: [{
        children: [
          new Paragraph({ text: '濮阳日报：职业教育活动周启动', heading: HeadingLevel.TITLE }),
          new Paragraph(prose(300)),
          new Paragraph({ children: [new ImageRun({ type: 'jpg', data: picture, transformation: { width: 400, height: 300 } })] }),
          new Paragraph('原文链接：https://www.pyrb.com.cn/news/2023/0515/1.html'),
        ],
      }],
    }),
  );
}

export async function put(file: string, content: Buffer | string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content);
}

/** Every file below `dir` with its SHA-256 (unless `hash` is false), size and mtime, to show that packing changed nothing. */
export async function snapshot(dir: string, hash = true): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const info = await stat(file);
    const digest = hash ? createHash('sha256').update(await readFile(file)).digest('hex') : '';
    result.set(path.relative(dir, file), `${digest} ${info.mtimeMs} ${info.size}`);
  }
  return result;
}

/** Test thresholds: small pictures pass, so the tests stay fast; the rules themselves are tested elsewhere. */
export function smallConfig(extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    unit: UNIT,
    rules: { 'photo/min-bytes': ['error', { min: 10_000 }], 'photo/long-edge': ['error', { min: 200 }] },
    ...extra,
  });
}
