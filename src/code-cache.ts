import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * Runs the CLI's bundle (dist/bundle/cli.cjs, src/release/cli-bundle.ts) with the code V8 compiled for it in an
 * earlier run. Node 20 keeps no compiled code between runs (Node 22's `module.enableCompileCache` does, for files it
 * loads itself), and compiling the CLI was ~145 ms of the first 450 ms of a pack, with the other core idle (a CPU
 * profile). V8 hands out the code it compiled for a `vm.Script` as "cached data", and accepts it back for the same
 * source, V8 version and flags (otherwise it says so, `cachedDataRejected`, and compiles as usual). Each command
 * keeps its own: the first run of `pack` writes what `pack` compiled, and a `check` of a .txt does not load it.
 *
 * Nothing here may stop the program: a cache that cannot be read, written or trusted is simply not used.
 */

/**
 * The user's own folder for the caches, or undefined: `PYVW_CODE_CACHE=0`, or a folder that cannot be made or is
 * not this user's alone. Code read from it runs as this user, and on a shared /tmp anyone could have made the folder
 * first, so on POSIX it must be a real folder owned by this user that no one else may write to. Windows' temporary
 * folder is the user's own.
 */
export function codeCacheFolder(): string | undefined {
  if (process.env.PYVW_CODE_CACHE === '0') return undefined;
  const uid = process.getuid?.();
  const folder = path.join(os.tmpdir(), uid === undefined ? 'pyvw-code-cache' : `pyvw-code-cache-${uid}`);
  try {
    // Not `recursive`: the temporary folder itself must be there already, and Node 20's recursive mkdir never returns
    // where the system answers ENOENT under a parent that exists (TMPDIR=/proc spun at full CPU).
    try {
      mkdirSync(folder, { mode: 0o700 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return undefined;
    }
    const info = lstatSync(folder);
    if (!info.isDirectory()) return undefined;
    if (uid !== undefined && (info.uid !== uid || (info.mode & 0o022) !== 0)) return undefined;
    return folder;
  } catch {
    return undefined;
  }
}

/**
 * V8 accepts cached code only under the flags it was made under, as a hash of them that it works out again each time a
 * flag is set. Starting a worker thread leaves that hash at another value (measured: a cache written after a check of
 * photos was refused by every later run), so the program's flags are set again just before the code is taken.
 */
function setFlags(flags: readonly string[]): void {
  for (const flag of flags) v8.setFlagsFromString(flag);
}

/**
 * Writes the script's compiled code for the next run, whole or not at all (a new name, then a rename), in place of
 * the cache of the same name for another build or Node: one cache a command.
 */
function writeCodeCache(script: vm.Script, folder: string, name: string, key: string, flags: readonly string[]): void {
  try {
    setFlags(flags);
    const file = path.join(folder, `${name}-${key}.bin`);
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, script.createCachedData(), { mode: 0o600 });
    renameSync(temporary, file);
    for (const other of readdirSync(folder)) {
      if (other.startsWith(`${name}-`) && other.endsWith('.bin') && other !== path.basename(file)) rmSync(path.join(folder, other), { force: true });
    }
  } catch {
    // Not written: the next run compiles again.
  }
}

/**
 * Runs a CommonJS file as Node would (`exports`, `require`, `module`, `__filename`, `__dirname`) and returns its
 * exports, compiled from the cache named `name` when there is one for this very file, Node and machine. A run
 * without a usable cache writes one as the process exits, when everything the run needed has been compiled.
 * `v8Flags`: the program's V8 flags, set here before the file is compiled (see setFlags).
 */
export function runWithCodeCache(url: URL, name: string, v8Flags: readonly string[] = []): Record<string, unknown> {
  setFlags(v8Flags);
  const file = fileURLToPath(url);
  const bytes = readFileSync(file);
  const folder = codeCacheFolder();
  const key = createHash('sha256').update(bytes).update(`${process.version} ${process.arch}`).digest('hex').slice(0, 32);
  const safeName = name.replace(/[^a-z0-9-]/giu, '_');
  let cachedData: Buffer | undefined;
  try {
    if (folder) cachedData = readFileSync(path.join(folder, `${safeName}-${key}.bin`));
  } catch {
    // None yet.
  }
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${bytes.toString('utf8')}\n})`;
  const script = new vm.Script(wrapped, { filename: file, cachedData });
  if (folder && (!cachedData || script.cachedDataRejected)) process.once('exit', () => writeCodeCache(script, folder, safeName, key, v8Flags));
  const module = { exports: {} as Record<string, unknown> };
  (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  return module.exports;
}
