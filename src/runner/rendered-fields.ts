/**
 * Rendered fields (Airflow's rendered task instance fields): a task's config
 * with each template it rendered replaced by the result, so users see the exact
 * command, query or URL a try ran. Recorded as soon as templates are rendered
 * (the writes of one turn of the event loop coalesced into one), so a long task
 * shows them while it runs; fields that were never rendered stay as written.
 * The services mask every secret the try knows before anything is stored.
 */
import type { JsonObject, JsonValue } from '../core/dag-spec.js';
import type { TaskServices } from './task-services.js';

/** Writes one try's rendered fields; a failed write is a warning in its log, never the task's failure: the fields are for show. */
export type RenderedFieldsWriter = (fields: JsonObject) => Promise<void>;

export function renderedFieldsWriter(
  services: Pick<TaskServices, 'recordRenderedFields'>,
  ti: { readonly taskId: string; readonly mapIndex: number },
  log: { warn(message: string): void },
): RenderedFieldsWriter {
  return (fields) =>
    services
      .recordRenderedFields(ti.taskId, ti.mapIndex, fields)
      .catch((error: unknown) => log.warn(`Could not record the rendered fields: ${error instanceof Error ? error.message : String(error)}`));
}

export class RenderedFieldsRecorder {
  private readonly results = new Map<string, string>();
  private writing: Promise<void> = Promise.resolve();
  private due = false;

  constructor(
    private readonly fields: JsonObject,
    private readonly write: RenderedFieldsWriter,
  ) {}

  /** Notes one rendering; a template rendered again to the same text writes nothing new. */
  rendered(template: string, result: string): void {
    if (this.results.get(template) === result) return;
    this.results.set(template, result);
    if (this.due) return;
    this.due = true;
    setImmediate(() => {
      this.due = false;
      const fields = this.current();
      this.writing = this.writing.then(() => this.write(fields));
    });
  }

  /** Waits until what was rendered so far is written (before the try reports its outcome). */
  async settled(): Promise<void> {
    while (this.due) await new Promise((resolve) => setImmediate(resolve));
    await this.writing;
  }

  current(): JsonObject {
    return substitute(this.fields, this.results) as JsonObject;
  }
}

function substitute(value: JsonValue, results: ReadonlyMap<string, string>): JsonValue {
  if (typeof value === 'string') return results.get(value) ?? value;
  if (Array.isArray(value)) return value.map((item: JsonValue) => substitute(item, results));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, results)]));
  return value;
}
