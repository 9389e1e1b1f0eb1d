/**
 * The dossier report's aggregates, proved on random histories taken one action at a time through the
 * dossier service (each in its own transaction, like HTTP): the incrementally maintained
 * `dossier_stats_daily` equals a full recount, and every figure of GET /api/reports/dossiers equals the
 * total of its drill-down list (read from the base tables) for several windows, cut-offs and filters.
 * Histories live in March–May 2024 (no demo dossiers there), over two receiving bodies, three procedures
 * (two agencies; day- and hour-based limits) and transfers to another agency than the procedure's.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { startTestApp, type Client, type TestApp } from '../helpers/app.ts';
import { queryRows } from '../../src/db/engine.ts';
import { receivingBodies } from '../../src/db/schema.ts';
import { buildCalendar } from '../../src/kernel/calendar/index.ts';
import { endOfDay, shiftDate, toHcmDate } from '../../src/kernel/calendar/dates.ts';
import type { Principal } from '../../src/kernel/auth/roles.ts';
import { seedTestProcedure } from '../../src/modules/dossiers/fixtures.ts';
import {
  rateDossier,
  receiveDossier,
  takeDossierAction,
  type DossierRow,
} from '../../src/modules/dossiers/service.ts';
import { recountDossierStats } from '../../src/modules/reports/dossier-stats.ts';
import { DRILL_METRICS } from '../../src/modules/reports/dossier-report.ts';
import { AppError } from '../../src/kernel/errors.ts';
import { mulberry32 } from '../../src/kernel/random.ts';

let t: TestApp;
let leader: Client;
const cal = buildCalendar();

const rng = mulberry32;

const BODY2 = 'KT-TEST-BODY2';
const PROCS = ['KT-TEST-RPT1', 'KT-TEST-RPT2', 'KT-TEST-RPT3'];
const admin = (agencyCode: string | null): Principal => ({
  id: randomUUID(),
  username: 'test',
  displayName: 'Kiểm thử',
  roles: ['admin'],
  agencyCode,
  mustChangePassword: false,
});

const H = 3_600_000;
let actionsTaken = 0;
/** transfers (a key move) of dossiers that already had a counted event */
let movedAfterEvents = 0;

async function randomHistory(r: () => number, i: number): Promise<void> {
  const db = t.database.db;
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const channel = pick(['counter', 'online', 'postal', 'phone'] as const);
  const day = shiftDate('2024-03-01', Math.floor(r() * 50));
  // any hour of the day, weekends too (after-15:00 cut-off and non-working days exercised)
  let at = new Date(endOfDay(shiftDate(day, -1)).getTime() + Math.floor(r() * 24 * H) + Math.floor(r() * H));
  const body = r() < 0.5 ? 'VP-TTHC' : BODY2;
  const online = channel === 'online' && r() < 0.5;
  let row: DossierRow = await db.transaction((tx) =>
    receiveDossier(
      tx,
      cal,
      admin(body),
      {
        procedureCode: pick(PROCS),
        channel,
        applicant: {
          name: `Người nộp ${i}`,
          idNumber: '0123456789',
          phone: '0912345678',
          address: 'Quảng Ngãi',
        },
        components: [],
        receivedAt: at.toISOString(),
        returnMethod: r() < 0.3 ? 'post' : 'counter',
      },
      { status: online ? 'new' : 'received', now: new Date(at.getTime() + 60_000) },
    ),
  );
  const steps = 2 + Math.floor(r() * 8);
  let supplementedBefore = false;
  for (let k = 0; k < steps; k++) {
    at = new Date(at.getTime() + Math.floor(r() * 4 * 24 * H) + 1);
    const s = row.status;
    const options: Record<string, unknown>[] = [];
    if (s === 'new') options.push({ action: 'accept' }, { action: 'accept' });
    if (s === 'received')
      options.push({ action: 'transfer' }, { action: 'transfer' }, { action: 'transfer', agencyCode: 'STC' });
    if (s === 'processing')
      options.push(
        { action: 'result_ready' },
        { action: 'result_ready' },
        { action: 'request_payment', amount: 100000 },
      );
    if (['new', 'received', 'processing'].includes(s)) {
      options.push({ action: 'request_supplement', missing: ['Bản sao giấy tờ'] });
      if (r() < 0.3) options.push({ action: 'refuse', reasons: ['Không đủ điều kiện'] });
    }
    if (['received', 'processing'].includes(s) && row.appointmentAt) {
      const due = toHcmDate(new Date(row.appointmentAt.getTime() - 1));
      options.push({ action: 'apologize', note: 'Xin lỗi vì chậm trễ', newDate: shiftDate(due, 5) });
    }
    if (s === 'supplement_requested')
      options.push({ action: 'supplement_received' }, { action: 'supplement_received' });
    if (s === 'awaiting_payment') options.push({ action: 'payment_received' });
    if (s === 'result_ready')
      options.push(
        row.returnMethod === 'post'
          ? { action: 'return', postal: { itemCode: `EB${i}VN` } }
          : { action: 'return' },
      );
    if (
      ['new', 'received', 'processing', 'supplement_requested', 'awaiting_payment'].includes(s) &&
      r() < 0.15
    )
      options.push({ action: 'withdraw', note: 'Công dân rút hồ sơ' });
    if (!options.length) break;
    const req = pick(options) as { action: string };
    try {
      row = await db.transaction((tx) => takeDossierAction(tx, cal, admin(body), row.code, req, { now: at }));
      actionsTaken++;
      if (req.action === 'transfer' && supplementedBefore) movedAfterEvents++;
      if (req.action === 'request_supplement') supplementedBefore = true;
    } catch (e) {
      // a rule refused it (e.g. apology too late: 409/422): the history goes on without it; anything else fails
      if (!(e instanceof AppError) || e.status >= 500 || e.code === 'invalid_datetime') throw e;
    }
  }
  if (row.resolvedAt && r() < 0.7) {
    const ratedAt = new Date(Math.max(at.getTime(), row.resolvedAt.getTime()) + Math.floor(r() * 3 * 24 * H));
    const vote = pick(['satisfied', 'satisfied', 'satisfied', 'neutral', 'unsatisfied'] as const);
    const current = row;
    await db.transaction((tx) =>
      rateDossier(tx, current, { channel: pick(['kiosk', 'paper', 'web'] as const), vote }, null, ratedAt),
    );
  }
}

const statsSnapshot = async () =>
  (
    await queryRows<{ k: string; n: number }>(
      t.database.db,
      sql`SELECT day::text || '|' || receiving_body_code || '|' || agency_code || '|' || procedure_code || '|' || metric AS k,
            count AS n FROM dossier_stats_daily WHERE count <> 0 ORDER BY 1`,
    )
  ).map((x) => `${x.k}=${x.n}`);

before(async () => {
  t = await startTestApp({ demo: true });
  await t.database.db.transaction(async (tx) => {
    await tx
      .insert(receivingBodies)
      .values({ agencyCode: BODY2, identifier: '000.00.99.H48', name: 'Bộ phận một cửa thử nghiệm' });
    await seedTestProcedure(tx, {
      code: PROCS[0]!,
      agencyCode: 'SNNPTNT',
      limits: [{ channel: 'counter', value: 5, unit: 'working_days' }],
    });
    await seedTestProcedure(tx, {
      code: PROCS[1]!,
      agencyCode: 'STC',
      limits: [
        { channel: 'counter', value: 2, unit: 'working_days' },
        { channel: 'postal', value: 4, unit: 'working_days' },
      ],
    });
    await seedTestProcedure(tx, {
      code: PROCS[2]!,
      agencyCode: 'SNNPTNT',
      limits: [{ channel: 'counter', value: 8, unit: 'working_hours' }],
    });
  });
  const r = rng(4242);
  for (let i = 0; i < 120; i++) await randomHistory(r, i);
  leader = await t.login('centre.leader');
});

after(async () => {
  await t?.close();
});

/** Every figure of the report, by drill-down metric name. */
function figure(rep: any, metric: string): number {
  const [g, s] = metric.split('.') as [string, string | undefined];
  if (g === 'received') return s ? rep.received.byChannel[s] : rep.received.total;
  if (g === 'resolved')
    return s ? rep.resolved[s] : rep.resolved.early + rep.resolved.onTime + rep.resolved.late;
  if (g === 'pending') return s ? rep.pending[s] : rep.pending.withinLimit + rep.pending.overLimit;
  if (g === 'satisfaction') return rep.satisfaction[s!];
  return rep[g];
}

const WINDOWS = [
  { from: '2024-03-01', to: '2024-05-31' }, // whole months
  { from: '2024-03-01', to: '2024-04-30', asOf: '2024-04-15' }, // cut-off inside the window
  { from: '2024-03-10', to: '2024-04-20' }, // partial edge months
  { from: '2024-02-15', to: '2024-03-20', asOf: '2024-06-30' }, // cut-off after the window
  { from: '2024-03-18', to: '2024-03-18' }, // one day
];
const FILTERS = [
  '',
  `&body=${BODY2}`,
  '&agency=STC',
  '&agency=-',
  `&procedure=${PROCS[2]}`,
  '&body=VP-TTHC&agency=SNNPTNT',
];

test('every figure equals the total of its drill-down list (windows × filters × metrics)', async () => {
  let nonZero = 0;
  for (const w of WINDOWS) {
    for (const f of FILTERS) {
      const q = `from=${w.from}&to=${w.to}${w.asOf ? `&asOf=${w.asOf}` : ''}${f}`;
      const rep = await leader.get(`/api/reports/dossiers?${q}`);
      assert.equal(rep.status, 200, JSON.stringify(rep.body));
      // received.phone_post: a part of received.phone with no figure here (the periodic report's)
      for (const m of DRILL_METRICS.filter((x) => x !== 'received.phone_post')) {
        const items = await leader.get(`/api/reports/dossiers/items?metric=${m}&${q}&pageSize=500`);
        assert.equal(items.status, 200, JSON.stringify(items.body));
        assert.equal(items.body.total, figure(rep.body, m), `${m} ${q}`);
        assert.equal(items.body.items.length, Math.min(500, items.body.total));
        if (items.body.total) nonZero++;
      }
      // breakdowns add up to the totals
      const sum = (xs: any[], m: string) => xs.reduce((s, x) => s + figure(x, m), 0);
      for (const m of [
        'received',
        'resolved.late',
        'pending.overLimit',
        'supplements',
        'satisfaction.rated',
      ]) {
        assert.equal(sum(rep.body.byAgency, m), figure(rep.body, m), `byAgency ${m} ${q}`);
        assert.equal(sum(rep.body.byProcedure, m), figure(rep.body, m), `byProcedure ${m} ${q}`);
      }
    }
  }
  assert.ok(nonZero > 150, `figures exercised (${nonZero} non-zero)`);
});

test('pending as of a cut-off is the dossiers received and not closed by 24:00 of that day', async () => {
  const asOf = '2024-03-25';
  const rep = await leader.get(`/api/reports/dossiers?from=2024-03-01&to=2024-03-31&asOf=${asOf}`);
  const rows = await queryRows<{
    received_at: string;
    closed_at: string | null;
    appointment_at: string | null;
    status: string;
  }>(
    t.database.db,
    sql`SELECT received_at, coalesce(closed_at, resolved_at) AS closed_at, appointment_at, status FROM dossiers`,
  );
  const cut = endOfDay(asOf).getTime();
  const pending = rows.filter(
    (x) => Date.parse(x.received_at) < cut && (!x.closed_at || Date.parse(x.closed_at) >= cut),
  );
  const over = pending.filter(
    (x) =>
      x.appointment_at &&
      Date.parse(x.appointment_at) < cut &&
      !['supplement_requested', 'awaiting_payment'].includes(x.status),
  );
  assert.ok(pending.length > 5);
  assert.equal(rep.body.pending.withinLimit + rep.body.pending.overLimit, pending.length);
  assert.equal(rep.body.pending.overLimit, over.length);
});

test('scope: counter staff see their body, processing officers their agency; bad input is a 400', async () => {
  const q = 'from=2024-03-01&to=2024-05-31';
  const all = (await leader.get(`/api/reports/dossiers?${q}`)).body;
  const counter = await t.login('counter.staff');
  const c = await counter.get(`/api/reports/dossiers?${q}`);
  assert.equal(c.status, 200);
  assert.equal(c.body.body, 'VP-TTHC');
  const vp = (await leader.get(`/api/reports/dossiers?${q}&body=VP-TTHC`)).body;
  assert.equal(c.body.received.total, vp.received.total);
  assert.ok(vp.received.total < all.received.total);
  assert.equal((await counter.get(`/api/reports/dossiers?${q}&body=${BODY2}`)).status, 403);
  const officer = await t.login('processing.officer');
  const o = await officer.get(`/api/reports/dossiers?${q}`);
  assert.equal(o.status, 200);
  assert.equal(o.body.agency, 'SNNPTNT');
  assert.ok(o.body.byAgency.every((a: any) => a.agencyCode === 'SNNPTNT'));
  assert.equal((await officer.get(`/api/reports/dossiers?${q}&agency=STC`)).status, 403);
  assert.equal(
    (await officer.get(`/api/reports/dossiers/items?metric=received&${q}&agency=STC`)).status,
    403,
  );
  const bad = await leader.get('/api/reports/dossiers?from=2024-05-01&to=2024-03-01');
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.path, 'from');
  const bad2 = await leader.get(`/api/reports/dossiers/items?metric=nope&${q}`);
  assert.equal(bad2.status, 400);
  assert.equal((await leader.get('/api/reports/dossiers?from=2024-02-30&to=2024-03-01')).status, 400);
  assert.equal((await t.anon().get(`/api/reports/dossiers?${q}`)).status, 401);
});

test('drill-down items carry no personal data beyond the applicant name, none for ratings', async () => {
  const q = 'from=2024-03-01&to=2024-05-31';
  const r = await leader.get(`/api/reports/dossiers/items?metric=received&${q}&pageSize=5`);
  const text = JSON.stringify(r.body);
  assert.ok(!text.includes('0912345678') && !text.includes('0123456789'));
  assert.ok(r.body.items[0].applicantName.startsWith('Người nộp'));
  const s = await leader.get(`/api/reports/dossiers/items?metric=satisfaction.rated&${q}&pageSize=5`);
  assert.ok(s.body.total > 0);
  assert.ok(s.body.items.every((x: any) => x.applicantName === null));
});

test('the XLSX carries the same figures', async () => {
  const q = 'from=2024-03-01&to=2024-05-31';
  const rep = (await leader.get(`/api/reports/dossiers?${q}`)).body;
  const res = await fetch(`${t.url}/api/reports/dossiers.xlsx?${q}`, { headers: { cookie: leader.cookie } });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /spreadsheetml/);
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await res.arrayBuffer());
  const ws = wb.getWorksheet('Tong hop')!;
  assert.equal(ws.getRow(5).getCell(2).value, rep.received.total);
  assert.equal(ws.getRow(5).getCell(9).value, rep.resolved.late);
  assert.equal(wb.getWorksheet('Theo thu tuc')!.rowCount, 4 + rep.byProcedure.length);
});

// last: the figures above were read from the incremental table; now compare it with a recount
test('incremental daily counts equal a full recount', async () => {
  assert.ok(actionsTaken > 200, `enough actions taken (${actionsTaken})`);
  assert.ok(movedAfterEvents >= 5, `transfers moving earlier events (${movedAfterEvents})`);
  const incremental = await statsSnapshot();
  await t.database.db.transaction((tx) => recountDossierStats(tx));
  const recount = await statsSnapshot();
  assert.ok(recount.length > 100);
  assert.deepEqual(incremental, recount);
});
