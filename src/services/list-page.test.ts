import assert from 'node:assert/strict';
import { test } from 'node:test';
import { likeMatcher, pageInMemory } from './list-page.js';

test('patterns match anywhere, case-insensitively, with % and _ wildcards and | for either', () => {
  const m = likeMatcher('%cust_mer% | dag1');
  assert.deepEqual(['big_Customer_x', 'custXmer', 'custmer', 'my_dag1', 'dag2'].map(m), [true, true, false, true, false]);
  assert.equal(likeMatcher('a.b')('axb'), false, 'regex characters are literal');
  assert.equal(likeMatcher(undefined)('anything'), true);
  assert.equal(likeMatcher('~')('anything'), true);
});

test('pages are sorted by the field, descending with -, and total counts every match', () => {
  const rows = [{ k: 'b', n: 2 }, { k: 'a', n: 3 }, { k: 'c', n: 1 }];
  assert.deepEqual(pageInMemory(rows, { sort: '-n', limit: 2, offset: 0 }), { items: [{ k: 'a', n: 3 }, { k: 'b', n: 2 }], total: 3 });
  assert.deepEqual(pageInMemory(rows, { sort: 'k', offset: 1, keep: (r) => r.n > 1 }), { items: [{ k: 'b', n: 2 }], total: 2 });
});
