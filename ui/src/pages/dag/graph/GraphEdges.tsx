/**
 * The graph's edges: data flow (the downstream task consumes the upstream's
 * output) as solid accent lines labelled with the input names; plain
 * dependencies as dashed grey lines. elkjs routes are orthogonal polylines;
 * the quick layout's are curves from side to side.
 */
import { memo } from 'react';
import type { GraphLayout, Point } from './layout-types';
import type { VisibleEdge, VisibleGraph } from './visible-graph';

/** More data edges than this and their labels would be clutter: names stay in the tooltips. */
const MAX_LABELLED = 300;
/** Past this many edges, ordering edges are drawn as one path, without tooltips. */
const MAX_TITLED = 400;

function polylinePath(points: readonly Point[]): string {
  // Rounded corners (radius up to 6) on orthogonal routes.
  const [first, ...rest] = points;
  if (!first) return '';
  let d = `M${first.x},${first.y}`;
  for (let i = 0; i < rest.length; i++) {
    const p = rest[i] as Point;
    const prev = (i === 0 ? first : rest[i - 1]) as Point;
    const next = rest[i + 1];
    if (!next) {
      d += ` L${p.x},${p.y}`;
      break;
    }
    const r = Math.min(6, Math.hypot(p.x - prev.x, p.y - prev.y) / 2, Math.hypot(next.x - p.x, next.y - p.y) / 2);
    const a = { x: p.x - (Math.sign(p.x - prev.x) * r), y: p.y - (Math.sign(p.y - prev.y) * r) };
    const b = { x: p.x + (Math.sign(next.x - p.x) * r), y: p.y + (Math.sign(next.y - p.y) * r) };
    d += ` L${a.x},${a.y} Q${p.x},${p.y} ${b.x},${b.y}`;
  }
  return d;
}

function curve(points: readonly Point[]): { d: string; mid: Point } {
  const s = points[0] as Point;
  const e = points[points.length - 1] as Point;
  const dx = Math.max(24, Math.abs(e.x - s.x) / 2);
  const c1 = { x: s.x + dx, y: s.y };
  const c2 = { x: e.x - dx, y: e.y };
  return { d: `M${s.x},${s.y} C${c1.x},${c1.y} ${c2.x},${c2.y} ${e.x},${e.y}`, mid: { x: (s.x + 3 * c1.x + 3 * c2.x + e.x) / 8, y: (s.y + 3 * c1.y + 3 * c2.y + e.y) / 8 } };
}

/** The point half way along a polyline. */
function midpoint(points: readonly Point[]): Point {
  let total = 0;
  for (let i = 1; i < points.length; i++) total += Math.hypot((points[i] as Point).x - (points[i - 1] as Point).x, (points[i] as Point).y - (points[i - 1] as Point).y);
  let left = total / 2;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1] as Point;
    const b = points[i] as Point;
    const len = Math.hypot(b.x - a.x, b.y - a.y);
    if (left <= len && len > 0) return { x: a.x + ((b.x - a.x) * left) / len, y: a.y + ((b.y - a.y) * left) / len };
    left -= len;
  }
  return points[0] as Point;
}

const plain = (key: string) => key.slice(2);

export function edgeTitle(e: VisibleEdge): string {
  const head = `${plain(e.from)} → ${plain(e.to)}`;
  if (e.kind === 'order') return `${head}: runs after (no data)${e.merged > 1 ? `, ${e.merged} dependencies` : ''}`;
  const names = e.inputs.map((i) => {
    const key = i.xcomKey === 'return_value' ? '' : ` (XCom '${i.xcomKey}')`;
    const via = e.merged > 1 ? ` ${i.producer} → ${i.consumer}` : '';
    return `${i.name}${key}${i.mapped ? ' (mapped over)' : ''}${via}`;
  });
  return `${head}: data flow\n${names.join('\n')}`;
}

function label(e: VisibleEdge): string {
  const names = [...new Set(e.inputs.map((i) => (i.mapped ? `${i.name}[]` : i.name)))];
  const text = names.slice(0, 2).join(', ') + (names.length > 2 ? ` +${names.length - 2}` : '');
  return text.length > 28 ? `${text.slice(0, 27)}…` : text;
}

export const EdgesLayer = memo(function EdgesLayer({ graph, layout, detailed }: { graph: VisibleGraph; layout: GraphLayout; detailed: boolean }) {
  const curved = layout.engine === 'quick';
  const dataEdges = graph.edges.filter((e) => e.kind === 'data').length;
  const labelled = detailed && dataEdges <= MAX_LABELLED;
  // A big graph's ordering edges are one path (and their arrowheads another): thousands of
  // elements would cost more to create than they give, as they carry no tooltip there.
  const merged = graph.edges.length > MAX_TITLED;
  const labels: { id: string; at: Point; text: string }[] = [];
  const orderPaths: string[] = [];
  const heads: string[] = [];
  let orderCount = 0;
  const paths = graph.edges.map((e) => {
    const points = layout.edges.get(e.id);
    if (!points || points.length < 2) return null;
    const { d, mid } = curved ? curve(points) : { d: polylinePath(points), mid: midpoint(points) };
    if (labelled && e.kind === 'data') labels.push({ id: e.id, at: mid, text: label(e) });
    if (merged && e.kind === 'order') {
      orderPaths.push(d);
      const end = points[points.length - 1] as Point;
      heads.push(`M${end.x - 7},${end.y - 4} L${end.x},${end.y} L${end.x - 7},${end.y + 4}`);
      orderCount += 1;
      return null;
    }
    return (
      <path
        key={e.id}
        className={`gedge gedge-${e.kind}`}
        d={d}
        markerEnd={`url(#arrow-${e.kind})`}
        data-edge-kind={e.kind}
        data-from={e.from}
        data-to={e.to}
      >
        <title>{edgeTitle(e)}</title>
      </path>
    );
  });
  return (
    <g className="graph-edges">
      {orderCount > 0 && (
        <>
          <path className="gedge gedge-order gedge-merged" d={orderPaths.join(' ')} data-edge-kind="order" data-edge-count={orderCount} />
          <path className="gedge-heads" d={heads.join(' ')} />
        </>
      )}
      {paths}
      {labels.map((l) => (
        <text key={l.id} className="gedge-label" x={l.at.x} y={l.at.y - 4} textAnchor="middle" data-edge-label={l.id}>
          {l.text}
        </text>
      ))}
    </g>
  );
});

export function EdgeMarkers() {
  return (
    <defs>
      {(['data', 'order'] as const).map((kind) => (
        <marker key={kind} id={`arrow-${kind}`} viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10" orient="auto-start-reverse">
          <path className={`garrow garrow-${kind}`} d="M0,1 L9,5 L0,9 z" />
        </marker>
      ))}
    </defs>
  );
}
