#!/usr/bin/env node
// The program: importing the CLI (dist/bundle/cli.js, esbuild's bundle of src/cli.ts: see src/release/cli-bundle.ts)
// or the library (dist/index.js) runs nothing by itself.
// `pyvw --version` needs nothing but the version, so it is answered before the CLI and its modules load: it then
// costs about what Node's own start-up costs (`npm run bench startup`).
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  const { readFileSync } = await import('node:fs');
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
} else {
  // V8 doubles the young generation (the "semi-spaces") each time much survives a collection, up to 16 MB each,
  // 32 MB of memory kept for the rest of the run. Kept at its first 1 MB, `pack` of the bench day peaked at
  // 139–147 MiB against 148–154 (6 interleaved runs each, no change in time), a check of 30 photos at 116 against 120.
  // Node reads `--max-semi-space-size` only as it starts (this program is run as `node bin/pyvw.js`), but V8 reads
  // the growth factor each time it would grow, so it can be set here; it is V8's flag for every thread, the
  // photo walk's workers too. The library (dist/index.js) leaves the host's V8 as it is.
  const { default: v8 } = await import('node:v8');
  v8.setFlagsFromString('--semi-space-growth-factor=1');
  // Node 22.1+ (the bundles carry 22) keeps the compiled modules between runs, in the system's temporary folder:
  // a clerk's second check starts faster. Node 20 has no such cache and goes on without it.
  const { default: module } = await import('node:module');
  module.enableCompileCache?.();
  const { run } = await import('../dist/bundle/cli.js');
  await run(process.argv);
}
