/** Temp DAGs folders with real files, for the processor's tests and benchmark. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface TempDags {
  readonly root: string;
  readonly dagsFolder: string;
  readonly cacheDir: string;
  /** Writes `files` (relative path -> text) under the DAGs folder; returns their absolute paths. */
  write(files: Record<string, string>): Promise<string[]>;
  path(relPath: string): string;
  remove(): Promise<void>;
}

export async function makeTempDags(files: Record<string, string> = {}): Promise<TempDags> {
  const root = await mkdtemp(join(tmpdir(), 'updraft-dags-'));
  const dagsFolder = join(root, 'dags');
  const cacheDir = join(root, 'cache');
  await mkdir(dagsFolder, { recursive: true });
  const temp: TempDags = {
    root,
    dagsFolder,
    cacheDir,
    path: (relPath) => join(dagsFolder, relPath),
    async write(more) {
      const written: string[] = [];
      for (const [relPath, text] of Object.entries(more)) {
        const path = join(dagsFolder, relPath);
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, text);
        written.push(path);
      }
      return written;
    },
    remove: () => rm(root, { recursive: true, force: true }),
  };
  await temp.write(files);
  return temp;
}

/** A small valid DAG file: a bash task feeding a typed function task. */
export function simpleDagFile(dagId: string, marker = 'v1'): string {
  return `import { dag, task, bash, chain } from 'updraft';

export default dag('${dagId}', { schedule: '@daily', startDate: '2024-01-01', tags: ['test'] }, () => {
  const hello = bash('hello', 'echo ${marker}');
  const count = task('count', async () => 3);
  const report = task('report', { inputs: { count } }, async ({ count }) => \`\${count} items (${marker})\`);
  chain(hello, count);
  return report;
});
`;
}
