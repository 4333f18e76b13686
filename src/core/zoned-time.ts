/**
 * Wall-clock times in an IANA zone, with nothing but `Intl`: DAG authors write
 * `startDate: '2024-03-01'` and mean midnight where the DAG lives, not in UTC.
 */

export interface WallTime {
  readonly year: number;
  readonly month: number; // 1-12
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** The wall-clock time in `zone` at `instant`. */
export function wallTimeIn(instant: Date, zone: string): WallTime {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(zone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
    millisecond: instant.getUTCMilliseconds(),
  };
}

/** Offset of `zone` from UTC at `instant`, in milliseconds (positive east of Greenwich). */
export function zoneOffsetMs(instant: Date, zone: string): number {
  const wall = wallTimeIn(instant, zone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, wall.millisecond);
  return asUtc - instant.getTime();
}

/**
 * The instant at which `zone` shows `wall`. A wall time skipped by a DST jump is
 * moved forward by the jump; an ambiguous one (clocks set back) takes the earlier
 * instant, as pendulum (and so Airflow) does.
 */
export function instantOf(wall: WallTime, zone: string): Date {
  const naive = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, wall.millisecond);
  const offsetBefore = zoneOffsetMs(new Date(naive - 86_400_000), zone);
  const offsetAfter = zoneOffsetMs(new Date(naive + 86_400_000), zone);
  const candidates = [naive - offsetBefore, naive - offsetAfter].sort((a, b) => a - b);
  for (const candidate of candidates) {
    if (zoneOffsetMs(new Date(candidate), zone) === naive - candidate) return new Date(candidate);
  }
  // In a gap: no instant shows this wall time; keep the clock reading of the earlier offset.
  return new Date(naive - offsetBefore);
}

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?$/;

/**
 * Parses a date given in a DAG file. Text with `Z` or an offset is absolute; a
 * date or date-time without one is read as wall time in `zone`. A `Date` is kept.
 */
export function parseDateInZone(value: string | Date, zone: string): Date {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new Error('the date is invalid (an Invalid Date object)');
    return value;
  }
  const text = value.trim();
  const local = LOCAL_DATE.exec(text);
  if (local) {
    const [, y, mo, d, h, mi, s, ms] = local;
    const wall: WallTime = {
      year: Number(y),
      month: Number(mo),
      day: Number(d),
      hour: Number(h ?? 0),
      minute: Number(mi ?? 0),
      second: Number(s ?? 0),
      millisecond: Number((ms ?? '0').padEnd(3, '0')),
    };
    if (wall.month < 1 || wall.month > 12 || wall.day < 1 || wall.day > 31 || wall.hour > 23 || wall.minute > 59 || wall.second > 59) {
      throw new Error(`'${value}' is not a valid date: expected YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]`);
    }
    return instantOf(wall, zone);
  }
  const parsed = Date.parse(text);
  if (Number.isNaN(parsed)) {
    throw new Error(`'${value}' is not a valid date: use ISO-8601 such as '2024-03-01' or '2024-03-01T06:00:00Z'`);
  }
  return new Date(parsed);
}

/** `YYYY-MM-DD` of `instant` in `zone` (Airflow's `ds`). */
export function isoDateIn(instant: Date, zone: string): string {
  const w = wallTimeIn(instant, zone);
  return `${String(w.year).padStart(4, '0')}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}
