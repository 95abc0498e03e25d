import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyAll } from '../src/scan/classify.js';
import type { CheckReport, FileResult } from '../src/types.js';
import { runCliAsync, runMain } from './support/cli.js';
import { body, caption, para, picture, title, writeDocx } from './support/docx.js';
import { FIXTURES } from './support/project.js';

const DOCX_FIXTURES = path.join(FIXTURES, 'docx');

let day: string;
let files: Map<string, FileResult>;
let text: string;

beforeAll(async () => {
  day = await mkdtemp(path.join(os.tmpdir(), 'pyvw-day-'));
  const at = (name: string): string => path.join(day, name);
  await mkdir(at('图片新闻'));
  await mkdir(at('媒体报道'));
  await writeDocx(at('图片新闻/技能展示.docx'), [title('濮阳职专举办技能展示活动'), await picture('jpg'), caption('学生展示数控加工技能'), await picture('png'), para('家长参观汽修实训室'), para('摄影：张三')]);
  await writeDocx(at('图片新闻/没有来源.docx'), [title('技能展示'), await picture(), await picture('png'), caption('学生展示技能')]);
  await copyFile(path.join(DOCX_FIXTURES, 'libreoffice-photo-news-anchored-frame.docx'), at('图片新闻/LibreOffice.docx'));
  await copyFile(path.join(DOCX_FIXTURES, 'libreoffice-media-report.docx'), at('媒体报道/濮阳日报.docx'));
  await writeDocx(at('媒体报道/河南日报.docx'), [title('职教活动周走进社区'), await picture(), caption('志愿服务'), body(120)]);
  await writeFile(at('媒体报道/河南日报.txt'), '报道链接：https://www.henandaily.cn/content/2023-05/16/1.html\r\n');
  await writeDocx(at('媒体报道/没有链接.docx'), [body(130), await picture(), para('链接：http://')]);
  await copyFile(path.join(DOCX_FIXTURES, 'encrypted.docx'), at('媒体报道-加密.docx'));
  await copyFile(path.join(DOCX_FIXTURES, 'word97-named-docx.docx'), at('图片新闻-旧版.docx'));
  await writeFile(at('图片新闻-随机.docx'), Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 31) % 256)));
  await writeDocx(at('活动周总结.docx'), [title('活动周工作总结'), body(900), para('一、活动亮点'), await picture()]);

  const json = await runCliAsync(['check', day, '--format', 'json', '--date', '2023-05-16']);
  expect(json.status).toBe(1);
  const report = JSON.parse(json.stdout) as CheckReport;
  files = new Map(report.submissions[0]!.files.map((f) => [f.path, f]));
  // The terminal report of the same day through main() in-process: the JSON above is the program's own run.
  text = (await runMain(['check', day, '--date', '2023-05-16'])).stdout;
}, 60_000);

afterAll(async () => {
  await rm(day, { recursive: true, force: true });
});

const verdict = (file: string) => {
  const result = files.get(file);
  if (!result) throw new Error(`${file} is not in the report`);
  return { kind: result.kind, ok: result.ok, rules: result.findings.map((f) => `${f.rule}:${f.severity}`) };
};

describe('pyvw check on a folder of Word documents', () => {
  it.each([
    ['图片新闻/技能展示.docx', 'photo-news', true, []],
    ['图片新闻/没有来源.docx', 'photo-news', false, ['photo-news/source:error', 'photo-news/captions:error']],
    ['图片新闻/LibreOffice.docx', 'photo-news', true, []],
    ['媒体报道/濮阳日报.docx', 'media-report', true, []],
    ['媒体报道/河南日报.docx', 'media-report', true, []],
    ['媒体报道/没有链接.docx', 'media-report', false, ['media-report/title:error', 'media-report/link:error']],
    ['媒体报道-加密.docx', 'media-report', false, ['media-report/readable:error']],
    ['图片新闻-旧版.docx', 'photo-news', false, ['photo-news/readable:error']],
    ['图片新闻-随机.docx', 'photo-news', false, ['photo-news/readable:error']],
    ['活动周总结.docx', 'summary', true, ['summary/cases:warning']],
  ])('%s', (file, kind, ok, rules) => {
    expect(verdict(file)).toEqual({ kind, ok, rules });
  });

  it('takes the .txt beside a media report for its description, not a write-up', () => {
    expect(files.get('媒体报道/河南日报.txt')).toMatchObject({ kind: 'description', ok: true, classification: { by: 'sidecar', detail: '媒体报道/河南日报.docx' } });
    expect(files.get('媒体报道/河南日报.docx')!.facts.links).toEqual([{ url: 'https://www.henandaily.cn/content/2023-05/16/1.html', via: 'sidecar' }]);
  });

  it('puts the facts of each document in the JSON report', () => {
    expect(files.get('图片新闻/技能展示.docx')!.facts).toMatchObject({
      pictures: 2, captions: 2, captionTexts: ['学生展示数控加工技能', '家长参观汽修实训室'], source: '摄影：张三', linkedPictures: 0,
      pictureList: [{ number: 1, format: 'jpeg', entry: expect.stringMatching(/^word\/media\//u) }, { number: 2, format: 'png' }],
    });
    expect(files.get('媒体报道/濮阳日报.docx')!.facts).toMatchObject({ title: { text: '濮阳职专举办技能展示活动' }, bodyWords: expect.any(Number) });
    expect(files.get('媒体报道-加密.docx')!.facts).toMatchObject({ readError: 'encrypted' });
    expect(files.get('图片新闻-旧版.docx')!.facts).toMatchObject({ readError: 'ole' });
    expect(files.get('图片新闻-随机.docx')!.facts).toMatchObject({ readError: 'not-a-zip' });
  });

  it('says what was found and what is missing, per file', () => {
    const finding = files.get('图片新闻/没有来源.docx')!.findings.find((f) => f.rule === 'photo-news/captions')!;
    expect(finding.message).toBe('2 张图片，1 条题注：第 2 张图片没有题注');
    expect(text).toContain('2 张图片，2 条题注，来源“摄影：张三”');
    expect(text).toContain('文件设置了打开密码');
    expect(text).toContain('内容是旧版 Word（.doc）或 WPS 格式');
  });
});

describe('classification of a sidecar beside a Word document', () => {
  it.each([
    ['媒体报道/X.txt', ['媒体报道/X.docx', '媒体报道/X.txt'], 'description'],
    ['媒体报道X.txt', ['媒体报道X.docx', '媒体报道X.txt'], 'description'],
    ['图片新闻/X.txt', ['图片新闻/X.docx', '图片新闻/X.txt'], 'description'],
    ['文字材料/X.txt', ['文字材料/X.docx', '文字材料/X.txt'], 'text'],
    ['总结.txt', ['总结.docx', '总结.txt'], 'text'],
    ['媒体报道/Y.txt', ['媒体报道/X.docx', '媒体报道/Y.txt'], 'text'],
  ])('%s among %j is %s', (file, paths, kind) => {
    expect(classifyAll(paths).get(file)!.kind).toBe(kind);
  });

  it('links the document to its sidecar', () => {
    expect(classifyAll(['媒体报道/X.docx', '媒体报道/X.txt']).get('媒体报道/X.docx')!.sidecar).toBe('媒体报道/X.txt');
  });
});
