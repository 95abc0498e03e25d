import { finalSeverity } from '../../src/engine.js';
import { puyang2023 } from '../../src/profile/puyang-2023.js';
import type { AnyRule } from '../../src/rules/rule.js';
import type { FactsByKind, FileKind, InspectedFile, RawFinding, ScannedFile, Submission } from '../../src/types.js';

/**
 * Runs one file rule over facts as the engine would: with the profile's options (or `options`), and each finding's
 * severity settled as the engine settles it for the rule's default severity. The facts are the test's, taken as
 * the rule's kind's (tests build partial facts on purpose).
 */
export function runFileRule(rule: AnyRule, facts: object, file: ScannedFile, options?: unknown): RawFinding[] {
  if (rule.scope !== 'file') throw new TypeError(`${rule.id} is not a file rule`);
  const findings: RawFinding[] = [];
  const submission: Submission = { path: 'test', absPath: '/nonexistent', files: [file] };
  const entry = { kind: rule.kind, file, state: 'inspected', facts: facts as FactsByKind[FileKind] } as InspectedFile;
  rule.run(entry, {
    options: options ?? rule.options.parse(puyang2023.ruleOptions[rule.id] ?? {}), submission,
    all: new Map([[file.path, entry]]), profile: puyang2023,
    report: (messageId, data = {}, reported) => findings.push({ rule: rule.id, messageId, severity: finalSeverity(rule.defaultSeverity, reported), data }),
  });
  return findings;
}
