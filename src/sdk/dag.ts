/**
 * `dag(id, options, body)`: declares a DAG. The body declares its tasks; the
 * result carries the serialized spec (for the store and the scheduler) and the
 * runtime (task code and callbacks, for whoever runs tasks from this file).
 */
import type { z } from 'zod';
import type { DagSpec } from '../core/dag-spec.js';
import { DagDefinitionError, validateDag } from '../core/dag-validation.js';
import { parseDuration } from '../core/duration.js';
import { parseDateInZone } from '../core/zoned-time.js';
import { authoringDefaults } from './authoring-defaults.js';
import { callbackList, composeCallbacks, type Callbacks } from './callback-list.js';
import { resolveDagDeadlines, type DeadlineAlert } from './deadline-alert.js';
import { DagBuilder, runWithBuilder } from './dag-builder.js';
import { paramsSpecOf, type ParamsSchema } from './params.js';
import { ParamsOutput } from './refs.js';
import type { Dag } from './dag-definition.js';
import { registerDag } from './registry.js';
import { toScheduleSpec, type Schedule } from './schedule.js';
import { DEFAULT_OWNER, type DefaultArgs, type Duration } from './task-options.js';

export type { Dag, DagRuntime } from './dag-definition.js';

export interface DagOptions<S extends ParamsSchema | undefined = undefined> {
  /** When runs are created (default: manual only). See `Schedule`. */
  schedule?: Schedule;
  /** First logical date; a date without a zone is read in `timezone`. Required for time schedules. */
  startDate?: string | Date;
  endDate?: string | Date;
  /** IANA zone for cron schedules and zone-less dates (default 'UTC'). */
  timezone?: string;
  /** Create the runs missed since startDate (default: scheduler.catchup_by_default, false unless set, as Airflow 3). */
  catchup?: boolean;
  /** Runs queued or running at once (default: core.max_active_runs_per_dag, 16 unless set). */
  maxActiveRuns?: number;
  /** Task instances running at once across its runs (default: core.max_active_tasks_per_dag, 16 unless set). */
  maxActiveTasks?: number;
  /** Pause the DAG after this many failed runs in a row (0: never). */
  maxConsecutiveFailedRuns?: number;
  /** Fail a run that takes longer than this. */
  dagrunTimeout?: Duration;
  /** Options applied to every task unless it sets its own. */
  defaultArgs?: DefaultArgs;
  tags?: readonly string[];
  description?: string;
  owner?: string;
  /** Markdown shown on the DAG page. */
  docs?: string;
  /** A zod object schema: validates triggers' conf, gives defaults, types `params` in the body. */
  params?: S;
  isPausedUponCreation?: boolean;
  /** Called when a run succeeds: a callback, a notifier, or a list of them run in order. */
  onSuccess?: Callbacks;
  onFailure?: Callbacks;
  /** Alert when a run is not done by a time (Airflow 3.1's deadline alerts); one or a list. */
  deadline?: DeadlineAlert | readonly DeadlineAlert[];
}

type ParamsOf<S> = S extends ParamsSchema ? z.output<S> : Record<string, unknown>;

/** What a DAG body receives: typed handles on the DAG itself. */
export interface DagScope<P> {
  /** The run's params as a task input: `task('t', { inputs: { p: params } }, ({ p }) => p.limit)`. */
  readonly params: ParamsOutput<P>;
}

export function dag<S extends ParamsSchema | undefined = undefined>(
  dagId: string,
  options: DagOptions<S>,
  body: (scope: DagScope<ParamsOf<S>>) => void,
): Dag {
  const problems = (message: string) => new DagDefinitionError([{ dagId, taskId: null, message }]);
  const defaults = authoringDefaults();
  const timezone = options.timezone ?? 'UTC';
  const parseDate = (field: string, value: string | Date | undefined): string | null => {
    if (value === undefined) return null;
    try {
      return parseDateInZone(value, timezone).toISOString();
    } catch (error) {
      throw problems(`${field}: ${(error as Error).message}`);
    }
  };
  const parseField = <T>(field: string, parse: () => T): T => {
    try {
      return parse();
    } catch (error) {
      throw problems(`${field}: ${(error as Error).message}`);
    }
  };

  const builder = new DagBuilder(dagId, options.defaultArgs ?? {});
  const schedule = parseField('schedule', () => toScheduleSpec(options.schedule, timezone, builder.assets));
  runWithBuilder(builder, () => body({ params: new ParamsOutput<ParamsOf<S>>() }));
  const { tasks, groups, runtimes } = builder.build();
  // These errors name their own field ('deadline[1].interval: ...').
  const named = <T>(parse: () => T): T => {
    try {
      return parse();
    } catch (error) {
      throw problems((error as Error).message);
    }
  };
  const onSuccess = named(() => composeCallbacks(callbackList(options.onSuccess, 'onSuccess')));
  const onFailure = named(() => composeCallbacks(callbackList(options.onFailure, 'onFailure')));
  const deadlines = named(() => resolveDagDeadlines(options.deadline, timezone));
  const assets = builder.assets.list();

  const spec: DagSpec = {
    dagId,
    fileloc: '',
    description: options.description ?? null,
    owner: options.owner ?? options.defaultArgs?.owner ?? DEFAULT_OWNER,
    tags: [...new Set(options.tags ?? [])].sort(),
    schedule,
    timezone,
    startDate: parseDate('startDate', options.startDate),
    endDate: parseDate('endDate', options.endDate),
    catchup: options.catchup ?? defaults.catchup,
    maxActiveRuns: options.maxActiveRuns ?? defaults.maxActiveRuns,
    maxActiveTasks: options.maxActiveTasks ?? defaults.maxActiveTasks,
    maxConsecutiveFailedRuns: options.maxConsecutiveFailedRuns ?? 0,
    dagrunTimeoutMs: options.dagrunTimeout === undefined ? null : parseField('dagrunTimeout', () => parseDuration(options.dagrunTimeout as Duration)),
    isPausedUponCreation: options.isPausedUponCreation ?? null,
    docMd: options.docs ?? null,
    params: parseField('params', () => paramsSpecOf(dagId, options.params)),
    callbacks: { onSuccess: onSuccess !== null, onFailure: onFailure !== null },
    ...(deadlines.specs.length > 0 ? { deadlines: deadlines.specs } : {}),
    groups,
    tasks,
    ...(assets.length > 0 ? { assets } : {}),
  };
  const invalid = validateDag(spec);
  if (invalid.length > 0) throw new DagDefinitionError(invalid);

  const result: Dag = {
    dagId,
    spec,
    runtime: {
      tasks: runtimes,
      paramsSchema: options.params,
      onSuccess,
      onFailure,
      deadlines: deadlines.callbacks,
    },
  };
  registerDag(result);
  return result;
}
