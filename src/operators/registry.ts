/**
 * Which executor runs each operator kind. The type demands one entry per kind
 * in core's OPERATOR_KINDS, so a kind cannot be added without its executor.
 */
import type { OperatorKind } from '../core/operator-kinds.js';
import type { OperatorExecutor } from './operator.js';
import { containerRunExecutor } from './container/container-run.js';
import { emailSendExecutor } from './email/email-send.js';
import { httpRequestExecutor } from './http/http-request.js';
import { s3DeleteExecutor, s3ListExecutor } from './s3/s3-objects.js';
import { fileTransferExecutor, s3CopyExecutor, s3DownloadExecutor, s3UploadExecutor } from './s3/s3-transfer.js';
import { slackMessageExecutor } from './slack/slack-message.js';
import { sqlCheckExecutor } from './sql/sql-check.js';
import { sqlColumnCheckExecutor } from './sql/sql-column-check.js';
import { sqlExecuteExecutor } from './sql/sql-execute.js';
import { sqlIntervalCheckExecutor } from './sql/sql-interval-check.js';
import { sqlQueryExecutor } from './sql/sql-query.js';
import { sqlTableCheckExecutor } from './sql/sql-table-check.js';
import { sqlValueCheckExecutor } from './sql/sql-value-check.js';
import { triggerDagRunExecutor } from './dag-runs/trigger-dag-run.js';
import { assetSensorExecutor } from './sensors/asset-sensor.js';
import { externalTaskSensorExecutor } from './sensors/external-task-sensor.js';
import { fileSensorExecutor } from './sensors/file-sensor.js';
import { httpSensorExecutor } from './sensors/http-sensor.js';
import { s3KeySensorExecutor } from './sensors/s3-key-sensor.js';
import { sqlSensorExecutor } from './sensors/sql-sensor.js';
import { dateTimeSensorExecutor, timeDeltaSensorExecutor } from './sensors/time-sensors.js';

export const OPERATORS: { readonly [K in OperatorKind]: OperatorExecutor<unknown> } = {
  sql_execute: sqlExecuteExecutor,
  sql_query: sqlQueryExecutor,
  sql_check: sqlCheckExecutor,
  sql_value_check: sqlValueCheckExecutor,
  sql_interval_check: sqlIntervalCheckExecutor,
  sql_column_check: sqlColumnCheckExecutor,
  sql_table_check: sqlTableCheckExecutor,
  http_request: httpRequestExecutor,
  email_send: emailSendExecutor,
  slack_message: slackMessageExecutor,
  s3_upload: s3UploadExecutor,
  s3_download: s3DownloadExecutor,
  s3_copy: s3CopyExecutor,
  s3_delete: s3DeleteExecutor,
  s3_list: s3ListExecutor,
  file_transfer: fileTransferExecutor,
  time_delta_sensor: timeDeltaSensorExecutor,
  date_time_sensor: dateTimeSensorExecutor,
  file_sensor: fileSensorExecutor,
  sql_sensor: sqlSensorExecutor,
  http_sensor: httpSensorExecutor,
  s3_key_sensor: s3KeySensorExecutor,
  external_task_sensor: externalTaskSensorExecutor,
  asset_sensor: assetSensorExecutor,
  trigger_dag_run: triggerDagRunExecutor,
  container_run: containerRunExecutor,
};
