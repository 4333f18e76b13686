import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { timestamptzParser } from './dialects.js';

describe('timestamptzParser', () => {
  const original = pg.types.getTypeParser(1184, 'text') as (value: string) => unknown;
  const parse = timestamptzParser(original);

  it('reads what PostgreSQL prints in UTC exactly as pg does, to the millisecond', () => {
    const samples = ['2025-01-02 00:00:02.241+00', '2025-01-01 00:00:00+00', '2025-01-01 00:00:00.1+00', '2025-01-01 00:00:00.12+00', '1999-12-31 23:59:59.999+00', '2024-02-29 12:34:56.123456+00', '1000-01-01 00:00:00+00', '9999-12-31 23:59:59.999999+00'];
    // And a spread of times over four centuries, every fraction length.
    for (let i = 0; i < 5000; i += 1) {
      const t = new Date(Date.UTC(1900, 0, 1) + Math.floor(((i * 7919) % 5000) * 2.5e9 + i * 123_457));
      const text = t.toISOString().replace('T', ' ').replace('Z', '+00');
      const digits = i % 4;
      samples.push(digits === 0 ? text.replace(/\.\d{3}/, '') : text.replace(/(\.\d{3})/, (f) => f.slice(0, digits + 1) + (digits === 3 ? '456'.slice(0, i % 4) : '')));
    }
    for (const text of samples) assert.deepEqual(parse(text), original(text), text);
  });

  it('leaves every other form to pg: offsets, years before 1000, BC, infinity', () => {
    for (const text of ['2025-01-02 01:00:02.241+01', '2025-01-02 00:00:02-05:30', '0099-01-01 00:00:00+00', '2025-01-01 00:00:00+00 BC', 'infinity', '-infinity']) {
      assert.deepEqual(parse(text), original(text), text);
    }
  });
});
