import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openStore } from '../../store/open-store.js';
import type { Store } from '../../store/store.js';
import { USER_CACHE_TTL_MS, UserCache } from './user-cache.js';

describe('UserCache', () => {
  let dir = '';
  let store: Store;
  let other: Store;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'updraft-user-cache-'));
    store = await openStore({ home: dir });
    // Another connection, as the CLI or another API worker would have.
    other = await openStore({ home: dir });
    await store.users.create({ username: 'ada', email: null, firstName: null, lastName: null, passwordHash: 'x', roles: ['Viewer'], active: true }, new Date());
  });
  after(async () => {
    await other.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sees a user disabled or given other roles elsewhere within its bound (2 s by default)', async () => {
    assert.equal(USER_CACHE_TTL_MS, 2000);
    const cache = new UserCache(store, 300);
    assert.equal((await cache.get('ada'))?.active, true);
    await other.users.update('ada', { active: false, roles: ['Admin'] });
    const changedAt = performance.now();
    let seen = await cache.get('ada');
    while (seen?.active !== false && performance.now() - changedAt < 2000) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      seen = await cache.get('ada');
    }
    assert.deepEqual([seen?.active, seen?.roles], [false, ['Admin']]);
    assert.ok(performance.now() - changedAt < 300 + 500, 'within the bound (and some scheduling slack)');
    await other.users.delete('ada');
    cache.forget();
    assert.equal(await cache.get('ada'), null, 'forget: the next read is fresh');
  });
});
