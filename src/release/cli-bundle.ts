import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';

/**
 * The CLI as bin/pyvw.js loads it: src/cli.ts and the pure-JS packages it uses bundled by esbuild into dist/bundle/.
 * tsc's dist/ loads about 200 files for a check of a folder holding one .txt; Node's ESM loader resolved, read and
 * compiled each (about 0.2 s of CPU in a profile); the bundle loads about 35, which made that check 0.61 s -> 0.38 s
 * wall and 0.68 s -> 0.39 s CPU (medians of 11 interleaved runs, docs/performance.md "Start-up").
 *
 * - `splitting`: every `await import()` stays a separate chunk, loaded only when it runs, so a text-only check still
 *   loads none of the photo, Word, video or pack code. One single file was slower (0.71 s: 2.5 MB to parse).
 * - EXTERNAL: what carries a binary or finds files relative to its own package stays in node_modules.
 * - The workers are entries of their own: src/inspect/jpeg-walk-pool.ts starts
 *   `new URL('./jpeg-structure-worker.js', import.meta.url)`, src/pack/read-back.ts `./read-back-worker.js`, and
 *   every chunk sits in the same folder.
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
  await build({
    absWorkingDir: repo,
    entryPoints: {
      cli: 'src/cli.ts', 'jpeg-structure-worker': 'src/inspect/jpeg-structure-worker.ts', 'read-back-worker': 'src/pack/read-back-worker.ts',
    },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    external: EXTERNAL,
    chunkNames: '[name]-[hash]',
    sourcemap: true,
    sourcesContent: false,
    // Bundled CommonJS packages (commander, iconv-lite, yauzl, archiver, …) call require() for Node's modules.
    banner: { js: "import { createRequire as __pyvwCreateRequire } from 'node:module'; const require = __pyvwCreateRequire(import.meta.url);" },
    plugins: [versionFromPackage(version), iconvTablesFromPackage],
    logLevel: 'warning',
  });
}
