/** `POST /auth/token` end to end in-process: tokens, expiry setting, rate limiting, bad bodies. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { verifyJwt } from '../../src/api/auth/jwt.js';
import { PASSWORD, startApiFixture, type ApiFixture } from './api-fixture.js';

describe('POST /auth/token', () => {
  let f: ApiFixture;
  before(async () => {
    f = await startApiFixture();
  });
  after(() => f.close());

  const login = (username: string, password: string) => f.call('POST', '/auth/token', { token: null, body: { username, password } });

  it('issues a token with sub, roles, iat and exp = iat + api.access_token_expiration_time', async () => {
    const response = await login('op', PASSWORD);
    assert.equal(response.status, 201);
    const { access_token } = (await response.json()) as { access_token: string };
    const result = verifyJwt(access_token, f.secret, Date.now());
    assert.ok(result.ok);
    assert.deepEqual([result.claims.sub, result.claims.roles, result.claims.exp - result.claims.iat], ['op', ['Op'], 86_400]);
  });

  it('after 5 failed logins for a user, answers 429 with Retry-After, even to the right password', async () => {
    for (let i = 0; i < 5; i++) assert.equal((await login('user', 'wrong')).status, 401);
    const blocked = await login('user', PASSWORD);
    assert.equal(blocked.status, 429);
    const retry = Number(blocked.headers.get('retry-after'));
    assert.ok(retry > 0 && retry <= 60, `Retry-After ${retry}`);
    assert.match(((await blocked.json()) as { detail: string }).detail, /try again in \d+ s/);
    assert.equal((await login('viewer', PASSWORD)).status, 201, 'other users are not blocked');
  });

  it('a token that was accepted is refused once it expires (verified tokens are remembered, their expiry checked on each use)', async () => {
    const token = f.token('viewer', 1);
    assert.equal((await f.call('GET', '/api/v2/dags', { token })).status, 200);
    assert.equal((await f.call('GET', '/api/v2/dags', { token })).status, 200, 'again, from what was remembered');
    const expiresAt = (verifyJwt(token, f.secret, 0) as { claims: { exp: number } }).claims.exp * 1000;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAt - Date.now()) + 50));
    const late = await f.call('GET', '/api/v2/dags', { token });
    assert.equal(late.status, 401);
    assert.match(((await late.json()) as { detail: string }).detail, /expired/);
    const [head, payload] = token.split('.');
    assert.equal((await f.call('GET', '/api/v2/dags', { token: `${head}.${payload}.${'A'.repeat(43)}` })).status, 401, 'the same claims, another signature');
  });

  it('a bad body is a 422, not a 500', async () => {
    for (const raw of ['{', '[]', '{"username": 1, "password": 2}', '{"username": "admin"}']) {
      const response = await f.call('POST', '/auth/token', { token: null, raw });
      assert.equal(response.status, 422, raw);
    }
  });
});

describe('/docs and /api/v2/openapi.json', () => {
  let f: ApiFixture;
  before(async () => {
    f = await startApiFixture();
  });
  after(() => f.close());

  it('serves the generated spec and a self-contained docs page (no external script)', async () => {
    const spec = (await (await f.call('GET', '/api/v2/openapi.json', { token: null })).json()) as { openapi: string; paths: Record<string, unknown> };
    assert.equal(spec.openapi, '3.1.0');
    assert.ok(spec.paths['/api/v2/dags/{dag_id}/dagRuns']);
    const docs = await f.call('GET', '/docs', { token: null });
    assert.equal(docs.status, 200);
    const html = await docs.text();
    assert.match(html, /\/api\/v2\/openapi\.json/);
    assert.doesNotMatch(html, /<script[^>]+src=/i);
  });
});
