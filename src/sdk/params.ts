/**
 * DAG params as a zod schema: typed in task code, validated when a run is
 * triggered, and stored as JSON Schema so the API and UI can validate and draw a
 * form without the DAG file.
 */
import { z } from 'zod';
import type { JsonObject, ParamsSpec } from '../core/dag-spec.js';

export type ParamsSchema = z.ZodType<Record<string, unknown>>;

const NO_PARAMS: ParamsSpec = { schema: { type: 'object' }, defaults: {} };

export function paramsSpecOf(dagId: string, schema: ParamsSchema | undefined): ParamsSpec {
  if (schema === undefined) return NO_PARAMS;
  const jsonSchema = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonObject;
  if (jsonSchema.type !== 'object') {
    throw new Error(`DAG '${dagId}': params must be a z.object({...}) schema, got a schema of type ${String(jsonSchema.type)}`);
  }
  return { schema: jsonSchema, defaults: defaultsOf(jsonSchema) };
}

function defaultsOf(jsonSchema: JsonObject): JsonObject {
  const properties = (jsonSchema.properties ?? {}) as Record<string, JsonObject>;
  const defaults: Record<string, JsonObject[string]> = {};
  for (const [name, property] of Object.entries(properties)) {
    if (property.default !== undefined) defaults[name] = property.default;
  }
  return defaults;
}

export type ParamsResult =
  | { readonly ok: true; readonly params: Record<string, unknown> }
  | { readonly ok: false; readonly message: string };

/**
 * The params of a run: defaults overlaid with the trigger's conf (Airflow's
 * `dag_run_conf_overrides_params`), validated by the schema.
 */
export function resolveParams(dagId: string, schema: ParamsSchema | undefined, conf: JsonObject): ParamsResult {
  if (schema === undefined) return { ok: true, params: { ...conf } };
  const result = schema.safeParse(conf);
  if (result.success) return { ok: true, params: result.data };
  const details = result.error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(conf)'}: ${issue.message}`)
    .join('; ');
  return { ok: false, message: `Invalid params for DAG '${dagId}': ${details}` };
}
