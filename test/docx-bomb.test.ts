import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lieAboutSize, writeZeroBomb } from './support/docx.js';

/**
 * A docx bomb is read in a child process of its own, so its peak memory (maxRSS) is the reading's and nothing
 * else's. Node with mammoth loaded sits near 70 MB; a reader that inflated the bomb would need over a gigabyte.
 * On Linux the peak is VmHWM, the child's own address space: getrusage's maxRSS carries the parent's peak across
 * fork and exec, so a child of a long-lived test worker reported the worker's 250 MB (measured).
 */
const run = promisify(execFile);
const DIST_DOCX = new URL('../dist/inspect/docx.js', import.meta.url).href;
const MAX_RSS_MB = 200;
const GIB = 1024 * 1024 * 1024;

async function readInChild(file: string): Promise<{ facts: Record<string, unknown>; maxRssMB: number }> {
  const script = `
    const { readWordFile } = await import(${JSON.stringify(DIST_DOCX)});
    const { stat } = await import('node:fs/promises');
    const file = ${JSON.stringify(file)};
    const { facts } = await readWordFile({ absPath: file, ext: '.docx', bytes: (await stat(file)).size });
    const { readFileSync } = await import('node:fs');
    let peakKiB = process.resourceUsage().maxRSS;
    try {
      peakKiB = Number(/^VmHWM:\\s+(\\d+) kB/mu.exec(readFileSync('/proc/self/status', 'utf8'))[1]);
    } catch {}
    process.stdout.write(JSON.stringify({ facts, maxRssMB: peakKiB / 1024 }));
  `;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { timeout: 60_000 });
  return JSON.parse(stdout) as { facts: Record<string, unknown>; maxRssMB: number };
}

let dir: string;
let bomb: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pyvw-bomb-'));
  bomb = await writeZeroBomb(path.join(dir, 'bomb.docx'), GIB + 16 * 1024 * 1024);
}, 120_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a docx bomb', () => {
  it('is a few megabytes that declare over a gigabyte', async () => {
    expect((await stat(bomb)).size).toBeLessThan(8 * 1024 * 1024);
  });

  it('is refused on what it declares, with bounded memory', async () => {
    const { facts, maxRssMB } = await readInChild(bomb);
    expect(facts).toMatchObject({ readError: 'bomb', readErrorDetail: expect.stringContaining('word/document.xml') });
    expect(maxRssMB).toBeLessThan(MAX_RSS_MB);
  });

  it('is refused while inflating when it lies about its size, with bounded memory', async () => {
    const liar = await lieAboutSize(bomb, path.join(dir, 'liar.docx'), 'word/document.xml', 64 * 1024);
    const { facts, maxRssMB } = await readInChild(liar);
    expect(facts).toMatchObject({ readError: 'bomb', readErrorDetail: expect.stringContaining('inflates past') });
    expect(maxRssMB).toBeLessThan(MAX_RSS_MB);
  });
});
