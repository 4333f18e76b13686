/**
 * Executor of `triggerDagRun`: creates the run through the task's services,
 * then (with `waitForCompletion`) waits for it like an external-task sensor on
 * that run: poking, or deferred to the scheduler. A run id that exists fails
 * the task (or skips it with `skipWhenAlreadyExists`).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { externalTaskVerdict } from '../../core/sensors/external-task-verdict.js';
import type { ExternalTaskQuery } from '../../core/sensors/wait-state.js';
import type { TriggerDagRunConfig } from '../../sdk/operators/trigger-dag-run.js';
import { FailTask } from '../../sdk/task-errors.js';
import { executor, skipped, succeeded, type OperatorResult } from '../operator.js';

export const triggerDagRunExecutor = executor<TriggerDagRunConfig>(async (config, ctx): Promise<OperatorResult> => {
  const dagId = ctx.render(config.triggerDagId);
  const logicalDate = config.logicalDate === null ? undefined : parseDate(ctx.render(config.logicalDate), ctx.where);
  const triggered = await ctx.triggerDagRun({
    dagId,
    ...(config.triggerRunId !== null ? { runId: ctx.render(config.triggerRunId) } : {}),
    ...(logicalDate !== undefined ? { logicalDate } : {}),
    conf: ctx.renderJson(config.conf),
    note: null,
    triggeredBy: `${ctx.where} (run ${ctx.context.runId})`,
  });
  if (!triggered.created) {
    if (config.skipWhenAlreadyExists) return skipped(`a run '${triggered.runId}' of DAG '${dagId}' exists already (skipWhenAlreadyExists)`);
    throw new Error(`${ctx.where}: ${triggered.reason}: give a triggerRunId that is new for each run (e.g. with {{ run_id }}), or set skipWhenAlreadyExists`);
  }
  ctx.log.info(`Triggered DAG '${dagId}': run ${triggered.runId}`);
  const result = { runId: triggered.runId, logicalDate: triggered.logicalDate };
  if (!config.waitForCompletion) return succeeded(result);

  const query: ExternalTaskQuery = { dagId, taskIds: null, logicalDate: triggered.logicalDate, runId: triggered.runId };
  const rules = { allowedStates: config.allowedStates, failedStates: config.failedStates, skippedStates: [] };
  if (config.deferrable) {
    // The scheduler ends a deferred task without a return value: store it now.
    await ctx.context.xcom.push('return_value', result);
    const now = ctx.clock().toISOString();
    ctx.log.info(`Deferring until run ${triggered.runId} is ${config.allowedStates.join(' or ')}`);
    return {
      state: 'deferred',
      waitState: { kind: 'deferred', trigger: { kind: 'external_task', query, verdict: rules, pokeIntervalMs: config.pokeIntervalMs }, firstPokeAt: now, timeoutAt: null, softFail: false },
    };
  }
  for (;;) {
    await sleep(config.pokeIntervalMs, undefined, { signal: ctx.signal });
    const judged = externalTaskVerdict(rules, await ctx.observeExternalTasks(query));
    if (judged.verdict === 'met') return succeeded(result);
    // Triggering again would start another run: a failed run fails this task for good.
    if (judged.verdict === 'failed') throw new FailTask(judged.reason);
    ctx.log.info(`Waiting: ${judged.reason}`);
  }
});

function parseDate(text: string, where: string): string {
  const at = new Date(text);
  if (Number.isNaN(at.getTime())) throw new Error(`${where}: logicalDate ${JSON.stringify(text)} is not an ISO-8601 date-time`);
  return at.toISOString();
}
