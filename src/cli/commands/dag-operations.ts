/**
 * `updraft dags trigger | pause | unpause | state | list-runs | next-execution | delete`:
 * steering DAGs that the scheduler runs (the commands work on the metadata
 * database; the scheduler, in `standalone` or on its own, acts on the changes).
 */
import type { Command } from 'commander';
import type { App } from '../../app.js';
import { withApp } from '../command-helpers.js';
import { formatDuration } from '../../core/duration.js';
import { parseDateInZone } from '../../core/zoned-time.js';
import { requireDag } from '../../services/dag-lookup.js';
import { setDagPaused } from '../../services/pause-dag.js';
import { triggerDag } from '../../services/trigger-dag.js';
import { nudgeScheduler } from '../../scheduler/wake-signal.js';
import { followRun } from '../follow-run.js';
import { parseConfOption } from '../dag-loading.js';
import { colourState, parseOutputFormat, renderRows, type OutputFormat } from '../output.js';
import { confirm } from '../confirm.js';
import { apiUrlOf, connectRemote, followRemoteRun, withApiUrlOption } from '../remote.js';


const outputOption = ['-o, --output <format>', 'table, json or plain', parseOutputFormat, 'table' as OutputFormat] as const;

export function registerDagOperations(dags: Command): void {
  withApiUrlOption(
    dags
      .command('trigger')
      .description('Create a manual run of a DAG (the scheduler runs it)')
      .argument('<dag_id>')
      .option('-c, --conf <json>', 'JSON object passed as the run conf (validated against the params)')
      .option('-r, --run-id <id>', 'the run id (default manual__<logical date>)')
      .option('-l, --logical-date <date>', 'logical date (ISO-8601); default now')
      .option('-w, --wait', 'follow the run until it ends; exit 1 unless it succeeds')
      .option(...outputOption),
  ).action(async (dagId: string, options: { conf?: string; runId?: string; logicalDate?: string; wait?: boolean; output: OutputFormat; apiUrl?: string }) => {
    const conf = parseConfOption(options.conf);
    const logicalDate = options.logicalDate ? parseDateInZone(options.logicalDate, 'UTC') : undefined;
    const print = (row: { dag_id: string; run_id: string; state: string; logical_date: string | null }) =>
      console.log(options.output === 'table' ? `Triggered ${row.dag_id}: run ${row.run_id} is ${row.state}` : renderRows([row], Object.keys(row), options.output));
    const apiUrl = apiUrlOf(options);
    if (apiUrl) {
      const client = await connectRemote(apiUrl);
      const run = await client.dagRuns.trigger(dagId, { conf, ...(options.runId ? { dag_run_id: options.runId } : {}), logical_date: logicalDate?.toISOString() ?? null });
      print({ dag_id: run.dag_id, run_id: run.dag_run_id, state: run.state, logical_date: run.logical_date ?? null });
      if (options.wait && (await followRemoteRun(client, run, { quiet: options.output !== 'table' })) !== 'success') process.exitCode = 1;
      return;
    }
    await withApp(async (app) => {
      const run = await triggerDag(
        app.store,
        { dagId, conf, ...(options.runId ? { runId: options.runId } : {}), ...(logicalDate ? { logicalDate } : {}), triggeredBy: 'cli' },
        new Date(),
      );
      nudgeScheduler(app.config.home);
      print({ dag_id: run.dagId, run_id: run.runId, state: run.state, logical_date: run.logicalDate?.toISOString() ?? null });
      if (options.wait) {
        const final = await followRun(app.store, run, { quiet: options.output !== 'table' });
        if (final !== 'success') process.exitCode = 1;
      }
    });
  });

  for (const [name, paused] of [['pause', true], ['unpause', false]] as const) {
    withApiUrlOption(
      dags
        .command(name)
        .description(paused ? 'Pause a DAG: no new scheduled runs, running ones finish' : 'Unpause a DAG so the scheduler creates its runs')
        .argument('<dag_id>'),
    ).action(async (dagId: string, options: { apiUrl?: string }) => {
      const apiUrl = apiUrlOf(options);
      if (apiUrl) await (await connectRemote(apiUrl)).dags.setPaused(dagId, paused);
      else {
        await withApp(async (app) => {
          await setDagPaused(app.store, dagId, paused, 'cli', new Date());
          nudgeScheduler(app.config.home);
        });
      }
      console.log(`DAG ${dagId} is ${paused ? 'paused' : 'unpaused'}`);
    });
  }

  dags
    .command('state')
    .description('The state of one run, by run id or logical date')
    .argument('<dag_id>')
    .argument('<run_id_or_logical_date>')
    .action(async (dagId: string, which: string) =>
      withApp(async (app) => {
        const run = await findRun(app, dagId, which);
        console.log(run.state);
      }),
    );

  dags
    .command('list-runs')
    .description("A DAG's runs, newest first")
    .argument('<dag_id>')
    .option('--state <state>', 'only runs in this state (queued, running, success, failed)')
    .option('--limit <n>', 'at most this many', (v) => Number(v), 25)
    .option(...outputOption)
    .action(async (dagId: string, options: { state?: string; limit: number; output: OutputFormat }) =>
      withApp(async (app) => {
        await requireDag(app.store, dagId);
        const states = options.state ? [options.state as 'queued' | 'running' | 'success' | 'failed'] : undefined;
        const runs = (await app.store.dagRuns.list({ dagId, ...(states ? { states } : {}), limit: options.limit })).items;
        const rows = runs.map((r) => ({
          run_id: r.runId,
          state: options.output === 'table' ? colourState(r.state) : r.state,
          run_type: r.runType,
          logical_date: r.logicalDate?.toISOString() ?? null,
          start_date: r.startDate?.toISOString() ?? null,
          duration: r.startDate && r.endDate ? formatDuration(r.endDate.getTime() - r.startDate.getTime()) : null,
        }));
        console.log(renderRows(rows, ['run_id', 'state', 'run_type', 'logical_date', 'start_date', 'duration'], options.output));
      }),
    );

  dags
    .command('next-execution')
    .description('When the next scheduled run is due (logical date)')
    .argument('<dag_id>')
    .action(async (dagId: string) =>
      withApp(async (app) => {
        const dag = await requireDag(app.store, dagId);
        if (dag.isPaused) console.error(`[INFO] DAG ${dagId} is paused: no run will be created until it is unpaused`);
        console.log(dag.nextDagrunAt ? dag.nextDagrunAt.toISOString() : 'None');
      }),
    );

  dags
    .command('delete')
    .description('Delete a DAG and all of its runs, task instances and XComs from the database (the file stays)')
    .argument('<dag_id>')
    .option('-y, --yes', 'do not ask for confirmation')
    .action(async (dagId: string, options: { yes?: boolean }) =>
      withApp(async (app) => {
        await requireDag(app.store, dagId);
        if (!options.yes && !(await confirm(`This deletes DAG ${dagId} with all its history. Type 'yes' to continue: `))) {
          console.log('Nothing was deleted.');
          process.exitCode = 1;
          return;
        }
        await app.store.dags.delete(dagId);
        console.log(`Deleted DAG ${dagId}; it reappears if its file is still in the DAGs folder.`);
      }),
    );
}

async function findRun(app: App, dagId: string, which: string) {
  await requireDag(app.store, dagId);
  const byId = await app.store.dagRuns.get({ dagId, runId: which });
  if (byId) return byId;
  let date: Date | null = null;
  try {
    date = parseDateInZone(which, 'UTC');
  } catch {
    // not a date: fall through to the error below
  }
  if (date) {
    const match = (await app.store.dagRuns.list({ dagId, logicalDateGte: date, logicalDateLte: date, limit: 1 })).items[0];
    if (match) return match;
  }
  throw new Error(`DAG ${dagId} has no run with id or logical date '${which}': see 'updraft dags list-runs ${dagId}'`);
}
