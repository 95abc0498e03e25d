import os from 'node:os';

/**
 * The signals that end pyvw and that a program may catch, so that whatever pyvw wrote under a temporary name is
 * removed before it goes: Ctrl+C (SIGINT), `kill` (SIGTERM), a closed console window or a dropped terminal
 * (SIGHUP), Ctrl+\ (SIGQUIT), Ctrl+Break on Windows (SIGBREAK), and the rarer ones whose default action ends a
 * process. Measured on Linux with Node 20: each of these ends `node` when nothing listens for it. Left out:
 * SIGXFSZ and SIGPIPE (Node ignores them), SIGUSR1 (Node's debugger switch), SIGPROF (its profiler's clock),
 * SIGTRAP (debuggers), SIGKILL and SIGSTOP (cannot be caught), and SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT and
 * SIGSYS (a fault in the process itself: nothing is safe to run after them).
 */
const ENDING = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGBREAK', 'SIGUSR2', 'SIGALRM', 'SIGVTALRM', 'SIGXCPU', 'SIGPWR', 'SIGIO', 'SIGSTKFLT'] as const;

export type EndingSignal = (typeof ENDING)[number];

const NUMBERS = os.constants.signals as Partial<Record<string, number>>;

/** The ending signals this system has (SIGBREAK is Windows' own, SIGPWR and SIGSTKFLT Linux's). */
export const ENDING_SIGNALS: readonly EndingSignal[] = ENDING.filter((name) => NUMBERS[name] !== undefined);

/** 128 + the signal's number, as a shell reports a process ended by it: 130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP. */
export function signalExitCode(signal: EndingSignal): number {
  return 128 + (NUMBERS[signal] ?? 2);
}

/** Calls `handler` on any ending signal until the returned function is called. */
export function onEndingSignals(handler: (signal: EndingSignal) => void): () => void {
  for (const signal of ENDING_SIGNALS) process.on(signal, handler);
  return () => {
    for (const signal of ENDING_SIGNALS) process.off(signal, handler);
  };
}

/** Whether a process with this id runs on this machine: temporary names carry the id of the pyvw that wrote them. */
export function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: a process of another user has that number; it runs.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
