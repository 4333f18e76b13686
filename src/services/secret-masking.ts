/**
 * Hiding secrets the way Airflow's redaction does: a key whose name contains a
 * sensitive word (password, secret, api_key...) has its value shown as `***`,
 * at any depth of a JSON object. Shared by the CLI and the API.
 */
export const MASK = '***';

/** Airflow's default sensitive field names (`core.sensitive_var_conn_names` adds to these). */
export const SENSITIVE_NAMES = [
  'access_token',
  'api_key',
  'apikey',
  'authorization',
  'passphrase',
  'passwd',
  'password',
  'private_key',
  'secret',
  'token',
  'keyfile_dict',
  'service_account',
] as const;

export function isSensitiveName(name: string): boolean {
  const lower = name.toLowerCase();
  return SENSITIVE_NAMES.some((s) => lower.includes(s));
}

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
 * A variable's value as shown: `***` when its key is sensitive; otherwise, when
 * the value is JSON, sensitive keys inside it are masked (as Airflow redacts).
 */
export function maskedVariableValue(key: string, value: string): string {
  if (isSensitiveName(key)) return MASK;
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
