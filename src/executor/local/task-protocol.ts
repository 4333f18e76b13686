/**
 * Messages between the local executor and its task processes (JSON over the
 * fork IPC channel). One try at a time per process, named by `tryId`; service
 * calls are requests with ids answered by the parent, so a call made by code
 * abandoned after its try ended can be refused.
 */
import type { JsonValue } from '../../core/dag-spec.js';
import type { AttemptOutcome } from '../../runner/run-task-attempt.js';
import type { AuthoringDefaults } from '../../sdk/authoring-defaults.js';
import type { TaskServices } from '../../runner/task-services.js';
import type { EncodedWorkload } from '../workload-codec.js';

export type ServiceMethod = keyof TaskServices;

export type ParentMessage =
  /** `authoringDefaults`: what the DAG file leaves unset gets these, as when the DAG processor parsed it (absent: the SDK's built-in ones). */
  | { readonly type: 'run'; readonly tryId: number; readonly workload: EncodedWorkload; readonly cacheDir: string; readonly authoringDefaults?: AuthoringDefaults }
  /** Stop the running try (the process exits afterwards: abandoned code may still run in it). */
  | { readonly type: 'cancel'; readonly tryId: number; readonly reason: string }
  | { readonly type: 'service-reply'; readonly id: number; readonly ok: true; readonly value: JsonValue }
  | { readonly type: 'service-reply'; readonly id: number; readonly ok: false; readonly error: string };

export type ChildMessage =
  | { readonly type: 'ready' }
  /** A bash task's shell started: its pid is its process group id. */
  | { readonly type: 'spawned'; readonly tryId: number; readonly pgid: number }
  | { readonly type: 'service'; readonly tryId: number; readonly id: number; readonly method: ServiceMethod; readonly args: readonly JsonValue[] }
  | { readonly type: 'done'; readonly tryId: number; readonly outcome: AttemptOutcome };
