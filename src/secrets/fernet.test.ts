/**
 * Fernet against the spec's own vectors (github.com/fernet/spec: generate.json,
 * verify.json, invalid.json, ported as data), tokens made by Python's
 * `cryptography` (what Airflow uses), and MultiFernet's rotation rules.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decodeFernetKey, Fernet, FernetKeyError, generateFernetKey, InvalidToken, timestampOf, unverifiedTokenData } from './fernet.js';
import { FernetDecryptError, MultiFernet } from './multi-fernet.js';

const SPEC_SECRET = 'cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=';
const SPEC_TOKEN = 'gAAAAAAdwJ6wAAECAwQFBgcICQoLDA0ODy021cpGVWKZ_eEwCGM4BLLF_5CV9dOPmrhuVUPgJobwOz7JcbmrR64jVmpU4IwqDA==';

describe('Fernet spec vectors (fernet/spec)', () => {
  it('generate.json: "hello" at 1985-10-26T01:20:00-07:00 with IV 0..15 is the published token', () => {
    const iv = Buffer.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    const token = new Fernet(SPEC_SECRET).encrypt('hello', { now: new Date('1985-10-26T01:20:00-07:00'), iv });
    assert.equal(token, SPEC_TOKEN);
  });

  it('verify.json: the token decrypts to "hello" one second later with a 60 s TTL', () => {
    const plain = new Fernet(SPEC_SECRET).decrypt(SPEC_TOKEN, { ttlSec: 60, now: new Date('1985-10-26T01:20:01-07:00') });
    assert.equal(plain.toString('utf8'), 'hello');
  });

  // invalid.json: each must be refused (now 1985-10-26T01:20:01-07:00, ttl 60 s, except where noted).
  const invalid: readonly { desc: string; token: string; now?: string }[] = [
    { desc: 'incorrect mac', token: 'gAAAAAAdwJ6xAAECAwQFBgcICQoLDA0OD3HkMATM5lFqGaerZ-fWPAl1-szkFVzXTuGb4hR8AKtwcaX1YdykQUFBQUFBQUFBQQ==' },
    { desc: 'too short', token: 'gAAAAAAdwJ6xAAECAwQFBgcICQoLDA0OD3HkMATM5lFqGaerZ-fWPA==' },
    { desc: 'invalid base64', token: '%%%%%%%%%%%%%AECAwQFBgcICQoLDA0OD3HkMATM5lFqGaerZ-fWPAl1-szkFVzXTuGb4hR8AKtwcaX1YdykRtfsH-p1YsUD2Q==' },
    { desc: 'payload size not multiple of block size', token: 'gAAAAAAdwJ6xAAECAwQFBgcICQoLDA0OD3HkMATM5lFqGaerZ-fWPOm73QeoCk9uGib28Xe5vz6oxq5nmxbx_v7mrfyudzUm' },
    { desc: 'payload padding error', token: 'gAAAAAAdwJ6xAAECAwQFBgcICQoLDA0ODz4LEpdELGQAad7aNEHbf-JkLPIpuiYRLQ3RtXatOYREu2FWke6CnJNYIbkuKNqOhw==' },
    { desc: 'far-future TS (unacceptable clock skew)', token: 'gAAAAAAdwStRAAECAwQFBgcICQoLDA0OD3HkMATM5lFqGaerZ-fWPAnja1xKYyhd-Y6mSkTOyTGJmw2Xc2a6kBd-iX9b_qXQcw==' },
    { desc: 'expired TTL', token: 'gAAAAAAdwJ6xAAECAwQFBgcICQoLDA0OD3HkMATM5lFqGaerZ-fWPAl1-szkFVzXTuGb4hR8AKtwcaX1YdykRtfsH-p1YsUD2Q==', now: '1985-10-26T01:21:31-07:00' },
    { desc: 'incorrect IV (causes padding error)', token: 'gAAAAAAdwJ6xBQECAwQFBgcICQoLDA0OD3HkMATM5lFqGaerZ-fWPAkLhFLHpGtDBRLRTZeUfWgHSv49TF2AUEZ1TIvcZjK1zQ==' },
  ];
  for (const vector of invalid) {
    it(`invalid.json: ${vector.desc}`, () => {
      const now = new Date(vector.now ?? '1985-10-26T01:20:01-07:00');
      assert.throws(() => new Fernet(SPEC_SECRET).decrypt(vector.token, { ttlSec: 60, now }), InvalidToken);
    });
  }

  it('the expired and far-future tokens are otherwise sound: without a TTL (as Airflow reads) they decrypt (to "", as with cryptography)', () => {
    for (const desc of ['expired TTL', 'far-future TS (unacceptable clock skew)']) {
      const vector = invalid.find((v) => v.desc === desc) as { token: string };
      assert.equal(new Fernet(SPEC_SECRET).decrypt(vector.token).length, 0);
    }
  });
});

describe("tokens made by Python's cryptography 48.0.0 (Airflow's Fernet)", () => {
  // Made with Fernet(KEY_1).encrypt("p@ss wörd — Airflow".encode()), then MultiFernet([KEY_2, KEY_1]).rotate(token).
  const KEY_1 = 'E-vh2ycqoFoAU8iURbgBbMl5YxGKzL8RqPptr91qT5U=';
  const KEY_2 = 'myoh8vkh1hwgciJBX9gk2cmA2bTExKUFR5bMe2KDyME=';
  const TOKEN = 'gAAAAABrAWSBQqaQJPkq8Q5xPEs3Qh_z8_HE5EzV_YnSYG8C4ggtzVTZ0dLWvqbVIdq8zF63reHUQqx-Kp-P_OZHSQEr8ElKNP4ILzSN8gQJM5rwdRU_dKI=';
  const ROTATED = 'gAAAAABrAWSBRY6QgFJz1p39KD6TA7uIrXbI1ztSJ1RHthgvfS5GR7Rd8J2ezhLx1yTT9XnGLqRZxnFdvCrKqezVkWhDkqDqcIwNLoP1n2ivmwViruRuCgA=';

  it('decrypts a token Python made, UTF-8 intact', () => {
    assert.equal(new MultiFernet([KEY_1], 'test').decrypt(TOKEN), 'p@ss wörd — Airflow');
  });

  it("decrypts Python's rotation with the new key alone; the rotation kept the original timestamp", () => {
    assert.equal(new MultiFernet([KEY_2], 'test').decrypt(ROTATED), 'p@ss wörd — Airflow');
    assert.throws(() => new MultiFernet([KEY_1], 'test').decrypt(ROTATED), FernetDecryptError);
    assert.equal(timestampOf(unverifiedTokenData(ROTATED)), timestampOf(unverifiedTokenData(TOKEN)));
  });

  it('our rotation of the Python token reads back under the new key with the same timestamp', () => {
    const ours = new MultiFernet([KEY_2, KEY_1], 'test').rotate(TOKEN);
    assert.equal(new MultiFernet([KEY_2], 'test').decrypt(ours), 'p@ss wörd — Airflow');
    assert.equal(timestampOf(unverifiedTokenData(ours)), timestampOf(unverifiedTokenData(TOKEN)));
  });
});

describe('keys', () => {
  it('generates 44-character url-safe keys of 32 random bytes, as Fernet.generate_key()', () => {
    const keys = new Set(Array.from({ length: 50 }, generateFernetKey));
    assert.equal(keys.size, 50);
    for (const key of keys) {
      assert.match(key, /^[A-Za-z0-9_-]{43}=$/);
      assert.equal(decodeFernetKey(key).length, 32);
    }
  });

  it('refuses keys of the wrong shape without echoing them, and accepts the standard base64 alphabet', () => {
    for (const bad of ['', 'short', 'cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4', 'cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=A', '!'.repeat(43) + '=']) {
      assert.throws(() => decodeFernetKey(bad), (error: unknown) => {
        assert.ok(error instanceof FernetKeyError);
        assert.match(error.message, /32 url-safe base64-encoded bytes \(44 characters ending in "="\)/);
        if (bad.length > 8) assert.ok(!error.message.includes(bad), 'the key is not echoed');
        return true;
      });
    }
    const standard = SPEC_SECRET.replace(/-/g, '+').replace(/_/g, '/');
    assert.equal(new Fernet(standard).decrypt(SPEC_TOKEN).toString(), 'hello');
  });

  it('MultiFernet.fromList names the bad key by position and refuses empty entries', () => {
    assert.throws(() => MultiFernet.fromList(`${generateFernetKey()},nope`, 'UPDRAFT_FERNET_KEY'), /^FernetKeyError: key 2 of 2 in UPDRAFT_FERNET_KEY is not a valid Fernet key/);
    assert.throws(() => MultiFernet.fromList(`${generateFernetKey()},,${generateFernetKey()}`, 'UPDRAFT_FERNET_KEY'), /has an empty entry/);
    assert.equal(MultiFernet.fromList(` ${generateFernetKey()} , ${generateFernetKey()} `, 'x').keyCount, 2);
  });
});

describe('MultiFernet', () => {
  const a = generateFernetKey();
  const b = generateFernetKey();

  it('encrypts with the first key and decrypts with any; rotation moves a token to the first key', () => {
    const tokenA = new MultiFernet([a], 'x').encrypt('secret');
    const both = new MultiFernet([b, a], 'x');
    assert.equal(both.decrypt(tokenA), 'secret');
    assert.equal(new MultiFernet([b], 'x').decrypt(both.encrypt('new')), 'new');
    assert.equal(new MultiFernet([b], 'x').decrypt(both.rotate(tokenA)), 'secret');
  });

  it('a key that does not decrypt says where the keys came from and what to do', () => {
    const token = new MultiFernet([a], 'x').encrypt('secret');
    assert.throws(() => new MultiFernet([b], 'UPDRAFT_FERNET_KEY / core.fernet_key').decrypt(token), (error: unknown) => {
      assert.ok(error instanceof FernetDecryptError);
      assert.equal(
        error.message,
        'the Fernet key in UPDRAFT_FERNET_KEY / core.fernet_key does not decrypt it: it was written with another key. ' +
          'Configure the key it was written with, after the current one when keys were changed (UPDRAFT_FERNET_KEY=<new key>,<old key>), ' +
          "then run 'updraft rotate-fernet-key' to re-encrypt everything with the first key",
      );
      return true;
    });
    assert.throws(() => new MultiFernet([b, generateFernetKey()], 'x').decrypt(token), /^FernetDecryptError: none of the 2 Fernet keys in x decrypts it/);
    assert.throws(() => new MultiFernet([b], 'x').decrypt('plain text'), /the stored value is not a Fernet token/);
  });

  it('round-trips any text (property)', () => {
    const cipher = new MultiFernet([a, b], 'x');
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const token = cipher.encrypt(text);
        assert.match(token, /^gAAAAA[A-Za-z0-9_-]+=*$/);
        assert.equal(cipher.decrypt(token), Buffer.from(text, 'utf8').toString('utf8'));
      }),
      { numRuns: 300 },
    );
  });

  it('a flipped byte anywhere in a token is refused, never decrypted to something else (property)', () => {
    const cipher = new MultiFernet([a], 'x');
    const token = cipher.encrypt('the password');
    const bytes = Buffer.from(token, 'base64url');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: bytes.length - 1 }), fc.integer({ min: 1, max: 255 }), (index, flip) => {
        const altered = Buffer.from(bytes);
        altered[index] = (altered[index] as number) ^ flip;
        const text = altered.toString('base64url') + '='.repeat((3 - (altered.length % 3)) % 3);
        assert.throws(() => cipher.decrypt(text), FernetDecryptError);
      }),
      { numRuns: 300 },
    );
  });
});
