/** Rendered fields: the config with each rendered template replaced, written once per turn of the event loop, never failing the task. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { JsonObject } from '../core/dag-spec.js';
import { RenderedFieldsRecorder, renderedFieldsWriter } from './rendered-fields.js';

const config: JsonObject = { sql: 'select {{ ds }}', target: { table: 'day_{{ ds_nodash }}', keep: 'as written' }, tags: ['{{ ds }}', 'x'], limit: 5 };

it('substitutes every rendered template wherever it appears, leaves the rest as written, and writes once for renderings of one turn', async () => {
  const writes: JsonObject[] = [];
  const recorder = new RenderedFieldsRecorder(config, async (fields) => void writes.push(fields));
  recorder.rendered('select {{ ds }}', 'select 2024-01-02');
  recorder.rendered('{{ ds }}', '2024-01-02');
  recorder.rendered('day_{{ ds_nodash }}', 'day_20240102');
  await recorder.settled();
  assert.deepEqual(writes, [{ sql: 'select 2024-01-02', target: { table: 'day_20240102', keep: 'as written' }, tags: ['2024-01-02', 'x'], limit: 5 }]);

  recorder.rendered('select {{ ds }}', 'select 2024-01-02');
  await recorder.settled();
  assert.equal(writes.length, 1, 'a template rendered again to the same text writes nothing');
  recorder.rendered('{{ ds }}', '2024-01-03');
  await recorder.settled();
  assert.equal(writes.length, 2, 'a new result is written');
});

it('a failed write is reported and settles, so the task goes on', async () => {
  const reported: string[] = [];
  const services = { recordRenderedFields: async () => Promise.reject(new Error('API unreachable')) };
  const recorder = new RenderedFieldsRecorder(config, renderedFieldsWriter(services, { taskId: 't', mapIndex: -1 }, { warn: (m) => reported.push(m) }));
  recorder.rendered('select {{ ds }}', 'select 1');
  await recorder.settled();
  assert.deepEqual(reported, ['Could not record the rendered fields: API unreachable']);
  assert.deepEqual(recorder.current().sql, 'select 1');
});
