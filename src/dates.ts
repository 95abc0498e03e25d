/** Calendar days in the profile's time zone (Asia/Shanghai), whatever the machine's own zone is. */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isValidDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

export function todayIn(timeZone: string, now: Date = new Date()): string {
  return wallClockAsUtc(now, timeZone).toISOString().slice(0, 10);
}

export function dateParts(value: string): { YYYY: string; M: number; D: number } {
  const [y, m, d] = value.split('-');
  return { YYYY: y!, M: Number(m), D: Number(d) };
}

/** Made once per zone: making one costs about a millisecond, and pack dates every entry of the zip with it. */
const wallClocks = new Map<string, Intl.DateTimeFormat>();
function wallClock(timeZone: string): Intl.DateTimeFormat {
  let format = wallClocks.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    wallClocks.set(timeZone, format);
  }
  return format;
}

/** The instant as a wall clock in `timeZone`, written into a Date's UTC fields (for formats that store local time). */
export function wallClockAsUtc(instant: Date, timeZone: string): Date {
  // Beijing time has been UTC+8 all year since China's last summer time ended in September 1991. Counted so, the
  // profile's zone needs no ICU time-zone data, whose first use cost 22–24 ms of a run's main thread (a check of an
  // undated folder, every pack: measured, docs/performance.md). Other zones, and earlier instants, ask ICU.
  const time = instant.getTime();
  if (timeZone === 'Asia/Shanghai' && time >= UTC_PLUS_8_SINCE) return new Date(Math.floor((time + 8 * HOUR) / 1000) * 1000);
  const parts = wallClock(timeZone).formatToParts(instant);
  const field = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return new Date(Date.UTC(field('year'), field('month') - 1, field('day'), field('hour'), field('minute'), field('second')));
}

const HOUR = 3_600_000;
const UTC_PLUS_8_SINCE = Date.UTC(1992, 0, 1);

/** The instant's wall clock in `timeZone` to the minute, as reports print it: `2023-05-15 15:30`. */
export function wallClockMinute(instant: Date, timeZone: string): string {
  return wallClockAsUtc(instant, timeZone).toISOString().slice(0, 16).replace('T', ' ');
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

/**
 * The spellings of a day that clerks write in folder names and on the command line (rulebook, "A submission's date"):
 * `2023-05-15`, `2023-5-15`, `2023.5.15`, `2023年5月15日`, `20230515`, `5月15日`, `5-15`, `5.15`, `0515`.
 * A spelling without a year takes `defaultYear` (the profile's). Most specific first, so `20230515` is not read as
 * `0515` and `2023年5月15日` not as `5月15日`.
 */
const SPELLINGS: readonly { pattern: RegExp; year?: number; month: number; day: number }[] = [
  { pattern: /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?/u, year: 1, month: 2, day: 3 },
  { pattern: /(?<!\d)(\d{4})[-._/](\d{1,2})[-._/](\d{1,2})(?!\d)/u, year: 1, month: 2, day: 3 },
  { pattern: /(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)/u, year: 1, month: 2, day: 3 },
  { pattern: /(?<!\d)(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?/u, month: 1, day: 2 },
  { pattern: /(?<!\d)(\d{1,2})[-._](\d{1,2})(?![\d.])/u, month: 1, day: 2 },
  { pattern: /(?<!\d)(\d{2})(\d{2})(?!\d)/u, month: 1, day: 2 },
];

function isoDate(year: number, month: number, day: number): string | null {
  const value = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return isValidDate(value) ? value : null;
}

function readSpelling(text: string, defaultYear: number, anchored: boolean): string | null {
  const normalised = text.normalize('NFKC').trim();
  for (const { pattern, year, month, day } of SPELLINGS) {
    const m = pattern.exec(normalised);
    if (!m || (anchored && m[0].length !== normalised.length)) continue;
    const found = isoDate(year ? Number(m[year]) : defaultYear, Number(m[month]), Number(m[day]));
    if (found) return found;
  }
  return null;
}

/** A `--date` value in any of the spellings, as YYYY-MM-DD; null when it is none of them or no real day. */
export function parseDateSpelling(value: string, defaultYear: number): string | null {
  return readSpelling(value, defaultYear, true);
}

/** The day written somewhere in a folder's name (`5月15日材料`, `一职专0515`), as YYYY-MM-DD, or null. */
export function dateInName(name: string, defaultYear: number): string | null {
  return readSpelling(name, defaultYear, false);
}

/** Whole days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** `date` plus `days` days, as YYYY-MM-DD. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
