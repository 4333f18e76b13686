/**
 * The one API client of the app: the typed `UpdraftClient` (same origin), with
 * the session's token. Any 401 but a failed login means the session is over:
 * the session provider is told and sends the user to sign in again.
 */
import { UpdraftClient, type UpdraftApiError } from '@updraft/client';
import { loadToken } from '../session/token';

type ExpiryListener = (error: UpdraftApiError) => void;
let onExpired: ExpiryListener = () => undefined;

export const api = new UpdraftClient({
  baseUrl: window.location.origin,
  token: loadToken(),
  onUnauthorized: (error) => {
    if (error.path !== '/auth/token') onExpired(error);
  },
});

/** The session provider registers what a 401 does. */
export function setExpiryListener(listener: ExpiryListener): void {
  onExpired = listener;
}
