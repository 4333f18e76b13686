/**
 * Variables as the API and the CLI change them: values given as any JSON are
 * stored as text (a string as is, anything else as its JSON), every change is
 * audited, and errors say what to do.
 */
import type { Page, Store } from '../store/store.js';
import type { Variable } from '../store/types.js';
import { audit } from './audit.js';
import type { BulkTarget } from './bulk.js';
import { BadRequestError, ConflictError, NotFoundError } from './errors.js';
import { likeMatcher, pageInMemory } from './list-page.js';

export interface VariableInput {
  readonly key: string;
  /** Any JSON value: a string is stored as is, anything else as its JSON text. */
  readonly value: unknown;
  readonly description?: string | null | undefined;
}

export const VARIABLE_FIELDS = ['key', 'value', 'description'] as const;

export function variableText(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? 'null');
}

export async function requireVariable(store: Store, key: string): Promise<Variable> {
  const variable = await store.variables.get(key);
  if (!variable) throw new NotFoundError(`The Variable with key: \`${key}\` was not found`);
  return variable;
}

export interface VariableListRequest {
  readonly keyPattern?: string | undefined;
  /** A field of Variable, `-` for descending. */
  readonly sort: string;
  readonly limit: number;
  readonly offset: number;
}

export async function listVariables(store: Store, request: VariableListRequest): Promise<Page<Variable>> {
  const { items } = await store.variables.list({ orderBy: 'key' });
  const matches = likeMatcher(request.keyPattern);
  return pageInMemory(items, { sort: request.sort, limit: request.limit, offset: request.offset, keep: (v) => matches(v.key) });
}

export async function createVariable(store: Store, input: VariableInput, actor: string, now: Date): Promise<Variable> {
  if (await store.variables.get(input.key)) throw new ConflictError(`The Variable with key: \`${input.key}\` already exists`);
  const saved = await store.variables.set({ key: input.key, value: variableText(input.value), description: input.description ?? null });
  await audit(store, 'variable_create', { owner: actor, extra: JSON.stringify({ key: input.key }) }, now);
  return saved;
}

/** Changes the fields in `mask` (every field when null); the key in the body must be the variable's. */
export async function updateVariable(store: Store, key: string, input: VariableInput, mask: readonly string[] | null, actor: string, now: Date): Promise<Variable> {
  if (input.key !== key) throw new BadRequestError(`Invalid body, key from request body doesn't match uri parameter: '${input.key}' is not '${key}'`);
  const unknown = (mask ?? []).filter((f) => !(VARIABLE_FIELDS as readonly string[]).includes(f));
  if (unknown.length > 0) throw new BadRequestError(`Invalid field(s) in update mask: ${unknown.join(', ')}; use key, value or description`);
  const current = await requireVariable(store, key);
  const wants = (field: string) => mask === null || mask.includes(field);
  const saved = await store.variables.set({
    key,
    value: wants('value') ? variableText(input.value) : current.value,
    description: wants('description') ? (input.description ?? null) : current.description,
  });
  await audit(store, 'variable_edit', { owner: actor, extra: JSON.stringify({ key, fields: mask ?? ['value', 'description'] }) }, now);
  return saved;
}

export async function deleteVariable(store: Store, key: string, actor: string, now: Date): Promise<void> {
  if (!(await store.variables.delete(key))) throw new NotFoundError(`The Variable with key: \`${key}\` was not found`);
  await audit(store, 'variable_delete', { owner: actor, extra: JSON.stringify({ key }) }, now);
}

/** Variables for `runBulk`: create overwrites (the runner has already applied the existence policy). */
export const VARIABLES_BULK: BulkTarget<VariableInput> = {
  noun: 'variables',
  keyOf: (v) => v.key,
  exists: async (store, key) => (await store.variables.get(key)) !== null,
  create: async (store, v) => {
    await store.variables.set({ key: v.key, value: variableText(v.value), description: v.description ?? null });
  },
  update: async (store, v, mask) => {
    const current = await requireVariable(store, v.key);
    const wants = (field: string) => mask === null || mask.includes(field);
    await store.variables.set({
      key: v.key,
      value: wants('value') ? variableText(v.value) : current.value,
      description: wants('description') ? (v.description ?? null) : current.description,
    });
  },
  delete: async (store, key) => {
    if (!(await store.variables.delete(key))) throw new NotFoundError(`The Variable with key: \`${key}\` was not found`);
  },
};
