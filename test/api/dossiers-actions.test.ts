/**
 * Dossier actions over HTTP: a full lifecycle (counter → transfer → steps → result → return by post →
 * delivery), apology timing, concurrency (parallel identical actions, stale versions), the role × action
 * matrix as data, files and staff ratings. Histories are set up with `importDossiers` (the same fold).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { errorOf, startTestApp, type Client, type TestApp } from '../helpers/app.ts';
import { queryRows } from '../../src/db/engine.ts';
import { buildCalendar } from '../../src/kernel/calendar/index.ts';
import { seedTestProcedure } from '../../src/modules/dossiers/fixtures.ts';
import { importDossiers, type ImportItem } from '../../src/modules/dossiers/service.ts';
import { DOSSIER_TRANSITIONS, type DossierTransition } from '../../src/modules/dossiers/rules.ts';
import type { Role } from '../../src/kernel/auth/roles.ts';

let t: TestApp;
const users: Record<string, Client> = {};
const USERS: { username: string; roles: Role[]; agency: string | null }[] = [
  { username: 'admin', roles: ['admin'], agency: null },
  { username: 'office.leader', roles: ['office_leader'], agency: null },
  { username: 'office.specialist', roles: ['office_specialist'], agency: null },
  { username: 'agency.leader', roles: ['agency_leader'], agency: 'SNNPTNT' },
  { username: 'agency.staff', roles: ['agency_staff'], agency: 'SNNPTNT' },
  { username: 'counter.staff', roles: ['counter_staff'], agency: 'VP-TTHC' },
  { username: 'callcentre.staff', roles: ['callcentre_staff'], agency: 'VP-TTHC' },
  { username: 'centre.leader', roles: ['centre_leader'], agency: 'VP-TTHC' },
  { username: 'processing.officer', roles: ['processing_officer'], agency: 'SNNPTNT' },
];

before(async () => {
  t = await startTestApp({ demo: true });
  await t.database.db.transaction(async (tx) => {
    await seedTestProcedure(tx, {
      code: 'KT-TEST-LONG',
      limits: [
        { channel: 'counter', value: 60, unit: 'working_days' },
        { channel: 'postal', value: 60, unit: 'working_days' },
      ],
    });
    await seedTestProcedure(tx, {
      code: 'KT-TEST-D10',
      limits: [{ channel: 'counter', value: 10, unit: 'working_days' }],
    });
  });
  for (const u of USERS) users[u.username] = await t.login(u.username);
});
after(() => t?.close());

const applicant = {
  name: 'Lê Văn Thuyền',
  idNumber: '051098765432',
  phone: '0935777888',
  address: 'Xã Tịnh Kỳ, thành phố Quảng Ngãi',
};
const hoursAgo = (h: number, plusMin = 0) =>
  new Date(Date.now() - h * 3_600_000 + plusMin * 60_000).toISOString();

/** Imports dossiers with past histories (received 48 h ago, actions a minute apart). */
async function seed(
  items: {
    actions?: [string, Record<string, unknown>?][];
    initialStatus?: 'new' | 'received';
    procedureCode?: string;
    receivedAt?: string;
    channel?: string;
  }[],
) {
  const cal = buildCalendar();
  const list: ImportItem[] = items.map((it) => ({
    procedureCode: it.procedureCode ?? 'KT-TEST-LONG',
    channel: (it.channel ?? 'counter') as ImportItem['channel'],
    applicant,
    components: [{ name: 'Tờ khai', original: true, count: 1 }],
    returnMethod: 'post',
    receivedAt: it.receivedAt ?? hoursAgo(48),
    initialStatus: it.initialStatus,
    actions: (it.actions ?? []).map(([action, b], k) => ({
      action,
      at: new Date(new Date(it.receivedAt ?? hoursAgo(48)).getTime() + (k + 1) * 60_000).toISOString(),
      ...(b ?? {}),
    })),
  }));
  const r = await t.database.db.transaction((tx) => importDossiers(tx, cal, list));
  return r.codes;
}

test('lifecycle: receive → transfer → steps → result → return by post → delivered; events, steps, fee receipt', async () => {
  const counter = users['counter.staff']!;
  const officer = users['processing.officer']!;
  const r = await counter.post('/api/dossiers', {
    procedureCode: 'KT-TEST-LONG',
    channel: 'counter',
    applicant,
    components: [],
    returnMethod: 'post',
  });
  assert.equal(r.status, 201);
  const code = r.body.code as string;
  const act = (c: Client, b: Record<string, unknown>) => c.post(`/api/dossiers/${code}/actions`, b);
  let x = await act(counter, { action: 'collect_fee', expectedVersion: 1 });
  assert.equal(x.status, 200, JSON.stringify(x.body));
  assert.equal(x.body.fee.status, 'paid');
  assert.match(x.body.fee.receiptNumber, /^BL-VP-TTHC-\d{4}-\d{6}$/);
  assert.equal(x.body.payments.length, 1);
  assert.equal(x.body.payments[0].provider, 'log');
  x = await act(counter, { action: 'transfer' });
  assert.equal(x.status, 200);
  assert.equal(x.body.status, 'processing');
  assert.equal(x.body.processingAgencyCode, 'SNNPTNT');
  assert.equal(x.body.steps[0].kind, 'transfer');
  assert.ok(['early', 'on_time'].includes(x.body.steps[0].result));
  x = await act(officer, {
    action: 'start_step',
    name: 'Thẩm định hồ sơ',
    kind: 'internal',
    value: 3,
    unit: 'working_days',
  });
  assert.equal(x.status, 200, JSON.stringify(x.body));
  x = await act(officer, { action: 'finish_step' });
  assert.equal(x.body.steps[1].result, 'early');
  x = await act(officer, { action: 'result_ready' });
  assert.equal(x.body.status, 'result_ready');
  assert.equal(x.body.timeliness, 'early');
  assert.equal(x.body.nationalStatus, 9);
  x = await act(counter, { action: 'return', method: 'post' });
  assert.equal(x.status, 400);
  assert.equal(errorOf(x).path, 'postal.itemCode');
  x = await act(counter, { action: 'return', method: 'post', postal: { itemCode: 'EB000111222VN' } });
  assert.equal(x.status, 200);
  assert.equal(x.body.status, 'returned');
  assert.equal(x.body.postal.itemCode, 'EB000111222VN');
  x = await act(counter, { action: 'postal_delivered', deliveredOn: x.body.postal.sentOn });
  assert.equal(x.status, 200, JSON.stringify(x.body));
  assert.equal(x.body.version, 8);
  assert.deepEqual(
    x.body.events.map((e: { type: string }) => e.type),
    [
      'receive',
      'collect_fee',
      'transfer',
      'start_step',
      'finish_step',
      'result_ready',
      'return',
      'postal_delivered',
    ],
  );
  assert.deepEqual(x.body.allowedActions, []);
  // the event log is append-only
  await assert.rejects(
    queryRows(t.database.db, sql`UPDATE dossier_events SET note = 'x' WHERE type = 'receive'`),
  );
});

test('two parallel identical actions: one 200, one 409; a stale expectedVersion is 409', async () => {
  const [code] = await seed([{}]);
  const counter = users['counter.staff']!;
  const other = users['centre.leader']!;
  const rs = await Promise.all([
    counter.post(`/api/dossiers/${code}/actions`, { action: 'transfer' }),
    other.post(`/api/dossiers/${code}/actions`, { action: 'transfer' }),
  ]);
  assert.deepEqual(rs.map((r) => r.status).sort(), [200, 409]);
  assert.equal(errorOf(rs.find((r) => r.status === 409)!).code, 'invalid_transition');
  const stale = await counter.post(`/api/dossiers/${code}/actions`, {
    action: 'request_supplement',
    missing: ['Bản sao CCCD'],
    expectedVersion: 1,
  });
  assert.equal(stale.status, 409);
  assert.equal(errorOf(stale).code, 'stale');
  const ok = await counter.post(`/api/dossiers/${code}/actions`, {
    action: 'request_supplement',
    missing: ['Bản sao CCCD'],
    expectedVersion: 2,
  });
  assert.equal(ok.status, 200);
  const [{ n }] = (await queryRows<{ n: number }>(
    t.database.db,
    sql`SELECT count(*)::int AS n FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id WHERE d.code = ${code}`,
  )) as [{ n: number }];
  assert.equal(n, 3);
});

test('supplement over HTTP: new appointment from the arrival of the complete dossier', async () => {
  const [code] = await seed([
    { procedureCode: 'KT-TEST-D10', actions: [['request_supplement', { missing: ['Bản vẽ'] }]] },
  ]);
  const before = await users['counter.staff']!.get(`/api/dossiers/${code}`);
  const r = await users['counter.staff']!.post(`/api/dossiers/${code}/actions`, {
    action: 'supplement_received',
  });
  assert.equal(r.status, 200);
  assert.equal(r.body.status, 'received');
  const cal = buildCalendar();
  const { computeDeadline, ONE_STOP_DOSSIER } = await import('../../src/kernel/calendar/index.ts');
  const at = new Date(r.body.events.at(-1).at);
  const want = computeDeadline(cal, { ...ONE_STOP_DOSSIER, amount: 10, unit: 'working_days' }, at).dueDate;
  assert.equal(r.body.appointmentDate, want);
  assert.ok(r.body.appointmentDate > before.body.appointmentDate, 'restarted from zero');
  assert.equal(r.body.firstAppointmentAt, before.body.firstAppointmentAt);
});

test('apology over HTTP: too late → 422; in time → 200 with the new date apart; twice → 409', async () => {
  // received 30 days ago with 10 working days: the appointment has passed
  const [lateCode, okCode] = await seed([
    { procedureCode: 'KT-TEST-D10', receivedAt: hoursAgo(24 * 30), actions: [['transfer']] },
    { actions: [['transfer']] },
  ]);
  const officer = users['processing.officer']!;
  let r = await officer.post(`/api/dossiers/${lateCode}/actions`, {
    action: 'apologize',
    newDate: '2099-01-05',
    note: 'Chậm',
  });
  assert.equal(r.status, 422);
  assert.equal(errorOf(r).code, 'apology_too_late');
  const d = await officer.get(`/api/dossiers/${okCode}`);
  r = await officer.post(`/api/dossiers/${okCode}/actions`, {
    action: 'apologize',
    newDate: d.body.appointmentDate,
    note: 'x',
  });
  assert.equal(r.status, 400);
  assert.equal(errorOf(r).path, 'newDate');
  r = await officer.post(`/api/dossiers/${okCode}/actions`, {
    action: 'apologize',
    newDate: '2099-01-05',
    note: 'Chờ ý kiến Sở Tài chính',
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.apologyDate, '2099-01-05');
  assert.equal(r.body.appointmentAt, d.body.appointmentAt, 'the appointment in force is not replaced');
  r = await officer.post(`/api/dossiers/${okCode}/actions`, {
    action: 'apologize',
    newDate: '2099-02-05',
    note: 'x',
  });
  assert.equal(r.status, 409);
  assert.equal(errorOf(r).code, 'already_rescheduled');
  r = await officer.post(`/api/dossiers/${okCode}/actions`, { action: 'result_ready' });
  assert.equal(r.body.timeliness, 'early');
  assert.equal(r.body.apologyKept, true);
  // invalid action bodies → 400 with path
  const [c2] = await seed([{}]);
  for (const [b, path] of [
    [{ action: 'fly' }, 'action'],
    [{ action: 'refuse' }, 'reasons'],
    [{ action: 'refuse', reasons: 'x' }, 'reasons'],
    [{ action: 'transfer', expectedVersion: -1 }, 'expectedVersion'],
    [{ action: 'apologize', newDate: '2022-02-30', note: 'x' }, 'newDate'],
    [{ action: 'transfer', bogus: 1 }, 'bogus'],
  ] as [Record<string, unknown>, string][]) {
    r = await users['centre.leader']!.post(`/api/dossiers/${c2}/actions`, b);
    assert.equal(r.status, 400, `${JSON.stringify(b)} ${r.status}`);
    assert.equal(errorOf(r).path, path, JSON.stringify(b));
  }
  r = await users['centre.leader']!.post(`/api/dossiers/NO-SUCH/actions`, { action: 'transfer' });
  assert.equal(r.status, 404);
});

/** Histories that put a dossier where each action applies (all received 48 h ago → era nd118). */
const TEMPLATE: Record<string, { initialStatus?: 'new'; actions: [string, Record<string, unknown>?][] }> = {
  accept: { initialStatus: 'new', actions: [] },
  request_supplement: { actions: [] },
  supplement_received: { actions: [['request_supplement', { missing: ['Tờ khai'] }]] },
  refuse: { actions: [] },
  transfer: { actions: [] },
  start_step: { actions: [['transfer']] },
  finish_step: {
    actions: [['transfer'], ['start_step', { name: 'Thẩm định', value: 2, unit: 'working_days' }]],
  },
  request_payment: { actions: [['transfer']] },
  payment_received: { actions: [['transfer'], ['request_payment', { amount: 100000 }]] },
  apologize: { actions: [['transfer']] },
  withdraw: { actions: [] },
  stop: { actions: [] },
  result_ready: { actions: [['transfer']] },
  return: { actions: [['transfer'], ['result_ready']] },
  postal_delivered: {
    actions: [['transfer'], ['result_ready'], ['return', { method: 'post', postal: { itemCode: 'EB1VN' } }]],
  },
  collect_fee: { actions: [] },
};
const BODY: Record<string, Record<string, unknown>> = {
  request_supplement: { missing: ['Bản sao giấy tờ'] },
  refuse: { reasons: ['Không thuộc thẩm quyền'] },
  start_step: { name: 'Thẩm định', kind: 'internal', value: 1, unit: 'working_days' },
  request_payment: { amount: 200000 },
  apologize: { newDate: '2099-12-31', note: 'Chờ ý kiến' },
  withdraw: { note: 'Công dân xin rút' },
  stop: { note: 'Công dân đề nghị dừng' },
  return: { method: 'counter' },
  collect_fee: { amount: 50000 },
};

/** Expected from the rule data: admin always; else a role of the rule and the rule's scope. */
function expected(rule: DossierTransition, u: (typeof USERS)[number], transferred: boolean) {
  const atBody = u.agency === 'VP-TTHC';
  const atAgency = transferred && u.agency === 'SNNPTNT';
  const visible =
    u.roles.some((r) => ['admin', 'office_leader', 'office_specialist'].includes(r)) || atBody || atAgency;
  if (u.roles.includes('admin')) return { allowed: true, visible };
  const roleOk = u.roles.some((r) => rule.roles.includes(r));
  const scopeOk =
    rule.scope === 'receiving_body'
      ? atBody
      : rule.scope === 'processing_agency'
        ? atAgency
        : atBody || atAgency;
  return { allowed: roleOk && scopeOk, visible };
}

test('role × action matrix (every action × every role, from the rule data): allowed → 200, else 403 (404 if not visible)', async () => {
  const pairs: { rule: DossierTransition; user: (typeof USERS)[number]; transferred: boolean }[] = [];
  for (const rule of DOSSIER_TRANSITIONS)
    for (const user of USERS)
      pairs.push({ rule, user, transferred: TEMPLATE[rule.action]!.actions.some(([a]) => a === 'transfer') });
  assert.equal(Object.keys(TEMPLATE).length, DOSSIER_TRANSITIONS.length, 'a template per action');
  const codes = await seed(pairs.map((p) => TEMPLATE[p.rule.action]!));
  const matrix: Record<string, Record<string, number>> = {};
  let allowedCount = 0;
  for (const [i, p] of pairs.entries()) {
    const r = await users[p.user.username]!.post(`/api/dossiers/${codes[i]}/actions`, {
      action: p.rule.action,
      ...(BODY[p.rule.action] ?? {}),
    });
    (matrix[p.rule.action] ??= {})[p.user.username] = r.status;
    const e = expected(p.rule, p.user, p.transferred);
    const want = e.allowed ? 200 : e.visible ? 403 : 404;
    assert.equal(r.status, want, `${p.rule.action} × ${p.user.username}: ${JSON.stringify(r.body)}`);
    if (e.allowed) allowedCount++;
    if (r.status === 200) {
      const d = await users['admin']!.get(`/api/dossiers/${codes[i]}`);
      assert.equal(d.body.events.at(-1).type, p.rule.action);
    }
  }
  // sanity: the matrix is not trivially all-allowed or all-denied
  assert.ok(
    allowedCount > DOSSIER_TRANSITIONS.length && allowedCount < pairs.length / 2,
    String(allowedCount),
  );
  assert.equal(matrix.transfer!['counter.staff'], 200);
  assert.equal(matrix.transfer!['processing.officer'], 404);
  assert.equal(matrix.result_ready!['processing.officer'], 200);
  assert.equal(matrix.result_ready!['counter.staff'], 403);
  assert.equal(matrix.accept!['office.leader'], 403);
});

test('files: upload a scanned component (PDF), list in the detail, download; limits and type checks', async () => {
  const [code] = await seed([{}]);
  const counter = users['counter.staff']!;
  const pdf = Buffer.from('%PDF-1.4\n% test\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
  const form = (bytes: Buffer, type: string, name: string, fields: Record<string, string> = {}) => {
    const fd = new FormData();
    for (const [k, v] of Object.entries(fields)) fd.append(k, v);
    fd.append('file', new Blob([new Uint8Array(bytes)], { type }), name);
    return fd;
  };
  const up = (fd: FormData, c: Client = counter) =>
    fetch(`${t.url}/api/dossiers/${code}/files`, {
      method: 'POST',
      headers: { cookie: c.cookie, 'x-csrf-token': c.csrf },
      body: fd,
    });
  let r = await up(form(pdf, 'application/pdf', 'Tờ khai.pdf', { kind: 'component', componentIndex: '0' }));
  assert.equal(r.status, 201, await r.clone().text());
  const f = (await r.json()) as { id: string; size: number; sha256: string };
  assert.equal(f.size, pdf.length);
  const d = await counter.get(`/api/dossiers/${code}`);
  assert.equal(d.body.files.length, 1);
  assert.equal(d.body.files[0].name, 'Tờ khai.pdf');
  const dl = await fetch(`${t.url}/api/dossiers/${code}/files/${f.id}`, {
    headers: { cookie: counter.cookie },
  });
  assert.equal(dl.status, 200);
  assert.equal(dl.headers.get('content-type'), 'application/pdf');
  assert.deepEqual(Buffer.from(await dl.arrayBuffer()), pdf);
  r = await up(form(Buffer.from('hello'), 'text/plain', 'a.txt'));
  assert.equal(r.status, 415);
  r = await up(form(Buffer.from('not a pdf'), 'application/pdf', 'fake.pdf'));
  assert.equal(r.status, 400);
  assert.equal(((await r.json()) as { error: { code: string } }).error.code, 'file_content_mismatch');
  r = await up(form(pdf, 'application/pdf', 'a.pdf', { kind: 'photo' }));
  assert.equal(r.status, 400);
  r = await up(form(pdf, 'application/pdf', 'a.pdf', { componentIndex: '9' }));
  assert.equal(r.status, 400);
  r = await up(form(Buffer.concat([pdf, Buffer.alloc(10 * 1024 * 1024 + 10)]), 'application/pdf', 'big.pdf'));
  assert.equal(r.status, 413);
  r = await up(form(pdf, 'application/pdf', 'a.pdf'), users['office.leader']!);
  assert.equal(r.status, 403);
});

test('staff ratings: kiosk and paper; one per dossier (409); the rater is not shown; indices derived from timeliness', async () => {
  const [a, b, c] = await seed([
    { actions: [['transfer'], ['result_ready'], ['return', { method: 'counter' }]] },
    { actions: [['refuse', { reasons: ['Không thuộc thẩm quyền giải quyết'] }]] },
    {},
  ]);
  const counter = users['counter.staff']!;
  // not rated while still open (no result yet)
  let r = await counter.post(`/api/dossiers/${c}/ratings`, { channel: 'kiosk', vote: 'satisfied' });
  assert.equal(r.status, 409);
  assert.equal(errorOf(r).code, 'not_yet_resolved');
  r = await counter.post(`/api/dossiers/${a}/ratings`, { channel: 'kiosk', vote: 'satisfied' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.body.indices.i1, 2);
  assert.equal(r.body.indices.i7, 2);
  assert.equal(r.body.score, 4);
  r = await counter.post(`/api/dossiers/${a}/ratings`, { channel: 'paper', vote: 'neutral' });
  assert.equal(r.status, 409);
  assert.equal(errorOf(r).code, 'already_rated');
  r = await counter.post(`/api/dossiers/${b}/ratings`, {
    channel: 'paper',
    vote: 'unsatisfied',
    indices: { i1: 1, i2: 2, i3: 0, i4: 1, i6: 2, i7: 0 },
    comment: 'Phải đi lại nhiều lần',
  });
  assert.equal(r.status, 201);
  assert.equal(r.body.score, 6);
  const d = await counter.get(`/api/dossiers/${b}`);
  assert.equal(d.body.rating.vote, 'unsatisfied');
  assert.ok(!('enteredBy' in d.body.rating));
  for (const [body, path] of [
    [{ channel: 'web', vote: 'satisfied' }, 'channel'],
    [{ channel: 'kiosk', vote: 'happy' }, 'vote'],
    [{ channel: 'kiosk', vote: 'satisfied', indices: { i1: 3 } }, 'indices.i1'],
    [{ channel: 'kiosk', vote: 'satisfied', indices: { i5: 1 } }, 'indices.i5'],
  ] as [Record<string, unknown>, string][]) {
    r = await counter.post(`/api/dossiers/${b}/ratings`, body);
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.equal(errorOf(r).path, path);
  }
  r = await users['processing.officer']!.post(`/api/dossiers/${a}/ratings`, {
    channel: 'kiosk',
    vote: 'satisfied',
  });
  assert.equal(r.status, 403);
});
