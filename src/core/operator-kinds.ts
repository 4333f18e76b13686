/**
 * The task kinds run by an operator executor (`src/operators/`), as opposed to
 * the kinds the task runner handles itself (function, bash, branch...). The SDK
 * factory of each kind (`src/sdk/operators/`) produces its plain-data config;
 * the registry maps each kind to its executor, and the type checker insists
 * that every kind listed here has one.
 */
export const OPERATOR_KINDS = [
  'sql_execute',
  'sql_query',
  'sql_check',
  'sql_value_check',
  'sql_interval_check',
  'sql_column_check',
  'sql_table_check',
  'http_request',
  'email_send',
  'slack_message',
  's3_upload',
  's3_download',
  's3_copy',
  's3_delete',
  's3_list',
  'file_transfer',
  'container_run',
  'time_delta_sensor',
  'date_time_sensor',
  'file_sensor',
  'sql_sensor',
  'http_sensor',
  's3_key_sensor',
  'external_task_sensor',
  'asset_sensor',
  'trigger_dag_run',
] as const;

export type OperatorKind = (typeof OPERATOR_KINDS)[number];

export function isOperatorKind(kind: string): kind is OperatorKind {
  return (OPERATOR_KINDS as readonly string[]).includes(kind);
}
