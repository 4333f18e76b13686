/**
 * Which part of a graph a view shows, and at what zoom: pure arithmetic, apart
 * from the pan-and-zoom hook that applies it (and testable without a browser).
 */

export interface View {
  x: number;
  y: number;
  k: number;
}

export const MIN_ZOOM = 0.02;
export const MAX_ZOOM = 3;
/** Below this zoom labels are too small to read: nodes are drawn as plain boxes. */
export const DETAIL_ZOOM = 0.38;

/** The view that shows a `width` × `height` graph whole in a `vw` × `vh` viewport. */
export function fitView(width: number, height: number, vw: number, vh: number): View {
  const pad = 24;
  const k = Math.min(MAX_ZOOM, 1.2, Math.max(MIN_ZOOM, Math.min((vw - 2 * pad) / Math.max(1, width), (vh - 2 * pad) / Math.max(1, height))));
  return { k, x: (vw - width * k) / 2, y: Math.max(pad, (vh - height * k) / 2) };
}

/** Graphs up to this many nodes open with readable labels even when that shows only part of them. */
export const READABLE_FIRST_MAX_NODES = 60;
/** The zoom such a graph opens at: labels comfortably readable. */
export const READABLE_ZOOM = 0.6;

/**
 * The view a graph opens at: whole, when its labels stay readable that way or it
 * is too big to read node by node anyway; else (a long pipeline of a few dozen
 * tasks) readable, from its start at the left, to be panned along. Fit shows it whole.
 */
export function firstView(width: number, height: number, nodes: number, vw: number, vh: number): View {
  const whole = fitView(width, height, vw, vh);
  if (whole.k >= DETAIL_ZOOM || nodes > READABLE_FIRST_MAX_NODES) return whole;
  const pad = 24;
  const k = READABLE_ZOOM;
  return { k, x: pad, y: Math.max(pad, (vh - height * k) / 2) };
}
