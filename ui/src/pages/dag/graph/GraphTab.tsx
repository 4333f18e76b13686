/**
 * The Graph tab: the DAG laid out left to right (elkjs; a quick built-in
 * layout for very big graphs), each task coloured by its state in the selected
 * run (the latest when none is selected), live while the run goes on. Data
 * flow (a task consuming another's output) is drawn apart from plain ordering.
 * Groups collapse to one node (their most telling state) and expand again;
 * which are expanded is in the URL (`?expand=`). Click a task for its task
 * instance. The graph is that of the DAG version the run used.
 */
import type { UiDagStructure } from '@updraft/client';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api } from '../../../api/client';
import { useApi } from '../../../api/useApi';
import { EmptyState } from '../../../components/EmptyState';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { Icon } from '../../../components/Icon';
import { LoadingBlock, Spinner } from '../../../components/Loading';
import { StateBadge } from '../../../components/StateBadge';
import { useToast } from '../../../components/Toast';
import { useHotkey } from '../../../hooks/useHotkey';
import { navigate } from '../../../router/history';
import { paths } from '../../../router/paths';
import { useQueryParams } from '../../../router/query';
import type { TabProps } from '../tab-props';
import { GraphCanvas } from './GraphCanvas';
import type { NodeActions } from './GraphNodes';
import { layoutGraph, prefersQuick, type EngineChoice } from './layout';
import type { GraphLayout } from './layout-types';
import { summarizeTasks } from './task-states';
import { useRunTimeline } from './useRunTimeline';
import { readExpanded, taskKey, visibleGraph, writeExpanded } from './visible-graph';
import './graph.css';

export default function GraphTab({ dagId, runId }: TabProps) {
  const query = useQueryParams();
  const toast = useToast();
  const timeline = useRunTimeline(dagId, runId);
  const run = timeline.data?.dag_run ?? null;
  const versionNumber = run?.dag_version_number ?? null;
  const timelineSettled = timeline.data !== undefined || timeline.error !== undefined;

  // When the structure arrived, for the render-time measure (data arrival -> graph painted).
  const arrivedAt = useRef(0);
  const structure = useApi(
    async (signal) => {
      const s = await api.ui.structure(dagId, versionNumber, signal);
      arrivedAt.current = performance.now();
      return s;
    },
    [dagId, versionNumber],
    // The latest version changes when the DAG file does; a pinned version never does.
    { enabled: timelineSettled, poll: versionNumber === null ? 15_000 : false },
  );

  useEffect(() => {
    // Start elkjs's worker while the data is on its way.
    void import('./elk-layout').then((m) => m.warmUpElk());
  }, []);

  const s: UiDagStructure | undefined = structure.data;
  const expandParam = query.get('expand');
  const expanded = useMemo(() => (s ? readExpanded(expandParam, s) : new Set<string>()), [s, expandParam]);
  const graph = useMemo(() => (s ? visibleGraph(s, expanded) : null), [s, expanded]);
  const summaries = useMemo(() => summarizeTasks(timeline.data?.task_instances ?? []), [timeline.data]);
  const engineParam = query.get('layout');
  const engine: EngineChoice = engineParam === 'elk' || engineParam === 'quick' ? engineParam : 'auto';

  const [layout, setLayout] = useState<{ layout: GraphLayout; graph: NonNullable<typeof graph> } | null>(null);
  const [laying, setLaying] = useState(false);
  useEffect(() => {
    if (!graph) return;
    let cancelled = false;
    setLaying(true);
    layoutGraph(graph, engine).then(
      (l) => {
        if (cancelled) return;
        setLayout({ layout: l, graph });
        setLaying(false);
      },
      () => !cancelled && setLaying(false),
    );
    return () => {
      cancelled = true;
    };
  }, [graph, engine]);

  const setExpanded = useCallback(
    (next: ReadonlySet<string>) => {
      if (s) query.set({ expand: writeExpanded(next, s) }, { push: true });
    },
    [query, s],
  );

  const targetRun = runId ?? run?.dag_run_id ?? null;
  const actions = useMemo<NodeActions>(
    () => ({
      openTask: (taskId) => {
        if (targetRun) navigate(paths.taskInstance(dagId, targetRun, taskId));
        else toast.info('No run yet', `Trigger ${dagId} to see how ${taskId} runs: its logs, XComs and state.`);
      },
      toggleGroup: (groupId) => {
        const next = new Set(expanded);
        if (next.has(groupId)) next.delete(groupId);
        else next.add(groupId);
        setExpanded(next);
      },
    }),
    [dagId, targetRun, expanded, setExpanded, toast],
  );

  // Find a task: expand the groups around it, then bring it into view and focus it.
  const [find, setFind] = useState('');
  const [focus, setFocus] = useState<{ key: string } | null>(null);
  const [findMiss, setFindMiss] = useState<string | null>(null);
  const findInput = useRef<HTMLInputElement>(null);
  useHotkey('/', () => findInput.current?.focus());
  const findTask = (text: string) => {
    if (!s) return;
    const needle = text.trim().toLowerCase();
    if (!needle) return;
    const found = s.nodes.find((n) => n.task_id.toLowerCase() === needle) ?? s.nodes.find((n) => n.task_id.toLowerCase().includes(needle));
    if (!found) {
      setFindMiss(`No task matches "${text.trim()}"`);
      return;
    }
    setFindMiss(null);
    const closed = found.group_path.filter((g) => !expanded.has(g));
    if (closed.length > 0) setExpanded(new Set([...expanded, ...closed]));
    setFocus({ key: taskKey(found.task_id) });
  };

  const rootRef = useRef<HTMLDivElement>(null);
  const measured = useRef<GraphLayout | null>(null);
  const onPainted = useCallback((l: GraphLayout) => {
    const root = rootRef.current;
    if (!root || measured.current === l) return;
    measured.current = l;
    root.setAttribute('data-layout-ms', l.ms.toFixed(1));
    root.setAttribute('data-render-ms', (performance.now() - arrivedAt.current).toFixed(1));
    // The next measure counts from this change (an expand, a re-layout), not from the first arrival.
    arrivedAt.current = performance.now();
  }, []);
  // An expand or re-layout starts its own measure when the user asks for it.
  useEffect(() => {
    arrivedAt.current = performance.now();
  }, [expandParam, engine]);

  if (structure.error && !s) return <ErrorBanner error={structure.error} what="the graph" onRetry={() => void structure.reload()} />;
  if (timeline.error && !timeline.data && !s) return <ErrorBanner error={timeline.error} what="the run's task instances" onRetry={() => void timeline.reload()} />;
  if (!s || !graph) return <LoadingBlock label="Loading the graph…" />;
  if (s.nodes.length === 0) {
    return (
      <EmptyState title="This DAG has no tasks" icon="dag">
        Add tasks to <span className="mono">{dagId}</span> in its DAG file; the graph shows them once the DAG processor has parsed it.
      </EmptyState>
    );
  }

  const groupCount = s.groups.length;
  const quick = layout?.layout.engine === 'quick';
  return (
    <div className="graph-tab" ref={rootRef} data-testid="graph-tab" data-node-count={graph.nodes.length} data-task-count={s.nodes.length} data-version={s.version_number}>
      <div className="toolbar graph-toolbar">
        <span className="graph-run" data-testid="graph-run">
          {run ? (
            <>
              <StateBadge state={run.state} />
              <span className="mono graph-run-id" title={run.dag_run_id}>
                {run.dag_run_id}
              </span>
              {!runId && <span className="faint">(latest run)</span>}
            </>
          ) : (
            <span className="faint">No runs yet: the graph shows the DAG's latest version</span>
          )}
        </span>
        <span className="faint graph-version" title="The graph of the DAG version this run used">
          v{s.version_number}
        </span>
        {groupCount > 0 && (
          <span className="segmented" role="group" aria-label="Task groups">
            <button type="button" onClick={() => setExpanded(new Set(s.groups.map((g) => g.group_id)))} aria-pressed={expanded.size === groupCount} data-testid="expand-all">
              Expand all
            </button>
            <button type="button" onClick={() => setExpanded(new Set())} aria-pressed={expanded.size === 0} data-testid="collapse-all">
              Collapse all
            </button>
          </span>
        )}
        <form
          className="search graph-find"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            findTask(find);
          }}
        >
          <Icon name="search" />
          <input
            ref={findInput}
            type="search"
            value={find}
            onChange={(e) => {
              setFind(e.target.value);
              setFindMiss(null);
            }}
            placeholder="Find a task (Enter)"
            aria-label="Find a task"
            aria-invalid={findMiss !== null}
            title={findMiss ?? 'Type part of a task id and press Enter'}
            data-testid="graph-find"
          />
          {!find && <kbd aria-hidden="true">/</kbd>}
        </form>
        {findMiss && (
          <span className="graph-find-miss" role="status">
            {findMiss}
          </span>
        )}
        <span className="toolbar-spacer" />
        <span className="graph-legend" aria-label="Legend">
          <span className="legend-edge legend-data" /> data flow
          <span className="legend-edge legend-order" /> runs after
        </span>
        {(quick || engine === 'elk') && prefersQuick(graph) && (
          <button
            type="button"
            className="btn btn-sm"
            onClick={() => query.set({ layout: engine === 'elk' ? null : 'elk' })}
            title={engine === 'elk' ? 'Back to the quick layout' : `Lay out with elkjs: neater edges, a few seconds for ${graph.nodes.length} nodes`}
          >
            {engine === 'elk' ? 'Quick layout' : 'Refine layout'}
          </button>
        )}
        {(laying || timeline.loading) && <Spinner label="Updating" />}
      </div>
      {timeline.error !== undefined && <ErrorBanner error={timeline.error} what="the latest task states (showing the last known)" onRetry={() => void timeline.reload()} />}
      {layout ? (
        <GraphCanvas graph={layout.graph} layout={layout.layout} summaries={summaries} actions={actions} onPainted={onPainted} focus={focus} />
      ) : (
        <LoadingBlock label={`Laying out ${graph.nodes.length} nodes…`} />
      )}
      <p className="graph-hint faint">
        <Icon name="info" size={13} /> Drag to pan, wheel to zoom, Tab to move between tasks, Enter to open one{groupCount > 0 ? ' or expand a group' : ''}.
        {layout && ` ${layout.layout.engine === 'elk' ? 'elkjs' : 'Quick'} layout of ${layout.graph.nodes.length} nodes in ${Math.round(layout.layout.ms)} ms.`}
      </p>
    </div>
  );
}

