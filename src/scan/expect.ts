import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { decodeText } from '../text/decode.js';

/**
 * `--expect schools.txt`: the schools a district office waits for, one a line, as a clerk types them in Notepad
 * (UTF-8, or ANSI on Chinese Windows: GBK).
 */

export async function readExpectedSchools(file: string): Promise<string[]> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    throw new UsageError({ zh: `找不到学校名单文件：${file}`, en: `school list not found: ${file}` });
  }
  const names = decodeText(bytes).text
    .split(/\r?\n|\r/u)
    .map((line) => line.replace(/^\uFEFF/u, '').trim().normalize('NFC'))
    .filter((line) => line && !line.startsWith('#'));
  return [...new Set(names)];
}

/** A submission's name: its folder's, or its package's without `.zip`. */
export function submissionName(submissionPath: string): string {
  const base = path.basename(submissionPath.replace(/[\\/]+$/u, ''));
  return (path.extname(base).toLowerCase() === '.zip' ? base.slice(0, -4) : base).normalize('NFC');
}

/**
 * Which expected school each submission is: the longest expected name its own name contains (a package is named
 * `<school>-2023年5月15日-职教活动周材料.zip`; `某某职专` must not claim `某某职专分校`'s folder).
 */
export function matchSchools(expected: readonly string[], submissionPaths: readonly string[]): Map<string, string> {
  const bySubmission = new Map<string, string>();
  const longestFirst = [...expected].sort((a, b) => b.length - a.length);
  for (const submission of submissionPaths) {
    const name = submissionName(submission);
    const school = longestFirst.find((s) => name.includes(s));
    if (school) bySubmission.set(submission, school);
  }
  return bySubmission;
}

export function missingSchools(expected: readonly string[], submissionPaths: readonly string[]): string[] {
  const found = new Set(matchSchools(expected, submissionPaths).values());
  return expected.filter((s) => !found.has(s)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
