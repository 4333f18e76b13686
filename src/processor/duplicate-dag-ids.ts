/**
 * A DAG id belongs to one file. When several files declare it, the file that
 * already owned it keeps it (so editing another file cannot steal a running
 * DAG); otherwise the first file in path order does. The others lose that DAG
 * and get an import error naming the owner, as Airflow's DagBag reports
 * `AirflowDagDuplicatedIdException`; their other DAGs still load.
 */
import type { ParsedDagFile } from './parse-protocol.js';

export function resolveDuplicateDagIds(
  files: readonly ParsedDagFile[],
  previousOwners: ReadonlyMap<string, string> = new Map(),
): ParsedDagFile[] {
  const claimants = new Map<string, string[]>();
  for (const file of files) {
    for (const spec of file.dags) {
      const list = claimants.get(spec.dagId) ?? [];
      list.push(file.fileloc);
      claimants.set(spec.dagId, list);
    }
  }
  const owner = new Map<string, string>();
  for (const [dagId, filelocs] of claimants) {
    const previous = previousOwners.get(dagId);
    owner.set(dagId, previous !== undefined && filelocs.includes(previous) ? previous : (filelocs[0] as string));
  }

  return files.map((file) => {
    const lost = file.dags.filter((spec) => owner.get(spec.dagId) !== file.fileloc);
    if (lost.length === 0) return file;
    const problems = lost.map(
      (spec) =>
        `DAG id '${spec.dagId}' in ${file.fileloc} is already defined in ${owner.get(spec.dagId)}: ` +
        'DAG ids must be unique across all DAG files; rename one of them',
    );
    const hashes: Record<string, string> = { ...file.hashes };
    for (const spec of lost) delete hashes[spec.dagId];
    const message = [file.error?.message, ...problems].filter((m) => m !== undefined).join('\n');
    return {
      ...file,
      dags: file.dags.filter((spec) => !lost.includes(spec)),
      hashes,
      error: { message, stacktrace: file.error?.stacktrace ?? null },
    };
  });
}
