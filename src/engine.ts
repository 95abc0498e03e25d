import os from 'node:os';
import pLimit from 'p-limit';
import type { ResolvedConfig } from './config.js';
import { errorFirstLine } from './errors.js';
import { inspectFile } from './inspect/inspect.js';
import { judgesSubmission, type FileRuleContext, type SubmissionFacts } from './rules/rule.js';
import type { Facts, RawFinding, ScannedFile, Severity, Submission } from './types.js';

/**
 * inspect → link → rules, for one submission. Produces plain findings; words are the report layer's job.
 */

export interface JudgedFile {
  file: ScannedFile;
  facts: Facts;
  findings: RawFinding[];
}

export interface JudgedSubmission {
  submission: Submission;
  files: JudgedFile[];
  findings: RawFinding[];
}

const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };
/** An internal error shows in its finding as the first line of its message, this long at most. */
const DETAIL_CHARS = 200;

/** A finding's severity: the configured one, or lower when the rule reports an advisory case. */
export function finalSeverity(configured: 'warn' | 'error', reported?: Severity): Severity {
  const base: Severity = configured === 'warn' ? 'warning' : 'error';
  return reported && SEVERITY_RANK[reported] < SEVERITY_RANK[base] ? reported : base;
}

/** Why a file has no facts: the system refused to read it (`code`, e.g. EACCES, EBUSY), or pyvw's inspector failed. */
interface InspectFailure {
  detail: string;
  code?: string;
}

/** Inspections run in parallel up to the number of CPUs; each file is read by one inspector, once. */
async function inspectAll(submission: Submission): Promise<Map<string, { file: ScannedFile; facts: Facts; failure?: InspectFailure }>> {
  const limit = pLimit(Math.max(1, os.availableParallelism()));
  const entries = await Promise.all(
    submission.files.map((file) =>
      limit(async () => {
        try {
          return [file.path, { file, facts: await inspectFile(file) }] as const;
        } catch (error) {
          // Only an error of a system call (open, read, …) is the file's; Node's own ERR_* codes are pyvw's bugs.
          const { code, syscall } = (error ?? {}) as NodeJS.ErrnoException;
          const failure: InspectFailure = { detail: errorFirstLine(error, DETAIL_CHARS), ...(syscall && code ? { code } : {}) };
          return [file.path, { file, facts: {}, failure }] as const;
        }
      }),
    ),
  );
  return new Map(entries);
}

export async function judgeSubmission(submission: Submission, config: ResolvedConfig): Promise<JudgedSubmission> {
  const inspected = await inspectAll(submission);
  const captionOptions = config.rules.get('photo/caption')?.options as { minChars: number; boilerplate: string[] };
  const findings: RawFinding[] = [];
  try {
    const { linkSubmission } = await import('./inspect/link.js');
    const descriptionOptions = config.rules.get('video/description')?.options as { minChars: number } | undefined;
    await linkSubmission(inspected, captionOptions, descriptionOptions);
    const { linkWordDocuments } = await import('./inspect/word-layout.js');
    linkWordDocuments(inspected, (ruleId) => config.rules.get(ruleId)?.options);
  } catch (error) {
    // Linking is pyvw's own code too: the per-file facts stand, the cross-file ones are missing, and the report says so.
    findings.push({ rule: 'submission/link', messageId: 'internal-error', severity: 'error', data: { detail: errorFirstLine(error, DETAIL_CHARS) } });
  }
  const all: SubmissionFacts = inspected;

  const files: JudgedFile[] = [];
  for (const { file, facts, failure } of inspected.values()) {
    const findings: RawFinding[] = [];
    if (failure) {
      // A file the system will not let pyvw read (locked, no permission, gone) is the clerk's to fix, not a bug in pyvw.
      const messageId = failure.code ? 'file-unreadable' : 'internal-error';
      findings.push({ rule: `${file.kind}/inspect`, messageId, severity: 'error', data: { ...failure } });
    } else {
      for (const { rule, severity, options } of config.rules.values()) {
        if (rule.scope !== 'file' || rule.kind !== file.kind || severity === 'off' || !judgesSubmission(rule, submission)) continue;
        const context: FileRuleContext<unknown> = {
          file, facts, options, submission, all, profile: config.profile,
          report: (messageId, data = {}, reported) =>
            findings.push({ rule: rule.id, messageId, severity: finalSeverity(severity, reported), data }),
        };
        try {
          rule.check(context);
        } catch (error) {
          // A rule that throws is a bug in pyvw, not in the clerk's file: say so on that file and go on.
          findings.push({ rule: rule.id, messageId: 'internal-error', severity: 'error', data: { detail: errorFirstLine(error, DETAIL_CHARS) } });
        }
      }
    }
    files.push({ file, facts, findings });
  }

  for (const { rule, severity, options } of config.rules.values()) {
    if (rule.scope !== 'submission' || severity === 'off' || !judgesSubmission(rule, submission)) continue;
    try {
      rule.check({
        submission, all, options, profile: config.profile,
        report: (messageId, data = {}, reported) =>
          findings.push({ rule: rule.id, messageId, severity: finalSeverity(severity, reported), data }),
      });
    } catch (error) {
      findings.push({ rule: rule.id, messageId: 'internal-error', severity: 'error', data: { detail: errorFirstLine(error, DETAIL_CHARS) } });
    }
  }
  return { submission, files, findings };
}
