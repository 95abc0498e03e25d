import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rename, rm, copyFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import which from 'which';
import { errorFirstLine } from '../errors.js';

/**
 * `.doc`/`.wps` → `.docx` with LibreOffice, only where it is installed (`PYVW_SOFFICE`, `soffice` on PATH, or its
 * usual Windows folder); pyvw ships no office suite, and without one the clerk is told how to save as .docx.
 */

const WINDOWS_SOFFICE = [
  'C:\\Program Files\\LibreOffice\\program\\soffice.exe',
  'C:\\Program Files (x86)\\LibreOffice\\program\\soffice.exe',
];
/** LibreOffice converting one document; a hung office process must not hang the fix. */
const CONVERT_TIMEOUT_MS = 120_000;

const lookups = new Map<string, Promise<string | undefined>>();

export function findSoffice(): Promise<string | undefined> {
  const named = process.env.PYVW_SOFFICE ?? '';
  let lookup = lookups.get(named);
  if (lookup) return lookup;
  lookup = (async () => {
    if (named) return existsSync(named) ? named : undefined;
    const onPath = (await which('soffice', { nothrow: true })) ?? (await which('libreoffice', { nothrow: true }));
    if (onPath) return onPath;
    return process.platform === 'win32' ? WINDOWS_SOFFICE.find((p) => existsSync(p)) : undefined;
  })();
  lookups.set(named, lookup);
  return lookup;
}

export type DocumentOutcome = { ok: true } | { ok: false; detail: string };

/** Converts `input` to a .docx at `output`. LibreOffice's own failure is an outcome. */
export async function convertToDocx(soffice: string, input: string, output: string, signal?: AbortSignal): Promise<DocumentOutcome> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'pyvw-soffice-'));
  try {
    // A profile of its own, so a LibreOffice the clerk has open does not swallow the request.
    const profile = pathToFileURL(path.join(work, 'profile')).href;
    const args = [`-env:UserInstallation=${profile}`, '--headless', '--norestore', '--convert-to', 'docx', '--outdir', work, input];
    const result = await new Promise<DocumentOutcome>((resolve, reject) => {
      const child = spawn(soffice, args, { windowsHide: true, stdio: ['ignore', 'ignore', 'pipe'], signal, timeout: CONVERT_TIMEOUT_MS });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        if (stderr.length < 16 * 1024) stderr += chunk;
      });
      child.on('error', (error) => (signal?.aborted ? reject(signal.reason) : resolve({ ok: false, detail: errorFirstLine(error) })));
      child.on('close', (code) => {
        if (signal?.aborted) return reject(signal.reason);
        resolve(code === 0 ? { ok: true } : { ok: false, detail: stderr.trim().split('\n').pop() || `soffice exited with code ${code}` });
      });
    });
    if (!result.ok) return result;
    const made = path.join(work, `${path.basename(input, path.extname(input))}.docx`);
    if (!existsSync(made)) return { ok: false, detail: 'LibreOffice wrote no .docx' };
    await rename(made, output).catch(() => copyFile(made, output));
    return { ok: true };
  } finally {
    await rm(work, { recursive: true, force: true }).catch(() => undefined);
  }
}
