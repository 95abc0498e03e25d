import { describe, expect, it } from 'vitest';
import { detectLang } from '../src/i18n.js';
import { describeSource, localize } from '../src/report/messages.js';
import { formatText, padEnd } from '../src/report/text.js';
import type { CheckReport, FileResult } from '../src/types.js';
import { checkReport, fileResult, submissionResult } from './support/reports.js';

const report = (files: FileResult[]): CheckReport => checkReport([submissionResult('today', files)]);

describe('caption sources in words a clerk knows; JSON keeps the code', () => {
  it.each([
    ['filename', '文件名', 'the file name'],
    ['sidecar:图片/开幕式.txt', '同名说明文件 图片/开幕式.txt', 'the caption file 图片/开幕式.txt beside it'],
    ['manifest:图片说明.txt#3', '说明清单 图片说明.txt 第 3 行', 'line 3 of the list 图片说明.txt'],
    ['exif:XPComment', '照片属性“备注”', 'the photo’s “Comments” property'],
    ['exif:XPTitle', '照片属性“标题”', 'the photo’s “Title” property'],
    ['exif:XPSubject', '照片属性“主题”', 'the photo’s “Subject” property'],
    ['exif:ImageDescription', '照片属性“图像描述”（EXIF）', 'the photo’s EXIF ImageDescription'],
    ['xmp:dc:description', '照片内嵌的说明（XMP）', 'the description embedded in the photo (XMP)'],
    ['iptc:Caption-Abstract', '照片内嵌的说明（IPTC）', 'the caption embedded in the photo (IPTC)'],
    ['something:new', 'something:new', 'something:new'],
  ])('%s', (source, zh, en) => {
    expect(describeSource(source)).toEqual({ zh, en });
  });

  it('a finding’s message uses the words, its data the raw source', () => {
    const raw = { rule: 'photo/caption', messageId: 'rejected:boilerplate', severity: 'error' as const, data: { text: 'SONY DSC', source: 'exif:XPComment', reason: 'boilerplate' } };
    const finding = localize(raw, 'zh');
    expect(finding.message).toContain('照片属性“备注”');
    expect(finding.data.source).toBe('exif:XPComment');
  });
});

describe('terminal report', () => {
  it('pads by display width, so Chinese lines up with ASCII', () => {
    expect(padEnd('图片', 6)).toBe('图片  ');
    expect(padEnd('ab', 6)).toBe('ab    ');
    expect(padEnd('很长的文件名', 4)).toBe('很长的文件名');
  });

  it('shows encodings by the names Notepad uses', () => {
    const facts = { words: 900, charsNoSpaces: 950, encoding: 'gb18030' };
    const out = formatText(report([fileResult('简介.txt', 'text', { facts })]), { lang: 'zh', colorLevel: 0 });
    expect(out).toContain('字数 900，字符数(不计空格) 950，编码 ANSI（GBK/GB18030）');
  });

  it('dims ignored files and colours nothing at level 0', () => {
    const files = [fileResult('Thumbs.db', 'ignored', { reason: '系统或临时文件，不检查、不报送' }), fileResult('简介.txt', 'text')];
    const plain = formatText(report(files), { lang: 'zh', colorLevel: 0 });
    expect(plain).not.toMatch(/\u001b\[/u);
    expect(plain).toContain('  · Thumbs.db  忽略      系统或临时文件，不检查、不报送');
    const coloured = formatText(report(files), { lang: 'zh', colorLevel: 1 });
    expect(coloured).toContain('\u001b[2m  · Thumbs.db');
  });
});

describe('language', () => {
  it.each([
    [undefined, {}, 'zh'],
    ['en', { LANG: 'zh_CN.UTF-8' }, 'en'],
    ['zh', { LANG: 'en_US.UTF-8' }, 'zh'],
    [undefined, { LANG: 'en_US.UTF-8' }, 'en'],
    [undefined, { LANG: 'zh_CN.UTF-8', LC_ALL: 'en_GB.UTF-8' }, 'en'],
    [undefined, { LANG: 'en_US.UTF-8', LC_ALL: 'zh_CN.UTF-8' }, 'zh'],
    [undefined, { LANG: 'C.UTF-8' }, 'zh'],
  ] as const)('--lang %s with %j → %s', (explicit, env, lang) => {
    expect(detectLang(explicit, env as NodeJS.ProcessEnv)).toBe(lang);
  });
});
