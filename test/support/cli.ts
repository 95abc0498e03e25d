import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(PROJECT, 'bin', 'pyvw.js');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (`npm test` builds first) with a clean locale and colour environment unless `env` sets one. */
export function runCli(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): CliRun {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ['LANG', 'LC_ALL', 'LC_MESSAGES', 'NO_COLOR', 'FORCE_COLOR', 'PYVW_DEBUG']) delete env[key];
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? PROJECT, env: { ...env, ...options.env }, encoding: 'utf8', timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
