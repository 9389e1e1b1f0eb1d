/**
 * Petitions over HTTP on a real server and database: intake (201 with clocks and duplicate suggestions,
 * 400 paths), the actions of the machine, 409 on a stale version, the split of a mixed petition, a
 * denunciation with the same content forwarded only once, closed ≠ resolved, scope (a petition handler of
 * another agency gets 404 / 403), the overdue list per body and `importPetitions` (same fold).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { errorOf, startTestApp, type Client, type TestApp } from '../helpers/app.ts';
import { queryRows } from '../../src/db/engine.ts';
import { createUser } from '../../src/kernel/auth/service.ts';
import type { Role } from '../../src/kernel/auth/roles.ts';
import { buildCalendar } from '../../src/kernel/calendar/index.ts';
import { importPetitions } from '../../src/modules/petitions/service.ts';

let t: TestApp;
const u: Record<string, Client> = {};
const PASSWORD = 'P1-petitions-test-password!';
const USERS: { username: string; roles: Role[]; agency: string | null }[] = [
  { username: 'p1.officer', roles: ['reception_officer'], agency: 'VP-BTCD' },
  { username: 'p1.leader', roles: ['reception_leader'], agency: 'VP-BTCD' },
  { username: 'p1.handler.stp', roles: ['petition_handler'], agency: 'STP' },
  { username: 'p1.handler.sct', roles: ['petition_handler'], agency: 'SCT' },
  { username: 'p1.office', roles: ['office_leader'], agency: 'VP' },
  { username: 'p1.agency', roles: ['agency_staff'], agency: 'STP' },
];

before(async () => {
  t = await startTestApp({ demo: true });
  await t.database.db.transaction(async (tx) => {
    for (const x of USERS)
      await createUser(tx, null, {
        username: x.username,
        displayName: x.username,
        password: PASSWORD,
        roles: x.roles,
        agencyCode: x.agency,
      });
  });
  for (const x of USERS) u[x.username] = await t.login(x.username, PASSWORD);
  u.admin = await t.login('admin');
});
after(() => t?.close());

const signer = (n: number) => ({
  name: `Trần Thị Kiểm ${n}`,
  idNumber: `05119900${String(n).padStart(4, '0')}`,
  address: `Thôn ${n}, xã Nghĩa Kỳ, huyện Tư Nghĩa`,
  phone: `0905${String(n).padStart(6, '0')}`,
});

const base = (over: Record<string, unknown> = {}) => ({
  receivedAt: '2026-03-02T09:00:00+07:00',
  channel: 'post',
  kind: 'complaint',
  signers: [signer(1)],
  content: 'Khiếu nại quyết định thu hồi đất nông nghiệp của UBND huyện, đề nghị xem xét lại mức bồi thường.',
  respondent: 'UBND huyện Tư Nghĩa',
  ...over,
});

async function receive(c: Client, over: Record<string, unknown> = {}) {
  const r = await c.post('/api/petitions', base(over));
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body as { id: string; code: string; deadlines: any[]; duplicateCandidates: any[] };
}
async function detail(c: Client, id: string) {
  const r = await c.get(`/api/petitions/${id}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}
async function act(c: Client, id: string, action: string, body: Record<string, unknown> = {}, expect = 200) {
  const d = await detail(u['p1.officer']!, id);
  const r = await c.post(`/api/petitions/${id}/actions`, { action, version: d.version, ...body });
  assert.equal(r.status, expect, `${action}: ${JSON.stringify(r.body)}`);
  return r.body;
}

test('intake: 201 with code, clocks of the receipt date and the rule version; duplicates suggested', async () => {
  const a = await receive(u['p1.officer']!);
  assert.match(a.code, /^DON-2026-\d{5}$/);
  const clocks = Object.fromEntries(a.deadlines.map((d) => [d.clock, d]));
  // Mon 2026-03-02 + 10 working days = Mon 2026-03-16 (Luật TCD Art 28)
  assert.equal(clocks.answer.dueDate, '2026-03-16');
  assert.deepEqual(clocks.answer.limit, { value: 10, unit: 'working_days' });
  assert.match(clocks.answer.source, /Art 28/);
  // complaint acceptance: 10 working days before 2026-07-01 (Luật KN Art 27)
  assert.equal(clocks.accept.dueDate, '2026-03-16');
  const d = await detail(u['p1.officer']!, a.id);
  assert.equal(d.ruleVersion, 'pet2019');
  assert.equal(d.status, 'received');
  assert.equal(d.eligibility, 'pending');
  assert.equal(d.signers[0].name, 'Trần Thị Kiểm 1', 'a complaint shows its signer names');
  assert.equal(d.events[0].type, 'receive');
  // the same person again about the same matter: suggested as a duplicate
  const b = await receive(u['p1.officer']!);
  assert.ok(
    b.duplicateCandidates.some((c) => c.id === a.id),
    JSON.stringify(b.duplicateCandidates),
  );
  for (const c of b.duplicateCandidates) {
    assert.ok(c.score > 0 && c.score <= 1);
    assert.equal(typeof c.reason, 'string');
  }
  // from 2026-07-01: 7 working days to accept (ND 155/2026)
  const n = await receive(u['p1.officer']!, { receivedAt: '2026-07-01T08:00:00+07:00' });
  const acc = n.deadlines.find((x) => x.clock === 'accept');
  assert.deepEqual(acc.limit, { value: 7, unit: 'working_days' });
  assert.equal(acc.dueDate, '2026-07-10');
  assert.equal((await detail(u['p1.officer']!, n.id)).ruleVersion, 'pet2026');
});

test('intake: bad input is 400 with a field path; wrong roles 403', async () => {
  const cases: [Record<string, unknown>, string][] = [
    [{ channel: 'fax' }, 'channel'],
    [{ kind: 'praise' }, 'kind'],
    [{ content: '' }, 'content'],
    [{ receivedAt: '2026-02-30T09:00:00+07:00' }, 'receivedAt'],
    [{ receivedAt: '2099-01-01T09:00:00+07:00' }, 'receivedAt'],
    [{ receivedAt: '2018-05-01T09:00:00+07:00' }, 'receivedAt'],
    [{ signers: [{ ...signer(2), phone: 'call me' }] }, 'signers.0.phone'],
    [{ level: 3 }, 'level'],
    [{ kind: 'feedback', level: 2 }, 'level'],
    [{ representativeIndex: 4 }, 'representativeIndex'],
    [{ receptionId: '00000000-0000-4000-8000-000000000000' }, 'receptionId'],
    [{ extra: 1 }, 'extra'],
  ];
  for (const [over, path] of cases) {
    const r = await u['p1.officer']!.post('/api/petitions', base(over));
    assert.equal(r.status, 400, `${JSON.stringify(over)} → ${r.status} ${JSON.stringify(r.body)}`);
    assert.equal(errorOf(r).path, path, JSON.stringify(r.body));
  }
  for (const name of ['p1.office', 'p1.agency']) {
    const r = await u[name]!.post('/api/petitions', base());
    assert.equal(r.status, 403, name);
  }
  assert.equal((await t.anon().get('/api/petitions')).status, 401);
});

test('complaint: eligibility → accept (resolution clock) → result → closed; resolved ≠ closed; stale 409', async () => {
  const a = await receive(u['p1.officer']!, { complex: true });
  // accept needs eligibility first
  let r = await act(u['p1.officer']!, a.id, 'accept', {}, 409);
  assert.equal(r.error.code, 'not_eligible');
  r = await act(u['p1.officer']!, a.id, 'set_eligibility', { eligibility: 'ineligible' }, 400);
  assert.equal(r.error.path, 'reason');
  r = await act(
    u['p1.officer']!,
    a.id,
    'set_eligibility',
    { eligibility: 'ineligible', reason: 'bogus' },
    400,
  );
  assert.equal(r.error.path, 'reason');
  assert.ok(!(await detail(u['p1.officer']!, a.id)).allowedActions.includes('accept'));
  await act(u['p1.officer']!, a.id, 'set_eligibility', { eligibility: 'eligible' });
  const before = await detail(u['p1.officer']!, a.id);
  assert.ok(before.allowedActions.includes('accept'));
  assert.ok(!before.allowedActions.includes('urge'), 'urge waits for acceptance or forwarding');
  // stale version
  const stale = await u['p1.officer']!.post(`/api/petitions/${a.id}/actions`, {
    action: 'accept',
    version: before.version - 1,
  });
  assert.equal(stale.status, 409);
  assert.equal(errorOf(stale).code, 'stale');
  const acc = await act(u['p1.officer']!, a.id, 'accept');
  assert.equal(acc.status, 'accepted');
  const resolve = acc.deadlines.find((d: any) => d.clock === 'resolve');
  assert.deepEqual(
    resolve.limit,
    { value: 45, unit: 'calendar_days' },
    'complex first level: 45 days (Luật KN Art 28)',
  );
  assert.ok(
    acc.deadlines
      .filter((d: any) => d.clock === 'answer' || d.clock === 'accept')
      .every((d: any) => d.state !== 'open'),
  );
  const res = await act(u['p1.officer']!, a.id, 'record_result', {
    outcome: 'partly_upheld',
    note: 'QĐ giải quyết lần đầu',
  });
  assert.equal(res.status, 'resolved');
  assert.ok(res.resolvedAt);
  assert.equal(res.closedAt, null, 'resolved is not closed');
  const cl = await act(u['p1.leader']!, a.id, 'close');
  assert.equal(cl.status, 'closed');
  assert.ok(cl.closedAt);
  // second-level complaint: new level-2 clocks
  const re = await act(u['p1.officer']!, a.id, 'reopen', { toAgencyCode: 'STP' });
  assert.equal(re.status, 'received');
  assert.equal(re.level, 2);
  assert.equal(re.handlingAgencyCode, 'STP');
  assert.ok(re.deadlines.some((d: any) => d.clock === 'accept' && d.state === 'open'));
  await act(u['p1.handler.stp']!, a.id, 'accept');
  const l2 = (await detail(u['p1.officer']!, a.id)).deadlines.filter((d: any) => d.clock === 'resolve');
  assert.deepEqual(
    l2.at(-1).limit,
    { value: 60, unit: 'calendar_days' },
    'complex second level: 60 days (Art 37)',
  );
  // a closed-but-unresolved petition: forwarded then closed
  const b = await receive(u['p1.officer']!, { kind: 'recommendation', signers: [signer(30)] });
  await act(u['p1.officer']!, b.id, 'forward', { toAgencyCode: 'SCT' });
  const bc = await act(u['p1.leader']!, b.id, 'close');
  assert.equal(bc.status, 'closed');
  assert.equal(bc.resolvedAt, null, 'closed is not resolved');
  const list = await u['p1.officer']!.get('/api/petitions?status=resolved&pageSize=500');
  assert.ok(!list.body.items.some((x: any) => x.id === b.id));
});

test('unknown action 400, wrong state 409, wrong kind 409, urge only by the reception board', async () => {
  const a = await receive(u['p1.officer']!, { kind: 'feedback', signers: [signer(40)] });
  let r = await act(u['p1.officer']!, a.id, 'fly', {}, 400);
  assert.equal(r.error.code, 'unknown_action');
  r = await act(u['p1.officer']!, a.id, 'record_result', { outcome: 'answered' }, 409);
  assert.equal(r.error.code, 'invalid_transition');
  r = await act(u['p1.officer']!, a.id, 'extend', { note: 'x' }, 403);
  r = await act(u['p1.leader']!, a.id, 'extend', { note: 'x' }, 409);
  assert.ok(['invalid_transition', 'not_for_kind'].includes(r.error.code));
  r = await act(u['p1.officer']!, a.id, 'split', { parts: [] }, 409);
  assert.equal(r.error.code, 'not_for_kind');
  await act(u['p1.officer']!, a.id, 'forward', { toAgencyCode: 'STP' });
  r = await act(u['p1.handler.stp']!, a.id, 'urge', {}, 403);
  const urged = await act(u['p1.officer']!, a.id, 'urge');
  assert.equal(urged.events.at(-1).type, 'urge');
  // the code and, beside it, the name the UI shows (never a bare code where a name exists)
  assert.deepEqual(urged.events.at(-1).data, { agencyCode: 'STP', agencyName: 'Sở Tư pháp' });
  assert.equal(urged.handlingAgencyName, 'Sở Tư pháp');
  assert.equal(urged.agencyName, 'Ban Tiếp công dân tỉnh');
  r = await act(u['p1.officer']!, a.id, 'forward', { toAgencyCode: 'NOPE' }, 409);
});

test('no forwarding, guiding or urging to a body not in force on the action date; names beside codes', async () => {
  const a = await receive(u['p1.officer']!, { kind: 'recommendation', signers: [signer(45)] });
  // Huyện Sơn Tịnh (527) was dissolved on 30/06/2025: 400 naming its successors
  let r = await act(u['p1.officer']!, a.id, 'forward', { toAgencyCode: '527' }, 400);
  assert.deepEqual([r.error.code, r.error.path], ['agency_not_in_force', 'toAgencyCode']);
  assert.match(
    r.error.message,
    /^Huyện Sơn Tịnh \(527\) không còn tồn tại từ ngày 01\/07\/2025; cơ quan kế thừa: Xã .+ \([\w-]+\)/,
  );
  r = await act(u['p1.officer']!, a.id, 'guide', { toAgencyCode: '527' }, 400);
  assert.equal(r.error.code, 'agency_not_in_force');
  // a body in force: forwarded, and the detail names the bodies beside their codes
  const f = await act(u['p1.officer']!, a.id, 'forward', { toAgencyCode: 'STP' });
  const fw = f.events.at(-1);
  assert.deepEqual([fw.data.toAgencyCode, fw.data.toAgencyName], ['STP', 'Sở Tư pháp']);
  assert.equal(fw.data.fromAgencyName, 'Ban Tiếp công dân tỉnh');
  r = await act(u['p1.officer']!, a.id, 'urge', { agencyCode: '527' }, 400);
  assert.equal(r.error.code, 'agency_not_in_force');
  const d = await detail(u['p1.officer']!, a.id);
  assert.ok(d.deadlines.every((x: any) => x.agencyCode === null || typeof x.agencyName === 'string'));
});

test('scope: a petition handler sees and acts only on what its agency holds', async () => {
  const a = await receive(u['p1.officer']!, { kind: 'recommendation', signers: [signer(50)] });
  // held by the reception board: the STP handler cannot see it
  assert.equal((await u['p1.handler.stp']!.get(`/api/petitions/${a.id}`)).status, 404);
  const list0 = await u['p1.handler.stp']!.get('/api/petitions?pageSize=500');
  assert.ok(!list0.body.items.some((x: any) => x.id === a.id));
  await act(u['p1.officer']!, a.id, 'forward', { toAgencyCode: 'STP' });
  // now STP holds it; SCT does not
  assert.equal((await u['p1.handler.stp']!.get(`/api/petitions/${a.id}`)).status, 200);
  assert.equal((await u['p1.handler.sct']!.get(`/api/petitions/${a.id}`)).status, 404);
  const r = await u['p1.handler.sct']!.post(`/api/petitions/${a.id}/actions`, {
    action: 'accept',
    version: 99,
  });
  assert.equal(r.status, 404);
  // office leader reads but may not act
  assert.equal((await u['p1.office']!.get(`/api/petitions/${a.id}`)).status, 200);
  const d = await detail(u['p1.office']!, a.id);
  assert.deepEqual(d.allowedActions, []);
  const o = await u['p1.office']!.post(`/api/petitions/${a.id}/actions`, {
    action: 'urge',
    version: d.version,
  });
  assert.equal(o.status, 403);
  // agency staff: no petition access at all
  assert.equal((await u['p1.agency']!.get('/api/petitions')).status, 403);
  // the body that holds it now assesses it and accepts it
  await act(u['p1.handler.stp']!, a.id, 'set_eligibility', { eligibility: 'eligible' });
  await act(u['p1.handler.stp']!, a.id, 'accept');
  await act(u['p1.handler.stp']!, a.id, 'record_result', { outcome: 'answered' });
  const list = await u['p1.handler.stp']!.get('/api/petitions?status=resolved&pageSize=500');
  assert.ok(list.body.items.some((x: any) => x.id === a.id));
});

test('split: a mixed petition becomes separate petitions keeping parent_id; the original is "split"', async () => {
  const a = await receive(u['p1.officer']!, {
    kind: 'mixed',
    signers: [signer(60), signer(61)],
    representativeIndex: 1,
  });
  const r = await act(u['p1.officer']!, a.id, 'split', { parts: [{ kind: 'complaint', content: 'x' }] }, 400);
  assert.equal(r.error.path, 'parts');
  const s = await act(u['p1.officer']!, a.id, 'split', {
    parts: [
      { kind: 'complaint', content: 'Khiếu nại việc thu hồi đất.' },
      {
        kind: 'denunciation',
        content: 'Tố cáo cán bộ địa chính nhận tiền.',
        respondent: 'Cán bộ địa chính xã',
      },
    ],
  });
  assert.equal(s.status, 'split');
  assert.equal(s.children.length, 2);
  assert.deepEqual(s.events.at(-1).data.childIds.sort(), s.children.map((c: any) => c.id).sort());
  assert.ok(
    s.deadlines.every((d: any) => d.state !== 'open'),
    'the original keeps no running clock',
  );
  const kids = await Promise.all(s.children.map((c: any) => detail(u['p1.officer']!, c.id)));
  for (const k of kids) {
    assert.equal(k.parent.id, a.id);
    assert.equal(k.status, 'received');
    assert.equal(k.receivedAt, s.receivedAt, 'clocks count from the original receipt');
    assert.equal(k.signerCount, 2);
  }
  const den = kids.find((k) => k.kind === 'denunciation');
  assert.ok(den.deadlines.some((d: any) => d.clock === 'check'));
  // a denunciation part: every copy of the identities is confidential
  for (const k of kids) {
    assert.equal(k.confidential, true);
    assert.ok(k.signers.every((x: any) => x.redacted && x.name === null));
  }
  const rows = await queryRows<{ parent_id: string }>(
    t.database.db,
    sql`SELECT parent_id FROM petitions WHERE parent_id = ${a.id}`,
  );
  assert.equal(rows.length, 2);
});

test('duplicates: confirm_duplicate marks ineligible/duplicate and counts repeats; a denunciation with the same content is forwarded once', async () => {
  const content =
    'Tố cáo ông Chủ tịch UBND xã Phổ Châu lợi dụng chức vụ chiếm dụng đất công để xây nhà hàng.';
  const a = await receive(u['p1.officer']!, { kind: 'denunciation', content, signers: [signer(70)] });
  const b = await receive(u['p1.officer']!, { kind: 'denunciation', content, signers: [signer(70)] });
  assert.ok(b.duplicateCandidates.some((c) => c.id === a.id));
  let r = await act(u['p1.officer']!, b.id, 'confirm_duplicate', { originalId: b.id }, 400);
  assert.equal(r.error.code, 'self_duplicate');
  const dup = await act(u['p1.officer']!, b.id, 'confirm_duplicate', { originalId: a.id });
  assert.equal(dup.duplicateOfId, a.id);
  assert.equal(dup.eligibility, 'ineligible');
  assert.equal(dup.ineligibleReason, 'duplicate');
  assert.deepEqual(
    dup.events.slice(-2).map((e: any) => e.type),
    ['confirm_duplicate', 'set_eligibility'],
  );
  // a confirmed duplicate is handled through its original: it is not found eligible (nor accepted) on its own
  r = await act(u['p1.officer']!, b.id, 'set_eligibility', { eligibility: 'eligible' }, 409);
  assert.equal(r.error.code, 'confirmed_duplicate');
  r = await act(u['p1.officer']!, b.id, 'accept', {}, 409);
  const orig = await detail(u['p1.officer']!, a.id);
  assert.equal(orig.repeatCount, 1);
  assert.deepEqual(
    orig.duplicates.map((x: any) => x.id),
    [b.id],
  );
  // the original is found not competent and forwarded (5 working days clock), then the duplicate may not be
  await act(u['p1.officer']!, a.id, 'set_eligibility', {
    eligibility: 'ineligible',
    reason: 'not_competent',
  });
  const withFwd = await detail(u['p1.officer']!, a.id);
  assert.ok(withFwd.deadlines.some((d: any) => d.clock === 'forward' && d.state === 'open'));
  const fw = await act(u['p1.officer']!, a.id, 'forward', { toAgencyCode: 'STP' });
  assert.equal(fw.events.at(-1).data.letter.status, 'draft');
  assert.equal(fw.events.at(-1).data.letter.numberSymbol, null);
  assert.ok(
    fw.deadlines.some((d: any) => d.clock === 'forward' && (d.state === 'met' || d.state === 'missed')),
  );
  r = await act(u['p1.officer']!, b.id, 'forward', { toAgencyCode: 'SCT' }, 409);
  assert.equal(r.error.code, 'denunciation_already_forwarded');
  assert.match(r.error.messageEn, /only once/);
  // a third copy confirmed against the duplicate points to the root original
  const c = await receive(u['p1.officer']!, { kind: 'denunciation', content, signers: [signer(70)] });
  const cd = await act(u['p1.officer']!, c.id, 'confirm_duplicate', { originalId: b.id });
  assert.equal(cd.duplicateOfId, a.id);
  assert.equal((await detail(u['p1.officer']!, a.id)).repeatCount, 2);
  r = await act(u['p1.officer']!, c.id, 'forward', { toAgencyCode: 'SCT' }, 409);
  assert.equal(r.error.code, 'denunciation_already_forwarded');
  // a non-denunciation duplicate may be forwarded (the rule is for denunciations)
  const x = await receive(u['p1.officer']!, { kind: 'feedback', content, signers: [signer(71)] });
  const y = await receive(u['p1.officer']!, { kind: 'feedback', content, signers: [signer(71)] });
  await act(u['p1.officer']!, x.id, 'forward', { toAgencyCode: 'STP' });
  await act(u['p1.officer']!, y.id, 'confirm_duplicate', { originalId: x.id });
  await act(u['p1.officer']!, y.id, 'forward', { toAgencyCode: 'STP' });
});

test('denunciation: extensions at most twice; withdrawal may continue (Luật TC Art 33)', async () => {
  const a = await receive(u['p1.officer']!, {
    kind: 'denunciation',
    signers: [signer(80)],
    content: 'Tố cáo hành vi nhận hối lộ khi cấp phép xây dựng tại phường Nghĩa Lộ.',
  });
  const chk = a.deadlines.find((d) => d.clock === 'check');
  assert.deepEqual(chk.limit, { value: 7, unit: 'working_days' });
  await act(u['p1.officer']!, a.id, 'set_eligibility', { eligibility: 'eligible' });
  const acc = await act(u['p1.officer']!, a.id, 'accept');
  const res = acc.deadlines.find((d: any) => d.clock === 'resolve');
  assert.deepEqual(res.limit, { value: 30, unit: 'calendar_days' });
  let r = await act(u['p1.officer']!, a.id, 'extend', { note: 'phức tạp' }, 403);
  const e1 = await act(u['p1.leader']!, a.id, 'extend', { note: 'Vụ việc phức tạp' });
  const x1 = e1.deadlines.find((d: any) => d.clock === 'extension_1');
  assert.equal(x1.startDate, res.dueDate);
  assert.equal(e1.deadlines.find((d: any) => d.id === res.id).state, 'cancelled');
  const e2 = await act(u['p1.leader']!, a.id, 'extend', { note: 'Rất phức tạp', days: 20 });
  assert.deepEqual(e2.deadlines.find((d: any) => d.clock === 'extension_2').limit, {
    value: 20,
    unit: 'calendar_days',
  });
  r = await act(u['p1.leader']!, a.id, 'extend', { note: 'lần ba' }, 409);
  assert.equal(r.error.code, 'max_extensions');
  const w = await act(u['p1.officer']!, a.id, 'withdraw', {
    note: 'Người tố cáo rút đơn',
    continueHandling: true,
  });
  assert.equal(w.status, 'accepted', 'signs of a violation: handling continues');
  assert.equal(w.events.at(-1).type, 'withdraw');
  r = await act(u['p1.officer']!, a.id, 'withdraw', { note: 'x', continueHandling: true }, 409);
  assert.equal(r.error.code, 'already_withdrawn', 'withdrawn-and-continuing once: no second withdrawal');
  const b = await receive(u['p1.officer']!, { kind: 'complaint', signers: [signer(81)] });
  r = await act(u['p1.officer']!, b.id, 'withdraw', { note: 'x', continueHandling: true }, 400);
  const wb = await act(u['p1.officer']!, b.id, 'withdraw', { note: 'Rút đơn khiếu nại' });
  assert.equal(wb.status, 'withdrawn');
});

test('classify: clocks follow the kind; a petition classified as a denunciation becomes confidential', async () => {
  const a = await receive(u['p1.officer']!, { kind: 'feedback', signers: [signer(90)] });
  assert.equal((await detail(u['p1.officer']!, a.id)).signers[0].name, 'Trần Thị Kiểm 90');
  const c = await act(u['p1.officer']!, a.id, 'classify', { kind: 'denunciation' });
  assert.equal(c.kind, 'denunciation');
  assert.equal(c.confidential, true);
  assert.equal(c.signers[0].name, null);
  assert.ok(c.deadlines.some((d: any) => d.clock === 'check' && d.state === 'open'));
  assert.equal(c.events.at(-1).data.kind, 'denunciation');
  const r = await act(u['p1.officer']!, a.id, 'classify', { kind: 'feedback' });
  assert.equal(r.confidential, true, 'once confidential, always confidential');
});

test('overdue list per body and the list filter', async () => {
  // received long ago and never answered
  const a = await receive(u['p1.officer']!, {
    kind: 'recommendation',
    receivedAt: '2025-01-06T09:00:00+07:00',
    signers: [signer(100)],
  });
  const r = await u['p1.officer']!.get('/api/petitions/overdue');
  assert.equal(r.status, 200);
  const board = r.body.agencies.find((g: any) => g.agencyCode === 'VP-BTCD');
  assert.ok(board.items.some((x: any) => x.id === a.id && x.clock === 'answer' && x.daysOverdue > 0));
  const only = await u['p1.officer']!.get('/api/petitions/overdue?agency=STP');
  assert.ok(only.body.agencies.every((g: any) => g.agencyCode === 'STP'));
  const l = await u['p1.officer']!.get('/api/petitions?overdue=true&pageSize=500');
  assert.ok(l.body.items.some((x: any) => x.id === a.id && x.overdue));
  const q = await u['p1.officer']!.get(`/api/petitions?q=${encodeURIComponent(a.code.toLowerCase())}`);
  assert.equal(q.body.total, 1);
  const q2 = await u['p1.officer']!.get(
    `/api/petitions?q=${encodeURIComponent('thu hoi dat nong nghiep')}&pageSize=5`,
  );
  assert.ok(q2.body.total >= 1, 'diacritics-blind search over the content');
  const bad = await u['p1.officer']!.get('/api/petitions?status=lost');
  assert.equal(bad.status, 400);
  assert.equal(errorOf(bad).path, 'status');
});

test('importPetitions: the same fold, split children with their own actions, duplicates by index', async () => {
  const cal = buildCalendar();
  const res = await t.database.db.transaction((tx) =>
    importPetitions(tx, { cal }, [
      {
        receivedAt: '2022-03-01T09:00:00+07:00',
        channel: 'post',
        kind: 'denunciation',
        signers: [signer(200)],
        content: 'Tố cáo việc lấn chiếm hành lang đường bộ tại xã Bình Chánh.',
        actions: [
          {
            action: 'set_eligibility',
            at: '2022-03-03T09:00:00+07:00',
            eligibility: 'ineligible',
            reason: 'not_competent',
          },
          { action: 'forward', at: '2022-03-04T09:00:00+07:00', toAgencyCode: 'SGTVT' },
        ],
      },
      {
        receivedAt: '2022-03-10T09:00:00+07:00',
        channel: 'post',
        kind: 'denunciation',
        signers: [signer(200)],
        content: 'Tố cáo việc lấn chiếm hành lang đường bộ tại xã Bình Chánh.',
        actions: [{ action: 'confirm_duplicate', at: '2022-03-11T09:00:00+07:00', originalIndex: 0 }],
      },
      {
        receivedAt: '2022-04-01T09:00:00+07:00',
        channel: 'in_person',
        kind: 'mixed',
        signers: [signer(201)],
        content: 'Khiếu nại và kiến nghị về bồi thường.',
        actions: [
          {
            action: 'split',
            at: '2022-04-02T09:00:00+07:00',
            parts: [
              {
                kind: 'complaint',
                content: 'Khiếu nại về bồi thường.',
                actions: [
                  { action: 'set_eligibility', at: '2022-04-05T09:00:00+07:00', eligibility: 'eligible' },
                ],
              },
              { kind: 'recommendation', content: 'Kiến nghị về tái định cư.' },
            ],
          },
        ],
      },
    ]),
  );
  assert.equal(res.petitions, 5);
  assert.equal(res.codes.length, 3);
  const rows = await queryRows<{
    code: string;
    status: string;
    eligibility: string;
    repeat_count: number;
    duplicate_of_id: string | null;
  }>(
    t.database.db,
    sql`SELECT code, status, eligibility, repeat_count, duplicate_of_id FROM petitions WHERE id IN (${sql.join(res.ids, sql`, `)}) ORDER BY code`,
  );
  assert.deepEqual(
    rows.map((r) => r.status),
    ['forwarded', 'received', 'split'],
  );
  assert.equal(Number(rows[0]!.repeat_count), 1);
  assert.equal(rows[1]!.eligibility, 'ineligible');
  const kids = await queryRows<{ kind: string; eligibility: string; code: string }>(
    t.database.db,
    sql`SELECT kind, eligibility, code FROM petitions WHERE parent_id = ${res.ids[2]} ORDER BY code`,
  );
  assert.deepEqual(
    kids.map((k) => [k.kind, k.eligibility]),
    [
      ['complaint', 'eligible'],
      ['recommendation', 'pending'],
    ],
  );
  assert.equal(kids[0]!.code, `${res.codes[2]}-1`);
  // forward once, also in an import
  await assert.rejects(
    t.database.db.transaction((tx) =>
      importPetitions(tx, { cal }, [
        {
          receivedAt: '2022-05-01T09:00:00+07:00',
          channel: 'post',
          kind: 'denunciation',
          signers: [signer(202)],
          content: 'Tố cáo X.',
          actions: [{ action: 'forward', at: '2022-05-02T09:00:00+07:00', toAgencyCode: 'STP' }],
        },
        {
          receivedAt: '2022-05-03T09:00:00+07:00',
          channel: 'post',
          kind: 'denunciation',
          signers: [signer(202)],
          content: 'Tố cáo X.',
          actions: [
            { action: 'confirm_duplicate', at: '2022-05-04T09:00:00+07:00', originalIndex: 0 },
            { action: 'forward', at: '2022-05-05T09:00:00+07:00', toAgencyCode: 'SCT' },
          ],
        },
      ]),
    ),
    (e: any) => e.code === 'denunciation_already_forwarded' && e.path === 'items[1].actions[1].action',
  );
  // a duplicate is confirmed while still received: one already forwarded cannot become a duplicate
  await assert.rejects(
    t.database.db.transaction((tx) =>
      importPetitions(tx, { cal }, [
        {
          receivedAt: '2022-06-01T09:00:00+07:00',
          channel: 'post',
          kind: 'denunciation',
          signers: [signer(203)],
          content: 'Tố cáo Y.',
        },
        {
          receivedAt: '2022-06-03T09:00:00+07:00',
          channel: 'post',
          kind: 'denunciation',
          signers: [signer(203)],
          content: 'Tố cáo Y.',
          actions: [
            { action: 'forward', at: '2022-06-04T09:00:00+07:00', toAgencyCode: 'STP' },
            { action: 'confirm_duplicate', at: '2022-06-05T09:00:00+07:00', originalIndex: 0 },
          ],
        },
      ]),
    ),
    (e: any) => e.code === 'invalid_transition' && e.path === 'items[1].actions[1].action',
  );
});

test('meta: the machine, reasons and rule versions as data', async () => {
  const m = await u['p1.office']!.get('/api/petitions/meta');
  assert.equal(m.status, 200);
  assert.ok(m.body.transitions.some((x: any) => x.action === 'forward' && x.legalBasis.includes('Art 14')));
  assert.deepEqual(
    m.body.ruleVersions.map((v: any) => [v.id, v.validFrom]),
    [
      ['pet2019', '2019-01-01'],
      ['pet2026', '2026-07-01'],
    ],
  );
  assert.equal(m.body.eligibilityReasons.length, 12);
  assert.equal((await u['p1.agency']!.get('/api/petitions/meta')).status, 403);
});

test('concurrency: two identical actions at once — one succeeds, the other is refused (409), one event', async () => {
  const a = await receive(u['p1.officer']!, { kind: 'recommendation', signers: [signer(300)] });
  const d = await detail(u['p1.officer']!, a.id);
  const [r1, r2] = await Promise.all(
    [u['p1.officer']!, u['p1.leader']!].map((c) =>
      c.post(`/api/petitions/${a.id}/actions`, { action: 'file', version: d.version }),
    ),
  );
  assert.deepEqual([r1!.status, r2!.status].sort(), [200, 409]);
  const after = await detail(u['p1.officer']!, a.id);
  assert.equal(after.events.filter((e: any) => e.type === 'file').length, 1);
  assert.equal(after.version, d.version + 1);
});

test('a petition links only to a reception session of its own register (another body’s session is unknown)', async () => {
  const [s] = await queryRows<{ id: string }>(
    t.database.db,
    sql`SELECT id FROM receptions WHERE agency_code = 'VP-BTCD' ORDER BY session_date LIMIT 1`,
  );
  assert.ok(s, 'a demo session of the reception board');
  const r = await u['p1.handler.stp']!.post('/api/petitions', base({ receptionId: s.id }));
  assert.equal(r.status, 400, JSON.stringify(r.body));
  assert.equal(errorOf(r).code, 'unknown_reception');
  assert.equal(errorOf(r).path, 'receptionId');
  await receive(u['p1.officer']!, { receptionId: s.id });
});

test('confirm_duplicate between a confidential and a non-confidential petition is refused (409), both ways', async () => {
  const content =
    'Đề nghị xem xét việc cấp phép khai thác cát trái phép trên sông Trà Khúc đoạn qua xã Nghĩa Thắng.';
  const den = await receive(u['p1.officer']!, { kind: 'denunciation', content, signers: [signer(90)] });
  const rec = await receive(u['p1.officer']!, { kind: 'recommendation', content, signers: [signer(91)] });
  let r = await act(u['p1.officer']!, den.id, 'confirm_duplicate', { originalId: rec.id }, 409);
  assert.equal(r.error.code, 'duplicate_confidentiality_mismatch');
  assert.equal(r.error.path, 'originalId');
  assert.match(r.error.message, /tố cáo/);
  assert.match(r.error.messageEn, /denunciation/);
  r = await act(u['p1.officer']!, rec.id, 'confirm_duplicate', { originalId: den.id }, 409);
  assert.equal(r.error.code, 'duplicate_confidentiality_mismatch');
  // nothing linked; the denunciation's detail names no non-confidential neighbour
  const d = await detail(u['p1.officer']!, den.id);
  assert.equal(d.duplicateOfId, null);
  assert.deepEqual(d.duplicates, []);
  assert.ok(!JSON.stringify(d).includes(signer(91).name));
  // two confidential petitions may be linked
  const den2 = await receive(u['p1.officer']!, { kind: 'denunciation', content, signers: [signer(90)] });
  const ok = await act(u['p1.officer']!, den2.id, 'confirm_duplicate', { originalId: den.id });
  assert.equal(ok.duplicateOfId, den.id);
});

test('a reason made only of invisible characters is refused for identity looks and grants', async () => {
  const p = await receive(u['p1.officer']!, { kind: 'denunciation', signers: [signer(92)] });
  const invisible = '\u200b\u200b\u200b\u200b\u200b';
  const look = await u['p1.leader']!.get(
    `/api/petitions/${p.id}/identity?reason=${encodeURIComponent(invisible)}`,
  );
  assert.equal(look.status, 400, JSON.stringify(look.body));
  assert.equal(look.body.error.code, 'reason_required');
  const padded = await u['p1.leader']!.get(
    `/api/petitions/${p.id}/identity?reason=${encodeURIComponent(' \u200b\u2060\ufeff\u00a0ab\u200bc ')}`,
  );
  assert.equal(padded.status, 400);
  const me = await u['p1.officer']!.get('/api/auth/me');
  const g = await u['p1.leader']!.post(`/api/petitions/${p.id}/identity-grants`, {
    userId: me.body.user.id,
    reason: invisible,
  });
  assert.equal(g.status, 400, JSON.stringify(g.body));
  assert.equal(g.body.error.code, 'reason_required');
});
