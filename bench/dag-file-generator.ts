/**
 * Writes realistic DAG files for benchmarks: each has 3-10 tasks, a bash task,
 * function tasks wired by typed inputs, and one of a few schedules. Deterministic.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const SCHEDULES = ["'@daily'", "'0 * * * *'", "'*/15 * * * 1-5'", "{ every: '2h' }", 'undefined'];

export function dagFileText(index: number, marker = ''): string {
  const tasks = 3 + ((index * 7) % 8); // 3..10
  const lines: string[] = [
    `import { dag, task, bash, chain } from 'updraft';`,
    ``,
    `interface Row { id: number; name: string }`,
    ``,
    `export default dag('bench_dag_${index}', {`,
    `  schedule: ${SCHEDULES[index % SCHEDULES.length]},`,
    `  startDate: '2024-01-01',`,
    `  tags: ['bench', 'group_${index % 10}'],`,
    `  defaultArgs: { retries: ${index % 3}, owner: 'team_${index % 5}' },`,
    `}, () => {`,
    `  const start = bash('start', 'echo start ${index}${marker}');`,
    `  const extract = task('extract', async (): Promise<Row[]> => [{ id: ${index}, name: 'row' }]);`,
  ];
  let previous = 'extract';
  for (let t = 2; t < tasks; t++) {
    const name = `step_${t}`;
    lines.push(
      `  const ${name} = task('${name}', { inputs: { rows: ${previous} } }, async ({ rows }) => rows.map((r) => ({ ...r, id: r.id + ${t} })));`,
    );
    previous = name;
  }
  lines.push(`  chain(start, extract);`, `  return ${previous};`, `});`, ``);
  return lines.join('\n');
}

/** Writes `count` files `dag_0000.ts`... into `folder`; returns their absolute paths. */
export async function writeDagFiles(folder: string, count: number): Promise<string[]> {
  await mkdir(folder, { recursive: true });
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    const path = join(folder, `dag_${String(i).padStart(4, '0')}.ts`);
    await writeFile(path, dagFileText(i));
    paths.push(path);
  }
  return paths;
}
