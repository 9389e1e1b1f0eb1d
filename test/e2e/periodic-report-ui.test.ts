/**
 * End-to-end (issue 6 points 2, 10, 11): the periodic report page on the real server with the demo data, in
 * Debian's Chromium. An Office specialist opens "Báo cáo định kỳ" from the menu, picks 2022 and "9 tháng
 * đầu năm 2022" and reads the seed's figures in the report (244 tasks, 716 petitions); the overdue
 * awaiting-receipt figure (63) opens the task list with exactly its 63 tasks and back returns to the same
 * report; the petitions figure opens its 716 petitions; a narrative slot is typed in (with bold) and saved
 * as a draft (checked through the API and after a reload); the figures are frozen into a snapshot, which
 * compared with now shows no change; the DOCX export runs as a job with progress and downloads (a ZIP
 * whose text holds the figures and the typed narrative); a PDF export is started and cancelled (state
 * shown, job cancelled through the API). No console errors.
 *
 * Run: `npm test -- periodic-report-ui`. Screenshots land in tmp/screens/ (periodic-*.png).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { SCREENS, startBrowser, type BrowserHarness } from '../helpers/browser.ts';
import type { RichDoc } from '../../src/modules/reports/periodic/types.ts';

let h: BrowserHarness;
const NARRATIVE = 'Đề nghị Sở Nội vụ tổng hợp, tham mưu UBND tỉnh điều chỉnh nhiệm vụ kiểm thử e2e';
const BOLD = 'Kiến nghị in đậm';

before(async () => {
  h = await startBrowser({ acceptDownloads: true, screenshotPrefix: 'periodic-' });
});

after(async () => {
  await h?.close();
});

/** Picks `text` in the antd select with test id `testId`. */
async function choose(testId: string, text: string, search?: string) {
  const page = h.page;
  for (let attempt = 1; ; attempt++) {
    await page.getByTestId(testId).click();
    if (search) await page.keyboard.type(search);
    const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text });
    await option.first().waitFor();
    await page.waitForTimeout(80 * attempt);
    await option.first().click();
    if ((await page.getByTestId(testId).innerText()).includes(text)) return;
    if (attempt === 3) assert.fail(`could not choose "${text}" in ${testId}`);
  }
}

const figText = async (id: string) => (await h.page.getByTestId(id).first().innerText()).trim();

test('the 9-month 2022 report: seed figures, a figure opens its items, back returns', async () => {
  await h.shot('report', async () => {
    const page = h.page;
    await h.login('office.specialist');
    // the menu entry (office roles)
    await page.getByRole('link', { name: 'Báo cáo định kỳ' }).click();
    await page.waitForURL(/\/reports\/periodic/);
    await page.getByRole('heading', { name: 'Báo cáo định kỳ', level: 2 }).waitFor();
    await choose('periodic-year', '2022');
    await choose('periodic-period', '9 tháng đầu năm 2022', '9 tháng');
    await page.waitForURL(/year=2022/);
    await page.getByTestId('report-doc').waitFor();
    // the window of the period and the task section's own window (the seed's)
    assert.match(await page.getByTestId('period-info').innerText(), /15\/12\/2021.*14\/09\/2022/);
    assert.match(await page.getByTestId('task-window-used').innerText(), /12\/11\/2021.*15\/09\/2022/);
    // the seed's figures, each a link
    assert.equal(await figText('fig-tasks-total'), '244');
    assert.equal(await figText('fig-petitions-received'), '716');
    assert.equal(await figText('fig-petitions-eligible'), '346');
    assert.equal(await figText('fig-tasks-awaiting_receipt-overdue'), '63');
    // the task table's cells are links too
    assert.equal(await figText('cell-tasks-awaiting_receipt-overdue'), '63');
    const doc = await page.getByTestId('report-doc').innerText();
    for (const s of ['BÁO CÁO', 'I. Kết quả thực hiện', 'II. Đề xuất, kiến nghị', 'III. Phương hướng'])
      assert.ok(doc.includes(s), `the report shows "${s}"`);
    // every figure in the body is a link (no figure without its items)
    // (petitions.other_kind, eligible petitions of no reported kind, has no list of its own)
    const noLink = await page
      .locator('[data-testid="report-doc"] .fig-nolink')
      .evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('data-key')))]);
    assert.deepEqual(
      noLink.filter((k) => k !== 'petitions.other_kind'),
      [],
    );
    assert.ok((await page.locator('[data-testid="report-doc"] a.fig-link').count()) > 30);
    await page.screenshot({ path: join(SCREENS, 'periodic-report.png'), timeout: 60_000 });

    // keyboard: the figure link is focusable and opens with Enter
    const fig = page.getByTestId('fig-tasks-awaiting_receipt-overdue').first();
    await fig.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/tasks\?/);
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('status'), 'awaiting_receipt');
    assert.equal(url.searchParams.get('timeliness'), 'overdue');
    await page.locator('[data-testid="task-total"]', { hasText: /^63$/ }).waitFor();
    await page.screenshot({ path: join(SCREENS, 'periodic-tasks-63.png') });

    // back: the same report, without recomputing the choice
    await page.goBack();
    await page.waitForURL(/\/reports\/periodic\?.*period=9_months/);
    await page.getByTestId('report-doc').waitFor();
    assert.equal(await figText('fig-tasks-total'), '244');

    // the petitions figure → its 716 petitions
    await page.getByTestId('fig-petitions-received').first().click();
    await page.waitForURL(/\/petitions\?/);
    const api = await h.context.request.get(
      `/api/reports/petitions/items?${new URL(page.url()).searchParams.toString()}&pageSize=1`,
    );
    assert.equal(api.status(), 200, await api.text());
    assert.equal(((await api.json()) as { total: number }).total, 716);
    await page.getByText('716').first().waitFor();
    await page.goBack();
    await page.getByTestId('report-doc').waitFor();

    // a sum (recommendations + feedback + land disputes, 209) opens its three lists together
    await page.getByTestId('fig-petitions-recommendation_feedback').first().click();
    await page.waitForURL(/\/reports\/periodic\/items\?/);
    await page.locator('[data-testid="items-total"]', { hasText: /^209$/ }).waitFor();
    // published procedures (no list page of their own): 102 new
    await page.goBack();
    await page.getByTestId('fig-procedures-published-new').first().click();
    await page.locator('[data-testid="items-total"]', { hasText: /^102$/ }).waitFor();
    await page.goBack();
    await page.getByTestId('report-doc').waitFor();
  })();
});

test('a narrative slot is typed and saved as a draft; a snapshot is taken and compared', async () => {
  await h.shot('narrative', async () => {
    const page = h.page;
    const editor = page.getByTestId('narrative-proposals');
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type(NARRATIVE);
    await page.keyboard.press('Enter');
    await page.getByTestId('narrative-proposals-bold').click();
    await page.keyboard.type(BOLD);
    await page.locator('[data-testid="narrative-proposals"] strong', { hasText: BOLD }).waitFor();
    assert.equal(await page.getByTestId('narrative-proposals-bold').getAttribute('aria-pressed'), 'true');
    await page.getByTestId('draft-state').getByText('Có thay đổi chưa lưu').waitFor();
    await page.getByTestId('save-draft').click();
    await page
      .getByTestId('draft-state')
      .getByText(/Đã lưu lúc/)
      .waitFor();
    assert.equal(await page.getByTestId('save-draft').isDisabled(), true);

    // through the API: the draft holds the text, the bold run marked
    const r = await h.context.request.get('/api/reports/periodic/draft?kind=9_months&year=2022');
    assert.equal(r.status(), 200, await r.text());
    const proposals = ((await r.json()) as { narrative: Record<string, RichDoc> }).narrative.proposals!;
    const runs = (proposals.content ?? []).flatMap((n) => n.content ?? []);
    const dump = JSON.stringify(proposals);
    assert.ok(
      runs.some((x) => x.text === NARRATIVE && !x.marks?.length),
      dump,
    );
    assert.ok(
      runs.some((x) => x.text === BOLD && x.marks?.some((m) => m.type === 'bold')),
      dump,
    );

    // a reload shows the saved text
    await page.reload();
    await page.locator('[data-testid="narrative-proposals"]', { hasText: NARRATIVE }).waitFor();

    // freeze the figures
    await page.getByTestId('create-snapshot').click();
    const item = page.locator('[data-testid="snapshot-list"] li[data-hash]').first();
    await item.waitFor();
    const hash = (await item.getAttribute('data-hash'))!;
    assert.match(hash, /^[0-9a-f]{64}$/);
    const list = await h.context.request.get('/api/reports/periodic/snapshots?kind=9_months&year=2022');
    const items = ((await list.json()) as { items: { id: string; hash: string }[] }).items;
    const snap = items.find((s) => s.hash === hash);
    assert.ok(snap, 'the snapshot is stored');
    // compared with now: nothing changed
    await page.getByTestId(`compare-${snap.id}`).click();
    await page.getByTestId('snapshot-diff').waitFor();
    await page.getByTestId('diff-same').waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Đóng' }).last().click();
    await page.getByRole('dialog').waitFor({ state: 'hidden' });

    // a task assigned in May 2022 is entered now (back-entered before the cut-off): the diff lists it
    const specialist = await h.app.login('office.specialist');
    const created = await specialist.post('/api/tasks', {
      title: 'Nhiệm vụ nhập bổ sung sau khi chốt số liệu (kiểm thử e2e)',
      document: { numberSymbol: '777/UBND-KTTH', date: '2022-05-02', summary: 'V/v kiểm thử nhập bổ sung' },
      assignedBy: 'committee',
      leadAgency: 'SNV',
      assignedAt: '2022-05-02',
      deadline: '2022-06-30',
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const ref = (created.body as { ref: string }).ref;
    await page.getByTestId(`compare-${snap.id}`).click();
    await page.getByTestId('diff-figures').waitFor();
    const figs = await page.getByTestId('diff-figures').innerText();
    assert.match(figs, /Tổng số nhiệm vụ được giao\s+244\s+245\s+\+1/, figs);
    // every figure and event type is labelled in Vietnamese, no raw key ('tasks.overdue', 'assigned')
    assert.doesNotMatch(figs, /\b(tasks|dossiers|petitions|procedures|receptions)\.[a-z_]/, figs);
    const back = await page.getByTestId('diff-back-entered').innerText();
    assert.ok(back.includes(ref), back);
    assert.ok(back.includes('Giao nhiệm vụ'), back);
    assert.doesNotMatch(back, /\bassigned\b|\btasks\.[a-z_]/, back);
    await page.screenshot({ path: join(SCREENS, 'periodic-diff.png') });
    await page.getByRole('dialog').getByRole('button', { name: 'Đóng' }).last().click();
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
  })();
});

test('DOCX export downloads with progress; a PDF export is cancelled', async () => {
  await h.shot('exports', async () => {
    const page = h.page;
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 60_000 }),
      page.getByTestId('export-docx').click(),
    ]);
    assert.match(download.suggestedFilename(), /\.docx$/);
    const buf = readFileSync((await download.path())!);
    assert.ok(buf.length > 1000, `DOCX size ${buf.length}`);
    assert.equal(buf.subarray(0, 2).toString('latin1'), 'PK');
    const text = strFromU8(unzipSync(new Uint8Array(buf))['word/document.xml']!).replace(/<[^>]+>/g, '');
    for (const s of ['244', '716', NARRATIVE, BOLD]) assert.ok(text.includes(s), `the DOCX holds "${s}"`);
    await page.locator('[data-testid="job-docx"][data-state="done"]').waitFor();
    assert.match(await page.getByTestId('job-docx-state').innerText(), /Đã tạo xong tệp DOCX/);
    await page
      .getByTestId('job-docx-progress')
      .getByText('100%')
      .waitFor()
      .catch(() => {});

    // PDF: start, see it running, cancel
    const jobReq = page.waitForResponse(
      (r) => r.url().endsWith('/api/reports/periodic/exports') && r.request().method() === 'POST',
    );
    await page.getByTestId('export-pdf').click();
    const { jobId } = (await (await jobReq).json()) as { jobId: string };
    await page.getByTestId('job-pdf').waitFor();
    assert.match((await page.getByTestId('job-pdf').getAttribute('data-state'))!, /queued|running/);
    await page.screenshot({ path: join(SCREENS, 'periodic-pdf-running.png') });
    await page.getByTestId('job-pdf-cancel').click();
    await page.locator('[data-testid="job-pdf"][data-state="cancelled"]').waitFor();
    assert.match(await page.getByTestId('job-pdf-state').innerText(), /Đã hủy xuất tệp PDF/);
    assert.equal(await page.getByTestId('job-pdf-cancel').count(), 0);
    const job = await h.context.request.get(`/api/jobs/${jobId}`);
    assert.equal(((await job.json()) as { state: string }).state, 'cancelled');
    await page.screenshot({ path: join(SCREENS, 'periodic-exports.png') });

    assert.deepEqual(h.consoleErrors, []);
  })();
});
