/**
 * A worker's task log, shipped to the API server in pieces as it grows, so the
 * UI and API read it live and after the worker is gone, exactly as they read a
 * local executor's log. Each piece says at which byte it starts: a piece sent
 * twice (a retry after a lost answer) is written once, and a gap is refused
 * with the size the server has, so the worker resends from there.
 */
import { appendFileSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

export type LogAppend = { readonly ok: true; readonly size: number } | { readonly ok: false; readonly size: number };

export function appendLogPiece(path: string, offset: number, text: string): LogAppend {
  const size = sizeOf(path);
  const bytes = Buffer.from(text, 'utf8');
  if (offset > size) return { ok: false, size };
  // What the server has already (a piece sent twice) is not written again.
  const fresh = bytes.subarray(Math.min(bytes.length, size - offset));
  if (fresh.length > 0) {
    mkdirSync(dirname(path), { recursive: true });
    appendFileSync(path, fresh);
  }
  return { ok: true, size: size + fresh.length };
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
