/**
 * How the data-quality checks read values a database returned (JSON-safe, see
 * hooks/sql/json-safe.ts): truthiness as Airflow's Python `bool()`, numbers
 * from numeric text, and comparisons that work for numbers and for ISO text.
 */
import type { JsonValue } from '../../../core/dag-spec.js';

/** Python's truthiness: false, 0, null, '', [] and {} are falsy. */
export function isTruthy(value: JsonValue): boolean {
  if (value === null || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

/** A number from a number or numeric text ('10.5', '9223372036854775807'); null otherwise. */
export function toNumber(value: JsonValue | undefined): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '' && /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(value.trim())) return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  return null;
}

/** Airflow's parse_boolean, for a check result that may come back as 1/0, true/false or text. */
export function parseBoolean(value: JsonValue): boolean | null {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : null;
  if (typeof value !== 'string') return null;
  const text = value.toLowerCase();
  if (['y', 'yes', 't', 'true', 'on', '1'].includes(text)) return true;
  if (['n', 'no', 'f', 'false', 'off', '0'].includes(text)) return false;
  return null;
}

/** Compares two values: as numbers when both are numeric, else as text; null when they cannot be compared. */
export function compare(a: JsonValue, b: JsonValue): number | null {
  const x = toNumber(a);
  const y = toNumber(b);
  if (x !== null && y !== null) return x === y ? 0 : x < y ? -1 : 1;
  if (typeof a === 'string' && typeof b === 'string') return a === b ? 0 : a < b ? -1 : 1;
  return null;
}

/** A value as people read it in a failure message. */
export function show(value: JsonValue | undefined): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}
