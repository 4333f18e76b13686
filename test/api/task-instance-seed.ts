/**
 * What the task instance, XCom and DAG-version cases need beyond the core seed:
 * a DAG with a mapped task (two map indexes, one retried) and a deferred sensor, a second version
 * of it, a recorded try, an XCom and a log file for the seeded ETL run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { App } from '../../src/app.js';
import { taskLogPath } from '../../src/runner/log-file.js';
import { dagRun, dagSpec, taskInstance, taskSpec } from '../../src/store/testing/fixtures.js';

export const TI_SEEDED = {
  mappedDag: 'api_mapped',
  mappedRun: 'manual__2025-02-01T00:00:00+00:00',
  /** The ETL DAG's successful run (core seed) gets these. */
  etlRun: 'manual__2025-01-02T00:00:00+00:00',
  logLines: ['[2025-01-03T00:00:01.000Z] INFO    extracting', '[2025-01-03T00:00:02.000Z] INFO    done'],
} as const;

export async function seedTaskInstanceData(app: App, etlDag: string): Promise<void> {
  const store = app.store;
  const fan = taskSpec('fan', { expand: { x: { from: 'literal', value: [1, 2] } }, retries: 1 });
  const sense = taskSpec('sense', { kind: 'time_delta_sensor', operator: 'TimeDeltaSensorAsync' });
  const spec = dagSpec(TI_SEEDED.mappedDag, { tasks: [fan, taskSpec('after', { upstream: ['fan'] }), sense] });
  await store.dags.syncFromFile({ fileloc: spec.fileloc, source: '// mapped v1', dags: [{ spec }] }, new Date('2025-01-01T00:00:00Z'));
  const v2 = { ...spec, description: 'second version' };
  const sync = await store.dags.syncFromFile({ fileloc: spec.fileloc, source: '// mapped v2', dags: [{ spec: v2 }] }, new Date('2025-01-05T00:00:00Z'));
  const versionId = (sync.createdVersions[0] ?? (await store.dags.latestVersion(TI_SEEDED.mappedDag)))!.id;
  const day = new Date('2025-02-01T00:00:00Z');
  const run = await store.dagRuns.create(dagRun(TI_SEEDED.mappedDag, TI_SEEDED.mappedRun, versionId, { runType: 'manual', state: 'running', logicalDate: day, runAfter: day, startDate: day }));
  const started = new Date(day.getTime() + 1000);
  const ended = new Date(day.getTime() + 3000);
  await store.taskInstances.createMany([
    taskInstance(run, 'fan', { mapIndex: 0, state: 'success', tryNumber: 1, startDate: started, endDate: ended, durationMs: 2000 }),
    taskInstance(run, 'fan', { mapIndex: 1, state: 'failed', tryNumber: 2, maxTries: 1, startDate: started, endDate: ended, durationMs: 2000 }),
    taskInstance(run, 'after', { state: null }),
    // A deferred sensor: the API shows its trigger in Airflow's TriggerResponse shape.
    taskInstance(run, 'sense', {
      state: 'deferred', tryNumber: 1, startDate: started,
      waitState: { kind: 'deferred', trigger: { kind: 'time', at: '2025-02-01T01:00:00.000Z' }, firstPokeAt: started.toISOString(), timeoutAt: null, softFail: false },
    }),
  ]);
  await store.taskInstances.recordTry({
    dagId: run.dagId, runId: run.runId, taskId: 'fan', mapIndex: 1, tryNumber: 1, state: 'failed',
    startDate: day, endDate: started, durationMs: 1000, hostname: 'worker-1', pid: 42, executor: 'LocalExecutor', dagVersionId: versionId, stateReason: null,
  });

  const etl = await store.dagRuns.get({ dagId: etlDag, runId: TI_SEEDED.etlRun });
  if (!etl) throw new Error('the core seed has no ETL run');
  const key = { dagId: etlDag, runId: etl.runId, taskId: 'extract', mapIndex: -1 };
  await store.xcom.set({ ...key, key: 'return_value', value: { rows: 3 }, timestamp: new Date('2025-01-03T00:00:02Z') });
  await store.taskInstances.recordTry({
    ...key, tryNumber: 1, state: 'success', startDate: new Date('2025-01-03T00:00:00Z'), endDate: new Date('2025-01-03T00:00:02Z'), durationMs: 2000,
    hostname: 'worker-1', pid: 7, executor: 'LocalExecutor', dagVersionId: etl.dagVersionId, stateReason: null,
  });
  const path = taskLogPath(app.config.logsFolder, key, 1);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, TI_SEEDED.logLines.map((l) => `${l}\n`).join(''));
}
