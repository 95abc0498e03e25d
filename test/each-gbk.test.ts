import { mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check, type CheckOutcome } from '../src/api.js';
import { formatGithub } from '../src/report/github.js';
import { formatText } from '../src/report/text.js';
import { readablePath } from '../src/scan/readable.js';
import { chineseTextOf } from './support/texts.js';
import { writeZip } from './support/zip.js';

/**
 * Issue #9, item 4 under `check --each`: a district folder unpacked on Linux from a zip made on Chinese Windows
 * holds school folders (and received packages) named in GBK bytes, which are not UTF-8. The run ended with
 * "找不到文件夹：dist/��һ��ѧ". Now each is listed under its name decoded as GB18030, escaped like any name, and
 * read: nothing in it is lost.
 */

const gbk = (name: string): Buffer => iconv.encode(name, 'gbk');
let work: string;
let district: string;
let outcome: CheckOutcome;
const text = chineseTextOf(1000);

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'pyvw-each-gbk-'));
  district = path.join(work, 'dist');
  const under = (...names: Buffer[]): Buffer => Buffer.concat([Buffer.from(district), ...names.flatMap((n) => [Buffer.from(path.sep), n])]);
  // 第一中学 in GBK; a school whose GBK name holds ESC (a name that would clear the screen); one in UTF-8.
  for (const school of [gbk('第一中学'), Buffer.concat([gbk('第三'), Buffer.from([0x1b]), Buffer.from('[2J'), gbk('中学')])]) {
    await mkdir(under(school, Buffer.from('文字材料')), { recursive: true });
    await writeFile(under(school, Buffer.from('文字材料'), gbk('简介.txt')), text);
    await writeFile(under(school, Buffer.from('文字材料'), Buffer.from('活动纪实.txt')), text);
  }
  await mkdir(path.join(district, '第二中学', '文字材料'), { recursive: true });
  await writeFile(path.join(district, '第二中学', '文字材料', '活动纪实.txt'), text);
  // A received package whose own name is GBK.
  const zip = path.join(work, 'received.zip');
  await writeZip(zip, new Map([['文字材料/活动纪实.txt', Buffer.from(text)]]));
  await rename(zip, under(gbk('第四中学.zip')));
  outcome = await check([], { lang: 'zh', each: district, date: '2023-05-15' });
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('check --each with school names that are not UTF-8', () => {
  it('lists every school, decoded as GB18030', () => {
    expect(outcome.report.submissions.map((s) => path.basename(s.path)).sort()).toEqual(['第一中学', '第三\u001b[2J中学', '第二中学', '第四中学.zip'].sort());
  });

  it('reads every file in them: nothing is lost', () => {
    const filesOf = (school: string): string[] => outcome.report.submissions.find((s) => path.basename(s.path) === school)!.files.map((f) => f.path).sort();
    expect(filesOf('第一中学')).toEqual(['文字材料/活动纪实.txt', '文字材料/简介.txt']);
    expect(filesOf('第四中学.zip')).toEqual(['文字材料/活动纪实.txt']);
    for (const submission of outcome.report.submissions) {
      for (const file of submission.files) {
        // The UTF-8 file is read (its facts counted); the GBK-named file inside is listed with its own finding.
        if (file.path === '文字材料/活动纪实.txt') expect(file.facts, `${submission.path} ${file.path}`).toMatchObject({ words: 1000, encoding: 'utf-8' });
      }
    }
    expect(outcome.internalFaults).toBe(0);
  });

  it('escapes such a name as any other: the text report and the GitHub annotations show ␛, never ESC', () => {
    const shown = formatText(outcome.report, { lang: 'zh', colorLevel: 0 });
    expect(shown).toContain('第三␛[2J中学');
    expect(shown).not.toContain('\u001b');
    expect(formatGithub(outcome.report, { lang: 'zh', colorLevel: 0 })).not.toContain('\u001b');
  });

  it('changes nothing in the district folder, and the links it read through are gone with the run', async () => {
    expect((await readdir(district)).length).toBe(4);
    expect(readablePath(path.join(district, '第一中学'))).toBe(path.join(district, '第一中学'));
  });
});
