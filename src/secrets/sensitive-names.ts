/**
 * Which names hold secrets, the way Airflow's redaction decides: a name that
 * contains a sensitive word (password, secret, api_key...), any case. Used to
 * pick the values a task's log must mask and what the API and CLI show as `***`.
 */

/** Airflow's default sensitive field names (its `core.sensitive_var_conn_names` adds to these). */
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

/**
 * The string leaves of a JSON value that are secrets: everything under a
 * sensitive key (at any depth), as Airflow's `mask_secret(dict)` registers them.
 */
export function sensitiveValuesIn(value: unknown, underSensitiveKey = false): string[] {
  if (typeof value === 'string') return underSensitiveKey ? [value] : [];
  if (typeof value === 'number' || typeof value === 'boolean') return underSensitiveKey ? [String(value)] : [];
  if (Array.isArray(value)) return value.flatMap((v) => sensitiveValuesIn(v, underSensitiveKey));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([k, v]) => sensitiveValuesIn(v, underSensitiveKey || isSensitiveName(k)));
  }
  return [];
}
