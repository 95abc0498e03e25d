/**
 * Where Word and WPS put pictures and links that mammoth's reading lost (issue 9, items 12 and 14): pictures in a
 * drawing canvas, in its VML fallback, in a group, in a VML shape, in a text box; a hyperlink in a footnote or an
 * endnote. Every document is made here with the `docx` package and rewritten as Word writes those places.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Document, EndnoteReferenceRun, ExternalHyperlink, FootnoteReferenceRun, Packer, Paragraph, TextRun } from 'docx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWordFile, type DocxFacts } from '../src/inspect/docx.js';
import { linkWordDocuments } from '../src/link/word-layout.js';
import { RULEBOOK_LINK_OPTIONS } from '../src/link/options.js';
import { mediaReportLink } from '../src/rules/media-report.js';
import { photoNewsCaptions, photoNewsPictures } from '../src/rules/photo-news.js';
import type { FileKind, InspectedFile } from '../src/types.js';
import { body, para, picture, placePictures, title, writeDocx, type PicturePlace } from './support/docx.js';
import { put } from './support/folders.js';
import { scannedFile } from './support/files.js';
import { runFileRule } from './support/rules.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pyvw-docx-places-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const at = (name: string): string => path.join(dir, name);

async function inspect(file: string, kind: FileKind = 'photo-news') {
  const scanned = await scannedFile(file, { path: path.basename(file), kind });
  const { facts } = await readWordFile(scanned);
  linkWordDocuments(new Map([[scanned.path, { kind, file: scanned, state: 'inspected', facts } as InspectedFile]]), RULEBOOK_LINK_OPTIONS);
  return { facts: facts as DocxFacts, scanned };
}

describe('pictures wherever Word or WPS puts them (photo-news/pictures)', () => {
  const places: PicturePlace[] = ['canvas-with-vml-fallback', 'canvas', 'group', 'vml-only', 'textbox-without-fallback'];
  let source: string;
  beforeAll(async () => {
    source = await writeDocx(at('places-source.docx'), [title('技能展示进校园'), body(120), await picture('jpg'), para('学生在实训车间操作数控机床'), para('图片来源：濮阳职专')]);
  });

  it.each(places)('a picture in a %s counts, once, in its paragraph, with its caption under it', async (place) => {
    // A text box's paragraphs follow the paragraph that anchors it.
    const paragraph = place === 'textbox-without-fallback' ? 4 : 3;
    const { facts, scanned } = await inspect(await placePictures(source, at(`${place}.docx`), place));
    expect(facts.readError).toBeUndefined();
    expect(facts.pictures).toBe(1);
    expect(facts.linkedPictures).toBe(0);
    expect(facts.pictureList).toEqual([
      expect.objectContaining({ number: 1, entry: expect.stringMatching(/^word\/media\//u), format: 'jpeg', paragraph, caption: '学生在实训车间操作数控机床' }),
    ]);
    expect(runFileRule(photoNewsPictures, facts, scanned)).toEqual([]);
    expect(runFileRule(photoNewsCaptions, facts, scanned)).toEqual([]);
  });

  it('counts two pictures of one canvas as two, each once although the VML fallback repeats them', async () => {
    const source = await writeDocx(at('two-source.docx'), [title('图片新闻'), await picture('jpg'), await picture('png'), para('学生展示技能'), para('家长参观实训室')]);
    const { facts } = await inspect(await placePictures(source, at('two.docx'), 'canvas-with-vml-fallback'));
    expect(facts.pictureList!.map((p) => [p.number, p.format])).toEqual([[1, 'jpeg'], [2, 'png']]);
    expect(facts.captionTexts).toEqual(['学生展示技能', '家长参观实训室']);
  });
});

describe('hyperlinks in footnotes and endnotes (media-report/link)', () => {
  // mammoth's test-data/footnote-hyperlink.docx, made again: the only link of the document is in a note.
  async function noted(name: string, note: 'footnote' | 'endnote'): Promise<string> {
    const content = [new Paragraph({ children: [new TextRun('原文链接见'), new ExternalHyperlink({ link: `https://www.pyrb.com.cn/${note}.html`, children: [new TextRun('濮阳日报')] })] })];
    const reference = note === 'footnote' ? new FootnoteReferenceRun(1) : new EndnoteReferenceRun(1);
    const document = new Document({
      ...(note === 'footnote' ? { footnotes: { 1: { children: content } } } : { endnotes: { 1: { children: content } } }),
      sections: [{ children: [new Paragraph({ text: '职教活动周走进社区', heading: 'Title' }), new Paragraph({ children: [new TextRun('濮阳日报报道了我校的活动。'), reference] })] }],
    });
    return put(at(name), await Packer.toBuffer(document));
  }

  it.each(['footnote', 'endnote'] as const)('keeps the hyperlink of a %s, and counts its text', async (note) => {
    const { facts, scanned } = await inspect(await noted(`${note}.docx`, note), 'media-report');
    expect(facts.links).toEqual([{ url: `https://www.pyrb.com.cn/${note}.html`, via: 'hyperlink' }]);
    // 职教活动周走进社区 (9) + 濮阳日报报道了我校的活动。(13) + the note's 原文链接见濮阳日报 (9)
    expect(facts.words).toBe(31);
    expect(runFileRule(mediaReportLink, facts, scanned)).toEqual([]);
    // The note is no paragraph of the page: title and body stay as they were.
    expect(facts.paragraphList).toHaveLength(2);
  });
});
