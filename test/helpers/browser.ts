/**
 * Browser harness of the end-to-end tests (node:test + playwright-core, Debian's Chromium at
 * `/usr/bin/chromium` or `CHROMIUM_PATH`; never `npx playwright install`): builds web/dist when it is
 * stale, starts the real server on the demo data (test/helpers/app.ts), opens one page at 1366×768 in
 * Vietnamese / Asia/Ho_Chi_Minh, collects the browser's console errors, and signs users in and out.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { DEMO_PASSWORD, startTestApp, type TestApp } from './app.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENS = join('tmp', 'screens');
/** per-step timeout, ms */
export const STEP_TIMEOUT = 15_000;

/** Newest modification time under a folder (ms). */
function newest(dir: string): number {
  let m = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    m = Math.max(m, s.isDirectory() ? newest(p) : s.mtimeMs);
  }
  return m;
}

/** Builds web/dist when it is missing or older than the UI sources. */
export function ensureUiBuilt(): void {
  const index = join('web', 'dist', 'index.html');
  const stale =
    !existsSync(index) ||
    statSync(index).mtimeMs < Math.max(newest(join('web', 'src')), statSync('web/index.html').mtimeMs);
  if (!stale) return;
  const r = spawnSync('npm', ['run', 'build:web', '--silent'], { stdio: 'inherit', env: process.env });
  assert.equal(r.status, 0, 'npm run build:web failed');
}

/** Today's calendar date in Asia/Ho_Chi_Minh (YYYY-MM-DD), as the server computes it. */
export const todayIso = () =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Ho_Chi_Minh',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
export const ddmmyyyy = (iso: string) => iso.split('-').reverse().join('/');

export interface BrowserHarness {
  app: TestApp;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** console errors and page errors seen so far */
  consoleErrors: string[];
  /** signs `username` in through the login form and waits for the layout */
  login(username: string, password?: string): Promise<void>;
  logout(): Promise<void>;
  /** wraps a test body: on failure saves tmp/screens/failed-<prefix><name>.png */
  shot(name: string, fn: () => Promise<void>): () => Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts the server (demo data) and Chromium. `screenshotPrefix` names the failure screenshots
 * (`failed-<prefix><name>.png`).
 */
export async function startBrowser(
  opts: { acceptDownloads?: boolean; screenshotPrefix?: string } = {},
): Promise<BrowserHarness> {
  ensureUiBuilt();
  mkdirSync(SCREENS, { recursive: true });
  const app = await startTestApp({ demo: true });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const context = await browser.newContext({
    baseURL: app.url,
    viewport: { width: 1366, height: 768 },
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    acceptDownloads: opts.acceptDownloads ?? false,
  });
  context.setDefaultTimeout(STEP_TIMEOUT);
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(`${m.text()} @ ${m.location().url}`);
  });
  page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
  const prefix = opts.screenshotPrefix ?? '';
  return {
    app,
    browser,
    context,
    page,
    consoleErrors,
    async login(username, password) {
      await page.goto('/');
      await page.getByLabel('Tên đăng nhập').fill(username);
      await page.getByLabel('Mật khẩu').fill(password ?? DEMO_PASSWORD);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('current-user').waitFor();
    },
    async logout() {
      await page.getByTestId('logout').click();
      await page.getByTestId('login-submit').waitFor();
    },
    shot: (name, fn) => async () => {
      try {
        await fn();
      } catch (e) {
        await page.screenshot({ path: join(SCREENS, `failed-${prefix}${name}.png`) }).catch(() => {});
        throw e;
      }
    },
    async close() {
      await context.close().catch(() => {});
      await browser.close().catch(() => {});
      await app.close();
    },
  };
}
