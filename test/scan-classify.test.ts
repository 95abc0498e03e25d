import { describe, expect, it } from 'vitest';
import { classifyAll } from '../src/scan/classify.js';
import type { Classification, FileKind } from '../src/types.js';

/** One submission's paths, and the kind and reason the rulebook gives each ("What is in a submission folder"). */
type Row = [path: string, kind: FileKind, by: Classification['by'], detail?: string];

function expectClassified(paths: string[], rows: Row[]): void {
  const result = classifyAll(paths);
  for (const [p, kind, by, detail] of rows) {
    const c = result.get(p);
    expect(c, p).toBeDefined();
    expect({ path: p, kind: c!.kind, by: c!.classification.by }).toEqual({ path: p, kind, by });
    if (detail !== undefined) expect(c!.classification.detail, p).toBe(detail);
  }
  expect(result.size).toBe(paths.length);
}

describe('classify by folder (first path segment, case-insensitive)', () => {
  const rows: Row[] = [
    ['文字材料/活动简介.docx', 'text', 'folder', '文字材料'],
    ['文字/简介.txt', 'text', 'folder', '文字'],
    ['TEXT/intro.md', 'text', 'folder', 'TEXT'],
    ['文字材料/旧稿.doc', 'text', 'folder'],
    ['文字材料/草稿.wps', 'text', 'folder'],
    ['图片/开幕式.jpg', 'photo', 'folder', '图片'],
    ['照片/上午/技能展示.JPEG', 'photo', 'folder', '照片'],
    ['Photos/a.png', 'photo', 'folder', 'Photos'],
    ['图片新闻/图片新闻一.docx', 'photo-news', 'folder'],
    ['Photo-News/n.docx', 'photo-news', 'folder'],
    ['视频/宣传片.mp4', 'video', 'folder'],
    ['动漫/动画.mov', 'video', 'folder'],
    ['VIDEOS/clip.mkv', 'video', 'folder'],
    ['媒体报道/濮阳日报.docx', 'media-report', 'folder'],
    ['报道/电视台.docx', 'media-report', 'folder'],
    ['Media/tv.docx', 'media-report', 'folder'],
    ['总结/活动周总结.docx', 'summary', 'folder'],
    ['Summary/week.docx', 'summary', 'folder'],
    // The folder decides over the name: a write-up that mentions 总结 is still a write-up in 文字材料/.
    ['文字材料/活动总结.docx', 'text', 'folder'],
  ];
  it.each(rows)('%s → %s', (...row) => expectClassified([row[0]], [row]));

  it('uses only the first path segment', () => {
    expectClassified(
      ['2023-05-15/图片/a.jpg', '图片/视频/b.mp4', '图片/视频/c.jpg'],
      [
        ['2023-05-15/图片/a.jpg', 'photo', 'extension', '.jpg'],
        // A video in a photo folder is not a photo: the flat rules give it its family's kind.
        ['图片/视频/b.mp4', 'video', 'extension', '.mp4'],
        ['图片/视频/c.jpg', 'photo', 'folder', '图片'],
      ],
    );
  });
});

describe('a file whose family does not fit its folder falls back to the flat rules', () => {
  const rows: Row[] = [
    ['图片/活动报道.docx', 'media-report', 'name', '活动报道.docx'],
    ['图片/简介.docx', 'text', 'extension', '.docx'],
    ['图片/随手记.txt', 'text', 'extension', '.txt'],
    ['文字材料/合影.jpg', 'photo', 'extension', '.jpg'],
    ['视频/封面.jpg', 'photo', 'extension', '.jpg'],
    ['图片新闻/配图.jpg', 'photo', 'extension', '.jpg'],
    ['总结/总结.pdf', 'unknown', 'unknown', '.pdf'],
    ['图片/打包.rar', 'unknown', 'unknown', '.rar'],
  ];
  it.each(rows)('%s → %s', (...row) => expectClassified([row[0]], [row]));
});

describe('the flat layout: by family and name', () => {
  const rows: Row[] = [
    ...['.jpg', '.jpeg', '.png', '.heic', '.heif', '.webp', '.bmp', '.gif', '.tif', '.tiff', '.JPG'].map(
      (ext): Row => [`照片${ext}`, 'photo', 'extension', ext.toLowerCase()],
    ),
    ...['.mp4', '.m4v', '.mov', '.avi', '.mkv', '.wmv', '.flv', '.3gp', '.webm', '.MP4'].map(
      (ext): Row => [`视频${ext}`, 'video', 'extension', ext.toLowerCase()],
    ),
    ['5月15日图片新闻.docx', 'photo-news', 'name'],
    ['濮阳日报媒体报道.docx', 'media-report', 'name'],
    ['电视台报道.wps', 'media-report', 'name'],
    ['活动周总结.doc', 'summary', 'name'],
    ['活动简介.docx', 'text', 'extension', '.docx'],
    ['活动简介.doc', 'text', 'extension', '.doc'],
    ['活动简介.txt', 'text', 'extension', '.txt'],
    ['活动简介.md', 'text', 'extension', '.md'],
    ['活动简介.TXT', 'text', 'extension', '.txt'],
  ];
  it.each(rows)('%s → %s', (...row) => expectClassified([row[0]], [row]));
});

describe('sidecars and manifests', () => {
  it('X.txt or X.docx beside a photo is its caption; beside a video its description', () => {
    const paths = ['图片/开幕式.jpg', '图片/开幕式.txt', '图片/合影.JPG', '图片/合影.docx', '视频/宣传片.mp4', '视频/宣传片.txt', '航拍.mov', '航拍.TXT'];
    const result = classifyAll(paths);
    expectClassified(paths, [
      ['图片/开幕式.txt', 'caption', 'sidecar', '图片/开幕式.jpg'],
      ['图片/合影.docx', 'caption', 'sidecar', '图片/合影.JPG'],
      ['视频/宣传片.txt', 'description', 'sidecar', '视频/宣传片.mp4'],
      ['航拍.TXT', 'description', 'sidecar', '航拍.mov'],
      ['图片/开幕式.jpg', 'photo', 'folder'],
    ]);
    expect(result.get('图片/开幕式.jpg')!.sidecar).toBe('图片/开幕式.txt');
    expect(result.get('图片/开幕式.txt')!.describes).toEqual(['图片/开幕式.jpg']);
    expect(result.get('视频/宣传片.mp4')!.sidecar).toBe('视频/宣传片.txt');
  });

  it('a sidecar must be beside its photo, in the same folder', () => {
    expectClassified(['图片/开幕式.jpg', '开幕式.txt'], [['开幕式.txt', 'text', 'extension']]);
  });

  it('accepts X.jpg.txt, the name Notepad gives when Windows hides extensions', () => {
    expectClassified(['开幕式.jpg', '开幕式.jpg.txt'], [['开幕式.jpg.txt', 'caption', 'sidecar', '开幕式.jpg']]);
  });

  it('a photo and a video of one name: the text file describes the photo', () => {
    expectClassified(['活动.mp4', '活动.jpg', '活动.txt'], [['活动.txt', 'caption', 'sidecar', '活动.jpg']]);
  });

  const manifests: Row[] = [
    ['图片说明.txt', 'caption', 'manifest'],
    ['说明.txt', 'caption', 'manifest'],
    ['captions.txt', 'caption', 'manifest'],
    ['Captions.CSV', 'caption', 'manifest'],
    ['图片/图片说明.txt', 'caption', 'manifest'],
    ['视频说明.txt', 'description', 'manifest'],
    ['视频/视频说明.txt', 'description', 'manifest'],
  ];
  it.each(manifests)('%s is a manifest (%s)', (...row) => {
    const result = classifyAll([row[0]]);
    expect(result.get(row[0])).toMatchObject({ kind: row[1], isManifest: true, classification: { by: 'manifest' } });
  });

  it('other .csv files are not manifests', () => {
    expectClassified(['名单.csv'], [['名单.csv', 'unknown', 'unknown', '.csv']]);
  });
});

describe('junk is ignored, never judged', () => {
  const rows: Row[] = [
    ['Thumbs.db', 'ignored', 'junk'],
    ['图片/thumbs.db', 'ignored', 'junk'],
    ['desktop.ini', 'ignored', 'junk'],
    ['图片/Desktop.ini', 'ignored', 'junk'],
    ['.DS_Store', 'ignored', 'junk'],
    ['._开幕式.jpg', 'ignored', 'junk'],
    ['图片/._开幕式.jpg', 'ignored', 'junk'],
    ['~$活动简介.docx', 'ignored', 'junk'],
    ['文字材料/~$活动简介.docx', 'ignored', 'junk'],
    ['.~lock.活动简介.docx#', 'ignored', 'junk'],
    ['.git/config', 'ignored', 'junk'],
    ['图片/.thumbnails/a.jpg', 'ignored', 'junk'],
    ['.Trashes/501/b.mp4', 'ignored', 'junk'],
  ];
  it.each(rows)('%s', (...row) => expectClassified([row[0]], [row]));

  it('junk photos give no sidecar to a text file', () => {
    expectClassified(['._活动.jpg', '活动.txt'], [['活动.txt', 'text', 'extension']]);
  });

  it('pyvw.config.json at the root is ignored; elsewhere it is an unknown file', () => {
    expectClassified(
      ['pyvw.config.json', '图片/pyvw.config.json'],
      [
        ['pyvw.config.json', 'ignored', 'config'],
        ['图片/pyvw.config.json', 'unknown', 'unknown', '.json'],
      ],
    );
  });
});

describe('anything else is unknown', () => {
  const rows: Row[] = [
    ['活动方案.pdf', 'unknown', 'unknown', '.pdf'],
    ['照片打包.rar', 'unknown', 'unknown', '.rar'],
    ['照片打包.zip', 'unknown', 'unknown', '.zip'],
    ['7z包.7z', 'unknown', 'unknown', '.7z'],
    ['名单.xlsx', 'unknown', 'unknown', '.xlsx'],
    ['课件.pptx', 'unknown', 'unknown', '.pptx'],
    ['README', 'unknown', 'unknown', 'README'],
    ['.gitkeep', 'unknown', 'unknown', '.gitkeep'],
  ];
  it.each(rows)('%s', (...row) => expectClassified([row[0]], [row]));
});
