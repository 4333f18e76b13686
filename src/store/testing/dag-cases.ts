/** DAGs: syncing files into versions, deactivation, listing, pausing, deletion. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { CaseContext } from './harness.js';
import { T0, at, dagRun, dagSpec, seedDag, seedRun, taskSpec, uid } from './fixtures.js';

export function dagCases(ctx: CaseContext): void {
  it('creates a version only when the hash changes; reverting content is a new version', async () => {
    const store = ctx.store();
    const dagId = uid('dag');
    const file = `${dagId}.ts`;
    const v1 = dagSpec(dagId, { fileloc: file });
    const first = await store.dags.syncFromFile({ fileloc: file, source: 'a', dags: [{ spec: v1 }] }, T0);
    assert.equal(first.createdVersions.length, 1);
    assert.equal(first.createdVersions[0]?.versionNumber, 1);

    const same = await store.dags.syncFromFile({ fileloc: file, source: 'a', dags: [{ spec: v1 }] }, at(1000));
    assert.deepEqual(same.createdVersions, []);
    // Key order does not change the hash.
    const reordered = Object.fromEntries(Object.entries(v1).reverse()) as typeof v1;
    assert.deepEqual((await store.dags.syncFromFile({ fileloc: file, source: 'a', dags: [{ spec: reordered }] }, at(1500))).createdVersions, []);

    const v2 = dagSpec(dagId, { fileloc: file, tasks: [taskSpec('only')] });
    const second = await store.dags.syncFromFile({ fileloc: file, source: 'b', dags: [{ spec: v2 }] }, at(2000));
    assert.equal(second.createdVersions[0]?.versionNumber, 2);
    // The source alone is part of the content: task code lives there.
    const third = await store.dags.syncFromFile({ fileloc: file, source: 'c', dags: [{ spec: v2 }] }, at(3000));
    assert.equal(third.createdVersions[0]?.versionNumber, 3);
    const back = await store.dags.syncFromFile({ fileloc: file, source: 'a', dags: [{ spec: v1 }] }, at(4000));
    assert.equal(back.createdVersions[0]?.versionNumber, 4);
    assert.equal(back.createdVersions[0]?.hash, first.createdVersions[0]?.hash);

    const versions = await store.dags.listVersions(dagId);
    assert.deepEqual(versions.map((v) => v.versionNumber), [1, 2, 3, 4]);
    const latest = await store.dags.latestVersion(dagId);
    assert.equal(latest?.versionNumber, 4);
    assert.equal((await store.dags.get(dagId))?.latestVersionId, latest?.id);
    assert.equal((await store.dags.get(dagId))?.lastParsedAt?.getTime(), at(4000).getTime());
  });

  it('accepts a caller-given hash', async () => {
    const store = ctx.store();
    const spec = dagSpec(uid('dag'));
    const sync = (hash: string, source: string) => store.dags.syncFromFile({ fileloc: spec.fileloc, source, dags: [{ spec, hash }] }, T0);
    assert.equal((await sync('h1', 'x')).createdVersions[0]?.hash, 'h1');
    assert.deepEqual((await sync('h1', 'changed source, same given hash')).createdVersions, []);
    assert.equal((await sync('h2', 'x')).createdVersions[0]?.versionNumber, 2);
  });

  it('round-trips the serialized spec and source code of a version', async () => {
    const store = ctx.store();
    const spec = dagSpec(uid('dag'), {
      description: 'Ünïcødé ✓ "quoted" \\ back',
      tags: ['etl', 'daily'],
      params: { schema: { type: 'object', properties: { n: { type: 'number' } } }, defaults: { n: 1.5, list: [1, 'two', null, { deep: [true] }] } },
      schedule: { kind: 'cron', expression: '0 6 * * *', timezone: 'Europe/Paris', dataIntervals: true },
    });
    const { createdVersions } = await store.dags.syncFromFile({ fileloc: spec.fileloc, source: 'export default 1;\n// ✓', dags: [{ spec }] }, T0);
    const version = await store.dags.getVersion(createdVersions[0]!.id);
    assert.deepEqual(version?.spec, spec);
    assert.equal(version?.sourceCode, 'export default 1;\n// ✓');
    assert.equal(version?.createdAt.getTime(), T0.getTime());
    assert.equal(await store.dags.getVersion(-1), null);
  });

  it('keeps the DAG row in step with the file: tags, owners, description, summary, active', async () => {
    const store = ctx.store();
    const dagId = uid('dag');
    const spec = dagSpec(dagId, {
      tags: ['b', 'a', 'a'],
      description: 'first',
      schedule: { kind: 'interval', everyMs: 3_600_000, dataIntervals: false },
      tasks: [taskSpec('t1', { owner: 'alice' }), taskSpec('t2', { owner: 'bob' }), taskSpec('t3', { owner: 'alice' })],
      isPausedUponCreation: true,
      maxActiveRuns: 3,
    });
    await store.dags.syncFromFile({ fileloc: spec.fileloc, source: null, dags: [{ spec }] }, T0);
    const dag = await store.dags.get(dagId);
    assert.deepEqual(dag, {
      dagId,
      isPaused: true,
      isActive: true,
      fileloc: spec.fileloc,
      owners: ['alice', 'bob'],
      tags: ['a', 'b'],
      description: 'first',
      latestVersionId: dag?.latestVersionId,
      timetableSummary: 'every 1h',
      maxActiveRuns: 3,
      maxActiveTasks: 16,
      nextDagrunAt: null,
      nextDagrunDataInterval: null,
      nextDagrunCreateAfter: null,
      lastParsedAt: T0,
      hasImportErrors: false,
    });
    // A later parse updates what the file says but keeps the pause flag someone set.
    await store.dags.setPaused(dagId, false);
    const edited = { ...spec, tags: ['c'], description: 'second' };
    await store.dags.syncFromFile({ fileloc: spec.fileloc, source: null, dags: [{ spec: edited }] }, at(5));
    const after = await store.dags.get(dagId);
    assert.deepEqual([after?.tags, after?.description, after?.isPaused], [['c'], 'second', false]);
    assert.equal(await store.dags.get(uid('missing')), null);
  });

  it('deactivates DAGs their file no longer defines, and DAGs of deleted files', async () => {
    const store = ctx.store();
    const file = `${uid('file')}.ts`;
    const [a, b] = [uid('dag'), uid('dag')];
    const specs = [dagSpec(a, { fileloc: file }), dagSpec(b, { fileloc: file })];
    await store.dags.syncFromFile({ fileloc: file, source: null, dags: specs.map((spec) => ({ spec })) }, T0);
    const result = await store.dags.syncFromFile({ fileloc: file, source: null, dags: [{ spec: specs[0]! }] }, at(1));
    assert.deepEqual(result.deactivated, [b]);
    assert.equal((await store.dags.get(b))?.isActive, false);
    assert.equal((await store.dags.get(a))?.isActive, true);
    // Defined again: active again.
    await store.dags.syncFromFile({ fileloc: file, source: null, dags: specs.map((spec) => ({ spec })) }, at(2));
    assert.equal((await store.dags.get(b))?.isActive, true);
    // A file that now defines nothing deactivates all of its DAGs.
    assert.deepEqual((await store.dags.syncFromFile({ fileloc: file, source: null, dags: [] }, at(3))).deactivated, [a, b].sort());
    await store.dags.syncFromFile({ fileloc: file, source: null, dags: specs.map((spec) => ({ spec })) }, at(4));

    // The file is deleted: everything not in the list of existing files goes inactive.
    const fresh = await ctx.openFresh();
    const keep = await seedDag(fresh);
    const gone = await seedDag(fresh);
    assert.deepEqual(await fresh.dags.deactivateMissing([`${keep.dagId}.ts`]), [gone.dagId]);
    assert.deepEqual((await fresh.dags.list({ active: true })).items.map((d) => d.dagId), [keep.dagId]);
    assert.deepEqual(await fresh.dags.deactivateMissing([]), [keep.dagId]);
    await fresh.close();
  });

  it('lists with filters, ordering, paging and a total that ignores paging', async () => {
    const store = ctx.store();
    const prefix = uid('List');
    const ids = ['a', 'b', 'c', 'd', 'e'].map((s) => `${prefix}_${s}`);
    const tags = [['x'], ['x', 'y'], ['y'], [], ['x', 'y']];
    for (const [i, dagId] of ids.entries()) {
      const spec = dagSpec(dagId, { tags: tags[i]!, isPausedUponCreation: i === 4 });
      await store.dags.syncFromFile({ fileloc: spec.fileloc, source: null, dags: [{ spec }] }, at(i * 1000));
    }
    const pattern = prefix.toLowerCase(); // case-insensitive on both dialects
    const page = await store.dags.list({ dagIdPattern: pattern, limit: 2, offset: 1 });
    assert.deepEqual([page.items.map((d) => d.dagId), page.total], [[ids[1], ids[2]], 5]);
    const beyond = await store.dags.list({ dagIdPattern: pattern, limit: 2, offset: 10 });
    assert.deepEqual([beyond.items, beyond.total], [[], 5]);
    const desc = await store.dags.list({ dagIdPattern: pattern, orderBy: '-lastParsedAt' });
    assert.deepEqual(desc.items.map((d) => d.dagId), [...ids].reverse());
    const anyTag = await store.dags.list({ dagIdPattern: pattern, tags: ['x', 'y'] });
    assert.deepEqual(anyTag.items.map((d) => d.dagId), [ids[0], ids[1], ids[2], ids[4]]);
    const allTags = await store.dags.list({ dagIdPattern: pattern, tags: ['x', 'y'], tagsMatchMode: 'all', limit: 1 });
    assert.deepEqual([allTags.items.map((d) => d.dagId), allTags.total], [[ids[1]], 2]);
    const paused = await store.dags.list({ dagIdPattern: pattern, paused: true });
    assert.deepEqual(paused.items.map((d) => d.dagId), [ids[4]]);
    assert.deepEqual(paused.items[0]?.tags, ['x', 'y']);
    await assert.rejects(store.dags.list({ orderBy: 'nope' as 'dagId' }), /cannot order by "nope"/);
    await assert.rejects(store.dags.list({ limit: -1 }), /limit must be a non-negative integer/);
  });

  it('lists distinct tag names with a name pattern, ordering and paging', async () => {
    const store = ctx.store();
    const tag = uid('Tag').toLowerCase();
    const names = [`${tag}_b`, `${tag}_a`, `${tag}_c`];
    await seedDag(store, { tags: [names[0]!, names[1]!] });
    await seedDag(store, { tags: [names[1]!, names[2]!] });
    const all = await store.dags.listTags({ namePattern: tag.toUpperCase() });
    assert.deepEqual([all.items, all.total], [[`${tag}_a`, `${tag}_b`, `${tag}_c`], 3]);
    const page = await store.dags.listTags({ namePattern: tag, orderBy: '-name', limit: 1, offset: 1 });
    assert.deepEqual([page.items, page.total], [[`${tag}_b`], 3]);
    assert.deepEqual((await store.dags.listTags({ namePattern: uid('none') })).items, []);
  });

  it('pauses, unpauses and stores the next run info to the millisecond', async () => {
    const store = ctx.store();
    const { dagId } = await seedDag(store);
    assert.equal(await store.dags.setPaused(dagId, true), true);
    assert.equal((await store.dags.get(dagId))?.isPaused, true);
    assert.equal(await store.dags.setPaused(uid('missing'), true), false);
    const next = {
      nextDagrunAt: new Date('2025-03-04T05:06:07.891Z'),
      nextDagrunDataInterval: { start: new Date('2025-03-03T05:06:07.891Z'), end: new Date('2025-03-04T05:06:07.891Z') },
      nextDagrunCreateAfter: new Date('2025-03-04T05:06:07.999Z'),
    };
    assert.equal(await store.dags.setNextDagrun(dagId, next), true);
    const dag = await store.dags.get(dagId);
    assert.deepEqual([dag?.nextDagrunAt, dag?.nextDagrunDataInterval, dag?.nextDagrunCreateAfter], Object.values(next));
  });

  it('derives hasImportErrors from the import errors of its file', async () => {
    const store = ctx.store();
    const { dagId } = await seedDag(store);
    await store.importErrors.replaceForFile(`${dagId}.ts`, { message: 'SyntaxError', stacktrace: null, timestamp: T0 });
    assert.equal((await store.dags.get(dagId))?.hasImportErrors, true);
    assert.equal((await store.dags.list({ dagIdPattern: dagId })).items[0]?.hasImportErrors, true);
    await store.importErrors.replaceForFile(`${dagId}.ts`, null);
    assert.equal((await store.dags.get(dagId))?.hasImportErrors, false);
  });

  it('deletes a DAG with its versions, runs, task instances, tries and XComs', async () => {
    const store = ctx.store();
    const { dagId, versionId, run, tis } = await seedRun(store);
    const ti = tis[0]!;
    await store.taskInstances.recordTry({ ...ti, tryNumber: 1, state: 'failed', startDate: T0, endDate: at(1), durationMs: 1 });
    await store.xcom.set({ ...ti, key: 'return_value', value: 1, timestamp: T0 });
    const other = await seedRun(store);
    await store.dagRuns.create(dagRun(dagId, uid('run'), versionId, { logicalDate: T0 }));

    assert.equal(await store.dags.delete(dagId), true);
    assert.equal(await store.dags.get(dagId), null);
    assert.deepEqual(await store.dags.listVersions(dagId), []);
    assert.equal(await store.dags.getVersion(versionId), null);
    assert.equal((await store.dagRuns.list({ dagId })).total, 0);
    assert.equal((await store.taskInstances.list({ dagId })).total, 0);
    assert.deepEqual(await store.taskInstances.listTries(ti), []);
    assert.deepEqual(await store.xcom.listForRun(run), []);
    assert.equal(await store.dags.delete(dagId), false);
    // Other DAGs are untouched.
    assert.equal((await store.taskInstances.list({ dagId: other.dagId })).total, 2);
  });
}
