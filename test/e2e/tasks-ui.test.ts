/**
 * End-to-end: the real server (demo data, PGlite or the PostgreSQL of DATABASE_URL) and the built UI,
 * driven in Debian's Chromium. The dashboard reproduces the seed table and drills down into the list;
 * a task led by the Department of Agriculture goes through receive → report → return → report →
 * confirm across two accounts, and the dashboard counts it.
 *
 * Run: `node scripts/test.mjs e2e`. Screenshots land in tmp/screens/.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ddmmyyyy, SCREENS, startBrowser, todayIso, type BrowserHarness } from '../helpers/browser.ts';

const SEED = { from: '2021-11-12', to: '2022-09-15' };
/** assignment date of the task the test creates: SNNPTNT still exists then */
const ASSIGNED = '2025-02-20';

const addDays = (iso: string, n: number) => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

let h: BrowserHarness;
let page: Page;

before(async () => {
  h = await startBrowser();
  page = h.page;
});

after(async () => {
  await h?.close();
});

const login = (username: string) => h.login(username);
const logout = () => h.logout();

/** Waits until no table or page shows a loading overlay (for screenshots). */
async function settle() {
  await page.waitForFunction(() => !document.querySelector('.ant-spin-spinning, .ant-skeleton'));
  await page.waitForTimeout(350); // antd's fade-out of the loading veil
}

async function cell(id: string): Promise<number> {
  const el = page.getByTestId(id);
  await el.waitFor();
  return Number((await el.innerText()).replace(/\D/g, ''));
}

async function openDashboard(q: Record<string, string>) {
  const before = page.url();
  await page.goto(`/?${new URLSearchParams(q)}`);
  if (before === page.url()) await page.reload();
  // the subtitle shows the window the table was computed for
  await page
    .getByText(`đến ${ddmmyyyy(q.to!)}`)
    .first()
    .waitFor();
}

async function expectStatus(status: string) {
  await page.locator(`[data-testid="task-status"][data-status="${status}"]`).waitFor();
}

async function act(action: string, fill?: () => Promise<void>) {
  await page.getByTestId(`action-${action}`).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  if (fill) await fill();
  await page.getByTestId('action-submit').click();
  await dialog.waitFor({ state: 'detached' });
}

/**
 * Picks an option in an antd select of the open dialog: type to filter, choose the option containing
 * `text`, and check the field shows it (a click landing while the list re-renders is retried).
 */
async function pick(fieldLabel: string, search: string, text: string) {
  const dialog = page.getByRole('dialog');
  const input = dialog.getByLabel(fieldLabel, { exact: true });
  const field = dialog
    .locator('.ant-form-item', { has: page.getByLabel(fieldLabel, { exact: true }) })
    .first();
  for (let attempt = 1; ; attempt++) {
    await input.click();
    await input.fill(search);
    const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text });
    await option.first().waitFor();
    await page.waitForTimeout(100 * attempt);
    await option.first().click();
    if ((await field.innerText()).includes(text)) return;
    if (attempt === 3) assert.fail(`could not pick "${text}" in "${fieldLabel}"`);
  }
}

async function typeDate(fieldLabel: string, iso: string) {
  const input = page.getByRole('dialog').getByLabel(fieldLabel, { exact: true });
  await input.click();
  await input.fill(ddmmyyyy(iso));
  await input.press('Enter');
}

/** Runs a test body; on failure saves a screenshot of the page as it was (tmp/screens/failed-*.png). */
const shot = (name: string, fn: () => Promise<void>) => () => h.shot(name, fn)();

test(
  'dashboard reproduces the seed table and every cell opens its list',
  shot('dashboard', async () => {
    await login('office.specialist');
    await openDashboard(SEED);
    const want: Record<string, number> = {
      'cell-awaiting_receipt-on_time': 14,
      'cell-awaiting_receipt-overdue': 63,
      'cell-awaiting_receipt-total': 77,
      'cell-in_progress-on_time': 1,
      'cell-in_progress-overdue': 14,
      'cell-completed-on_time': 94,
      'cell-completed-overdue': 26,
      'cell-awaiting_closure-on_time': 0,
      'cell-awaiting_closure-overdue': 24,
      'cell-stopped-total': 8,
      'cell-all-total': 244,
    };
    for (const [id, n] of Object.entries(want)) assert.equal(await cell(id), n, id);
    await page.locator('.recharts-bar-rectangle').first().waitFor();
    await settle();
    await page.screenshot({ path: join(SCREENS, 'dashboard.png'), fullPage: true });

    // "Tải XLSX" downloads the same table
    const xlsxHref = await page.getByTestId('download-xlsx').getAttribute('href');
    assert.ok(xlsxHref?.startsWith('/api/reports/tasks.xlsx?'), String(xlsxHref));
    assert.match(xlsxHref!, /from=2021-11-12/);
    const xlsx = await page.request.get(xlsxHref!);
    assert.equal(xlsx.status(), 200);
    assert.match(xlsx.headers()['content-type'] ?? '', /spreadsheetml/);

    await page.getByTestId('cell-awaiting_receipt-overdue').click();
    await page.waitForURL(/\/tasks\?/);
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('status'), 'awaiting_receipt');
    assert.equal(url.searchParams.get('timeliness'), 'overdue');
    assert.equal(url.searchParams.get('from'), SEED.from);
    assert.equal(url.searchParams.get('to'), SEED.to);
    await page.getByTestId('task-total').filter({ hasText: /^63$/ }).waitFor();
    const rows = page.locator('[data-testid="task-table"] tbody tr.ant-table-row');
    await rows.nth(19).waitFor();
    assert.equal(await rows.count(), 20);
    await settle();
    await page.screenshot({ path: join(SCREENS, 'task-list.png') });

    // 50 a page: the URL carries it; back returns to 20
    await page.goto(`${url.pathname}${url.search}&pageSize=50`);
    await rows.nth(49).waitFor();
    assert.equal(await rows.count(), 50);
    assert.equal(await page.getByTestId('task-total').innerText(), '63');
    await page.goBack();
    await page.waitForURL((u) => !u.searchParams.has('pageSize'));
    await rows.nth(19).waitFor();
    assert.equal(await rows.count(), 20);
  }),
);

test(
  'a task goes receive → report → return → report → confirm, and the dashboard counts it',
  shot('workflow', async () => {
    const today = todayIso();
    const windowToday = { from: SEED.from, to: today };

    // before: the table up to today
    await openDashboard(windowToday);
    const before = {
      all: await cell('cell-all-total'),
      awaiting: await cell('cell-awaiting_receipt-total'),
      completed: await cell('cell-completed-total'),
      completedOnTime: await cell('cell-completed-on_time'),
    };

    // the office assigns a task to the Department of Agriculture (SNNPTNT)
    await page.goto('/tasks');
    await page.getByTestId('task-create').click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    const title = `Kiểm thử e2e: rà soát phương án phòng, chống thiên tai ${Date.now()}`;
    await dialog.getByLabel('Nội dung nhiệm vụ').fill(title);
    await pick('Văn bản giao', '1100', '1100/QĐ-UBND');
    // SNNPTNT merged into the new Department of Agriculture and Environment on 2025-03-01, so the task
    // is recorded as assigned before that (the office may enter a past assignment date)
    await typeDate('Ngày giao', ASSIGNED);
    await pick('Cơ quan chủ trì', 'nong nghiep phat trien', 'Sở Nông nghiệp và Phát triển nông thôn');
    await typeDate('Thời hạn', addDays(today, 30));
    await dialog.getByLabel('Điều, khoản, mục').fill('Mục III.2');
    await page.getByTestId('task-create-submit').click();
    await page.waitForURL(/\/tasks\/[0-9a-f-]{36}$/);
    const taskUrl = new URL(page.url()).pathname;
    await expectStatus('awaiting_receipt');
    assert.match(await page.getByTestId('task-lead').innerText(), /Nông nghiệp và Phát triển nông thôn/);
    await logout();

    // the department receives it and reports it done
    await login('agency.staff');
    await page.goto(taskUrl);
    await expectStatus('awaiting_receipt');
    await act('receive');
    await expectStatus('in_progress');
    await act('report_done', async () => {
      await page.getByTestId('doc-number').fill('501/BC-SNNPTNT');
      await page.getByTestId('doc-summary').fill('Báo cáo kết quả rà soát phương án phòng, chống thiên tai');
    });
    await expectStatus('awaiting_closure');
    await logout();

    // the office returns it
    await login('office.specialist');
    await page.goto(taskUrl);
    await expectStatus('awaiting_closure');
    await act('return', async () => {
      await page.getByTestId('action-note').fill('Đề nghị bổ sung số liệu thiệt hại theo từng huyện.');
    });
    await expectStatus('in_progress');
    await logout();

    // the department reports again
    await login('agency.staff');
    await page.goto(taskUrl);
    await act('report_done', async () => {
      await page.getByTestId('doc-number').fill('502/BC-SNNPTNT');
      await page.getByTestId('doc-summary').fill('Báo cáo bổ sung số liệu thiệt hại theo từng huyện');
    });
    await expectStatus('awaiting_closure');
    await logout();

    // the office confirms completion
    await login('office.specialist');
    await page.goto(taskUrl);
    await act('confirm_done');
    await expectStatus('completed');
    await page.locator('[data-testid="task-timeliness"][data-timeliness="on_time"]').waitFor();
    // the timeline holds every step
    for (const type of ['assigned', 'received', 'reported_done', 'returned', 'confirmed_done']) {
      assert.ok((await page.getByTestId(`event-${type}`).count()) >= 1, type);
    }
    assert.equal(await page.getByTestId('event-reported_done').count(), 2);
    await page.getByText('Đề nghị bổ sung số liệu thiệt hại theo từng huyện.').waitFor();
    await settle();
    await page.screenshot({ path: join(SCREENS, 'task-detail.png'), fullPage: true });

    // after: the same window counts one more task, completed on time
    await openDashboard(windowToday);
    assert.equal(await cell('cell-all-total'), before.all + 1);
    assert.equal(await cell('cell-completed-total'), before.completed + 1);
    assert.equal(await cell('cell-completed-on_time'), before.completedOnTime + 1);
    assert.equal(await cell('cell-awaiting_receipt-total'), before.awaiting);
    // and the seed window is untouched
    await openDashboard(SEED);
    assert.equal(await cell('cell-all-total'), 244);
    assert.equal(await cell('cell-completed-total'), 120);
  }),
);

test(
  'the language toggle switches to English and is remembered',
  shot('language', async () => {
    await page.goto('/');
    await page.getByText('Tình hình thực hiện nhiệm vụ').waitFor();
    await page.getByTestId('lang-switch').getByText('EN', { exact: true }).click();
    await page.getByText('Task performance').waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    await page.reload();
    await page.getByText('Task performance').waitFor();
    await page.getByTestId('lang-switch').getByText('VI', { exact: true }).click();
    await page.getByText('Tình hình thực hiện nhiệm vụ').waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'vi');
  }),
);

test('the browser logged no errors', () => {
  assert.deepEqual(h.consoleErrors, []);
});
