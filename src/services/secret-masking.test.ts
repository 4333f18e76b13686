import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maskedExtra, maskedVariableValue, maskSensitive } from './secret-masking.js';

test('sensitive keys are masked at any depth, others kept', () => {
  assert.deepEqual(maskSensitive('', { host: 'h', nested: { Api_Key: 'k', list: [{ token: 't', ok: 1 }] } }), {
    host: 'h',
    nested: { Api_Key: '***', list: [{ token: '***', ok: 1 }] },
  });
});

test('a connection extra that is not JSON is hidden whole', () => {
  assert.equal(maskedExtra('not json'), '***');
  assert.equal(maskedExtra('{"private_key": "x", "region": "eu"}'), '{"private_key":"***","region":"eu"}');
  assert.equal(maskedExtra(null), null);
});

test('variables: a secret key hides the value; plain values stay byte for byte', () => {
  assert.equal(maskedVariableValue('db_PASSWORD', 'x'), '***');
  assert.equal(maskedVariableValue('greeting', '{ "a" : 1 }'), '{ "a" : 1 }');
  assert.equal(maskedVariableValue('cfg', '{"secret": "s"}'), '{"secret":"***"}');
});
