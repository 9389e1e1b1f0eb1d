/**
 * Dossier intake over HTTP: dated clock cases (15:00 cut-off, Saturday, Tết 2022, hours), codes per
 * TT 01/2018 Art 19 unique under concurrency, roles, and every invalid field → 400 with its path.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { errorOf, startTestApp, type Client, type TestApp } from '../helpers/app.ts';
import { queryRows } from '../../src/db/engine.ts';
import { seedTestProcedure } from '../../src/modules/dossiers/fixtures.ts';

let t: TestApp;
let counter: Client, callcentre: Client, leader: Client, officer: Client, admin: Client, office: Client;

before(async () => {
  t = await startTestApp({ demo: true });
  await t.database.db.transaction(async (tx) => {
    await seedTestProcedure(tx, {
      code: 'KT-TEST-D10',
      limits: [
        { channel: 'counter', value: 10, unit: 'working_days' },
        { channel: 'postal', value: 12, unit: 'working_days' },
        { channel: 'online', value: 8, unit: 'working_days' },
      ],
    });
    await seedTestProcedure(tx, {
      code: 'KT-TEST-D3',
      limits: [{ channel: 'counter', value: 3, unit: 'working_days' }],
    });
    await seedTestProcedure(tx, {
      code: 'KT-TEST-H8',
      limits: [{ channel: 'counter', value: 8, unit: 'working_hours' }],
    });
    await seedTestProcedure(tx, {
      code: 'KT-TEST-REVIEW',
      limits: [{ channel: 'counter', value: 3, unit: null }],
    });
    await seedTestProcedure(tx, {
      code: 'KT-TEST-NEW2025',
      validFrom: '2025-07-01',
      limits: [{ channel: 'counter', value: 5, unit: 'working_days' }],
    });
  });
  [counter, callcentre, leader, officer, admin, office] = await Promise.all([
    t.login('counter.staff'),
    t.login('callcentre.staff'),
    t.login('centre.leader'),
    t.login('processing.officer'),
    t.login('admin'),
    t.login('office.leader'),
  ]);
});
after(() => t?.close());

const body = (extra: Record<string, unknown> = {}) => ({
  procedureCode: 'KT-TEST-D10',
  channel: 'counter',
  applicant: {
    name: 'Nguyễn Văn Biển',
    idNumber: '051234567890',
    phone: '0905123456',
    email: 'bien@example.vn',
    address: 'Thôn Châu Me, xã Bình Châu, huyện Bình Sơn',
  },
  representative: {
    name: 'Trần Thị Hải',
    phone: '0912000111',
    relation: 'vợ',
    authorisation: 'Giấy ủy quyền 12/UQ',
  },
  components: [
    { name: 'Tờ khai đăng ký tàu cá', original: true, count: 1 },
    { name: 'Giấy chứng nhận an toàn kỹ thuật', original: false, count: 2 },
  ],
  returnMethod: 'post',
  ...extra,
});

test('back-entry by the centre leader: the 15:00 cut-off, Saturday, Tết 2022, hours-based limits', async () => {
  const cases: [Record<string, unknown>, string][] = [
    [{ receivedAt: '2022-03-04T14:59:00+07:00' }, '2022-03-18T23:59:59+07:00'],
    [{ receivedAt: '2022-03-04T15:01:00+07:00' }, '2022-03-21T23:59:59+07:00'],
    [{ receivedAt: '2022-03-05T10:00:00+07:00' }, '2022-03-21T23:59:59+07:00'],
    [{ receivedAt: '2022-01-28T10:00:00+07:00', procedureCode: 'KT-TEST-D3' }, '2022-02-09T23:59:59+07:00'],
    [{ receivedAt: '2022-03-04T14:00:00+07:00', procedureCode: 'KT-TEST-H8' }, '2022-03-07T14:30:00+07:00'],
    // phone filings use the catalogue's postal limit (12 working days)
    [{ receivedAt: '2022-03-04T09:00:00+07:00', channel: 'phone' }, '2022-03-22T23:59:59+07:00'],
  ];
  for (const [extra, want] of cases) {
    const r = await leader.post('/api/dossiers', body(extra));
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.appointmentAt, want, JSON.stringify(extra));
    assert.equal(r.body.status, 'received');
    assert.equal(r.body.era, 'nd61');
    const day = String(extra.receivedAt).slice(2, 10).replaceAll('-', '');
    assert.match(r.body.code, new RegExp(`^000\\.00\\.20\\.H48-${day}-\\d{4}$`));
  }
});

test('intake at the counter now: 201 with code, appointment, status; detail keeps applicant and representative apart', async () => {
  const r = await counter.post('/api/dossiers', body());
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.match(r.body.appointmentAt, /^\d{4}-\d{2}-\d{2}T23:59:59\+07:00$/);
  assert.equal(r.body.status, 'received');
  assert.equal(r.body.nationalStatus, 2);
  assert.equal(r.body.applicant.name, 'Nguyễn Văn Biển');
  assert.equal(r.body.representative.name, 'Trần Thị Hải');
  assert.equal(r.body.components.length, 2);
  assert.deepEqual(r.body.fee, { amount: 50000, collectAt: 'intake', status: 'unpaid', receiptNumber: null });
  assert.equal(r.body.events.length, 1);
  assert.equal(r.body.events[0].type, 'receive');
  assert.ok(r.body.allowedActions.includes('transfer'));
  assert.equal(r.body.receivingBody.identifier, '000.00.20.H48');
  assert.equal(r.body.receivingBody.demoIdentifier, true);
  // searchable by phone, ID and name without diacritics
  for (const q of ['0905123456', '051234567890', 'nguyen van bien', r.body.code]) {
    const l = await counter.get(`/api/dossiers?q=${encodeURIComponent(q)}`);
    assert.equal(l.status, 200);
    assert.ok(
      l.body.items.some((x: { code: string }) => x.code === r.body.code),
      q,
    );
  }
  const d = await counter.get(`/api/dossiers/${r.body.code}`);
  assert.equal(d.status, 200);
  assert.equal(d.body.code, r.body.code);
});

test('2025 rules: a dossier received from 2025-07-01 is nd118; the code format is flagged unverified', async () => {
  const r = await leader.post(
    '/api/dossiers',
    body({ procedureCode: 'KT-TEST-NEW2025', receivedAt: '2025-07-01T08:00:00+07:00' }),
  );
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.body.era, 'nd118');
  assert.deepEqual(r.body.codeFormat, { format: 'tt01-2018', verified: false });
  assert.equal(r.body.events[0].data.codeFormatVerified, false);
  // not in force before 2025-07-01 → unknown_procedure
  const e = await leader.post(
    '/api/dossiers',
    body({ procedureCode: 'KT-TEST-NEW2025', receivedAt: '2025-06-30T08:00:00+07:00' }),
  );
  assert.equal(e.status, 400);
  assert.equal(errorOf(e).code, 'unknown_procedure');
  assert.equal(errorOf(e).path, 'procedureCode');
});

test('roles: call centre phone only; back-entry only for the centre leader and admin; processing officer and office cannot receive', async () => {
  let r = await callcentre.post('/api/dossiers', body({ channel: 'counter' }));
  assert.equal(r.status, 403);
  assert.equal(errorOf(r).path, 'channel');
  r = await callcentre.post('/api/dossiers', body({ channel: 'phone', callerNumber: '0905123456' }));
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.body.channel, 'phone');
  assert.equal(r.body.events[0].data.callerNumber, '0905123456');
  r = await counter.post('/api/dossiers', body({ receivedAt: '2022-03-04T09:00:00+07:00' }));
  assert.equal(r.status, 403);
  assert.equal(errorOf(r).code, 'back_entry_forbidden');
  r = await officer.post('/api/dossiers', body());
  assert.equal(r.status, 403);
  r = await office.post('/api/dossiers', body());
  assert.equal(r.status, 403);
  r = await admin.post('/api/dossiers', body({ receivedAt: '2022-03-04T09:00:00+07:00' }));
  assert.equal(r.status, 201);
  r = await t.anon().post('/api/dossiers', body());
  assert.equal(r.status, 401);
});

test('every invalid field → 400 with its path; a limit needing review → 422, never guessed', async () => {
  const cases: [Record<string, unknown>, string][] = [
    [{ procedureCode: '' }, 'procedureCode'],
    [{ channel: 'fax' }, 'channel'],
    [{ applicant: { ...body().applicant, name: '' } }, 'applicant.name'],
    [{ applicant: { ...body().applicant, phone: 'abc' } }, 'applicant.phone'],
    [{ applicant: { ...body().applicant, idNumber: '12' } }, 'applicant.idNumber'],
    [{ applicant: { ...body().applicant, email: 'not-mail' } }, 'applicant.email'],
    [{ applicant: { name: 'A', idNumber: '051234567890', phone: '0905123456' } }, 'applicant.address'],
    [{ applicant: { ...body().applicant, age: 3 } }, 'applicant.age'],
    [{ representative: { phone: '0905123456' } }, 'representative.name'],
    [{ components: [{ name: 'Tờ khai', original: true, count: 0 }] }, 'components.0.count'],
    [{ components: [{ name: 'Tờ khai', original: 'yes', count: 1 }] }, 'components.0.original'],
    [{ components: 'none' }, 'components'],
    [{ receivedAt: 'yesterday' }, 'receivedAt'],
    [{ receivedAt: '2022-03-04' }, 'receivedAt'],
    [{ returnMethod: 'pigeon' }, 'returnMethod'],
    [{ callerNumber: 'x' }, 'callerNumber'],
    [{ colour: 'red' }, 'colour'],
    [{ procedureCode: 'NO-SUCH-CODE' }, 'procedureCode'],
    [{ receivedAt: '2099-01-01T08:00:00+07:00' }, 'receivedAt'],
  ];
  for (const [extra, path] of cases) {
    const r = await leader.post('/api/dossiers', body(extra));
    assert.equal(r.status, 400, `${JSON.stringify(extra)} → ${r.status} ${JSON.stringify(r.body)}`);
    assert.equal(errorOf(r).path, path, JSON.stringify(extra));
  }
  const r = await leader.post('/api/dossiers', body({ procedureCode: 'KT-TEST-REVIEW' }));
  assert.equal(r.status, 422);
  assert.equal(errorOf(r).code, 'time_limit_needs_review');
  assert.equal(errorOf(r).path, 'procedureCode');
  // nothing half-written: no dossier of that procedure
  const [n] = await queryRows<{ n: number }>(
    t.database.db,
    sql`SELECT count(*)::int AS n FROM dossiers WHERE procedure_code IN ('KT-TEST-REVIEW', 'NO-SUCH-CODE')`,
  );
  assert.equal(n!.n, 0);
});

test('20 parallel intakes on the same body and day get distinct consecutive codes', async () => {
  const rs = await Promise.all(Array.from({ length: 20 }, () => counter.post('/api/dossiers', body())));
  for (const r of rs) assert.equal(r.status, 201, JSON.stringify(r.body));
  const codes = rs.map((r) => r.body.code as string);
  assert.equal(new Set(codes).size, 20);
  const prefixes = new Set(codes.map((c) => c.slice(0, -5)));
  assert.equal(prefixes.size, 1, 'same body and day');
  const nums = codes.map((c) => Number(c.slice(-4))).sort((a, b) => a - b);
  for (let i = 1; i < nums.length; i++) assert.equal(nums[i], nums[i - 1]! + 1);
});

test('list: scope per role, filters, paging; meta', async () => {
  const mine = await counter.get('/api/dossiers?pageSize=5&channel=counter');
  assert.equal(mine.status, 200);
  assert.ok(mine.body.total > 5);
  assert.equal(mine.body.items.length, 5);
  assert.ok(mine.body.items.every((x: { channel: string }) => x.channel === 'counter'));
  // the processing officer sees nothing until a dossier is transferred to the agency
  const before = await officer.get('/api/dossiers?procedure=KT-TEST-D10');
  assert.equal(before.body.total, 0);
  const d = await counter.post('/api/dossiers', body());
  const tr = await counter.post(`/api/dossiers/${d.body.code}/actions`, { action: 'transfer' });
  assert.equal(tr.status, 200, JSON.stringify(tr.body));
  const afterT = await officer.get('/api/dossiers?procedure=KT-TEST-D10');
  assert.deepEqual(
    afterT.body.items.map((x: { code: string }) => x.code),
    [d.body.code],
  );
  const ranged = await leader.get('/api/dossiers?from=2022-03-04&to=2022-03-04&procedure=KT-TEST-D10');
  assert.ok(ranged.body.items.length >= 2);
  assert.ok(ranged.body.items.every((x: { receivedAt: string }) => x.receivedAt.startsWith('2022-03-04')));
  const overdue = await leader.get('/api/dossiers?overdue=true&procedure=KT-TEST-D3');
  assert.ok(overdue.body.items.length >= 1);
  assert.ok(overdue.body.items.every((x: { pending: string }) => x.pending === 'over_limit'));
  let bad = await leader.get('/api/dossiers?status=nope');
  assert.equal(bad.status, 400);
  assert.equal(errorOf(bad).path, 'status');
  bad = await leader.get('/api/dossiers?from=2022-13-01');
  assert.equal(errorOf(bad).path, 'from');
  const meta = await counter.get('/api/dossiers/meta');
  assert.equal(meta.status, 200);
  assert.equal(meta.body.statuses.length, 10);
  assert.ok(meta.body.transitions.some((x: { action: string }) => x.action === 'apologize'));
});

test('adversarial input: lone surrogates, impossible or pre-1900 receipt times → 400 with the path, nothing written', async () => {
  const before = await leader.get('/api/dossiers?pageSize=1');
  const cases: [Record<string, unknown>, string][] = [
    [{ applicant: { ...body().applicant, name: 'Nguyễn \ud800' } }, 'applicant.name'],
    [{ representative: { name: '\udfff' } }, 'representative.name'],
    [{ receivedAt: '0000-01-01T10:00:00+07:00' }, 'receivedAt'],
    [{ receivedAt: '2022-02-30T10:00:00+07:00' }, 'receivedAt'],
    [{ receivedAt: '2022-03-01T24:00:00+07:00' }, 'receivedAt'],
  ];
  for (const [extra, path] of cases) {
    const r = await leader.post('/api/dossiers', body(extra));
    assert.equal(r.status, 400, `${path}: ${JSON.stringify(r.body)}`);
    assert.equal(errorOf(r).path, path);
  }
  const after = await leader.get('/api/dossiers?pageSize=1');
  assert.equal(after.body.total, before.body.total);
});
