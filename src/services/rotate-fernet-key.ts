/**
 * `updraft rotate-fernet-key` (Airflow's command): re-encrypts every connection
 * password and extra and every variable with the first Fernet key. The store's
 * cipher decrypts with any configured key and encrypts with the first, so a read
 * and a write of each value is the rotation; values stored in plaintext (before
 * keys were set up) come out encrypted too. One transaction: a value no key
 * decrypts fails the whole rotation, naming the value, and changes nothing.
 */
import type { Store } from '../store/store.js';

const BATCH = 500;

export interface RotationResult {
  readonly connections: number;
  readonly variables: number;
}

export async function rotateFernetKey(store: Store): Promise<RotationResult> {
  return store.transaction(async (tx) => {
    let connections = 0;
    for (let offset = 0; ; offset += BATCH) {
      const { items } = await tx.connections.list({ orderBy: 'connId', limit: BATCH, offset });
      for (const c of items) {
        await tx.connections.upsert({
          connId: c.connId,
          connType: c.connType,
          description: c.description,
          host: c.host,
          schema: c.schema,
          login: c.login,
          password: c.password,
          port: c.port,
          extra: c.extra,
        });
      }
      connections += items.length;
      if (items.length < BATCH) break;
    }
    let variables = 0;
    for (let offset = 0; ; offset += BATCH) {
      const { items } = await tx.variables.list({ orderBy: 'key', limit: BATCH, offset });
      // Description and secret flag left out: kept as they are.
      for (const v of items) await tx.variables.set({ key: v.key, value: v.value });
      variables += items.length;
      if (items.length < BATCH) break;
    }
    return { connections, variables };
  });
}
