/** The seed report's task table, computed from the demo histories, and its drill-down. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type Client, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let office: Client;
before(async () => {
  t = await startTestApp({ demo: true });
  office = await t.login('office.specialist');
});
after(() => t?.close());

const SEED = {
  awaiting_receipt: [14, 63, 0, 77],
  in_progress: [1, 14, 0, 15],
  completed: [94, 26, 0, 120],
  awaiting_closure: [0, 24, 0, 24],
} as const;

test('GET /api/reports/tasks reproduces the seed table (244 tasks, 8 in rows of their own)', async () => {
  const r = await office.get('/api/reports/tasks?from=2021-11-12&to=2022-09-15');
  assert.equal(r.status, 200);
  assert.equal(r.body.from, '2021-11-12');
  assert.equal(r.body.to, '2022-09-15');
  assert.equal(r.body.asOf, '2022-09-15');
  assert.equal(r.body.total, 244);
  const rows = Object.fromEntries(
    r.body.rows.map((x: any) => [x.status, [x.onTime, x.overdue, x.noDeadline, x.total]]),
  );
  for (const [status, want] of Object.entries(SEED)) assert.deepEqual(rows[status], want, status);
  assert.deepEqual(
    r.body.rows.map((x: any) => x.status),
    ['awaiting_receipt', 'in_progress', 'awaiting_closure', 'completed', 'stopped'],
  );
  const sum = r.body.rows.reduce((s: number, x: any) => s + x.total, 0);
  assert.equal(sum, 244);
  assert.equal(rows.stopped[3], 8);
  for (const x of r.body.rows) assert.equal(x.onTime + x.overdue + x.noDeadline, x.total);
  // by agency adds up too
  assert.equal(
    r.body.byAgency.reduce((s: number, a: any) => s + a.total, 0),
    244,
  );
});

test('every cell count equals the total of the list behind it', async () => {
  const q = 'from=2021-11-12&to=2022-09-15';
  const r = await office.get(`/api/reports/tasks?${q}`);
  const cols = [
    ['onTime', 'on_time'],
    ['overdue', 'overdue'],
    ['noDeadline', 'no_deadline'],
  ] as const;
  for (const row of r.body.rows) {
    for (const [k, tl] of cols) {
      const l = await office.get(`/api/tasks?${q}&status=${row.status}&timeliness=${tl}&pageSize=500`);
      assert.equal(l.status, 200);
      assert.equal(l.body.total, row[k], `${row.status}/${tl}`);
      assert.equal(l.body.items.length, row[k]);
      for (const it of l.body.items) assert.equal(it.status, row.status);
    }
  }
  // one agency's row
  const top = r.body.byAgency[0];
  const ra = await office.get(`/api/reports/tasks?${q}&agency=${top.agency}`);
  assert.equal(ra.body.total, top.total);
  const la = await office.get(`/api/tasks?${q}&agency=${top.agency}&pageSize=1`);
  assert.equal(la.body.total, top.total);
});

test('the same report re-run later gives the same numbers; demo tasks open then are overdue today', async () => {
  const a = await office.get('/api/reports/tasks?from=2021-11-12&to=2022-09-15&asOf=2022-09-15');
  const b = await office.get('/api/reports/tasks?from=2021-11-12&to=2022-09-15');
  assert.deepEqual(a.body, b.body);
  const today = await office.get('/api/reports/tasks?from=2021-11-12&to=2022-09-15&asOf=2026-11-30');
  const ar = today.body.rows.find((x: any) => x.status === 'awaiting_receipt');
  assert.equal(ar.total, 77);
  assert.equal(ar.overdue, 77);
});

test('agency users see only their agency’s tasks', async () => {
  const staff = await t.login('agency.staff');
  const r = await staff.get('/api/tasks?from=2021-11-12&to=2022-09-15&pageSize=500');
  assert.equal(r.status, 200);
  assert.ok(r.body.total > 0 && r.body.total < 244, `total ${r.body.total}`);
  for (const it of r.body.items)
    assert.ok(it.leadAgency === 'SNNPTNT' || it.cooperatingAgencies.includes('SNNPTNT'));
  const table = await staff.get('/api/reports/tasks?from=2021-11-12&to=2022-09-15');
  assert.equal(table.body.total, r.body.total);
});
