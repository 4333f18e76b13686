/**
 * The DAG page in a real headless Chromium against the built `updraft
 * standalone`: the header, triggering from it, the grid turning green and red
 * live (a task group, a mapped task folded into one cell with its counts), a
 * failed task's log (its error line, ANSI colours, search), clearing it with
 * its downstream task after fixing the cause (the dry-run preview lists
 * exactly those two) and the rerun succeeding in a second try; the run
 * summary, group folding, keyboard moves, XComs, a mapped instance, the
 * Details and Runs tabs; a Viewer sees Clear and Mark disabled with the
 * reason; a DAG whose file stops loading shows the warning. Benchmark
 * (printed, not pass/fail): 365 runs × 50 tasks, from the data's arrival to
 * the painted grid.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { UpdraftClient } from '../../src/client/index.js';
import { openStore } from '../../src/store/open-store.js';
import { seedGridHistory } from '../support/grid-history.js';
import { startStandalone, type Standalone } from '../support/standalone-process.js';
import { launchBrowser, login, openPage } from './support/browser.js';
import { adminClient, createUser, waitForDagCount } from './support/standalone-setup.js';

const DAG = 'ui_pipeline';
const WIDE = 'ui_wide';
const FLAG = 'ui-pipeline-ready';

// `check` fails until the flag file exists in UPDRAFT_HOME: the test "fixes the cause" by creating it.
const PIPELINE = `import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { dag, group, task } from 'updraft';

export default dag('${DAG}', {
  schedule: null, tags: ['ui', 'e2e'], defaultArgs: { owner: 'data-eng' }, isPausedUponCreation: false,
  description: 'A group, a mapped task and a check that fails until its flag file exists',
}, () => {
  const start = task('start', () => ['a', 'b', 'c']);
  const transform = group('transform', { tooltip: 'Clean and enrich the items' }, () => {
    const clean = task('clean', { inputs: { items: start } }, ({ items }) => items.length);
    const enrich = task('enrich', { expand: { item: start } }, ({ item }, { log }) => {
      log.info('enriching ' + item);
      return item.toUpperCase();
    });
    return { clean, enrich };
  });
  const check = task('check', { inputs: { n: transform.result.clean } }, ({ n }, { log }) => {
    const flag = join(process.env.UPDRAFT_HOME ?? '.', '${FLAG}');
    log.info('\\u001b[32mchecking\\u001b[0m ' + n + ' items');
    if (!existsSync(flag)) {
      log.error('flag file missing: ' + flag);
      throw new Error('the flag file is missing');
    }
    return n;
  });
  task('publish', { inputs: { n: check } }, ({ n }, { log }) => log.info('published ' + n));
});
`;

const WIDE_TASKS = Array.from({ length: 50 }, (_, i) => `step_${String(i).padStart(2, '0')}`);
const WIDE_SOURCE = `import { chain, dag, task } from 'updraft';
export default dag('${WIDE}', { schedule: null, isPausedUponCreation: true, description: '50 tasks, a year of daily runs' }, () => {
  chain(${WIDE_TASKS.map((t) => `task('${t}', () => 1)`).join(', ')});
});
`;

const VIEWER = { username: 'vic', password: 'viewer-dag-page-password' };

const cell = (page: Page, taskId: string, runId: string) => page.locator(`[data-testid="grid"] [role="gridcell"][data-task="${taskId}"][data-run="${runId}"]`);

/** Polls `check` (in this process, through locators) until it holds. */
async function until(what: string, check: () => Promise<boolean>, timeout = 60_000): Promise<void> {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
}

function waitForState(page: Page, taskId: string, runId: string, state: string, timeout = 60_000): Promise<void> {
  return until(`${taskId} of ${runId} to be ${state} in the grid`, async () => (await cell(page, taskId, runId).getAttribute('data-state', { timeout: 500 })) === state, timeout);
}

describe('web UI: the DAG page', () => {
  let s: Standalone;
  let browser: Browser;
  let client: UpdraftClient;

  before(async () => {
    [s, browser] = await Promise.all([startStandalone({ dagFiles: { 'pipeline.ts': PIPELINE, 'wide.ts': WIDE_SOURCE } }), launchBrowser()]);
    client = await adminClient(s);
    await createUser(s, { ...VIEWER, role: 'Viewer', email: 'vic@example.com' });
    await waitForDagCount(client, 2, 300);
  });
  after(async () => {
    await browser?.close();
    await s?.stop();
  });

  it('trigger, watch the grid go green and red live, read the failed log, clear it with downstream, watch the rerun succeed', async () => {
    const ui = await openPage(browser, s.url);
    const { page } = ui;
    try {
      await login(page, 'admin', s.adminPassword, `/dags/${DAG}`);
      const header = page.getByTestId('dag-header');
      await header.waitFor();
      assert.match(await header.innerText(), /ui_pipeline[\s\S]*fails until its flag file exists/);
      assert.match(await page.getByTestId('dag-schedule').innerText(), /manual only|never|none/i);
      await page.getByText('No runs yet').waitFor();

      // Trigger from the header: the dialog, then the grid with the new run selected.
      await page.getByTestId(`trigger-${DAG}`).click();
      await page.getByText('Run id, logical date and note').click();
      await page.getByTestId('trigger-run-id').fill('ui_run_1');
      await page.getByTestId('trigger-submit').click();
      await page.waitForURL(/\/dags\/ui_pipeline\/grid\?run=ui_run_1$/);
      await page.getByTestId('run-summary').waitFor();

      // Live: the cells turn green, then the check red and publish orange, without a reload.
      await waitForState(page, 'start', 'ui_run_1', 'success');
      await waitForState(page, 'check', 'ui_run_1', 'failed');
      await waitForState(page, 'publish', 'ui_run_1', 'upstream_failed');
      await waitForState(page, 'transform.enrich', 'ui_run_1', 'success');
      const rows = await page.locator('[data-testid="grid"] [role="row"][data-row]').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-row')));
      assert.deepEqual(rows, ['start', 'transform', 'transform.clean', 'transform.enrich', 'check', 'publish'], 'the group row sits above its tasks');
      assert.match((await cell(page, 'transform.enrich', 'ui_run_1').getAttribute('aria-label')) ?? '', /3 mapped/, 'the mapped task is one cell for its three instances');
      assert.equal(await cell(page, 'transform', 'ui_run_1').getAttribute('data-state'), 'success', 'the group cell folds its tasks');

      // The hover card of the mapped cell counts its instances per state.
      await cell(page, 'transform.enrich', 'ui_run_1').hover();
      const tip = page.getByTestId('grid-tooltip');
      await tip.waitFor();
      assert.match(await tip.innerText(), /3 instances[\s\S]*3 success/i);

      // The failed task's panel: its state, its log with the error line, ANSI colours, search.
      await cell(page, 'check', 'ui_run_1').click();
      await page.waitForURL(/\/dags\/ui_pipeline\/runs\/ui_run_1\/tasks\/check$/);
      const panel = page.getByTestId('ti-panel');
      await panel.waitFor();
      assert.match(await panel.getByTestId('ti-state').innerText(), /Failed/);
      const log = panel.getByTestId('log-box');
      await log.getByText('flag file missing').waitFor();
      assert.match(await log.innerText(), /ERROR\s+flag file missing/);
      assert.equal(await log.locator('.ansi-fg-2', { hasText: 'checking' }).count(), 1, 'ANSI green is a coloured span');
      assert.doesNotMatch(await log.innerText(), /\u001b|\[32m/, 'no raw escape codes');
      await panel.getByTestId('log-search').fill('flag file');
      await panel.getByTestId('log-match-count').waitFor();
      const matches = await panel.getByTestId('log-match-count').innerText();
      assert.match(matches, /^1 of \d+$/);
      assert.ok((await log.locator('mark').count()) >= 1, 'matches are highlighted');
      await panel.getByTestId('log-next').click();
      if (!matches.endsWith(' 1')) assert.match(await panel.getByTestId('log-match-count').innerText(), /^2 of/);
      assert.ok((await log.locator('.log-current').count()) === 1);

      // The whole log as a file.
      const [download] = await Promise.all([page.waitForEvent('download'), panel.getByTestId('log-download').click()]);
      assert.match(download.suggestedFilename(), /^ui_pipeline__ui_run_1__check__attempt-1\.log$/);
      const saved = await download.path();
      assert.match(readFileSync(saved, 'utf8'), /ERROR\s+flag file missing/);

      // Fix the cause, then clear with downstream: the preview lists exactly check and publish.
      writeFileSync(join(s.home, FLAG), 'ready');
      await panel.getByTestId('ti-clear').click();
      const dialog = page.getByTestId('clear-dialog');
      await dialog.getByTestId('preview-list').waitFor();
      assert.equal(await dialog.getByTestId('clear-downstream').isChecked(), true);
      assert.deepEqual((await dialog.locator('[data-testid="preview-list"] li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-task')))).sort(), ['check', 'publish']);
      await dialog.getByTestId('clear-downstream').uncheck();
      await until('the preview without downstream', async () => (await dialog.locator('[data-testid="preview-list"] li').count()) === 1);
      await dialog.getByTestId('clear-downstream').check();
      await until('the preview with downstream', async () => (await dialog.locator('[data-testid="preview-list"] li').count()) === 2);
      await dialog.getByTestId('confirm-action').click();
      await dialog.waitFor({ state: 'hidden' });

      // The rerun: a second try appears and succeeds; the grid turns green.
      await panel.getByTestId('try-tab-2').waitFor({ timeout: 60_000 });
      await waitForState(page, 'check', 'ui_run_1', 'success');
      await waitForState(page, 'publish', 'ui_run_1', 'success');
      await until('the panel to show success', async () => /Success/.test(await panel.getByTestId('ti-state').innerText()), 30_000);
      assert.equal(await panel.getByTestId('try-tab-2').getAttribute('aria-selected'), 'true', 'the newest try is shown');
      await panel.getByTestId('try-tab-1').click();
      await log.getByText('flag file missing').waitFor();
      await panel.getByTestId('try-tab-2').click();
      await until('the second try\'s log', async () => /published|checking/.test(await log.innerText()) && !/flag file missing/.test(await log.innerText()));
      assert.deepEqual(ui.pageErrors, []);
    } finally {
      await ui.finish('dag-page-clear-rerun');
    }
  });

  it('the run summary, group folding, keyboard moves, XComs, Details and Runs tabs', async () => {
    const ui = await openPage(browser, s.url);
    const { page } = ui;
    try {
      const run = await client.dagRuns.trigger(DAG, { dag_run_id: 'ui_run_2', conf: { source: 'e2e' }, note: 'second run' });
      for await (const line of client.dagRuns.wait(DAG, run.dag_run_id, { intervalSec: 0.2 })) void line;
      await login(page, 'admin', s.adminPassword, `/dags/${DAG}/grid`);
      await waitForState(page, 'publish', 'ui_run_2', 'success');

      // The newest run is the rightmost column; its bar opens the run summary.
      const bars = await page.locator('[data-testid="grid"] .grid-run').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-run')));
      assert.deepEqual(bars.slice(-2), ['ui_run_1', 'ui_run_2']);
      await page.locator('[data-testid="grid"] .grid-run[data-run="ui_run_2"]').click();
      await page.waitForURL(/\?run=ui_run_2$/);
      const summary = page.getByTestId('run-summary');
      await summary.waitFor();
      // The panel opens before its data arrives ("Loading…"): wait for the run's note.
      await until('the run summary to load', async () => /second run/.test(await summary.innerText()), 30_000);
      assert.match(await summary.innerText(), /second run/);
      assert.match(await summary.getByTestId('run-conf').innerText(), /"source": "e2e"/);
      await page.keyboard.press('Escape');
      await page.waitForURL(/\/dags\/ui_pipeline\/grid$/);
      await summary.waitFor({ state: 'detached' });

      // Fold the group: its tasks leave the grid; expand all brings them back.
      await page.getByTestId('group-transform').click();
      await page.locator('[data-row="transform.clean"]').waitFor({ state: 'detached' });
      assert.equal(await page.getByTestId('group-transform').getAttribute('aria-expanded'), 'false');
      await page.getByTestId('expand-all').click();
      await page.locator('[data-row="transform.clean"]').waitFor();

      // Keyboard: from a selected cell, arrows move between tasks and runs.
      await cell(page, 'check', 'ui_run_2').click();
      await page.waitForURL(/runs\/ui_run_2\/tasks\/check$/);
      await page.getByTestId('grid').focus();
      await page.keyboard.press('ArrowDown');
      await page.waitForURL(/runs\/ui_run_2\/tasks\/publish$/);
      await page.keyboard.press('ArrowLeft');
      await page.waitForURL(/runs\/ui_run_1\/tasks\/publish$/);
      await page.keyboard.press('ArrowUp');
      await page.waitForURL(/runs\/ui_run_1\/tasks\/check$/);

      // Mark failed previews exactly what would change (with upstream: more), and changes nothing on Cancel.
      await page.getByTestId('ti-mark-failed').click();
      const mark = page.getByTestId('mark-dialog');
      await mark.getByTestId('preview-list').waitFor();
      assert.deepEqual(await mark.locator('[data-testid="preview-list"] li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-task'))), ['check']);
      await mark.getByTestId('mark-downstream').check();
      await until('the preview with downstream', async () => (await mark.locator('[data-testid="preview-list"] li').count()) === 2);
      await mark.getByRole('button', { name: 'Cancel' }).click();
      await mark.waitFor({ state: 'hidden' });
      assert.equal(await page.getByTestId('ti-state').innerText(), 'Success');

      // The check's XCom: its return value, pretty-printed.
      await page.getByTestId('section-xcom').click();
      await page.getByTestId('xcom-value-return_value').waitFor();
      assert.equal((await page.getByTestId('xcom-value-return_value').innerText()).trim(), '3', 'the clean task counted three items');

      // A mapped instance from the mapped task's panel.
      await cell(page, 'transform.enrich', 'ui_run_2').click();
      await page.getByTestId('mapped-instances').waitFor();
      assert.match(await page.getByTestId('mapped-instances').innerText(), /3 mapped instances/);
      await page.locator('[data-testid="mapped-instances"] [data-map-index="2"]').click();
      await page.waitForURL(/tasks\/transform\.enrich\?map_index=2$/);
      await page.getByTestId('log-box').getByText('enriching c').waitFor();

      // Details: every field, the params; Runs: both runs, linking back to the grid.
      await page.getByTestId('tab-details').click();
      const details = page.getByTestId('details-tab');
      await details.waitFor();
      assert.match(await details.locator('[data-field="dag_id"]').innerText(), /ui_pipeline/);
      assert.match(await details.locator('[data-field="owners"]').innerText(), /data-eng/);
      await page.getByTestId('tab-runs').click();
      await page.locator('tr[data-key="ui_run_2"]').waitFor();
      assert.equal(await page.locator('[data-testid="dag-runs-table"] tbody tr[data-key]').count(), 2);
      await page.getByTestId('runs-state-failed').click();
      await page.waitForURL(/state=failed/);
      await page.getByText('No runs match these filters').waitFor();
      await page.getByTestId('runs-state-failed').click();
      await page.locator('tr[data-key="ui_run_1"] a').click();
      await page.waitForURL(/\/dags\/ui_pipeline\/grid\?run=ui_run_1$/);
      await page.getByTestId('run-summary').waitFor();
      assert.deepEqual(ui.pageErrors, []);
    } finally {
      await ui.finish('dag-page-run-summary-tabs');
    }
  });

  it('a Viewer sees Clear and Mark disabled, with the reason', async () => {
    const ui = await openPage(browser, s.url, { colorScheme: 'dark' });
    const { page } = ui;
    try {
      await login(page, VIEWER.username, VIEWER.password, `/dags/${DAG}/runs/ui_run_1/tasks/check`);
      const panel = page.getByTestId('ti-panel');
      await panel.getByTestId('ti-state').waitFor({ timeout: 30_000 });
      for (const id of ['ti-clear', 'ti-mark-success', 'ti-mark-failed']) assert.equal(await panel.getByTestId(id).isDisabled(), true, id);
      assert.match(await panel.getByTestId('action-reason').innerText(), /Viewer, cannot edit task instances: that needs User or above/);
      assert.match((await panel.getByTestId('ti-clear').getAttribute('aria-description')) ?? '', /cannot edit task instances/);
      assert.equal(await page.getByTestId(`pause-toggle-${DAG}`).isDisabled(), true);
      assert.equal(await page.getByTestId(`trigger-${DAG}`).isDisabled(), true);
      await page.goto(`/dags/${DAG}/grid?run=ui_run_1`);
      const summary = page.getByTestId('run-summary');
      await summary.getByTestId('clear-run').waitFor();
      assert.equal(await summary.getByTestId('clear-run').isDisabled(), true);
      assert.match(await summary.getByTestId('action-reason').innerText(), /cannot edit DAG runs/);
      assert.deepEqual(ui.pageErrors, []);
    } finally {
      await ui.finish('dag-page-viewer');
    }
  });

  it('benchmark: 365 runs × 50 tasks, from the data arriving to the grid painted (printed)', async () => {
    const store = await openStore({ home: s.home });
    try {
      const version = await store.dags.latestVersion(WIDE);
      assert.ok(version, 'the wide DAG was parsed');
      const seeded = await seedGridHistory(store, WIDE, version.id, WIDE_TASKS, 365);
      assert.equal(seeded.instances, 365 * 50);
    } finally {
      await store.close();
    }
    const ui = await openPage(browser, s.url, { viewport: { width: 1600, height: 1000 } });
    const { page } = ui;
    try {
      await login(page, 'admin', s.adminPassword, `/dags/${WIDE}/grid?limit=365`);
      const times: number[] = [];
      for (let i = 0; i < 3; i++) {
        if (i > 0) await page.reload();
        await page.waitForSelector('[data-testid="grid"][data-render-ms]', { timeout: 30_000 });
        times.push(Number(await page.getByTestId('grid').getAttribute('data-render-ms')));
      }
      assert.equal(await page.locator('[data-testid="grid"] .grid-run').last().getAttribute('data-run'), 'scheduled__2024-12-30T00:00:00.000Z', 'the newest run at the right');
      assert.ok((await page.locator('[data-testid="grid"] [role="gridcell"]').count()) > 500, 'the cells in view are drawn');
      assert.match(await page.locator('.grid-paging').innerText(), /365 runs/);
      // Opening a task instance keeps the grid as it was (365 runs), the panel beside it.
      await cell(page, 'step_25', 'scheduled__2024-12-30T00:00:00.000Z').click();
      await page.waitForURL(/\/runs\/scheduled__2024-12-30T00%3A00%3A00\.000Z\/tasks\/step_25\?limit=365$/);
      await page.getByTestId('ti-panel').getByTestId('ti-state').waitFor();
      assert.match(await page.locator('.grid-paging').innerText(), /365 runs/);
      await until('the selected cell to stay in view beside the panel', async () => {
        const [grid, selected] = await Promise.all([page.getByTestId('grid').boundingBox(), cell(page, 'step_25', 'scheduled__2024-12-30T00:00:00.000Z').boundingBox()]);
        return grid !== null && selected !== null && selected.x + selected.width <= grid.x + grid.width && selected.x >= grid.x;
      }, 5000);
      const median = [...times].sort((a, b) => a - b)[1] as number;
      console.log(JSON.stringify({ bench: 'ui_grid_365x50', ms: Math.round(median), runs: 365, tasks: 50, samples: times.map(Math.round) }));
      assert.deepEqual(ui.pageErrors, []);
    } finally {
      await ui.finish('dag-page-grid-365x50');
    }
  });

  it('a DAG whose file stops loading says so above its tabs, with a link to the error', async () => {
    writeFileSync(join(s.home, 'dags', 'wide.ts'), `${WIDE_SOURCE}\nconst broken = ;\n`);
    const ui = await openPage(browser, s.url);
    const { page } = ui;
    try {
      await login(page, 'admin', s.adminPassword, `/dags/${WIDE}/details`);
      const warning = page.getByTestId('dag-import-error');
      await warning.waitFor({ timeout: 60_000 });
      assert.match(await warning.innerText(), /wide\.ts failed to load/);
      await page.getByTestId('details-tab').waitFor();
      assert.equal(await warning.getByRole('link', { name: /see the error/i }).getAttribute('href'), '/import-errors');
      assert.deepEqual(ui.pageErrors, []);
    } finally {
      await ui.finish('dag-page-import-error');
    }
  });
});
