/** A request the API refused: its status and the server's `detail`, as one readable message. */
export class UpdraftApiError extends Error {
  override readonly name = 'UpdraftApiError';

  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    /** The server's `detail`: a message, or FastAPI-style validation errors. */
    readonly detail: unknown,
  ) {
    super(`${method} ${path} failed with ${status}: ${describeDetail(detail)}`);
  }
}

function describeDetail(detail: unknown): string {
  if (typeof detail === 'string') return detail;
  if (Array.isArray(detail)) {
    // 422: [{loc: ['body', 'conf'], msg: '...'}]: say which field, then what.
    return detail
      .map((d: { loc?: unknown[]; msg?: string }) => `${(d.loc ?? []).join('.')}: ${d.msg ?? JSON.stringify(d)}`)
      .join('; ');
  }
  return JSON.stringify(detail ?? null);
}
