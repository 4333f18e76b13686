/**
 * Dates as DAG authors write them: `startDate: '2024-03-01'` means midnight
 * where the DAG lives, not in UTC. The DST rules are the timetables' own
 * (`timetables/wall-clock.ts`), so a start date and a cron time agree.
 */
import { instantAtWallClockLikeAirflow, wallClockAt } from './timetables/wall-clock.js';

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?$/;

/**
 * Parses a date given in a DAG file or on the command line. Text with `Z` or an
 * offset is absolute; a date or date-time without one is wall time in `zone`.
 */
export function parseDateInZone(value: string | Date, zone: string): Date {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new Error('the date is invalid (an Invalid Date object)');
    return value;
  }
  const text = value.trim();
  const local = LOCAL_DATE.exec(text);
  if (local) {
    const [year, month, day, hour, minute, second, ms] = local.slice(1).map((part, i) => (i === 6 ? Number((part ?? '0').padEnd(3, '0')) : Number(part ?? 0))) as [
      number, number, number, number, number, number, number,
    ];
    const wallMs = Date.UTC(year, month - 1, day, hour, minute, second, ms);
    const check = new Date(wallMs);
    if (month < 1 || month > 12 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
      throw new Error(`'${value}' is not a valid date: expected YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]`);
    }
    return new Date(instantAtWallClockLikeAirflow(wallMs, zone));
  }
  const parsed = Date.parse(text);
  if (Number.isNaN(parsed)) {
    throw new Error(`'${value}' is not a valid date: use ISO-8601 such as '2024-03-01' or '2024-03-01T06:00:00Z'`);
  }
  return new Date(parsed);
}

/** `YYYY-MM-DD` of `instant` in `zone` (Airflow's `ds` uses UTC). */
export function isoDateIn(instant: Date, zone: string): string {
  return new Date(wallClockAt(instant.getTime(), zone)).toISOString().slice(0, 10);
}
