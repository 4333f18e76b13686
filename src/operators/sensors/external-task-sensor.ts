/**
 * Executor of `externalTaskSensor`: reads the other DAG's run and tasks at the
 * matching logical date and judges them with the same verdict the scheduler's
 * trigger uses when the sensor is deferred.
 */
import { externalTaskVerdict } from '../../core/sensors/external-task-verdict.js';
import type { ExternalTaskQuery } from '../../core/sensors/wait-state.js';
import type { ExternalTaskSensorConfig } from '../../sdk/sensors/external-task-sensor.js';
import { FailTask, SkipTask } from '../../sdk/task-errors.js';
import type { OperatorContext } from '../operator.js';
import { met, notMet, sensorExecutor } from './sensor.js';

export const externalTaskSensorExecutor = sensorExecutor<ExternalTaskSensorConfig>({
  async poke(config, ctx) {
    const seen = await ctx.observeExternalTasks(queryFor(config, ctx));
    const judged = externalTaskVerdict(config, seen);
    switch (judged.verdict) {
      case 'met':
        return met(null);
      case 'waiting':
        return notMet(judged.reason);
      case 'skipped':
        throw new SkipTask(judged.reason);
      case 'failed':
        if (config.sensor.softFail) throw new SkipTask(`${judged.reason}; skipped because softFail is set`);
        // Retrying the sensor cannot change what the other DAG did: fail for good, as Airflow.
        throw new FailTask(judged.reason);
    }
  },
  trigger: (config, ctx) => ({
    kind: 'external_task',
    query: queryFor(config, ctx),
    verdict: { allowedStates: config.allowedStates, failedStates: config.failedStates, skippedStates: config.skippedStates },
    pokeIntervalMs: config.sensor.pokeIntervalMs,
  }),
});

function queryFor(config: ExternalTaskSensorConfig, ctx: OperatorContext): ExternalTaskQuery {
  const { logicalDate } = ctx.context;
  return {
    dagId: config.externalDagId,
    taskIds: config.externalTaskIds,
    logicalDate: logicalDate === null ? null : new Date(logicalDate.getTime() - config.executionDeltaMs).toISOString(),
  };
}
