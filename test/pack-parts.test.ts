import type { JudgedFile } from '../src/engine.js';
import { describe, expect, it } from 'vitest';
import { zonedInstant, wallClockAsUtc } from '../src/dates.js';
import { deadlineLine } from '../src/pack/mail.js';
import { EntryNames, mailSubject, packageFileName, windowsSafeName } from '../src/pack/names.js';
import type { DocxPicture } from '../src/inspect/docx.js';
import { planPackage, type PackPlan, type PlannedEntry } from '../src/pack/plan.js';
import { terminalProgress } from '../src/pack/progress.js';
import { splitEntries } from '../src/pack/split.js';
import { puyang2023 } from '../src/profile/puyang-2023.js';
import type { ScannedFile } from '../src/types.js';

describe('package names', () => {
  it.each([
    ['濮阳市第一职业中等专业学校', '濮阳市第一职业中等专业学校'],
    ['华龙区/高新区 联合校', '华龙区／高新区 联合校'],
    ['A:B*C?"<>|\\', 'A：B＊C？＂＜＞｜＼'],
    ['学校. ', '学校'],
    ['CON', '_CON'],
    ['nul.txt', '_nul.txt'],
    ['\u0007', '_'],
  ])('makes %j safe for Windows as %j', (unit, safe) => {
    expect(windowsSafeName(unit)).toBe(safe);
  });

  it('fills the profile template, with the part before .zip', () => {
    const template = puyang2023.packageNameTemplate;
    expect(packageFileName(template, '濮阳市第一职业中等专业学校', '2023-05-05')).toBe('濮阳市第一职业中等专业学校-2023年5月5日-职教活动周材料.zip');
    expect(packageFileName(template, '一中/二中', '2023-05-15', { index: 1, count: 3 })).toBe('一中／二中-2023年5月15日-职教活动周材料（1／3）.zip');
    expect(mailSubject(puyang2023.subjectTemplate, '一中', '2023-05-15', { index: 2, count: 3 })).toBe('【职教活动周】一中 5月15日 活动材料（2／3）');
  });

  it('keeps entry names unique as Windows compares them', () => {
    const names = new EntryNames();
    expect(names.claim('图片/a.jpg')).toBe('图片/a.jpg');
    expect(names.claim('图片/A.JPG')).toBe('图片/A (2).JPG');
    expect(names.claim('图片/a.jpg')).toBe('图片/a (3).jpg');
    expect(names.claimFolder('图片')).toBe('图片 (2)');
    expect(names.claimFolder('图片新闻/活动')).toBe('图片新闻/活动');
  });
});

describe('the deadline', () => {
  const at = (iso: string): Date => new Date(iso);
  it('is 16:00 in Beijing, whatever the machine zone', () => {
    expect(zonedInstant('2023-05-15', '16:00', 'Asia/Shanghai').toISOString()).toBe('2023-05-15T08:00:00.000Z');
    expect(wallClockAsUtc(at('2023-05-15T20:30:00Z'), 'Asia/Shanghai').toISOString()).toBe('2023-05-16T04:30:00.000Z');
  });

  it.each([
    ['2023-05-15T07:59:00Z', 'zh', '截止时间：今天 16:00（北京时间），还有 1 分钟'],
    ['2023-05-14T08:00:00Z', 'zh', '截止时间：5月15日 16:00（北京时间），还有 1 天'],
    ['2023-05-15T09:10:00Z', 'zh', '今天 16:00（北京时间）的截止时间已过 1 小时 10 分钟：请尽快发送，并向教育局说明情况'],
    ['2023-05-15T05:00:00Z', 'en', 'Deadline: today 16:00 Beijing time, 3 hours from now'],
  ])('at %s says (%s) %j', (now, lang, line) => {
    expect(deadlineLine('2023-05-15', puyang2023, at(now), lang as 'zh' | 'en')).toBe(line);
  });
});

describe('the pictures of a document', () => {
  const news: ScannedFile = {
    path: '图片新闻/活动.docx', absPath: '/x/活动.docx', kind: 'photo-news', classification: { by: 'folder', detail: '图片新闻' },
    bytes: 9000, mtime: new Date(), ext: '.docx',
  };
  const picture = (number: number, entry: string, format: string): DocxPicture => ({ number, entry, format, bytes: 1000 * number, paragraph: number });
  /** Plans a day of one photo-news document that passes, with these pictures found by the inspection (none: unread). */
  const plan = (pictureList?: DocxPicture[]): PackPlan => {
    const facts = pictureList
      ? { format: 'docx', pictures: pictureList.length, pictureList }
      : { format: 'docx', readError: 'mammoth-failed', readErrorDetail: 'no body' };
    const judged = { submission: { path: 'day', absPath: '/x', files: [news] }, files: [{ kind: 'photo-news', file: news, state: 'inspected', facts, findings: [] } as JudgedFile], findings: [] };
    return planPackage(judged, { path: 'day', kind: 'day', date: '2023-05-15', dateSource: 'option', ok: true, counts: { error: 0, warning: 0, info: 0 }, findings: [], files: [] }, 'en');
  };

  it('are the ones the inspection found, named by their number in the document, each written once', () => {
    const { entries, notes } = plan([
      picture(1, 'word/media/image3.jpeg', 'jpeg'), picture(2, 'word/media/image1.emf', 'emf'),
      picture(3, 'word/media/image2.png', 'png'), picture(4, 'word/media/image3.jpeg', 'jpeg'),
    ]);
    const described = entries.map((e) => [e.name, e.source.type === 'picture' ? [e.source.mediaPath, e.source.handling] : 'file', e.bytes]);
    expect(described).toEqual([
      ['图片新闻/活动.docx', 'file', 9000],
      ['图片新闻/活动/图1.jpg', ['word/media/image3.jpeg', 'jpeg'], 1000],
      ['图片新闻/活动/图3.jpg', ['word/media/image2.png', 'convert'], 3000],
    ]);
    expect(notes.map((n) => n.en)).toEqual([expect.stringContaining('image1.emf is not a photo format')]);
  });

  it('are none, with a note, when the document could not be read', () => {
    const { entries, notes } = plan(undefined);
    expect(entries.map((e) => e.name)).toEqual(['图片新闻/活动.docx']);
    expect(notes.map((n) => n.en)).toEqual([expect.stringContaining('no body')]);
  });
});

describe('--split', () => {
  const file = (name: string, bytes: number): ScannedFile => ({
    path: name, absPath: `/x/${name}`, kind: 'photo', classification: { by: 'folder', detail: '图片' }, bytes, mtime: new Date(), ext: '.jpg',
  });
  const entry = (name: string, bytes: number, group: number, extra: Partial<PlannedEntry> = {}): PlannedEntry => ({
    name, kind: 'photo', source: { type: 'file', file: file(name, bytes) }, bytes, mtime: new Date(), store: true, group, ...extra,
  });

  it('fills packages by whole groups, keeps a sidecar with its photo, and a caption list in every package with photos', () => {
    const MB = 1 << 20;
    const entries = [
      // Each photo also costs its card and thumbnail in 材料一览.html (under 70 KB).
      entry('图片/a.jpg', 0.55 * MB, 0), entry('图片/a.txt', 100, 0, { kind: 'caption', store: false }),
      entry('图片/b.jpg', 0.55 * MB, 1), entry('图片/c.jpg', 0.25 * MB, 2), entry('图片/huge.jpg', 3 * MB, 3),
      entry('图片/图片说明.txt', 200, 4, { kind: 'caption', follows: 'photo', store: false }),
    ];
    const parts = splitEntries(entries, MB, []);
    const names = parts.map((p) => p.entries.map((e) => e.name));
    expect(names).toEqual([
      ['图片/a.jpg', '图片/a.txt', '图片/c.jpg', '图片/图片说明.txt'],
      ['图片/b.jpg', '图片/图片说明.txt'],
      ['图片/huge.jpg', '图片/图片说明.txt'],
    ]);
    expect(parts.map((p) => p.oversized)).toEqual([false, false, true]);
    for (const part of parts.filter((p) => !p.oversized)) expect(part.bytes).toBeLessThanOrEqual(MB);
  });
});

describe('the progress bar', () => {
  const terminal = (isTTY: boolean): NodeJS.WriteStream & { text: string } => {
    const stream = { isTTY, text: '', write(chunk: string) { stream.text += chunk; return true; } };
    return stream as unknown as NodeJS.WriteStream & { text: string };
  };

  it('appears only on a terminal outside CI', () => {
    expect(terminalProgress(terminal(false), 'zh', {})).toBeUndefined();
    expect(terminalProgress(terminal(true), 'zh', { CI: 'true' })).toBeUndefined();
    expect(terminalProgress(terminal(true), 'zh', {})).toBeDefined();
  });

  it('stays silent for a pack that takes only a moment, and clears what it drew', async () => {
    const stream = terminal(true);
    const bar = terminalProgress(stream, 'en', {})!;
    bar.update({ phase: 'write', done: 1, total: 10 });
    expect(stream.text).toBe('');
    await new Promise((resolve) => setTimeout(resolve, 750));
    bar.update({ phase: 'write', done: 5, total: 10 });
    expect(stream.text).toMatch(/packing \[#{12}-{12}\] 50%/u);
    bar.finish();
    expect(stream.text.endsWith('\r\u001b[K')).toBe(true);
  });
});
