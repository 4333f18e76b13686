/**
 * A try's outcome as it arrives over HTTP from a worker: checked field by
 * field, so a worker on another version, or a request that is not a worker's,
 * is refused with the field that is wrong instead of recording half an outcome.
 */
import type { JsonValue } from '../core/dag-spec.js';
import { isWaitState } from '../core/sensors/wait-state.js';
import type { AttemptOutcome } from '../runner/run-task-attempt.js';

export function decodeOutcome(value: unknown): AttemptOutcome {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new TypeError('outcome: expected an object');
  const o = value as Record<string, unknown>;
  const text = (field: string): string => {
    if (typeof o[field] !== 'string') throw new TypeError(`outcome.${field}: expected a string`);
    return o[field];
  };
  switch (o.state) {
    case 'success': {
      if (!Array.isArray(o.skipTaskIds) || !o.skipTaskIds.every((id) => typeof id === 'string')) throw new TypeError('outcome.skipTaskIds: expected a list of task ids');
      const skipTaskIds = o.skipTaskIds as string[];
      return 'returnValue' in o ? { state: 'success', skipTaskIds, returnValue: o.returnValue as JsonValue } : { state: 'success', skipTaskIds };
    }
    case 'skipped':
      return { state: 'skipped', reason: text('reason') };
    case 'failed': {
      if (typeof o.timedOut !== 'boolean') throw new TypeError('outcome.timedOut: expected a boolean');
      const reason = text('reason');
      return o.noRetry === true ? { state: 'failed', reason, timedOut: o.timedOut, noRetry: true } : { state: 'failed', reason, timedOut: o.timedOut };
    }
    case 'up_for_reschedule':
      if (!isWaitState(o.waitState)) throw new TypeError('outcome.waitState: expected a sensor wait state');
      return { state: 'up_for_reschedule', rescheduleAt: text('rescheduleAt'), waitState: o.waitState };
    case 'deferred':
      if (!isWaitState(o.waitState)) throw new TypeError('outcome.waitState: expected a sensor wait state');
      return { state: 'deferred', waitState: o.waitState };
    default:
      throw new TypeError(`outcome.state: expected success, skipped, failed, up_for_reschedule or deferred, got ${JSON.stringify(o.state)}`);
  }
}
