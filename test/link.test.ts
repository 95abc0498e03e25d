import { spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { check } from '../src/api.js';
import { parseConfig } from '../src/config.js';
import { judgeSubmission, type JudgedSubmission } from '../src/engine.js';
import { parseManifest } from '../src/inspect/text.js';
import { planPackage } from '../src/pack/plan.js';
import { classifyAll } from '../src/scan/classify.js';
import { scanSubmission } from '../src/scan/scan.js';
import { descriptiveNamePart } from '../src/text/caption.js';
import type { RawFinding } from '../src/types.js';
import { makeFolder } from './support/folders.js';
import { flatJpeg } from './support/images.js';
import { BIN } from './support/project.js';

/**
 * The link stage (src/link/): captions, descriptions and manifests across files, with a file whose inspection
 * failed passed over. The read of any file with `locked` in its name fails here as the system fails it (EACCES),
 * so the behaviour is tested in-process; one run as `nobody` on a real `chmod 000` file checks the same end to end.
 */
vi.mock('../src/inspect/inspect.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/inspect/inspect.js')>();
  return {
    ...original,
    inspectAs: async (...args: Parameters<typeof original.inspectAs>) => {
      const [, file] = args;
      if (file.path.includes('locked')) {
        throw Object.assign(new Error(`EACCES: permission denied, open '${file.absPath}'`), { code: 'EACCES', syscall: 'open', errno: -13 });
      }
      return original.inspectAs(...args);
    },
  };
});

let root: string;
let photo: Buffer;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pyvw-link-'));
  photo = await flatJpeg(64, 48);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const config = parseConfig({}, '(test)');
const judge = async (name: string, files: Record<string, string | Uint8Array>): Promise<JudgedSubmission> =>
  judgeSubmission(await scanSubmission(await makeFolder(root, name, files)), config);
const findingsOf = (judged: JudgedSubmission, relPath: string): RawFinding[] => judged.files.find((f) => f.file.path === relPath)!.findings;
const rulesOf = (judged: JudgedSubmission, relPath: string): string[] => findingsOf(judged, relPath).map((f) => f.rule);
const factsOf = (judged: JudgedSubmission, relPath: string): Record<string, unknown> => {
  const entry = judged.files.find((f) => f.file.path === relPath)!;
  return entry.state === 'inspected' ? { ...entry.facts } : {};
};

describe('a file whose inspection failed (#9.1)', () => {
  it('is its own state: its finding says why, and every other file is linked as if it were not there', async () => {
    const judged = await judge('locked-photo', {
      '图片/a-locked.jpg': photo,
      '图片/b.jpg': photo,
      '图片/学生技能展示现场.jpg': photo,
      '图片/图片说明.txt': 'b.jpg：学生在实训车间展示数控加工技能\na-locked.jpg：家长参观学校实训基地\n',
      '视频/开幕式.mp4': 'not really a video',
      '视频/开幕式.txt': '濮阳市职业教育活动周开幕式在市体育馆隆重举行，全市各职业学校师生参加',
    });
    expect(judged.findings.map((f) => f.rule)).not.toContain('submission/link');
    const locked = judged.files.find((f) => f.file.path === '图片/a-locked.jpg')!;
    expect(locked.state).toBe('failed');
    expect(locked.findings.map((f) => [f.rule, f.messageId, f.data.code])).toEqual([['photo/inspect', 'file-unreadable', 'EACCES']]);
    expect(factsOf(judged, '图片/b.jpg')).toMatchObject({ caption: '学生在实训车间展示数控加工技能', captionSource: 'manifest:图片/图片说明.txt#1' });
    expect(factsOf(judged, '图片/学生技能展示现场.jpg')).toMatchObject({ caption: '学生技能展示现场', captionSource: 'filename' });
    expect(rulesOf(judged, '图片/b.jpg')).not.toContain('photo/caption');
    expect(factsOf(judged, '视频/开幕式.mp4')).toMatchObject({ descriptionSource: 'sidecar:视频/开幕式.txt' });
    // The list's line for the unreadable photo names a photo of the folder: not an orphan.
    expect(rulesOf(judged, '图片/图片说明.txt')).toEqual([]);
  });

  it('a caption list that cannot be read gives no caption and changes nothing else', async () => {
    const judged = await judge('locked-list', {
      '图片/学生技能展示现场.jpg': photo,
      '图片/图片说明-locked.txt': 'x',
      '图片/IMG_0001.jpg': photo,
    });
    expect(judged.findings.map((f) => f.rule)).not.toContain('submission/link');
    expect(rulesOf(judged, '图片/学生技能展示现场.jpg')).not.toContain('photo/caption');
    expect(findingsOf(judged, '图片/IMG_0001.jpg').find((f) => f.rule === 'photo/caption')?.messageId).toBe('missing');
  });

  it('is left out of the package alone: the valid photos and the video are planned', async () => {
    const dir = await makeFolder(root, 'locked-pack', {
      '图片/a-locked.jpg': photo,
      '图片/学生技能展示现场.jpg': photo,
      '文字材料/简介.txt': '濮阳',
    });
    const outcome = await check([dir], { lang: 'zh' });
    const [{ judged, result }] = outcome.judged as [(typeof outcome.judged)[number]];
    expect(outcome.internalFaults).toBe(0);
    const plan = planPackage(judged, result, 'zh');
    expect(plan.leftOut.map((f) => f.path)).toContain('图片/a-locked.jpg');
    expect(result.files.find((f) => f.path === '图片/a-locked.jpg')!.facts).toEqual({});
    // 学生技能展示现场.jpg fails only on size here; its caption is found, not "no caption".
    expect(result.files.find((f) => f.path === '图片/学生技能展示现场.jpg')!.findings.map((f) => f.rule)).not.toContain('photo/caption');
  });
});

/** Runs the built CLI as `nobody`, for whom a `chmod 000` file really cannot be read (root reads everything). */
function asNobody(args: string[]): { status: number | null; stdout: string; stderr: string } | string {
  const probe = spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', 'true'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return `setpriv cannot switch to nobody here (${probe.error?.message ?? probe.stderr.trim()})`;
  const run = spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, BIN, ...args], {
    encoding: 'utf8', env: { ...process.env, LANG: 'C', HOME: os.tmpdir() }, timeout: 60_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('a real chmod 000 photo, checked and packed as nobody (#9.1)', () => {
  it('fails that photo alone; pack --skip-invalid sends the others', { timeout: 60_000 }, async (ctx) => {
    if (process.platform === 'win32') return ctx.skip('chmod 000 does not deny reading on Windows');
    const base = await mkdtemp(path.join(os.tmpdir(), 'pyvw-nobody-'));
    try {
      const day = await makeFolder(base, 'day', {
        '图片/a.jpg': photo,
        '图片/b.jpg': photo,
        '图片/图片说明.txt': 'a.jpg：学生在实训车间展示数控加工技能\nb.jpg：家长参观学校实训基地和学生作品\n',
        'pyvw.config.json': JSON.stringify({ unit: '测试学校', rules: { 'photo/min-bytes': 'off', 'photo/long-edge': 'off', 'text/missing': 'off' } }),
      });
      const out = path.join(base, 'out');
      await mkdir(out);
      for (const entry of [base, day, path.join(day, '图片'), out]) await chmod(entry, 0o777);
      for (const name of ['a.jpg', '图片说明.txt']) await chmod(path.join(day, '图片', name), 0o644);
      await chmod(path.join(day, 'pyvw.config.json'), 0o644);
      await chmod(path.join(day, '图片', 'b.jpg'), 0o000);

      const checked = asNobody(['check', day, '--format', 'json', '--date', '2023-05-15']);
      if (typeof checked === 'string') return ctx.skip(checked);
      const report = JSON.parse(checked.stdout) as { submissions: { findings: { rule: string }[]; files: { path: string; findings: { rule: string; data: { code?: string } }[] }[] }[] };
      const [submission] = report.submissions;
      const rules = (p: string): string[] => submission!.files.find((f) => f.path === p)!.findings.map((f) => f.rule);
      expect(rules('图片/b.jpg')).toEqual(['photo/inspect']);
      expect(submission!.files.find((f) => f.path === '图片/b.jpg')!.findings[0]!.data.code).toBe('EACCES');
      expect(rules('图片/a.jpg')).toEqual([]);
      expect(submission!.findings.map((f) => f.rule)).not.toContain('submission/link');
      expect(checked.status).toBe(1);

      const packed = asNobody(['pack', day, '--skip-invalid', '--out', out, '--date', '2023-05-15']);
      if (typeof packed === 'string') return ctx.skip(packed);
      expect(packed.status, packed.stderr).toBe(0);
      expect((await readdir(out)).filter((n) => n.endsWith('.zip'))).toHaveLength(1);
    } finally {
      await chmod(path.join(base, 'day', '图片', 'b.jpg'), 0o644).catch(() => undefined);
      await rm(base, { recursive: true, force: true });
    }
  });
});

describe('case-only twins (#9.3)', () => {
  const twins = ['图片/Case.JPG', '图片/Case.txt', '图片/case.jpg', '图片/case.txt'];

  it('each sidecar belongs to the photo whose name it has, case included', () => {
    const classified = classifyAll(twins);
    expect(classified.get('图片/Case.txt')).toMatchObject({ kind: 'caption', describes: ['图片/Case.JPG'] });
    expect(classified.get('图片/case.txt')).toMatchObject({ kind: 'caption', describes: ['图片/case.jpg'] });
    expect(classified.get('图片/Case.JPG')!.sidecar).toBe('图片/Case.txt');
    expect(classified.get('图片/case.jpg')!.sidecar).toBe('图片/case.txt');
    // A name that differs only in case still finds its one photo.
    expect(classifyAll(['图片/IMG_1.JPG', '图片/img_1.txt']).get('图片/img_1.txt')).toMatchObject({ describes: ['图片/IMG_1.JPG'] });
  });

  it('are linked to their own captions, and the package never carries the caption of a photo left out', async () => {
    const dir = await makeFolder(root, 'twins', {
      '图片/Case.JPG': photo,
      '图片/Case.txt': '学生在实训车间展示数控加工技能',
      '图片/case.jpg': Buffer.from('not a jpeg at all'),
      '图片/case.txt': '家长参观学校实训基地',
      'pyvw.config.json': JSON.stringify({ rules: { 'photo/min-bytes': 'off', 'photo/long-edge': 'off' } }),
    });
    const outcome = await check([dir], { lang: 'zh' });
    const [{ judged, result }] = outcome.judged as [(typeof outcome.judged)[number]];
    expect(factsOf(judged, '图片/Case.JPG')).toMatchObject({ caption: '学生在实训车间展示数控加工技能', captionSource: 'sidecar:图片/Case.txt' });
    expect(rulesOf(judged, '图片/Case.JPG')).toEqual([]);
    const plan = planPackage(judged, result, 'zh');
    const packed = plan.entries.map((e) => (e.source.type === 'file' ? e.source.file.path : e.name));
    expect(packed).toEqual(expect.arrayContaining(['图片/Case.JPG', '图片/Case.txt']));
    expect(packed).not.toContain('图片/case.txt');
    expect(plan.leftOut.map((f) => f.path)).toEqual(expect.arrayContaining(['图片/case.jpg', '图片/case.txt']));
  });
});

describe('caption lists (#9.13)', () => {
  it('reads every separator of the rulebook, the full-width space among them', () => {
    const { entries, unreadableLines } = parseManifest(
      [
        'IMG_0001.jpg：开幕式现场',
        'IMG_0002.jpg　家长参观实训基地',
        'IMG_0003.jpg:学生展示',
        'IMG_0004.jpg\t教师指导',
        'IMG_0005.jpg，技能比赛',
        'IMG_0006,社区服务',
        'IMG_0007.JPG   志愿者讲解',
        'IMG_0008.jpg ： 合影留念',
        '这一行没有分隔符',
        'IMG_0009.jpg：',
      ].join('\r\n'),
    );
    expect(entries.map((e) => [e.line, e.name, e.text])).toEqual([
      [1, 'IMG_0001.jpg', '开幕式现场'],
      [2, 'IMG_0002.jpg', '家长参观实训基地'],
      [3, 'IMG_0003.jpg', '学生展示'],
      [4, 'IMG_0004.jpg', '教师指导'],
      [5, 'IMG_0005.jpg', '技能比赛'],
      [6, 'IMG_0006', '社区服务'],
      [7, 'IMG_0007.JPG', '志愿者讲解'],
      [8, 'IMG_0008.jpg', '合影留念'],
    ]);
    expect(unreadableLines).toEqual([9, 10]);
    expect(parseManifest('文件名,说明\nIMG_0001.jpg,开幕式现场\n').entries.map((e) => e.line)).toEqual([2]);
  });

  it('a line separated by a full-width space captions its photo, and every unreadable or orphan line is a warning with its number', async () => {
    const judged = await judge('manifest-lines', {
      '图片/IMG_0001.jpg': photo,
      '图片/IMG_0002.jpg': photo,
      '图片/图片说明.txt': 'IMG_0001.jpg：开幕式现场学生合影\nIMG_0002.jpg　家长参观学校实训基地\nIMG_0003.jpg：这张照片不在文件夹里\n只有一句话没有文件名\n',
    });
    expect(factsOf(judged, '图片/IMG_0002.jpg')).toMatchObject({ caption: '家长参观学校实训基地', captionSource: 'manifest:图片/图片说明.txt#2' });
    expect(rulesOf(judged, '图片/IMG_0002.jpg')).not.toContain('photo/caption');
    expect(findingsOf(judged, '图片/图片说明.txt').map((f) => [f.rule, f.messageId, f.severity, f.data.line])).toEqual([
      ['caption/manifest-line', 'orphan', 'warning', 3],
      ['caption/manifest-line', 'unreadable', 'warning', 4],
    ]);
  });

  it('a list covers its own folder and the folders below; the closer list or sidecar wins', async () => {
    const judged = await judge('manifest-cover', {
      '图片说明.txt': '上午/IMG_0001.jpg：根目录清单里的说明文字\nIMG_0002.jpg：根目录清单里的第二条说明\n',
      '图片/上午/IMG_0001.jpg': photo,
      '图片/上午/IMG_0002.jpg': photo,
      '图片/上午/IMG_0003.jpg': photo,
      '图片/上午/IMG_0003.txt': '旁边同名文件里的说明文字',
      '图片/上午/图片说明.txt': 'IMG_0001.jpg：上午文件夹清单里的说明\nIMG_0003.jpg：清单里也写了第三张的说明\n',
      '图片/下午/图片说明.txt': 'IMG_0002.jpg：下午清单写的是上午的照片\n',
    });
    expect(factsOf(judged, '图片/上午/IMG_0001.jpg')).toMatchObject({ caption: '上午文件夹清单里的说明', captionSource: 'manifest:图片/上午/图片说明.txt#1' });
    expect(factsOf(judged, '图片/上午/IMG_0002.jpg')).toMatchObject({ caption: '根目录清单里的第二条说明', captionSource: 'manifest:图片说明.txt#2' });
    expect(factsOf(judged, '图片/上午/IMG_0003.jpg')).toMatchObject({ caption: '旁边同名文件里的说明文字', captionSource: 'sidecar:图片/上午/IMG_0003.txt' });
    // The afternoon list covers only 图片/下午/: its line names no photo there.
    expect(findingsOf(judged, '图片/下午/图片说明.txt').map((f) => [f.messageId, f.data.line])).toEqual([['orphan', 1]]);
  });
});

describe('a camera prefix followed by a Chinese name (rulebook, photo/caption)', () => {
  it('is a descriptive name, and its Chinese part is the caption', async () => {
    expect(descriptiveNamePart('IMG_20230515_学生技能展示')).toBe('学生技能展示');
    expect(descriptiveNamePart('学生技能展示现场')).toBe('学生技能展示现场');
    expect(descriptiveNamePart('IMG_20230515_093012')).toBeUndefined();
    const judged = await judge('camera-prefix', { '图片/IMG_20230515_学生技能展示.jpg': photo });
    expect(factsOf(judged, '图片/IMG_20230515_学生技能展示.jpg')).toMatchObject({ caption: '学生技能展示', captionSource: 'filename' });
  });
});
