/**
 * The task instance, XCom and DAG-extra routes do what they say (the
 * conformance suite checks shapes; this checks effects): following a live log
 * by its continuation token, marking and noting with audit lines, XCom writes,
 * clearing, sources by Accept, mapped instances and tries.
 */
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { taskLogPath } from '../../src/runner/log-file.js';
import { SEEDED, startApiFixture, type ApiFixture } from './api-fixture.js';
import { TI_SEEDED } from './task-instance-seed.js';

const etl = `/api/v2/dags/${SEEDED.dag}/dagRuns/${encodeURIComponent(TI_SEEDED.etlRun)}/taskInstances`;
const mapped = `/api/v2/dags/${TI_SEEDED.mappedDag}/dagRuns/${encodeURIComponent(TI_SEEDED.mappedRun)}/taskInstances`;

interface Json {
  [key: string]: unknown;
}

describe('task instance routes', () => {
  let f: ApiFixture;
  before(async () => {
    // Secrets from every backend, for the XCom masking test: the environment and a local variables file.
    const variablesFile = join(mkdtempSync(join(tmpdir(), 'updraft-vars-')), 'variables.json');
    writeFileSync(variablesFile, JSON.stringify({ vendor_password: 'file-pw-5544' }));
    f = await startApiFixture({
      env: {
        UPDRAFT_CONN_PARTNER_SFTP: 'sftp://files:env-Pa55-7788@sftp.example:22',
        UPDRAFT_VAR_API_SECRET: 'env-var-secret-6655',
        UPDRAFT__SECRETS__VARIABLES_FILE_PATH: variablesFile,
      },
    });
  });
  after(() => f.close());
  const json = async (method: string, path: string, body?: unknown) => {
    const r = await f.call(method, path, body === undefined ? {} : { body });
    return { status: r.status, body: (await r.json()) as Json };
  };

  it('follows a live log: the token returns only lines written since', async () => {
    const first = await json('GET', `${etl}/extract/logs/1`);
    assert.equal(first.status, 200);
    assert.deepEqual((first.body.content as Json[]).map((m) => m.event), ['extracting', 'done']);
    const token = first.body.continuation_token as string;
    const again = await json('GET', `${etl}/extract/logs/1?token=${token}`);
    assert.deepEqual(again.body.content, []);
    const key = { dagId: SEEDED.dag, runId: TI_SEEDED.etlRun, taskId: 'extract', mapIndex: -1 };
    appendFileSync(taskLogPath(f.app.config.logsFolder, key, 1), '[2025-01-03T00:00:03.000Z] WARNING late line\n');
    const more = await json('GET', `${etl}/extract/logs/1?token=${again.body.continuation_token as string}`);
    assert.deepEqual(more.body.content, [{ timestamp: '2025-01-03T00:00:03.000Z', level: 'warning', event: 'late line' }]);
    const full = await json('GET', `${etl}/extract/logs/1?full_content=true&token=${token}`);
    assert.equal((full.body.content as Json[]).length, 3, 'full_content ignores the token');
  });

  it('serves a log as text or NDJSON by Accept', async () => {
    const text = await f.call('GET', `${etl}/extract/logs/1`, { headers: { accept: 'text/plain' } });
    assert.match(text.headers.get('content-type') ?? '', /^text\/plain/);
    assert.equal((await text.text()).split('\n')[0], TI_SEEDED.logLines[0]);
    assert.ok(text.headers.get('x-continuation-token'));
    const nd = await f.call('GET', `${etl}/extract/logs/1`, { headers: { accept: 'application/x-ndjson' } });
    assert.equal(nd.headers.get('content-type'), 'application/x-ndjson');
    assert.equal(JSON.parse((await nd.text()).split('\n')[0] as string).event, 'extracting');
  });

  it('routes `{task_id}/tries` to the tries, not to a map index; lists past and current tries', async () => {
    const tries = await json('GET', `${mapped}/fan/1/tries`);
    assert.deepEqual((tries.body.task_instances as Json[]).map((t) => [t.try_number, t.state]), [[1, 'failed'], [2, 'failed']]);
    const plain = await json('GET', `${etl}/extract/tries`);
    assert.equal(plain.status, 200);
    assert.equal(plain.body.total_entries, 1);
  });

  it('a deferred sensor shows its trigger in Airflow\'s shape', async () => {
    const sense = await json('GET', `${mapped}/sense`);
    assert.equal(sense.body.state, 'deferred');
    const trigger = sense.body.trigger as Json;
    assert.equal(trigger.classpath, 'updraft.triggers.TimeTrigger');
    assert.deepEqual(JSON.parse(trigger.kwargs as string), { at: '2025-02-01T01:00:00.000Z', timeout_at: null });
    assert.equal(trigger.created_date, '2025-02-01T00:00:01.000Z');
    assert.equal(typeof trigger.id, 'number');
    assert.equal((await json('GET', `${mapped}/after`)).body.trigger, null);
  });

  it('lists mapped instances in map-index order and filters by map index', async () => {
    const list = await json('GET', `${mapped}/fan/listMapped`);
    assert.deepEqual((list.body.task_instances as Json[]).map((t) => t.map_index), [0, 1]);
    const one = await json('GET', `/api/v2/dags/~/dagRuns/~/taskInstances?map_index=1`);
    assert.deepEqual((one.body.task_instances as Json[]).map((t) => `${t.task_id}[${t.map_index}]`), ['fan[1]']);
    const paged = await json('GET', `${mapped}?order_by=-map_index&limit=1&offset=1`);
    assert.equal(paged.body.total_entries, 4);
    assert.deepEqual((paged.body.task_instances as Json[]).map((t) => t.map_index), [0]);
  });

  it('a dry run changes nothing; a patch marks, notes and is audited', async () => {
    const dry = await json('PATCH', `${etl}/extract/dry_run`, { new_state: 'failed', include_downstream: true });
    assert.deepEqual((dry.body.task_instances as Json[]).map((t) => t.task_id).sort(), ['extract', 'load']);
    assert.equal((await f.app.store.taskInstances.get({ dagId: SEEDED.dag, runId: TI_SEEDED.etlRun, taskId: 'load', mapIndex: -1 }))?.state, 'success');
    const marked = await json('PATCH', `${etl}/load`, { new_state: 'failed', note: 'bad rows' });
    assert.deepEqual((marked.body.task_instances as Json[]).map((t) => [t.task_id, t.state, t.note]), [['load', 'failed', 'bad rows']]);
    const events = (await f.app.store.auditLog.list({ dagId: SEEDED.dag })).items.map((e) => e.event);
    assert.ok(events.includes('mark_failed') && events.includes('task_instance_note'), events.join(', '));
  });

  it('an XCom is shown with the secrets a task returned masked, and stored as it was', async () => {
    await f.app.store.connections.upsert({ connId: 'partner_api', connType: 'http', description: null, host: 'api.example', schema: null, login: 'etl', password: 's3cr3t-Pa55', port: null, extra: null });
    await f.app.store.variables.set({ key: 'partner_token', value: 'tok-998877', isSecret: true });
    const key = { dagId: SEEDED.dag, runId: TI_SEEDED.etlRun, taskId: 'extract', mapIndex: -1, key: 'leaky' };
    const value = {
      url: 'https://etl:s3cr3t-Pa55@api.example/v1',
      token: 'tok-998877',
      api_key: 'plain-but-sensitive-name',
      rows: 3,
      // From the environment and the local file backend, which tasks read as well as the database.
      notes: ['sftp with env-Pa55-7788', 'env-var-secret-6655', 'vendor: file-pw-5544'],
    };
    await f.app.store.xcom.set({ ...key, value, timestamp: new Date() });
    const shown = await json('GET', `${etl}/extract/xcomEntries/leaky`);
    assert.deepEqual(shown.body.value, { url: 'https://etl:***@api.example/v1', token: '***', api_key: '***', rows: 3, notes: ['sftp with ***', '***', 'vendor: ***'] });
    assert.deepEqual((await f.app.store.xcom.get(key))?.value, value, 'downstream tasks still read the real value');
  });

  it('dependencies say why a task does not run', async () => {
    const deps = await json('GET', `${etl}/extract/dependencies`);
    assert.deepEqual((deps.body.dependencies as Json[]).map((d) => d.name), ['Task Instance State']);
  });

  it('creates and updates XComs in the store, audited', async () => {
    const path = `${etl}/extract/xcomEntries`;
    assert.equal((await json('POST', path, { key: 'k', value: { a: 1 } })).status, 201);
    assert.equal((await json('PATCH', `${path}/k`, { value: 'two' })).status, 200);
    const stored = await f.app.store.xcom.get({ dagId: SEEDED.dag, runId: TI_SEEDED.etlRun, taskId: 'extract', mapIndex: -1, key: 'k' });
    assert.equal(stored?.value, 'two');
    const str = await json('GET', `${path}/return_value?stringify=true`);
    assert.equal(str.body.value, '{"rows":3}');
    const events = (await f.app.store.auditLog.list({})).items.map((e) => e.event);
    assert.ok(events.includes('create_xcom_entry') && events.includes('update_xcom_entry'));
  });

  it('clears by task id: a dry run lists, the real one resets and audits', async () => {
    const path = `/api/v2/dags/${TI_SEEDED.mappedDag}/clearTaskInstances`;
    const dry = await json('POST', path, { task_ids: ['fan'], only_failed: true });
    assert.deepEqual((dry.body.task_instances as Json[]).map((t) => t.map_index), [1]);
    const done = await json('POST', path, { task_ids: ['fan'], only_failed: true, dry_run: false });
    assert.deepEqual((done.body.task_instances as Json[]).map((t) => [t.map_index, t.state]), [[1, null]]);
    assert.ok((await f.app.store.auditLog.list({ event: 'clear_task_instances' })).total >= 1);
  });

  it('serves DAG sources as JSON or text, and refuses other types with 406', async () => {
    const v1 = await json('GET', `/api/v2/dagSources/${TI_SEEDED.mappedDag}?version_number=1`);
    assert.deepEqual(v1.body, { content: '// mapped v1', dag_id: TI_SEEDED.mappedDag, version_number: 1, dag_display_name: TI_SEEDED.mappedDag });
    const text = await f.call('GET', `/api/v2/dagSources/${TI_SEEDED.mappedDag}`, { headers: { accept: 'text/plain' } });
    assert.equal(await text.text(), '// mapped v2');
    assert.equal((await f.call('GET', `/api/v2/dagSources/${TI_SEEDED.mappedDag}`, { headers: { accept: 'image/png' } })).status, 406);
  });

  it('counts runs per state in dagStats', async () => {
    const stats = await json('GET', `/api/v2/dagStats?dag_ids=${TI_SEEDED.mappedDag}`);
    const dag = (stats.body.dags as Json[])[0] as Json;
    assert.deepEqual(dag.stats, [
      { state: 'queued', count: 0 },
      { state: 'running', count: 1 },
      { state: 'success', count: 0 },
      { state: 'failed', count: 0 },
    ]);
  });
});
