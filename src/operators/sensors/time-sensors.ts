/** Executors of `timeDeltaSensor` and `dateTimeSensor`: met once the clock reaches the target time. */
import { parseTargetTime, TARGET_TIME_FORMS, type TimeDeltaSensorConfig, type DateTimeSensorConfig } from '../../sdk/sensors/time-sensors.js';
import type { OperatorContext } from '../operator.js';
import { met, notMet, sensorExecutor, type PokeResult } from './sensor.js';

export const timeDeltaSensorExecutor = sensorExecutor<TimeDeltaSensorConfig>({
  poke: async (config, ctx) => pokeTime(ctx, timeDeltaTarget(config, ctx)),
  trigger: (config, ctx) => ({ kind: 'time', at: timeDeltaTarget(config, ctx).toISOString() }),
});

export const dateTimeSensorExecutor = sensorExecutor<DateTimeSensorConfig>({
  poke: async (config, ctx) => pokeTime(ctx, dateTimeTarget(config, ctx)),
  trigger: (config, ctx) => ({ kind: 'time', at: dateTimeTarget(config, ctx).toISOString() }),
});

function pokeTime(ctx: OperatorContext, target: Date): Promise<PokeResult> {
  const now = ctx.clock();
  return Promise.resolve(now >= target ? met() : notMet(`waiting until ${target.toISOString()}`));
}

/**
 * Airflow 3: the data interval's end plus the delta; a run without a data interval
 * counts from its logical date, and one without that from the sensor's first poke.
 */
function timeDeltaTarget(config: TimeDeltaSensorConfig, ctx: OperatorContext): Date {
  const { dataIntervalEnd, logicalDate } = ctx.context;
  const firstPoke = ctx.waitState ? new Date(ctx.waitState.firstPokeAt) : null;
  const base = dataIntervalEnd ?? logicalDate ?? firstPoke ?? ctx.clock();
  return new Date(base.getTime() + config.deltaMs);
}

function dateTimeTarget(config: DateTimeSensorConfig, ctx: OperatorContext): Date {
  const text = ctx.render(config.targetTime).trim();
  const at = parseTargetTime(text);
  if (at === null) {
    throw new Error(`${ctx.where}: targetTime ${JSON.stringify(text)} (from ${JSON.stringify(config.targetTime)}) is not an ISO-8601 date-time; expected ${TARGET_TIME_FORMS}`);
  }
  return at;
}
