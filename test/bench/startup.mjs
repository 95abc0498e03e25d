// Startup: `pyvw --version` and `--help` load no heavy module (sharp, mammoth, zod, the rules), so they should
// cost little more than Node itself. Baseline: `node -e 0`.
import { spawnSync } from 'node:child_process';
import { CLI, formatMs, timeMedian } from './lib.mjs';

const RUNS = 21;

function timeNode(args) {
  return timeMedian(RUNS, async () => {
    const result = spawnSync(process.execPath, args, { stdio: 'ignore' });
    if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${result.status}`);
  });
}

export async function run() {
  const baseline = await timeNode(['-e', '0']);
  console.log(`node -e 0            ${formatMs(baseline)} (baseline, median of ${RUNS})`);
  for (const args of [['--version'], ['--help'], ['check', '--help']]) {
    const ms = await timeNode([CLI, ...args]);
    console.log(`pyvw ${args.join(' ').padEnd(15)} ${formatMs(ms)} (${(ms / baseline).toFixed(2)}× node, +${formatMs(ms - baseline)})`);
  }
}
