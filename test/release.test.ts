import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAUNCHER_CONFIG, runLauncher, type LauncherOptions } from '../src/launcher.js';
import { BUNDLE_FOLDER, stageBundle, TARGETS } from '../src/release/bundle.js';
import { windowsGuide } from '../src/release/guide.js';
import { LINUX_LAUNCHER, WINDOWS_LAUNCHERS } from '../src/release/launchers.js';
import { runMain } from './support/cli.js';
import { readZip } from './support/zip.js';
import { FIXTURES, PROJECT } from './support/project.js';

const exec = promisify(execFile);

describe('Windows launchers', () => {
  it('are ASCII inside with CRLF line endings, as cmd.exe reads them in any OEM code page', () => {
    expect(WINDOWS_LAUNCHERS.map((l) => l.name).sort()).toEqual(['pyvw.cmd', '打包材料.bat', '查看本周.bat', '检查材料.bat'].sort());
    for (const { name, text } of WINDOWS_LAUNCHERS) {
      expect(/^[\x20-\x7e\r\n]*$/u.test(text), name).toBe(true);
      expect(text.replace(/\r\n/gu, ''), name).not.toMatch(/[\r\n]/u);
      expect(text.endsWith('\r\n'), name).toBe(true);
    }
  });

  it('quote every dropped path, run the bundled node and pass the exit code on', () => {
    for (const { name, text } of WINDOWS_LAUNCHERS) {
      expect(text, name).toContain('"%~dp0app\\node.exe" "%~dp0app\\bin\\pyvw.js"');
      expect(text, name).toMatch(/exit \/b %(PYVW_EXIT|ERRORLEVEL)%/u);
      // A bare %1 would split a path with spaces and let `&` end the command.
      expect(text.replace(/"%~\d"/gu, ''), name).not.toMatch(/%~?\d/u);
    }
    const drop = WINDOWS_LAUNCHERS.filter((l) => l.name.endsWith('.bat'));
    for (const { text } of drop) expect(text).toContain('pause');
  });

  it('the Linux launcher finds its own node through a link on PATH', () => {
    expect(LINUX_LAUNCHER.mode).toBe(0o755);
    expect(LINUX_LAUNCHER.text.startsWith('#!/bin/sh\n')).toBe(true);
    expect(LINUX_LAUNCHER.text).toContain('exec "$here/app/node" "$here/app/bin/pyvw.js" "$@"');
  });

  it('使用说明.txt is UTF-8 with BOM and CRLF, so Notepad shows it on any Windows', () => {
    const guide = windowsGuide('9.9.9');
    expect(guide.startsWith('\uFEFFpyvw 9.9.9')).toBe(true);
    expect(guide.replace(/\r\n/gu, '')).not.toMatch(/[\r\n]/u);
    for (const name of ['检查材料.bat', '打包材料.bat', '查看本周.bat', 'pyvw.cmd']) expect(guide).toContain(name);
  });
});

describe('pyvw launcher (what the .bat files run)', () => {
  let home: string;
  beforeAll(async () => {
    home = await mkdtemp(path.join(os.tmpdir(), 'pyvw-launcher-'));
  });
  afterAll(() => rm(home, { recursive: true, force: true }));

  function options(answer: string | null, calls: string[][], output = new PassThrough()): LauncherOptions {
    const input = new PassThrough();
    if (answer !== null) input.end(`${answer}\r\n`);
    else input.end();
    return { home, lang: 'zh', input, output, run: async (args) => (calls.push(args), 1) };
  }

  it('double-clicked with nothing dropped, says in Chinese what to do and exits 2', async () => {
    const output = new PassThrough();
    const calls: string[][] = [];
    expect(await runLauncher('check', ['', ''], options(null, calls, output))).toBe(2);
    expect(String(output.read())).toContain('拖到“检查材料.bat”');
    expect(calls).toEqual([]);
  });

  it('pack asks for the unit once, saves it beside the launchers and packs with that config', async () => {
    const calls: string[][] = [];
    const output = new PassThrough();
    expect(await runLauncher('pack', ['D:\\材料\\5月15日 (初稿) & 定稿'], options('  濮阳市第一职业中等专业学校 ', calls, output))).toBe(1);
    const configFile = path.join(home, LAUNCHER_CONFIG);
    expect(JSON.parse(await readFile(configFile, 'utf8'))).toEqual({ profile: 'puyang-2023', unit: '濮阳市第一职业中等专业学校' });
    expect(String(output.read())).toContain('单位全称');
    expect(calls).toEqual([['pack', 'D:\\材料\\5月15日 (初稿) & 定稿', '--config', configFile, '--lang', 'zh']]);

    const again: string[][] = [];
    const quiet = new PassThrough();
    await runLauncher('pack', ['a', 'b'], options(null, again, quiet));
    expect(String(quiet.read() ?? '')).not.toContain('单位全称');
    expect(again.map((args) => args[1])).toEqual(['a', 'b']);
  });

  it('pack with no unit typed packs nothing and writes no config', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'pyvw-launcher-'));
    const calls: string[][] = [];
    expect(await runLauncher('pack', ['day'], { ...options('', calls), home: empty })).toBe(2);
    await expect(readFile(path.join(empty, LAUNCHER_CONFIG))).rejects.toThrow();
    expect(calls).toEqual([]);
    await rm(empty, { recursive: true, force: true });
  });

  it('check writes and opens the HTML report, with the launchers’ config; status takes the week folder', async () => {
    const calls: string[][] = [];
    await writeFile(path.join(home, LAUNCHER_CONFIG), JSON.stringify({ unit: '某校' }));
    await runLauncher('check', ['day'], options(null, calls));
    await runLauncher('status', ['week'], options(null, calls));
    expect(calls[0]).toEqual(['check', 'day', '--html', '--open', '--config', path.join(home, LAUNCHER_CONFIG), '--lang', 'zh']);
    expect(calls[1]).toEqual(['status', 'week', '--lang', 'zh']);
  });

  it('runs from the CLI as a hidden command', async () => {
    const run = await runMain(['launcher', 'status', '--home', home]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('查看本周.bat');
    expect((await runMain(['--help'])).stdout).not.toContain('launcher');
  });
});

describe('the Linux bundle, reduced (this machine’s node, the repository’s installed packages)', () => {
  let work: string;
  let root: string;
  beforeAll(async () => {
    // Outside the repository, so nothing can be resolved from its node_modules.
    work = await mkdtemp(path.join(os.tmpdir(), 'pyvw-bundle-'));
    root = await stageBundle({
      repo: PROJECT, outDir: work, workDir: work, target: TARGETS['linux-x64'], dependencies: 'link', nodeBinary: process.execPath,
    });
  }, 60_000);
  afterAll(() => rm(work, { recursive: true, force: true }));

  it('holds the launcher, its node and no dev dependency or release tooling', async () => {
    expect(path.basename(root)).toBe(BUNDLE_FOLDER);
    const manifest = JSON.parse(await readFile(path.join(root, 'app', 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest.devDependencies).toBeUndefined();
    expect(manifest.scripts).toBeUndefined();
    for (const dev of ['vitest', 'typescript', 'docx']) await expect(readFile(path.join(root, 'app', 'node_modules', dev, 'package.json'))).rejects.toThrow();
    await expect(readFile(path.join(root, 'app', 'dist', 'release', 'main.js'))).rejects.toThrow();
    const { stdout } = await exec(path.join(root, 'pyvw'), ['--version']);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+/u);
  });

  it('gives the same verdicts as the repository’s build on a copy of the sample day, and packs a verified package', async () => {
    const day = path.join(work, '5月15日');
    await cp(path.join(FIXTURES, 'sample-day'), day, { recursive: true });
    const env = { ...process.env, LANG: '', LC_ALL: '' };
    const bundled = await exec(path.join(root, 'pyvw'), ['check', day, '--format', 'json', '--date', '2023-05-15'], { env, cwd: work, maxBuffer: 1 << 24 }).catch((e: { stdout: string }) => e);
    const repo = await runMain(['check', day, '--format', 'json', '--date', '2023-05-15']);
    const verdicts = (json: string): unknown =>
      (JSON.parse(json) as { submissions: { files: { path: string; ok: boolean; findings: { rule: string }[] }[] }[] }).submissions[0]!.files.map((f) => [
        f.path, f.ok, f.findings.map((x) => x.rule),
      ]);
    expect(verdicts(bundled.stdout)).toEqual(verdicts(repo.stdout));

    const packed = await exec(path.join(root, 'pyvw'), ['pack', day, '--skip-invalid', '--unit', '测试学校', '--date', '2023-05-15'], { env, cwd: work });
    expect(packed.stdout).toContain('已逐个校验');
    const entries = await readZip(path.join(work, '测试学校-2023年5月15日-职教活动周材料.zip'));
    expect(entries.has('报送清单.txt')).toBe(true);
  }, 60_000);
});
