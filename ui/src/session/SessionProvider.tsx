/**
 * The signed-in session:
 *
 *   signed-out --login--> loading --/ui/me--> ready
 *        ^                   |  \--403--> no-role
 *        |                   v
 *        +-- logout / 401 / token expiry (-> /login?reason=expired&next=<here>)
 *
 * The token lives in sessionStorage (see token.ts); `me` (roles, permissions)
 * comes from `/ui/me`, so the UI never keeps its own copy of the role table.
 */
import type { UiMe } from '@updraft/client';
import { UpdraftApiError } from '@updraft/client';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, setExpiryListener } from '../api/client';
import { getLocation, navigate } from '../router/history';
import { paths } from '../router/paths';
import { permissionsOf, type Permissions } from './permissions';
import { decodeToken, isExpired, saveToken } from './token';

export type SessionStatus = 'signed-out' | 'loading' | 'ready' | 'no-role' | 'error';

export interface Session extends Permissions {
  readonly status: SessionStatus;
  readonly me: UiMe | null;
  /** Why loading `/ui/me` failed (status `error`). */
  readonly error: unknown;
  login(username: string, password: string): Promise<void>;
  logout(): void;
  retry(): void;
}

const SessionContext = createContext<Session | null>(null);

function here(): string {
  const { pathname, search } = getLocation();
  return pathname + search;
}

export function SessionProvider({ children }: { readonly children: ReactNode }) {
  const [token, setToken] = useState<string | null>(() => api.token);
  const [me, setMe] = useState<UiMe | null>(null);
  const [status, setStatus] = useState<SessionStatus>(token ? 'loading' : 'signed-out');
  const [error, setError] = useState<unknown>(undefined);
  const [attempt, setAttempt] = useState(0);

  const end = useCallback((reason: 'expired' | 'signed-out') => {
    saveToken(null);
    api.token = null;
    setToken(null);
    setMe(null);
    setStatus('signed-out');
    const next = reason === 'expired' ? here() : undefined;
    navigate(paths.login(next, reason), { replace: reason === 'expired' });
  }, []);

  useEffect(() => setExpiryListener(() => end('expired')), [end]);

  // A token that is not a JWT or has expired (a reload after a long lunch) ends the session at once;
  // a valid one ends when it expires, even if the tab sits idle.
  useEffect(() => {
    if (!token) return;
    const claims = decodeToken(token);
    if (!claims || isExpired(claims)) {
      end('expired');
      return;
    }
    const timer = window.setTimeout(() => end('expired'), Math.min(claims.exp * 1000 - Date.now(), 2_147_000_000));
    return () => window.clearTimeout(timer);
  }, [token, end]);

  useEffect(() => {
    if (!token) return;
    const claims = decodeToken(token);
    if (!claims || isExpired(claims)) return;
    const controller = new AbortController();
    setStatus('loading');
    api.ui
      .me(controller.signal)
      .then((answer) => {
        setMe(answer);
        setStatus('ready');
      })
      .catch((e: unknown) => {
        if (controller.signal.aborted) return;
        if (e instanceof UpdraftApiError && e.status === 401) return; // the expiry listener took over
        setError(e);
        setStatus(e instanceof UpdraftApiError && e.status === 403 ? 'no-role' : 'error');
      });
    return () => controller.abort();
  }, [token, attempt]);

  const login = useCallback(async (username: string, password: string) => {
    const fresh = await api.login(username, password);
    saveToken(fresh);
    setToken(fresh);
  }, []);

  const value = useMemo<Session>(
    () => ({
      status,
      me,
      error,
      login,
      logout: () => end('signed-out'),
      retry: () => setAttempt((n) => n + 1),
      ...permissionsOf(me),
    }),
    [status, me, error, login, end],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession must be used inside <SessionProvider>');
  return session;
}

/** `can` and `reason` for the signed-in user. */
export function usePermissions(): Permissions {
  return useSession();
}
