import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { TaskInstanceStateOrNone } from './states.js';
import { isFinished } from './states.js';
import {
  ALL_TI_STATES,
  canTransition,
  clearTaskInstance,
  describeTry,
  eventsFrom,
  failureOutcome,
  RESET_EVENTS,
  TI_EVENTS,
  TI_TRANSITIONS,
  transition,
} from './ti-state-machine.js';

describe('TI transition table', () => {
  it('walks the happy path none -> scheduled -> queued -> running -> success', () => {
    let state: TaskInstanceStateOrNone = null;
    for (const [event, expected] of [
      ['schedule', 'scheduled'],
      ['queue', 'queued'],
      ['start', 'running'],
      ['succeed', 'success'],
    ] as const) {
      const r = transition(state, event);
      assert.ok(r.ok, `${event} from ${state}`);
      assert.equal(r.to, expected);
      state = r.to;
    }
  });

  it('walks a retry: running -> up_for_retry -> scheduled', () => {
    assert.deepEqual(transition('running', 'retry'), { ok: true, to: 'up_for_retry' });
    assert.deepEqual(transition('up_for_retry', 'schedule'), { ok: true, to: 'scheduled' });
    assert.deepEqual(transition('running', 'reschedule'), { ok: true, to: 'up_for_reschedule' });
    assert.deepEqual(transition('running', 'defer'), { ok: true, to: 'deferred' });
    assert.deepEqual(transition('deferred', 'resume'), { ok: true, to: 'scheduled' });
  });

  it('clearing a running instance restarts it; the stopped try is retried', () => {
    assert.deepEqual(transition('running', 'clear'), { ok: true, to: 'restarting' });
    assert.deepEqual(transition('restarting', 'restart'), { ok: true, to: 'up_for_retry' });
    assert.deepEqual(transition('success', 'clear'), { ok: true, to: null });
    assert.deepEqual(transition('removed', 'restore'), { ok: true, to: null });
  });

  it('refuses a move that does not exist, saying what is allowed', () => {
    assert.deepEqual(transition('success', 'start'), {
      ok: false,
      error: 'cannot start a task instance in state success; allowed from success: clear, mark_failed, mark_skipped, remove',
    });
    assert.deepEqual(transition(null, 'succeed'), {
      ok: false,
      error:
        'cannot succeed a task instance in state none; allowed from none: schedule, skip, upstream_fail, clear, mark_success, mark_failed, mark_skipped, remove',
    });
  });

  it('heartbeat_lost needs to know whether retries are left', () => {
    assert.deepEqual(transition('running', 'heartbeat_lost'), {
      ok: false,
      error: 'heartbeat_lost from running needs to know whether retries are left',
    });
    assert.deepEqual(transition('running', 'heartbeat_lost', { retriesLeft: true }), { ok: true, to: 'up_for_retry' });
    assert.deepEqual(transition('running', 'heartbeat_lost', { retriesLeft: false }), { ok: true, to: 'failed' });
  });

  it('canTransition agrees with the table', () => {
    assert.equal(canTransition(null, 'scheduled'), true);
    assert.equal(canTransition('scheduled', 'running'), false);
    assert.equal(canTransition('running', 'restarting'), true);
    assert.equal(canTransition('upstream_failed', 'running'), false);
  });

  it('every (from, event) pair is unambiguous unless guarded', () => {
    const seen = new Map<string, number>();
    for (const t of TI_TRANSITIONS) {
      const key = `${t.from}|${t.event}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    for (const [key, count] of seen) {
      if (count > 1) {
        const [from, event] = key.split('|');
        const guarded = TI_TRANSITIONS.filter((t) => `${t.from}|${t.event}` === key).every((t) => t.guard);
        assert.ok(guarded, `${event} from ${from} has ${count} targets without guards`);
      }
    }
  });

  it('every state can be reached and every non-final state can be left', () => {
    for (const s of ALL_TI_STATES) {
      if (s !== null) assert.ok(TI_TRANSITIONS.some((t) => t.to === s), `${s} is unreachable`);
      assert.ok(eventsFrom(s).length > 0, `${s} is a dead end`);
    }
  });
});

describe('TI state machine properties', () => {
  const stateArb = fc.constantFrom(...ALL_TI_STATES);
  const eventArb = fc.constantFrom(...TI_EVENTS);

  it('never leaves a finished state except by clear, mark, remove or restore', () => {
    fc.assert(
      fc.property(stateArb, fc.array(eventArb, { maxLength: 30 }), fc.boolean(), (start, events, retriesLeft) => {
        let state = start;
        for (const event of events) {
          const r = transition(state, event, { retriesLeft });
          if (!r.ok) continue;
          if (isFinished(state) && r.to !== state) {
            assert.ok(RESET_EVENTS.has(event), `${event} moved ${state} to ${r.to}`);
          }
          state = r.to;
        }
      }),
    );
  });

  it('transition and canTransition agree', () => {
    fc.assert(
      fc.property(stateArb, eventArb, fc.boolean(), (from, event, retriesLeft) => {
        const r = transition(from, event, { retriesLeft });
        if (r.ok) assert.ok(canTransition(from, r.to));
        else assert.match(r.error, /cannot|needs|no /);
      }),
    );
  });
});

describe('failureOutcome (Airflow is_eligible_to_retry)', () => {
  it('retries while try_number <= max_tries, then fails; clearing grants retries again', () => {
    // from Airflow: tests/unit/models/test_taskinstance.py::test_retry_handling (retries=1)
    let ti = { state: 'running' as TaskInstanceStateOrNone, tryNumber: 1, maxTries: 1 };
    assert.equal(failureOutcome(ti), 'up_for_retry'); // first run -- up for retry
    ti = { ...ti, tryNumber: 2 };
    assert.equal(failureOutcome(ti), 'failed'); // second run -- fail
    const cleared = clearTaskInstance({ ...ti, state: 'failed' }, 1);
    assert.deepEqual(cleared, { state: null, tryNumber: 2, maxTries: 3 });
    assert.equal(failureOutcome({ tryNumber: 3, maxTries: cleared.maxTries }), 'up_for_retry'); // third run -- up for retry
    assert.equal(failureOutcome({ tryNumber: 4, maxTries: cleared.maxTries }), 'failed'); // fourth run -- fail
  });

  it('never retries with max_tries 0, always retries a restarting try, never a forced failure', () => {
    assert.equal(failureOutcome({ tryNumber: 0, maxTries: 0 }), 'failed');
    assert.equal(failureOutcome({ tryNumber: 1, maxTries: 0 }), 'failed');
    assert.equal(failureOutcome({ tryNumber: 5, maxTries: 0, restarting: true }), 'up_for_retry');
    assert.equal(failureOutcome({ tryNumber: 1, maxTries: 3, forceFail: true }), 'failed');
  });

  it('describes the try 1-based as Airflow logs it', () => {
    assert.equal(describeTry({ tryNumber: 2, maxTries: 3 }), 'try 2 of 4');
  });

  it('property: with retries r, exactly r + 1 tries happen before failed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20 }), (retries) => {
        let tries = 0;
        for (let tryNumber = 1; ; tryNumber += 1) {
          tries += 1;
          if (failureOutcome({ tryNumber, maxTries: retries }) === 'failed') break;
        }
        assert.equal(tries, retries + 1);
      }),
    );
  });
});

describe('clearTaskInstance (Airflow clear_task_instances)', () => {
  it('keeps try_number and sets max_tries = try_number + retries', () => {
    assert.deepEqual(clearTaskInstance({ state: 'failed', tryNumber: 3, maxTries: 2 }, 2), { state: null, tryNumber: 3, maxTries: 5 });
  });

  it('a running instance becomes restarting and keeps max_tries', () => {
    assert.deepEqual(clearTaskInstance({ state: 'running', tryNumber: 1, maxTries: 2 }, 2), {
      state: 'restarting',
      tryNumber: 1,
      maxTries: 2,
    });
  });

  it('a task gone from the DAG keeps max(max_tries, try_number)', () => {
    assert.deepEqual(clearTaskInstance({ state: 'success', tryNumber: 4, maxTries: 2 }, null), { state: null, tryNumber: 4, maxTries: 4 });
  });
});
