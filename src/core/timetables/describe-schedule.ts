/**
 * A schedule in plain English for people ("every day at 02:00, Europe/Paris").
 * Common cron shapes are described; anything else reads "cron: <expr> (<zone>)".
 */
import { describeAssetCondition, scheduleAssetCondition } from '../asset-condition.js';
import type { ScheduleSpec } from '../dag-spec.js';
import { expandCronPreset } from './cron.js';

const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const DAY_ABBREVIATIONS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const MONTH_ABBREVIATIONS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

const INTERVAL_UNITS: ReadonlyArray<readonly [number, string]> = [
  [604_800_000, 'week'],
  [86_400_000, 'day'],
  [3_600_000, 'hour'],
  [60_000, 'minute'],
  [1_000, 'second'],
  [1, 'millisecond'],
];

function every(count: number, unit: string): string {
  return count === 1 ? `every ${unit}` : `every ${count} ${unit}s`;
}

/** "every 6 hours", "every day", "every 90 minutes". */
export function describeInterval(everyMs: number): string {
  for (const [size, unit] of INTERVAL_UNITS) {
    if (everyMs >= size && everyMs % size === 0) return every(everyMs / size, unit);
  }
  return `every ${everyMs} ms`;
}

const pad = (n: number): string => String(n).padStart(2, '0');

function toNumber(text: string, names: readonly string[], offset: number): number | null {
  if (/^\d+$/.test(text)) return Number(text);
  const index = names.indexOf(text.toLowerCase());
  return index < 0 ? null : index + offset;
}

/** A plain list of numbers: "5", "1,15", "MON-FRI" expanded; null for steps and specials. */
function listOf(field: string, names: readonly string[] = [], offset = 0): number[] | null {
  const values: number[] = [];
  for (const part of field.split(',')) {
    const bounds = part.split('-');
    if (bounds.length > 2) return null;
    const [low, high] = bounds.map((b) => toNumber(b, names, offset));
    if (low == null || (bounds.length === 2 && high == null)) return null;
    for (let v = low; v <= (high ?? low); v++) values.push(v);
  }
  return values;
}

function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1] ?? ''}`;
}

/** Days of the week: "Monday to Friday" for a range, "Monday, Wednesday and Friday" for a list. */
function describeDays(field: string): string | null {
  const days = listOf(field, DAY_ABBREVIATIONS, 0)?.map((d) => (d === 7 ? 0 : d));
  if (!days || days.some((d) => d < 0 || d > 6)) return null;
  const single = /^[^,]+-[^,]+$/.test(field);
  const first = days[0];
  const last = days[days.length - 1];
  if (single && first !== undefined && last !== undefined && days.length > 2) {
    return `${DAY_NAMES[first]} to ${DAY_NAMES[last]}`;
  }
  return joinWords(days.map((d) => DAY_NAMES[d] ?? String(d)));
}

function ordinalDays(days: readonly number[]): string {
  return `day${days.length > 1 ? 's' : ''} ${joinWords(days.map(String))}`;
}

/** The five fields of a cron schedule in words, or null if the shape is not a common one. */
function describeCronFields(fields: string, timezone: string): string | null {
  const [minute = '', hour = '', dom = '', month = '', dow = ''] = fields.split(' ');
  const utc = timezone === 'UTC' || timezone === 'Etc/UTC';
  // After a time: " UTC" reads naturally; elsewhere the zone follows a comma.
  const zoneAfterTime = utc ? ' UTC' : `, ${timezone}`;
  const zoneAfterWords = `, ${utc ? 'UTC' : timezone}`;
  const anyDay = dom === '*' && month === '*' && dow === '*';

  const minuteStep = /^\*\/(\d+)$/.exec(minute);
  if (hour === '*' && anyDay) {
    if (minute === '*') return 'every minute';
    if (minuteStep) return every(Number(minuteStep[1]), 'minute');
    const minutes = listOf(minute);
    if (minutes?.length === 1) return minutes[0] === 0 ? 'every hour' : `every hour at minute ${minutes[0]}`;
    if (minutes) return `every hour at minutes ${joinWords(minutes.map(String))}`;
    return null;
  }
  const minutes = listOf(minute);
  if (minutes?.length !== 1) return null;
  const mm = pad(minutes[0] ?? 0);
  const hourStep = /^\*\/(\d+)$/.exec(hour);
  if (hourStep && anyDay) {
    const base = every(Number(hourStep[1]), 'hour');
    return minutes[0] === 0 ? base : `${base} at minute ${minutes[0]}`;
  }
  const hours = listOf(hour);
  if (!hours || hours.some((h) => h > 23)) return null;
  const times = joinWords(hours.map((h) => `${pad(h)}:${mm}`));

  if (anyDay) return `every day at ${times}${zoneAfterTime}`;
  if (dom === '*' && month === '*') {
    const days = describeDays(dow);
    if (days === null) return null;
    if (!days.includes(' ')) return `every ${days} at ${times}${zoneAfterTime}`;
    return `at ${times} on ${days}${zoneAfterWords}`;
  }
  if (dow !== '*') return null;
  const domDays = listOf(dom);
  if (!domDays) return null;
  if (month === '*') return `every month on ${ordinalDays(domDays)} at ${times}${zoneAfterTime}`;
  const monthStep = /^\*\/(\d+)$/.exec(month);
  if (monthStep) return `every ${monthStep[1]} months on ${ordinalDays(domDays)} at ${times}${zoneAfterTime}`;
  const months = listOf(month, MONTH_ABBREVIATIONS, 1);
  if (!months || months.some((m) => m < 1 || m > 12)) return null;
  if (months.length === 1 && domDays.length === 1) {
    return `every year on ${domDays[0]} ${MONTH_NAMES[(months[0] ?? 1) - 1]} at ${times}${zoneAfterTime}`;
  }
  return null;
}

export function describeCron(expression: string, timezone: string): string {
  return describeCronFields(expandCronPreset(expression), timezone) ?? `cron: ${expression.trim()} (${timezone})`;
}

export function describeSchedule(schedule: ScheduleSpec): string {
  switch (schedule.kind) {
    case 'none':
      return 'manual only';
    case 'once':
      return 'once';
    case 'cron':
      return describeCron(schedule.expression, schedule.timezone);
    case 'interval':
      return describeInterval(schedule.everyMs);
    case 'assets': {
      const condition = scheduleAssetCondition(schedule);
      const flat = typeof condition === 'string' || ('all' in condition && condition.all.every((m) => typeof m === 'string'));
      // Nested conditions read as an expression: "when assets a | (b & c) are updated".
      if (!flat) return `when assets ${describeAssetCondition(condition)} are updated`;
      return schedule.assets.length === 0 ? 'when assets are updated' : `when ${joinWords([...schedule.assets])} ${schedule.assets.length === 1 ? 'is' : 'are'} updated`;
    }
  }
}
