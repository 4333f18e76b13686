/**
 * `updraft triggerer`: ends deferred tasks when their triggers decide (a time
 * reached, another DAG's task done), about once a second, and runs the task
 * callbacks of the tasks it ended. Schedulers judge triggers too, under the same
 * lock, so a triggerer is optional: it keeps deferred sensors moving while
 * schedulers restart or are busy, as Airflow's triggerer does.
 */
import type { Command } from 'commander';
import { openApp } from '../../app.js';
import { Triggerer } from '../../scheduler/triggerer.js';
import { nudgeScheduler } from '../../scheduler/wake-signal.js';
import { runTaskCallbacksOf } from '../../task-callbacks.js';
import type { HealthServer } from '../health-server.js';
import { healthNote, NEEDS_SHARED_DATABASE, serviceHelp, startServiceHealth, untilStopSignal, withHealthPort } from '../service-runtime.js';

export function registerTriggererCommands(program: Command): void {
  withHealthPort(program.command('triggerer').description('Run the triggerer: ends deferred tasks (deferrable sensors) when their triggers fire, and runs their callbacks'), 'triggerer')
    .addHelpText(
      'after',
      serviceHelp('triggerer', 'triggerer', [
        NEEDS_SHARED_DATABASE,
        'the DAG files in UPDRAFT_DAGS_FOLDER, for the callbacks (onSuccess, onFailure, email alerts) of the tasks it ends',
        'Several triggerers may run: a lock lets one at a time judge the triggers.',
      ]),
    )
    .action(async (options: { healthPort?: number }) => {
      const app = await openApp();
      if (app.fernetKeyNotice) console.log(app.fernetKeyNotice);
      const log = (message: string) => console.log(`[triggerer] ${message}`);
      /** Callbacks still running: a stop waits for them. */
      const callbacks = new Set<Promise<unknown>>();
      const triggerer = new Triggerer({
        store: app.store,
        heartbeatIntervalMs: app.config.schedulerHeartbeatMs,
        log,
        onTaskEnded: (ti, outcome) => {
          // The run's next tasks: a scheduler on this machine looks at once, others on their next poll.
          nudgeScheduler(app.config.home);
          const work = runTaskCallbacksOf(app, ti, outcome).then(
            (problem) => problem && log(problem),
            (error: unknown) => log(`could not run the callbacks of ${ti.dagId}.${ti.taskId}: ${String(error)}`),
          );
          callbacks.add(work);
          void work.finally(() => callbacks.delete(work));
        },
      });
      await triggerer.start();
      let health: HealthServer | null = null;
      try {
        health = await startServiceHealth(app, 'triggerer', 'triggerer', options.healthPort);
      } catch (error) {
        await triggerer.stop();
        await app.close();
        throw error;
      }
      console.log(`Triggerer ready: judging deferred tasks in the ${app.store.dialect} database (job ${triggerer.jobId ?? '?'})${healthNote(health)}`);
      await untilStopSignal(
        (signal) => `${signal}: stopping the triggerer`,
        async () => {
          await health?.close();
          await triggerer.stop();
          await Promise.allSettled([...callbacks]);
          await app.close();
        },
      );
    });
}
