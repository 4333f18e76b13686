/**
 * Which ready task instances to queue now: Airflow's
 * `SchedulerJobRunner._executable_task_instances_to_queued`, as a pure function.
 *
 * Candidates are examined by priority weight (highest first), then logical date
 * (oldest first, runs without one last), then map index, then input order. At most
 * `min(parallelism, free pool slots)` are looked at per round. A candidate is refused
 * when its pool is missing or full, needs more slots than the pool has (in total or
 * open now), or its DAG run already has `maxActiveTasks` running or queued. As in
 * Airflow, a full pool and a DAG at its limit stop later candidates of that pool/DAG
 * from being looked at, while a task too big for the open slots does not stop
 * smaller ones behind it.
 */

export interface AdmissionCandidate {
  readonly dagId: string;
  readonly runId: string;
  readonly taskId: string;
  readonly mapIndex: number;
  /** Effective priority weight (see `effectivePriorityWeights`). */
  readonly priorityWeight: number;
  readonly pool: string;
  readonly poolSlots: number;
  readonly logicalDate: Date | null;
}

export interface PoolSnapshot {
  readonly name: string;
  readonly totalSlots: number;
  /** total minus the slots held by running and queued (and, if the pool says so, deferred) instances. */
  readonly openSlots: number;
}

export interface AdmissionInput {
  readonly candidates: readonly AdmissionCandidate[];
  readonly pools: readonly PoolSnapshot[];
  /** Free executor slots right now. */
  readonly parallelism: number;
  /** Per DAG id. A DAG without an entry has no limit. */
  readonly maxActiveTasks: ReadonlyMap<string, number>;
  /** Instances already running or queued, per `${dagId}\u0000${runId}` (use `runKey`). */
  readonly activeTasksPerRun: ReadonlyMap<string, number>;
}

export interface Refusal {
  readonly candidate: AdmissionCandidate;
  readonly reason: string;
}

export interface AdmissionResult {
  /** In the order they should be queued. */
  readonly admitted: readonly AdmissionCandidate[];
  readonly refused: readonly Refusal[];
}

export function runKey(dagId: string, runId: string): string {
  return `${dagId}\u0000${runId}`;
}

function name(c: AdmissionCandidate): string {
  return `${c.dagId}.${c.taskId}${c.mapIndex >= 0 ? `[${c.mapIndex}]` : ''}`;
}

export function compareCandidates(a: AdmissionCandidate, b: AdmissionCandidate): number {
  if (a.priorityWeight !== b.priorityWeight) return b.priorityWeight - a.priorityWeight;
  const ad = a.logicalDate?.getTime() ?? Number.POSITIVE_INFINITY;
  const bd = b.logicalDate?.getTime() ?? Number.POSITIVE_INFINITY;
  if (ad !== bd) return ad < bd ? -1 : 1;
  return a.mapIndex - b.mapIndex;
}

export function admit(input: AdmissionInput): AdmissionResult {
  const pools = new Map(input.pools.map((p) => [p.name, { ...p, open: p.openSlots }]));
  const active = new Map(input.activeTasksPerRun);
  const ordered = input.candidates.map((c, i) => ({ c, i })).sort((x, y) => compareCandidates(x.c, y.c) || x.i - y.i);
  const admitted: AdmissionCandidate[] = [];
  const reasons = new Map<AdmissionCandidate, string>();

  const poolFree = [...pools.values()].reduce((sum, p) => sum + Math.max(0, p.open), 0);
  const maxTis = Math.max(0, Math.min(input.parallelism, poolFree));
  if (maxTis === 0) {
    const why =
      input.parallelism <= 0
        ? `no free executor slot (parallelism reached)`
        : `every pool is full: no open slot in ${[...pools.keys()].join(', ') || 'any pool'}`;
    return { admitted, refused: ordered.map(({ c }) => ({ candidate: c, reason: why })) };
  }

  const starvedPools = new Map<string, string>();
  const starvedDags = new Map<string, string>();
  const starvedTasks = new Map<string, string>();
  let executorSlots = input.parallelism;
  const taskKey = (c: AdmissionCandidate) => `${c.dagId}\u0000${c.taskId}`;
  const filteredOut = (c: AdmissionCandidate): string | undefined =>
    starvedPools.get(c.pool) ?? starvedDags.get(c.dagId) ?? starvedTasks.get(taskKey(c));

  // Rounds as in Airflow: look at up to maxTis candidates; stop once something was
  // admitted or nothing new was learnt that would let other candidates through.
  for (;;) {
    const learnt = starvedPools.size + starvedDags.size + starvedTasks.size;
    const batch = ordered
      .filter(({ c }) => !reasons.has(c) && !admitted.includes(c) && filteredOut(c) === undefined)
      .slice(0, maxTis);
    if (batch.length === 0) break;
    for (const { c } of batch) {
      const refuse = (reason: string) => reasons.set(c, reason);
      const pool = pools.get(c.pool);
      if (!pool) {
        const why = `pool ${c.pool} does not exist: create it or change the task's pool`;
        starvedPools.set(c.pool, why);
        refuse(why);
        continue;
      }
      if (pool.open <= 0) {
        const why = `pool ${pool.name} is full: ${pool.totalSlots - pool.open} of ${pool.totalSlots} slots used`;
        starvedPools.set(pool.name, why);
        refuse(why);
        continue;
      }
      if (c.poolSlots > pool.totalSlots) {
        const why = `needs ${c.poolSlots} slots but pool ${pool.name} has only ${pool.totalSlots}: it can never run there`;
        starvedTasks.set(taskKey(c), why);
        refuse(why);
        continue;
      }
      if (c.poolSlots > pool.open) {
        const why = `needs ${c.poolSlots} slots but pool ${pool.name} has ${pool.open} open (${pool.totalSlots - pool.open} of ${pool.totalSlots} used)`;
        starvedTasks.set(taskKey(c), why);
        refuse(why);
        continue;
      }
      const limit = input.maxActiveTasks.get(c.dagId);
      const key = runKey(c.dagId, c.runId);
      const running = active.get(key) ?? 0;
      if (limit !== undefined && running >= limit) {
        const why = `DAG ${c.dagId} is at max_active_tasks: ${running} of ${limit} running or queued in run ${c.runId}`;
        starvedDags.set(c.dagId, why);
        refuse(why);
        continue;
      }
      if (executorSlots <= 0) {
        const why = `no free executor slot: parallelism ${input.parallelism} reached`;
        starvedTasks.set(taskKey(c), why);
        refuse(why);
        continue;
      }
      executorSlots -= 1;
      pool.open -= c.poolSlots;
      active.set(key, running + 1);
      admitted.push(c);
    }
    const learntNew = starvedPools.size + starvedDags.size + starvedTasks.size > learnt;
    if (admitted.length > 0 || batch.length < maxTis || !learntNew) break;
  }

  // Not looked at this round (Airflow's per-round limit): say what blocks it now.
  const unexaminedReason = (c: AdmissionCandidate): string => {
    const pool = pools.get(c.pool);
    if (!pool) return `pool ${c.pool} does not exist: create it or change the task's pool`;
    if (pool.open <= 0) return `pool ${pool.name} is full: ${pool.totalSlots - pool.open} of ${pool.totalSlots} slots used`;
    if (executorSlots <= 0) return `no free executor slot: parallelism ${input.parallelism} reached`;
    const limit = input.maxActiveTasks.get(c.dagId);
    const running = active.get(runKey(c.dagId, c.runId)) ?? 0;
    if (limit !== undefined && running >= limit) {
      return `DAG ${c.dagId} is at max_active_tasks: ${running} of ${limit} running or queued in run ${c.runId}`;
    }
    return `waiting for a later round: only the ${maxTis} highest-priority ready task instance${maxTis === 1 ? ' is' : 's are'} considered per round`;
  };
  const refused: Refusal[] = [];
  for (const { c } of ordered) {
    if (admitted.includes(c)) continue;
    refused.push({ candidate: c, reason: reasons.get(c) ?? filteredOut(c) ?? unexaminedReason(c) });
  }
  return { admitted, refused };
}

export function describeAdmission(result: AdmissionResult): string[] {
  return [
    ...result.admitted.map((c) => `${name(c)}: queued`),
    ...result.refused.map((r) => `${name(r.candidate)}: ${r.reason}`),
  ];
}
