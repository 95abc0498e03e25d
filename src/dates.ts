/** Calendar days in the profile's time zone (Asia/Shanghai), whatever the machine's own zone is. */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isValidDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

export function todayIn(timeZone: string, now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export function dateParts(value: string): { YYYY: string; M: number; D: number } {
  const [y, m, d] = value.split('-');
  return { YYYY: y!, M: Number(m), D: Number(d) };
}
