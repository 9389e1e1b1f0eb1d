/**
 * Duplicate suggestions for the reception desk and the petition page (desk-routes.ts): what is typed at
 * the desk finds the earlier petition of the same person, the stored petition's own suggestions leave out
 * itself and its confirmed original, the answer never carries a signer (a denouncer's name, ID or phone),
 * roles and scope are checked, bad input is a 400 with a path.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { errorOf, startTestApp, type Client, type TestApp } from '../helpers/app.ts';

const PASSWORD = 'Desk-test-2026!';
let t: TestApp;
let officer: Client;
let handler: Client;
const DENOUNCER = {
  name: 'Hồ Thị Kínđáo',
  idNumber: '051088007777',
  address: 'Thôn Thạch Nham, xã Nghĩa Hà',
  phone: '0977111222',
};
const CONTENT =
  'Tố cáo cán bộ địa chính xã Nghĩa Hà thu tiền trái quy định khi đo đạc, cấp giấy chứng nhận quyền sử dụng đất cho hộ dân thôn Thạch Nham';

before(async () => {
  t = await startTestApp({ demo: true });
  const admin = await t.login('admin');
  for (const [username, roles, agencyCode] of [
    ['desk.officer', ['reception_officer'], 'VP-BTCD'],
    ['desk.handler', ['petition_handler'], 'TTT'],
  ] as const) {
    const r = await admin.post('/api/users', {
      username,
      displayName: username,
      password: PASSWORD,
      roles,
      agencyCode,
      mustChangePassword: false,
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  }
  officer = await t.login('desk.officer', PASSWORD);
  handler = await t.login('desk.handler', PASSWORD);
});
after(() => t?.close());

let earlier: { id: string; code: string };

test('what is typed at the desk finds the earlier petition of the same person, without any signer', async () => {
  const r = await officer.post('/api/petitions', {
    channel: 'post',
    kind: 'denunciation',
    signers: [DENOUNCER],
    content: CONTENT,
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  earlier = { id: r.body.id, code: r.body.code };

  const s = await officer.post('/api/petitions/duplicate-candidates', {
    signers: [{ name: DENOUNCER.name, idNumber: DENOUNCER.idNumber, address: DENOUNCER.address }],
    content: CONTENT,
  });
  assert.equal(s.status, 200, JSON.stringify(s.body));
  const hit = s.body.items.find((c: { id: string }) => c.id === earlier.id);
  assert.ok(
    hit,
    `the earlier petition is suggested: ${JSON.stringify(s.body.items.map((c: { code: string }) => c.code))}`,
  );
  assert.equal(hit.code, earlier.code);
  assert.equal(hit.kind, 'denunciation');
  assert.ok(hit.score > 0 && hit.score <= 1);
  assert.equal(typeof hit.reason, 'string');
  const body = JSON.stringify(s.body);
  for (const secret of [DENOUNCER.name, DENOUNCER.idNumber, DENOUNCER.phone, DENOUNCER.address])
    assert.ok(!body.includes(secret), `no "${secret}" in the suggestions`);

  // nothing typed yet: nothing suggested; bad input: 400 with the field
  const empty = await officer.post('/api/petitions/duplicate-candidates', { signers: [], content: '' });
  assert.equal(empty.status, 200);
  assert.deepEqual(empty.body.items, []);
  const bad = await officer.post('/api/petitions/duplicate-candidates', { content: 5 });
  assert.equal(bad.status, 400);
  errorOf(bad);
  const extra = await officer.post('/api/petitions/duplicate-candidates', { content: 'x', nope: 1 });
  assert.equal(extra.status, 400);
});

test('a stored petition: its suggestions leave out itself and its confirmed original', async () => {
  const r = await officer.post('/api/petitions', {
    channel: 'in_person',
    kind: 'denunciation',
    signers: [DENOUNCER],
    content: CONTENT,
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const id = r.body.id as string;
  let s = await officer.get(`/api/petitions/${id}/duplicate-candidates`);
  assert.equal(s.status, 200, JSON.stringify(s.body));
  const ids = s.body.items.map((c: { id: string }) => c.id);
  assert.ok(ids.includes(earlier.id), 'the earlier one is suggested');
  assert.ok(!ids.includes(id), 'not itself');
  for (const secret of [DENOUNCER.name, DENOUNCER.idNumber, DENOUNCER.phone])
    assert.ok(!JSON.stringify(s.body).includes(secret));

  const d = await officer.get(`/api/petitions/${id}`);
  const c = await officer.post(`/api/petitions/${id}/actions`, {
    action: 'confirm_duplicate',
    originalId: earlier.id,
    version: d.body.version,
  });
  assert.equal(c.status, 200, JSON.stringify(c.body));
  s = await officer.get(`/api/petitions/${id}/duplicate-candidates`);
  assert.ok(
    !s.body.items.some((x: { id: string }) => x.id === earlier.id),
    'the confirmed original is no suggestion',
  );
  // and the original does not suggest its confirmed duplicate
  s = await officer.get(`/api/petitions/${earlier.id}/duplicate-candidates`);
  assert.ok(!s.body.items.some((x: { id: string }) => x.id === id));
});

test('roles and scope', async () => {
  // a department's staff has no petition role
  const staff = await t.login('agency.staff');
  let e = await staff.post('/api/petitions/duplicate-candidates', { content: CONTENT });
  assert.equal(e.status, 403);
  errorOf(e);
  assert.equal(
    (await t.anon().post('/api/petitions/duplicate-candidates', { content: CONTENT })).status,
    401,
  );
  // a handler sees only what its body holds: the board's petitions are neither suggested nor readable
  const s = await handler.post('/api/petitions/duplicate-candidates', {
    signers: [{ idNumber: DENOUNCER.idNumber }],
    content: CONTENT,
  });
  assert.equal(s.status, 200, JSON.stringify(s.body));
  assert.ok(!s.body.items.some((x: { id: string }) => x.id === earlier.id));
  e = await handler.get(`/api/petitions/${earlier.id}/duplicate-candidates`);
  assert.equal(e.status, 404);
  e = await officer.get('/api/petitions/not-a-uuid/duplicate-candidates');
  assert.equal(e.status, 400);
});

test('identity grantees: users who may read the case, never the asking leader; the grant API agrees', async () => {
  const leader = await t.login('reception.leader');
  const me = (await leader.get('/api/auth/me')).body;
  const r = await leader.get(`/api/petitions/${earlier.id}/identity-grantees`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const names = r.body.items.map((u: { username: string }) => u.username);
  assert.ok(names.includes('desk.officer'), 'a reception officer reads every petition');
  assert.ok(!names.includes('desk.handler'), "a handler of another body cannot read the board's petition");
  assert.ok(!names.includes('reception.leader'), 'four eyes: the leader is not offered to themselves');
  assert.ok(!r.body.items.some((u: { id: string }) => u.id === (me.user?.id ?? me.id)));
  assert.ok(!JSON.stringify(r.body).includes(DENOUNCER.name), 'no identity in the answer');
  // every offered user is accepted by the grant API; a user not offered is refused by it
  const officerId = r.body.items.find((u: { username: string }) => u.username === 'desk.officer').id;
  const g = await leader.post(`/api/petitions/${earlier.id}/identity-grants`, {
    userId: officerId,
    reason: 'Xác minh nội dung tố cáo theo chỉ đạo',
  });
  assert.equal(g.status, 201, JSON.stringify(g.body));
  const admin = await t.login('admin');
  const users = (await admin.get('/api/users')).body.items as { id: string; username: string }[];
  const handlerId = users.find((u) => u.username === 'desk.handler')!.id;
  const no = await leader.post(`/api/petitions/${earlier.id}/identity-grants`, {
    userId: handlerId,
    reason: 'Xác minh nội dung tố cáo theo chỉ đạo',
  });
  assert.equal(errorOf(no).code, 'grantee_cannot_read_case');
  // only the grant managers ask
  assert.equal((await officer.get(`/api/petitions/${earlier.id}/identity-grantees`)).status, 403);
  assert.equal((await handler.get(`/api/petitions/${earlier.id}/identity-grantees`)).status, 403);
});
