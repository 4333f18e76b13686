/** `updraft dags ...`: list DAGs, see import errors, and test-run a DAG in-process. */
import type { Command } from 'commander';
import { EXAMPLES_FILELOC_PREFIX, openApp, type App } from '../../app.js';
import { settingOf } from '../../config/config.js';
import { describeSchedule } from '../../core/timetables/index.js';
import { formatDuration } from '../../core/duration.js';
import { loadDagsForCli, parseDateOption, parseConfOption } from '../dag-loading.js';
import { renderRows, parseOutputFormat, type OutputFormat } from '../output.js';
import { printTestEvent, printTestSummary } from '../test-run-printer.js';
import { dagRunStarter } from '../../services/trigger-dag.js';
import { runDagTest } from '../../scheduler/dag-test-run.js';
import { registerDagDeadlines } from './dag-deadlines.js';
import { registerDagOperations } from './dag-operations.js';

interface FolderOptions {
  dagsFolder?: string;
  examples?: boolean;
}

function withFolderOptions(command: Command): Command {
  return command
    .option('-d, --dags-folder <path>', 'DAG files folder (default $UPDRAFT_DAGS_FOLDER or $UPDRAFT_HOME/dags)')
    .option('--examples', 'also load the example DAGs (or set UPDRAFT_LOAD_EXAMPLES=true)');
}

async function withApp<T>(options: FolderOptions, fn: (app: App) => Promise<T>): Promise<T> {
  const open = (examples: boolean) =>
    openApp({
      ...(options.dagsFolder ? { dagsFolder: options.dagsFolder } : {}),
      ...(examples ? { loadExamples: true } : {}),
    });
  let app = await open(options.examples === true);
  if (await showsExamplesUnasked(app)) {
    await app.close();
    app = await open(true);
  }
  try {
    return await fn(app);
  } finally {
    await app.close();
  }
}

/**
 * With core.load_examples left unset, the examples are in when this installation
 * already shows them (`standalone` loads them by default): `updraft dags list`
 * beside a running standalone lists the DAGs it runs, not an empty folder.
 */
async function showsExamplesUnasked(app: App): Promise<boolean> {
  if (app.config.loadExamples || settingOf(app.config, 'core', 'load_examples').source !== 'default') return false;
  const active = await app.store.dags.list({ active: true });
  return active.items.some((dag) => dag.fileloc.startsWith(EXAMPLES_FILELOC_PREFIX));
}

export function registerDagsCommands(program: Command): void {
  const dags = program.command('dags').description('List, inspect, test, trigger and steer DAGs');
  registerDagOperations(dags);
  registerDagDeadlines(dags);

  withFolderOptions(dags.command('list'))
    .description('Parse the DAG files and list their DAGs')
    .option('-o, --output <format>', 'table, json or plain', parseOutputFormat, 'table' as OutputFormat)
    .action(async (options: FolderOptions & { output: OutputFormat }) =>
      withApp(options, async (app) => {
        const loaded = await loadDagsForCli(app);
        const rows = loaded.dags
          .map(({ spec }) => ({
            dag_id: spec.dagId,
            fileloc: spec.fileloc,
            owners: spec.owner,
            is_paused: loaded.paused.get(spec.dagId) ?? spec.isPausedUponCreation ?? false,
            schedule: describeSchedule(spec.schedule),
            tags: spec.tags,
          }))
          .sort((a, b) => a.dag_id.localeCompare(b.dag_id));
        console.log(renderRows(rows, ['dag_id', 'fileloc', 'owners', 'is_paused', 'schedule', 'tags'], options.output));
        if (loaded.errorCount > 0 && options.output === 'table') {
          console.error(`\n${loaded.errorCount} file(s) failed to import: see 'updraft dags list-import-errors'`);
        }
      }),
    );

  withFolderOptions(dags.command('list-import-errors'))
    .description('Parse the DAG files and show the ones that failed to import; exits 1 if any did')
    .option('-o, --output <format>', 'table, json or plain', parseOutputFormat, 'table' as OutputFormat)
    .action(async (options: FolderOptions & { output: OutputFormat }) =>
      withApp(options, async (app) => {
        await loadDagsForCli(app);
        const errors = (await app.store.importErrors.list({ orderBy: 'fileloc' })).items;
        const rows = errors.map((e) => ({ filepath: e.fileloc, error: e.message, timestamp: e.timestamp.toISOString() }));
        if (options.output === 'table') {
          if (rows.length === 0) console.log('No import errors.');
          for (const row of rows) console.log(`${row.filepath}\n  ${row.error.split('\n').join('\n  ')}\n`);
        } else {
          console.log(renderRows(rows, ['filepath', 'error', 'timestamp'], options.output));
        }
        if (rows.length > 0) process.exitCode = 1;
      }),
    );

  withFolderOptions(dags.command('test'))
    .description("Run one DAG run in this process and print each task's state, duration and log")
    .argument('<dag_id>', 'the DAG to run')
    .argument('[logical_date]', 'logical date (ISO-8601); default now')
    .option('--logical-date <date>', 'logical date (ISO-8601); default now')
    .option('-c, --conf <json>', 'JSON object passed as the run conf (validated against the params)')
    .option('-q, --quiet', 'do not print task logs')
    .action(async (dagId: string, dateArg: string | undefined, options: FolderOptions & { logicalDate?: string; conf?: string; quiet?: boolean }) =>
      withApp(options, async (app) => {
        const dag = await (await loadDagsForCli(app)).runtimeOf(dagId);
        const logicalDate = parseDateOption(options.logicalDate ?? dateArg);
        const result = await runDagTest({
          store: app.store,
          dag: dag.dag,
          dagVersionId: dag.versionId,
          ...(logicalDate ? { logicalDate } : {}),
          conf: parseConfOption(options.conf),
          logsFolder: app.config.logsFolder,
          maxXcomBytes: app.config.maxXcomBytes,
          secrets: app.secrets,
          startDagRun: dagRunStarter(app.store),
          onEvent: (event) => printTestEvent(event, { quiet: options.quiet ?? false }),
        });
        printTestSummary(result);
        if (result.run.state !== 'success') process.exitCode = 1;
      }),
    );

  withFolderOptions(dags.command('show'))
    .description('Print a DAG: its schedule, tasks and their dependencies')
    .argument('<dag_id>')
    .action(async (dagId: string, options: FolderOptions) =>
      withApp(options, async (app) => {
        const { spec } = (await (await loadDagsForCli(app)).runtimeOf(dagId)).dag;
        console.log(`${spec.dagId}  (${spec.fileloc})`);
        console.log(`  schedule: ${describeSchedule(spec.schedule)}${spec.startDate ? `, from ${spec.startDate}` : ''}`);
        if (spec.description) console.log(`  ${spec.description}`);
        for (const task of spec.tasks) {
          const after = task.upstream.length > 0 ? `  <- ${task.upstream.join(', ')}` : '';
          const extra = task.retries > 0 ? `, ${task.retries} retries` : '';
          const timeout = task.executionTimeoutMs ? `, timeout ${formatDuration(task.executionTimeoutMs)}` : '';
          console.log(`  ${task.taskId} [${task.operator}${extra}${timeout}]${after}`);
        }
      }),
    );
}
