/**
 * `GET /ui/dags/{dag_id}/grid`: the DAG page's grid in one round trip: runs
 * newest first, the task structure with groups, each (run, task) summarised,
 * mapped tasks folded into one cell with counts (Airflow's grid state
 * priority: a failed map index colours the cell), filters, paging, ETags,
 * and a year of daily runs of 50 tasks answered quickly.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { UiGrid } from '../../src/client/index.js';
import { dagRun, dagSpec, taskInstance, taskSpec } from '../../src/store/testing/fixtures.js';
import { seedGridHistory } from '../support/grid-history.js';
import { SEEDED, startApiFixture, type ApiFixture } from './api-fixture.js';
import { TI_SEEDED } from './task-instance-seed.js';

const GROUPED = 'api_grouped';

describe('/ui/dags/{dag_id}/grid', () => {
  let f: ApiFixture;
  before(async () => {
    f = await startApiFixture();
    // A DAG with a nested task group; its first version had a task the second dropped.
    const store = f.app.store;
    const groups = [
      { groupId: 'extract', parentId: null, tooltip: 'Pull the sources' },
      { groupId: 'extract.api', parentId: 'extract', tooltip: null },
    ];
    const v1Tasks = [
      taskSpec('start'),
      taskSpec('extract.users', { groupId: 'extract', upstream: ['start'] }),
      taskSpec('extract.api.orders', { groupId: 'extract.api', upstream: ['start'] }),
      taskSpec('legacy', { upstream: ['extract.users'] }),
      taskSpec('report', { upstream: ['extract.users', 'extract.api.orders'] }),
    ];
    const v1 = dagSpec(GROUPED, { groups, tasks: v1Tasks });
    const first = await store.dags.syncFromFile({ fileloc: v1.fileloc, source: '// v1', dags: [{ spec: v1 }] }, new Date('2025-03-01T00:00:00Z'));
    const old = await store.dagRuns.create(
      dagRun(GROUPED, 'manual__old', (first.createdVersions[0] as { id: number }).id, { state: 'success', runAfter: new Date('2025-03-01T00:00:00Z') }),
    );
    await store.taskInstances.createMany(v1Tasks.map((t) => taskInstance(old, t.taskId, { state: 'success', tryNumber: 1 })));
    const v2 = dagSpec(GROUPED, { groups, tasks: v1Tasks.filter((t) => t.taskId !== 'legacy') });
    const second = await store.dags.syncFromFile({ fileloc: v2.fileloc, source: '// v2', dags: [{ spec: v2 }] }, new Date('2025-03-02T00:00:00Z'));
    const fresh = await store.dagRuns.create(
      dagRun(GROUPED, 'manual__new', (second.createdVersions[0] as { id: number }).id, { state: 'running', runAfter: new Date('2025-03-02T00:00:00Z') }),
    );
    await store.taskInstances.createMany([taskInstance(fresh, 'start', { state: 'running', tryNumber: 1, startDate: new Date('2025-03-02T00:00:01Z') })]);
  });
  after(() => f.close());

  const grid = async (dagId: string, query = '', token?: string): Promise<UiGrid> => {
    const response = await f.call('GET', `/ui/dags/${encodeURIComponent(dagId)}/grid${query}`, token ? { token } : {});
    assert.equal(response.status, 200, await response.clone().text());
    return (await response.json()) as UiGrid;
  };

  it('runs newest first with their times, version and each task instance; tasks in order', async () => {
    const g = await grid(SEEDED.dag, '', f.tokens.Viewer);
    assert.equal(g.dag_id, SEEDED.dag);
    assert.deepEqual(g.runs.map((r) => [r.dag_run_id, r.state, r.run_type]), [[SEEDED.run, 'success', 'manual'], [SEEDED.failedRun, 'failed', 'scheduled']]);
    assert.equal(g.total_runs, 2);
    assert.deepEqual(g.tasks.map((t) => [t.task_id, t.label, t.group_id, t.is_mapped, t.in_latest_version]), [['extract', 'extract', null, false, true], ['load', 'load', null, false, true]]);
    assert.deepEqual(g.groups, []);
    const failed = g.runs[1];
    assert.equal(failed?.duration, 5);
    assert.equal(failed?.dag_version_number, 1);
    assert.deepEqual(
      failed?.task_instances.map((ti) => [ti.task_id, ti.state, ti.try_number, ti.map_count]).sort(),
      [['extract', 'failed', 1, null], ['load', 'upstream_failed', 0, null]],
    );
    assert.equal(g.runs[0]?.note, 'seeded');
  });

  it('a mapped task is one cell: the most telling state, counts per state, the highest try (Airflow grid state priority)', async () => {
    const g = await grid(TI_SEEDED.mappedDag);
    assert.deepEqual(g.tasks.map((t) => [t.task_id, t.is_mapped]), [['fan', true], ['after', false], ['sense', false]]);
    const cells = new Map(g.runs[0]?.task_instances.map((ti) => [ti.task_id, ti]));
    const fan = cells.get('fan');
    assert.equal(fan?.state, 'failed', 'one failed map index colours the whole cell');
    assert.equal(fan?.map_count, 2);
    assert.deepEqual(fan?.state_counts, { success: 1, failed: 1 });
    assert.equal(fan?.try_number, 2);
    assert.equal(fan?.start_date, '2025-02-01T00:00:01.000Z');
    assert.equal(fan?.end_date, '2025-02-01T00:00:03.000Z');
    assert.equal(cells.get('after')?.state, null);
    assert.equal(g.runs[0]?.dag_version_number, 2);
  });

  it('groups with their parents and labels; a task only an older version had is kept for the older run', async () => {
    const g = await grid(GROUPED);
    assert.deepEqual(g.groups, [
      { group_id: 'extract', label: 'extract', parent_id: null, tooltip: 'Pull the sources' },
      { group_id: 'extract.api', label: 'api', parent_id: 'extract', tooltip: null },
    ]);
    assert.deepEqual(
      g.tasks.map((t) => [t.task_id, t.label, t.group_id, t.in_latest_version]),
      [
        ['start', 'start', null, true],
        ['extract.users', 'users', 'extract', true],
        ['extract.api.orders', 'orders', 'extract.api', true],
        ['report', 'report', null, true],
        ['legacy', 'legacy', null, false],
      ],
    );
    assert.deepEqual(g.runs.map((r) => [r.dag_run_id, r.dag_version_number, r.task_instances.length]), [['manual__new', 2, 1], ['manual__old', 1, 5]]);
    assert.equal(g.runs[0]?.task_instances[0]?.state, 'running');
    assert.equal(g.runs[0]?.task_instances[0]?.end_date, null);
    // Only the newest run shown: the dropped task is not in the structure.
    assert.deepEqual((await grid(GROUPED, '?limit=1')).tasks.map((t) => t.task_id), ['start', 'extract.users', 'extract.api.orders', 'report']);
  });

  it('filters by run state and run type, pages, and says what is wrong', async () => {
    assert.deepEqual((await grid(SEEDED.dag, '?state=failed')).runs.map((r) => r.dag_run_id), [SEEDED.failedRun]);
    assert.deepEqual((await grid(SEEDED.dag, '?run_type=manual&run_type=backfill')).runs.map((r) => r.dag_run_id), [SEEDED.run]);
    const second = await grid(SEEDED.dag, '?limit=1&offset=1');
    assert.deepEqual([second.runs.map((r) => r.dag_run_id), second.total_runs], [[SEEDED.failedRun], 2]);
    assert.deepEqual((await grid(SEEDED.dag, '?state=queued')).runs, []);

    const missing = await f.call('GET', '/ui/dags/no_such_dag/grid');
    assert.equal(missing.status, 404);
    assert.match(await missing.text(), /no_such_dag.*not found/);
    assert.equal((await f.call('GET', `/ui/dags/${SEEDED.dag}/grid?limit=1001`)).status, 422);
    assert.equal((await f.call('GET', `/ui/dags/${SEEDED.dag}/grid?state=nope`)).status, 422);
    assert.equal((await f.call('GET', `/ui/dags/${SEEDED.dag}/grid`, { token: null })).status, 401);
  });

  it('ETag: an unchanged grid is a 304 for the next poll', async () => {
    const first = await f.call('GET', `/ui/dags/${SEEDED.dag}/grid`);
    const tag = first.headers.get('etag');
    assert.ok(tag);
    assert.equal((await f.call('GET', `/ui/dags/${SEEDED.dag}/grid`, { headers: { 'if-none-match': tag } })).status, 304);
  });

  it('a year of daily runs of 50 tasks in one answer, quickly (printed)', async () => {
    const dagId = 'api_grid_wide';
    const tasks = Array.from({ length: 50 }, (_, i) => taskSpec(`step_${String(i).padStart(2, '0')}`, i === 0 ? {} : { upstream: [`step_${String(i - 1).padStart(2, '0')}`] }));
    const spec = dagSpec(dagId, { tasks });
    const sync = await f.app.store.dags.syncFromFile({ fileloc: spec.fileloc, source: '// wide', dags: [{ spec }] }, new Date('2024-01-01T00:00:00Z'));
    const seeded = await seedGridHistory(f.app.store, dagId, (sync.createdVersions[0] as { id: number }).id, tasks.map((t) => t.taskId), 365);
    assert.equal(seeded.instances, 365 * 50);
    await grid(dagId, '?limit=365'); // warm-up (version cache, statement cache)
    const times: number[] = [];
    let g: UiGrid | undefined;
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      g = await grid(dagId, '?limit=365');
      times.push(performance.now() - t0);
    }
    assert.equal(g?.runs.length, 365);
    assert.equal(g?.runs.reduce((n, r) => n + r.task_instances.length, 0), 365 * 50);
    assert.equal(g?.runs[0]?.dag_run_id, seeded.runIds.at(-1), 'newest first');
    const median = [...times].sort((a, b) => a - b)[2] as number;
    console.log(JSON.stringify({ bench: 'api_ui_grid_365x50', ms: Math.round(median) }));
  });
});
