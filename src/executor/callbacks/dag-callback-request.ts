/** What a DAG callback process needs: where the DAG's code is, which callback, and the run it is about. */
import type { ConnectionInfo } from '../../sdk/context.js';
import type { DagFileLocation } from '../executor.js';

export interface DagCallbackRequest {
  readonly dagFile: DagFileLocation;
  readonly cacheDir: string;
  readonly dagId: string;
  readonly runId: string;
  readonly state: 'success' | 'failed';
  readonly reason: string;
  /** ISO-8601, or null for a run without a logical date. */
  readonly logicalDate: string | null;
  readonly logPath: string;
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
