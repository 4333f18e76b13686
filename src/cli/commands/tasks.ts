/** `updraft tasks ...`: list a DAG's tasks, and run one task in-process. */
import type { Command } from 'commander';
import { openApp } from '../../app.js';
import { formatDuration } from '../../core/duration.js';
import { dagRunStarter } from '../../services/trigger-dag.js';
import { runDagTest } from '../../scheduler/dag-test-run.js';
import { loadDagsForCli, parseConfOption, parseDateOption } from '../dag-loading.js';
import { parseOutputFormat, renderRows, type OutputFormat } from '../output.js';
import { printTestEvent } from '../test-run-printer.js';
import { registerTaskOperations } from './task-operations.js';

interface Options {
  dagsFolder?: string;
  examples?: boolean;
}

export function registerTasksCommands(program: Command): void {
  const tasks = program.command('tasks').description("Inspect, test, clear and follow a DAG's task instances");
  registerTaskOperations(tasks);

  tasks
    .command('list')
    .description("List a DAG's tasks in the order they can run")
    .argument('<dag_id>')
    .option('-d, --dags-folder <path>', 'DAG files folder')
    .option('--examples', 'also load the example DAGs')
    .option('-o, --output <format>', 'table, json or plain', parseOutputFormat, 'table' as OutputFormat)
    .action(async (dagId: string, options: Options & { output: OutputFormat }) => {
      const app = await openApp(appOptions(options));
      try {
        const { spec } = (await (await loadDagsForCli(app)).runtimeOf(dagId)).dag;
        const rows = spec.tasks.map((t) => ({
          task_id: t.taskId,
          operator: t.operator,
          upstream: t.upstream,
          trigger_rule: t.triggerRule,
          retries: t.retries,
          timeout: t.executionTimeoutMs === null ? '' : formatDuration(t.executionTimeoutMs),
        }));
        console.log(renderRows(rows, ['task_id', 'operator', 'upstream', 'trigger_rule', 'retries', 'timeout'], options.output));
      } finally {
        await app.close();
      }
    });

  tasks
    .command('test')
    .description('Run one task now, ignoring its dependencies, and print its log (nothing is kept but the log file)')
    .argument('<dag_id>')
    .argument('<task_id>')
    .argument('[logical_date]', 'logical date (ISO-8601); default now')
    .option('-d, --dags-folder <path>', 'DAG files folder')
    .option('--examples', 'also load the example DAGs')
    .option('-c, --conf <json>', 'JSON object passed as the run conf')
    .action(async (dagId: string, taskId: string, dateArg: string | undefined, options: Options & { conf?: string }) => {
      const app = await openApp(appOptions(options));
      try {
        const { dag, versionId } = await (await loadDagsForCli(app)).runtimeOf(dagId);
        const logicalDate = parseDateOption(dateArg);
        const result = await runDagTest({
          store: app.store,
          dag,
          dagVersionId: versionId,
          ...(logicalDate ? { logicalDate } : {}),
          conf: parseConfOption(options.conf),
          logsFolder: app.config.logsFolder,
          maxXcomBytes: app.config.maxXcomBytes,
          secrets: app.secrets,
          startDagRun: dagRunStarter(app.store),
          onlyTaskId: taskId,
          onEvent: (event) => printTestEvent(event, { quiet: false }),
        });
        if (result.tis[0]?.state !== 'success') process.exitCode = 1;
      } finally {
        await app.close();
      }
    });
}

function appOptions(options: Options) {
  return { ...(options.dagsFolder ? { dagsFolder: options.dagsFolder } : {}), ...(options.examples ? { loadExamples: true } : {}) };
}
