import { execFile, spawnSync } from 'node:child_process';
import { BIN, PROJECT } from './project.js';

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  env?: Record<string, string>;
}

/** The environment of a clerk's plain shell: no locale (so Chinese) and no colour settings, unless `env` sets them. */
export function cliEnv(env: Record<string, string> = {}): NodeJS.ProcessEnv {
  const clean: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ['LANG', 'LC_ALL', 'LC_MESSAGES', 'NO_COLOR', 'FORCE_COLOR', 'PYVW_DEBUG']) delete clean[key];
  return { ...clean, ...env };
}

/** Runs the built CLI (test/global-setup.ts rebuilds a stale dist/) and waits for it. */
export function runCli(args: string[], options: CliOptions = {}): CliRun {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? PROJECT, env: cliEnv(options.env), encoding: 'utf8', timeout: 60_000, maxBuffer: 16 * 1024 * 1024,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The same, without blocking: for tests that run the CLI side by side. */
export function runCliAsync(args: string[], options: CliOptions = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath, [BIN, ...args],
      { cwd: options.cwd ?? PROJECT, env: cliEnv(options.env), encoding: 'utf8', timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        // A non-zero exit is an answer, not a failure: its code is the status.
        const status = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ status, stdout, stderr });
      },
    );
  });
}
