/**
 * `{{ name }}` placeholders in bash commands, like the Jinja templates Airflow
 * users write (`{{ ds }}`, `{{ params.table }}`). Only lookups, no logic: for
 * anything more, pass a function that builds the command in TypeScript.
 */
import type { JsonValue } from './dag-spec.js';

export type TemplateValues = { readonly [name: string]: JsonValue | undefined };

const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w.]*)\s*\}\}/g;

export function renderTemplate(text: string, values: TemplateValues, where: string): string {
  return text.replace(PLACEHOLDER, (_match, path: string) => {
    const value = lookup(values, path.split('.'));
    if (value === undefined) {
      const known = Object.keys(values).sort().join(', ');
      throw new Error(`${where}: unknown template value '{{ ${path} }}'; known values: ${known}`);
    }
    return value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  });
}

function lookup(values: TemplateValues, path: readonly string[]): JsonValue | undefined {
  let current: JsonValue | undefined = values as JsonValue;
  for (const part of path) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = (current as { readonly [key: string]: JsonValue })[part];
  }
  return current;
}
