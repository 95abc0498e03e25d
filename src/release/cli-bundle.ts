import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { build, type BuildOptions, type Plugin } from 'esbuild';

/**
 * The CLI as bin/pyvw.js loads it: src/cli.ts and the pure-JS packages it uses bundled by esbuild into one CommonJS
 * file, dist/bundle/cli.cjs, which bin/pyvw.js compiles through V8's code cache (src/code-cache.ts).
 *
 * - One file, because Node 20 can keep compiled code only for a script it is handed as one (`vm.Script`'s cached
 *   data), not for ES modules. tsc's dist/ loaded ~200 files for a check of a .txt; esbuild's ES-module bundle,
 *   split at every `await import()`, ~35; loaded with its code cache this one file costs less than either: pack of
 *   the bench day 2.59 -> 2.30 s (12 interleaved rounds), a check of one .txt 0.342 -> 0.255 s, the tidy day 0.927 ->
 *   0.866 s (docs/performance.md "The CLI compiled once"). The modules inside it are still evaluated only when first
 *   imported (esbuild's lazy module wrappers), so a text-only check runs none of the photo, Word or pack code.
 * - Minified: half the bytes to read and hash, and half the memory for the source V8 keeps (Chinese messages make
 *   it a two-byte string): pack's peak 137 MiB against 143 unminified, each with its cache.
 * - `import()` of bundled modules becomes a `require` (`supported`); `import.meta.url` is the bundle file's URL, so
 *   `createRequire` finds node_modules from dist/bundle/ as before.
 * - EXTERNAL: what carries a binary or finds files relative to its own package stays in node_modules.
 * - The workers stay ES modules, an esbuild build of their own in the same folder: src/inspect/jpeg-walk-pool.ts
 *   starts `new URL('./jpeg-structure-worker.js', import.meta.url)`, src/pack/read-back.ts `./read-back-worker.js`.
 * - dist/index.js (the library, docs/api.md) and its type declarations stay tsc's.
 */
export const BUNDLE_DIR = 'dist/bundle';

const EXTERNAL = [
  // sharp's own JavaScript (0.35: ES modules, with semver, detect-libc and @img/colour) is bundled: loading it from
  // node_modules cost ~75 ms more CPU in every run that loads sharp (import + first operation, median of 9 fresh
  // processes: 223 -> 145 ms). Its native addon and libvips stay in their @img/sharp-<platform> packages, which
  // sharp require()s by name, so they resolve from node_modules as before. package.json pins sharp to one version:
  // sharp pins its @img packages to its own, so the bundled JavaScript always meets the addon it was built with.
  '@img/sharp-*',
  '@ffprobe-installer/*', // binaries, found relative to their package
  '@ffmpeg-installer/*',
  'heic-decode', // libheif-js loads its WebAssembly from its own folder
];

/**
 * src/version.ts reads ../package.json relative to itself, which from dist/bundle/ is dist/package.json; the bundle
 * carries the version it was built from instead (bin/pyvw.js answers `--version` from package.json itself).
 */
function versionFromPackage(version: string): Plugin {
  return {
    name: 'pyvw-version',
    setup(build) {
      // No `u` flag: esbuild runs the filter as a Go regular expression, which has no flags.
      build.onLoad({ filter: /[\\/]src[\\/]version\.ts$/ }, () => ({ contents: `export const VERSION: string = ${JSON.stringify(version)};`, loader: 'ts' }));
    },
  };
}

/**
 * iconv-lite require()s its code tables (cp936, big5, …: 407 KB of JSON) only when an encoding needs one. Bundled,
 * they became JavaScript every command parsed at start-up; left in node_modules, they load as iconv-lite meant.
 */
const iconvTablesFromPackage: Plugin = {
  name: 'iconv-lite-tables',
  setup(build) {
    build.onResolve({ filter: /^\.\/tables\/[^/]+\.json$/ }, ({ path: request, importer }) =>
      /[\\/]node_modules[\\/]iconv-lite[\\/]/u.test(importer) ? { path: `iconv-lite/encodings/${request.slice(2)}`, external: true } : undefined);
  },
};

export async function bundleCli(repo: string): Promise<void> {
  const { version } = JSON.parse(await readFile(path.join(repo, 'package.json'), 'utf8')) as { version: string };
  const outdir = path.join(repo, BUNDLE_DIR);
  await rm(outdir, { recursive: true, force: true });
  const common: BuildOptions = {
    absWorkingDir: repo,
    bundle: true,
    platform: 'node',
    target: 'node20.19',
    external: EXTERNAL,
    sourcemap: true,
    sourcesContent: false,
    plugins: [versionFromPackage(version), iconvTablesFromPackage],
    logLevel: 'warning',
  };
  await build({
    ...common,
    entryPoints: { cli: 'src/cli.ts' },
    outdir,
    outExtension: { '.js': '.cjs' },
    format: 'cjs',
    minify: true,
    supported: { 'dynamic-import': false },
    define: { 'import.meta.url': '__pyvwBundleUrl' },
    banner: { js: "const __pyvwBundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  });
  await build({
    ...common,
    entryPoints: { 'jpeg-structure-worker': 'src/inspect/jpeg-structure-worker.ts', 'read-back-worker': 'src/pack/read-back-worker.ts' },
    outdir,
    splitting: true,
    format: 'esm',
    chunkNames: '[name]-[hash]',
    // Bundled CommonJS packages call require() for Node's modules.
    banner: { js: "import { createRequire as __pyvwCreateRequire } from 'node:module'; const require = __pyvwCreateRequire(import.meta.url);" },
  });
}
