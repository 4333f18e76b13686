/**
 * Role-based access: every route we serve x every role (and a user with no role,
 * no token, a malformed token, a token signed with another key, an expired one).
 * The expected answer comes from the permission each route declares (served in
 * the spec as `x-updraft-permission`) and the role table, checked by one middleware.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signJwt } from '../../src/api/auth/jwt.js';
import { allows, LEAST_ROLE, ROLES, type Action, type Permission, type Resource } from '../../src/api/permissions.js';
import { PERMISSION_EXTENSION } from '../../src/api/route-def.js';
import { startApiFixture, type ApiFixture } from './api-fixture.js';

interface Route {
  readonly method: string;
  readonly path: string;
  readonly access: 'public' | Permission;
}

/** A concrete path for a template: ids no row has, so allowed calls answer 404 and change nothing. */
function concrete(template: string): string {
  return template.replace('/dags/{dag_id}/dagRuns/list', '/dags/~/dagRuns/list').replace(/\{[^}]+\}/g, (name) => `rbac_${name.slice(1, -1)}`);
}

describe('RBAC: every route x every role', () => {
  let f: ApiFixture;
  let routes: Route[] = [];
  before(async () => {
    f = await startApiFixture();
    const doc = (await (await f.call('GET', '/api/v2/openapi.json', { token: null })).json()) as {
      paths: Record<string, Record<string, Record<string, unknown>>>;
    };
    routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => {
        const declared = String(op[PERMISSION_EXTENSION]);
        const [action, ...resource] = declared.split(' ');
        return { method: method.toUpperCase(), path, access: declared === 'public' ? 'public' : { action: action as Action, resource: resource.join(' ') as Resource } };
      }),
    );
  });
  after(() => f.close());

  it('every served route declares its access, with a resource and action the role table knows', () => {
    assert.ok(routes.length >= 18, `found ${routes.length} routes`);
    for (const r of routes) {
      if (r.access === 'public') continue;
      assert.ok(LEAST_ROLE[r.access.resource]?.[r.access.action], `${r.method} ${r.path}: unknown permission ${JSON.stringify(r.access)}`);
    }
    const publicOnes = routes.filter((r) => r.access === 'public').map((r) => `${r.method} ${r.path}`).sort();
    assert.deepEqual(publicOnes, ['GET /api/v2/monitor/health', 'GET /api/v2/version', 'POST /auth/token']);
  });

  it('each role gets exactly what its permission allows; 403 names the role and the action', async () => {
    const wrong: string[] = [];
    for (const r of routes.filter((x) => x.access !== 'public')) {
      const access = r.access as Permission;
      const body = r.method === 'GET' || r.method === 'DELETE' ? {} : { body: {} };
      for (const role of [...ROLES, null]) {
        const token = role ? f.tokens[role] : f.token();
        const response = await f.call(r.method, concrete(r.path), { token, ...body });
        const allowed = role !== null && allows([role], access);
        if (allowed && (response.status === 401 || response.status === 403)) wrong.push(`${role} ${r.method} ${r.path}: ${response.status} but allowed`);
        if (!allowed) {
          const detail = response.status === 403 ? ((await response.json()) as { detail: string }).detail : '';
          if (response.status !== 403) wrong.push(`${role ?? 'no role'} ${r.method} ${r.path}: ${response.status}, expected 403`);
          else if (!detail.includes(role ?? 'no role') || !detail.includes(`${access.action} ${access.resource}`)) wrong.push(`${r.method} ${r.path}: 403 reason '${detail}'`);
        }
      }
    }
    assert.deepEqual(wrong, []);
  });

  it('no token, a malformed token, a foreign signature, an expired token and a removed user: 401 on every protected route', async () => {
    const iat = Math.floor(Date.now() / 1000);
    const foreign = signJwt({ sub: 'admin', roles: ['Admin'], iat, exp: iat + 600 }, 'another-secret');
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const unsigned = `${header}.${Buffer.from(JSON.stringify({ sub: 'admin', roles: ['Admin'], iat, exp: iat + 600 })).toString('base64url')}.`;
    const variants: [string, string | null][] = [
      ['no token', null],
      ['malformed', 'not-a-jwt'],
      ['foreign signature', foreign],
      ['alg none', unsigned],
      ['expired', f.token('admin', -1)],
      ['unknown user', f.token('ghost')],
    ];
    const wrong: string[] = [];
    for (const r of routes.filter((x) => x.access !== 'public')) {
      for (const [name, token] of variants) {
        const response = await f.call(r.method, concrete(r.path), { token, ...(r.method === 'GET' || r.method === 'DELETE' ? {} : { body: {} }) });
        if (response.status !== 401) wrong.push(`${name} ${r.method} ${r.path}: ${response.status}`);
        else if (response.headers.get('www-authenticate') !== 'Bearer') wrong.push(`${name} ${r.method} ${r.path}: no WWW-Authenticate`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  it('public routes answer without a token', async () => {
    for (const r of routes.filter((x) => x.access === 'public' && x.method === 'GET')) {
      assert.equal((await f.call(r.method, r.path, { token: null })).status, 200, r.path);
    }
  });
});
