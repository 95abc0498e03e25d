// `npm run bench [row-id…]`: every row of test/bench/rows/*.mjs, each timed against its peer in the same run
// (interleaved medians; a peer only where it is installed) with the peak memory of both.
//
// A row is a plain object: { id, title, goal: { ratio?, peakMiB? }, runs?, prepare() → context,
// pyvw(context) → { pyvw: [args…], okStatus? }, peer?: { label, command, run(context) → { args, cwd? } },
// before?(context), note?(context) → a line printed under the row, paired?(context, measured) → { ratio, text }: a
// ratio judged against the goal in place of the medians' (see rows/fix.mjs) }. To add one, export it from a file in rows/
// (or add it to an existing file there). A module in details/ exporting `run()` prints figures of its own after
// the rows (`npm run bench word` runs that one only).
import { readdir } from 'node:fs/promises';
import { formatMs, formatPeak, load, measureRow } from './measure.mjs';

const ROWS_DIR = new URL('./rows/', import.meta.url);
const rows = [];
for (const file of (await readdir(ROWS_DIR)).filter((f) => f.endsWith('.mjs')).sort()) {
  rows.push(...(await import(new URL(file, ROWS_DIR).href)).default);
}
const DETAILS_DIR = new URL('./details/', import.meta.url);
const details = (await readdir(DETAILS_DIR)).filter((f) => f.endsWith('.mjs')).sort().map((f) => f.replace(/\.mjs$/u, ''));
const wanted = process.argv.slice(2);
const unknown = wanted.filter((id) => !rows.some((row) => row.id === id) && !details.includes(id));
if (unknown.length) throw new Error(`no bench row ${unknown.join(', ')}; the rows are ${[...rows.map((r) => r.id), ...details].join(', ')}`);

const verdict = (ok) => (ok ? 'meets' : 'MISSES');

console.log(`pyvw bench, ${new Date().toISOString()}, ${load()}`);
for (const row of rows) {
  if (wanted.length && !wanted.includes(row.id)) continue;
  const context = await row.prepare();
  const measured = measureRow(row, context);
  const { pyvw, peer, runs } = measured;
  const parts = [`${row.title}: ${formatMs(pyvw.ms)}, peak ${formatPeak(pyvw.peakKiB)}`];
  const goal = (ratio) => (row.goal?.ratio ? ` (goal ≤ ${row.goal.ratio}×: ${verdict(ratio <= row.goal.ratio)})` : '');
  const paired = row.paired?.(context, measured);
  if (peer) {
    const ratio = pyvw.ms / peer.ms;
    parts.push(`${row.peer.label}: ${formatMs(peer.ms)}, peak ${formatPeak(peer.peakKiB)}`, `ratio ${ratio.toFixed(2)}×${paired ? '' : goal(ratio)}`);
  }
  if (paired) parts.push(`${paired.text}: ratio ${paired.ratio.toFixed(2)}×${goal(paired.ratio)}`);
  if (row.peer && !peer) parts.push(`${row.peer.label}: not installed, no ratio`);
  if (row.goal?.peakMiB && pyvw.peakKiB !== undefined) {
    parts.push(`peak goal ≤ ${row.goal.peakMiB} MiB: ${verdict(pyvw.peakKiB / 1024 <= row.goal.peakMiB)}`);
  }
  const line = `${row.id.padEnd(10)} ${parts.join(' | ')}  [median of ${runs}, ${load()}]`;
  console.log(line);
  if (row.note) console.log(`${''.padEnd(10)} ${row.note(context)}`);
}

for (const name of details) {
  if (wanted.length && !wanted.includes(name)) continue;
  console.log(`\n== ${name} (details) ==`);
  await (await import(new URL(`${name}.mjs`, DETAILS_DIR).href)).run();
}
