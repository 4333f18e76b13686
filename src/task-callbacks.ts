/**
 * The task callbacks (and email alert) of a deferred task that a trigger ended,
 * run in a process of their own: the task's own process, which runs them
 * otherwise, is long gone. Whoever ended the task runs them: the scheduler (in
 * the orchestrator) or a separate `updraft triggerer`.
 */
import type { App } from './app.js';
import { authoringDefaultsOf } from './config/authoring-defaults.js';
import type { JsonObject } from './core/dag-spec.js';
import type { TaskInstance } from './core/run-model.js';
import { runDagCallback } from './executor/callbacks/run-dag-callback.js';
import { taskLogPath } from './runner/log-file.js';
import type { AttemptOutcome } from './runner/run-task-attempt.js';
import { storeTaskServices } from './runner/store-task-services.js';
import { locateDagFile } from './scheduler/dag-file-locator.js';

/** What the callbacks log goes to the end of that try's log; resolves to a problem to report, or null. */
export async function runTaskCallbacksOf(app: App, ti: TaskInstance, outcome: AttemptOutcome): Promise<string | null> {
  const version = await app.store.dags.getVersion(ti.dagVersionId);
  const task = version?.spec.tasks.find((t) => t.taskId === ti.taskId);
  const flags = task?.callbacks;
  const emails = task !== undefined && outcome.state === 'failed';
  if (!version || !flags || !(flags.onSuccess || flags.onFailure || flags.onRetry || flags.onSkipped || emails)) return null;
  const run = await app.store.dagRuns.get(ti);
  if (!run) return null;
  return runDagCallback({
    dagFile: locateDagFile(app.dagFolders, version.spec.fileloc),
    cacheDir: app.config.cacheFolder,
    authoringDefaults: authoringDefaultsOf(app.config),
    dagId: ti.dagId,
    runId: ti.runId,
    state: 'task_ended',
    reason: ti.stateReason ?? outcome.state,
    logicalDate: run.logicalDate?.toISOString() ?? null,
    logPath: taskLogPath(app.config.logsFolder, ti, ti.tryNumber),
    task: { ti: JSON.parse(JSON.stringify(ti)) as JsonObject, outcome: outcome as unknown as JsonObject },
  }, undefined, storeTaskServices(app.store, run, () => new Date(), app.secrets));
}
