/**
 * A nudge between processes on one machine: commands that create work (a
 * trigger, a clear) touch a file in UPDRAFT_HOME, and a scheduler watching it
 * wakes at once instead of at its next poll. Best effort by design: the poll
 * still finds the work if a nudge is lost (another machine, a full disk).
 */
import { mkdirSync, utimesSync, watch, writeFileSync, type FSWatcher } from 'node:fs';
import { join } from 'node:path';

function wakeFile(home: string): string {
  return join(home, 'run', 'scheduler.wake');
}

export function nudgeScheduler(home: string): void {
  const file = wakeFile(home);
  try {
    const now = new Date();
    try {
      utimesSync(file, now, now);
    } catch {
      mkdirSync(join(home, 'run'), { recursive: true });
      writeFileSync(file, '');
    }
  } catch {
    // Best effort: the scheduler's poll picks the work up anyway.
  }
}

export function watchNudges(home: string, onNudge: () => void): { close(): void } {
  const file = wakeFile(home);
  mkdirSync(join(home, 'run'), { recursive: true });
  writeFileSync(file, '', { flag: 'a' });
  let watcher: FSWatcher | null = null;
  try {
    watcher = watch(file, () => onNudge());
    watcher.on('error', () => watcher?.close());
  } catch {
    watcher = null;
  }
  return { close: () => watcher?.close() };
}
