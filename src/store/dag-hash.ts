/**
 * Content hash of a DAG version and the schedule's one-line summary: both derived
 * from the serialized DAG when the store syncs a file.
 */
import { createHash } from 'node:crypto';
import { describeAssetCondition } from '../core/asset-condition.js';
import { canonicalJson } from '../core/canonical-json.js';
import type { DagSpec, ScheduleSpec } from '../core/dag-spec.js';
import { formatDuration } from '../core/duration.js';

/**
 * sha256 over the spec and the file's source. The source is included because task
 * code lives in the file, not the spec: a run must be able to say which code it ran.
 */
export function hashDagVersion(spec: DagSpec, source: string | null): string {
  return createHash('sha256').update(canonicalJson({ spec, source })).digest('hex');
}

/** The schedule in one short line, kept on the DAG row (Airflow's `timetable_summary`). */
export function scheduleSummary(schedule: ScheduleSpec): string | null {
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
      return schedule.condition === undefined ? `assets: ${schedule.assets.join(', ')}` : `assets: ${describeAssetCondition(schedule.condition)}`;
  }
}
