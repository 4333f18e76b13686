/**
 * The DAG files that failed to load: file, when, and the error with its stack
 * trace (the first line shown, the rest a click away). Live while open.
 */
import type { ImportErrorCollection } from '@updraft/client';
import { api } from '../../api/client';
import { useApi } from '../../api/useApi';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Icon } from '../../components/Icon';
import { LoadingBlock } from '../../components/Loading';
import { Pager } from '../../components/Pager';
import { RelativeTime } from '../../components/Time';
import { useHotkey } from '../../hooks/useHotkey';
import { useQueryParams } from '../../router/query';
import type { PageProps } from '../page';

const LIMIT = 50;

/** The error in one line: "Cannot compile x.ts:" is joined with the line that says why. */
function headline(trace: string): string {
  const lines = trace.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const [first = '', second] = lines;
  return first.endsWith(':') && second ? `${first} ${second}` : first;
}

export default function ImportErrorsPage(_props: PageProps) {
  const query = useQueryParams();
  const offset = Number(query.get('offset') ?? 0) || 0;
  const filename = query.get('file') ?? '';
  const { data, error, loading, reload } = useApi(
    (signal) =>
      api.request<ImportErrorCollection>('GET', '/api/v2/importErrors', {
        query: { limit: LIMIT, offset, order_by: '-timestamp', filename_pattern: filename || undefined },
        signal,
      }),
    [offset, filename],
    { poll: 5000 },
  );
  useHotkey('/', () => document.getElementById('import-error-search')?.focus());
  const errors = data?.import_errors ?? [];
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>
            Import errors {data && <span className="count">{data.total_entries}</span>}
          </h1>
          <p className="page-subtitle">DAG files that failed to load. The other files keep running; fix the file and it reloads by itself.</p>
        </div>
      </header>
      <div className="toolbar">
        <label className="search">
          <Icon name="search" />
          <span className="visually-hidden">Filter by file</span>
          <input id="import-error-search" type="search" placeholder="Filter by file" value={filename} onChange={(e) => query.set({ file: e.target.value, offset: null })} />
          {!filename && <kbd>/</kbd>}
        </label>
      </div>
      {error !== undefined && <ErrorBanner error={error} what="the import errors" onRetry={() => void reload()} />}
      {loading && !data ? (
        <LoadingBlock />
      ) : errors.length === 0 && data ? (
        <div className="table-wrap">
          <EmptyState title={filename ? `No import errors in files matching “${filename}”` : 'Every DAG file loads'} icon="check">
            {filename ? <p>Clear the filter to see them all.</p> : <p>No DAG file failed to load. A file that does will show up here with its error and stack trace.</p>}
          </EmptyState>
        </div>
      ) : (
        <div data-testid="import-errors">
          {errors.map((e, i) => {
            const firstLine = headline(e.stack_trace);
            return (
              <details key={e.import_error_id} className="import-error" open={i === 0 && errors.length <= 3} data-testid="import-error">
                <summary>
                  <Icon name="chevron-right" className="chev" />
                  <Icon name="file" />
                  <span className="file">{e.filename}</span>
                  <span className="first-line" title={firstLine}>
                    {firstLine}
                  </span>
                  <RelativeTime value={e.timestamp} className="muted nowrap" />
                </summary>
                <pre className="stack">{e.stack_trace}</pre>
              </details>
            );
          })}
          {data && <Pager offset={offset} limit={LIMIT} total={data.total_entries} onChange={(o) => query.set({ offset: o || null })} />}
        </div>
      )}
    </div>
  );
}
