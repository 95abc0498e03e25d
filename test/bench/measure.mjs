// The one measuring loop of `npm run bench`: every row times pyvw and its peer in the same run, interleaved, and
// reports medians, their ratio and the peak memory (max RSS) of each.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CLI, formatMs, median } from './lib.mjs';

/** The full path of an executable on PATH, or undefined: a peer is measured only where it is installed. */
export function findOnPath(name) {
  if (path.isAbsolute(name)) return name;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not in this folder.
    }
  }
  return undefined;
}

/** GNU time reports the peak resident memory of what it runs, for pyvw and peers alike. */
const TIME = findOnPath('time') && spawnSync('time', ['-f', '%M', 'true'], { encoding: 'utf8' }).status === 0 ? findOnPath('time') : undefined;
const TIME_OUT = path.join(os.tmpdir(), `pyvw-bench-time-${process.pid}.txt`);

/** Node's own max RSS at exit, for pyvw where GNU time is missing. */
const REPORT_RSS = 'data:text/javascript,process.on("exit",()=>{process.stderr.write(`\\nmax-rss-kib ${process.resourceUsage().maxRSS}\\n`)})';

/**
 * Runs one command and returns its wall time (ms) and peak memory (KiB, or undefined when it cannot be measured).
 * `command` is `{ file, args, cwd?, env?, okStatus? }`; pyvw commands are `{ pyvw: [...args], env?, okStatus? }`.
 */
export function measureOnce(command) {
  const node = command.pyvw !== undefined;
  let file = node ? process.execPath : command.file;
  let args = node ? [CLI, ...command.pyvw] : command.args;
  if (node && !TIME) args = ['--import', REPORT_RSS, ...args];
  if (TIME) {
    args = ['-f', '%M', '-o', TIME_OUT, file, ...args];
    file = TIME;
  }
  const start = process.hrtime.bigint();
  const env = command.env ? { ...process.env, ...command.env } : undefined;
  const result = spawnSync(file, args, { cwd: command.cwd, env, encoding: 'utf8', maxBuffer: 256 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const ok = command.okStatus ?? (node ? [0, 1] : [0]);
  if (!ok.includes(result.status)) {
    throw new Error(`${node ? 'pyvw' : command.file} ${(node ? command.pyvw : command.args).join(' ').slice(0, 200)} exited ${result.status}: ${result.stderr.slice(-2000)}`);
  }
  let peakKiB;
  if (TIME) {
    peakKiB = Number(readFileSync(TIME_OUT, 'utf8').trim().split('\n').pop());
    rmSync(TIME_OUT, { force: true });
  } else if (node) {
    peakKiB = Number(/max-rss-kib (\d+)/.exec(result.stderr)?.[1]);
  }
  return { ms, peakKiB: Number.isFinite(peakKiB) ? peakKiB : undefined, stdout: result.stdout };
}

/** The one-minute load average and the CPU count, printed with every figure: other work on the machine inflates wall times. */
export function load() {
  return `load ${os.loadavg()[0].toFixed(2)} on ${os.availableParallelism()} CPUs`;
}

/**
 * Measures a row: one warm-up run of each side, then `runs` rounds of pyvw and its peer alternately (the order
 * swapped every round), so a busy moment of the machine weighs on both. `before()` runs before each command
 * (e.g. to remove the previous output).
 */
export function measureRow(row, context) {
  const sides = [{ name: 'pyvw', command: row.pyvw(context) }];
  const peerFile = row.peer && findOnPath(row.peer.command);
  if (peerFile) sides.push({ name: 'peer', command: { file: peerFile, ...row.peer.run(context) } });
  const samples = sides.map(() => ({ ms: [], peakKiB: [] }));
  const once = (i) => {
    row.before?.(context);
    const sample = measureOnce(sides[i].command);
    samples[i].ms.push(sample.ms);
    if (sample.peakKiB !== undefined) samples[i].peakKiB.push(sample.peakKiB);
    return sample;
  };
  sides.forEach((_, i) => once(i));
  for (const s of samples) {
    s.ms.length = 0;
    s.peakKiB.length = 0;
  }
  const runs = row.runs ?? 5;
  for (let round = 0; round < runs; round++) {
    const order = round % 2 ? [...sides.keys()].reverse() : [...sides.keys()];
    for (const i of order) once(i);
  }
  const summary = samples.map((s) => ({ ms: median(s.ms), peakKiB: s.peakKiB.length ? Math.max(...s.peakKiB) : undefined }));
  return { pyvw: summary[0], peer: peerFile ? summary[1] : undefined, runs, samples: samples.map((s) => s.ms) };
}

export function formatPeak(kib) {
  return kib === undefined ? '—' : `${(kib / 1024).toFixed(0)} MiB`;
}

export { formatMs };
