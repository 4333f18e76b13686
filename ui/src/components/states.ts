/**
 * Run and task-instance states: Airflow's colours (success green, failed red,
 * running lime, queued grey, up_for_retry gold, upstream_failed orange, skipped
 * pink, scheduled tan, deferred purple...), as CSS variables `--state-<name>`
 * (tuned per theme in styles/tokens.css), with a label for each.
 */
export const STATE_LABELS: Readonly<Record<string, string>> = {
  success: 'Success',
  failed: 'Failed',
  running: 'Running',
  queued: 'Queued',
  scheduled: 'Scheduled',
  up_for_retry: 'Up for retry',
  up_for_reschedule: 'Up for reschedule',
  upstream_failed: 'Upstream failed',
  skipped: 'Skipped',
  deferred: 'Deferred',
  removed: 'Removed',
  restarting: 'Restarting',
  none: 'No status',
};

export type StateName = keyof typeof STATE_LABELS | (string & {});

/** `null` (a task instance not yet scheduled) is `none`. */
export function stateKey(state: string | null | undefined): string {
  return state && state in STATE_LABELS ? state : 'none';
}

export function stateLabel(state: string | null | undefined): string {
  return STATE_LABELS[stateKey(state)] ?? String(state);
}

/** The CSS colour of a state, for SVG fills and canvas (the badge components use classes). */
export function stateColor(state: string | null | undefined): string {
  return `var(--state-${stateKey(state)})`;
}
