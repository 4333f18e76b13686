/**
 * Encryption at rest, applied at the repository boundary. Without a cipher values
 * are stored as given (flag false); with one they are encrypted and flagged, so a
 * database can hold a mix while keys are introduced. Fernet itself arrives later
 * as a `SecretCipher` passed to `openStore`.
 */
import { StoreError } from '../errors.js';
import type { SecretCipher } from '../store.js';

export class Secrets {
  constructor(private readonly cipher: SecretCipher | undefined) {}

  /** Returns what to store and whether it is encrypted. */
  seal(plain: string | null): { readonly value: string | null; readonly encrypted: boolean } {
    if (plain === null || !this.cipher) return { value: plain, encrypted: false };
    return { value: this.cipher.encrypt(plain), encrypted: true };
  }

  open(stored: string | null, encrypted: boolean, what: string): string | null {
    if (stored === null || !encrypted) return stored;
    if (!this.cipher) {
      throw new StoreError(
        'encrypted',
        `${what} is stored encrypted but no encryption key is configured: set UPDRAFT_FERNET_KEY to the key it was written with.`,
      );
    }
    return this.cipher.decrypt(stored);
  }
}
