/**
 * One DAG: its header (schedule, next run, paused switch, Trigger), tabs
 * (grid, graph, Gantt, durations, calendar, code, details, runs; each its own
 * lazy chunk) and, beside the grid, the panel of what is selected: a run's
 * summary (`?run=`) or a task instance (/runs/<run>/tasks/<task>). Escape
 * closes the panel. The DAG is polled so the header stays current.
 */
import { UpdraftApiError } from '@updraft/client';
import { Suspense, useCallback, useEffect } from 'react';
import { api } from '../../api/client';
import { useApi } from '../../api/useApi';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { LoadingBlock } from '../../components/Loading';
import { useHotkey } from '../../hooks/useHotkey';
import { usePageTitle } from '../../hooks/usePageTitle';
import { navigate, useLocation } from '../../router/history';
import { Link } from '../../router/Link';
import { paths } from '../../router/paths';
import type { PageProps } from '../page';
import { DagHeader } from './DagHeader';
import { GRID_VIEW_PARAMS, keepGridView, parseDagView } from './dag-view';
import { RunSummary } from './grid/RunSummary';
import { DAG_TABS, DEFAULT_TAB, findTab } from './tabs';
import { TaskInstancePanel } from './ti/TaskInstancePanel';
import './dag.css';

export default function DagPage({ params }: PageProps) {
  const dagId = params.dagId as string;
  const { pathname, search } = useLocation();
  const view = parseDagView(pathname, search);
  const dag = useApi(() => api.dags.get(dagId), [dagId], { poll: 5000 });
  usePageTitle(dagId, 'DAGs');

  // The DAG list links a run as /dags/<id>/runs/<run>: that is the grid with the run selected.
  useEffect(() => {
    if (view.kind === 'run') navigate(paths.dagRun(dagId, view.runId), { replace: true });
  }, [view.kind, view.kind === 'run' ? view.runId : null, dagId]);

  const tabId = view.kind === 'tab' ? view.tab : DEFAULT_TAB;
  const runId = view.kind === 'tab' || view.kind === 'task' || view.kind === 'run' ? view.runId : null;
  const closePanel = useCallback(() => navigate(keepGridView(paths.dag(dagId, 'grid'), window.location.search, GRID_VIEW_PARAMS)), [dagId]);
  useHotkey('Escape', () => {
    if (tabId === 'grid' && (view.kind === 'task' || runId)) closePanel();
  });

  if (dag.error !== undefined && !dag.data) {
    if (dag.error instanceof UpdraftApiError && dag.error.status === 404) {
      return (
        <div className="page">
          <EmptyState title={`No DAG "${dagId}"`} icon="dag" action={<Link to={paths.dags()} className="btn">All DAGs</Link>}>
            <p>It may have been deleted, or its file has not been parsed yet (DAGs appear within seconds of their file being saved).</p>
            <p className="muted">
              A file that fails to load is listed under <Link to={paths.importErrors()}>Import errors</Link>.
            </p>
          </EmptyState>
        </div>
      );
    }
    return (
      <div className="page">
        <ErrorBanner error={dag.error} what={`the DAG ${dagId}`} onRetry={() => void dag.reload()} />
      </div>
    );
  }
  if (!dag.data) return <LoadingBlock label={`Loading ${dagId}…`} />;
  if (view.kind === 'unknown') {
    return (
      <div className="page">
        <EmptyState title="Nothing here" icon="dag" action={<Link to={paths.dag(dagId)} className="btn">Open {dagId}</Link>}>
          <p>
            <code>{view.rest}</code> is not a view of this DAG.
          </p>
        </EmptyState>
      </div>
    );
  }

  const tab = findTab(tabId) ?? (DAG_TABS[0] as (typeof DAG_TABS)[number]);
  const Tab = tab.component;
  const panel =
    tab.id !== 'grid' ? null : view.kind === 'task' ? (
      <TaskInstancePanel key={`${view.runId}\u0000${view.taskId}`} dagId={dagId} runId={view.runId} taskId={view.taskId} mapIndex={view.mapIndex} onClose={closePanel} />
    ) : runId ? (
      <RunSummary key={runId} dagId={dagId} runId={runId} onClose={closePanel} />
    ) : null;
  const runQuery = runId ? `?run=${encodeURIComponent(runId)}` : '';

  return (
    <div className="page dag-page">
      <DagHeader dag={dag.data} onChanged={() => void dag.reload()} />
      <nav className="dag-tabs" aria-label="DAG views">
        {DAG_TABS.map((t) => (
          <Link key={t.id} to={paths.dag(dagId, t.id) + runQuery} className={`dag-tab${t.id === tab.id ? ' active' : ''}`} aria-current={t.id === tab.id ? 'page' : undefined} data-testid={`tab-${t.id}`}>
            {t.label}
          </Link>
        ))}
      </nav>
      <div className={`dag-body${panel ? ' with-panel' : ''}`}>
        <section className="dag-main" aria-label={tab.label}>
          <Suspense fallback={<LoadingBlock label={`Loading the ${tab.label.toLowerCase()}…`} />}>
            <Tab dagId={dagId} runId={runId} dag={dag.data} />
          </Suspense>
        </section>
        {panel && <aside className="dag-panel">{panel}</aside>}
      </div>
    </div>
  );
}
