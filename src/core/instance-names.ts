/**
 * Short names for lists of task instances in reasons people read. A task's mapped
 * instances fold into one name ("extract[0..2, 5]"), and a long list shows its first
 * entries and how many instances it leaves out, so a 1,000-wide fan-out stays one line.
 */
import type { TaskInstanceStateOrNone } from './states.js';

export interface NamedInstance {
  readonly taskId: string;
  /** -1 for an unmapped task (or a mapped one not expanded yet). */
  readonly mapIndex: number;
  readonly state: TaskInstanceStateOrNone;
}

/** More entries than this and the list is cut to its first `SHOWN`. */
const MAX_ENTRIES = 4;
const SHOWN = 3;

/** "3", "0, 1", "0..2, 5, 7..9": sorted distinct indexes, runs of three or more folded. */
export function indexRanges(indexes: readonly number[]): string {
  const sorted = [...new Set(indexes)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j += 1;
    if (j - i >= 2) parts.push(`${sorted[i]}..${sorted[j]}`);
    else for (let k = i; k <= j; k += 1) parts.push(String(sorted[k]));
    i = j + 1;
  }
  return parts.join(', ');
}

export function stateLabel(state: TaskInstanceStateOrNone): string {
  return state ?? 'not started';
}

interface Entry {
  readonly taskId: string;
  readonly state: TaskInstanceStateOrNone;
  readonly unmapped: boolean;
  readonly indexes: number[];
}

/**
 * "extract, load[0..2]", or with `withState` "extract (running), load[0..2] (not
 * started)": one entry per task (per task and state with `withState`), in first-seen
 * order; past four entries, the first three and "and N more" (N counts instances).
 */
export function nameInstances(tis: readonly NamedInstance[], options: { readonly withState?: boolean } = {}): string {
  const withState = options.withState ?? false;
  const entries = new Map<string, Entry>();
  for (const ti of tis) {
    const unmapped = ti.mapIndex < 0;
    const key = JSON.stringify([ti.taskId, unmapped, withState ? ti.state : '']);
    const entry = entries.get(key);
    if (entry) entry.indexes.push(ti.mapIndex);
    else entries.set(key, { taskId: ti.taskId, state: ti.state, unmapped, indexes: [ti.mapIndex] });
  }
  const all = [...entries.values()];
  const shown = all.length > MAX_ENTRIES ? all.slice(0, SHOWN) : all;
  const names = shown.map((e) => {
    const name = e.unmapped ? e.taskId : `${e.taskId}[${indexRanges(e.indexes)}]`;
    return withState ? `${name} (${stateLabel(e.state)})` : name;
  });
  const hidden = all.slice(shown.length).reduce((sum, e) => sum + (e.unmapped ? 1 : new Set(e.indexes).size), 0);
  return hidden > 0 ? `${names.join(', ')} and ${hidden} more` : names.join(', ');
}
