import { z } from 'zod';
import type { Bilingual, Facts, FileKind, RawFinding, ScannedFile, Severity, Submission, SubmissionKind } from '../types.js';
import type { Profile } from '../profile/profile.js';

/** A message of a rule: what is wrong, and how to fix it, in both languages. */
export interface RuleMessage {
  message: Bilingual;
  hint: Bilingual;
}

/** The facts of every file of the submission, by path: what cross-file rules may read. */
export type SubmissionFacts = ReadonlyMap<string, { file: ScannedFile; facts: Facts }>;

export interface FileRuleContext<O, F extends object = Facts> {
  file: ScannedFile;
  facts: F;
  options: O;
  submission: Submission;
  all: SubmissionFacts;
  profile: Profile;
  /**
   * Report a finding. `severity` may only lower the configured severity: a rule with one error and one
   * advisory case (video/resolution) reports the advisory case as 'warning'.
   */
  report(messageId: string, data?: Record<string, unknown>, severity?: Severity): void;
}

export interface SubmissionRuleContext<O> {
  submission: Submission;
  all: SubmissionFacts;
  options: O;
  profile: Profile;
  report(messageId: string, data?: Record<string, unknown>, severity?: Severity): void;
}

interface RuleMeta<O> {
  /** `<kind>/<rule>`, as named in the rulebook. */
  id: string;
  /** ESLint-style default; config may turn it to 'off', 'warn' or 'error'. */
  defaultSeverity: 'error' | 'warn';
  docs: Bilingual;
  /** Options of the rule; the profile supplies defaults, config may override. */
  options: z.ZodType<O>;
  messages: Record<string, RuleMessage>;
  /** The submissions the rule judges: a day's, the week's summary, or (when absent) both. */
  submissions?: readonly SubmissionKind[];
}

export interface FileRule<O = unknown, F extends object = Facts> extends RuleMeta<O> {
  scope: 'file';
  kind: FileKind;
  check(ctx: FileRuleContext<O, F>): void;
}

export interface SubmissionRule<O = unknown> extends RuleMeta<O> {
  scope: 'submission';
  check(ctx: SubmissionRuleContext<O>): void;
}

// Options are checked by each rule's own schema, so the registry can hold rules of any option type.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRule = FileRule<any, any> | SubmissionRule<any>;

export type { RawFinding };

/** The options of a rule that has no numbers to set. */
export const NO_OPTIONS = z.object({}).strict();

/** Identity helpers that let TypeScript infer a rule's option and fact types from its schema. */
export function defineFileRule<O, F extends object = Facts>(rule: FileRule<O, F>): FileRule<O, F> {
  return rule;
}

export function defineSubmissionRule<O>(rule: SubmissionRule<O>): SubmissionRule<O> {
  return rule;
}

/** Whether a rule judges this submission: daily rules stay out of the week's summary, and the other way round. */
export function judgesSubmission(rule: AnyRule, submission: Submission): boolean {
  return !rule.submissions || !submission.occasion || rule.submissions.includes(submission.occasion.kind);
}
