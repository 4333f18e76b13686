/**
 * Validates a trigger's conf against a DAG's stored params (a JSON Schema made
 * from the DAG's zod schema), so the CLI, the API and the scheduler can check a
 * trigger without importing the DAG file. Defaults fill what the conf leaves out.
 */
import { z } from 'zod';
import type { JsonObject, ParamsSpec } from './dag-spec.js';

export type ConfCheck = { readonly ok: true; readonly params: JsonObject } | { readonly ok: false; readonly message: string };

export function validateConf(dagId: string, params: ParamsSpec, conf: JsonObject): ConfCheck {
  const schema = z.fromJSONSchema(params.schema as Parameters<typeof z.fromJSONSchema>[0]);
  const result = schema.safeParse({ ...params.defaults, ...conf });
  if (result.success) return { ok: true, params: result.data as JsonObject };
  const details = result.error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(conf)'}: ${issue.message}`)
    .join('; ');
  return { ok: false, message: `Invalid params for DAG '${dagId}': ${details}` };
}
