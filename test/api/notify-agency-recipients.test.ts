/**
 * notify() with an agency recipient (new-user review): the Office (VP) has no agency_leader / agency_staff
 * user, but its own users (office_leader) are its staff — they get the notice, not the follow-up list's
 * "[Thay cho …]" stand-in; an agency with no user at all still goes to the follow-up list.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { queryRows } from '../../src/db/engine.ts';
import { notify } from '../../src/modules/notifications/notify.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(() => t.close());

async function noticeUsers(key: string) {
  return queryRows<{ username: string; title: string }>(
    t.database.db,
    sql`SELECT u.username, n.title FROM notifications n JOIN users u ON u.id = n.user_id
        WHERE n.dedupe_key LIKE ${key + ':%'} ORDER BY u.username`,
  );
}

const request = (agencyCode: string, key: string) => ({
  kind: 'reminder.task.overdue',
  itemType: 'task' as const,
  itemIds: [randomUUID()],
  data: {
    ruleName: { vi: 'Nhắc hạn nhiệm vụ', en: 'Task deadline' },
    step: 'overdue',
    itemType: 'task',
    count: 1,
    items: [
      {
        id: randomUUID(),
        ref: 'QNG-NV-2022-0001',
        title: 'Nhiệm vụ thử',
        dueDate: '2022-09-01',
        overdueWorkingDays: 3,
      },
    ],
    recipientName: 'Cơ quan',
    reason: { vi: 'Quá hạn 3 ngày làm việc', en: '3 working days overdue' },
  },
  recipients: [{ kind: 'agency' as const, agencyCode }],
  channels: ['in_app' as const],
  dedupeKey: key,
});

test('the Office (VP) is reached through its own users, not through a stand-in', async () => {
  const key = `test:vp:${randomUUID()}`;
  await t.database.db.transaction((tx) => notify(tx, request('VP', key)));
  const rows = await noticeUsers(key);
  assert.deepEqual(
    rows.map((r) => r.username),
    ['office.leader'],
  );
  assert.ok(!rows.some((r) => r.title.startsWith('[Thay cho')), JSON.stringify(rows));
});

test('an agency with no user at all: the follow-up list gets the stand-in notice', async () => {
  const [ag] = await queryRows<{ code: string }>(
    t.database.db,
    sql`SELECT a.code FROM agencies a WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.agency_code = a.code)
        ORDER BY a.code LIMIT 1`,
  );
  assert.ok(ag);
  const key = `test:none:${randomUUID()}`;
  await t.database.db.transaction((tx) => notify(tx, request(ag.code, key)));
  const rows = await noticeUsers(key);
  assert.ok(rows.length >= 1);
  assert.ok(
    rows.every((r) => r.title.startsWith('[Thay cho')),
    JSON.stringify(rows),
  );
  assert.ok(rows.some((r) => r.username === 'office.specialist'));
});
