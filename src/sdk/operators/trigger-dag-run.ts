/**
 * `triggerDagRun(id, { triggerDagId })`: starts a run of another DAG (Airflow's
 * TriggerDagRunOperator), with `conf`, a run id and logical date (templated),
 * and optionally waits for it to end: by poking (the try holds its slot) or,
 * with `deferrable`, handing the wait to the scheduler. The XCom is the new
 * run's id and logical date.
 *
 *   const report = triggerDagRun('start_report', {
 *     triggerDagId: 'report', conf: { day: '{{ ds }}' }, waitForCompletion: true, deferrable: true,
 *   });
 */
import type { JsonObject } from '../../core/dag-spec.js';
import { DAG_RUN_STATES, type DagRunState } from '../../core/states.js';
import type { Inputs } from '../inputs.js';
import type { TaskRef } from '../refs.js';
import type { Duration, TaskOptions } from '../task-options.js';
import { operatorTask, type OptionChecks } from './operator-task.js';

export interface TriggerDagRunOptions extends TaskOptions {
  /** The DAG to run (templated). */
  triggerDagId: string;
  /** The new run's conf; its strings are templated. */
  conf?: JsonObject;
  /** The new run's id (templated); default generated like a manual run's. */
  triggerRunId?: string;
  /** The new run's logical date, ISO (templated); default now. */
  logicalDate?: string;
  /** When a run with `triggerRunId` exists: skip this task instead of failing (default false). */
  skipWhenAlreadyExists?: boolean;
  /** Wait until the run ends (default false). */
  waitForCompletion?: boolean;
  /** How often to look while waiting (default '60s', as Airflow). */
  pokeInterval?: Duration;
  /** Run states that end the wait well (default ['success']). */
  allowedStates?: readonly DagRunState[];
  /** Run states that fail this task (default ['failed']). */
  failedStates?: readonly DagRunState[];
  /** Wait without holding a worker: the scheduler watches the run (default false). */
  deferrable?: boolean;
  /** Other tasks' outputs usable as `{{ inputs.name }}`; they become upstream tasks. */
  inputs?: Inputs;
}

export type TriggerDagRunConfig = {
  readonly triggerDagId: string;
  readonly conf: JsonObject;
  readonly triggerRunId: string | null;
  readonly logicalDate: string | null;
  readonly skipWhenAlreadyExists: boolean;
  readonly waitForCompletion: boolean;
  readonly pokeIntervalMs: number;
  readonly allowedStates: readonly string[];
  readonly failedStates: readonly string[];
  readonly deferrable: boolean;
};

export interface TriggeredRun {
  readonly runId: string;
  readonly logicalDate: string | null;
}

export function triggerDagRun(id: string, options: TriggerDagRunOptions): TaskRef<TriggeredRun> {
  return operatorTask<TriggeredRun>('triggerDagRun', id, (check) => {
    const { triggerDagId, conf, triggerRunId, logicalDate, skipWhenAlreadyExists, waitForCompletion, pokeInterval, allowedStates, failedStates, deferrable, inputs, ...taskOptions } = options;
    const allowed = states(check, 'allowedStates', allowedStates, ['success']);
    const failed = states(check, 'failedStates', failedStates, ['failed']);
    const overlap = allowed.find((s) => failed.includes(s));
    if (overlap !== undefined) check.fail('allowedStates', `and failedStates both list '${overlap}'`);
    const config: TriggerDagRunConfig = {
      triggerDagId: check.text('triggerDagId', triggerDagId),
      conf: conf === undefined ? {} : (check.json('conf', check.object('conf', conf)) as JsonObject),
      triggerRunId: check.optionalText('triggerRunId', triggerRunId),
      logicalDate: check.optionalText('logicalDate', logicalDate),
      skipWhenAlreadyExists: check.boolean('skipWhenAlreadyExists', skipWhenAlreadyExists, false),
      waitForCompletion: check.boolean('waitForCompletion', waitForCompletion, false),
      pokeIntervalMs: pokeInterval === undefined ? 60_000 : check.duration('pokeInterval', pokeInterval),
      allowedStates: allowed,
      failedStates: failed,
      deferrable: check.boolean('deferrable', deferrable, false),
    };
    if (config.deferrable && !config.waitForCompletion) check.fail('deferrable', 'only applies with waitForCompletion: true');
    return { kind: 'trigger_dag_run', operator: 'TriggerDagRunOperator', options: taskOptions, ...(inputs ? { inputs } : {}), config };
  });
}

function states(check: OptionChecks, option: string, value: unknown, fallback: readonly string[]): readonly string[] {
  if (value === undefined) return fallback;
  if (!Array.isArray(value)) return check.fail(option, 'must be a list of DAG run states');
  return value.map((item, index) => {
    if (!(DAG_RUN_STATES as readonly string[]).includes(item as string)) check.fail(`${option}[${index}]`, `must be one of ${DAG_RUN_STATES.join(', ')}, got ${JSON.stringify(item)}`);
    return item as string;
  });
}
