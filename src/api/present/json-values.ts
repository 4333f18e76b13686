/** Small conversions shared by the presenters: dates, durations, ids. */
import { createHash } from 'node:crypto';

export function iso(date: Date | null | undefined): string | null {
  return date ? date.toISOString() : null;
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

/** A stable UUID-shaped id for a row keyed by several strings (task instances). */
export function uuidOfKey(...parts: readonly (string | number)[]): string {
  const h = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
