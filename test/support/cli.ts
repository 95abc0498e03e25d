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

/**
 * The CLI's `main()` in this process, its output captured: the same commander wiring, option parsing, exit codes and
 * words as a spawn, without a second Node start and a second import of sharp and the rules (0.8 s of CPU per spawn
 * even for a usage error, measured). The environment and working folder are set for the call and restored after.
 * Calls run one at a time, so nothing else of the test writes to this process's stdout meanwhile. What only a real
 * process shows (signals, bin/pyvw.js, a closed pipe) stays with `runCli`.
 */
export function runMain(args: string[], options: CliOptions = {}): Promise<CliRun> {
  // One at a time, also for tests that run side by side (describe.concurrent): stdout, the environment and the
  // working folder are the process's own.
  const turn = mainQueue.then(() => runMainNow(args, options));
  mainQueue = turn.catch(() => undefined);
  return turn;
}

let mainQueue: Promise<unknown> = Promise.resolve();

async function runMainNow(args: string[], options: CliOptions): Promise<CliRun> {
  const { main } = await import('../../src/cli.js');
  const env = cliEnv(options.env);
  const savedEnv = { ...process.env };
  const savedCwd = process.cwd();
  const { stdout, stderr } = process;
  const saved = { out: stdout.write, err: stderr.write };
  let out = '';
  let err = '';
  const capture = (append: (text: string) => void) => ((chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
    append(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
    callback?.();
    return true;
  }) as typeof stdout.write;
  for (const key of Object.keys(process.env)) if (!(key in env)) delete process.env[key];
  Object.assign(process.env, env);
  process.chdir(options.cwd ?? PROJECT);
  stdout.write = capture((text) => (out += text));
  stderr.write = capture((text) => (err += text));
  try {
    const status = await main([process.execPath, BIN, ...args]);
    return { status, stdout: out, stderr: err };
  } finally {
    stdout.write = saved.out;
    stderr.write = saved.err;
    process.chdir(savedCwd);
    for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
    Object.assign(process.env, savedEnv);
  }
}
