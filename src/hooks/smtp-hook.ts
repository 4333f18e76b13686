/**
 * SmtpHook: sends mail through the server an `smtp` connection names, with
 * nodemailer (loaded on first use). Read as Airflow's SmtpHook reads it:
 * host, port, login and password; extras `from_email`, `disable_ssl` (SSL from
 * the first byte is on unless disabled), `disable_tls` (STARTTLS is required
 * on a plain connection unless disabled), `timeout` (s, 30), `retry_limit`
 * (connection attempts, 5), `ssl_context` ('default' verifies the server's
 * certificate, 'none' does not). `ssl` / `starttls` booleans say the same positively.
 *
 *   const mail = await SmtpHook.fromConnection(ctx.connections, 'smtp_default');
 *   await mail.send({ to: 'ops@example.com', subject: 'Loaded', html: '<b>42</b> rows' });
 */
import { basename } from 'node:path';
import type { SendMailOptions, Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type { ConnectionInfo } from '../sdk/context.js';
import type { Connection } from '../store/types.js';
import { connectionError, extraBoolean, extraNumber, extraString } from './connection-extra.js';
import { connectionInfoOf, type ConnectionSource } from './connection-info.js';
import type { HookOptions } from './hook-options.js';
import { sleep } from './http-send.js';

export interface EmailAttachment {
  readonly filename: string;
  readonly content: string | Uint8Array;
  readonly contentType?: string;
}

export type EmailAddresses = string | readonly string[];

export interface EmailMessage {
  /** One address, several separated by `,` or `;` (as Airflow splits them), or a list. */
  readonly to: EmailAddresses;
  readonly subject: string;
  readonly html?: string;
  /** Plain-text body, alone or as the alternative to `html`. */
  readonly text?: string;
  /** Default: the connection's `extra.from_email`. */
  readonly from?: string;
  readonly cc?: EmailAddresses;
  /** Receives the mail without appearing in its headers. */
  readonly bcc?: EmailAddresses;
  readonly replyTo?: string;
  /** Paths of local files, or contents with a file name. */
  readonly attachments?: readonly (string | EmailAttachment)[];
  readonly headers?: Readonly<Record<string, string>>;
}

export interface SentEmail {
  readonly messageId: string;
  readonly accepted: readonly string[];
  readonly rejected: readonly string[];
}

export interface SmtpSettings {
  readonly host: string;
  readonly port: number;
  readonly ssl: boolean;
  readonly starttls: boolean;
  readonly verifyCertificate: boolean;
  readonly timeoutMs: number;
  readonly retryLimit: number;
  readonly fromEmail: string | undefined;
}

export function smtpSettings(conn: ConnectionInfo): SmtpSettings {
  if (!conn.host) throw connectionError(conn, 'an SMTP connection needs the mail server in its host');
  const ssl = extraBoolean(conn, 'ssl') ?? !(extraBoolean(conn, 'disable_ssl') ?? false);
  const starttls = extraBoolean(conn, 'starttls') ?? !(extraBoolean(conn, 'disable_tls') ?? false);
  const sslContext = extraString(conn, 'ssl_context') ?? 'default';
  if (sslContext !== 'default' && sslContext !== 'none') throw connectionError(conn, `extra.ssl_context must be 'default' or 'none'`);
  const retryLimit = extraNumber(conn, 'retry_limit') ?? 5;
  if (!Number.isInteger(retryLimit) || retryLimit < 1) throw connectionError(conn, 'extra.retry_limit must be a whole number of at least 1');
  return {
    host: conn.host,
    // smtplib's defaults, as Airflow leaves the port to it: 465 for SSL, 25 otherwise.
    port: conn.port ?? (ssl ? 465 : 25),
    ssl,
    starttls,
    verifyCertificate: sslContext === 'default',
    timeoutMs: (extraNumber(conn, 'timeout') ?? 30) * 1000,
    retryLimit,
    fromEmail: extraString(conn, 'from_email'),
  };
}

/** Airflow's splitting: `a@x, b@y; c@z` → three addresses. */
export function emailList(addresses: EmailAddresses | undefined): string[] {
  if (addresses === undefined) return [];
  const list = typeof addresses === 'string' ? addresses.split(/\s*[,;]\s*/) : [...addresses];
  return list.map((a) => a.trim()).filter((a) => a !== '');
}

/** Errors that mean "could not reach or keep the server", worth another connection attempt (Airflow retries SMTPServerDisconnected). */
const CONNECTION_ERRORS = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS']);

export class SmtpHook {
  readonly settings: SmtpSettings;

  /** Reads the connection now, so a misconfigured one fails before any mail. */
  constructor(
    readonly connection: ConnectionInfo,
    private readonly options: HookOptions = {},
  ) {
    this.settings = smtpSettings(connection);
  }

  static async fromConnection(source: ConnectionSource, connId: string, options: HookOptions = {}): Promise<SmtpHook> {
    return new SmtpHook(await source.get(connId), options);
  }

  private get what(): string {
    const { host, port, ssl, starttls } = this.settings;
    return `SMTP connection '${this.connection.connId}' (${host}:${port}, ${ssl ? 'SSL' : starttls ? 'STARTTLS' : 'plain'})`;
  }

  private async transport(): Promise<Transporter<SMTPTransport.SentMessageInfo>> {
    const { default: nodemailer } = await import('nodemailer');
    const s = this.settings;
    const c = this.connection;
    return nodemailer.createTransport({
      host: s.host,
      port: s.port,
      secure: s.ssl,
      requireTLS: !s.ssl && s.starttls,
      ignoreTLS: !s.ssl && !s.starttls,
      auth: c.login ? { user: c.login, pass: c.password ?? '' } : undefined,
      connectionTimeout: s.timeoutMs,
      greetingTimeout: s.timeoutMs,
      socketTimeout: s.timeoutMs,
      tls: { rejectUnauthorized: s.verifyCertificate, servername: s.host },
    });
  }

  /** Sends one message; connection failures are retried up to `retry_limit` attempts. */
  async send(message: EmailMessage): Promise<SentEmail> {
    const from = message.from ?? this.settings.fromEmail;
    if (!from) throw connectionError(this.connection, 'no sender: set extra.from_email on the connection or pass `from`');
    const to = emailList(message.to);
    const cc = emailList(message.cc);
    const bcc = emailList(message.bcc);
    if (to.length + cc.length + bcc.length === 0) throw new Error(`${this.what}: the message "${message.subject}" has no recipient`);
    if (message.html === undefined && message.text === undefined) throw new Error(`${this.what}: the message "${message.subject}" has no body: give html or text`);
    const mail: SendMailOptions = {
      from,
      to,
      cc: cc.length > 0 ? cc : undefined,
      bcc: bcc.length > 0 ? bcc : undefined,
      replyTo: message.replyTo,
      subject: message.subject,
      html: message.html,
      text: message.text,
      headers: message.headers ? { ...message.headers } : undefined,
      attachments: (message.attachments ?? []).map((a) =>
        typeof a === 'string' ? { filename: basename(a), path: a } : { filename: a.filename, content: typeof a.content === 'string' ? a.content : Buffer.from(a.content), contentType: a.contentType },
      ),
    };
    const info = await this.withTransport('sending', (transport) => transport.sendMail(mail));
    // nodemailer reports addresses as text or as { name, address } objects.
    const addresses = (list: readonly unknown[]) => list.map((a) => (typeof a === 'string' ? a : String((a as { address: string }).address)));
    this.options.log?.info(`sent "${message.subject}" to ${[...to, ...cc].join(', ')}${bcc.length ? ` (+${bcc.length} bcc)` : ''} through ${this.settings.host}:${this.settings.port}`);
    return { messageId: info.messageId, accepted: addresses(info.accepted), rejected: addresses(info.rejected) };
  }

  /** Connects, greets, upgrades to TLS and logs in as configured (what `connections test` runs). */
  async test(): Promise<void> {
    await this.withTransport('testing', (transport) => transport.verify());
  }

  private async withTransport<T>(doing: string, use: (transport: Transporter<SMTPTransport.SentMessageInfo>) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const transport = await this.transport();
      try {
        return await use(transport);
      } catch (error) {
        const code = (error as { code?: string }).code;
        const reason = error instanceof Error ? error.message : String(error);
        if (!code || !CONNECTION_ERRORS.has(code) || attempt >= this.settings.retryLimit || this.options.signal?.aborted) {
          const tries = attempt > 1 ? ` (after ${attempt} attempts)` : '';
          throw new Error(`${this.what}: ${doing} failed${tries}: ${reason}`, { cause: error });
        }
        this.options.log?.warn(`${this.what}: ${reason}; attempt ${attempt + 1} of ${this.settings.retryLimit}`);
        await sleep(200 * attempt, this.options.signal);
      } finally {
        transport.close();
      }
    }
  }
}

export async function testSmtpConnection(conn: Connection, timeoutMs: number): Promise<void> {
  const info = connectionInfoOf(conn);
  // One attempt within the test's time: a test reports, it does not insist.
  const seconds = Math.max(1, Math.round(timeoutMs / 1000));
  await new SmtpHook({ ...info, extra: { ...info.extra, timeout: seconds, retry_limit: 1 } }).test();
}
