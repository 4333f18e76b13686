/** An error as a sentence a person can act on: what failed and what to do. */
import { UpdraftApiError } from '@updraft/client';

export interface Described {
  readonly title: string;
  readonly detail: string;
}

export function describeError(error: unknown): Described {
  if (error instanceof UpdraftApiError) {
    const detail = error.message.replace(/^\S+ \S+ failed with \d+: /, '');
    switch (error.status) {
      case 403:
        return { title: 'Not allowed', detail };
      case 404:
        return { title: 'Not found', detail };
      case 409:
        return { title: 'Conflict', detail };
      case 422:
      case 400:
        return { title: 'Invalid request', detail };
      case 429:
        return { title: 'Too many attempts', detail };
      default:
        if (error.status >= 500) return { title: `Server error (${error.status})`, detail: `${detail}. The server log says more.` };
        return { title: `Request failed (${error.status})`, detail };
    }
  }
  if (error instanceof TypeError) {
    return { title: 'Cannot reach the server', detail: `${window.location.origin} did not answer: is updraft standalone (or updraft api-server) running?` };
  }
  return { title: 'Something went wrong', detail: error instanceof Error ? error.message : String(error) };
}
