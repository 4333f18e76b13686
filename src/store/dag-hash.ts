/**
 * Content hash of a DAG version and the schedule's one-line summary: both derived
 * from the serialized DAG when the store syncs a file.
 */
import { createHash } from 'node:crypto';
import type { DagSpec, ScheduleSpec } from '../core/dag-spec.js';

/** Keys sorted at every level, so the hash does not depend on property order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * sha256 over the spec and the file's source. The source is included because task
 * code lives in the file, not the spec: a run must be able to say which code it ran.
 */
export function hashDagVersion(spec: DagSpec, source: string | null): string {
  return createHash('sha256').update(canonicalJson({ spec, source })).digest('hex');
}

function formatDuration(ms: number): string {
  const units: [number, string][] = [
    [86_400_000, 'd'],
    [3_600_000, 'h'],
    [60_000, 'm'],
    [1000, 's'],
  ];
  for (const [size, unit] of units) if (ms % size === 0 && ms >= size) return `${ms / size}${unit}`;
  return `${ms}ms`;
}

export function describeSchedule(schedule: ScheduleSpec): string | null {
  switch (schedule.kind) {
    case 'none':
      return null;
    case 'once':
      return '@once';
    case 'cron':
      return schedule.timezone === 'UTC' ? schedule.expression : `${schedule.expression} (${schedule.timezone})`;
    case 'interval':
      return `every ${formatDuration(schedule.everyMs)}`;
    case 'assets':
      return `assets: ${schedule.assets.join(', ')}`;
  }
}
