/**
 * `importDossiers`: the same fold as live actions (an imported history equals the one taken over HTTP),
 * codes ordered by receipt time within a day, receipt numbers, all-or-nothing with the item's path.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { eq, sql } from 'drizzle-orm';
import { startTestApp, type Client, type TestApp } from '../helpers/app.ts';
import { queryRows } from '../../src/db/engine.ts';
import { dossiers, dossierSteps } from '../../src/db/schema.ts';
import { buildCalendar } from '../../src/kernel/calendar/index.ts';
import { AppError } from '../../src/kernel/errors.ts';
import { seedTestProcedure } from '../../src/modules/dossiers/fixtures.ts';
import { importDossiers, type ImportItem } from '../../src/modules/dossiers/service.ts';

let t: TestApp;
let counter: Client, officer: Client;
const cal = buildCalendar();

before(async () => {
  t = await startTestApp({ demo: true });
  await t.database.db.transaction((tx) =>
    seedTestProcedure(tx, {
      code: 'KT-TEST-IMP',
      limits: [
        { channel: 'counter', value: 5, unit: 'working_days' },
        { channel: 'postal', value: 7, unit: 'working_days' },
      ],
    }),
  );
  counter = await t.login('counter.staff');
  officer = await t.login('processing.officer');
});
after(() => t?.close());

const applicant = { name: 'Võ Văn Neo', idNumber: '051011112222', phone: '0905999888', address: 'Lý Sơn' };
const item = (
  receivedAt: string,
  actions: ImportItem['actions'] = [],
  extra: Partial<ImportItem> = {},
): ImportItem => ({
  procedureCode: 'KT-TEST-IMP',
  channel: 'phone',
  applicant,
  components: [],
  returnMethod: 'post',
  receivedAt,
  actions,
  ...extra,
});

test('an imported history equals the same history taken over HTTP (one fold, no duplicated rules)', async () => {
  const r = await counter.post('/api/dossiers', {
    procedureCode: 'KT-TEST-IMP',
    channel: 'counter',
    applicant,
    components: [],
    returnMethod: 'post',
  });
  const code = r.body.code as string;
  const steps: [typeof counter, Record<string, unknown>][] = [
    [counter, { action: 'transfer' }],
    [officer, { action: 'request_supplement', missing: ['Tờ khai'] }],
    [officer, { action: 'supplement_received' }],
    [officer, { action: 'start_step', name: 'Thẩm định', kind: 'internal', value: 1, unit: 'working_days' }],
    [officer, { action: 'finish_step' }],
    [officer, { action: 'result_ready' }],
    [counter, { action: 'return', method: 'post', postal: { itemCode: 'EB9VN' } }],
  ];
  for (const [c, b] of steps) {
    const x = await c.post(`/api/dossiers/${code}/actions`, b);
    assert.equal(x.status, 200, JSON.stringify(b) + JSON.stringify(x.body));
  }
  const live = (await counter.get(`/api/dossiers/${code}`)).body;
  const events = live.events as { type: string; at: string; data: Record<string, unknown> }[];
  const imported = await t.database.db.transaction((tx) =>
    importDossiers(tx, cal, [
      item(
        events[0]!.at,
        steps.map(([, b], k) => ({ ...(b as { action: string }), at: events[k + 1]!.at })),
        { channel: 'counter' },
      ),
    ]),
  );
  const imp = (await counter.get(`/api/dossiers/${imported.codes[0]}`)).body;
  for (const k of [
    'status',
    'appointmentAt',
    'firstAppointmentAt',
    'startDate',
    'resolvedAt',
    'timeliness',
    'returnedAt',
    'closedAt',
    'postal',
    'version',
    'processingAgencyCode',
    'timeLimit',
  ])
    assert.deepEqual(imp[k], live[k], k);
  assert.deepEqual(
    imp.steps.map((s: Record<string, unknown>) => [s.kind, s.dueAt, s.finishedAt, s.result]),
    live.steps.map((s: Record<string, unknown>) => [s.kind, s.dueAt, s.finishedAt, s.result]),
  );
  assert.deepEqual(
    imp.events.map((e: Record<string, unknown>) => [e.type, e.at, e.fromStatus, e.toStatus]),
    live.events.map((e: Record<string, unknown>) => [e.type, e.at, e.fromStatus, e.toStatus]),
  );
});

// Regression: when the processing agency changes, the earlier events are read back (PGlite returns the raw
// timestamptz text); the transfer of a dossier that had a supplement before it must still succeed.
test('supplement before the transfer, then transfer (the report counts move with the agency)', async () => {
  const r = await counter.post('/api/dossiers', {
    procedureCode: 'KT-TEST-IMP',
    channel: 'counter',
    applicant,
    components: [],
    returnMethod: 'post',
  });
  const code = r.body.code as string;
  for (const b of [
    { action: 'request_supplement', missing: ['Tờ khai'] },
    { action: 'supplement_received' },
    { action: 'transfer' },
  ]) {
    const x = await counter.post(`/api/dossiers/${code}/actions`, b);
    assert.equal(x.status, 200, JSON.stringify(b) + JSON.stringify(x.body));
  }
});

test('codes follow the receipt time within a day; receipt numbers per body and year; steps stored', async () => {
  const res = await t.database.db.transaction((tx) =>
    importDossiers(tx, cal, [
      item('2022-05-10T14:00:00+07:00'),
      item('2022-05-10T08:00:00+07:00', [
        { action: 'collect_fee', at: '2022-05-10T08:05:00+07:00' },
        { action: 'transfer', at: '2022-05-10T09:00:00+07:00' },
      ]),
      item('2022-05-10T10:00:00+07:00', [{ action: 'collect_fee', at: '2022-05-10T10:05:00+07:00' }]),
      item('2022-05-11T10:00:00+07:00', [], {
        rating: { channel: 'kiosk', vote: 'satisfied', at: '2022-05-11T10:10:00+07:00' },
      }),
    ]),
  );
  const seq = res.codes.map((c) => c.slice(-11));
  assert.equal(seq[1]!.slice(0, 6), '220510');
  const n = res.codes.map((c) => Number(c.slice(-4)));
  assert.ok(n[1]! < n[2]! && n[2]! < n[0]!, `ordered by time: ${res.codes.join(', ')}`);
  assert.equal(n[2], n[1]! + 1);
  assert.equal(n[0], n[2]! + 1);
  assert.equal(res.payments, 2);
  assert.equal(res.ratings, 1);
  const rows = await t.database.db.select().from(dossiers).where(eq(dossiers.code, res.codes[1]!));
  const fee = rows[0]!.fee as { receiptNumber: string; status: string };
  assert.equal(fee.status, 'paid');
  assert.match(fee.receiptNumber, /^BL-VP-TTHC-2022-\d{6}$/);
  const other = (await t.database.db.select().from(dossiers).where(eq(dossiers.code, res.codes[2]!)))[0]!
    .fee as { receiptNumber: string };
  assert.equal(Number(other.receiptNumber.slice(-6)), Number(fee.receiptNumber.slice(-6)) + 1);
  const st = await t.database.db.select().from(dossierSteps).where(eq(dossierSteps.dossierId, rows[0]!.id));
  assert.equal(st.length, 1);
  assert.equal(st[0]!.result, 'on_time');
  // phone filings use the postal limit (7 working days from Tue 10/05 → Thu 19/05)
  assert.equal(rows[0]!.appointmentAt!.toISOString(), '2022-05-19T17:00:00.000Z');
});

test('all or nothing: an invalid action → the item path, nothing written', async () => {
  const [{ n: before }] = (await queryRows<{ n: number }>(
    t.database.db,
    sql`SELECT count(*)::int AS n FROM dossiers`,
  )) as [{ n: number }];
  const bad = async (items: ImportItem[], status: number, path: string) => {
    await assert.rejects(
      t.database.db.transaction((tx) => importDossiers(tx, cal, items)),
      (e: unknown) => e instanceof AppError && e.status === status && e.path === path,
    );
  };
  await bad(
    [
      item('2022-05-12T08:00:00+07:00'),
      item('2022-05-12T09:00:00+07:00', [{ action: 'result_ready', at: '2022-05-12T10:00:00+07:00' }]),
    ],
    409,
    'items[1].actions[0].action',
  );
  await bad(
    [item('2022-05-12T08:00:00+07:00', [{ action: 'transfer', at: '2022-05-11T10:00:00+07:00' }])],
    400,
    'items[0].actions[0].at',
  );
  await bad(
    [item('2022-05-12T08:00:00+07:00', [], { procedureCode: 'NOPE' })],
    400,
    'items[0].procedureCode',
  );
  await bad(
    [item('2022-05-12T08:00:00+07:00', [{ action: 'refuse', at: '2022-05-12T09:00:00+07:00', reasons: [] }])],
    400,
    'items[0].actions[0].reasons',
  );
  const [{ n: afterN }] = (await queryRows<{ n: number }>(
    t.database.db,
    sql`SELECT count(*)::int AS n FROM dossiers`,
  )) as [{ n: number }];
  assert.equal(afterN, before);
});
