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

export interface SecretsBackend {
  /** Shown as where a value came from: `local_file`, `environment`, `metastore`. */
  readonly name: string;
  /** `null` when this backend does not know the id (the next one is asked). */
  getConnection(connId: string): Promise<SecretConnection | null>;
  getVariable(key: string): Promise<SecretVariable | null>;
}
