/**
 * Assets in DAG files (Airflow's `Asset`, `AssetAll`, `AssetAny`):
 *
 *   const songs = asset('s3://lake/songs', { name: 'songs', group: 'lake' });
 *   task('load', { outlets: [songs, 'file:///tmp/report.csv'] }, ...)   // a success updates both
 *   dag('report', { schedule: { assets: [songs, 'file:///tmp/x'] } })   // runs when both were updated
 *   dag('any', { schedule: { assets: anyOf(songs, allOf('a', 'b')) } })  // songs, or both a and b
 *
 * A URI string and `asset(uri)` name the same asset; `asset()` also gives its
 * name, group and extra. Nothing is checked until a DAG uses an asset, so a
 * mistake is reported with the DAG and the option it is in.
 */
import type { AssetCondition, AssetDefinition, JsonObject } from '../core/dag-spec.js';
import { assetUriProblem } from '../core/asset-condition.js';
import { canonicalJson } from '../core/canonical-json.js';

export interface AssetRef {
  readonly kind: 'asset';
  readonly uri: string;
  readonly name: string;
  readonly group: string;
  readonly extra: JsonObject;
}

export interface AssetAllOf {
  readonly kind: 'allOf';
  readonly members: readonly AssetExpression[];
}

export interface AssetAnyOf {
  readonly kind: 'anyOf';
  readonly members: readonly AssetExpression[];
}

/** An asset (its URI, or `asset(uri)`), or a condition over assets. */
export type AssetExpression = string | AssetRef | AssetAllOf | AssetAnyOf;

export interface AssetOptions {
  /** Shown in the UI and API (default: the URI). */
  readonly name?: string;
  /** Default 'asset'. */
  readonly group?: string;
  /** JSON metadata kept with the asset. */
  readonly extra?: JsonObject;
}

export function asset(uri: string, options: AssetOptions = {}): AssetRef {
  return Object.freeze({ kind: 'asset', uri, name: options.name ?? uri, group: options.group ?? 'asset', extra: options.extra ?? {} });
}

/** Met when every member is (Airflow's `AssetAll`, also what a plain list means). */
export function allOf(...members: AssetExpression[]): AssetAllOf {
  return Object.freeze({ kind: 'allOf', members: Object.freeze([...members]) });
}

/** Met when at least one member is (Airflow's `AssetAny`). */
export function anyOf(...members: AssetExpression[]): AssetAnyOf {
  return Object.freeze({ kind: 'anyOf', members: Object.freeze([...members]) });
}

/**
 * The assets one DAG declares with `asset()`, by URI. Methods throw an Error with
 * a message (the caller adds the DAG and option) when an asset is malformed.
 */
export class AssetCollector {
  private readonly definitions = new Map<string, AssetDefinition>();

  /** The URI of an asset given as a string or `asset()`. */
  uriOf(item: unknown): string {
    if (isAssetRef(item)) {
      this.define(item);
      return item.uri;
    }
    const problem = assetUriProblem(item);
    if (problem) throw new Error(problem);
    return item as string;
  }

  /** The condition tree of an expression (`allOf`/`anyOf` nest; strings and `asset()` are leaves). */
  conditionOf(expression: unknown): AssetCondition {
    if (isCondition(expression)) {
      if (expression.members.length === 0) throw new Error(`${expression.kind}() needs at least one asset`);
      const members = expression.members.map((m) => this.conditionOf(m));
      return expression.kind === 'allOf' ? { all: members } : { any: members };
    }
    return this.uriOf(expression);
  }

  /** Sorted by URI; empty when the DAG used only plain URI strings. */
  list(): AssetDefinition[] {
    return [...this.definitions.values()].sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
  }

  private define(ref: AssetRef): void {
    const problem = assetUriProblem(ref.uri);
    if (problem) throw new Error(problem);
    if (typeof ref.name !== 'string' || ref.name.trim() === '') throw new Error(`asset '${ref.uri}': name must not be empty`);
    if (typeof ref.group !== 'string' || ref.group.trim() === '') throw new Error(`asset '${ref.uri}': group must not be empty`);
    if (typeof ref.extra !== 'object' || ref.extra === null || Array.isArray(ref.extra)) {
      throw new Error(`asset '${ref.uri}': extra must be an object of JSON values`);
    }
    const definition: AssetDefinition = { uri: ref.uri, name: ref.name, group: ref.group, extra: ref.extra };
    const earlier = this.definitions.get(ref.uri);
    if (earlier && canonicalJson(earlier) !== canonicalJson(definition)) {
      throw new Error(`asset '${ref.uri}' is declared twice with different name, group or extra: declare it once and reuse it`);
    }
    this.definitions.set(ref.uri, definition);
  }
}

function isAssetRef(item: unknown): item is AssetRef {
  return typeof item === 'object' && item !== null && (item as { kind?: unknown }).kind === 'asset';
}

function isCondition(item: unknown): item is AssetAllOf | AssetAnyOf {
  if (typeof item !== 'object' || item === null) return false;
  const kind = (item as { kind?: unknown }).kind;
  return (kind === 'allOf' || kind === 'anyOf') && Array.isArray((item as { members?: unknown }).members);
}

/** Whether an expression is a plain list member (an asset, not a nested condition). */
export function isPlainAsset(item: unknown): boolean {
  return !isCondition(item);
}
