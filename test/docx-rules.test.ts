import { describe, expect, it } from 'vitest';
import type { DocxFacts, DocxParagraph, DocxPicture } from '../src/inspect/docx.js';
import { localize } from '../src/report/messages.js';
import { getRule } from '../src/rules/registry.js';
import type { RawFinding, ScannedFile } from '../src/types.js';
import { fakeFile } from './support/files.js';
import { runFileRule } from './support/rules.js';

/** Runs one rule over the facts of a media report (of the rule's kind), as the engine does. */
function judge(ruleId: string, facts: DocxFacts, file: Partial<ScannedFile> = {}): RawFinding[] {
  const rule = getRule(ruleId)!;
  return runFileRule(rule, facts, fakeFile('媒体报道/报道.docx', { kind: rule.scope === 'file' ? rule.kind : undefined, ...file }));
}

const paragraph = (text: string, extra: Partial<DocxParagraph> = {}): DocxParagraph => ({
  index: 1, style: null, text, words: text.length, pictures: [], links: [], inTable: false, ...extra,
});
const pictureOf = (number: number, caption: string | null): DocxPicture => ({ number, entry: `word/media/image${number}.jpeg`, format: 'jpeg', bytes: 1000, paragraph: number, caption });

/** Facts as the inspection and the linking leave them for a readable document. */
function doc(facts: Partial<DocxFacts> = {}, paragraphs: DocxParagraph[] = [paragraph('正文')]): DocxFacts {
  const result: DocxFacts = {
    format: 'docx', words: 200, charsNoSpaces: 200, paragraphs: paragraphs.length, pictures: 1, pictureList: [pictureOf(1, '学生展示技能')], linkedPictures: 0,
    linkedPictureList: [], contentWithoutFallback: 0, links: [], title: { text: '题目', words: 2, source: 'style', style: 'Title', paragraph: 1 },
    firstParagraphWords: null, source: '图片来源：濮阳职专', captions: 1, captionTexts: ['学生展示技能'], bodyWords: 900, ...facts,
  };
  Object.defineProperty(result, 'paragraphList', { value: paragraphs, enumerable: false });
  return result;
}

const unread = (readError: DocxFacts['readError'], extra: Partial<DocxFacts> = {}): DocxFacts => ({ format: 'docx', readError, ...extra });

type Row = [rule: string, facts: DocxFacts, expected: string[]];
const rows: Row[] = [
  // readable, for every Word kind, with the shared messages
  ['photo-news/readable', doc(), []],
  ['photo-news/readable', unread('legacy-word'), ['legacy-word']],
  ['photo-news/readable', unread('ole'), ['ole']],
  ['media-report/readable', unread('encrypted'), ['encrypted']],
  ['media-report/readable', unread('not-a-zip'), ['not-a-zip']],
  ['media-report/readable', unread('wrong-format', { actualFormat: 'pdf' }), ['wrong-format']],
  ['summary/readable', unread('no-document'), ['no-document']],
  ['summary/readable', unread('bomb', { readErrorDetail: 'word/document.xml declares …' }), ['bomb']],
  ['summary/readable', unread('mammoth-failed', { readErrorDetail: 'Could not find the body element' }), ['mammoth-failed']],
  ['photo-news/readable', unread('empty'), ['empty']],
  // pictures: embedded ones count; linked ones and unreadable alternate content are said for what they are
  ['photo-news/pictures', doc(), []],
  ['photo-news/pictures', doc({ pictures: 0, pictureList: [] }), ['none']],
  ['media-report/pictures', doc({ pictures: 0, pictureList: [], linkedPictures: 2 }), ['linked-only']],
  ['summary/pictures', doc({ pictures: 0, pictureList: [], contentWithoutFallback: 3 }), ['unreadable-content']],
  ['photo-news/pictures', unread('ole'), []],
  // source
  ['photo-news/source', doc(), []],
  ['photo-news/source', doc({ source: null }), ['missing']],
  ['photo-news/source', unread('bomb'), []],
  // captions: every embedded picture
  ['photo-news/captions', doc({ pictures: 2, pictureList: [pictureOf(1, '甲'), pictureOf(2, '乙')], captions: 2 }), []],
  ['photo-news/captions', doc({ pictures: 2, pictureList: [pictureOf(1, null), pictureOf(2, '乙')], captions: 1 }), ['missing']],
  ['photo-news/captions', doc({ pictures: 0, pictureList: [], captions: 0 }), []],
  // title
  ['media-report/title', doc(), []],
  ['media-report/title', doc({ title: null, firstParagraphWords: 130 }), ['too-long']],
  ['media-report/title', doc({ title: null, firstParagraphWords: null }), ['missing']],
  ['media-report/title', doc({ title: null, firstParagraphWords: null }, []), ['empty']],
  // body
  ['media-report/body', doc({ bodyWords: 100 }), []],
  ['media-report/body', doc({ bodyWords: 99 }), ['short']],
  // link
  ['media-report/link', doc({ links: [{ url: 'https://www.pydaily.cn/a.html', via: 'hyperlink' }] }), []],
  ['media-report/link', doc({ links: [{ url: 'http://10.0.0.1/a', via: 'text' }] }), []],
  ['media-report/link', doc({ links: [{ url: 'https://news.example.cn/1', via: 'sidecar' }] }), []],
  ['media-report/link', doc({ links: [] }), ['missing']],
  ['media-report/link', doc({ links: [{ url: 'http://', via: 'text' }] }), ['invalid']],
  ['media-report/link', doc({ links: [{ url: 'http://localhost/x', via: 'text' }] }), ['invalid']],
  ['media-report/link', doc({ links: [{ url: 'mailto:py8991718@126.com', via: 'hyperlink' }, { url: 'file:///C:/a.html', via: 'hyperlink' }] }), ['invalid']],
  ['media-report/link', doc({ links: [{ url: 'http://', via: 'text' }, { url: 'https://www.henan.gov.cn/', via: 'text' }] }), []],
  // summary
  ['summary/body', doc({ bodyWords: 800 }), []],
  ['summary/body', doc({ bodyWords: 799 }), ['short']],
  ['summary/highlights', doc({}, [paragraph('一、活动亮点')]), []],
  ['summary/highlights', doc({}, [paragraph('一、活动概况')]), ['missing']],
  ['summary/cases', doc({}, [paragraph('二、典型案例：走进社区')]), []],
  ['summary/cases', doc({}, [paragraph('二、典型活动案例')]), ['missing']],
  ['summary/cases', unread('encrypted'), []],
];

describe('Word document rules over facts', () => {
  it.each(rows)('%s', (ruleId, facts, expected) => {
    expect(judge(ruleId, facts).map((f) => f.messageId)).toEqual(expected);
  });
});

describe('what the findings say', () => {
  const say = (ruleId: string, facts: DocxFacts, lang: 'zh' | 'en' = 'zh') => localize(judge(ruleId, facts)[0]!, lang);

  it('counts what was found and names what is missing', () => {
    const facts = doc({ pictures: 3, pictureList: [pictureOf(1, '甲'), pictureOf(2, null), pictureOf(3, null)], captions: 1 });
    expect(say('photo-news/captions', facts).message).toBe('3 张图片，1 条题注：第 2、3 张图片没有题注');
    expect(say('photo-news/captions', facts, 'en').message).toBe('3 picture(s), 1 caption(s): no caption for picture 2, 3');
    expect(say('photo-news/captions', facts).hint).toContain('80 字');
  });

  it('gives the numbers of the profile', () => {
    expect(say('media-report/title', doc({ title: null, firstParagraphWords: 130 })).message).toContain('第一段有 130 字，超过题目的 60 字');
    expect(say('media-report/body', doc({ bodyWords: 42 })).message).toBe('正文 42 字（不计题目、题注和链接行），少于 100 字');
    expect(say('summary/body', doc({ bodyWords: 700 })).message).toContain('少于 800 字');
    expect(say('summary/highlights', doc({}, [paragraph('无')])).message).toBe('总结中没有写到“亮点”');
  });

  it('names the links that are not web addresses and the sidecar to write one into', () => {
    const invalid = say('media-report/link', doc({ links: [{ url: 'http://', via: 'text' }] }));
    expect(invalid.message).toContain('http://');
    const missing = say('media-report/link', doc({ links: [] }));
    expect(missing.message).not.toContain('.txt');
    expect(missing.hint).toContain('报道.txt');
  });

  it('fills every placeholder of every read error, in both languages', () => {
    for (const readError of ['legacy-word', 'empty', 'unreadable', 'damaged', 'not-a-zip', 'wrong-format', 'ole', 'encrypted', 'no-document', 'bomb', 'mammoth-failed'] as const) {
      for (const lang of ['zh', 'en'] as const) {
        const finding = say('photo-news/readable', unread(readError, { readErrorDetail: 'detail', actualFormat: 'pdf' }), lang);
        expect(`${finding.message} ${finding.hint}`).not.toMatch(/\{\w+\}/u);
      }
    }
  });

  it('has no placeholder left in any Word rule message', () => {
    const cases: [string, DocxFacts][] = [
      ['photo-news/pictures', doc({ pictures: 0, linkedPictures: 1 })],
      ['media-report/pictures', doc({ pictures: 0, contentWithoutFallback: 1 })],
      ['summary/pictures', doc({ pictures: 0 })],
      ['photo-news/source', doc({ source: null })],
      ['media-report/title', doc({ title: null, firstParagraphWords: null })],
      ['summary/cases', doc({}, [paragraph('无')])],
    ];
    for (const [ruleId, facts] of cases) {
      for (const lang of ['zh', 'en'] as const) {
        const finding = say(ruleId, facts, lang);
        expect(`${finding.message} ${finding.hint}`).not.toMatch(/\{\w+\}/u);
      }
    }
  });
});
