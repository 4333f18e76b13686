/** Errors a user can cause through the CLI or the API, each with what to do. */
export class NotFoundError extends Error {
  override name = 'NotFoundError';
}

export class ConflictError extends Error {
  override name = 'ConflictError';
}

export class BadRequestError extends Error {
  override name = 'BadRequestError';
}

/** Not allowed by this installation's settings (whoever asks). */
export class ForbiddenError extends Error {
  override name = 'ForbiddenError';
}
