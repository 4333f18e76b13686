/**
 * The web UI, served at `/`: the Vite build in `dist/ui` (hashed assets with a
 * year-long immutable cache, `index.html` revalidated every time, under a strict
 * Content-Security-Policy), and `index.html` for every other GET that is not
 * the API's (`/api/`, `/auth/`, `/ui/`, `/docs`) so deep links work on reload.
 * Never reads outside `dist/ui`; when the UI is not built, says how to build it.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { AuthEnv } from './route-def.js';

const here = dirname(fileURLToPath(import.meta.url));

/** Built: dist/api -> dist/ui. From source (tsx): src/api -> <repo>/dist/ui. */
export const UI_DIR_CANDIDATES = [resolve(here, '..', 'ui'), resolve(here, '..', '..', 'dist', 'ui')];

/** Paths the UI never answers: the API's own, so a typo there is a JSON 404, not a page. */
const API_PREFIXES = ['/api/', '/auth/', '/ui/'];
const API_EXACT = new Set(['/api', '/auth', '/ui', '/docs']);

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  // elkjs lays the graph out in a Web Worker built from our own origin.
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

const COMPRESSIBLE = new Set(['.js', '.mjs', '.css', '.svg', '.json', '.map', '.html', '.txt']);

const NOT_BUILT_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Updraft: the web UI is not built</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:640px;margin:12vh auto;padding:0 24px;color:#1d2433}code{background:#eef1f5;padding:2px 6px;border-radius:4px}</style></head>
<body><h1>The web UI is not built</h1><p>This server found no <code>dist/ui/index.html</code>. Build it from the repository with <code>npm run build</code> (or <code>npm install</code>, which builds too), then reload this page.</p>
<p>The REST API works meanwhile: see <a href="/docs">/docs</a>.</p></body></html>`;

export interface UiAssetOptions {
  /** Where the built UI is (tests); default: the first of `UI_DIR_CANDIDATES` holding an index.html. */
  readonly uiDir?: string;
}

/** A 200, not a 5xx: nothing failed; the page says what to do (and a rebuild shows without a restart). */
function notBuilt(c: Context): Response {
  return c.html(NOT_BUILT_HTML, 200, { 'cache-control': 'no-cache' });
}

function isApiPath(path: string): boolean {
  return API_EXACT.has(path) || API_PREFIXES.some((prefix) => path.startsWith(prefix)) || path.startsWith('/docs/');
}

function findUiDir(): string | null {
  return UI_DIR_CANDIDATES.find((dir) => existsSync(join(dir, 'index.html'))) ?? null;
}

/** The file under `root` a URL path names, or null when it would leave `root` or cannot be decoded. */
export function fileUnder(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null; // Malformed %-escapes.
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const file = resolve(root, `.${decoded.startsWith('/') ? decoded : `/${decoded}`}`);
  return file.startsWith(root + sep) ? file : null;
}

interface Asset {
  readonly body: Buffer;
  readonly gzipped: Buffer | null;
}

export function registerUiAssets(api: OpenAPIHono<AuthEnv>, options: UiAssetOptions = {}): void {
  // Hashed assets never change under one name: read and compress each once.
  const cache = new Map<string, Asset>();

  async function load(file: string): Promise<Asset | null> {
    const cached = cache.get(file);
    if (cached) return cached;
    try {
      if (!(await stat(file)).isFile()) return null;
      const body = await readFile(file);
      const asset = { body, gzipped: COMPRESSIBLE.has(extname(file)) && body.length > 1024 ? gzipSync(body) : null };
      cache.set(file, asset);
      return asset;
    } catch {
      return null;
    }
  }

  function send(c: Context, asset: Asset, type: string, headers: Record<string, string>): Response {
    const gzip = asset.gzipped !== null && /\bgzip\b/.test(c.req.header('accept-encoding') ?? '');
    const out: Record<string, string> = { 'content-type': type, 'x-content-type-options': 'nosniff', vary: 'accept-encoding', ...headers };
    if (gzip) out['content-encoding'] = 'gzip';
    const body = gzip ? (asset.gzipped as Buffer) : asset.body;
    return c.body(new Uint8Array(body), 200, out);
  }

  async function indexHtml(c: Context, root: string): Promise<Response> {
    // Read each time (not cached): a rebuild must show without a restart, and it is small.
    const body = await readFile(join(root, 'index.html')).catch(() => null);
    if (!body) return notBuilt(c);
    return send(c, { body, gzipped: null }, TYPES['.html'] as string, {
      'cache-control': 'no-cache',
      'content-security-policy': CSP,
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
    });
  }

  const handler = async (c: Context): Promise<Response> => {
    const path = c.req.path;
    if (isApiPath(path)) return c.json({ detail: 'Not Found' }, 404);
    const root = options.uiDir ?? findUiDir();
    if (!root) return notBuilt(c);
    if (path === '/' || path === '/index.html') return indexHtml(c, root);
    const file = fileUnder(root, path);
    const asset = file && extname(file) !== '' ? await load(file) : null;
    if (asset && file) {
      const immutable = path.startsWith('/assets/');
      return send(c, asset, TYPES[extname(file)] ?? 'application/octet-stream', {
        'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      });
    }
    // A missing asset is a 404 (an old page asking for a replaced bundle must not get HTML as script);
    // any other path is a page of the app (ids may hold dots, so no guessing by extension).
    if (path.startsWith('/assets/')) return c.text('Not Found', 404);
    return indexHtml(c, root);
  };
  // Hono answers HEAD with the GET handler, body dropped.
  api.get('*', handler);
}
