/**
 * When an asset-scheduled DAG is due: a condition over asset URIs, as a JSON
 * tree the serialized DAG carries (Airflow's `AssetAll` / `AssetAny`).
 *
 *   's3://a'                          the asset was updated
 *   { all: [c1, c2, ...] }            every member is met (Airflow's list form)
 *   { any: [c1, c2, ...] }            at least one member is met
 *
 * Pure functions only: the scheduler passes the URIs queued for a DAG.
 */
import type { AssetCondition, ScheduleSpec } from './dag-spec.js';

export type { AssetCondition };

/** Whether `condition` holds when exactly the assets in `updated` have been updated. */
export function assetConditionMet(condition: AssetCondition, updated: ReadonlySet<string>): boolean {
  if (typeof condition === 'string') return updated.has(condition);
  if ('all' in condition) return condition.all.every((member) => assetConditionMet(member, updated));
  return condition.any.some((member) => assetConditionMet(member, updated));
}

/** Every URI the condition mentions, once each, in order of first mention. */
export function assetConditionUris(condition: AssetCondition): string[] {
  const seen = new Set<string>();
  const visit = (c: AssetCondition): void => {
    if (typeof c === 'string') seen.add(c);
    else for (const member of 'all' in c ? c.all : c.any) visit(member);
  };
  visit(condition);
  return [...seen];
}

/** The condition of an asset schedule; a spec without one (the list form) needs all of its assets. */
export function scheduleAssetCondition(schedule: Extract<ScheduleSpec, { kind: 'assets' }>): AssetCondition {
  return schedule.condition ?? { all: schedule.assets };
}

/** The condition in one line: `a & (b | c)`. */
export function describeAssetCondition(condition: AssetCondition): string {
  const show = (c: AssetCondition, nested: boolean): string => {
    if (typeof c === 'string') return c;
    const [members, joiner] = 'all' in c ? [c.all, ' & '] : [c.any, ' | '];
    const text = members.map((m) => show(m, true)).join(joiner);
    return nested && members.length > 1 ? `(${text})` : text;
  };
  return show(condition, false);
}

/**
 * Why `uri` cannot name an asset, or null when it can: a non-empty string without
 * whitespace (Airflow also refuses blank URIs; whitespace is almost always a typo).
 */
export function assetUriProblem(uri: unknown): string | null {
  if (typeof uri !== 'string') return `an asset must be a URI string or asset(uri), got ${uri === null ? 'null' : typeof uri}`;
  if (uri === '') return 'an asset URI is empty: give a URI such as s3://bucket/key';
  if (/\s/.test(uri)) return `asset URI '${uri}' contains whitespace: remove it (URIs have no spaces; encode one as %20)`;
  return null;
}
