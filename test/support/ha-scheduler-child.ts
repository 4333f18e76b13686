/**
 * One more scheduler (no DAG processor) in a process of its own, for tests that
 * kill or freeze a scheduler for real. The app's settings come as JSON in
 * HA_SCHEDULER_CONFIG ({ home, dagsFolder, databaseUrl, settings }); it prints
 * "ha scheduler ready" once started, and stops gracefully on SIGTERM.
 * Run with `node --import tsx test/support/ha-scheduler-child.ts`.
 */
import { openApp } from '../../src/app.js';
import type { ConfigOverrides } from '../../src/config/config.js';
import { createOrchestrator } from '../../src/orchestrator.js';

const config = JSON.parse(process.env['HA_SCHEDULER_CONFIG'] ?? '{}') as ConfigOverrides;
const app = await openApp({ ...config, loadExamples: false }, {});
const orchestrator = createOrchestrator(app, { withDagProcessor: false, log: (message) => console.log(message) });
await orchestrator.start();
console.log(`ha scheduler ready (pid ${process.pid})`);
process.once('SIGTERM', () => {
  void orchestrator
    .stop(1000)
    .then(() => app.close())
    .then(() => process.exit(0));
});
