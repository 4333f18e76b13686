/**
 * Hooks for task code: `import { PostgresHook, sqlHook } from 'updraft/hooks'`.
 * Importing this module loads no database driver, HTTP client or SDK of a
 * cloud: each hook loads what it needs on first use, so a DAG file that
 * imports it parses as fast as one that does not (checked by a test).
 */
export { sqlHook, sqlHookFor, SQL_CONN_TYPES } from './sql/sql-hook-for.js';
export { SQLITE_DEFAULT_CONN_ID } from './sql/default-connections.js';
export {
  RowLimitError,
  type SqlHook,
  type SqlHookOptions,
  type SqlTable,
  type RunOptions,
  type RunResult,
  type QueryOptions,
  type SqlDialect,
  type SqlParameters,
  type SqlValue,
} from './sql/sql-hook.js';
export { PostgresHook } from './sql/postgres-hook.js';
export { MySqlHook } from './sql/mysql-hook.js';
export { SqliteHook } from './sql/sqlite-hook.js';
export type { ConnectionSource } from './connection-info.js';
export type { HookOptions } from './hook-options.js';
export { HttpHook, type HttpRunOptions, type QueryValue } from './http-hook.js';
export { HttpError, type HttpResponse, type RetryPolicy } from './http-send.js';
export { S3_STORAGE_CLASSES, type S3StorageClass } from '../sdk/operators/s3-options.js';
export { S3Hook, type S3PutOptions, type S3ObjectInfo, type S3HeadInfo, type S3ListTarget, type S3ListOptions } from './s3-hook.js';
export { parseS3Url, s3Url, type S3Location, type S3Target } from './s3-location.js';
export { SmtpHook, emailList, type EmailMessage, type EmailAttachment, type EmailAddresses, type SentEmail } from './smtp-hook.js';
export { SlackHook } from './slack-hook.js';
export { SlackWebhookHook } from './slack-webhook-hook.js';
export { SlackApiHook, SlackApiError } from './slack-api-hook.js';
export type { SlackMessage, SlackSendResult } from './slack-message.js';
export { ConnectionConfigError } from './connection-extra.js';
export { emailNotifier, type EmailNotifierOptions } from './notifiers/email-notifier.js';
export { slackNotifier, type SlackNotifierOptions } from './notifiers/slack-notifier.js';
