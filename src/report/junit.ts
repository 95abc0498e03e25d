import type { CheckReport, Finding, SubmissionResult } from '../types.js';
import { visibleStrings } from './escape.js';
import type { FormatOptions } from './formats.js';
import { submissionPath } from './paths.js';
import { findingWithFix, word } from './text.js';

/**
 * JUnit XML as Jenkins, GitLab and Azure read it: one <testsuite> per submission (school), one <testcase> per
 * file, plus one for the findings about the folder as a whole when there are any. Findings that fail the
 * submission (errors, and warnings under --strict) go into <failure>; the others into <system-out>; junk files
 * are <skipped>.
 */

// Characters XML 1.0 cannot carry even escaped: C0 controls but tab, LF and CR; lone surrogates (the u flag
// reads a pair as one code point, so only a lone half matches); U+FFFE and U+FFFF.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/gu;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\n': '&#10;', '\r': '&#13;', '\t': '&#9;' };

function escapeText(text: string): string {
  return text.replace(NOT_XML, '\uFFFD').replace(/[&<>]/gu, (ch) => ENTITIES[ch]!);
}

/** In attributes, line breaks and tabs are written as references too, or a parser would turn them into spaces. */
function escapeAttribute(text: string): string {
  return text.replace(NOT_XML, '\uFFFD').replace(/[&<>"'\n\r\t]/gu, (ch) => ENTITIES[ch]!);
}

function element(name: string, attributes: Record<string, string | number>, children: string[] | string | null, indent: string): string {
  const attrs = Object.entries(attributes)
    .map(([key, value]) => ` ${key}="${escapeAttribute(String(value))}"`)
    .join('');
  if (children === null || children.length === 0) return `${indent}<${name}${attrs}/>`;
  if (typeof children === 'string') return `${indent}<${name}${attrs}>${escapeText(children)}</${name}>`;
  return [`${indent}<${name}${attrs}>`, ...children, `${indent}</${name}>`].join('\n');
}

interface Case {
  name: string;
  file?: string;
  findings: Finding[];
  skipped?: string;
}

function caseXml(c: Case, classname: string, strict: boolean, options: FormatOptions): { xml: string; failed: boolean; faulted: boolean } {
  // pyvw's own faults are JUnit <error>s (the test could not run), not <failure>s of the school's file.
  const faults = c.findings.filter((f) => f.fault);
  const failing = c.findings.filter((f) => !f.fault && (f.severity === 'error' || (strict && f.severity === 'warning')));
  const other = c.findings.filter((f) => !failing.includes(f) && !faults.includes(f));
  const describe = (f: Finding): string => `[${word(f.severity, options.lang)}] ${f.rule}: ${findingWithFix(f, options.lang)}`;
  const children: string[] = [];
  const inner = '      ';
  if (c.skipped !== undefined) children.push(element('skipped', { message: c.skipped }, null, inner));
  if (faults.length) {
    children.push(element('error', { message: faults[0]!.message, type: faults[0]!.rule }, faults.map(describe).join('\n\n'), inner));
  }
  if (failing.length) {
    const first = failing[0]!;
    const more = failing.length > 1 ? ` (+${failing.length - 1})` : '';
    children.push(element('failure', { message: `${first.message}${more}`, type: first.rule }, failing.map(describe).join('\n\n'), inner));
  }
  if (other.length) children.push(element('system-out', {}, other.map(describe).join('\n\n'), inner));
  const attributes = { classname, name: c.name, ...(c.file ? { file: c.file } : {}) };
  return { xml: element('testcase', attributes, children, '    '), failed: failing.length > 0, faulted: faults.length > 0 };
}

function suiteXml(result: SubmissionResult, report: CheckReport, options: FormatOptions) {
  const classname = submissionPath(result.path);
  const cases: Case[] = result.files.map((file) => ({
    name: file.path,
    file: submissionPath(result.path, file.path),
    findings: file.findings,
    ...(file.kind === 'ignored' ? { skipped: file.reason } : {}),
  }));
  if (result.findings.length) cases.push({ name: `(${word('submission', options.lang)})`, findings: result.findings });
  const built = cases.map((c) => caseXml(c, classname, report.strict, options));
  const counts = {
    tests: cases.length,
    failures: built.filter((b) => b.failed).length,
    errors: built.filter((b) => b.faulted).length,
    skipped: cases.filter((c) => c.skipped !== undefined).length,
  };
  const properties = element(
    'properties',
    {},
    [
      element('property', { name: 'profile', value: report.profile }, null, '      '),
      element('property', { name: 'date', value: report.date }, null, '      '),
      element('property', { name: 'strict', value: String(report.strict) }, null, '      '),
    ],
    '    ',
  );
  return { counts, xml: element('testsuite', { name: classname, ...counts }, [properties, ...built.map((b) => b.xml)], '  ') };
}

/**
 * `--max-warnings` fails the run when all warnings together exceed it, whichever schools they are in: a suite of its
 * own with one failing case, so CI shows why the run failed though every school passed.
 */
function maxWarningsSuite(report: CheckReport, options: FormatOptions) {
  if (report.maxWarnings === null || report.counts.warning <= report.maxWarnings) return undefined;
  const message = word('tooManyWarnings', options.lang, { count: report.counts.warning, max: report.maxWarnings });
  const testcase = element('testcase', { classname: 'pyvw', name: '--max-warnings' }, [element('failure', { message, type: 'max-warnings' }, message, '      ')], '    ');
  const counts = { tests: 1, failures: 1, errors: 0, skipped: 0 };
  return { counts, xml: element('testsuite', { name: '--max-warnings', ...counts }, [testcase], '  ') };
}

export function formatJunit(raw: CheckReport, options: FormatOptions): string {
  // Names and captions with their control characters shown (src/report/escape.ts); XML entities come on top.
  const report = visibleStrings(raw);
  const maxWarnings = maxWarningsSuite(report, options);
  const suites = [...report.submissions.map((s) => suiteXml(s, report, options)), ...(maxWarnings ? [maxWarnings] : [])];
  const total = (key: 'tests' | 'failures' | 'errors' | 'skipped'): number => suites.reduce((sum, s) => sum + s.counts[key], 0);
  const root = element(
    'testsuites',
    { name: `pyvw ${report.profile}`, tests: total('tests'), failures: total('failures'), errors: total('errors'), skipped: total('skipped') },
    suites.map((s) => s.xml),
    '',
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n${root}\n`;
}
