/**
 * Which Fernet keys encrypt connection and variable secrets. `core.fernet_key`
 * (UPDRAFT_FERNET_KEY) when set, comma-separated, newest first. Otherwise one key
 * generated on first use and kept (mode 600) in `<UPDRAFT_HOME>/fernet.key`: Airflow
 * stores plaintext without a key, we never do, and a laptop install needs no setup.
 * Several machines sharing one PostgreSQL must all be given the same key.
 */
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { FernetKeyError, generateFernetKey } from './fernet.js';
import { MultiFernet } from './multi-fernet.js';

export const FERNET_KEY_SETTING = 'UPDRAFT_FERNET_KEY / core.fernet_key';

export function fernetKeyFile(home: string): string {
  return join(home, 'fernet.key');
}

export interface ResolvedFernet {
  readonly cipher: MultiFernet;
  /** The key file when the keys came from it (null: from the setting). */
  readonly keyFile: string | null;
  /** True when this call generated the key file: say so once, and tell the user to keep it. */
  readonly generated: boolean;
}

export function resolveFernet(configured: string | null, home: string): ResolvedFernet {
  return existingFernet(configured, home) ?? generateFernetKeyFile(home);
}

/** The configured keys, else the kept key file; null when neither exists (a key would have to be generated). */
export function existingFernet(configured: string | null, home: string): ResolvedFernet | null {
  const file = fernetKeyFile(home);
  if (configured !== null && configured.trim() !== '') {
    // A key generated before one was configured still encrypts older values: point at it in errors.
    const earlier = readKeyFileQuietly(file);
    const hint = earlier !== null && !configured.includes(earlier) ? ` (the key generated earlier, which this home's older values may need, is in ${file})` : '';
    return { cipher: MultiFernet.fromList(configured, FERNET_KEY_SETTING + hint), keyFile: null, generated: false };
  }
  const kept = readKeyFile(file);
  return kept === null ? null : { cipher: MultiFernet.fromList(kept, keyFileOrigin(file)), keyFile: file, generated: false };
}

/** Generates `<home>/fernet.key`, or reads the one another process generated a moment before. */
export function generateFernetKeyFile(home: string): ResolvedFernet {
  const file = fernetKeyFile(home);
  mkdirSync(dirname(file), { recursive: true });
  const key = generateFernetKey();
  // Written aside, then linked into place: link is atomic and refuses an existing file, so of two
  // processes starting at once the second reads the first one's whole key, never a half-written file.
  const aside = `${file}.${process.pid}.tmp`;
  writeFileSync(aside, `${key}\n`, { mode: 0o600 });
  try {
    linkSync(aside, file);
    return { cipher: MultiFernet.fromList(key, keyFileOrigin(file)), keyFile: file, generated: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { cipher: MultiFernet.fromList(readKeyFile(file) ?? '', keyFileOrigin(file)), keyFile: file, generated: false };
  } finally {
    rmSync(aside, { force: true });
  }
}

/**
 * The error when no key is at hand but the database already holds values encrypted
 * with one: the key file was lost (or the key setting dropped). A new key would
 * leave those values unreadable beside new ones it could read, so none is made.
 */
export function missingKeyError(home: string, encrypted: { readonly connections: readonly string[]; readonly variables: readonly string[] }): FernetKeyError {
  const named = [...encrypted.connections.map((id) => `connection "${id}"`), ...encrypted.variables.map((key) => `variable "${key}"`)];
  return new FernetKeyError(
    `no Fernet key: ${FERNET_KEY_SETTING} is not set and ${fernetKeyFile(home)} does not exist, ` +
      `but the metadata database holds values encrypted with a key (${named.join(', ')}${named.length >= 5 ? ', ...' : ''}). ` +
      `Restore the key file from a backup, or set UPDRAFT_FERNET_KEY to the key they were written with; ` +
      `no new key is generated, as it could not read them.`,
  );
}

function keyFileOrigin(file: string): string {
  return `the key file ${file} (generated here because ${FERNET_KEY_SETTING} is not set)`;
}

/** What to tell the user the one time a key file is generated. */
export function generatedKeyNotice(file: string): string {
  return (
    `Generated a Fernet key in ${file}: it encrypts connection passwords, extras and variables in the metadata database. ` +
    `Back it up (without it they cannot be read), or set UPDRAFT_FERNET_KEY to a key of your own; ` +
    `every machine sharing this database needs the same key.`
  );
}

function readKeyFile(file: string): string | null {
  try {
    const text = readFileSync(file, 'utf8').trim();
    if (text !== '') return text;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  throw new FernetKeyError(
    `the Fernet key file ${file} is empty: restore the key it held from a backup, or set UPDRAFT_FERNET_KEY; ` +
      `deleting the file makes a new key, and values encrypted with the lost one cannot be read again`,
  );
}

function readKeyFileQuietly(file: string): string | null {
  try {
    return readFileSync(file, 'utf8').trim() || null;
  } catch {
    return null;
  }
}
