import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { indexRanges, nameInstances } from './instance-names.js';

describe('indexRanges', () => {
  it('folds runs of three or more and keeps shorter ones listed', () => {
    assert.equal(indexRanges([3]), '3');
    assert.equal(indexRanges([1, 0]), '0, 1');
    assert.equal(indexRanges([9, 0, 1, 2, 5, 7, 8, 2]), '0..2, 5, 7..9');
  });
});

describe('nameInstances', () => {
  const ti = (taskId: string, mapIndex = -1, state: 'running' | 'failed' | null = null) => ({ taskId, mapIndex, state });

  it('names unmapped tasks once and mapped ones with their indexes, in first-seen order', () => {
    assert.equal(nameInstances([ti('load'), ti('extract', 2), ti('extract', 0), ti('extract', 1)]), 'load, extract[0..2]');
  });

  it('with states, gives one entry per task and state', () => {
    const tis = [ti('x', 0, 'running'), ti('x', 1, null), ti('x', 2, 'running'), ti('y', -1, 'failed')];
    assert.equal(nameInstances(tis, { withState: true }), 'x[0, 2] (running), x[1] (not started), y (failed)');
  });

  it('past four entries, shows three and counts the instances left out', () => {
    assert.equal(nameInstances(['a', 'b', 'c', 'd'].map((id) => ti(id))), 'a, b, c, d');
    const tis = [ti('a'), ti('b'), ti('c'), ti('d'), ti('m', 0), ti('m', 1), ti('m', 2)];
    assert.equal(nameInstances(tis), 'a, b, c and 4 more');
  });
});
