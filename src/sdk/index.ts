/**
 * The authoring SDK: everything a DAG file imports from 'updraft'.
 * It loads no database, HTTP or queue code (checked by a test), so DAG files
 * import fast and stay free of side effects.
 */
export { dag, type Dag, type DagOptions, type DagScope } from './dag.js';
export { task, type FunctionTaskOptions, type TaskBody } from './task.js';
export { bash, type BashOptions } from './bash.js';
export { empty } from './empty.js';
export { branch, type BranchChoice } from './branch.js';
export { shortCircuit, type ShortCircuitOptions } from './short-circuit.js';
export { latestOnly } from './latest-only.js';
export { group, type GroupOptions } from './group.js';
export { sqlExecute, type SqlExecuteOptions, type SqlExecuteResult } from './operators/sql-execute.js';
export { sqlQuery, type SqlQueryOptions } from './operators/sql-query.js';
export type { SqlTaskParameters } from './operators/sql-options.js';
export { sqlCheck, type SqlCheckOptions } from './operators/sql-check.js';
export { sqlValueCheck, type SqlValueCheckOptions } from './operators/sql-value-check.js';
export { sqlIntervalCheck, type SqlIntervalCheckOptions, type IntervalMetricResult, type RatioFormula } from './operators/sql-interval-check.js';
export { sqlColumnCheck, type SqlColumnCheckOptions, type ColumnCheckSpec, type ColumnCheckName, type ColumnCheckResults } from './operators/sql-column-check.js';
export { sqlTableCheck, type SqlTableCheckOptions, type TableCheckSpec } from './operators/sql-table-check.js';
export { httpRequest, type HttpRequestOptions, type HttpResponseCheck, type HttpMethod } from './operators/http-request.js';
export { emailSend, type EmailSendOptions, type EmailSendResult } from './operators/email-send.js';
export { slackMessage, type SlackMessageOptions, type SlackMessageResult } from './operators/slack-message.js';
export { s3Upload, s3Download, s3Copy, fileTransfer, type S3UploadOptions, type S3DownloadOptions, type S3CopyOptions, type FileTransferOptions } from './operators/s3-transfer.js';
export { s3List, s3Delete, type S3ListOptions, type S3DeleteOptions } from './operators/s3-objects.js';
export type { S3StorageClass } from './operators/s3-options.js';
export { containerRun, type ContainerRunOptions, type ContainerMount, type ContainerRuntime, type ContainerPullPolicy } from './operators/container-run.js';
export { triggerDagRun, type TriggerDagRunOptions, type TriggeredRun } from './operators/trigger-dag-run.js';
export { timeDeltaSensor, dateTimeSensor, type TimeDeltaSensorOptions, type DateTimeSensorOptions } from './sensors/time-sensors.js';
export { fileSensor, type FileSensorOptions } from './sensors/file-sensor.js';
export { sqlSensor, type SqlSensorOptions } from './sensors/sql-sensor.js';
export { httpSensor, type HttpSensorOptions } from './sensors/http-sensor.js';
export { s3KeySensor, type S3KeySensorOptions } from './sensors/s3-key-sensor.js';
export { externalTaskSensor, type ExternalTaskSensorOptions } from './sensors/external-task-sensor.js';
export { assetSensor, type AssetSensorOptions, type AssetUpdates } from './sensors/asset-sensor.js';
export type { SensorOptions, DeferrableSensorOptions, SensorMode } from './sensors/sensor-options.js';
export { SkipTask, FailTask } from './task-errors.js';
export { chain } from './chain.js';
export { variable } from './parse-variables.js';
export { TaskRef, TaskGroupRef, Output, type Chainable } from './refs.js';
export type { Schedule } from './schedule.js';
export { asset, allOf, anyOf, type AssetRef, type AssetAllOf, type AssetAnyOf, type AssetExpression, type AssetOptions } from './assets.js';
export type { TaskOptions, DefaultArgs, Duration } from './task-options.js';
export type { TaskContext, TaskLogger, CallbackContext, Callback, ConnectionInfo, NewConnection } from './context.js';
export type { TriggerRule, WeightRule, JsonValue, JsonObject } from '../core/dag-spec.js';
/** zod, re-exported so DAG files declare params with the same zod the SDK reads: `import { z } from 'updraft'`. */
export { z } from 'zod';
