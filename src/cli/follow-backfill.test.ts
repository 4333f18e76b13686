import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createBackfill } from '../services/backfill.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { seedDag } from '../store/testing/fixtures.js';
import { followBackfill } from './follow-backfill.js';

const NOW = new Date('2021-02-01T00:00:00.000Z');
let dir = '';
let store: Store;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'updraft-follow-'));
  store = await openStore({ home: dir });
});
after(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function threeRuns() {
  const { dagId } = await seedDag(store, { schedule: { kind: 'cron', expression: '0 0 * * *', timezone: 'UTC', dataIntervals: true } });
  const { backfill } = await createBackfill(
    store,
    { dagId, from: new Date('2021-01-01T00:00:00Z'), to: new Date('2021-01-03T00:00:00Z'), triggeredBy: 'test' },
    NOW,
  );
  const key = (day: string) => ({ dagId, runId: `backfill__2021-01-0${day}T00:00:00+00:00` });
  return { backfill, key };
}

describe('followBackfill', () => {
  it('prints one plain line per change until every run ended', async () => {
    const { backfill, key } = await threeRuns();
    const out: string[] = [];
    // Runs end while it follows: one now, the others on the next polls.
    const steps = [
      () => store.dagRuns.update(key('1'), { state: 'success' }),
      () => store.dagRuns.update(key('2'), { state: 'failed' }),
      () => store.dagRuns.update(key('3'), { state: 'success' }),
    ];
    const final = await followBackfill(store, backfill.id, {
      tty: false,
      pollMs: 1,
      write: (text) => {
        out.push(text);
        void steps.shift()?.();
      },
    });
    assert.deepEqual([final.done, final.total, final.byState.failed], [3, 3, 1]);
    assert.equal(out[0], '0/3 runs done (0 success, 0 failed, 3 queued)\n');
    assert.equal(out.at(-1), '3/3 runs done (2 success, 1 failed)\n');
    assert.equal(new Set(out).size, out.length, 'a line only when something changed');
  });

  it('redraws a progress bar in place on a terminal', async () => {
    const { backfill, key } = await threeRuns();
    for (const day of ['1', '2', '3']) await store.dagRuns.update(key(day), { state: 'success' });
    const out: string[] = [];
    await followBackfill(store, backfill.id, { tty: true, write: (text) => out.push(text) });
    assert.deepEqual(out, [`\r\u001b[2K[${'#'.repeat(30)}] 3/3 runs done (3 success, 0 failed)\n`]);
  });
});
