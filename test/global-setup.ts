import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUNDLE_DIR } from '../src/release/cli-bundle.js';

const PROJECT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The newest modification time of the files below `dir` (0 when it does not exist). */
function newest(dir: string): number {
  let latest = 0;
  try {
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) latest = Math.max(latest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
    }
  } catch {
    return 0;
  }
  return latest;
}

/**
 * In-process tests import the TypeScript itself; the few end-to-end tests run bin/pyvw.js, which runs the CLI bundle
 * in dist/bundle/ (src/release/cli-bundle.ts). So that neither `npm test` nor `npx vitest run` tests a stale build,
 * both tsc's dist/ and the bundle are rebuilt here whenever src/ or the build's config is newer than either. This is
 * the only build before the tests: `npm ci` has just built both (prepare), and a second tsc run cost 12 s of CPU on
 * every `npm test` (measured).
 */
export default function setup(): void {
  const sources = Math.max(newest(path.join(PROJECT, 'src')), statSync(path.join(PROJECT, 'tsconfig.json')).mtimeMs);
  if (Math.min(newest(path.join(PROJECT, 'dist')), newest(path.join(PROJECT, BUNDLE_DIR))) >= sources) return;
  execFileSync(process.execPath, [path.join(PROJECT, 'node_modules/typescript/bin/tsc'), '-p', path.join(PROJECT, 'tsconfig.json')], { stdio: 'inherit' });
  execFileSync(process.execPath, [path.join(PROJECT, 'dist/release/build-cli-bundle.js')], { stdio: 'inherit' });
}
