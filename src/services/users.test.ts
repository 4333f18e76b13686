/** The users service as the CLI calls it (no signed-in actor) and its checks, over a real SQLite store. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { verifyPassword } from '../auth/password.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { BadRequestError, ConflictError, NotFoundError } from './errors.js';
import { createUser, deleteUser, emailProblem, listUsers, passwordProblem, updateUser, usernameProblem } from './users.js';

const CHEAP = { scrypt: { N: 2 ** 10, r: 8, p: 1 } };
const NOW = new Date('2025-01-01T00:00:00.000Z');

describe('users service', () => {
  let dir = '';
  let store: Store;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'updraft-users-'));
    store = await openStore({ home: dir });
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('names what is wrong with a username, an email or a password', () => {
    assert.equal(usernameProblem('ada.lovelace@example.com'), null);
    assert.equal(usernameProblem('svc_etl-2'), null);
    assert.equal(usernameProblem(''), 'the username is empty');
    assert.match(usernameProblem('a/b') ?? '', /'a\/b' is not a valid username: use letters, digits and _ \. @ \+ -/);
    assert.match(usernameProblem('.hidden') ?? '', /starting with a letter, digit or _/);
    assert.match(usernameProblem('x'.repeat(257)) ?? '', /257 characters long: the limit is 256/);
    assert.equal(emailProblem('a@b'), null);
    assert.equal(emailProblem('a b@c'), "'a b@c' is not an email address");
    assert.equal(passwordProblem(''), 'the password is empty');
    assert.match(passwordProblem('x'.repeat(1025)) ?? '', /the limit is 1024/);
  });

  it('creates with a hashed password and audits the command line as updraft', async () => {
    const user = await createUser(store, { username: 'ops', email: 'ops@example.com', firstName: ' ', password: 'pw-1', roles: ['Op', 'Op'] }, null, NOW, CHEAP);
    assert.deepEqual([user.roles, user.firstName, user.lastName, user.active], [['Op'], null, null, true]);
    assert.ok(await verifyPassword('pw-1', user.passwordHash));
    const events = (await store.auditLog.list({ event: 'user_create' })).items;
    assert.deepEqual(events.map((e) => [e.owner, e.extra]), [['updraft', '{"username":"ops","roles":["Op"]}']]);
  });

  it('refuses bad input before touching the store', async () => {
    const base = { username: 'eve', email: 'eve@example.com', password: 'pw', roles: ['Viewer'] };
    const refusals: [Partial<typeof base>, RegExp, new (m: string) => Error][] = [
      [{ roles: ['Viewer', 'Superuser'] }, /^unknown role 'Superuser': use one of Admin, Op, User, Viewer$/, BadRequestError],
      [{ email: 'eve' }, /'eve' is not an email address/, BadRequestError],
      [{ password: '' }, /the password is empty/, BadRequestError],
      [{ username: 'eve smith' }, /not a valid username/, BadRequestError],
      [{ username: 'ops' }, /a user named "ops" already exists/, ConflictError],
      [{ email: 'OPS@example.com' }, /the email 'OPS@example.com' is already taken by user 'ops'/, ConflictError],
    ];
    for (const [change, message, kind] of refusals) {
      await assert.rejects(createUser(store, { ...base, ...change }, null, NOW, CHEAP), (e: unknown) => e instanceof kind && message.test((e as Error).message));
    }
    assert.equal(await store.users.get('eve'), null);
  });

  it('from the command line (no actor) any user may be changed or deleted; a signed-in user may not delete themselves', async () => {
    await createUser(store, { username: 'updraft', email: 'u@example.com', password: 'pw', roles: ['Admin'] }, null, NOW, CHEAP);
    const demoted = await updateUser(store, 'updraft', { roles: ['Viewer'], active: false }, null, null, NOW, CHEAP);
    assert.deepEqual([demoted.roles, demoted.active], [['Viewer'], false]);
    await assert.rejects(deleteUser(store, 'ops', 'ops', NOW), BadRequestError);
    await deleteUser(store, 'updraft', null, NOW);
    await assert.rejects(deleteUser(store, 'updraft', null, NOW), NotFoundError);
    await assert.rejects(updateUser(store, 'updraft', { firstName: 'x' }, null, null, NOW), NotFoundError);
    assert.deepEqual((await listUsers(store, { sort: '-username', limit: 10, offset: 0 })).items.map((u) => u.username), ['ops']);
  });
});
