/**
 * Fernet (github.com/fernet/spec), byte-compatible with Python's `cryptography`
 * and so with Airflow's `fernet_key`: a key is 32 random bytes in base64url
 * (44 characters, signing key then encryption key); a token is base64url of
 *
 *   0x80 ‖ timestamp (u64 BE seconds) ‖ IV (16) ‖ AES-128-CBC(PKCS7(message)) ‖ HMAC-SHA256
 *
 * Pure but for the clock and the random IV, both of which a caller may pin
 * (the spec's test vectors do).
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const VERSION = 0x80;
const HEADER_BYTES = 1 + 8 + 16;
const HMAC_BYTES = 32;
const BLOCK_BYTES = 16;
/** `cryptography` refuses tokens stamped more than this far in the future (when a TTL is checked). */
const MAX_CLOCK_SKEW_SEC = 60;
const KEY_TEXT = /^[A-Za-z0-9_-]{43}=$/;
const TOKEN_TEXT = /^(?:[A-Za-z0-9_-]{4})*(?:[A-Za-z0-9_-]{2}==|[A-Za-z0-9_-]{3}=)?$/;

/** Why a token was refused: a different key (`signature`) is by far the most common. */
export type InvalidTokenReason = 'malformed' | 'signature' | 'expired' | 'future' | 'padding';

export class InvalidToken extends Error {
  override name = 'InvalidToken';
  constructor(readonly reason: InvalidTokenReason) {
    super(`invalid Fernet token (${reason})`);
  }
}

export class FernetKeyError extends Error {
  override name = 'FernetKeyError';
}

/** A new key, as `Fernet.generate_key()` makes them. */
export function generateFernetKey(): string {
  return randomBytes(32).toString('base64url') + '=';
}

/** The 32 key bytes, or a FernetKeyError saying what shape a key has (never echoing the key). */
export function decodeFernetKey(text: string): Buffer {
  // Python's urlsafe_b64decode also accepts the standard alphabet: so do we.
  const normalized = text.trim().replace(/\+/g, '-').replace(/\//g, '_');
  if (!KEY_TEXT.test(normalized)) {
    throw new FernetKeyError(
      `a Fernet key must be 32 url-safe base64-encoded bytes (44 characters ending in "="), got ${text.trim().length} characters; ` +
        `make one with: openssl rand -base64 32 | tr '+/' '-_'`,
    );
  }
  return Buffer.from(normalized, 'base64url');
}

export interface EncryptOptions {
  /** Default: now. */
  readonly now?: Date;
  /** Default: 16 random bytes. */
  readonly iv?: Buffer;
}

export interface DecryptOptions {
  /** Refuse tokens older than this (and stamped over 60 s in the future); default: no limit (as Airflow). */
  readonly ttlSec?: number;
  readonly now?: Date;
}

export class Fernet {
  private readonly signingKey: Buffer;
  private readonly encryptionKey: Buffer;

  constructor(key: string) {
    const bytes = decodeFernetKey(key);
    this.signingKey = bytes.subarray(0, 16);
    this.encryptionKey = bytes.subarray(16);
  }

  encrypt(message: Buffer | string, options: EncryptOptions = {}): string {
    const seconds = Math.floor((options.now ?? new Date()).getTime() / 1000);
    return this.encryptAt(typeof message === 'string' ? Buffer.from(message, 'utf8') : message, seconds, options.iv ?? randomBytes(16));
  }

  /** The message as bytes, or InvalidToken. */
  decrypt(token: string, options: DecryptOptions = {}): Buffer {
    const data = unverifiedTokenData(token);
    if (options.ttlSec !== undefined) {
      const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
      const stamped = timestampOf(data);
      if (stamped + options.ttlSec < now) throw new InvalidToken('expired');
      if (now + MAX_CLOCK_SKEW_SEC < stamped) throw new InvalidToken('future');
    }
    return this.decryptData(data);
  }

  /** @internal Shared with MultiFernet.rotate, which keeps the original timestamp. */
  encryptAt(message: Buffer, seconds: number, iv: Buffer): string {
    if (iv.length !== 16) throw new RangeError('a Fernet IV is 16 bytes');
    const cipher = createCipheriv('aes-128-cbc', this.encryptionKey, iv);
    const ciphertext = Buffer.concat([cipher.update(message), cipher.final()]);
    const header = Buffer.alloc(1 + 8);
    header[0] = VERSION;
    header.writeBigUInt64BE(BigInt(seconds), 1);
    const signed = Buffer.concat([header, iv, ciphertext]);
    return Buffer.concat([signed, this.hmac(signed)]).toString('base64url') + padding(signed.length + HMAC_BYTES);
  }

  /** @internal Verifies the HMAC, then decrypts; no time checks. */
  decryptData(data: Buffer): Buffer {
    const signed = data.subarray(0, data.length - HMAC_BYTES);
    if (!timingSafeEqual(this.hmac(signed), data.subarray(data.length - HMAC_BYTES))) throw new InvalidToken('signature');
    const iv = data.subarray(1 + 8, HEADER_BYTES);
    const ciphertext = data.subarray(HEADER_BYTES, data.length - HMAC_BYTES);
    try {
      const decipher = createDecipheriv('aes-128-cbc', this.encryptionKey, iv);
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
    } catch {
      // A bad final block (wrong IV or altered ciphertext that still passed the HMAC: only with the key).
      throw new InvalidToken('padding');
    }
  }

  private hmac(bytes: Buffer): Buffer {
    return createHmac('sha256', this.signingKey).update(bytes).digest();
  }
}

/** The decoded token after the checks that need no key: base64url, version, length. */
export function unverifiedTokenData(token: string): Buffer {
  if (typeof token !== 'string' || !TOKEN_TEXT.test(token)) throw new InvalidToken('malformed');
  const data = Buffer.from(token, 'base64url');
  const ciphertextBytes = data.length - HEADER_BYTES - HMAC_BYTES;
  if (data[0] !== VERSION || ciphertextBytes < BLOCK_BYTES || ciphertextBytes % BLOCK_BYTES !== 0) throw new InvalidToken('malformed');
  return data;
}

/** Seconds since the epoch when the token was made. */
export function timestampOf(data: Buffer): number {
  return Number(data.readBigUInt64BE(1));
}

/** base64url with `=` padding, as Python writes it (Node's base64url omits it). */
function padding(bytes: number): string {
  return '='.repeat((3 - (bytes % 3)) % 3);
}
