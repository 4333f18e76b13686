/**
 * Several Fernet keys for rotation, as Airflow's comma-separated `fernet_key`
 * (`cryptography`'s MultiFernet): encrypt with the first, decrypt with any,
 * `rotate` re-encrypts a token under the first key keeping its timestamp.
 * Text in, text out: this is the cipher the store's repositories are given.
 */
import { randomBytes } from 'node:crypto';
import { Fernet, FernetKeyError, InvalidToken, timestampOf, unverifiedTokenData } from './fernet.js';

export class FernetDecryptError extends Error {
  override name = 'FernetDecryptError';
}

export class MultiFernet {
  private readonly fernets: readonly Fernet[];

  /**
   * `keys`: newest first. `origin` says where they came from, for errors
   * ("UPDRAFT_FERNET_KEY / core.fernet_key", "the key file /home/u/updraft/fernet.key").
   */
  constructor(
    keys: readonly string[],
    private readonly origin: string,
  ) {
    if (keys.length === 0) throw new FernetKeyError(`no Fernet key in ${origin}`);
    this.fernets = keys.map((key, index) => {
      try {
        return new Fernet(key);
      } catch (error) {
        const which = keys.length > 1 ? `key ${index + 1} of ${keys.length}` : 'the key';
        throw new FernetKeyError(`${which} in ${origin} is not a valid Fernet key: ${(error as Error).message}`);
      }
    });
  }

  /** Parses Airflow's comma-separated form ("new,old"); blanks around keys are ignored, empty entries are not. */
  static fromList(list: string, origin: string): MultiFernet {
    const keys = list.split(',').map((k) => k.trim());
    if (keys.some((k) => k === '')) {
      throw new FernetKeyError(`${origin} has an empty entry: list keys newest first, separated by single commas (new,old)`);
    }
    return new MultiFernet(keys, origin);
  }

  get keyCount(): number {
    return this.fernets.length;
  }

  encrypt(plain: string): string {
    return (this.fernets[0] as Fernet).encrypt(plain);
  }

  /** The text, or a FernetDecryptError saying which keys were tried and what to do. */
  decrypt(token: string): string {
    return this.decryptBytes(token).toString('utf8');
  }

  /** The token re-encrypted under the first key, its timestamp kept (what `rotate-fernet-key` stores). */
  rotate(token: string): string {
    const data = this.verified(token);
    const plain = this.decryptBytes(token);
    return (this.fernets[0] as Fernet).encryptAt(plain, timestampOf(data), randomBytes(16));
  }

  private decryptBytes(token: string): Buffer {
    const data = this.verified(token);
    for (const fernet of this.fernets) {
      try {
        return fernet.decryptData(data);
      } catch (error) {
        if (!(error instanceof InvalidToken)) throw error;
      }
    }
    const n = this.fernets.length;
    const tried = n === 1 ? `the Fernet key in ${this.origin} does not decrypt it` : `none of the ${n} Fernet keys in ${this.origin} decrypts it`;
    throw new FernetDecryptError(
      `${tried}: it was written with another key. ` +
        `Configure the key it was written with, after the current one when keys were changed (UPDRAFT_FERNET_KEY=<new key>,<old key>), ` +
        `then run 'updraft rotate-fernet-key' to re-encrypt everything with the first key`,
    );
  }

  private verified(token: string): Buffer {
    try {
      return unverifiedTokenData(token);
    } catch {
      throw new FernetDecryptError(`the stored value is not a Fernet token: was it written by hand into the database? Set it again with the CLI, the API or the UI`);
    }
  }
}
