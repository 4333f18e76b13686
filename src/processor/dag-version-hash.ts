/**
 * A DAG version's content hash: the serialized spec and the bundled code
 * together, so editing a task body (which the spec does not show) or a helper
 * module the file imports is a new version too.
 */
import { createHash } from 'node:crypto';
import type { DagSpec } from '../core/dag-spec.js';

/** JSON with keys sorted at every level: the hash must not depend on property order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** `bundleHash` is the sha256 of the bundled code (see load-dag-file.ts). */
export function dagVersionHash(spec: DagSpec, bundleHash: string): string {
  return createHash('sha256').update(canonicalJson(spec)).update('\n').update(bundleHash).digest('hex');
}
