/**
 * The settled readings of the rulebook for Word documents (issue 9, item 12): the newspaper credit `（通讯员 张伟 摄）`
 * as a source line, an ASCII colon after 来源, a caption after a line break in the picture's own paragraph, and a
 * media-report address written without `https://` that counts with a warning.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ImageRun, Paragraph, TextRun } from 'docx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWordFile, type DocxFacts, type DocxParagraph, type DocxPicture } from '../src/inspect/docx.js';
import { linkWordDocuments, readLayout } from '../src/link/word-layout.js';
import { RULEBOOK_LINK_OPTIONS } from '../src/link/options.js';
import { mediaReportLink } from '../src/rules/media-report.js';
import { photoNewsCaptions, photoNewsSource } from '../src/rules/photo-news.js';
import type { FileKind, InspectedFile } from '../src/types.js';
import { body, para, picture, pictures, title, writeDocx } from './support/docx.js';
import { scannedFile } from './support/files.js';
import { runFileRule } from './support/rules.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pyvw-docx-settled-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function inspect(name: string, children: Paragraph[], kind: FileKind) {
  const file = await writeDocx(path.join(dir, name), children);
  const scanned = await scannedFile(file, { path: name, kind });
  const { facts } = await readWordFile(scanned);
  linkWordDocuments(new Map([[scanned.path, { kind, file: scanned, state: 'inspected', facts } as InspectedFile]]), RULEBOOK_LINK_OPTIONS);
  return { facts: facts as DocxFacts, scanned };
}

describe('the newspaper credit is a source line (photo-news/source)', () => {
  const paragraph = (index: number, text: string, extra: Partial<DocxParagraph> = {}): DocxParagraph => ({
    index, style: null, text, words: [...text].length, pictures: [], links: [], inTable: false, ...extra,
  });
  const pictures: DocxPicture[] = [{ number: 1, entry: 'word/media/image1.jpeg', format: 'jpeg', paragraph: 2, bytes: 1000 }];
  const layoutWith = (line: string) =>
    readLayout([paragraph(1, '技能展示进校园', { style: 'Title' }), paragraph(2, '', { pictures: [1] }), paragraph(3, line)], pictures, { maxTitleChars: 60, maxCaptionChars: 80 });

  it.each([
    // [line, a source line, the picture's caption]
    ['（通讯员 张伟 摄）', true, null],
    ['张伟 摄', true, null],
    ['张伟摄', true, null],
    ['（记者 某某 摄）', true, null],
    ['通讯员 张伟 摄', true, null],
    ['（本报记者 王五 李六 摄）', true, null],
    ['王五、李六 摄', true, null],
    ['学校宣传部 摄', true, null],
    ['来源:濮阳日报', true, null],
    ['图片来源:濮阳职专', true, null],
    ['学生操作数控机床（通讯员 张伟 摄）', true, '学生操作数控机床（通讯员 张伟 摄）'],
    ['学生操作数控机床，张伟 摄', true, '学生操作数控机床，张伟 摄'],
    ['学生们正在拍摄', false, '学生们正在拍摄'],
    ['校园风光（航拍摄）', false, '校园风光（航拍摄）'],
    ['我校学生在技能大赛中展示摄', false, '我校学生在技能大赛中展示摄'],
    ['摄影作品展', false, '摄影作品展'],
  ])('%s: source %s, caption %s', (line, source, caption) => {
    const layout = layoutWith(line);
    expect(layout.source).toBe(source ? line : null);
    expect(layout.pictureCaptions).toEqual([caption]);
  });

  it('passes photo news whose only source is the credit under its caption', async () => {
    const { facts, scanned } = await inspect('credit.docx', [title('技能展示进校园'), body(100), await picture(), para('学生操作数控机床'), para('（通讯员 张伟 摄）')], 'photo-news');
    expect(facts.source).toBe('（通讯员 张伟 摄）');
    expect(facts.captionTexts).toEqual(['学生操作数控机床']);
    expect(runFileRule(photoNewsSource, facts, scanned)).toEqual([]);
    expect(runFileRule(photoNewsCaptions, facts, scanned)).toEqual([]);
  });
});

describe('a caption after a line break in the picture’s own paragraph (photo-news/captions)', () => {
  it('is the picture’s caption', async () => {
    const { jpeg } = await pictures();
    const own = new Paragraph({
      children: [new ImageRun({ type: 'jpg', data: jpeg, transformation: { width: 160, height: 120 } }), new TextRun({ text: '学生在实训车间操作数控机床', break: 1 })],
    });
    const { facts, scanned } = await inspect('line-break.docx', [title('技能展示进校园'), body(100), own, para('图片来源：濮阳职专')], 'photo-news');
    expect(facts.pictureList).toEqual([expect.objectContaining({ number: 1, paragraph: 3, caption: '学生在实训车间操作数控机床' })]);
    expect(runFileRule(photoNewsCaptions, facts, scanned)).toEqual([]);
  });
});

describe('an address written without https:// (media-report/link)', () => {
  it('counts, with a warning to add https://', async () => {
    const { facts, scanned } = await inspect('www.docx', [title('濮阳日报：职业教育活动周启动'), body(150), await picture(), para('原文链接：www.pyxww.cn/news/2023/0515.html')], 'media-report');
    expect(facts.links).toEqual([{ url: 'www.pyxww.cn/news/2023/0515.html', via: 'text', schemeless: true }]);
    // The link line is no body.
    expect(facts.bodyWords).toBe(150);
    expect(runFileRule(mediaReportLink, facts, scanned)).toEqual([
      expect.objectContaining({ messageId: 'no-scheme', severity: 'warning', data: expect.objectContaining({ first: 'www.pyxww.cn/news/2023/0515.html' }) }),
    ]);
  });

  it('gives no warning when the same address is also given whole', async () => {
    const { facts, scanned } = await inspect('both.docx', [title('濮阳日报报道'), body(120), para('原文：https://www.pyxww.cn/a.html（www.pyxww.cn/a.html）')], 'media-report');
    expect(runFileRule(mediaReportLink, facts, scanned)).toEqual([]);
  });
});
