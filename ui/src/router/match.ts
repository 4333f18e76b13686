/**
 * Path patterns: `/dags/:dagId` captures a segment (decoded), a trailing `/*`
 * captures the rest under `*` (and also matches nothing: `/dags/:dagId/*`
 * matches `/dags/etl`).
 */
export type Params = Readonly<Record<string, string>>;

export function matchPath(pattern: string, pathname: string): Params | null {
  const wildcard = pattern.endsWith('/*');
  const parts = split(wildcard ? pattern.slice(0, -2) : pattern);
  const segments = split(pathname);
  if (segments.length < parts.length || (!wildcard && segments.length !== parts.length)) return null;
  const params: Record<string, string> = {};
  for (const [i, part] of parts.entries()) {
    const segment = segments[i] as string;
    if (part.startsWith(':')) params[part.slice(1)] = decode(segment);
    else if (part !== segment) return null;
  }
  if (wildcard) params['*'] = segments.slice(parts.length).map(decode).join('/');
  return params;
}

function split(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** A path from a pattern and values, each encoded (ids may hold `/`, `+`, `:`). */
export function buildPath(pattern: string, params: Readonly<Record<string, string | number>>): string {
  return pattern.replace(/:([A-Za-z_]\w*)/g, (_, name: string) => encodeURIComponent(String(params[name] ?? '')));
}
