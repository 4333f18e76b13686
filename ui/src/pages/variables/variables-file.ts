/**
 * Airflow's variables file, as `updraft variables import|export` (and
 * `airflow variables import|export`) read and write it: a JSON object of
 * key -> value, where a string is the value as is and anything else is stored
 * as its JSON text; `{"value": v, "description": d}` carries a description.
 */
import type { Variable } from '@updraft/client';

export const MASKED = '***';

export interface FileEntry {
  readonly key: string;
  /** What the API takes: a string as is, anything else as JSON. */
  readonly value: unknown;
  readonly description?: string | null;
}

export interface ParsedFile {
  readonly entries: FileEntry[];
  /** Keys whose value is or holds `***`: an export of a secret, which must not overwrite the real one. */
  readonly masked: string[];
}

/** `***` itself, or `***` anywhere inside a JSON value (a secret key the API masked). */
function holdsMask(value: unknown): boolean {
  if (value === MASKED) return true;
  return typeof value === 'object' && value !== null && JSON.stringify(value).includes(`"${MASKED}"`);
}

/** Reads a variables file, or throws saying what is wrong with it. */
export function parseVariablesFile(text: string): ParsedFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`The file is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error('The file must hold one JSON object of key → value, e.g. {"env": "prod", "limits": {"rows": 10}}');
  }
  const entries: FileEntry[] = [];
  const masked: string[] = [];
  for (const [key, raw] of Object.entries(parsed)) {
    if (key.trim() === '') throw new Error('A variable in the file has an empty key');
    let entry: FileEntry = { key, value: raw };
    if (typeof raw === 'object' && raw !== null && !Array.isArray(raw) && 'value' in raw) {
      const { value, description } = raw as { value: unknown; description?: unknown };
      if (description !== undefined && description !== null && typeof description !== 'string') throw new Error(`Variable '${key}': "description" must be a string`);
      entry = { key, value, description: (description as string | null | undefined) ?? null };
    }
    if (holdsMask(entry.value)) masked.push(key);
    else entries.push(entry);
  }
  return { entries, masked };
}

/** A stored value as the file writes it: JSON text comes back as its value, plain text as itself. */
function exportedValue(text: string): unknown {
  try {
    const decoded: unknown = JSON.parse(text);
    if (typeof decoded !== 'string') return decoded;
  } catch {
    // not JSON: a plain string
  }
  return text;
}

export function variablesFileText(variables: readonly Variable[]): string {
  const out: Record<string, unknown> = {};
  for (const v of variables) {
    const value = exportedValue(v.value);
    const wrapsValue = typeof value === 'object' && value !== null && !Array.isArray(value) && 'value' in value;
    out[v.key] = v.description || wrapsValue ? { value, description: v.description } : value;
  }
  return `${JSON.stringify(out, null, 2)}\n`;
}

/** True when the API masked (part of) the value: a secret key, or secret keys inside JSON. */
export function isMasked(value: string): boolean {
  return value === MASKED || value.includes(`"${MASKED}"`);
}

/** Pretty JSON when the value is a JSON object or array, else null. */
export function asJsonDocument(value: string): string | null {
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'object' && parsed !== null ? JSON.stringify(parsed, null, 2) : null;
  } catch {
    return null;
  }
}
