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

/** The instant as a wall clock in `timeZone`, written into a Date's UTC fields (for formats that store local time). */
export function wallClockAsUtc(instant: Date, timeZone: string): Date {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
  }).formatToParts(instant);
  const field = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return new Date(Date.UTC(field('year'), field('month') - 1, field('day'), field('hour'), field('minute'), field('second')));
}

/** The instant at which the day `date` (YYYY-MM-DD) reaches the wall-clock time `time` (HH:MM) in `timeZone`. */
export function zonedInstant(date: string, time: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  const wall = Date.UTC(y!, m! - 1, d!, hh!, mm!);
  // The zone's offset at the guess, then again at the corrected instant, in case the guess crossed a change of offset.
  let instant = wall - (wallClockAsUtc(new Date(wall), timeZone).getTime() - wall);
  instant = wall - (wallClockAsUtc(new Date(instant), timeZone).getTime() - instant);
  return new Date(instant);
}
