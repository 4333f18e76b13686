/**
 * The DAG page's visual endpoints: a version's graph (`/ui/dags/{id}/structure`:
 * data-flow edges with the consuming input's name told apart from ordering-only
 * edges, nested groups with their sizes, mapped/setup/teardown tasks, older
 * versions), a run's task instances (`run_timeline`, the latest run by default)
 * and a year of daily outcomes (`calendar`, in the DAG's time zone); 404s for
 * an unknown DAG, version or run. The DAG is built with the real SDK, so the
 * test follows however the SDK records inputs and dependencies.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { UiCalendar, UiDagStructure, UiRunTimeline } from '../../src/client/index.js';
import { bash, chain, dag, empty, group, task, z } from '../../src/sdk/index.js';
import { takeRegisteredDags } from '../../src/sdk/registry.js';
import { dagRun, taskInstance } from '../../src/store/testing/fixtures.js';
import { startApiFixture, type ApiFixture } from './api-fixture.js';

const DAG_ID = 'visual_etl';

function buildSpec(extraTask: boolean) {
  const built = dag(DAG_ID, { schedule: null, timezone: 'Europe/Paris', params: z.object({ limit: z.number().default(5) }) }, ({ params }) => {
    const start = empty('start');
    const extracted = group('extract', { tooltip: 'Pull the sources' }, () => {
      const users = task('users', { inputs: { p: params } }, ({ p }) => Array.from({ length: p.limit }, (_, i) => i));
      const orders = task('orders', () => [1, 2, 3]);
      group('audit', () => {
        task('check', { inputs: { rows: users } }, ({ rows }) => rows.length);
      });
      return { users, orders };
    });
    const enrich = task('enrich', { expand: { id: extracted.result.users }, inputs: { orders: extracted.result.orders } }, ({ id, orders }) => id + orders.length);
    const load = task('load', { inputs: { rows: enrich, count: extracted.result.users.xcom<number>('row_count') }, triggerRule: 'all_done' }, ({ rows }) => rows.length);
    const notify = bash('notify', 'echo done');
    chain(start, extracted);
    load.before(notify);
    if (extraTask) task('report', { inputs: { n: load } }, ({ n }) => n);
  });
  takeRegisteredDags();
  return built.spec;
}

describe('/ui/dags/{dag_id}/structure, run_timeline, calendar', () => {
  let f: ApiFixture;
  const get = async <T>(path: string, token?: string): Promise<T> => {
    const response = await f.call('GET', path, token ? { token } : {});
    assert.equal(response.status, 200, `${path}: ${await response.clone().text()}`);
    return (await response.json()) as T;
  };

  before(async () => {
    f = await startApiFixture();
    const v1 = buildSpec(false);
    const v2 = buildSpec(true);
    await f.app.store.dags.syncFromFile({ fileloc: v1.fileloc, source: '// v1', dags: [{ spec: v1 }] }, new Date('2025-03-01T00:00:00Z'));
    const sync = await f.app.store.dags.syncFromFile({ fileloc: v2.fileloc, source: '// v2', dags: [{ spec: v2 }] }, new Date('2025-03-02T00:00:00Z'));
    const versionId = (sync.createdVersions[0] as { id: number }).id;
    // Runs for the calendar and the timeline: two on one Paris day (one of them at 23:30 UTC the day before), one failed later.
    const runs = [
      { runId: 'r1', state: 'success', logicalDate: new Date('2025-03-01T23:30:00Z'), runAfter: new Date('2025-03-02T00:00:00Z') },
      { runId: 'r2', state: 'failed', logicalDate: new Date('2025-03-02T10:00:00Z'), runAfter: new Date('2025-03-02T10:00:00Z') },
      { runId: 'r3', state: 'success', logicalDate: null, runAfter: new Date('2025-03-05T12:00:00Z') },
      { runId: 'r_old', state: 'success', logicalDate: new Date('2023-06-01T12:00:00Z'), runAfter: new Date('2023-06-01T12:00:00Z') },
    ] as const;
    for (const r of runs) {
      const run = await f.app.store.dagRuns.create(
        dagRun(DAG_ID, r.runId, versionId, { state: r.state, logicalDate: r.logicalDate, runAfter: r.runAfter, startDate: r.runAfter, endDate: new Date(r.runAfter.getTime() + 60_000) }),
      );
      if (r.runId === 'r3') {
        const started = new Date('2025-03-05T12:00:05Z');
        await f.app.store.taskInstances.createMany([
          taskInstance(run, 'start', { state: 'success', tryNumber: 1, queuedAt: r.runAfter, startDate: started, endDate: new Date(started.getTime() + 2000), durationMs: 2000 }),
          taskInstance(run, 'enrich', { mapIndex: 0, state: 'success', tryNumber: 1, startDate: started }),
          taskInstance(run, 'enrich', { mapIndex: 1, state: 'up_for_retry', tryNumber: 1, maxTries: 2, startDate: started }),
          taskInstance(run, 'load', { state: null }),
        ]);
      }
    }
  });
  after(() => f?.close());

  it('nodes: ids, labels without the group prefix, group paths, mapped, trigger rules, params use', async () => {
    const s = await get<UiDagStructure>(`/ui/dags/${DAG_ID}/structure?version_number=1`);
    assert.equal(s.dag_id, DAG_ID);
    assert.equal(s.version_number, 1);
    assert.deepEqual(s.nodes.map((n) => n.task_id).sort(), ['enrich', 'extract.audit.check', 'extract.orders', 'extract.users', 'load', 'notify', 'start']);
    const node = (id: string) => s.nodes.find((n) => n.task_id === id);
    assert.deepEqual(
      [node('extract.audit.check')?.label, node('extract.audit.check')?.group_id, node('extract.audit.check')?.group_path],
      ['check', 'extract.audit', ['extract', 'extract.audit']],
    );
    assert.deepEqual([node('start')?.group_id, node('start')?.group_path], [null, []]);
    assert.deepEqual([node('enrich')?.is_mapped, node('enrich')?.mapped_over], [true, ['id']]);
    assert.equal(node('load')?.is_mapped, false);
    assert.equal(node('load')?.trigger_rule, 'all_done');
    assert.equal(node('notify')?.operator, 'BashOperator');
    assert.equal(node('extract.users')?.uses_params, true);
    assert.equal(node('extract.orders')?.uses_params, false);
    // Upstream before downstream.
    const order = s.nodes.map((n) => n.task_id);
    for (const e of s.edges) assert.ok(order.indexOf(e.from) < order.indexOf(e.to), `${e.from} -> ${e.to} in topological order`);
  });

  it('edges: data flow carries the consuming input names; plain dependencies are "order" edges', async () => {
    const s = await get<UiDagStructure>(`/ui/dags/${DAG_ID}/structure?version_number=1`);
    const edge = (from: string, to: string) => s.edges.find((e) => e.from === from && e.to === to);
    assert.deepEqual(edge('extract.users', 'extract.audit.check'), { from: 'extract.users', to: 'extract.audit.check', kind: 'data', inputs: [{ name: 'rows', xcom_key: 'return_value', mapped: false }] });
    assert.deepEqual(edge('extract.users', 'enrich')?.inputs, [{ name: 'id', xcom_key: 'return_value', mapped: true }], 'an expand input is a mapped data edge');
    assert.deepEqual(edge('extract.orders', 'enrich')?.inputs, [{ name: 'orders', xcom_key: 'return_value', mapped: false }]);
    assert.deepEqual(edge('extract.users', 'load')?.inputs, [{ name: 'count', xcom_key: 'row_count', mapped: false }], 'another XCom key of the producer');
    assert.equal(edge('enrich', 'load')?.kind, 'data');
    // chain(start, group) reaches the group's roots; load.before(notify) is ordering only.
    assert.deepEqual(edge('start', 'extract.users'), { from: 'start', to: 'extract.users', kind: 'order', inputs: [] });
    assert.equal(edge('start', 'extract.orders')?.kind, 'order');
    assert.deepEqual(edge('load', 'notify'), { from: 'load', to: 'notify', kind: 'order', inputs: [] });
    assert.equal(edge('start', 'extract.audit.check'), undefined, 'a task inside a nested group with an upstream in the group is not a root');
    // One edge per pair.
    const keys = s.edges.map((e) => `${e.from}>${e.to}`);
    assert.equal(new Set(keys).size, keys.length);
  });

  it('groups: parents first, labels, tooltips, task counts over subgroups', async () => {
    const s = await get<UiDagStructure>(`/ui/dags/${DAG_ID}/structure?version_number=1`);
    assert.deepEqual(s.groups, [
      { group_id: 'extract', label: 'extract', parent_id: null, tooltip: 'Pull the sources', task_count: 3 },
      { group_id: 'extract.audit', label: 'audit', parent_id: 'extract', tooltip: null, task_count: 1 },
    ]);
  });

  it('the latest version by default; an older one on request; 404 for an unknown DAG or version', async () => {
    const latest = await get<UiDagStructure>(`/ui/dags/${DAG_ID}/structure`);
    assert.equal(latest.version_number, 2);
    assert.ok(latest.nodes.some((n) => n.task_id === 'report'));
    assert.ok(latest.edges.some((e) => e.from === 'load' && e.to === 'report' && e.kind === 'data'));
    const v1 = await get<UiDagStructure>(`/ui/dags/${DAG_ID}/structure?version_number=1`);
    assert.ok(!v1.nodes.some((n) => n.task_id === 'report'));
    const unknown = await f.call('GET', '/ui/dags/no_such_dag/structure');
    assert.equal(unknown.status, 404);
    assert.match(((await unknown.json()) as { detail: string }).detail, /no_such_dag/);
    const noVersion = await f.call('GET', `/ui/dags/${DAG_ID}/structure?version_number=9`);
    assert.equal(noVersion.status, 404);
    assert.match(((await noVersion.json()) as { detail: string }).detail, /no version 9/);
    assert.equal((await f.call('GET', `/ui/dags/${DAG_ID}/structure?version_number=x`)).status, 422);
  });

  it('a Viewer may read it; no token is a 401; answers carry an ETag', async () => {
    await get<UiDagStructure>(`/ui/dags/${DAG_ID}/structure`, f.tokens.Viewer);
    assert.equal((await f.call('GET', `/ui/dags/${DAG_ID}/structure`, { token: null })).status, 401);
    const first = await f.call('GET', `/ui/dags/${DAG_ID}/structure`);
    const tag = first.headers.get('etag');
    assert.ok(tag);
    assert.equal((await f.call('GET', `/ui/dags/${DAG_ID}/structure`, { headers: { 'if-none-match': tag } })).status, 304);
  });

  it('run_timeline: the latest run by default, every map index, the run\'s version; a chosen run; 404 for an unknown run', async () => {
    const latest = await get<UiRunTimeline>(`/ui/dags/${DAG_ID}/run_timeline`);
    assert.equal(latest.dag_run?.dag_run_id, 'r3');
    assert.equal(latest.dag_run?.dag_version_number, 2);
    const rows = latest.task_instances.map((ti) => [ti.task_id, ti.map_index, ti.state]);
    assert.deepEqual(rows.sort(), [['enrich', 0, 'success'], ['enrich', 1, 'up_for_retry'], ['load', -1, null], ['start', -1, 'success']].sort());
    const start = latest.task_instances.find((ti) => ti.task_id === 'start');
    assert.deepEqual([start?.queued_at, start?.start_date, start?.end_date, start?.duration, start?.try_number], ['2025-03-05T12:00:00.000Z', '2025-03-05T12:00:05.000Z', '2025-03-05T12:00:07.000Z', 2, 1]);
    const r1 = await get<UiRunTimeline>(`/ui/dags/${DAG_ID}/run_timeline?run_id=r1`);
    assert.deepEqual([r1.dag_run?.dag_run_id, r1.dag_run?.state, r1.task_instances], ['r1', 'success', []]);
    const missing = await f.call('GET', `/ui/dags/${DAG_ID}/run_timeline?run_id=nope`);
    assert.equal(missing.status, 404);
    assert.match(((await missing.json()) as { detail: string }).detail, /no run 'nope'/);
    assert.equal((await f.call('GET', '/ui/dags/no_such_dag/run_timeline')).status, 404);
  });

  it('calendar: runs per day and state in the DAG\'s time zone, a year at a time, with the years to choose from', async () => {
    const cal = await get<UiCalendar>(`/ui/dags/${DAG_ID}/calendar?year=2025`);
    assert.equal(cal.timezone, 'Europe/Paris');
    assert.equal(cal.year, 2025);
    // 23:30 UTC on 1 March is 00:30 on 2 March in Paris; r3 has no logical date and counts on its run_after.
    assert.deepEqual(cal.days, [
      { date: '2025-03-02', total: 2, counts: { success: 1, failed: 1 } },
      { date: '2025-03-05', total: 1, counts: { success: 1 } },
    ]);
    assert.ok(cal.years.includes(2023) && cal.years.includes(2024) && cal.years.includes(2025));
    assert.ok(cal.years[0] !== undefined && cal.years[0] >= 2025, 'newest year first');
    const old = await get<UiCalendar>(`/ui/dags/${DAG_ID}/calendar?year=2023`);
    assert.deepEqual(old.days, [{ date: '2023-06-01', total: 1, counts: { success: 1 } }]);
    assert.deepEqual((await get<UiCalendar>(`/ui/dags/${DAG_ID}/calendar?year=2024`)).days, []);
    assert.equal((await f.call('GET', '/ui/dags/no_such_dag/calendar')).status, 404);
  });

  it('the endpoints are in the served spec with their permission', async () => {
    const spec = (await (await f.call('GET', '/api/v2/openapi.json', { token: null })).json()) as { paths: Record<string, Record<string, Record<string, unknown>>> };
    assert.equal(spec.paths['/ui/dags/{dag_id}/structure']?.get?.['x-updraft-permission'], 'read DAGs');
    assert.equal(spec.paths['/ui/dags/{dag_id}/run_timeline']?.get?.['x-updraft-permission'], 'read task instances');
    assert.equal(spec.paths['/ui/dags/{dag_id}/calendar']?.get?.['x-updraft-permission'], 'read DAG runs');
  });
});
