/** Transitions through HTTP: roles and agency scope enforced by the server, one transaction each. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { errorOf, startTestApp, type Client, type TestApp } from '../helpers/app.ts';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/engine.ts';

let t: TestApp;
let specialist: Client, leader: Client, staff: Client, agencyLeader: Client, admin: Client;

before(async () => {
  t = await startTestApp({ demo: true });
  [specialist, leader, staff, agencyLeader, admin] = await Promise.all([
    t.login('office.specialist'),
    t.login('office.leader'),
    t.login('agency.staff'),
    t.login('agency.leader'),
    t.login('admin'),
  ]);
});
after(() => t?.close());

async function newTask(lead = 'SNNPTNT', extra: Record<string, unknown> = {}) {
  const r = await specialist.post('/api/tasks', {
    title: 'Triển khai kế hoạch phòng, chống thiên tai năm 2026',
    document: {
      numberSymbol: `${Math.floor(Math.random() * 9000) + 100}/UBND-KTTH`,
      date: '2023-11-02',
      summary: 'V/v phòng chống thiên tai',
    },
    assignedBy: 'vice_chairman',
    assignerCode: 'PCT-NN',
    leadAgency: lead,
    cooperatingAgencies: ['STC'],
    assignedAt: '2023-11-02',
    deadline: '2023-12-31',
    ...extra,
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body as { id: string; status: string; allowedActions: { action: string }[] };
}
const act = (c: Client, id: string, body: Record<string, unknown>) =>
  c.post(`/api/tasks/${id}/actions`, body);
const doc = { numberSymbol: '45/BC-SNNPTNT', date: '2026-11-20', summary: 'Báo cáo kết quả thực hiện' };

test('lifecycle: receive → report → return → report → confirm; each an event in the history', async () => {
  const task = await newTask();
  assert.equal(task.status, 'awaiting_receipt');
  assert.deepEqual(
    task.allowedActions.map((a) => a.action),
    [],
  ); // the specialist has nothing to do yet
  const seen = await staff.get(`/api/tasks/${task.id}`);
  assert.deepEqual(
    seen.body.allowedActions.map((a: any) => a.action),
    ['receive', 'request_extension'],
  );
  assert.equal((await act(staff, task.id, { action: 'receive' })).body.status, 'in_progress');
  const noDoc = await act(staff, task.id, { action: 'report_done' });
  assert.equal(noDoc.status, 400);
  assert.equal(errorOf(noDoc).path, 'document');
  assert.equal(
    (await act(staff, task.id, { action: 'report_done', document: doc })).body.status,
    'awaiting_closure',
  );
  const noNote = await act(specialist, task.id, { action: 'return' });
  assert.equal(errorOf(noNote).path, 'note');
  assert.equal(
    (await act(specialist, task.id, { action: 'return', note: 'Bổ sung số liệu' })).body.status,
    'in_progress',
  );
  assert.equal(
    (
      await act(agencyLeader, task.id, {
        action: 'report_done',
        document: { ...doc, numberSymbol: '46/BC-SNNPTNT' },
      })
    ).body.status,
    'awaiting_closure',
  );
  const done = await act(specialist, task.id, { action: 'confirm_done', note: 'Đạt yêu cầu' });
  assert.equal(done.body.status, 'completed');
  assert.deepEqual(
    done.body.history.map((h: any) => [h.type, h.actor]),
    [
      ['assigned', 'office.specialist'],
      ['received', 'agency.staff'],
      ['reported_done', 'agency.staff'],
      ['returned', 'office.specialist'],
      ['reported_done', 'agency.leader'],
      ['confirmed_done', 'office.specialist'],
    ],
  );
  assert.equal(done.body.history[2].document.numberSymbol, '45/BC-SNNPTNT');
  const reportDoc = await specialist.get(`/api/documents/${done.body.history[2].document.id}`);
  assert.equal(reportDoc.body.issuerCode, 'SNNPTNT');
  assert.match(reportDoc.body.issuerName, /Nông nghiệp/);
  const again = await act(specialist, task.id, { action: 'confirm_done' });
  assert.equal(again.status, 409);
  assert.equal(errorOf(again).code, 'invalid_transition');
});

test('roles and agency scope are enforced by the server', async () => {
  const task = await newTask();
  const forbiddenCases: [Client, string][] = [
    [specialist, 'receive'],
    [leader, 'receive'],
    [staff, 'approve_extension'],
    [staff, 'stop'],
    [specialist, 'stop'],
    [specialist, 'approve_extension'],
  ];
  for (const [c, action] of forbiddenCases) {
    const r = await act(c, task.id, { action, deadline: '2024-01-31', document: doc, note: 'x' });
    assert.equal(r.status, 403, action);
    assert.equal(errorOf(r).code, 'forbidden');
  }
  // another agency's task is invisible to agency users (404, not 403: no leak that it exists)
  const other = await newTask('SYT');
  assert.equal((await staff.get(`/api/tasks/${other.id}`)).status, 404);
  assert.equal((await act(staff, other.id, { action: 'receive' })).status, 404);
  // a cooperating agency sees it but may not act as lead
  const coop = await newTask('SYT', { cooperatingAgencies: ['SNNPTNT'] });
  assert.equal((await staff.get(`/api/tasks/${coop.id}`)).status, 200);
  assert.equal((await act(staff, coop.id, { action: 'receive' })).status, 403);
  // agency users may not create tasks or back-date
  assert.equal((await staff.post('/api/tasks', {})).status, 400); // schema first
  const create = await staff.post('/api/tasks', {
    title: 'x',
    document: doc,
    assignedBy: 'committee',
    leadAgency: 'SNNPTNT',
  });
  assert.equal(create.status, 403);
  const back = await act(staff, task.id, { action: 'receive', occurredOn: '2026-11-03' });
  assert.equal(back.status, 403);
  // admin may take every action
  assert.equal((await act(admin, task.id, { action: 'receive' })).status, 200);
  const unknown = await act(admin, task.id, { action: 'fly' });
  assert.equal(unknown.status, 400);
  assert.equal(errorOf(unknown).code, 'unknown_action');
});

test('extensions: request, refuse, request, approve; stop by a decision', async () => {
  const task = await newTask();
  const noDl = await act(staff, task.id, { action: 'request_extension', note: 'Chờ số liệu' });
  assert.equal(errorOf(noDl).path, 'deadline');
  assert.equal((await act(leader, task.id, { action: 'refuse_extension', note: 'x' })).status, 409); // nothing pending
  await act(staff, task.id, { action: 'request_extension', deadline: '2024-02-28', note: 'Chờ số liệu' });
  const refused = await act(leader, task.id, { action: 'refuse_extension', note: 'Không đủ căn cứ' });
  assert.equal(refused.body.deadline, '2023-12-31');
  await act(staff, task.id, { action: 'request_extension', deadline: '2024-02-28', note: 'Chờ số liệu' });
  const noReason = await act(leader, task.id, { action: 'approve_extension', deadline: '2024-01-31' });
  assert.equal(errorOf(noReason).path, 'note');
  const approved = await act(leader, task.id, {
    action: 'approve_extension',
    deadline: '2024-01-31',
    note: 'Đồng ý',
  });
  assert.equal(approved.body.deadline, '2024-01-31');
  assert.equal(approved.body.initialDeadline, '2023-12-31');
  const noDecision = await act(leader, task.id, { action: 'stop', note: 'x' });
  assert.equal(errorOf(noDecision).path, 'document');
  const stopped = await act(leader, task.id, {
    action: 'stop',
    document: { numberSymbol: '2001/QĐ-UBND', date: '2026-11-25', summary: 'Dừng thực hiện nhiệm vụ' },
  });
  assert.equal(stopped.body.status, 'stopped');
  assert.equal(stopped.body.allowedActions.length, 0);
});

test('concurrent transitions: exactly one of two simultaneous receipts wins', async () => {
  const task = await newTask();
  const rs = await Promise.all([
    act(staff, task.id, { action: 'receive' }),
    act(agencyLeader, task.id, { action: 'receive' }),
  ]);
  assert.deepEqual(rs.map((r) => r.status).sort(), [200, 409]);
  const d = await staff.get(`/api/tasks/${task.id}`);
  assert.equal(d.body.history.filter((h: any) => h.type === 'received').length, 1);
});

test('the history is append-only in the database itself', async () => {
  const appendOnly = (e: any) => /append-only/.test(`${e?.message} ${e?.cause?.message}`);
  await assert.rejects(queryRows(t.database.db, sql`UPDATE task_events SET note = 'x'`), appendOnly);
  await assert.rejects(queryRows(t.database.db, sql`DELETE FROM task_events`), appendOnly);
});

test('a failed command writes nothing', async () => {
  const task = await newTask();
  const before = await queryRows<{ n: number }>(t.database.db, sql`SELECT count(*)::int AS n FROM documents`);
  // a document is registered inside the command, then the transition is invalid → all rolled back
  const r = await act(staff, task.id, {
    action: 'report_done',
    document: { numberSymbol: '99/BC-SNNPTNT', date: '2026-11-20', summary: 'x' },
  });
  assert.equal(r.status, 409);
  const after = await queryRows<{ n: number }>(t.database.db, sql`SELECT count(*)::int AS n FROM documents`);
  assert.equal(after[0]!.n, before[0]!.n);
});

test('transfer of an abolished agency’s open tasks to its successor; past reports keep the old lead', async () => {
  // a 2022 demo task led by a district that was abolished on 2025-07-01
  const l = await specialist.get(
    '/api/tasks?from=2021-11-12&to=2022-09-15&status=awaiting_receipt&agency=522&pageSize=5',
  );
  assert.ok(l.body.total > 0, 'demo has open tasks of Thành phố Quảng Ngãi (522)');
  const agencies = await specialist.get('/api/agencies?q=522');
  const city = agencies.body.items.find((a: any) => a.code === '522');
  assert.equal(city.validTo, '2025-06-30');
  const successor = city.successors[0].code;
  const bad = await leader.post('/api/tasks/transfer-agency', { from: '522', to: 'SNNPTNT', reason: 'x' });
  assert.equal(bad.status, 400);
  assert.equal(errorOf(bad).code, 'not_a_successor');
  assert.equal(
    (await specialist.post('/api/tasks/transfer-agency', { from: '522', to: successor, reason: 'x' })).status,
    403,
  );
  const r = await leader.post('/api/tasks/transfer-agency', {
    from: '522',
    to: successor,
    reason: 'Sắp xếp đơn vị hành chính hai cấp (Luật 72/2025/QH15)',
  });
  assert.equal(r.status, 200);
  assert.ok(r.body.moved >= l.body.total);
  // as of 2022 the lead is still the district; today it is the successor
  const past = await specialist.get(`/api/reports/tasks?from=2021-11-12&to=2022-09-15&agency=522`);
  assert.ok(past.body.total > 0);
  const now = await specialist.get(
    `/api/tasks?from=2021-11-12&to=2022-09-15&asOf=2026-11-30&agency=${successor}`,
  );
  assert.ok(now.body.total >= l.body.total);
  const d = await specialist.get(`/api/tasks/${l.body.items[0].id}`);
  assert.equal(d.body.leadAgency.code, successor);
  assert.equal(d.body.initialLeadAgency.code, '522');
  assert.equal(d.body.history.at(-1).type, 'transferred');
});

test('the Office specialist who follows a task', async () => {
  const me = (await specialist.get('/api/auth/me')).body.user;
  const staffMe = (await staff.get('/api/auth/me')).body.user;
  const t1 = await newTask('SNNPTNT', { followUnit: 'VP-KTTH', followerUserId: me.id });
  const d = await specialist.get(`/api/tasks/${t1.id}`);
  assert.deepEqual(d.body.follower, { id: me.id, displayName: me.displayName });
  assert.equal(d.body.followUnit.code, 'VP-KTTH');
  const bad = await specialist.post('/api/tasks', {
    title: 'x',
    document: { numberSymbol: '7/UBND-KTTH', date: '2023-11-02', summary: 'x' },
    assignedBy: 'committee',
    leadAgency: 'SNNPTNT',
    assignedAt: '2023-11-02',
    followerUserId: staffMe.id,
  });
  assert.equal(bad.status, 400);
  assert.equal(errorOf(bad).path, 'followerUserId');
});

test('created tasks get the next ref of the year; history names the actor; office staff list', async () => {
  const a = await newTask('SNNPTNT');
  const b = await newTask('SNNPTNT');
  const da = (await specialist.get(`/api/tasks/${a.id}`)).body;
  const db = (await specialist.get(`/api/tasks/${b.id}`)).body;
  assert.match(da.ref, /^QNG-NV-2023-\d{4}$/);
  assert.equal(Number(db.ref.slice(-4)), Number(da.ref.slice(-4)) + 1);
  assert.equal(da.history[0].actor, 'office.specialist');
  assert.match(da.history[0].actorDisplayName, /Chuyên viên/);
  const staffList = await specialist.get('/api/users/office-staff');
  assert.equal(staffList.status, 200);
  assert.ok(staffList.body.items.some((u: any) => u.username === 'office.specialist'));
  assert.ok(!staffList.body.items.some((u: any) => u.username === 'agency.staff'));
  assert.equal((await staff.get('/api/users/office-staff')).status, 403);
});
