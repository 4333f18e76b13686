/** `updraft tasks clear | state | failed-deps | logs`: steering and inspecting task instances. */
import type { Command } from 'commander';
import { existsSync, readFileSync, statSync, openSync, readSync, closeSync } from 'node:fs';
import type { App } from '../../app.js';
import { withApp } from '../command-helpers.js';
import type { TaskInstanceKey } from '../../core/run-model.js';
import { parseDateInZone } from '../../core/zoned-time.js';
import { taskLogPath } from '../../runner/log-file.js';
import { nudgeScheduler } from '../../scheduler/wake-signal.js';
import { clearTaskInstances } from '../../services/clear-task-instances.js';
import { requireDag } from '../../services/dag-lookup.js';
import { unmetDependencies } from '../../services/task-dependencies.js';
import { confirm } from '../confirm.js';
import { colourState, parseOutputFormat, renderRows, type OutputFormat } from '../output.js';


function parseMapIndex(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < -1) throw new Error(`--map-index must be a whole number >= -1, got ${value}`);
  return n;
}

export function registerTaskOperations(tasks: Command): void {
  tasks
    .command('clear')
    .description('Clear task instances so they run again (running ones are restarted)')
    .argument('<dag_id>')
    .option('-t, --task-regex <regex>', 'only tasks whose id matches')
    .option('-r, --run-id <id>', 'only this run')
    .option('-s, --start-date <date>', 'only runs with a logical date on or after this')
    .option('-e, --end-date <date>', 'only runs with a logical date on or before this')
    .option('-u, --upstream', 'also the upstream tasks of the matched ones')
    .option('-d, --downstream', 'also the downstream tasks of the matched ones')
    .option('-f, --only-failed', 'only failed and upstream_failed instances')
    .option('--only-running', 'only running instances')
    .option('-y, --yes', 'do not ask for confirmation')
    .action(
      async (
        dagId: string,
        options: { taskRegex?: string; runId?: string; startDate?: string; endDate?: string; upstream?: boolean; downstream?: boolean; onlyFailed?: boolean; onlyRunning?: boolean; yes?: boolean },
      ) =>
        withApp(async (app) => {
          const selection = {
            dagId,
            ...(options.taskRegex ? { taskPatterns: [options.taskRegex] } : {}),
            ...(options.runId ? { runId: options.runId } : {}),
            ...(options.startDate ? { startDate: parseDateInZone(options.startDate, 'UTC') } : {}),
            ...(options.endDate ? { endDate: parseDateInZone(options.endDate, 'UTC') } : {}),
            upstream: options.upstream ?? false,
            downstream: options.downstream ?? false,
            onlyFailed: options.onlyFailed ?? false,
            onlyRunning: options.onlyRunning ?? false,
          };
          const preview = await clearTaskInstances(app.store, { ...selection, dryRun: true }, new Date());
          if (preview.length === 0) {
            console.log('No task instances match: nothing to clear.');
            return;
          }
          for (const ti of preview) console.log(`  ${ti.runId}  ${name(ti)}  ${colourState(ti.state)}`);
          if (!options.yes && !(await confirm(`Clear these ${preview.length} task instance(s)? Type 'yes' to continue: `))) {
            console.log('Nothing was cleared.');
            process.exitCode = 1;
            return;
          }
          const cleared = await clearTaskInstances(app.store, selection, new Date());
          nudgeScheduler(app.config.home);
          console.log(`Cleared ${cleared.length} task instance(s); the scheduler runs them again.`);
        }),
    );

  tasks
    .command('state')
    .description('The state of one task instance')
    .argument('<dag_id>')
    .argument('<task_id>')
    .argument('<run_id>')
    .option('--map-index <n>', 'map index of a mapped task', parseMapIndex, -1)
    .action(async (dagId: string, taskId: string, runId: string, options: { mapIndex: number }) =>
      withApp(async (app) => {
        const ti = await requireTi(app, { dagId, taskId, runId, mapIndex: options.mapIndex });
        console.log(ti.state ?? 'None');
      }),
    );

  tasks
    .command('failed-deps')
    .description("Why a task instance isn't running, in words")
    .argument('<dag_id>')
    .argument('<task_id>')
    .argument('<run_id>')
    .option('--map-index <n>', 'map index of a mapped task', parseMapIndex, -1)
    .option('-o, --output <format>', 'table, json or plain', parseOutputFormat, 'table' as OutputFormat)
    .action(async (dagId: string, taskId: string, runId: string, options: { mapIndex: number; output: OutputFormat }) =>
      withApp(async (app) => {
        const deps = await unmetDependencies(app.store, { dagId, taskId, runId, mapIndex: options.mapIndex }, new Date());
        if (options.output !== 'table') {
          console.log(renderRows(deps.map((d) => ({ name: d.name, reason: d.reason })), ['name', 'reason'], options.output));
          return;
        }
        if (deps.length === 0) console.log('Task instance dependencies are all met.');
        else {
          console.log('Task instance dependencies not met:');
          for (const dep of deps) console.log(`${dep.name}: ${dep.reason}`);
        }
      }),
    );

  tasks
    .command('logs')
    .description("Print a task instance's log (the latest try unless --try is given); --follow keeps printing as it grows")
    .argument('<dag_id>')
    .argument('<task_id>')
    .argument('<run_id>')
    .option('--map-index <n>', 'map index of a mapped task', parseMapIndex, -1)
    .option('--try <n>', 'which try', (v) => Number(v))
    .option('-f, --follow', 'keep printing new lines until the try ends')
    .action(async (dagId: string, taskId: string, runId: string, options: { mapIndex: number; try?: number; follow?: boolean }) =>
      withApp(async (app) => {
        const key = { dagId, taskId, runId, mapIndex: options.mapIndex };
        const ti = await requireTi(app, key);
        const tryNumber = options.try ?? ti.tryNumber;
        if (tryNumber < 1) throw new Error(`${name(ti)} has not started a try yet (state ${ti.state ?? 'none'})`);
        const path = taskLogPath(app.config.logsFolder, key, tryNumber);
        let offset = 0;
        for (;;) {
          if (existsSync(path)) offset = printFrom(path, offset);
          const current = await app.store.taskInstances.get(key);
          const live = current?.tryNumber === tryNumber && (current.state === 'running' || current.state === 'queued');
          if (!options.follow || !live) break;
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
        if (offset === 0 && !existsSync(path)) throw new Error(`no log for try ${tryNumber} of ${name(ti)}: expected ${path}`);
      }),
    );
}

function printFrom(path: string, offset: number): number {
  const size = statSync(path).size;
  if (size <= offset) return offset;
  if (offset === 0) {
    process.stdout.write(readFileSync(path, 'utf8'));
    return size;
  }
  const buffer = Buffer.alloc(size - offset);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, buffer, 0, buffer.length, offset);
  } finally {
    closeSync(fd);
  }
  process.stdout.write(buffer.toString('utf8'));
  return size;
}

async function requireTi(app: App, key: TaskInstanceKey) {
  await requireDag(app.store, key.dagId);
  const ti = await app.store.taskInstances.get(key);
  if (!ti) throw new Error(`no task instance ${name(key)} in run ${key.runId} of DAG ${key.dagId}: see 'updraft dags list-runs ${key.dagId}'`);
  return ti;
}

function name(ti: { taskId: string; mapIndex: number }): string {
  return ti.mapIndex >= 0 ? `${ti.taskId}[${ti.mapIndex}]` : ti.taskId;
}
