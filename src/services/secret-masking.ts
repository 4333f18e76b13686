/**
 * Hiding secrets the way Airflow's redaction does: a key whose name contains a
 * sensitive word (password, secret, api_key...) has its value shown as `***`,
 * at any depth of a JSON object. Shared by the CLI and the API.
 */
import { isSensitiveName } from '../secrets/sensitive-names.js';

export const MASK = '***';

// The names themselves live with the secrets code, which the task runner (a lower layer) shares.
export { SENSITIVE_NAMES, isSensitiveName } from '../secrets/sensitive-names.js';

/** A JSON value with the values of sensitive keys replaced by `***`. */
export function maskSensitive(key: string, value: unknown): unknown {
  if (isSensitiveName(key)) return MASK;
  if (Array.isArray(value)) return value.map((v) => maskSensitive('', v));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskSensitive(k, v)]));
  }
  return value;
}

/** A connection's extra (JSON text) with sensitive keys masked; text that is not JSON is hidden whole. */
export function maskedExtra(extra: string | null): string | null {
  if (extra === null) return null;
  try {
    return JSON.stringify(maskSensitive('', JSON.parse(extra)));
  } catch {
    return MASK;
  }
}

/**
 * A variable's value as shown: `***` when its key is sensitive or it is flagged
 * secret; otherwise, when the value is JSON, sensitive keys inside it are masked
 * (as Airflow redacts).
 */
export function maskedVariableValue(key: string, value: string, flaggedSecret = false): string {
  if (flaggedSecret || isSensitiveName(key)) return MASK;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return value;
  }
  if (typeof parsed !== 'object' || parsed === null) return value;
  const masked = maskSensitive('', parsed);
  return JSON.stringify(masked) === JSON.stringify(parsed) ? value : JSON.stringify(masked);
}

/**
 * The reverse of `maskedExtra` for a form sent back: every `***` in `sent`
 * (at any depth) whose place exists in `saved` gets the saved value, so a
 * client echoing what it was shown never replaces a secret with the mask.
 */
export function restoreMaskedExtra(sent: string | null, saved: string | null): string | null {
  if (sent === null || saved === null || !sent.includes(MASK)) return sent;
  let sentValue: unknown;
  let savedValue: unknown;
  try {
    sentValue = JSON.parse(sent);
    savedValue = JSON.parse(saved);
  } catch {
    return sent;
  }
  const restore = (value: unknown, original: unknown): unknown => {
    if (value === MASK) return original === undefined ? value : original;
    if (Array.isArray(value)) return value.map((v, i) => restore(v, Array.isArray(original) ? original[i] : undefined));
    if (typeof value === 'object' && value !== null) {
      const source = typeof original === 'object' && original !== null ? (original as Record<string, unknown>) : {};
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, restore(v, source[k])]));
    }
    return value;
  };
  return JSON.stringify(restore(sentValue, savedValue));
}
