/** Import errors, the audit log, users, assets and jobs. */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { isStoreError } from '../errors.js';
import type { Store } from '../store.js';
import type { AuditEventInput } from '../types.js';
import type { CaseContext } from './harness.js';
import { T0, at } from './fixtures.js';

export function activityCases(ctx: CaseContext): void {
  let store: Store;
  before(async () => {
    store = await ctx.openFresh();
  });
  after(() => store.close());

  it('keeps one current import error per file, replaced or cleared on each parse', async () => {
    await store.importErrors.replaceForFile('a.ts', { message: 'SyntaxError: a', stacktrace: 'at a.ts:1', timestamp: T0 });
    await store.importErrors.replaceForFile('b.ts', { message: 'first', stacktrace: null, timestamp: T0 });
    await store.importErrors.replaceForFile('b.ts', { message: 'second', stacktrace: null, timestamp: at(1) });
    const all = await store.importErrors.list();
    assert.deepEqual(all.items.map((e) => [e.fileloc, e.message, e.timestamp]), [['a.ts', 'SyntaxError: a', T0], ['b.ts', 'second', at(1)]]);
    assert.equal(all.items[0]?.stacktrace, 'at a.ts:1');
    const page = await store.importErrors.list({ orderBy: '-timestamp', limit: 1 });
    assert.deepEqual([page.items.map((e) => e.fileloc), page.total], [['b.ts'], 2]);
    await store.importErrors.replaceForFile('a.ts', null);
    assert.deepEqual((await store.importErrors.list()).items.map((e) => e.fileloc), ['b.ts']);
    await store.importErrors.replaceForFile('c.ts', { message: 'c', stacktrace: null, timestamp: T0 });
    assert.equal(await store.importErrors.removeMissing(['c.ts']), 1);
    assert.deepEqual((await store.importErrors.list()).items.map((e) => e.fileloc), ['c.ts']);
  });

  it('appends audit events and lists them newest first with filters and paging', async () => {
    const event = (n: number, overrides: Partial<AuditEventInput> = {}): AuditEventInput => ({
      when: at(n * 1000),
      event: 'trigger',
      dagId: 'etl',
      taskId: null,
      runId: null,
      mapIndex: null,
      tryNumber: null,
      owner: 'admin',
      extra: null,
      ...overrides,
    });
    const first = await store.auditLog.append(event(1, { extra: '{"conf": {}}', runId: 'r1', taskId: 't', mapIndex: 2, tryNumber: 3 }));
    assert.deepEqual(first, { id: first.id, ...event(1, { extra: '{"conf": {}}', runId: 'r1', taskId: 't', mapIndex: 2, tryNumber: 3 }) });
    await store.auditLog.append(event(2, { event: 'pause' }));
    await store.auditLog.append(event(3, { dagId: 'other', owner: 'bob' }));
    await store.auditLog.append(event(3, { event: 'unpause' })); // same time: later insert comes first when newest first
    const ids = async (filter: Parameters<typeof store.auditLog.list>[0]) => (await store.auditLog.list(filter)).items.map((e) => `${e.dagId}:${e.event}`);
    assert.deepEqual(await ids({}), ['etl:unpause', 'other:trigger', 'etl:pause', 'etl:trigger']);
    assert.deepEqual(await ids({ dagId: 'etl', orderBy: 'when' }), ['etl:trigger', 'etl:pause', 'etl:unpause']);
    assert.deepEqual(await ids({ owner: 'bob' }), ['other:trigger']);
    assert.deepEqual(await ids({ event: 'trigger', runId: 'r1', taskId: 't' }), ['etl:trigger']);
    assert.deepEqual(await ids({ after: at(2000), before: at(3000) }), ['etl:pause']);
    const page = await store.auditLog.list({ dagId: 'etl', limit: 1, offset: 1 });
    assert.deepEqual([page.items.map((e) => e.event), page.total], [['pause'], 3]);
  });

  it('creates users with roles, rejects a taken username, updates, sets roles and deletes', async () => {
    const alice = { username: 'alice', email: 'a@example.com', firstName: 'Alice', lastName: 'Ł', passwordHash: 'scrypt$x', roles: ['Admin', 'Op'], active: true };
    assert.deepEqual(await store.users.create(alice, T0), { ...alice, createdAt: T0, lastLogin: null });
    await assert.rejects(store.users.create({ ...alice, roles: [] }, T0), (error: unknown) => {
      assert.ok(isStoreError(error, 'conflict'));
      assert.match(error.message, /a user named "alice" already exists/);
      return true;
    });
    await store.users.create({ ...alice, username: 'bob', email: null, firstName: null, lastName: null, roles: [] }, at(1));
    assert.equal(await store.users.update('alice', { passwordHash: 'scrypt$y', active: false }), true);
    assert.equal(await store.users.setRoles('alice', ['Viewer', 'Viewer']), true);
    assert.equal(await store.users.setRoles('nobody', ['Viewer']), false);
    const got = await store.users.get('alice');
    assert.deepEqual([got?.passwordHash, got?.active, got?.roles], ['scrypt$y', false, ['Viewer']]);
    const page = await store.users.list({ limit: 1, offset: 1 });
    assert.deepEqual([page.items.map((u) => [u.username, u.roles]), page.total], [[['bob', []]], 2]);
    assert.equal(await store.users.delete('alice'), true);
    assert.equal(await store.users.get('alice'), null);
    assert.equal(await store.users.delete('alice'), false);
    // Recreating a deleted user starts with fresh roles.
    assert.deepEqual((await store.users.create({ ...alice, roles: [] }, T0)).roles, []);
  });

  it('updates fields and roles in one call, records the last login, and deletes a user with its roles', async () => {
    const carol = { username: 'carol', email: 'c@example.com', firstName: 'Carol', lastName: null, passwordHash: 'scrypt$c', roles: ['Admin'], active: true };
    await store.users.create(carol, T0);
    await store.users.create({ ...carol, username: 'dave', roles: ['Op'] }, T0);
    // Roles alone, then roles with fields; the other user's roles stay as they were.
    assert.equal(await store.users.update('carol', { roles: ['Viewer', 'User', 'Viewer'] }), true);
    assert.deepEqual((await store.users.get('carol'))?.roles, ['User', 'Viewer']);
    assert.equal(await store.users.update('carol', { roles: ['Op'], email: 'carol@example.com', lastName: 'C', active: false, lastLogin: at(5) }), true);
    const got = await store.users.get('carol');
    assert.deepEqual(
      [got?.roles, got?.email, got?.firstName, got?.lastName, got?.active, got?.lastLogin, got?.passwordHash],
      [['Op'], 'carol@example.com', 'Carol', 'C', false, at(5), 'scrypt$c'],
    );
    assert.equal(await store.users.update('carol', { roles: [] }), true);
    assert.deepEqual((await store.users.get('carol'))?.roles, []);
    assert.equal(await store.users.update('carol', { lastLogin: null }), true);
    assert.equal((await store.users.get('carol'))?.lastLogin, null);
    // An unknown user: false, with or without roles, and no role rows appear for it.
    assert.equal(await store.users.update('nobody', { roles: ['Admin'] }), false);
    assert.equal(await store.users.update('nobody', { roles: ['Admin'], email: 'x@example.com' }), false);
    assert.equal(await store.users.update('nobody', {}), false);
    assert.equal(await store.users.create({ ...carol, username: 'nobody', roles: [] }, T0).then((u) => u.roles.length), 0);
    assert.equal(await store.users.delete('nobody'), true);
    // Deleting removes the user and its roles; the other user is untouched.
    assert.equal(await store.users.update('carol', { roles: ['Admin', 'Op'] }), true);
    assert.equal(await store.users.delete('carol'), true);
    assert.equal(await store.users.get('carol'), null);
    assert.equal(await store.users.update('carol', { roles: ['Viewer'] }), false);
    assert.deepEqual((await store.users.create({ ...carol, roles: [] }, at(9))).roles, []);
    assert.deepEqual((await store.users.get('dave'))?.roles, ['Op']);
    await store.users.delete('carol');
    await store.users.delete('dave');
  });

  it('upserts assets by uri and records and lists their events', async () => {
    const asset = await store.assets.upsert({ uri: 's3://bucket/orders', name: 'orders', group: 'asset', extra: { owner: 'ü' } }, T0);
    assert.deepEqual(asset, { id: asset.id, uri: 's3://bucket/orders', name: 'orders', group: 'asset', extra: { owner: 'ü' }, createdAt: T0, updatedAt: T0 });
    const renamed = await store.assets.upsert({ uri: 's3://bucket/orders', name: 'orders_v2', group: 'g', extra: {} }, at(5));
    assert.deepEqual([renamed.id, renamed.name, renamed.createdAt, renamed.updatedAt], [asset.id, 'orders_v2', T0, at(5)]);
    const other = await store.assets.upsert({ uri: 'file:///tmp/x', name: 'x', group: 'asset', extra: {} }, T0);
    assert.equal((await store.assets.list({ limit: 1 })).total, 2);
    assert.equal((await store.assets.get('file:///tmp/x'))?.id, other.id);

    const base = { assetId: asset.id, sourceDagId: 'etl', sourceTaskId: 'load', sourceRunId: 'r1', sourceMapIndex: -1, extra: { rows: 10 } };
    const e1 = await store.assets.recordEvent({ ...base, timestamp: at(10) });
    assert.deepEqual(e1, { id: e1.id, ...base, timestamp: at(10) });
    await store.assets.recordEvent({ ...base, timestamp: at(20), extra: { rows: 20 } });
    await store.assets.recordEvent({ ...base, assetId: other.id, sourceDagId: null, sourceTaskId: null, sourceRunId: null, sourceMapIndex: null, timestamp: at(15) });
    const ofAsset = await store.assets.listEvents({ assetId: asset.id });
    assert.deepEqual(ofAsset.items.map((e) => e.extra), [{ rows: 10 }, { rows: 20 }]);
    assert.deepEqual((await store.assets.listEvents({ after: at(10) })).items.map((e) => e.timestamp), [at(15), at(20)]);
    const page = await store.assets.listEvents({ orderBy: '-timestamp', limit: 1 });
    assert.deepEqual([page.items.map((e) => e.timestamp), page.total], [[at(20)], 3]);
    assert.equal((await store.assets.listEvents({ sourceDagId: 'etl' })).total, 2);
  });

  it('registers jobs, records heartbeats, ends them, and stops heartbeats after the end', async () => {
    const scheduler = await store.jobs.register({ kind: 'scheduler', hostname: 'host-a', pid: 100 }, T0);
    assert.deepEqual(scheduler, { id: scheduler.id, kind: 'scheduler', hostname: 'host-a', pid: 100, state: 'running', startedAt: T0, latestHeartbeat: T0, endedAt: null, loop: null });
    const worker = await store.jobs.register({ kind: 'worker', hostname: 'host-b', pid: 200 }, at(1));
    assert.equal(await store.jobs.heartbeat(scheduler.id, at(5_000)), true);
    assert.equal((await store.jobs.get(scheduler.id))?.latestHeartbeat.getTime(), at(5_000).getTime());
    assert.deepEqual((await store.jobs.list({ heartbeatSince: at(2_000) })).map((j) => j.id), [scheduler.id]);
    assert.deepEqual((await store.jobs.list()).map((j) => j.id), [worker.id, scheduler.id]);
    assert.deepEqual((await store.jobs.list({ kind: 'worker' })).map((j) => j.hostname), ['host-b']);
    assert.equal(await store.jobs.markEnded(worker.id, 'success', at(9)), true);
    assert.equal(await store.jobs.markEnded(worker.id, 'failed', at(10)), false);
    assert.equal(await store.jobs.heartbeat(worker.id, at(11)), false);
    const ended = await store.jobs.get(worker.id);
    assert.deepEqual([ended?.state, ended?.endedAt], ['success', at(9)]);
    assert.deepEqual((await store.jobs.list({ state: 'running' })).map((j) => j.kind), ['scheduler']);
    assert.equal(await store.jobs.get(-5), null);
    assert.equal(await store.jobs.heartbeat(-5, at(1)), false);
  });
}
