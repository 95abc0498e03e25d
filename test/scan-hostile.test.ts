import { execFileSync, spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../src/api.js';
import { decodeName, scanSubmission } from '../src/scan/scan.js';
import { put } from './support/folders.js';

/** Issue #9.2, #9.4, #9.5: every directory entry is listed, nothing is followed or opened that should not be, a read error is a finding. */

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pyvw-scan-hostile-'));
  await chmod(root, 0o755);
});
afterAll(async () => {
  // Folders deeper than PATH_MAX defeat a path-based remove; rm -rf walks them by handle.
  execFileSync('rm', ['-rf', root]);
});

const JPEG_BYTES = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9]);

describe('names that are not valid UTF-8 (#9.4)', () => {
  it('decodes them as GB18030, lists the file, and says it cannot be read by that name', async () => {
    const day = path.join(root, 'gbk');
    await mkdir(path.join(day, '图片'), { recursive: true });
    const dayBytes = Buffer.from(day);
    const named = (name: Buffer): Buffer => Buffer.concat([dayBytes, Buffer.from('/'), name]);
    await writeFile(named(Buffer.concat([Buffer.from('secret'), Buffer.from([0xff]), Buffer.from('.pdf')])), 'x');
    await writeFile(named(iconv.encode('开幕式合影.jpg', 'gbk')), JPEG_BYTES);
    await mkdir(named(iconv.encode('视频', 'gbk')));
    await writeFile(named(Buffer.concat([iconv.encode('视频', 'gbk'), Buffer.from('/a.mp4')])), 'x');

    const submission = await scanSubmission(day);
    expect(submission.files.map((f) => [f.path, f.kind, f.unreadable])).toEqual([
      ['secret\uFFFD.pdf', 'unknown', 'EILSEQ'],
      ['开幕式合影.jpg', 'photo', 'EILSEQ'],
      ['视频/a.mp4', 'video', 'EILSEQ'],
    ]);

    const { report } = await check([day], { lang: 'en' });
    const files = report.submissions[0]!.files;
    expect(files).toHaveLength(3);
    expect(report.ok).toBe(false);
    const photo = files.find((f) => f.path === '开幕式合影.jpg')!;
    expect(photo.findings).toEqual([expect.objectContaining({ rule: 'photo/inspect', data: expect.objectContaining({ code: 'EILSEQ' }) })]);
    expect(photo.findings[0]!.message).toMatch(/not valid Unicode/);
  });

  it('keeps valid UTF-8 as it is', () => {
    expect(decodeName(Buffer.from('图片.jpg'))).toEqual({ name: '图片.jpg', exact: true });
    expect(decodeName(iconv.encode('开幕式.jpg', 'gbk'))).toEqual({ name: '开幕式.jpg', exact: false });
  });
});

describe('NFC/NFD twins (#9.4)', () => {
  it('lists both, and marks the decomposed one as unable to go into the package', async () => {
    const day = path.join(root, 'twins');
    await put(path.join(day, 'e\u0301.txt'.normalize('NFC')), '甲');
    await put(path.join(day, 'e\u0301.txt'.normalize('NFD')), '乙');
    const submission = await scanSubmission(day);
    expect(submission.files.map((f) => [f.path, f.twinOf])).toEqual([
      ['e\u0301.txt', 'é.txt'],
      ['é.txt', undefined],
    ]);
    const { report } = await check([day], { lang: 'zh' });
    const twin = report.submissions[0]!.files.find((f) => f.path === 'e\u0301.txt')!;
    expect(twin.findings.map((f) => [f.rule, f.severity])).toContainEqual(['text/name', 'error']);
    expect(twin.findings.find((f) => f.rule === 'text/name')!.message).toContain('Windows');
  });
});

describe('links and special files (#9.5)', () => {
  it('lists a symlink and a FIFO as ignored with the reason, following and opening neither', async () => {
    const day = path.join(root, 'links');
    const outside = path.join(root, 'outside');
    await put(path.join(outside, 'secret.jpg'), JPEG_BYTES);
    await put(path.join(day, '图片', '合影.jpg'), JPEG_BYTES);
    await symlink(path.join(outside, 'secret.jpg'), path.join(day, '图片', '外面.jpg'));
    await symlink(outside, path.join(day, '外面的文件夹'));
    let fifo = true;
    try {
      execFileSync('mkfifo', [path.join(day, '图片', '管道.jpg')]);
    } catch {
      fifo = false;
      console.warn('skipped the FIFO case: mkfifo is not available here');
    }
    // check would hang here if it opened the FIFO.
    const { report } = await check([day], { lang: 'en' });
    const files = report.submissions[0]!.files.map((f) => [f.path, f.kind, f.classification.by, f.findings.length]);
    expect(files).toEqual([
      ['图片/合影.jpg', 'photo', 'folder', expect.any(Number)],
      ['图片/外面.jpg', 'ignored', 'symlink', 0],
      ...(fifo ? [['图片/管道.jpg', 'ignored', 'fifo', 0]] : []),
      ['外面的文件夹', 'ignored', 'symlink', 0],
    ]);
    expect(report.submissions[0]!.files[1]!.reason).toMatch(/symbolic link: not followed/);
    expect(JSON.stringify(report)).not.toContain('secret');
  });
});

describe('paths longer than PATH_MAX (#9.2)', () => {
  it('is a finding on that folder, and the run goes on', async () => {
    const day = path.join(root, 'deep');
    await put(path.join(day, '文字材料', '稿件.txt'), '短');
    const segment = 'd'.repeat(200);
    // mkdir by relative steps: no single path given to the system is too long, only the whole.
    execFileSync('bash', ['-c', `cd "$1" && for i in $(seq 25); do mkdir "$2" && cd "$2"; done && echo x > deep.txt`, 'bash', day, segment]);
    const { report } = await check([day], { lang: 'en' });
    const submission = report.submissions[0]!;
    expect(submission.files.map((f) => f.path)).toContain('文字材料/稿件.txt');
    const finding = submission.findings.find((f) => f.rule === 'submission/readable')!;
    expect(finding.data).toMatchObject({ code: 'ENAMETOOLONG' });
    expect(finding.message).toMatch(/longer than the system allows/);
    expect(JSON.stringify(submission.findings)).not.toContain(root);
  });
});

/**
 * Permission errors need a user the system refuses: as root nothing is refused, so the check runs in a child as
 * `nobody` (setpriv). The child runs the built API, as `npm test` builds first.
 */
describe('files and folders the system refuses to read (#9.2)', () => {
  const isRoot = process.getuid?.() === 0;
  const hasSetpriv = spawnSync('setpriv', ['--version']).status === 0;
  const canRun = process.platform !== 'win32' && (!isRoot || hasSetpriv);
  if (!canRun) console.warn('skipped the permission cases: running as root without setpriv, or on Windows');

  it.runIf(canRun)('gives each unreadable file and folder a finding naming the code, with relative paths, and goes on', { timeout: 30_000 }, async () => {
    const district = path.join(root, 'district');
    const day = path.join(district, 'a校');
    await put(path.join(day, '文字材料', '稿件.txt'), '字'.repeat(900));
    await put(path.join(day, '文字材料', '锁住.txt'), '字'.repeat(900));
    await put(path.join(day, '文字材料', '锁住.docx'), 'PK');
    await put(path.join(day, '图片', '合影.jpg'), JPEG_BYTES);
    await put(path.join(day, '图片', '合影.txt'), '学生在实训室展示技能');
    await put(path.join(day, '视频', '私有', 'a.mp4'), 'x');
    await put(path.join(district, 'b校', '文字材料', '稿件.txt'), '字'.repeat(900));
    for (const locked of ['文字材料/锁住.txt', '文字材料/锁住.docx', '图片/合影.txt']) await chmod(path.join(day, locked), 0o000);
    await chmod(path.join(day, '视频', '私有'), 0o000);
    await chmod(path.join(district, 'b校'), 0o000);
    await chmod(district, 0o755);

    const script = `
      const { check } = await import(${JSON.stringify(path.resolve('dist/api.js'))});
      const { formatJunit } = await import(${JSON.stringify(path.resolve('dist/report/junit.js'))});
      const outcome = await check([], { lang: 'en', each: ${JSON.stringify(district)} });
      process.stdout.write(JSON.stringify({ report: outcome.report, junit: formatJunit(outcome.report, { lang: 'en' }) }));`;
    const command = isRoot ? ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath] : [process.execPath];
    const child = spawnSync(command[0]!, [...command.slice(1), '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(child.stderr).toBe('');
    const { report, junit } = JSON.parse(child.stdout) as { report: import('../src/types.js').CheckReport; junit: string };

    const [a, b] = report.submissions;
    const finding = (file: string) => a!.files.find((f) => f.path === file)!.findings;
    expect(finding('文字材料/锁住.txt')).toEqual([expect.objectContaining({ rule: 'text/inspect', data: { detail: 'open', code: 'EACCES' } })]);
    expect(finding('文字材料/锁住.txt')[0]!.message).toBe('the system refused to read this file: permission denied (EACCES)');
    expect(finding('文字材料/锁住.docx')).toEqual([expect.objectContaining({ rule: 'text/inspect', data: expect.objectContaining({ code: 'EACCES' }) })]);
    expect(finding('图片/合影.txt')).toEqual([expect.objectContaining({ rule: 'caption/inspect', severity: 'error' })]);
    expect(a!.files.find((f) => f.path === '图片/合影.txt')!.ok).toBe(false);
    expect(a!.findings.find((f) => f.rule === 'submission/readable')!.data).toEqual({ path: '视频/私有', code: 'EACCES' });
    expect(finding('文字材料/稿件.txt')).toEqual([]);
    expect(b!.findings.find((f) => f.rule === 'submission/readable')!.data).toEqual({ path: '.', code: 'EACCES' });
    expect(JSON.stringify(report.submissions.map((s) => [s.findings, s.files]))).not.toContain(root);
    expect(junit).toContain('a校');
    expect(junit).toContain('b校');
    expect(junit).toContain('稿件.txt');
  });
});
