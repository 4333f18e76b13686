/**
 * Deadline alerts, the scheduler's part (the rules are core/deadlines.ts):
 *
 *   createRun ──> createRunDeadlines: a row per DAG deadline (its time, or none
 *                 yet for run_start) and per task deadline (no time until the task starts)
 *   timer tick ──> checkDeadlines: fill in times that became known, delete the
 *                  deadlines met (or moot), mark the missed ones (compare-and-set,
 *                  so one scheduler of several fires each) and say when the next falls due
 *   after commit ──> the caller runs each missed deadline's callback in a process of
 *                    its own (never in the scheduler) and records how it went
 *
 * A DAG without deadlines costs one indexed query per timer tick that finds nothing.
 */
import type { DagSpec } from '../core/dag-spec.js';
import {
  describeDeadline,
  firstStart,
  judgeDeadline,
  runDeadlineTime,
  taskDeadlineTime,
  taskSubject,
  type DeadlineSubject,
} from '../core/deadlines.js';
import { formatDuration } from '../core/duration.js';
import type { DagRun, TaskInstance } from '../core/run-model.js';
import type { Deadline, NewDeadline } from '../store/deadlines.js';
import type { Store } from '../store/store.js';

/** Creates the run's deadline rows; called in the transaction that creates the run. */
export async function createRunDeadlines(store: Store, spec: DagSpec, run: DagRun, now: Date): Promise<void> {
  const rows: NewDeadline[] = [];
  const key = { dagId: run.dagId, runId: run.runId };
  (spec.deadlines ?? []).forEach((deadline, alertIndex) => {
    const time = runDeadlineTime(deadline, run);
    // A logical-date deadline of a run without a logical date never falls due (Airflow creates none).
    if (time === null && deadline.reference !== 'run_start') return;
    rows.push({ ...key, taskId: null, mapIndex: -1, alertIndex, reference: deadline.reference, intervalMs: deadline.intervalMs, deadlineTime: time, callback: deadline.callbacks.join(', ') });
  });
  for (const task of spec.tasks) {
    (task.deadlines ?? []).forEach((deadline, alertIndex) => {
      rows.push({ ...key, taskId: task.taskId, mapIndex: -1, alertIndex, reference: 'task_start', intervalMs: deadline.afterMs, deadlineTime: null, callback: deadline.callbacks.join(', ') });
    });
  }
  await store.deadlines.createMany(rows, now);
}

export interface MissedDeadline {
  /** The deadline as now recorded: its time, `missedAt` and `lateMs` set. */
  readonly deadline: Deadline & { readonly deadlineTime: Date };
  readonly run: DagRun;
  /** The run's (or for a task deadline, the task's first instance's) state when the miss was found. */
  readonly state: string;
}

export interface DeadlineCheck {
  readonly missed: MissedDeadline[];
  /** When the next pending deadline falls due; null when none has a time. */
  readonly nextAt: Date | null;
  readonly messages: string[];
}

const runKeyOf = (d: { dagId: string; runId: string }) => `${d.dagId}\u0000${d.runId}`;

export async function checkDeadlines(store: Store, now: Date): Promise<DeadlineCheck> {
  const pending = await store.deadlines.listPending();
  const result: { missed: MissedDeadline[]; nextAt: Date | null; messages: string[] } = { missed: [], nextAt: null, messages: [] };
  if (pending.length === 0) return result;
  const keys = [...new Map(pending.map((d) => [runKeyOf(d), { dagId: d.dagId, runId: d.runId }])).values()];
  const runs = new Map((await store.dagRuns.getMany(keys)).map((run) => [runKeyOf(run), run]));
  const instances = new Map<string, TaskInstance[]>();
  const instancesOf = async (run: DagRun, taskId: string): Promise<TaskInstance[]> => {
    const key = `${runKeyOf(run)}\u0000${taskId}`;
    let list = instances.get(key);
    if (list === undefined) {
      list = await store.taskInstances.listForTasks(run, [taskId]);
      instances.set(key, list);
    }
    return list;
  };
  const moot: number[] = [];

  for (const deadline of pending) {
    const run = runs.get(runKeyOf(deadline));
    if (run === undefined) continue;
    const runEnded = run.state === 'success' || run.state === 'failed';
    let time = deadline.deadlineTime;
    let subject: () => Promise<DeadlineSubject>;
    let state: () => Promise<string>;
    if (deadline.taskId === null) {
      if (time === null) {
        if (run.startDate === null) continue; // run_start: the run has not started
        time = new Date(run.startDate.getTime() + deadline.intervalMs);
        await store.deadlines.setTime(deadline.id, time);
      }
      subject = async () => ({ succeeded: run.state === 'success', endedAt: run.endDate });
      state = async () => run.state;
    } else {
      const taskId = deadline.taskId;
      if (time === null) {
        const start = firstStart(await instancesOf(run, taskId));
        if (start === null) {
          // The task never started and never will in this run: its deadline is moot.
          if (runEnded) moot.push(deadline.id);
          continue;
        }
        time = taskDeadlineTime(deadline.intervalMs, start);
        await store.deadlines.setTime(deadline.id, time);
      }
      subject = async () => taskSubject(await instancesOf(run, taskId));
      state = async () => (await instancesOf(run, taskId))[0]?.state ?? 'none';
    }
    // Until it falls due, only a finished run can have met it: spare the task instance reads.
    if (time > now && !runEnded) {
      if (result.nextAt === null || time < result.nextAt) result.nextAt = time;
      continue;
    }
    const verdict = judgeDeadline(time, await subject(), now);
    if (verdict.kind === 'met') moot.push(deadline.id);
    else if (verdict.kind === 'pending') {
      if (result.nextAt === null || verdict.dueAt < result.nextAt) result.nextAt = verdict.dueAt;
    } else if (await store.deadlines.markMissed(deadline.id, now, verdict.lateMs)) {
      const recorded = { ...deadline, deadlineTime: time, missedAt: now, lateMs: verdict.lateMs };
      result.missed.push({ deadline: recorded, run, state: await state() });
      result.messages.push(describeMiss(recorded));
    }
  }
  await store.deadlines.resolve(moot);
  return result;
}

/** "deadline missed: etl/manual__… task load was not done by 2025-…Z (task_start + 10m), 3s late; its callback: emailNotifier" */
export function describeMiss(deadline: Deadline & { readonly deadlineTime: Date }): string {
  return `deadline missed: ${deadline.dagId}/${deadline.runId}: ${missReason(deadline)}; its callback: ${deadline.callback}`;
}

/** What a deadline callback's context says happened: "task load was not done by ... (task_start + 10m), 3s late". */
export function missReason(deadline: Deadline & { readonly deadlineTime: Date }): string {
  const what = deadline.taskId === null ? 'the run' : `task ${deadline.taskId}`;
  const at = deadline.reference === 'fixed' ? new Date(deadline.deadlineTime.getTime() - deadline.intervalMs).toISOString() : null;
  const how = describeDeadline(deadline.reference, deadline.intervalMs, at, formatDuration);
  return `${what} was not done by ${deadline.deadlineTime.toISOString()} (${how}), ${formatDuration(deadline.lateMs ?? 0)} late`;
}
