/**
 * What the trigger dialog relies on from the API: each param of a DAG's details
 * says whether the conf must hold it (`required`, beside Airflow's value /
 * schema / description), and a refused trigger says which param was wrong in
 * words the dialog places under that field ("Invalid params for DAG 'x':
 * name: message; other: message"); run id and logical date conflicts say so.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { z } from 'zod';
import type { DagDetails } from '../../src/client/types.js';
import { paramsSpecOf } from '../../src/sdk/params.js';
import { dagSpec } from '../../src/store/testing/fixtures.js';
import { startApiFixture, type ApiFixture } from './api-fixture.js';

const DAG = 'trigger_form';

describe('the trigger dialog’s API: params with `required`, refusals it can place', () => {
  let f: ApiFixture;
  before(async () => {
    f = await startApiFixture();
    const params = paramsSpecOf(
      DAG,
      z.object({
        name: z.string().min(3),
        region: z.string().default('emea'),
        limit: z.number().int().min(1).max(10).nullable(),
        url: z.url().optional(),
      }),
    );
    const spec = dagSpec(DAG, { params });
    await f.app.store.dags.syncFromFile({ fileloc: spec.fileloc, source: '// trigger_form', dags: [{ spec }] }, new Date('2025-01-01T00:00:00Z'));
  });
  after(() => f.close());

  const trigger = (body: unknown) => f.call('POST', `/api/v2/dags/${DAG}/dagRuns`, { body });

  it('details: per param its default, schema, description and whether it is required', async () => {
    const response = await f.call('GET', `/api/v2/dags/${DAG}/details`);
    assert.equal(response.status, 200);
    const params = (await response.json() as DagDetails).params as Record<string, { value: unknown; required: boolean; schema: Record<string, unknown> }>;
    assert.deepEqual(Object.keys(params), ['name', 'region', 'limit', 'url']);
    assert.deepEqual(
      Object.fromEntries(Object.entries(params).map(([k, p]) => [k, p.required])),
      { name: true, region: false, limit: true, url: false },
      'no default and not optional = required (a nullable one too: it may be null, not missing)',
    );
    assert.equal(params.region?.value, 'emea');
    assert.equal(params.name?.schema.minLength, 3);
    assert.ok(Array.isArray(params.limit?.schema.anyOf), 'nullable: anyOf [integer, null]');
    assert.equal(params.url?.schema.format, 'uri');
  });

  it('a refused conf: 400, every wrong param named first in its own part', async () => {
    const response = await trigger({ conf: { name: 'ab', limit: 50, url: 'not a url' } });
    assert.equal(response.status, 400);
    const { detail } = (await response.json()) as { detail: string };
    assert.match(detail, /^Invalid params for DAG 'trigger_form': /);
    const parts = detail.replace(/^Invalid params for DAG 'trigger_form': /, '').split('; ');
    assert.deepEqual(parts.map((p) => p.slice(0, p.indexOf(': '))).sort(), ['limit', 'name', 'url']);
    assert.ok(parts.some((p) => /^url: Invalid URL/.test(p)), detail);
    // A missing required param, and null where it is allowed.
    const missing = (await (await trigger({ conf: { limit: null } })).json()) as { detail: string };
    assert.match(missing.detail, /name: /);
    assert.doesNotMatch(missing.detail, /limit: /);
  });

  it('a run id or logical date already taken: 409 saying which', async () => {
    const ok = await trigger({ conf: { name: 'abc', limit: null }, dag_run_id: 'first', logical_date: '2025-03-01T00:00:00Z' });
    assert.equal(ok.status, 200, await ok.clone().text());
    const sameId = await trigger({ conf: { name: 'abc', limit: null }, dag_run_id: 'first' });
    assert.equal(sameId.status, 409);
    assert.match(((await sameId.json()) as { detail: string }).detail, /already has a run with id "first"/);
    const sameDate = await trigger({ conf: { name: 'abc', limit: null }, logical_date: '2025-03-01T00:00:00Z' });
    assert.equal(sameDate.status, 409);
    assert.match(((await sameDate.json()) as { detail: string }).detail, /already has a run for logical date/);
    const badId = await trigger({ conf: { name: 'abc', limit: null }, dag_run_id: 'has spaces' });
    assert.equal(badId.status, 400);
    assert.match(((await badId.json()) as { detail: string }).detail, /run id 'has spaces' is invalid/);
  });
});
