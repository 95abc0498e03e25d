import { localize } from '../src/report/messages.js';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Document, Packer, Paragraph } from 'docx';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectCaptionFile, inspectText, type TextFacts } from '../src/inspect/text.js';
import { textLength, textReadable } from '../src/rules/text.js';
import { decodeText } from '../src/text/decode.js';
import { chineseTextOf, mixedTextOf } from './support/texts.js';
import { fakeFile } from './support/files.js';
import { runFileRule } from './support/rules.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pyvw-text-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function inspectBytes(name: string, bytes: Uint8Array | string): Promise<TextFacts> {
  const absPath = path.join(dir, name);
  await writeFile(absPath, bytes);
  const size = typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.byteLength;
  return inspectText(fakeFile(name, { absPath, bytes: size }));
}

const BOM = {
  utf8: Buffer.from([0xef, 0xbb, 0xbf]),
  utf16le: Buffer.from([0xff, 0xfe]),
  utf16be: Buffer.from([0xfe, 0xff]),
};

describe('reading .txt in every encoding Chinese Windows writes', () => {
  const text = mixedTextOf(800);
  const cases: [string, Buffer, string][] = [
    ['UTF-8 without BOM', Buffer.from(text, 'utf8'), 'utf-8'],
    ['UTF-8 with BOM (Notepad "UTF-8 with BOM")', Buffer.concat([BOM.utf8, Buffer.from(text, 'utf8')]), 'utf-8-bom'],
    ['UTF-16LE with BOM (Notepad "Unicode")', Buffer.concat([BOM.utf16le, iconv.encode(text, 'utf-16le')]), 'utf-16le'],
    ['UTF-16BE with BOM (Notepad "Unicode big endian")', Buffer.concat([BOM.utf16be, iconv.encode(text, 'utf-16be')]), 'utf-16be'],
    ['GB18030', iconv.encode(text, 'gb18030'), 'gb18030'],
    ['GBK (Notepad "ANSI" on Chinese Windows)', iconv.encode(text, 'gbk'), 'gb18030'],
  ];
  it.each(cases)('%s', async (_label, bytes, encoding) => {
    const facts = await inspectBytes(`enc-${encoding}-${bytes.length}.txt`, bytes);
    expect(facts).toMatchObject({ format: 'txt', encoding, words: 800 });
    expect(facts.readError).toBeUndefined();
    expect(facts.undecodable).toBeUndefined();
  });

  it('GBK bytes really differ from UTF-8 (the test is not vacuous)', () => {
    expect(iconv.encode(text, 'gbk').equals(Buffer.from(text, 'utf8'))).toBe(false);
    expect(decodeText(iconv.encode('活动周', 'gbk')).text).toBe('活动周');
  });

  it('a UTF-8 file with a damaged byte stays UTF-8, so its 字数 stays right', async () => {
    const bytes = Buffer.from(chineseTextOf(1000), 'utf8');
    bytes[300] = 0xff;
    const facts = await inspectBytes('damaged.txt', bytes);
    expect(facts.encoding).toBe('utf-8');
    expect(facts.undecodable).toBeGreaterThan(0);
    expect(facts.words).toBeGreaterThanOrEqual(999);
    expect(facts.words).toBeLessThanOrEqual(1001);
  });

  it('a bit-rotted UTF-8 file (one byte in a hundred flipped) is not mistaken for GBK', async () => {
    const bytes = Buffer.from(chineseTextOf(1000), 'utf8').map((b, i) => (i % 97 === 0 ? b ^ 0x5a : b));
    const facts = await inspectBytes('rotted.txt', bytes);
    expect(facts.encoding).toBe('utf-8');
    expect(Math.abs(facts.words! - 1000)).toBeLessThan(60);
  });

  it.each([
    ['GBK Chinese only', chineseTextOf(800)],
    ['GBK mostly ASCII with one Chinese word', 'Skills make life better! 2023 技能'],
    ['GBK mixed', mixedTextOf(800)],
  ])('%s is read as GB18030', (_label, text) => {
    const decoded = decodeText(iconv.encode(text, 'gbk'));
    expect(decoded).toMatchObject({ encoding: 'gb18030', text, undecodable: 0 });
  });

  it('reads .md as text; its marks count as they would pasted into Word', async () => {
    // `#` 1 + 标题 2 + 900
    expect(await inspectBytes('活动简介.md', `# 标题\n\n${chineseTextOf(900)}`)).toMatchObject({ format: 'md', words: 903 });
  });
});

describe('files that are not readable text', () => {
  it.each(['.doc', '.wps'])('%s gets the "save as .docx" fix', async (ext) => {
    const facts = await inspectBytes(`旧稿${ext}`, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]));
    expect(facts).toMatchObject({ readError: 'legacy-word' });
    const [finding] = runFileRule(textReadable, facts, fakeFile(`旧稿${ext}`));
    expect(finding?.messageId).toBe('legacy-word');
    expect(textReadable.messages['legacy-word']!.hint.zh).toBe('用 Word/WPS 打开，另存为 .docx');
  });

  it('a zero-byte file is empty', async () => {
    expect(await inspectBytes('空.txt', Buffer.alloc(0))).toMatchObject({ readError: 'empty' });
  });

  it('a .txt of binary junk is not text', async () => {
    let seed = 42;
    const junk = Buffer.alloc(4096, 0).map(() => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff);
    expect(await inspectBytes('乱码.txt', junk)).toMatchObject({ readError: 'not-text' });
    // Junk without a single NUL byte is caught by its control characters.
    expect(await inspectBytes('乱码2.txt', junk.map((b) => b || 1))).toMatchObject({ readError: 'not-text' });
  });

  it('a PDF named .txt says it is a PDF', async () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'), Buffer.alloc(200, 0)]);
    const facts = await inspectBytes('活动简介.txt', pdf);
    expect(facts).toMatchObject({ readError: 'wrong-format', actualFormat: 'pdf' });
    const [finding] = runFileRule(textReadable, facts, fakeFile('活动简介.txt'));
    expect(finding).toMatchObject({ messageId: 'wrong-format', data: { ext: '.txt', format: 'pdf' } });
    expect(localize({ ...finding!, data: finding!.data }, 'zh').message).toContain('PDF');
  });

  it('a .doc renamed .docx (an OLE file) is named as such', async () => {
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(600, 0)]);
    expect(await inspectBytes('改名.docx', ole)).toMatchObject({ readError: 'ole' });
  });

  it('a damaged .docx is unreadable, with the reason', async () => {
    const facts = await inspectBytes('坏.docx', Buffer.from('PK\u0003\u0004 this is not really a zip'));
    expect(facts.readError).toBe('unreadable');
    expect(facts.readErrorDetail).toBeTruthy();
  });
});

describe('.docx write-ups', () => {
  it('counts the text of a Word document', async () => {
    const doc = new Document({ sections: [{ children: chineseTextOf(1200).split('\n').map((line) => new Paragraph(line)) }] });
    const facts = await inspectBytes('活动简介.docx', await Packer.toBuffer(doc));
    expect(facts).toMatchObject({ format: 'docx', words: 1200 });
  });
});

describe('text/length over facts: 800 ≤ 字数 ≤ 1500', () => {
  const rows: [number, string | undefined][] = [
    [0, 'short'], [799, 'short'], [800, undefined], [1500, undefined], [1501, 'long'],
  ];
  it.each(rows)('%i 字 → %s', (words, messageId) => {
    const findings = runFileRule(textLength, { format: 'txt', words, charsNoSpaces: words }, fakeFile('a.txt'));
    expect(findings.map((f) => f.messageId)).toEqual(messageId ? [messageId] : []);
  });

  it('says how far off the text is', () => {
    expect(runFileRule(textLength, { words: 799, charsNoSpaces: 799 }, fakeFile('a.txt'))[0]!.data).toMatchObject({ words: 799, min: 800, missing: 1 });
    expect(runFileRule(textLength, { words: 1501, charsNoSpaces: 1501 }, fakeFile('a.txt'))[0]!.data).toMatchObject({ words: 1501, max: 1500, excess: 1 });
  });

  it('takes its numbers from config options', () => {
    expect(runFileRule(textLength, { words: 700 }, fakeFile('a.txt'), { min: 600, max: 1500 })).toEqual([]);
  });

  it('says nothing about a file that could not be read (text/readable does)', () => {
    expect(runFileRule(textLength, { format: 'doc', readError: 'legacy-word' }, fakeFile('a.doc'))).toEqual([]);
  });

  it.each([799, 800, 1500, 1501])('%i 字 files, Chinese-only and mixed, in UTF-8 and GBK', async (n) => {
    const expected = n < 800 ? ['short'] : n > 1500 ? ['long'] : [];
    for (const [label, text] of [['zh', chineseTextOf(n)], ['mixed', mixedTextOf(n)]] as const) {
      for (const [enc, bytes] of [['utf8', Buffer.from(text, 'utf8')], ['gbk', iconv.encode(text, 'gbk')]] as const) {
        const facts = await inspectBytes(`${n}-${label}-${enc}.txt`, bytes);
        expect(facts.words, `${label} ${enc}`).toBe(n);
        expect(runFileRule(textLength, facts, fakeFile('a.txt')).map((f) => f.messageId), `${label} ${enc}`).toEqual(expected);
      }
    }
  });
});

describe('caption files', () => {
  it('a manifest in GBK with every separator', async () => {
    const text = '开幕式.jpg：开幕式上校长致辞\r\n合影,全体师生合影留念\n技能展示\t学生展示汽修技能\n"茶艺"，茶艺社团表演\n没有分隔符的行\n';
    const absPath = path.join(dir, '图片说明.txt');
    const bytes = iconv.encode(text, 'gbk');
    await writeFile(absPath, bytes);
    const facts = await inspectCaptionFile(fakeFile('图片说明.txt', { absPath, bytes: bytes.length, kind: 'caption', isManifest: true }));
    expect(facts.entries).toEqual([
      { name: '开幕式.jpg', text: '开幕式上校长致辞', line: 1 },
      { name: '合影', text: '全体师生合影留念', line: 2 },
      { name: '技能展示', text: '学生展示汽修技能', line: 3 },
      { name: '茶艺', text: '茶艺社团表演', line: 4 },
    ]);
  });
});
