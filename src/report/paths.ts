import path from 'node:path';

/**
 * A file as CI tools name it: the submission folder as given, then the file, with `/` on every system and no
 * leading `./`, so GitHub can link an annotation to it and JUnit viewers group the files by school.
 */
export function submissionPath(submission: string, file = ''): string {
  const joined = path.posix.join(submission.replaceAll('\\', '/'), file);
  return joined.length > 1 ? joined.replace(/\/$/u, '') : joined;
}
