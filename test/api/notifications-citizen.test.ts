/**
 * Citizen notices (issue 7 §3): only with consent, on the channel the citizen chose, in the command's
 * transaction; the texts carry the dossier code, procedure, dates and body — and a denunciation's notices
 * (received → forwarded → accepted → result) carry NONE of the denouncer's name, ID number, address or phone
 * (Luật Tố cáo 2018 Art 8 cl.3), in any outbox row, in-app notification or rendered text; the row's
 * `address` (the citizen's own contact) is the only place the phone appears.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { errorOf, startTestApp, type Client, type TestApp } from '../helpers/app.ts';
import { queryRows } from '../../src/db/engine.ts';
import { seedTestProcedure } from '../../src/modules/dossiers/fixtures.ts';
import { createUser } from '../../src/kernel/auth/service.ts';
import { listTemplates, renderNotice } from '../../src/modules/notifications/templates.ts';
import { notify } from '../../src/modules/notifications/notify.ts';
import { createHash } from 'node:crypto';
import '../../src/modules/notifications/templates/citizen.ts';

let t: TestApp;
let counter: Client, officer: Client, reception: Client, handler: Client;

interface OutRow {
  id: string;
  channel: string;
  recipient_type: string;
  recipient_id: string | null;
  address: string;
  kind: string;
  subject: string | null;
  body_text: string;
  body_html: string | null;
  ref: string | null;
  dedupe_key: string;
  state: string;
}

const outboxFor = (ref: string) =>
  queryRows<OutRow>(
    t.database.db,
    sql`SELECT id, channel, recipient_type, recipient_id, address, kind, subject, body_text, body_html, ref,
          dedupe_key, state
        FROM outbox_messages WHERE ref = ${ref} ORDER BY created_at, kind`,
  );

const applicant = {
  name: 'Phạm Văn Qwertzuiop',
  idNumber: '051299887766',
  phone: '0905 111 222',
  email: 'qwertzuiop@example.vn',
  address: 'Thôn Plokijuh, xã Bình Châu',
};

const intake = (extra: Record<string, unknown> = {}, a: Record<string, unknown> = {}) => ({
  procedureCode: 'KT-TEST-NOTICE',
  channel: 'counter',
  applicant: { ...applicant, ...a },
  components: [{ name: 'Tờ khai', original: true, count: 1 }],
  returnMethod: 'counter',
  ...extra,
});

before(async () => {
  t = await startTestApp({ demo: true });
  await t.database.db.transaction(async (tx) => {
    await seedTestProcedure(tx, {
      code: 'KT-TEST-NOTICE',
      limits: [{ channel: 'counter', value: 10, unit: 'working_days' }],
    });
    await createUser(tx, null, {
      username: 'notice.handler.stp',
      displayName: 'Cán bộ xử lý đơn STP',
      password: 'P1-notice-handler!',
      roles: ['petition_handler'],
      agencyCode: 'STP',
    });
  });
  [counter, officer, reception, handler] = await Promise.all([
    t.login('counter.staff'),
    t.login('processing.officer'),
    t.login('reception.officer'),
    t.login('notice.handler.stp', 'P1-notice-handler!'),
  ]);
});
after(() => t?.close());

test('dossier with SMS consent: receipt, supplement and result notices on SMS, the right text, nothing else', async () => {
  let r = await counter.post('/api/dossiers', intake({}, { notify: { channel: 'sms', consent: true } }));
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const code = r.body.code as string;
  assert.deepEqual(
    { channel: r.body.applicant.notify.channel, consent: r.body.applicant.notify.consent },
    { channel: 'sms', consent: true },
    'consent stored with the applicant',
  );
  const appt = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh' }).format(
    new Date(Date.parse(r.body.appointmentAt) - 1),
  );
  let rows = await outboxFor(`dossier:${code}`);
  assert.equal(rows.length, 1);
  const [rec] = rows;
  assert.equal(rec!.channel, 'sms');
  assert.equal(rec!.recipient_type, 'citizen');
  assert.equal(rec!.address, '0905111222');
  assert.equal(rec!.kind, 'citizen.dossier.received');
  assert.equal(rec!.state, 'queued');
  assert.equal(rec!.subject, null);
  assert.ok(rec!.body_text.includes(code), rec!.body_text);
  assert.ok(rec!.body_text.includes('(Thủ tục thử nghiệm KT-TEST-NOTICE)'), rec!.body_text);
  assert.ok(rec!.body_text.includes(appt), `appointment ${appt} in: ${rec!.body_text}`);
  assert.match(rec!.body_text, /tiếp nhận/);
  assert.ok(rec!.body_text.includes(`/tra-cuu?code=${encodeURIComponent(code)}`));

  const act = (c: Client, b: Record<string, unknown>) => c.post(`/api/dossiers/${code}/actions`, b);
  r = await act(counter, { action: 'request_supplement', missing: ['Bản sao CCCD'] });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  r = await act(counter, { action: 'supplement_received' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  r = await act(counter, { action: 'transfer' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  r = await act(officer, { action: 'result_ready' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  rows = await outboxFor(`dossier:${code}`);
  assert.deepEqual(
    rows.map((x) => x.kind),
    ['citizen.dossier.received', 'citizen.dossier.supplement_requested', 'citizen.dossier.result_ready'],
  );
  assert.ok(rows.every((x) => x.channel === 'sms' && x.address === '0905111222'));
  const [, sup, res] = rows;
  assert.match(sup!.body_text, /bổ sung/);
  assert.ok(!sup!.body_text.includes('CCCD'), 'the list of missing papers stays on the form');
  assert.match(res!.body_text, /đã có kết quả/);
  assert.match(res!.body_text, /nhận trực tiếp tại Trung tâm/);
  for (const x of rows)
    for (const needle of ['Qwertzuiop', '051299887766', 'Plokijuh', '0905 111 222', '0905111222'])
      assert.ok(!`${x.subject ?? ''} ${x.body_text} ${x.body_html ?? ''}`.includes(needle), needle);
});

test('dossier e-mail consent: one e-mail with subject and HTML; no consent or no notify → nothing', async () => {
  let r = await counter.post('/api/dossiers', intake({}, { notify: { channel: 'email', consent: true } }));
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const rows = await outboxFor(`dossier:${r.body.code}`);
  assert.equal(rows.length, 1);
  assert.equal(rows[0]!.channel, 'email');
  assert.equal(rows[0]!.address, 'qwertzuiop@example.vn');
  assert.match(rows[0]!.subject!, /đã được tiếp nhận/);
  assert.ok(rows[0]!.body_html?.includes(r.body.code));

  r = await counter.post('/api/dossiers', intake({}, { notify: { channel: 'sms', consent: false } }));
  assert.equal(r.status, 201);
  assert.equal(r.body.applicant.notify.consent, false, 'the refusal is stored too');
  const noConsent = r.body.code as string;
  r = await counter.post(`/api/dossiers/${noConsent}/actions`, {
    action: 'request_supplement',
    missing: ['x'],
  });
  assert.equal(r.status, 200);
  assert.equal((await outboxFor(`dossier:${noConsent}`)).length, 0);
  r = await counter.post('/api/dossiers', intake());
  assert.equal(r.status, 201);
  assert.equal((await outboxFor(`dossier:${r.body.code}`)).length, 0);
  const [{ n }] = (await queryRows<{ n: number }>(
    t.database.db,
    sql`SELECT count(*)::int AS n FROM outbox_messages WHERE recipient_type = 'citizen'`,
  )) as [{ n: number }];
  assert.equal(n, 4, 'only the consenting applicants got messages');
});

test('consent without an address for the channel → 400 naming the field; bad notify → 400', async () => {
  let r = await counter.post(
    '/api/dossiers',
    intake({}, { email: null, notify: { channel: 'email', consent: true } }),
  );
  assert.equal(r.status, 400);
  assert.equal(errorOf(r).code, 'notify_address_missing');
  assert.equal(errorOf(r).path, 'applicant.email');
  r = await counter.post('/api/dossiers', intake({}, { notify: { channel: 'fax', consent: true } }));
  assert.equal(r.status, 400);
  assert.equal(errorOf(r).path, 'applicant.notify.channel');
  r = await counter.post('/api/dossiers', intake({}, { notify: { channel: 'sms' } }));
  assert.equal(r.status, 400);
  assert.equal(errorOf(r).path, 'applicant.notify.consent');
  // without consent no address is needed
  r = await counter.post(
    '/api/dossiers',
    intake({}, { email: null, notify: { channel: 'email', consent: false } }),
  );
  assert.equal(r.status, 201);

  const base = { channel: 'post', kind: 'complaint', content: 'Khiếu nại quyết định thu hồi đất.' };
  r = await reception.post('/api/petitions', {
    ...base,
    signers: [{ name: 'A', phone: null, email: 'a@example.vn' }],
    notify: { channel: 'zalo', consent: true },
  });
  assert.equal(r.status, 400);
  assert.equal(errorOf(r).code, 'notify_address_missing');
  assert.equal(errorOf(r).path, 'signers.0.phone');
  r = await reception.post('/api/petitions', {
    ...base,
    signers: [{ name: 'A', phone: '0905000000' }, { name: 'B' }],
    representativeIndex: 1,
    notify: { channel: 'sms', consent: true },
  });
  assert.equal(r.status, 400);
  assert.equal(errorOf(r).path, 'signers.1.phone');
  r = await reception.post('/api/petitions', {
    ...base,
    signers: [],
    notify: { channel: 'email', consent: true },
  });
  assert.equal(r.status, 400);
  assert.equal(errorOf(r).path, 'notify.channel');
});

// ── the identity-leak test of issue 7: a denunciation through forwarding, acceptance and result ──

const ID = {
  name: 'Trần Thị Mnbvcxzlk',
  idNumber: '079177665544',
  address: 'Thôn Asdfghjklt, xã Tịnh Khê',
  phone: '0977 654 321',
  email: 'mnbvcxzlk@example.vn',
};
const NEEDLES = ['mnbvcxzlk', '079177665544', 'asdfghjklt', '0977 654 321', '0977654321', '977654321'];
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();
const leaks = (text: string) => [
  ...NEEDLES.filter((n) => fold(text).includes(n)),
  ...(text.replace(/[\s.\-()+_]/g, '').includes('977654321') ? ['phone digits'] : []),
];

test('a denunciation with SMS consent: received → forwarded → accepted → result; no identity anywhere', async () => {
  const RESPONDENT = 'Ông Zxcvbnmq, Chủ tịch UBND xã';
  const CONTENT = `Tôi là ${ID.name}, CCCD ${ID.idNumber}, ${ID.address}, điện thoại ${ID.phone}. Tố cáo ${RESPONDENT} nhận hối lộ.`;
  const r = await reception.post('/api/petitions', {
    receivedAt: '2026-03-02T09:00:00+07:00',
    channel: 'in_person',
    kind: 'denunciation',
    signers: [ID],
    content: CONTENT,
    respondent: RESPONDENT,
    notify: { channel: 'sms', consent: true },
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const id = r.body.id as string;
  const code = r.body.code as string;
  const act = async (c: Client, action: string, body: Record<string, unknown> = {}) => {
    const d = await reception.get(`/api/petitions/${id}`);
    const x = await c.post(`/api/petitions/${id}/actions`, { action, version: d.body.version, ...body });
    assert.equal(x.status, 200, `${action}: ${JSON.stringify(x.body)}`);
  };
  await act(reception, 'forward', { toAgencyCode: 'STP', note: `Chuyển đơn của ${ID.name}` });
  await act(handler, 'set_eligibility', { eligibility: 'eligible' });
  await act(handler, 'accept');
  await act(handler, 'record_result', {
    outcome: 'upheld',
    note: `Kết luận: tố cáo của bà ${ID.name} (${ID.phone}) là đúng.`,
  });

  const rows = await outboxFor(`petition:${code}`);
  assert.deepEqual(
    rows.map((x) => x.kind),
    [
      'citizen.petition.received',
      'citizen.petition.forwarded',
      'citizen.petition.accepted',
      'citizen.petition.result',
    ],
  );
  const [stpName] = (
    await queryRows<{ name: string }>(t.database.db, sql`SELECT name FROM agencies WHERE code = 'STP'`)
  ).map((x) => x.name);
  for (const x of rows) {
    assert.equal(x.channel, 'sms');
    assert.equal(x.address, '0977654321', 'the row goes to the denouncer’s own phone');
    assert.equal(x.recipient_type, 'citizen');
    assert.ok(x.body_text.includes(code));
    // every column but the address: none of the identity, nor the respondent or the content
    const { address: _a, ...rest } = x;
    const text = JSON.stringify(rest);
    assert.deepEqual(leaks(text), [], `${x.kind}: ${x.body_text}`);
    assert.ok(!fold(text).includes('zxcvbnmq'), 'the person denounced is never named');
    assert.ok(!text.includes('hối lộ'), 'nor the content');
  }
  assert.ok(rows[0]!.body_text.includes('02/03/2026'), `received on the receipt date: ${rows[0]!.body_text}`);
  assert.ok(rows[1]!.body_text.includes(stpName!), 'forwarded: the agency it went to');
  assert.match(rows[2]!.body_text, /thụ lý/);
  assert.match(rows[3]!.body_text, /kết quả/);
  assert.ok(!/upheld|đúng|chấp nhận/.test(rows[3]!.body_text), 'the outcome itself is not in the SMS');

  // every other message and notice in the database, and the outbox events, hold no identity either
  const all = await queryRows<Record<string, unknown>>(
    t.database.db,
    sql`SELECT id, channel, recipient_type, recipient_id, kind, locale, subject, body_text, body_html, ref,
          dedupe_key, last_error FROM outbox_messages`,
  );
  assert.deepEqual(leaks(JSON.stringify(all)), []);
  const notes = await queryRows<Record<string, unknown>>(t.database.db, sql`SELECT * FROM notifications`);
  assert.deepEqual(leaks(JSON.stringify(notes)), []);
  const events = await queryRows<Record<string, unknown>>(t.database.db, sql`SELECT * FROM outbox_events`);
  assert.deepEqual(leaks(JSON.stringify(events)), []);
  // the consent is stored in the intake event without an address
  const [ev] = await queryRows<{ data: unknown }>(
    t.database.db,
    sql`SELECT data FROM petition_events WHERE petition_id = ${id} AND seq = 1`,
  );
  const data = (typeof ev!.data === 'string' ? JSON.parse(ev!.data) : ev!.data) as Record<string, any>;
  assert.equal(data.citizenNotify.channel, 'sms');
  assert.equal(data.citizenNotify.consent, true);
  assert.equal(data.citizenNotify.signerSeq, 1);
  assert.deepEqual(leaks(JSON.stringify(data)), []);

  // every citizen template, in both languages and on every channel's text, given the identity anyway
  const poisoned = {
    name: ID.name,
    idNumber: ID.idNumber,
    address: ID.address,
    phone: ID.phone,
    email: ID.email,
    petitionerName: ID.name,
    respondent: RESPONDENT,
    content: CONTENT,
  };
  const citizenKinds = listTemplates().filter(([k]) => k.startsWith('citizen.'));
  assert.equal(citizenKinds.length, 7);
  for (const [kind, tpl] of citizenKinds) {
    assert.equal(tpl.audience, 'citizen', kind);
    for (const locale of ['vi', 'en'] as const) {
      const out = renderNotice(
        kind,
        { ...tpl.sample, ...poisoned },
        { locale, publicUrl: 'https://kientao.example.vn', link: null },
      );
      const text = JSON.stringify(out);
      assert.deepEqual(leaks(text), [], `${kind} ${locale}`);
      assert.ok(!fold(text).includes('zxcvbnmq'), `${kind} ${locale}`);
      assert.ok(out.short.length <= 400, `${kind} ${locale}: SMS text short (${out.short.length})`);
    }
  }
});

test('a petition without consent sends nothing through forwarding', async () => {
  const r = await reception.post('/api/petitions', {
    channel: 'post',
    kind: 'recommendation',
    signers: [{ name: 'Nguyễn Văn A', phone: '0905123123' }],
    content: 'Kiến nghị sửa đường liên thôn.',
    notify: { channel: 'sms', consent: false },
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const d = await reception.get(`/api/petitions/${r.body.id}`);
  const x = await reception.post(`/api/petitions/${r.body.id}/actions`, {
    action: 'forward',
    version: d.body.version,
    toAgencyCode: 'STP',
  });
  assert.equal(x.status, 200, JSON.stringify(x.body));
  assert.equal((await outboxFor(`petition:${r.body.code}`)).length, 0);
});

/** A confirmed contact of the online filing: the verification token. */
async function confirmed(channel: 'phone' | 'email', contact: string): Promise<string> {
  const c = t.anon();
  let r = await c.post('/api/public/verifications', { channel, contact });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const vid = r.body.id as string;
  const [msg] = await queryRows<{ body: string }>(
    t.database.db,
    sql`SELECT body FROM sent_messages WHERE ref = ${'verification:' + vid}`,
  );
  const pin = /(\d{6})/.exec(msg!.body)![1]!;
  r = await c.post(`/api/public/verifications/${vid}/confirm`, { code: pin });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.token as string;
}

const fileOnline = (token: string, a: Record<string, unknown>) =>
  t.anon().post('/api/public/dossiers', {
    verificationToken: token,
    procedureCode: 'KT-TEST-NOTICE',
    applicant: { ...applicant, ...a },
    components: [{ name: 'Tờ khai', original: true, count: 1 }],
    returnMethod: 'online',
  });

test('an online filing with e-mail consent: no notice while new; the receipt notice when the one-stop accepts it', async () => {
  let r = await fileOnline(await confirmed('email', 'Qwertzuiop@example.vn'), {
    notify: { channel: 'email', consent: true },
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.body.status, 'new');
  const code = r.body.code as string;
  assert.equal((await outboxFor(`dossier:${code}`)).length, 0, 'not received yet');
  r = await counter.post(`/api/dossiers/${code}/actions`, { action: 'accept' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const rows = await outboxFor(`dossier:${code}`);
  assert.deepEqual(
    rows.map((x) => [x.kind, x.channel, x.address]),
    [['citizen.dossier.received', 'email', 'qwertzuiop@example.vn']],
  );
  assert.match(rows[0]!.body_text, /đã được .* tiếp nhận ngày/);
});

test('an online filing: notices only to the confirmed contact (F9); the counter may choose any', async () => {
  const before = (
    await queryRows<{ n: number }>(t.database.db, sql`SELECT count(*)::int AS n FROM dossiers`)
  )[0]!.n;
  // a confirmed phone, notices asked by e-mail to an unconfirmed (maybe someone else's) address → 400
  const phoneToken = await confirmed('phone', '0905111222');
  let r = await fileOnline(phoneToken, {
    email: 'someone.else@example.vn',
    notify: { channel: 'email', consent: true },
  });
  assert.equal(r.status, 400, JSON.stringify(r.body));
  assert.equal(errorOf(r).code, 'notify_address_unverified');
  assert.equal(errorOf(r).path, 'applicant.notify.channel');
  assert.ok(errorOf(r).message && errorOf(r).messageEn);
  // a confirmed e-mail, notices asked by SMS or Zalo to an unconfirmed phone → 400
  const mailToken = await confirmed('email', 'qwertzuiop@example.vn');
  for (const channel of ['sms', 'zalo']) {
    r = await fileOnline(mailToken, { notify: { channel, consent: true } });
    assert.equal(r.status, 400, JSON.stringify(r.body));
    assert.equal(errorOf(r).code, 'notify_address_unverified');
    assert.equal(errorOf(r).path, 'applicant.notify.channel');
  }
  const after = (
    await queryRows<{ n: number }>(t.database.db, sql`SELECT count(*)::int AS n FROM dossiers`)
  )[0]!.n;
  assert.equal(after, before, 'nothing filed');
  // without consent the channel does not matter; the refused tokens were not used up
  r = await fileOnline(mailToken, { notify: { channel: 'sms', consent: false } });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  // the confirmed phone on SMS (written as +84 …: the same number) → accepted; the notice goes to it
  r = await fileOnline(phoneToken, {
    phone: '+84 905 111 222',
    email: 'someone.else@example.vn',
    notify: { channel: 'sms', consent: true },
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const code = r.body.code as string;
  r = await counter.post(`/api/dossiers/${code}/actions`, { action: 'accept' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(
    (await outboxFor(`dossier:${code}`)).map((x) => [x.channel, x.address]),
    [['sms', '0905111222']],
  );
  // staff intake at the counter is unchanged: the officer may take any channel with an address
  r = await counter.post(
    '/api/dossiers',
    intake({}, { email: 'someone.else@example.vn', notify: { channel: 'email', consent: true } }),
  );
  assert.equal(r.status, 201, JSON.stringify(r.body));
});

test('a notice phone must be a phone number (F4): junk → 400 with the path; the number is sent normalised', async () => {
  const junk = ['0--------', '0 . - 0 0', '+84 905 11', '+84 905 111 222 333', '0905-111', '+1 234 56'];
  for (const phone of junk)
    for (const channel of ['sms', 'zalo']) {
      const r = await counter.post(
        '/api/dossiers',
        intake({}, { phone, notify: { channel, consent: true } }),
      );
      assert.equal(r.status, 400, `${phone} ${channel}: ${JSON.stringify(r.body)}`);
      assert.equal(errorOf(r).code, 'notify_address_invalid', phone);
      assert.equal(errorOf(r).path, 'applicant.phone');
      assert.ok(errorOf(r).message && errorOf(r).messageEn);
    }
  // without consent (or for e-mail notices) the phone is not a notice address: the intake goes on
  let r = await counter.post(
    '/api/dossiers',
    intake({}, { phone: '0--------', notify: { channel: 'sms', consent: false } }),
  );
  assert.equal(r.status, 201, JSON.stringify(r.body));
  r = await counter.post(
    '/api/dossiers',
    intake({}, { phone: '0--------', notify: { channel: 'email', consent: true } }),
  );
  assert.equal(r.status, 201, JSON.stringify(r.body));

  const good: [string, string][] = [
    ['0905.333.444', '0905333444'],
    ['+84 905 333 445', '0905333445'],
    ['84-905-333-446', '0905333446'],
    ['0236 3822 447', '02363822447'],
    ['+33 6 12 34 56 78', '+33612345678'],
  ];
  for (const [phone, address] of good) {
    r = await counter.post(
      '/api/dossiers',
      intake({}, { phone, notify: { channel: 'zalo', consent: true } }),
    );
    assert.equal(r.status, 201, `${phone}: ${JSON.stringify(r.body)}`);
    assert.equal(r.body.applicant.phone, phone, 'the applicant’s phone is kept as written');
    const rows = await outboxFor(`dossier:${r.body.code}`);
    assert.deepEqual(
      rows.map((x) => [x.channel, x.address]),
      [['zalo', address]],
      phone,
    );
  }

  // petitions: the contact signer's phone (the representative, else the first)
  const base = { channel: 'post', kind: 'recommendation', content: 'Kiến nghị sửa cống thoát nước.' };
  for (const phone of ['0-----', '000 000', '84 12 34']) {
    r = await reception.post('/api/petitions', {
      ...base,
      signers: [{ name: 'A', phone }],
      notify: { channel: 'sms', consent: true },
    });
    assert.equal(r.status, 400, `${phone}: ${JSON.stringify(r.body)}`);
    assert.equal(errorOf(r).code, 'notify_address_invalid');
    assert.equal(errorOf(r).path, 'signers.0.phone');
  }
  r = await reception.post('/api/petitions', {
    ...base,
    signers: [
      { name: 'A', phone: '0905 444 555' },
      { name: 'B', phone: '0-----' },
    ],
    representativeIndex: 1,
    notify: { channel: 'zalo', consent: true },
  });
  assert.equal(r.status, 400);
  assert.equal(errorOf(r).path, 'signers.1.phone');
  r = await reception.post('/api/petitions', {
    ...base,
    signers: [
      { name: 'A', phone: '0-----' },
      { name: 'B', phone: '+84.905.444.556' },
    ],
    representativeIndex: 1,
    notify: { channel: 'sms', consent: true },
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.deepEqual(
    (await outboxFor(`petition:${r.body.code}`)).map((x) => [x.kind, x.channel, x.address]),
    [['citizen.petition.received', 'sms', '0905444556']],
  );
});

test('notify(): the outbox dedupe key holds a hash of the address, not the address; a repeat writes nothing', async () => {
  await t.database.db.execute(
    sql`UPDATE users SET email = 'quay.mot.cua@example.vn' WHERE username = 'counter.staff'`,
  );
  const [u] = await queryRows<{ id: string }>(
    t.database.db,
    sql`SELECT id FROM users WHERE username = 'counter.staff'`,
  );
  const [, tpl] = listTemplates().find(([k]) => k === 'reminder.task.overdue')!;
  const key = `test:hash:${Date.now()}`;
  const req = {
    kind: 'reminder.task.overdue',
    data: tpl.sample as Record<string, unknown>,
    recipients: [
      { kind: 'user' as const, userId: u!.id },
      { kind: 'citizen' as const, channel: 'sms' as const, address: '0905777888', ref: 'test:hash' },
    ],
    channels: ['in_app' as const, 'email' as const],
    dedupeKey: key,
  };
  const first = await t.database.db.transaction((tx) => notify(tx, req));
  assert.deepEqual(first, { notifications: 1, outbox: 2 });
  const again = await t.database.db.transaction((tx) => notify(tx, req));
  assert.deepEqual(again, { notifications: 0, outbox: 0 }, 'nothing twice');
  const rows = await queryRows<{ channel: string; address: string; dedupe_key: string }>(
    t.database.db,
    sql`SELECT channel, address, dedupe_key FROM outbox_messages WHERE dedupe_key LIKE ${key + ':%'}
        ORDER BY channel`,
  );
  const h = (a: string) => createHash('sha256').update(a).digest('hex').slice(0, 24);
  assert.deepEqual(
    rows.map((x) => [x.channel, x.address, x.dedupe_key]),
    [
      ['email', 'quay.mot.cua@example.vn', `${key}:email:${h('quay.mot.cua@example.vn')}`],
      ['sms', '0905777888', `${key}:sms:${h('0905777888')}`],
    ],
  );
  for (const x of rows) {
    assert.ok(!x.dedupe_key.includes(x.address), x.dedupe_key);
    assert.ok(!x.dedupe_key.includes('777888') && !x.dedupe_key.includes('@'), x.dedupe_key);
  }
});
