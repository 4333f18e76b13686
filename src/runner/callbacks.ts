/**
 * Runs task and DAG callbacks. A callback that throws is logged and otherwise
 * ignored, as in Airflow: a broken alert must not change a task's outcome.
 */
import type { CallbackContext, Callback, TaskLogger } from '../sdk/context.js';

export async function invokeCallback(
  name: string,
  callback: Callback | null,
  context: CallbackContext,
  log: TaskLogger,
): Promise<void> {
  if (callback === null) return;
  try {
    await callback(context);
  } catch (error) {
    const err = error instanceof Error ? error : new Error(String(error));
    log.error(`${name} callback failed (the outcome is unchanged): ${err.message}`, err);
  }
}
