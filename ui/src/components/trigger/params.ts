/**
 * A DAG's params (Airflow's DAGDetailsResponse `params`: per name its default
 * `value`, JSON `schema`, `description`, and our `required`) read into form
 * fields: which input draws each one, whether it may be null, and its default.
 */

export type JsonSchema = Readonly<Record<string, unknown>>;

export type FieldKind = 'string' | 'number' | 'integer' | 'boolean' | 'enum' | 'date' | 'date-time' | 'time' | 'json';

export interface ParamField {
  readonly name: string;
  readonly kind: FieldKind;
  /** The schema without its `null` branch (what a non-null value must satisfy). */
  readonly schema: JsonSchema;
  /** `null` is a valid value (type `[T, 'null']` or `anyOf: [T, {type: 'null'}]`). */
  readonly nullable: boolean;
  /** The conf must hold it (no default, not optional). */
  readonly required: boolean;
  readonly hasDefault: boolean;
  readonly defaultValue: unknown;
  readonly title: string;
  readonly description: string | null;
  /** For `enum`: the allowed values (null left out; see `nullable`). */
  readonly options: readonly unknown[];
  /** For `json`: the JSON type the value must have, when the schema says. */
  readonly jsonType: 'array' | 'object' | null;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function typesOf(schema: JsonSchema): string[] {
  const t = schema.type;
  if (typeof t === 'string') return [t];
  return Array.isArray(t) ? t.filter((x): x is string => typeof x === 'string') : [];
}

/** Splits `[T, 'null']` / `anyOf: [T, {type: 'null'}]` into T and "nullable". */
export function unwrapNullable(schema: JsonSchema): { readonly schema: JsonSchema; readonly nullable: boolean } {
  const anyOf = schema.anyOf;
  if (Array.isArray(anyOf)) {
    const branches = anyOf.filter(isRecord);
    const nonNull = branches.filter((b) => !(typesOf(b).length === 1 && typesOf(b)[0] === 'null'));
    if (nonNull.length < branches.length && nonNull.length === 1) {
      const { anyOf: _dropped, ...rest } = schema;
      return { schema: { ...rest, ...(nonNull[0] as JsonSchema) }, nullable: true };
    }
  }
  const types = typesOf(schema);
  if (types.includes('null')) {
    const rest = types.filter((t) => t !== 'null');
    const enumValues = Array.isArray(schema.enum) ? schema.enum.filter((v) => v !== null) : undefined;
    return { schema: { ...schema, type: rest.length === 1 ? rest[0] : rest, ...(enumValues ? { enum: enumValues } : {}) }, nullable: true };
  }
  if (Array.isArray(schema.enum) && schema.enum.includes(null)) return { schema: { ...schema, enum: schema.enum.filter((v) => v !== null) }, nullable: true };
  return { schema, nullable: false };
}

function kindOf(schema: JsonSchema): { kind: FieldKind; jsonType: 'array' | 'object' | null } {
  if (Array.isArray(schema.enum) && schema.enum.length > 0 && schema.enum.every((v) => typeof v !== 'object')) return { kind: 'enum', jsonType: null };
  if ('const' in schema && typeof schema.const !== 'object') return { kind: 'enum', jsonType: null };
  const types = typesOf(schema);
  if (types.length === 1) {
    const [type] = types;
    if (type === 'boolean') return { kind: 'boolean', jsonType: null };
    if (type === 'integer') return { kind: 'integer', jsonType: null };
    if (type === 'number') return { kind: 'number', jsonType: null };
    if (type === 'string') {
      if (schema.format === 'date') return { kind: 'date', jsonType: null };
      if (schema.format === 'date-time') return { kind: 'date-time', jsonType: null };
      if (schema.format === 'time') return { kind: 'time', jsonType: null };
      return { kind: 'string', jsonType: null };
    }
    if (type === 'array' || type === 'object') return { kind: 'json', jsonType: type };
  }
  return { kind: 'json', jsonType: null };
}

/** The form fields of a DAG's params, in their declared order. */
export function readParams(params: Readonly<Record<string, unknown>> | null | undefined): ParamField[] {
  if (!params) return [];
  return Object.entries(params).map(([name, raw]) => {
    const param = isRecord(raw) ? raw : {};
    const full: JsonSchema = isRecord(param.schema) ? param.schema : {};
    const { schema, nullable } = unwrapNullable(full);
    const { kind, jsonType } = kindOf(schema);
    const hasDefault = 'default' in full;
    const options = kind === 'enum' ? (Array.isArray(schema.enum) ? schema.enum : [schema.const]) : [];
    return {
      name,
      kind,
      schema,
      nullable,
      required: param.required === true,
      hasDefault,
      defaultValue: hasDefault ? full.default : (param.value ?? null),
      title: typeof full.title === 'string' ? full.title : name,
      description: typeof param.description === 'string' ? param.description : typeof full.description === 'string' ? full.description : null,
      options,
      jsonType,
    };
  });
}
