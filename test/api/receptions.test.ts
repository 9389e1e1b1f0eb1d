/**
 * The reception register over HTTP: intake with a receipt slip, the delegation representatives rule
 * (Luật TCD Art 29), every invalid field → 400 with its path, refusal grounds by era (Art 9; ND 154/2026
 * from 2026-07-01), visitors of a denunciation redacted, corrections with optimistic concurrency and
 * audit rows, role and agency scope, and leaders' reception days against the legal minimum.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { errorOf, startTestApp, type Client, type TestApp } from '../helpers/app.ts';
import { queryRows } from '../../src/db/engine.ts';

let t: TestApp;
let officer: Client, leader: Client, office: Client, counter: Client, admin: Client;
let district: string, commune: string, department: string;

before(async () => {
  t = await startTestApp({ demo: true });
  officer = await t.login('reception.officer');
  leader = await t.login('reception.leader');
  office = await t.login('office.specialist');
  counter = await t.login('counter.staff');
  admin = await t.login('admin');
  const pick = async (kind: string, on: string) =>
    (
      await queryRows<{ code: string }>(
        t.database.db,
        sql`SELECT code FROM agencies WHERE kind = ${kind} AND valid_from <= ${on}
            AND (valid_to IS NULL OR valid_to >= ${on}) ORDER BY code LIMIT 1`,
      )
    )[0]!.code;
  district = await pick('district', '2022-03-01');
  commune = await pick('commune', '2022-03-01');
  department = await pick('department', '2022-03-01');
});
after(async () => {
  await t?.close();
});

const base = (over: Record<string, unknown> = {}) => ({
  receivedAt: '2022-03-02T09:15:00+07:00',
  kind: 'regular',
  visitors: [
    {
      name: 'Trần Thị Thu Hà (demo)',
      idNumber: '051190001234',
      address: 'Tịnh Khê, Sơn Tịnh',
      phone: '0905111222',
    },
  ],
  headcount: 1,
  summary: 'Kiến nghị về giá bồi thường đất ở khi giải phóng mặt bằng dự án đường ven biển',
  classification: 'recommendation',
  outcome: 'guided',
  outcomeAgencyCode: 'STNMT',
  ...over,
});

test('intake: code, receipt slip from the register, detail, audit row in the same write', async () => {
  const r = await officer.post('/api/receptions', {
    ...base({ outcomeAgencyCode: undefined }),
    documentsReceived: [{ name: 'Đơn kiến nghị', copies: 1 }, { name: 'Bản sao quyết định thu hồi đất' }],
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.match(r.body.code, /^TCD-VP-BTCD-2022-\d{4}$/);
  assert.match(r.body.receiptSlipNo, /^\d{2,}\/GBN-BTCD$/);
  const r2 = await officer.post('/api/receptions', {
    ...base({ outcomeAgencyCode: undefined }),
    documentsReceived: [{ name: 'Đơn' }],
  });
  const n1 = Number(r.body.receiptSlipNo.split('/')[0]);
  const n2 = Number(r2.body.receiptSlipNo.split('/')[0]);
  assert.equal(n2, n1 + 1, 'receipt slips are consecutive in the register');
  const d = await officer.get(`/api/receptions/${r.body.id}`);
  assert.equal(d.status, 200);
  assert.equal(d.body.sessionDate, '2022-03-02');
  assert.equal(d.body.ruleVersion, 'tcd2013');
  assert.equal(d.body.receiverName, 'Cán bộ Ban Tiếp công dân tỉnh (demo)');
  assert.equal(d.body.visitors[0].name, 'Trần Thị Thu Hà (demo)');
  assert.equal(d.body.visitors[0].redacted, false);
  assert.equal(d.body.documentsReceived.length, 2);
  const audit = await queryRows<{ action: string; data: unknown }>(
    t.database.db,
    sql`SELECT action, data FROM audit_events WHERE entity_type = 'reception' AND entity_id = ${r.body.id}`,
  );
  assert.equal(audit.length, 1);
  assert.equal(audit[0]!.action, 'created');
  assert.ok(!JSON.stringify(audit[0]!.data).includes('Trần Thị Thu Hà'), 'no identity in audit data');
  const ids = await queryRows<{ n: number }>(
    t.database.db,
    sql`SELECT count(*)::int AS n FROM party_identities WHERE subject_type = 'reception' AND subject_id = ${r.body.id}`,
  );
  assert.equal(Number(ids[0]!.n), 1);
  // no documents: no slip
  const r3 = await officer.post('/api/receptions', base());
  assert.equal(r3.status, 201);
  assert.equal(r3.body.receiptSlipNo, null);
});

test('delegation representatives (Luật TCD Art 29): 5–10 → 1–2, more than 10 → at most 5', async () => {
  const people = (n: number, reps: number) =>
    Array.from({ length: n }, (_, i) => ({ name: `Hộ dân số ${i + 1} (demo)`, representative: i < reps }));
  const post = (headcount: number, visitors: unknown[], mass = true) =>
    officer.post('/api/receptions', base({ headcount, visitors, massDelegation: mass }));
  assert.equal((await post(6, people(2, 2))).status, 201);
  assert.equal((await post(10, people(1, 1))).status, 201);
  assert.equal((await post(25, people(5, 5))).status, 201);
  for (const [headcount, visitors, path, code] of [
    [8, people(3, 3), 'visitors', 'delegation_representatives'],
    [8, people(2, 0), 'visitors', 'delegation_representatives'],
    [11, people(6, 6), 'visitors', 'delegation_representatives'],
    [4, people(1, 1), 'headcount', 'delegation_too_small'],
    [3, people(5, 1), 'visitors', 'visitors_exceed_headcount'],
  ] as const) {
    const r = await post(headcount, [...visitors]);
    assert.equal(r.status, 400, `${headcount}/${visitors.length}`);
    const e = errorOf(r);
    assert.equal(e.code, code);
    assert.equal(e.path, path);
    assert.ok(e.message && e.messageEn);
  }
  const r = await post(2, people(2, 1), false);
  assert.equal(r.status, 400);
  assert.equal(errorOf(r).path, 'massDelegation');
});

test('bad input → 400 with the field path, never 5xx', async () => {
  const cases: [Record<string, unknown>, string][] = [
    [{ kind: 'walk_in' }, 'kind'],
    [{ headcount: 0 }, 'headcount'],
    [{ visitors: [] }, 'visitors'],
    [{ visitors: [{ name: '' }] }, 'visitors.0.name'],
    [{ visitors: [{ name: 'A', idNumber: '12' }] }, 'visitors.0.idNumber'],
    [{ receivedAt: '2022-02-30T08:00:00+07:00' }, 'receivedAt'],
    [{ receivedAt: '2099-01-01T08:00:00+07:00' }, 'receivedAt'],
    [{ classification: 'gossip' }, 'classification'],
    [{ summary: '   ' }, 'summary'],
    [{ outcome: 'forwarded', outcomeAgencyCode: null }, 'outcomeAgencyCode'],
    [{ outcome: 'guided', outcomeAgencyCode: 'NO-SUCH' }, 'outcomeAgencyCode'],
    [{ outcome: 'guided', refusalGround: 'threat_or_insult' }, 'refusalGround'],
    [{ outcome: 'refused', outcomeAgencyCode: null }, 'refusalGround'],
    [{ kind: 'leader_periodic' }, 'leaderName'],
    [{ kind: 'leader_periodic', leaderName: 'Chủ tịch (demo)' }, 'leaderAgencyCode'],
    [{ petitionId: '00000000-0000-4000-8000-000000000000' }, 'petitionId'],
    [{ extra: 1 }, 'extra'],
  ];
  for (const [over, path] of cases) {
    const r = await officer.post('/api/receptions', base(over));
    assert.equal(r.status, 400, `${JSON.stringify(over)} → ${r.status} ${JSON.stringify(r.body)}`);
    assert.equal(errorOf(r).path, path, JSON.stringify(over));
  }
});

test('refusal grounds by era: Art 9 grounds in both, the ND 154/2026 ground only from 2026-07-01', async () => {
  const refused = (at: string, refusalGround: string, outcomeNote?: string) =>
    officer.post(
      '/api/receptions',
      base({ receivedAt: at, outcome: 'refused', refusalGround, outcomeAgencyCode: null, outcomeNote }),
    );
  const a = await refused('2022-05-10T10:00:00+07:00', 'threat_or_insult');
  assert.equal(a.status, 201);
  const before = await refused('2026-06-30T10:00:00+07:00', 'nd154_added', 'Điều 9 khoản 2 ND 154/2026');
  assert.equal(before.status, 400);
  assert.equal(errorOf(before).code, 'refusal_ground_not_in_force');
  assert.equal(errorOf(before).path, 'refusalGround');
  const noNote = await refused('2026-07-01T10:00:00+07:00', 'nd154_added');
  assert.equal(errorOf(noNote).path, 'outcomeNote');
  const ok = await refused('2026-07-01T10:00:00+07:00', 'nd154_added', 'Điều 9 khoản 2 ND 154/2026');
  assert.equal(ok.status, 201, JSON.stringify(ok.body));
  const d = await officer.get(`/api/receptions/${ok.body.id}`);
  assert.equal(d.body.ruleVersion, 'tcd2026');
  // written refusal notice within 3 working days (calendar): Wed 2026-07-01 → Mon 2026-07-06
  assert.equal(d.body.refusalNoticeDue, '2026-07-06');
  const old = await officer.get(`/api/receptions/${a.body.id}`);
  assert.equal(old.body.refusalNoticeDue, null);
  const meta = await officer.get('/api/receptions/meta');
  assert.ok(meta.body.refusalGrounds.some((g: { code: string }) => g.code === 'already_settled'));
});

test('a denunciation visit: visitors stored confidential, redacted in the detail, absent from the list', async () => {
  const secret = 'Lê Văn Mật Danh (demo)';
  const r = await officer.post(
    '/api/receptions',
    base({
      summary: `Ông ${secret} tố cáo cán bộ địa chính xã nhận tiền khi cấp giấy chứng nhận quyền sử dụng đất`,
      classification: 'denunciation',
      outcome: 'accepted',
      outcomeAgencyCode: null,
      visitors: [{ name: secret, idNumber: '051199009999', address: 'Nghĩa Hành', phone: '0912000111' }],
    }),
  );
  assert.equal(r.status, 201);
  const d = await officer.get(`/api/receptions/${r.body.id}`);
  assert.equal(d.body.confidential, true);
  assert.equal(d.body.visitors[0].redacted, true);
  assert.equal(d.body.visitors[0].name, null);
  const blob =
    JSON.stringify(d.body) + JSON.stringify((await officer.get('/api/receptions?pageSize=500')).body);
  for (const s of [secret, '051199009999', '0912000111']) assert.ok(!blob.includes(s), s);
  assert.match(d.body.summary, /tố cáo cán bộ địa chính/);
  const byName = await officer.get(`/api/receptions?q=${encodeURIComponent('le van mat danh')}`);
  assert.equal(byName.body.total, 0, 'search never matches an identity');
  const stored = await queryRows<{ summary: string; search_key: string }>(
    t.database.db,
    sql`SELECT summary, search_key FROM receptions WHERE id = ${r.body.id}`,
  );
  assert.ok(!JSON.stringify(stored).toLowerCase().includes('mat danh'), 'identity only in party_identities');
  const rows = await queryRows<{ confidential: boolean }>(
    t.database.db,
    sql`SELECT confidential FROM party_identities WHERE subject_id = ${r.body.id}`,
  );
  assert.equal(rows[0]!.confidential, true);
});

test('list: date range, kind, diacritics-blind q; scope by role and agency', async () => {
  const r = await officer.post(
    '/api/receptions',
    base({
      receivedAt: '2022-04-20T08:00:00+07:00',
      summary: 'Ô nhiễm môi trường do nhà máy chế biến tinh bột sắn Sơn Hải',
    }),
  );
  assert.equal(r.status, 201);
  const l = await officer.get('/api/receptions?q=TINH%20BOT%20san&from=2022-04-01&to=2022-04-30');
  assert.equal(l.status, 200);
  assert.ok(l.body.items.some((x: { id: string }) => x.id === r.body.id));
  assert.ok(l.body.items.every((x: { sessionDate: string }) => x.sessionDate.startsWith('2022-04')));
  const byCode = await officer.get(`/api/receptions?q=${r.body.code.toLowerCase()}`);
  assert.equal(byCode.body.total, 1);
  const none = await officer.get(
    '/api/receptions?q=tinh%20bot%20san&kind=online&from=2022-04-01&to=2022-04-30',
  );
  assert.equal(none.body.total, 0);
  assert.equal((await office.get('/api/receptions')).status, 200, 'office roles read');
  assert.equal((await counter.get('/api/receptions')).status, 403);
  assert.equal((await counter.get(`/api/receptions/${r.body.id}`)).status, 403);
  assert.equal((await office.post('/api/receptions', base())).status, 403, 'office roles do not record');
  assert.equal((await t.anon().get('/api/receptions')).status, 401);
  assert.equal((await officer.get('/api/receptions/00000000-0000-4000-8000-000000000000')).status, 404);
  assert.equal((await officer.get('/api/receptions/not-a-uuid')).status, 400);
  assert.equal((await officer.get('/api/receptions?from=2022-13-01')).status, 400);
  // admin may record for another agency; a reception officer may not
  const other = await officer.post('/api/receptions', base({ agencyCode: 'VP-NC' }));
  assert.equal(other.status, 403);
  const adm = await admin.post('/api/receptions', base({ agencyCode: 'VP-NC' }));
  assert.equal(adm.status, 201);
  const hidden = await officer.get(`/api/receptions/${adm.body.id}`);
  assert.equal(hidden.status, 403, 'another agency register is out of scope');
});

test('correction: version check (409 when stale), rules re-checked, audit row with the changed fields', async () => {
  const r = await officer.post('/api/receptions', base());
  const ok = await leader.patch(`/api/receptions/${r.body.id}`, {
    expectedVersion: 0,
    reason: 'Ghi nhầm kết quả',
    outcome: 'forwarded',
    outcomeAgencyCode: district,
  });
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  assert.equal(ok.body.version, 1);
  assert.equal(ok.body.outcome, 'forwarded');
  const stale = await officer.patch(`/api/receptions/${r.body.id}`, {
    expectedVersion: 0,
    reason: 'x',
    summary: 'y',
  });
  assert.equal(stale.status, 409);
  assert.equal(errorOf(stale).code, 'stale_version');
  const bad = await officer.patch(`/api/receptions/${r.body.id}`, {
    expectedVersion: 1,
    reason: 'x',
    outcome: 'refused',
  });
  assert.equal(bad.status, 400);
  assert.equal(errorOf(bad).path, 'refusalGround');
  const audit = await queryRows<{ action: string; reason: string; data: { changed: string[] } }>(
    t.database.db,
    sql`SELECT action, reason, data FROM audit_events WHERE entity_type = 'reception' AND entity_id = ${r.body.id} ORDER BY at`,
  );
  assert.deepEqual(
    audit.map((a) => a.action),
    ['created', 'corrected'],
  );
  assert.deepEqual(audit[1]!.data.changed.sort(), ['outcome', 'outcomeAgencyCode']);
});

test('leader days: province chairman ≥1/month, district ≥2/month, commune every week, agency head ≥1/month', async () => {
  const day = (d: string, leaderName: string, leaderAgencyCode: string, kind = 'leader_periodic') =>
    officer.post(
      '/api/receptions',
      base({ receivedAt: `${d}T08:00:00+07:00`, kind, leaderName, leaderAgencyCode }),
    );
  // June 2023
  for (const r of await Promise.all([
    day('2023-06-15', 'Chủ tịch UBND tỉnh (demo)', 'CT'),
    day('2023-06-09', 'Chủ tịch UBND huyện (demo)', district),
    day('2023-06-20', 'Chủ tịch UBND huyện (demo)', district, 'leader_ad_hoc'),
    // commune: weeks of June 2023 with a working day: 29/5, 5/6, 12/6, 19/6, 26/6 → 5; held 4 of them
    day('2023-06-01', 'Chủ tịch UBND xã (demo)', commune),
    day('2023-06-07', 'Chủ tịch UBND xã (demo)', commune),
    day('2023-06-14', 'Chủ tịch UBND xã (demo)', commune),
    day('2023-06-21', 'Chủ tịch UBND xã (demo)', commune),
    day('2023-06-09', 'Giám đốc sở (demo)', department),
  ]))
    assert.equal(r.status, 201, JSON.stringify(r.body));
  const r = await leader.get('/api/receptions/leader-days?month=2023-06');
  assert.equal(r.status, 200);
  const of = (code: string) =>
    r.body.leaders.find((l: { leaderAgencyCode: string }) => l.leaderAgencyCode === code);
  assert.deepEqual([of('CT').required, of('CT').held, of('CT').ok], [1, 1, true]);
  assert.deepEqual(
    [of(district).required, of(district).held, of(district).adHoc, of(district).ok],
    [2, 1, 1, false],
  );
  assert.deepEqual([of(commune).required, of(commune).held, of(commune).ok], [5, 4, false]);
  assert.deepEqual([of(department).required, of(department).held, of(department).ok], [1, 1, true]);
  await day('2023-06-28', 'Chủ tịch UBND xã (demo)', commune);
  const again = await leader.get('/api/receptions/leader-days?month=2023-06');
  const c = again.body.leaders.find((l: { leaderAgencyCode: string }) => l.leaderAgencyCode === commune);
  assert.deepEqual([c.held, c.ok], [5, true]);
  // July: the chairman is listed with no day held → not ok
  const july = await leader.get('/api/receptions/leader-days?month=2023-07');
  const ct = july.body.leaders.find((l: { leaderAgencyCode: string }) => l.leaderAgencyCode === 'CT');
  assert.deepEqual([ct.required, ct.held, ct.ok], [1, 0, false]);
  assert.equal((await leader.get('/api/receptions/leader-days?month=2022-13')).status, 400);
  assert.equal((await counter.get('/api/receptions/leader-days?month=2023-06')).status, 403);
});

test('a correction to denunciation makes the visitors confidential and cuts them out of the summary', async () => {
  const name = 'Phạm Thị Đính Chính (demo)';
  const r = await officer.post(
    '/api/receptions',
    base({
      summary: `Bà ${name} phản ánh việc cán bộ xã thu tiền trái quy định`,
      classification: 'feedback',
      visitors: [{ name, idNumber: '051188007777' }],
    }),
  );
  assert.equal(r.status, 201);
  const before = await officer.get(`/api/receptions/${r.body.id}`);
  assert.equal(before.body.visitors[0].name, name, 'not confidential yet: the register shows the visitor');
  const c = await leader.patch(`/api/receptions/${r.body.id}`, {
    expectedVersion: 0,
    reason: 'Nội dung là tố cáo',
    classification: 'denunciation',
  });
  assert.equal(c.status, 200, JSON.stringify(c.body));
  assert.equal(c.body.confidential, true);
  assert.ok(!JSON.stringify(c.body).includes('Đính Chính'), JSON.stringify(c.body));
  assert.ok(!JSON.stringify(c.body).includes('051188007777'));
  const rows = await queryRows<{ confidential: boolean }>(
    t.database.db,
    sql`SELECT confidential FROM party_identities WHERE subject_id = ${r.body.id}`,
  );
  assert.ok(rows.every((x) => x.confidential));
});

// ---------------------------------------------------------------------------------------------------
// The desk's "Ghi sổ": the visit, its petition and the duplicate link in ONE command (issue 5 §1 review)

const countWhere = async (table: 'petitions' | 'receptions', marker: string) =>
  Number(
    (
      await queryRows<{ n: number }>(
        t.database.db,
        table === 'petitions'
          ? sql`SELECT count(*)::int AS n FROM petitions WHERE content LIKE ${'%' + marker + '%'}`
          : sql`SELECT count(*)::int AS n FROM receptions WHERE summary LIKE ${'%' + marker + '%'}`,
      )
    )[0]!.n,
  );

const petitionOf = (content: string, over: Record<string, unknown> = {}) => ({
  channel: 'in_person',
  kind: 'recommendation',
  signers: [{ name: 'Lê Văn Desk (demo)', idNumber: '051090077001', address: 'Nghĩa Hành' }],
  content,
  ...over,
});

test('desk command: a refused reception (delegation of 3) writes neither the session nor the petition', async () => {
  const marker = 'MARKER-REFUSED-DELEGATION-7731';
  const summary = `Kiến nghị tập thể về đường dân sinh ${marker}`;
  const r = await officer.post('/api/receptions', {
    ...base({ summary, headcount: 3, massDelegation: true }),
    visitors: [{ name: 'Đại diện A (demo)', representative: true }],
    petition: petitionOf(summary),
  });
  assert.equal(r.status, 400, JSON.stringify(r.body));
  assert.equal(errorOf(r).code, 'delegation_too_small');
  assert.equal(await countWhere('petitions', marker), 0, 'no stray petition');
  assert.equal(await countWhere('receptions', marker), 0, 'no session');
});

test('desk command: a petition field error is under petition.* and nothing is written', async () => {
  const marker = 'MARKER-BAD-PETITION-5512';
  const summary = `Phản ánh ô nhiễm tiếng ồn ${marker}`;
  const noKind = petitionOf(summary) as Record<string, unknown>;
  delete noKind.kind;
  let r = await officer.post('/api/receptions', { ...base({ summary }), petition: noKind });
  assert.equal(r.status, 400);
  assert.equal(errorOf(r).path, 'petition.kind');
  // a service-level refusal of the petition (unknown respondent agency) after the session was inserted
  r = await officer.post('/api/receptions', {
    ...base({ summary }),
    petition: petitionOf(summary, { respondentAgencyCode: 'NO-SUCH-AGENCY' }),
  });
  assert.equal(r.status, 400, JSON.stringify(r.body));
  assert.equal(errorOf(r).path, 'petition.respondentAgencyCode');
  assert.equal(await countWhere('receptions', marker), 0, 'the session is rolled back with the petition');
  assert.equal(await countWhere('petitions', marker), 0);
  // a duplicate link without a petition, a refusal with a petition
  r = await officer.post('/api/receptions', { ...base({ summary }), duplicateOf: randomId() });
  assert.equal(errorOf(r).code, 'duplicate_without_petition');
  r = await officer.post('/api/receptions', {
    ...base({ summary, outcome: 'refused', refusalGround: 'incapacitated', outcomeAgencyCode: undefined }),
    petition: petitionOf(summary),
  });
  assert.equal(errorOf(r).code, 'petition_on_refusal');
  // the petition handed in at a visit is received that day, not years before or after
  r = await officer.post('/api/receptions', {
    ...base({ summary }),
    petition: petitionOf(summary, { receivedAt: '2019-01-01T09:00:00+07:00' }),
  });
  assert.equal(r.status, 400, JSON.stringify(r.body));
  assert.equal(errorOf(r).code, 'petition_date_not_visit_date');
  assert.equal(errorOf(r).path, 'petition.receivedAt');
  assert.equal(await countWhere('receptions', marker), 0);
});

const randomId = () => '4f1c2b7e-9a3d-4c5e-8f6a-0b1c2d3e4f5a';

test('desk command: session + petition + duplicate link in one command; a bad link rolls all back', async () => {
  const marker = 'MARKER-DUP-LINK-9021';
  const original = await officer.post('/api/petitions', {
    ...petitionOf(`Kiến nghị sửa đường thôn An Phú ${marker} lần 1`),
    receivedAt: '2022-02-10T09:00:00+07:00',
  });
  assert.equal(original.status, 201, JSON.stringify(original.body));
  const summary = `Kiến nghị sửa đường thôn An Phú ${marker} lần 2`;
  // an unknown original: 4xx under duplicateOf, and neither the session nor the petition stays
  let r = await officer.post('/api/receptions', {
    ...base({ summary }),
    petition: petitionOf(summary),
    duplicateOf: randomId(),
  });
  assert.ok(r.status >= 400 && r.status < 500, JSON.stringify(r.body));
  assert.equal(errorOf(r).path, 'duplicateOf');
  assert.equal(await countWhere('receptions', marker), 0);
  assert.equal(await countWhere('petitions', marker), 1, 'only the original');

  r = await officer.post('/api/receptions', {
    ...base({ summary }),
    petition: petitionOf(summary),
    duplicateOf: original.body.id,
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.match(r.body.code, /^TCD-VP-BTCD-2022-\d{4}$/);
  assert.match(r.body.petition.code, /^DON-2022-\d+$/);
  assert.deepEqual(r.body.duplicateOf, { id: original.body.id, code: original.body.code });
  const p = await officer.get(`/api/petitions/${r.body.petition.id}`);
  assert.equal(p.status, 200);
  assert.equal(p.body.duplicateOfId, original.body.id);
  assert.equal(p.body.receptionId, r.body.id);
  assert.equal(p.body.receivedDate, '2022-03-02', "the petition's receipt is the visit's");
  assert.ok(p.body.events.some((e: { type: string }) => e.type === 'confirm_duplicate'));
  const d = await officer.get(`/api/receptions/${r.body.id}`);
  assert.deepEqual(d.body.petitionIds, [r.body.petition.id]);
  assert.deepEqual(d.body.petitions, [{ id: r.body.petition.id, code: r.body.petition.code }]);
  // without a petition the answer says so
  r = await officer.post('/api/receptions', base({ summary: `Chỉ hướng dẫn ${marker}` }));
  assert.equal(r.status, 201);
  assert.equal(r.body.petition, null);
  assert.equal(r.body.duplicateOf, null);
});

test('confidentiality follows the denunciation both ways: a complaint visit bringing a denunciation, a denunciation visit bringing a recommendation', async () => {
  const who = {
    name: 'Phạm Văn Quyxvonk (demo)',
    idNumber: '051077665544',
    address: 'Thôn Qzvhamletx, Nghĩa Hành',
    phone: '0933444555',
  };
  const secrets = ['Quyxvonk', '051077665544', '0933444555', 'Qzvhamletx'];
  const leaks = (x: unknown) => secrets.filter((s) => JSON.stringify(x).includes(s));
  // 1. classified complaint, the petition a denunciation → the visit is confidential
  const a = await officer.post('/api/receptions', {
    ...base({
      summary: `Ông Phạm Văn Quyxvonk (demo) khiếu nại và tố cáo cán bộ xã MARKER-CONF-A`,
      classification: 'complaint',
      outcome: 'accepted',
      outcomeAgencyCode: null,
      visitors: [who],
    }),
    petition: petitionOf('Tố cáo cán bộ địa chính xã nhận tiền MARKER-CONF-A', {
      kind: 'denunciation',
      signers: [who],
    }),
  });
  assert.equal(a.status, 201, JSON.stringify(a.body));
  // 2. classified denunciation, the petition a recommendation → the petition is confidential
  const b = await officer.post('/api/receptions', {
    ...base({
      summary: `Ông Phạm Văn Quyxvonk (demo) tố cáo MARKER-CONF-B`,
      classification: 'denunciation',
      outcome: 'accepted',
      outcomeAgencyCode: null,
      visitors: [who],
    }),
    petition: petitionOf('Kiến nghị sửa đường MARKER-CONF-B', { kind: 'recommendation', signers: [who] }),
  });
  assert.equal(b.status, 201, JSON.stringify(b.body));
  for (const c of [officer, office, leader, admin]) {
    for (const x of [a, b]) {
      const d = await c.get(`/api/receptions/${x.body.id}`);
      assert.equal(d.status, 200);
      assert.equal(d.body.confidential, true);
      assert.equal(d.body.visitors[0].redacted, true);
      assert.deepEqual(leaks(d.body), []);
      const p = await officer.get(`/api/petitions/${x.body.petition.id}`);
      assert.equal(p.body.confidential, true);
      assert.equal(p.body.signers[0].redacted, true);
      assert.deepEqual(leaks(p.body), []);
    }
    assert.deepEqual(leaks((await c.get('/api/receptions?pageSize=500')).body), []);
  }
  const rows = await queryRows<{ confidential: boolean }>(
    t.database.db,
    sql`SELECT confidential FROM party_identities
        WHERE subject_id IN (${a.body.id}, ${b.body.id}, ${a.body.petition.id}, ${b.body.petition.id})`,
  );
  assert.equal(rows.length, 4);
  assert.ok(rows.every((r) => r.confidential));
});

test('a later classification of the petition as a denunciation makes its visit confidential', async () => {
  const who = {
    name: 'Võ Thị Xenoqua (demo)',
    idNumber: '051066554433',
    address: 'Nghĩa Hành',
    phone: '0944555666',
  };
  const r = await officer.post('/api/receptions', {
    ...base({
      summary: 'Bà Võ Thị Xenoqua (demo) phản ánh MARKER-CONF-C',
      classification: 'feedback',
      outcome: 'accepted',
      outcomeAgencyCode: null,
      visitors: [who],
    }),
    petition: petitionOf('Phản ánh cán bộ MARKER-CONF-C', { kind: 'feedback', signers: [who] }),
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  let d = await officer.get(`/api/receptions/${r.body.id}`);
  assert.equal(d.body.confidential, false);
  const p = await officer.get(`/api/petitions/${r.body.petition.id}`);
  const c = await officer.post(`/api/petitions/${r.body.petition.id}/actions`, {
    action: 'classify',
    kind: 'denunciation',
    version: p.body.version,
  });
  assert.equal(c.status, 200, JSON.stringify(c.body));
  d = await officer.get(`/api/receptions/${r.body.id}`);
  assert.equal(d.body.confidential, true);
  assert.equal(d.body.visitors[0].redacted, true);
  for (const s of ['Xenoqua', '051066554433', '0944555666'])
    assert.ok(!JSON.stringify(d.body).includes(s), s);
  const k = await officer.get(`/api/receptions?q=${encodeURIComponent('xenoqua')}`);
  assert.equal(k.body.total, 0);
});

test('visitor ID number, address and phone only to reception roles; other readers see the name only', async () => {
  const r = await officer.post('/api/receptions', base({ summary: 'Kiến nghị MARKER-VISITOR-COLS' }));
  assert.equal(r.status, 201);
  for (const c of [officer, leader, admin]) {
    const d = await c.get(`/api/receptions/${r.body.id}`);
    assert.equal(d.body.visitors[0].idNumber, '051190001234');
    assert.equal(d.body.visitors[0].phone, '0905111222');
  }
  const d = await office.get(`/api/receptions/${r.body.id}`);
  assert.equal(d.status, 200);
  assert.equal(d.body.visitors[0].name, 'Trần Thị Thu Hà (demo)');
  assert.equal(d.body.visitors[0].idNumber, null);
  assert.equal(d.body.visitors[0].address, null);
  assert.equal(d.body.visitors[0].phone, null);
  assert.ok(!JSON.stringify(d.body).includes('051190001234'));
});

test('a denunciation visit cannot name a non-confidential petition (409)', async () => {
  const open = await officer.post('/api/petitions', {
    ...petitionOf('Kiến nghị MARKER-CONF-LINK'),
    receivedAt: '2022-02-10T09:00:00+07:00',
  });
  assert.equal(open.status, 201);
  const r = await officer.post(
    '/api/receptions',
    base({
      classification: 'denunciation',
      outcome: 'accepted',
      outcomeAgencyCode: null,
      petitionId: open.body.id,
    }),
  );
  assert.equal(r.status, 409, JSON.stringify(r.body));
  assert.equal(errorOf(r).code, 'reception_confidentiality_mismatch');
});

test('desk command: a duplicate link across confidentiality is refused (409) and nothing is written', async () => {
  const marker = 'MARKER-DUP-CONF-4410';
  const open = await officer.post('/api/petitions', {
    ...petitionOf(`Kiến nghị về cát sông ${marker} lần 1`),
    receivedAt: '2022-02-10T09:00:00+07:00',
  });
  assert.equal(open.status, 201, JSON.stringify(open.body));
  const summary = `Tố cáo khai thác cát ${marker} lần 2`;
  const r = await officer.post('/api/receptions', {
    ...base({ summary, classification: 'denunciation', outcome: 'accepted', outcomeAgencyCode: null }),
    petition: petitionOf(summary, { kind: 'denunciation' }),
    duplicateOf: open.body.id,
  });
  assert.equal(r.status, 409, JSON.stringify(r.body));
  assert.equal(errorOf(r).code, 'duplicate_confidentiality_mismatch');
  assert.equal(errorOf(r).path, 'duplicateOf');
  assert.equal(await countWhere('receptions', marker), 0);
  assert.equal(await countWhere('petitions', marker), 1, 'only the original');
});

test('a correction to denunciation of a visit that recorded a non-confidential petition is refused (409)', async () => {
  const r = await officer.post('/api/receptions', {
    ...base({ summary: 'Kiến nghị MARKER-CORR-CONF', outcome: 'accepted', outcomeAgencyCode: null }),
    petition: petitionOf('Kiến nghị MARKER-CORR-CONF'),
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const d = await officer.get(`/api/receptions/${r.body.id}`);
  const c = await officer.patch(`/api/receptions/${r.body.id}`, {
    expectedVersion: d.body.version,
    reason: 'Phân loại lại',
    classification: 'denunciation',
  });
  assert.equal(c.status, 409, JSON.stringify(c.body));
  assert.equal(errorOf(c).code, 'reception_confidentiality_mismatch');
});
