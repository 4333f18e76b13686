/**
 * Follows a backfill from the CLI until every run of it ended (`backfill create
 * --wait`): a progress bar redrawn in place on a terminal, otherwise one plain
 * line per change ("3/10 runs done (2 success, 1 failed)") for logs and CI.
 */
import { backfillProgress, type BackfillProgress } from '../services/backfill.js';
import type { Store } from '../store/store.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function progressLine(p: BackfillProgress): string {
  const s = p.byState;
  const parts = [`${s.success} success`, `${s.failed} failed`];
  if (s.running > 0) parts.push(`${s.running} running`);
  if (s.queued > 0) parts.push(`${s.queued} queued`);
  const paused = p.backfill.isPaused && p.backfill.completedAt === null ? ' [paused]' : '';
  return `${p.done}/${p.total} runs done (${parts.join(', ')})${paused}`;
}

function bar(p: BackfillProgress, width = 30): string {
  const filled = p.total === 0 ? width : Math.round((p.done / p.total) * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}

export function isFinished(p: BackfillProgress): boolean {
  return p.byState.queued === 0 && p.byState.running === 0;
}

export interface FollowOptions {
  readonly tty: boolean;
  readonly pollMs?: number;
  readonly write?: (text: string) => void;
}

/** Resolves with the final progress once no run of the backfill is queued or running. */
export async function followBackfill(store: Store, id: number, options: FollowOptions): Promise<BackfillProgress> {
  const write = options.write ?? ((text: string) => process.stdout.write(text));
  let last = '';
  for (;;) {
    const progress = await backfillProgress(store, id);
    const line = progressLine(progress);
    const finished = isFinished(progress);
    if (options.tty) {
      write(`\r\u001b[2K${bar(progress)} ${line}${finished ? '\n' : ''}`);
    } else if (line !== last) {
      write(`${line}\n`);
    }
    last = line;
    if (finished) return progress;
    await sleep(options.pollMs ?? 500);
  }
}
