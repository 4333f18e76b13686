/** Variables, connections (with the encryption seam) and pools. */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { generateFernetKey } from '../../secrets/fernet.js';
import { MultiFernet } from '../../secrets/multi-fernet.js';
import { isStoreError } from '../errors.js';
import type { SecretCipher, Store } from '../store.js';
import type { ConnectionInput } from '../types.js';
import type { CaseContext } from './harness.js';

/** Reversible and visibly different from the plain text: enough to prove the seam is used. */
const fakeCipher: SecretCipher = {
  encrypt: (plain) => `enc:${Buffer.from(plain, 'utf8').toString('base64')}`,
  decrypt: (token) => Buffer.from(token.slice('enc:'.length), 'base64').toString('utf8'),
};

const connection = (connId: string, overrides: Partial<ConnectionInput> = {}): ConnectionInput => ({
  connId,
  connType: 'postgres',
  description: 'warehouse',
  host: 'db.internal',
  schema: 'public',
  login: 'etl',
  password: 'p@ss wörd',
  port: 5432,
  extra: '{"sslmode": "require"}',
  ...overrides,
});

export function configCases(ctx: CaseContext): void {
  let store: Store;
  before(async () => {
    store = await ctx.openFresh();
  });
  after(() => store.close());

  it('sets, gets, updates, lists with paging and deletes variables', async () => {
    assert.deepEqual(await store.variables.set({ key: 'b', value: 'one', description: 'first' }), {
      key: 'b', value: 'one', description: 'first', isEncrypted: false, isSecret: false,
    });
    // Without a description the existing one stays.
    await store.variables.set({ key: 'b', value: 'two' });
    assert.deepEqual(await store.variables.get('b'), { key: 'b', value: 'two', description: 'first', isEncrypted: false, isSecret: false });
    await store.variables.set({ key: 'b', value: 'three', description: null });
    assert.equal((await store.variables.get('b'))?.description, null);
    await store.variables.set({ key: 'a', value: '{"json": "as text"}' });
    await store.variables.set({ key: 'c', value: '' });
    const page = await store.variables.list({ limit: 2 });
    assert.deepEqual([page.items.map((v) => v.key), page.total], [['a', 'b'], 3]);
    assert.deepEqual((await store.variables.list({ orderBy: '-key', offset: 1 })).items.map((v) => v.key), ['b', 'a']);
    assert.equal((await store.variables.get('c'))?.value, '');
    assert.equal(await store.variables.delete('a'), true);
    assert.equal(await store.variables.delete('a'), false);
    assert.equal(await store.variables.get('a'), null);
  });

  it('flags a variable secret, keeps the flag when a later set leaves it out, clears it on request', async () => {
    assert.equal((await store.variables.set({ key: 'flagged', value: 'x1', isSecret: true })).isSecret, true);
    assert.equal((await store.variables.set({ key: 'flagged', value: 'x2' })).isSecret, true);
    assert.deepEqual(await store.variables.get('flagged'), { key: 'flagged', value: 'x2', description: null, isEncrypted: false, isSecret: true });
    assert.equal((await store.variables.set({ key: 'flagged', value: 'x3', isSecret: false })).isSecret, false);
    assert.equal(await store.variables.delete('flagged'), true);
  });

  it('upserts, lists and deletes connections', async () => {
    const stored = await store.connections.upsert(connection('warehouse'));
    assert.deepEqual(stored, { ...connection('warehouse'), isEncrypted: false, isExtraEncrypted: false });
    await store.connections.upsert(connection('warehouse', { host: 'db2', password: null, port: null, extra: null }));
    const updated = await store.connections.get('warehouse');
    assert.deepEqual([updated?.host, updated?.password, updated?.port, updated?.extra], ['db2', null, null, null]);
    await store.connections.upsert(connection('api', { connType: 'http' }));
    const page = await store.connections.list({ orderBy: 'connType', limit: 1 });
    assert.deepEqual([page.items.map((c) => c.connId), page.total], [['api'], 2]);
    assert.equal(await store.connections.delete('api'), true);
    assert.equal(await store.connections.get('api'), null);
  });

  it('encrypts secrets through the cipher seam and refuses to read them without it', async () => {
    const encrypting = await ctx.openMain({ cipher: fakeCipher });
    const plain = await ctx.openMain();
    try {
      const id = `secret_${process.pid}_${Date.now()}`;
      const conn = await encrypting.connections.upsert(connection(id));
      assert.deepEqual([conn.password, conn.extra, conn.isEncrypted, conn.isExtraEncrypted], ['p@ss wörd', '{"sslmode": "require"}', true, true]);
      assert.equal((await encrypting.variables.set({ key: id, value: 's3cret' })).value, 's3cret');
      assert.deepEqual(await encrypting.variables.get(id), { key: id, value: 's3cret', description: null, isEncrypted: true, isSecret: false });
      // A process without the key gets a clear error instead of ciphertext.
      await assert.rejects(plain.variables.get(id), (error: unknown) => {
        assert.ok(isStoreError(error, 'encrypted'));
        assert.match(error.message, new RegExp(`variable "${id}" is stored encrypted .* UPDRAFT_FERNET_KEY`));
        return true;
      });
      await assert.rejects(plain.connections.get(id), /the password of connection ".+" is stored encrypted/);
      // Values written without a key stay readable by a process that has one.
      await plain.variables.set({ key: `${id}_plain`, value: 'open' });
      assert.deepEqual(await encrypting.variables.get(`${id}_plain`), { key: `${id}_plain`, value: 'open', description: null, isEncrypted: false, isSecret: false });
    } finally {
      await encrypting.close();
      await plain.close();
    }
  });

  it('with Fernet keys: reads under "new,old", and a key that does not decrypt a value is an error naming it', async () => {
    const keyA = generateFernetKey();
    const keyB = generateFernetKey();
    const withA = await ctx.openMain({ cipher: MultiFernet.fromList(keyA, 'UPDRAFT_FERNET_KEY') });
    const withBA = await ctx.openMain({ cipher: MultiFernet.fromList(`${keyB},${keyA}`, 'UPDRAFT_FERNET_KEY') });
    const withB = await ctx.openMain({ cipher: MultiFernet.fromList(keyB, 'UPDRAFT_FERNET_KEY') });
    const id = `fernet_${process.pid}_${Date.now()}`;
    try {
      await withA.connections.upsert(connection(id));
      await withA.variables.set({ key: id, value: 'v@lue' });
      assert.equal((await withBA.connections.get(id))?.password, 'p@ss wörd');
      assert.equal((await withBA.variables.get(id))?.value, 'v@lue');
      await assert.rejects(withB.connections.get(id), (error: unknown) => {
        assert.ok(isStoreError(error, 'encrypted'));
        assert.match(error.message, new RegExp(`^the password of connection "${id}" cannot be decrypted: the Fernet key in UPDRAFT_FERNET_KEY does not decrypt it`));
        assert.match(error.message, /UPDRAFT_FERNET_KEY=<new key>,<old key>.*updraft rotate-fernet-key/);
        return true;
      });
      await assert.rejects(withB.variables.get(id), new RegExp(`variable "${id}" cannot be decrypted`));
    } finally {
      await withA.connections.delete(id);
      await withA.variables.delete(id);
      await Promise.all([withA.close(), withBA.close(), withB.close()]);
    }
  });

  it('upserts, lists and deletes pools; refuses to delete the default pool', async () => {
    assert.deepEqual(await store.pools.upsert({ name: 'etl', slots: 4, description: 'ETL', includeDeferred: true }), {
      name: 'etl', slots: 4, description: 'ETL', includeDeferred: true,
    });
    await store.pools.upsert({ name: 'etl', slots: 6, description: null, includeDeferred: false });
    assert.deepEqual(await store.pools.get('etl'), { name: 'etl', slots: 6, description: null, includeDeferred: false });
    await store.pools.upsert({ name: 'unlimited', slots: -1, description: null, includeDeferred: false });
    await store.pools.upsert({ name: 'default_pool', slots: 64, description: 'Default pool', includeDeferred: false });
    const bySlots = await store.pools.list({ orderBy: '-slots' });
    assert.deepEqual(bySlots.items.map((p) => [p.name, p.slots]), [['default_pool', 64], ['etl', 6], ['unlimited', -1]]);
    assert.equal((await store.pools.list({ limit: 1 })).total, 3);
    await assert.rejects(store.pools.upsert({ name: 'bad', slots: -2, description: null, includeDeferred: false }), /slots must be an integer/);
    await assert.rejects(store.pools.delete('default_pool'), (error: unknown) => {
      assert.ok(isStoreError(error, 'invalid'));
      assert.match(error.message, /the pool "default_pool" cannot be deleted/);
      return true;
    });
    assert.equal(await store.pools.delete('etl'), true);
    assert.equal(await store.pools.delete('etl'), false);
    assert.equal(await store.pools.get('etl'), null);
  });
}
