import { parseConfig } from '../../src/config.js';
import type { AnyRule, FileRule } from '../../src/rules/rule.js';
import type { Facts, RawFinding, ScannedFile, Severity, Submission } from '../../src/types.js';

/** A scanned file as the scanner would make it, for rule tests that need no file on disk. */
export function fakeFile(relPath: string, extra: Partial<ScannedFile> = {}): ScannedFile {
  const ext = /\.[^./]+$/u.exec(relPath)?.[0].toLowerCase() ?? '';
  return {
    path: relPath, absPath: `/nonexistent/${relPath}`, kind: 'text', bytes: 1000, mtime: new Date(0), ext,
    classification: { by: 'extension', detail: ext }, ...extra,
  };
}

/** Runs one file rule over facts with the profile's default options (or `options`), as the engine would. */
export function runFileRule(rule: AnyRule, facts: object, file: ScannedFile, options?: unknown): { messageId: string; severity?: Severity; data: Record<string, unknown> }[] {
  const config = parseConfig({}, '(test)');
  const findings: { messageId: string; severity?: Severity; data: Record<string, unknown> }[] = [];
  const submission: Submission = { path: 'test', absPath: '/nonexistent', files: [file] };
  const asFacts = facts as Facts;
  (rule as FileRule<unknown>).check({
    file, facts: asFacts, options: options ?? config.rules.get(rule.id)!.options, submission, all: new Map([[file.path, { file, facts: asFacts }]]), profile: config.profile,
    report: (messageId, data = {}, severity) => findings.push({ messageId, data, ...(severity ? { severity } : {}) }),
  });
  return findings;
}

export type { RawFinding };
