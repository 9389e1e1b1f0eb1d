/**
 * Demo notices (review NU1/NU2, src/modules/notifications/reminders/demo.ts) on the demo data: the bells of
 * the demo's Office, agency and reception users are not empty, one demo failed delivery shows a 550 with no
 * address, a second load does nothing; and the demo's dated case of review NU4 (QNG-NV-2022-0214, deadline
 * 05/09/2022: on 09/09/2022 as many working days overdue as the calendar says).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../src/db/engine.ts';
import { CalendarService } from '../../src/kernel/calendar/service.ts';
import type { CalendarSnapshot } from '../../src/kernel/calendar/index.ts';
import { loadReminderDemo } from '../../src/modules/notifications/reminders/demo.ts';
import { previewHits } from '../../src/modules/notifications/reminders/scan.ts';
import { loadRules } from '../../src/modules/notifications/reminders/store.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let db: Db;
let cal: CalendarSnapshot;

before(async () => {
  t = await startTestApp();
  db = t.database.db;
  cal = await (await CalendarService.open(db)).current();
});
after(() => t?.close());

test('deadline 05/09/2022 (QNG-NV-2022-0214): on 09/09/2022 overdue by the calendar’s working days', async () => {
  const [task] = await queryRows<{ id: string; deadline: string }>(
    db,
    sql`SELECT id::text AS id, COALESCE(current_deadline, deadline)::text AS deadline FROM tasks
      WHERE ref = 'QNG-NV-2022-0214'`,
  );
  assert.ok(task, 'demo task');
  const admin = await t.login('admin');
  const between = await admin.get(`/api/calendar/working-days-between?from=${task.deadline}&to=2022-09-09`);
  assert.equal(between.status, 200);
  const rules = (await loadRules(db, { enabledOnly: true })).filter((r) => r.id === 'task.deadline');
  const { hits } = await previewHits(db, cal, '2022-09-09', rules, 100_000);
  const h = hits.find((x) => x.itemId === task.id && x.step === 'overdue');
  assert.ok(h, 'reminded on 09/09');
  assert.equal(h.k, between.body.days);
  if (task.deadline === '2022-09-05') assert.equal(h.k, 4);
});

test('a fresh demo gets notices in the bells, e-mail addresses and one demo failed delivery; once', async () => {
  const logs: string[] = [];
  const t0 = performance.now();
  assert.equal(await loadReminderDemo(db, cal, (m) => logs.push(m)), true);
  const ms = performance.now() - t0;
  assert.ok(
    logs.some((l) => l.startsWith('demo reminders 2022-09-15')),
    logs.join('\n'),
  );
  const bells = await queryRows<{ username: string; n: number }>(
    db,
    sql`SELECT u.username, count(*)::int AS n FROM notifications n JOIN users u ON u.id = n.user_id
      GROUP BY 1`,
  );
  const by = new Map(bells.map((b) => [b.username, Number(b.n)]));
  for (const u of ['office.specialist', 'office.leader', 'agency.leader', 'reception.officer'])
    assert.ok((by.get(u) ?? 0) > 0, `${u}: ${JSON.stringify(bells)}`);
  const [mail] = await queryRows<{ email: string | null }>(
    db,
    sql`SELECT email FROM users WHERE username = 'office.leader'`,
  );
  assert.equal(mail?.email, 'office.leader@quangngai.example');
  // the demo failed delivery: dead, with its events, the error says 550 and has no address
  const failed = await queryRows<{ id: string; address: string; last_error: string; dead: boolean }>(
    db,
    sql`SELECT id::text AS id, address, last_error, dead FROM outbox_messages WHERE state = 'failed'`,
  );
  assert.equal(failed.length, 1);
  const f = failed[0]!;
  assert.equal(f.dead, true);
  assert.match(f.last_error, /^SMTP 550: .*demo data\)$/);
  assert.ok(!f.last_error.includes('@') && !f.last_error.includes(f.address));
  const ev = await queryRows<{ to_state: string; reason: string | null }>(
    db,
    sql`SELECT to_state, reason FROM outbox_events WHERE message_id = ${f.id}::uuid ORDER BY at`,
  );
  assert.deepEqual(
    ev.slice(-2).map((e) => e.to_state),
    ['sending', 'failed'],
  );
  assert.ok(!ev.some((e) => e.reason?.includes('@')));
  const office = await t.login('office.specialist');
  const list = await office.get('/api/outbox?state=failed');
  assert.equal(list.status, 200, JSON.stringify(list.body));
  // once: a second load changes nothing
  const before2 = await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM notifications`);
  assert.equal(await loadReminderDemo(db, cal), false);
  const after2 = await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM notifications`);
  assert.deepEqual(after2, before2);
  console.log(`demo notices: ${ms.toFixed(0)} ms; bells ${JSON.stringify(Object.fromEntries(by))}`);
});
