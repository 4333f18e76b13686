/**
 * A small JSON path for picking a value out of an answer: `data.items[0].id`,
 * optionally starting with `$.`. Keys are separated by dots, list positions
 * are `[n]`. Parsed when the DAG is declared, so a malformed path is an import
 * error, not a failed run. Pure.
 */
import type { JsonValue } from './dag-spec.js';

export type JsonPath = readonly (string | number)[];

/** The path's steps, or an error message saying what is wrong with it. */
export function parseJsonPath(path: string): JsonPath | string {
  const text = path.trim().replace(/^\$\.?/, '');
  if (text === '') return [];
  const steps: (string | number)[] = [];
  const pattern = /([^.[\]]+)|\[(\d+)\]|(\.)/gy;
  let expectKey = true;
  let match: RegExpExecArray | null;
  let consumed = 0;
  while ((match = pattern.exec(text)) !== null) {
    consumed = pattern.lastIndex;
    if (match[1] !== undefined) {
      if (!expectKey) return `'${path}' needs a '.' before '${match[1]}'`;
      steps.push(match[1]);
      expectKey = false;
    } else if (match[2] !== undefined) {
      steps.push(Number(match[2]));
      expectKey = false;
    } else {
      if (expectKey) return `'${path}' has an empty key`;
      expectKey = true;
    }
  }
  if (consumed !== text.length) return `'${path}' is not a path such as data.items[0].id (keys joined by '.', list positions as [n])`;
  if (expectKey) return `'${path}' ends with '.'`;
  return steps;
}

/** The value at `path`, or `undefined` when some step is missing. */
export function valueAtJsonPath(value: JsonValue, path: JsonPath): JsonValue | undefined {
  let current: JsonValue | undefined = value;
  for (const step of path) {
    if (current === null || current === undefined || typeof current !== 'object') return undefined;
    if (typeof step === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = (current as readonly JsonValue[])[step];
    } else {
      if (Array.isArray(current)) return undefined;
      current = (current as { readonly [key: string]: JsonValue })[step];
    }
  }
  return current;
}
