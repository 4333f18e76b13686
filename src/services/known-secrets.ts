/**
 * Masking of values shown by the API that tasks produced (XComs): Airflow
 * redacts them on view, by key name and by every secret it knows. Here the
 * secrets are what any secrets backend holds (the local file, UPDRAFT_CONN_* /
 * UPDRAFT_VAR_*, the database): connection passwords and sensitive extra values,
 * and secret variables, which is what a try could have read and returned.
 * Values a task registered itself (`ctx.maskSecret`) live only in its process
 * and are masked in its log, not here (as in Airflow). The stored value stays
 * as it is: downstream tasks need the real one.
 */
import type { JsonValue } from '../core/dag-spec.js';
import { maskConnection } from '../runner/masking-task-services.js';
import { SecretMasker } from '../runner/secret-masker.js';
import type { SecretsChain } from '../secrets/secrets-chain.js';

/** A masker that knows every connection password and secret variable value of every backend. */
export async function knownSecretsMasker(secrets: SecretsChain): Promise<SecretMasker> {
  const masker = new SecretMasker();
  const { connections, variables } = await secrets.everything();
  for (const c of connections) {
    let extra: Record<string, JsonValue> = {};
    try {
      const parsed = c.extra ? (JSON.parse(c.extra) as unknown) : {};
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) extra = parsed as Record<string, JsonValue>;
    } catch {
      // An extra that is not JSON has no sensitive keys to find.
    }
    maskConnection(masker, { connId: c.connId, connType: c.connType, host: c.host, schema: c.schema, login: c.login, password: c.password, port: c.port, extra });
  }
  for (const v of variables) if (v.secret) masker.add(v.value);
  return masker;
}
