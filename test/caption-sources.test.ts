// Every caption source of the rulebook, in its order, on real files: sidecars in each encoding and as .docx,
// each manifest name and separator, each embedded field as Windows, phones, Photoshop and exiftool write it, and
// descriptive file names; and what is not a caption.
import { Document, Packer, Paragraph } from 'docx';
import iconv from 'iconv-lite';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileResult } from '../src/types.js';
import {
  dayFolder, exifAscii, exifSegment, findingsOf, iptcSegment, makeJpeg, windowsXp, withSegments, xmpSegment, photoLookup, type DayFolder,
} from './support/jpeg.js';

const require = createRequire(import.meta.url);
const piexif = require('piexifjs') as {
  ImageIFD: Record<string, number>;
  dump(exif: Record<string, Record<number, unknown>>): string;
  insert(exif: string, jpeg: string): string;
};

let day: DayFolder;
let files: Map<string, FileResult>;
let photo: (name: string) => FileResult;
const captionOf = (name: string) => ({ caption: photo(name).facts.caption, source: photo(name).facts.captionSource });

/** Windows Explorer's "Comments" set with piexifjs: a big-endian TIFF, XPComment as UTF-16LE bytes of type BYTE. */
function piexifXpComment(jpeg: Buffer, text: string): Buffer {
  const bytes = [...Buffer.from(text, 'utf16le'), 0, 0];
  const exif = piexif.dump({ '0th': { [piexif.ImageIFD.XPComment!]: bytes } });
  return Buffer.from(piexif.insert(exif, jpeg.toString('latin1')), 'latin1');
}

beforeAll(async () => {
  day = await dayFolder();
  const jpeg = await makeJpeg(64, 48);
  const put = (name: string, content: Buffer | string) => day.write(`图片/${name}`, content);
  const docx = await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('学生在实训室操作数控机床')] }] }));
  await Promise.all([
    // Sidecars.
    put('IMG_0101.jpg', jpeg), put('IMG_0101.txt', '学生在实训室操作数控机床'),
    put('IMG_0102.jpg', jpeg), put('IMG_0102.txt', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('教师技能比武现场')])),
    put('IMG_0103.jpg', jpeg), put('IMG_0103.txt', iconv.encode('家长参观实训基地', 'gbk')),
    put('IMG_0104.jpg', jpeg), put('IMG_0104.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('企业专家进校园', 'utf16le')])),
    put('IMG_0105.jpg', jpeg), put('IMG_0105.txt', iconv.encode('\uFEFF志愿者服务社区居民', 'utf16be')),
    put('IMG_0106.JPG', jpeg), put('IMG_0106.docx', docx),
    // Manifests: each name, each separator, with and without the extension.
    put('IMG_0201.jpg', jpeg), put('IMG_0202.jpg', jpeg), put('IMG_0203.JPG', jpeg), put('IMG_0204.jpg', jpeg),
    put('IMG_0205.jpg', jpeg), put('开幕式，校长致辞.jpg', jpeg),
    put('图片说明.txt', ['IMG_0201.jpg：学生展示烹饪技能', 'IMG_0202:学生展示汽修技能', 'img_0203.jpg\t学生展示电商直播', '', '开幕式，校长致辞.jpg：校长在开幕式上讲话'].join('\r\n')),
    put('说明.txt', 'IMG_0204，学生展示茶艺技能\n'),
    put('captions.csv', '文件名,说明\n"IMG_0205.jpg","学生展示插花技能"\n'),
    put('IMG_0206.jpg', jpeg), day.write('captions.txt', iconv.encode('图片/IMG_0206.jpg：学生展示面点技能', 'gbk')),
    // Embedded.
    put('IMG_0301.jpg', withSegments(jpeg, exifSegment({ ImageDescription: exifAscii('Opening ceremony of the sports games') }))),
    put('IMG_0302.jpg', withSegments(jpeg, exifSegment({ ImageDescription: exifAscii('运动会入场式方阵') }))),
    put('IMG_0303.jpg', withSegments(jpeg, exifSegment({ XPComment: windowsXp('校长在开幕式上致辞') }))),
    put('IMG_0304.jpg', withSegments(jpeg, exifSegment({ XPTitle: windowsXp('升旗仪式') }))),
    put('IMG_0305.jpg', withSegments(jpeg, exifSegment({ XPSubject: windowsXp('职业教育活动周开幕') }))),
    put('IMG_0306.jpg', piexifXpComment(jpeg, '技能展示活动现场')),
    put('IMG_0307.jpg', withSegments(jpeg, xmpSegment({ description: { 'x-default': '学生参加技能大赛', 'zh-CN': '学生参加技能大赛' } }))),
    put('IMG_0308.jpg', withSegments(jpeg, xmpSegment({ title: { 'x-default': '企业开放日活动' } }))),
    put('IMG_0309.jpg', withSegments(jpeg, iptcSegment('技能大赛颁奖典礼', 'utf8'))),
    put('IMG_0310.jpg', withSegments(jpeg, iptcSegment('职教成果展览现场', 'gbk'))),
    // Camera text is no caption; a real one after it still counts.
    put('IMG_0401.jpg', withSegments(jpeg, exifSegment({ ImageDescription: exifAscii('OLYMPUS DIGITAL CAMERA') }))),
    put('IMG_0402.jpg', withSegments(jpeg, exifSegment({ ImageDescription: exifAscii('SONY DSC'), XPComment: windowsXp('学生操作工业机器人') }))),
    put('IMG_0403.jpg', withSegments(jpeg, exifSegment({ Make: exifAscii('Canon'), Model: exifAscii('Canon EOS 80D'), ImageDescription: exifAscii('Canon EOS 80D') }))),
    put('IMG_0404.jpg', withSegments(jpeg, exifSegment({ ImageDescription: exifAscii('                               ') }))),
    put('IMG_0405.jpg', withSegments(jpeg, exifSegment({ ImageDescription: exifAscii('开幕式') }))),
    // File names.
    put('运动会开幕式.jpg', jpeg),
    put('IMG_20230515_093012_校园开放日.jpg', jpeg),
    put('微信图片_20230515093012.jpg', jpeg),
    put('Screenshot_20230515-093012_com.tencent.mm.jpg', jpeg),
    put('20230515_093012.jpg', jpeg),
    put('开幕式.jpg', jpeg),
    // Order: sidecar, manifest, embedded, file name.
    put('实训基地参观活动.jpg', withSegments(jpeg, exifSegment({ XPComment: windowsXp('内嵌的说明文字') }))),
    put('实训基地参观活动.txt', '同名文本里的说明'),
    put('IMG_0501.jpg', withSegments(jpeg, exifSegment({ XPComment: windowsXp('内嵌的说明文字') }))),
    day.write('图片说明.txt', 'IMG_0501：清单里的说明文字\n'),
  ]);
  files = await day.judge();
  photo = photoLookup(files);
});

afterAll(() => day.remove());

describe('sidecar files', () => {
  it.each([
    ['IMG_0101.jpg', '学生在实训室操作数控机床', 'UTF-8'],
    ['IMG_0102.jpg', '教师技能比武现场', 'UTF-8 with BOM'],
    ['IMG_0103.jpg', '家长参观实训基地', 'GBK (Notepad "ANSI")'],
    ['IMG_0104.jpg', '企业专家进校园', 'UTF-16LE'],
    ['IMG_0105.jpg', '志愿者服务社区居民', 'UTF-16BE'],
    ['IMG_0106.JPG', '学生在实训室操作数控机床', '.docx'],
  ])('%s: "%s" from a %s sidecar', (name, caption) => {
    const stem = name.slice(0, name.lastIndexOf('.'));
    const { source } = captionOf(name);
    expect(captionOf(name).caption).toBe(caption);
    expect(source).toMatch(new RegExp(`^sidecar:图片/${stem}\\.(txt|docx)$`));
    expect(files.get(`图片/${stem}.${name.endsWith('JPG') ? 'docx' : 'txt'}`)?.kind).toBe('caption');
  });
});

describe('manifest lines', () => {
  it.each([
    ['IMG_0201.jpg', '学生展示烹饪技能', 'manifest:图片/图片说明.txt#1', '全角冒号, with extension'],
    ['IMG_0202.jpg', '学生展示汽修技能', 'manifest:图片/图片说明.txt#2', 'colon, without extension'],
    ['IMG_0203.JPG', '学生展示电商直播', 'manifest:图片/图片说明.txt#3', 'tab, other case'],
    ['开幕式，校长致辞.jpg', '校长在开幕式上讲话', 'manifest:图片/图片说明.txt#5', 'a name holding a separator'],
    ['IMG_0204.jpg', '学生展示茶艺技能', 'manifest:图片/说明.txt#1', '全角逗号 in 说明.txt'],
    ['IMG_0205.jpg', '学生展示插花技能', 'manifest:图片/captions.csv#2', 'quoted CSV'],
    ['IMG_0206.jpg', '学生展示面点技能', 'manifest:captions.txt#1', 'GBK, with a folder'],
  ])('%s: %s (%s)', (name, caption, source) => {
    expect(captionOf(name)).toEqual({ caption, source });
  });
});

describe('embedded descriptions', () => {
  it.each([
    ['IMG_0301.jpg', 'Opening ceremony of the sports games', 'exif:ImageDescription'],
    ['IMG_0302.jpg', '运动会入场式方阵', 'exif:ImageDescription'],
    ['IMG_0303.jpg', '校长在开幕式上致辞', 'exif:XPComment'],
    ['IMG_0304.jpg', '升旗仪式', 'exif:XPTitle'],
    ['IMG_0305.jpg', '职业教育活动周开幕', 'exif:XPSubject'],
    ['IMG_0306.jpg', '技能展示活动现场', 'exif:XPComment'],
    ['IMG_0307.jpg', '学生参加技能大赛', 'xmp:dc:description'],
    ['IMG_0308.jpg', '企业开放日活动', 'xmp:dc:title'],
    ['IMG_0309.jpg', '技能大赛颁奖典礼', 'iptc:Caption-Abstract'],
    ['IMG_0310.jpg', '职教成果展览现场', 'iptc:Caption-Abstract'],
  ])('%s: "%s" from %s', (name, caption, source) => {
    expect(captionOf(name)).toEqual({ caption, source });
    expect(findingsOf(photo(name), 'photo/caption')).toEqual([]);
  });
});

describe('what is not a caption', () => {
  it.each([
    ['IMG_0401.jpg', 'OLYMPUS DIGITAL CAMERA'],
    ['IMG_0403.jpg', 'Canon EOS 80D'],
    ['IMG_0405.jpg', '开幕式'],
  ])('%s: "%s" is rejected, saying why', (name, text) => {
    expect(captionOf(name).caption).toBeNull();
    const [finding] = findingsOf(photo(name), 'photo/caption');
    expect(finding).toMatchObject({ severity: 'error', data: { text, source: 'exif:ImageDescription' } });
  });

  it('camera text is passed over for a real caption after it', () => {
    expect(captionOf('IMG_0402.jpg')).toEqual({ caption: '学生操作工业机器人', source: 'exif:XPComment' });
  });

  it('a description of spaces is no candidate at all', () => {
    expect(findingsOf(photo('IMG_0404.jpg'), 'photo/caption')).toMatchObject([{ message: 'the photo has no caption' }]);
  });
});

describe('descriptive file names', () => {
  it.each([
    ['运动会开幕式.jpg', '运动会开幕式'],
    ['IMG_20230515_093012_校园开放日.jpg', '校园开放日'],
  ])('%s is its own caption', (name, caption) => {
    expect(captionOf(name)).toEqual({ caption, source: 'filename' });
  });

  it.each(['微信图片_20230515093012.jpg', 'Screenshot_20230515-093012_com.tencent.mm.jpg', '20230515_093012.jpg', '开幕式.jpg'])(
    '%s is not',
    (name) => {
      expect(captionOf(name).caption).toBeNull();
      expect(findingsOf(photo(name), 'photo/caption')).toMatchObject([{ severity: 'error', message: 'the photo has no caption' }]);
    },
  );
});

describe('the rulebook order', () => {
  it('a sidecar comes before the embedded text and the file name', () => {
    expect(captionOf('实训基地参观活动.jpg')).toEqual({ caption: '同名文本里的说明', source: 'sidecar:图片/实训基地参观活动.txt' });
  });

  it('a manifest line comes before the embedded text', () => {
    expect(captionOf('IMG_0501.jpg')).toEqual({ caption: '清单里的说明文字', source: 'manifest:图片说明.txt#1' });
  });
});
