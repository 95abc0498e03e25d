import { readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { explorerSize, grouped } from '../i18n.js';
import { sha256 } from '../link/duplicates.js';
import { buildBundle, packageVersion, runNpm, TARGETS, type Artefact } from './bundle.js';

/**
 * `npm run release`: the Windows zip, the Linux tarball and the npm tarball in release/, each printed with its
 * size and SHA-256, which also go to release/SHA256SUMS (the format `sha256sum -c` reads).
 */

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const outDir = path.join(repo, 'release');
const workDir = path.join(outDir, '.work');
const log = (line: string): void => {
  process.stderr.write(`release: ${line}\n`);
};

async function npmTarball(version: string): Promise<string> {
  const name = `pyvw-${version}.tgz`;
  // Scripts are skipped: dist/ was built by `npm run release` before this runs.
  await runNpm(['pack', '--ignore-scripts', '--pack-destination', workDir], repo);
  const file = path.join(outDir, name);
  await rename(path.join(workDir, name), file);
  return file;
}

async function main(): Promise<void> {
  const version = await packageVersion(repo);
  await rm(workDir, { recursive: true, force: true });
  const files: string[] = [];
  for (const target of Object.values(TARGETS)) {
    files.push(await buildBundle({ repo, outDir, workDir, target, dependencies: 'registry', log }));
  }
  files.push(await npmTarball(version));
  const artefacts: Artefact[] = [];
  for (const file of files) artefacts.push({ file, bytes: (await stat(file)).size, sha256: await sha256(file) });
  await writeFile(path.join(outDir, 'SHA256SUMS'), artefacts.map((a) => `${a.sha256}  ${path.basename(a.file)}\n`).join(''));
  await rm(workDir, { recursive: true, force: true });
  for (const a of artefacts) {
    process.stdout.write(`${path.basename(a.file)}\n  ${grouped(a.bytes)} bytes (${explorerSize(a.bytes)})\n  sha256 ${a.sha256}\n`);
  }
  process.stdout.write(`release/SHA256SUMS written; release/ holds ${(await readdir(outDir)).length} entries\n`);
}

await main();
