/** Path and query parameters shared by the task instance, history and XCom routes. */
import { z } from '@hono/zod-openapi';
import { dateTimeInput, orderByQuery, PageQuery, queryList } from './common.js';

export const RunParams = z.object({ dag_id: z.string().min(1), dag_run_id: z.string().min(1) });
export const TiParams = z.object({ dag_id: z.string().min(1), dag_run_id: z.string().min(1), task_id: z.string().min(1) });

/** A (possibly negative) integer in a path or query string. */
export const intString = z
  .string()
  .regex(/^-?\d{1,9}$/, 'Input should be a valid integer, unable to parse string as an integer')
  .transform(Number)
  .openapi({ type: 'integer' });

export const MappedTiParams = TiParams.extend({ map_index: intString });

/** `?map_index=`, -1 (not mapped) when absent. */
export const MapIndexQuery = {
  map_index: intString.optional().transform((v) => v ?? -1).openapi({ type: 'integer', default: -1 }),
};

const rangeOf = <const N extends string, T extends z.ZodType>(names: readonly N[], item: T) =>
  Object.fromEntries(names.flatMap((name) => ['gte', 'gt', 'lte', 'lt'].map((op) => [`${name}_${op}`, item.optional()]))) as Record<`${N}_${'gte' | 'gt' | 'lte' | 'lt'}`, z.ZodOptional<T>>;

const numberString = z.string().regex(/^-?\d+(\.\d+)?$/, 'Input should be a valid number').transform(Number).openapi({ type: 'number' });

/** The filters of `get_task_instances` and `get_mapped_task_instances`. */
export const TiListQuery = z.object({
  ...PageQuery,
  ...rangeOf(['run_after', 'logical_date', 'start_date', 'end_date', 'updated_at'], dateTimeInput),
  ...rangeOf(['duration'], numberString),
  task_display_name_pattern: z.string().optional(),
  task_group_id: z.string().optional(),
  dag_id_pattern: z.string().optional(),
  run_id_pattern: z.string().optional(),
  state: queryList(z.string()),
  pool: queryList(z.string()),
  pool_name_pattern: z.string().optional(),
  queue: queryList(z.string()),
  queue_name_pattern: z.string().optional(),
  executor: queryList(z.string()),
  version_number: queryList(intString),
  try_number: queryList(intString),
  operator: queryList(z.string()),
  operator_name_pattern: z.string().optional(),
  map_index: queryList(intString),
  order_by: orderByQuery('map_index'),
});
