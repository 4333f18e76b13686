/**
 * The DAG page's visual tabs in a real headless Chromium against the built
 * `updraft standalone`: the graph colours each task by the run's state live
 * (a task seen running, then everything green, without a reload), data-flow
 * edges drawn apart from ordering-only ones, a group collapsing to one node
 * with its members' state and expanding again, a click on a task opening its
 * task instance; the Gantt chart's bars; the code of each DAG version (a second
 * one after the file is edited) with the diff; the durations chart and the
 * calendar. A benchmark (printed, not pass/fail): a 1,000-task graph from data
 * arrival to painted.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { UpdraftClient } from '../../src/client/index.js';
import { startStandalone, type Standalone } from '../support/standalone-process.js';
import { launchBrowser, login, openPage } from './support/browser.js';
import { adminClient } from './support/standalone-setup.js';

const VISUAL_ETL = `import { bash, chain, dag, empty, group, task } from 'updraft';
export default dag('visual_etl', { schedule: null, isPausedUponCreation: false, tags: ['visual'] }, () => {
  const start = empty('start');
  const extracted = group('extract', { tooltip: 'Pull the sources' }, () => {
    const users = task('users', async () => [1, 2, 3]);
    const orders = task('orders', async () => [10, 20]);
    return { users, orders };
  });
  chain(start, extracted);
  const scored = task('score', { expand: { id: extracted.result.users } }, async ({ id }) => id * 2);
  const joined = task('join', { inputs: { orders: extracted.result.orders, scores: scored } }, async ({ orders, scores }) => {
    await new Promise((resolve) => setTimeout(resolve, 6000));
    return orders.length + scores.length;
  });
  joined.before(bash('report', 'echo report'));
  // NOTIFY
});
`;

/** 20 groups of 50 tasks (5 layers of 10), each group after the one before: 1,000 tasks, 2,700 edges. */
const BIG_GRAPH = `import { chain, dag, empty, group } from 'updraft';
export default dag('big_graph', { schedule: null, isPausedUponCreation: true }, () => {
  const parts = [];
  for (let g = 0; g < 20; g++) {
    parts.push(group('part_' + g, () => {
      const layers: ReturnType<typeof empty>[][] = [];
      for (let l = 0; l < 5; l++) {
        const layer: ReturnType<typeof empty>[] = [];
        for (let k = 0; k < 10; k++) layer.push(empty('t' + l + '_' + k));
        layers.push(layer);
      }
      for (let l = 1; l < 5; l++) for (let k = 0; k < 10; k++) layers[l]![k]!.after(layers[l - 1]![k]!);
    }));
  }
  chain(...parts);
});
`;

describe('web UI: the graph, Gantt, code, durations and calendar of a DAG', () => {
  let s: Standalone;
  let browser: Browser;
  let client: UpdraftClient;
  let firstRun = '';

  const until = async <T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const nodeState = (page: Page, taskId: string) => page.locator(`.gnode[data-task-id="${taskId}"]`).getAttribute('data-state');

  before(async () => {
    [s, browser] = await Promise.all([startStandalone({ dagFiles: { 'visual_etl.ts': VISUAL_ETL, 'big_graph.ts': BIG_GRAPH } }), launchBrowser()]);
    client = await adminClient(s);
    await until('both DAGs parsed', async () => (await client.dags.list()).total_entries === 2, 60_000);
  });
  after(async () => {
    await browser?.close();
    await s?.stop();
  });

  it('the graph follows a run live, from running to success, with data flow drawn apart from ordering', async () => {
    const ui = await openPage(browser, s.url);
    const { page } = ui;
    try {
      await login(page, 'admin', s.adminPassword, '/dags/visual_etl/graph');
      await page.locator('.gnode[data-task-id="join"]').waitFor();
      assert.match(await page.getByTestId('graph-run').innerText(), /No runs yet/);
      assert.equal(await page.getByTestId('graph-viewport').getAttribute('data-engine'), 'elk', 'a small graph is laid out by elkjs');

      // Edges: data flow (inputs) solid accent with the input's name, ordering dashed.
      const edge = (from: string, to: string) => page.locator(`path.gedge[data-from="${from}"][data-to="${to}"]`);
      assert.equal(await edge('t:extract.users', 't:score').getAttribute('data-edge-kind'), 'data');
      assert.equal(await edge('t:extract.orders', 't:join').getAttribute('data-edge-kind'), 'data');
      assert.equal(await edge('t:score', 't:join').getAttribute('data-edge-kind'), 'data');
      assert.equal(await edge('t:start', 't:extract.users').getAttribute('data-edge-kind'), 'order');
      assert.equal(await edge('t:join', 't:report').getAttribute('data-edge-kind'), 'order');
      const style = (from: string, to: string) =>
        edge(from, to).evaluate((el) => {
          // In the page: the window's getComputedStyle (this file compiles without the DOM's types).
          const page = globalThis as unknown as { getComputedStyle(e: unknown): { strokeDasharray: string; stroke: string } };
          const cs = page.getComputedStyle(el);
          return { dash: cs.strokeDasharray, stroke: cs.stroke };
        });
      const data = await style('t:score', 't:join');
      const order = await style('t:join', 't:report');
      assert.equal(data.dash, 'none', 'data edges are solid');
      assert.notEqual(order.dash, 'none', 'ordering edges are dashed');
      assert.notEqual(data.stroke, order.stroke, 'and of another colour');
      const labels = await page.locator('.gedge-label').allTextContents();
      assert.ok(labels.includes('scores') && labels.includes('orders') && labels.includes('id[]'), `input names label the data edges: ${labels.join(', ')}`);
      assert.match((await edge('t:extract.users', 't:score').locator('title').textContent()) ?? '', /data flow[\s\S]*id \(mapped over\)/);

      // A run: the latest run's states, live (no reload).
      const run = await client.dagRuns.trigger('visual_etl', {});
      firstRun = run.dag_run_id;
      await page.getByTestId('graph-run').getByText(run.dag_run_id).waitFor({ timeout: 15_000 });
      await until('join running on the graph', async () => (await nodeState(page, 'join')) === 'running', 60_000);
      assert.equal(await nodeState(page, 'extract.users'), 'success', 'upstream tasks are already green');
      assert.equal(await page.locator('.gnode[data-task-id="join"]').evaluate((el) => el.classList.contains('is-running')), true);
      await until('every task green', async () => {
        const states = await page.locator('.gnode-task').evaluateAll((ns) => ns.map((n) => n.getAttribute('data-state')));
        return states.length === 6 && states.every((st) => st === 'success');
      }, 60_000);
      await page.getByTestId('graph-run').locator('[data-state="success"]').waitFor();
      // The mapped task shows how many instances it has.
      assert.match(await page.locator('.gnode[data-task-id="score"] .gnode-sub').textContent() ?? '', /\[3\]/);

      // Hover: the tooltip tells the task's story.
      await page.locator('.gnode[data-task-id="join"]').hover();
      assert.match(await page.getByTestId('graph-tooltip').innerText(), /join[\s\S]*Success[\s\S]*FunctionTask/);
      assert.deepEqual(ui.pageErrors, []);
    } finally {
      await ui.finish('graph-live-run');
    }
  });

  it('a group collapses to one node with its members\' state, expands again, and a task opens its instance', async () => {
    const ui = await openPage(browser, s.url);
    const { page } = ui;
    try {
      await login(page, 'admin', s.adminPassword, '/dags/visual_etl/graph');
      await page.locator('.gnode[data-task-id="extract.users"][data-state="success"]').waitFor();
      await page.locator('.ggroup[data-group-id="extract"] .ggroup-head').click();
      await page.waitForURL(/expand=none/);
      const collapsed = page.locator('.gnode[data-group-id="extract"][data-collapsed="true"]');
      await collapsed.waitFor();
      assert.equal(await collapsed.getAttribute('data-state'), 'success');
      assert.equal(await page.locator('.gnode[data-task-id="extract.users"]').count(), 0, 'its tasks are folded in');
      // Edges now end at the group: start -> extract (order), extract -> score (data).
      assert.equal(await page.locator('path.gedge[data-from="t:start"][data-to="g:extract"]').getAttribute('data-edge-kind'), 'order');
      assert.equal(await page.locator('path.gedge[data-from="g:extract"][data-to="t:score"]').getAttribute('data-edge-kind'), 'data');

      // The view survives a reload; the keyboard expands it again.
      await page.reload();
      await collapsed.waitFor();
      await collapsed.focus();
      await page.keyboard.press('Enter');
      await page.waitForURL(/expand=all/);
      await page.locator('.gnode[data-task-id="extract.users"]').waitFor();
      await page.getByTestId('collapse-all').click();
      await collapsed.waitFor();
      await page.getByTestId('expand-all').click();
      await page.locator('.gnode[data-task-id="extract.orders"]').waitFor();

      // Pan and zoom change the view, Fit brings the whole graph back.
      const viewport = page.getByTestId('graph-viewport');
      const zoom0 = Number(await viewport.getAttribute('data-zoom'));
      const box = await viewport.boundingBox();
      assert.ok(box);
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.wheel(0, -400);
      await until('zoomed in', async () => Number(await viewport.getAttribute('data-zoom')) > zoom0 * 1.2);
      await page.getByTestId('graph-fit').click();
      await until('fitted again', async () => Math.abs(Number(await viewport.getAttribute('data-zoom')) - zoom0) < 0.01);

      await page.locator('.gnode[data-task-id="join"]').click();
      await page.waitForURL((url) => decodeURIComponent(url.pathname) === `/dags/visual_etl/runs/${firstRun}/tasks/join`);
      assert.deepEqual(ui.pageErrors, []);
    } finally {
      await ui.finish('graph-groups');
    }
  });

  it('the Gantt chart has a bar per task instance, sorted by start; a bar opens its instance', async () => {
    const ui = await openPage(browser, s.url);
    const { page } = ui;
    try {
      await login(page, 'admin', s.adminPassword, `/dags/visual_etl/gantt?run=${encodeURIComponent(firstRun)}`);
      await page.getByTestId('gantt-bar').first().waitFor();
      const rows = page.locator('.gantt-row');
      // start, users, orders, score x3, join, report.
      assert.equal(await rows.count(), 8);
      assert.equal(await page.getByTestId('gantt-bar').count(), 8);
      const order = await rows.evaluateAll((rs) => rs.map((r) => r.getAttribute('data-task-id')));
      assert.equal(order[0], 'start', 'sorted by start');
      assert.equal(order[order.length - 1], 'report');
      assert.deepEqual(await page.locator('.gantt-row[data-task-id="score"]').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-map-index')).sort()), ['0', '1', '2']);
      // join slept 6 s: its bar is the widest.
      const widths = await page.getByTestId('gantt-bar').evaluateAll((bs) => bs.map((b) => [b.closest('.gantt-row')?.getAttribute('data-task-id'), b.getBoundingClientRect().width] as const));
      const widest = [...widths].sort((a, b) => b[1] - a[1])[0];
      assert.equal(widest?.[0], 'join');
      await page.locator('.gantt-row[data-task-id="score"][data-map-index="1"]').click();
      await page.waitForURL(/\/tasks\/score\?map_index=1$/);
      assert.deepEqual(ui.pageErrors, []);
    } finally {
      await ui.finish('gantt');
    }
  });

  it('the code of each DAG version: the source, a second version after the file changes, the diff', async () => {
    const ui = await openPage(browser, s.url);
    const { page } = ui;
    try {
      await login(page, 'admin', s.adminPassword, '/dags/visual_etl/code');
      const code = page.getByTestId('code-view');
      await code.waitFor();
      assert.match(await code.innerText(), /export default dag\('visual_etl'/);
      assert.equal(await page.getByTestId('code-version').locator('option').count(), 1);
      assert.match(await page.getByTestId('code-used-by').innerText(), /Used by 1 run/);
      assert.ok((await code.locator('.tok-keyword').count()) > 5, 'keywords are coloured');
      assert.ok((await code.locator('.tok-string').count()) > 5, 'strings are coloured');

      writeFileSync(join(s.home, 'dags', 'visual_etl.ts'), VISUAL_ETL.replace('// NOTIFY', "task('notify', { inputs: { n: joined } }, ({ n }) => n);"));
      await until('version 2 parsed', async () => (await client.dags.versions('visual_etl')).total_entries === 2, 30_000);
      await page.reload();
      await code.waitFor();
      assert.equal(await page.getByTestId('code-version').locator('option').count(), 2);
      assert.match(await code.innerText(), /task\('notify'/);
      assert.match(await page.getByTestId('code-used-by').innerText(), /No run among the latest/);

      await page.getByTestId('code-diff-toggle').click();
      await page.waitForURL(/diff=1/);
      const diff = page.getByTestId('diff-view');
      await diff.waitFor();
      const added = await diff.locator('[data-diff="added"]').allInnerTexts();
      assert.equal(added.length, 1);
      assert.match(added[0] ?? '', /16[\s\S]*task\('notify', \{ inputs: \{ n: joined \} \}, \(\{ n \}\) => n\);/);
      assert.equal(await diff.locator('[data-diff="removed"]').count(), 1, 'the placeholder comment went');

      // The version the first run used, from its ?run=.
      await page.goto(`/dags/visual_etl/code?run=${encodeURIComponent(firstRun)}`);
      await code.waitFor();
      assert.equal(await page.getByTestId('code-version').inputValue(), '1');
      assert.match(await page.getByTestId('code-meta').innerText(), /The version run .* used/);
      assert.doesNotMatch(await code.innerText(), /task\('notify'/);

      // The graph of the new version has the new task and its data edge.
      await page.goto('/dags/visual_etl/graph');
      await page.locator('.gnode[data-task-id="join"]').waitFor();
      assert.equal(await page.locator('.gnode[data-task-id="notify"]').count(), 0, 'the graph is that of the latest run\'s version');
      await page.goto(`/dags/visual_etl/code?version=2`);
      await code.waitFor();
      assert.deepEqual(ui.pageErrors, []);
    } finally {
      await ui.finish('code-versions');
    }
  });

  it('the durations chart and the calendar show the runs; a bar selects its run', async () => {
    // A second, failing-free run, so the chart has two bars and a median.
    const run = await client.dagRuns.trigger('visual_etl', {});
    for await (const line of client.dagRuns.wait('visual_etl', run.dag_run_id, { intervalSec: 0.2 })) void line;
    const ui = await openPage(browser, s.url);
    const { page } = ui;
    try {
      await login(page, 'admin', s.adminPassword, '/dags/visual_etl/durations');
      const bars = page.locator('.chart-bar');
      await bars.first().waitFor();
      assert.equal(await bars.count(), 2);
      assert.deepEqual(await bars.evaluateAll((bs) => bs.map((b) => b.getAttribute('data-state'))), ['success', 'success']);
      await page.getByTestId('median-line').waitFor();
      assert.match(await page.getByTestId('duration-stats').innerText(), /median/);
      await bars.first().click();
      await page.waitForURL((url) => url.searchParams.get('run') === firstRun);
      await page.locator('.chart-bar.is-selected').waitFor();

      await page.getByTestId('tab-calendar').click();
      await page.waitForURL(/\/calendar/);
      const today = page.locator('.cal-day[data-total="2"]');
      await today.waitFor();
      assert.equal(await today.getAttribute('data-outcome'), 'success');
      assert.equal(await page.locator('.cal-day[data-total="0"]').count() + 1, await page.locator('.cal-day').count(), 'every other day has no runs');
      assert.ok((await page.locator('.cal-day').count()) >= 365);
      assert.match(await page.getByTestId('calendar-stats').innerText(), /2\s*runs/);
      await today.hover();
      assert.match(await page.getByTestId('calendar-tooltip').innerText(), /2 runs \(2 success\)/);
      assert.deepEqual(ui.pageErrors, []);
    } finally {
      await ui.finish('durations-calendar');
    }
  });

  it('benchmark: a 1,000-task graph from data arrival to painted (printed); groups, dark theme', async () => {
    const ui = await openPage(browser, s.url, { colorScheme: 'dark', viewport: { width: 1440, height: 900 } });
    const { page } = ui;
    try {
      await login(page, 'admin', s.adminPassword, '/dags/big_graph/graph?expand=all');
      const tab = page.getByTestId('graph-tab');
      await tab.and(page.locator('[data-render-ms]')).waitFor({ timeout: 30_000 });
      const ms = Number(await tab.getAttribute('data-render-ms'));
      const layoutMs = Number(await tab.getAttribute('data-layout-ms'));
      assert.equal(await tab.getAttribute('data-task-count'), '1000');
      assert.equal(await page.locator('.gnode-task').count(), 1000, 'every task drawn');
      assert.equal(await page.locator('.ggroup').count(), 20);
      assert.equal(await page.getByTestId('graph-viewport').getAttribute('data-engine'), 'quick');
      // 2,700 ordering edges: drawn as one path at this size.
      assert.equal(await page.locator('path.gedge-merged').getAttribute('data-edge-count'), '2700');
      console.log(JSON.stringify({ bench: 'ui_graph_1000_tasks', ms: Math.round(ms), layout_ms: Math.round(layoutMs), nodes: 1000, edges: 2700 }));

      // By default a graph this big opens with its groups collapsed: 20 nodes.
      await page.goto('/dags/big_graph/graph');
      await page.locator('.gnode[data-group-id="part_0"][data-collapsed="true"]').waitFor();
      assert.equal(await page.locator('.gnode-group').count(), 20);
      // Expanding one group lays out its 50 tasks beside the 19 others.
      await page.locator('.gnode[data-group-id="part_3"]').click();
      await page.waitForURL(/expand=part_3/);
      await page.locator('.gnode[data-task-id="part_3.t4_9"]').waitFor();
      assert.equal(await page.locator('.gnode-task').count(), 50);

      // Finding a task (`/` focuses the box) expands its group and brings it into view, focused.
      await page.keyboard.press('/');
      await page.keyboard.type('part_7.t2_5');
      await page.keyboard.press('Enter');
      await page.waitForURL(/expand=part_3%2Cpart_7|expand=part_3,part_7/);
      await until('the found task focused', async () => (await page.evaluate('document.activeElement?.getAttribute("data-task-id")')) === 'part_7.t2_5');
      assert.ok(Number(await page.getByTestId('graph-viewport').getAttribute('data-zoom')) >= 1, 'zoomed in to read it');
      await page.getByTestId('graph-find').fill('no_such_task');
      await page.keyboard.press('Enter');
      await page.getByText('No task matches "no_such_task"').waitFor();
      assert.deepEqual(ui.pageErrors, []);
    } finally {
      await ui.finish('graph-1000-tasks-dark');
    }
  });
});
