import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readdir, readFile, rm, stat, utimes } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import sharp from 'sharp';
import stringWidth from 'string-width';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
import { pack, type PackOutcome } from '../src/pack/index.js';
import { runCli, runMain } from './support/cli.js';
import { mediaReportDocx, photoNewsDocx, rewriteDocx } from './support/docx.js';
import { put, snapshot } from './support/folders.js';
import { flatPng, noiseJpeg } from './support/images.js';
import { exifSegment, windowsXp, withSegments } from './support/jpeg.js';
import { smallConfig, UNIT } from './support/pack.js';
import { HD_VIDEO } from './support/project.js';
import { chineseTextOf } from './support/texts.js';
import { readZip, type ZipEntry } from './support/zip.js';

const PACKAGE = `${UNIT}-2023年5月15日-职教活动周材料.zip`;
const DATE = '2023-05-15';
/** 10:30:00 in Beijing: what a clerk's Windows shows for a file saved then. */
const SAVED_AT = new Date('2023-05-15T02:30:00Z');

let work: string;
/** The day that passes: where each source goes in the package. */
let day: string;
const expected = new Map<string, string>();
let jpegInNews: Buffer;
let pngInNews: Buffer;
let before: Map<string, string>;
let packed: PackOutcome;
let entries: Map<string, ZipEntry>;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'pyvw-pack-'));
  await put(path.join(work, 'pyvw.config.json'), smallConfig());
  day = path.join(work, 'today');
  const place = async (source: string, content: Buffer | string, target: string | null): Promise<void> => {
    await put(path.join(day, source), content);
    if (target) expected.set(target, source);
  };
  jpegInNews = await noiseJpeg(320, 240);
  const original = await noiseJpeg(400, 300);
  pngInNews = await flatPng(300, 200);
  await Promise.all([
    place('文字材料/活动纪实.txt', chineseTextOf(1000), '文字材料/活动纪实.txt'),
    place('图片/学生技能展示现场.jpg', original, '图片/学生技能展示现场.jpg'),
    // Explorer's copy of it: the warning goes on the copy, and only the original is sent.
    place('图片/学生技能展示现场 - 副本.jpg', original, null),
    // Another folder of photos with a file of the same name: it must not overwrite the first one in the zip.
    place('照片/学生技能展示现场.jpg', await noiseJpeg(400, 300), '图片/学生技能展示现场 (2).jpg'),
    place('图片/IMG_0002.jpg', await noiseJpeg(400, 300), '图片/IMG_0002.jpg'),
    place('图片/IMG_0002.txt', '老师指导学生实训操作', '图片/IMG_0002.txt'),
    place('图片/IMG_0003.jpg', await noiseJpeg(400, 300), '图片/IMG_0003.jpg'),
    // The list is written anew: its stale line (a photo not in the folder) does not travel.
    place('图片/图片说明.txt', 'IMG_0003.jpg：家长走进实训车间参观体验\r\nIMG_9999.jpg：早已删除的照片\r\n', null),
    // Captioned only in Windows' 备注 (XPComment): the caption reaches the bureau through the regenerated list.
    place('图片/IMG_0004.jpg', withSegments(await noiseJpeg(400, 300), exifSegment({ XPComment: windowsXp('企业导师现场点评学生作品') })), '图片/IMG_0004.jpg'),
    // A flat file at the root goes to the folder of its kind.
    place('活动掠影合影留念.jpg', await noiseJpeg(400, 300), '图片/活动掠影合影留念.jpg'),
    // The PNG comes first and again last (Word stores it once); a logo in the page header is no picture of the news.
    place(
      '图片新闻/技能展示进校园.docx',
      await photoNewsDocx([{ type: 'png', data: pngInNews }, { type: 'jpg', data: jpegInNews }, { type: 'png', data: pngInNews }], await noiseJpeg(80, 60)),
      '图片新闻/技能展示进校园.docx',
    ),
    place('媒体报道/濮阳日报报道.docx', await mediaReportDocx(jpegInNews), '媒体报道/濮阳日报报道.docx'),
    place('视频/技能大赛.mp4', await readFile(HD_VIDEO), '视频/技能大赛.mp4'),
    place('视频/技能大赛.txt', '学生参加市级技能大赛数控车项目比赛现场', '视频/技能大赛.txt'),
    place('Thumbs.db', Buffer.alloc(16), null),
  ]);
  // A picture left in the file after it was deleted from the text: no picture of the document either.
  const news = path.join(day, '图片新闻/技能展示进校园.docx');
  await rewriteDocx(news, news, { 'word/media/image9.jpeg': await noiseJpeg(64, 48) });
  await utimes(path.join(day, '文字材料/活动纪实.txt'), SAVED_AT, SAVED_AT);
  before = await snapshot(work);
  packed = await pack(day, { lang: 'zh', date: DATE, eml: true, now: new Date('2023-05-15T05:55:00Z') });
  entries = await readZip(path.join(work, PACKAGE));
}, 60_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('pyvw pack: the package of a day that passes', () => {
  it('is named for the unit and the day, next to the day folder', () => {
    expect(packed.status).toBe('packed');
    expect(packed.packages.map((p) => p.path)).toEqual([path.join(work, PACKAGE)]);
    expect(existsSync(path.join(work, PACKAGE))).toBe(true);
  });

  it('lays the files out by kind, sidecars beside their files, document pictures in a folder named after the document', () => {
    const names = [...entries.keys()].sort();
    // Not the PNG a second time, the header's logo or the unused picture: only what the check counted in the body.
    const pictures = ['图片新闻/技能展示进校园/图1.jpg', '图片新闻/技能展示进校园/图2.jpg', '媒体报道/濮阳日报报道/图1.jpg'];
    const lists = ['图片/图片说明.txt', '视频/视频说明.txt'];
    expect(names).toEqual([...expected.keys(), ...pictures, ...lists, '报送清单.txt', '材料一览.html'].sort());
    expect(names.some((n) => n.includes('Thumbs.db'))).toBe(false);
  });

  it('holds 材料一览.html: every packed file a card under its name in the package, photos and document pictures as thumbnails', () => {
    const page = entries.get('材料一览.html')!.data.toString('utf8');
    const cards = [...page.matchAll(/<span class="name">([^<]*)<\/span>/gu)].map((m) => m[1]);
    expect(cards.sort()).toEqual([...expected.keys()].sort());
    const photos = [...expected.keys()].filter((n) => n.startsWith('图片/') && n.endsWith('.jpg')).length;
    expect([...page.matchAll(/src="data:image\/jpeg;base64,/gu)].length).toBeGreaterThanOrEqual(photos + 2);
    expect(page).toContain(`材料一览 · ${PACKAGE}`);
    expect(page).toContain('http-equiv="Content-Security-Policy"');
  });

  it('holds every source byte for byte', async () => {
    for (const [name, source] of expected) {
      expect(entries.get(name)!.data.equals(await readFile(path.join(day, source))), name).toBe(true);
    }
  });

  it('writes the pictures of the body as JPG files in reading order, each once: a JPEG as it is, a PNG converted', async () => {
    const meta = await sharp(entries.get('图片新闻/技能展示进校园/图1.jpg')!.data).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 300, 200]);
    expect(entries.get('图片新闻/技能展示进校园/图2.jpg')!.data.equals(jpegInNews)).toBe(true);
    expect(entries.get('媒体报道/濮阳日报报道/图1.jpg')!.data.equals(jpegInNews)).toBe(true);
  });

  it('flags every name as UTF-8 and stores media while deflating text', () => {
    for (const entry of entries.values()) {
      expect(entry.flags & 0x800, entry.name).toBe(0x800);
      expect(entry.method, entry.name).toBe(/\.(txt|md|csv|html)$/u.test(entry.name) ? 8 : 0);
    }
  });

  it('dates each entry with its source file, as the clock read in Beijing', () => {
    expect(entries.get('文字材料/活动纪实.txt')!.modified.toISOString()).toBe('2023-05-15T10:30:00.000Z');
  });

  it('lists every packed file with kind, size and SHA-256, and what was left out and why, for Notepad', async () => {
    const raw = entries.get('报送清单.txt')!.data;
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = raw.toString('utf8');
    expect(text.replace(/\r\n/gu, '')).not.toMatch(/[\r\n]/u);
    expect(text).toContain(`${UNIT} 2023年5月15日 职教活动周材料 报送清单`);
    const { createHash } = await import('node:crypto');
    for (const [name, source] of expected) {
      const data = await readFile(path.join(day, source));
      const block = text.slice(text.indexOf(`. ${name}\r\n`));
      expect(block, name).toContain(`${data.length.toLocaleString('en-US')} 字节`);
      expect(block, name).toContain(`SHA-256: ${createHash('sha256').update(data).digest('hex')}`);
    }
    expect(text).toContain('类别：照片　');
    expect(text).toContain('原文件：照片/学生技能展示现场.jpg');
    // Junk is neither sent nor listed as left out: nothing alarming for the bureau to read.
    expect(text).not.toContain('Thumbs.db');
    expect(text).toMatch(/未报送的文件（1 个）：\r\n1\. 图片\/学生技能展示现场 - 副本\.jpg（照片）\r\n {3}原因：与 图片\/学生技能展示现场\.jpg 完全相同，只报送 图片\/学生技能展示现场\.jpg\r\n/u);
    // The media report's title and link, so the bureau can open it without opening the document.
    const report = text.slice(text.indexOf('. 媒体报道/濮阳日报报道.docx\r\n'));
    expect(report).toMatch(/^[^\r\n]+\r\n {3}类别：媒体报道[^\r\n]+\r\n {3}SHA-256: [0-9a-f]{64}\r\n {3}报道题目：濮阳日报：职业教育活动周启动\r\n {3}报道链接：https:\/\/www\.pyrb\.com\.cn\/news\/2023\/0515\/1\.html\r\n/u);
  });

  it('writes the caption and description lists anew: one line per packed photo or video, whatever the caption came from', () => {
    const decode = (name: string): string => {
      const raw = entries.get(name)!.data;
      expect([...raw.subarray(0, 3)], name).toEqual([0xef, 0xbb, 0xbf]);
      return raw.subarray(3).toString('utf8');
    };
    expect(decode('图片/图片说明.txt').split('\r\n')).toEqual([
      'IMG_0002.jpg：老师指导学生实训操作', // sidecar
      'IMG_0003.jpg：家长走进实训车间参观体验', // the clerk's list
      'IMG_0004.jpg：企业导师现场点评学生作品', // Windows 备注
      '学生技能展示现场 (2).jpg：学生技能展示现场', // file name, under its name in the package
      '学生技能展示现场.jpg：学生技能展示现场',
      '活动掠影合影留念.jpg：活动掠影合影留念',
      '',
    ]);
    expect(decode('视频/视频说明.txt')).toBe('技能大赛.mp4：学生参加市级技能大赛数控车项目比赛现场\r\n');
  });

  it('warns on the copy of a duplicate photo, not on its original', () => {
    const files = new Map(packed.report.submissions[0]!.files.map((f) => [f.path, f]));
    expect(files.get('图片/学生技能展示现场 - 副本.jpg')!.findings.map((f) => [f.rule, f.data])).toEqual([['photo/duplicate', { duplicateOf: '图片/学生技能展示现场.jpg' }]]);
    expect(files.get('图片/学生技能展示现场.jpg')!.findings).toEqual([]);
  });

  it('never touches the sources', async () => {
    const after = await snapshot(work);
    for (const [file, fingerprint] of before) expect(after.get(file), file).toBe(fingerprint);
  });

  it('prints what is needed to send it: address, subject and the time left', () => {
    expect(packed.email).toBe('py8991718@126.com');
    expect(packed.packages[0]!.subject).toBe(`【职教活动周】${UNIT} 5月15日 活动材料`);
    expect(packed.deadline).toBe('截止时间：今天 16:00（北京时间），还有 2 小时 5 分钟');
  });

  it('writes a draft email that Outlook opens unsent, with the package attached', async () => {
    const emlPath = path.join(work, PACKAGE.replace(/\.zip$/u, '.eml'));
    expect(packed.packages[0]!.eml).toBe(emlPath);
    const mail = await simpleParser(await readFile(emlPath));
    expect(mail.headers.get('x-unsent')).toBe('1');
    expect(mail.subject).toBe(`【职教活动周】${UNIT} 5月15日 活动材料`);
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : '').toBe('py8991718@126.com');
    expect(mail.text).toContain('图片/学生技能展示现场.jpg');
    expect(mail.text).toContain('媒体报道的原文链接：\n  濮阳日报：职业教育活动周启动\n    https://www.pyrb.com.cn/news/2023/0515/1.html');
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]!.filename).toBe(PACKAGE);
    expect(mail.attachments[0]!.content.equals(await readFile(path.join(work, PACKAGE)))).toBe(true);
  });

  it('is never replaced without --force', async () => {
    const zip = path.join(work, PACKAGE);
    const first = await readFile(zip);
    await expect(pack(day, { lang: 'zh', date: DATE })).rejects.toThrow(UsageError);
    const refused = await runMain(['pack', day, '--date', DATE]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('--force');
    expect((await readFile(zip)).equals(first)).toBe(true);
    const replaced = await runMain(['pack', day, '--date', DATE, '--force']);
    expect(replaced.status).toBe(0);
    expect(replaced.stdout).toContain(`已生成报送包：${zip}`);
    // Not a terminal: no progress bar, nothing on standard error.
    expect(replaced.stderr).toBe('');
    expect(await leftovers(work)).toEqual([]);
  });
});

async function leftovers(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((name) => name.endsWith('.tmp'));
}

describe('pyvw pack: a day with errors', () => {
  let bad: string;
  let out: string;
  beforeAll(async () => {
    bad = path.join(work, 'bad', 'today');
    out = path.join(work, 'bad-out');
    await put(path.join(bad, '文字材料/活动纪实.txt'), chineseTextOf(1000));
    await put(path.join(bad, '图片/学生技能展示现场.jpg'), await noiseJpeg(400, 300));
    await put(path.join(bad, '图片/学生技能展示小图.jpg'), await noiseJpeg(120, 90));
    await put(path.join(bad, '图片/学生技能展示小图.txt'), '学生展示技能的照片');
    await put(path.join(bad, '附件.pdf'), '%PDF-1.4');
  });

  it('writes no package without --skip-invalid, and says what to do', async () => {
    const outcome = await pack(bad, { lang: 'zh', date: DATE, out });
    expect(outcome.status).toBe('refused');
    expect(existsSync(out) ? await readdir(out) : []).toEqual([]);
    const run = await runMain(['pack', bad, '--date', DATE, '--out', out]);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('没有生成报送包');
    expect(run.stdout).toContain('--skip-invalid');
    expect(run.stdout).toContain('photo/long-edge');
  });

  it('with --skip-invalid sends the rest and lists what was left out, the sidecar of a left-out photo with it', async () => {
    // The program itself, once: the other pack runs are main() in-process.
    const run = runCli(['pack', bad, '--date', DATE, '--out', out, '--skip-invalid']);
    expect(run.status).toBe(0);
    const zip = await readZip(path.join(out, PACKAGE));
    expect([...zip.keys()].sort()).toEqual(['图片/学生技能展示现场.jpg', '图片/图片说明.txt', '报送清单.txt', '材料一览.html', '文字材料/活动纪实.txt'].sort());
    const listing = zip.get('报送清单.txt')!.data.toString('utf8');
    expect(listing).toContain('未报送的文件（3 个）');
    expect(listing).toMatch(/图片\/学生技能展示小图\.jpg（照片）\r\n {3}原因：照片尺寸 120×90 像素/u);
    expect(listing).toContain('原因：它说明的 图片/学生技能展示小图.jpg 没有报送');
    expect(listing).toContain('附件.pdf（未知格式）');
    expect(run.stdout).toContain('附件.pdf');
  });

  it('needs the unit: exit 2 with how to give it', async () => {
    const elsewhere = await mkdtemp(path.join(os.tmpdir(), 'pyvw-nounit-'));
    try {
      await put(path.join(elsewhere, 'today/文字材料/活动纪实.txt'), chineseTextOf(1000));
      const run = await runMain(['pack', path.join(elsewhere, 'today'), '--lang', 'en'], { cwd: elsewhere });
      expect(run.status).toBe(2);
      expect(run.stderr).toContain('--unit');
      expect(run.stderr).toContain('"unit"');
      await expect(pack(path.join(elsewhere, 'today'), { lang: 'zh' })).rejects.toThrow(UsageError);
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
  });

  it('refuses to write the package inside the folder it packs', async () => {
    await expect(pack(bad, { lang: 'zh', out: path.join(bad, '打包'), skipInvalid: true })).rejects.toThrow(/inside the folder/u);
  });
});

describe('pyvw pack: the mailbox limit', () => {
  let big: string;
  /** `attachmentLimitMB: 1`: mail megabytes are decimal, and the limit holds for the encoded message. */
  const limit = 1_000_000;
  beforeAll(async () => {
    big = path.join(work, 'big', 'today');
    await put(path.join(work, 'big', 'pyvw.config.json'), smallConfig({ attachmentLimitMB: 1 }));
    const names = ['开幕式现场照片', '学生技能展示', '家长参观体验', '教师指导实训', '企业专家点评', '颁奖仪式现场'];
    await Promise.all(names.map(async (name) => put(path.join(big, '图片', `${name}.jpg`), await noiseJpeg(560, 420))));
    await put(path.join(big, '图片', '全体合影大图.jpg'), await noiseJpeg(1400, 1000));
    await put(path.join(big, '图片', '全体合影大图.txt'), '参加活动周的全体师生合影');
    await put(path.join(big, '文字材料', '活动纪实.txt'), chineseTextOf(1200));
  }, 30_000);

  it('says when the package is over the limit, and writes no draft email for it', async () => {
    const outcome = await pack(big, { lang: 'en', date: DATE, eml: true });
    // The clerk reads English; the bureau reads the list, which stays Chinese.
    const listing = (await readZip(outcome.packages[0]!.path)).get('报送清单.txt')!.data.toString('utf8');
    expect(listing).toContain('报送的文件（');
    expect(listing).not.toMatch(/Files sent|kind:/u);
    expect(outcome.packages[0]!.overLimit).toBe(true);
    expect(outcome.packages[0]!.emlSkipped).toBe(true);
    expect(existsSync(outcome.packages[0]!.path.replace(/\.zip$/u, '.eml'))).toBe(false);
    await rm(outcome.packages[0]!.path);
  });

  it('with --split writes numbered packages under the limit by whole files, a file over the limit alone', async () => {
    // The unsplit package of the day stays in the way until --force lets --split remove it.
    const unsplit = await pack(big, { lang: 'zh', date: DATE });
    await expect(pack(big, { lang: 'zh', date: DATE, split: true, eml: true })).rejects.toThrow(/--split writes parts instead and removes it/u);
    const outcome = await pack(big, { lang: 'zh', date: DATE, split: true, eml: true, force: true });
    expect(outcome.removed).toEqual([unsplit.packages[0]!.path]);
    expect(existsSync(unsplit.packages[0]!.path)).toBe(false);
    const count = outcome.packages.length;
    expect(count).toBeGreaterThan(2);
    const seen: string[] = [];
    for (const [i, pkg] of outcome.packages.entries()) {
      expect(pkg.fileName).toBe(`${UNIT}-2023年5月15日-职教活动周材料（${i + 1}／${count}）.zip`);
      expect(pkg.subject).toBe(`【职教活动周】${UNIT} 5月15日 活动材料（${i + 1}／${count}）`);
      expect((await stat(pkg.path)).size).toBe(pkg.bytes);
      const zip = await readZip(pkg.path);
      expect(zip.get('报送清单.txt')!.data.toString('utf8')).toContain(`本包是 ${count} 个包中的第 ${i + 1} 个`);
      const files = [...zip.keys()].filter((n) => n !== '报送清单.txt' && n !== '材料一览.html' && n !== '图片/图片说明.txt');
      seen.push(...files);
      // Each package's caption list names its own photos, so each one passes a check on its own.
      const captioned = zip.get('图片/图片说明.txt')!.data.toString('utf8').replace(/^\uFEFF/u, '').split('\r\n').filter(Boolean).map((l) => `图片/${l.split('：')[0]}`);
      expect(captioned.sort()).toEqual(files.filter((n) => n.endsWith('.jpg')).sort());
      if (pkg.oversizedFile) {
        expect(files.sort()).toEqual(['图片/全体合影大图.jpg', '图片/全体合影大图.txt']);
        expect(pkg.eml).toBeUndefined();
      } else {
        // What a mail server measures: the whole draft, the attachment in base64 and the headers, under the limit.
        expect(pkg.eml && existsSync(pkg.eml)).toBe(true);
        expect((await stat(pkg.eml!)).size).toBe(pkg.mailBytes);
        expect(pkg.mailBytes).toBeLessThanOrEqual(limit);
        expect(pkg.overLimit).toBe(false);
      }
    }
    expect(outcome.packages.filter((p) => p.oversizedFile)).toHaveLength(1);
    expect(seen.sort()).toEqual([...new Set(seen)].sort());
    expect(seen).toHaveLength(9);
    // The sentence about the parts is true of every one of them: one goes as a large attachment.
    const { formatPackOutcome } = await import('../src/pack/summary.js');
    const said = formatPackOutcome(outcome, { lang: 'zh', colorLevel: 0 });
    expect(said).toContain(`已生成 ${count} 个报送包：${count - 1} 个可以作为普通附件发送（每封邮件连同编码都小于邮箱附件上限 1,000,000 字节）`);
    expect(said).toContain('图片/全体合影大图.jpg 单个文件就超过邮箱附件上限');

    // Packed again without --split: the parts are stale, and go.
    const single = await pack(big, { lang: 'zh', date: DATE });
    expect(single.removed.sort()).toEqual(outcome.packages.flatMap((p) => [p.path, ...(p.eml ? [p.eml] : [])]).sort());
    for (const pkg of outcome.packages) expect(existsSync(pkg.path)).toBe(false);
    expect(single.packages[0]!.tooLargeForMail).toEqual(['图片/全体合影大图.jpg']);
    expect(formatPackOutcome(single, { lang: 'zh', colorLevel: 0 })).toContain('图片/全体合影大图.jpg 单个文件就使邮件超过上限 1,000,000 字节，分包也装不下，只能作为“超大附件”发送');
    // In a terminal of 60 columns every line fits, and a long one goes on under itself.
    const narrow = formatPackOutcome(single, { lang: 'zh', colorLevel: 3, width: 60 }).trimEnd().split('\n');
    expect(narrow.filter((line) => stringWidth(line) > 60)).toEqual([]);
    expect(narrow.some((line) => line.startsWith('  ') && !line.startsWith('   '))).toBe(true);
    expect(narrow.join('').replaceAll(/\u001B\[[0-9;]*m| /gu, '')).toBe(formatPackOutcome(single, { lang: 'zh', colorLevel: 3 }).replaceAll(/\u001B\[[0-9;]*m|\s/gu, ''));
  });
});

describe('pyvw pack: the CLI', () => {
  it('copies nothing it was not asked to: an empty folder is 未报送 and gets no package', async () => {
    const empty = path.join(work, 'empty', 'today');
    await put(path.join(empty, 'Thumbs.db'), '');
    await copyFile(path.join(work, 'pyvw.config.json'), path.join(work, 'empty', 'pyvw.config.json'));
    const run = await runMain(['pack', empty, '--date', DATE]);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('未报送');
    expect(await readdir(path.join(work, 'empty'))).toEqual(['pyvw.config.json', 'today']);
  });
});
