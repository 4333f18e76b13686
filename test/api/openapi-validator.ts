/**
 * A small validator for the subset of OpenAPI 3.1 / JSON Schema that Airflow's
 * spec uses: $ref, type (incl. lists), nullable, enum, const, anyOf/oneOf/allOf,
 * properties/required/additionalProperties, items/prefixItems, min/max items,
 * minimum, maxLength, and the formats date-time, uuid and duration. It returns
 * every mismatch with its JSON path, so a failure says exactly what differs.
 */
export type Schema = Record<string, unknown>;

export interface OpenApiDoc {
  readonly paths: Record<string, Record<string, Operation>>;
  readonly components: { readonly schemas: Record<string, Schema> };
}

export interface Operation {
  readonly operationId: string;
  readonly responses: Record<string, { readonly content?: Record<string, { readonly schema?: Schema }> }>;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DURATION = /^P(?!$)(\d+(\.\d+)?Y)?(\d+(\.\d+)?M)?(\d+(\.\d+)?W)?(\d+(\.\d+)?D)?(T(?=\d)(\d+(\.\d+)?H)?(\d+(\.\d+)?M)?(\d+(\.\d+)?S)?)?$/;

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function matchesType(value: unknown, type: string): boolean {
  const actual = typeOf(value);
  return actual === type || (type === 'number' && actual === 'integer');
}

export function validate(doc: OpenApiDoc, schema: Schema, value: unknown, path = '$'): string[] {
  if (schema.nullable === true && value === null) return [];
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = doc.components.schemas[name];
    if (!target) return [`${path}: unresolvable $ref ${schema.$ref}`];
    return validate(doc, target, value, path);
  }
  const errors: string[] = [];
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    if (!types.some((t) => matchesType(value, t))) return [`${path}: expected ${types.join(' or ')}${schema.nullable ? ' (nullable)' : ''}, got ${typeOf(value)} ${JSON.stringify(value)?.slice(0, 80)}`];
  }
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) errors.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  if ('const' in schema && schema.const !== value) errors.push(`${path}: expected the constant ${JSON.stringify(schema.const)}`);
  for (const key of ['anyOf', 'oneOf'] as const) {
    const options = schema[key] as Schema[] | undefined;
    if (!options) continue;
    const passing = options.filter((option) => validate(doc, option, value, path).length === 0).length;
    if (passing === 0 || (key === 'oneOf' && passing > 1)) {
      const why = options.map((o, i) => `  [${i}] ${validate(doc, o, value, path).slice(0, 3).join('; ')}`).join('\n');
      errors.push(`${path}: matches ${passing} of the ${key} options\n${why}`);
    }
  }
  for (const part of (schema.allOf as Schema[] | undefined) ?? []) errors.push(...validate(doc, part, value, path));
  if (typeof value === 'string') {
    if (typeof schema.maxLength === 'number' && value.length > schema.maxLength) errors.push(`${path}: longer than ${schema.maxLength}`);
    const format = schema.format;
    if (format === 'date-time' && !DATE_TIME.test(value)) errors.push(`${path}: ${JSON.stringify(value)} is not a date-time`);
    if (format === 'uuid' && !UUID.test(value)) errors.push(`${path}: ${JSON.stringify(value)} is not a uuid`);
    if (format === 'duration' && !DURATION.test(value)) errors.push(`${path}: ${JSON.stringify(value)} is not an ISO 8601 duration`);
  }
  if (typeof value === 'number' && typeof schema.minimum === 'number' && value < schema.minimum) errors.push(`${path}: ${value} < minimum ${schema.minimum}`);
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) errors.push(`${path}: fewer than ${schema.minItems} items`);
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) errors.push(`${path}: more than ${schema.maxItems} items`);
    const prefix = (schema.prefixItems as Schema[] | undefined) ?? [];
    value.forEach((item, i) => {
      const itemSchema = prefix[i] ?? (schema.items as Schema | undefined);
      if (itemSchema) errors.push(...validate(doc, itemSchema, item, `${path}[${i}]`));
    });
  }
  if (typeOf(value) === 'object') {
    const object = value as Record<string, unknown>;
    const properties = (schema.properties as Record<string, Schema> | undefined) ?? {};
    for (const name of (schema.required as string[] | undefined) ?? []) {
      if (!(name in object)) errors.push(`${path}: missing required property '${name}'`);
    }
    for (const [name, propValue] of Object.entries(object)) {
      const propSchema = properties[name];
      if (propSchema) errors.push(...validate(doc, propSchema, propValue, `${path}.${name}`));
      else if (schema.additionalProperties === false) errors.push(`${path}: property '${name}' is not allowed`);
      else if (typeof schema.additionalProperties === 'object' && schema.additionalProperties !== null) {
        errors.push(...validate(doc, schema.additionalProperties as Schema, propValue, `${path}.${name}`));
      }
    }
  }
  return errors;
}

/** The spec's operation for a concrete request path: the template with the most literal segments wins (`/dagRuns/list` over `/dagRuns/{id}`). */
export function findOperation(doc: OpenApiDoc, method: string, path: string): { template: string; operation: Operation } | null {
  const segments = path.split('?')[0]!.split('/');
  let best: { template: string; operation: Operation; literals: number } | null = null;
  for (const [template, operations] of Object.entries(doc.paths)) {
    const operation = operations[method.toLowerCase()];
    if (!operation) continue;
    const parts = template.split('/');
    if (parts.length !== segments.length) continue;
    let literals = 0;
    const fits = parts.every((part, i) => {
      if (/^\{.+\}$/.test(part)) return segments[i] !== '';
      literals += 1;
      return part === segments[i];
    });
    if (fits && (!best || literals > best.literals)) best = { template, operation, literals };
  }
  return best ? { template: best.template, operation: best.operation } : null;
}

/** Every way a response differs from what the spec says the operation answers. */
export async function checkResponse(doc: OpenApiDoc, method: string, path: string, response: Response): Promise<string[]> {
  const found = findOperation(doc, method, path);
  if (!found) return [`${method} ${path}: no such operation in the spec`];
  const spec = found.operation.responses[String(response.status)];
  const where = `${method} ${found.template} -> ${response.status}`;
  if (!spec) return [`${where}: the spec lists only ${Object.keys(found.operation.responses).join(', ')} for ${found.operation.operationId}`];
  const text = await response.text();
  const media = Object.keys(spec.content ?? {});
  if (media.length === 0) return text === '' ? [] : [`${where}: expected no body, got ${text.slice(0, 100)}`];
  const contentType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim();
  if (!media.includes(contentType)) return [`${where}: content type '${contentType}' is not one of ${media.join(', ')}`];
  if (contentType !== 'application/json') return [];
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return [`${where}: the body is not JSON: ${text.slice(0, 100)}`];
  }
  const schema = spec.content?.[contentType]?.schema;
  return schema ? validate(doc, schema, body).map((e) => `${where}: ${e}`) : [];
}
