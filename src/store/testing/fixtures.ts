/** Test data for the conformance cases: a minimal valid DagSpec, runs and task instances. */
import type { DagSpec, TaskSpec } from '../../core/dag-spec.js';
import type { DagRun, TaskInstance } from '../../core/run-model.js';
import type { Store } from '../store.js';

let counter = 0;
/** Ids unique within the suite run, so cases share one database without seeing each other. */
export function uid(prefix: string): string {
  counter += 1;
  return `${prefix}_${process.pid}_${counter}`;
}

export const T0 = new Date('2025-01-01T00:00:00.000Z');
export function at(msAfterT0: number): Date {
  return new Date(T0.getTime() + msAfterT0);
}

export function taskSpec(taskId: string, overrides: Partial<TaskSpec> = {}): TaskSpec {
  return {
    taskId,
    kind: 'function',
    operator: 'PythonOperator',
    upstream: [],
    inputs: {},
    expand: {},
    groupId: null,
    isSetup: false,
    isTeardown: false,
    triggerRule: 'all_success',
    retries: 0,
    retryDelayMs: 300_000,
    retryExponentialBackoff: false,
    maxRetryDelayMs: null,
    executionTimeoutMs: null,
    dependsOnPast: false,
    waitForDownstream: false,
    pool: 'default_pool',
    poolSlots: 1,
    priorityWeight: 1,
    weightRule: 'downstream',
    queue: 'default',
    owner: 'airflow',
    doc: null,
    callbacks: { onSuccess: false, onFailure: false, onRetry: false, onSkipped: false, onExecute: false },
    config: {},
    ...overrides,
  };
}

export function dagSpec(dagId: string, overrides: Partial<DagSpec> = {}): DagSpec {
  return {
    dagId,
    fileloc: `${dagId}.ts`,
    description: null,
    owner: 'airflow',
    tags: [],
    schedule: { kind: 'none' },
    timezone: 'UTC',
    startDate: '2025-01-01T00:00:00.000Z',
    endDate: null,
    catchup: false,
    maxActiveRuns: 16,
    maxActiveTasks: 16,
    maxConsecutiveFailedRuns: 0,
    dagrunTimeoutMs: null,
    isPausedUponCreation: false,
    docMd: null,
    params: { schema: {}, defaults: {} },
    callbacks: { onSuccess: false, onFailure: false },
    groups: [],
    tasks: [taskSpec('extract'), taskSpec('load', { upstream: ['extract'] })],
    ...overrides,
  };
}

export function dagRun(dagId: string, runId: string, dagVersionId: number, overrides: Partial<DagRun> = {}): DagRun {
  return {
    dagId,
    runId,
    runType: 'manual',
    state: 'queued',
    logicalDate: null,
    dataInterval: null,
    runAfter: T0,
    queuedAt: T0,
    startDate: null,
    endDate: null,
    conf: {},
    dagVersionId,
    triggeredBy: 'test',
    note: null,
    backfillId: null,
    clearNumber: 0,
    ...overrides,
  };
}

export function taskInstance(run: DagRun, taskId: string, overrides: Partial<TaskInstance> = {}): TaskInstance {
  return {
    dagId: run.dagId,
    runId: run.runId,
    taskId,
    mapIndex: -1,
    state: null,
    tryNumber: 0,
    maxTries: 0,
    startDate: null,
    endDate: null,
    durationMs: null,
    queuedAt: null,
    nextRetryAt: null,
    pool: 'default_pool',
    poolSlots: 1,
    queue: 'default',
    priorityWeight: 1,
    operator: 'PythonOperator',
    hostname: null,
    pid: null,
    executor: null,
    lastHeartbeatAt: null,
    queuedByJobId: null,
    dagVersionId: run.dagVersionId,
    note: null,
    stateReason: null,
    renderedFields: null,
    waitState: null,
    ...overrides,
  };
}

/** A DAG synced from its own file; returns its id and first version id. */
export async function seedDag(store: Store, overrides: Partial<DagSpec> = {}): Promise<{ dagId: string; versionId: number }> {
  const dagId = overrides.dagId ?? uid('dag');
  const spec = dagSpec(dagId, overrides);
  const result = await store.dags.syncFromFile({ fileloc: spec.fileloc, source: `// ${dagId}`, dags: [{ spec }] }, T0);
  const version = result.createdVersions[0];
  if (!version) throw new Error(`seedDag: no version created for ${dagId}`);
  return { dagId, versionId: version.id };
}

/** A DAG with one run and its task instances (`extract`, `load`). */
export async function seedRun(
  store: Store,
  runOverrides: Partial<DagRun> = {},
): Promise<{ dagId: string; versionId: number; run: DagRun; tis: TaskInstance[] }> {
  const { dagId, versionId } = await seedDag(store);
  const run = await store.dagRuns.create(dagRun(dagId, uid('run'), versionId, runOverrides));
  const tis = [taskInstance(run, 'extract'), taskInstance(run, 'load')];
  await store.taskInstances.createMany(tis);
  return { dagId, versionId, run, tis };
}
