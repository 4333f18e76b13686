/**
 * Errors task code throws to end a try other than by failing normally:
 *
 *   throw new SkipTask('no new files today')     -> skipped (Airflow's AirflowSkipException)
 *   throw new FailTask('the input is corrupt')   -> failed, no retry (AirflowFailException)
 *
 * They are recognised by a brand, not `instanceof`: a DAG file may load its own
 * copy of 'updraft' (a bundled or linked install) and its classes must still count.
 */
const SKIP = Symbol.for('updraft.SkipTask');
const FAIL = Symbol.for('updraft.FailTask');

/** Ends the try as skipped; downstream tasks see a skipped upstream. */
export class SkipTask extends Error {
  override name = 'SkipTask';
  readonly [SKIP] = true;
}

/** Ends the try as failed without using its retries: retrying cannot help. */
export class FailTask extends Error {
  override name = 'FailTask';
  readonly [FAIL] = true;
}

export function isSkipTask(error: unknown): error is Error {
  return error instanceof Error && (error as unknown as Record<symbol, unknown>)[SKIP] === true;
}

export function isFailTask(error: unknown): error is Error {
  return error instanceof Error && (error as unknown as Record<symbol, unknown>)[FAIL] === true;
}
