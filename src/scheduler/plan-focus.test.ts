import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { branch, chain, empty, task } from '../sdk/index.js';
import { focusAfter } from './plan-focus.js';
import { planRun } from './plan-run.js';
import { declare, nameOf, readyNames, RunSim } from './testing/run-sim.js';

describe('partial plans after tasks finish', () => {
  const d = declare('partial', () => {
    chain(empty('extract'), [empty('clean'), empty('enrich')], empty('load'));
    empty('lonely');
  });

  test('focus on the finished tasks\' downstream, reading their upstream too', () => {
    const focus = focusAfter(d.spec, ['extract']);
    assert.deepEqual([...(focus?.focus ?? [])].sort(), ['clean', 'enrich']);
    assert.deepEqual([...(focus?.read ?? [])].sort(), ['clean', 'enrich', 'extract']);
    assert.deepEqual([...(focusAfter(d.spec, ['lonely'])?.focus ?? [])], []);
  });

  test('a partial plan decides the focus exactly as a full plan does, and never the run state', () => {
    const sim = new RunSim(d).set({ extract: 'success', lonely: 'success' });
    const focus = focusAfter(d.spec, ['extract']);
    assert.ok(focus);
    const snapshot = sim.snapshot();
    const partial = planRun({ ...snapshot, tis: snapshot.tis.filter((ti) => focus.read.includes(ti.taskId)), focus: focus.focus });
    assert.deepEqual(readyNames(partial), ['clean', 'enrich']);
    assert.deepEqual(readyNames(sim.plan()), ['clean', 'enrich']);
    assert.deepEqual(partial.toSchedule.map(nameOf).sort(), ['clean', 'enrich']);
    // Everything it read has finished, yet a partial plan leaves the run's state to a full one.
    const done = new RunSim(d).set({ extract: 'success', clean: 'success', enrich: 'success', load: 'success', lonely: 'success' });
    const all = done.snapshot();
    const last = planRun({ ...all, tis: all.tis.filter((ti) => ti.taskId === 'load' || ti.taskId === 'clean' || ti.taskId === 'enrich'), focus: new Set(['load']) });
    assert.equal(last.runState.state, 'running');
    assert.equal(done.plan().runState.state, 'success');
  });

  test('instances already scheduled are ready but not written again', () => {
    const sim = new RunSim(d).set({ extract: 'success', clean: 'scheduled' });
    const plan = sim.plan();
    assert.ok(readyNames(plan).includes('clean'));
    assert.deepEqual(plan.toSchedule.map(nameOf).sort(), ['enrich', 'lonely']);
  });

  test('DAGs whose conditions reach past direct upstream tasks always get full plans', () => {
    const branching = declare('branching', () => {
      chain(branch('pick', () => 'a'), [empty('a'), empty('b')]);
    });
    assert.equal(focusAfter(branching.spec, ['pick']), null);
    const mapped = declare('mapped', () => {
      const list = task('list', () => [1, 2]);
      task('each', { expand: { x: list } }, ({ x }: { x: number }) => x);
    });
    assert.equal(focusAfter(mapped.spec, ['list']), null);
  });
});
