/** Airflow's reprocess behaviours, in plain words: what a backfill does with dates that already have a run. */
export const REPROCESS = [
  {
    value: 'none',
    label: 'Missing runs only',
    words: 'Dates that already have a run are left alone; only dates without one run.',
  },
  {
    value: 'failed',
    label: 'Missing and failed runs',
    words: 'Dates without a run run; dates whose run failed are cleared and run again. Successful runs are kept.',
  },
  {
    value: 'completed',
    label: 'All runs',
    words: 'Every date runs: failed and successful runs are cleared and run again. Runs still queued or running are never touched.',
  },
] as const;

export type Reprocess = (typeof REPROCESS)[number]['value'];

export function reprocessLabel(value: string): string {
  return REPROCESS.find((r) => r.value === value)?.label ?? value;
}
