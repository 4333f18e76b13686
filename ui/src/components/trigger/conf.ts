/**
 * The trigger form's state and the conf it sends, both ways: each field's
 * draft (what its input holds) -> a JSON value checked against the schema, and
 * a conf object (the raw JSON mode) -> drafts, so the two modes round-trip.
 */
import type { ParamField } from './params';
import { checkValue } from './validate';

/**
 * Text for text-like inputs (numbers too, so "1." can be typed), a boolean for
 * a switch (null: a nullable one left unset), or `{ raw }`: a value from the
 * JSON that the field's input cannot show (`"yes"` for a boolean).
 */
export type Draft = string | boolean | null | { readonly raw: unknown };
export type Drafts = Readonly<Record<string, Draft>>;
export type Conf = Record<string, unknown>;

export type FieldValue = { readonly ok: true; readonly value: unknown; readonly omit: boolean } | { readonly ok: false; readonly message: string; readonly best: unknown };

const pad = (n: number) => String(n).padStart(2, '0');

/** An ISO date-time as a `datetime-local` input's value (local time, to the second). */
export function toLocalInput(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** A `datetime-local` value (local time) as ISO UTC, or null when it is not a date. */
export function fromLocalInput(text: string): string | null {
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** What the field's input shows for `value` (undefined: nothing given). */
export function draftOf(field: ParamField, value: unknown): Draft {
  if (field.kind === 'boolean') {
    if (typeof value === 'boolean') return value;
    if (value === undefined || value === null) return field.nullable ? null : false;
    return { raw: value };
  }
  if (value === undefined || value === null) return '';
  switch (field.kind) {
    case 'enum':
      return field.options.some((o) => JSON.stringify(o) === JSON.stringify(value)) ? JSON.stringify(value) : { raw: value };
    case 'number':
    case 'integer':
      return typeof value === 'number' || typeof value === 'string' ? String(value) : JSON.stringify(value);
    case 'date-time':
      return typeof value === 'string' ? toLocalInput(value) : JSON.stringify(value);
    case 'json':
      return JSON.stringify(value, null, 2);
    default:
      return typeof value === 'string' ? value : JSON.stringify(value);
  }
}

export function initialDraft(field: ParamField): Draft {
  return draftOf(field, field.hasDefault ? field.defaultValue : undefined);
}

function parseDraft(field: ParamField, draft: Draft): FieldValue {
  const value = (v: unknown, omit = false): FieldValue => ({ ok: true, value: v, omit });
  const error = (message: string, best: unknown): FieldValue => ({ ok: false, message, best });
  if (typeof draft === 'object' && draft !== null) return value(draft.raw);
  if (typeof draft === 'boolean') return value(draft);
  if (draft === null) return value(null);
  const text = field.kind === 'string' ? draft : draft.trim();
  if (text === '') {
    if (field.nullable) return value(null);
    if (field.required) return error('Required: enter a value', undefined);
    // An emptied text with a default sends "", not the default; other empty inputs send nothing (the default applies).
    if (field.kind === 'string' && field.hasDefault) return value('');
    return value(undefined, true);
  }
  switch (field.kind) {
    case 'number':
    case 'integer': {
      const n = Number(text);
      if (!Number.isFinite(n)) return error(field.kind === 'integer' ? 'Enter a whole number' : 'Enter a number', text);
      if (field.kind === 'integer' && !Number.isInteger(n)) return error('Must be a whole number', n);
      return value(n);
    }
    case 'enum':
      try {
        return value(JSON.parse(text));
      } catch {
        return value(text);
      }
    case 'date-time': {
      const iso = fromLocalInput(text);
      return iso === null ? error('Enter a date and time', text) : value(iso);
    }
    case 'json':
      try {
        return value(JSON.parse(text));
      } catch (e) {
        return error(`Invalid JSON: ${e instanceof Error ? e.message : String(e)}`, text);
      }
    default:
      return value(text);
  }
}

/** The field's value from its draft, checked against its schema. */
export function fieldValue(field: ParamField, draft: Draft): FieldValue {
  const parsed = parseDraft(field, draft);
  if (!parsed.ok || parsed.omit) return parsed;
  const problem = checkValue(field.schema, parsed.value, field.nullable);
  return problem ? { ok: false, message: problem, best: parsed.value } : parsed;
}

export interface FormConf {
  /** What would be sent: every valid value, with the best guess for invalid ones (for the raw view). */
  readonly conf: Conf;
  /** Per field, what is wrong. */
  readonly errors: Readonly<Record<string, string>>;
}

/** The conf of the form: the params' values plus any extra keys the raw JSON had. */
export function formConf(fields: readonly ParamField[], drafts: Drafts, extras: Conf): FormConf {
  const conf: Conf = { ...extras };
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const result = fieldValue(field, drafts[field.name] ?? initialDraft(field));
    if (result.ok) {
      if (!result.omit) conf[field.name] = result.value;
    } else {
      errors[field.name] = result.message;
      if (result.best !== undefined) conf[field.name] = result.best;
    }
  }
  return { conf, errors };
}

/** Drafts for a conf (raw JSON -> form); keys that are not params are kept as `extras`. */
export function draftsOf(fields: readonly ParamField[], conf: Conf): { drafts: Record<string, Draft>; extras: Conf } {
  const drafts: Record<string, Draft> = {};
  for (const field of fields) drafts[field.name] = field.name in conf ? draftOf(field, conf[field.name]) : initialDraft(field);
  const names = new Set(fields.map((f) => f.name));
  const extras: Conf = Object.fromEntries(Object.entries(conf).filter(([key]) => !names.has(key)));
  return { drafts, extras };
}

/** Checks a conf typed as JSON: per param, what is wrong (the raw mode's messages). */
export function checkConf(fields: readonly ParamField[], conf: Conf): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const field of fields) {
    if (!(field.name in conf)) {
      if (field.required) errors[field.name] = 'Required: add it to the conf';
      continue;
    }
    const problem = checkValue(field.schema, conf[field.name], field.nullable);
    if (problem) errors[field.name] = problem;
  }
  return errors;
}

export type ParsedJson = { readonly ok: true; readonly conf: Conf } | { readonly ok: false; readonly message: string };

/** The raw JSON mode's text as a conf object, or what is wrong with it. */
export function parseConfText(text: string): ParsedJson {
  if (text.trim() === '') return { ok: true, conf: {} };
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, message: 'The conf must be a JSON object: {"name": value, …}' };
    return { ok: true, conf: value as Conf };
  } catch (e) {
    return { ok: false, message: `Invalid JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
}
