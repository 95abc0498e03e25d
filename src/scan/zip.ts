import { rmSync } from 'node:fs';
import { mkdir, mkdtemp, open, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import yauzl from 'yauzl';
import { errorFirstLine } from '../errors.js';
import { makeFolders } from '../folders.js';
import { readablePath } from './readable.js';
import { entryChunks, openZipFile } from './zip-reader.js';
import { isRunning, onEndingSignals, signalExitCode, type EndingSignal } from '../signals.js';
import type { ZipRefusal } from '../types.js';

/**
 * A received package `.zip`, read into a temporary folder so it is judged as the folder it unpacks to: entries,
 * sizes and compression ratio bounded before a byte is written, no entry written outside that folder, names
 * decoded as the zip tool that wrote them meant (UTF-8 with the flag or Info-ZIP's Unicode path, else the
 * Chinese Windows code page GB18030), and the folder removed on every way out of the process.
 */

export const RECEIVED_ZIP_LIMITS = {
  /** A day's package holds tens of files; thousands is no package. */
  maxEntries: 10_000,
  /** One file: a video may be up to 200,000,000 bytes, and a failing one larger; 4 GiB is no material. */
  maxEntryBytes: 4 * 1024 ** 3,
  /** Everything: a week of materials is a few GB. */
  maxTotalBytes: 16 * 1024 ** 3,
  /** JPG, MP4 and DOCX barely compress; text 10:1 at most. 100:1 on anything over a MiB is a bomb. */
  maxRatio: 100,
  ratioFromBytes: 1024 * 1024,
};

export type ZipLimits = typeof RECEIVED_ZIP_LIMITS;

export { isZipPath } from './package.js';

// ---- Temporary folders, removed on every exit (normal end, exception, any ending signal of src/signals.ts) ----

const live = new Set<string>();
let stopListening: (() => void) | undefined;

function removeAllNow(): void {
  for (const dir of live) rmSync(dir, { recursive: true, force: true });
  live.clear();
}

function onSignal(signal: EndingSignal): void {
  removeAllNow();
  process.exit(signalExitCode(signal));
}

/** `pyvw-zip-<pid>-<6 characters>`: the folders of received zips, named after the pyvw that made them. */
const ZIP_FOLDER_PREFIX = 'pyvw-zip-';
const ZIP_FOLDER = /^pyvw-zip-(\d{1,10})-[A-Za-z0-9]{6}$/u;
let staleSwept: Promise<void> | undefined;

/** What a killed pyvw (SIGKILL, a power cut) left in the temporary folder: only its own folders, of processes gone. */
export async function removeStaleZipFolders(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const stale = names.filter((name) => {
    const match = ZIP_FOLDER.exec(name);
    return match !== null && !isRunning(Number(match[1]));
  });
  await Promise.all(stale.map((name) => rm(path.join(dir, name), { recursive: true, force: true }).catch(() => undefined)));
}

function track(dir: string): void {
  if (live.size === 0) {
    process.on('exit', removeAllNow);
    stopListening = onEndingSignals(onSignal);
  }
  live.add(dir);
}

async function untrack(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  live.delete(dir);
  if (live.size === 0) {
    process.off('exit', removeAllNow);
    stopListening?.();
    stopListening = undefined;
  }
}

// ---- Names ----

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The entry's name: UTF-8 when the zip says so (flag 0x800, or an Info-ZIP Unicode path field); otherwise the
 * bytes as they are, which Windows' built-in zip and WinRAR on Chinese Windows write in the ANSI code page
 * (GBK, read as its superset GB18030). Bytes that are valid UTF-8 are read as UTF-8 (macOS and Linux tools write
 * UTF-8 without the flag); GBK Chinese almost never is.
 */
export function entryName(raw: Buffer, flags: number, extraFields: readonly { id: number; data: Buffer }[]): string {
  if (extraFields.some((f) => f.id === 0x7075)) {
    const name = yauzl.getFileNameLowLevel(flags, raw, extraFields as { id: number; data: Buffer }[], false);
    if (name) return name.normalize('NFC');
  }
  if (flags & 0x800) return raw.toString('utf8').normalize('NFC');
  try {
    return utf8.decode(raw).normalize('NFC');
  } catch {
    return iconv.decode(raw, 'gb18030').normalize('NFC');
  }
}

/** A name that stays inside the folder: relative, no `..`, Windows separators read as `/`. */
function safeRelative(name: string): string | undefined {
  const slashed = name.replace(/\\/gu, '/');
  if (yauzl.validateFileName(slashed)) return undefined;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000]/u.test(slashed)) return undefined;
  return slashed.split('/').filter((s) => s && s !== '.').join('/');
}

export interface ReceivedZip {
  /** The folder the zip was read into; its name is the zip's, so a date in the name still counts. */
  root: string;
  refusal?: ZipRefusal;
  /** Removes the temporary folder (also done on exit and on Ctrl+C). */
  dispose(): Promise<void>;
}

async function readInto(zipPath: string, root: string, limits: ZipLimits): Promise<ZipRefusal | undefined> {
  let zip: yauzl.ZipFile;
  try {
    // Read a megabyte at a time (zip-reader.ts): through yauzl's own reader, 16 KB at a time, each piece handed to
    // libuv's threads and back twice (read, write), reading the bench's 20 received packages (447 MB) took 3.6–3.8 s,
    // 3.2 s of it in the kernel, and takes 1.1 s so; Info-ZIP's unzip 2.6 s (docs/performance.md).
    zip = await openZipFile(readablePath(zipPath), { decodeStrings: false, validateEntrySizes: true });
  } catch (error) {
    return { code: 'unreadable', data: { detail: errorFirstLine(error) } };
  }
  try {
    if (zip.entryCount > limits.maxEntries) return { code: 'too-many-entries', data: { entries: zip.entryCount, max: limits.maxEntries } };
    // The central directory first: every name and declared size is judged before anything is written.
    const entries: { entry: yauzl.Entry; name: string; isDirectory: boolean }[] = [];
    let total = 0;
    for await (const entry of zip.eachEntry()) {
      // decodeStrings: false hands over the name's bytes (@types/yauzl declares a string either way).
      const raw: Buffer = Buffer.isBuffer(entry.fileName) ? entry.fileName : Buffer.from(entry.fileName, 'utf8');
      const decoded = entryName(raw, entry.generalPurposeBitFlag, entry.extraFields);
      const name = safeRelative(decoded);
      if (name === undefined) return { code: 'unsafe-path', data: { entry: decoded } };
      if (!name) continue;
      if (entry.isEncrypted()) return { code: 'encrypted', data: { entry: name } };
      if (entry.uncompressedSize > limits.maxEntryBytes) {
        return { code: 'entry-too-large', data: { entry: name, bytes: entry.uncompressedSize, maxBytes: limits.maxEntryBytes } };
      }
      total += entry.uncompressedSize;
      if (total > limits.maxTotalBytes) return { code: 'too-large', data: { maxBytes: limits.maxTotalBytes } };
      if (entry.uncompressedSize > limits.ratioFromBytes && entry.uncompressedSize > limits.maxRatio * Math.max(1, entry.compressedSize)) {
        return { code: 'ratio', data: { entry: name, ratio: Math.round(entry.uncompressedSize / Math.max(1, entry.compressedSize)) } };
      }
      entries.push({ entry, name, isDirectory: /[\\/]$/u.test(decoded) });
    }
    for (const { entry, name, isDirectory } of entries) {
      const target = path.join(root, ...name.split('/'));
      if (isDirectory) {
        await makeFolders(target);
        continue;
      }
      await makeFolders(path.dirname(target));
      // 'wx': a second entry of the same name does not overwrite the first one. entryChunks holds the bytes to the
      // entry's recorded size, so a lying header cannot write more than was allowed. `writeFile` on the handle goes on
      // from where the last one ended, and writes a chunk whole (one `write` may write less: a disk filling up).
      const written = await open(target, 'wx');
      try {
        for await (const chunk of entryChunks(zip, entry)) await written.writeFile(chunk);
      } finally {
        await written.close();
      }
    }
    return undefined;
  } catch (error) {
    return { code: 'unreadable', data: { detail: errorFirstLine(error) } };
  } finally {
    zip.close();
  }
}

/**
 * A new folder of pyvw's own under the system's temporary folder (a received zip's contents, or the links that
 * reach school folders whose names are not UTF-8), removed by `dispose` or, at the latest, as the process ends.
 */
export async function temporaryFolder(): Promise<{ path: string; dispose: () => Promise<void> }> {
  staleSwept ??= removeStaleZipFolders(os.tmpdir());
  await staleSwept;
  const base = await mkdtemp(path.join(os.tmpdir(), `${ZIP_FOLDER_PREFIX}${process.pid}-`));
  track(base);
  return { path: base, dispose: () => untrack(base) };
}

/**
 * Reads a received zip into a new temporary folder. A zip that breaks a bound, holds an unsafe name or cannot be
 * read leaves an empty folder and a refusal, which the report shows as a finding (rule submission/zip).
 */
export async function openReceivedZip(zipPath: string, limits: ZipLimits = RECEIVED_ZIP_LIMITS): Promise<ReceivedZip> {
  const { path: base, dispose } = await temporaryFolder();
  const stem = path.basename(zipPath, path.extname(zipPath)).replace(/[\\/:*?"<>|\u0000-\u001f]/gu, '_') || 'package';
  const root = path.join(base, stem);
  await mkdir(root);
  const refusal = await readInto(zipPath, root, limits);
  if (refusal) {
    // Nothing half-read is judged.
    await rm(root, { recursive: true, force: true });
    await mkdir(root);
  }
  return { root, ...(refusal ? { refusal } : {}), dispose };
}
