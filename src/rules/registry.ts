import type { AnyRule } from './rule.js';
import { manifestRules } from './manifest.js';
import { mediaReportRules } from './media-report.js';
import { packageRules } from './package.js';
import { photoRules } from './photo.js';
import { photoNewsRules } from './photo-news.js';
import { submissionRules } from './submission.js';
import { summaryRules } from './summary.js';
import { textRules } from './text.js';
import { unknownFormat } from './unknown.js';
import { videoRules } from './video.js';

/** Every rule pyvw knows, in report order. Adding a rule means adding it here; nothing is discovered. */
export const RULES: readonly AnyRule[] = [
  ...textRules, ...photoRules, ...manifestRules, ...photoNewsRules, ...mediaReportRules, ...summaryRules, ...videoRules, unknownFormat, ...packageRules, ...submissionRules,
];

const BY_ID = new Map(RULES.map((rule) => [rule.id, rule]));

export function getRule(id: string): AnyRule | undefined {
  return BY_ID.get(id);
}
