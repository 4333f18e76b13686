/** Airflow's TriggerRuleDep: the task's trigger rule over its direct upstream instances. */
import type { TriggerRule } from '../dag-spec.js';
import type { UpstreamTi } from '../trigger-rule.js';
import { evaluateTriggerRule } from '../trigger-rule.js';
import type { DepStatus } from './dep-status.js';
import { fail, pass } from './dep-status.js';

export const TRIGGER_RULE_DEP = 'Trigger Rule';

export interface TriggerRuleDepInput {
  readonly taskId: string;
  readonly mapIndex: number;
  readonly triggerRule: TriggerRule;
  readonly isTeardown: boolean;
  readonly upstream: readonly UpstreamTi[];
  readonly indirectSetups: readonly UpstreamTi[];
  readonly pastDependsMet?: boolean;
}

export function triggerRuleDep(input: TriggerRuleDepInput): DepStatus {
  const r = evaluateTriggerRule(input);
  switch (r.outcome) {
    case 'run':
      return pass(TRIGGER_RULE_DEP, r.reason);
    case 'wait':
      return fail(TRIGGER_RULE_DEP, r.reason);
    default:
      return fail(TRIGGER_RULE_DEP, r.reason, r.outcome);
  }
}
