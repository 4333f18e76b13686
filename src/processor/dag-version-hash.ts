/**
 * A DAG version's content hash: the serialized spec and the bundled code
 * together, so editing a task body (which the spec does not show) or a helper
 * module the file imports is a new version too.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../core/canonical-json.js';
import type { DagSpec } from '../core/dag-spec.js';

/** `bundleHash` is the sha256 of the bundled code (see load-dag-file.ts). */
export function dagVersionHash(spec: DagSpec, bundleHash: string): string {
  return createHash('sha256').update(canonicalJson(spec)).update('\n').update(bundleHash).digest('hex');
}
