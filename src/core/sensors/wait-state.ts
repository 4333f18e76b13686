/**
 * What a task instance waits on between the pokes of a sensor, kept on the
 * instance (JSON, so it travels through the store and to task processes):
 *
 *   running ── poke false, mode reschedule ──> up_for_reschedule  { reschedule: first poke, pokes so far }
 *      │                                            └── due ──> scheduled ──> queued (same try) ──> running ...
 *      └── poke false, deferrable ──> deferred  { trigger, timeout }
 *                                        └── trigger met / failed / timed out ──> success | failed | skipped
 *
 * A deferred instance holds no worker and no pool slot (unless its pool counts
 * deferred tasks); the scheduler evaluates its trigger and ends it there, as
 * Airflow's triggers that end a task from the triggerer.
 */

/** What a deferred task waits for. Times are ISO-8601 UTC. */
export type TriggerSpec =
  /** Fires at `at` (TimeSensor, TimeDeltaSensor, DateTimeSensor in deferrable mode). */
  | { readonly kind: 'time'; readonly at: string }
  /** Fires when the other DAG's tasks (or its run) reach an allowed state (ExternalTaskSensor). */
  | { readonly kind: 'external_task'; readonly query: ExternalTaskQuery; readonly verdict: ExternalStateRules; readonly pokeIntervalMs: number };

/** Which instances of another DAG to look at: its run at `logicalDate` (or with `runId`), and `taskIds` (null: the run itself). */
export interface ExternalTaskQuery {
  readonly dagId: string;
  readonly taskIds: readonly string[] | null;
  /** ISO logical date of the other run; null for none (runs without a logical date are never matched). */
  readonly logicalDate: string | null;
  /** The other run by id instead (a run this task triggered). */
  readonly runId?: string;
}

export interface ExternalStateRules {
  readonly allowedStates: readonly string[];
  readonly failedStates: readonly string[];
  readonly skippedStates: readonly string[];
}

export type WaitState =
  | {
      readonly kind: 'reschedule';
      /** When the first poke of this try started: the sensor's timeout counts from here. */
      readonly firstPokeAt: string;
      /** Pokes made so far in this try. */
      readonly pokes: number;
    }
  | {
      readonly kind: 'deferred';
      readonly trigger: TriggerSpec;
      readonly firstPokeAt: string;
      /** When waiting gives up (the sensor's timeout); null: never. */
      readonly timeoutAt: string | null;
      /** On timeout or a failed condition, end as skipped instead of failed (Airflow's soft_fail). */
      readonly softFail: boolean;
    };

export function isWaitState(value: unknown): value is WaitState {
  if (value === null || typeof value !== 'object') return false;
  const kind = (value as { kind?: unknown }).kind;
  return (kind === 'reschedule' || kind === 'deferred') && typeof (value as { firstPokeAt?: unknown }).firstPokeAt === 'string';
}

/** A trigger as people read it: "at 2024-01-01T00:00:00.000Z", "external DAG 'etl' tasks load at 2024-01-01...". */
export function describeTrigger(trigger: TriggerSpec): string {
  if (trigger.kind === 'time') return `the time ${trigger.at}`;
  const { dagId, taskIds, logicalDate, runId } = trigger.query;
  const what = taskIds === null ? `the run of DAG '${dagId}'` : `task${taskIds.length === 1 ? '' : 's'} ${taskIds.join(', ')} of DAG '${dagId}'`;
  return `${what} ${runId !== undefined ? `'${runId}'` : `at ${logicalDate ?? '(no logical date)'}`} to be ${trigger.verdict.allowedStates.join(' or ')}`;
}
