/**
 * `POST /api/v2/assets/events` then `GET /api/v2/assets/events`: an event reported
 * by hand is stored and listed with Airflow's AssetEventResponse fields (the asset's
 * uri, name and group, the extra marked from_rest_api, no source task), next to the
 * seeded event a task produced (its source DAG, task, run and map index).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SEEDED, startApiFixture, type ApiFixture } from './api-fixture.js';

let f: ApiFixture;
before(async () => {
  f = await startApiFixture();
});
after(() => f.close());

type Json = Record<string, unknown>;

test('an asset event created through the API is listed with its asset, extra, source fields and timestamp', async () => {
  const assets = (await (await f.call('GET', '/api/v2/assets?uri_pattern=s3%3A//bucket/api.csv')).json()) as { assets: Json[] };
  const assetId = assets.assets[0]?.id;
  assert.equal(typeof assetId, 'number', 'the seeded asset is listed');

  const startedAt = Date.now();
  const posted = await f.call('POST', '/api/v2/assets/events', { body: { asset_id: assetId, extra: { rows: 10, note: 'backfilled by hand' } } });
  assert.equal(posted.status, 200);
  const created = (await posted.json()) as Json;
  const expected = {
    asset_id: assetId,
    uri: 's3://bucket/api.csv',
    name: 'api_csv',
    group: 'asset',
    extra: { rows: 10, note: 'backfilled by hand', from_rest_api: true },
    source_dag_id: null,
    source_task_id: null,
    source_run_id: null,
    source_map_index: -1,
    created_dagruns: [],
    partition_key: null,
  };
  assert.deepEqual({ ...created, id: undefined, timestamp: undefined }, { ...expected, id: undefined, timestamp: undefined });
  assert.equal(typeof created.id, 'number');
  const stamped = Date.parse(String(created.timestamp));
  assert.match(String(created.timestamp), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|\+00:00)$/);
  assert.ok(stamped >= startedAt - 1000 && stamped <= Date.now() + 1000, `timestamp ${String(created.timestamp)} is now`);

  const listed = (await (await f.call('GET', `/api/v2/assets/events?asset_id=${String(assetId)}&order_by=-timestamp`)).json()) as { asset_events: Json[]; total_entries: number };
  assert.equal(listed.total_entries, 2, 'the seeded event and the new one');
  assert.deepEqual(listed.asset_events[0], created, 'GET returns the created event as POST answered it');
  const seeded = listed.asset_events[1];
  assert.deepEqual(
    [seeded?.source_dag_id, seeded?.source_task_id, seeded?.source_run_id, seeded?.source_map_index, seeded?.uri, seeded?.timestamp],
    [SEEDED.dag, 'load', SEEDED.run, -1, 's3://bucket/api.csv', '2025-01-03T00:00:00.000Z'],
  );

  const bySource = (await (await f.call('GET', `/api/v2/assets/events?source_dag_id=${SEEDED.dag}`)).json()) as { asset_events: Json[] };
  assert.ok(!bySource.asset_events.some((e) => e.id === created.id), 'the hand-made event has no source DAG');
});
