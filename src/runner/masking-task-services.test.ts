/** Secrets a try fetches are masked from the moment they are fetched, whoever fetched them. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { JsonObject } from '../core/dag-spec.js';
import type { ConnectionInfo } from '../sdk/context.js';
import { maskingTaskServices } from './masking-task-services.js';
import { SecretMasker } from './secret-masker.js';
import type { TaskServices, VariableEntry } from './task-services.js';

const connection: ConnectionInfo = {
  connId: 'api',
  connType: 'http',
  host: 'api.example.com',
  schema: null,
  login: 'robot',
  password: 'p@ss/w"rd',
  port: null,
  extra: { timeout: 30, headers: { Authorization: 'Bearer abc.def.ghi', Accept: 'application/json' }, client_secret: 'cs-12345', region: 'eu-west-1' },
};

const recorded: JsonObject[] = [];

function services(variables: Record<string, VariableEntry>, withEntries = true): TaskServices {
  return {
    readXComs: async () => [],
    writeXCom: async () => undefined,
    recordRenderedFields: async (_taskId, _mapIndex, fields) => {
      recorded.push(fields);
    },
    getVariable: async (key) => variables[key]?.value ?? null,
    ...(withEntries ? { getVariableEntry: async (key: string) => variables[key] ?? null } : {}),
    getConnection: async (connId) => (connId === 'api' ? connection : null),
    observeExternalTasks: async () => ({ what: 'nothing', states: [], expected: 1 }),
    assetUpdates: async () => ({ count: 0, latest: null }),
    triggerDagRun: async () => ({ created: false, runId: 'x', reason: 'not in this test' }),
    setDefaultVariable: async (_taskId, variable) => variable.value,
    setDefaultConnection: async () => true,
    setDefaultPool: async () => true,
  };
}

it('rendered fields are recorded with every secret the try knows masked, and values under sensitive keys hidden', async () => {
  const masker = new SecretMasker();
  const wrapped = maskingTaskServices(services({}), masker);
  await wrapped.getConnection('api');
  masker.add('registered-by-the-task');
  await wrapped.recordRenderedFields('t', -1, { url: 'https://robot:p@ss/w"rd@api.example.com', headers: { token: 'anything' }, note: 'registered-by-the-task here' });
  assert.deepEqual(recorded.at(-1), { url: 'https://robot:***@api.example.com', headers: { token: '***' }, note: '*** here' });
});

it('a fetched connection masks its password (as written, URL-encoded, JSON-escaped) and the values under sensitive extra keys', async () => {
  const masker = new SecretMasker();
  const wrapped = maskingTaskServices(services({}), masker);
  assert.equal(masker.mask('p@ss/w"rd'), 'p@ss/w"rd', 'nothing is masked before the fetch');
  assert.deepEqual(await wrapped.getConnection('api'), connection, 'the connection itself is unchanged');
  assert.equal(
    masker.mask(`pw p@ss/w"rd url ${encodeURIComponent('p@ss/w"rd')} json ${JSON.stringify({ p: 'p@ss/w"rd' })}`),
    'pw *** url *** json {"p":"***"}',
  );
  assert.equal(masker.mask('Bearer abc.def.ghi cs-12345 eu-west-1 application/json robot'), '*** *** eu-west-1 application/json robot');
  assert.equal(await wrapped.getConnection('missing'), null);
});

it('secret variables (flagged or sensitive key) are masked, whole and by JSON leaf; others are not', async () => {
  const masker = new SecretMasker();
  const wrapped = maskingTaskServices(
    services({
      flagged: { value: 'flag-value', secret: true },
      creds: { value: '{"user": "someone", "pass": "leafsecret"}', secret: true },
      region: { value: 'eu-west-1', secret: false },
    }),
    masker,
  );
  assert.equal(await wrapped.getVariable('flagged'), 'flag-value');
  assert.equal(await wrapped.getVariable('creds'), '{"user": "someone", "pass": "leafsecret"}');
  assert.equal(await wrapped.getVariable('region'), 'eu-west-1');
  assert.equal(masker.mask('flag-value leafsecret someone eu-west-1'), '*** *** *** eu-west-1');
});

it('without getVariableEntry the key decides, by sensitive name', async () => {
  const masker = new SecretMasker();
  const wrapped = maskingTaskServices(services({ db_password: { value: 'hunter22', secret: false }, region: { value: 'eu-west-1', secret: false } }, false), masker);
  assert.deepEqual(await wrapped.getVariableEntry?.('db_password'), { value: 'hunter22', secret: true });
  await wrapped.getVariable('region');
  assert.equal(masker.mask('hunter22 eu-west-1'), '*** eu-west-1');
});
