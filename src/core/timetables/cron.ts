/**
 * Cron expressions in an IANA zone, with Airflow's DST semantics.
 *
 * croner evaluates the five fields, but only ever on a naive wall clock (we run
 * it at UTC offset 0 on wall-clock ms); pinning the result to an instant is done
 * here, as Airflow's `CronMixin` does, because croner's own DST rules differ:
 * - a fire time skipped by spring-forward moves forward by the jump (a 02:30 job
 *   fires at 03:30 local; croner would fire at 03:00);
 * - a fire time repeated by fall-back fires once, at its second occurrence
 *   (croner picks the first);
 * - a schedule that fires in every hour (hour field `*`) fires whenever the clock
 *   shows a scheduled time, so `*\/30` keeps firing every 30 minutes through the
 *   repeated hour instead of skipping it (see `every-hour-fires.ts`).
 * Deliberate differences, all in corners where Airflow contradicts itself (its
 * next and previous fire times disagree, so data intervals overlap or skip):
 * - where Airflow's "previous" fire time is not before the given instant (asked
 *   from inside a repeated or skipped hour), we return the fire time before it,
 *   so `prev(t) < t` always holds;
 * - where Airflow's absolute step crosses a clock change and a day boundary
 *   (`0 * * * 6` from Saturday to Saturday), or a clock change that is not a
 *   whole number of hours (Lord Howe's 30 minutes), it lands on a time the
 *   schedule does not have or passes one it has; we give the nearest fire time;
 * - a skipped fire time moved forward by the jump can pass a fire time the clock
 *   really shows when the jump is not whole hours or not on the hour (Lord Howe:
 *   02:20 moves to 02:50, past 02:40); then the one the clock shows fires
 *   instead, as after a one-hour jump only the first of the skipped times fires.
 */
import { Cron, CronPattern } from 'croner';
import { nextEveryHourFire, prevEveryHourFire, type WallClockMatches } from './every-hour-fires.js';
import { instantAtWallClockLikeAirflow, isValidTimeZone, offsetAt, offsetChangeBetween, wallClockAt } from './wall-clock.js';

/** Cron presets, as Airflow (`cron_presets`) and croniter expand them. */
export const CRON_PRESETS: Readonly<Record<string, string>> = {
  '@hourly': '0 * * * *',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@weekly': '0 0 * * 0',
  '@monthly': '0 0 1 * *',
  '@quarterly': '0 0 1 */3 *',
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
};

const FIELD_NAMES = ['minute', 'hour', 'day-of-month', 'month', 'day-of-week'] as const;
const FIELD_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 7],
];
const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const FORMAT_HINT =
  "A cron expression has 5 fields (minute hour day-of-month month day-of-week), e.g. '0 2 * * *' or '*/15 * * * 1-5', " +
  'or is a preset: ' +
  Object.keys(CRON_PRESETS).join(', ') +
  '.';

const DAY_MS = 86_400_000;
const CRONER_OPTIONS = { mode: '5-part', utcOffset: 0, sloppyRanges: true } as const;

/** The five fields of `expression`, a preset expanded; the text is not checked. */
export function expandCronPreset(expression: string): string {
  const trimmed = expression.trim();
  return CRON_PRESETS[trimmed.toLowerCase()] ?? trimmed.split(/\s+/).join(' ');
}

function numberOrName(text: string, field: number): number | null {
  if (/^\d+$/.test(text)) return Number(text);
  const lower = text.toLowerCase();
  if (field === 3 && MONTH_NAMES.includes(lower)) return MONTH_NAMES.indexOf(lower) + 1;
  if (field === 4 && DAY_NAMES.includes(lower)) return DAY_NAMES.indexOf(lower);
  return null;
}

/** A readable complaint about one field, or null when we see nothing wrong (croner still checks). */
function checkField(text: string, field: number): string | null {
  const name = FIELD_NAMES[field] ?? 'field';
  const [min, max] = FIELD_RANGES[field] ?? [0, 0];
  for (const part of text.split(',')) {
    if (part === '') return `${name} field '${text}' has an empty list item`;
    const [base = '', step, extra] = part.split('/');
    if (extra !== undefined) return `${name} field '${part}' has more than one '/'`;
    if (step !== undefined && !(/^\d+$/.test(step) && Number(step) > 0)) {
      return `${name} field '${part}' has step '${step}': a step must be a whole number above 0`;
    }
    if (base === '?' && field !== 2 && field !== 4) return `'?' is only allowed in the day-of-month and day-of-week fields`;
    if (base === '*' || base === '?' || /[lw#]/i.test(base)) continue; // croner checks L, W and #
    const bounds = base.split('-');
    if (bounds.length > 2) return `${name} field '${part}' is not a value or a range`;
    const values = bounds.map((bound) => numberOrName(bound, field));
    for (const [i, value] of values.entries()) {
      if (value === null) return `${name} field has '${bounds[i] ?? ''}', which is not a number${field >= 3 ? ' or a name' : ''}`;
      if (value < min || value > max) return `${name} value ${value} is out of range (${min}-${max})`;
    }
    const [low, high] = values;
    if (low != null && high != null && low > high) return `${name} range '${base}' goes backwards (${low} > ${high})`;
  }
  return null;
}

/** True when no date matches the day-of-month and month fields (e.g. `0 0 30 2 *`). */
function neverFires(pattern: CronPattern): boolean {
  if (pattern.starDOM || !pattern.starDOW || pattern.lastDayOfMonth || pattern.nearestWeekdays.some((v) => v !== 0)) return false;
  for (let month = 0; month < 12; month++) {
    if (!pattern.month[month]) continue;
    const days = DAYS_IN_MONTH[month] ?? 31;
    for (let day = 0; day < days; day++) if (pattern.day[day]) return false;
  }
  return true;
}

/**
 * A clear error message for a bad cron expression or zone, or null when both are
 * fine. `@once` and "no schedule" are not cron: they are schedule kinds.
 */
export function validateCron(expression: string, timezone: string): string | null {
  if (!isValidTimeZone(timezone)) {
    return `Unknown time zone '${timezone}': use an IANA name such as 'UTC', 'Europe/Paris' or 'America/New_York'.`;
  }
  const trimmed = expression.trim();
  if (trimmed === '' || /^none$/i.test(trimmed)) {
    return `'${expression}' is not a cron expression: a DAG without a schedule uses the schedule kind 'none'.`;
  }
  if (/^@once$/i.test(trimmed)) return "'@once' is not a cron expression: use the schedule kind 'once'.";
  if (trimmed.startsWith('@') && CRON_PRESETS[trimmed.toLowerCase()] === undefined) {
    return `Unknown cron preset '${trimmed}'. ${FORMAT_HINT}`;
  }
  const fields = expandCronPreset(trimmed).split(' ');
  if (fields.length !== 5) {
    return `Invalid cron expression '${trimmed}': it has ${fields.length} field${fields.length === 1 ? '' : 's'}, not 5. ${FORMAT_HINT}`;
  }
  for (const [i, text] of fields.entries()) {
    const problem = checkField(text, i);
    if (problem !== null) return `Invalid cron expression '${trimmed}': ${problem}. ${FORMAT_HINT}`;
  }
  let pattern: CronPattern;
  try {
    pattern = new CronPattern(fields.join(' '), undefined, { mode: '5-part', sloppyRanges: true });
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^CronPattern:\s*/, '') : String(error);
    return `Invalid cron expression '${trimmed}': ${reason}. ${FORMAT_HINT}`;
  }
  if (neverFires(pattern)) return `Cron expression '${trimmed}' never fires: no month has that day.`;
  return null;
}

/** A validated cron expression bound to a zone. Construct with `parseCron`. */
export class CronSchedule {
  /** The expression as written (trimmed), e.g. `@daily`. */
  readonly expression: string;
  /** The five fields, presets expanded, e.g. `0 0 * * *`. */
  readonly fields: string;
  readonly timezone: string;
  /** True when the hour field selects all 24 hours (Airflow's `_covers_every_hour`). */
  readonly coversEveryHour: boolean;
  readonly #matcher: Cron;
  readonly #walls: WallClockMatches = { next: (wallMs) => this.#nextWall(wallMs), prev: (wallMs) => this.#prevWall(wallMs) };

  constructor(expression: string, timezone: string) {
    const problem = validateCron(expression, timezone);
    if (problem !== null) throw new Error(problem);
    this.expression = expression.trim();
    this.fields = expandCronPreset(expression);
    this.timezone = timezone;
    this.#matcher = new Cron(this.fields, CRONER_OPTIONS);
    const pattern = new CronPattern(this.fields, undefined, { mode: '5-part', sloppyRanges: true });
    this.coversEveryHour = pattern.hour.every((selected) => selected === 1);
  }

  #nextWall(wallMs: number): number {
    const next = this.#matcher.nextRun(new Date(wallMs));
    if (!next) throw new Error(`cron expression '${this.expression}' has no fire time after ${new Date(wallMs).toISOString()}`);
    return next.getTime();
  }

  #prevWall(wallMs: number): number {
    const prev = this.#matcher.previousRuns(1, new Date(wallMs))[0];
    if (!prev) throw new Error(`cron expression '${this.expression}' has no fire time before ${new Date(wallMs).toISOString()}`);
    return prev.getTime();
  }

  /** The first fire time strictly after `instant` (Airflow's `_get_next`). */
  next(instant: Date): Date {
    const current = instant.getTime();
    if (this.coversEveryHour) return new Date(nextEveryHourFire(this.#walls, this.timezone, current));
    let fire = this.#nextWall(wallClockAt(current, this.timezone));
    for (;;) {
      const pinned = instantAtWallClockLikeAirflow(fire, this.timezone);
      if (pinned > current) return new Date(Math.min(pinned, this.#firstFireAfterGap(current, fire, pinned)));
      fire = this.#nextWall(fire);
    }
  }

  /**
   * When `fire`, a wall time skipped by a spring-forward, was moved forward to
   * `pinned`: the first fire time after `current` that the clock really shows
   * after the jump, if it comes before `pinned`, else Infinity. There is none when
   * the clocks jump whole hours on the hour, but a 30-minute jump moves 02:20 to
   * 02:50, past 02:40.
   */
  #firstFireAfterGap(current: number, fire: number, pinned: number): number {
    if (wallClockAt(pinned, this.timezone) === fire) return Infinity; // not in a gap
    const change = offsetChangeBetween(pinned - DAY_MS, pinned, this.timezone);
    if (change === null) return Infinity;
    const offset = offsetAt(pinned, this.timezone);
    const shown = this.#nextWall(Math.max(current, change - 1) + offset) - offset;
    return shown < pinned ? shown : Infinity;
  }

  /** The last fire time strictly before `instant` (Airflow's `_get_prev`). */
  prev(instant: Date): Date {
    const current = instant.getTime();
    if (this.coversEveryHour) return new Date(prevEveryHourFire(this.#walls, this.timezone, current));
    let fire = this.#prevWall(wallClockAt(current, this.timezone));
    for (;;) {
      // Airflow pins to the later occurrence even when that is not before `instant`
      // (inside a repeated or skipped hour); then the fire before that one is meant.
      const pinned = instantAtWallClockLikeAirflow(fire, this.timezone);
      if (pinned < current) return new Date(pinned);
      fire = this.#prevWall(fire);
    }
  }

  /** `instant` if it is a fire time, else the next fire time (Airflow's `_align_to_next`). */
  alignToNext(instant: Date): Date {
    const next = this.next(instant);
    return this.prev(next).getTime() === instant.getTime() ? instant : next;
  }

  /** `instant` if it is a fire time, else the previous fire time (Airflow's `_align_to_prev`). */
  alignToPrev(instant: Date): Date {
    const prev = this.prev(instant);
    return this.next(prev).getTime() === instant.getTime() ? instant : prev;
  }
}

/** Parses and validates; throws an Error whose message says what is wrong. */
export function parseCron(expression: string, timezone: string): CronSchedule {
  return new CronSchedule(expression, timezone);
}

/** The first fire time strictly after `after`. */
export function nextFireTime(expression: string, timezone: string, after: Date): Date {
  return parseCron(expression, timezone).next(after);
}

/** The last fire time strictly before `before`. */
export function previousFireTime(expression: string, timezone: string, before: Date): Date {
  return parseCron(expression, timezone).prev(before);
}
