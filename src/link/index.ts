import type { SubmissionFacts } from '../types.js';
import { linkCaptions } from './captions.js';
import { linkDuplicates } from './duplicates.js';
import type { LinkOptions } from './options.js';
import { linkWordDocuments } from './word-layout.js';

/**
 * The link stage: facts that need more than one file, added to the facts of the files they are about. It runs
 * after every file was inspected and before any rule; a file whose inspection failed is passed over (and a
 * sidecar or manifest that failed simply gives no caption), so one unreadable file never changes another's facts.
 */
export async function linkSubmission(all: SubmissionFacts, options: LinkOptions): Promise<void> {
  linkCaptions(all, options);
  linkWordDocuments(all, options);
  await linkDuplicates(all);
}

/** The id a fault of the link stage itself is reported under, on the submission. */
export const LINK_FAULT = 'submission/link';

export { resolveLinkOptions, type LinkOptions, type LinkSettings } from './options.js';
