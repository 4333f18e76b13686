/**
 * The running orchestrator: DAG processor + scheduler + the configured
 * executor (local task processes, or a queue for remote workers) over one store, wired here (part of the composition root) so that `updraft
 * scheduler` and `updraft standalone` start exactly the same machinery.
 *
 *   DAG files ──processor──> store <──scheduler──> local executor ──> task processes
 *                  │  new version ─ wake ─>│<── try finished ─────────┘
 */
import type { App } from './app.js';
import { configuredExecutor } from './configured-executor.js';
import type { DagRun } from './core/run-model.js';
import { authoringDefaultsOf } from './config/authoring-defaults.js';
import { shareSettingsWithChildren } from './config/child-env.js';
import { settingOf } from './config/config.js';
import { runDagCallback } from './executor/callbacks/run-dag-callback.js';
import { shareUiBaseUrl } from './hooks/notifiers/notification.js';
import { dagCallbackLogPath, deadlineCallbackLogPath } from './runner/log-file.js';
import { missReason, type MissedDeadline } from './scheduler/deadlines.js';
import { locateDagFile } from './scheduler/dag-file-locator.js';
import { createAppDagProcessor } from './app-dag-processor.js';
import { StoreParseSink } from './processor/store-sink.js';
import { storeTaskServices } from './runner/store-task-services.js';
import { dagRunStarter } from './services/trigger-dag.js';
import { Scheduler } from './scheduler/scheduler.js';
import { runTaskCallbacksOf } from './task-callbacks.js';
import { watchNudges } from './scheduler/wake-signal.js';

export interface OrchestratorOptions {
  /** Parse and watch the DAG folders in this process (default true). */
  readonly withDagProcessor?: boolean;
  readonly log?: (message: string) => void;
}

export interface Orchestrator {
  readonly scheduler: Scheduler;
  start(): Promise<void>;
  /** Stops taking work; running tries get `graceMs`, then are killed and retried on the next start. */
  stop(graceMs?: number): Promise<void>;
}

export function createOrchestrator(app: App, options: OrchestratorOptions = {}): Orchestrator {
  const log = options.log ?? ((message: string) => console.log(message));
  /** DAG callbacks still running: stop() waits for them. */
  const callbacks = new Set<Promise<unknown>>();
  const clock = () => new Date();
  // Task and DAG callback processes inherit this process's environment: notifiers' log links need the UI's address.
  shareUiBaseUrl(settingOf(app.config, 'api', 'base_url').value);
  // ...and their email alerts the [smtp] and [email] settings, however this process got them.
  shareSettingsWithChildren(app.config);
  let scheduler: Scheduler | null = null;
  const startDagRun = dagRunStarter(app.store, () => scheduler?.wake(true));
  const { executor, name: executorName, jobs } = configuredExecutor(
    app,
    {
      servicesFor: (run) => storeTaskServices(app.store, run, clock, app.secrets, startDagRun),
      onEvent: (event) => scheduler?.onExecutorEvent(event),
    },
    (message) => log(`[executor] ${message}`),
  );
  scheduler = new Scheduler({
    store: app.store,
    executor,
    executorName,
    ...(jobs ? { remoteTries: { jobs, heartbeatTimeoutMs: app.config.taskHeartbeatTimeoutMs, queuedTimeoutMs: (settingOf(app.config, 'queue', 'task_queued_timeout').value as number) * 1000 } } : {}),
    folders: app.dagFolders,
    logsFolder: app.config.logsFolder,
    maxXcomBytes: app.config.maxXcomBytes,
    heartbeatIntervalMs: app.config.schedulerHeartbeatMs,
    healthCheckThresholdMs: app.config.schedulerHealthCheckThresholdMs,
    log: (message) => log(`[scheduler] ${message}`),
    onTaskEndedByTrigger: (ti, outcome) => {
      const work = runTaskCallbacksOf(app, ti, outcome).then(
        (problem) => problem && log(`[scheduler] ${problem}`),
        (error: unknown) => log(`[scheduler] could not run the callbacks of ${ti.dagId}.${ti.taskId}: ${String(error)}`),
      );
      callbacks.add(work);
      void work.finally(() => callbacks.delete(work));
    },
    onRunEnded: (run, state, reason) => {
      const work = runDagCallbackOf(app, run, state, reason).then(
        (problem) => problem && log(`[scheduler] ${problem}`),
        (error: unknown) => log(`[scheduler] could not run the ${state} callback of ${run.dagId}: ${String(error)}`),
      );
      callbacks.add(work);
      void work.finally(() => callbacks.delete(work));
    },
    onDeadlineMissed: (missed) => {
      const work = runDeadlineCallbackOf(app, missed).then(
        (problem) => problem && log(`[scheduler] ${problem}`),
        (error: unknown) => log(`[scheduler] could not run the callback of deadline ${missed.deadline.id} of ${missed.run.dagId}: ${String(error)}`),
      );
      callbacks.add(work);
      void work.finally(() => callbacks.delete(work));
    },
  });
  const sink = new StoreParseSink(app.store, {
    onApplied: ({ createdVersions, deactivated }) => {
      if (createdVersions.length > 0) log(`[dag-processor] new versions: ${createdVersions.map((v) => `${v.dagId} v${v.versionNumber}`).join(', ')}`);
      if (deactivated.length > 0) log(`[dag-processor] no longer defined: ${deactivated.join(', ')}`);
      scheduler?.wake(true);
    },
  }, { pausedAtCreation: app.config.dagsArePausedAtCreation });
  const processor =
    options.withDagProcessor === false
      ? null
      : createAppDagProcessor(app, sink, (error) => log(`[dag-processor] ${error instanceof Error ? error.message : String(error)}`));
  const running = scheduler;
  let nudges: { close(): void } | null = null;
  return {
    scheduler: running,
    async start() {
      if (processor) await processor.start();
      await running.start();
      // Triggers and clears made by CLI commands on this machine wake the scheduler at once.
      nudges = watchNudges(app.config.home, () => running.wake(true));
    },
    async stop(graceMs = 10_000) {
      nudges?.close();
      if (processor) await processor.stop();
      await running.stop(graceMs);
      await Promise.allSettled([...callbacks]);
    },
  };
}

/** Runs the DAG's onSuccess/onFailure for an ended run in a process of its own, if the DAG has one. */
async function runDagCallbackOf(app: App, run: DagRun, state: 'success' | 'failed', reason: string): Promise<string | null> {
  const version = await app.store.dags.getVersion(run.dagVersionId);
  if (!version || !(state === 'success' ? version.spec.callbacks.onSuccess : version.spec.callbacks.onFailure)) return null;
  return runDagCallback({
    dagFile: locateDagFile(app.dagFolders, version.spec.fileloc),
    cacheDir: app.config.cacheFolder,
    authoringDefaults: authoringDefaultsOf(app.config),
    dagId: run.dagId,
    runId: run.runId,
    state,
    reason,
    logicalDate: run.logicalDate?.toISOString() ?? null,
    logPath: dagCallbackLogPath(app.config.logsFolder, run, state),
  }, undefined, storeTaskServices(app.store, run, () => new Date(), app.secrets));
}

/** Runs a missed deadline's callback in a process of its own and records how it went on the deadline. */
async function runDeadlineCallbackOf(app: App, missed: MissedDeadline): Promise<string | null> {
  const { deadline, run } = missed;
  const version = await app.store.dags.getVersion(run.dagVersionId);
  const problem = !version
    ? `the version of DAG ${run.dagId} that run ${run.runId} ran is gone: the callback of deadline ${deadline.id} cannot be found`
    : await runDagCallback(
        {
          dagFile: locateDagFile(app.dagFolders, version.spec.fileloc),
          cacheDir: app.config.cacheFolder,
          authoringDefaults: authoringDefaultsOf(app.config),
          dagId: run.dagId,
          runId: run.runId,
          state: 'deadline_missed',
          reason: missReason(deadline),
          logicalDate: run.logicalDate?.toISOString() ?? null,
          logPath: deadlineCallbackLogPath(app.config.logsFolder, run, deadline.id),
          deadline: {
            id: deadline.id,
            taskId: deadline.taskId,
            mapIndex: deadline.mapIndex,
            alertIndex: deadline.alertIndex,
            reference: deadline.reference,
            intervalMs: deadline.intervalMs,
            deadlineTime: deadline.deadlineTime.toISOString(),
            lateMs: deadline.lateMs ?? 0,
            subjectState: missed.state,
          },
        },
        undefined,
        storeTaskServices(app.store, run, () => new Date(), app.secrets),
      );
  await app.store.deadlines.setCallbackResult(deadline.id, problem === null ? 'success' : 'failed', problem);
  return problem;
}
