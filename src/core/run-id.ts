/**
 * Run ids as Airflow writes them, `<run type>__<logical date>` with Python's
 * `isoformat()` of an aware UTC datetime (`scheduled__2024-01-01T00:00:00+00:00`),
 * so ids read the same in both tools and sort by date within a type.
 */
import type { RunType } from './run-model.js';

export function pythonIsoFormat(date: Date): string {
  const iso = date.toISOString(); // 2024-01-01T00:00:00.000Z
  const ms = date.getUTCMilliseconds();
  return `${iso.slice(0, 19)}${ms === 0 ? '' : `.${String(ms).padStart(3, '0')}000`}+00:00`;
}

export function generateRunId(runType: RunType, at: Date): string {
  return `${runType}__${pythonIsoFormat(at)}`;
}

const RUN_ID = /^[A-Za-z0-9_.~:+-]{1,250}$/;

/** A user-given run id: Airflow's allowed characters; a clear message otherwise. */
export function checkRunId(runId: string): string | null {
  return RUN_ID.test(runId) ? null : `run id '${runId}' is invalid: use 1 to 250 letters, digits and _ . ~ : + -`;
}
