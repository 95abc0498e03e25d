import type { CheckReport } from '../types.js';

/** The contract's JSON report (schemaVersion 1); `lang`, `date`, `strict`, `classification` and `reason` are additions. */
export function formatJson(report: CheckReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
