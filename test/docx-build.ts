/**
 * Word documents for the tests, built at test time with the `docx` package, and the zip surgery that turns them
 * into what other tools write (linked pictures, WPS's alternate content) or into hostile files (docx bombs).
 */
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { ZipArchive } from 'archiver';
import { Document, ExternalHyperlink, HeadingLevel, ImageRun, Packer, Paragraph, Table, TextRun, type ParagraphChild } from 'docx';
import sharp from 'sharp';
import yauzl from 'yauzl';

let jpeg: Buffer | undefined;
let png: Buffer | undefined;

/** Tiny pictures: the inspection counts pictures, it never looks at their pixels. */
export async function pictures(): Promise<{ jpeg: Buffer; png: Buffer }> {
  jpeg ??= await sharp({ create: { width: 16, height: 12, channels: 3, background: '#c33' } }).jpeg().toBuffer();
  png ??= await sharp({ create: { width: 16, height: 12, channels: 3, background: '#36c' } }).png().toBuffer();
  return { jpeg, png };
}

export async function picture(type: 'jpg' | 'png' = 'jpg'): Promise<Paragraph> {
  const { jpeg: j, png: p } = await pictures();
  return new Paragraph({ children: [new ImageRun({ type, data: type === 'jpg' ? j : p, transformation: { width: 160, height: 120 } })] });
}

export const title = (text: string): Paragraph => new Paragraph({ text, heading: HeadingLevel.TITLE });
export const para = (text: string): Paragraph => new Paragraph({ text });
export const caption = (text: string, style = 'Caption'): Paragraph => new Paragraph({ text, style });
export const hyperlink = (label: string, link: string, before = ''): Paragraph =>
  new Paragraph({ children: [new TextRun(before), new ExternalHyperlink({ link, children: [new TextRun(label)] }) as ParagraphChild] });

/** A body paragraph of exactly `words` 字 (Han characters, one 字 each). */
export function body(words: number): Paragraph {
  const text = '濮阳市职业教育活动周技能展示让生活更美好'.repeat(Math.ceil(words / 20)).slice(0, words);
  return new Paragraph({ text });
}

/** A custom paragraph style, as WPS names its caption style 题注. */
const CHINESE_CAPTION_STYLE = { id: 'a5', name: '题注', basedOn: 'Normal', next: 'Normal', run: { size: 18 } };

export async function writeDocx(file: string, children: (Paragraph | Table)[]): Promise<string> {
  const document = new Document({ styles: { paragraphStyles: [CHINESE_CAPTION_STYLE] }, sections: [{ children }] });
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, await Packer.toBuffer(document));
  return file;
}

/** Every entry of a zip, read into memory: only for the small documents the tests build. */
export async function readZip(file: string): Promise<Map<string, Buffer>> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true });
  const entries = new Map<string, Buffer>();
  for await (const entry of zip.eachEntry()) {
    const chunks: Buffer[] = [];
    for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
    entries.set(entry.fileName, Buffer.concat(chunks));
  }
  zip.close();
  return entries;
}

async function writeZip(file: string, entries: Map<string, Buffer>): Promise<void> {
  const archive = new ZipArchive({ zlib: { level: 6 } });
  const out = createWriteStream(file);
  archive.pipe(out);
  for (const [name, data] of entries) archive.append(data, { name });
  await archive.finalize();
  await once(out, 'close');
}

/** Rewrites some parts of a `.docx` as text (`edits` by entry name) into a new file; `null` drops the entry. */
export async function rewriteDocx(source: string, target: string, edits: Record<string, ((xml: string) => string) | null>): Promise<string> {
  const entries = await readZip(source);
  for (const [name, edit] of Object.entries(edits)) {
    if (edit === null) entries.delete(name);
    else entries.set(name, Buffer.from(edit(entries.get(name)!.toString('utf8')), 'utf8'));
  }
  await writeZip(target, entries);
  return target;
}

/**
 * Word's "Insert → Pictures → Link to File": the blip names an external relationship (`r:link`, TargetMode
 * External) and the picture's bytes are not in the file.
 */
export async function linkFirstPicture(source: string, target: string, to = 'file:///C:/Users/clerk/Pictures/活动.jpg'): Promise<string> {
  return rewriteDocx(source, target, {
    'word/document.xml': (xml) => xml.replace(/r:embed="[^"]+"/u, 'r:link="rIdLinked"'),
    'word/_rels/document.xml.rels': (xml) =>
      xml.replace(
        '</Relationships>',
        `<Relationship Id="rIdLinked" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="${to}" TargetMode="External"/></Relationships>`,
      ),
  });
}

/** WPS and newer Word wrap drawings in `mc:AlternateContent`; without `mc:Fallback` older readers see nothing. */
export async function hidePicturesInAlternateContent(source: string, target: string): Promise<string> {
  return rewriteDocx(source, target, {
    'word/document.xml': (xml) =>
      xml.replace(/<w:drawing>.*?<\/w:drawing>/gsu, (drawing) => `<mc:AlternateContent><mc:Choice Requires="wps">${drawing}</mc:Choice></mc:AlternateContent>`),
  });
}

/** The same, around the whole body: mammoth finds no body and throws. */
export async function hideBodyInAlternateContent(source: string, target: string): Promise<string> {
  return rewriteDocx(source, target, {
    'word/document.xml': (xml) =>
      xml.replace(/<w:body>(.*)<\/w:body>/su, '<mc:AlternateContent><mc:Choice Requires="wps"><w:body>$1</w:body></mc:Choice></mc:AlternateContent>'),
  });
}

/**
 * A docx bomb: `word/document.xml` is `zeroBytes` of zeros, streamed through archiver's deflate a megabyte at a
 * time, so neither building nor (if pyvw is right) reading it holds it in memory.
 */
export async function writeZeroBomb(file: string, zeroBytes: number): Promise<string> {
  const chunk = Buffer.alloc(1024 * 1024);
  const zeros = Readable.from(
    (function* () {
      for (let left = zeroBytes; left > 0; left -= chunk.length) yield left >= chunk.length ? chunk : chunk.subarray(0, left);
    })(),
  );
  const archive = new ZipArchive({ zlib: { level: 1 } });
  const out = createWriteStream(file);
  archive.pipe(out);
  archive.append('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>', {
    name: '[Content_Types].xml',
  });
  archive.append(zeros, { name: 'word/document.xml' });
  await archive.finalize();
  await once(out, 'close');
  return file;
}

/** Rewrites the size an entry declares in the central directory: a bomb that lies about what it inflates to. */
export async function lieAboutSize(source: string, target: string, entryName: string, declared: number): Promise<string> {
  const zip = await readFile(source);
  const CENTRAL_HEADER = 0x02014b50;
  for (let at = zip.length - 46; at >= 0; at--) {
    if (zip.readUInt32LE(at) !== CENTRAL_HEADER) continue;
    const nameLength = zip.readUInt16LE(at + 28);
    if (zip.toString('utf8', at + 46, at + 46 + nameLength) === entryName) zip.writeUInt32LE(declared, at + 24);
  }
  await writeFile(target, zip);
  return target;
}
