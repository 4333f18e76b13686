/**
 * The admin pages in a real headless Chromium against the built `updraft
 * standalone` (connection testing Enabled, the configuration exposed):
 * variables (create, JSON validated, a secret masked and kept when edited
 * without retyping it, delete, export and import), connections (a PostgreSQL
 * connection to the local server tested, edited without retyping the password
 * and tested again; the password never in the page; an HTTP service that checks
 * the password proves the saved one is used), pools (a usage bar filling while
 * a task holds a slot; default_pool undeletable), users (a Viewer created with
 * a password, then signing in and finding the admin pages closed with the
 * reason), config (secrets masked, sources), and the cluster page (a healthy
 * scheduler with a recent heartbeat, live).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { UpdraftClient } from '../../src/client/index.js';
import { updraft } from '../support/scheduler-harness.js';
import { startStandalone, type Standalone } from '../support/standalone-process.js';
import { launchBrowser, login, openPage } from './support/browser.js';
import { adminClient } from './support/standalone-setup.js';

const DAG_FILES = {
  'pool_hold.ts': `import { dag, task } from 'updraft';
export default dag('pool_hold', { schedule: null, isPausedUponCreation: false, description: 'Holds a warehouse slot for a few seconds' }, () => {
  task('hold', { pool: 'warehouse', poolSlots: 2 }, async () => { await new Promise((r) => setTimeout(r, 8000)); return 'done'; });
});
`,
};

const JWT_SECRET = 'ui-admin-jwt-secret-never-shown-0123456789';
const PG_PASSWORD = 'pg-secret-password-42';
const HTTP_LOGIN = 'svc';
const HTTP_PASSWORD = 'http-secret-password-17';
const VIEWER = { username: 'vic', email: 'vic@example.com', password: 'viewer-password-1' };

/** A service that answers 200 only to Basic auth with the one right password, and remembers what it was sent. */
function startAuthService(): Promise<{ server: Server; port: number; seen: string[] }> {
  const seen: string[] = [];
  const expected = `Basic ${Buffer.from(`${HTTP_LOGIN}:${HTTP_PASSWORD}`).toString('base64')}`;
  const server = createServer((req, res) => {
    const auth = req.headers.authorization ?? '';
    seen.push(auth);
    res.writeHead(auth === expected ? 200 : 401).end(auth === expected ? 'ok' : 'who are you?');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as AddressInfo).port, seen })));
}

async function rowKeys(page: Page, table: string): Promise<string[]> {
  return page.locator(`[data-testid="${table}"] tbody tr[data-key]`).evaluateAll((trs) => trs.map((r) => r.getAttribute('data-key') as string));
}

describe('web UI: the admin pages', () => {
  let s: Standalone;
  let browser: Browser;
  let client: UpdraftClient;
  let auth: Awaited<ReturnType<typeof startAuthService>>;

  before(async () => {
    [s, browser, auth] = await Promise.all([
      startStandalone({ dagFiles: DAG_FILES, env: { UPDRAFT__CORE__TEST_CONNECTION: 'Enabled', UPDRAFT__API__EXPOSE_CONFIG: 'true', UPDRAFT__API__JWT_SECRET: JWT_SECRET } }),
      launchBrowser(),
      startAuthService(),
    ]);
    client = await adminClient(s);
    for (let i = 0; i < 200 && (await client.dags.list()).total_entries < 1; i++) await new Promise((r) => setTimeout(r, 100));
  });
  after(async () => {
    await browser?.close();
    await s?.stop();
    auth?.server.close();
  });

  it('variables: create (JSON checked), a secret masked and kept when edited blank, delete, export and import', async () => {
    const ui = await openPage(browser, s.url);
    const { page } = ui;
    try {
      await login(page, 'admin', s.adminPassword, '/variables');
      await page.getByTestId('empty-state').waitFor();

      // A plain one, with a description.
      await page.getByRole('button', { name: 'Add variable' }).click();
      const dialog = page.getByTestId('variable-dialog');
      await dialog.getByLabel('Key').fill('env_name');
      await dialog.locator('#variable-value').fill('prod');
      await dialog.getByLabel('Description').fill('Which environment this is');
      await dialog.getByRole('button', { name: 'Create' }).click();
      await page.locator('tr[data-key="env_name"]').waitFor();

      // A JSON one: invalid JSON is refused with the reason, valid JSON saves.
      await page.getByRole('button', { name: 'Add variable' }).click();
      await dialog.getByLabel('Key').fill('limits');
      await dialog.getByTestId('variable-json').check();
      await dialog.locator('#variable-value').fill('{"rows": 10,');
      assert.match(await dialog.locator('#variable-value-help').innerText(), /Not valid JSON/);
      assert.equal(await dialog.getByRole('button', { name: 'Create' }).isDisabled(), true);
      await dialog.locator('#variable-value').fill('{"rows": 10, "api_key": "k-999"}');
      await dialog.getByRole('button', { name: 'Create' }).click();
      await page.locator('tr[data-key="limits"]').waitFor();

      // A secret: masked in the list.
      await page.getByRole('button', { name: 'Add variable' }).click();
      await dialog.getByLabel('Key').fill('warehouse_password');
      await dialog.locator('#variable-value').fill('hunter2-original');
      await dialog.getByRole('button', { name: 'Create' }).click();
      const secretRow = page.locator('tr[data-key="warehouse_password"]');
      await secretRow.waitFor();
      assert.equal(await secretRow.getByTestId('secret-value').innerText(), '***');
      assert.match(await page.locator('tr[data-key="limits"]').innerText(), /"api_key":"\*\*\*"/, 'secret keys inside JSON are masked');

      // Edit the secret's description only: the value box starts empty and the value is kept.
      await secretRow.getByRole('button', { name: 'Edit warehouse_password' }).click();
      await page.waitForURL(/edit=warehouse_password/);
      assert.equal(await dialog.locator('#variable-value').inputValue(), '');
      assert.equal(await dialog.locator('#variable-value').getAttribute('placeholder'), 'unchanged (secret)');
      await dialog.getByLabel('Description').fill('The warehouse login');
      await dialog.getByRole('button', { name: 'Save' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await secretRow.getByText('The warehouse login').waitFor();
      const stored = await updraft(s.home, ['variables', 'get', 'warehouse_password']);
      assert.equal(stored.stdout.trim(), 'hunter2-original', 'the saved secret was kept');

      // Edit the plain one's value; the URL opens the dialog after a reload too.
      await page.goto('/variables?edit=env_name');
      await dialog.locator('#variable-value').waitFor();
      assert.equal(await dialog.locator('#variable-value').inputValue(), 'prod');
      await dialog.locator('#variable-value').fill('staging');
      await dialog.getByRole('button', { name: 'Save' }).click();
      await page.locator('tr[data-key="env_name"]').getByText('staging').waitFor();

      // Search goes in the URL.
      await page.getByTestId('variable-search').fill('ware');
      await page.waitForURL(/search=ware/);
      await page.locator('tr[data-key="env_name"]').waitFor({ state: 'detached' });
      assert.deepEqual(await rowKeys(page, 'variable-table'), ['warehouse_password']);
      await page.getByTestId('variable-search').fill('');
      await page.locator('tr[data-key="env_name"]').waitFor();

      // Export: Airflow's file, secrets as ***.
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export' }).click()]);
      const exported = JSON.parse(readFileSync(await download.path(), 'utf8')) as Record<string, unknown>;
      assert.deepEqual(exported, {
        env_name: { value: 'staging', description: 'Which environment this is' },
        limits: { rows: 10, api_key: '***' },
        warehouse_password: { value: '***', description: 'The warehouse login' },
      });

      // Delete, confirmed.
      await page.locator('tr[data-key="env_name"]').getByRole('button', { name: 'Delete env_name' }).click();
      await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Delete' }).click();
      await page.locator('tr[data-key="env_name"]').waitFor({ state: 'detached' });

      // Import the export: env_name comes back; values holding *** (masked secrets) are left out, so they keep theirs.
      await page.getByTestId('import-file').setInputFiles({ name: 'variables.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(exported)) });
      const importDialog = page.getByTestId('import-dialog');
      assert.match(await importDialog.getByText(/Left out/).innerText(), /limits, warehouse_password/);
      await importDialog.getByRole('button', { name: /^Import/ }).click();
      assert.match(await importDialog.getByTestId('import-result').innerText(), /1 imported/);
      await importDialog.getByRole('button', { name: 'Done' }).click();
      await page.locator('tr[data-key="env_name"]').waitFor();
      assert.equal((await updraft(s.home, ['variables', 'get', 'warehouse_password'])).stdout.trim(), 'hunter2-original');
      assert.match((await updraft(s.home, ['variables', 'get', 'limits'])).stdout, /k-999/, 'the secret inside the JSON too');
      assert.deepEqual(ui.pageErrors, []);
    } finally {
      await ui.finish('admin-variables');
    }
  });

  it('connections: a PostgreSQL connection tested, edited without retyping the password, tested again; the password never shown', async () => {
    const ui = await openPage(browser, s.url);
    const { page } = ui;
    const dialog = page.getByTestId('connection-dialog');
    try {
      await login(page, 'admin', s.adminPassword, '/connections');
      await page.getByRole('button', { name: 'Add connection' }).click();
      await dialog.getByLabel('Connection id').fill('local_pg');
      await dialog.getByLabel('Connection type').selectOption('postgres');
      await dialog.getByLabel('Host').fill('127.0.0.1');
      await dialog.getByLabel('Port').fill('5432');
      await dialog.getByLabel('Database').fill('postgres');
      await dialog.getByLabel('Login').fill('postgres');
      await dialog.getByTestId('connection-password').fill(PG_PASSWORD);
      // Extra is checked as typed.
      await dialog.getByLabel('Extra (JSON)').fill('[1, 2]');
      await dialog.getByText('Extra must be a JSON object').waitFor();
      await dialog.getByLabel('Extra (JSON)').fill('{"application_name": "updraft-ui-test"}');
      await dialog.getByTestId('test-connection').click();
      const result = dialog.getByTestId('test-result');
      await result.waitFor();
      assert.equal(await result.getAttribute('data-ok'), 'true', await result.innerText());
      await dialog.getByRole('button', { name: 'Create' }).click();
      const row = page.locator('tr[data-key="local_pg"]');
      await row.waitFor();
      assert.match(await row.innerText(), /password set/);

      // Edit without retyping the password: the box is empty, "unchanged"; test again and save.
      await row.getByRole('button', { name: 'Edit local_pg' }).click();
      const password = dialog.getByTestId('connection-password');
      await password.waitFor();
      assert.equal(await password.inputValue(), '');
      assert.equal(await password.getAttribute('placeholder'), 'unchanged');
      assert.equal(await dialog.getByTestId('connection-uri').innerText(), 'postgres://postgres@127.0.0.1:5432/postgres?application_name=updraft-ui-test');
      await dialog.getByLabel('Description').fill('The local PostgreSQL');
      await dialog.getByTestId('test-connection').click();
      await result.waitFor();
      assert.equal(await result.getAttribute('data-ok'), 'true', await result.innerText());
      await dialog.getByRole('button', { name: 'Save' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await row.getByText('The local PostgreSQL').waitFor();
      const saved = await client.connections.get('local_pg');
      assert.deepEqual([saved.password, saved.description], ['***', 'The local PostgreSQL'], 'the password is still set');

      // The row's Test uses the saved settings.
      await row.getByRole('button', { name: 'Test local_pg' }).click();
      await page.getByTestId('toast-success').getByText('local_pg: connected').waitFor();

      assert.ok(!(await page.content()).includes(PG_PASSWORD), 'the password is nowhere in the page');
      assert.deepEqual(ui.pageErrors, []);
    } finally {
      await ui.finish('admin-connection-postgres');
    }
  });

  it('connections: a service that checks the password proves an edit without retyping it tests with the saved one', async () => {
    // The local PostgreSQL trusts 127.0.0.1 (any password works), so this service is the proof.
    const ui = await openPage(browser, s.url);
    const { page } = ui;
    const dialog = page.getByTestId('connection-dialog');
    const result = dialog.getByTestId('test-result');
    const test = async (): Promise<string> => {
      await dialog.getByTestId('test-connection').click();
      await result.waitFor();
      return (await result.getAttribute('data-ok')) as string;
    };
    try {
      await login(page, 'admin', s.adminPassword, '/connections?new=1');
      await dialog.getByLabel('Connection id').fill('auth_api');
      await dialog.getByLabel('Connection type').selectOption('http');
      await dialog.getByLabel('Host (or a base URL)').fill('127.0.0.1');
      await dialog.getByLabel('Port').fill(String(auth.port));
      await dialog.getByLabel('Login').fill(HTTP_LOGIN);
      await dialog.getByTestId('connection-password').fill(HTTP_PASSWORD);
      assert.equal(await test(), 'true');
      await dialog.getByRole('button', { name: 'Create' }).click();
      await page.locator('tr[data-key="auth_api"]').waitFor();

      await page.goto('/connections?edit=auth_api');
      await dialog.getByTestId('connection-password').waitFor();
      auth.seen.length = 0;
      // A wrong password typed in the box is what gets tested...
      await dialog.getByTestId('connection-password').fill('wrong-password');
      assert.equal(await test(), 'false');
      assert.match(await result.innerText(), /401/);
      // ...and an empty box means the saved one.
      await dialog.getByTestId('connection-password').fill('');
      await dialog.getByLabel('Description').fill('Checks its password');
      assert.equal(await test(), 'true', await result.innerText());
      await dialog.getByRole('button', { name: 'Save' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await page.locator('tr[data-key="auth_api"]').getByRole('button', { name: 'Test auth_api' }).click();
      await page.getByTestId('toast-success').getByText('auth_api: connected').waitFor();
      const right = `Basic ${Buffer.from(`${HTTP_LOGIN}:${HTTP_PASSWORD}`).toString('base64')}`;
      assert.deepEqual(auth.seen, [`Basic ${Buffer.from(`${HTTP_LOGIN}:wrong-password`).toString('base64')}`, right, right]);
      assert.ok(!(await page.content()).includes(HTTP_PASSWORD));
      assert.deepEqual(ui.pageErrors, []);
    } finally {
      await ui.finish('admin-connection-saved-password');
    }
  });

  it('pools: create one, watch its usage bar fill while a task holds its slots; default_pool cannot be deleted', async () => {
    const ui = await openPage(browser, s.url);
    const { page } = ui;
    try {
      await login(page, 'admin', s.adminPassword, '/pools');
      const defaultRow = page.locator('tr[data-key="default_pool"]');
      await defaultRow.waitFor();
      const deleteDefault = defaultRow.getByRole('button', { name: 'Delete default_pool' });
      assert.equal(await deleteDefault.isDisabled(), true);
      assert.match((await deleteDefault.getAttribute('title')) ?? '', /cannot be deleted/);

      await page.getByRole('button', { name: 'Add pool' }).click();
      const dialog = page.getByTestId('pool-dialog');
      await dialog.getByLabel('Name').fill('warehouse');
      await dialog.getByLabel('Slots', { exact: true }).fill('4');
      await dialog.getByLabel('Description').fill('The warehouse allows 4 connections');
      await dialog.getByRole('button', { name: 'Create' }).click();
      const row = page.locator('tr[data-key="warehouse"]');
      await row.waitFor();
      assert.equal(await row.locator('[data-segment="open"]').first().getAttribute('data-count'), '4');

      // A task holding 2 of its slots: the bar shows them running (live, no reload).
      await client.dagRuns.trigger('pool_hold', {});
      await row.locator('.usage-bar [data-segment="running"][data-count="2"]').waitFor({ timeout: 20_000 });
      assert.equal(await row.locator('.usage-bar [data-segment="open"]').getAttribute('data-count'), '2');
      assert.match(await row.locator('.slot-numbers').innerText(), /2\s+running/);
      await page.getByRole('list', { name: 'Legend' }).waitFor();

      // Edit the slots.
      await row.getByRole('button', { name: 'Edit warehouse' }).click();
      await dialog.getByLabel('Slots', { exact: true }).fill('6');
      await dialog.getByRole('button', { name: 'Save' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await row.locator('td').nth(1).getByText('6').waitFor();
      assert.deepEqual(ui.pageErrors, []);
    } finally {
      await ui.finish('admin-pools');
    }
  });

  it('users: an Admin creates a Viewer, who then finds the admin pages closed with the reason', async () => {
    const admin = await openPage(browser, s.url);
    try {
      const { page } = admin;
      await login(page, 'admin', s.adminPassword, '/users');
      await page.locator('tr[data-key="admin"]').waitFor();
      assert.equal(await page.getByTestId('active-admin').isDisabled(), true, 'an Admin cannot disable themselves');
      await page.getByTestId('roles-guide').getByText('Op, and also manages users and roles').waitFor();

      await page.getByRole('button', { name: 'Add user' }).click();
      const dialog = page.getByTestId('user-dialog');
      await dialog.getByLabel('Username').fill(VIEWER.username);
      await dialog.getByLabel('Email').fill(VIEWER.email);
      await dialog.getByLabel('First name').fill('Vic');
      await dialog.getByLabel('Role').selectOption('Viewer');
      await dialog.getByTestId('new-password').fill(VIEWER.password);
      await dialog.getByTestId('confirm-password').fill('not the same');
      await dialog.getByText('The two passwords differ').waitFor();
      await dialog.getByTestId('confirm-password').fill(VIEWER.password);
      await dialog.getByRole('button', { name: 'Create user' }).click();
      const row = page.locator('tr[data-key="vic"]');
      await row.waitFor();
      assert.match(await row.innerText(), /Viewer/);
      assert.match(await row.innerText(), /never/, 'no login yet');
      assert.deepEqual(admin.pageErrors, []);
    } finally {
      await admin.finish('admin-users');
    }

    const viewer = await openPage(browser, s.url);
    try {
      const { page } = viewer;
      await login(page, VIEWER.username, VIEWER.password, '/variables');
      await page.getByText('You cannot see Variables').waitFor();
      assert.match(await page.locator('.empty').innerText(), /Your role, Viewer, cannot read variables: that needs Op or above/);
      for (const [path, title, needs] of [
        ['/connections', 'Connections', /cannot read connections: that needs Op/],
        ['/pools', 'Pools', /cannot read pools: that needs Op/],
        ['/users', 'Users', /cannot read users: that needs Admin/],
        ['/config', 'Config', /cannot read config: that needs Admin/],
      ] as const) {
        await page.goto(path);
        await page.getByText(`You cannot see ${title}`).waitFor();
        assert.match(await page.locator('.empty').innerText(), needs);
      }
      // The Admin menu has nothing for a Viewer; the cluster page is theirs to read.
      await page.goto('/cluster');
      await page.getByTestId('component-scheduler').waitFor();
      assert.deepEqual(viewer.pageErrors, []);
    } finally {
      await viewer.finish('admin-viewer-closed');
    }
  });

  it('users: a generated password is shown once and signs the user in', async () => {
    const ui = await openPage(browser, s.url);
    let generated = '';
    try {
      const { page } = ui;
      await login(page, 'admin', s.adminPassword, '/users');
      await page.locator('tr[data-key="vic"]').getByRole('button', { name: 'Reset the password of vic' }).click();
      const dialog = page.getByTestId('reset-password-dialog');
      await dialog.getByRole('button', { name: 'Generate' }).click();
      generated = await dialog.getByTestId('generated-password').innerText();
      assert.match(generated, /^[\w-]{20}$/);
      await dialog.getByRole('button', { name: 'Set password' }).click();
      await dialog.getByText(/Copy the password below/).waitFor();
      await dialog.getByRole('button', { name: 'Done' }).click();
    } finally {
      await ui.finish('admin-reset-password');
    }
    await assert.doesNotReject(new UpdraftClient({ baseUrl: s.url }).login(VIEWER.username, generated));
    await assert.rejects(new UpdraftClient({ baseUrl: s.url }).login(VIEWER.username, VIEWER.password), /401|password/i);
  });

  it('config: every option with its source; secrets masked', async () => {
    const ui = await openPage(browser, s.url);
    const { page } = ui;
    try {
      await login(page, 'admin', s.adminPassword, '/config');
      const jwt = page.locator('tr[data-key="api.jwt_secret"]');
      await jwt.waitFor();
      assert.equal(await jwt.getByTestId('config-secret').innerText(), '***');
      assert.match(await jwt.getByTestId('config-source').innerText(), /environment\s*UPDRAFT__API__JWT_SECRET/);
      assert.match(await page.locator('tr[data-key="core.parallelism"]').innerText(), /default/);
      assert.match(await page.locator('tr[data-key="core.test_connection"]').innerText(), /Enabled[\s\S]*default: Disabled/);
      assert.ok(!(await page.content()).includes(JWT_SECRET), 'the secret is nowhere in the page');

      // Filters in the URL: changed-only, then a search.
      await page.getByRole('button', { name: /^Changed/ }).click();
      await page.waitForURL(/changed=1/);
      await page.locator('tr[data-key="core.parallelism"]').waitFor({ state: 'detached' });
      await page.getByTestId('config-search').fill('expose');
      await page.waitForURL(/search=expose/);
      await page.locator('tr[data-key="api.jwt_secret"]').waitFor({ state: 'detached' });
      assert.deepEqual(await page.locator('tr[data-key]').evaluateAll((trs) => trs.map((t) => t.getAttribute('data-key'))), ['api.expose_config']);
      assert.deepEqual(ui.pageErrors, []);
    } finally {
      await ui.finish('admin-config');
    }
  });

  it('cluster: the scheduler healthy with a recent heartbeat, updated live', async () => {
    const ui = await openPage(browser, s.url);
    const { page } = ui;
    try {
      await login(page, 'admin', s.adminPassword, '/cluster');
      const scheduler = page.getByTestId('component-scheduler');
      await scheduler.waitFor();
      assert.equal(await scheduler.locator('[data-status]').getAttribute('data-status'), 'healthy');
      const heartbeat = async () => {
        const text = await page.getByTestId('heartbeat-scheduler').innerText();
        const match = /Heartbeat (just now|([\d.]+)(ms|s) ago)/.exec(text);
        assert.ok(match, text);
        return match[1] === 'just now' ? 0 : Number(match[2]) / (match[3] === 'ms' ? 1000 : 1);
      };
      assert.ok((await heartbeat()) < 30, 'a recent heartbeat');
      assert.equal(await page.getByTestId('component-metadatabase').locator('[data-status]').getAttribute('data-status'), 'healthy');
      assert.match(await page.getByTestId('component-dag_processor').innerText(), /inside the scheduler process/);
      assert.match(await page.getByTestId('executor').innerText(), /of 32 slots in use/);
      await page.getByTestId('queue-depths').waitFor();
      assert.ok((await rowKeys(page, 'cluster-pools')).includes('default_pool'));
      assert.ok((await page.locator('[data-testid="cluster-jobs"] tbody tr').count()) >= 1);

      // Live: the page asks again every 2 s without a reload.
      const asked = page.waitForResponse((r) => r.url().endsWith('/ui/cluster'), { timeout: 5000 });
      await asked;
      assert.ok((await heartbeat()) < 30);
      assert.deepEqual(ui.pageErrors, []);
    } finally {
      await ui.finish('admin-cluster');
    }
  });
});
