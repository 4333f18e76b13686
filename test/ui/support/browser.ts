/**
 * Driving the built UI in a real headless Chromium (Debian's `chromium` with
 * playwright-core): one browser per test file, a fresh context (cookies,
 * sessionStorage) per test, a helper to sign in, and a screenshot of each
 * test's final screen in test-artifacts/ui/<name>.png (not committed).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const ARTIFACTS = join(root, 'test-artifacts', 'ui');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH`);
  if (!existsSync(join(root, 'dist', 'ui', 'index.html'))) throw new Error("The UI is not built (dist/ui/index.html is missing): run 'npm run build'");
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

export interface UiSession {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Errors the page logged (uncaught exceptions, console.error): a test may assert there are none. */
  readonly pageErrors: string[];
  /** Saves the final screen to test-artifacts/ui/<name>.png and closes the context. */
  finish(name: string): Promise<void>;
}

export interface OpenOptions {
  readonly colorScheme?: 'light' | 'dark';
  readonly viewport?: { readonly width: number; readonly height: number };
}

export async function openPage(browser: Browser, baseURL: string, options: OpenOptions = {}): Promise<UiSession> {
  const context = await browser.newContext({ baseURL, viewport: options.viewport ?? { width: 1360, height: 860 }, colorScheme: options.colorScheme ?? 'light' });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('console', (m) => {
    // A 401/403 the app handles is logged by Chromium as a failed resource load: not an app error.
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) pageErrors.push(m.text());
  });
  return {
    context,
    page,
    pageErrors,
    async finish(name) {
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, `${name.replace(/[^\w.-]+/g, '-')}.png`), fullPage: false }).catch(() => undefined);
      await context.close();
    },
  };
}

/** Signs in through the login page and waits for the app shell. */
export async function login(page: Page, username: string, password: string, path = '/dags'): Promise<void> {
  await page.goto(path);
  await page.waitForURL(/\/login/);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('user-menu').waitFor();
}
