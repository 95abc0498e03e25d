import { randomBytes } from 'node:crypto';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { isRunning, onEndingSignals, signalExitCode, type EndingSignal } from '../signals.js';

/**
 * Never a half package: everything is written under temporary names in the output folder and renamed only when
 * all of it is complete and verified. A failure, or any catchable signal that would end the process (Ctrl+C,
 * SIGTERM, a closed console window's SIGHUP, SIGQUIT, Ctrl+Break on Windows, … see src/signals.ts), removes the
 * temporary files first; the handlers exist only while a run may write (pack's from before its check, as it may begin
 * the package then). What a SIGKILL or a power cut leaves behind is removed by the next pack into the same
 * folder (`removeStaleTemporaries`).
 */

export class PackInterrupted extends Error {
  constructor(readonly signal: EndingSignal) {
    super(`interrupted by ${signal}`);
  }

  /** 128 + the signal's number, as a shell reports a process stopped by it. */
  get exitCode(): number {
    return signalExitCode(this.signal);
  }
}

/** `.<package name>.<pid>-<6 hex digits>.tmp`: pyvw's temporary names (src/pack/names.ts bounds their length). */
const TEMPORARY_NAME = /^\..+\.(\d{1,10})-[0-9a-f]{6}\.tmp$/u;

export function temporaryName(finalPath: string): string {
  return path.join(path.dirname(finalPath), `.${path.basename(finalPath)}.${process.pid}-${randomBytes(3).toString('hex')}.tmp`);
}

/**
 * Removes the temporary files a killed pyvw left in `dir`: only names of pyvw's own pattern, and only those of
 * processes that no longer run, so a pack running beside this one keeps its files. Returns the names removed.
 */
export async function removeStaleTemporaries(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const stale = names.filter((name) => {
    const match = TEMPORARY_NAME.exec(name);
    return match !== null && !isRunning(Number(match[1]));
  });
  const removed = await Promise.all(stale.map((name) => rm(path.join(dir, name), { force: true }).then(() => name, () => undefined)));
  return removed.filter((name): name is string => name !== undefined);
}

export interface Staging {
  /** A new temporary path beside `finalPath`, removed again unless it is committed. */
  temporary(finalPath: string): string;
  /** Aborted when an ending signal arrives. */
  signal: AbortSignal;
}

/**
 * Puts the new set of files in place, all together or not at all, in one synchronous step so no signal lands in
 * between. What is already there under the new names (with `mayReplace`), and the `retired` files of the set
 * being replaced (the parts of an earlier --split, or the unsplit package a --split run replaces), are first moved
 * aside under temporary names; if any rename fails, everything is moved back and the old set stands as it was.
 * Only when every new file is in place are the old ones removed, so no stale package is left beside the new one
 * to be attached by mistake, and no mix of old and new parts is ever left.
 */
export function commit(
  renames: readonly { from: string; to: string }[], mayReplace: boolean, exists: (to: string) => Error, retired: readonly string[] = [],
): void {
  const targets = renames.map((r) => r.to);
  if (!mayReplace) {
    const taken = targets.find((to) => existsSync(to));
    if (taken) throw exists(taken);
  }
  // Files of the earlier set go whether or not --force was given: they are stale once the new set is in place.
  const replaced = [...new Set([...(mayReplace ? targets : []), ...retired])].filter((file) => existsSync(file));
  const asides: { file: string; aside: string }[] = [];
  const placed: { from: string; to: string }[] = [];
  try {
    for (const file of replaced) {
      const aside = temporaryName(file);
      renameSync(file, aside);
      asides.push({ file, aside });
    }
    for (const rename of renames) {
      renameSync(rename.from, rename.to);
      placed.push(rename);
    }
  } catch (error) {
    // Back as it was, step by step in reverse; one step that fails must not keep the others from being undone.
    const undo = [...placed.reverse().map(({ from, to }) => ({ from: to, to: from })), ...asides.reverse().map(({ file, aside }) => ({ from: aside, to: file }))];
    for (const step of undo) {
      try {
        renameSync(step.from, step.to);
      } catch {
        // A rename back within the folder where the same rename just succeeded: only a folder taken away fails it.
      }
    }
    throw error;
  }
  for (const { aside } of asides) rmSync(aside, { force: true });
}

/** A staging kept open across steps (pack's check and write): closed by its owner. */
export interface OpenStaging extends Staging {
  /** The ending signal that arrived, if one did. */
  readonly received: EndingSignal | undefined;
  /** Removes whatever is still under a temporary name (nothing committed is) and stops listening for signals. */
  close(): Promise<void>;
}

export function openStaging(): OpenStaging {
  const temporaries = new Set<string>();
  const controller = new AbortController();
  let received: EndingSignal | undefined;
  const stopListening = onEndingSignals((signal) => {
    received ??= signal;
    controller.abort(new PackInterrupted(signal));
  });
  return {
    get received() {
      return received;
    },
    temporary(finalPath) {
      const temp = temporaryName(finalPath);
      temporaries.add(temp);
      return temp;
    },
    signal: controller.signal,
    async close() {
      // Committed files were renamed away; whatever is still under a temporary name is a leftover. Windows refuses
      // to delete a file while a stream that was just destroyed still holds it, hence the retries.
      await Promise.all([...temporaries].map((temp) => rm(temp, { force: true, maxRetries: 10, retryDelay: 50 }).catch(() => undefined)));
      stopListening();
    },
  };
}

/** Runs `work` in a staging of its own: temporary files, signals, and the cleanup after success or failure. */
export async function withStaging<T>(work: (staging: Staging) => Promise<T>): Promise<T> {
  const staging = openStaging();
  try {
    return await work(staging);
  } catch (error) {
    throw staging.received ? new PackInterrupted(staging.received) : error;
  } finally {
    await staging.close();
  }
}
