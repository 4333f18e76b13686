/**
 * The key that signs access tokens: `api.jwt_secret` when set; otherwise one
 * generated on first use and kept (mode 600) in `<UPDRAFT_HOME>/jwt_secret`, so
 * tokens stay valid across restarts and every API server on this home agrees.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function jwtSecretFile(home: string): string {
  return join(home, 'jwt_secret');
}

export function resolveJwtSecret(configured: string | null, home: string): string {
  if (configured !== null && configured.length > 0) return configured;
  const file = jwtSecretFile(home);
  try {
    const kept = readFileSync(file, 'utf8').trim();
    if (kept.length > 0) return kept;
  } catch {
    // Not there yet: make one below.
  }
  const secret = randomBytes(32).toString('base64url');
  mkdirSync(dirname(file), { recursive: true });
  try {
    // 'wx': of two servers starting at once, the second reads the first one's key.
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch {
    return readFileSync(file, 'utf8').trim();
  }
}
