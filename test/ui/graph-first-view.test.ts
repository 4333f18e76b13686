/** The view a DAG's graph opens at: whole when readable so, else a long pipeline opens readable from its start. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DETAIL_ZOOM, firstView, fitView, READABLE_FIRST_MAX_NODES, READABLE_ZOOM } from '../../ui/src/pages/dag/graph/view-fit.js';

const VIEWPORT = { w: 1300, h: 560 };

test('a graph that fits readably opens whole', () => {
  const view = firstView(900, 300, 8, VIEWPORT.w, VIEWPORT.h);
  assert.deepEqual(view, fitView(900, 300, VIEWPORT.w, VIEWPORT.h));
  assert.ok(view.k >= DETAIL_ZOOM);
});

test('a long pipeline of a few dozen tasks opens with readable labels, from its first task at the left', () => {
  const view = firstView(4300, 420, 25, VIEWPORT.w, VIEWPORT.h);
  assert.ok(fitView(4300, 420, VIEWPORT.w, VIEWPORT.h).k < DETAIL_ZOOM, 'whole, it would be too small to read');
  assert.equal(view.k, READABLE_ZOOM);
  assert.equal(view.x, 24);
  assert.ok(view.y >= 24);
});

test('a graph too big to read node by node opens whole, as an overview', () => {
  const view = firstView(20_000, 9_000, READABLE_FIRST_MAX_NODES + 1, VIEWPORT.w, VIEWPORT.h);
  assert.deepEqual(view, fitView(20_000, 9_000, VIEWPORT.w, VIEWPORT.h));
});
