/** Executor of `emailSend`: renders the message and sends it through SmtpHook. */
import { SmtpHook } from '../../hooks/smtp-hook.js';
import type { EmailSendConfig, EmailSendResult } from '../../sdk/operators/email-send.js';
import { executor, succeeded } from '../operator.js';

export const emailSendExecutor = executor<EmailSendConfig>(async (config, ctx) => {
  const connection = await ctx.connection(ctx.render(config.connId));
  const hook = new SmtpHook(connection, { log: ctx.log, signal: ctx.signal });
  const list = (value: string | readonly string[] | null) => (value === null ? undefined : typeof value === 'string' ? ctx.render(value) : value.map((v) => ctx.render(v)));
  const sent = await hook.send({
    to: list(config.to) as string | string[],
    cc: list(config.cc),
    bcc: list(config.bcc),
    subject: ctx.render(config.subject),
    ...(config.html !== null ? { html: ctx.render(config.html) } : {}),
    ...(config.text !== null ? { text: ctx.render(config.text) } : {}),
    ...(config.from !== null ? { from: ctx.render(config.from) } : {}),
    attachments: config.files.map((file) => ctx.render(file)),
  });
  const result: EmailSendResult = sent;
  return succeeded(result);
});
