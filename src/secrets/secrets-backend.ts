/**
 * Where connections and variables come from (Airflow's secrets backends): a
 * local file, the environment, the metadata database. `SecretsChain` asks them
 * in order; the first that knows an id answers.
 */
import type { ConnectionInput } from '../store/types.js';

/** A connection as a backend holds it: Airflow's fields, the extra as JSON text (the store's own shape, less its encryption flags). */
export type SecretConnection = ConnectionInput;

export interface SecretVariable {
  readonly value: string;
  /** To be masked in task logs: a sensitive key (password, token...) or a variable flagged secret. */
  readonly secret: boolean;
}

export interface KeyedSecretVariable extends SecretVariable {
  readonly key: string;
}

/** All a backend holds, for masking what tasks returned (XCom views): entries it cannot read are left out. */
export interface BackendContents {
  readonly connections: readonly SecretConnection[];
  readonly variables: readonly KeyedSecretVariable[];
}

export interface SecretsBackend {
  /** Shown as where a value came from: `local_file`, `environment`, `metastore`. */
  readonly name: string;
  /** `null` when this backend does not know the id (the next one is asked). */
  getConnection(connId: string): Promise<SecretConnection | null>;
  getVariable(key: string): Promise<SecretVariable | null>;
  contents(): Promise<BackendContents>;
}

/** The named entries read through the backend's own getters, leaving out those that fail (a malformed value no task can use either). */
export async function contentsOf(
  backend: Pick<SecretsBackend, 'getConnection' | 'getVariable'>,
  connIds: Iterable<string>,
  keys: Iterable<string>,
): Promise<BackendContents> {
  const connections: SecretConnection[] = [];
  for (const id of connIds) {
    const connection = await backend.getConnection(id).catch(() => null);
    if (connection) connections.push(connection);
  }
  const variables: KeyedSecretVariable[] = [];
  for (const key of keys) {
    const variable = await backend.getVariable(key).catch(() => null);
    if (variable) variables.push({ key, ...variable });
  }
  return { connections, variables };
}
