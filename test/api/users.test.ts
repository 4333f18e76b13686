/**
 * Users and roles through the API, at Airflow's FAB auth-manager paths
 * (`/auth/fab/v1/users`, `/auth/fab/v1/roles`): create, list, get, patch (roles,
 * password, active), delete, the error answers, an Admin unable to lock
 * themselves out, Admin-only access, no password in any answer, and the audit log.
 * Cases marked "Airflow:" port the facts of providers/fab's tests
 * (tests/unit/fab/auth_manager/api_fastapi/routes/test_users.py, services/test_users.py).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { PASSWORD, SEEDED, startApiFixture, type ApiFixture } from './api-fixture.js';
import { checkResponse, type OpenApiDoc } from './openapi-validator.js';

const USERS = '/auth/fab/v1/users';
const ALICE_PASSWORD = 'alice-first-password';
const ALICE_NEW_PASSWORD = 'alice-second-password';

interface UserJson {
  username: string;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  roles: { name: string }[];
  active: boolean;
  last_login: string | null;
  created_on: string | null;
  [key: string]: unknown;
}

describe('users and roles API (/auth/fab/v1)', () => {
  let f: ApiFixture;
  /** Every response body this suite saw, to prove no password or hash ever left the server. */
  const seen: string[] = [];
  /** How user-route responses differ from the spec we serve (status listed, body valid). */
  const offSpec: string[] = [];
  let served: OpenApiDoc;
  const call = async (method: string, path: string, options: Parameters<ApiFixture['call']>[2] = {}) => {
    const response = await f.call(method, path, options);
    seen.push(await response.clone().text());
    if (path.startsWith('/auth/fab/')) offSpec.push(...(await checkResponse(served, method, path, response.clone())));
    return response;
  };
  const json = async <T = Record<string, unknown>>(response: Response, status: number): Promise<T> => {
    const text = await response.text();
    assert.equal(response.status, status, text);
    return (text === '' ? {} : JSON.parse(text)) as T;
  };
  const login = async (username: string, password: string): Promise<Response> => call('POST', '/auth/token', { token: null, body: { username, password } });
  const tokenOf = async (username: string, password: string): Promise<string> => (await json<{ access_token: string }>(await login(username, password), 201)).access_token;
  const trigger = (token: string, runId: string) => call('POST', `/api/v2/dags/${SEEDED.dag}/dagRuns`, { token, body: { dag_run_id: runId } });

  before(async () => {
    f = await startApiFixture();
    served = (await (await f.call('GET', '/api/v2/openapi.json', { token: null })).json()) as OpenApiDoc;
  });
  after(() => f.close());

  it('creates a user (Airflow: test_create_user_ok), who can then sign in; get and list show it without a password', async () => {
    const body = { username: 'alice', email: 'alice@example.com', first_name: 'Alice', last_name: 'Liddell', password: ALICE_PASSWORD, roles: [{ name: 'User' }] };
    const created = await json<UserJson>(await call('POST', USERS, { body }), 200);
    assert.deepEqual(
      { ...created, created_on: typeof created.created_on },
      {
        username: 'alice',
        email: 'alice@example.com',
        first_name: 'Alice',
        last_name: 'Liddell',
        roles: [{ name: 'User' }],
        active: true,
        last_login: null,
        login_count: null,
        fail_login_count: null,
        created_on: 'string',
        changed_on: null,
      },
    );
    const hash = (await f.app.store.users.get('alice'))?.passwordHash ?? '';
    assert.match(hash, /^scrypt\$/, 'stored hashed');
    assert.deepEqual(await json(await call('GET', `${USERS}/alice`), 200), created);

    await tokenOf('alice', ALICE_PASSWORD);
    const signedIn = await json<UserJson>(await call('GET', `${USERS}/alice`), 200);
    assert.ok(signedIn.last_login !== null && Date.now() - Date.parse(signedIn.last_login) < 60_000, `last_login ${signedIn.last_login}`);

    // The fixture's five users (admin, nobody, op, user, viewer) and alice.
    const all = await json<{ users: UserJson[]; total_entries: number }>(await call('GET', `${USERS}?order_by=username`), 200);
    assert.equal(all.total_entries, 6);
    assert.deepEqual(all.users.map((u) => u.username), ['admin', 'alice', 'nobody', 'op', 'user', 'viewer']);
    // Airflow: test_get_users_with_params (order_by=-username, offset, limit).
    const page = await json<{ users: UserJson[]; total_entries: number }>(await call('GET', `${USERS}?order_by=-username&limit=2&offset=1`), 200);
    assert.deepEqual([page.users.map((u) => u.username), page.total_entries], [['user', 'op'], 6]);
    // The default order is Airflow's `id` (insertion order): alice, created last, comes last.
    const byId = await json<{ users: UserJson[] }>(await call('GET', USERS), 200);
    assert.equal(byId.users.at(-1)?.username, 'alice');
    const byLogin = await json<{ users: UserJson[] }>(await call('GET', `${USERS}?order_by=-last_login&limit=1`), 200);
    assert.equal(byLogin.users[0]?.username, 'alice');
  });

  it('answers 409 for a taken username or email, 400 for an unknown role, 422 for a bad body', async () => {
    const body = { username: 'bob', email: 'bob@example.com', first_name: 'Bob', last_name: 'B', password: 'pw', roles: [{ name: 'Viewer' }] };
    // Airflow: Username `...` already exists / The email `...` is already taken.
    const taken = await json<{ detail: string }>(await call('POST', USERS, { body: { ...body, username: 'alice' } }), 409);
    assert.match(taken.detail, /a user named "alice" already exists/);
    const email = await json<{ detail: string }>(await call('POST', USERS, { body: { ...body, email: 'ALICE@example.com' } }), 409);
    assert.match(email.detail, /email 'ALICE@example.com' is already taken by user 'alice'/);
    const role = await json<{ detail: string }>(await call('POST', USERS, { body: { ...body, roles: [{ name: 'Viewer' }, { name: 'Superuser' }, { name: 'admin' }] } }), 400);
    assert.equal(role.detail, "unknown roles 'Superuser', 'admin': use one of Admin, Op, User, Viewer");
    // Airflow: test_create_user_validation_422_empty_username / _missing_username / _missing_password.
    const invalid: [string, Record<string, unknown>, string][] = [
      ['empty username', { ...body, username: '' }, 'username'],
      ['missing username', { ...body, username: undefined }, 'username'],
      ['missing password', { ...body, password: undefined }, 'password'],
      ['empty password', { ...body, password: '' }, 'password'],
      ['a slash in the username', { ...body, username: 'a/b' }, 'username'],
      ['a space in the username', { ...body, username: 'bob smith' }, 'username'],
      ['a leading dot', { ...body, username: '..' }, 'username'],
      ['not an email', { ...body, email: 'bob' }, 'email'],
      ['a role without a name', { ...body, roles: [{}] }, 'roles'],
      ['an extra field', { ...body, is_admin: true }, 'is_admin'],
      ['a password that could never sign in', { ...body, password: 'x'.repeat(1025) }, 'password'],
    ];
    for (const [name, b, field] of invalid) {
      const answer = await json<{ detail: { loc: unknown[] }[] }>(await call('POST', USERS, { body: b }), 422);
      assert.ok(answer.detail.some((d) => d.loc.includes(field)), `${name}: ${JSON.stringify(answer)}`);
    }
    assert.equal((await f.app.store.users.get('bob')), null, 'nothing was created');
    // No role: the user exists but may do nothing (Airflow's registration role, Public, has no permissions).
    const bare = await json<UserJson>(await call('POST', USERS, { body: { username: 'bob', email: 'bob@example.com', password: 'pw' } }), 200);
    assert.deepEqual([bare.roles, bare.first_name, bare.last_name], [[], null, null]);
    assert.equal((await trigger(await tokenOf('bob', 'pw'), 'bob_run')).status, 403);
  });

  it('a role change takes effect: a User demoted to Viewer gets 403 on trigger after a fresh sign-in', async () => {
    const before = await tokenOf('alice', ALICE_PASSWORD);
    assert.equal((await trigger(before, 'alice_run_1')).status, 200);
    const demoted = await json<UserJson>(await call('PATCH', `${USERS}/alice`, { body: { roles: [{ name: 'Viewer' }] } }), 200);
    assert.deepEqual([demoted.roles, demoted.email, demoted.first_name], [[{ name: 'Viewer' }], 'alice@example.com', 'Alice'], 'only roles changed');
    const fresh = await tokenOf('alice', ALICE_PASSWORD);
    const refused = await json<{ detail: string }>(await trigger(fresh, 'alice_run_2'), 403);
    assert.match(refused.detail, /user 'alice' \(role Viewer\) may not create DAG runs/);
    // The old token carries the old roles, but the server reads the current ones.
    assert.equal((await trigger(before, 'alice_run_3')).status, 403);
    assert.equal((await call('GET', `/api/v2/dags/${SEEDED.dag}`, { token: fresh })).status, 200, 'a Viewer still reads');
    // Several roles, given twice: each once.
    const promoted = await json<UserJson>(await call('PATCH', `${USERS}/alice`, { body: { roles: [{ name: 'Op' }, { name: 'User' }, { name: 'Op' }] } }), 200);
    assert.deepEqual(promoted.roles.map((r) => r.name).sort(), ['Op', 'User']);
    assert.equal((await trigger(await tokenOf('alice', ALICE_PASSWORD), 'alice_run_4')).status, 200);
    const unknown = await json<{ detail: string }>(await call('PATCH', `${USERS}/alice`, { body: { roles: [{ name: 'Root' }] } }), 400);
    assert.match(unknown.detail, /unknown role 'Root': use one of Admin, Op, User, Viewer/);
  });

  it('a password change re-hashes: the new password signs in, the old one no longer does', async () => {
    const hashBefore = (await f.app.store.users.get('alice'))?.passwordHash;
    // With update_mask=password, the email in the body is ignored (Airflow: only masked fields change).
    const changed = await json<UserJson>(await call('PATCH', `${USERS}/alice?update_mask=password`, { body: { password: ALICE_NEW_PASSWORD, email: 'ignored@example.com' } }), 200);
    assert.equal(changed.email, 'alice@example.com');
    const hashAfter = (await f.app.store.users.get('alice'))?.passwordHash;
    assert.ok(hashAfter?.startsWith('scrypt$') && hashAfter !== hashBefore);
    assert.equal((await login('alice', ALICE_PASSWORD)).status, 401);
    await tokenOf('alice', ALICE_NEW_PASSWORD);
    // Comma-separated (FAB) and repeated (core API) masks; names and email in one patch.
    const both = await json<UserJson>(
      await call('PATCH', `${USERS}/alice?update_mask=first_name,email&update_mask=last_name`, { body: { first_name: 'Al', last_name: '', email: 'al@example.com' } }),
      200,
    );
    assert.deepEqual([both.first_name, both.last_name, both.email], ['Al', null, 'al@example.com']);
    // null leaves a field as it is, as in Airflow's UserPatchBody.
    const same = await json<UserJson>(await call('PATCH', `${USERS}/alice`, { body: { first_name: null, email: null, password: null, roles: null } }), 200);
    assert.deepEqual([same.first_name, same.email, same.roles.length], ['Al', 'al@example.com', 2]);
  });

  it('patch errors: 404 unknown user, 400 unknown mask or rename, 409 a taken email, 422 a bad body', async () => {
    assert.match((await json<{ detail: string }>(await call('PATCH', `${USERS}/ghost`, { body: { first_name: 'G' } }), 404)).detail, /The User with username `ghost` was not found/);
    assert.match((await json<{ detail: string }>(await call('PATCH', `${USERS}/alice?update_mask=password,shoe_size`, { body: {} }), 400)).detail, /Unknown update masks: 'shoe_size'/);
    assert.match((await json<{ detail: string }>(await call('PATCH', `${USERS}/alice`, { body: { username: 'alicia' } }), 400)).detail, /renaming a user is not supported/);
    assert.equal((await call('PATCH', `${USERS}/alice`, { body: { username: 'alice' } })).status, 200, 'its own name is fine');
    assert.match((await json<{ detail: string }>(await call('PATCH', `${USERS}/alice`, { body: { email: 'bob@example.com' } }), 409)).detail, /already taken by user 'bob'/);
    for (const b of [{ password: '' }, { active: 'no' }, { email: 'x' }, { roles: 'Admin' }, { role: 'Admin' }]) {
      assert.equal((await call('PATCH', `${USERS}/alice`, { body: b })).status, 422, JSON.stringify(b));
    }
    assert.equal((await call('GET', `${USERS}/ghost`)).status, 404);
    assert.equal((await call('GET', `${USERS}?order_by=password`)).status, 422);
    assert.equal((await call('GET', `${USERS}?offset=-1`)).status, 422, 'Airflow: test_get_users_validation_422_negative_offset');
  });

  it('disabling a user stops their sign-in and their tokens; enabling restores both', async () => {
    const token = await tokenOf('alice', ALICE_NEW_PASSWORD);
    assert.equal((await json<UserJson>(await call('PATCH', `${USERS}/alice`, { body: { active: false } }), 200)).active, false);
    assert.equal((await login('alice', ALICE_NEW_PASSWORD)).status, 401);
    assert.equal((await call('GET', `/api/v2/dags`, { token })).status, 401);
    assert.equal((await json<UserJson>(await call('PATCH', `${USERS}/alice`, { body: { active: true } }), 200)).active, true);
    assert.equal((await call('GET', `/api/v2/dags`, { token })).status, 200);
  });

  it('an Admin cannot delete, demote or disable themselves; another Admin can demote them', async () => {
    const self = await json<{ detail: string }>(await call('DELETE', `${USERS}/admin`), 400);
    assert.match(self.detail, /you cannot delete yourself \('admin'\)/);
    const demote = await json<{ detail: string }>(await call('PATCH', `${USERS}/admin`, { body: { roles: [{ name: 'Viewer' }] } }), 400);
    assert.match(demote.detail, /you cannot remove the Admin role from yourself/);
    assert.equal((await call('PATCH', `${USERS}/admin`, { body: { roles: [] } })).status, 400);
    assert.match((await json<{ detail: string }>(await call('PATCH', `${USERS}/admin`, { body: { active: false } }), 400)).detail, /you cannot disable yourself/);
    const admin = await f.app.store.users.get('admin');
    assert.deepEqual([admin?.roles, admin?.active], [['Admin'], true], 'nothing changed');
    // Keeping Admin while adding a role is fine.
    assert.deepEqual((await json<UserJson>(await call('PATCH', `${USERS}/admin`, { body: { roles: [{ name: 'Admin' }, { name: 'Op' }] } }), 200)).roles.length, 2);

    await json(await call('POST', USERS, { body: { username: 'root', email: 'root@example.com', password: 'root-pw', roles: [{ name: 'Admin' }] } }), 200);
    const root = await tokenOf('root', 'root-pw');
    assert.deepEqual((await json<UserJson>(await call('PATCH', `${USERS}/admin`, { token: root, body: { roles: [{ name: 'Viewer' }] } }), 200)).roles, [{ name: 'Viewer' }]);
    assert.equal((await call('GET', USERS)).status, 403, 'the demoted admin lost access at once');
    assert.equal((await call('PATCH', `${USERS}/admin`, { token: root, body: { roles: [{ name: 'Admin' }] } })).status, 200);
    assert.equal((await call('GET', USERS)).status, 200);
  });

  it('deletes a user (204): gone from get and list, cannot sign in, their token stops working; 404 after', async () => {
    const token = await tokenOf('bob', 'pw');
    assert.equal((await call('DELETE', `${USERS}/bob`)).status, 204);
    assert.equal((await call('GET', `${USERS}/bob`)).status, 404);
    const list = await json<{ users: UserJson[] }>(await call('GET', `${USERS}?limit=100`), 200);
    assert.ok(!list.users.some((u) => u.username === 'bob'));
    assert.equal((await login('bob', 'pw')).status, 401);
    assert.equal((await call('GET', '/api/v2/dags', { token })).status, 401);
    assert.match((await json<{ detail: string }>(await call('DELETE', `${USERS}/bob`), 404)).detail, /`bob` was not found/);
  });

  it('lists the four roles with what each allows, from the permission table', async () => {
    const all = await json<{ roles: { name: string; actions: { action: { name: string }; resource: { name: string } }[] }[]; total_entries: number }>(await call('GET', '/auth/fab/v1/roles'), 200);
    assert.deepEqual([all.roles.map((r) => r.name), all.total_entries], [['Admin', 'Op', 'User', 'Viewer'], 4]);
    const can = (role: string) => new Set(all.roles.find((r) => r.name === role)?.actions.map((a) => `${a.action.name} ${a.resource.name}`));
    const [admin, op, user, viewer] = [can('Admin'), can('Op'), can('User'), can('Viewer')];
    assert.ok(viewer.has('can_read DAGs') && !viewer.has('can_create DAG runs') && !viewer.has('can_read variables'));
    assert.ok(user.has('can_create DAG runs') && !user.has('can_read variables'));
    assert.ok(op.has('can_edit variables') && op.has('can_delete connections') && !op.has('can_read users'));
    for (const p of ['can_read users', 'can_create users', 'can_edit users', 'can_delete users', 'can_read roles', 'can_read config']) assert.ok(admin.has(p), p);
    // Each role has everything the one below it has.
    for (const [lower, higher] of [[viewer, user], [user, op], [op, admin]] as const) for (const p of lower) assert.ok(higher.has(p), p);
    const desc = await json<{ roles: { name: string }[] }>(await call('GET', '/auth/fab/v1/roles?order_by=-name&limit=2&offset=1'), 200);
    assert.deepEqual(desc.roles.map((r) => r.name), ['User', 'Op']);
    assert.equal((await call('GET', '/auth/fab/v1/roles?order_by=permissions')).status, 422);
    const op1 = await json<{ name: string; actions: unknown[] }>(await call('GET', '/auth/fab/v1/roles/Op'), 200);
    assert.deepEqual(op1, all.roles.find((r) => r.name === 'Op'));
    assert.match((await json<{ detail: string }>(await call('GET', '/auth/fab/v1/roles/Superuser'), 404)).detail, /the roles are Admin, Op, User, Viewer/);
  });

  it('every user and role route is Admin only: Viewer, User, Op and a user with no role get 403', async () => {
    const routes: [string, string, unknown?][] = [
      ['GET', USERS],
      ['POST', USERS, { username: 'mallory', email: 'm@example.com', password: 'pw', roles: [{ name: 'Admin' }] }],
      ['GET', `${USERS}/admin`],
      ['PATCH', `${USERS}/admin`, { roles: [{ name: 'Viewer' }] }],
      ['PATCH', `${USERS}/op`, { roles: [{ name: 'Admin' }] }],
      ['DELETE', `${USERS}/admin`],
      ['GET', '/auth/fab/v1/roles'],
      ['GET', '/auth/fab/v1/roles/Admin'],
    ];
    const wrong: string[] = [];
    for (const [role, token] of [['Viewer', f.tokens.Viewer], ['User', f.tokens.User], ['Op', f.tokens.Op], ['no role', f.token('nobody')]] as const) {
      for (const [method, path, body] of routes) {
        const response = await call(method, path, { token, ...(body !== undefined ? { body } : {}) });
        const detail = response.status === 403 ? ((await response.json()) as { detail: string }).detail : '';
        if (response.status !== 403 || !detail.includes(role) || !detail.includes('Admin role')) wrong.push(`${role} ${method} ${path}: ${response.status} ${detail}`);
      }
    }
    assert.deepEqual(wrong, []);
    assert.equal(await f.app.store.users.get('mallory'), null);
    assert.deepEqual((await f.app.store.users.get('op'))?.roles, ['Op']);
    assert.equal((await call('GET', USERS, { token: null })).status, 401);
  });

  it('records every change in the audit log with the acting user, never a password', async () => {
    const events = (await f.app.store.auditLog.list({ limit: 500 })).items.filter((e) => e.event.startsWith('user_'));
    const summary = events.map((e) => `${e.event}:${e.owner}:${(JSON.parse(e.extra ?? '{}') as { username: string }).username}`);
    for (const expected of ['user_create:admin:alice', 'user_create:admin:bob', 'user_create:admin:root', 'user_edit:admin:alice', 'user_edit:root:admin', 'user_delete:admin:bob']) {
      assert.ok(summary.includes(expected), `${expected} in ${summary.join(', ')}`);
    }
    const passwordEdit = events.find((e) => e.event === 'user_edit' && e.extra?.includes('"password"'));
    assert.ok(passwordEdit, 'the password change is audited by name');
    assert.ok(summary.every((s) => !s.startsWith('user_delete:admin:admin')), 'refused changes are not audited as done');
    const listed = await json<{ event_logs: { event: string; owner: string }[] }>(await call('GET', '/api/v2/eventLogs?included_events=user_delete'), 200);
    assert.deepEqual(listed.event_logs.map((e) => `${e.event}:${e.owner}`), ['user_delete:admin']);
    const text = JSON.stringify(events);
    for (const secret of [ALICE_PASSWORD, ALICE_NEW_PASSWORD, 'root-pw', 'scrypt$']) assert.ok(!text.includes(secret), `${secret} in the audit log`);
  });

  it('every answer of a user or role route matched the served spec (a listed status, a valid body)', () => {
    assert.deepEqual(offSpec, []);
  });

  it('no response carried a password or a hash', async () => {
    assert.ok(seen.length > 50, `checked ${seen.length} responses`);
    const leaks = seen.filter((body) => [ALICE_PASSWORD, ALICE_NEW_PASSWORD, 'root-pw', PASSWORD, 'scrypt$', 'password_hash', 'passwordHash'].some((s) => body.includes(s)));
    assert.deepEqual(leaks, []);
    // The spec describes the same: no password property in any response schema.
    const spec = (await (await f.call('GET', '/api/v2/openapi.json', { token: null })).json()) as { components: { schemas: Record<string, { properties?: Record<string, unknown> }> } };
    for (const name of ['UserResponse', 'UserCollectionResponse', 'RoleResponse']) assert.ok(!('password' in (spec.components.schemas[name]?.properties ?? {})), name);
  });
});

describe('fuzz: random requests to the user and role routes', () => {
  let f: ApiFixture;
  before(async () => {
    f = await startApiFixture();
  });
  after(() => f.close());

  it('answers random paths, queries and bodies below 500, and still works after', async () => {
    const segment = fc.oneof(fc.constantFrom('admin', 'viewer', 'Admin', 'Op', '..', '%2e%2e', 'a%2Fb', '%00', "'; DROP TABLE updraft_user; --", 'x'.repeat(3000)), fc.string({ maxLength: 20 }).map(encodeURIComponent));
    const value = fc.oneof(fc.constantFrom('-1', '0', '1e3', 'NaN', '', ',', 'password', 'roles,active', '-username', 'id', '-name'), fc.string({ maxLength: 20 }));
    const query = fc.array(fc.tuple(fc.constantFrom('limit', 'offset', 'order_by', 'update_mask'), value), { maxLength: 3 });
    const anyBody = fc.oneof(
      fc.constant(undefined),
      fc.json().map((raw) => ({ raw })),
      fc.constantFrom('{', 'null', '[]', '{"roles": [{"name": null}]}', '{"active": null}', '{"password": ""}', '{"roles": {"name": "Admin"}}').map((raw) => ({ raw })),
      fc
        .record({ username: fc.anything(), email: fc.anything(), first_name: fc.anything(), password: fc.anything(), roles: fc.anything(), active: fc.anything() }, { requiredKeys: [] })
        .map((v) => ({ raw: JSON.stringify(v) ?? 'null' })),
    );
    const fivexx: string[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PATCH', 'DELETE', 'PUT'),
        fc.constantFrom(USERS, `${USERS}/{a}`, '/auth/fab/v1/roles', '/auth/fab/v1/roles/{a}', '/auth/fab/v1/{a}'),
        segment,
        query,
        anyBody,
        async (method, template, a, q, b) => {
          const path = template.replace('{a}', a) + (q.length ? `?${q.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}` : '');
          // A GET request cannot carry a body (fetch refuses to build one).
          const response = await f.call(method, path, method === 'GET' ? {} : (b ?? {}));
          if (response.status >= 500) fivexx.push(`${method} ${path.slice(0, 120)} ${JSON.stringify(b)?.slice(0, 120)}: ${response.status} ${await response.text()}`);
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 600) > 600 ? 600 : Number(process.env.FUZZ_RUNS ?? 600) },
    );
    assert.deepEqual(fivexx, []);
    assert.equal((await f.call('GET', `${USERS}/admin`)).status, 200);
    assert.deepEqual((await f.app.store.users.get('admin'))?.roles, ['Admin']);
  });
});
