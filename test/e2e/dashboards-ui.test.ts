/**
 * End-to-end: the dashboards page (issue 6 point 9) on the demo data in Debian's Chromium. The Office
 * leader opens it from the menu: the three monthly charts and the per-agency chart render (SVG), the
 * ranking table shows the rule above it, clicking an agency opens its task list and a dossier bar the
 * dossiers behind it; an agency leader sees only its own row.
 *
 * Run: `node scripts/test.mjs dashboards-ui`. Screenshots land in tmp/screens/.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { SCREENS, startBrowser, type BrowserHarness } from '../helpers/browser.ts';

let h: BrowserHarness;
let page: Page;

before(async () => {
  h = await startBrowser({ screenshotPrefix: 'dashboards-' });
  page = h.page;
});
after(async () => {
  await h?.close();
});

const shot = (name: string, fn: () => Promise<void>) => () => h.shot(name, fn)();

async function chartRendered(id: string) {
  await page.locator(`[data-testid="${id}"] svg.recharts-surface`).first().waitFor();
  const bars = await page
    .locator(`[data-testid="${id}"] .recharts-bar-rectangle, [data-testid="${id}"] .recharts-line-curve`)
    .count();
  assert.ok(bars > 0, `${id} draws bars or lines`);
}

test(
  'the Office leader: charts, the ranking with its rule, an agency opens its list',
  shot('office', async () => {
    await h.login('office.leader');
    await page.getByRole('link', { name: 'Biểu đồ, xếp hạng' }).click();
    await page.waitForURL(/\/dashboards/);
    await page.getByTestId('dashboards-window').getByText('15/12/2021').waitFor();
    for (const id of ['chart-tasks', 'chart-dossiers', 'chart-petitions', 'chart-agencies'])
      await chartRendered(id);
    // no sideways scroll at 1366 px (the 'Theo cơ quan' measure picker used to overflow its card)
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);

    const rule = page.getByTestId('ranking-rule');
    await rule.waitFor();
    const text = await rule.innerText();
    assert.match(text, /Quy tắc xếp hạng/);
    assert.match(text, /Tỷ lệ đúng hạn của nhiệm vụ/);
    assert.match(text, /TT 01\/2018/);
    const rows = page.locator('[data-testid="ranking-table"] tbody tr.ant-table-row');
    await rows.first().waitFor();
    assert.ok((await rows.count()) >= 5, 'several agencies in the ranking');
    await page.screenshot({ path: join(SCREENS, 'dashboards.png'), fullPage: true });

    // an agency → its tasks whose deadline fell in the period
    await page.getByTestId('rank-agency-SNNPTNT').click();
    await page.waitForURL(/\/tasks\?/);
    const u = new URL(page.url());
    assert.equal(u.searchParams.get('agency'), 'SNNPTNT');
    assert.equal(u.searchParams.get('deadlineFrom'), '2021-12-15');
    assert.equal(u.searchParams.get('deadlineTo'), '2022-09-14');
    await page.locator('.ant-table-tbody tr.ant-table-row').first().waitFor();

    // a dossier bar → the dossiers behind it
    await page.goBack();
    await page.waitForURL(/\/dashboards/);
    await page.locator('[data-testid="chart-dossiers"] .recharts-bar-rectangle path').first().click();
    await page.waitForURL(/\/dossier-report\?/);
    const d = new URL(page.url());
    assert.ok(d.searchParams.get('metric'), 'a dossier figure');
    assert.ok(d.searchParams.get('from')! >= '2021-12-15');
    await page
      .getByRole('dialog')
      .getByText(/Tổng số/)
      .waitFor();
    // leave the list's drawer (its mask covers the header) before signing out
    await page.goto('/dashboards');
    await h.logout();
  }),
);

test(
  'an agency leader sees the rule and only its own row',
  shot('agency', async () => {
    await h.login('agency.leader');
    await page.goto('/dashboards');
    await page.getByTestId('ranking-rule').waitFor();
    const rows = page.locator('[data-testid="ranking-table"] tbody tr.ant-table-row');
    await rows.first().waitFor();
    assert.equal(await rows.count(), 1);
    await page.getByTestId('rank-agency-SNNPTNT').waitFor();
    await chartRendered('chart-tasks');
    await h.logout();
  }),
);
