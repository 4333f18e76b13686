/**
 * Checks a DAG before anything runs it. Every problem names the DAG, the task
 * or field, what is wrong and what to do, because people meet these messages as
 * import errors with no debugger at hand. All problems are reported at once.
 */
import type { DagSpec } from './dag-spec.js';
import { TRIGGER_RULES } from './dag-spec.js';
import { topoSort } from './topo-sort.js';
import { validateCron } from './timetables/cron.js';
import { isValidTimeZone } from './timetables/wall-clock.js';

export interface DagProblem {
  readonly dagId: string;
  readonly taskId: string | null;
  readonly message: string;
}

/** Raised at import when a DAG file defines an invalid DAG. */
export class DagDefinitionError extends Error {
  constructor(readonly problems: readonly DagProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'DagDefinitionError';
  }
}

export function formatProblem(problem: DagProblem): string {
  const where = problem.taskId === null ? `DAG '${problem.dagId}'` : `DAG '${problem.dagId}', task '${problem.taskId}'`;
  return `${where}: ${problem.message}`;
}

/** Airflow's rule for DAG and task ids: letters, digits, `-`, `_`, `.`; at most 250 characters. */
const ID_PATTERN = /^[A-Za-z0-9_.-]{1,250}$/;

export function checkId(kind: 'DAG id' | 'task id' | 'group id', id: string): string | null {
  if (ID_PATTERN.test(id)) return null;
  return `${kind} '${id}' is invalid: use 1 to 250 letters, digits, '-', '_' or '.'`;
}

export function validateDag(spec: DagSpec): DagProblem[] {
  const problems: DagProblem[] = [];
  const dagProblem = (message: string) => problems.push({ dagId: spec.dagId, taskId: null, message });
  const taskProblem = (taskId: string, message: string) => problems.push({ dagId: spec.dagId, taskId, message });

  const idError = checkId('DAG id', spec.dagId);
  if (idError) dagProblem(idError);
  checkDagFields(spec, dagProblem);

  const seen = new Set<string>();
  for (const task of spec.tasks) {
    if (seen.has(task.taskId)) {
      taskProblem(task.taskId, `the task id is declared twice: give each task a unique id within the DAG`);
    }
    seen.add(task.taskId);
    const taskIdError = checkId('task id', task.taskId);
    if (taskIdError) taskProblem(task.taskId, taskIdError);
  }

  for (const task of spec.tasks) {
    for (const up of task.upstream) {
      if (!seen.has(up)) taskProblem(task.taskId, `depends on '${up}', which is not a task of this DAG`);
      if (up === task.taskId) taskProblem(task.taskId, `depends on itself: remove that dependency`);
    }
    for (const [name, input] of [...Object.entries(task.inputs), ...Object.entries(task.expand)]) {
      if (input.from === 'xcom' && !task.upstream.includes(input.taskId)) {
        taskProblem(task.taskId, `input '${name}' reads task '${input.taskId}', which is not upstream of it`);
      }
    }
    if (!TRIGGER_RULES.includes(task.triggerRule)) {
      taskProblem(task.taskId, `unknown trigger rule '${task.triggerRule}': use one of ${TRIGGER_RULES.join(', ')}`);
    }
    if (!Number.isInteger(task.retries) || task.retries < 0) {
      taskProblem(task.taskId, `retries must be a whole number >= 0, got ${task.retries}`);
    }
    if (!Number.isInteger(task.poolSlots) || task.poolSlots < 1) {
      taskProblem(task.taskId, `poolSlots must be a whole number >= 1, got ${task.poolSlots}`);
    }
    if (task.executionTimeoutMs !== null && !(task.executionTimeoutMs > 0)) {
      taskProblem(task.taskId, `executionTimeout must be positive, got ${task.executionTimeoutMs} ms`);
    }
    if (task.retryDelayMs < 0) taskProblem(task.taskId, `retryDelay must not be negative`);
    if (task.isSetup && task.isTeardown) taskProblem(task.taskId, `a task cannot be both a setup and a teardown`);
  }

  const cycle = findCycle(spec);
  if (cycle) dagProblem(`has a cycle: ${cycle.join(' -> ')}. Remove one of these dependencies`);
  return problems;
}

function checkDagFields(spec: DagSpec, problem: (message: string) => void): void {
  if (!isValidTimeZone(spec.timezone)) {
    problem(`unknown timezone '${spec.timezone}': use an IANA name such as 'UTC' or 'Europe/Paris'`);
  }
  const schedule = spec.schedule;
  if (schedule.kind === 'cron' && isValidTimeZone(schedule.timezone)) {
    const cronError = validateCron(schedule.expression, schedule.timezone);
    if (cronError) problem(`invalid schedule '${schedule.expression}': ${cronError}`);
  }
  if (schedule.kind === 'interval' && !(schedule.everyMs > 0)) {
    problem(`the schedule interval must be positive, got ${schedule.everyMs} ms`);
  }
  const timed = schedule.kind === 'cron' || schedule.kind === 'interval' || schedule.kind === 'once';
  if (timed && spec.startDate === null) {
    problem(`a scheduled DAG needs a startDate: add startDate: '2024-01-01' (or schedule: null for manual runs)`);
  }
  if (spec.startDate !== null && spec.endDate !== null && spec.startDate > spec.endDate) {
    problem(`startDate ${spec.startDate} is after endDate ${spec.endDate}`);
  }
  if (!Number.isInteger(spec.maxActiveRuns) || spec.maxActiveRuns < 1) {
    problem(`maxActiveRuns must be a whole number >= 1, got ${spec.maxActiveRuns}`);
  }
  if (!Number.isInteger(spec.maxActiveTasks) || spec.maxActiveTasks < 1) {
    problem(`maxActiveTasks must be a whole number >= 1, got ${spec.maxActiveTasks}`);
  }
}

function findCycle(spec: DagSpec): readonly string[] | null {
  const known = new Set(spec.tasks.map((t) => t.taskId));
  const graph = new Map<string, readonly string[]>();
  for (const task of spec.tasks) graph.set(task.taskId, task.upstream.filter((up) => known.has(up)));
  const result = topoSort(graph);
  return result.ok ? null : result.cycle;
}
