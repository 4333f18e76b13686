/** Variables, connections, pools and their bulk bodies, as Airflow's spec names them. */
import { z } from '@hono/zod-openapi';
import { extraProblem } from '../../services/connections.js';

// ---------------------------------------------------------------- bulk

export const BulkActionOnExistence = z.enum(['fail', 'skip', 'overwrite']).openapi('BulkActionOnExistence');
export const BulkActionNotOnExistence = z.enum(['fail', 'skip']).openapi('BulkActionNotOnExistence');

export const BulkActionResponse = z
  .object({ success: z.array(z.string()), errors: z.array(z.record(z.string(), z.unknown())) })
  .openapi('BulkActionResponse');

export const BulkResponse = z
  .object({ create: BulkActionResponse.nullable().optional(), update: BulkActionResponse.nullable().optional(), delete: BulkActionResponse.nullable().optional() })
  .openapi('BulkResponse');

/** `BulkBody[X]` of the spec: create/update/delete actions over entities of one kind. */
function bulkBody<E extends z.ZodType>(entity: E, name: string) {
  const create = z
    .strictObject({ action: z.literal('create'), entities: z.array(entity), action_on_existence: BulkActionOnExistence.optional() })
    .openapi(`BulkCreateAction_${name}_`);
  const update = z
    .strictObject({
      action: z.literal('update'),
      entities: z.array(entity),
      update_mask: z.array(z.string()).nullable().optional(),
      action_on_non_existence: BulkActionNotOnExistence.optional(),
    })
    .openapi(`BulkUpdateAction_${name}_`);
  const del = z
    .strictObject({ action: z.literal('delete'), entities: z.array(z.union([z.string(), entity])), action_on_non_existence: BulkActionNotOnExistence.optional() })
    .openapi(`BulkDeleteAction_${name}_`);
  return z.strictObject({ actions: z.array(z.discriminatedUnion('action', [create, update, del])) }).openapi(`BulkBody_${name}_`);
}

// ---------------------------------------------------------------- variables

/** Any JSON value (not recursive here: the OpenAPI generator cannot walk a recursive schema). */
export const JsonValue = z
  .union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.unknown()), z.record(z.string(), z.unknown())])
  .openapi('JsonValue', { description: 'Any JSON value; a string is stored as is, anything else as its JSON text.' });

export const VariableBody = z
  .strictObject({
    key: z.string().min(1).max(250),
    value: JsonValue,
    description: z.string().nullable().optional(),
    team_name: z.string().max(50).nullable().optional(),
  })
  .openapi('VariableBody');

export const VariableResponse = z
  .object({ key: z.string(), value: z.string(), description: z.string().nullable(), is_encrypted: z.boolean(), team_name: z.string().nullable() })
  .openapi('VariableResponse');

export const VariableCollectionResponse = z
  .object({ variables: z.array(VariableResponse), total_entries: z.number().int() })
  .openapi('VariableCollectionResponse');

export const BulkBodyVariables = bulkBody(VariableBody, 'VariableBody');

// ---------------------------------------------------------------- connections

export const ConnectionBody = z
  .strictObject({
    connection_id: z.string().min(1).max(200).regex(/^[\w.-]+$/, 'String should match pattern ^[\\w.-]+$'),
    conn_type: z.string().min(1),
    description: z.string().nullable().optional(),
    host: z.string().nullable().optional(),
    login: z.string().nullable().optional(),
    schema: z.string().nullable().optional(),
    port: z.number().int().min(0).max(65535).nullable().optional(),
    password: z.string().nullable().optional(),
    extra: z
      .string()
      .nullable()
      .optional()
      .superRefine((extra, ctx) => {
        const problem = extraProblem(extra);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
    team_name: z.string().max(50).nullable().optional(),
  })
  .openapi('ConnectionBody');

export const ConnectionResponse = z
  .object({
    connection_id: z.string(),
    conn_type: z.string(),
    description: z.string().nullable(),
    host: z.string().nullable(),
    login: z.string().nullable(),
    schema: z.string().nullable(),
    port: z.number().int().nullable(),
    password: z.string().nullable().openapi({ description: 'Never the password: `***` when one is set.' }),
    extra: z.string().nullable(),
    team_name: z.string().nullable(),
  })
  .openapi('ConnectionResponse');

export const ConnectionCollectionResponse = z
  .object({ connections: z.array(ConnectionResponse), total_entries: z.number().int() })
  .openapi('ConnectionCollectionResponse');

export const ConnectionTestResponse = z
  .object({ status: z.boolean(), message: z.string() })
  .openapi('ConnectionTestResponse', { description: 'Connection Test serializer for responses.' });

export const BulkBodyConnections = bulkBody(ConnectionBody, 'ConnectionBody');

// ---------------------------------------------------------------- pools

export const PoolBody = z
  .strictObject({
    name: z.string().min(1).max(256),
    slots: z.number().int().min(-1).openapi({ description: 'Number of slots. Use -1 for unlimited.' }),
    description: z.string().nullable().optional(),
    include_deferred: z.boolean().optional(),
    team_name: z.string().max(50).nullable().optional(),
  })
  .openapi('PoolBody');

export const PoolPatchBody = z
  .strictObject({
    pool: z.string().nullable().optional(),
    slots: z.number().int().min(-1).nullable().optional(),
    description: z.string().nullable().optional(),
    include_deferred: z.boolean().nullable().optional(),
    team_name: z.string().max(50).nullable().optional(),
  })
  .openapi('PoolPatchBody');

export const PoolResponse = z
  .object({
    name: z.string(),
    slots: z.number().int().min(-1),
    description: z.string().nullable(),
    include_deferred: z.boolean(),
    occupied_slots: z.number().int(),
    running_slots: z.number().int(),
    queued_slots: z.number().int(),
    scheduled_slots: z.number().int(),
    open_slots: z.number().int(),
    deferred_slots: z.number().int(),
    team_name: z.string().nullable(),
  })
  .openapi('PoolResponse');

export const PoolCollectionResponse = z.object({ pools: z.array(PoolResponse), total_entries: z.number().int() }).openapi('PoolCollectionResponse');

export const BulkBodyPools = bulkBody(PoolBody, 'PoolBody');
