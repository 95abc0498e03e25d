import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Table, TableCell, TableRow, type Paragraph } from 'docx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWordFile, type DocxFacts } from '../src/inspect/docx.js';
import { inspectText } from '../src/inspect/text.js';
import { linkWordDocuments } from '../src/link/word-layout.js';
import type { FileKind, InspectedFile, ScannedFile } from '../src/types.js';
import { RULEBOOK_LINK_OPTIONS } from '../src/link/options.js';
import {
  body, caption, hideBodyInAlternateContent, hidePicturesInAlternateContent, hyperlink, linkFirstPicture, para, picture, pictures, rewriteDocx, title,
  writeDocx,
} from './support/docx.js';
import { scannedFile } from './support/files.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pyvw-docx-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const scanned = (file: string, kind: FileKind, sidecar?: string): Promise<ScannedFile> =>
  scannedFile(file, { path: path.relative(dir, file).split(path.sep).join('/'), kind, ...(sidecar ? { sidecar } : {}) });

/** Reads a document and links it as the engine does, with the profile's numbers. */
async function inspect(file: string, kind: FileKind = 'photo-news'): Promise<DocxFacts> {
  const scannedFile = await scanned(file, kind);
  const { facts } = await readWordFile(scannedFile);
  linkWordDocuments(new Map([[scannedFile.path, { kind, file: scannedFile, state: 'inspected', facts } as InspectedFile]]), RULEBOOK_LINK_OPTIONS);
  return facts;
}

const at = (name: string): string => path.join(dir, name);

describe('photo news', () => {
  it('finds the pictures, their entries and formats, captions and source', async () => {
    const facts = await inspect(
      await writeDocx(at('full.docx'), [
        title('濮阳职专举办技能展示活动'),
        await picture('jpg'),
        caption('学生展示数控加工技能'),
        await picture('png'),
        caption('家长参观汽修实训室', '题注'),
        para('图片来源：濮阳市第一职业中等专业学校'),
      ]),
    );
    expect(facts.readError).toBeUndefined();
    expect(facts.pictures).toBe(2);
    expect(facts.pictureList!.map((p) => [p.entry, p.format])).toEqual([
      [expect.stringMatching(/^word\/media\/.+\.jpe?g$/u), 'jpeg'],
      [expect.stringMatching(/^word\/media\/.+\.png$/u), 'png'],
    ]);
    // The size of each picture as stored, without inflating it: the pictures as the test made them.
    const { jpeg, png } = await pictures();
    expect(facts.pictureList!.map((p) => p.bytes)).toEqual([jpeg.length, png.length]);
    expect(facts.captions).toBe(2);
    expect(facts.captionTexts).toEqual(['学生展示数控加工技能', '家长参观汽修实训室']);
    expect(facts.source).toBe('图片来源：濮阳市第一职业中等专业学校');
    expect(facts.linkedPictures).toBe(0);
    // Paragraph text stays out of the JSON report.
    expect(JSON.stringify(facts)).not.toContain('paragraphList');
    expect(facts.paragraphList).toHaveLength(6);
  });

  it('takes a short plain paragraph next to a picture as its caption, above or below', async () => {
    const below = await inspect(await writeDocx(at('below.docx'), [para('职教活动周图片新闻'), await picture(), para('学生在实训车间操作机床'), para('摄影：张三')]));
    expect(below.captionTexts).toEqual(['学生在实训车间操作机床']);
    expect(below.source).toBe('摄影：张三');

    const above = await inspect(
      await writeDocx(at('above.docx'), [para('职教活动周图片新闻'), para('图1 学生操作机床'), await picture('jpg'), para('图2 家长参观'), await picture('png')]),
    );
    expect(above.pictureList!.map((p) => p.caption)).toEqual(['图1 学生操作机床', '图2 家长参观']);
  });

  it('gives each caption to one picture only: "2 张图片，1 条题注"', async () => {
    const facts = await inspect(await writeDocx(at('one-caption.docx'), [title('图片新闻'), await picture('jpg'), await picture('png'), para('学生展示技能'), para('供图：濮阳职专')]));
    expect(facts.pictures).toBe(2);
    expect(facts.captions).toBe(1);
    expect(facts.pictureList!.map((p) => p.caption)).toEqual(['学生展示技能', null]);
  });

  it('pairs a table row of pictures with the row of captions under it', async () => {
    const cell = (child: Paragraph) => new TableCell({ children: [child] });
    const grid = new Table({
      rows: [
        new TableRow({ children: [cell(await picture('jpg')), cell(await picture('png'))] }),
        new TableRow({ children: [cell(para('学生操作数控机床')), cell(para('家长参观汽修实训室'))] }),
      ],
    });
    const facts = await inspect(await writeDocx(at('grid.docx'), [title('图片新闻'), grid, para('图片来源：濮阳职专')]));
    expect(facts.pictureList!.map((p) => p.caption)).toEqual(['学生操作数控机床', '家长参观汽修实训室']);
  });

  it('does not take the title, a long paragraph or a bare source line for a caption', async () => {
    const facts = await inspect(await writeDocx(at('no-caption.docx'), [para('职教活动周图片新闻'), await picture(), para('摄影：张三'), body(120)]));
    expect(facts.pictures).toBe(1);
    expect(facts.captions).toBe(0);
    expect(facts.source).toBe('摄影：张三');
  });

  it('has no pictures and no source when there are none', async () => {
    const facts = await inspect(await writeDocx(at('text-only.docx'), [title('活动简讯'), body(200)]));
    expect(facts.pictures).toBe(0);
    expect(facts.captions).toBe(0);
    expect(facts.source).toBeNull();
  });

  it.each([
    ['图片来源：濮阳职专', true], ['图片来自学校宣传部', true], ['来源：濮阳日报', true], ['摄影：张三', true], ['濮阳职专供图', true],
    ['文/李四 图/王五', true], ['（摄/赵六）', true], ['示意图/说明', false], ['来源于生活', false], ['摄影作品展', false],
  ])('reads %s as a source line: %s', async (line, found) => {
    const facts = await inspect(await writeDocx(at(`source-${line.replace(/\W/gu, '')}.docx`), [para('标题'), await picture(), para(line)]));
    expect(facts.source).toBe(found ? line : null);
  });
});

describe('media report', () => {
  it('reads a hyperlink, the title and the body without title, captions and link lines', async () => {
    const facts = await inspect(
      await writeDocx(at('report.docx'), [
        title('濮阳职专技能展示活动受到媒体关注'),
        await picture(),
        caption('学生展示技能'),
        body(150),
        hyperlink('濮阳日报报道', 'https://www.pydaily.cn/news/2023/0515.html', '原文链接：'),
      ]),
      'media-report',
    );
    expect(facts.title).toMatchObject({ text: '濮阳职专技能展示活动受到媒体关注', source: 'style' });
    expect(facts.bodyWords).toBe(150);
    expect(facts.links).toEqual([{ url: 'https://www.pydaily.cn/news/2023/0515.html', via: 'hyperlink' }]);
  });

  it('reads a plain-text URL inside Chinese prose', async () => {
    const facts = await inspect(
      await writeDocx(at('plain-url.docx'), [para('媒体报道'), body(120), para('报道链接：https://news.example.cn/a/1.html，欢迎转发')]),
      'media-report',
    );
    expect(facts.links).toEqual([{ url: 'https://news.example.cn/a/1.html', via: 'text' }]);
    expect(facts.bodyWords).toBe(120);
  });

  it('keeps `http://` alone as a link that is found, for the rule to refuse', async () => {
    const facts = await inspect(await writeDocx(at('bare-http.docx'), [para('媒体报道'), body(120), para('链接：http://')]), 'media-report');
    expect(facts.links).toEqual([{ url: 'http://', via: 'text' }]);
  });

  it('has no title when no paragraph is styled and the first is long', async () => {
    const facts = await inspect(await writeDocx(at('no-title.docx'), [body(130), await picture(), caption('学生展示技能')]), 'media-report');
    expect(facts.title).toBeNull();
    expect(facts.firstParagraphWords).toBe(130);
  });

  it('takes a short first paragraph as the title', async () => {
    const facts = await inspect(await writeDocx(at('plain-title.docx'), [para('职教活动周走进社区'), body(100)]), 'media-report');
    expect(facts.title).toMatchObject({ text: '职教活动周走进社区', source: 'first-paragraph', words: 9 });
    expect(facts.bodyWords).toBe(100);
  });

  it('adds the links of a sidecar .txt', async () => {
    const docx = await writeDocx(at('sidecar/报道.docx'), [para('媒体报道'), body(120)]);
    await writeFile(at('sidecar/报道.txt'), '原文链接：https://www.henan.gov.cn/x.html\n');
    const document = await scanned(docx, 'media-report', 'sidecar/报道.txt');
    const sidecar = await scanned(at('sidecar/报道.txt'), 'description');
    const { facts } = await readWordFile(document);
    const all = new Map<string, InspectedFile>([
      [document.path, { kind: document.kind, file: document, state: 'inspected', facts } as InspectedFile],
      [sidecar.path, { kind: 'description', file: sidecar, state: 'inspected', facts: { format: 'txt', text: '原文链接：https://www.henan.gov.cn/x.html' } }],
    ]);
    linkWordDocuments(all, RULEBOOK_LINK_OPTIONS);
    expect(facts.links).toEqual([{ url: 'https://www.henan.gov.cn/x.html', via: 'sidecar' }]);
  });
});

describe('pictures that do not count', () => {
  it('tells a linked picture from an embedded one and never reads picture bytes', async () => {
    const source = await writeDocx(at('to-link.docx'), [title('图片新闻'), await picture('jpg'), caption('学生展示技能')]);
    const facts = await inspect(await linkFirstPicture(source, at('linked.docx')));
    expect(facts.pictures).toBe(0);
    expect(facts.linkedPictures).toBe(1);
    expect(facts.linkedPictureList).toEqual([{ target: 'file:///C:/Users/clerk/Pictures/活动.jpg', paragraph: 2 }]);
  });

  it('counts drawings that only WPS or newer Word can show (no mc:Fallback)', async () => {
    const source = await writeDocx(at('to-wps.docx'), [title('图片新闻'), await picture(), caption('学生展示技能')]);
    const facts = await inspect(await hidePicturesInAlternateContent(source, at('wps.docx')));
    expect(facts.pictures).toBe(0);
    expect(facts.contentWithoutFallback).toBe(1);
  });
});

/**
 * The zip with the CRC-32 its central directory records for `entry` changed, as one rotted bit in the entry's data
 * (or in the record) leaves it: the entry still inflates, to bytes whose CRC-32 is not the one recorded.
 */
function withRecordedCrcChanged(docx: Buffer, entry: string): Buffer {
  const copy = Buffer.from(docx);
  // The end-of-central-directory record closes the file (no comment): entry count at 10, directory offset at 16.
  const end = copy.length - 22;
  let header = copy.readUInt32LE(end + 16);
  for (let i = 0; i < copy.readUInt16LE(end + 10); i++) {
    const nameLength = copy.readUInt16LE(header + 28);
    if (copy.toString('utf8', header + 46, header + 46 + nameLength) === entry) {
      copy.writeUInt32LE((copy.readUInt32LE(header + 16) ^ 1) >>> 0, header + 16);
      return copy;
    }
    header += 46 + nameLength + copy.readUInt16LE(header + 30) + copy.readUInt16LE(header + 32);
  }
  throw new Error(`no ${entry} in the central directory`);
}

describe('files that are refused before or while parsing', () => {
  // Word finds "unreadable content" in such a file, and LibreOffice drops the damaged picture (checked by hand).
  it.each([
    ['its text', 'word/document.xml'],
    ['a picture', 'word/media/image1.jpg'],
  ])('a part whose CRC-32 no longer matches is damage: %s', async (_what, entry) => {
    const source = await writeDocx(at(`crc-${entry.length}.docx`), [para('第一段'), await picture(), caption('图1 学生展示技能')]);
    const names = (await readFile(source)).toString('latin1');
    const part = entry === 'word/document.xml' ? entry : /word\/media\/[^\0/]+?\.(?:jpe?g|png)/u.exec(names)![0];
    await writeFile(at(`crc-damaged-${entry.length}.docx`), withRecordedCrcChanged(await readFile(source), part));
    const facts = await inspect(at(`crc-damaged-${entry.length}.docx`));
    expect(facts).toMatchObject({ readError: 'damaged', readErrorDetail: part });
  });

  it.each([
    ['random bytes', 'random.docx', () => Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)), 'not-a-zip'],
    ['an OLE header', 'ole.docx', () => Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(4088)]), 'ole'],
    ['a PDF', 'pdf.docx', () => Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n'), 'wrong-format'],
  ])('%s named .docx', async (_what, name, bytes, readError) => {
    await writeFile(at(name), bytes());
    const facts = await inspect(at(name));
    expect(facts.readError).toBe(readError);
    expect(facts.pictures).toBeUndefined();
  });

  it('names the real format of a file that is no zip', async () => {
    await writeFile(at('really.pdf.docx'), Buffer.from('%PDF-1.7\n%%EOF\n'));
    expect(await inspect(at('really.pdf.docx'))).toMatchObject({ readError: 'wrong-format', actualFormat: 'pdf' });
  });

  it('refuses a zip without word/document.xml', async () => {
    const source = await writeDocx(at('to-strip.docx'), [para('x')]);
    const facts = await inspect(await rewriteDocx(source, at('no-document.docx'), { 'word/document.xml': null }));
    expect(facts.readError).toBe('no-document');
  });

  it('turns what mammoth throws into a fact', async () => {
    const source = await writeDocx(at('to-hide.docx'), [para('x')]);
    const facts = await inspect(await hideBodyInAlternateContent(source, at('no-body.docx')));
    expect(facts.readError).toBe('mammoth-failed');
    expect(facts.readErrorDetail).toMatch(/body/u);
  });

  it('reports an empty file and a legacy extension without opening them', async () => {
    await writeFile(at('empty.docx'), '');
    await writeFile(at('old.doc'), 'not read');
    expect((await inspect(at('empty.docx'))).readError).toBe('empty');
    expect((await inspect(at('old.doc'))).readError).toBe('legacy-word');
  });
});

describe('a .docx text write-up', () => {
  it('counts 字数 as Word does, over every paragraph and table', async () => {
    const file = await writeDocx(at('write-up.docx'), [
      title('濮阳市2023年职业教育活动周'),
      para('濮阳市2023年职业教育活动周，主题：技能让生活更美好。Skills make life better!'),
      hyperlink('详见', 'https://www.example.com'),
      new Table({ rows: [new TableRow({ children: [new TableCell({ children: [para('表格里的字')] }), new TableCell({ children: [para('Table 1')] })] })] }),
    ]);
    const facts = await inspectText(await scanned(file, 'text'));
    // 12 + 29 (the rulebook's example) + 2 + 5 + 2
    expect(facts).toMatchObject({ format: 'docx', words: 50 });
    expect(facts.readError).toBeUndefined();
  });

  it('shares the refusals of every Word kind', async () => {
    await writeFile(at('write-up-ole.docx'), Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(1016)]));
    expect(await inspectText(await scanned(at('write-up-ole.docx'), 'text'))).toMatchObject({ format: 'docx', readError: 'ole' });
  });
});
