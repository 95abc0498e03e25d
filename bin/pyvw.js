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
  // Node 22.1+ (the bundles carry 22) keeps the compiled modules between runs, in the system's temporary folder:
  // a clerk's second check starts faster. Node 20 has no such cache and goes on without it.
  const { default: module } = await import('node:module');
  module.enableCompileCache?.();
  const { run } = await import('../dist/bundle/cli.js');
  await run(process.argv);
}
