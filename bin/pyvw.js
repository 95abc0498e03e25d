#!/usr/bin/env node
// The program: importing the CLI (dist/bundle/cli.cjs, esbuild's bundle of src/cli.ts: see src/release/cli-bundle.ts)
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
  // the growth factor each time it would grow, so it can be set here, as the CLI is compiled (V8's compiled code
  // depends on its flags); it is V8's flag for every thread, the photo walk's workers too. The library
  // (dist/index.js) leaves the host's V8 as it is.
  // The CLI is one CommonJS file, compiled through V8's code cache: each command keeps what it compiled for the next
  // run (src/code-cache.ts). Node 22.1+ keeps the workers' ES modules too.
  const { default: module } = await import('node:module');
  module.enableCompileCache?.();
  const { runWithCodeCache } = await import('../dist/code-cache.js');
  const command = /^[a-z]+$/u.test(args[0] ?? '') ? args[0] : 'other';
  const { run } = runWithCodeCache(new URL('../dist/bundle/cli.cjs', import.meta.url), `cli-${command}`, [
    '--semi-space-growth-factor=1',
  ]);
  await run(process.argv);
}
