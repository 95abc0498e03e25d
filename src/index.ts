/**
 * pyvw as a library: the one typed entry (`import { check, pack, formatReport } from 'pyvw'`). The CLI is a thin
 * layer over these same functions, so a district office's own script gets exactly the verdicts `pyvw check` prints.
 */

import { FORMATS, type FormatName, type FormatOptions } from './report/formats.js';
import type { CheckReport } from './types.js';

export { check, showConfig, type CheckOptions, type CheckOutcome } from './api.js';
export { pack, PackInterrupted, type PackOptions, type PackOutcome, type WrittenPackage } from './pack/index.js';
export type { LeftOutFile } from './pack/plan.js';

// Here and not in api.ts, which `pyvw check` imports: re-exported there they loaded sharp, archiver and yauzl
// (fix, status) into every check, ~0.1 s of start-up (docs/performance.md).
/** `pyvw fix`: fixed copies in a new folder, then their check (see src/fix/index.ts). */
export { fix, type FixOptions, type FixOutcome, type FixedFile } from './fix/index.js';
export { status, type StatusOptions, type StatusReport, type StatusRow, type DeadlineState } from './status/index.js';
export { formatStatus, type StatusFormatOptions } from './status/format.js';
export { init, type InitOptions, type InitOutcome } from './init/index.js';

export { FORMAT_NAMES, type FormatName, type FormatOptions, type ReportFormatter } from './report/formats.js';
export { ConfigError, UsageError } from './errors.js';
export { ScanError } from './scan/scan.js';
export type {
  Bilingual, CheckReport, Counts, FileKind, FileResult, Finding, Lang, Severity, SubmissionResult,
} from './types.js';

/** A check report in one of the CLI's formats (`text`, `json`, `junit`, `github`), as `pyvw check --format` writes it. */
export async function formatReport(report: CheckReport, formatName: FormatName, options: FormatOptions): Promise<string> {
  const formatter = await FORMATS[formatName]();
  return formatter(report, options);
}
