/**
 * The values SQL hooks return are JSON data, the same on every database, so a
 * task can return them as its XCom and a check can compare them:
 *
 * - integers (BIGINT, int8, SQLite INTEGER): a number when it is a safe integer
 *   (|n| <= 2^53 - 1), otherwise its decimal text ("9223372036854775807")
 * - NUMERIC/DECIMAL: a number when the double has the same digits ("10.50" -> 10.5),
 *   otherwise the exact text
 * - NaN and infinities: the text "NaN", "Infinity", "-Infinity"
 * - timestamps: ISO-8601 text in UTC ("2024-01-31T12:00:00.000Z"); a timestamp
 *   without a time zone is read as UTC
 * - DATE: "YYYY-MM-DD"
 * - binary (bytea, BLOB): base64 text
 * - JSON columns: the parsed value; booleans stay booleans (MySQL and SQLite have none: 0 and 1)
 */
import type { JsonValue } from '../../core/dag-spec.js';

export function jsonSafe(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'bigint':
      return integerValue(value);
    case 'object':
      break;
    default:
      return String(value);
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  if (Array.isArray(value)) return value.map(jsonSafe);
  const out: Record<string, JsonValue> = {};
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    if (typeof inner !== 'function') out[key] = jsonSafe(inner);
  }
  return out;
}

/** An integer as a number when that is exact, else as its decimal text. */
export function integerValue(value: bigint | string | number): number | string {
  const big = typeof value === 'bigint' ? value : BigInt(value);
  return big <= BigInt(Number.MAX_SAFE_INTEGER) && big >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(big) : big.toString();
}

/** A NUMERIC/DECIMAL text as a number when the double keeps its digits, else the text unchanged. */
export function decimalValue(text: string): number | string {
  if (text === 'NaN' || text === 'Infinity' || text === '-Infinity') return text;
  const number = Number(text);
  if (!Number.isFinite(number)) return text;
  return canonicalDecimal(text) === canonicalDecimal(String(number)) ? number : text;
}

/** Sign, significant digits and exponent of a decimal text, so "10.50", "1.05e1" and "10.5" compare equal. */
function canonicalDecimal(text: string): string {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(text.trim());
  if (!match) return text;
  const [, sign = '', whole = '', fraction = '', exponent = '0'] = match;
  const digits = `${whole}${fraction}`;
  const firstNonZero = digits.search(/[1-9]/);
  if (firstNonZero < 0) return '0';
  const significant = digits.slice(firstNonZero).replace(/0+$/, '');
  const pointAt = whole.length - firstNonZero + Number(exponent);
  return `${sign === '-' ? '-' : ''}${significant}e${pointAt}`;
}
