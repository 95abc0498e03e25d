import { finalSeverity } from '../../src/engine.js';
import { puyang2023 } from '../../src/profile/puyang-2023.js';
import type { AnyRule, FileRule } from '../../src/rules/rule.js';
import type { Facts, RawFinding, ScannedFile, Submission } from '../../src/types.js';

/**
 * Runs one file rule over facts as the engine would: with the profile's options (or `options`), and each finding's
 * severity settled as the engine settles it for the rule's default severity.
 */
export function runFileRule(rule: AnyRule, facts: object, file: ScannedFile, options?: unknown): RawFinding[] {
  const fileRule = rule as FileRule<unknown>;
  const findings: RawFinding[] = [];
  const submission: Submission = { path: 'test', absPath: '/nonexistent', files: [file] };
  const asFacts = facts as Facts;
  fileRule.check({
    file, facts: asFacts, options: options ?? fileRule.options.parse(puyang2023.ruleOptions[rule.id] ?? {}), submission,
    all: new Map([[file.path, { file, facts: asFacts }]]), profile: puyang2023,
    report: (messageId, data = {}, reported) => findings.push({ rule: rule.id, messageId, severity: finalSeverity(rule.defaultSeverity, reported), data }),
  });
  return findings;
}
