/** The shared vocabulary of pyvw: what a file is, what was measured, what was found. */

import type { DocxFacts } from './inspect/docx.js';
import type { PhotoFacts } from './inspect/image.js';
import type { FamilyFacts } from './inspect/sniff.js';
import type { CaptionFileFacts, TextFacts } from './inspect/text.js';
import type { VideoFacts } from './inspect/video.js';

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
  by: 'folder' | 'extension' | 'name' | 'sidecar' | 'manifest' | 'junk' | 'config' | 'package' | 'unknown' | 'summary-submission'
    // Entries that are not regular files: listed as `ignored`, never opened, never followed.
    | 'symlink' | 'fifo' | 'socket' | 'device';
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
  /**
   * Set by scan when the file cannot be handed to an inspector: the system's error code (EACCES, ENAMETOOLONG, …),
   * or EILSEQ for a name that is not valid Unicode (src/scan/scan.ts). Its inspection fails with that code.
   */
  unreadable?: string;
  /** This name differs from another file's only in its Unicode form (NFC/NFD): the NFC path of that other file. */
  twinOf?: string;
}

/** A folder of a submission the system refused to list (`.` for the submission itself), and the error code. */
export interface UnreadableFolder {
  path: string;
  code: string;
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
  /** Folders that could not be listed: their files are missing from `files`, and the report says so. */
  unreadableFolders?: UnreadableFolder[];
  /** Set by the API before the rules run; absent only where a test builds a submission by hand. */
  occasion?: Occasion;
  /** A package pyvw wrote (报送清单.txt at the top): its list, and what reading the files against it found. */
  package?: PackageListing & { verification?: PackageVerification };
  /** A received `.zip`, read into a temporary folder: why it was refused, if it was. */
  received?: { zip: string; refusal?: ZipRefusal };
}

/** What pyvw's list of a package says of a file (src/scan/package.ts). */
export interface PackageListing {
  files: { name: string; kind: string; bytes: number; sha256: string }[];
}

/** A package's files read against its list: every listed file there with its SHA-256, nothing else. */
export interface PackageVerification {
  mismatched: { file: string; expected: string; actual: string }[];
  missing: string[];
  extra: string[];
}

/** Why a received zip was not read: a code and its raw values. */
export interface ZipRefusal {
  code: 'unsafe-path' | 'too-many-entries' | 'entry-too-large' | 'too-large' | 'ratio' | 'encrypted' | 'unreadable';
  data: Record<string, unknown>;
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
  /** pyvw itself failed here (a rule or an inspector that threw): the run's exit code is 2, JUnit counts it in `errors`. */
  fault?: true;
}

/** A caption or description found for a photo or video while linking, and where it came from (`sidecar:…`, `manifest:…#3`, `filename`, `exif:…`). */
export interface CaptionCandidate {
  source: string;
  text: string;
}

/** What the inspection of each kind measures (and linking then adds to). `ignored` files are not read. */
export interface FactsByKind {
  text: TextFacts;
  photo: PhotoFacts;
  'photo-news': DocxFacts;
  'media-report': DocxFacts;
  summary: DocxFacts;
  video: VideoFacts;
  caption: CaptionFileFacts;
  description: CaptionFileFacts;
  unknown: FamilyFacts;
  ignored: Record<string, never>;
}

/** The facts of some kind; `Facts<'photo'>` is a photo's. */
export type Facts<K extends FileKind = FileKind> = FactsByKind[K];

/**
 * Why a file has no facts: the system refused to read it (`code`, e.g. EACCES, EBUSY), or pyvw's inspector failed
 * (no code: pyvw's own fault).
 */
export interface InspectFailure {
  detail: string;
  code?: string;
}

/**
 * One file after inspection: either its facts, or the failure that left it without any. The two are different
 * states, never `{}` standing in for facts: linking, rules, report and pack each pass a failed file over (it
 * carries its `<kind>/inspect` finding) and go on with the others.
 */
export type InspectedFile<K extends FileKind = FileKind> = ReadFile<K> | FailedFile<K>;

/** A file whose inspection succeeded, of kind K. */
export type ReadFile<K extends FileKind = FileKind> = {
  [P in K]: { kind: P; file: ScannedFile; state: 'inspected'; facts: FactsByKind[P] };
}[K];

/** A file whose inspection failed: no facts, only why. */
export type FailedFile<K extends FileKind = FileKind> = {
  [P in K]: { kind: P; file: ScannedFile; state: 'failed'; failure: InspectFailure };
}[K];

/** Narrows a file after inspection to a kind (or one of some kinds) with facts; the one place a kind and its facts are paired. */
export function isRead<E extends InspectedFile, K extends FileKind>(entry: E, kind: K | readonly K[]): entry is E & ReadFile<K> {
  if (entry.state !== 'inspected') return false;
  return typeof kind === 'string' ? entry.kind === kind : (kind as readonly FileKind[]).includes(entry.kind);
}

/** The inspected files of one submission, by path: what linking and cross-file rules read. */
export type SubmissionFacts = ReadonlyMap<string, InspectedFile>;

export interface FileResult {
  path: string;
  kind: FileKind;
  ok: boolean;
  bytes: number;
  classification: Classification;
  /** Why the file got its kind, in words. */
  reason: string;
  /** What was measured, as JSON; empty when the file could not be inspected (its `<kind>/inspect` finding says why). */
  facts: Record<string, unknown>;
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
  /** `--expect`: the school on the list this submission is (or, with no files, the school nothing was received from). */
  school?: string;
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
  /** `--shard i/n`: this report holds only that slice of the submissions (`pyvw merge-reports` puts them together). */
  shard?: { index: number; count: number };
  submissions: SubmissionResult[];
}
