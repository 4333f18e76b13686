/**
 * `GET /ui/dags/{dag_id}/deadlines`: a DAG's deadline records with their rule,
 * status and callback outcome, latest first, filtered to misses or one run,
 * paged; an unknown DAG is a 404 that says how to find the id.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dagRun, dagSpec } from '../../src/store/testing/fixtures.js';
import { startApiFixture, type ApiFixture } from './api-fixture.js';

const DAG = 'api_deadlines';
const T = new Date('2025-04-01T06:00:00.000Z');

interface Listed {
  deadlines: { dag_run_id: string; task_id: string | null; rule: string; deadline_time: string | null; status: string; late_ms: number | null; callback_state: string; callback_reason: string | null }[];
  total_entries: number;
}

describe('/ui/dags/{dag_id}/deadlines', () => {
  let f: ApiFixture;
  before(async () => {
    f = await startApiFixture();
    const store = f.app.store;
    const spec = dagSpec(DAG);
    const synced = await store.dags.syncFromFile({ fileloc: spec.fileloc, source: '// deadlines', dags: [{ spec }] }, T);
    const versionId = (synced.createdVersions[0] as { id: number }).id;
    const run = await store.dagRuns.create(dagRun(DAG, 'manual__late', versionId, { state: 'running', startDate: T }));
    const [missed, failed] = await store.deadlines.createMany(
      [
        { dagId: DAG, runId: run.runId, taskId: null, mapIndex: -1, alertIndex: 0, reference: 'run_start', intervalMs: 1_800_000, deadlineTime: new Date(T.getTime() + 1_800_000), callback: 'slackNotifier' },
        { dagId: DAG, runId: run.runId, taskId: 'load', mapIndex: -1, alertIndex: 0, reference: 'task_start', intervalMs: 600_000, deadlineTime: new Date(T.getTime() + 600_000), callback: 'emailNotifier' },
        { dagId: DAG, runId: run.runId, taskId: 'report', mapIndex: -1, alertIndex: 0, reference: 'task_start', intervalMs: 600_000, deadlineTime: null, callback: 'callback' },
      ],
      T,
    );
    assert.ok(missed && failed);
    await store.deadlines.markMissed(missed.id, new Date(T.getTime() + 1_802_000), 2000);
    await store.deadlines.setCallbackResult(missed.id, 'success', null);
    await store.deadlines.markMissed(failed.id, new Date(T.getTime() + 601_000), 1000);
    await store.deadlines.setCallbackResult(failed.id, 'failed', 'the deadline_missed callback of DAG api_deadlines failed (exit code 1): boom');
  });
  after(() => f.close());

  const list = async (query = ''): Promise<Listed> => {
    const response = await f.call('GET', `/ui/dags/${DAG}/deadlines${query}`, { token: f.tokens.Viewer });
    assert.equal(response.status, 200, await response.clone().text());
    return (await response.json()) as Listed;
  };

  it('lists the deadlines latest first with their rule, status and callback outcome', async () => {
    const all = await list();
    assert.equal(all.total_entries, 3);
    assert.deepEqual(
      all.deadlines.map((d) => [d.task_id, d.rule, d.status, d.late_ms]),
      [
        [null, 'run_start + 30m', 'missed, callback success', 2000],
        ['load', 'task_start + 10m', 'missed, callback failed', 1000],
        ['report', 'task_start + 10m', 'waiting for start', null],
      ],
    );
    assert.match(all.deadlines[1]?.callback_reason ?? '', /\(exit code 1\): boom/);
  });

  it('keeps the misses, one run, a page', async () => {
    assert.deepEqual((await list('?missed=true')).deadlines.map((d) => d.task_id), [null, 'load']);
    assert.equal((await list('?dag_run_id=manual__other')).total_entries, 0);
    const page = await list('?limit=1&offset=1');
    assert.deepEqual([page.deadlines.map((d) => d.task_id), page.total_entries], [['load'], 3]);
  });

  it('answers 404 for an unknown DAG', async () => {
    const response = await f.call('GET', '/ui/dags/no_such_dag/deadlines', { token: f.tokens.Viewer });
    assert.equal(response.status, 404);
    assert.match(((await response.json()) as { detail: string }).detail, /DAG 'no_such_dag' not found/);
  });
});
