/**
 * Triggering, runs, backfills and the audit log in a real headless Chromium
 * against the built `updraft standalone`: the params form (inline messages as
 * you type, submit disabled, the server's refusal shown under its field, a
 * toast linking to the run that then succeeds), the raw JSON conf round-trip,
 * the runs page's filters in the URL, a 3-day backfill from its dry-run preview
 * to 3/3 done, the audit log's entries by admin, and a Viewer who cannot trigger.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { UpdraftClient } from '../../src/client/index.js';
import type { DagRun } from '../../src/client/index.js';
import { startStandalone, type Standalone } from '../support/standalone-process.js';
import { launchBrowser, login, openPage } from './support/browser.js';
import { adminClient, createUser, waitForDagCount } from './support/standalone-setup.js';

const DAG_FILES = {
  'order_report.ts': `import { dag, task, z } from 'updraft';
export default dag('order_report', {
  schedule: null, isPausedUponCreation: true, tags: ['reports'],
  description: 'Orders per region, on demand',
  params: z.object({
    region: z.string().min(3).default('emea').describe('Sales region code'),
    batch_size: z.number().int().min(1).max(100).default(10),
    mode: z.enum(['full', 'delta']).default('delta'),
    dry_run: z.boolean().default(false),
    callback_url: z.url().optional().describe('Called when the report is ready'),
  }),
}, ({ params }) => {
  task('report', { inputs: { p: params } }, ({ p }) => p.region + ':' + p.batch_size + ':' + p.mode);
});
`,
  'daily_sales.ts': `import { dag, task } from 'updraft';
export default dag('daily_sales', { schedule: '@daily', startDate: '2025-01-01', catchup: false, isPausedUponCreation: false }, () => {
  task('sum', async () => 42);
});
`,
};

const VIEWER = { username: 'vic', password: 'viewer-runs-password' };

/** The run the server has, once it has ended (through the client's wait stream). */
async function waitForRun(client: UpdraftClient, dagId: string, runId: string): Promise<DagRun> {
  for await (const line of client.dagRuns.wait(dagId, runId, { intervalSec: 0.2 })) void line;
  return client.dagRuns.get(dagId, runId);
}

async function openTrigger(page: Page, dagId: string): Promise<void> {
  await page.getByTestId(`trigger-${dagId}`).click();
  await page.getByTestId('trigger-form').waitFor();
}

describe('web UI: trigger with params, runs, backfills, audit log', () => {
  let s: Standalone;
  let browser: Browser;
  let client: UpdraftClient;

  before(async () => {
    [s, browser] = await Promise.all([startStandalone({ dagFiles: DAG_FILES }), launchBrowser()]);
    client = await adminClient(s);
    await createUser(s, { ...VIEWER, role: 'Viewer', email: 'vic@example.com' });
    await waitForDagCount(client, 2);
  });
  after(async () => {
    await browser?.close();
    await s?.stop();
  });

  it('the params form: inline messages as you type, the server’s refusal under its field, then a toast and a successful run', async () => {
    const ui = await openPage(browser, s.url);
    const { page } = ui;
    try {
      await login(page, 'admin', s.adminPassword);
      await openTrigger(page, 'order_report');
      const submit = page.getByTestId('trigger-submit');
      // Defaults filled; the DAG is paused, so the dialog offers to unpause it.
      assert.equal(await page.getByTestId('param-region').inputValue(), 'emea');
      assert.equal(await page.getByTestId('param-batch_size').inputValue(), '10');
      assert.equal(await page.getByTestId('param-mode').inputValue(), '"delta"');
      assert.equal(await page.getByTestId('param-dry_run').isChecked(), false);
      assert.match(await page.getByTestId('trigger-paused').innerText(), /order_report is paused/);
      assert.equal(await page.getByTestId('trigger-unpause').isChecked(), true);
      assert.match(await submit.innerText(), /Unpause and trigger/);
      assert.equal(await submit.isEnabled(), true);

      // A string below its minLength: the message appears as you type and submit is disabled.
      await page.getByTestId('param-region').fill('ab');
      assert.match(await page.getByTestId('param-error-region').innerText(), /Too short: at least 3 characters \(2 now\)/);
      assert.equal(await submit.isDisabled(), true);
      assert.match(await page.getByTestId('trigger-status').innerText(), /Fix region/);
      await page.getByTestId('param-region').fill('apac');
      await page.getByTestId('param-error-region').waitFor({ state: 'detached' });
      // An integer above its maximum, then not a number.
      await page.getByTestId('param-batch_size').fill('500');
      assert.match(await page.getByTestId('param-error-batch_size').innerText(), /Too large: must be at most 100/);
      assert.equal(await submit.isDisabled(), true);
      await page.getByTestId('param-batch_size').fill('2.5');
      assert.match(await page.getByTestId('param-error-batch_size').innerText(), /whole number/);
      await page.getByTestId('param-batch_size').fill('25');
      await page.getByTestId('param-error-batch_size').waitFor({ state: 'detached' });
      await page.getByTestId('param-mode').selectOption('"full"');
      await page.getByTestId('param-dry_run').check();

      // A URL only the server checks: it refuses, and says why under the field; nothing is triggered.
      await page.getByTestId('param-callback_url').fill('not a url');
      assert.equal(await submit.isEnabled(), true, 'the browser does not check formats');
      await submit.click();
      const serverError = page.getByTestId('param-error-callback_url');
      await serverError.waitFor();
      assert.match(await serverError.innerText(), /Invalid URL/);
      assert.equal((await client.dagRuns.list('order_report')).total_entries, 0, 'the refused trigger created no run');
      // Editing the field clears the server's message.
      await page.getByTestId('param-callback_url').fill('https://example.com/ready');
      await serverError.waitFor({ state: 'detached' });

      await page.getByText('Run id, logical date and note').click();
      await page.getByTestId('trigger-note').fill('weekly check');
      await submit.click();
      const toast = page.getByTestId('toast-success');
      await toast.waitFor();
      assert.match(await toast.innerText(), /Triggered order_report \(and unpaused it\)/);
      await page.getByTestId('trigger-dialog').waitFor({ state: 'hidden' });
      assert.equal((await client.dags.get('order_report')).is_paused, false);

      const [created] = (await client.dagRuns.list('order_report')).dag_runs;
      assert.ok(created);
      assert.deepEqual(created.conf, { region: 'apac', batch_size: 25, mode: 'full', dry_run: true, callback_url: 'https://example.com/ready' });
      assert.equal(created.note, 'weekly check');
      assert.equal((await waitForRun(client, 'order_report', created.dag_run_id)).state, 'success');
      // The toast links to the run.
      const href = await page.getByTestId('toast-link').getAttribute('href');
      assert.equal(href, `/dags/order_report/runs/${encodeURIComponent(created.dag_run_id)}`);
      assert.deepEqual(ui.pageErrors, []);
    } finally {
      await ui.finish('trigger-params-form');
    }
  });

  it('raw JSON conf round-trips with the form, is checked as you type, and triggers', async () => {
    const ui = await openPage(browser, s.url, { colorScheme: 'dark' });
    const { page } = ui;
    try {
      await login(page, 'admin', s.adminPassword);
      await openTrigger(page, 'order_report');
      await page.getByTestId('param-region').fill('latam');
      await page.getByTestId('mode-json').click();
      const json = page.getByTestId('conf-json');
      assert.deepEqual(JSON.parse(await json.inputValue()), { region: 'latam', batch_size: 10, mode: 'delta', dry_run: false });

      await json.fill('{"region": "latam", "batch_size": 0, "mode": "delta", "dry_run": false, "extra_key": 1}');
      assert.match(await page.getByTestId('conf-errors').innerText(), /batch_size: Too small: must be at least 1/);
      assert.equal(await page.getByTestId('trigger-submit').isDisabled(), true);
      await json.fill('{"region": "latam", "batch_size": ');
      assert.match(await page.getByTestId('conf-errors').innerText(), /Invalid JSON/);
      // The form will not take broken JSON back.
      await page.getByTestId('mode-form').click();
      assert.match(await page.getByTestId('switch-error').innerText(), /Invalid JSON.*Fix it to go back to the form/);

      await json.fill('{"region": "latam", "batch_size": 7, "mode": "full", "dry_run": true, "extra_key": 1}');
      await page.getByTestId('mode-form').click();
      assert.equal(await page.getByTestId('param-batch_size').inputValue(), '7');
      assert.equal(await page.getByTestId('param-mode').inputValue(), '"full"');
      assert.equal(await page.getByTestId('param-dry_run').isChecked(), true);
      assert.match(await page.getByTestId('conf-extras').innerText(), /extra_key/);
      await page.getByTestId('mode-json').click();
      assert.deepEqual(JSON.parse(await json.inputValue()), { extra_key: 1, region: 'latam', batch_size: 7, mode: 'full', dry_run: true });

      await page.getByTestId('trigger-submit').click();
      await page.getByTestId('toast-success').waitFor();
      const runs = await client.dagRuns.list('order_report', { order_by: '-run_after' });
      const latest = runs.dag_runs[0];
      assert.ok(latest);
      assert.deepEqual(latest.conf, { extra_key: 1, region: 'latam', batch_size: 7, mode: 'full', dry_run: true });
      assert.equal((await waitForRun(client, 'order_report', latest.dag_run_id)).state, 'success');
      assert.deepEqual(ui.pageErrors, []);
    } finally {
      await ui.finish('trigger-raw-json');
    }
  });

  it('the runs page filters by state and DAG in the URL, and a reload keeps them', async () => {
    // A failure to filter out: a run of order_report marked failed.
    const extra = await client.dagRuns.trigger('order_report', { conf: {}, dag_run_id: 'to_fail' });
    await waitForRun(client, 'order_report', extra.dag_run_id);
    await client.dagRuns.patch('order_report', 'to_fail', { state: 'failed' }, ['state']);
    const ui = await openPage(browser, s.url);
    const { page } = ui;
    const keys = () => page.locator('[data-testid="runs-table"] tbody tr[data-key]').evaluateAll((trs) => trs.map((r) => r.getAttribute('data-key')));
    try {
      await login(page, 'admin', s.adminPassword, '/runs');
      await page.locator('tr[data-key="order_report/to_fail"]').waitFor();
      const all = await keys();
      assert.ok(all.length >= 3, `every run is listed: ${all.join(', ')}`);

      await page.getByTestId('runs-state-success').click();
      await page.waitForURL(/\/runs\?state=success$/);
      await page.locator('tr[data-key="order_report/to_fail"]').waitFor({ state: 'detached' });
      const states = await page.locator('[data-testid="runs-table"] tbody tr[data-key] .state-badge').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-state')));
      assert.ok(states.length >= 2 && states.every((st) => st === 'success'), `only successes: ${states.join(', ')}`);

      await page.getByTestId('runs-dag-filter').fill('order_report');
      await page.waitForURL(/dag_id=order_report/);
      await page.reload();
      await page.locator('[data-testid="runs-table"] tbody tr[data-key]').first().waitFor();
      assert.match(page.url(), /state=success/);
      assert.equal(await page.getByTestId('runs-dag-filter').inputValue(), 'order_report');
      assert.equal(await page.getByTestId('runs-state-success').getAttribute('aria-pressed'), 'true');
      const filtered = await keys();
      assert.ok(filtered.length === 2 && filtered.every((k) => k?.startsWith('order_report/')), `order_report's successes: ${filtered.join(', ')}`);
      assert.equal(await page.getByTestId('run-count').innerText(), '2');
      // A run id links to the DAG's grid with the run selected.
      const link = await page.locator('[data-testid="runs-table"] tbody tr[data-key] a.run-id').first().getAttribute('href');
      assert.match(link ?? '', /^\/dags\/order_report\/grid\?run=/);
      assert.deepEqual(ui.pageErrors, []);
    } finally {
      await ui.finish('runs-filters');
    }
  });

  it('a 3-day backfill: the dry run lists the dates, then it completes with 3/3', async () => {
    const ui = await openPage(browser, s.url);
    const { page } = ui;
    try {
      await login(page, 'admin', s.adminPassword, '/runs?dag_id=daily_sales');
      await page.getByTestId('backfill-open').click();
      await page.waitForURL(/backfill=new/);
      await page.getByTestId('backfill-form').waitFor();
      assert.equal(await page.getByTestId('backfill-dag').inputValue(), 'daily_sales', 'the DAG of the filter');
      await page.getByTestId('backfill-from').fill('2025-01-01T00:00:00');
      await page.getByTestId('backfill-to').fill('2025-01-03T00:00:00');
      await page.getByTestId('backfill-reprocess-failed').check();
      const dates = page.getByTestId('backfill-preview-dates');
      await dates.waitFor();
      assert.equal(await page.getByTestId('backfill-preview-count').innerText(), '3 runs');
      const listed = await dates.locator('li').allInnerTexts();
      const expected = ['2025-01-01', '2025-01-02', '2025-01-03'].map((d) => new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' }).format(new Date(`${d}T00:00:00`)));
      assert.equal(listed.length, 3);
      for (const [i, text] of listed.entries()) assert.ok(text.includes(expected[i] as string), `${text} is ${expected[i]}`);

      await page.getByTestId('backfill-create').click();
      await page.getByTestId('backfill-view').waitFor();
      await page.waitForURL(/backfill=\d+/);
      await page.getByTestId('backfill-status').filter({ hasText: 'Completed' }).waitFor({ timeout: 60_000 });
      await page.getByTestId('backfill-done').filter({ hasText: '3/3' }).waitFor({ timeout: 20_000 });
      assert.match(await page.getByTestId('backfill-view').getByTestId('backfill-progress').innerText(), /3\/3 done · 3 success/);
      const runs = await client.dagRuns.list('daily_sales', { run_type: ['backfill'] });
      assert.deepEqual(runs.dag_runs.map((r) => r.state), ['success', 'success', 'success']);

      // Closed, the backfills section lists it, completed, with its progress.
      await page.getByRole('button', { name: 'Close', exact: true }).first().click();
      await page.waitForURL((url) => !url.search.includes('backfill='));
      const section = page.getByTestId('backfills-section');
      await section.waitFor();
      assert.match(await section.innerText(), /Completed/);
      await section.getByTestId('backfill-done').filter({ hasText: '3/3' }).waitFor();
      assert.deepEqual(ui.pageErrors, []);
    } finally {
      await ui.finish('backfill');
    }
  });

  it('the audit log shows the unpause and the triggers, by admin, filterable in the URL', async () => {
    const ui = await openPage(browser, s.url);
    const { page } = ui;
    const rowsOf = () =>
      page.locator('[data-testid="audit-table"] tbody tr[data-key]').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td: { textContent: string | null }) => (td.textContent ?? '').trim())));
    try {
      await login(page, 'admin', s.adminPassword, '/audit-log');
      await page.locator('[data-testid="audit-table"] tbody tr[data-key]').first().waitFor();
      await page.getByTestId('audit-dag-filter').fill('order_report');
      await page.waitForURL(/dag_id=order_report/);
      await page.getByTestId('audit-include-input').fill('unpause');
      await page.getByTestId('audit-include-input').press('Enter');
      await page.getByTestId('audit-include-input').fill('trigger_dag_run');
      await page.getByTestId('audit-include-input').press('Enter');
      await page.waitForURL(/include=unpause&include=trigger_dag_run/);
      await page.getByTestId('audit-count').filter({ hasText: /^4$/ }).waitFor();
      const rows = await rowsOf();
      // Columns: when, event, owner, DAG, run, task, extra; newest first.
      assert.deepEqual(rows.map((r) => [r[1], r[2], r[3]]), [
        ['trigger_dag_run', 'admin', 'order_report'],
        ['trigger_dag_run', 'admin', 'order_report'],
        ['trigger_dag_run', 'admin', 'order_report'],
        ['unpause', 'admin', 'order_report'],
      ]);
      // The first trigger's conf, pretty and collapsible.
      const first = page.locator('[data-testid="audit-table"] tbody tr[data-key]').nth(2);
      await first.locator('.audit-extra-toggle').click();
      const pretty = await first.getByTestId('audit-extra-pretty').innerText();
      assert.match(pretty, /"region": "apac"/);
      await page.reload();
      await page.getByTestId('audit-count').filter({ hasText: /^4$/ }).waitFor();
      assert.deepEqual(ui.pageErrors, []);
    } finally {
      await ui.finish('audit-log');
    }
  });

  it('a Viewer cannot trigger: the button is disabled with the reason, on the DAG list and the DAG page', async () => {
    const ui = await openPage(browser, s.url);
    const { page } = ui;
    const because = /Your role, Viewer, cannot create DAG runs: that needs User or above/;
    try {
      await login(page, VIEWER.username, VIEWER.password);
      const button = page.getByTestId('trigger-order_report');
      await button.waitFor();
      assert.equal(await button.isDisabled(), true);
      assert.match((await button.getAttribute('title')) ?? '', because);
      assert.match((await button.getAttribute('aria-description')) ?? '', because);

      await page.goto('/dags/order_report');
      const header = page.getByTestId('trigger-order_report');
      await header.waitFor();
      assert.equal(await header.isDisabled(), true);
      assert.match((await header.getAttribute('title')) ?? '', because);
      // Nor can a Viewer start a backfill.
      await page.goto('/runs');
      await page.getByTestId('backfill-open').waitFor();
      assert.equal(await page.getByTestId('backfill-open').isDisabled(), true);
      assert.deepEqual(ui.pageErrors, []);
    } finally {
      await ui.finish('viewer-cannot-trigger');
    }
  });
});
