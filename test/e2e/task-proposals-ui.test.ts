/**
 * End-to-end: /tasks/propose in Chromium on the real server (demo data). The specialist picks the
 * registered directive, pastes its text, sees the clauses highlighted and the proposals, edits one, drops
 * one, creates the rest, and opens a created task that shows its clause.
 *
 * Run: `node scripts/test.mjs e2e/task-proposals`. Screenshots land in tmp/screens/.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { SCREENS, startBrowser, type BrowserHarness } from '../helpers/browser.ts';

let h: BrowserHarness;
let page: Page;

const TEXT = [
  'Quảng Ngãi, ngày 15 tháng 8 năm 2022',
  '1. Giao Sở Nông nghiệp và PTNT chủ trì, phối hợp với Sở Tài chính tham mưu UBND tỉnh ban hành Kế hoạch phòng, chống thiên tai, hoàn thành trước ngày 30/9/2022.',
  '2. Sở Y tế chủ trì, phối hợp với Sở Giáo dục và Đào tạo bảo đảm thuốc, vật tư y tế trong mùa mưa bão, hoàn thành trong tháng 10/2022.',
  '3. UBND huyện Bình Sơn khẩn trương rà soát các hộ dân vùng sạt lở, báo cáo trong 15 ngày làm việc.',
].join('\n\n');

before(async () => {
  h = await startBrowser();
  page = h.page;
  const office = await h.app.login('office.specialist');
  const reg = await office.post('/api/documents', {
    numberSymbol: '31/CT-UBND',
    date: '2022-08-15',
    summary: 'Chỉ thị về phòng, chống thiên tai năm 2022',
    issuerCode: 'UBND',
  });
  assert.equal(reg.status, 201, JSON.stringify(reg.body));
});

after(async () => {
  await h?.close();
});

const shot = (name: string, fn: () => Promise<void>) => () => h.shot(name, fn)();

test(
  'propose from pasted text, edit, create, and the task shows its clause',
  shot('task-proposals', async () => {
    await h.login('office.specialist');
    await page.getByRole('link', { name: 'Đề xuất từ văn bản' }).click();
    await page.getByRole('heading', { name: 'Đề xuất nhiệm vụ từ văn bản chỉ đạo' }).waitFor();

    // the assigning document from the register
    const docSelect = page.getByLabel('Văn bản giao (trong sổ văn bản)', { exact: true });
    for (let attempt = 1; ; attempt++) {
      await docSelect.click();
      await docSelect.fill('31/CT-UBND');
      const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option', {
        hasText: '31/CT-UBND',
      });
      await option.first().waitFor();
      await page.waitForTimeout(100 * attempt);
      await option.first().click();
      const shown = await page.locator('.ant-select', { has: docSelect }).innerText();
      if (shown.includes('31/CT-UBND')) break;
      if (attempt === 3) assert.fail('could not pick the document');
    }

    await page.getByRole('tab', { name: 'Dán nội dung' }).click();
    await page.getByTestId('propose-paste').fill(TEXT);
    await page.getByTestId('propose-read').click();
    const rows = page.locator('[data-testid="proposal-table"] tbody tr.ant-table-row');
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="proposal-table"] tbody tr.ant-table-row').length === 3,
    );
    assert.equal(await page.getByTestId('proposal-clause').count(), 3);
    assert.match(await page.getByTestId('proposal-clause').first().innerText(), /Sở Nông nghiệp và PTNT/);
    assert.match(await rows.nth(0).innerText(), /Sở Nông nghiệp và Phát triển nông thôn/);
    assert.match(await rows.nth(0).innerText(), /Sở Tài chính/);
    await page.screenshot({ path: join(SCREENS, 'task-proposals.png'), fullPage: true });

    // edit the first proposal's content, drop the third one
    const content = rows.nth(0).getByLabel('Nội dung nhiệm vụ');
    await content.fill('Tham mưu UBND tỉnh ban hành Kế hoạch phòng, chống thiên tai năm 2022');
    await rows.nth(2).getByRole('checkbox').uncheck();
    await page.getByTestId('propose-create').click();
    const created = page.getByTestId('propose-created');
    await created.waitFor();
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="propose-created"] .ant-list-item').length === 2,
    );
    assert.match(await created.innerText(), /năm 2022/);

    await created.getByRole('link').first().click();
    const clause = page.getByTestId('task-source-clause');
    await clause.waitFor();
    assert.match(await clause.innerText(), /Giao Sở Nông nghiệp và PTNT chủ trì/);
    assert.match(await page.getByTestId('task-lead').innerText(), /Sở Nông nghiệp và Phát triển nông thôn/);
    assert.deepEqual(h.consoleErrors, []);
  }),
);
