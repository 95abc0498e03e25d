import os from 'node:os';
import pLimit from 'p-limit';
import { LISTING_NAME, PACKAGE_COMPANION_NAMES } from '../scan/package.js';
import type { PackageVerification, ScannedFile, Submission } from '../types.js';
import { sha256 } from './duplicates.js';

/**
 * A received package read against its 报送清单.txt: every listed file is there with the SHA-256 the list gives,
 * and nothing else is (junk that Windows or macOS adds on unzipping, and a config file, excepted). Every byte is
 * read once more for this: a hash is the only proof that what arrived is what was packed.
 */

/** Not the package's: what the system adds (Thumbs.db, __MACOSX/…) and pyvw's config. */
function isOutsider(file: ScannedFile): boolean {
  return file.kind === 'ignored' && (file.classification.by === 'junk' || file.classification.by === 'config');
}

export async function verifyPackage(submission: Submission): Promise<PackageVerification | undefined> {
  const listing = submission.package;
  if (!listing) return undefined;
  const present = new Map(submission.files.map((f) => [f.path, f]));
  const listed = new Set(listing.files.map((f) => f.name));
  const limit = pLimit(Math.max(1, os.availableParallelism()));
  const verification: PackageVerification = { mismatched: [], missing: [], extra: [] };
  await Promise.all(
    listing.files.map((entry) =>
      limit(async () => {
        const file = present.get(entry.name);
        if (!file) return void verification.missing.push(entry.name);
        // A size that differs needs no hash to tell; a file that cannot be read cannot be vouched for.
        const actual = file.bytes !== entry.bytes ? `${file.bytes} bytes` : await sha256(file.absPath).catch(() => 'unreadable');
        if (actual !== entry.sha256) verification.mismatched.push({ file: entry.name, expected: entry.sha256, actual });
      }),
    ),
  );
  for (const file of submission.files) {
    // The HTML overview is written after the files it shows and is not in the list: pyvw's own, like the list.
    if (file.path !== LISTING_NAME && !PACKAGE_COMPANION_NAMES.has(file.path) && !listed.has(file.path) && !isOutsider(file)) verification.extra.push(file.path);
  }
  const byPath = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  verification.missing.sort(byPath);
  verification.extra.sort(byPath);
  verification.mismatched.sort((a, b) => byPath(a.file, b.file));
  return verification;
}
