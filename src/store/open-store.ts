/**
 * Opening the metadata store from configuration: the URL picks the dialect
 * (see kysely/dialects.ts), and pending migrations run on open unless the caller
 * only wants to look (`updraft db check` passes `migrate: false`).
 *
 * On SQLite open ONE store per process and share it: better-sqlite3 is synchronous,
 * so a second handle writing while the first holds a transaction would block the
 * event loop until `busy_timeout` (the first can never finish). Keep transactions
 * short and free of network waits: on SQLite they hold the single write lock.
 */
import { createDatabase, describeTarget, parseDatabaseUrl } from './kysely/dialects.js';
import { KyselyStore } from './kysely/kysely-store.js';
import { DEFAULT_MAX_XCOM_BYTES } from './kysely/xcom-repository.js';
import type { SecretCipher, Store } from './store.js';

export { DEFAULT_MAX_XCOM_BYTES };

export interface OpenStoreOptions {
  /** `postgres://...`/`postgresql://...`, `sqlite:///abs/path.db`, or unset for `<home>/updraft.db`. */
  readonly url?: string | undefined;
  /** UPDRAFT_HOME: where the default SQLite file lives. */
  readonly home: string;
  /** Apply pending migrations on open (default true). */
  readonly migrate?: boolean;
  /** Largest XCom value accepted, in bytes of its JSON (default 1 MiB). */
  readonly maxXcomBytes?: number;
  /** Encrypts variable values and connection secrets at rest when given. */
  readonly cipher?: SecretCipher;
}

export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const target = parseDatabaseUrl(options.url, options.home);
  const location = describeTarget(target);
  const opened = createDatabase(target);
  const store = new KyselyStore(opened.db, {
    dialect: opened.dialect,
    codec: opened.codec,
    location,
    maxXcomBytes: options.maxXcomBytes ?? DEFAULT_MAX_XCOM_BYTES,
    ...(options.cipher ? { cipher: options.cipher } : {}),
  });
  if (options.migrate !== false) {
    try {
      // Look before writing: most opens find nothing to do, and a read never waits
      // for the write lock a running scheduler may be holding.
      const check = await store.check();
      if (!check.reachable || check.pending.length > 0) await store.migrate();
    } catch (error) {
      await store.close().catch(() => undefined);
      throw explainOpenFailure(error, target.dialect, location);
    }
  }
  return store;
}

function explainOpenFailure(error: unknown, dialect: string, location: string): Error {
  const message = error instanceof Error ? error.message : String(error);
  if (dialect === 'postgres' && /ECONNREFUSED|ENOTFOUND|ETIMEDOUT|does not exist|password authentication/i.test(message)) {
    return new Error(
      `cannot open the PostgreSQL database at ${location}: ${message}. Check that PostgreSQL is running and that ` +
        `UPDRAFT_DATABASE_URL names an existing database and valid credentials.`,
      { cause: error },
    );
  }
  return error instanceof Error ? error : new Error(message);
}
