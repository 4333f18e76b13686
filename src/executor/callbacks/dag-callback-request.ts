/** What a DAG callback process needs: where the DAG's code is, which callback, and the run it is about. */
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
