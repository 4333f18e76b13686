/**
 * For tests: which processes are really alive. This machine's PID 1 does not
 * reap orphans, so killed processes linger as zombies, which `kill(pid, 0)`
 * still finds; these helpers read `ps` and leave zombies out.
 */
import { execFileSync } from 'node:child_process';

/** A process that runs (a zombie left by a killed process does not count: PID 1 here may never reap it). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = execFileSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }).trim();
  return stat !== '' && !stat.startsWith('Z');
}

/** Live (non-zombie) members of a process group; `kill(-pgid, 0)` succeeds on zombies too. */
export function liveMembers(pgid: number): string[] {
  try {
    process.kill(-pgid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return [];
    throw error;
  }
  return execFileSync('ps', ['-eo', 'pgid=,stat=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([group, stat]) => Number(group) === pgid && stat !== undefined && !stat.startsWith('Z'))
    .map((fields) => fields.slice(2).join(' '));
}

/** Live (non-zombie) descendants of a process: its children, theirs, and so on. */
export function liveDescendants(pid: number): number[] {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,stat='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([, , stat]) => stat !== undefined && !stat.startsWith('Z'))
    .map(([child, parent]) => [Number(child), Number(parent)] as const);
  const found: number[] = [];
  const parents = [pid];
  while (parents.length > 0) {
    const parent = parents.pop() as number;
    for (const [child, ppid] of rows) {
      if (ppid === parent && !found.includes(child)) {
        found.push(child);
        parents.push(child);
      }
    }
  }
  return found;
}

