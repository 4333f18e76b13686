/** fast-check properties of trigger-rule evaluation: determinism and consistency of early states. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { TriggerRule } from './dag-spec.js';
import { TRIGGER_RULES } from './dag-spec.js';
import type { TaskInstanceStateOrNone } from './states.js';
import { TASK_INSTANCE_STATES } from './states.js';
import {
  countUpstreamStates,
  decideTriggerRule,
  evaluateTriggerRule,
  indirectSetupFinder,
  relevantIndirectSetupIds,
  triggerRuleOutcome,
} from './trigger-rule.js';

const NEEDS_ALL_DONE: readonly TriggerRule[] = [
  'all_success',
  'all_failed',
  'all_done',
  'none_failed',
  'none_skipped',
  'all_skipped',
  'none_failed_min_one_success',
  'all_done_setup_success',
];

const stateArb = fc.constantFrom<TaskInstanceStateOrNone>(null, ...TASK_INSTANCE_STATES);
const upstreamArb = fc.array(
  fc.record({
    taskId: fc.constantFrom('a', 'b', 'c', 'd'),
    mapIndex: fc.integer({ min: -1, max: 3 }),
    state: stateArb,
    isSetup: fc.boolean(),
  }),
  { minLength: 1, maxLength: 8 },
);
const ruleArb = fc.constantFrom(...TRIGGER_RULES);

describe('trigger rule properties', () => {
  it('is deterministic', () => {
    fc.assert(
      fc.property(ruleArb, upstreamArb, fc.integer({ min: -1, max: 4 }), (rule, upstream, mapIndex) => {
        const a = evaluateTriggerRule({ taskId: 't', triggerRule: rule, upstream, mapIndex });
        const b = evaluateTriggerRule({ taskId: 't', triggerRule: rule, upstream: [...upstream], mapIndex });
        assert.deepEqual(a, b);
      }),
    );
  });

  it('never runs while an upstream is unfinished, for rules that need all done', () => {
    fc.assert(
      fc.property(fc.constantFrom(...NEEDS_ALL_DONE), upstreamArb, fc.integer({ min: -1, max: 4 }), (rule, upstream, mapIndex) => {
        fc.pre(upstream.some((u) => u.state === null || !['success', 'failed', 'skipped', 'upstream_failed', 'removed'].includes(u.state)));
        const r = evaluateTriggerRule({ taskId: 't', triggerRule: rule, upstream, mapIndex });
        assert.notEqual(r.outcome, 'run', r.reason);
      }),
    );
  });

  it('early states are consistent with the rule', () => {
    fc.assert(
      fc.property(ruleArb, upstreamArb, fc.integer({ min: -1, max: 4 }), (rule, upstream, mapIndex) => {
        const r = evaluateTriggerRule({ taskId: 't', triggerRule: rule, upstream, mapIndex });
        const has = (s: TaskInstanceStateOrNone) => upstream.some((u) => u.state === s);
        const anyFailed = has('failed') || has('upstream_failed');
        if (rule === 'always') assert.equal(r.outcome, 'run');
        if (['all_success', 'none_failed', 'none_failed_min_one_success'].includes(rule) && anyFailed) {
          assert.equal(r.outcome, 'upstream_failed', r.reason);
        }
        if (rule === 'all_success' && has('skipped') && !anyFailed) assert.equal(r.outcome, 'skipped');
        if (rule === 'none_skipped' && has('skipped')) assert.equal(r.outcome, 'skipped');
        if (rule === 'all_failed' && (has('success') || has('skipped'))) assert.equal(r.outcome, 'skipped');
        if (rule === 'one_success' && has('success')) assert.equal(r.outcome, 'run');
        if (rule === 'one_failed' && anyFailed) assert.equal(r.outcome, 'run');
        if (r.outcome === 'upstream_failed') {
          // Only rules that need a success (or a setup success) can fail from upstream.
          assert.ok(['all_success', 'none_failed', 'none_failed_min_one_success', 'one_success', 'all_done_setup_success'].includes(rule));
        }
        if (r.outcome === 'removed') assert.ok(rule === 'all_success' && mapIndex >= 0);
        assert.ok(r.reason.endsWith(`(trigger rule ${rule})`), r.reason);
      }),
    );
  });

  it('count-level and instance-level evaluation agree', () => {
    fc.assert(
      fc.property(ruleArb, upstreamArb, (rule, upstream) => {
        fc.pre(rule !== 'always');
        const r = evaluateTriggerRule({ taskId: 't', triggerRule: rule, upstream });
        assert.equal(r.outcome, decideTriggerRule(rule, countUpstreamStates(upstream)).outcome);
      }),
    );
  });
});

describe('triggerRuleOutcome', () => {
  it('is the outcome evaluateTriggerRule explains, setups and past depends included', () => {
    fc.assert(
      fc.property(
        ruleArb,
        fc.oneof(upstreamArb, fc.constant([])),
        fc.array(fc.record({ taskId: fc.constantFrom('s1', 's2'), mapIndex: fc.integer({ min: -1, max: 2 }), state: stateArb, isSetup: fc.constant(true) }), { maxLength: 3 }),
        fc.integer({ min: -1, max: 4 }),
        fc.boolean(),
        fc.constantFrom(undefined, true, false),
        (rule, upstream, indirectSetups, mapIndex, isTeardown, pastDependsMet) => {
          const input = { taskId: 't', triggerRule: rule, upstream, indirectSetups, mapIndex, isTeardown, pastDependsMet };
          assert.equal(triggerRuleOutcome(input), evaluateTriggerRule(input).outcome);
        },
      ),
      { numRuns: 500 },
    );
  });
});

interface G {
  taskId: string;
  upstream: string[];
  isSetup: boolean;
  isTeardown: boolean;
}

/** Random DAGs with setups and teardowns: task i may depend on any earlier task. */
const setupDagArb = fc.integer({ min: 1, max: 25 }).chain((n) =>
  fc
    .array(
      fc.record({
        ups: fc.array(fc.nat(n - 1), { maxLength: 3 }),
        kind: fc.constantFrom('plain', 'plain', 'setup', 'teardown'),
      }),
      { minLength: n, maxLength: n },
    )
    .map((rows) =>
      rows.map(
        (row, i): G => ({
          taskId: `t${i}`,
          upstream: [...new Set(row.ups.filter((u) => u < i))].map((u) => `t${u}`),
          isSetup: row.kind === 'setup',
          isTeardown: row.kind === 'teardown',
        }),
      ),
    ),
);

/** The definition walked out per task: ancestor setups, not direct, without a teardown or with one below the task. */
function referenceIndirectSetups(tasks: readonly G[], taskId: string): string[] {
  const byId = new Map(tasks.map((t) => [t.taskId, t]));
  const self = byId.get(taskId);
  if (!self || self.isTeardown) return [];
  const down = (id: string) => tasks.filter((t) => t.upstream.includes(id)).map((t) => t.taskId);
  const reach = (start: string, next: (id: string) => string[]) => {
    const seen = new Set<string>();
    const todo = next(start);
    while (todo.length > 0) {
      const id = todo.pop()!;
      if (!seen.has(id)) {
        seen.add(id);
        todo.push(...next(id));
      }
    }
    return seen;
  };
  const below = reach(taskId, down);
  return [...reach(taskId, (id) => [...(byId.get(id)?.upstream ?? [])])]
    .filter((id) => byId.get(id)!.isSetup && !self.upstream.includes(id))
    .filter((id) => {
      const teardowns = down(id).filter((d) => byId.get(d)!.isTeardown);
      return teardowns.length === 0 || teardowns.some((d) => below.has(d));
    })
    .sort();
}

describe('relevantIndirectSetupIds and indirectSetupFinder', () => {
  it('matches the definition walked out per task on random DAGs, one by one and through the finder', () => {
    fc.assert(
      fc.property(setupDagArb, (tasks) => {
        const find = indirectSetupFinder(tasks);
        for (const t of tasks) {
          const expected = referenceIndirectSetups(tasks, t.taskId);
          assert.deepEqual(relevantIndirectSetupIds(tasks, t.taskId), expected, t.taskId);
          assert.deepEqual(find(t.taskId), expected, t.taskId);
        }
      }),
      { numRuns: 300 },
    );
  });
});
