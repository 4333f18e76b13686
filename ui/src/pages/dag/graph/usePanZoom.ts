/**
 * Pan (drag) and zoom (wheel, around the pointer; + - 0 keys) of an SVG group,
 * written straight to its `transform` so a 1,000-node graph pans at full frame
 * rate without re-rendering. React hears only whether the zoom crossed the
 * level where labels are readable (`detailedFor`).
 */
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { DETAIL_ZOOM, MAX_ZOOM, MIN_ZOOM, fitView, type View } from './view-fit';

export interface PanZoom {
  readonly view: RefObject<View>;
  /** Whether labels are drawn at the zoom the user chose for `scene`; null until they zoom it. */
  detailedFor(scene: unknown): boolean | null;
  /** True from a drag's first move until the click that ends it has been ignored. */
  readonly dragged: RefObject<boolean>;
  /** Shows a new scene (a new layout) at `view`, written before the next paint. */
  show(scene: unknown, view: View): void;
  fit(width: number, height: number): void;
  zoomBy(factor: number): void;
  /** Brings a box to the middle of the view, zoomed in enough to read it. */
  centerOn(box: { x: number; y: number; width: number; height: number }): void;
  /** Bumped after every change (for overlays that follow the view, e.g. a tooltip). */
  readonly version: number;
}

export function usePanZoom(viewport: RefObject<HTMLDivElement | null>, layer: RefObject<SVGGElement | null>): PanZoom {
  const view = useRef<View>({ x: 0, y: 0, k: 1 });
  const dragged = useRef(false);
  const scene = useRef<unknown>(null);
  const [detail, setDetail] = useState<{ scene: unknown; detailed: boolean } | null>(null);
  const [version, setVersion] = useState(0);
  const frame = useRef<number | null>(null);

  const write = useCallback(() => {
    const { x, y, k } = view.current;
    layer.current?.setAttribute('transform', `translate(${x.toFixed(1)},${y.toFixed(1)}) scale(${k.toFixed(4)})`);
    viewport.current?.setAttribute('data-zoom', k.toFixed(3));
  }, [layer, viewport]);

  const apply = useCallback(() => {
    if (frame.current !== null) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = null;
      write();
      const detailed = view.current.k >= DETAIL_ZOOM;
      setDetail((d) => (d && d.scene === scene.current && d.detailed === detailed ? d : { scene: scene.current, detailed }));
      setVersion((v) => v + 1);
    });
  }, [write]);

  const show = useCallback(
    (next: unknown, v: View) => {
      scene.current = next;
      view.current = v;
      write();
    },
    [write],
  );
  const detailedFor = useCallback((s: unknown) => (detail && detail.scene === s ? detail.detailed : null), [detail]);

  const zoomAt = useCallback(
    (factor: number, px: number, py: number) => {
      const v = view.current;
      const k = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, v.k * factor));
      view.current = { k, x: px - ((px - v.x) * k) / v.k, y: py - ((py - v.y) * k) / v.k };
      apply();
    },
    [apply],
  );

  const zoomBy = useCallback(
    (factor: number) => {
      const el = viewport.current;
      if (el) zoomAt(factor, el.clientWidth / 2, el.clientHeight / 2);
    },
    [viewport, zoomAt],
  );

  const fit = useCallback(
    (width: number, height: number) => {
      const el = viewport.current;
      if (!el || width <= 0 || height <= 0) return;
      view.current = fitView(width, height, el.clientWidth, el.clientHeight);
      apply();
    },
    [apply, viewport],
  );

  const centerOn = useCallback(
    (box: { x: number; y: number; width: number; height: number }) => {
      const el = viewport.current;
      if (!el) return;
      const k = Math.max(view.current.k, 1);
      view.current = { k, x: el.clientWidth / 2 - (box.x + box.width / 2) * k, y: el.clientHeight / 2 - (box.y + box.height / 2) * k };
      apply();
    },
    [apply, viewport],
  );

  useEffect(() => {
    const el = viewport.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const rect = el.getBoundingClientRect();
      // Pinch (ctrl) and mouse wheels zoom; the factor follows the scroll amount.
      const delta = e.deltaMode === 1 ? e.deltaY * 16 : e.deltaY;
      zoomAt(Math.exp(-delta * (e.ctrlKey ? 0.01 : 0.0015)), e.clientX - rect.left, e.clientY - rect.top);
    };
    let start: { x: number; y: number; vx: number; vy: number; id: number } | null = null;
    const onDown = (e: PointerEvent) => {
      if (e.button !== 0) return;
      start = { x: e.clientX, y: e.clientY, vx: view.current.x, vy: view.current.y, id: e.pointerId };
      dragged.current = false;
    };
    const onMove = (e: PointerEvent) => {
      if (!start || e.pointerId !== start.id) return;
      const dx = e.clientX - start.x;
      const dy = e.clientY - start.y;
      if (!dragged.current && Math.hypot(dx, dy) < 4) return;
      if (!dragged.current) {
        dragged.current = true;
        // Captured only once it is a drag, so a plain click still reaches the node under it.
        el.setPointerCapture(e.pointerId);
        el.classList.add('is-panning');
      }
      view.current = { ...view.current, x: start.vx + dx, y: start.vy + dy };
      apply();
    };
    const onUp = (e: PointerEvent) => {
      if (!start || e.pointerId !== start.id) return;
      start = null;
      el.classList.remove('is-panning');
      if (el.hasPointerCapture(e.pointerId)) el.releasePointerCapture(e.pointerId);
      // The click that follows a drag is not a click on a node.
      if (dragged.current) setTimeout(() => (dragged.current = false), 0);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.target !== el) return;
      const step = 60;
      if (e.key === '+' || e.key === '=') zoomBy(1.25);
      else if (e.key === '-' || e.key === '_') zoomBy(0.8);
      else if (e.key === 'ArrowLeft') view.current = { ...view.current, x: view.current.x + step };
      else if (e.key === 'ArrowRight') view.current = { ...view.current, x: view.current.x - step };
      else if (e.key === 'ArrowUp') view.current = { ...view.current, y: view.current.y + step };
      else if (e.key === 'ArrowDown') view.current = { ...view.current, y: view.current.y - step };
      else return;
      e.preventDefault();
      apply();
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    el.addEventListener('pointerdown', onDown);
    el.addEventListener('pointermove', onMove);
    el.addEventListener('pointerup', onUp);
    el.addEventListener('pointercancel', onUp);
    el.addEventListener('keydown', onKey);
    return () => {
      el.removeEventListener('wheel', onWheel);
      el.removeEventListener('pointerdown', onDown);
      el.removeEventListener('pointermove', onMove);
      el.removeEventListener('pointerup', onUp);
      el.removeEventListener('pointercancel', onUp);
      el.removeEventListener('keydown', onKey);
    };
  }, [apply, viewport, zoomAt, zoomBy]);

  useEffect(() => () => {
    if (frame.current !== null) cancelAnimationFrame(frame.current);
  }, []);

  return { view, detailedFor, dragged, show, fit, zoomBy, centerOn, version };
}
