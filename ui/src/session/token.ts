/**
 * The access token, kept in sessionStorage: it survives a reload and is gone
 * with the tab (a shared machine forgets it). Its claims are read, not trusted:
 * the server verifies every call; the UI only uses `exp` to notice expiry early.
 */
const KEY = 'updraft.token';

export interface TokenClaims {
  readonly sub: string;
  readonly roles: readonly string[];
  /** Seconds since the epoch. */
  readonly exp: number;
}

export function loadToken(): string | null {
  try {
    return window.sessionStorage.getItem(KEY);
  } catch {
    return null; // Storage disabled: sign in each load.
  }
}

export function saveToken(token: string | null): void {
  try {
    if (token === null) window.sessionStorage.removeItem(KEY);
    else window.sessionStorage.setItem(KEY, token);
  } catch {
    // Storage disabled: the session lasts as long as the page.
  }
}

/** The claims of a JWT, or null when it is not one. */
export function decodeToken(token: string): TokenClaims | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const claims = JSON.parse(json) as Partial<TokenClaims>;
    if (typeof claims.sub !== 'string' || typeof claims.exp !== 'number') return null;
    return { sub: claims.sub, roles: Array.isArray(claims.roles) ? claims.roles : [], exp: claims.exp };
  } catch {
    return null;
  }
}

export function isExpired(claims: TokenClaims, nowMs = Date.now()): boolean {
  return claims.exp * 1000 <= nowMs;
}
