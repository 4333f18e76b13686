/**
 * The DAG file's source at each DAG version: a version picker (each version
 * with when it was parsed and which of the recent runs used it), the code with
 * line numbers (click one for a deep link, `?line=`) and TypeScript colours, a
 * copy button, and the changes since the previous version (`?diff=1`). With a
 * run selected (`?run=`) the version that run used is shown.
 */
import type { DagRun, DagVersion } from '@updraft/client';
import { useEffect, useMemo, useState } from 'react';
import { api } from '../../../api/client';
import { useApi } from '../../../api/useApi';
import { EmptyState } from '../../../components/EmptyState';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { Icon } from '../../../components/Icon';
import { LoadingBlock } from '../../../components/Loading';
import { StateDot } from '../../../components/StateBadge';
import { RelativeTime, formatShortDateTime } from '../../../components/Time';
import { useToast } from '../../../components/Toast';
import { Link } from '../../../router/Link';
import { paths } from '../../../router/paths';
import { useQueryParams } from '../../../router/query';
import type { TabProps } from '../tab-props';
import { CodeLines } from './CodeLines';
import { DiffView } from './DiffView';
import './code.css';

/** How many recent runs are checked for the version they used. */
const RUNS_CHECKED = 100;

async function copyText(text: string): Promise<void> {
  if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
  // Plain-HTTP hosts have no clipboard API: a hidden textarea and the old command.
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  if (!ok) throw new Error('the browser refused to copy');
}

export default function CodeTab({ dagId, runId, dag }: TabProps) {
  const query = useQueryParams();
  const toast = useToast();
  const versions = useApi(() => api.dags.versions(dagId, { order_by: ['-version_number'], limit: 100 }), [dagId], { poll: 10_000 });
  const runs = useApi(() => api.dagRuns.list(dagId, { limit: RUNS_CHECKED, order_by: '-run_after' }), [dagId], { poll: 10_000 });

  const list: DagVersion[] = versions.data?.dag_versions ?? [];
  const latest = list[0]?.version_number ?? null;
  const runsByVersion = useMemo(() => {
    const by = new Map<number, DagRun[]>();
    for (const run of runs.data?.dag_runs ?? []) {
      for (const v of run.dag_versions) {
        const l = by.get(v.version_number);
        if (l) l.push(run);
        else by.set(v.version_number, [run]);
      }
    }
    return by;
  }, [runs.data]);
  const selectedRun = runId ? runs.data?.dag_runs.find((r) => r.dag_run_id === runId) : undefined;
  const runVersion = selectedRun?.dag_versions[selectedRun.dag_versions.length - 1]?.version_number ?? null;

  const requested = Number(query.get('version'));
  const version = Number.isInteger(requested) && list.some((v) => v.version_number === requested) ? requested : (runVersion ?? latest);
  const diff = query.get('diff') === '1';
  const previous = version !== null ? (list.find((v) => v.version_number < version)?.version_number ?? null) : null;

  const source = useApi(() => (version === null ? Promise.resolve(null) : api.dags.source(dagId, version)), [dagId, version], { enabled: version !== null });
  const before = useApi(() => (previous === null ? Promise.resolve(null) : api.dags.source(dagId, previous)), [dagId, previous], { enabled: diff && previous !== null });

  const lineParam = Number(query.get('line'));
  const line = Number.isInteger(lineParam) && lineParam > 0 ? lineParam : null;
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const t = setTimeout(() => setCopied(false), 1500);
    return () => clearTimeout(t);
  }, [copied]);

  if (versions.error !== undefined && !versions.data) return <ErrorBanner error={versions.error} what="the DAG's versions" onRetry={() => void versions.reload()} />;
  if (!versions.data) return <LoadingBlock label="Loading versions…" />;
  if (list.length === 0 || version === null) {
    return (
      <EmptyState title="No version parsed yet" icon="file">
        The DAG processor has not stored a version of <span className="mono">{dagId}</span> yet; the code shows once it has parsed the file.
      </EmptyState>
    );
  }

  const current = list.find((v) => v.version_number === version) as DagVersion;
  const usedBy = runsByVersion.get(version) ?? [];
  const content = source.data?.content ?? null;
  const copy = async () => {
    if (content === null) return;
    try {
      await copyText(content);
      setCopied(true);
    } catch (e) {
      toast.error('Could not copy the code', `${(e as Error).message}: select the text and copy it by hand.`);
    }
  };

  return (
    <div className="code-tab" data-testid="code-tab">
      <div className="toolbar code-toolbar">
        <label className="code-version">
          <span className="muted">Version</span>
          <select
            value={version}
            onChange={(e) => query.set({ version: e.target.value, line: null }, { push: true })}
            data-testid="code-version"
            aria-label="DAG version"
          >
            {list.map((v) => {
              const n = runsByVersion.get(v.version_number)?.length ?? 0;
              return (
                <option key={v.version_number} value={v.version_number}>
                  v{v.version_number}
                  {v.version_number === latest ? ' (latest)' : ''} · {formatShortDateTime(new Date(v.created_at))}
                  {n > 0 ? ` · ${n} run${n === 1 ? '' : 's'}` : ''}
                </option>
              );
            })}
          </select>
        </label>
        <span className="muted code-file mono" title={dag.fileloc}>
          <Icon name="file" size={14} /> {dag.relative_fileloc ?? dag.fileloc}
        </span>
        <span className="toolbar-spacer" />
        {previous !== null && (
          <span className="segmented" role="group" aria-label="View">
            <button type="button" aria-pressed={!diff} onClick={() => query.set({ diff: null })}>
              Code
            </button>
            <button type="button" aria-pressed={diff} onClick={() => query.set({ diff: '1' })} data-testid="code-diff-toggle">
              Changes since v{previous}
            </button>
          </span>
        )}
        <button type="button" className="btn btn-sm" onClick={() => void copy()} disabled={content === null} data-testid="code-copy">
          <Icon name={copied ? 'check' : 'copy'} size={14} /> {copied ? 'Copied' : 'Copy'}
        </button>
      </div>

      <div className="code-meta" data-testid="code-meta">
        <span>
          Parsed <RelativeTime value={current.created_at} />
        </span>
        {selectedRun && runVersion === version && !query.get('version') && (
          <span className="code-run-note">
            The version run <span className="mono">{selectedRun.dag_run_id}</span> used
          </span>
        )}
        {version !== latest && (
          <button type="button" className="btn btn-sm btn-ghost" onClick={() => query.set({ version: String(latest), line: null }, { push: true })}>
            A newer version exists: show v{latest}
          </button>
        )}
        <span className="code-used-by" data-testid="code-used-by">
          {usedBy.length === 0 ? (
            <span className="faint">No run among the latest {RUNS_CHECKED} used this version.</span>
          ) : (
            <>
              <span className="muted">Used by {usedBy.length === RUNS_CHECKED ? `${RUNS_CHECKED}+` : usedBy.length} run{usedBy.length === 1 ? '' : 's'}:</span>
              {usedBy.slice(0, 8).map((r) => (
                <Link key={r.dag_run_id} to={paths.dagRun(dagId, r.dag_run_id, 'code')} className="code-run-link" title={`${r.state}: ${r.dag_run_id}`}>
                  <StateDot state={r.state} size="sm" title="" />
                  <span className="mono">{r.dag_run_id}</span>
                </Link>
              ))}
              {usedBy.length > 8 && <span className="faint">and {usedBy.length - 8} more</span>}
            </>
          )}
        </span>
      </div>

      {source.error !== undefined ? (
        <ErrorBanner error={source.error} what={`the code of version ${version}`} onRetry={() => void source.reload()} />
      ) : source.loading || !source.data ? (
        <LoadingBlock label="Loading the code…" />
      ) : content === null ? (
        <EmptyState title="No source stored for this version" icon="file">
          The DAG processor stored this version without its file's text.
        </EmptyState>
      ) : diff && previous !== null ? (
        before.data ? (
          <DiffView oldText={before.data.content ?? ''} newText={content} oldLabel={`v${previous}`} newLabel={`v${version}`} />
        ) : before.error !== undefined ? (
          <ErrorBanner error={before.error} what={`the code of version ${previous}`} onRetry={() => void before.reload()} />
        ) : (
          <LoadingBlock label="Loading the previous version…" />
        )
      ) : (
        <CodeLines source={content} selected={line} onSelect={(n) => query.set({ line: n === line ? null : n })} />
      )}
    </div>
  );
}
