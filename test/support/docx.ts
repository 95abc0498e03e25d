/**
 * Word documents for the tests, built at test time with the `docx` package, and the zip surgery that turns them
 * into what other tools write (linked pictures, WPS's alternate content) or into hostile files (docx bombs).
 */
import { readFile, writeFile } from 'node:fs/promises';
import {
  Document, ExternalHyperlink, Header, HeadingLevel, ImageRun, Packer, Paragraph, type Table, TextRun, type ParagraphChild,
} from 'docx';
import { put } from './folders.js';
import { flatJpeg, flatPng } from './images.js';
import { readZip, writeRawZip, writeZip } from './zip.js';

let jpeg: Buffer | undefined;
let png: Buffer | undefined;

/** Tiny pictures: the inspection counts pictures, it never looks at their pixels. */
export async function pictures(): Promise<{ jpeg: Buffer; png: Buffer }> {
  jpeg ??= await flatJpeg(16, 12, '#c33');
  png ??= await flatPng(16, 12, { r: 51, g: 102, b: 204, alpha: 1 });
  return { jpeg, png };
}

/** A paragraph holding one embedded picture: a tiny one of the type, or `data` of that type. */
export async function picture(type: 'jpg' | 'png' = 'jpg', data?: Buffer): Promise<Paragraph> {
  const { jpeg: j, png: p } = await pictures();
  return new Paragraph({ children: [new ImageRun({ type, data: data ?? (type === 'jpg' ? j : p), transformation: { width: 160, height: 120 } })] });
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

/** The bytes of a `.docx` holding `children`; `header` goes into the page header, outside the body. */
export async function docxOf(children: (Paragraph | Table)[], header?: Paragraph[]): Promise<Buffer> {
  const headers = header ? { default: new Header({ children: header }) } : undefined;
  return Packer.toBuffer(new Document({ styles: { paragraphStyles: [CHINESE_CAPTION_STYLE] }, sections: [{ headers, children }] }));
}

export async function writeDocx(file: string, children: (Paragraph | Table)[]): Promise<string> {
  return put(file, await docxOf(children));
}

/** Photo news that passes every rule: a title, a body, each picture with a caption under it, the source line. */
export async function photoNewsDocx(pictureList: { type: 'jpg' | 'png'; data: Buffer }[], headerPicture?: Buffer): Promise<Buffer> {
  const children = [title('技能展示进校园'), body(200)];
  for (const [i, { type, data }] of pictureList.entries()) children.push(await picture(type, data), para(`图${i + 1}：学生在实训车间展示数控加工技能`));
  children.push(para('图片来源：学校宣传办公室'));
  return docxOf(children, headerPicture && [await picture('jpg', headerPicture)]);
}

/** A media report that passes every rule: a title, 300 字 of body, a picture and the link to the report. */
export async function mediaReportDocx(jpegPicture: Buffer): Promise<Buffer> {
  return docxOf([title('濮阳日报：职业教育活动周启动'), body(300), await picture('jpg', jpegPicture), para('原文链接：https://www.pyrb.com.cn/news/2023/0515/1.html')]);
}

/**
 * Rewrites some parts of a `.docx` as text (`edits` by entry name) into a new file (or over it); `null` drops the
 * entry, bytes put an entry in as they are.
 */
export async function rewriteDocx(source: string, target: string, edits: Record<string, ((xml: string) => string) | Buffer | null>): Promise<string> {
  const entries = new Map([...(await readZip(source))].map(([name, entry]) => [name, entry.data]));
  for (const [name, edit] of Object.entries(edits)) {
    if (edit === null) entries.delete(name);
    else if (Buffer.isBuffer(edit)) entries.set(name, edit);
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
 * A docx bomb: `word/document.xml` is `zeroBytes` of zeros (under 4 GiB), the file about a megabyte. A megabyte
 * of zeros is deflated once up to a full flush, which leaves blocks that refer to nothing before them, and those
 * bytes are repeated: neither building nor (if pyvw is right) reading the bomb holds its zeros in memory, and making
 * it costs 0.3 s of CPU instead of the 1.6 s of streaming a gigabyte through archiver's deflate (measured).
 */
export async function writeZeroBomb(file: string, zeroBytes: number): Promise<string> {
  const { constants, crc32, deflateRawSync } = await import('node:zlib');
  const chunk = Buffer.alloc(1024 * 1024);
  const megabytes = Math.floor(zeroBytes / chunk.length);
  const rest = chunk.subarray(0, zeroBytes % chunk.length);
  const block = deflateRawSync(chunk, { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  let crc = 0;
  for (let i = 0; i < megabytes; i++) crc = crc32(chunk, crc);
  crc = crc32(rest, crc);
  const body = Buffer.concat([...Array.from({ length: megabytes }, () => block), deflateRawSync(rest, { level: 9 })]);
  const types = '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>';
  await writeRawZip(file, [
    { name: Buffer.from('[Content_Types].xml'), data: Buffer.from(types) },
    { name: Buffer.from('word/document.xml'), data: Buffer.alloc(0), deflated: { body, crc, size: zeroBytes } },
  ]);
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

/**
 * The places Word and WPS put a picture, made from a document the `docx` package wrote with inline pictures: each
 * `<w:drawing>` is rewritten around its own `pic:pic` and relationship, as Word writes it (ECMA-376 and MS-ODRAWXML;
 * Word 2010+ writes a drawing canvas or a group in `mc:AlternateContent` with a VML fallback).
 */
export type PicturePlace = 'canvas-with-vml-fallback' | 'canvas' | 'group' | 'vml-only' | 'textbox-without-fallback';

const WPC = 'http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas';

function placeDrawing(drawing: string, place: PicturePlace): string {
  const pic = /<pic:pic\b.*<\/pic:pic>/su.exec(drawing)![0];
  const rId = /r:embed="([^"]+)"/u.exec(drawing)![1]!;
  const inline = (uri: string, content: string): string =>
    `<w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="5274310" cy="3076575"/><wp:docPr id="90" name="画布 1"/>` +
    `<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="${uri}">${content}</a:graphicData></a:graphic></wp:inline></w:drawing>`;
  const canvas = inline(WPC, `<wpc:wpc><wpc:bg/><wpc:whole/>${pic}</wpc:wpc>`);
  const vml =
    `<w:pict><v:group id="画布 1" o:spid="_x0000_s1026" editas="canvas" style="width:415.3pt;height:242.25pt" coordsize="52743,30765">` +
    `<v:shape id="_x0000_s1027" type="#_x0000_t75" style="position:absolute;width:52743;height:30765"><o:lock v:ext="edit" aspectratio="t"/></v:shape>` +
    `<v:shape id="图片 2" o:spid="_x0000_s1028" type="#_x0000_t75" style="position:absolute;left:1800;top:1800;width:15240;height:11430"><v:imagedata r:id="${rId}" o:title=""/></v:shape>` +
    `<w10:wrap type="none"/><w10:anchorlock/></v:group></w:pict>`;
  switch (place) {
    case 'canvas-with-vml-fallback':
      return `<mc:AlternateContent><mc:Choice Requires="wpc">${canvas}</mc:Choice><mc:Fallback>${vml}</mc:Fallback></mc:AlternateContent>`;
    case 'canvas':
      return canvas;
    case 'group':
      // The group also holds a rectangle filled with the same picture: a fill is no picture of its own.
      return inline(
        'http://schemas.microsoft.com/office/word/2010/wordprocessingGroup',
        `<wpg:wgp><wpg:cNvGrpSpPr/><wpg:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="1" cy="1"/><a:chOff x="0" y="0"/><a:chExt cx="1" cy="1"/></a:xfrm></wpg:grpSpPr>` +
          `<wps:wsp><wps:cNvSpPr/><wps:spPr><a:blipFill><a:blip r:embed="${rId}"/></a:blipFill></wps:spPr><wps:bodyPr/></wps:wsp>${pic}</wpg:wgp>`,
      );
    case 'vml-only':
      return vml;
    case 'textbox-without-fallback':
      return inline(
        'http://schemas.microsoft.com/office/word/2010/wordprocessingShape',
        `<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr/><wps:txbx><w:txbxContent><w:p><w:r>${drawing}</w:r></w:p></w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp>`,
      );
  }
}

/** Rewrites every picture of `source` into `place` (see PicturePlace). */
export async function placePictures(source: string, target: string, place: PicturePlace): Promise<string> {
  return rewriteDocx(source, target, {
    'word/document.xml': (xml) => xml.replace(/<w:drawing>.*?<\/w:drawing>/gsu, (drawing) => placeDrawing(drawing, place)),
  });
}
