/**
 * The composition root: the one place that picks concrete adapters (the Kysely
 * store, the DAG processor's sink) from the configuration. Commands and servers
 * ask for an `App` and use its services; nothing else constructs adapters.
 */
import { loadConfig, type ConfigOverrides, type UpdraftConfig } from './config/config.js';
import { EXAMPLE_DAGS_FOLDER } from './config/paths.js';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DagFolder } from './processor/dag-processor.js';
import { existingFernet, generateFernetKeyFile, generatedKeyNotice, missingKeyError, type ResolvedFernet } from './secrets/fernet-key-file.js';
import { buildSecretsChain, type SecretsChain } from './secrets/secrets-chain.js';
import { openStore } from './store/open-store.js';
import type { SecretCipher, Store } from './store/store.js';

export interface App {
  readonly config: UpdraftConfig;
  readonly store: Store;
  /** Where tasks (and `connections get`/`variables get`) find connections and variables: local file, environment, database. */
  readonly secrets: SecretsChain;
  /** Set when this open generated `<home>/fernet.key` (no key configured): tell the user, once. */
  readonly fernetKeyNotice: string | null;
  /** DAG folders to load: the user's, then the examples (filelocs `examples/...`) when `loadExamples` is on. */
  readonly dagFolders: readonly Required<DagFolder>[];
  close(): Promise<void>;
}

export interface OpenAppOptions extends ConfigOverrides {
  /** Apply pending migrations on open (default true; `db check` opens without). */
  readonly migrate?: boolean;
}

export async function openApp(options: OpenAppOptions = {}, env: NodeJS.ProcessEnv = process.env): Promise<App> {
  const config = loadConfig(env, options);
  ensureDagsFolder(config);
  const migrate = options.migrate ?? true;
  const fernet = existingFernet(config.fernetKey, config.home) ?? (await newFernetKey(config, migrate));
  const cipher: SecretCipher = fernet.cipher;
  const store = await openStore({
    url: config.databaseUrl ?? undefined,
    home: config.home,
    migrate,
    maxXcomBytes: config.maxXcomBytes,
    cipher,
  });
  let secrets: SecretsChain;
  try {
    secrets = buildSecretsChain(config.secrets, env, store, config.home);
  } catch (error) {
    await store.close();
    throw error;
  }
  return {
    config,
    store,
    secrets,
    fernetKeyNotice: fernet.generated && fernet.keyFile ? generatedKeyNotice(fernet.keyFile) : null,
    dagFolders: dagFoldersOf(config),
    close: () => store.close(),
  };
}

/**
 * No key configured and no key file: generate one, unless the database already
 * holds encrypted values (the key file was lost), which a new key could not read.
 * Only on that first open is the store opened an extra time, without a cipher.
 */
async function newFernetKey(config: UpdraftConfig, migrate: boolean): Promise<ResolvedFernet> {
  const store = await openStore({ url: config.databaseUrl ?? undefined, home: config.home, migrate, maxXcomBytes: config.maxXcomBytes });
  let encrypted: { connections: string[]; variables: string[] };
  try {
    encrypted = { connections: await store.connections.encryptedIds(5), variables: await store.variables.encryptedKeys(5) };
  } catch (error) {
    // Opened without migrations (`db check`) on a database without tables yet: nothing is encrypted.
    if (migrate) throw error;
    encrypted = { connections: [], variables: [] };
  } finally {
    await store.close();
  }
  if (encrypted.connections.length + encrypted.variables.length > 0) {
    // Another process starting at the same moment may have generated the key and written with it meanwhile.
    const generatedMeanwhile = existingFernet(config.fernetKey, config.home);
    if (generatedMeanwhile) return generatedMeanwhile;
    throw missingKeyError(config.home, encrypted);
  }
  return generateFernetKeyFile(config.home);
}

export const EXAMPLES_FILELOC_PREFIX = 'examples/';

export function dagFoldersOf(config: UpdraftConfig): Required<DagFolder>[] {
  const user = { path: config.dagsFolder, filelocPrefix: '' };
  return config.loadExamples ? [user, { path: EXAMPLE_DAGS_FOLDER, filelocPrefix: EXAMPLES_FILELOC_PREFIX }] : [user];
}

/** The default folder is created on first use (a fresh laptop has none); a configured one must exist. */
function ensureDagsFolder(config: UpdraftConfig): void {
  if (existsSync(config.dagsFolder)) return;
  if (config.dagsFolder === join(config.home, 'dags')) {
    mkdirSync(config.dagsFolder, { recursive: true });
    return;
  }
  throw new Error(`the DAGs folder ${config.dagsFolder} does not exist: create it, or fix UPDRAFT_DAGS_FOLDER / --dags-folder`);
}
