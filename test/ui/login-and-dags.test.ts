/**
 * The web UI in a real headless Chromium against the built `updraft standalone`:
 * signing in (a wrong password refused), the DAG list (schedule in words, the
 * import-error banner and its page, the tag filter in the URL surviving a
 * reload), unpausing with the switch, a Viewer's switch disabled with the
 * reason, signing out, and a garbage or forged token leading back to the login
 * page with "Your session expired", then back to the same URL.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { UpdraftClient } from '../../src/client/index.js';
import { startStandalone, type Standalone } from '../support/standalone-process.js';
import { launchBrowser, login, openPage } from './support/browser.js';
import { adminClient, createUser } from './support/standalone-setup.js';

const DAG_FILES = {
  'sales_daily.ts': `import { dag, task } from 'updraft';
export default dag('sales_daily', {
  schedule: '0 2 * * *', timezone: 'Europe/Paris', startDate: '2025-01-01',
  tags: ['sales', 'daily'], defaultArgs: { owner: 'data-eng' }, description: 'Roll up yesterday’s sales into the warehouse',
  isPausedUponCreation: true,
}, () => { task('rollup', async () => 1); });
`,
  'ops_hourly.ts': `import { dag, task } from 'updraft';
export default dag('ops_hourly', { schedule: '@hourly', startDate: '2025-01-01', tags: ['ops'], defaultArgs: { owner: 'sre' }, isPausedUponCreation: true }, () => {
  task('check', async () => 'ok');
});
`,
  'adhoc_report.ts': `import { dag, task } from 'updraft';
export default dag('adhoc_report', { schedule: null, tags: ['reports'], isPausedUponCreation: true }, () => {
  task('report', async () => 'done');
});
`,
  'quick_etl.ts': `import { dag, task, z } from 'updraft';
export default dag('quick_etl', {
  schedule: null, tags: ['etl'], defaultArgs: { owner: 'data-eng' }, isPausedUponCreation: false,
  description: 'Extract, transform, load; fails on demand',
  params: z.object({ fail: z.boolean().default(false) }),
}, ({ params }) => {
  const extract = task('extract', { inputs: { p: params } }, ({ p }) => { if (p.fail) throw new Error('asked to fail'); return 3; });
  task('load', { inputs: { n: extract } }, ({ n }) => n * 2);
});
`,
  'broken_pipeline.ts': `import { dag } from 'updraft';
export default dag('broken_pipeline', { schedule: null }, () => {
  const x = ;
});
`,
};

const VIEWER = { username: 'vera', password: 'viewer-e2e-password' };

describe('web UI: sign in, the DAG list, roles, session expiry', () => {
  let s: Standalone;
  let browser: Browser;
  let client: UpdraftClient;

  before(async () => {
    [s, browser] = await Promise.all([startStandalone({ dagFiles: DAG_FILES }), launchBrowser()]);
    client = await adminClient(s);
    await createUser(s, { ...VIEWER, role: 'Viewer', email: 'vera@example.com' });
    // The DAG processor's first pass: four DAGs and one import error.
    for (let i = 0; i < 200; i++) {
      const [dags, errors] = await Promise.all([client.dags.list(), client.monitor.importErrors()]);
      if (dags.total_entries === 4 && errors.total_entries === 1) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    // Some history for the recent-runs dots: two successes around a failure.
    for (const fail of [false, true, false]) {
      const run = await client.dagRuns.trigger('quick_etl', { conf: { fail } });
      for await (const line of client.dagRuns.wait('quick_etl', run.dag_run_id, { intervalSec: 0.1 })) void line;
    }
  });
  after(async () => {
    await browser?.close();
    await s?.stop();
  });

  it('a wrong password is refused with the reason; the right one opens the DAG list', async () => {
    const ui = await openPage(browser, s.url);
    const { page } = ui;
    try {
      await page.goto('/dags');
      await page.waitForURL(/\/login\?next=%2Fdags/);
      await page.getByLabel('Username').fill('admin');
      await page.getByLabel('Password').fill('not-the-password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      const error = page.getByTestId('login-error');
      await error.waitFor();
      assert.match(await error.innerText(), /password/i);
      assert.equal(await page.getByLabel('Password').inputValue(), '', 'the wrong password is cleared');

      await page.getByLabel('Password').fill(s.adminPassword);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(/\/dags$/);
      await page.locator('tr[data-key="sales_daily"]').waitFor();
      assert.equal(await page.getByTestId('user-role').innerText(), 'Admin');
      assert.deepEqual(await page.locator('[data-testid="dag-table"] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key'))), ['adhoc_report', 'ops_hourly', 'quick_etl', 'sales_daily']);
      const schedule = (id: string) => page.locator(`tr[data-key="${id}"] [data-testid="schedule"]`).innerText();
      assert.match(await schedule('sales_daily'), /every day at 02:00, Europe\/Paris/i);
      assert.match(await schedule('ops_hourly'), /every hour/i);
      assert.match(await schedule('adhoc_report'), /manual only/i);
      // quick_etl's runs, oldest to newest: success, failed, success; the last run is a success with a duration.
      const dots = page.locator('tr[data-key="quick_etl"] [data-testid="recent-runs"] .state-dot');
      assert.deepEqual(await dots.evaluateAll((ds) => ds.map((d) => d.getAttribute('data-state'))), ['success', 'failed', 'success']);
      assert.match(await page.locator('tr[data-key="quick_etl"] [data-testid="last-run"]').innerText(), /Success/);
      assert.deepEqual(ui.pageErrors, []);
    } finally {
      await ui.finish('login-and-dag-list');
    }
  });

  it('the import-error banner links to the import errors page with the file and its stack trace', async () => {
    const ui = await openPage(browser, s.url);
    const { page } = ui;
    try {
      await login(page, 'admin', s.adminPassword);
      const banner = page.getByTestId('import-error-banner');
      await banner.waitFor();
      assert.match(await banner.innerText(), /1 DAG file failed to load/);
      await banner.getByRole('link', { name: /import errors/i }).click();
      await page.waitForURL(/\/import-errors$/);
      const item = page.getByTestId('import-error');
      await item.waitFor();
      assert.match(await item.locator('.file').innerText(), /broken_pipeline\.ts/);
      assert.match(await item.locator('.stack').innerText(), /broken_pipeline|Unexpected|expected/i);
    } finally {
      await ui.finish('import-errors');
    }
  });

  it('the tag filter goes in the URL, survives a reload, and clears', async () => {
    const ui = await openPage(browser, s.url);
    const { page } = ui;
    const rows = () => page.locator('[data-testid="dag-table"] tbody tr[data-key]').evaluateAll((trs) => trs.map((r) => r.getAttribute('data-key')));
    try {
      await login(page, 'admin', s.adminPassword);
      await page.locator('tr[data-key="sales_daily"]').waitFor();
      await page.getByTestId('tag-filter').selectOption('sales');
      await page.waitForURL(/\/dags\?tags=sales$/);
      await page.locator('tr[data-key="ops_hourly"]').waitFor({ state: 'detached' });
      assert.deepEqual(await rows(), ['sales_daily']);

      await page.reload();
      await page.locator('tr[data-key="sales_daily"]').waitFor();
      assert.deepEqual(await rows(), ['sales_daily'], 'the filter survives a reload');
      assert.match(await page.getByTestId('active-filters').innerText(), /sales/);

      // A tag chip in a row adds to the filter too; "Clear filters" empties it.
      await page.getByRole('button', { name: 'Clear filters' }).first().click();
      await page.waitForURL(/\/dags$/);
      await page.locator('tr[data-key="ops_hourly"]').waitFor();
      await page.locator('tr[data-key="ops_hourly"]').getByRole('button', { name: 'ops', exact: true }).click();
      await page.waitForURL(/tags=ops/);
      await page.locator('tr[data-key="sales_daily"]').waitFor({ state: 'detached' });
      assert.deepEqual(await rows(), ['ops_hourly']);

      // `/` focuses the search; typing narrows the list and goes in the URL.
      await page.getByRole('button', { name: 'Clear filters' }).first().click();
      await page.locator('tr[data-key="sales_daily"]').waitFor();
      await page.keyboard.press('/');
      await page.keyboard.type('adhoc');
      await page.waitForURL(/search=adhoc/);
      await page.locator('tr[data-key="sales_daily"]').waitFor({ state: 'detached' });
      assert.deepEqual(await rows(), ['adhoc_report']);

      // The owner filter, from the owner picker.
      await page.getByRole('button', { name: 'Clear filters' }).first().click();
      await page.locator('tr[data-key="sales_daily"]').waitFor();
      await page.getByTestId('owner-filter').selectOption('sre');
      await page.waitForURL(/owners=sre/);
      await page.locator('tr[data-key="sales_daily"]').waitFor({ state: 'detached' });
      assert.deepEqual(await rows(), ['ops_hourly']);
    } finally {
      await ui.finish('tag-filter');
    }
  });

  it('an Admin unpauses a DAG with its switch', async () => {
    const ui = await openPage(browser, s.url);
    const { page } = ui;
    try {
      await login(page, 'admin', s.adminPassword);
      const toggle = page.getByTestId('pause-toggle-sales_daily');
      await toggle.waitFor();
      assert.equal(await toggle.isChecked(), false, 'paused upon creation');
      await toggle.check();
      await page.getByTestId('toast-success').waitFor();
      assert.match(await page.getByTestId('toast-success').innerText(), /Unpaused sales_daily/);
      assert.equal((await client.dags.get('sales_daily')).is_paused, false, 'the server has it unpaused');
      await page.getByTestId('filter-active').click();
      await page.waitForURL(/paused=false/);
      await page.locator('tr[data-key="ops_hourly"]').waitFor({ state: 'detached' });
      assert.match(await page.getByTestId('filter-active').innerText(), /Active\s*2/);
    } finally {
      await ui.finish('unpause');
    }
  });

  it('a Viewer sees the switch disabled, with the reason (in the dark theme the OS asks for)', async () => {
    const ui = await openPage(browser, s.url, { colorScheme: 'dark' });
    const { page } = ui;
    try {
      await login(page, VIEWER.username, VIEWER.password);
      assert.equal(await page.getByTestId('user-role').innerText(), 'Viewer');
      assert.equal(await page.getAttribute('html', 'data-theme'), 'dark', 'the theme follows the OS by default');
      // Admin pages are not offered to a Viewer; a deep link says why.
      await page.getByTestId('nav-browse').waitFor();
      assert.equal(await page.getByTestId('nav-admin').count(), 0);
      await page.goto('/variables');
      await page.getByText('You cannot see Variables').waitFor();
      assert.match(await page.getByTestId('empty-state').innerText(), /Viewer, cannot read variables: that needs Op or above/);

      await page.getByRole('link', { name: 'DAGs', exact: true }).click();
      const toggle = page.getByTestId('pause-toggle-quick_etl');
      await toggle.waitFor();
      assert.equal(await toggle.isDisabled(), true);
      assert.equal(await toggle.isChecked(), true, 'the switch still shows the state');
      const reason = await page.locator('tr[data-key="quick_etl"] label.switch').getAttribute('title');
      assert.match(reason ?? '', /Your role, Viewer, cannot edit DAGs: that needs User or above/);
    } finally {
      await ui.finish('viewer-disabled-toggle');
    }
  });

  it('signing out forgets the token and leads to the login page', async () => {
    const ui = await openPage(browser, s.url);
    const { page } = ui;
    try {
      await login(page, 'admin', s.adminPassword);
      // The theme toggle: light (the OS) -> explicitly light -> dark, remembered across a reload.
      assert.equal(await page.getAttribute('html', 'data-theme'), 'light');
      await page.getByTestId('theme-toggle').click();
      await page.getByTestId('theme-toggle').click();
      assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
      await page.reload();
      await page.getByTestId('user-menu').waitFor();
      assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
      await page.getByTestId('user-menu').click();
      await page.getByTestId('sign-out').click();
      await page.waitForURL(/\/login/);
      assert.match(await page.getByTestId('login-notice').innerText(), /signed out/i);
      assert.equal(await page.evaluate("sessionStorage.getItem('updraft.token')"), null);
      await page.goto('/dags');
      await page.waitForURL(/\/login\?next=%2Fdags/);
    } finally {
      await ui.finish('sign-out');
    }
  });

  it('a garbage or forged token leads to "Your session expired", then back to the same URL', async () => {
    const ui = await openPage(browser, s.url);
    const { page } = ui;
    const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
    const claims = Buffer.from(JSON.stringify({ sub: 'admin', roles: ['Admin'], exp: Math.floor(Date.now() / 1000) + 3600 })).toString('base64url');
    const forged = `${header}.${claims}.${Buffer.from('not the signature').toString('base64url')}`;
    try {
      for (const token of ['garbage', forged]) {
        await page.goto('/login');
        await page.evaluate(`sessionStorage.setItem('updraft.token', ${JSON.stringify(token)})`);
        await page.goto('/dags?tags=ops');
        await page.waitForURL(/\/login\?.*reason=expired/);
        assert.match(await page.getByTestId('login-notice').innerText(), /Your session expired, sign in again/);
        assert.match(new URL(page.url()).searchParams.get('next') ?? '', /^\/dags\?tags=ops$/);
      }
      await page.getByLabel('Username').fill('admin');
      await page.getByLabel('Password').fill(s.adminPassword);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(/\/dags\?tags=ops$/);
      await page.locator('tr[data-key="ops_hourly"]').waitFor();
    } finally {
      await ui.finish('session-expired');
    }
  });
});
