/** The shared vocabulary of pyvw: what a file is, what was measured, what was found. */

export type FileKind =
  | 'text'
  | 'photo'
  | 'photo-news'
  | 'video'
  | 'media-report'
  | 'summary'
  | 'caption'
  | 'description'
  | 'ignored'
  | 'unknown';

export const FILE_KINDS: readonly FileKind[] = [
  'text', 'photo', 'photo-news', 'video', 'media-report', 'summary', 'caption', 'description', 'ignored', 'unknown',
];

export type Lang = 'zh' | 'en';

/** Severity of a finding as it appears in reports. */
export type Severity = 'error' | 'warning' | 'info';

/** Severity as written in config (ESLint's words). */
export type SeveritySetting = 'off' | 'warn' | 'error';

/** A text in both languages; `{name}` placeholders are filled from a finding's data. */
export interface Bilingual {
  zh: string;
  en: string;
}

/** Why a file got its kind: a code and its arguments, turned into words by the report layer. */
export interface Classification {
  by: 'folder' | 'extension' | 'name' | 'sidecar' | 'manifest' | 'junk' | 'config' | 'unknown' | 'summary-submission';
  /** The evidence: folder name, extension, the file the sidecar belongs to, … */
  detail: string;
}

export interface ScannedFile {
  /** Relative to the submission folder, `/` separators, Unicode NFC. */
  path: string;
  absPath: string;
  kind: FileKind;
  classification: Classification;
  bytes: number;
  mtime: Date;
  /** Lower-case extension with the dot, or ''. */
  ext: string;
  /** For photos, videos, photo news and media reports: the sidecar `.txt`/`.docx` beside them (path relative to the submission). */
  sidecar?: string;
  /** For a sidecar caption/description: the photo, video or Word document it sits beside. Manifests have `isManifest` instead. */
  describes?: string[];
  isManifest?: boolean;
}

/** A daily submission, or the week's summary (rulebook, "The week's summary"). */
export type SubmissionKind = 'day' | 'summary';

/** Where a submission's date came from, in the rulebook's order: `--date`, the folder's name, today. */
export type DateSource = 'option' | 'folder' | 'today';

/** What a submission is for: which day, or the week's summary, and how pyvw knows. */
export interface Occasion {
  kind: SubmissionKind;
  /** YYYY-MM-DD. */
  date: string;
  source: DateSource;
  /** The day written in the folder's name, when there is one (it may contradict `--date`). */
  folderDate: string | null;
  /** Why it is a summary: the folder's name holds 总结, or `--summary`. */
  summaryBy?: 'folder' | 'option';
}

export interface Submission {
  /** The folder as given on the command line. */
  path: string;
  absPath: string;
  files: ScannedFile[];
  /** Set by the API before the rules run; absent only where a test builds a submission by hand. */
  occasion?: Occasion;
}

/** What a rule reports: plain data; text comes from the rule's messages in the report layer. */
export interface RawFinding {
  rule: string;
  messageId: string;
  severity: Severity;
  data: Record<string, unknown>;
}

/** A finding with its words in the chosen language, as the JSON report carries it. */
export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  hint: string;
  data: Record<string, unknown>;
}

export type Facts = Record<string, unknown>;

export interface FileResult {
  path: string;
  kind: FileKind;
  ok: boolean;
  bytes: number;
  classification: Classification;
  /** Why the file got its kind, in words. */
  reason: string;
  facts: Facts;
  findings: Finding[];
}

export interface Counts {
  error: number;
  warning: number;
  info: number;
}

export interface SubmissionResult {
  path: string;
  /** `day` or `summary`, with the date and where it came from (additions to schemaVersion 1). */
  kind: SubmissionKind;
  date: string;
  dateSource: DateSource;
  ok: boolean;
  counts: Counts;
  findings: Finding[];
  files: FileResult[];
}

export interface CheckReport {
  schemaVersion: 1;
  tool: { name: 'pyvw'; version: string };
  profile: string;
  lang: Lang;
  date: string;
  strict: boolean;
  /** `--quiet`: only errors are reported and counted. */
  quiet: boolean;
  /** `--max-warnings`, or null: the run fails when `counts.warning` exceeds it. */
  maxWarnings: number | null;
  ok: boolean;
  /** All submissions together. */
  counts: Counts;
  submissions: SubmissionResult[];
}
