/** What a DAG callback process needs: where the DAG's code is, which callback, and the run it is about. */
import type { JsonObject } from '../../core/dag-spec.js';
import type { AuthoringDefaults } from '../../sdk/authoring-defaults.js';
import type { ConnectionInfo } from '../../sdk/context.js';
import type { DagFileLocation } from '../executor.js';

export interface DagCallbackRequest {
  readonly dagFile: DagFileLocation;
  readonly cacheDir: string;
  /** The configured defaults the DAG file was parsed with (absent: the SDK's built-in ones). */
  readonly authoringDefaults?: AuthoringDefaults;
  readonly dagId: string;
  readonly runId: string;
  /**
   * The run ended (onSuccess / onFailure), a deadline was missed (that deadline's callback; see `deadline`),
   * or the scheduler ended a deferred task (its task callbacks and email alert; see `task`).
   */
  readonly state: 'success' | 'failed' | 'deadline_missed' | 'task_ended';
  readonly reason: string;
  /** ISO-8601, or null for a run without a logical date. */
  readonly logicalDate: string | null;
  readonly logPath: string;
  /** Set with state `deadline_missed`. */
  readonly deadline?: DeadlineCallbackRequest;
  /** Set with state `task_ended`. */
  readonly task?: TaskCallbackRequest;
}

/** A task the scheduler's triggerer ended (a deferred sensor): its instance (dates as ISO text) and how its try ended. */
export interface TaskCallbackRequest {
  readonly ti: JsonObject;
  readonly outcome: JsonObject;
}

/** Which deadline was missed: a DAG's (`taskId` null) or a task's, by its index in the spec's `deadlines`. */
export interface DeadlineCallbackRequest {
  readonly id: number;
  readonly taskId: string | null;
  readonly mapIndex: number;
  readonly alertIndex: number;
  readonly reference: string;
  readonly intervalMs: number;
  /** ISO-8601. */
  readonly deadlineTime: string;
  readonly lateMs: number;
  /** The state of the run (or task) when the miss was found. */
  readonly subjectState: string;
}

/** The callback process asks its parent for a connection (a notifier's SMTP or Slack connection)... */
export interface ConnectionQuery {
  readonly type: 'getConnection';
  readonly id: number;
  readonly connId: string;
}

/** ...and the parent answers with it, null when there is none, or the lookup's error. */
export interface ConnectionAnswer {
  readonly type: 'connection';
  readonly id: number;
  readonly connection: ConnectionInfo | null;
  readonly error?: string;
}

/** Loading the DAG file, its parse-time `variable()` reads ask the parent too, as a parse child asks the DAG processor. */
export type { VariableAnswer, VariableQuestion as VariableQuery } from '../../processor/parse-protocol.js';
