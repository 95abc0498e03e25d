import type { FormatOptions } from './formats.js';
import type { CheckReport } from '../types.js';
import { jsonSafe } from './escape.js';

/** The contract's JSON report (schemaVersion 1); the fields CheckReport has beyond the contract are additions (see src/report/schema.ts). */
export function formatJson(report: CheckReport, _options?: FormatOptions): string {
  return `${jsonSafe(JSON.stringify(report, null, 2))}\n`;
}
