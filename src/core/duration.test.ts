import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatDuration, parseDuration } from './duration.js';

describe('parseDuration', () => {
  it('takes numbers as milliseconds', () => {
    assert.equal(parseDuration(1500), 1500);
    assert.equal(parseDuration(0), 0);
    assert.equal(parseDuration('2500'), 2500);
  });

  it('reads compact units', () => {
    assert.equal(parseDuration('500ms'), 500);
    assert.equal(parseDuration('30s'), 30_000);
    assert.equal(parseDuration('5m'), 300_000);
    assert.equal(parseDuration('1h30m'), 5_400_000);
    assert.equal(parseDuration('1h 30m'), 5_400_000);
    assert.equal(parseDuration('2d'), 172_800_000);
    assert.equal(parseDuration('1w'), 604_800_000);
    assert.equal(parseDuration('1.5h'), 5_400_000);
    assert.equal(parseDuration(' 2H '), 7_200_000);
  });

  it('reads ISO-8601 durations', () => {
    assert.equal(parseDuration('PT1H'), 3_600_000);
    assert.equal(parseDuration('PT1H30M'), 5_400_000);
    assert.equal(parseDuration('P1DT12H'), 129_600_000);
    assert.equal(parseDuration('P2W'), 1_209_600_000);
    assert.equal(parseDuration('PT0.5S'), 500);
  });

  it('says what was wrong and gives examples', () => {
    assert.throws(() => parseDuration('abc'), /Invalid duration "abc": expected amounts with units.*e\.g\. .*'30s'.*'PT1H'/);
    assert.throws(() => parseDuration('-5m'), /cannot be negative/);
    assert.throws(() => parseDuration(-1), /cannot be negative/);
    assert.throws(() => parseDuration(Number.NaN), /not a finite number/);
    assert.throws(() => parseDuration(''), /it is empty/);
    assert.throws(() => parseDuration('5 minutes'), /Invalid duration "5 minutes"/);
    assert.throws(() => parseDuration('P1M'), /years and months have no fixed length/);
    assert.throws(() => parseDuration('PT'), /not an ISO-8601 duration/);
    assert.throws(() => parseDuration('P'), /not an ISO-8601 duration/);
  });
});

describe('formatDuration', () => {
  it('writes short human forms', () => {
    assert.equal(formatDuration(5_400_000), '1h 30m');
    assert.equal(formatDuration(0), '0s');
    assert.equal(formatDuration(1_500), '1s 500ms');
    assert.equal(formatDuration(93_784_000), '1d 2h 3m 4s');
    assert.equal(formatDuration(-60_000), '-1m');
  });

  it('round-trips through parseDuration', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10 * 365 * 86_400_000 }), (ms) => parseDuration(formatDuration(ms)) === ms));
  });
});
