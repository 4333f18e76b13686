/**
 * What a DAG or task gets for the options it leaves unset that the installation
 * configures (Airflow's `catchup_by_default`, `max_active_runs_per_dag`,
 * `max_active_tasks_per_dag`, `default_task_retries`):
 *
 *   options.catchup  ??  scheduler.catchup_by_default
 *   task retries     ??  defaultArgs.retries (group, then DAG)  ??  core.default_task_retries
 *
 * The SDK does no I/O, so it reads no config: whoever loads a DAG file (the DAG
 * processor's parse child, a task process, the CLI, `updraft/testing`)
 * installs the configured values for the time of the import, as it installs the
 * source of parse-time variables. With nothing installed (the file imported by
 * plain Node, e.g. a unit test), the built-in values apply; they are also the
 * settings' own defaults, so the two never disagree.
 */

export interface AuthoringDefaults {
  /** A DAG's `catchup` (scheduler.catchup_by_default). */
  readonly catchup: boolean;
  /** A DAG's `maxActiveRuns` (core.max_active_runs_per_dag). */
  readonly maxActiveRuns: number;
  /** A DAG's `maxActiveTasks` (core.max_active_tasks_per_dag). */
  readonly maxActiveTasks: number;
  /** A task's `retries` when neither it nor any `defaultArgs` sets them (core.default_task_retries). */
  readonly retries: number;
}

export const BUILT_IN_AUTHORING_DEFAULTS: AuthoringDefaults = Object.freeze({ catchup: false, maxActiveRuns: 16, maxActiveTasks: 16, retries: 0 });

/** One holder per process, even if two copies of the SDK are loaded (as the DAG registry). */
const DEFAULTS = Symbol.for('updraft.authoring-defaults');

type Holder = { [DEFAULTS]?: AuthoringDefaults | null };

/** The defaults `dag()` and the task factories apply now: the installed ones, else the built-in ones. */
export function authoringDefaults(): AuthoringDefaults {
  return (globalThis as Holder)[DEFAULTS] ?? BUILT_IN_AUTHORING_DEFAULTS;
}

/** Installs the defaults for the DAG files imported from now on (null: the built-in ones); returns the previous ones. */
export function setAuthoringDefaults(defaults: AuthoringDefaults | null): AuthoringDefaults | null {
  if (defaults !== null) checkAuthoringDefaults(defaults);
  const holder = globalThis as Holder;
  const previous = holder[DEFAULTS] ?? null;
  holder[DEFAULTS] = defaults === null ? null : Object.freeze({ ...defaults });
  return previous;
}

/** True when both give every DAG and task the same options (null: the built-in ones). */
export function sameAuthoringDefaults(a: AuthoringDefaults | null, b: AuthoringDefaults | null): boolean {
  const x = a ?? BUILT_IN_AUTHORING_DEFAULTS;
  const y = b ?? BUILT_IN_AUTHORING_DEFAULTS;
  return x.catchup === y.catchup && x.maxActiveRuns === y.maxActiveRuns && x.maxActiveTasks === y.maxActiveTasks && x.retries === y.retries;
}

function checkAuthoringDefaults(defaults: AuthoringDefaults): void {
  const wrong = (field: string, setting: string, expected: string, value: unknown) =>
    new Error(`setAuthoringDefaults: ${field} (from ${setting}) must be ${expected}, got ${JSON.stringify(value) ?? typeof value}`);
  if (typeof defaults.catchup !== 'boolean') throw wrong('catchup', 'scheduler.catchup_by_default', 'true or false', defaults.catchup);
  const counts: readonly [keyof AuthoringDefaults, string, number][] = [
    ['maxActiveRuns', 'core.max_active_runs_per_dag', 1],
    ['maxActiveTasks', 'core.max_active_tasks_per_dag', 1],
    ['retries', 'core.default_task_retries', 0],
  ];
  for (const [field, setting, min] of counts) {
    const value = defaults[field];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min) throw wrong(field, setting, `a whole number >= ${min}`, value);
  }
}
