/**
 * SmtpHook against real SMTP servers started here (`smtp-server`): plain,
 * STARTTLS and SSL sessions, login checked by the server, what arrives
 * (subject, html and text, to/cc, bcc only in the envelope, attachments from
 * files and memory, headers), Airflow's address splitting and TLS defaults,
 * and clear failures (wrong password, no STARTTLS, closed port, no sender).
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { connection } from './testing/connection.js';
import { recordingLogger } from './testing/recording-logger.js';
import { startLocalSmtp, type LocalSmtp } from './testing/smtp-server.js';
import { emailList, SmtpHook, smtpSettings } from './smtp-hook.js';

const freePort = async (): Promise<number> => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
};

describe('SmtpHook against local SMTP servers', () => {
  let plain: LocalSmtp;
  let starttls: LocalSmtp;
  let ssl: LocalSmtp;
  let dir = '';
  const auth = { user: 'mailer', pass: 'm@il-s3cret' };
  before(async () => {
    [plain, starttls, ssl] = await Promise.all([startLocalSmtp(), startLocalSmtp({ mode: 'starttls', auth }), startLocalSmtp({ mode: 'ssl', auth })]);
    dir = mkdtempSync(join(tmpdir(), 'updraft-smtp-'));
  });
  after(async () => {
    await Promise.all([plain.stop(), starttls.stop(), ssl.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('splits address lists on , and ; as Airflow does', () => {
    assert.deepEqual(emailList('a@x.io, b@y.io;c@z.io ; '), ['a@x.io', 'b@y.io', 'c@z.io']);
    assert.deepEqual(emailList(['a@x.io']), ['a@x.io']);
    assert.deepEqual(emailList(undefined), []);
  });

  it('reads Airflow\'s defaults: SSL unless disabled, then STARTTLS unless disabled', () => {
    const base = connection({ connType: 'smtp', host: 'mail.example.com' });
    assert.deepEqual(
      (({ ssl, starttls, port, verifyCertificate, timeoutMs, retryLimit }) => ({ ssl, starttls, port, verifyCertificate, timeoutMs, retryLimit }))(smtpSettings(base)),
      { ssl: true, starttls: true, port: 465, verifyCertificate: true, timeoutMs: 30_000, retryLimit: 5 },
    );
    const noSsl = smtpSettings({ ...base, extra: { disable_ssl: 'true' } });
    assert.equal(noSsl.ssl, false);
    assert.equal(noSsl.starttls, true);
    assert.equal(noSsl.port, 25);
    assert.equal(smtpSettings({ ...base, port: 2525, extra: { ssl: false, starttls: false } }).starttls, false);
    assert.throws(() => smtpSettings(connection({ connId: 'nohost', connType: 'smtp' })), /Connection 'nohost' \(smtp\): an SMTP connection needs the mail server in its host/);
    assert.throws(() => smtpSettings({ ...base, extra: { ssl_context: 'strict' } }), /extra\.ssl_context must be 'default' or 'none'/);
  });

  it('delivers html, text, to/cc, bcc in the envelope only, attachments and headers', async () => {
    const report = join(dir, 'report.csv');
    writeFileSync(report, 'id,amount\n1,10\n');
    const log = recordingLogger();
    const hook = new SmtpHook(plain.connection('smtp_plain'), { log });
    const sent = await hook.send({
      to: 'ann@example.com; bob@example.com',
      cc: ['carol@example.com'],
      bcc: 'audit@example.com',
      subject: 'Daily load: 42 rows ✓',
      html: '<p>Loaded <b>42</b> rows</p>',
      text: 'Loaded 42 rows',
      attachments: [report, { filename: 'summary.json', content: '{"rows":42}', contentType: 'application/json' }],
      headers: { 'X-Updraft-Dag': 'daily_load' },
    });
    assert.deepEqual([...sent.accepted].sort(), ['ann@example.com', 'audit@example.com', 'bob@example.com', 'carol@example.com']);
    const [mail] = await plain.waitFor(1);
    assert.ok(mail);
    assert.equal(mail.envelopeFrom, 'updraft@example.com');
    assert.deepEqual([...mail.envelopeTo].sort(), ['ann@example.com', 'audit@example.com', 'bob@example.com', 'carol@example.com']);
    assert.equal(mail.parsed.subject, 'Daily load: 42 rows ✓');
    assert.equal(mail.parsed.html?.trim(), '<p>Loaded <b>42</b> rows</p>');
    assert.equal(mail.parsed.text?.trim(), 'Loaded 42 rows');
    assert.deepEqual(mail.parsed.to?.map((a) => ('address' in a ? a.address : '')), ['ann@example.com', 'bob@example.com']);
    assert.deepEqual(mail.parsed.cc?.map((a) => ('address' in a ? a.address : '')), ['carol@example.com']);
    assert.doesNotMatch(mail.raw, /audit@example\.com/, 'bcc never appears in the message');
    assert.equal(mail.parsed.headers.find((h) => h.key === 'x-updraft-dag')?.value, 'daily_load');
    const attachments = mail.parsed.attachments.map((a) => ({ name: a.filename, type: a.mimeType, content: Buffer.from(a.content as ArrayBuffer).toString() }));
    assert.deepEqual(attachments, [
      { name: 'report.csv', type: 'text/csv', content: 'id,amount\n1,10\n' },
      { name: 'summary.json', type: 'application/json', content: '{"rows":42}' },
    ]);
    assert.match(log.text(), /sent "Daily load: 42 rows ✓" to ann@example\.com, bob@example\.com, carol@example\.com \(\+1 bcc\)/);
  });

  it('logs in over STARTTLS and over SSL; the server sees an encrypted, authenticated session', async () => {
    await new SmtpHook(starttls.connection('smtp_tls')).send({ to: 'ann@example.com', subject: 'over starttls', text: 'x' });
    const [viaStarttls] = await starttls.waitFor(1);
    assert.equal(viaStarttls?.secure, true);
    assert.equal(viaStarttls?.user, 'mailer');
    await new SmtpHook(ssl.connection('smtp_ssl')).send({ to: 'ann@example.com', subject: 'over ssl', text: 'x', from: 'Reports <reports@example.com>' });
    const [viaSsl] = await ssl.waitFor(1);
    assert.equal(viaSsl?.secure, true);
    assert.equal(viaSsl?.envelopeFrom, 'reports@example.com');
  });

  it('fails clearly for a wrong password, without the password', async () => {
    const hook = new SmtpHook({ ...starttls.connection('smtp_wrong'), password: 'wrong-pass-123' });
    const error = await hook.send({ to: 'ann@example.com', subject: 's', text: 'x' }).catch((e: Error) => e);
    assert.ok(error instanceof Error);
    assert.match(error.message, /SMTP connection 'smtp_wrong' \(127\.0\.0\.1:\d+, STARTTLS\): sending failed: Invalid login: 535/);
    assert.doesNotMatch(error.message, /wrong-pass-123/);
    await assert.rejects(hook.test(), /testing failed: Invalid login/);
  });

  it('requires STARTTLS by default when SSL is disabled (Airflow\'s disable_tls=false), and says so', async () => {
    const hook = new SmtpHook(plain.connection('smtp_needs_tls', { disable_tls: false }));
    await assert.rejects(hook.send({ to: 'ann@example.com', subject: 's', text: 'x' }), /SMTP connection 'smtp_needs_tls' \(127\.0\.0\.1:\d+, STARTTLS\): sending failed: .*STARTTLS/i);
  });

  it('retries a refused connection up to retry_limit, then names the attempts', async () => {
    const port = await freePort();
    const log = recordingLogger();
    const hook = new SmtpHook(connection({ connId: 'smtp_down', connType: 'smtp', host: '127.0.0.1', port, extra: { disable_ssl: true, disable_tls: true, retry_limit: 2, from_email: 'a@b.c' } }), { log });
    await assert.rejects(hook.send({ to: 'ann@example.com', subject: 's', text: 'x' }), /SMTP connection 'smtp_down' \(127\.0\.0\.1:\d+, plain\): sending failed \(after 2 attempts\): .*ECONNREFUSED/);
    assert.equal(log.lines.filter((l) => l.startsWith('WARN')).length, 1);
  });

  it('refuses a message without sender, recipient or body before connecting', async () => {
    const hook = new SmtpHook(plain.connection('smtp_plain', { from_email: '' }));
    await assert.rejects(hook.send({ to: 'a@b.c', subject: 's', text: 'x' }), /Connection 'smtp_plain' \(smtp\): no sender: set extra\.from_email/);
    const withFrom = new SmtpHook(plain.connection('smtp_plain'));
    await assert.rejects(withFrom.send({ to: ' ; ', subject: 'lonely', text: 'x' }), /the message "lonely" has no recipient/);
    await assert.rejects(withFrom.send({ to: 'a@b.c', subject: 'empty' }), /the message "empty" has no body/);
  });
});
