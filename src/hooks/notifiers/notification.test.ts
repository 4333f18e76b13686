/**
 * The notifiers' default message: facts, titles and links for task, mapped
 * task and DAG events, escaping for HTML and Slack mrkdwn, and the UI address
 * taken from the option or the api.base_url setting in the environment.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { CallbackContext } from '../../sdk/context.js';
import { notificationHtml, notificationText } from './email-notifier.js';
import { describeEvent, UI_BASE_URL_VARIABLE, uiBaseUrl } from './notification.js';
import { notificationBlocks } from './slack-notifier.js';

const noLog = { debug() {}, info() {}, warn() {}, error() {} };
const context = (fields: Partial<CallbackContext>): CallbackContext => ({
  dagId: 'etl',
  runId: 'scheduled__2024-03-01T00:00:00+00:00',
  taskId: 'load',
  mapIndex: -1,
  tryNumber: 2,
  state: 'failed',
  reason: 'Error: <boom> & more',
  logicalDate: new Date('2024-03-01T00:00:00Z'),
  log: noLog,
  connections: { get: () => Promise.reject(new Error('unused')) },
  ...fields,
});

describe('notification messages', () => {
  const saved = process.env[UI_BASE_URL_VARIABLE];
  afterEach(() => {
    if (saved === undefined) delete process.env[UI_BASE_URL_VARIABLE];
    else process.env[UI_BASE_URL_VARIABLE] = saved;
  });

  it('describes a task event with its facts and a link to the try\'s log', () => {
    const n = describeEvent(context({}), 'https://ui.example.com/');
    assert.equal(n.title, 'Task etl.load failed');
    assert.deepEqual(n.facts, [
      ['DAG', 'etl'],
      ['Task', 'load'],
      ['Run', 'scheduled__2024-03-01T00:00:00+00:00'],
      ['Logical date', '2024-03-01T00:00:00.000Z'],
      ['Try', '2'],
      ['State', 'failed'],
    ]);
    assert.equal(n.link, 'https://ui.example.com/dags/etl/runs/scheduled__2024-03-01T00%3A00%3A00%2B00%3A00/tasks/load?try=2');
  });

  it('names the map index of a mapped task, and links a DAG event to its run', () => {
    const mapped = describeEvent(context({ mapIndex: 3, state: 'up_for_retry', tryNumber: 1 }), 'http://h');
    assert.equal(mapped.title, 'Task etl.load [3] failed and will be retried');
    assert.match(mapped.link, /\/tasks\/load\?try=1&map_index=3$/);
    const dagEvent = describeEvent(context({ taskId: null, tryNumber: 0, state: 'success', reason: null, logicalDate: null }), 'http://h');
    assert.equal(dagEvent.title, 'DAG run etl succeeded');
    assert.equal(dagEvent.link, 'http://h/dags/etl/runs/scheduled__2024-03-01T00%3A00%3A00%2B00%3A00');
    assert.equal(dagEvent.linkLabel, 'View the run');
    assert.deepEqual(dagEvent.facts.map(([label]) => label), ['DAG', 'Run', 'State']);
  });

  it('describes a missed deadline: the deadline with its rule and how late, no error section', () => {
    const deadline = { id: 7, deadlineTime: new Date('2024-03-01T06:00:00Z'), lateMs: 90_000, reference: 'run_start', intervalMs: 1_800_000 };
    const run = describeEvent(context({ taskId: null, tryNumber: 0, state: 'running', reason: 'the run was not done by ...', deadline }), 'http://h');
    assert.equal(run.title, 'DAG run etl missed its deadline');
    assert.deepEqual(run.facts, [
      ['DAG', 'etl'],
      ['Run', 'scheduled__2024-03-01T00:00:00+00:00'],
      ['Logical date', '2024-03-01T00:00:00.000Z'],
      ['Deadline', '2024-03-01T06:00:00.000Z (run_start + 30m)'],
      ['Late by', '1m 30s'],
      ['State', 'running'],
    ]);
    assert.equal(run.error, null);
    const task = describeEvent(context({ tryNumber: 0, state: 'running', deadline: { ...deadline, reference: 'task_start' } }), 'http://h');
    assert.equal(task.title, 'Task etl.load missed its deadline');
    assert.match(task.link, /\/tasks\/load$/, 'the latest try\'s log');
  });

  it('escapes the error for HTML and for Slack', () => {
    const n = describeEvent(context({}), 'http://h');
    assert.match(notificationHtml(n), /<pre>Error: &lt;boom&gt; &amp; more<\/pre>/);
    assert.match(notificationText(n), /Error:\nError: <boom> & more\n/);
    assert.match(JSON.stringify(notificationBlocks(n)), /Error: &lt;boom&gt; &amp; more/);
    const long = notificationBlocks(describeEvent(context({ reason: 'x'.repeat(5000) }), 'http://h'));
    assert.ok(JSON.stringify(long).length < 4000, 'a long error is cut to what a Slack section holds');
  });

  it('takes the UI address from the option, else api.base_url from the environment, else localhost', async () => {
    assert.equal(await uiBaseUrl('https://given.example.com'), 'https://given.example.com');
    process.env[UI_BASE_URL_VARIABLE] = 'https://from-env.example.com';
    assert.equal(await uiBaseUrl(undefined), 'https://from-env.example.com');
    delete process.env[UI_BASE_URL_VARIABLE];
    assert.match(await uiBaseUrl(undefined), /^http:\/\/localhost:\d+$/);
  });
});
