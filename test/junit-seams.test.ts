import { describe, expect, it } from 'vitest';
import { formatJunit } from '../src/report/junit.js';
import type { CheckReport, FileResult, Finding } from '../src/types.js';

const file = (path: string, findings: Finding[]): FileResult => ({
  path, kind: 'photo', ok: !findings.some((f) => f.severity === 'error'), bytes: 1, classification: { by: 'folder', detail: '图片' }, reason: '', facts: {}, findings,
});

const report = (maxWarnings: number | null): CheckReport => ({
  schemaVersion: 1, tool: { name: 'pyvw', version: '0' }, profile: 'puyang-2023', lang: 'en', date: '2023-05-15', strict: false, quiet: false,
  maxWarnings, ok: false, counts: { error: 1, warning: 1, info: 0 },
  submissions: [{
    path: 'school', kind: 'day', date: '2023-05-15', dateSource: 'option', ok: false, counts: { error: 1, warning: 1, info: 0 }, findings: [],
    files: [
      file('a.jpg', [{ rule: 'photo/colour', severity: 'warning', message: 'CMYK', hint: '', data: {} }]),
      file('b.jpg', [{ rule: 'photo/inspect', severity: 'error', message: 'pyvw internal error', hint: '', data: { detail: 'boom' }, fault: true }]),
    ],
  }],
});

describe('JUnit (#15.6)', () => {
  it('counts pyvw’s own faults as errors, not as failures of the school’s file', () => {
    const xml = formatJunit(report(null), { lang: 'en', colorLevel: 0 });
    expect(xml).toMatch(/<testsuites [^>]*failures="0" errors="1"/u);
    expect(xml).toContain('<error message="pyvw internal error" type="photo/inspect">');
  });

  it('fails the run on --max-warnings with a case of its own', () => {
    expect(formatJunit(report(1), { lang: 'en', colorLevel: 0 })).not.toContain('--max-warnings');
    const xml = formatJunit(report(0), { lang: 'en', colorLevel: 0 });
    expect(xml).toMatch(/<testsuite name="--max-warnings" tests="1" failures="1"/u);
    expect(xml).toMatch(/<testsuites [^>]*failures="1"/u);
  });
});
