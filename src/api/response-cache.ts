/**
 * Whole answers of read-only routes, kept while the store is unchanged.
 *
 * A UI polling its lists, several people on call watching the same runs, a script
 * paging through task instances: the same GET comes again and again, and most of
 * its cost is reading and shaping rows that have not changed (a 100-row page of
 * task instances: ~3 ms of CPU, against ~0.1 ms to send kept bytes). So a route
 * marked cacheable keeps its 200 answer under the store's data version
 * (`store.dataVersion()`, taken before the route reads anything), and the same
 * path and query gets those bytes back while the version is the same. The version
 * changes with any commit by any process (a scheduler, a worker, this server), so
 * an answer is never older than the request asking for it: exact, not a TTL.
 * When the version moves on, everything kept under the old one is dropped at once.
 *
 * Only routes whose answer is a function of the path, the query and the stored data
 * are marked (not of the caller, the clock or anything outside the database);
 * the caller is still authenticated and authorised on every request. Every such
 * answer also carries an `ETag` of its body, and `If-None-Match` with it gets a 304:
 * a browser revalidates instead of downloading the page again. The gzipped form
 * (compression.ts) is kept beside the plain one, so a hit compresses nothing.
 */
import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { MIN_COMPRESSED_BYTES, acceptsGzip, gzip, gzipEtag } from './compression.js';

export interface DataVersioned {
  dataVersion(): Promise<string | null>;
}

export interface KeptAnswer {
  /** UTF-8, ready to send: encoding a 70 kB page again on every hit costs more than the rest of it. */
  readonly body: Uint8Array<ArrayBuffer>;
  readonly contentType: string;
  readonly etag: string;
  /** The body gzipped, once a client asked for that (compression.ts). */
  readonly gzipped: Uint8Array<ArrayBuffer> | null;
}

export interface ResponseCacheStats {
  readonly hits: number;
  readonly misses: number;
  readonly entries: number;
  readonly bytes: number;
}

/** Its size in memory, near enough. */
const sizeOf = (answer: KeptAnswer) => answer.body.byteLength + (answer.gzipped?.byteLength ?? 0) + 2 * (answer.contentType.length + answer.etag.length) + 64;

export class ResponseCache {
  private version: string | null = null;
  private readonly answers = new Map<string, KeptAnswer>();
  private bytes = 0;
  private hits = 0;
  private misses = 0;

  constructor(
    private readonly store: DataVersioned,
    /** 0: keep nothing (ETags and 304s still work). */
    private readonly maxBytes: number,
  ) {}

  /** The version to read under, and the answer kept for `key` under it, if any. */
  async lookup(key: string): Promise<{ version: string | null; kept: KeptAnswer | undefined }> {
    if (this.maxBytes === 0) return { version: null, kept: undefined };
    const version = await this.store.dataVersion();
    if (version !== this.version) {
      // Every kept answer is older than this version: none can be served again.
      this.answers.clear();
      this.bytes = 0;
      this.version = version;
    }
    const kept = version === null ? undefined : this.answers.get(key);
    if (kept) {
      this.hits += 1;
      // Most recently used last: eviction takes the oldest first.
      this.answers.delete(key);
      this.answers.set(key, kept);
    } else {
      this.misses += 1;
    }
    return { version, kept };
  }

  /** Keeps an answer read under `version`, unless the store has moved on meanwhile (then it would be dropped anyway). */
  keep(key: string, version: string | null, answer: KeptAnswer): void {
    const size = sizeOf(answer);
    if (version === null || version !== this.version || size > this.maxBytes / 4) return;
    const previous = this.answers.get(key);
    if (previous) this.bytes -= sizeOf(previous);
    this.answers.delete(key);
    this.answers.set(key, answer);
    this.bytes += size;
    for (const [oldest, dropped] of this.answers) {
      if (this.bytes <= this.maxBytes) break;
      this.answers.delete(oldest);
      this.bytes -= sizeOf(dropped);
    }
  }

  stats(): ResponseCacheStats {
    return { hits: this.hits, misses: this.misses, entries: this.answers.size, bytes: this.bytes };
  }
}

export function etagOf(body: Uint8Array<ArrayBuffer>): string {
  return `"${createHash('sha1').update(body).digest('base64url')}"`;
}

/** `If-None-Match: "a", W/"b"` names `etag` (weak comparison, as RFC 9110 asks for it here), or is `*`. */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const opaque = (tag: string) => (tag.startsWith('W/') ? tag.slice(2) : tag);
  const wanted = opaque(etag);
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || opaque(t) === wanted;
  });
}

/** Answers are for authorised callers only: shared caches must not keep them, browsers must revalidate. */
const CACHE_CONTROL = 'private, no-cache';

/** The answer as this client gets it: gzipped if it may be, 304 if it has it already. */
function send(answer: KeptAnswer, gzipped: boolean, ifNoneMatch: string | undefined): Response {
  const etag = gzipped ? gzipEtag(answer.etag) : answer.etag;
  const headers: Record<string, string> = { etag, 'cache-control': CACHE_CONTROL, vary: 'Accept-Encoding' };
  if (matchesEtag(ifNoneMatch, etag)) return new Response(null, { status: 304, headers });
  headers['content-type'] = answer.contentType;
  if (gzipped) headers['content-encoding'] = 'gzip';
  return new Response(gzipped ? (answer.gzipped as Uint8Array<ArrayBuffer>) : answer.body, { status: 200, headers });
}

/** The middleware a cacheable route gets; the app puts its one `ResponseCache` on the context as `responses`. */
export function whileStoreUnchanged<E extends { Variables: { responses: ResponseCache } }>(): MiddlewareHandler<E> {
  return async (c, next) => {
    if (c.req.method !== 'GET') return next();
    const cache = (c as unknown as { get(key: 'responses'): ResponseCache }).get('responses');
    const url = c.req.url;
    // Path and query: the host and scheme say nothing about the data.
    const key = url.slice(url.indexOf('/', url.indexOf('//') + 2));
    const { version, kept } = await cache.lookup(key);
    let answer = kept;
    if (!answer) {
      await next();
      if (c.res.status !== 200) return;
      const body = new Uint8Array(await c.res.arrayBuffer());
      answer = { body, contentType: c.res.headers.get('content-type') ?? 'application/json', etag: etagOf(body), gzipped: null };
    }
    // Compressed once per kept answer, when a client first asks for it so.
    const gzipped = acceptsGzip(c.req.header('accept-encoding')) && answer.body.byteLength >= MIN_COMPRESSED_BYTES;
    if (gzipped && !answer.gzipped) answer = { ...answer, gzipped: await gzip(answer.body) };
    if (answer !== kept) cache.keep(key, version, answer);
    const response = send(answer, gzipped, c.req.header('if-none-match'));
    if (kept) return response;
    c.res = response;
  };
}
