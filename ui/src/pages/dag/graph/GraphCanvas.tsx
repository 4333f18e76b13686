/**
 * The graph's drawing surface: an SVG that pans (drag, arrow keys) and zooms
 * (wheel, + and -), shows the graph on first show and after each re-layout
 * whole or, for a long one of a few dozen nodes, readable from its start (`firstView`),
 * with a tooltip for the node under the pointer or keyboard focus.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type FocusEvent, type MouseEvent } from 'react';
import { Icon } from '../../../components/Icon';
import { EdgeMarkers, EdgesLayer } from './GraphEdges';
import { ContainersLayer, NodesLayer, type NodeActions } from './GraphNodes';
import type { GraphLayout } from './layout-types';
import { NodeTooltip } from './NodeTooltip';
import type { TaskSummary } from './task-states';
import { usePanZoom } from './usePanZoom';
import { DETAIL_ZOOM, firstView } from './view-fit';
import type { VisibleGraph } from './visible-graph';

export interface GraphCanvasProps {
  readonly graph: VisibleGraph;
  readonly layout: GraphLayout;
  readonly summaries: ReadonlyMap<string, TaskSummary>;
  readonly actions: NodeActions;
  /** After the layout's first paint (for the render-time measure). */
  readonly onPainted?: (layout: GraphLayout) => void;
  /** A node to bring into view and focus (a found task); a new object each time it is asked for. */
  readonly focus?: { readonly key: string } | null;
}

export function GraphCanvas({ graph, layout, summaries, actions, onPainted, focus }: GraphCanvasProps) {
  const viewport = useRef<HTMLDivElement>(null);
  const layer = useRef<SVGGElement>(null);
  const pz = usePanZoom(viewport, layer);
  const [hover, setHover] = useState<string | null>(null);

  // The viewport's size, known before the first paint: a new layout is drawn at its first view at once,
  // with or without labels as that zoom allows (drawing 1,000 labels only to drop them costs).
  const [size, setSize] = useState<{ w: number; h: number } | null>(null);
  useLayoutEffect(() => {
    const el = viewport.current;
    if (el) setSize({ w: el.clientWidth, h: el.clientHeight });
  }, []);
  const opening = useMemo(() => (size ? firstView(layout.width, layout.height, layout.nodes.size, size.w, size.h) : null), [layout, size]);
  useLayoutEffect(() => {
    if (opening) pz.show(layout, opening);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only a new layout (or the first size) refits
  }, [opening]);
  const detailed = pz.detailedFor(layout) ?? (opening ? opening.k >= DETAIL_ZOOM : false);

  useEffect(() => {
    if (!onPainted) return;
    // Two frames: the first runs before the paint, the second after it.
    let inner = 0;
    const outer = requestAnimationFrame(() => {
      inner = requestAnimationFrame(() => onPainted(layout));
    });
    return () => {
      cancelAnimationFrame(outer);
      cancelAnimationFrame(inner);
    };
  }, [layout, onPainted]);

  const focused = useRef<GraphCanvasProps['focus']>(null);
  useEffect(() => {
    const box = focus ? layout.nodes.get(focus.key) : undefined;
    if (!focus || !box || !opening || focused.current === focus) return;
    focused.current = focus;
    pz.centerOn(box);
    // Once the zoomed-in view (with labels) is drawn.
    const frame = requestAnimationFrame(() =>
      requestAnimationFrame(() => viewport.current?.querySelector<SVGGElement>(`[data-key="${CSS.escape(focus.key)}"]`)?.focus()),
    );
    return () => cancelAnimationFrame(frame);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- each request once, when its node is laid out
  }, [focus, layout, opening]);

  // Clicks after a drag are not clicks on nodes.
  const guarded = useMemo<NodeActions>(
    () => ({
      openTask: (id) => {
        if (!pz.dragged.current) actions.openTask(id);
      },
      toggleGroup: (id) => {
        if (!pz.dragged.current) actions.toggleGroup(id);
      },
    }),
    [actions, pz.dragged],
  );

  const keyFrom = (target: EventTarget | null): string | null => {
    const el = (target as Element | null)?.closest?.('[data-key]');
    return el?.getAttribute('data-key') ?? null;
  };
  const onOver = useCallback((e: MouseEvent) => setHover(keyFrom(e.target)), []);
  const onFocus = useCallback((e: FocusEvent) => setHover(keyFrom(e.target)), []);

  const hovered = hover ? graph.nodes.find((n) => n.key === hover) : undefined;
  const hoveredBox = hover ? layout.nodes.get(hover) : undefined;

  return (
    <div className="graph-viewport" ref={viewport} tabIndex={0} aria-label="DAG graph: drag or arrow keys to pan, wheel or + and - to zoom" data-testid="graph-viewport" data-engine={layout.engine}>
      <svg className={`graph-svg${detailed ? '' : ' is-overview'}`} width="100%" height="100%" onMouseOver={onOver} onMouseLeave={() => setHover(null)} onFocus={onFocus} onBlur={() => setHover(null)}>
        <EdgeMarkers />
        <g ref={layer}>
          {opening && (
            <>
              <ContainersLayer graph={graph} layout={layout} detailed={detailed} actions={guarded} />
              <EdgesLayer graph={graph} layout={layout} detailed={detailed} />
              <NodesLayer graph={graph} layout={layout} summaries={summaries} detailed={detailed} actions={guarded} />
            </>
          )}
        </g>
      </svg>
      {hovered && hoveredBox && !pz.dragged.current && (
        <NodeTooltip node={hovered} box={hoveredBox} view={pz.view.current} summaries={summaries} viewport={{ width: viewport.current?.clientWidth ?? 0, height: viewport.current?.clientHeight ?? 0 }} />
      )}
      <div className="graph-zoom" role="group" aria-label="Zoom">
        <button type="button" className="btn btn-sm btn-icon" onClick={() => pz.zoomBy(1.25)} title="Zoom in (+)" aria-label="Zoom in">
          <span aria-hidden="true">+</span>
        </button>
        <button type="button" className="btn btn-sm btn-icon" onClick={() => pz.zoomBy(0.8)} title="Zoom out (-)" aria-label="Zoom out">
          <span aria-hidden="true">−</span>
        </button>
        <button type="button" className="btn btn-sm" onClick={() => pz.fit(layout.width, layout.height)} title="Fit the whole graph on screen" data-testid="graph-fit">
          <Icon name="monitor" size={14} /> Fit
        </button>
      </div>
    </div>
  );
}

