/**
 * The Details tab: every field of the DAG's details, grouped and labelled
 * (schedule, limits, file and version, ...), its params as a table (name,
 * type, default, required, description) with the JSON schema, and its doc.
 * Any field not listed here still shows, under "Other", so nothing is hidden.
 */
import type { DagDetails } from '@updraft/client';
import type { ReactNode } from 'react';
import { api } from '../../../api/client';
import { useApi } from '../../../api/useApi';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { LoadingBlock } from '../../../components/Loading';
import { formatDateTime, formatDuration, RelativeTime } from '../../../components/Time';
import type { TabProps } from '../tab-props';
import { JsonView } from '../ti/JsonView';

type Key = keyof DagDetails;

const GROUPS: readonly (readonly [string, readonly Key[]])[] = [
  ['Overview', ['dag_id', 'dag_display_name', 'description', 'owners', 'tags', 'is_paused', 'is_stale', 'is_paused_upon_creation', 'has_import_errors', 'is_favorite']],
  ['Schedule', ['timetable_description', 'timetable_summary', 'timezone', 'start_date', 'end_date', 'catchup', 'next_dagrun_logical_date', 'next_dagrun_run_after', 'next_dagrun_data_interval_start', 'next_dagrun_data_interval_end', 'timetable_partitioned', 'allowed_run_types', 'asset_expression']],
  ['Limits', ['max_active_runs', 'max_active_tasks', 'concurrency', 'max_consecutive_failed_dag_runs', 'dag_run_timeout', 'has_task_concurrency_limits', 'active_runs_count']],
  ['File and version', ['fileloc', 'relative_fileloc', 'file_token', 'bundle_name', 'bundle_version', 'latest_dag_version', 'last_parsed_time', 'last_parsed', 'last_parse_duration', 'last_expired']],
  ['Templates and defaults', ['default_args', 'owner_links', 'render_template_as_native_obj', 'template_search_path']],
];
const SHOWN_ELSEWHERE: ReadonlySet<string> = new Set(['params', 'doc_md']);

const LABELS: Partial<Record<Key, string>> = {
  dag_id: 'DAG id',
  dag_display_name: 'Display name',
  is_paused: 'Paused',
  is_stale: 'Stale (no file defines it)',
  is_paused_upon_creation: 'Paused when created',
  has_import_errors: 'File has an import error',
  is_favorite: 'Favourite',
  timetable_description: 'Schedule',
  timetable_summary: 'Schedule expression',
  next_dagrun_logical_date: 'Next logical date',
  next_dagrun_run_after: 'Next run after',
  next_dagrun_data_interval_start: 'Next data interval start',
  next_dagrun_data_interval_end: 'Next data interval end',
  dag_run_timeout: 'Run timeout',
  max_consecutive_failed_dag_runs: 'Max consecutive failed runs',
  last_parse_duration: 'Last parse took',
  latest_dag_version: 'Latest version',
  fileloc: 'File',
  relative_fileloc: 'File (in its folder)',
};

function label(key: string): string {
  const named = LABELS[key as Key];
  if (named) return named;
  const words = key.replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function isDateKey(key: string, value: unknown): value is string {
  return typeof value === 'string' && /(_date|_time|_start|_end|_after|last_parsed|last_expired)$/.test(key) && !Number.isNaN(Date.parse(value));
}

function Value({ name, value }: { readonly name: string; readonly value: unknown }): ReactNode {
  if (value === null || value === undefined) return <span className="faint">—</span>;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (name === 'last_parse_duration' && typeof value === 'number') return formatDuration(value);
  if (isDateKey(name, value)) {
    return (
      <span>
        {formatDateTime(new Date(value))} <span className="faint">(<RelativeTime value={value} />)</span>
      </span>
    );
  }
  if (name === 'tags' && Array.isArray(value)) return value.length === 0 ? <span className="faint">none</span> : value.map((t: { name: string }) => t.name).join(', ');
  if (name === 'latest_dag_version' && typeof value === 'object') {
    const v = value as { version_number: number; created_at: string };
    return (
      <span>
        v{v.version_number}, created {formatDateTime(new Date(v.created_at))}
      </span>
    );
  }
  if (Array.isArray(value)) return value.length === 0 ? <span className="faint">none</span> : value.every((v) => typeof v !== 'object') ? value.join(', ') : <JsonView value={value} />;
  if (typeof value === 'object') return Object.keys(value).length === 0 ? <span className="faint">empty</span> : <JsonView value={value} />;
  return <span className={typeof value === 'number' ? 'num' : undefined}>{String(value)}</span>;
}

interface Param {
  readonly value?: unknown;
  readonly description?: string | null;
  readonly schema?: Record<string, unknown>;
  readonly required?: boolean;
}

function Params({ params }: { readonly params: Record<string, unknown> | null }) {
  const entries = Object.entries(params ?? {}) as [string, Param][];
  if (entries.length === 0) return <p className="muted">No params: runs take any conf as given.</p>;
  return (
    <>
      <div className="table-wrap">
        <table className="table" aria-label="Params" data-testid="params-table">
          <thead>
            <tr>
              <th scope="col">Param</th>
              <th scope="col">Type</th>
              <th scope="col">Default</th>
              <th scope="col">Required</th>
              <th scope="col">Description</th>
            </tr>
          </thead>
          <tbody>
            {entries.map(([name, p]) => {
              const schema = p.schema ?? {};
              const type = [schema.type, schema.format, Array.isArray(schema.enum) ? `one of ${(schema.enum as unknown[]).map(String).join(', ')}` : null].filter(Boolean).join(', ');
              return (
                <tr key={name}>
                  <td className="mono">{name}</td>
                  <td>{type || <span className="faint">any</span>}</td>
                  <td className="mono">{p.value === undefined || p.value === null ? <span className="faint">—</span> : JSON.stringify(p.value)}</td>
                  <td>{p.required ? 'yes' : 'no'}</td>
                  <td>{p.description ?? <span className="faint">—</span>}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <details className="params-schema">
        <summary>The params' JSON schema</summary>
        <JsonView value={Object.fromEntries(entries.map(([name, p]) => [name, p.schema ?? {}]))} testId="params-schema" />
      </details>
    </>
  );
}

export default function DetailsTab({ dagId }: TabProps) {
  const details = useApi(() => api.dags.details(dagId), [dagId], { poll: 10_000 });
  if (details.error !== undefined && !details.data) return <ErrorBanner error={details.error} what={`the details of ${dagId}`} onRetry={() => void details.reload()} />;
  if (!details.data) return <LoadingBlock />;
  const d = details.data as unknown as Record<string, unknown>;
  const listed = new Set<string>(GROUPS.flatMap(([, keys]) => keys));
  const other = Object.keys(d).filter((k) => !listed.has(k) && !SHOWN_ELSEWHERE.has(k));
  const groups: (readonly [string, readonly string[]])[] = [...GROUPS.map(([title, keys]) => [title, keys.filter((k) => k in d)] as const), ...(other.length > 0 ? [['Other', other] as const] : [])];
  return (
    <div className="details-tab" data-testid="details-tab">
      <div className="details-grid">
        {groups.map(([title, keys]) => (
          <section key={title} className="details-card">
            <h3>{title}</h3>
            <dl className="facts">
              {keys.map((key) => (
                <div key={key} className="facts-row" data-field={key}>
                  <dt>{label(key)}</dt>
                  <dd>
                    <Value name={key} value={d[key]} />
                  </dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
      <section className="details-card details-wide">
        <h3>Params</h3>
        <Params params={details.data.params} />
      </section>
      {details.data.doc_md && (
        <section className="details-card details-wide">
          <h3>Documentation</h3>
          <pre className="doc-text">{details.data.doc_md}</pre>
        </section>
      )}
    </div>
  );
}
