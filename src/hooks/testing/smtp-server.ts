/**
 * A real SMTP server for tests (the `smtp-server` package): it checks the
 * login, offers SSL or STARTTLS with its built-in self-signed certificate (or
 * neither), keeps every message it receives, parsed, for the test to read.
 */
import type { AddressInfo } from 'node:net';
import PostalMime, { type Email } from 'postal-mime';
import { SMTPServer } from 'smtp-server';
import type { JsonObject } from '../../core/dag-spec.js';
import type { ConnectionInfo } from '../../sdk/context.js';

export interface ReceivedMail {
  /** The envelope: who the client said it sends from and to (bcc included). */
  readonly envelopeFrom: string;
  readonly envelopeTo: readonly string[];
  /** Whether the session was encrypted (SSL or STARTTLS). */
  readonly secure: boolean;
  readonly user: string | null;
  readonly raw: string;
  readonly parsed: Email;
}

export interface LocalSmtpOptions {
  /** 'ssl': TLS from the first byte; 'starttls': plain, with STARTTLS offered; 'plain': no TLS at all. */
  readonly mode?: 'ssl' | 'starttls' | 'plain';
  /** Required credentials; without them the server accepts anyone. */
  readonly auth?: { readonly user: string; readonly pass: string };
}

export interface LocalSmtp {
  readonly port: number;
  readonly received: ReceivedMail[];
  /** An `smtp` connection to this server (extra as `mode` needs it, plus `extra`). */
  connection(connId: string, extra?: JsonObject): ConnectionInfo;
  /** Resolves once `count` messages arrived; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<readonly ReceivedMail[]>;
  stop(): Promise<void>;
}

export async function startLocalSmtp(options: LocalSmtpOptions = {}): Promise<LocalSmtp> {
  const mode = options.mode ?? 'plain';
  const received: ReceivedMail[] = [];
  const waiters: (() => void)[] = [];
  const server = new SMTPServer({
    secure: mode === 'ssl',
    disabledCommands: [...(mode === 'plain' ? ['STARTTLS'] : []), ...(options.auth ? [] : ['AUTH'])],
    authOptional: !options.auth,
    // The built-in certificate is self-signed: clients must be told not to verify it (extra.ssl_context 'none').
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      const ok = options.auth && auth.username === options.auth.user && auth.password === options.auth.pass;
      callback(ok ? null : Object.assign(new Error('Invalid username or password'), { responseCode: 535 }), ok ? { user: auth.username } : undefined);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        void PostalMime.parse(raw).then((parsed) => {
          received.push({
            envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            envelopeTo: session.envelope.rcptTo.map((r) => r.address),
            secure: session.secure,
            user: typeof session.user === 'string' ? session.user : null,
            raw,
            parsed,
          });
          for (const wake of waiters.splice(0)) wake();
          callback();
        }, callback);
      });
    },
  });
  server.on('error', () => undefined); // a client that drops mid-session is not the test's failure
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  const modeExtra: JsonObject =
    mode === 'ssl' ? { ssl_context: 'none' } : mode === 'starttls' ? { disable_ssl: true, ssl_context: 'none' } : { disable_ssl: true, disable_tls: true };
  return {
    port,
    received,
    connection: (connId, extra = {}) => ({
      connId,
      connType: 'smtp',
      host: '127.0.0.1',
      schema: null,
      login: options.auth?.user ?? null,
      password: options.auth?.pass ?? null,
      port,
      extra: { from_email: 'updraft@example.com', ...modeExtra, ...extra },
    }),
    waitFor: (count, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`expected ${count} mail(s) within ${timeoutMs} ms, got ${received.length}`)), timeoutMs);
        const check = () => {
          if (received.length >= count) {
            clearTimeout(timer);
            resolve(received.slice(0, count));
          } else waiters.push(check);
        };
        check();
      }),
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
