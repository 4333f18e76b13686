/**
 * Errors a caller of the store can cause. `code` lets the API map them to HTTP
 * statuses (conflict -> 409, not_found -> 404, too_large -> 413, invalid -> 400)
 * without parsing messages; the message says what was wrong and what to do.
 */
export type StoreErrorCode = 'conflict' | 'not_found' | 'too_large' | 'invalid' | 'encrypted';

export class StoreError extends Error {
  override readonly name = 'StoreError';
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export function isStoreError(error: unknown, code?: StoreErrorCode): error is StoreError {
  return error instanceof StoreError && (code === undefined || error.code === code);
}
