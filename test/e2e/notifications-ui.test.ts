/**
 * End-to-end: the notification UI (issue 7 §6) on the demo data in Debian's Chromium.
 * - The bell: notices written for the agency leader show as the badge count; the panel lists the latest
 *   10 (unread in bold); a click marks one read, opens its link and the count drops; "mark all read" → 0;
 *   the list page pages by cursor ("Tải thêm"); the agency leader has no reminder-rule or failed-delivery
 *   menu entries.
 * - Preferences: e-mail mode and a muted kind are saved and read back from the API.
 * - Reminder rules (admin): rules grouped by kind with a readable summary; an edit needs a reason and
 *   changes the summary; the preview of a working date lists who is reminded and why; a Sunday shows the
 *   day-off note and no rows.
 * - Failed deliveries (Office leader): a failed outbox row shows with its error; the drawer lists its
 *   history; resend puts it back in the queue (not `failed` in the database). The Office leader reads
 *   the reminder rules without edit buttons.
 *
 * Run: `node scripts/test.mjs notifications-ui`. Screenshots land in tmp/screens/.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { queryRows } from '../../src/db/engine.ts';
import { ADMIN_PASSWORD } from '../helpers/app.ts';
import { SCREENS, startBrowser, type BrowserHarness } from '../helpers/browser.ts';

let h: BrowserHarness;
let page: Page;

before(async () => {
  h = await startBrowser({ screenshotPrefix: 'notifications-' });
  page = h.page;
});
after(async () => {
  await h?.close();
});

const LONG_ADDRESS = 'van.thu.so.nong.nghiep.va.phat.trien.nong.thon.tinh.quang.ngai@snnptnt.example.vn';
const shot = (name: string, fn: () => Promise<void>) => () => h.shot(name, fn)();
const db = () => h.app.database.db;

/** Signs `username` in, after signing out whoever a failed earlier test left signed in. */
async function signIn(username: string, password?: string) {
  await page.goto('/');
  await page.getByTestId('login-submit').or(page.getByTestId('logout')).first().waitFor();
  if (await page.getByTestId('logout').isVisible()) await h.logout();
  await h.login(username, password);
}

/** Waits until the bell shows `n` unread. */
async function bellCount(n: number) {
  await page.locator(`[data-testid="notif-bell"][data-count="${n}"]`).waitFor();
}

async function unreadInDb(username: string): Promise<number> {
  const [r] = await queryRows<{ n: number }>(
    db(),
    sql`SELECT count(*)::int AS n FROM notifications n JOIN users u ON u.id = n.user_id
        WHERE u.username = ${username} AND n.read_at IS NULL`,
  );
  return Number(r!.n);
}

test(
  'the bell: badge, latest 10, mark one read → count drops, mark all, the list pages by cursor',
  shot('bell', async () => {
    const user = 'agency.leader';
    // 22 notices, one minute apart; the newest opens the calendar page
    await queryRows(
      db(),
      sql`INSERT INTO notifications (id, user_id, kind, item_type, title, body, link, dedupe_key, created_at)
          SELECT gen_random_uuid(), u.id, 'reminder.task.overdue', 'task',
                 'Nhiệm vụ quá hạn — thử nghiệm ' || g, 'Nội dung thông báo thử nghiệm số ' || g,
                 CASE WHEN g = 1 THEN '/calendar' ELSE '/tasks' END,
                 'e2e-bell-' || g, now() - make_interval(mins => g)
          FROM users u, generate_series(1, 22) g WHERE u.username = ${user}`,
    );
    const base = await unreadInDb(user);
    assert.ok(base >= 22, `22 unread notices written (${base})`);

    await signIn(user);
    await bellCount(base);
    // no Office-only entries for an agency leader; the notifications entry for everyone
    const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
    await nav.getByRole('link', { name: 'Thông báo' }).waitFor();
    assert.equal(await nav.getByRole('link', { name: 'Quy tắc nhắc việc' }).count(), 0);
    assert.equal(await nav.getByRole('link', { name: 'Gửi không thành công' }).count(), 0);

    await page.getByTestId('notif-bell').click();
    const panel = page.getByTestId('notif-panel');
    await panel.getByText('Nhiệm vụ quá hạn — thử nghiệm 1', { exact: true }).waitFor();
    const items = panel.locator('[data-testid^="notif-item-"]');
    assert.equal(await items.count(), 10, 'the latest 10');
    assert.equal(await panel.locator('[data-unread="true"]').count(), 10);
    // unread titles are bold; each notice says the day it is for and the time: "01/12/2026 · 2 phút trước"
    const weight = await panel
      .locator('.notif-unread .notif-title')
      .first()
      .evaluate((el) => getComputedStyle(el).fontWeight);
    assert.ok(Number(weight) >= 600, `bold title (${weight})`);
    const day = (ms: number) =>
      new Intl.DateTimeFormat('vi-VN', {
        timeZone: 'Asia/Ho_Chi_Minh',
        day: '2-digit',
        month: '2-digit',
        year: 'numeric',
      }).format(new Date(ms));
    const when = await panel.locator('.notif-time').nth(1).innerText();
    assert.match(when, /^\d{2}\/\d{2}\/\d{4} · \d+ phút trước$/);
    assert.ok([day(Date.now()), day(Date.now() - 5 * 60_000)].includes(when.slice(0, 10)), when);
    await page.screenshot({ path: join(SCREENS, 'notifications-bell.png') });

    // click → marked read, its link opened, the badge drops by one
    await items.first().click();
    await page.waitForURL(/\/calendar$/);
    await bellCount(base - 1);
    assert.equal(await unreadInDb(user), base - 1);

    // mark all read from the panel
    await page.getByTestId('notif-bell').click();
    await page.getByTestId('notif-mark-all').click();
    await bellCount(0);
    assert.equal(await unreadInDb(user), 0);

    // the list page: 20 first, then the rest by cursor; the unread filter is empty now
    await page.getByTestId('notif-view-all').click();
    await page.waitForURL(/\/notifications$/);
    const rows = page.locator('[data-testid^="notif-row-"]');
    await rows.first().waitFor();
    assert.equal(await rows.count(), 20);
    assert.match(await rows.first().getByTestId('notif-when').innerText(), /^\d{2}\/\d{2}\/\d{4} · /);
    await page.getByRole('button', { name: 'Tải thêm' }).click();
    await page.getByText('Nhiệm vụ quá hạn — thử nghiệm 22', { exact: true }).waitFor();
    assert.equal(await rows.count(), base);
    await page.getByTestId('notif-filter').getByText('Chưa đọc').click();
    await page.getByText('Không có thông báo chưa đọc.').waitFor();
    await h.logout();
  }),
);

test(
  'preferences: e-mail mode and a muted kind are saved',
  shot('prefs', async () => {
    await signIn('office.specialist');
    await page.goto('/settings/notifications');
    const form = page.getByTestId('notif-prefs-form');
    await form.waitFor();
    // in-app is always on; the address line says what is (or is not) on file
    assert.equal(await form.getByRole('checkbox', { name: 'Trong hệ thống' }).isDisabled(), true);
    await form
      .getByText(/Địa chỉ:|Chưa có địa chỉ e-mail/)
      .first()
      .waitFor();
    await form.getByText('Tóm tắt hằng ngày (một e-mail mỗi ngày)').click();
    const switches = form.locator('[data-testid^="pref-kind-"]');
    assert.ok((await switches.count()) > 0, 'mutable kinds are listed');
    const first = switches.first();
    const kind = (await first.getAttribute('data-testid'))!.slice('pref-kind-'.length);
    await first.click();
    await form.getByText('Luôn nhận').first().waitFor(); // escalations cannot be muted
    await page.getByTestId('notif-prefs-save').click();
    await page.getByText('Đã lưu cài đặt thông báo.').waitFor();
    const saved = await page.evaluate(async () => {
      const r = await fetch('/api/me/notification-preferences');
      return (await r.json()) as { emailMode: string; mutedKinds: string[] };
    });
    assert.equal(saved.emailMode, 'daily_digest');
    assert.deepEqual(saved.mutedKinds, [kind]);
    await h.logout();
  }),
);

test(
  'reminder rules (admin): summary, edit with a reason, preview of a working day and of a Sunday',
  shot('rules', async () => {
    await signIn('admin', ADMIN_PASSWORD);
    await page
      .getByRole('navigation', { name: 'Điều hướng chính' })
      .getByRole('link', { name: 'Quy tắc nhắc việc' })
      .click();
    await page.waitForURL(/\/admin\/reminder-rules/);
    await page.getByTestId('rules-task').waitFor();
    await page.getByTestId('rules-dossier').waitFor();
    await page.getByTestId('rules-petition').waitFor();
    // each clock summarised by what it means: receipt = the next working day after assignment; the
    // supplement clock counts the days waited since the request (no "overdue")
    assert.match(
      await page.getByTestId('rule-summary-task.receipt').innerText(),
      /^Ngày làm việc tiếp theo sau khi giao, nếu chưa tiếp nhận; qua /,
    );
    const supplement = await page.getByTestId('rule-summary-dossier.supplement').innerText();
    assert.match(supplement, /^Cứ 5 ngày làm việc một lần khi hồ sơ còn chờ công dân bổ sung/);
    assert.doesNotMatch(supplement, /quá hạn|đến hạn/);
    assert.match(
      await page.getByTestId('rule-summary-dossier.apology').innerText(),
      /^Cảnh báo trước 2 ngày làm việc so với ngày hẹn trả kết quả/,
    );
    const summary = page.getByTestId('rule-summary-task.deadline');
    assert.match(
      await summary.innerText(),
      /^Nhắc trước 3 và 1 ngày làm việc; vào ngày đến hạn; hằng ngày \(ngày làm việc\) khi quá hạn; chuyển lên lãnh đạo cơ quan sau \d+ ngày làm việc quá hạn/,
    );

    // edit: a reason is required; then the summary shows the new offsets
    await page.getByTestId('rule-edit-task.deadline').click();
    const drawer = page.getByRole('dialog');
    const before = drawer.locator('#definition_before');
    await before.fill('5');
    await before.press('Enter');
    await drawer.locator('.ant-select-selection-item[title="5"]').waitFor();
    await page.getByTestId('rule-save').click();
    await drawer.getByText('Nhập lý do thay đổi.').waitFor();
    await page.getByTestId('rule-reason').fill('Nhắc sớm hơn theo chỉ đạo của Chánh Văn phòng');
    await page.getByTestId('rule-save').click();
    await page.getByText('Đã lưu quy tắc.').waitFor();
    await page.getByText(/^Nhắc trước 5, 3 và 1 ngày làm việc;/).waitFor();

    // preview of a working day (Monday 30/11/2026): the demo's overdue open tasks are reminded
    const preview = page.getByTestId('reminder-preview');
    const picker = preview.locator('.ant-picker input');
    await picker.click();
    await picker.fill('30/11/2026');
    await picker.press('Enter');
    await preview.getByText('Ai sẽ được nhắc vào ngày 30/11/2026 và vì sao').waitFor();
    const rows = preview.locator('[data-testid="preview-table"] tbody tr.ant-table-row');
    await rows.first().waitFor();
    assert.ok((await rows.count()) > 0);
    const total = Number(/(\d+)/.exec(await preview.getByTestId('preview-total').innerText())![1]);
    assert.ok(total >= (await rows.count()), `total ${total}`);
    const firstRow = await rows.first().innerText();
    assert.match(firstRow, /Nhiệm vụ|Hồ sơ|Đơn thư/);
    assert.match(firstRow, /Trong hệ thống|E-mail/);
    await page.screenshot({ path: join(SCREENS, 'notifications-rules.png'), fullPage: true });

    // a Sunday: the day-off note and nobody (no default rule reminds on days off)
    await picker.click();
    await picker.fill('06/12/2026');
    await picker.press('Enter');
    await preview.getByTestId('preview-non-working').waitFor();
    await preview.getByText('Không có ai được nhắc vào ngày này.').waitFor();
    assert.match(await preview.getByTestId('preview-total').innerText(), /: 0$/);
    await h.logout();
  }),
);

test(
  'failed deliveries (Office leader): the row, its history, resend',
  shot('failed', async () => {
    const [row] = await queryRows<{ id: string }>(
      db(),
      sql`INSERT INTO outbox_messages (id, channel, recipient_type, address, kind, subject, body_text,
            dedupe_key, state, attempts, max_attempts, last_error, dead, failed_at)
          VALUES (gen_random_uuid(), 'email', 'agency', ${LONG_ADDRESS}, 'reminder.task.overdue',
            'Nhắc việc: nhiệm vụ quá hạn', 'Nội dung thư thử nghiệm', 'e2e-failed-1', 'failed', 5, 5,
            '550 5.1.1 mailbox unavailable', true, now())
          RETURNING id`,
    );
    const id = row!.id;
    await queryRows(
      db(),
      sql`INSERT INTO outbox_events (id, message_id, from_state, to_state, attempt, reason)
          VALUES (gen_random_uuid(), ${id}, 'sending', 'failed', 5, '550 5.1.1 mailbox unavailable')`,
    );

    await signIn('office.leader');
    await page
      .getByRole('navigation', { name: 'Điều hướng chính' })
      .getByRole('link', { name: 'Gửi không thành công' })
      .click();
    await page.waitForURL(/\/notifications\/failed/);
    const table = page.getByTestId('outbox-table');
    const tr = table.locator(`tr[data-row-key="${id}"]`);
    await tr.waitFor();
    const text = await tr.innerText();
    assert.match(text, /E-mail/);
    assert.match(text, /5\/5/);
    assert.match(text, /550 5\.1\.1 mailbox unavailable/);
    // the kind by its label, not its key; a long address is cut inside its column, not over the kind
    assert.match(text, /Nhiệm vụ: quá hạn/);
    assert.doesNotMatch(text, /reminder\.task\.overdue/);
    const address = page.getByTestId(`outbox-address-${id}`);
    const a = (await address.boundingBox())!;
    const k = (await page.getByTestId(`outbox-kind-${id}`).boundingBox())!;
    assert.ok(a.x + a.width <= k.x, `address ${a.x}+${a.width} ends before the kind at ${k.x}`);
    assert.ok(
      await address.evaluate((el) => el.scrollWidth > el.clientWidth),
      'the long address is cut with an ellipsis',
    );
    // the kind filter offers the kinds by their labels
    await page.getByTestId('outbox-kind').click();
    await page.locator('.ant-select-item-option[title="Nhiệm vụ: quá hạn"]').click();
    await page.waitForURL(/kind=reminder\.task\.overdue/);
    await tr.waitFor();
    await page.screenshot({ path: join(SCREENS, 'notifications-failed.png') });

    await page.getByTestId(`outbox-detail-${id}`).click();
    const drawer = page.getByTestId('outbox-drawer');
    await drawer.getByText('Nội dung thư thử nghiệm').waitFor();
    await drawer.getByTestId('outbox-events').getByText('Đang gửi → Không thành công').waitFor();
    await page.keyboard.press('Escape');

    await page.getByTestId(`outbox-resend-${id}`).click();
    await page.getByTestId('outbox-resend-ok').click();
    // the row leaves the failed list (the success toast lasts 3 s: on a loaded machine it can be gone before
    // it is looked for, so the row and the database state are what is checked)
    await tr.waitFor({ state: 'detached' });
    const [st] = await queryRows<{ state: string; attempts: number }>(
      db(),
      sql`SELECT state, attempts FROM outbox_messages WHERE id = ${id}`,
    );
    assert.notEqual(st!.state, 'failed');

    // the Office reads the reminder rules but cannot change them
    await page.goto('/admin/reminder-rules');
    await page.getByTestId('rules-task').waitFor();
    await page.getByText('Bạn chỉ xem được quy tắc; quản trị hệ thống mới sửa được.').waitFor();
    assert.equal(await page.locator('[data-testid^="rule-edit-"]').count(), 0);
    assert.equal(await page.locator('[data-testid^="rule-toggle-"]').count(), 0);
    await h.logout();
  }),
);

test('no console errors', () => {
  assert.deepEqual(h.consoleErrors, []);
});
