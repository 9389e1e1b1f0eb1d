/**
 * Reminders on a real database (issue 7 §2, §5, §6): the default task rule on dated cases, the escalation
 * ladder across weekends, Tết (the real 2026 calendar: Tết Bính Ngọ 17/02/2026, days off 14–22/02), the
 * dossier and petition clocks, the preview = the pass, idempotent passes, a crash between pass and dispatch,
 * an agency with no users, and the rules API (roles, validation with field paths, audit).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../src/db/engine.ts';
import { CalendarService } from '../../src/kernel/calendar/service.ts';
import type { CalendarSnapshot } from '../../src/kernel/calendar/index.ts';
import { previewHits, runReminderPass } from '../../src/modules/notifications/reminders/scan.ts';
import { dispatchReminders } from '../../src/modules/notifications/reminders/dispatch.ts';
import { loadRules } from '../../src/modules/notifications/reminders/store.ts';
import type { NoticeRequest } from '../../src/modules/notifications/types.ts';
import { timelinessAt } from '../../src/modules/tasks/timeliness.ts';
import { errorOf, startTestApp, type Client, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let db: Db;
let cal: CalendarSnapshot;
let admin: Client;
const ids: Record<string, string> = {};

async function task(
  key: string,
  f: {
    lead?: string;
    status?: string;
    deadline?: string | null;
    assigned?: string;
    assigner?: string | null;
  },
) {
  const id = randomUUID();
  ids[key] = id;
  await db.execute(sql`INSERT INTO tasks (id, ref, title, search_key, document_id, assigned_by, assigner_code,
      lead_agency_code, initial_lead_agency_code, assigned_date, deadline, status)
    VALUES (${id}::uuid, ${'REM-' + key}, ${'Nhiệm vụ thử ' + key}, ${'nhiem vu thu ' + key}, ${randomUUID()}::uuid,
      'chairman', ${f.assigner ?? 'CT'}, ${f.lead ?? 'REM-A'}, ${f.lead ?? 'REM-A'}, ${f.assigned ?? '2026-01-05'}::date,
      ${f.deadline ?? null}::date, ${f.status ?? 'in_progress'})`);
  return id;
}

/** The (step, recipient) pairs of one item in the preview hits of a date (task rules only). */
async function stepsOf(date: string, key: string, ruleId = 'task.deadline') {
  const rules = (await loadRules(db, { enabledOnly: true })).filter((r) => r.id === ruleId);
  const { hits } = await previewHits(db, cal, date, rules, 100_000);
  return hits
    .filter((h) => h.itemId === ids[key])
    .map((h) => `${h.step}>${h.recipient}`)
    .sort();
}

before(async () => {
  t = await startTestApp();
  db = t.database.db;
  cal = await (await CalendarService.open(db)).current();
  admin = await t.login('admin');
  // an agency with no user account (reminded through its leader's address), one for the assigner with a user
  await db.execute(sql`INSERT INTO agencies (code, name, kind, parent_code, valid_from, search_key, leader_email)
    VALUES ('REM-A', 'Sở Thử nghiệm nhắc việc', 'department', 'UBND', '2020-01-01', 'so thu nghiem', 'lanhdao.rem-a@quangngai.example')`);
  await db.execute(sql`INSERT INTO users (id, username, display_name, password_hash, roles, agency_code)
    VALUES (${randomUUID()}::uuid, 'pct.test', 'Phó Chủ tịch (thử)', 'x', '{agency_leader}', 'PCT-TT')`);
  await task('T1', { deadline: '2026-03-10' });
  await task('T1b', { deadline: '2026-03-10', assigner: 'PCT-TT', lead: 'SNNPTNT' });
  await task('CLOSURE', { deadline: '2026-03-10', status: 'awaiting_closure' });
  await task('STOPPED', { deadline: '2026-03-10', status: 'stopped' });
  await task('DONE', { deadline: '2026-03-10', status: 'completed' });
  await task('TET', { deadline: '2026-02-18' });
  await task('BEFORE_TET', { deadline: '2026-02-12' });
  await task('RECEIPT', { deadline: null, status: 'awaiting_receipt', assigned: '2026-02-13' });
  await task('SAT', { deadline: '2026-03-14' });
});
after(() => t?.close());

test('the default task rule: 3 and 1 working days before, on due, then daily on working days while overdue', async () => {
  // due Tue 10/03/2026: before 3 = Thu 05/03, before 1 = Mon 09/03
  assert.deepEqual(await stepsOf('2026-03-05', 'T1'), ['before_3>agency:REM-A']);
  assert.deepEqual(await stepsOf('2026-03-06', 'T1'), []);
  assert.deepEqual(await stepsOf('2026-03-09', 'T1'), ['before_1>agency:REM-A']);
  assert.deepEqual(await stepsOf('2026-03-10', 'T1'), ['on_due>agency:REM-A']);
  assert.deepEqual(await stepsOf('2026-03-11', 'T1'), ['overdue>agency:REM-A']);
  assert.deepEqual(await stepsOf('2026-03-13', 'T1'), ['overdue>agency:REM-A']);
  // the weekend: nothing; Monday: overdue again
  assert.deepEqual(await stepsOf('2026-03-14', 'T1'), []);
  assert.deepEqual(await stepsOf('2026-03-15', 'T1'), []);
  assert.deepEqual(await stepsOf('2026-03-16', 'T1'), ['overdue>agency:REM-A']);
  // reported done (awaiting closure), stopped, completed: no reminder at all
  for (const key of ['CLOSURE', 'STOPPED', 'DONE'])
    for (const d of ['2026-03-05', '2026-03-09', '2026-03-10', '2026-03-11', '2026-03-17'])
      assert.deepEqual(await stepsOf(d, key), [], `${key} ${d}`);
});

test('the escalation ladder: 5 → agency leader, 10 → Office leader, 15 → the assigning leader (across weekends)', async () => {
  // due Tue 10/03: 5 working days overdue = Tue 17/03, 10 = Tue 24/03, 15 = Tue 31/03 (weekends skipped)
  assert.deepEqual(await stepsOf('2026-03-17', 'T1'), ['escalation_1>agency:REM-A', 'overdue>agency:REM-A']);
  assert.deepEqual(await stepsOf('2026-03-18', 'T1'), ['overdue>agency:REM-A']);
  assert.deepEqual(await stepsOf('2026-03-24', 'T1'), [
    'escalation_2>role:office_leader',
    'overdue>agency:REM-A',
  ]);
  // the chairman (CT) has no user account: the Office leaders and the Office's follow-up list
  assert.deepEqual(await stepsOf('2026-03-31', 'T1'), [
    'escalation_3>office:followup',
    'escalation_3>role:office_leader',
    'overdue>agency:REM-A',
  ]);
  // a vice-chairman with a user account: his unit
  assert.deepEqual(await stepsOf('2026-03-31', 'T1b'), [
    'escalation_3>agency:PCT-TT',
    'overdue>agency:SNNPTNT',
  ]);
  assert.deepEqual(await stepsOf('2026-04-01', 'T1'), ['overdue>agency:REM-A']);
});

test('a deadline is compared as is (README; the task table): a Saturday deadline is due on the Friday, overdue on Monday', async () => {
  // due Sat 14/03/2026: 1 working day before = Thu 12/03, "due" = Fri 13/03 (the last working day before it),
  // 1 working day overdue on Mon 16/03, escalation 1 (5 working days) on Fri 20/03
  assert.deepEqual(await stepsOf('2026-03-12', 'SAT'), ['before_1>agency:REM-A']);
  assert.deepEqual(await stepsOf('2026-03-13', 'SAT'), ['on_due>agency:REM-A']);
  assert.deepEqual(await stepsOf('2026-03-16', 'SAT'), ['overdue>agency:REM-A']);
  assert.deepEqual(await stepsOf('2026-03-20', 'SAT'), ['escalation_1>agency:REM-A', 'overdue>agency:REM-A']);
  // the overdue count = the calendar's working days between the deadline and the date; the reminder is
  // "overdue" exactly when the task table says so (src/modules/tasks/timeliness.ts)
  const rules = (await loadRules(db, { enabledOnly: true })).filter((r) => r.id === 'task.deadline');
  for (const [key, due] of [
    ['SAT', '2026-03-14'],
    ['T1', '2026-03-10'],
  ] as const)
    for (const date of ['2026-03-09', '2026-03-10', '2026-03-12', '2026-03-13', '2026-03-16', '2026-03-20']) {
      const { hits } = await previewHits(db, cal, date, rules, 100_000);
      const h = hits.find((x) => x.itemId === ids[key] && !x.step.startsWith('escalation'));
      const open = timelinessAt({ status: 'in_progress', deadline: due, finishDate: null }, date);
      if (date > due) {
        const between = await admin.get(`/api/calendar/working-days-between?from=${due}&to=${date}`);
        assert.equal(between.status, 200);
        assert.equal(h?.k, between.body.days, `${key} ${date}`);
        assert.equal(h?.step, 'overdue', `${key} ${date}`);
      }
      assert.equal(
        open === 'overdue',
        (h?.k ?? -1) > 0,
        `${key} ${date}: task table ${open}, reminder ${h?.step}`,
      );
    }
  // the preview says why a Friday is "due" for a Saturday deadline
  const fri = await admin.get('/api/reminders/preview?date=2026-03-13&ruleId=task.deadline&limit=5000');
  const row = fri.body.reminders.find((x: { itemId: string }) => x.itemId === ids.SAT);
  assert.equal(row.step, 'on_due');
  assert.equal(row.reason.vi, 'Hạn 14/03/2026 là ngày nghỉ: hôm nay là ngày làm việc cuối cùng trước hạn');
  const tue = fri.body.reminders.find((x: { itemId: string }) => x.itemId === ids.T1);
  assert.equal(tue.step, 'overdue');
});

test('Tết 2026: a deadline on Tết is due on the last working day before it; the preview on Tết is empty', async () => {
  // the calendar in the database: 14–22/02/2026 are days off, 23/02 is the first working day after Tết
  for (const d of ['2026-02-14', '2026-02-16', '2026-02-17', '2026-02-20', '2026-02-22'])
    assert.equal(cal.working[Math.round(Date.parse(d) / 86_400_000) - cal.startDn], 0, d);
  // due on 18/02 (Tết): "due" on Fri 13/02, 1 working day before = Thu 12/02, 1 working day overdue on 23/02
  assert.deepEqual(await stepsOf('2026-02-12', 'TET'), ['before_1>agency:REM-A']);
  assert.deepEqual(await stepsOf('2026-02-13', 'TET'), ['on_due>agency:REM-A']);
  assert.deepEqual(await stepsOf('2026-02-18', 'TET'), []);
  assert.deepEqual(await stepsOf('2026-02-23', 'TET'), ['overdue>agency:REM-A']);
  // due Thu 12/02: overdue Fri 13/02, then nothing during Tết, overdue again on 23/02 (2 working days)
  assert.deepEqual(await stepsOf('2026-02-13', 'BEFORE_TET'), ['overdue>agency:REM-A']);
  assert.deepEqual(await stepsOf('2026-02-19', 'BEFORE_TET'), []);
  assert.deepEqual(await stepsOf('2026-02-23', 'BEFORE_TET'), ['overdue>agency:REM-A']);
  // assigned Fri 13/02 and not received: the receipt reminder on the first working day after Tết
  assert.deepEqual(await stepsOf('2026-02-16', 'RECEIPT', 'task.receipt'), []);
  assert.deepEqual(await stepsOf('2026-02-23', 'RECEIPT', 'task.receipt'), ['receipt>agency:REM-A']);
  assert.deepEqual(await stepsOf('2026-02-24', 'RECEIPT', 'task.receipt'), []);

  const r = await admin.get('/api/reminders/preview?date=2026-02-17');
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, { date: '2026-02-17', working: false, reminders: [], total: 0, truncated: false });
  const w = await admin.get('/api/reminders/preview?date=2026-02-23&itemType=task&limit=5000');
  assert.equal(w.status, 200);
  assert.equal(w.body.working, true);
  const mine = w.body.reminders.filter((x: { itemId: string }) => x.itemId === ids.TET);
  assert.deepEqual(
    mine.map((x: { channel: string; step: string; recipient: string; rule: string }) => [
      x.rule,
      x.step,
      x.recipient,
      x.channel,
    ]),
    [
      ['task.deadline', 'overdue', 'agency:REM-A', 'in_app'],
      ['task.deadline', 'overdue', 'agency:REM-A', 'email'],
    ],
  );
  assert.equal(mine[0].itemType, 'task');
  assert.equal(mine[0].recipientName, 'Sở Thử nghiệm nhắc việc');
  assert.equal(mine[0].reason.vi, 'Quá hạn 1 ngày làm việc');
  assert.equal(mine[0].dueDate, '2026-02-18');
});

test('dossier step, apology and supplement clocks; petition clocks go to the reception board without a handler', async () => {
  const [d] = await queryRows<{ id: string }>(
    db,
    sql`SELECT id::text AS id FROM dossiers ORDER BY code LIMIT 1`,
  );
  const [d2] = await queryRows<{ id: string }>(
    db,
    sql`SELECT id::text AS id FROM dossiers ORDER BY code OFFSET 1 LIMIT 1`,
  );
  await db.execute(sql`UPDATE dossiers SET status = 'processing', processing_agency_code = 'SNNPTNT',
      appointment_at = '2026-03-12T17:00:00+07:00', apology_at = NULL WHERE id = ${d!.id}::uuid`);
  await db.execute(sql`INSERT INTO dossier_steps (id, dossier_id, seq, kind, name, agency_code, started_at, due_at)
    VALUES (${randomUUID()}::uuid, ${d!.id}::uuid, 999, 'internal', 'Thẩm định', 'SNNPTNT', '2026-03-02T08:00:00+07:00',
      '2026-03-11T17:00:00+07:00')`);
  await db.execute(sql`UPDATE dossiers SET status = 'supplement_requested', updated_at = '2026-03-02T09:00:00+07:00'
    WHERE id = ${d2!.id}::uuid`);
  await db.execute(
    sql`DELETE FROM dossier_events WHERE dossier_id = ${d2!.id}::uuid AND to_status = 'supplement_requested'`,
  );
  const [p] = await queryRows<{ id: string }>(
    db,
    sql`SELECT id::text AS id FROM petitions ORDER BY code LIMIT 1`,
  );
  await db.execute(sql`INSERT INTO petition_deadlines (id, petition_id, clock, start_date, due_date, "limit", source, state, agency_code)
    VALUES (${randomUUID()}::uuid, ${p!.id}::uuid, 'answer', '2026-02-26', '2026-03-12', '{"value":10,"unit":"working_days"}',
      'Luật Tiếp công dân 2013 Art 28', 'open', 'SNNPTNT')`);
  ids.D = d!.id;
  ids.D2 = d2!.id;
  ids.P = p!.id;
  const rules = await loadRules(db, { enabledOnly: true });
  const on = async (date: string, key: string) =>
    (await previewHits(db, cal, date, rules, 100_000)).hits
      .filter((h) => h.itemId === ids[key])
      .map((h) => `${h.ruleId}:${h.step}>${h.recipient}`)
      .sort();
  // appointment Thu 12/03: warning Tue 10/03 (2 working days before), "apology due" Wed 11/03; step due 11/03
  assert.deepEqual(await on('2026-03-10', 'D'), [
    'dossier.apology:apology_warning_2>agency:SNNPTNT',
    'dossier.step:before_1>agency:SNNPTNT',
  ]);
  assert.deepEqual(await on('2026-03-11', 'D'), [
    'dossier.apology:apology_due_1>agency:SNNPTNT',
    'dossier.step:on_due>agency:SNNPTNT',
  ]);
  assert.deepEqual(await on('2026-03-12', 'D'), ['dossier.step:overdue>agency:SNNPTNT']);
  // supplement requested Mon 02/03: every 5 working days of waiting (09/03, 16/03)
  assert.deepEqual(await on('2026-03-06', 'D2'), []);
  const [rb] = await queryRows<{ b: string }>(
    db,
    sql`SELECT receiving_body_code AS b FROM dossiers WHERE id = ${d2!.id}::uuid`,
  );
  assert.deepEqual(await on('2026-03-09', 'D2'), [`dossier.supplement:supplement>agency:${rb!.b}`]);
  assert.deepEqual(await on('2026-03-16', 'D2'), [`dossier.supplement:supplement>agency:${rb!.b}`]);
  // petition: 2 working days before (10/03), on due (12/03); SNNPTNT has no petition handler → reception board
  const pet = (xs: string[]) => xs.filter((x) => x.includes('answer') || x.startsWith('petition.'));
  assert.ok((await on('2026-03-10', 'P')).includes('petition.clocks:before_2>role:reception_officer'));
  assert.ok(pet(await on('2026-03-12', 'P')).includes('petition.clocks:on_due>role:reception_officer'));
});

test('the pass writes what the preview shows; a re-run adds nothing; a crash before dispatch loses nothing', async () => {
  const date = '2026-03-17';
  const rules = await loadRules(db, { enabledOnly: true });
  const first = await runReminderPass(db, cal, date);
  assert.ok(first.inserted > 0);
  const again = await runReminderPass(db, cal, date);
  assert.equal(again.inserted, 0);
  assert.equal(again.reminders, first.reminders);
  const rows = await queryRows<{
    rule_id: string;
    step: string;
    recipient: string;
    item_ids: string[];
    item_count: number;
  }>(
    db,
    sql`SELECT rule_id, step, recipient, item_ids, item_count FROM reminders WHERE run_date = ${date}::date`,
  );
  assert.equal(rows.length, first.reminders);
  // preview = pass: the same (rule, step, recipient) → items
  const { hits } = await previewHits(db, cal, date, rules, 1_000_000);
  const fromPreview = new Map<string, Set<string>>();
  for (const h of hits) {
    const k = `${h.ruleId}|${h.step}|${h.recipient}`;
    if (!fromPreview.has(k)) fromPreview.set(k, new Set());
    fromPreview.get(k)!.add(h.itemId);
  }
  const fromPass = new Map(rows.map((r) => [`${r.rule_id}|${r.step}|${r.recipient}`, new Set(r.item_ids)]));
  assert.deepEqual([...fromPass.keys()].sort(), [...fromPreview.keys()].sort());
  for (const [k, v] of fromPass) assert.deepEqual([...v].sort(), [...fromPreview.get(k)!].sort(), k);
  for (const r of rows) assert.equal(r.item_count, r.item_ids.length);
  assert.ok(fromPass.get('task.deadline|escalation_1|agency:REM-A')!.has(ids.T1!));

  // "crash" between the pass and the dispatch: nothing dispatched yet. A dispatch that fails on one row
  // leaves that row for the next run; the next run dispatches everything, once.
  const seen: NoticeRequest[] = [];
  let failOnce = true;
  const res1 = await dispatchReminders(db, cal, {
    notify: async (_tx, req) => {
      if (failOnce && req.data.step === 'escalation_1') {
        failOnce = false;
        throw new Error('crash');
      }
      seen.push(req);
      return { notifications: 1, outbox: 0 };
    },
  });
  assert.equal(res1.failed, 1);
  assert.equal(res1.dispatched, rows.length - 1);
  const [{ n }] = (await queryRows<{ n: number }>(
    db,
    sql`SELECT count(*)::int AS n FROM reminders WHERE run_date = ${date}::date AND dispatched_at IS NULL`,
  )) as [{ n: number }];
  assert.equal(n, 1);
  const esc = seen.find(
    (r) => r.data.step === 'overdue' && (r.recipients[0] as { agencyCode?: string }).agencyCode === 'REM-A',
  )!;
  assert.equal(esc.kind, 'reminder.task.overdue');
  assert.equal(esc.urgent, false);
  assert.deepEqual(esc.recipients, [
    { kind: 'agency', agencyCode: 'REM-A', roles: ['agency_leader', 'agency_staff'] },
  ]);
  assert.ok(esc.dedupeKey.startsWith('rem:'));
  // several items: the task list filtered to them (review NU5), not the whole list
  const link = new URL(esc.link!, 'http://x');
  assert.equal(link.pathname, '/tasks');
  assert.equal(link.searchParams.get('agency'), 'REM-A');
  assert.equal(link.searchParams.get('timeliness'), 'overdue');
  assert.equal(link.searchParams.get('status'), 'in_progress');
  assert.equal(link.searchParams.get('asOf'), date);
  assert.equal(link.searchParams.get('deadlineTo'), '2026-03-14');
  const one = seen.find((r) => r.itemIds?.length === 1 && r.itemType === 'task')!;
  assert.equal(one.link, `/tasks/${one.itemIds![0]}`);
  const data = esc.data as {
    items: { id: string; overdueWorkingDays: number; ref: string }[];
    count: number;
    reason: { vi: string };
  };
  assert.ok(data.items.some((i) => i.id === ids.T1 && i.overdueWorkingDays === 5 && i.ref === 'REM-T1'));
  assert.ok(data.items.length <= 20 && data.count >= data.items.length);

  // the real notify() through the API: the missed row goes now, nothing twice
  const run = await admin.post('/api/reminders/run', { date });
  assert.equal(run.status, 200, JSON.stringify(run.body));
  assert.equal(run.body.inserted, 0);
  assert.equal(run.body.dispatched, 1);
  assert.equal(run.body.failed, 0);
  const run2 = await admin.post('/api/reminders/run', { date });
  assert.equal(run2.body.dispatched, 0);
});

test('an agency with no users is still reminded: its leader\u2019s address and the Office follow-up list', async () => {
  const date = '2026-03-18';
  const run = await admin.post('/api/reminders/run', { date });
  assert.equal(run.status, 200, JSON.stringify(run.body));
  assert.equal(run.body.failed, 0);
  const [rem] = await queryRows<{ id: string }>(
    db,
    sql`SELECT id::text AS id FROM reminders WHERE run_date = ${date}::date AND rule_id = 'task.deadline'
      AND step = 'overdue' AND recipient = 'agency:REM-A' AND dispatched_at IS NOT NULL`,
  );
  assert.ok(rem);
  const mail = await queryRows<{ address: string; channel: string; kind: string }>(
    db,
    sql`SELECT address, channel, kind FROM outbox_messages WHERE dedupe_key LIKE ${'rem:' + rem.id + '%'}`,
  );
  assert.deepEqual(
    mail.map((m) => [m.channel, m.address, m.kind]),
    [['email', 'lanhdao.rem-a@quangngai.example', 'reminder.task.overdue']],
  );
  const inapp = await queryRows<{ username: string }>(
    db,
    sql`SELECT u.username FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.reminder_id = ${rem.id}::uuid`,
  );
  assert.ok(
    inapp.some((u) => u.username === 'office.specialist'),
    JSON.stringify(inapp),
  );
});

test('rules API: list, roles, validation with field paths, audited change, new rule', async () => {
  const spec = await t.login('office.specialist');
  const list = await spec.get('/api/reminder-rules');
  assert.equal(list.status, 200);
  assert.deepEqual(list.body.items.map((r: { id: string }) => r.id).sort(), [
    'dossier.apology',
    'dossier.step',
    'dossier.supplement',
    'petition.clocks',
    'task.deadline',
    'task.receipt',
  ]);
  const agency = await t.login('agency.staff');
  assert.equal((await agency.get('/api/reminder-rules')).status, 403);
  assert.equal((await agency.get('/api/reminders/preview?date=2026-03-10')).status, 403);
  assert.equal((await spec.post('/api/reminders/run', { date: '2026-03-10' })).status, 403);

  const rule = list.body.items.find((r: { id: string }) => r.id === 'task.deadline');
  const body = {
    name: rule.name,
    definition: { ...rule.definition, before: [5, 1] },
    enabled: true,
    reason: 'Nhắc sớm hơn theo chỉ đạo',
  };
  assert.equal((await spec.req('PUT', '/api/reminder-rules/task.deadline', body)).status, 403);
  const bad = await admin.req('PUT', '/api/reminder-rules/task.deadline', {
    ...body,
    definition: { ...rule.definition, before: [0] },
  });
  assert.equal(bad.status, 400);
  assert.equal(errorOf(bad).path, 'definition.before.0');
  const order = await admin.req('PUT', '/api/reminder-rules/task.deadline', {
    ...body,
    definition: {
      ...rule.definition,
      escalation: [
        { afterWorkingDays: 10, to: 'agency_leader' },
        { afterWorkingDays: 5, to: 'office_leader' },
      ],
    },
  });
  assert.equal(order.status, 400);
  assert.equal(errorOf(order).path, 'definition.escalation.1.afterWorkingDays');
  assert.equal((await admin.req('PUT', '/api/reminder-rules/nope', body)).status, 404);
  assert.equal(
    (await admin.req('PUT', '/api/reminder-rules/task.deadline', { ...body, reason: undefined })).status,
    400,
  );
  assert.equal(errorOf(await admin.get('/api/reminders/preview?date=2026-02-30')).path, 'date');

  const ok = await admin.req('PUT', '/api/reminder-rules/task.deadline', body);
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  assert.deepEqual(ok.body.definition.before, [5, 1]);
  const audit = await queryRows<{ reason: string; action: string }>(
    db,
    sql`SELECT reason, action FROM audit_events WHERE entity_type = 'reminder_rule' AND entity_id = 'task.deadline'`,
  );
  assert.deepEqual(audit, [{ reason: 'Nhắc sớm hơn theo chỉ đạo', action: 'update' }]);
  // the change is used at once: 5 working days before 10/03 = Tue 03/03
  assert.deepEqual(await stepsOf('2026-03-03', 'T1'), ['before_5>agency:REM-A']);
  assert.deepEqual(await stepsOf('2026-03-05', 'T1'), []);

  // the web client's shape: flat names and the read-only fields sent back
  const flat = await admin.req('PUT', '/api/reminder-rules/task.receipt', {
    ...list.body.items.find((r: { id: string }) => r.id === 'task.receipt'),
    name: undefined,
    id: undefined,
    nameVi: 'Nhắc tiếp nhận',
    nameEn: 'Receipt reminder',
    reason: 'Đổi tên',
  });
  assert.equal(flat.status, 200, JSON.stringify(flat.body));
  assert.equal(flat.body.nameVi, 'Nhắc tiếp nhận');
  assert.deepEqual(flat.body.name, { vi: 'Nhắc tiếp nhận', en: 'Receipt reminder' });
  assert.ok(flat.body.updatedAt);
  // version check (adversarial review F8): the updatedAt read before that change is stale now
  const receipt = list.body.items.find((r: { id: string }) => r.id === 'task.receipt');
  const stale = await admin.req('PUT', '/api/reminder-rules/task.receipt', {
    name: receipt.name,
    definition: receipt.definition,
    enabled: true,
    updatedAt: receipt.updatedAt,
    reason: 'Sửa trên bản cũ',
  });
  assert.equal(stale.status, 409);
  assert.equal(errorOf(stale).code, 'stale');
  assert.match(errorOf(stale).message, /tải lại/);
  const fresh = await admin.req('PUT', '/api/reminder-rules/task.receipt', {
    name: receipt.name,
    definition: receipt.definition,
    enabled: true,
    updatedAt: flat.body.updatedAt,
    reason: 'Sửa trên bản mới',
  });
  assert.equal(fresh.status, 200, JSON.stringify(fresh.body));
  assert.notEqual(fresh.body.updatedAt, flat.body.updatedAt);
  // F10: the role before the body (403, not 400), roles that make sense, a matching top-level itemType
  const agencyLeader = await t.login('agency.leader');
  assert.equal((await agency.req('PUT', '/api/reminder-rules/task.deadline', { junk: 1 })).status, 403);
  assert.equal((await agencyLeader.post('/api/reminder-rules', { junk: 1 })).status, 403);
  const admins = await admin.req('PUT', '/api/reminder-rules/task.deadline', {
    ...body,
    definition: { ...rule.definition, recipients: { roles: ['admin', 'admin', 'admin'] } },
  });
  assert.equal(admins.status, 400);
  assert.equal(errorOf(admins).path, 'definition.recipients.roles.0');
  assert.match(errorOf(admins).message, /^Vai trò admin không nhận nhắc việc về nhiệm vụ/);
  const dupRoles = await admin.req('PUT', '/api/reminder-rules/task.deadline', {
    ...body,
    definition: { ...rule.definition, recipients: { roles: ['agency_leader', 'agency_leader'] } },
  });
  assert.equal(errorOf(dupRoles).path, 'definition.recipients.roles.1');
  assert.match(errorOf(dupRoles).message, /^Vai trò bị trùng/);
  const mismatch = await admin.req('PUT', '/api/reminder-rules/task.deadline', {
    ...body,
    itemType: 'petition',
  });
  assert.equal(mismatch.status, 400);
  assert.equal(errorOf(mismatch).path, 'itemType');

  const created = await admin.post('/api/reminder-rules', {
    id: 'petition.resolve-weekly',
    name: { vi: 'Nhắc giải quyết hằng tuần', en: 'Weekly resolution reminder' },
    definition: {
      itemType: 'petition',
      clock: 'resolve',
      before: [5],
      onDue: true,
      after: { everyWorkingDays: 5 },
      recipients: { roles: ['petition_handler'] },
      channels: ['in_app'],
      source: 'Luật Khiếu nại 2011 Art 28',
    },
    reason: 'Theo đề nghị của Ban Tiếp công dân',
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.equal(created.body.builtIn, false);
  assert.deepEqual(created.body.definition.escalation, []);
  // a rule that says so reminds on non-working days too (only the "while overdue" reminders)
  const weekend = await admin.post('/api/reminder-rules', {
    id: 'task.weekend',
    name: { vi: 'Nhắc cả ngày nghỉ', en: 'Also on days off' },
    definition: {
      itemType: 'task',
      clock: 'deadline',
      before: [1],
      onDue: true,
      after: { everyWorkingDays: 1 },
      escalation: [{ afterWorkingDays: 2, to: 'office_leader' }],
      recipients: { roles: ['agency_leader'] },
      channels: ['in_app'],
      nonWorkingDays: true,
      source: 'Thử nghiệm',
    },
    reason: 'Thử nghiệm ngày nghỉ',
  });
  assert.equal(weekend.status, 201, JSON.stringify(weekend.body));
  const sat = await admin.get('/api/reminders/preview?date=2026-03-14&ruleId=task.weekend&limit=5000');
  assert.equal(sat.body.working, false);
  const t1 = sat.body.reminders.filter((x: { itemId: string }) => x.itemId === ids.T1);
  // Sat 14/03: T1 is 3 working days overdue (11, 12, 13/03) — reminded; the default rules stay silent
  assert.deepEqual(
    t1.map((x: { step: string; channel: string }) => [x.step, x.channel]),
    [['overdue', 'in_app']],
  );
  assert.equal(t1[0].reason.en, '3 working day(s) overdue');
  // the task due that very Saturday is "due today" on it; no escalation (a working-day count) on a day off
  const satDue = sat.body.reminders.filter((x: { itemId: string }) => x.itemId === ids.SAT);
  assert.deepEqual(
    satDue.map((x: { step: string }) => x.step),
    ['on_due'],
  );
  assert.ok(sat.body.reminders.every((x: { step: string }) => ['overdue', 'on_due'].includes(x.step)));
  // Sunday: the daily overdue reminder again; the Saturday deadline is 0 working days overdue on Sunday
  // (k = working days ≤ Sun − working days ≤ Sat = 0), so nothing for it until Monday
  const sun = await admin.get('/api/reminders/preview?date=2026-03-15&ruleId=task.weekend&limit=5000');
  assert.deepEqual(
    sun.body.reminders
      .filter((x: { itemId: string }) => x.itemId === ids.SAT || x.itemId === ids.T1)
      .map((x: { itemId: string; step: string }) => [x.itemId === ids.T1 ? 'T1' : 'SAT', x.step]),
    [['T1', 'overdue']],
  );
  // every 2 working days with nonWorkingDays (adversarial review F5): the count does not move on a day off,
  // so no repeat on Saturday and Sunday; Monday 16/03 (T1: 4 working days overdue) reminds again
  const every2 = await admin.post('/api/reminder-rules', {
    id: 'task.every2',
    name: { vi: 'Nhắc mỗi 2 ngày làm việc', en: 'Every 2 working days' },
    definition: {
      itemType: 'task',
      clock: 'deadline',
      onDue: false,
      after: { everyWorkingDays: 2 },
      recipients: { roles: ['agency_leader'] },
      channels: ['in_app'],
      nonWorkingDays: true,
      source: 'Thử nghiệm',
    },
    reason: 'Thử nghiệm F5',
  });
  assert.equal(every2.status, 201, JSON.stringify(every2.body));
  const e2 = async (date: string) =>
    (await admin.get(`/api/reminders/preview?date=${date}&ruleId=task.every2&limit=5000`)).body.reminders
      .filter((x: { itemId: string }) => x.itemId === ids.T1)
      .map((x: { step: string }) => x.step);
  assert.deepEqual(await e2('2026-03-12'), ['overdue']); // k = 2
  assert.deepEqual(await e2('2026-03-13'), []); // k = 3
  assert.deepEqual(await e2('2026-03-14'), []);
  assert.deepEqual(await e2('2026-03-15'), []);
  assert.deepEqual(await e2('2026-03-16'), ['overdue']); // k = 4
  const satAll = await admin.get('/api/reminders/preview?date=2026-03-14&itemType=task&limit=5000');
  assert.ok(
    satAll.body.reminders.every((x: { rule: string }) => ['task.weekend', 'task.every2'].includes(x.rule)),
  );
  assert.ok(satAll.body.total > 0);

  // an anonymous caller: 401, never 404
  const anon = t.anon();
  for (const [m, u] of [
    ['GET', '/api/reminders/preview?date=2026-03-10'],
    ['GET', '/api/reminder-rules'],
    ['PUT', '/api/reminder-rules/task.deadline'],
    ['POST', '/api/reminder-rules'],
    ['POST', '/api/reminders/run'],
  ] as const) {
    const r = await anon.req(m, u, m === 'GET' ? undefined : {});
    assert.equal(r.status, 401, `${m} ${u}`);
  }

  const dup = await admin.post('/api/reminder-rules', {
    id: 'petition.resolve-weekly',
    name: created.body.name,
    definition: created.body.definition,
    reason: 'again',
  });
  assert.equal(dup.status, 409);
  assert.equal(errorOf(dup).code, 'rule_exists');
});
