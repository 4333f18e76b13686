/** The JSON-safe value rules every SQL hook applies. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decimalValue, integerValue, jsonSafe } from './json-safe.js';

describe('JSON-safe SQL values', () => {
  it('integers: numbers when safe, decimal text beyond 2^53', () => {
    assert.equal(integerValue('42'), 42);
    assert.equal(integerValue(9007199254740991n), 9007199254740991);
    assert.equal(integerValue('9007199254740993'), '9007199254740993');
    assert.equal(integerValue(-9223372036854775808n), '-9223372036854775808');
  });

  it('decimals: numbers when the double keeps the digits, else the exact text', () => {
    assert.equal(decimalValue('10.50'), 10.5);
    assert.equal(decimalValue('0.00'), 0);
    assert.equal(decimalValue('-0.1'), -0.1);
    assert.equal(decimalValue('0.0000001'), 1e-7);
    assert.equal(decimalValue('12345678901234567890.12'), '12345678901234567890.12');
    assert.equal(decimalValue('0.12345678901234567890'), '0.12345678901234567890');
    assert.equal(decimalValue('NaN'), 'NaN');
  });

  it('dates to ISO text, bytes to base64, non-finite numbers to text, nested values converted', () => {
    assert.equal(jsonSafe(new Date('2024-01-31T12:00:00Z')), '2024-01-31T12:00:00.000Z');
    assert.equal(jsonSafe(Buffer.from('hi')), 'aGk=');
    assert.equal(jsonSafe(Number.NaN), 'NaN');
    assert.equal(jsonSafe(-Infinity), '-Infinity');
    assert.deepEqual(jsonSafe({ a: [1n, new Date(0)], b: undefined }), { a: [1, '1970-01-01T00:00:00.000Z'], b: null });
  });
});
