import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DEFAULT_MAX_TASK_RETRY_DELAY_MS, describeRetry, nextRetryAt, pythonDateString, retryDelayMs } from './retry.js';
import { formatDuration } from './duration.js';

const DEFAULT_DATE = new Date('2016-01-01T00:00:00Z');
const END = new Date('2024-03-01T12:00:00Z');
const S = 1000;

function backoffTask(retryDelayMs: number, maxRetryDelayMs: number | null) {
  return { retryDelayMs, retryExponentialBackoff: true, maxRetryDelayMs };
}

describe('nextRetryAt (Airflow next_retry_datetime)', () => {
  const base = {
    dagId: 'fail_dag',
    taskId: 'task_with_exp_backoff_and_max_delay',
    logicalDate: DEFAULT_DATE,
    finishedAt: END,
  };
  const task = backoffTask(30 * S, 60 * 60 * S);

  it('grows exponentially within Airflow\'s bounds and stops at max_retry_delay', () => {
    // from Airflow: tests/unit/models/test_taskinstance.py::test_next_retry_datetime
    const within = (tryNumber: number, lo: number, hi: number) => {
      const at = nextRetryAt({ ...base, task, tryNumber });
      const delay = (at.getTime() - END.getTime()) / S;
      assert.ok(delay >= lo && delay <= hi, `try ${tryNumber}: ${delay}s not in [${lo}, ${hi}]`);
    };
    within(0, 15, 30); // "between 30 * 2^0.5 and 30 * 2^1 (15 and 30)"
    within(3, 120, 240);
    within(5, 480, 960);
    assert.equal(nextRetryAt({ ...base, task, tryNumber: 9 }).getTime(), END.getTime() + 60 * 60 * S);
    assert.equal(nextRetryAt({ ...base, task, tryNumber: 50 }).getTime(), END.getTime() + 60 * 60 * S);
  });

  it('matches Airflow\'s sha1 jitter to the second', () => {
    // Values computed with Airflow's formula in Python for the test_next_retry_datetime task.
    for (const [tryNumber, seconds] of [
      [0, 26],
      [1, 53],
      [2, 73],
      [3, 194],
      [4, 331],
      [5, 518],
    ] as const) {
      assert.equal(retryDelayMs({ ...base, task, tryNumber }), seconds * S, `try ${tryNumber}`);
    }
    assert.equal(retryDelayMs({ ...base, task: backoffTask(30 * S, null), tryNumber: 9 }), 11_564 * S);
    const withMillis = new Date('2024-05-06T07:08:09.123Z');
    assert.equal(
      retryDelayMs({ dagId: 'etl', taskId: 'load', logicalDate: withMillis, tryNumber: 2, task: backoffTask(300 * S, null) }),
      1126 * S,
    );
    assert.equal(retryDelayMs({ dagId: 'etl', taskId: 'load', logicalDate: null, tryNumber: 1, task: backoffTask(300 * S, null) }), 400 * S);
  });

  for (const seconds of [0, 0.5, 1]) {
    it(`short or zero interval ${seconds}s waits exactly 1s`, () => {
      // from Airflow: tests/unit/models/test_taskinstance.py::test_next_retry_datetime_short_or_zero_intervals
      const at = nextRetryAt({ ...base, taskId: 'task_with_exp_backoff_and_short_or_zero_time_interval', task: backoffTask(seconds * S, 60 * 60 * S), tryNumber: 0 });
      assert.equal(at.getTime(), END.getTime() + S);
    });
  }

  it('without back-off waits exactly retry_delay', () => {
    const task = { retryDelayMs: 300 * S, retryExponentialBackoff: false, maxRetryDelayMs: 10 * S };
    assert.equal(nextRetryAt({ ...base, task, tryNumber: 7 }).getTime(), END.getTime() + 300 * S);
  });

  it('caps at max_task_retry_delay (24 h by default) when the task has no max', () => {
    const task = backoffTask(60 * S, null);
    assert.equal(retryDelayMs({ ...base, task, tryNumber: 40 }), DEFAULT_MAX_TASK_RETRY_DELAY_MS);
    assert.equal(retryDelayMs({ ...base, task, tryNumber: 5000 }), DEFAULT_MAX_TASK_RETRY_DELAY_MS);
    assert.equal(retryDelayMs({ ...base, task, tryNumber: 40, maxTaskRetryDelayMs: 3600 * S }), 3600 * S);
  });

  it('formats the logical date as Python str(datetime) for the hash', () => {
    assert.equal(pythonDateString(DEFAULT_DATE), '2016-01-01 00:00:00+00:00');
    assert.equal(pythonDateString(new Date('2024-05-06T07:08:09.123Z')), '2024-05-06 07:08:09.123000+00:00');
    assert.equal(pythonDateString(null), 'None');
  });

  it('describes the wait for people', () => {
    assert.equal(describeRetry(330 * S, new Date('2024-01-01T00:05:30Z')), 'next try in 5m 30s (at 2024-01-01T00:05:30.000Z)');
    assert.equal(formatDuration(90_061 * S), '1d 1h 1m 1s');
    assert.equal(formatDuration(0), '0s');
  });
});

describe('retry delay properties', () => {
  const inputArb = fc.record({
    delaySeconds: fc.integer({ min: 0, max: 3600 }),
    maxSeconds: fc.option(fc.integer({ min: 1, max: 7 * 86_400 }), { nil: null }),
    tryNumber: fc.integer({ min: 0, max: 200 }),
    dagId: fc.string({ minLength: 1, maxLength: 8 }),
    taskId: fc.string({ minLength: 1, maxLength: 8 }),
    logical: fc.option(fc.integer({ min: 0, max: 4_000_000_000_000 }), { nil: null }),
  });

  it('never exceeds maxRetryDelay nor the 24 h cap, and is deterministic', () => {
    fc.assert(
      fc.property(inputArb, (i) => {
        const input = {
          task: backoffTask(i.delaySeconds * S, i.maxSeconds === null ? null : i.maxSeconds * S),
          tryNumber: i.tryNumber,
          dagId: i.dagId,
          taskId: i.taskId,
          logicalDate: i.logical === null ? null : new Date(i.logical),
        };
        const d = retryDelayMs(input);
        assert.ok(d >= S, 'at least one second with back-off');
        assert.ok(d <= DEFAULT_MAX_TASK_RETRY_DELAY_MS);
        if (i.maxSeconds !== null) assert.ok(d <= i.maxSeconds * S);
        assert.equal(retryDelayMs(input), d);
      }),
    );
  });

  it('jitter keeps each delay in [base, 2*base) before the caps', () => {
    fc.assert(
      fc.property(inputArb, (i) => {
        const base = Math.max(1, Math.ceil(i.delaySeconds * 2 ** (i.tryNumber - 1)));
        fc.pre(2 * base <= 86_400);
        const d = retryDelayMs({
          task: backoffTask(i.delaySeconds * S, null),
          tryNumber: i.tryNumber,
          dagId: i.dagId,
          taskId: i.taskId,
          logicalDate: null,
        });
        assert.ok(d >= base * S && d < 2 * base * S, `${d} not in [${base}, ${2 * base})`);
      }),
    );
  });

  it('is non-decreasing in tryNumber (from try 1) until the caps, because the ranges [b, 2b) and [2b, 4b) do not overlap', () => {
    // Airflow guarantees only the ranges; with whole-second delays >= 1s the next range
    // starts where the previous one ends, so the sequence never goes down.
    fc.assert(
      fc.property(inputArb, (i) => {
        fc.pre(i.delaySeconds >= 1);
        const task = backoffTask(i.delaySeconds * S, i.maxSeconds === null ? null : i.maxSeconds * S);
        let previous = 0;
        for (let tryNumber = 1; tryNumber <= 25; tryNumber += 1) {
          const d = retryDelayMs({ task, tryNumber, dagId: i.dagId, taskId: i.taskId, logicalDate: null });
          assert.ok(d >= previous, `try ${tryNumber}: ${d} < ${previous}`);
          previous = d;
        }
      }),
    );
  });
});
