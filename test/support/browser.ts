import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import type { BrowserContext } from 'playwright-core';
import { PROJECT } from './project.js';

/**
 * A headless Chromium for the HTML report's tests. Browsers are not downloadable here, so it comes from
 * `PYVW_CHROMIUM`, a chromium/google-chrome on PATH, or the npm package @sparticuz/chromium (Linux x64 only; it
 * unpacks its binary into the temporary folder at first launch). Where none can be had, `reason` says why and
 * the tests skip visibly; on Linux x64 (CI) the package is always there.
 */

export type BrowserChoice = { executablePath: string; from: string } | { reason: string };

function onPath(names: readonly string[]): string | undefined {
  for (const name of names) {
    try {
      const found = execFileSync(process.platform === 'win32' ? 'where' : 'which', [name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
        .split(/\r?\n/u)[0]
        ?.trim();
      if (found) return found;
    } catch {
      // not on PATH
    }
  }
  return undefined;
}

/**
 * The sparticuz build reads fonts from its own fontconfig folder (/tmp/fonts) and ships no Chinese font; one found
 * on the system is copied in so the screenshot a person looks at shows Chinese. The assertions do not depend on it.
 */
async function addSystemCjkFont(): Promise<void> {
  const candidates = ['/usr/share/fonts/truetype/wqy', '/usr/share/fonts/opentype/noto', '/usr/share/fonts/truetype/noto', '/usr/share/fonts/truetype/droid'];
  const fontDir = path.join(os.tmpdir(), 'fonts');
  for (const dir of candidates) {
    const files = await readdir(dir).catch(() => [] as string[]);
    const cjk = files.find((f) => /wqy|cjk|droidsansfallback/iu.test(f));
    if (!cjk) continue;
    await mkdir(fontDir, { recursive: true });
    if (!existsSync(path.join(fontDir, cjk))) await copyFile(path.join(dir, cjk), path.join(fontDir, cjk));
    return;
  }
}

/**
 * The sparticuz binary links to NSS and expat (libnss3, libnspr4, libexpat), which a bare CI image may lack. The
 * package carries them for Amazon Linux (bin/al2023.tar.br); where `ldd` finds a library missing they are unpacked
 * into the temporary folder and put on LD_LIBRARY_PATH, which the browser inherits. No apt, no download.
 */
async function addBundledLibraries(executablePath: string): Promise<void> {
  let missing = false;
  try {
    missing = execFileSync('ldd', [executablePath], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).includes('not found');
  } catch {
    return; // no ldd: launch and let the error speak
  }
  if (!missing) return;
  const dir = path.join(os.tmpdir(), 'pyvw-chromium-libs');
  if (!existsSync(path.join(dir, 'lib', 'libnss3.so'))) {
    await mkdir(dir, { recursive: true });
    const tarball = path.join(dir, 'al2023.tar');
    await writeFile(tarball, brotliDecompressSync(await readFile(path.join(PROJECT, 'node_modules/@sparticuz/chromium/bin/al2023.tar.br'))));
    execFileSync('tar', ['-xf', tarball, '-C', dir]);
  }
  const lib = path.join(dir, 'lib');
  process.env.LD_LIBRARY_PATH = [lib, ...(process.env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean)].join(':');
}

export async function findChromium(): Promise<BrowserChoice> {
  const fromEnv = process.env.PYVW_CHROMIUM;
  if (fromEnv) return existsSync(fromEnv) ? { executablePath: fromEnv, from: 'PYVW_CHROMIUM' } : { reason: `PYVW_CHROMIUM=${fromEnv} does not exist` };
  const system = onPath(['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']);
  if (system) return { executablePath: system, from: 'PATH' };
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    return { reason: `no Chromium: set PYVW_CHROMIUM or put chromium on PATH (@sparticuz/chromium has Linux x64 only; this is ${process.platform} ${process.arch})` };
  }
  const { default: chromium } = await import('@sparticuz/chromium');
  const executablePath = await chromium.executablePath();
  await addBundledLibraries(executablePath);
  await addSystemCjkFont();
  return { executablePath, from: '@sparticuz/chromium' };
}

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

/** One headless browser with a fresh profile folder (no cache, no history from an earlier run). */
export async function launchChromium(executablePath: string): Promise<BrowserContext> {
  const { chromium } = await import('playwright-core');
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'pyvw-chromium-profile-'));
  return chromium.launchPersistentContext(userDataDir, { executablePath, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1100, height: 900 } });
}
