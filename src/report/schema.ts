import * as z from 'zod';
import { FILE_KINDS, type CheckReport, type FileKind } from '../types.js';

/**
 * The JSON report (`pyvw check --format json`) as a zod schema: the contract's schemaVersion 1 plus pyvw's
 * additions. docs/report.schema.json is generated from it (`npm run schema`), so the published schema and the
 * CheckReport type cannot drift apart: the assertion at the end fails to compile when they differ.
 */

const counts = z
  .object({
    error: z.number().int().nonnegative(),
    warning: z.number().int().nonnegative(),
    info: z.number().int().nonnegative(),
  })
  .strict()
  .describe('How many findings of each severity (after --quiet)');

const finding = z
  .object({
    rule: z.string().regex(/^[a-z0-9-]+\/[a-z0-9-]+$/u).describe('`<kind>/<rule>` as named in the rulebook, e.g. photo/min-bytes'),
    severity: z.enum(['error', 'warning', 'info']),
    message: z.string().describe('What is wrong, with the measured value, in the chosen language'),
    hint: z.string().describe('How to fix it, in the chosen language'),
    data: z.record(z.string(), z.unknown()).describe('The measured values the message is built from'),
    fault: z.literal(true).optional().describe('Present when pyvw itself failed on the file (an internal error, exit code 2), not the file (pyvw addition)'),
  })
  .strict();

const classification = z
  .object({
    by: z.enum(['folder', 'extension', 'name', 'sidecar', 'manifest', 'junk', 'config', 'package', 'unknown', 'summary-submission', 'symlink', 'fifo', 'socket', 'device']),
    detail: z.string().describe('The evidence: the folder name, the extension, the file a sidecar belongs to, …'),
  })
  .strict()
  .describe('Why the file got its kind (pyvw addition)');

const fileResult = z
  .object({
    path: z.string().describe('Relative to the submission folder, `/` separators, Unicode NFC'),
    kind: z.enum(FILE_KINDS as readonly [FileKind, ...FileKind[]]),
    ok: z.boolean().describe('No finding of severity error on this file'),
    bytes: z.number().int().nonnegative(),
    classification,
    reason: z.string().describe('`classification` in words, in the chosen language (pyvw addition)'),
    facts: z.record(z.string(), z.unknown()).describe('What was measured in the file; the fields depend on its kind'),
    findings: z.array(finding),
  })
  .strict();

const submission = z
  .object({
    path: z.string().describe('The folder (or received .zip) as given on the command line or found by --each; for a school on the --expect list with nothing received, the school'),
    school: z.string().optional().describe('--expect: the school on the list this submission is (pyvw addition)'),
    kind: z.enum(['day', 'summary']).describe('A day’s submission, or the week’s summary (folder name with 总结, or --summary) (pyvw addition)'),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/u).describe('The day the submission is for, YYYY-MM-DD (pyvw addition)'),
    dateSource: z.enum(['option', 'folder', 'today']).describe('Where the date came from: --date, the folder’s name, or today (pyvw addition)'),
    ok: z.boolean().describe('No error (and under --strict no warning) in the submission'),
    counts,
    findings: z.array(finding).describe('Findings about the folder as a whole'),
    files: z.array(fileResult).describe('Every file of the folder, junk included'),
  })
  .strict();

export const reportSchema = z
  .object({
    schemaVersion: z.literal(1),
    tool: z.object({ name: z.literal('pyvw'), version: z.string() }).strict(),
    profile: z.string().describe('The rule profile, e.g. puyang-2023'),
    lang: z.enum(['zh', 'en']).describe('Language of messages, hints and reasons (pyvw addition)'),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/u).describe('The report day, YYYY-MM-DD (pyvw addition)'),
    strict: z.boolean().describe('--strict: warnings fail too (pyvw addition)'),
    quiet: z.boolean().describe('--quiet: only errors are reported and counted (pyvw addition)'),
    maxWarnings: z.number().int().nonnegative().nullable().describe('--max-warnings, or null (pyvw addition)'),
    ok: z.boolean().describe('Every submission passes and the warnings do not exceed maxWarnings: exit code 0'),
    counts: counts.describe('All submissions together (pyvw addition)'),
    shard: z
      .object({ index: z.number().int().positive(), count: z.number().int().positive() })
      .strict()
      .optional()
      .describe('--shard i/n: the report holds only that slice of the submissions; pyvw merge-reports joins the slices (pyvw addition)'),
    submissions: z.array(submission),
  })
  .strict()
  .meta({ title: 'pyvw check report', description: 'The output of `pyvw check --format json` (schemaVersion 1)' });

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const REPORT_SCHEMA_MATCHES_TYPE: Same<z.output<typeof reportSchema>, CheckReport> = true;
