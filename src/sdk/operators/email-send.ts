/**
 * `emailSend(id, { to, subject, html })`: sends one mail through an SMTP
 * connection (Airflow's EmailOperator; connection `smtp_default` unless
 * `connId` says otherwise). Addresses, subject, bodies and file paths are
 * templated (`{{ ds }}`, `{{ inputs.x }}`). XCom: `{ messageId, accepted, rejected }`.
 *
 *   emailSend('report', { to: 'team@example.com', subject: 'Sales {{ ds }}', html: '<b>{{ inputs.total }}</b>', inputs: { total } });
 */
import type { Inputs } from '../inputs.js';
import type { TaskRef } from '../refs.js';
import type { TaskOptions } from '../task-options.js';
import { operatorTask, type OptionChecks } from './operator-task.js';

export const DEFAULT_SMTP_CONN_ID = 'smtp_default';

export interface EmailSendOptions extends TaskOptions {
  /** An smtp connection (default 'smtp_default'). Templated. */
  connId?: string;
  /** One address, several separated by ',' or ';', or a list. */
  to: string | readonly string[];
  subject: string;
  html?: string;
  text?: string;
  cc?: string | readonly string[];
  bcc?: string | readonly string[];
  /** Default: the connection's extra.from_email. */
  from?: string;
  /** Local files to attach. */
  files?: string | readonly string[];
  inputs?: Inputs;
}

export type EmailSendConfig = {
  readonly connId: string;
  readonly to: string | readonly string[];
  readonly subject: string;
  readonly html: string | null;
  readonly text: string | null;
  readonly cc: string | readonly string[] | null;
  readonly bcc: string | readonly string[] | null;
  readonly from: string | null;
  readonly files: readonly string[];
};

export interface EmailSendResult {
  readonly messageId: string;
  readonly accepted: readonly string[];
  readonly rejected: readonly string[];
}

export function emailSend(id: string, options: EmailSendOptions): TaskRef<EmailSendResult> {
  return operatorTask<EmailSendResult>('emailSend', id, (check) => {
    const { connId, to, subject, html, text, cc, bcc, from, files, inputs, ...taskOptions } = options;
    const config: EmailSendConfig = {
      connId: connId === undefined ? DEFAULT_SMTP_CONN_ID : check.text('connId', connId),
      to: check.textOrList('to', to),
      subject: check.text('subject', subject),
      html: check.optionalText('html', html),
      text: check.optionalText('text', text),
      cc: optionalList(check, 'cc', cc),
      bcc: optionalList(check, 'bcc', bcc),
      from: check.optionalText('from', from),
      files: files === undefined ? [] : [check.textOrList('files', files)].flat(),
    };
    if (config.html === null && config.text === null) check.fail('html', 'or text must be given: the mail needs a body');
    return { kind: 'email_send', operator: 'EmailOperator', options: taskOptions, ...(inputs ? { inputs } : {}), config };
  });
}

function optionalList(check: OptionChecks, option: string, value: unknown): string | string[] | null {
  return value === undefined || value === null ? null : check.textOrList(option, value);
}
