/**
 * The working-day calendar through HTTP (issue 3): holidays per year with kinds and sources, working-day
 * arithmetic, 400s naming the field, admin overrides (audited, moving answers, listing the open task
 * deadlines they move), the 24/11 rule switched on with its legal document, task deadlines from a rule.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { errorOf, startTestApp, Client, type TestApp } from '../helpers/app.ts';
import { queryRows } from '../../src/db/engine.ts';
import { buildApp } from '../../src/server/app.ts';
import { loadConfig } from '../../src/config.ts';

let t: TestApp;
let admin: Client, leader: Client, specialist: Client, staff: Client;

before(async () => {
  t = await startTestApp({ demo: true });
  [admin, leader, specialist, staff] = await Promise.all([
    t.login('admin'),
    t.login('office.leader'),
    t.login('office.specialist'),
    t.login('agency.staff'),
  ]);
});
after(() => t?.close());

interface Day {
  date: string;
  kind: string;
  name: string;
  source: string;
  holiday: string;
  origin: string;
  working: boolean;
  scheduleId: string | null;
  compensatesFor: string | null;
}

const addWD = async (start: string, days: number | string, c: Client = specialist) => {
  const r = await c.get(`/api/calendar/add-working-days?start=${start}&days=${days}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.date as string;
};
const between = async (from: string, to: string) => {
  const r = await specialist.get(`/api/calendar/working-days-between?from=${from}&to=${to}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.days as number;
};
const holidays = async (year: number) => {
  const r = await staff.get(`/api/calendar/holidays?year=${year}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body as { year: number; days: Day[]; awaitingConfirmation: { id: string }[] };
};
const override = (c: Client, body: Record<string, unknown>) => c.post('/api/calendar/overrides', body);
const pick = (days: Day[], date: string) => days.filter((d) => d.date === date);
const kindsOf = (days: Day[]) => days.map((d) => `${d.date} ${d.kind} ${d.holiday}`);

let docSeq = 0;
async function newTask(extra: Record<string, unknown>, c: Client = specialist) {
  docSeq++;
  return c.post('/api/tasks', {
    title: 'Báo cáo tình hình thực hiện kế hoạch',
    document: {
      numberSymbol: `${7000 + docSeq}/UBND-KTTH`,
      date: '2026-03-02',
      summary: 'V/v báo cáo',
    },
    assignedBy: 'chairman',
    leadAgency: 'STP',
    ...extra,
  });
}

test('holidays 2022: statutory days, defaults for Tết, compensatory days, each with its source', async () => {
  const h = await holidays(2022);
  assert.equal(h.year, 2022);
  const got = kindsOf(h.days);
  for (const want of [
    '2022-01-01 holiday new_year', // Saturday
    '2022-01-03 compensatory new_year',
    '2022-01-31 holiday tet', // 29 Chạp (default: last day of the old year)
    '2022-02-01 holiday tet', // mùng 1 (REFERENCE §7: Tue 01/02)
    '2022-02-02 holiday tet',
    '2022-02-03 holiday tet',
    '2022-02-04 holiday tet',
    '2022-04-10 holiday hung_kings', // Sunday
    '2022-04-11 compensatory hung_kings',
    '2022-04-30 holiday reunification',
    '2022-05-01 holiday labour',
    '2022-05-02 compensatory reunification',
    '2022-05-03 compensatory labour',
    '2022-09-02 holiday national_day',
    '2022-09-03 holiday national_day',
    '2022-09-05 compensatory national_day',
  ]) {
    assert.ok(got.includes(want), `missing ${want}: ${got.join(', ')}`);
  }
  assert.equal(h.days.length, 16);
  const tet = pick(h.days, '2022-02-01')[0]!;
  assert.equal(tet.origin, 'default');
  assert.match(tet.source, /45\/2019\/QH14/);
  assert.match(tet.source, /mặc định|default/);
  assert.match(tet.name, /Tết/);
  const comp = pick(h.days, '2022-04-11')[0]!;
  assert.equal(comp.compensatesFor, '2022-04-10');
  assert.equal(comp.working, false);
  assert.match(comp.source, /Điều 111/);
  assert.equal(pick(h.days, '2022-01-01')[0]!.origin, 'rule');
  for (const d of h.days) assert.ok(d.source.length > 10 && d.name.length > 3, JSON.stringify(d));
});

test('holidays 2026: official schedules applied, unverified ones only awaiting confirmation, 24/11 off', async () => {
  const h = await holidays(2026);
  const tet = h.days.filter((d) => d.holiday === 'tet').map((d) => d.date);
  assert.deepEqual(tet, ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20']);
  for (const d of h.days.filter((x) => x.holiday === 'tet')) {
    assert.equal(d.origin, 'schedule');
    assert.equal(d.scheduleId, 'seed:2026:tet');
    assert.match(d.source, /14\/02\/2026/);
  }
  assert.deepEqual(kindsOf(h.days.filter((d) => d.holiday === 'hung_kings')), [
    '2026-04-26 holiday hung_kings',
    '2026-04-27 compensatory hung_kings',
  ]);
  // New Year 2026: the reported swap (2/1 off, work Sat 10/1) is unverified → not applied, listed to confirm.
  assert.deepEqual(kindsOf(pick(h.days, '2026-01-01')), ['2026-01-01 holiday new_year']);
  assert.deepEqual(pick(h.days, '2026-01-02'), []);
  assert.deepEqual(pick(h.days, '2026-01-10'), []);
  assert.ok(h.awaitingConfirmation.some((s) => s.id === 'seed:2026:new_year'));
  assert.ok(h.awaitingConfirmation.some((s) => s.id === 'seed:2026:national_day'));
  // National Day 2026 has no decision: the default 2/9 + 3/9.
  assert.deepEqual(kindsOf(h.days.filter((d) => d.holiday === 'national_day')), [
    '2026-09-02 holiday national_day',
    '2026-09-03 holiday national_day',
  ]);
  assert.deepEqual(pick(h.days, '2026-11-24'), []);
  const kinds = new Set(h.days.map((d) => d.kind));
  assert.deepEqual([...kinds].sort(), ['compensatory', 'holiday']);
  // 2025 has a make-up working Saturday (26/4) and a swapped day off (2/5).
  const h25 = await holidays(2025);
  assert.deepEqual(kindsOf(pick(h25.days, '2025-04-26')), ['2025-04-26 makeup_working reunification']);
  assert.equal(pick(h25.days, '2025-04-26')[0]!.working, true);
  assert.deepEqual(kindsOf(pick(h25.days, '2025-05-02')), ['2025-05-02 swapped_off reunification']);
});

test('add-working-days across Tết 2026, on a make-up Saturday, backwards; working-days-between', async () => {
  assert.equal(await addWD('2026-02-13', 1), '2026-02-23'); // Fri before Tết 16–20/02
  assert.equal(await addWD('2026-02-13', 10), '2026-03-06');
  assert.equal(await addWD('2026-02-23', -1), '2026-02-13');
  assert.equal(await addWD('2026-02-13', 0), '2026-02-13');
  assert.equal(await addWD('2025-04-25', 1), '2025-04-26'); // make-up Saturday (làm bù)
  assert.equal(await addWD('2025-04-25', 3), '2025-04-29');
  assert.equal(await addWD('2025-04-25', 4), '2025-05-05'); // 30/4, 1/5, 2/5 (swapped) off
  assert.equal(await addWD('2026-02-13', '+1'), '2026-02-23');
  assert.equal(await between('2026-02-13', '2026-02-23'), 1);
  assert.equal(await between('2024-04-26', '2024-05-06'), 4);
  assert.equal(await between('2024-05-06', '2024-04-26'), -4);
  assert.equal(await between('2025-04-25', '2025-04-28'), 2); // Sat 26/4 worked
  assert.equal(await between('2026-03-02', '2026-03-02'), 0);
});

test('bad dates, counts and years are 400s naming the field', async () => {
  const cases: [string, string][] = [
    ['/api/calendar/add-working-days?start=2026-02-30&days=1', 'start'],
    ['/api/calendar/add-working-days?start=2026-2-1&days=1', 'start'],
    ['/api/calendar/add-working-days?days=1', 'start'],
    ['/api/calendar/add-working-days?start=2026-02-13', 'days'],
    ['/api/calendar/add-working-days?start=2026-02-13&days=', 'days'],
    ['/api/calendar/add-working-days?start=2026-02-13&days=abc', 'days'],
    ['/api/calendar/add-working-days?start=2026-02-13&days=1.5', 'days'],
    ['/api/calendar/add-working-days?start=2026-02-13&days=3651', 'days'],
    ['/api/calendar/add-working-days?start=2026-02-13&days=-3651', 'days'],
    ['/api/calendar/add-working-days?start=2026-02-13&days=1e3', 'days'],
    ['/api/calendar/add-working-days?start=2100-01-01&days=1', 'start'], // outside the snapshot
    ['/api/calendar/add-working-days?start=2060-12-01&days=3650', 'days'], // result outside
    ['/api/calendar/add-working-days?start=2019-01-02&days=-3650', 'days'],
    ['/api/calendar/working-days-between?from=2026-13-01&to=2026-02-01', 'from'],
    ['/api/calendar/working-days-between?from=2026-01-01&to=2070-01-01', 'to'],
    ['/api/calendar/working-days-between?from=2026-01-01', 'to'],
    ['/api/calendar/holidays?year=2200', 'year'],
    ['/api/calendar/holidays?year=2018', 'year'],
    ['/api/calendar/holidays?year=abc', 'year'],
    ['/api/calendar/holidays?year=', 'year'],
    ['/api/calendar/holidays', 'year'],
    ['/api/calendar/days?from=2026-01-01&to=2027-06-01', 'to'],
  ];
  for (const [url, path] of cases) {
    const r = await specialist.get(url);
    assert.equal(r.status, 400, `${url}: ${r.status} ${JSON.stringify(r.body)}`);
    const e = errorOf(r);
    assert.equal(e.path, path, `${url}: ${JSON.stringify(e)}`);
    assert.ok(e.message.length > 0 && e.messageEn.length > 0);
  }
  const range = errorOf(await specialist.get('/api/calendar/holidays?year=2200'));
  assert.equal(range.code, 'out_of_range');
  assert.match(range.messageEn, /2019.2060/);
});

test('reading needs a session; only admins write (403, nothing changed)', async () => {
  assert.equal((await t.anon().get('/api/calendar/holidays?year=2026')).status, 401);
  assert.equal((await t.anon().get('/api/calendar/add-working-days?start=2026-03-09&days=1')).status, 401);
  const body = {
    op: 'add_day',
    date: '2026-06-09',
    kind: 'holiday',
    holiday: 'special',
    name: 'Ngày nghỉ thử',
    legalDocument: { number: '1/TB-TEST', date: '2026-06-01' },
  };
  for (const c of [leader, specialist, staff]) {
    const r = await override(c, body);
    assert.equal(r.status, 403, JSON.stringify(r.body));
    assert.equal(errorOf(r).code, 'forbidden');
  }
  for (const op of [
    {
      op: 'enable_rule',
      ruleId: 'vn.culture_day',
      legalDocument: { number: 'x', date: '2026-01-01' },
      validFrom: '2026-07-01',
    },
    { op: 'enable_rule', ruleId: 'vn.culture_day' }, // refused for the role before the body is read
    {
      op: 'verify_schedule',
      scheduleId: 'seed:2026:new_year',
      legalDocument: { number: 'x', date: '2026-01-01' },
    },
  ]) {
    assert.equal((await override(leader, op)).status, 403);
  }
  assert.equal(await addWD('2026-06-08', 1), '2026-06-09');
  for (const path of ['/api/calendar/overrides', '/api/calendar/rules', '/api/calendar/office-hours']) {
    assert.equal((await staff.get(path)).status, 200, path);
  }
});

test('a task created with deadlineRule gets its date from the calendar, once', async () => {
  // 1 working day after Fri 13/02/2026 is Mon 23/02 (Tết 16–20/02).
  const a = await newTask({
    document: { numberSymbol: '6001/UBND-KTTH', date: '2026-02-13', summary: 'V/v trước Tết' },
    deadlineRule: { workingDays: 1, from: 'document_date' },
  });
  assert.equal(a.status, 201, JSON.stringify(a.body));
  assert.equal(a.body.deadline, '2026-02-23');
  assert.equal(a.body.initialDeadline, '2026-02-23');
  assert.equal(a.body.deadlineRule.workingDays, 1);
  assert.equal(a.body.deadlineRule.from, 'document_date');
  assert.equal(a.body.deadlineRule.start, '2026-02-13');
  assert.equal(a.body.history[0].data.deadline, '2026-02-23');
  // From the assignment date, Tue 29/04/2025: 30/4, 1/5, 2/5 (swapped) off, then the weekend; Mon 05/05 is
  // day 1, Wed 07/05 day 3.
  const b = await newTask({
    document: { numberSymbol: '6002/UBND-KTTH', date: '2025-04-25', summary: 'V/v dịp 30/4' },
    assignedAt: '2025-04-29',
    deadlineRule: { workingDays: 3, from: 'assigned_date' },
  });
  assert.equal(b.status, 201, JSON.stringify(b.body));
  assert.equal(b.body.deadline, '2025-05-07');
  // The same rule from the document date (Fri 25/04/2025): make-up Sat 26/04 is day 1, Mon 28/04 day 2.
  const c = await newTask({
    document: { numberSymbol: '6003/UBND-KTTH', date: '2025-04-25', summary: 'V/v dịp 30/4' },
    deadlineRule: { workingDays: 2, from: 'document_date' },
  });
  assert.equal(c.body.deadline, '2025-04-28');
  const [row] = await queryRows<{ deadline: string; rule: { deadline: string; calendar: string } }>(
    t.database.db,
    sql`SELECT deadline, deadline_rule AS rule FROM tasks WHERE id = ${c.body.id}`,
  );
  assert.equal(row!.deadline, '2025-04-28');
  assert.equal(row!.rule.deadline, '2025-04-28');
  assert.match(row!.rule.calendar, /^2019-2060-[0-9a-f]{8}$/);
});

test('deadline and deadlineRule together, or a bad rule, are 400s naming the field', async () => {
  const both = await newTask({
    deadline: '2026-04-30',
    deadlineRule: { workingDays: 5, from: 'document_date' },
  });
  assert.equal(both.status, 400, JSON.stringify(both.body));
  assert.equal(errorOf(both).path, 'deadlineRule');
  assert.equal(errorOf(both).code, 'deadline_and_rule');
  for (const [rule, path] of [
    [{ workingDays: 0, from: 'document_date' }, 'deadlineRule.workingDays'],
    [{ workingDays: 366, from: 'document_date' }, 'deadlineRule.workingDays'],
    [{ workingDays: 2.5, from: 'document_date' }, 'deadlineRule.workingDays'],
    [{ workingDays: '5', from: 'document_date' }, 'deadlineRule.workingDays'],
    [{ workingDays: 5, from: 'receipt_date' }, 'deadlineRule.from'],
    [{ workingDays: 5 }, 'deadlineRule.from'],
    [{ workingDays: 5, from: 'document_date', extra: 1 }, 'deadlineRule.extra'],
  ] as const) {
    const r = await newTask({ deadlineRule: rule });
    assert.equal(r.status, 400, JSON.stringify(r.body));
    assert.equal(errorOf(r).path, path, JSON.stringify(r.body));
  }
  // A rule whose date falls before a late assignment date.
  const late = await newTask({
    assignedAt: '2026-05-04',
    deadlineRule: { workingDays: 2, from: 'document_date' },
  });
  assert.equal(late.status, 400);
  assert.equal(errorOf(late).path, 'deadlineRule.workingDays');
  // Nothing was written by the refused requests.
  const [n] = await queryRows<{ n: number }>(
    t.database.db,
    sql`SELECT count(*)::int AS n FROM tasks WHERE title = 'Báo cáo tình hình thực hiện kế hoạch' AND assigned_date = '2026-05-04'`,
  );
  assert.equal(n!.n, 0);
});

test('an admin adds a day off: answers move, the change is audited, open rule deadlines are listed not rewritten', async () => {
  // Task: 10 working days from Mon 02/03/2026 → Mon 16/03/2026.
  const task = await newTask({ deadlineRule: { workingDays: 10, from: 'document_date' } });
  assert.equal(task.status, 201, JSON.stringify(task.body));
  assert.equal(task.body.deadline, '2026-03-16');
  const fixed = await newTask({ deadline: '2026-03-16' }); // a plain date: never listed
  assert.equal(fixed.status, 201);
  assert.equal(await addWD('2026-03-09', 1), '2026-03-10');

  const r = await override(admin, {
    op: 'add_day',
    date: '2026-03-10',
    kind: 'holiday',
    holiday: 'special',
    name: 'Nghỉ lễ đặc biệt (thử nghiệm)',
    nameEn: 'Special day off (test)',
    legalDocument: { number: '123/TB-VPCP', date: '2026-03-01' },
    reason: 'Thông báo của Văn phòng Chính phủ',
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.op, 'add_day');
  assert.equal(r.body.target.type, 'schedule');
  assert.match(r.body.target.id, /^admin:/);
  assert.equal(r.body.before, null);
  assert.equal(r.body.after.days[0].date, '2026-03-10');
  assert.deepEqual(r.body.changedDays, [{ date: '2026-03-10', workingBefore: true, workingAfter: false }]);
  assert.notEqual(r.body.calendar.fingerprintBefore, r.body.calendar.fingerprintAfter);
  const mine = r.body.affectedTasks.find((x: { id: string }) => x.id === task.body.id);
  assert.ok(mine, JSON.stringify(r.body.affectedTasks));
  assert.equal(mine.deadline, '2026-03-16');
  assert.equal(mine.ruleDateBefore, '2026-03-16');
  assert.equal(mine.ruleDateAfter, '2026-03-17');
  assert.ok(!r.body.affectedTasks.some((x: { id: string }) => x.id === fixed.body.id));
  assert.equal(r.body.affectedTaskCount, r.body.affectedTasks.length);
  // the same day twice is refused, not listed twice
  const twice = await override(admin, {
    op: 'add_day',
    date: '2026-03-10',
    kind: 'holiday',
    holiday: 'special',
    name: 'Nghỉ lễ đặc biệt (thử nghiệm)',
    legalDocument: { number: '123/TB-VPCP', date: '2026-03-01' },
    reason: 'Lặp lại',
  });
  assert.equal(twice.status, 409);
  assert.equal(twice.body.error.code, 'day_exists');

  // The answers moved at once.
  assert.equal(await addWD('2026-03-09', 1), '2026-03-11');
  assert.equal(await between('2026-03-09', '2026-03-11'), 1);
  const h = await holidays(2026);
  const day = pick(h.days, '2026-03-10')[0]!;
  assert.equal(day.kind, 'holiday');
  assert.equal(day.origin, 'schedule');
  assert.match(day.source, /123\/TB-VPCP/);
  assert.equal(day.name, 'Nghỉ lễ đặc biệt (thử nghiệm)');

  // The task's deadline is not rewritten; the Office sees it in the drift list.
  const again = await specialist.get(`/api/tasks/${task.body.id}`);
  assert.equal(again.body.deadline, '2026-03-16');
  const drift = await specialist.get('/api/calendar/affected-tasks');
  assert.equal(drift.status, 200);
  assert.ok(drift.body.items.some((x: { id: string }) => x.id === task.body.id));
  assert.equal((await staff.get('/api/calendar/affected-tasks')).status, 403);

  // The audit history has the change: in the table and through the API.
  const rows = await queryRows<{ action: string; actor_name: string; reason: string; data: any }>(
    t.database.db,
    sql`SELECT action, actor_name, reason, data FROM audit_events
        WHERE entity_type = 'calendar' AND entity_id = ${r.body.target.id}`,
  );
  assert.equal(rows.length, 1);
  assert.equal(rows[0]!.action, 'add_day');
  assert.equal(rows[0]!.actor_name, 'admin');
  assert.equal(rows[0]!.reason, 'Thông báo của Văn phòng Chính phủ');
  assert.equal(rows[0]!.data.op.legalDocument.number, '123/TB-VPCP');
  assert.ok(rows[0]!.data.affectedTasks.some((x: { id: string }) => x.id === task.body.id));
  const hist = await staff.get('/api/calendar/history');
  assert.equal(hist.status, 200);
  assert.ok(hist.body.items.some((e: any) => e.entityId === r.body.target.id && e.action === 'add_day'));

  // Listed among the overrides, applied.
  const list = await staff.get('/api/calendar/overrides?origin=admin');
  const entry = list.body.schedules.find((s: { id: string }) => s.id === r.body.target.id);
  assert.equal(entry.status, 'applied');
  assert.equal(entry.legalDocument.number, '123/TB-VPCP');

  // Removing the day (its only day) withdraws the entry and restores the answer.
  const rm = await override(admin, {
    op: 'remove_day',
    scheduleId: r.body.target.id,
    date: '2026-03-10',
    reason: 'Nhập nhầm',
  });
  assert.equal(rm.status, 200, JSON.stringify(rm.body));
  assert.deepEqual(rm.body.changedDays, [{ date: '2026-03-10', workingBefore: false, workingAfter: true }]);
  assert.equal(await addWD('2026-03-09', 1), '2026-03-10');
  const gone = await staff.get(`/api/calendar/overrides?status=withdrawn&origin=admin`);
  assert.ok(gone.body.schedules.some((s: { id: string }) => s.id === r.body.target.id));
  const again2 = await override(admin, {
    op: 'withdraw_schedule',
    scheduleId: r.body.target.id,
    reason: 'x',
  });
  assert.equal(again2.status, 409);
});

test('override bodies are validated: 400 naming the field, nothing written', async () => {
  const [before] = await queryRows<{ n: number }>(
    t.database.db,
    sql`SELECT count(*)::int AS n FROM calendar_changes`,
  );
  const doc = { number: '9/TB-TEST', date: '2026-01-05' };
  const cases: [Record<string, unknown>, string, number?][] = [
    [{ op: 'add_day', date: '2026-02-30', kind: 'holiday', holiday: 'new_year', legalDocument: doc }, 'date'],
    [{ op: 'add_day', date: '2026-06-10', kind: 'holiday', holiday: 'new_year' }, 'legalDocument'],
    [
      {
        op: 'add_day',
        date: '2026-06-10',
        kind: 'holiday',
        holiday: 'new_year',
        legalDocument: { date: '2026-01-01' },
      },
      'legalDocument.number',
    ],
    [
      {
        op: 'add_day',
        date: '2026-06-10',
        kind: 'holiday',
        holiday: 'new_year',
        legalDocument: { number: ' ', date: '2026-01-01' },
      },
      'legalDocument.number',
    ],
    [{ op: 'add_day', date: '2026-06-10', kind: 'day_off', holiday: 'new_year', legalDocument: doc }, 'kind'],
    // a make-up working day must be a weekly rest day (Wed 10/06/2026 is not)
    [
      { op: 'add_day', date: '2026-06-10', kind: 'makeup_working', holiday: 'new_year', legalDocument: doc },
      'date',
    ],
    // a new holiday key needs a name
    [{ op: 'add_day', date: '2026-06-10', kind: 'holiday', holiday: 'flood', legalDocument: doc }, 'name'],
    [{ op: 'add_day', date: '2070-06-10', kind: 'holiday', holiday: 'new_year', legalDocument: doc }, 'date'],
    // a make-up Saturday on a day that is a holiday conflicts (Sat 02/05/2026 is not; Sun 26/04 is off)
    [
      {
        op: 'add_day',
        date: '2026-04-26',
        kind: 'makeup_working',
        holiday: 'hung_kings',
        legalDocument: doc,
      },
      'date',
    ],
    [{ op: 'fly' }, 'op'],
    [{ op: 'verify_schedule', scheduleId: 'seed:2026:new_year' }, 'legalDocument'],
    [{ op: 'verify_schedule', scheduleId: 'nope', legalDocument: doc }, 'scheduleId'],
    [{ op: 'verify_schedule', scheduleId: 'seed:2026:national_day', legalDocument: doc }, 'scheduleId'],
    [{ op: 'verify_schedule', scheduleId: 'seed:2026:tet', legalDocument: doc }, 'scheduleId', 409],
    [{ op: 'enable_rule', ruleId: 'vn.culture_day', validFrom: '2026-07-01' }, 'legalDocument'],
    [{ op: 'enable_rule', ruleId: 'vn.culture_day', legalDocument: doc }, 'validFrom'],
    [{ op: 'enable_rule', ruleId: 'vn.nope', legalDocument: doc, validFrom: '2026-07-01' }, 'ruleId'],
    [
      {
        op: 'enable_rule',
        ruleId: 'vn.culture_day',
        legalDocument: doc,
        validFrom: '2026-07-01',
        validTo: '2026-01-01',
      },
      'validTo',
    ],
    // switching on a second version of New Year over the one in force is ambiguous
    [
      { op: 'enable_rule', ruleId: 'vn.national_day.lc2012', legalDocument: doc, validFrom: '2026-01-01' },
      'validFrom',
    ],
    [{ op: 'disable_rule', ruleId: 'vn.new_year' }, 'reason'],
    [{ op: 'disable_rule', ruleId: 'vn.culture_day', reason: 'x' }, 'ruleId', 409],
    [{ op: 'remove_day', scheduleId: 'seed:2026:tet', date: '2026-03-03', reason: 'x' }, 'date'],
    [
      {
        op: 'add_schedule',
        schedule: {
          year: 2023,
          holidays: ['tet'],
          mode: 'replace',
          name: 'Tết 2023',
          days: [],
          verified: true,
        },
      },
      'schedule.legalDocument',
    ],
    [
      {
        op: 'add_schedule',
        schedule: {
          year: 2023,
          holidays: ['tet'],
          mode: 'replace',
          name: 'Tết 2023',
          legalDocument: doc,
          days: [{ date: '2023-01-21', kind: 'holiday', holiday: 'national_day' }],
        },
      },
      'schedule.days.0.holiday',
    ],
    [{ op: 'set_office_hours', agency: 'NOPE', validFrom: '2026-12-01', seasons: [] }, 'seasons'],
    [
      {
        op: 'set_office_hours',
        agency: 'NOPE',
        validFrom: '2026-12-01',
        seasons: [
          {
            name: 'a',
            nameEn: 'a',
            from: '01-01',
            to: '12-31',
            intervals: [{ start: '07:00', end: '11:00' }],
          },
        ],
      },
      'agency',
    ],
    [
      {
        op: 'set_office_hours',
        agency: null,
        validFrom: '2026-12-01',
        seasons: [
          {
            name: 'a',
            nameEn: 'a',
            from: '01-01',
            to: '06-30',
            intervals: [{ start: '07:00', end: '11:00' }],
          },
        ],
      },
      'seasons',
    ],
  ];
  for (const [body, path, status] of cases) {
    const r = await override(admin, body);
    assert.equal(r.status, status ?? 400, `${JSON.stringify(body)} → ${r.status} ${JSON.stringify(r.body)}`);
    assert.equal(errorOf(r).path, path, `${JSON.stringify(body)} → ${JSON.stringify(r.body)}`);
  }
  const [afterN] = await queryRows<{ n: number }>(
    t.database.db,
    sql`SELECT count(*)::int AS n FROM calendar_changes`,
  );
  assert.equal(afterN!.n, before!.n);
  assert.equal(await addWD('2026-06-09', 1), '2026-06-10');
});

test('confirming an unverified schedule (New Year 2026 swap) changes the results', async () => {
  assert.equal(await addWD('2025-12-31', 1), '2026-01-02');
  assert.equal(await between('2026-01-09', '2026-01-12'), 1);
  const before = await staff.get('/api/calendar/overrides?status=unverified&year=2026');
  assert.ok(before.body.awaitingConfirmation.includes('seed:2026:new_year'));

  const r = await override(admin, {
    op: 'verify_schedule',
    scheduleId: 'seed:2026:new_year',
    legalDocument: { number: '12729/VPCP-KGVX', date: '2025-12-25' },
    reason: 'Đã đối chiếu công văn gốc',
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.before.verified, false);
  assert.equal(r.body.after.verified, true);
  assert.deepEqual(
    r.body.changedDays.map((d: { date: string; workingAfter: boolean }) => `${d.date} ${d.workingAfter}`),
    ['2026-01-02 false', '2026-01-10 true'],
  );
  assert.equal(await addWD('2025-12-31', 1), '2026-01-05');
  assert.equal(await between('2026-01-09', '2026-01-12'), 2); // Sat 10/01 worked
  const h = await holidays(2026);
  assert.deepEqual(kindsOf(pick(h.days, '2026-01-10')), ['2026-01-10 makeup_working new_year']);
  assert.equal(pick(h.days, '2026-01-02')[0]!.kind, 'swapped_off');
  assert.match(pick(h.days, '2026-01-02')[0]!.source, /12729\/VPCP-KGVX/);
  assert.ok(!h.awaitingConfirmation.some((s) => s.id === 'seed:2026:new_year'));
  const list = await staff.get('/api/calendar/overrides?year=2026');
  const s = list.body.schedules.find((x: { id: string }) => x.id === 'seed:2026:new_year');
  assert.equal(s.status, 'applied');
  assert.equal(s.origin, 'seed');
  assert.equal(s.changedByAdmin, true);
  const [a] = await queryRows<{ n: number }>(
    t.database.db,
    sql`SELECT count(*)::int AS n FROM audit_events WHERE entity_type = 'calendar'
        AND entity_id = 'seed:2026:new_year' AND action = 'verify_schedule'`,
  );
  assert.equal(a!.n, 1);
  assert.equal(
    (
      await override(admin, {
        op: 'verify_schedule',
        scheduleId: 'seed:2026:new_year',
        legalDocument: { number: 'x', date: '2026-01-01' },
      })
    ).status,
    409,
  );
});

test('the 24/11 rule ships off; one admin action with its legal document switches it on, not retroactively', async () => {
  const rules = await staff.get('/api/calendar/rules?asOf=2026-11-24');
  const culture = rules.body.holidayRules.find((r: { id: string }) => r.id === 'vn.culture_day');
  assert.equal(culture.enabled, false);
  assert.equal(culture.inForce, false);
  assert.ok(
    rules.body.timeLimitRules.some(
      (r: { key: string; inForce: boolean }) => r.key === 'complaint.acceptance' && r.inForce,
    ),
  );
  assert.equal(await addWD('2026-11-23', 1), '2026-11-24');

  const r = await override(admin, {
    op: 'enable_rule',
    ruleId: 'vn.culture_day',
    legalDocument: { number: '28/2026/QH16', date: '2026-06-20', title: 'Luật sửa đổi Bộ luật Lao động' },
    validFrom: '2026-07-01',
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.target.type, 'rule');
  assert.equal(r.body.before.enabled, false);
  assert.equal(r.body.after.enabled, true);
  assert.equal(r.body.after.validFrom, '2026-07-01');
  assert.ok(r.body.changedDays.some((d: { date: string }) => d.date === '2026-11-24'));
  assert.ok(!r.body.changedDays.some((d: { date: string }) => d.date < '2026-07-01'));

  assert.equal(await addWD('2026-11-23', 1), '2026-11-25');
  assert.equal(await addWD('2025-11-21', 1), '2025-11-24'); // 2025: before validFrom
  const h = await holidays(2026);
  const d = pick(h.days, '2026-11-24')[0]!;
  assert.equal(d.kind, 'holiday');
  assert.equal(d.holiday, 'culture_day');
  assert.match(d.source, /28\/2026\/QH16/);
  // 24/11/2029 is a Saturday: compensatory Monday 26/11.
  const h29 = await holidays(2029);
  assert.deepEqual(kindsOf(h29.days.filter((x) => x.holiday === 'culture_day')), [
    '2029-11-24 holiday culture_day',
    '2029-11-26 compensatory culture_day',
  ]);
  const after = await staff.get('/api/calendar/rules?asOf=2026-11-24');
  const on = after.body.holidayRules.find((x: { id: string }) => x.id === 'vn.culture_day');
  assert.equal(on.inForce, true);
  assert.equal(on.legalDocument.number, '28/2026/QH16');
  assert.equal(on.changedByAdmin, true);

  // Ending it (validTo) keeps past years.
  const end = await override(admin, {
    op: 'disable_rule',
    ruleId: 'vn.culture_day',
    validTo: '2028-12-31',
    reason: 'Thử: chấm dứt hiệu lực',
  });
  assert.equal(end.status, 200, JSON.stringify(end.body));
  assert.ok(end.body.changedDays.every((x: { date: string }) => x.date >= '2029-01-01'));
  assert.equal(pick((await holidays(2026)).days, '2026-11-24').length, 1);
  assert.equal(pick((await holidays(2029)).days, '2029-11-24').length, 0);
});

test('office hours per agency: default, then an agency version from a date', async () => {
  const d = await staff.get('/api/calendar/office-hours?agency=STP&date=2026-12-15');
  assert.equal(d.status, 200);
  assert.equal(d.body.origin, 'shipped');
  assert.deepEqual(d.body.hours.seasons[0].intervals, [
    { start: '07:30', end: '11:30' },
    { start: '13:30', end: '17:00' },
  ]);
  const seasons = [
    {
      name: 'Mùa hè',
      nameEn: 'Summer',
      from: '05-01',
      to: '09-30',
      intervals: [
        { start: '07:00', end: '11:30' },
        { start: '13:30', end: '17:00' },
      ],
    },
    {
      name: 'Mùa đông',
      nameEn: 'Winter',
      from: '10-01',
      to: '04-30',
      intervals: [
        { start: '07:30', end: '11:30' },
        { start: '13:00', end: '17:00' },
      ],
    },
  ];
  const r = await override(admin, {
    op: 'set_office_hours',
    agency: 'STP',
    validFrom: '2026-12-01',
    seasons,
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body.changedDays, []);
  const now = await staff.get('/api/calendar/office-hours?agency=STP&date=2026-12-15');
  assert.equal(now.body.origin, 'agency');
  assert.equal(now.body.hours.seasons[1].intervals[1].start, '13:00');
  const earlier = await staff.get('/api/calendar/office-hours?agency=STP&date=2026-11-30');
  assert.equal(earlier.body.origin, 'shipped');
  const other = await staff.get('/api/calendar/office-hours?agency=SYT&date=2026-12-15');
  assert.equal(other.body.origin, 'shipped');
  const dup = await override(admin, {
    op: 'set_office_hours',
    agency: 'STP',
    validFrom: '2026-12-01',
    seasons,
  });
  assert.equal(dup.status, 409);
  assert.equal(errorOf(dup).path, 'validFrom');
});

test('a second server instance on the same database sees a change at its next request', async () => {
  const config = { ...loadConfig({}), logLevel: 'silent' as const, trustProxy: true, queue: false };
  const app2 = await buildApp({ database: t.database, config });
  await app2.listen({ port: 0, host: '127.0.0.1' });
  try {
    const addr = app2.server.address();
    const c2 = new Client(`http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`);
    c2.cookie = specialist.cookie;
    const ask = async () =>
      (await c2.get('/api/calendar/add-working-days?start=2026-10-19&days=1')).body.date;
    assert.equal(await ask(), '2026-10-20');
    const r = await override(admin, {
      op: 'add_day',
      date: '2026-10-20',
      kind: 'holiday',
      holiday: 'special',
      name: 'Nghỉ đột xuất (thử)',
      legalDocument: { number: '77/TB-VPCP', date: '2026-10-15' },
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(await ask(), '2026-10-21');
  } finally {
    await app2.close();
  }
});

test('the OpenAPI document lists the calendar endpoints', async () => {
  const r = await t.anon().get('/api/docs/json');
  assert.equal(r.status, 200);
  for (const p of [
    '/api/calendar/holidays',
    '/api/calendar/add-working-days',
    '/api/calendar/working-days-between',
    '/api/calendar/overrides',
    '/api/calendar/rules',
  ]) {
    assert.ok(r.body.paths[p], p);
  }
});
