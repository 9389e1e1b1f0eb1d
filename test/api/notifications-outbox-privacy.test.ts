/**
 * Outbox privacy and the optional resend body (adversarial review of issue 7, F2, F3, F7), on the engine of the
 * run (PGlite, or PostgreSQL with DATABASE_URL):
 * - F2: a real SMTP server on 127.0.0.1 refuses the recipient with a reply that repeats the address
 *   (`550 5.1.1 <x@y>: Recipient address rejected`, as Postfix does); an SMS gateway error repeats a phone number
 *   in another spelling; an older row stored the address in its error → neither the row (`last_error`), its
 *   events (`outbox_events.reason`), the API answers nor the captured log hold the address;
 * - F3: a petition citizen's address is fully masked (`***`, `***@***`) in GET /api/outbox and
 *   GET /api/outbox/:id for the Office, partly (`090****444`) for an admin; a dossier citizen's stays partly
 *   masked; the log adapter prints only the fully masked form;
 * - F7: POST /api/outbox/:id/resend without a body, and with `Content-Type: application/json` and an empty
 *   body, works like `{}`.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { SMTPServer } from 'smtp-server';
import nodemailer from 'nodemailer';
import { sql } from 'drizzle-orm';
import { startTestApp, type Client, type TestApp } from '../helpers/app.ts';
import { queryRows } from '../../src/db/engine.ts';
import { enqueueOutbox, type OutboxInsert } from '../../src/modules/notifications/outbox.ts';
import { OutboxDispatcher } from '../../src/modules/notifications/dispatcher.ts';
import { SmtpAdapter } from '../../src/modules/notifications/channels/smtp.ts';
import { LogAdapter } from '../../src/modules/notifications/channels/log.ts';
import type { ChannelAdapters } from '../../src/modules/notifications/channels/index.ts';

const FROM = 'Kiến Tạo <no-reply@kientao.local>';

let t: TestApp;
let office: Client;
let admin: Client;

before(async () => {
  t = await startTestApp();
  office = await t.login('office.specialist');
  admin = await t.login('admin');
});

after(async () => {
  await t?.close();
});

async function put(row: Omit<OutboxInsert, 'dedupeKey' | 'kind' | 'bodyText'> & Partial<OutboxInsert>) {
  const key = `privacy:${randomUUID()}`;
  const id = await t.database.db.transaction((tx) =>
    enqueueOutbox(tx, {
      kind: 'petition.received',
      bodyText: 'Đơn DON-2026-00002 đã được tiếp nhận.',
      dedupeKey: key,
      maxAttempts: 1,
      ...row,
    }),
  );
  return id!;
}

/** Everything stored about a row: its error and its events' reasons. */
async function stored(id: string) {
  const [r] = await queryRows<{ state: string; last_error: string | null }>(
    t.database.db,
    sql`SELECT state, last_error FROM outbox_messages WHERE id = ${id}::uuid`,
  );
  const ev = await queryRows<{ reason: string | null }>(
    t.database.db,
    sql`SELECT reason FROM outbox_events WHERE message_id = ${id}::uuid ORDER BY at, id`,
  );
  return { state: r!.state, lastError: r!.last_error, reasons: ev.map((e) => e.reason ?? '') };
}

/** The address in the spellings a leak may take (lower case; digits without separators). */
function leaks(text: string, address: string): string[] {
  const lower = text.toLowerCase();
  const digitsOnly = text.replace(/[\s.\-()+]/g, '');
  const found: string[] = [];
  if (address.includes('@')) {
    const local = address.slice(0, address.indexOf('@')).toLowerCase();
    if (lower.includes(local)) found.push(local);
  } else {
    const nat = address.replace(/\D/g, '').replace(/^0/, '');
    if (digitsOnly.includes(nat)) found.push(nat);
    if (digitsOnly.includes(nat.slice(-6))) found.push(nat.slice(-6));
  }
  return found;
}

test('F2: an SMTP reply and a gateway error repeating the address leave it in no row, event, answer or log', async () => {
  const rejected = new Set(['to.giac.bad@example.vn', 'chuyen.vien@so.example.vn']);
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, cb) {
      // as Postfix answers: the reply repeats the recipient (here in the case the client sent it, and upper case)
      if (rejected.has(address.address.toLowerCase()))
        return cb(
          Object.assign(
            new Error(
              `5.1.1 <${address.address}>: Recipient address rejected: User unknown (${address.address.toUpperCase()})`,
            ),
            { responseCode: 550 },
          ),
        );
      cb();
    },
    onData(stream, _session, cb) {
      stream.resume();
      stream.on('end', () => cb());
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.server.address() as { port: number }).port;
  // the test can fail: the server's raw reply does repeat the address
  const raw = nodemailer.createTransport({ host: '127.0.0.1', port, ignoreTLS: true });
  const refused = (await raw
    .sendMail({ from: FROM, to: 'to.giac.bad@example.vn', text: 'x' })
    .catch((e: unknown) => e)) as { response?: string };
  raw.close();
  assert.match(
    refused.response ?? '',
    /^550 5\.1\.1 <to\.giac\.bad@example\.vn>: Recipient address rejected/,
  );
  const smsLines: string[] = [];
  const adapters: ChannelAdapters = {
    email: new SmtpAdapter({ url: `smtp://127.0.0.1:${port}`, from: FROM, connectionTimeoutMs: 2000 }),
    // a gateway whose error repeats the number in the international spelling with separators
    sms: {
      channel: 'sms',
      name: 'gateway',
      send: async () => {
        throw new Error('Gateway: subscriber +84 905.333.444 unreachable (0905-333-444)');
      },
    },
    zalo: new LogAdapter('zalo', (l) => smsLines.push(l)),
  };
  const log: string[] = [];
  const d = new OutboxDispatcher(t.database.db, adapters, {
    warn: (m, data) => log.push(`${m} ${JSON.stringify(data ?? {})}`),
  });
  try {
    const denouncer = await put({
      channel: 'email',
      recipientType: 'citizen',
      recipientId: randomUUID(),
      address: 'To.Giac.Bad@example.vn',
      ref: 'petition:DON-2026-00002',
    });
    const staff = await put({
      channel: 'email',
      recipientType: 'user',
      recipientId: randomUUID(),
      address: 'chuyen.vien@so.example.vn',
      kind: 'reminder.task.overdue',
      ref: 'task:1',
    });
    const phone = await put({
      channel: 'sms',
      recipientType: 'citizen',
      recipientId: 'H01-260301-0009',
      address: '0905333444',
      kind: 'dossier.received',
      ref: 'dossier:H01-260301-0009',
    });
    assert.equal(await d.drain(), 3);
    assert.ok(log.length > 0, 'the failures were logged');
    const logText = log.join('\n');
    for (const [id, address, code] of [
      [
        denouncer,
        'To.Giac.Bad@example.vn',
        /^SMTP 550: 550 5\.1\.1 <\[address removed\]>: Recipient address rejected/,
      ],
      [staff, 'chuyen.vien@so.example.vn', /^SMTP 550: 550 5\.1\.1 <\[address removed\]>/],
      [phone, '0905333444', /^Gateway: subscriber \[address removed\] unreachable \(\[address removed\]\)$/],
    ] as const) {
      const s = await stored(id);
      assert.equal(s.state, 'failed');
      assert.match(s.lastError!, code, 'the error keeps its meaning');
      const all = [s.lastError!, ...s.reasons].join('\n');
      assert.deepEqual(leaks(all, address), [], `stored texts of ${address}: ${all}`);
      assert.deepEqual(leaks(logText, address), [], `log: ${logText}`);
      const one = await office.get(`/api/outbox/${id}`);
      assert.equal(one.status, 200);
      const texts = [one.body.lastError, ...one.body.events.map((e: { reason: string | null }) => e.reason)];
      assert.deepEqual(leaks(texts.join('\n'), address), [], `detail of ${address}`);
    }
    // the denouncer's row: nothing of the address anywhere in the answers (list and detail)
    const list = await office.get('/api/outbox?state=failed&limit=500');
    assert.equal(list.status, 200);
    const item = list.body.items.find((x: { id: string }) => x.id === denouncer);
    assert.ok(item);
    assert.deepEqual(leaks(JSON.stringify(item), 'to.giac.bad@example.vn'), []);
    assert.ok(!/example\.vn/.test(JSON.stringify(item)), JSON.stringify(item));
    const detail = await office.get(`/api/outbox/${denouncer}`);
    assert.ok(!/giac|example\.vn/i.test(JSON.stringify(detail.body)), JSON.stringify(detail.body));
    const staffRow = list.body.items.find((x: { id: string }) => x.id === staff);
    assert.equal(staffRow.address, 'chuyen.vien@so.example.vn', 'a staff address is shown in full');

    // a row stored before the rule (error text with the address): the API scrubs it when reading
    const old = await put({
      channel: 'sms',
      recipientType: 'citizen',
      recipientId: randomUUID(),
      address: '0912 345 678',
      ref: 'petition:DON-2026-00003',
    });
    await t.database.db.execute(
      sql`UPDATE outbox_messages SET state = 'failed', dead = true, failed_at = now(),
            last_error = 'SMS 400: bad number 0912345678 / +84912345678 / khoi@example.vn' WHERE id = ${old}::uuid`,
    );
    const o = await office.get(`/api/outbox/${old}`);
    assert.equal(
      o.body.lastError,
      'SMS 400: bad number [address removed] / [address removed] / [address removed]',
    );
    assert.deepEqual(leaks(JSON.stringify(o.body), '0912345678'), []);
    // a resend reason typed with an address is stored without it (the history is append-only)
    const rs = await office.post(`/api/outbox/${old}/resend`, { reason: 'Đã gọi 0912.345.678, gửi lại' });
    assert.equal(rs.status, 200);
    const s = await stored(old);
    // (the running dispatcher may already have tried the resent row again: its event comes after)
    assert.ok(s.reasons.includes('Đã gọi [address removed], gửi lại'), JSON.stringify(s.reasons));
    assert.deepEqual(leaks(JSON.stringify(s.reasons), '0912345678'), []);
  } finally {
    await d.stop();
    await adapters.email.close?.();
    await new Promise<void>((r) => server.close(() => r()));
  }
});

test('F3: a petition citizen address is fully masked but for an admin; the log adapter prints only that form', async () => {
  const lines: string[] = [];
  const logAdapters: ChannelAdapters = {
    email: new LogAdapter('email', (l) => lines.push(l)),
    sms: new LogAdapter('sms', (l) => lines.push(l)),
    zalo: new LogAdapter('zalo', (l) => lines.push(l)),
  };
  const d = new OutboxDispatcher(t.database.db, logAdapters, { warn: () => {} });
  const sms = await put({
    channel: 'sms',
    recipientType: 'citizen',
    recipientId: randomUUID(),
    address: '0905333456',
    ref: 'petition:DON-2026-00002',
  });
  const mail = await put({
    channel: 'email',
    recipientType: 'citizen',
    recipientId: randomUUID(),
    address: 'to.cao@example.vn',
    ref: 'petition:DON-2026-00002',
  });
  const dossier = await put({
    channel: 'sms',
    recipientType: 'citizen',
    recipientId: 'H01-260301-0010',
    address: '0905777888',
    kind: 'dossier.received',
    ref: 'dossier:H01-260301-0010',
  });
  const staff = await put({
    channel: 'email',
    recipientType: 'user',
    recipientId: randomUUID(),
    address: 'lanh.dao@vp.example.vn',
    kind: 'reminder.task.overdue',
    ref: 'task:2',
  });
  try {
    assert.ok((await d.drain()) >= 4);
    for (const id of [sms, mail, dossier, staff]) assert.equal((await stored(id)).state, 'sent');
    // the log adapter: one line per message, the address fully masked whoever it is
    for (const id of [sms, mail, dossier, staff]) {
      const line = lines.find((l) => l.includes(`<${id}>`));
      assert.ok(line, `a log line for ${id}`);
      const masked = line.slice(line.indexOf('] ') + 2, line.indexOf(' <'));
      assert.match(masked, /^\*\*\*(@\*\*\*)?$/, line);
    }
    // row ids (random UUIDs) may hold any digits: checked without them
    const logText = lines.join('\n').replace(/<[0-9a-f-]{36}>/g, '<id>');
    for (const leak of ['0905', '456', '888', 'to.cao', 'example.vn', 'lanh.dao'])
      assert.ok(!logText.includes(leak), `log holds ${leak}: ${logText}`);

    const leader = await t.login('office.leader');
    const expect = {
      [sms]: { office: '***', admin: '090****456' },
      [mail]: { office: '***@***', admin: 't***@example.vn' },
      [dossier]: { office: '090****888', admin: '090****888' },
      [staff]: { office: 'lanh.dao@vp.example.vn', admin: 'lanh.dao@vp.example.vn' },
    };
    for (const [who, c] of [
      ['office', office],
      ['office', leader],
      ['admin', admin],
    ] as const) {
      const list = await c.get('/api/outbox?state=sent&limit=500');
      assert.equal(list.status, 200);
      for (const [id, want] of Object.entries(expect)) {
        const item = list.body.items.find((x: { id: string }) => x.id === id);
        assert.equal(item?.address, want[who], `${who} list ${id}`);
        const one = await c.get(`/api/outbox/${id}`);
        assert.equal(one.body.address, want[who], `${who} detail ${id}`);
        assert.equal(one.body.ref, item.ref);
      }
    }
  } finally {
    await d.stop();
  }
});

test('F7: POST /api/outbox/:id/resend without a body or with an empty JSON body works like {}', async () => {
  const failing: ChannelAdapters = {
    email: new LogAdapter('email', () => {}),
    sms: { channel: 'sms', name: 'down', send: async () => Promise.reject(new Error('gateway down')) },
    zalo: new LogAdapter('zalo', () => {}),
  };
  const mk = () =>
    put({
      channel: 'sms',
      recipientType: 'citizen',
      recipientId: 'H1',
      address: '0905111222',
      ref: 'dossier:H1',
    });
  const a = await mk();
  const b = await mk();
  const c = await mk();
  const d = new OutboxDispatcher(t.database.db, failing, { warn: () => {} });
  await d.drain();
  await d.stop();
  for (const id of [a, b, c]) assert.equal((await stored(id)).state, 'failed');

  // no body, no content type (what a bare fetch / curl -X POST sends)
  const r1 = await office.req('POST', `/api/outbox/${a}/resend`);
  assert.equal(r1.status, 200, JSON.stringify(r1.body));
  assert.equal(r1.body.state, 'queued');
  assert.equal((await stored(a)).reasons.at(-1), 'resend');
  // content type JSON, empty body
  const r2 = await office.req('POST', `/api/outbox/${b}/resend`, '', { 'content-type': 'application/json' });
  assert.equal(r2.status, 200, JSON.stringify(r2.body));
  assert.equal(r2.body.state, 'queued');
  // {} still works, unknown keys are still refused, a row not failed is still 409
  assert.equal((await office.post(`/api/outbox/${c}/resend`, { foo: 1 })).status, 400);
  assert.equal((await office.post(`/api/outbox/${c}/resend`, {})).status, 200);
  assert.equal((await office.req('POST', `/api/outbox/${c}/resend`)).status, 409);
  // a JSON body that is not an object is still refused; an unparsable body is 400
  assert.equal((await office.post(`/api/outbox/${c}/resend`, '"x"')).status, 400);
  assert.equal(
    (await office.req('POST', `/api/outbox/${c}/resend`, '{', { 'content-type': 'application/json' })).status,
    400,
  );
  // the bulk resend still needs its body
  assert.equal((await office.req('POST', '/api/outbox/resend')).status, 400);
});
