/** A data-quality check that did not pass: the task fails with this (retried if it has retries, as Airflow). */
export class DataQualityError extends Error {
  override name = 'DataQualityError';
}
