/**
 * Encryption at rest, applied at the repository boundary. Without a cipher values
 * are stored as given (flag false); with one they are encrypted and flagged, so a
 * database can hold a mix while keys are introduced. The cipher (Fernet, from
 * src/secrets) is given to `openStore` by the composition root: the store itself
 * knows no keys.
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
    try {
      return this.cipher.decrypt(stored);
    } catch (error) {
      // Never the ciphertext, never a guess: which value, and the cipher's reason (with what to do).
      throw new StoreError('encrypted', `${what} cannot be decrypted: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }
}
