import { randomBytes } from 'node:crypto';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * Never a half package: everything is written under temporary names in the output folder and renamed only when
 * all of it is complete and verified. A failure, Ctrl+C (SIGINT) or SIGTERM removes the temporary files first.
 * The signal handlers exist only while files are being written.
 */

const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;
type HandledSignal = keyof typeof SIGNAL_EXIT_CODES;

export class PackInterrupted extends Error {
  constructor(readonly signal: HandledSignal) {
    super(`interrupted by ${signal}`);
  }

  /** 128 + the signal's number, as a shell reports a process stopped by it. */
  get exitCode(): number {
    return SIGNAL_EXIT_CODES[this.signal];
  }
}

export interface Staging {
  /** A new temporary path beside `finalPath`, removed again unless it is committed. */
  temporary(finalPath: string): string;
  /** Aborted when SIGINT or SIGTERM arrives. */
  signal: AbortSignal;
}

/**
 * Renames every temporary file to its final name, all in one synchronous step so no signal can land in between;
 * then removes what the new files replace under other names (the parts of an earlier --split, or the unsplit
 * package a --split run replaces), so no stale package is left beside the new one to be attached by mistake.
 */
export function commit(
  renames: readonly { from: string; to: string }[], mayReplace: boolean, exists: (to: string) => Error, removals: readonly string[] = [],
): void {
  if (!mayReplace) {
    const taken = renames.find((r) => existsSync(r.to));
    if (taken) throw exists(taken.to);
  }
  for (const { from, to } of renames) renameSync(from, to);
  for (const file of removals) if (!renames.some((r) => r.to === file)) rmSync(file, { force: true });
}

export async function withStaging<T>(work: (staging: Staging) => Promise<T>): Promise<T> {
  const temporaries = new Set<string>();
  const controller = new AbortController();
  let received: HandledSignal | undefined;
  const onSignal = (signal: HandledSignal): void => {
    received ??= signal;
    controller.abort(new PackInterrupted(signal));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await work({
      temporary(finalPath) {
        const temp = path.join(path.dirname(finalPath), `.${path.basename(finalPath)}.${process.pid}-${randomBytes(3).toString('hex')}.tmp`);
        temporaries.add(temp);
        return temp;
      },
      signal: controller.signal,
    });
  } catch (error) {
    throw received ? new PackInterrupted(received) : error;
  } finally {
    // Committed files were renamed away; whatever is still under a temporary name is a leftover. Windows refuses to
    // delete a file while a stream that was just destroyed still holds it, hence the retries.
    await Promise.all([...temporaries].map((temp) => rm(temp, { force: true, maxRetries: 10, retryDelay: 50 }).catch(() => undefined)));
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
