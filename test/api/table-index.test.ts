/** The in-memory table index gives exactly the SQL table, and follows committed changes. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type Client, type TestApp } from '../helpers/app.ts';
import { TaskTableIndex } from '../../src/modules/tasks/table-index.ts';
import { taskTableBySql } from '../../src/modules/tasks/queries.ts';
import type { Principal } from '../../src/kernel/auth/roles.ts';
import { toHcmDate } from '../../src/kernel/calendar/dates.ts';

let t: TestApp;
let office: Client;
const admin: Principal = {
  id: 'x',
  username: 'admin',
  displayName: 'a',
  roles: ['admin'],
  agencyCode: null,
  mustChangePassword: false,
};

before(async () => {
  t = await startTestApp({ demo: true });
  office = await t.login('office.specialist');
});
after(() => t?.close());

const norm = (m: Map<string, unknown>) =>
  Object.fromEntries([...m.entries()].sort(([a], [b]) => a.localeCompare(b)));

test('index and SQL agree on every window, cut-off and agency filter', async () => {
  const index = new TaskTableIndex();
  await index.refresh(t.database.db);
  const cases: [string, string, string, string?][] = [
    ['2021-11-12', '2022-09-15', '2022-09-15'],
    ['2021-11-12', '2022-09-15', '2021-12-31'],
    ['2021-11-12', '2022-09-15', '2022-03-01'],
    ['2021-11-12', '2022-09-15', '2026-11-30'],
    ['2022-01-01', '2022-06-30', '2022-06-14'],
    ['2022-03-01', '2022-03-31', '2022-04-15'],
    ['2021-11-12', '2022-09-15', '2022-09-15', 'SNNPTNT'],
    ['2021-11-12', '2022-09-15', '2022-09-15', 'NOPE'],
    ['2030-01-01', '2030-12-31', '2030-12-31'],
  ];
  let nonEmpty = 0;
  for (const [from, to, asOf, agency] of cases) {
    const f = { from, to, asOf, agency };
    const a = index.count(from, to, asOf, agency);
    const b = await taskTableBySql(t.database.db, f, admin);
    assert.deepEqual(norm(a), norm(b), JSON.stringify(f));
    if (a.size) nonEmpty++;
  }
  assert.ok(nonEmpty >= 6);
});

test('the index follows changes committed after it was loaded', async () => {
  const index = new TaskTableIndex();
  await index.refresh(t.database.db);
  const q = '/api/tasks?from=2021-11-12&to=2022-09-15&status=awaiting_receipt&agency=SNNPTNT&pageSize=1';
  const task = (await office.get(q)).body.items[0];
  const today = toHcmDate(new Date());
  const before = index.count('2021-11-12', '2022-09-15', today).get('SNNPTNT')!;
  const staff = await t.login('agency.staff');
  assert.equal((await staff.post(`/api/tasks/${task.id}/actions`, { action: 'receive' })).status, 200);
  await index.refresh(t.database.db);
  const afterRows = index.count('2021-11-12', '2022-09-15', today).get('SNNPTNT')!;
  const get = (rows: typeof before, s: string) => rows.find((r) => r.status === s)!.total;
  assert.equal(get(afterRows, 'awaiting_receipt'), get(before, 'awaiting_receipt') - 1);
  assert.equal(get(afterRows, 'in_progress'), get(before, 'in_progress') + 1);
  // the 2022 report is unchanged: the event is dated today
  const past = await office.get('/api/reports/tasks?from=2021-11-12&to=2022-09-15');
  assert.equal(past.body.rows.find((r: any) => r.status === 'awaiting_receipt').total, 77);
  // and the API's own index saw it too
  const now = await office.get(`/api/reports/tasks?from=2021-11-12&to=2022-09-15&asOf=${today}`);
  assert.equal(now.body.rows.find((r: any) => r.status === 'awaiting_receipt').total, 76);
  assert.equal(now.body.total, 244);
});
