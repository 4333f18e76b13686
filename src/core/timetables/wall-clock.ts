/**
 * Wall-clock arithmetic for cron schedules, the way Airflow does it: a cron
 * expression is evaluated on the naive wall clock of the DAG's zone, and the
 * result is pinned back to an instant with pendulum's rules (see
 * `instantsAtWallClock`). A "wall-clock ms" is the UTC epoch ms of the same
 * calendar fields, i.e. `Date.UTC(year, month - 1, day, hour, ...)`.
 */

const DAY_MS = 86_400_000;

// Building an Intl.DateTimeFormat costs far more than using one: memoize per zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

function isUtc(zone: string): boolean {
  return zone === 'UTC' || zone === 'Etc/UTC';
}

/** Whether `zone` is an IANA zone name this runtime knows. */
export function isValidTimeZone(zone: string): boolean {
  if (zone.trim() === '') return false;
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

/** The wall clock of `zone` at `instantMs`, as wall-clock ms (milliseconds kept). */
export function wallClockAt(instantMs: number, zone: string): number {
  if (isUtc(zone)) return instantMs;
  const fields: Record<string, string> = {};
  for (const part of formatterFor(zone).formatToParts(new Date(instantMs))) fields[part.type] = part.value;
  let year = Number(fields.year);
  if (fields.era === 'BC' || fields.era === 'B') year = 1 - year;
  const wholeSeconds = Date.UTC(
    year,
    Number(fields.month) - 1,
    Number(fields.day),
    Number(fields.hour),
    Number(fields.minute),
    Number(fields.second),
  );
  return wholeSeconds + (((instantMs % 1000) + 1000) % 1000);
}

/** Offset of `zone` from UTC at `instantMs`, in ms (positive east of Greenwich). */
export function offsetAt(instantMs: number, zone: string): number {
  return wallClockAt(instantMs, zone) - instantMs;
}

/**
 * The first instant after `fromMs`, up to `toMs`, from which `zone` keeps the
 * offset it has at `toMs`; null when the offsets at both ends are the same. Keep
 * the window within a day: at most one clock change a day is assumed. Pass the
 * offsets at the ends when they are known, to save lookups.
 */
export function offsetChangeBetween(
  fromMs: number,
  toMs: number,
  zone: string,
  fromOffset: number = offsetAt(fromMs, zone),
  later: number = offsetAt(toMs, zone),
): number | null {
  if (fromOffset === later || toMs <= fromMs) return null;
  // Clocks change on a whole second: bisect over seconds, keeping the offset at
  // `low` different from `later` and the one at `high` equal to it.
  let low = Math.floor(fromMs / 1000);
  let high = Math.ceil(toMs / 1000);
  while (high - low > 1) {
    const middle = low + Math.floor((high - low) / 2);
    if (offsetAt(middle * 1000, zone) === later) high = middle;
    else low = middle;
  }
  return Math.min(Math.max(high * 1000, fromMs + 1), toMs);
}

/**
 * Every instant at which `zone` shows the wall clock `wallMs`, earliest first:
 * one normally, two when clocks were set back (a fold), none in a DST gap.
 * Assumes at most one transition within a day of the wall time (true of tzdata).
 */
export function instantsAtWallClock(wallMs: number, zone: string): number[] {
  if (isUtc(zone)) return [wallMs];
  const before = offsetAt(wallMs - DAY_MS, zone);
  const after = offsetAt(wallMs + DAY_MS, zone);
  const candidates = before === after ? [wallMs - before] : [wallMs - before, wallMs - after];
  return candidates.filter((instant) => wallClockAt(instant, zone) === wallMs).sort((a, b) => a - b);
}

/**
 * Pins a wall clock to an instant as Airflow's `make_aware` does (pendulum with
 * `fold=1`): a time skipped by a DST jump moves forward by the jump (02:30 in a
 * 02:00-03:00 gap becomes 03:30); a repeated time takes its later occurrence.
 */
export function instantAtWallClockLikeAirflow(wallMs: number, zone: string): number {
  const instants = instantsAtWallClock(wallMs, zone);
  const later = instants[instants.length - 1];
  if (later !== undefined) return later;
  // In a gap: read the wall clock with the offset in force before the jump.
  return wallMs - offsetAt(wallMs - DAY_MS, zone);
}
