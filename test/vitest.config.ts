import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * Files that replace a module with `vi.mock`: a mock needs a module graph of its own, so these run isolated. Every
 * other file shares its worker's modules (sharp, mammoth, zod and src/ are loaded once per worker, not once per
 * file): 53 s of the suite's 211 s CPU went to re-importing them per file (measured). So a file that changes the
 * process (process.env, the working folder, a module's state) puts it back in afterAll, and runs the CLI through
 * test/support/cli.ts: `runMain` (main() in-process, output captured) unless only a real process shows the behaviour.
 */
const MOCKING = ['test/link.test.ts', 'test/scan-vanished.test.ts'];

export default defineConfig({
  // The project, not this folder: the config lives in test/ to keep the top level as designed.
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    globalSetup: ['test/global-setup.ts'],
    setupFiles: process.env.CPULOG ? ['/tmp/suite/cpu-setup.ts'] : [],
    // Timing is `npm run bench`'s business, not the tests': a CLI spawn that takes 1 s on a quiet machine took 11 s on
    // this shared 2-core one under load (measured), and a test must not fail for that.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // vitest's default is one worker fewer than the CPUs: a single worker on a 2-core machine, which leaves the
    // second core idle while a test waits on a spawned CLI or on disk.
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'shared', exclude: [...MOCKING, '**/node_modules/**'], isolate: false } },
      { extends: true, test: { name: 'isolated', include: MOCKING, isolate: true } },
    ],
  },
});
