/**
 * Outbox delivery with a real SMTP server on loopback (smtp-server on 127.0.0.1, messages parsed with
 * mailparser), on the engine of the run (PGlite, or PostgreSQL with DATABASE_URL) — issue 7 §4, §5:
 * - notify() → messages arrive with the Vietnamese (or the user's English) subject and text and a stable
 *   Message-ID `<row id@kientao.local>`; preferences: digest users get no immediate e-mail, muted kinds are
 *   skipped, `urgent` overrides both; a second notify() with the same key writes nothing;
 * - agency recipients; an agency without users → its leader's address + the Office follow-up list (in-app);
 * - one notice to 3 users, the server rejects one recipient (550) → that row failed (dead), two sent;
 * - server down → retries with exponential back-off → dead letter → GET /api/outbox?state=failed → resend →
 *   sent once the server is up;
 * - a clean stop in the middle of a batch, then a new dispatcher: every row sent exactly once;
 * - a crash between the SMTP server's acceptance and our commit → resent with the same Message-ID and text;
 * - roles and input errors of the failed-delivery API; citizen addresses masked;
 * - with the queue running (startTestApp({ queue: true })): a notice is delivered through the registered worker.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { sql } from 'drizzle-orm';
import { startTestApp, type Client, type TestApp } from '../helpers/app.ts';
import { queryRows } from '../../src/db/engine.ts';
import { agencies, notificationPrefs, users } from '../../src/db/schema.ts';
import { notify } from '../../src/modules/notifications/notify.ts';
import { enqueueOutbox, markDelivered } from '../../src/modules/notifications/outbox.ts';
import { OutboxDispatcher } from '../../src/modules/notifications/dispatcher.ts';
import { SmtpAdapter } from '../../src/modules/notifications/channels/smtp.ts';
import { LogAdapter } from '../../src/modules/notifications/channels/log.ts';
import type { ChannelAdapters } from '../../src/modules/notifications/channels/index.ts';
import type { NoticeRequest } from '../../src/modules/notifications/types.ts';
import { outboxDispatcherOf } from '../../src/modules/notifications/workers.ts';

const FROM = 'Kiến Tạo <no-reply@kientao.local>';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Smtp {
  port: number;
  messages: ParsedMail[];
  /** RCPT TO addresses refused with 550 */
  reject: Set<string>;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

/** A real SMTP server on 127.0.0.1 (no TLS, no auth) collecting parsed messages. */
async function startSmtp(port = 0, opts: { dataDelayMs?: number } = {}): Promise<Smtp> {
  const messages: ParsedMail[] = [];
  const reject = new Set<string>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, cb) {
      if (reject.has(address.address.toLowerCase()))
        return cb(Object.assign(new Error('5.1.1 Mailbox unavailable'), { responseCode: 550 }));
      cb();
    },
    onData(stream, _session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        simpleParser(Buffer.concat(chunks))
          .then(async (m) => {
            if (opts.dataDelayMs) await sleep(opts.dataDelayMs);
            messages.push(m);
            cb();
          })
          .catch((e: Error) => cb(e));
      });
    },
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
  const addr = server.server.address() as AddressInfo;
  return {
    port: addr.port,
    messages,
    reject,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const silent = () => {};
function adaptersFor(port: number): ChannelAdapters {
  return {
    email: new SmtpAdapter({
      url: `smtp://127.0.0.1:${port}`,
      from: FROM,
      connectionTimeoutMs: 2000,
      socketTimeoutMs: 5000,
    }),
    sms: new LogAdapter('sms', silent),
    zalo: new LogAdapter('zalo', silent),
  };
}

let t: TestApp;
let office: Client;
let agencyUser: Client;
const AG = `T${randomUUID().slice(0, 6).toUpperCase()}`;
const AG_EMPTY = `${AG}-E`;
const ids: Record<string, string> = {};
let n = 0;

async function addUser(key: string, email: string | null, extra: Partial<typeof users.$inferInsert> = {}) {
  const id = randomUUID();
  await t.database.db.insert(users).values({
    id,
    username: `u.${key}.${AG.toLowerCase()}`,
    displayName: `Cán bộ ${key}`,
    email,
    passwordHash: 'x',
    roles: ['agency_staff'],
    agencyCode: AG,
    ...extra,
  });
  ids[key] = id;
  return id;
}

const baseData = {
  ruleName: { vi: 'Nhắc nhiệm vụ quá hạn', en: 'Overdue tasks' },
  step: 'overdue',
  itemType: 'task',
  count: 2,
  items: [
    {
      id: 'a1',
      ref: 'NV-01',
      title: 'Báo cáo tình hình thực hiện',
      dueDate: '2026-02-13',
      overdueWorkingDays: 4,
    },
    {
      id: 'a2',
      ref: 'NV-02',
      title: 'Rà soát thủ tục hành chính',
      dueDate: '2026-02-20',
      overdueWorkingDays: 1,
    },
  ],
  recipientName: 'Sở Thử nghiệm',
  reason: { vi: 'Cơ quan chủ trì', en: 'Lead agency' },
};

function req(recipients: NoticeRequest['recipients'], extra: Partial<NoticeRequest> = {}): NoticeRequest {
  return {
    kind: 'reminder.task.overdue',
    itemType: 'task',
    itemIds: ['a1', 'a2'],
    data: baseData,
    link: '/tasks?ids=a1,a2',
    recipients,
    channels: ['in_app', 'email'],
    dedupeKey: `test:${++n}:${randomUUID()}`,
    ref: `reminder:${n}`,
    ...extra,
  };
}

const send = (r: NoticeRequest) => t.database.db.transaction((tx) => notify(tx, r));

async function rows(where = sql`true`) {
  return queryRows<{
    id: string;
    state: string;
    address: string;
    attempts: number;
    dead: boolean;
    last_error: string | null;
    batch_id: string;
    locale: string;
    subject: string;
    body_text: string;
  }>(
    t.database.db,
    sql`SELECT id, state, address, attempts, dead, last_error, batch_id, locale, subject, body_text
        FROM outbox_messages WHERE ${where} ORDER BY address`,
  );
}

async function events(id: string) {
  return queryRows<{
    from_state: string | null;
    to_state: string;
    attempt: number;
    reason: string | null;
    at: string;
  }>(
    t.database.db,
    sql`SELECT from_state, to_state, attempt, reason, at::text AS at FROM outbox_events WHERE message_id = ${id}::uuid ORDER BY at, id`,
  );
}

before(async () => {
  t = await startTestApp();
  office = await t.login('office.specialist');
  agencyUser = await t.login('agency.leader');
  const today = '2020-01-01';
  await t.database.db.insert(agencies).values([
    { code: AG, name: 'Sở Thử nghiệm', kind: 'department', validFrom: today, searchKey: 'so thu nghiem' },
    {
      code: AG_EMPTY,
      name: 'Sở Chưa có tài khoản',
      nameEn: 'Department without accounts',
      kind: 'department',
      validFrom: today,
      searchKey: 'so chua co tai khoan',
      leaderEmail: 'giamdoc@chuaco.example.vn',
    },
  ]);
  await addUser('vi', 'nguyen.a@so.example.vn');
  await addUser('en', 'tran.b@so.example.vn');
  await addUser('digest', 'le.c@so.example.vn');
  await addUser('muted', 'pham.d@so.example.vn');
  await addUser('nomail', null);
  await addUser('disabled', 'off@so.example.vn', { disabled: true });
  await addUser('leader', 'leader@so.example.vn', { roles: ['agency_leader'] });
  await t.database.db.insert(notificationPrefs).values([
    { userId: ids.en!, locale: 'en' },
    { userId: ids.digest!, emailMode: 'daily_digest' },
    { userId: ids.muted!, mutedKinds: ['reminder.task'] },
  ]);
});

after(async () => {
  await t?.close();
});

test('notify → e-mails arrive with the Vietnamese / English text and a stable Message-ID; preferences; idempotent', async () => {
  const smtp = await startSmtp();
  const d = new OutboxDispatcher(t.database.db, adaptersFor(smtp.port), { warn: silent });
  try {
    const users5 = ['vi', 'en', 'digest', 'muted', 'nomail', 'disabled'].map((k) => ({
      kind: 'user' as const,
      userId: ids[k]!,
    }));
    const r1 = req(users5);
    const res = await send(r1);
    // in-app: vi, en, nomail, digest (the digest mails it later); not muted, not disabled
    assert.deepEqual(res, { notifications: 4, outbox: 2 });
    assert.deepEqual(await send(r1), { notifications: 0, outbox: 0 }, 'same dedupe key: nothing twice');
    assert.equal(await d.drain(), 2);
    assert.equal(smtp.messages.length, 2);
    const out = await rows(sql`ref = ${r1.ref!}`);
    assert.deepEqual(
      out.map((r) => [r.address, r.state, r.locale]),
      [
        ['nguyen.a@so.example.vn', 'sent', 'vi'],
        ['tran.b@so.example.vn', 'sent', 'en'],
      ],
    );
    assert.equal(new Set(out.map((r) => r.batch_id)).size, 1, 'one batch id for the notice');
    const vi = smtp.messages.find((m) => m.to && JSON.stringify(m.to).includes('nguyen.a'))!;
    assert.equal(vi.subject, '[Kiến Tạo] Quá hạn: 2 nhiệm vụ');
    assert.match(vi.text!, /Kính gửi Sở Thử nghiệm,/);
    assert.match(vi.text!, /Có 2 nhiệm vụ đã quá hạn xử lý\./);
    assert.match(
      vi.text!,
      /NV-01 — Báo cáo tình hình thực hiện \(hạn 13\/02\/2026, quá hạn 4 ngày làm việc\)/,
    );
    assert.match(vi.text!, /http:\/\/localhost:\d+\/tasks\/a1/);
    assert.match(vi.html as string, /<ol><li><a href="http:\/\/localhost:\d+\/tasks\/a1">/);
    assert.equal(vi.messageId, `<${out[0]!.id}@kientao.local>`);
    assert.equal(vi.from?.value[0]?.address, 'no-reply@kientao.local');
    assert.equal(vi.from?.value[0]?.name, 'Kiến Tạo');
    const en = smtp.messages.find((m) => JSON.stringify(m.to).includes('tran.b'))!;
    assert.equal(en.subject, '[Kiến Tạo] Overdue: 2 tasks');
    assert.match(en.text!, /^Dear Sở Thử nghiệm,/);
    assert.equal(en.messageId, `<${out[1]!.id}@kientao.local>`);
    // events: enqueued → sending → sent
    assert.deepEqual(
      (await events(out[0]!.id)).map((e) => `${e.from_state}>${e.to_state}#${e.attempt}`),
      ['null>queued#0', 'queued>sending#1', 'sending>sent#1'],
    );
    // the in-app notices: titles in the user's locale, the link and items kept
    const inApp = await queryRows<{
      user_id: string;
      title: string;
      body: string;
      link: string;
      item_ids: string[];
    }>(
      t.database.db,
      sql`SELECT user_id, title, body, link, item_ids FROM notifications WHERE dedupe_key LIKE ${`${r1.dedupeKey}:%`}`,
    );
    const byUser = new Map(inApp.map((x) => [x.user_id, x]));
    assert.equal(byUser.get(ids.vi!)?.title, 'Quá hạn: 2 nhiệm vụ');
    assert.equal(byUser.get(ids.en!)?.title, 'Overdue: 2 tasks');
    assert.equal(byUser.get(ids.vi!)?.link, '/tasks?ids=a1,a2');
    assert.deepEqual(byUser.get(ids.vi!)?.item_ids, ['a1', 'a2']);
    assert.ok(byUser.has(ids.digest!) && byUser.has(ids.nomail!));
    assert.ok(!byUser.has(ids.muted!) && !byUser.has(ids.disabled!));

    // urgent: muted and digest users get the e-mail too
    const r2 = req(users5, { urgent: true, kind: 'reminder.task.escalation' });
    assert.deepEqual(await send(r2), { notifications: 5, outbox: 4 });
    await d.drain();
    assert.equal(smtp.messages.length, 6);
    assert.ok(smtp.messages.some((m) => JSON.stringify(m.to).includes('pham.d')));
  } finally {
    await d.stop();
    await d['adapters'].email.close?.();
    await smtp.close();
  }
});

test('agency recipients: its users by role; an agency without users → leader e-mail + Office follow-up in-app', async () => {
  const r = req([{ kind: 'agency', agencyCode: AG, roles: ['agency_leader'] }]);
  assert.deepEqual(await send(r), { notifications: 1, outbox: 1 });
  assert.deepEqual(
    (await rows(sql`ref = ${r.ref!}`)).map((x) => x.address),
    ['leader@so.example.vn'],
  );
  const r2 = req([{ kind: 'agency', agencyCode: AG_EMPTY }]);
  const res = await send(r2);
  const specialists = await queryRows<{ id: string }>(
    t.database.db,
    sql`SELECT id FROM users WHERE 'office_specialist' = ANY(roles) AND NOT disabled`,
  );
  assert.ok(specialists.length >= 1);
  assert.deepEqual(res, { notifications: specialists.length, outbox: 1 });
  const [leaderRow] = await queryRows<{ address: string; recipient_type: string; recipient_id: string }>(
    t.database.db,
    sql`SELECT address, recipient_type, recipient_id FROM outbox_messages WHERE ref = ${r2.ref!}`,
  );
  assert.deepEqual(leaderRow, {
    address: 'giamdoc@chuaco.example.vn',
    recipient_type: 'agency',
    recipient_id: AG_EMPTY,
  });
  const [n1] = await queryRows<{ title: string }>(
    t.database.db,
    sql`SELECT title FROM notifications WHERE dedupe_key LIKE ${`${r2.dedupeKey}:u:%`} LIMIT 1`,
  );
  assert.equal(n1?.title, '[Thay cho Sở Chưa có tài khoản] Quá hạn: 2 nhiệm vụ');
  // the office specialist sees it in the bell
  const bell = await office.get('/api/notifications');
  if (bell.status === 200)
    assert.ok(JSON.stringify(bell.body).includes('Thay cho Sở Chưa có tài khoản'), 'in the bell');
});

test('one notice to 3 users, the SMTP server rejects one recipient (550) → that row failed, the two others sent', async () => {
  const smtp = await startSmtp();
  smtp.reject.add('tran.b@so.example.vn');
  const d = new OutboxDispatcher(t.database.db, adaptersFor(smtp.port), { warn: silent });
  try {
    const r = req(['vi', 'en', 'leader'].map((k) => ({ kind: 'user' as const, userId: ids[k]! })));
    assert.equal((await send(r)).outbox, 3);
    await d.drain();
    const out = await rows(sql`ref = ${r.ref!}`);
    assert.deepEqual(
      out.map((x) => [x.address, x.state, x.dead, x.attempts]),
      [
        ['leader@so.example.vn', 'sent', false, 1],
        ['nguyen.a@so.example.vn', 'sent', false, 1],
        ['tran.b@so.example.vn', 'failed', true, 1],
      ],
    );
    assert.match(out[2]!.last_error!, /550/);
    const mine = new Set(out.map((x) => `<${x.id}@kientao.local>`));
    const got = smtp.messages.filter((m) => mine.has(m.messageId!));
    assert.equal(got.length, 2, 'two of the three arrived');
    assert.ok(!got.some((m) => JSON.stringify(m.to).includes('tran.b')));
    // the failed row is on the failed-delivery list
    const list = await office.get(`/api/outbox?state=failed&kind=reminder.task.overdue`);
    assert.equal(list.status, 200);
    assert.ok(list.body.items.some((x: { id: string }) => x.id === out[2]!.id));
  } finally {
    await d.stop();
    await d['adapters'].email.close?.();
    await smtp.close();
  }
});

test('SMTP server down → retries with exponential back-off → dead letter → listed → resend → sent once up', async () => {
  const port = await freePort();
  const BASE_MS = 80;
  const d = new OutboxDispatcher(t.database.db, adaptersFor(port), { warn: silent, backoffBaseMs: BASE_MS });
  let smtp: Smtp | null = null;
  try {
    const r = req([{ kind: 'user', userId: ids.vi! }]);
    await send(r);
    const [row] = await rows(sql`ref = ${r.ref!}`);
    const deadline = Date.now() + 20_000;
    for (;;) {
      await d.drain();
      const [x] = await rows(sql`id = ${row!.id}::uuid`);
      if (x!.state === 'failed' || Date.now() > deadline) break;
      await sleep(20);
    }
    const [dead] = await rows(sql`id = ${row!.id}::uuid`);
    assert.equal(dead!.state, 'failed');
    assert.equal(dead!.dead, true);
    assert.equal(dead!.attempts, 5);
    assert.match(dead!.last_error!, /ECONNREFUSED|ECONNECTION|ESOCKET/);
    const ev = await events(row!.id);
    assert.deepEqual(
      ev.map((e) => `${e.to_state}#${e.attempt}`),
      [
        'queued#0',
        'sending#1',
        'queued#1',
        'sending#2',
        'queued#2',
        'sending#3',
        'queued#3',
        'sending#4',
        'queued#4',
        'sending#5',
        'failed#5',
      ],
    );
    // back-off: the wait before attempt k+1 is at least base × 2^(k−1) × 0.9
    for (let k = 1; k <= 4; k++) {
      const requeued = ev.find((e) => e.to_state === 'queued' && e.attempt === k)!;
      const next = ev.find((e) => e.to_state === 'sending' && e.attempt === k + 1)!;
      const gap = Date.parse(next.at) - Date.parse(requeued.at);
      // (the requeue event is stamped at the end of its statement, the back-off counts from its start)
      assert.ok(gap >= BASE_MS * 2 ** (k - 1) * 0.9 - 40, `wait before attempt ${k + 1}: ${gap} ms`);
    }
    // the Office sees it; an agency user may not
    const list = await office.get('/api/outbox?state=failed');
    assert.equal(list.status, 200);
    const item = list.body.items.find((x: { id: string }) => x.id === row!.id);
    assert.ok(item, 'listed as failed');
    assert.equal(item.dead, true);
    assert.equal(item.attempts, 5);
    assert.equal(item.address, 'nguyen.a@so.example.vn');
    assert.equal((await agencyUser.get('/api/outbox?state=failed')).status, 403);
    assert.equal((await agencyUser.post(`/api/outbox/${row!.id}/resend`, {})).status, 403);
    // resend, the server is up now
    smtp = await startSmtp(port);
    const rs = await office.post(`/api/outbox/${row!.id}/resend`, { reason: 'Máy chủ thư đã hoạt động lại' });
    assert.equal(rs.status, 200);
    assert.equal(rs.body.state, 'queued');
    assert.equal(rs.body.attempts, 0);
    assert.equal(rs.body.dead, false);
    assert.equal((await office.post(`/api/outbox/${row!.id}/resend`, {})).status, 409, 'not failed any more');
    await d.drain();
    const [sent] = await rows(sql`id = ${row!.id}::uuid`);
    assert.equal(sent!.state, 'sent');
    assert.equal(smtp.messages.length, 1);
    assert.equal(smtp.messages[0]!.messageId, `<${row!.id}@kientao.local>`);
    const detail = await office.get(`/api/outbox/${row!.id}`);
    assert.equal(detail.status, 200);
    assert.match(detail.body.bodyText, /Kính gửi Sở Thử nghiệm/);
    const resendEv = detail.body.events.find(
      (e: { fromState: string; toState: string }) => e.fromState === 'failed',
    );
    assert.equal(resendEv.reason, 'Máy chủ thư đã hoạt động lại');
    assert.equal(resendEv.actorName, 'Chuyên viên Phòng Kinh tế - Tổng hợp (demo)');
    assert.equal(detail.body.events.at(-1).toState, 'sent');
    // a delivery receipt: sent → delivered
    assert.equal(await t.database.db.transaction((tx) => markDelivered(tx, row!.id)), true);
    assert.equal(await t.database.db.transaction((tx) => markDelivered(tx, row!.id)), false);
    assert.equal((await rows(sql`id = ${row!.id}::uuid`))[0]!.state, 'delivered');
  } finally {
    await d.stop();
    await d['adapters'].email.close?.();
    await smtp?.close();
  }
});

test('a clean stop in the middle of a batch, then a new dispatcher: every row sent exactly once', async () => {
  const smtp = await startSmtp(0, { dataDelayMs: 15 });
  const N = 40;
  const r = req([{ kind: 'user', userId: ids.vi! }]);
  const ref = `restart:${randomUUID()}`;
  await t.database.db.transaction(async (tx) => {
    for (let i = 0; i < N; i++)
      await enqueueOutbox(tx, {
        channel: 'email',
        recipientType: 'user',
        recipientId: ids.vi!,
        address: `r${i}@so.example.vn`,
        kind: r.kind,
        subject: `Thư số ${i}`,
        bodyText: `Nội dung thư số ${i}`,
        ref,
        dedupeKey: `${ref}:${i}`,
      });
  });
  const a = new OutboxDispatcher(t.database.db, adaptersFor(smtp.port), { warn: silent, batchSize: 8 });
  const b = new OutboxDispatcher(t.database.db, adaptersFor(smtp.port), { warn: silent, batchSize: 8 });
  try {
    const running = a.drain();
    while (smtp.messages.length < 3) await sleep(5);
    await a.stop(); // mid-batch: the in-flight batch finishes and is recorded
    const sentByA = await running;
    assert.ok(sentByA > 0 && sentByA < N, `A claimed ${sentByA} of ${N} before stopping`);
    const mid = await rows(sql`ref = ${ref}`);
    assert.equal(mid.filter((x) => x.state === 'sending').length, 0, 'nothing left in sending');
    assert.equal(mid.filter((x) => x.state === 'sent').length, smtp.messages.length);
    assert.equal(await b.drain(), N - sentByA);
    const end = await rows(sql`ref = ${ref}`);
    assert.ok(end.every((x) => x.state === 'sent' && x.attempts === 1));
    assert.equal(smtp.messages.length, N, 'each row sent once');
    assert.equal(new Set(smtp.messages.map((m) => m.messageId)).size, N);
    assert.deepEqual(
      new Set(smtp.messages.map((m) => m.messageId)),
      new Set(end.map((x) => `<${x.id}@kientao.local>`)),
    );
  } finally {
    await b.stop();
    await a['adapters'].email.close?.();
    await b['adapters'].email.close?.();
    await smtp.close();
  }
});

test('a crash between the SMTP acceptance and our commit → resent with the same Message-ID and text', async () => {
  const smtp = await startSmtp();
  const real = adaptersFor(smtp.port);
  // the "crashed" process: the server accepts the message, then the process dies before recording it
  const crashing: ChannelAdapters = {
    ...real,
    email: {
      channel: 'email',
      name: 'crashing',
      send: async (m) => {
        await real.email.send(m);
        return new Promise(() => {}); // never returns: the row stays `sending`
      },
    },
  };
  const crashed = new OutboxDispatcher(t.database.db, crashing, { warn: silent, leaseMs: 2000 });
  const fresh = new OutboxDispatcher(t.database.db, real, { warn: silent });
  try {
    const r = req([{ kind: 'user', userId: ids.vi! }]);
    await send(r);
    void crashed.drain();
    while (smtp.messages.length < 1) await sleep(5);
    const [row] = await rows(sql`ref = ${r.ref!}`);
    assert.equal(row!.state, 'sending');
    assert.equal(await fresh.drain({ recover: true }), 0, 'lease not expired yet: not taken over');
    await sleep(2100);
    assert.equal(await fresh.drain({ recover: true }), 1);
    const [after] = await rows(sql`id = ${row!.id}::uuid`);
    assert.equal(after!.state, 'sent');
    assert.equal(after!.attempts, 2);
    assert.equal(smtp.messages.length, 2);
    const [m1, m2] = smtp.messages;
    assert.equal(m1!.messageId, `<${row!.id}@kientao.local>`);
    assert.equal(m2!.messageId, m1!.messageId, 'same Message-ID');
    assert.equal(m2!.subject, m1!.subject);
    assert.equal(m2!.text, m1!.text, 'same text: never a different message');
    const ev = (await events(row!.id)).map((e) => `${e.from_state}>${e.to_state}#${e.attempt}`);
    assert.deepEqual(ev, [
      'null>queued#0',
      'queued>sending#1',
      'sending>queued#1',
      'queued>sending#2',
      'sending>sent#2',
    ]);
    // the history is append-only
    await assert.rejects(
      t.database.db.execute(sql`DELETE FROM outbox_events WHERE message_id = ${row!.id}::uuid`),
    );
  } finally {
    await fresh.stop();
    await real.email.close?.();
    await smtp.close();
  }
});

test('failed-delivery API: roles, input errors, citizen addresses masked, bulk resend', async () => {
  const ref = `cit:${randomUUID()}`;
  const id = (await t.database.db.transaction((tx) =>
    enqueueOutbox(tx, {
      channel: 'sms',
      recipientType: 'citizen',
      recipientId: 'H01-260301-0001',
      address: '0905333444',
      kind: 'dossier.received',
      bodyText: 'Hồ sơ H01-260301-0001 đã được tiếp nhận.',
      ref,
      dedupeKey: ref,
      maxAttempts: 1,
    }),
  ))!;
  const failing: ChannelAdapters = {
    ...adaptersFor(1),
    sms: { channel: 'sms', name: 'down', send: async () => Promise.reject(new Error('gateway down')) },
  };
  const d = new OutboxDispatcher(t.database.db, failing, { warn: silent });
  await d.drain();
  await d.stop();
  const list = await office.get('/api/outbox?state=failed&channel=sms');
  assert.equal(list.status, 200);
  const item = list.body.items.find((x: { id: string }) => x.id === id);
  assert.equal(item.address, '090****444', 'citizen address masked');
  assert.equal(item.recipientType, 'citizen');
  assert.equal(item.lastError, 'gateway down');
  assert.ok(list.body.total >= 1);
  const one = await office.get(`/api/outbox/${id}`);
  assert.equal(one.body.address, '090****444');
  for (const bad of ['state=lost', 'limit=0', 'limit=501', 'offset=-1', 'channel=fax', 'foo=1']) {
    const r = await office.get(`/api/outbox?${bad}`);
    assert.equal(r.status, 400, bad);
    assert.ok(r.body.error?.code, bad);
  }
  assert.equal((await office.get('/api/outbox/not-a-uuid')).status, 400);
  assert.equal((await office.get(`/api/outbox/${randomUUID()}`)).status, 404);
  assert.equal((await office.post(`/api/outbox/${randomUUID()}/resend`, {})).status, 404);
  assert.equal((await office.post('/api/outbox/resend', { ids: [] })).status, 400);
  assert.equal((await office.post('/api/outbox/resend', { ids: ['x'] })).status, 400);
  assert.equal((await agencyUser.post('/api/outbox/resend', { ids: [id] })).status, 403);
  const leader = await t.login('office.leader');
  const bulk = await leader.post('/api/outbox/resend', { ids: [id, id, randomUUID()] });
  assert.equal(bulk.status, 200);
  assert.deepEqual(bulk.body, { resent: 1 });
  assert.equal((await leader.get(`/api/outbox/${id}`)).body.state, 'queued');
  assert.equal((await t.anon().get('/api/outbox')).status, 401);
});

test('with the queue running, a notice is delivered by the registered outbox worker (log adapter)', async () => {
  const q = await startTestApp({ queue: true });
  try {
    const dispatcher = outboxDispatcherOf(q.sctx);
    assert.ok(dispatcher, 'registered in src/server/workers.ts');
    const [u] = await queryRows<{ id: string }>(
      q.database.db,
      sql`SELECT id FROM users WHERE username = 'office.leader'`,
    );
    await q.database.db
      .update(users)
      .set({ email: 'lanhdao@vp.example.vn' })
      .where(sql`id = ${u!.id}::uuid`);
    const r = req([{ kind: 'user', userId: u!.id }]);
    await q.database.db.transaction((tx) => notify(tx, r));
    const deadline = Date.now() + 15_000;
    let state = '';
    while (Date.now() < deadline) {
      const [x] = await queryRows<{ state: string }>(
        q.database.db,
        sql`SELECT state FROM outbox_messages WHERE ref = ${r.ref!}`,
      );
      state = x?.state ?? '';
      if (state === 'sent') break;
      await sleep(100);
    }
    assert.equal(state, 'sent', 'delivered after the nudge');
  } finally {
    await q.close();
  }
});
