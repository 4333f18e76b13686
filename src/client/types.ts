/**
 * The API's request and response shapes, as TypeScript types inferred from the
 * very zod schemas the server validates with and publishes its spec from: one
 * definition, so the client cannot drift from the server. Type-only imports:
 * none of the server's code reaches a browser bundle.
 */
import type { z } from '@hono/zod-openapi';
import type * as admin from '../api/schemas/admin.js';
import type * as extras from '../api/schemas/dag-extras.js';
import type * as runs from '../api/schemas/dag-runs.js';
import type * as dags from '../api/schemas/dags.js';
import type * as monitor from '../api/schemas/monitor.js';
import type * as records from '../api/schemas/records.js';
import type * as tis from '../api/schemas/task-instances.js';
import type * as tasks from '../api/schemas/tasks.js';
import type * as ui from '../api/schemas/ui.js';
import type * as users from '../api/schemas/users.js';
import type * as xcom from '../api/schemas/xcom.js';

type Out<S extends z.ZodType> = z.output<S>;
type In<S extends z.ZodType> = z.input<S>;

export type Dag = Out<typeof dags.DAGResponse>;
export type DagCollection = Out<typeof dags.DAGCollectionResponse>;
export type DagDetails = Out<typeof dags.DAGDetailsResponse>;
export type DagPatch = In<typeof dags.DAGPatchBody>;
export type DagTagCollection = Out<typeof dags.DAGTagCollectionResponse>;
export type DagVersion = Out<typeof dags.DagVersionResponse>;
export type DagVersionCollection = Out<typeof extras.DAGVersionCollectionResponse>;
export type DagSource = Out<typeof extras.DAGSourceResponse>;
export type DagStatsCollection = Out<typeof extras.DagStatsCollectionResponse>;
export type DagWarningCollection = Out<typeof extras.DAGWarningCollectionResponse>;

export type DagRun = Out<typeof runs.DAGRunResponse>;
export type DagRunCollection = Out<typeof runs.DAGRunCollectionResponse>;
export type DagRunState = Out<typeof runs.DagRunState>;
export type TriggerDagRunBody = In<typeof runs.TriggerDAGRunPostBody>;
export type DagRunPatch = In<typeof runs.DAGRunPatchBody>;
export type DagRunClearBody = In<typeof runs.DAGRunClearBody>;
export type DagRunsBatchBody = In<typeof runs.DAGRunsBatchBody>;

export type Task = Out<typeof tasks.TaskResponse>;
export type TaskCollection = Out<typeof tasks.TaskCollectionResponse>;

export type TaskInstance = Out<typeof runs.TaskInstanceResponse>;
export type TaskInstanceCollection = Out<typeof runs.TaskInstanceCollectionResponse>;
export type TaskInstanceState = Out<typeof runs.TaskInstanceState>;
export type TaskInstancesBatchBody = In<typeof tis.TaskInstancesBatchBody>;
export type PatchTaskInstanceBody = In<typeof tis.PatchTaskInstanceBody>;
export type ClearTaskInstancesBody = In<typeof tis.ClearTaskInstancesBody>;
export type TaskDependencyCollection = Out<typeof tis.TaskDependencyCollectionResponse>;
export type TaskInstanceTry = Out<typeof tis.TaskInstanceHistoryResponse>;
export type TaskInstanceTryCollection = Out<typeof tis.TaskInstanceHistoryCollectionResponse>;
export type TaskLogChunk = Out<typeof tis.TaskInstancesLogResponse>;
export type StructuredLogMessage = Out<typeof tis.StructuredLogMessage>;

export type XCom = Out<typeof xcom.XComResponseNative>;
export type XComCollection = Out<typeof xcom.XComCollectionResponse>;
export type XComCreateBody = In<typeof xcom.XComCreateBody>;
export type XComUpdateBody = In<typeof xcom.XComUpdateBody>;

export type Variable = Out<typeof admin.VariableResponse>;
export type VariableBody = In<typeof admin.VariableBody>;
export type VariableCollection = Out<typeof admin.VariableCollectionResponse>;
export type Connection = Out<typeof admin.ConnectionResponse>;
export type ConnectionBody = In<typeof admin.ConnectionBody>;
export type ConnectionCollection = Out<typeof admin.ConnectionCollectionResponse>;
export type ConnectionTestResult = Out<typeof admin.ConnectionTestResponse>;
export type Pool = Out<typeof admin.PoolResponse>;
export type PoolBody = In<typeof admin.PoolBody>;
export type PoolPatch = In<typeof admin.PoolPatchBody>;
export type PoolCollection = Out<typeof admin.PoolCollectionResponse>;
export type BulkResponse = Out<typeof admin.BulkResponse>;

export type ImportErrorCollection = Out<typeof records.ImportErrorCollectionResponse>;
export type EventLog = Out<typeof records.EventLogResponse>;
export type EventLogCollection = Out<typeof records.EventLogCollectionResponse>;
export type JobCollection = Out<typeof records.JobCollectionResponse>;
export type Backfill = Out<typeof records.BackfillResponse>;
export type BackfillBody = In<typeof records.BackfillPostBody>;
export type BackfillCollection = Out<typeof records.BackfillCollectionResponse>;
export type DryRunBackfillCollection = Out<typeof records.DryRunBackfillCollectionResponse>;

export type Health = Out<typeof monitor.HealthInfoResponse>;
export type VersionInfo = Out<typeof monitor.VersionInfo>;

export type User = Out<typeof users.UserResponse>;
export type UserBody = In<typeof users.UserBody>;
export type UserPatch = In<typeof users.UserPatchBody>;
export type UserCollection = Out<typeof users.UserCollectionResponse>;
export type RoleCollection = Out<typeof users.RoleCollectionResponse>;

export type UiMe = Out<typeof ui.UiMeResponse>;
export type UiPermission = Out<typeof ui.UiPermission>;
export type UiDag = Out<typeof ui.UiDag>;
export type UiRecentRun = Out<typeof ui.UiRecentRun>;
export type UiDagCollection = Out<typeof ui.UiDagCollectionResponse>;

/** One line of `dagRuns.wait`: the run's state; when it has ended, the results asked for. */
export interface DagRunWaitLine {
  readonly state: DagRunState;
  readonly results?: Readonly<Record<string, unknown>>;
}
