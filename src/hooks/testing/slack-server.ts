/**
 * A Slack-compatible HTTP endpoint for tests: incoming webhooks under
 * `/services/<token>` and the Web API's chat.postMessage and auth.test under
 * `/api/`, answering as Slack does (200 "ok" for webhooks, `{ ok, error }` for
 * the API) after checking the token, the JSON and the channel. Every accepted
 * message is kept for the test to read; `rateLimitNext(n)` answers the next n
 * requests with 429 and Retry-After.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { JsonObject } from '../../core/dag-spec.js';
import type { ConnectionInfo } from '../../sdk/context.js';

export const SLACK_WEBHOOK_TOKEN = 'T0001/B0001/abcdefghijklmnopqrstuvwx';
export const SLACK_API_TOKEN = 'xoxb-1111-2222-test-token';

export interface SlackPost {
  readonly via: 'webhook' | 'api';
  readonly payload: JsonObject;
}

export interface LocalSlack {
  readonly baseUrl: string;
  readonly posts: SlackPost[];
  /** Known channels of the Web API (names with #, and ids). */
  readonly channels: Set<string>;
  rateLimitNext(count: number): void;
  webhookConnection(connId: string, fields?: Partial<ConnectionInfo>): ConnectionInfo;
  apiConnection(connId: string, fields?: Partial<ConnectionInfo>): ConnectionInfo;
  waitFor(count: number, timeoutMs?: number): Promise<readonly SlackPost[]>;
  stop(): Promise<void>;
}

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => resolve(body));
  });

export async function startLocalSlack(): Promise<LocalSlack> {
  const posts: SlackPost[] = [];
  const channels = new Set(['#alerts', '#data', 'C0ALERTS']);
  const waiters: (() => void)[] = [];
  let rateLimited = 0;
  const accept = (post: SlackPost) => {
    posts.push(post);
    for (const wake of waiters.splice(0)) wake();
  };

  const server = createServer((req, res) => {
    void readBody(req).then((raw) => {
      if (rateLimited > 0) {
        rateLimited--;
        res.writeHead(429, { 'retry-after': '0' }).end('rate_limited');
        return;
      }
      const path = req.url ?? '/';
      let payload: JsonObject | null = null;
      try {
        const parsed = JSON.parse(raw) as unknown;
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) payload = parsed as JsonObject;
      } catch {
        payload = null;
      }
      if (path.startsWith('/services/')) {
        if (path !== `/services/${SLACK_WEBHOOK_TOKEN}`) return void res.writeHead(404).end('no_service');
        if (!payload || (!payload.text && !payload.blocks && !payload.attachments)) return void res.writeHead(400).end('invalid_payload');
        accept({ via: 'webhook', payload });
        return void res.writeHead(200, { 'content-type': 'text/html' }).end('ok');
      }
      const answer = (body: JsonObject) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (req.headers.authorization !== `Bearer ${SLACK_API_TOKEN}`) return answer({ ok: false, error: 'invalid_auth' });
      if (path === '/api/auth.test') return answer({ ok: true, team: 'Updraft', user: 'updraft-bot' });
      if (path === '/api/chat.postMessage') {
        if (!payload) return answer({ ok: false, error: 'invalid_json' });
        if (typeof payload.channel !== 'string' || !channels.has(payload.channel)) return answer({ ok: false, error: 'channel_not_found' });
        if (!payload.text && !payload.blocks && !payload.attachments) return answer({ ok: false, error: 'no_text' });
        accept({ via: 'api', payload });
        return answer({ ok: true, channel: 'C0ALERTS', ts: `1700000000.${String(posts.length).padStart(6, '0')}` });
      }
      return answer({ ok: false, error: 'unknown_method' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const base = { host: null, schema: null, login: null, port: null, extra: {} };
  return {
    baseUrl,
    posts,
    channels,
    rateLimitNext: (count) => {
      rateLimited = count;
    },
    webhookConnection: (connId, fields = {}) => ({ ...base, connId, connType: 'slackwebhook', host: `${baseUrl}/services`, password: SLACK_WEBHOOK_TOKEN, ...fields }),
    apiConnection: (connId, fields = {}) => ({ ...base, connId, connType: 'slack', password: SLACK_API_TOKEN, extra: { base_url: `${baseUrl}/api/` }, ...fields }),
    waitFor: (count, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`expected ${count} Slack post(s) within ${timeoutMs} ms, got ${posts.length}`)), timeoutMs);
        const check = () => {
          if (posts.length >= count) {
            clearTimeout(timer);
            resolve(posts.slice(0, count));
          } else waiters.push(check);
        };
        check();
      }),
    stop: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
