import * as z from 'zod';
import type { LinkSettings } from '../link/options.js';
import { isRead, type Bilingual, type FactsByKind, type FileKind, type InspectedFile, type RawFinding, type ScannedFile, type Severity, type Submission, type SubmissionFacts, type SubmissionKind } from '../types.js';
import type { Profile } from '../profile/profile.js';

/** A message of a rule: what is wrong, and how to fix it, in both languages. */
export interface RuleMessage {
  message: Bilingual;
  hint: Bilingual;
}

export type { SubmissionFacts };

/** Report a finding. `severity` may only lower the configured severity (video/resolution's advisory case is a 'warning'). */
export type Report = (messageId: string, data?: Record<string, unknown>, severity?: Severity) => void;

export interface FileRuleContext<O, K extends FileKind = FileKind> {
  file: ScannedFile;
  /** The facts of the rule's kind, inspected and linked. A rule never sees a file whose inspection failed. */
  facts: FactsByKind[K];
  options: O;
  submission: Submission;
  all: SubmissionFacts;
  profile: Profile;
  report: Report;
}

export interface SubmissionRuleContext<O> {
  submission: Submission;
  all: SubmissionFacts;
  options: O;
  profile: Profile;
  report: Report;
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
  /** What the rule's options mean for the link stage (the caption a photo is shown with, …), so linking uses the configured numbers. */
  link?: (options: O) => LinkSettings;
}

export interface FileRule<O = unknown, K extends FileKind = FileKind> extends RuleMeta<O> {
  scope: 'file';
  kind: K;
  check(ctx: FileRuleContext<O, K>): void;
}

export interface SubmissionRule<O = unknown> extends RuleMeta<O> {
  scope: 'submission';
  check(ctx: SubmissionRuleContext<O>): void;
}

/** What the engine gives every file rule besides the file and its facts. */
export type FileRuleBase<O> = Omit<FileRuleContext<O>, 'file' | 'facts'>;

/** A file rule as the registry holds it: its kind's facts are paired with it when it is defined, so the engine needs no cast. */
export interface RegisteredFileRule<O = unknown> extends RuleMeta<O> {
  scope: 'file';
  kind: FileKind;
  /** Runs the rule on a file of its kind that was inspected; passes any other file over. Returns whether it ran. */
  run(entry: InspectedFile, base: FileRuleBase<O>): boolean;
}

// Options are checked by each rule's own schema, so the registry can hold rules of any option type.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRule = RegisteredFileRule<any> | SubmissionRule<any>;

export type { RawFinding };

/** The options of a rule that has no numbers to set. */
export const NO_OPTIONS = z.object({}).strict();

/** Defines a rule on the files of one kind: `facts` in `check` is that kind's (FactsByKind). */
export function defineFileRule<O, K extends FileKind>(rule: FileRule<O, K>): RegisteredFileRule<O> & FileRule<O, K> {
  return {
    ...rule,
    run(entry, base) {
      if (!isRead(entry, rule.kind)) return false;
      rule.check({ ...base, file: entry.file, facts: entry.facts });
      return true;
    },
  };
}

export function defineSubmissionRule<O>(rule: SubmissionRule<O>): SubmissionRule<O> {
  return rule;
}

/** Whether a rule judges this submission: daily rules stay out of the week's summary, and the other way round. */
export function judgesSubmission(rule: AnyRule, submission: Submission): boolean {
  return !rule.submissions || !submission.occasion || rule.submissions.includes(submission.occasion.kind);
}
