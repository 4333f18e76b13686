/** Small conversions shared by the presenters: dates, durations, ids. */
import * as crypto from 'node:crypto';

export function iso(date: Date | null | undefined): string | null {
  return date ? isoString(date) : null;
}

const DAY_MS = 86_400_000;
/** `YYYY-MM-DDT` by day number; list pages show many times on few days. */
const dayPrefixes = new Map<number, string>();
const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);
const pad3 = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);

/**
 * `date.toISOString()`, 5x faster: V8's costs ~0.4 us, and a 100-row page of
 * runs shows 800 times (a sixth of the page's CPU). Only the time of day is
 * formatted per call; the date part comes from a small cache by day.
 */
export function isoString(date: Date): string {
  const t = date.getTime();
  const day = Math.floor(t / DAY_MS);
  let prefix = dayPrefixes.get(day);
  if (prefix === undefined) {
    // Also how an invalid date throws, and years outside 0000-9999 keep toISOString's form.
    const full = date.toISOString();
    if (full.length !== 24) return full;
    prefix = full.slice(0, 11);
    if (dayPrefixes.size >= 4096) dayPrefixes.clear();
    dayPrefixes.set(day, prefix);
  }
  let ms = t - day * DAY_MS;
  const hours = Math.floor(ms / 3_600_000);
  ms -= hours * 3_600_000;
  const minutes = Math.floor(ms / 60_000);
  ms -= minutes * 60_000;
  const seconds = Math.floor(ms / 1000);
  return `${prefix}${pad2(hours)}:${pad2(minutes)}:${pad2(seconds)}.${pad3(ms - seconds * 1000)}Z`;
}

/** Airflow's TimeDelta object from milliseconds. */
export function timeDelta(ms: number | null): { __type: string; days: number; seconds: number; microseconds: number } | null {
  if (ms === null) return null;
  const days = Math.floor(ms / 86_400_000);
  const rest = ms - days * 86_400_000;
  return { __type: 'TimeDelta', days, seconds: Math.floor(rest / 1000), microseconds: (rest % 1000) * 1000 };
}

/** ISO 8601 duration (pydantic's timedelta form), e.g. `P1DT3600S`. */
export function isoDuration(ms: number | null): string | null {
  if (ms === null) return null;
  const days = Math.floor(ms / 86_400_000);
  const seconds = (ms - days * 86_400_000) / 1000;
  return `P${days > 0 ? `${days}D` : ''}T${seconds}S`;
}

/** A stable UUID-shaped id for a row keyed by an integer (our DAG versions). */
export function uuidOfInt(id: number): string {
  return `00000000-0000-4000-8000-${id.toString(16).padStart(12, '0')}`;
}

/** One-shot `crypto.hash` (Node >= 20.12) costs half of createHash().update().digest(); once per row of a task-instance page. */
const sha256Hex: (text: string) => string =
  typeof crypto.hash === 'function' ? (text) => crypto.hash('sha256', text, 'hex') : (text) => crypto.createHash('sha256').update(text).digest('hex');

/** A stable UUID-shaped id for a row keyed by several strings (task instances). */
export function uuidOfKey(...parts: readonly (string | number)[]): string {
  const h = sha256Hex(parts.join('\u0000'));
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
