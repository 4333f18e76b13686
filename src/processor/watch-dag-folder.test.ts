import assert from 'node:assert/strict';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { makeTempDags } from './testing/dag-fixtures.js';
import { watchDagFolder } from './watch-dag-folder.js';

interface Change {
  readonly changed: string[];
  readonly removed: string[];
  readonly at: number;
}

async function waitFor<T>(find: () => T | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`nothing reported within ${timeoutMs} ms`);
    await sleep(10);
  }
}

test('reports changed, new (also in new folders) and removed files within ~1 s, debounced, skipping dot/node_modules paths', async () => {
  const temp = await makeTempDags({ 'a.ts': 'a', 'sub/b.ts': 'b' });
  const changes: Change[] = [];
  const watcher = watchDagFolder(temp.dagsFolder, (changed, removed) => changes.push({ changed, removed, at: Date.now() }));
  try {
    await sleep(50);
    const started = Date.now();
    await writeFile(temp.path('a.ts'), 'a2');
    await writeFile(temp.path('a.ts'), 'a3'); // a burst: reported once
    const first = await waitFor(() => changes[0], 1000);
    assert.deepEqual(first, { changed: [temp.path('a.ts')], removed: [], at: first.at });
    assert.ok(first.at - started < 1000, `reported after ${first.at - started} ms`);
    await sleep(150);
    assert.equal(changes.length, 1);

    await mkdir(temp.path('fresh'));
    await writeFile(temp.path('fresh/c.ts'), 'c');
    await rm(temp.path('sub/b.ts'));
    await mkdir(temp.path('node_modules/x'), { recursive: true });
    await writeFile(temp.path('node_modules/x/i.ts'), 'i');
    await writeFile(temp.path('.hidden.ts'), 'h');
    await waitFor(() => (changes.length >= 2 ? true : undefined), 1000);
    await sleep(200);
    const changed = new Set(changes.slice(1).flatMap((c) => c.changed));
    const removed = changes.slice(1).flatMap((c) => c.removed);
    assert.ok(changed.has(temp.path('fresh/c.ts')), `fresh/c.ts not in ${[...changed].join(', ')}`);
    assert.deepEqual(removed, [temp.path('sub/b.ts')]);
    assert.ok(![...changed].some((p) => p.includes('node_modules') || p.includes('.hidden')));
  } finally {
    watcher.close();
    await temp.remove();
  }
});

test('.updraftignore changes are reported', async () => {
  const temp = await makeTempDags({ 'a.ts': 'a' });
  const changes: string[][] = [];
  const watcher = watchDagFolder(temp.dagsFolder, (changed) => changes.push(changed), { debounceMs: 20 });
  try {
    await sleep(50);
    await writeFile(temp.path('.updraftignore'), 'a.ts\n');
    const changed = await waitFor(() => changes[0], 1000);
    assert.deepEqual(changed, [temp.path('.updraftignore')]);
  } finally {
    watcher.close();
    await temp.remove();
  }
});
