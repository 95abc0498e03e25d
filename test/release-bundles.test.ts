import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveName, BUNDLED_NODE_VERSION, packageVersion, TARGETS } from '../src/release/bundle.js';
import { runCli } from './support/cli.js';
import { FIXTURES, PROJECT } from './support/project.js';

/**
 * The real artefacts of `npm run release`. They need the registry to build, so they are tested by
 * `npm run test:release` (which builds them first), not by `npm test`: there this file says why it is skipped.
 */

const exec = promisify(execFile);
const RELEASE = path.join(PROJECT, 'release');
const version = await packageVersion(PROJECT);
const winZip = path.join(RELEASE, archiveName(version, TARGETS['win-x64']));
const linuxTar = path.join(RELEASE, archiveName(version, TARGETS['linux-x64']));
const npmTgz = path.join(RELEASE, `pyvw-${version}.tgz`);
const built = process.env.PYVW_RELEASE_TEST === '1' && [winZip, linuxTar, npmTgz].every((f) => existsSync(f));
const hasWine = await exec('wine', ['--version']).then(() => true, () => false);

interface Head {
  name: string;
  head: Buffer;
}

/** Every entry's name and first bytes (enough for magic numbers and a PE header), without unpacking the zip. */
async function zipHeads(file: string, headBytes = 512): Promise<Head[]> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false });
  const heads: Head[] = [];
  try {
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName.endsWith('/')) continue;
      const chunks: Buffer[] = [];
      let length = 0;
      const stream = await zip.openReadStreamPromise(entry);
      for await (const chunk of stream) {
        chunks.push(chunk as Buffer);
        length += (chunk as Buffer).length;
        if (length >= headBytes) break;
      }
      stream.destroy();
      heads.push({ name: entry.fileName, head: Buffer.concat(chunks).subarray(0, headBytes) });
    }
  } finally {
    zip.close();
  }
  return heads;
}

/** A PE image for x86-64: `MZ`, then at e_lfanew `PE\0\0` and machine 0x8664. */
function isPeX64(head: Buffer): boolean {
  if (head.toString('latin1', 0, 2) !== 'MZ') return false;
  const pe = head.readUInt32LE(0x3c);
  return head.toString('latin1', pe, pe + 4) === 'PE\0\0' && head.readUInt16LE(pe + 4) === 0x8664;
}

const reason = 'built release artefacts (run `npm run test:release`, which runs `npm run release` first)';

describe.skipIf(!built)(`the Windows zip — needs ${reason}`, () => {
  let heads: Head[];
  beforeAll(async () => {
    heads = await zipHeads(winZip);
  }, 120_000);
  const find = (pattern: RegExp): Head[] => heads.filter((h) => pattern.test(h.name));

  it('holds node.exe for x86-64, sharp’s win32-x64 addon and DLLs, ffprobe.exe', () => {
    expect(isPeX64(find(/^pyvw\/app\/node\.exe$/u)[0]!.head)).toBe(true);
    expect(find(/@img\/sharp-win32-x64\/lib\/sharp-win32-x64.*\.node$/u).every((h) => isPeX64(h.head))).toBe(true);
    expect(find(/@img\/sharp-win32-x64\/lib\/.*\.dll$/u).length).toBeGreaterThan(0);
    expect(isPeX64(find(/@ffprobe-installer\/win32-x64\/ffprobe\.exe$/u)[0]!.head)).toBe(true);
  });

  it('has the launchers at the top, ASCII with CRLF, and the guide', async () => {
    for (const name of ['检查材料.bat', '打包材料.bat', '查看本周.bat', 'pyvw.cmd', '使用说明.txt']) expect(find(new RegExp(`^pyvw/${name}$`, 'u'))).toHaveLength(1);
    for (const h of find(/^pyvw\/[^/]+\.(bat|cmd)$/u)) {
      const text = h.head.toString('latin1');
      expect(/^[\x20-\x7e\r\n]*$/u.test(text), h.name).toBe(true);
      expect(text.replace(/\r\n/gu, ''), h.name).not.toMatch(/[\r\n]/u);
    }
  });

  it('holds no ELF binary, no Linux package and no dev dependency', () => {
    expect(heads.filter((h) => h.head.subarray(0, 4).equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]))).map((h) => h.name)).toEqual([]);
    expect(find(/linux-x64|darwin/u)).toEqual([]);
    expect(find(/node_modules\/(vitest|typescript|docx|vite|@types)\//u)).toEqual([]);
    expect(find(/^pyvw\/app\/dist\/release\//u)).toEqual([]);
  });
});

describe.skipIf(!built)(`the Linux tarball and the npm tarball — needs ${reason}`, () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'pyvw-release-'));
    await exec('tar', ['xzf', linuxTar, '-C', work]);
  }, 120_000);
  afterAll(() => rm(work, { recursive: true, force: true }));

  it('unpacked outside the repository, checks the sample day as the repository does and packs a verified package', async () => {
    const launcher = path.join(work, 'pyvw', 'pyvw');
    const day = path.join(work, '5月15日');
    await cp(path.join(FIXTURES, 'sample-day'), day, { recursive: true });
    const env = { ...process.env, LANG: '', LC_ALL: '' };
    const bundled = await exec(launcher, ['check', day, '--format', 'json', '--date', '2023-05-15'], { env, maxBuffer: 1 << 24 }).catch((e: { stdout: string }) => e);
    const repo = runCli(['check', day, '--format', 'json', '--date', '2023-05-15']);
    const verdicts = (json: string): unknown =>
      (JSON.parse(json) as { submissions: { files: { path: string; ok: boolean; findings: { rule: string }[] }[] }[] }).submissions[0]!.files.map((f) => [
        f.path, f.ok, f.findings.map((x) => x.rule),
      ]);
    expect(verdicts(bundled.stdout)).toEqual(verdicts(repo.stdout));
    const { stdout: nodeVersion } = await exec(path.join(work, 'pyvw', 'app', 'node'), ['--version']);
    expect(nodeVersion.trim()).toBe(`v${BUNDLED_NODE_VERSION}`);
    const packed = await exec(launcher, ['pack', day, '--skip-invalid', '--unit', '测试学校', '--date', '2023-05-15'], { env });
    expect(packed.stdout).toContain('已逐个校验');
  }, 120_000);

  it('npm install -g of the npm tarball gives a working pyvw', async () => {
    const prefix = path.join(work, 'prefix');
    await mkdir(prefix);
    await exec('npm', ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', npmTgz], { maxBuffer: 1 << 24 });
    const { stdout } = await exec(path.join(prefix, 'bin', 'pyvw'), ['--version']);
    expect(stdout.trim()).toBe(version);
  }, 300_000);
});

describe.skipIf(!built || !hasWine)(`the Windows node.exe under wine — needs ${reason} and wine`, () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'pyvw-wine-'));
    await exec('unzip', ['-q', winZip, '-d', work]);
  }, 120_000);
  afterAll(() => rm(work, { recursive: true, force: true }));

  // Wine 8 needs NODE_SKIP_PLATFORM_CHECK and standard output sent to a file; it cannot load sharp's DLLs, so no photos.
  async function wineNode(args: string[], out: string): Promise<string> {
    const app = path.join(work, 'pyvw', 'app');
    await exec('sh', ['-c', 'wine "$0" "$@" > "$PYVW_OUT" 2>/dev/null || true', path.join(app, 'node.exe'), path.join(app, 'bin', 'pyvw.js'), ...args], {
      env: { ...process.env, NODE_SKIP_PLATFORM_CHECK: '1', WINEDEBUG: '-all', PYVW_OUT: out }, timeout: 240_000,
    });
    return readFile(out, 'utf8');
  }

  it('runs pyvw --version and checks a folder of text files', async () => {
    expect((await wineNode(['--version'], path.join(work, 'version.txt'))).trim()).toBe(version);
    const day = path.join(work, 'day', '文字材料');
    await mkdir(day, { recursive: true });
    await writeFile(path.join(day, '简介.txt'), '职业教育活动周'.repeat(150));
    const json = JSON.parse(await wineNode(['check', path.dirname(day), '--format', 'json', '--date', '2023-05-15'], path.join(work, 'report.json'))) as {
      submissions: { files: { path: string; facts: { words?: number } }[] }[];
    };
    expect(json.submissions[0]!.files.map((f) => f.path)).toContain('文字材料/简介.txt');
  }, 300_000);
});
