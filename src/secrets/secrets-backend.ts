/**
 * Where connections and variables come from (Airflow's secrets backends): a
 * local file, the environment, the metadata database. `SecretsChain` asks them
 * in order; the first that knows an id answers.
 */

/** A connection as a backend holds it: Airflow's fields, the extra as JSON text. */
export interface SecretConnection {
  readonly connId: string;
  readonly connType: string;
  readonly description: string | null;
  readonly host: string | null;
  readonly schema: string | null;
  readonly login: string | null;
  readonly password: string | null;
  readonly port: number | null;
  /** JSON text of an object, or null. */
  readonly extra: string | null;
}

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
