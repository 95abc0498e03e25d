import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as library from '../src/index.js';
import { PROJECT } from './support/project.js';

/** The library entry (src/index.ts → package.json `exports`) and the CLI that is only a layer over it. */
describe('pyvw as a library', () => {
  it('exports check, pack, status, fix, init and the report formatters from one typed entry', async () => {
    expect(Object.keys(library).sort()).toEqual(
      expect.arrayContaining(['check', 'pack', 'formatReport', 'showConfig', 'FORMAT_NAMES', 'ConfigError', 'ScanError', 'UsageError', 'PackInterrupted']),
    );
    for (const name of ['status', 'formatStatus', 'fix', 'init'] as const) expect(typeof library[name], name).toBe('function');
    const manifest = JSON.parse(await readFile(path.join(PROJECT, 'package.json'), 'utf8')) as { exports: Record<string, { types: string; default: string }> };
    expect(manifest.exports['.']).toEqual({ types: './dist/index.d.ts', default: './dist/index.js' });
  });

  it('checks a folder and formats the report as the CLI does', async () => {
    const { report, internalFaults } = await library.check([path.join(PROJECT, 'fixtures/sample-day')], { lang: 'en', date: '2023-05-15' });
    expect(internalFaults).toBe(0);
    expect(report.ok).toBe(false);
    const text = await library.formatReport(report, 'text', { lang: 'en', colorLevel: 0 });
    expect(text).toContain('15 errors');
    expect(JSON.parse(await library.formatReport(report, 'json', { lang: 'en', colorLevel: 0 }))).toMatchObject({ schemaVersion: 1, ok: false });
  });

  it('importing the CLI module runs nothing: bin/pyvw.js calls run()', async () => {
    const before = process.exitCode;
    const cli = await import('../src/cli.js');
    expect(typeof cli.run).toBe('function');
    expect(process.exitCode).toBe(before);
    expect(await readFile(path.join(PROJECT, 'bin/pyvw.js'), 'utf8')).toMatch(/await run\(process\.argv\)/u);
  });
});
