/**
 * Airflow's `email`, `email_on_failure` and `email_on_retry` task options:
 * after a try that fails for good (or will be retried), the task's process
 * mails the addresses through the [smtp] settings (runner/email-alert.ts).
 */

export interface TaskEmailOptions {
  /** Who is mailed when the task fails or is retried: one address, several separated by `,` or `;`, or a list. */
  email?: string | readonly string[];
  /** Mail `email` when the task fails for good (default: true, the email.default_email_on_failure setting). */
  emailOnFailure?: boolean;
  /** Mail `email` when a try fails and the task will be retried (default: true, email.default_email_on_retry). */
  emailOnRetry?: boolean;
}

/** The task's email alerts, as its runtime keeps them; `null` flags follow the settings. */
export interface TaskEmail {
  readonly to: readonly string[];
  readonly onFailure: boolean | null;
  readonly onRetry: boolean | null;
}

/** Null when no address is given; throws saying what is wrong with a field. */
export function resolveTaskEmail(options: TaskEmailOptions): TaskEmail | null {
  const { email, emailOnFailure, emailOnRetry } = options;
  for (const [field, flag] of [['emailOnFailure', emailOnFailure], ['emailOnRetry', emailOnRetry]] as const) {
    if (flag !== undefined && typeof flag !== 'boolean') throw new Error(`${field} must be true or false, got ${JSON.stringify(flag)}`);
  }
  if (email === undefined) return null;
  const list: readonly unknown[] = Array.isArray(email) ? email : [email];
  const to: string[] = [];
  for (const item of list) {
    if (typeof item !== 'string') throw new Error(`email must be an address or a list of addresses, got ${JSON.stringify(item)}`);
    to.push(...item.split(/\s*[,;]\s*/).map((a) => a.trim()).filter((a) => a !== ''));
  }
  if (to.length === 0) return null;
  return { to, onFailure: emailOnFailure ?? null, onRetry: emailOnRetry ?? null };
}
