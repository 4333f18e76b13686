/**
 * The pure parts of sensors: when the next poke comes (Airflow's
 * `_get_next_poke_interval`, with its sha1 jitter), when a sensor has timed
 * out, and how the external-task sensor judges the states it sees.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { externalTaskVerdict } from './external-task-verdict.js';
import { nextPokeDelayMs, sensorTimedOut, type SensorTiming } from './sensor-timing.js';
import { describeTrigger, isWaitState } from './wait-state.js';

const timing = (over: Partial<SensorTiming> = {}): SensorTiming => ({ pokeIntervalMs: 60_000, timeoutMs: 7 * 86_400_000, exponentialBackoff: false, maxWaitMs: null, ...over });
const count = { dagId: 'etl', taskId: 'wait', firstPokeAt: new Date('2024-01-01T00:00:00Z'), pokes: 1, elapsedMs: 0 };

describe('next poke', () => {
  it('is the poke interval without back-off', () => {
    assert.equal(nextPokeDelayMs(timing({ pokeIntervalMs: 5000 }), { ...count, pokes: 7 }), 5000);
  });

  it('with back-off, waits whole seconds in [base, 2 base) where base doubles each poke (Airflow: poke_interval * 2^(pokes-2), at least 1 s)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 120 }), fc.string({ minLength: 1, maxLength: 8 }), (pokes, intervalSeconds, taskId) => {
        const delay = nextPokeDelayMs(timing({ pokeIntervalMs: intervalSeconds * 1000, exponentialBackoff: true, timeoutMs: Number.MAX_SAFE_INTEGER }), { ...count, taskId, pokes });
        const base = Math.max(1, Math.floor(intervalSeconds * 2 ** (pokes - 2)));
        assert.equal(delay % 1000, 0);
        assert.ok(delay >= base * 1000 && delay < 2 * base * 1000, `${delay} for base ${base}`);
      }),
    );
  });

  it('with back-off, is the same for the same task, start and poke (every scheduler agrees) and never past the timeout or maxWait', () => {
    const t = timing({ pokeIntervalMs: 10_000, exponentialBackoff: true, timeoutMs: 100_000 });
    const c = { ...count, pokes: 6 };
    assert.equal(nextPokeDelayMs(t, c), nextPokeDelayMs(t, c));
    assert.equal(nextPokeDelayMs(t, { ...c, elapsedMs: 90_500 }), 10_000, 'capped at the whole seconds left before the timeout');
    assert.equal(nextPokeDelayMs({ ...t, maxWaitMs: 3000 }, c), 3000);
  });

  it('times out only once the time since the first poke is past the timeout', () => {
    assert.equal(sensorTimedOut(timing({ timeoutMs: 1000 }), 1000), false);
    assert.equal(sensorTimedOut(timing({ timeoutMs: 1000 }), 1001), true);
  });
});

describe('external-task verdict', () => {
  const rules = { allowedStates: ['success'], failedStates: ['failed'], skippedStates: ['skipped'] };
  const seen = (states: (string | null)[], expected = 2) => ({ what: "tasks a, b of DAG 'up'", states, expected });

  it('is met when every expected instance is in an allowed state', () => {
    assert.deepEqual(externalTaskVerdict(rules, seen(['success', 'success'])), { verdict: 'met', reason: "tasks a, b of DAG 'up': success" });
  });

  it('waits, saying how far along, while some are elsewhere or missing', () => {
    assert.deepEqual(externalTaskVerdict(rules, seen(['success', 'running'])), { verdict: 'waiting', reason: "tasks a, b of DAG 'up': 1 of 2 success (now: success, running)" });
    assert.equal(externalTaskVerdict(rules, seen([], 2)).reason, "tasks a, b of DAG 'up': not found yet");
    assert.equal(externalTaskVerdict(rules, seen(['success'], 2)).verdict, 'waiting', 'a missing task is not a success');
  });

  it('fails as soon as one is in a failed state, before looking at skipped ones (Airflow checks failed states first)', () => {
    assert.equal(externalTaskVerdict(rules, seen(['failed', 'skipped'])).verdict, 'failed');
    assert.equal(externalTaskVerdict(rules, seen(['success', 'skipped'])).verdict, 'skipped');
    assert.equal(externalTaskVerdict({ ...rules, failedStates: [] }, seen(['failed', 'success'])).verdict, 'waiting', 'without failed states, a failure just never satisfies');
  });
});

describe('wait states', () => {
  it('are recognised by kind and first poke, and triggers read as sentences', () => {
    assert.equal(isWaitState({ kind: 'reschedule', firstPokeAt: '2024-01-01T00:00:00.000Z', pokes: 2 }), true);
    assert.equal(isWaitState({ kind: 'sleep' }), false);
    assert.equal(describeTrigger({ kind: 'time', at: '2024-01-01T00:00:00.000Z' }), 'the time 2024-01-01T00:00:00.000Z');
    assert.equal(
      describeTrigger({ kind: 'external_task', query: { dagId: 'up', taskIds: null, logicalDate: '2024-01-01T00:00:00.000Z' }, verdict: { allowedStates: ['success'], failedStates: [], skippedStates: [] }, pokeIntervalMs: 1000 }),
      "the run of DAG 'up' at 2024-01-01T00:00:00.000Z to be success",
    );
  });
});
