import assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { DagProcessor, type ParseBatch, type ParseSink } from './dag-processor.js';
import { makeTempDags, simpleDagFile } from './testing/dag-fixtures.js';

class RecordingSink implements ParseSink {
  readonly batches: ParseBatch[] = [];
  readonly times: Date[] = [];
  async applyParseResults(batch: ParseBatch, now: Date): Promise<void> {
    this.batches.push(batch);
    this.times.push(now);
  }
  private seen = 0;
  async next(count: number, timeoutMs = 3000): Promise<ParseBatch> {
    return this.waitFor(() => true, timeoutMs, count - 1);
  }
  /** The first batch after those already returned that matches (a save may reach the watcher as two events). */
  async waitFor(matches: (batch: ParseBatch) => boolean, timeoutMs = 3000, from = this.seen): Promise<ParseBatch> {
    const deadline = Date.now() + timeoutMs;
    for (let i = from; ; ) {
      const batch = this.batches[i];
      if (batch !== undefined) {
        i += 1;
        if (matches(batch)) {
          this.seen = i;
          return batch;
        }
        continue;
      }
      if (Date.now() > deadline) throw new Error(`no matching batch within ${timeoutMs} ms; got ${JSON.stringify(this.batches.map(fileloc))}`);
      await sleep(10);
    }
  }
}

const fileloc = (batch: ParseBatch) => batch.results.map((r) => r.fileloc);

test('DagProcessor: parses all, then re-parses what changes through the watcher', async () => {
  const temp = await makeTempDags({
    'a.ts': simpleDagFile('a'),
    'b.ts': `import { dag, bash } from 'updraft';\nimport { cmd } from './lib/cmd.js';\ndag('b', {}, () => { bash('t', cmd); });\n`,
    'lib/cmd.ts': `export const cmd = 'echo one';\n`,
  });
  const examples = await makeTempDags({ 'example.ts': simpleDagFile('example') });
  const sink = new RecordingSink();
  const fixed = new Date('2025-01-01T00:00:00Z');
  const processor = new DagProcessor({
    dagsFolders: [temp.dagsFolder, { path: examples.dagsFolder, filelocPrefix: 'examples/' }],
    cacheDir: temp.cacheDir,
    timeoutMs: 5000,
    sink,
    clock: () => fixed,
    debounceMs: 30,
  });
  try {
    await processor.start();
    const initial = await sink.next(1);
    assert.deepEqual(fileloc(initial), ['a.ts', 'b.ts', 'examples/example.ts']);
    assert.deepEqual(initial.allFilelocs, ['a.ts', 'b.ts', 'examples/example.ts']);
    assert.ok(initial.results.every((r) => r.error === null));
    assert.equal(initial.results[2]?.dags[0]?.fileloc, 'examples/example.ts');
    assert.equal(sink.times[0], fixed);
    const hashA = initial.results[0]?.hashes.a;
    const hashB = initial.results[1]?.hashes.b;

    // One DAG file edited: only it is re-parsed, with a new hash.
    const edited = Date.now();
    await writeFile(temp.path('a.ts'), simpleDagFile('a', 'v2'));
    const second = await sink.waitFor((b) => b.results.some((r) => r.fileloc === 'a.ts' && r.hashes.a !== hashA));
    // The watcher itself is held to ~1 s in its own test; this bound leaves room for a loaded machine.
    assert.ok(Date.now() - edited < 3000, `picked up after ${Date.now() - edited} ms`);
    assert.deepEqual(fileloc(second), ['a.ts']);
    assert.notEqual(second.results[0]?.hashes.a, hashA);

    // A helper module edited: every file is re-parsed; the one importing it gets a new version.
    await writeFile(temp.path('lib/cmd.ts'), `export const cmd = 'echo two';\n`);
    const third = await sink.waitFor((b) => b.results.some((r) => r.fileloc === 'b.ts'));
    assert.deepEqual(fileloc(third), ['a.ts', 'b.ts', 'examples/example.ts']);
    assert.notEqual(third.results[1]?.hashes.b, hashB);
    assert.equal(third.results[1]?.dags[0]?.tasks[0]?.config.command, 'echo two');

    // A new file that claims an existing DAG id does not take it over, even if it sorts first.
    await writeFile(temp.path('0_new.ts'), `import { dag, bash } from 'updraft';\ndag('b', {}, () => { bash('t', 'echo'); });\n`);
    const fourth = await sink.waitFor((b) => b.results.some((r) => r.fileloc === '0_new.ts'));
    assert.deepEqual(fileloc(fourth), ['0_new.ts']);
    assert.match(fourth.results[0]?.error?.message ?? '', /DAG id 'b' in 0_new\.ts is already defined in b\.ts/);

    // A file deleted, another ignored through .updraftignore: both reported as removed.
    const before = sink.batches.length;
    await rm(temp.path('0_new.ts'));
    await writeFile(temp.path('.updraftignore'), 'a.ts\n');
    // The two changes may arrive as one batch or two: wait for the final state.
    await sink.waitFor((b) => b.allFilelocs.length === 2);
    const removed = sink.batches.slice(before).flatMap((b) => b.removedFilelocs);
    assert.deepEqual([...new Set(removed)].sort(), ['0_new.ts', 'a.ts']);
    assert.deepEqual(sink.batches.at(-1)?.allFilelocs, ['b.ts', 'examples/example.ts']);
    assert.deepEqual(
      processor.results.map((r) => r.fileloc),
      ['b.ts', 'examples/example.ts'],
    );
  } finally {
    await processor.stop();
    await temp.remove();
    await examples.remove();
  }
});

test('DagProcessor.parseAll without watching; a broken file is reported and fixed on refresh', async () => {
  const temp = await makeTempDags({ 'ok.ts': simpleDagFile('ok'), 'bad.ts': `import { dag } from 'updraft';\nthrow new Error('nope');\ndag('bad', {}, () => {});\n` });
  const sink = new RecordingSink();
  const processor = new DagProcessor({ dagsFolders: [temp.dagsFolder], cacheDir: temp.cacheDir, sink, concurrency: 1 });
  try {
    const batch = await processor.parseAll();
    assert.match(batch.results.find((r) => r.fileloc === 'bad.ts')?.error?.message ?? '', /Failed to import bad\.ts: nope/);
    await writeFile(temp.path('bad.ts'), simpleDagFile('bad'));
    const fixed = await processor.refresh([temp.path('bad.ts')]);
    assert.deepEqual(fileloc(fixed), ['bad.ts']);
    assert.equal(fixed.results[0]?.error, null);
    assert.deepEqual(fixed.results[0]?.dags.map((d) => d.dagId), ['bad']);
    // Nothing changed: nothing to hand to the sink.
    const count = sink.batches.length;
    await processor.refresh([]);
    assert.equal(sink.batches.length, count);
  } finally {
    await processor.stop();
    await temp.remove();
  }
});
