/**
 * Public side (no login): look-up without personal data unless the check digits match, online filing
 * after a phone/e-mail confirmation through the log notifier, web rating, and the per-IP rate limit.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';

process.env.KIENTAO_PUBLIC_RATE_LIMIT = '40';
const { errorOf, startTestApp } = await import('../helpers/app.ts');
const { queryRows } = await import('../../src/db/engine.ts');
const { seedTestProcedure } = await import('../../src/modules/dossiers/fixtures.ts');
type TestApp = Awaited<ReturnType<typeof startTestApp>>;

let t: TestApp;
let ip = 1;
/** Each test uses its own client address (X-Forwarded-For; the test server trusts the proxy). */
const anon = (addr = `203.0.113.${ip++}`) => {
  const c = t.anon();
  const req = c.req.bind(c);
  c.req = (m, p, b, h = {}) => req(m, p, b, { ...h, 'x-forwarded-for': addr });
  return c;
};

const applicant = {
  name: 'Phạm Thị Lưới',
  idNumber: '051187659876',
  phone: '0987654321',
  email: 'luoi@example.vn',
  address: 'Xã Phổ Quang, thị xã Đức Phổ',
};

before(async () => {
  t = await startTestApp({ demo: true });
  await t.database.db.transaction(async (tx) => {
    await seedTestProcedure(tx, {
      code: 'KT-TEST-PUB',
      limits: [
        { channel: 'counter', value: 10, unit: 'working_days' },
        { channel: 'online', value: 7, unit: 'working_days' },
      ],
    });
  });
});
after(() => t?.close());

async function staffDossier() {
  const leader = await t.login('centre.leader');
  const r = await leader.post('/api/dossiers', {
    procedureCode: 'KT-TEST-PUB',
    channel: 'counter',
    applicant,
    components: [],
    returnMethod: 'post',
    receivedAt: '2022-03-04T09:00:00+07:00',
  });
  assert.equal(r.status, 201);
  const code = r.body.code as string;
  await leader.post(`/api/dossiers/${code}/actions`, { action: 'transfer' });
  return { code, leader };
}

const PERSONAL = [
  'Phạm Thị Lưới',
  '0987654321',
  '051187659876',
  'Phổ Quang',
  'luoi@example.vn',
  'Trung tâm Phục vụ - Kiểm soát TTHC (demo)',
];

test('public look-up: status with national code and label, steps with dates; no personal data without the right check digits', async () => {
  const { code } = await staffDossier();
  const c = anon();
  for (const q of ['', '?check=1111', '?check=0000', '?check=8765']) {
    const r = await c.get(`/api/public/dossiers/${code}${q}`);
    assert.equal(r.status, 200);
    assert.equal(r.body.status, 'processing');
    assert.equal(r.body.nationalStatus, 4);
    assert.equal(r.body.statusLabel.vi, 'Đang xử lý');
    assert.equal(r.body.procedureCode, 'KT-TEST-PUB');
    assert.equal(r.body.appointmentAt, '2022-03-18T23:59:59+07:00');
    assert.equal(r.body.steps[0].kind, 'transfer');
    assert.match(r.body.processingAgencyName, /Nông nghiệp/);
    assert.equal(r.body.steps[0].agencyName, r.body.processingAgencyName);
    assert.match(r.body.steps[0].dueAt, /\+07:00$/);
    assert.ok(!('handedBy' in r.body.steps[0]));
    assert.equal(r.body.applicant, null);
    assert.equal(r.body.verified, false);
    const text = JSON.stringify(r.body);
    for (const p of PERSONAL) assert.ok(!text.includes(p), `leaks ${p}`);
  }
  // last 4 digits of the phone, or of the ID number
  for (const check of ['4321', '9876']) {
    const r = await c.get(`/api/public/dossiers/${code}?check=${check}`);
    assert.equal(r.body.verified, true);
    assert.equal(r.body.applicant.name, 'Phạm Thị Lưới');
    assert.equal(r.body.applicant.phone, '*******321');
    assert.ok(!JSON.stringify(r.body).includes('051187659876'));
  }
  let r = await c.get(`/api/public/dossiers/${code}?check=12a4`);
  assert.equal(r.status, 400);
  assert.equal(errorOf(r).path, 'check');
  r = await c.get(`/api/public/dossiers/000.00.20.H48-220304-9999`);
  assert.equal(r.status, 404);
});

test('online filing: confirm the phone by a code from the log notifier, then file → 201 status new; accept at the counter', async () => {
  const c = anon();
  let r = await c.post('/api/public/verifications', { channel: 'phone', contact: '+84 987 654 321' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const id = r.body.id as string;
  const [msg] = await queryRows<{ body: string; recipient: string }>(
    t.database.db,
    sql`SELECT body, recipient FROM sent_messages WHERE ref = ${'verification:' + id}`,
  );
  assert.equal(msg!.recipient, '0987654321');
  const code = /(\d{6})/.exec(msg!.body)![1]!;
  // the stored hash is not the code
  const [v] = await queryRows<{ code_hash: string }>(
    t.database.db,
    sql`SELECT code_hash FROM contact_verifications WHERE id = ${id}`,
  );
  assert.ok(!v!.code_hash.includes(code));
  const wrong = code === '000000' ? '111111' : '000000';
  r = await c.post(`/api/public/verifications/${id}/confirm`, { code: wrong });
  assert.equal(r.status, 400);
  assert.equal(errorOf(r).code, 'wrong_code');
  r = await c.post(`/api/public/verifications/${id}/confirm`, { code });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const token = r.body.token as string;
  const filing = {
    verificationToken: token,
    procedureCode: 'KT-TEST-PUB',
    applicant,
    components: [{ name: 'Tờ khai', original: true, count: 1 }],
    returnMethod: 'online',
  };
  // the confirmed phone must be the applicant's
  r = await c.post('/api/public/dossiers', { ...filing, applicant: { ...applicant, phone: '0911000000' } });
  assert.equal(r.status, 400);
  assert.equal(errorOf(r).path, 'applicant.phone');
  r = await c.post('/api/public/dossiers', filing);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.body.status, 'new');
  assert.match(r.body.appointmentAt, /T23:59:59\+07:00$/);
  const dossierCode = r.body.code as string;
  // a token is used once
  r = await c.post('/api/public/dossiers', filing);
  assert.equal(r.status, 401);
  assert.equal(errorOf(r).code, 'invalid_verification');
  // the counter accepts it: received, channel online, appointment recomputed from acceptance (7 working days)
  const counter = await t.login('counter.staff');
  const d = await counter.get(`/api/dossiers/${dossierCode}`);
  assert.equal(d.body.channel, 'online');
  assert.equal(d.body.nationalStatus, 1);
  assert.deepEqual(d.body.allowedActions.includes('accept'), true);
  r = await counter.post(`/api/dossiers/${dossierCode}/actions`, { action: 'accept' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.status, 'received');
  assert.equal(r.body.timeLimit.value, 7);
  // the applicant was told the code
  const sent = await queryRows(
    t.database.db,
    sql`SELECT 1 FROM sent_messages WHERE ref = ${'dossier:' + dossierCode}`,
  );
  assert.equal(sent.length, 1);
});

test('verification: 10 minutes, at most 5 attempts, bad input 400 with path', async () => {
  const c = anon();
  let r = await c.post('/api/public/verifications', { channel: 'email', contact: 'Luoi@Example.vn' });
  assert.equal(r.status, 201);
  const id = r.body.id as string;
  const [msg] = await queryRows<{ body: string; recipient: string }>(
    t.database.db,
    sql`SELECT body, recipient FROM sent_messages WHERE ref = ${'verification:' + id}`,
  );
  assert.equal(msg!.recipient, 'luoi@example.vn');
  const code = /(\d{6})/.exec(msg!.body)![1]!;
  const wrong = code === '000000' ? '111111' : '000000';
  for (let i = 0; i < 5; i++) {
    r = await c.post(`/api/public/verifications/${id}/confirm`, { code: wrong });
    assert.equal(r.status, 400);
  }
  r = await c.post(`/api/public/verifications/${id}/confirm`, { code });
  assert.equal(r.status, 429, 'the right code after 5 wrong attempts is refused');
  assert.equal(errorOf(r).code, 'too_many_attempts');
  // expired
  r = await c.post('/api/public/verifications', { channel: 'phone', contact: '0987654321' });
  const id2 = r.body.id as string;
  await queryRows(
    t.database.db,
    sql`UPDATE contact_verifications SET expires_at = now() - interval '1 minute' WHERE id = ${id2}`,
  );
  r = await c.post(`/api/public/verifications/${id2}/confirm`, { code: '123456' });
  assert.equal(r.status, 400);
  assert.equal(errorOf(r).code, 'verification_expired');
  for (const [b, path] of [
    [{ channel: 'fax', contact: '0987654321' }, 'channel'],
    [{ channel: 'phone', contact: '12' }, 'contact'],
    [{ channel: 'phone', contact: 'abcdefgh' }, 'contact'],
    [{ channel: 'email', contact: 'no-at-sign' }, 'contact'],
  ] as [Record<string, unknown>, string][]) {
    r = await c.post('/api/public/verifications', b);
    assert.equal(r.status, 400, JSON.stringify(b));
    assert.equal(errorOf(r).path, path);
  }
  r = await c.post('/api/public/dossiers', {
    verificationToken: 'not-a-real-token-at-all',
    procedureCode: 'KT-TEST-PUB',
    applicant,
    components: [],
    returnMethod: 'online',
  });
  assert.equal(r.status, 401);
});

test('web rating: check digits required; one per dossier; only once it has left the open states', async () => {
  const { code, leader } = await staffDossier();
  const c = anon();
  let r = await c.post(`/api/public/dossiers/${code}/ratings`, { check: '4321', vote: 'satisfied' });
  assert.equal(r.status, 409);
  assert.equal(errorOf(r).code, 'not_yet_resolved');
  r = await leader.post(`/api/dossiers/${code}/actions`, { action: 'withdraw', note: 'Công dân rút hồ sơ' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  r = await c.post(`/api/public/dossiers/${code}/ratings`, { check: '1111', vote: 'satisfied' });
  assert.equal(r.status, 400);
  assert.equal(errorOf(r).code, 'check_mismatch');
  r = await c.post(`/api/public/dossiers/${code}/ratings`, { vote: 'satisfied' });
  assert.equal(r.status, 400);
  assert.equal(errorOf(r).path, 'check');
  r = await c.post(`/api/public/dossiers/${code}/ratings`, {
    check: '4321',
    vote: 'satisfied',
    indices: { i1: 2, i3: 2, i4: 1 },
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.body.channel, 'web');
  assert.equal(r.body.score, 5);
  r = await c.post(`/api/public/dossiers/${code}/ratings`, { check: '4321', vote: 'neutral' });
  assert.equal(r.status, 409);
});

test('rate limit per client IP (KIENTAO_PUBLIC_RATE_LIMIT = 40 here): the 41st look-up in a minute → 429; another IP is not affected', async () => {
  const { code } = await staffDossier();
  const c = anon('198.51.100.7');
  const statuses: number[] = [];
  for (let i = 0; i < 41; i++) statuses.push((await c.get(`/api/public/dossiers/${code}`)).status);
  assert.deepEqual(statuses.slice(0, 40), Array(40).fill(200));
  assert.equal(statuses[40], 429);
  const other = anon('198.51.100.8');
  assert.equal((await other.get(`/api/public/dossiers/${code}`)).status, 200);
});

test('verification codes: at most 5 per contact per hour, whatever the client (no SMS flood)', async () => {
  const c = anon();
  for (let i = 0; i < 5; i++) {
    const r = await c.post('/api/public/verifications', { channel: 'phone', contact: '0912000999' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  }
  const r = await anon().post('/api/public/verifications', { channel: 'phone', contact: '0912 000 999' });
  assert.equal(r.status, 429);
  assert.equal(errorOf(r).code, 'too_many_codes');
});
