import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { authoringDefaults, BUILT_IN_AUTHORING_DEFAULTS, sameAuthoringDefaults, setAuthoringDefaults } from './authoring-defaults.js';
import { dag, group, task } from './index.js';
import { takeRegisteredDags } from './registry.js';

afterEach(() => {
  setAuthoringDefaults(null);
  takeRegisteredDags();
});

const retriesOf = (built: ReturnType<typeof dag>) => Object.fromEntries(built.spec.tasks.map((t) => [t.taskId, t.retries]));

test('with nothing installed, a DAG gets the built-in defaults (catchup off, 16 and 16, no retries)', () => {
  assert.equal(authoringDefaults(), BUILT_IN_AUTHORING_DEFAULTS);
  const built = dag('plain', {}, () => void task('t', () => null));
  assert.deepEqual([built.spec.catchup, built.spec.maxActiveRuns, built.spec.maxActiveTasks], [false, 16, 16]);
  assert.deepEqual(retriesOf(built), { t: 0 });
});

test('installed defaults fill what a DAG leaves unset; defaultArgs and explicit options beat them', () => {
  const previous = setAuthoringDefaults({ catchup: true, maxActiveRuns: 3, maxActiveTasks: 4, retries: 2 });
  assert.equal(previous, null);

  const unset = dag('unset', {}, () => {
    task('bare', () => null);
    task('own', { retries: 5 }, () => null);
    task('none', { retries: 0 }, () => null);
  });
  assert.deepEqual([unset.spec.catchup, unset.spec.maxActiveRuns, unset.spec.maxActiveTasks], [true, 3, 4]);
  assert.deepEqual(retriesOf(unset), { bare: 2, own: 5, none: 0 }, 'an explicit 0 is kept');

  const explicit = dag('explicit', { catchup: false, maxActiveRuns: 1, maxActiveTasks: 1, defaultArgs: { retries: 1 } }, () => {
    task('bare', () => null);
    task('own', { retries: 7 }, () => null);
    group('g', { defaultArgs: { retries: 4 } }, () => void task('inner', () => null));
  });
  assert.deepEqual([explicit.spec.catchup, explicit.spec.maxActiveRuns, explicit.spec.maxActiveTasks], [false, 1, 1]);
  assert.deepEqual(retriesOf(explicit), { bare: 1, own: 7, 'g.inner': 4 }, 'task > group defaultArgs > DAG defaultArgs > config');

  const grouped = dag('grouped', {}, () => group('g', { defaultArgs: { retryDelay: 0 } }, () => void task('inner', () => null)));
  assert.deepEqual(retriesOf(grouped), { 'g.inner': 2 }, 'a group without retries falls through to the config default');
});

test('setAuthoringDefaults returns the previous defaults, null restores the built-in ones, and bad values are refused', () => {
  const mine = { catchup: true, maxActiveRuns: 2, maxActiveTasks: 2, retries: 1 };
  setAuthoringDefaults(mine);
  assert.deepEqual(setAuthoringDefaults(null), mine);
  assert.equal(authoringDefaults(), BUILT_IN_AUTHORING_DEFAULTS);
  assert.ok(sameAuthoringDefaults(null, { ...BUILT_IN_AUTHORING_DEFAULTS }));
  assert.ok(!sameAuthoringDefaults(null, mine));

  assert.throws(() => setAuthoringDefaults({ ...mine, maxActiveRuns: 0 }), /maxActiveRuns \(from core\.max_active_runs_per_dag\) must be a whole number >= 1, got 0/);
  assert.throws(() => setAuthoringDefaults({ ...mine, retries: 1.5 }), /retries \(from core\.default_task_retries\) must be a whole number >= 0, got 1\.5/);
  assert.throws(() => setAuthoringDefaults({ ...mine, catchup: 'yes' as unknown as boolean }), /catchup \(from scheduler\.catchup_by_default\) must be true or false/);
  assert.equal(authoringDefaults(), BUILT_IN_AUTHORING_DEFAULTS, 'a refused value installs nothing');
});
