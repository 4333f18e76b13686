/**
 * Masking of values shown by the API that tasks produced (XComs): Airflow
 * redacts them on view, by key name and by every secret it knows. Here the
 * secrets are the stored connections' passwords (and sensitive extra values)
 * and the secret variables — what a try could have read and returned. The
 * stored value stays as it is: downstream tasks need the real one.
 */
import type { JsonValue } from '../core/dag-spec.js';
import { maskConnection } from '../runner/masking-task-services.js';
import { SecretMasker } from '../runner/secret-masker.js';
import { isSensitiveName } from '../secrets/sensitive-names.js';
import type { Store } from '../store/store.js';
import { MASK } from './secret-masking.js';

/** A masker that knows every stored connection password and secret variable value. */
export async function knownSecretsMasker(store: Store): Promise<SecretMasker> {
  const masker = new SecretMasker();
  for (const c of (await store.connections.list()).items) {
    let extra: Record<string, JsonValue> = {};
    try {
      const parsed = c.extra ? (JSON.parse(c.extra) as unknown) : {};
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) extra = parsed as Record<string, JsonValue>;
    } catch {
      // An extra that is not JSON has no sensitive keys to find.
    }
    maskConnection(masker, { connId: c.connId, connType: c.connType, host: c.host, schema: c.schema, login: c.login, password: c.password, port: c.port, extra });
  }
  for (const v of (await store.variables.list()).items) {
    if (v.isSecret || isSensitiveName(v.key)) masker.add(v.value);
  }
  return masker;
}

/** The value with sensitive keys' values and known secrets inside strings shown as `***`. */
export function maskValue(value: JsonValue, masker: SecretMasker, key = ''): JsonValue {
  if (key !== '' && isSensitiveName(key)) return MASK;
  if (typeof value === 'string') return masker.mask(value);
  if (Array.isArray(value)) return value.map((item: JsonValue) => maskValue(item, masker));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskValue(v, masker, k)]));
  return value;
}
