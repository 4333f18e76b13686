/**
 * The settings that fill what DAG files leave unset (scheduler.catchup_by_default,
 * core.max_active_runs_per_dag, core.max_active_tasks_per_dag, core.default_task_retries),
 * in the form the SDK's loader installs (see src/sdk/authoring-defaults.ts).
 *
 * Processes that load DAG files without a config of their own (parse children, task and
 * callback processes) get these values in their requests from the process that has the
 * config, not through the environment (`shareSettingsWithChildren`): the loader must know
 * which defaults each import used to tell whether a cached evaluation still holds, and
 * settings given as in-process overrides (tests, CLI flags) would otherwise have to be
 * written into `process.env`, where they would outlive the app that set them.
 */
import type { AuthoringDefaults } from '../sdk/authoring-defaults.js';
import type { UpdraftConfig } from './config.js';

export function authoringDefaultsOf(
  config: Pick<UpdraftConfig, 'catchupByDefault' | 'maxActiveRunsPerDag' | 'maxActiveTasksPerDag' | 'defaultTaskRetries'>,
): AuthoringDefaults {
  return {
    catchup: config.catchupByDefault,
    maxActiveRuns: config.maxActiveRunsPerDag,
    maxActiveTasks: config.maxActiveTasksPerDag,
    retries: config.defaultTaskRetries,
  };
}
