/**
 * Checks a value against the simple JSON Schema keywords, in the browser, so a
 * form says what is wrong while you type: type, enum/const, minimum/maximum
 * (and exclusive), minLength/maxLength, pattern, minItems/maxItems, items,
 * required properties. The server validates everything (formats such as
 * `uri`, `multipleOf`...): what it refuses is shown inline too.
 */
import { unwrapNullable, type JsonSchema } from './params';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function matchesType(type: string, value: unknown): boolean {
  const actual = typeOf(value);
  if (type === 'number') return actual === 'number' || actual === 'integer';
  return actual === type;
}

const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: 'text',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  array: 'a JSON array ([…])',
  object: 'a JSON object ({…})',
  null: 'null',
};

const show = (v: unknown) => JSON.stringify(v);
const chars = (n: number) => (n === 1 ? '1 character' : `${n} characters`);
const items = (n: number) => (n === 1 ? '1 item' : `${n} items`);

const FORMAT_HINTS: Readonly<Record<string, string>> = {
  date: 'Enter a date as YYYY-MM-DD',
  'date-time': 'Enter a date and time as YYYY-MM-DDTHH:MM:SSZ (UTC)',
  time: 'Enter a time as HH:MM or HH:MM:SS',
};

function safeRegExp(pattern: string): RegExp | null {
  try {
    return new RegExp(pattern, 'u');
  } catch {
    try {
      return new RegExp(pattern);
    } catch {
      return null; // a pattern the browser cannot compile: the server still checks it
    }
  }
}

/** What is wrong with `value` (a sentence saying what to enter), or null. `path` prefixes nested messages. */
export function checkValue(given: JsonSchema, value: unknown, nullable = false, path = ''): string | null {
  const at = (message: string) => (path ? `${path}: ${message}` : message);
  const unwrapped = unwrapNullable(given);
  const schema = unwrapped.schema;
  if (value === null) return nullable || unwrapped.nullable ? null : at('Enter a value: it cannot be empty');

  const types = typeof schema.type === 'string' ? [schema.type] : Array.isArray(schema.type) ? (schema.type as string[]) : [];
  if (types.length > 0 && !types.some((t) => matchesType(t, value))) {
    return at(`Must be ${types.map((t) => TYPE_WORDS[t] ?? t).join(' or ')}`);
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((option) => show(option) === show(value))) {
    return at(`Must be one of ${schema.enum.map(show).join(', ')}`);
  }
  if ('const' in schema && show(schema.const) !== show(value)) return at(`Must be ${show(schema.const)}`);

  if (typeof value === 'number') {
    const { minimum, maximum, exclusiveMinimum, exclusiveMaximum } = schema;
    if (typeof minimum === 'number' && value < minimum) return at(`Too small: must be at least ${minimum}`);
    if (typeof maximum === 'number' && value > maximum) return at(`Too large: must be at most ${maximum}`);
    if (typeof exclusiveMinimum === 'number' && value <= exclusiveMinimum) return at(`Too small: must be greater than ${exclusiveMinimum}`);
    if (typeof exclusiveMaximum === 'number' && value >= exclusiveMaximum) return at(`Too large: must be less than ${exclusiveMaximum}`);
  }

  if (typeof value === 'string') {
    const length = [...value].length;
    const { minLength, maxLength, pattern, format } = schema;
    if (typeof minLength === 'number' && length < minLength) return at(`Too short: at least ${chars(minLength)} (${length} now)`);
    if (typeof maxLength === 'number' && length > maxLength) return at(`Too long: at most ${chars(maxLength)} (${length} now)`);
    if (typeof pattern === 'string') {
      const re = safeRegExp(pattern);
      if (re && !re.test(value)) return at(typeof format === 'string' && FORMAT_HINTS[format] ? FORMAT_HINTS[format] : `Must match the pattern ${pattern}`);
    }
  }

  if (Array.isArray(value)) {
    const { minItems, maxItems } = schema;
    if (typeof minItems === 'number' && value.length < minItems) return at(`Too few items: at least ${items(minItems)} (${value.length} now)`);
    if (typeof maxItems === 'number' && value.length > maxItems) return at(`Too many items: at most ${items(maxItems)} (${value.length} now)`);
    if (isRecord(schema.items)) {
      for (const [i, item] of value.entries()) {
        const problem = checkValue(schema.items, item, false, `${path}[${i}]`);
        if (problem) return problem;
      }
    }
  }

  if (isRecord(value)) {
    const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
    const missing = required.filter((key) => !(key in value));
    if (missing.length > 0) return at(`Missing ${missing.map((k) => `“${k}”`).join(', ')}`);
    const properties = isRecord(schema.properties) ? schema.properties : {};
    for (const [key, sub] of Object.entries(properties)) {
      if (key in value && isRecord(sub)) {
        const problem = checkValue(sub, value[key], false, path ? `${path}.${key}` : key);
        if (problem) return problem;
      }
    }
  }
  return null;
}
