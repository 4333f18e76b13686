/**
 * `updraft dag-processor`: parses the DAG folders into the metadata database
 * and watches them, nothing else (Airflow's standalone DAG processor). Run it
 * once per installation beside schedulers started with `--no-dag-processor`,
 * so N schedulers do not parse the same files N times. Its job (kind
 * dag_processor) heartbeats while it runs.
 */
import type { Command } from 'commander';
import { openApp } from '../../app.js';
import { createAppDagProcessor } from '../../app-dag-processor.js';
import { StoreParseSink } from '../../processor/store-sink.js';
import { startServiceJob } from '../../scheduler/service-job.js';
import { nudgeScheduler } from '../../scheduler/wake-signal.js';
import { healthNote, NEEDS_SHARED_DATABASE, serviceHelp, startServiceHealth, untilStopSignal, withHealthPort } from '../service-runtime.js';

export function registerDagProcessorCommands(program: Command): void {
  withHealthPort(
    program.command('dag-processor').description('Parse the DAG folders into the metadata database and keep watching them (for schedulers run with --no-dag-processor)'),
    'dag_processor',
  )
    .addHelpText(
      'after',
      serviceHelp('dag_processor', 'dag_processor', [
        'the DAG files in UPDRAFT_DAGS_FOLDER (in Docker: the volume the workers mount too)',
        NEEDS_SHARED_DATABASE,
        "Run one per installation; start the schedulers with 'updraft scheduler --no-dag-processor'.",
      ]),
    )
    .action(async (options: { healthPort?: number }) => {
      const app = await openApp();
      if (app.fernetKeyNotice) console.log(app.fernetKeyNotice);
      const log = (message: string) => console.log(`[dag-processor] ${message}`);
      const job = await startServiceJob(app.store, 'dag_processor', { intervalMs: app.config.schedulerHeartbeatMs, log });
      const sink = new StoreParseSink(
        app.store,
        {
          onApplied: ({ createdVersions, deactivated }) => {
            if (createdVersions.length > 0) log(`new versions: ${createdVersions.map((v) => `${v.dagId} v${v.versionNumber}`).join(', ')}`);
            if (deactivated.length > 0) log(`no longer defined: ${deactivated.join(', ')}`);
            // A scheduler on this machine looks at once; others find the new versions on their next poll.
            nudgeScheduler(app.config.home);
          },
        },
        { pausedAtCreation: app.config.dagsArePausedAtCreation },
      );
      const processor = createAppDagProcessor(app, sink, (error) => log(error instanceof Error ? error.message : String(error)));
      let health: Awaited<ReturnType<typeof startServiceHealth>> = null;
      try {
        health = await startServiceHealth(app, 'dag_processor', 'dag_processor', options.healthPort);
        await processor.start();
      } catch (error) {
        await health?.close();
        await job.end('failed');
        await app.close();
        throw error;
      }
      const folders = app.dagFolders.map((f) => f.path).join(' and ');
      console.log(`DAG processor ready: parsed ${folders} into the ${app.store.dialect} database, watching for changes (job ${job.id})${healthNote(health)}`);
      await untilStopSignal(
        (signal) => `${signal}: stopping the DAG processor`,
        async () => {
          await health?.close();
          await processor.stop();
          await job.end('success');
          await app.close();
        },
      );
    });
}
