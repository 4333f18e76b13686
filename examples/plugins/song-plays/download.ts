/**
 * The download step in TypeScript (download.sh is the same step as a unix
 * script): the song dataset and the run's day of events, from the source
 * folder into <workdir>/<day>/. It copies into a `.partial` folder and renames
 * it at the end, so a half-finished try never looks like a finished download.
 */
import { copyFile, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventsFileOf, songsFolderOf } from './records.js';
import type { RunPlan } from './run-plan.js';

export interface Downloaded {
  readonly folder: string;
  readonly files: number;
  readonly bytes: number;
}

/** download.sh, beside this module (Updraft keeps `import.meta.url` pointing at the source file). */
const DOWNLOAD_SCRIPT = fileURLToPath(new URL('./download.sh', import.meta.url));

/** The bash command that runs download.sh for the plan's day. */
export function downloadCommand(plan: RunPlan): string {
  return ['bash', DOWNLOAD_SCRIPT, plan.source, plan.dayDir, plan.day].map(shellQuote).join(' ');
}

/** One shell word, whatever it contains: 'it'\''s' for it's. */
function shellQuote(word: string): string {
  return `'${word.replaceAll("'", "'\\''")}'`;
}

export async function downloadDay(plan: RunPlan): Promise<Downloaded> {
  const events = eventsFileOf(plan.source, plan.day);
  if (!(await stat(events).catch(() => null))?.isFile()) throw new Error(`no event log for ${plan.day}: ${events} does not exist`);
  const partial = `${plan.dayDir}.partial`;
  await rm(partial, { recursive: true, force: true });
  const copies = [[events, eventsFileOf(partial, plan.day)] as const];
  const songs = songsFolderOf(plan.source);
  for (const entry of await readdir(songs, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const from = join(entry.parentPath, entry.name);
    copies.push([from, join(songsFolderOf(partial), relative(songs, from))]);
  }
  let bytes = 0;
  for (const [from, to] of copies) {
    await mkdir(dirname(to), { recursive: true });
    await copyFile(from, to); // the kernel copies: the file never passes through this process's memory
    bytes += (await stat(to)).size;
  }
  await rm(plan.dayDir, { recursive: true, force: true });
  await rename(partial, plan.dayDir);
  return { folder: plan.dayDir, files: copies.length, bytes };
}
