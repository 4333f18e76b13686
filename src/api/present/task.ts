/** A task of the serialized DAG as Airflow's TaskResponse. */
import type { z } from '@hono/zod-openapi';
import type { DagSpec, TaskSpec } from '../../core/dag-spec.js';
import type { TaskResponse } from '../schemas/tasks.js';
import { timeDelta } from './json-values.js';

export function presentTask(spec: DagSpec, task: TaskSpec): z.infer<typeof TaskResponse> {
  const downstream = spec.tasks.filter((t) => t.upstream.includes(task.taskId)).map((t) => t.taskId);
  return {
    task_id: task.taskId,
    task_display_name: task.taskId,
    owner: task.owner,
    start_date: spec.startDate,
    end_date: spec.endDate,
    trigger_rule: task.triggerRule,
    depends_on_past: task.dependsOnPast,
    wait_for_downstream: task.waitForDownstream,
    retries: task.retries,
    queue: task.queue,
    pool: task.pool,
    pool_slots: task.poolSlots,
    execution_timeout: timeDelta(task.executionTimeoutMs),
    retry_delay: timeDelta(task.retryDelayMs),
    // Airflow 3 reads it as a multiplier (0 = off); ours doubles the delay each retry.
    retry_exponential_backoff: task.retryExponentialBackoff ? 2 : 0,
    priority_weight: task.priorityWeight,
    weight_rule: task.weightRule,
    ui_color: '#fff',
    ui_fgcolor: '#000',
    template_fields: [],
    downstream_task_ids: downstream.sort(),
    doc_md: task.doc,
    operator_name: task.operator,
    params: {},
    class_ref: { module_path: `updraft.${task.kind}`, class_name: task.operator },
    is_mapped: Object.keys(task.expand).length > 0,
    extra_links: [],
  };
}
