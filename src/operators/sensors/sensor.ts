/**
 * The poke loop every sensor shares (Airflow's BaseSensorOperator.execute),
 * around a sensor's own `poke`:
 *
 *   poke ── met ──────────────────────────────> success (the poke's XCom)
 *     └─ not met ─┬─ past timeout ────────────> failed, no retry (skipped with softFail)
 *                 ├─ deferrable ──────────────> deferred: the scheduler watches the trigger
 *                 ├─ mode reschedule ─────────> up_for_reschedule at the next poke time
 *                 └─ mode poke: sleep, poke again (the try keeps its slot)
 *
 * A deferrable sensor pokes once before deferring: when the condition already
 * holds (the usual case when catching up), no trigger is needed at all.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { formatDuration } from '../../core/duration.js';
import { nextPokeDelayMs, sensorTimedOut, type SensorTiming } from '../../core/sensors/sensor-timing.js';
import type { TriggerSpec, WaitState } from '../../core/sensors/wait-state.js';
import type { SensorConfig } from '../../sdk/sensors/sensor-options.js';
import { FailTask } from '../../sdk/task-errors.js';
import { executor, skipped, succeeded, type OperatorContext, type OperatorExecutor, type OperatorResult } from '../operator.js';

export type PokeResult = { readonly met: true; readonly xcom: unknown } | { readonly met: false; readonly reason: string };

export const met = (xcom: unknown = null): PokeResult => ({ met: true, xcom });
export const notMet = (reason: string): PokeResult => ({ met: false, reason });

export interface SensorDefinition<C extends { readonly sensor: SensorConfig }> {
  poke(config: C, ctx: OperatorContext): Promise<PokeResult>;
  /** What the scheduler waits on for a deferrable sensor (only time and external-task sensors have one). */
  trigger?(config: C, ctx: OperatorContext): TriggerSpec;
}

export function sensorExecutor<C extends { readonly sensor: SensorConfig }>(definition: SensorDefinition<C>): OperatorExecutor<unknown> {
  return executor<C>(async (config, ctx) => runSensor(definition, config, ctx));
}

async function runSensor<C extends { readonly sensor: SensorConfig }>(definition: SensorDefinition<C>, config: C, ctx: OperatorContext): Promise<OperatorResult> {
  const timing: SensorTiming = config.sensor;
  const resumed = ctx.waitState?.kind === 'reschedule' ? ctx.waitState : null;
  const firstPokeAt = resumed ? new Date(resumed.firstPokeAt) : ctx.clock();
  let pokes = resumed?.pokes ?? 0;
  for (;;) {
    const result = await definition.poke(config, ctx);
    pokes += 1;
    if (result.met) {
      ctx.log.info(`Sensor condition met after ${pokes} poke${pokes === 1 ? '' : 's'}`);
      return succeeded(result.xcom);
    }
    const now = ctx.clock();
    const elapsedMs = now.getTime() - firstPokeAt.getTime();
    if (sensorTimedOut(timing, elapsedMs)) {
      const why = `sensor timed out after ${formatDuration(elapsedMs)} (timeout ${formatDuration(timing.timeoutMs)}): ${result.reason}`;
      if (config.sensor.softFail) return skipped(`${why}; skipped because softFail is set`);
      throw new FailTask(why);
    }
    if (config.sensor.deferrable && definition.trigger) {
      const trigger = definition.trigger(config, ctx);
      const waitState: WaitState = {
        kind: 'deferred',
        trigger,
        firstPokeAt: firstPokeAt.toISOString(),
        timeoutAt: new Date(firstPokeAt.getTime() + timing.timeoutMs).toISOString(),
        softFail: config.sensor.softFail,
      };
      ctx.log.info(`Condition not met (${result.reason}): deferring; the scheduler will finish the task when it is`);
      return { state: 'deferred', waitState };
    }
    const delayMs = nextPokeDelayMs(timing, { dagId: ctx.context.dagId, taskId: ctx.context.taskId, firstPokeAt, pokes, elapsedMs });
    if (config.sensor.mode === 'reschedule') {
      const at = new Date(now.getTime() + delayMs);
      ctx.log.info(`Condition not met (${result.reason}): rescheduled, next poke at ${at.toISOString()}`);
      return { state: 'up_for_reschedule', at, waitState: { kind: 'reschedule', firstPokeAt: firstPokeAt.toISOString(), pokes } };
    }
    ctx.log.info(`Condition not met (${result.reason}): poking again in ${formatDuration(delayMs)}`);
    await sleep(delayMs, undefined, { signal: ctx.signal });
  }
}
