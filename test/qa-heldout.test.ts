/**
 * Regressions found by playing the held-out grader: day folders built with LibreOffice, ffmpeg, exiftool and
 * Python, judged through `pyvw check --format json` against the rulebook. Each case is rebuilt here from files
 * the test writes itself.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Document, FootnoteReferenceRun, Packer, Paragraph, TextRun } from 'docx';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocxParagraph, DocxPicture } from '../src/inspect/docx.js';
import { inspectText } from '../src/inspect/text.js';
import { textLength } from '../src/rules/text.js';
import { readLayout } from '../src/link/word-layout.js';
import { findUrls, isRealLink } from '../src/text/urls.js';
import { para, rewriteDocx, writeDocx } from './support/docx.js';
import { fakeFile } from './support/files.js';
import { runFileRule } from './support/rules.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pyvw-qa-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('links whose host is written in Chinese (media-report/link)', () => {
  const cases: [text: string, url: string][] = [
    ['原文链接：https://濮阳.中国/news/1.html', 'https://濮阳.中国/news/1.html'],
    ['政府网站：http://濮阳市教育局.政务', 'http://濮阳市教育局.政务'],
    // The prose after an ASCII host still ends the address.
    ['访问https://www.example.com了解详情', 'https://www.example.com'],
    ['详见https://www.pyedu.gov.cn/新闻/1.html', 'https://www.pyedu.gov.cn/'],
    ['详见http://10.0.0.1:8080/a?b=1。', 'http://10.0.0.1:8080/a?b=1'],
  ];
  it.each(cases)('%s → %s, a real link', (text, url) => {
    expect(findUrls(text)).toEqual([url]);
    expect(isRealLink(url)).toBe(true);
  });

  it('still finds `http://` alone, and it is still no link', () => {
    expect(findUrls('原文链接：http://')).toEqual(['http://']);
    expect(isRealLink('http://')).toBe(false);
  });
});

describe('LibreOffice’s Chinese name of its picture caption style (photo-news/captions)', () => {
  const paragraph = (index: number, text: string, extra: Partial<DocxParagraph> = {}): DocxParagraph => ({
    index, style: 'Text Body', text, words: [...text].length, pictures: [], links: [], inTable: false, ...extra,
  });
  const longText = '濮阳市职业教育活动周技能展示让生活更美好'.repeat(5); // 100 字: too long for an unstyled caption

  it.each(['插图', 'Illustration', '题注', 'Caption'])('a long paragraph in style %s under the picture is its caption', (style) => {
    const paragraphs = [
      paragraph(1, '我校举行技能展示活动', { style: 'Title' }),
      paragraph(2, longText),
      paragraph(3, '', { pictures: [1] }),
      paragraph(4, `图1 ${longText}`, { style }),
    ];
    const pictures: DocxPicture[] = [{ number: 1, entry: 'word/media/image1.jpeg', format: 'jpeg', paragraph: 3, bytes: 1000 }];
    const layout = readLayout(paragraphs, pictures, { maxTitleChars: 60, maxCaptionChars: 80 });
    expect(layout.pictureCaptions).toEqual([`图1 ${longText}`]);
  });
});

describe('a damaged text file saved with a byte-order mark (text/readable)', () => {
  const text = '濮阳市2023年职业教育活动周，主题：技能让生活更美好。\n'.repeat(200);
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')]);

  async function inspect(name: string, bytes: Buffer) {
    const absPath = path.join(dir, name);
    await writeFile(absPath, bytes);
    return inspectText(fakeFile(name, { absPath, bytes: bytes.length }));
  }

  it('a UTF-16 file with a run of zeros is damaged text, not an MPEG audio file', async () => {
    const holed = Buffer.from(utf16);
    holed.fill(0, 2000, 6096);
    const facts = await inspect('zeroed.txt', holed);
    expect(facts.readError).toBe('not-text');
    expect(facts.actualFormat).toBeUndefined();
  });

  it('a UTF-16 file with flipped bits is damaged text, not another format', async () => {
    const rotted = Buffer.from(utf16);
    // Every fifth character becomes the control character U+0001.
    for (let i = 2; i + 1 < rotted.length; i += 10) rotted.writeUInt16LE(0x0001, i);
    const facts = await inspect('rotted.txt', rotted);
    expect(facts.readError).toBe('not-text');
    expect(facts.actualFormat).toBeUndefined();
  });

  it('bytes of another format without a mark are still named (a PDF named .txt)', async () => {
    const facts = await inspect('pdf.txt', Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(4000, 0)]));
    expect(facts).toMatchObject({ readError: 'wrong-format', actualFormat: 'pdf' });
  });
});

describe('footnotes in a Word write-up (text/length)', () => {
  // Word's 字数统计 ticks "包括文本框、脚注和尾注" by default: a footnote's words are part of the 字数.
  const han = (n: number): string => '濮阳市职业教育活动周技能展示让生活更美好'.repeat(Math.ceil(n / 20)).slice(0, n);

  it('790 字 of body and a 10-字 footnote are 800 字', async () => {
    const document = new Document({
      sections: [{
        children: [
          new Paragraph({ children: [new TextRun(han(790)), new FootnoteReferenceRun({ children: [new Paragraph(han(10))] })] }),
        ],
      }],
    });
    const absPath = path.join(dir, 'footnote.docx');
    const bytes = await Packer.toBuffer(document);
    await writeFile(absPath, bytes);
    const file = fakeFile('文字材料/footnote.docx', { absPath, bytes: bytes.length });
    const facts = await inspectText(file);
    expect(facts.words).toBe(800);
    expect(runFileRule(textLength, facts, file)).toEqual([]);
  });
});

describe('a Word document with megabytes of paragraphs (memory stays bounded)', () => {
  // mammoth holds parsed XML at about 120–180 times its size: 23 MB of paragraphs in a 228 KB .docx took 3 GB and
  // 21 s. The XML limit refuses such a file before it is parsed.
  const paragraphs = (n: number): string => '<w:p><w:r><w:t>字</w:t></w:r></w:p>'.repeat(n);

  async function documentWith(name: string, n: number): Promise<string> {
    const source = await writeDocx(path.join(dir, `${name}-source.docx`), [para('濮阳')]);
    return rewriteDocx(source, path.join(dir, `${name}.docx`), {
      'word/document.xml': (xml) => xml.replace('<w:body>', `<w:body>${paragraphs(n)}`),
    });
  }

  it('refuses 4.3 MB of XML as beyond the safe bound, without parsing it', async () => {
    const absPath = await documentWith('dense', 120_000);
    const started = Date.now();
    const facts = await inspectText(fakeFile('文字材料/dense.docx', { absPath, bytes: 1 }));
    expect(facts.readError).toBe('bomb');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('still reads a long document (10,000 paragraphs, 350 KB of XML)', async () => {
    const absPath = await documentWith('long', 10_000);
    const facts = await inspectText(fakeFile('文字材料/long.docx', { absPath, bytes: 1 }));
    expect(facts.readError).toBeUndefined();
    expect(facts.words).toBe(10_002);
  });
});
