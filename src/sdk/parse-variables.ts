/**
 * `await variable(key, fallback)`: a variable read while the DAG file is being
 * parsed, at its top level (Airflow's module-level `Variable.get`), to shape the
 * DAGs themselves, e.g. how many to generate:
 *
 *   const count = Number(await variable('dag_number', '10'));
 *   for (let n = 1; n <= count; n++) dag(`hello_world_${n}`, ...);
 *
 * The SDK does no I/O: whoever loads the file (the DAG processor, a task
 * process, `dags test`) installs a source that reads through the secrets
 * backends (local file, `UPDRAFT_VAR_<KEY>`, then the database), and records
 * what the file read, so the processor re-parses it when one of those values
 * changes. Inside tasks, read variables with `ctx.variables.get` instead: that
 * is read at run time, not parse time. With no source installed (the file
 * imported by plain Node, e.g. a unit test), every read gets its fallback.
 */

/** Reads one variable's value; `null` when no backend has it. */
export type ParseVariableSource = (key: string) => Promise<string | null>;

/** One holder per process, even if two copies of the SDK are loaded (as the DAG registry). */
const SOURCE = Symbol.for('updraft.parse-variable-source');

type Holder = { [SOURCE]?: ParseVariableSource | null };

export function variable(key: string): Promise<string | null>;
export function variable(key: string, fallback: string): Promise<string>;
export async function variable(key: string, fallback: string | null = null): Promise<string | null> {
  if (typeof key !== 'string' || key.trim() === '') throw new Error(`variable(): the key must be a non-empty string, got ${JSON.stringify(key) ?? typeof key}`);
  if (fallback !== null && typeof fallback !== 'string') {
    throw new Error(`variable('${key}'): the fallback must be a string (variables are text), got ${JSON.stringify(fallback)}: write '${String(fallback)}'`);
  }
  const source = (globalThis as Holder)[SOURCE] ?? null;
  if (source === null) return fallback;
  return (await source(key)) ?? fallback;
}

/** Installs the source DAG files read through while one is imported (null: none); returns the previous one. */
export function setParseVariableSource(source: ParseVariableSource | null): ParseVariableSource | null {
  const holder = globalThis as Holder;
  const previous = holder[SOURCE] ?? null;
  holder[SOURCE] = source;
  return previous;
}
