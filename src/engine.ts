import os from 'node:os';
import pLimit from 'p-limit';
import type { ResolvedConfig } from './config.js';
import { errorFirstLine, systemRefusal } from './errors.js';
import { inspectAs, prepareInspections } from './inspect/inspect.js';
import type { LinkSettings } from './link/options.js';
import { judgesSubmission, type AnyRule, type FileRuleBase, type Report } from './rules/rule.js';
import type { FileKind, InspectedFile, RawFinding, ScannedFile, Severity, Submission, SubmissionFacts } from './types.js';

/**
 * inspect → link → rules, for one submission. Produces plain findings; words are the report layer's job.
 */

export type JudgedFile = InspectedFile & { findings: RawFinding[] };

export interface JudgedSubmission {
  submission: Submission;
  files: JudgedFile[];
  findings: RawFinding[];
}

const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** A finding's severity: the configured one, or lower when the rule reports an advisory case. */
export function finalSeverity(configured: 'warn' | 'error', reported?: Severity): Severity {
  const base: Severity = configured === 'warn' ? 'warning' : 'error';
  return reported && SEVERITY_RANK[reported] < SEVERITY_RANK[base] ? reported : base;
}

/**
 * A rule's `report`: as in ESLint, a messageId the rule does not declare throws inside the rule, so the mistake
 * shows as that rule's internal-error finding instead of a message that was never written.
 */
function reporter(rule: AnyRule, severity: 'warn' | 'error', findings: RawFinding[]): Report {
  return (messageId, data = {}, reported) => {
    if (!Object.hasOwn(rule.messages, messageId)) throw new Error(`${rule.id} reported "${messageId}", which is not one of its messages`);
    findings.push({ rule: rule.id, messageId, severity: finalSeverity(severity, reported), data });
  };
}

/** One file's inspection: its kind's facts, or the failure that left it without any. */
async function inspectOne<K extends FileKind>(kind: K, file: ScannedFile): Promise<InspectedFile<K>> {
  try {
    return { kind, file, state: 'inspected', facts: await inspectAs(kind, file) };
  } catch (error) {
    // Only an error of a system call (open, read, …) is the file's; Node's own ERR_* codes are pyvw's bugs.
    // A refusal's message names the absolute path: the finding keeps the call and the code only.
    const refusal = systemRefusal(error);
    const failure = refusal ? { detail: refusal.syscall, code: refusal.code } : { detail: errorFirstLine(error) };
    return { kind, file, state: 'failed', failure };
  }
}

/**
 * Inspections run in parallel, twice as many as there are CPUs; each file is read by one inspector, once. Much of
 * an inspection is waiting (for a JPEG walk on a worker thread, for ffprobe, for a read), so with one per CPU a
 * walk worker sat idle while the main thread read the next photo's head, and two ffprobe runs held both places
 * while the Word files waited (docs/performance.md; on the shared machine the wall-time gain was within the noise).
 * Photos have places of their own: a photo's inspection is mostly the wait for its walk, which the walk pool queues
 * anyway, and with shared places the first photos of a folder held all of them while the Word files, videos and
 * texts behind them waited with the main thread idle (0.3 s of the tidy day's check, docs/performance.md).
 */
async function inspectAll(submission: Submission, { signal, onInspected }: JudgeOptions): Promise<Map<string, InspectedFile>> {
  const places = 2 * Math.max(1, os.availableParallelism());
  const releaseProbes = await prepareInspections(submission.files, places);
  const photoLimit = pLimit(places);
  const otherLimit = pLimit(places);
  try {
    const entries = await Promise.all(
      submission.files.map((file) =>
        (file.kind === 'photo' ? photoLimit : otherLimit)(async () => {
          // Outside the inspection, whose failures are findings: a stopped check is no finding on a file.
          signal?.throwIfAborted();
          const inspected = await inspectOne(file.kind, file);
          onInspected?.(inspected);
          return [file.path, inspected] as const;
        }),
      ),
    );
    return new Map(entries);
  } finally {
    releaseProbes();
  }
}

export interface JudgeOptions {
  /** Stops the inspection: no file is begun after it aborts, and the judgement rejects with its reason. */
  signal?: AbortSignal;
  /** Called with each file's inspection as it ends, before any file is judged (`pack` writes a document's pictures ahead). */
  onInspected?: (inspected: InspectedFile) => void;
}

export async function judgeSubmission(submission: Submission, config: ResolvedConfig, options: JudgeOptions = {}): Promise<JudgedSubmission> {
  const inspected = await inspectAll(submission, options);
  const findings: RawFinding[] = [];
  const link = await import('./link/index.js');
  try {
    // Each rule says what its options mean for linking; the engine knows no rule by name.
    const settings: LinkSettings[] = [...config.rules.values()].map(({ rule, options }) => rule.link?.(options) ?? {});
    await link.linkSubmission(inspected, link.resolveLinkOptions(settings));
    if (submission.package) {
      const { verifyPackage } = await import('./link/package.js');
      submission.package.verification = await verifyPackage(submission);
    }
  } catch (error) {
    // Linking is pyvw's own code too: the per-file facts stand, the cross-file ones are missing, and the report says so.
    findings.push({ rule: link.LINK_FAULT, messageId: 'internal-error', severity: 'error', data: { detail: errorFirstLine(error) } });
  }
const all: SubmissionFacts = inspected;

  const files: JudgedFile[] = [];
  for (const entry of inspected.values()) {
    const findings: RawFinding[] = [];
    const { file } = entry;
    if (file.twinOf && file.kind !== 'ignored') {
      findings.push({ rule: `${file.kind}/name`, messageId: 'name-twin', severity: 'error', data: { twin: file.twinOf } });
    }
    if (entry.state === 'failed') {
      // A file the system will not let pyvw read (locked, no permission, gone) is the clerk's to fix, not a bug in pyvw.
      const messageId = entry.failure.code ? 'file-unreadable' : 'internal-error';
      findings.push({ rule: `${entry.kind}/inspect`, messageId, severity: 'error', data: { ...entry.failure } });
    } else {
      for (const { rule, severity, options } of config.rules.values()) {
        if (rule.scope !== 'file' || rule.kind !== entry.kind || severity === 'off' || !judgesSubmission(rule, submission)) continue;
        const base: FileRuleBase<unknown> = {
          options, submission, all, profile: config.profile,
          report: reporter(rule, severity, findings),
        };
        try {
          rule.run(entry, base);
        } catch (error) {
          // A rule that throws is a bug in pyvw, not in the clerk's file: say so on that file and go on.
          findings.push({ rule: rule.id, messageId: 'internal-error', severity: 'error', data: { detail: errorFirstLine(error) } });
        }
      }
    }
    files.push({ ...entry, findings });
  }

  for (const { rule, severity, options } of config.rules.values()) {
    if (rule.scope !== 'submission' || severity === 'off' || !judgesSubmission(rule, submission)) continue;
    try {
      rule.check({
        submission, all, options, profile: config.profile,
        report: reporter(rule, severity, findings),
      });
    } catch (error) {
      findings.push({ rule: rule.id, messageId: 'internal-error', severity: 'error', data: { detail: errorFirstLine(error) } });
    }
  }
  return { submission, files, findings };
}
