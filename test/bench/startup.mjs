// Startup: `pyvw --version` and `--help` load no heavy module (sharp, mammoth, zod, the rules), so they should
// cost little more than Node itself. Baseline: `node -e 0`.
import { spawnSync } from 'node:child_process';
import { CLI, formatMs, median } from './lib.mjs';

const RUNS = 21;
const COMMANDS = [['-e', '0'], [CLI, '--version'], [CLI, '--help'], [CLI, 'check', '--help']];

function timeNode(args) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { stdio: 'ignore' });
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${result.status}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export async function run() {
  // Round after round of every command, after one round to warm the disk cache: a busy moment of the machine
  // then weighs on the baseline and on pyvw alike.
  for (const args of COMMANDS) timeNode(args);
  const times = COMMANDS.map(() => []);
  for (let round = 0; round < RUNS; round++) COMMANDS.forEach((args, i) => times[i].push(timeNode(args)));
  const [baseline, ...pyvw] = times.map(median);
  console.log(`node -e 0            ${formatMs(baseline)} (baseline, median of ${RUNS})`);
  pyvw.forEach((ms, i) => {
    const extra = ms - baseline;
    const args = COMMANDS[i + 1].slice(1).join(' ');
    console.log(`pyvw ${args.padEnd(15)} ${formatMs(ms)} (${(ms / baseline).toFixed(2)}× node, ${extra < 0 ? '−' : '+'}${formatMs(Math.abs(extra))})`);
  });
}
