import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { resolveJwtSecret } from './jwt-secret.js';
import { signJwt, verifyJwt } from './jwt.js';
import { LoginLimiter } from './login-limiter.js';

const claims = { sub: 'ada', roles: ['User'], iat: 1000, exp: 2000 };

describe('JWT (HS256)', () => {
  it('verifies what it signed, until it expires', () => {
    const token = signJwt(claims, 's3cret');
    assert.deepEqual(verifyJwt(token, 's3cret', 1_999_999), { ok: true, claims });
    assert.deepEqual(verifyJwt(token, 's3cret', 2_000_000), { ok: false, reason: 'the token has expired: get a new one from POST /auth/token' });
  });

  it('refuses another key, a changed payload, alg none, and garbage', () => {
    const token = signJwt(claims, 's3cret');
    assert.equal(verifyJwt(token, 'other', 1500).ok, false);
    const [h, , s] = token.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, roles: ['Admin'] })).toString('base64url')}.${s}`;
    assert.equal(verifyJwt(forged, 's3cret', 1500).ok, false);
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${token.split('.')[1]}.`;
    assert.equal(verifyJwt(none, 's3cret', 1500).ok, false);
    for (const junk of ['', 'a.b', 'a.b.c', '...', 'x'.repeat(10_000)]) assert.equal(verifyJwt(junk, 's3cret', 1500).ok, false, junk.slice(0, 10));
  });
});

describe('the JWT secret', () => {
  it('is the configured one, else generated once and kept (mode 600) so tokens survive restarts', () => {
    const home = mkdtempSync(join(tmpdir(), 'updraft-jwt-'));
    try {
      assert.equal(resolveJwtSecret('configured', home), 'configured');
      const first = resolveJwtSecret(null, home);
      assert.ok(first.length >= 40);
      assert.equal(resolveJwtSecret(null, home), first);
      assert.equal(statSync(join(home, 'jwt_secret')).mode & 0o777, 0o600);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});

describe('LoginLimiter', () => {
  it('blocks after 5 failures in a minute, until the oldest leaves the window; success clears', () => {
    const limiter = new LoginLimiter();
    for (let i = 0; i < 5; i++) {
      assert.equal(limiter.retryAfterMs('k', 1000 + i), 0);
      limiter.recordFailure('k', 1000 + i);
    }
    assert.equal(limiter.retryAfterMs('k', 2000), 59_000);
    assert.equal(limiter.retryAfterMs('other', 2000), 0, 'another user or address is not blocked');
    assert.equal(limiter.retryAfterMs('k', 61_000), 0);
    limiter.recordSuccess('k');
    assert.equal(limiter.retryAfterMs('k', 2000), 0);
  });

  it('keeps at most maxKeys keys', () => {
    const limiter = new LoginLimiter({ maxFailures: 1, maxKeys: 3 });
    for (const key of ['a', 'b', 'c', 'd']) limiter.recordFailure(key, 0);
    assert.equal(limiter.retryAfterMs('a', 1), 0, 'the oldest key was dropped');
    assert.ok(limiter.retryAfterMs('d', 1) > 0);
  });
});
