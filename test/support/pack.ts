/** The unit the pack tests pack for, and a config that lets small pictures pass. */

export const UNIT = '濮阳市第一职业中等专业学校';

/** Test thresholds: small pictures pass, so the tests stay fast; the rules themselves are tested elsewhere. */
export function smallConfig(extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    unit: UNIT,
    rules: { 'photo/min-bytes': ['error', { min: 10_000 }], 'photo/long-edge': ['error', { min: 200 }] },
    ...extra,
  });
}
