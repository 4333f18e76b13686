/** XCom entries as Airflow's API shows them: without the value in lists, with it (native or as a string) singly. */
import { z } from '@hono/zod-openapi';
import { dateTime, nullableDateTime } from './common.js';

const xcomFields = {
  key: z.string(),
  timestamp: dateTime,
  logical_date: nullableDateTime,
  map_index: z.number().int(),
  task_id: z.string(),
  dag_id: z.string(),
  run_id: z.string(),
  dag_display_name: z.string(),
  task_display_name: z.string(),
  run_after: dateTime,
};

export const XComResponse = z.object(xcomFields).openapi('XComResponse');
export const XComResponseNative = z.object({ ...xcomFields, value: z.unknown() }).openapi('XComResponseNative');
export const XComResponseString = z.object({ ...xcomFields, value: z.string().nullable() }).openapi('XComResponseString');
export const XComCollectionResponse = z
  .object({ xcom_entries: z.array(XComResponse), total_entries: z.number().int() })
  .openapi('XComCollectionResponse');

export const XComCreateBody = z
  .strictObject({ key: z.string().min(1), value: z.unknown(), map_index: z.number().int().min(-1).default(-1) })
  .openapi('XComCreateBody');
export const XComUpdateBody = z
  .strictObject({ value: z.unknown(), map_index: z.number().int().min(-1).default(-1) })
  .openapi('XComUpdateBody');
