/**
 * Durations as people write them in DAG files ('30s', '1h30m', 'PT1H') and as
 * Updraft stores them (milliseconds).
 */

const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const EXAMPLES = "e.g. 1500 (milliseconds), '500ms', '30s', '5m', '1h30m', '2d', '1w' or ISO-8601 'PT1H', 'P1DT12H'";

// One or more "<number><unit>" parts, optionally separated by spaces: '1h30m', '1h 30m'.
const COMPACT = /^(?:\s*\d+(?:\.\d+)?\s*(?:ms|s|m|h|d|w))+\s*$/i;
const COMPACT_PART = /(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)/gi;
const ISO = /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;

function invalid(value: unknown, why: string): Error {
  return new Error(`Invalid duration ${JSON.stringify(value)}: ${why}. Use ${EXAMPLES}.`);
}

function checked(ms: number, value: unknown): number {
  if (!Number.isFinite(ms)) throw invalid(value, 'it is not a finite number');
  if (ms < 0) throw invalid(value, 'a duration cannot be negative');
  return Math.round(ms);
}

/** `parseDuration` that also takes a leading minus ('-30m', -5000): a time before a reference. */
export function parseSignedDuration(value: number | string): number {
  if (typeof value === 'string' && value.trim().startsWith('-')) return -parseDuration(value.trim().slice(1));
  if (typeof value === 'number' && value < 0) return -parseDuration(-value);
  return parseDuration(value);
}

/** Milliseconds in `value`: a number is already ms; a string has units. Throws with examples. */
export function parseDuration(value: number | string): number {
  if (typeof value === 'number') return checked(value, value);
  if (typeof value !== 'string') throw invalid(value, 'expected a number or a string');
  const text = value.trim();
  if (text === '') throw invalid(value, 'it is empty');
  if (/^\d+(?:\.\d+)?$/.test(text)) return checked(Number(text), value);
  if (/^[+-]?P/i.test(text)) {
    if (/^-/.test(text)) throw invalid(value, 'a duration cannot be negative');
    const iso = ISO.exec(text.replace(/^\+/, ''));
    if (iso === null || text.length <= 1 || /T$/i.test(text)) {
      if (/^P(?:\d+(?:\.\d+)?Y|\d+(?:\.\d+)?M)/i.test(text)) {
        throw invalid(value, 'years and months have no fixed length; use weeks or days (P4W, P30D)');
      }
      throw invalid(value, 'it is not an ISO-8601 duration of weeks, days, hours, minutes and seconds');
    }
    const [, w, d, h, m, s] = iso;
    const ms =
      Number(w ?? 0) * UNIT_MS.w! +
      Number(d ?? 0) * UNIT_MS.d! +
      Number(h ?? 0) * UNIT_MS.h! +
      Number(m ?? 0) * UNIT_MS.m! +
      Number(s ?? 0) * UNIT_MS.s!;
    if (w === undefined && d === undefined && h === undefined && m === undefined && s === undefined) {
      throw invalid(value, 'it has no amount');
    }
    return checked(ms, value);
  }
  if (/^-/.test(text)) throw invalid(value, 'a duration cannot be negative');
  if (!COMPACT.test(text)) {
    throw invalid(value, "expected amounts with units ms, s, m, h, d or w, such as '1h30m'");
  }
  let ms = 0;
  for (const [, amount, unit] of text.matchAll(COMPACT_PART)) {
    ms += Number(amount) * (UNIT_MS[(unit ?? '').toLowerCase()] ?? Number.NaN);
  }
  return checked(ms, value);
}

/** A short human form: '1h 30m', '2d 4h', '1.5s' stays '1s 500ms', 0 is '0s'. Round-trips through parseDuration. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  const sign = ms < 0 ? '-' : '';
  let rest = Math.round(Math.abs(ms));
  if (rest === 0) return '0s';
  const parts: string[] = [];
  for (const unit of ['d', 'h', 'm', 's', 'ms'] as const) {
    const size = UNIT_MS[unit] ?? 1;
    const count = Math.floor(rest / size);
    if (count > 0) parts.push(`${count}${unit}`);
    rest -= count * size;
  }
  return sign + parts.join(' ');
}
