import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maskedExtra, maskedVariableValue, maskSensitive, restoreMaskedExtra } from './secret-masking.js';

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

test('a masked extra sent back gets the saved secrets again; changed values stay as sent', () => {
  const saved = JSON.stringify({ region: 'eu', api_key: 'k-123', nested: { password: 'p', list: [{ token: 't' }] } });
  const shown = maskedExtra(saved) as string;
  assert.equal(restoreMaskedExtra(shown, saved), saved);
  const edited = JSON.stringify({ ...JSON.parse(shown), region: 'us' });
  assert.deepEqual(JSON.parse(restoreMaskedExtra(edited, saved) as string), { ...JSON.parse(saved), region: 'us' });
  // A *** with nothing saved at its place stays: there is nothing to restore.
  assert.equal(restoreMaskedExtra(JSON.stringify({ api_key: '***' }), null), JSON.stringify({ api_key: '***' }));
});
