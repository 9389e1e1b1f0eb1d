/**
 * Dashboards (issue 6 point 9) on the demo data: the monthly trend adds up to the existing reports over the
 * seed's 9-month window (dossier report, petition report, task table), every linked item list adds up to
 * its figure, the ranking's rates equal a count by hand from the item lists, scope per role, 400s.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type Client, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let office: Client, agencyLeader: Client, agencyStaff: Client, counter: Client;
const F = '2021-12-15';
const T = '2022-09-14';
const WINDOW = `from=${F}&to=${T}`;

before(async () => {
  t = await startTestApp({ demo: true });
  office = await t.login('office.leader');
  agencyLeader = await t.login('agency.leader');
  agencyStaff = await t.login('agency.staff');
  counter = await t.login('counter.staff');
});
after(async () => {
  await t?.close();
});

type Figs = {
  tasks: Record<string, number>;
  dossiers: Record<string, number>;
  petitions: Record<string, number> | null;
  links: Record<string, Record<string, string[]>>;
};
const sum = <X>(xs: X[], f: (x: X) => number) => xs.reduce((a, x) => a + f(x), 0);

/** The sum of the `total`s of the lists behind a figure. */
async function linked(c: Client, urls: string[]): Promise<number> {
  let s = 0;
  for (const u of urls) {
    const r = await c.get(`${u}&pageSize=1`);
    assert.equal(r.status, 200, `${u}: ${JSON.stringify(r.body)}`);
    s += Number(r.body.total);
  }
  return s;
}

test('the monthly trend adds up to the existing reports over 15/12/2021 → 14/09/2022', async () => {
  const r = await office.get(`/api/dashboards/trends?${WINDOW}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const months = r.body.months as (Figs & { month: string; from: string; to: string })[];
  assert.deepEqual(
    months.map((m) => m.month),
    ['2021-12', ...['01', '02', '03', '04', '05', '06', '07', '08', '09'].map((m) => `2022-${m}`)],
  );
  assert.equal(months[0]!.from, F, 'the first bucket is clipped to the window');
  assert.equal(months[0]!.to, '2021-12-31');
  assert.equal(months[9]!.from, '2022-09-01');
  assert.equal(months[9]!.to, T);

  // dossiers: the dossier report's received and resolved totals
  const d = (await office.get(`/api/reports/dossiers?${WINDOW}`)).body;
  assert.ok(d.received.total > 1000, 'the demo has dossiers in the window');
  assert.equal(
    sum(months, (m) => m.dossiers.received!),
    d.received.total,
  );
  assert.equal(
    sum(months, (m) => m.dossiers.resolved!),
    d.resolved.early + d.resolved.onTime + d.resolved.late,
  );
  assert.equal(
    sum(months, (m) => m.dossiers.resolvedOnTime!),
    d.resolved.early + d.resolved.onTime,
  );
  assert.equal(
    sum(months, (m) => m.dossiers.resolvedLate!),
    d.resolved.late,
  );

  // petitions: the petition report's received (716) and eligible (346)
  const p = (await office.get(`/api/reports/petitions?${WINDOW}`)).body;
  assert.equal(p.petitions.received, 716);
  assert.equal(
    sum(months, (m) => m.petitions!.received!),
    716,
  );
  assert.equal(
    sum(months, (m) => m.petitions!.eligible!),
    p.petitions.eligible,
  );

  // …and each month equals the petition report for that month as of the window's end
  for (const m of months) {
    const pm = (await office.get(`/api/reports/petitions?from=${m.from}&to=${m.to}&asOf=${T}`)).body;
    assert.deepEqual(
      m.petitions,
      { received: pm.petitions.received, eligible: pm.petitions.eligible },
      m.month,
    );
  }

  // tasks: assigned in the window = the task table's total for that window (as of its end)
  const table = (await office.get(`/api/reports/tasks?${WINDOW}`)).body;
  assert.ok(table.total > 100);
  assert.equal(
    sum(months, (m) => m.tasks.assigned!),
    table.total,
  );

  // overdue open tasks at each month's end = the table's two open overdue cells as of that day
  for (const m of months) {
    const tb = (await office.get(`/api/reports/tasks?from=1900-01-01&to=${m.to}&asOf=${m.to}`)).body;
    const cell = (s: string) => tb.rows.find((x: { status: string }) => x.status === s).overdue as number;
    assert.equal(m.tasks.overdueOpenAtMonthEnd, cell('awaiting_receipt') + cell('in_progress'), m.month);
  }
  assert.ok(
    months.some((m) => m.tasks.overdueOpenAtMonthEnd! > 0),
    'the demo has overdue tasks',
  );

  // completed by completion date, counted from the list of completed tasks
  const done = (await office.get(`/api/tasks?to=${T}&asOf=${T}&status=completed&pageSize=500`)).body;
  const inWindow = (done.items as { finishDate: string; timeliness: string }[]).filter(
    (x) => x.finishDate >= F && x.finishDate <= T,
  );
  assert.ok(inWindow.length > 0);
  assert.equal(
    sum(months, (m) => m.tasks.completed!),
    inWindow.length,
  );
  assert.equal(
    sum(months, (m) => m.tasks.completedOnTime!),
    inWindow.filter((x) => x.timeliness === 'on_time').length,
  );
  for (const m of months)
    assert.equal(
      m.tasks.completed,
      inWindow.filter((x) => x.finishDate.slice(0, 7) === m.month).length,
      m.month,
    );

  // per agency: the rows add up to the totals
  const by = r.body.byAgency as (Figs & { agencyCode: string })[];
  assert.equal(
    sum(by, (a) => a.tasks.assigned!),
    table.total,
  );
  assert.equal(
    sum(by, (a) => a.dossiers.received!),
    d.received.total,
  );
  assert.equal(
    sum(by, (a) => a.petitions?.received ?? 0),
    716,
  );
  const snn = by.find((a) => a.agencyCode === 'SNNPTNT')!;
  const snnTable = table.byAgency.find((a: { agency: string }) => a.agency === 'SNNPTNT');
  assert.equal(snn.tasks.assigned, snnTable.total);
});

test('every link of a month and of an agency row adds up to its figure', async () => {
  const r = await office.get(`/api/dashboards/trends?${WINDOW}`);
  const rows: Figs[] = [
    r.body.months[0],
    r.body.months[4],
    r.body.months[9],
    ...(r.body.byAgency as (Figs & { agencyCode: string })[]).filter((a) =>
      ['SNNPTNT', 'VP-BTCD', 'SYT'].includes(a.agencyCode),
    ),
  ];
  assert.equal(rows.length, 6);
  let checked = 0;
  for (const row of rows)
    for (const section of ['tasks', 'dossiers', 'petitions'] as const)
      for (const [k, urls] of Object.entries(row.links[section]!)) {
        const fig = (row[section] as Record<string, number>)[k]!;
        assert.equal(await linked(office, urls), fig, `${section}.${k} ${urls.join(' + ')}`);
        checked++;
      }
  assert.ok(checked >= 40, `${checked} links checked`);
  // completed tasks have no list filter by completion date: no link rather than a wrong one
  assert.equal(r.body.months[0].links.tasks.completed, undefined);
});

test('an agency filter gives that agency only', async () => {
  const all = (await office.get(`/api/dashboards/trends?${WINDOW}`)).body;
  const one = (await office.get(`/api/dashboards/trends?${WINDOW}&agency=SNNPTNT`)).body;
  assert.equal(one.agency, 'SNNPTNT');
  const row = all.byAgency.find((a: { agencyCode: string }) => a.agencyCode === 'SNNPTNT');
  for (const k of ['assigned', 'completed', 'completedOnTime'])
    assert.equal(
      sum(one.months as Figs[], (m) => m.tasks[k]!),
      row.tasks[k],
      k,
    );
  for (const k of ['received', 'resolved', 'resolvedOnTime', 'resolvedLate'])
    assert.equal(
      sum(one.months as Figs[], (m) => m.dossiers[k]!),
      row.dossiers[k],
      k,
    );
  assert.equal(one.months.at(-1).tasks.overdueOpenAtMonthEnd, row.tasks.overdueOpenAtMonthEnd);
  assert.deepEqual(
    one.byAgency.map((a: { agencyCode: string }) => a.agencyCode),
    ['SNNPTNT'],
  );
});

test('ranking: the rule in both languages; one agency recounted by hand from its lists', async () => {
  const r = await office.get(`/api/dashboards/ranking?${WINDOW}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.asOf, T);
  assert.match(r.body.rule.vi, /Tỷ lệ đúng hạn/);
  assert.match(r.body.rule.en, /on-time rate/);
  assert.equal(r.body.rule.minItems, 5);
  const rows = r.body.rows as {
    rank: number | null;
    agencyCode: string;
    tasks: { due: number; onTime: number; rate: number | null };
    dossiers: { resolved: number; onTime: number; rate: number | null };
    score: number | null;
    ranked: boolean;
  }[];
  assert.ok(rows.filter((x) => x.ranked).length >= 5, 'several agencies ranked');
  // ranks: by score, equal scores share a rank, unranked last
  for (let i = 1; i < rows.length; i++) {
    const a = rows[i - 1]!;
    const b = rows[i]!;
    if (!b.ranked) continue;
    assert.ok(a.ranked && a.score! >= b.score!);
    assert.equal(b.rank, a.score === b.score ? a.rank : i + 1);
  }
  assert.ok(
    rows.some((x, i) => i > 0 && x.ranked && x.rank === rows[i - 1]!.rank),
    'the demo has equal scores sharing a rank',
  );
  assert.ok(rows.filter((x) => !x.ranked).every((x) => x.rank === null && x.score === null));

  // SNNPTNT by hand: tasks whose deadline fell in the window, reported done by it; its resolved dossiers
  const tasks = (
    await office.get(
      `/api/tasks?to=${T}&asOf=${T}&agency=SNNPTNT&deadlineFrom=${F}&deadlineTo=${T}&pageSize=500`,
    )
  ).body.items as { status: string; deadline: string; finishDate: string | null }[];
  const due = tasks.filter((x) => x.status !== 'stopped');
  const onTime = due.filter(
    (x) =>
      ['awaiting_closure', 'completed'].includes(x.status) &&
      x.finishDate !== null &&
      x.finishDate <= x.deadline,
  );
  let resolved = 0;
  let dOn = 0;
  for (let page = 1; ; page++) {
    const b = (
      await office.get(
        `/api/reports/dossiers/items?metric=resolved&${WINDOW}&agency=SNNPTNT&pageSize=500&page=${page}`,
      )
    ).body;
    resolved += b.items.length;
    dOn += (b.items as { timeliness: string | null }[]).filter((x) => x.timeliness !== 'late').length;
    if (b.items.length < 500) break;
  }
  const row = rows.find((x) => x.agencyCode === 'SNNPTNT')!;
  assert.ok(due.length >= 5 && resolved >= 5, 'both rates count for SNNPTNT');
  assert.deepEqual(row.tasks, {
    due: due.length,
    onTime: onTime.length,
    rate: Math.round((onTime.length * 1000) / due.length) / 10,
  });
  assert.deepEqual(row.dossiers, {
    resolved,
    onTime: dOn,
    rate: Math.round((dOn * 1000) / resolved) / 10,
  });
  const score = 0.5 * (onTime.length / due.length) + 0.5 * (dOn / resolved);
  assert.equal(row.score, Math.round(score * 1000) / 10);
  assert.ok(row.ranked);
});

test('scope: agency roles see their own agency; other roles 403', async () => {
  const office1 = (await office.get(`/api/dashboards/trends?${WINDOW}&agency=SNNPTNT`)).body;
  const mine = await agencyLeader.get(`/api/dashboards/trends?${WINDOW}`);
  assert.equal(mine.status, 200, JSON.stringify(mine.body));
  assert.equal(mine.body.agency, 'SNNPTNT');
  assert.deepEqual(
    mine.body.months.map((m: Figs) => [m.tasks, m.dossiers]),
    office1.months.map((m: Figs) => [m.tasks, m.dossiers]),
  );
  assert.equal((await agencyLeader.get(`/api/dashboards/trends?${WINDOW}&agency=SYT`)).status, 403);
  // agency staff: no petition figures (the petition report is not theirs)
  const staff = await agencyStaff.get(`/api/dashboards/trends?${WINDOW}`);
  assert.equal(staff.status, 200);
  assert.equal(staff.body.months[0].petitions, null);
  assert.deepEqual(staff.body.months[0].links.petitions, {});

  const all = (await office.get(`/api/dashboards/ranking?${WINDOW}`)).body;
  const own = await agencyLeader.get(`/api/dashboards/ranking?${WINDOW}`);
  assert.equal(own.status, 200);
  assert.deepEqual(own.body.rule, all.rule);
  assert.deepEqual(
    own.body.rows,
    all.rows.filter((x: { agencyCode: string }) => x.agencyCode === 'SNNPTNT'),
  );
  assert.equal((await counter.get(`/api/dashboards/trends?${WINDOW}`)).status, 403);
  assert.equal((await counter.get(`/api/dashboards/ranking?${WINDOW}`)).status, 403);
  assert.equal((await t.anon().get(`/api/dashboards/trends?${WINDOW}`)).status, 401);
});

test('bad input: 400 with a code and a path', async () => {
  const cases: [string, string, string][] = [
    [`/api/dashboards/trends?from=2022-09-14&to=2021-12-15`, 'invalid_range', 'from'],
    [`/api/dashboards/trends?from=2017-01-01&to=2022-01-01`, 'window_too_long', 'to'],
    [`/api/dashboards/ranking?from=2017-01-01&to=2022-01-01`, 'window_too_long', 'to'],
    [`/api/dashboards/ranking?${WINDOW}&asOf=2022-09-13`, 'as_of_before_to', 'asOf'],
    [`/api/dashboards/ranking?from=2022-09-14&to=2022-01-01`, 'invalid_range', 'from'],
  ];
  for (const [u, code, path] of cases) {
    const r = await office.get(u);
    assert.equal(r.status, 400, u);
    assert.equal(r.body.error.code, code, u);
    assert.equal(r.body.error.path, path, u);
    assert.ok(r.body.error.message && r.body.error.messageEn, u);
  }
  // exactly 5 years is fine
  assert.equal((await office.get(`/api/dashboards/trends?from=2017-01-01&to=2021-12-31`)).status, 200);
  for (const u of [
    `/api/dashboards/trends?from=2022-02-30&to=2022-03-01`,
    `/api/dashboards/trends?from=2022-01-01`,
    `/api/dashboards/ranking?${WINDOW}&asOf=yesterday`,
    `/api/dashboards/trends?${WINDOW}&bogus=1`,
  ]) {
    const r = await office.get(u);
    assert.equal(r.status, 400, u);
    assert.ok(r.body.error.path, `${u}: ${JSON.stringify(r.body)}`);
  }
});
