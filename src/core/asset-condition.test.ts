/** Asset conditions: examples of Airflow's AssetAll / AssetAny, and fast-check properties. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  assetConditionMet,
  assetConditionUris,
  assetUriProblem,
  describeAssetCondition,
  scheduleAssetCondition,
  type AssetCondition,
} from './asset-condition.js';

const met = (condition: AssetCondition, ...updated: string[]) => assetConditionMet(condition, new Set(updated));

describe('assetConditionMet', () => {
  it('a URI is met when that asset was updated', () => {
    assert.equal(met('a', 'a'), true);
    assert.equal(met('a', 'b'), false);
    assert.equal(met('a'), false);
  });

  it('all needs every member, any needs one (and nest)', () => {
    const both: AssetCondition = { all: ['a', 'b'] };
    assert.deepEqual([met(both, 'a'), met(both, 'b'), met(both, 'a', 'b'), met(both, 'a', 'b', 'c')], [false, false, true, true]);
    const either: AssetCondition = { any: ['a', { all: ['b', 'c'] }] };
    assert.deepEqual(
      [met(either, 'a'), met(either, 'b'), met(either, 'b', 'c'), met(either, 'c'), met(either)],
      [true, false, true, false, false],
    );
  });

  it("the list form of a schedule (no condition) needs all of its assets, as Airflow's list", () => {
    const condition = scheduleAssetCondition({ kind: 'assets', assets: ['a', 'b'] });
    assert.deepEqual(condition, { all: ['a', 'b'] });
    assert.equal(met(condition, 'a'), false);
    assert.equal(met(condition, 'b', 'a'), true);
    assert.deepEqual(scheduleAssetCondition({ kind: 'assets', assets: ['a', 'b'], condition: { any: ['a', 'b'] } }), { any: ['a', 'b'] });
  });
});

describe('assetConditionUris and describeAssetCondition', () => {
  it('lists each URI once, in order of first mention', () => {
    assert.deepEqual(assetConditionUris({ any: ['b', { all: ['a', 'b', 'c'] }, 'a'] }), ['b', 'a', 'c']);
    assert.deepEqual(assetConditionUris('x'), ['x']);
  });

  it('reads as an expression with brackets around nested groups', () => {
    assert.equal(describeAssetCondition({ any: ['a', { all: ['b', 'c'] }] }), 'a | (b & c)');
    assert.equal(describeAssetCondition({ all: ['a', { any: ['b'] }] }), 'a & b');
    assert.equal(describeAssetCondition('s3://x'), 's3://x');
  });
});

describe('assetUriProblem', () => {
  it('accepts URIs and explains empty, blank-containing and non-string ones', () => {
    assert.equal(assetUriProblem('s3://bucket/key'), null);
    assert.equal(assetUriProblem('orders'), null);
    assert.match(assetUriProblem('') ?? '', /empty/);
    assert.match(assetUriProblem('s3://a b') ?? '', /whitespace/);
    assert.match(assetUriProblem(' s3://a') ?? '', /whitespace/);
    assert.match(assetUriProblem(42) ?? '', /URI string or asset\(uri\), got number/);
  });
});

describe('asset condition properties', () => {
  const uriArb = fc.constantFrom('a', 'b', 'c', 'd', 'e');
  const conditionArb: fc.Arbitrary<AssetCondition> = fc.letrec<{ node: AssetCondition }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      uriArb,
      fc.array(tie('node'), { minLength: 1, maxLength: 4 }).map((all) => ({ all })),
      fc.array(tie('node'), { minLength: 1, maxLength: 4 }).map((any) => ({ any })),
    ),
  })).node;
  const updatedArb = fc.uniqueArray(uriArb, { maxLength: 5 }).map((xs) => new Set(xs));

  it('is monotone: more updated assets never unmeet a condition', () => {
    fc.assert(
      fc.property(conditionArb, updatedArb, uriArb, (condition, updated, extra) => {
        if (assetConditionMet(condition, updated)) assert.equal(assetConditionMet(condition, new Set([...updated, extra])), true);
      }),
    );
  });

  it('is met when every asset it mentions was updated, and never when none was', () => {
    fc.assert(
      fc.property(conditionArb, (condition) => {
        assert.equal(assetConditionMet(condition, new Set(assetConditionUris(condition))), true);
        assert.equal(assetConditionMet(condition, new Set()), false);
      }),
    );
  });

  it('depends only on the assets it mentions', () => {
    fc.assert(
      fc.property(conditionArb, updatedArb, (condition, updated) => {
        const mentioned = new Set(assetConditionUris(condition));
        const relevant = new Set([...updated].filter((u) => mentioned.has(u)));
        assert.equal(assetConditionMet(condition, updated), assetConditionMet(condition, relevant));
      }),
    );
  });

  it('all and any agree with every / some over their members', () => {
    fc.assert(
      fc.property(fc.array(conditionArb, { minLength: 1, maxLength: 4 }), updatedArb, (members, updated) => {
        assert.equal(assetConditionMet({ all: members }, updated), members.every((m) => assetConditionMet(m, updated)));
        assert.equal(assetConditionMet({ any: members }, updated), members.some((m) => assetConditionMet(m, updated)));
      }),
    );
  });
});
