/**
 * The daily digest (issue 7 §4): a user in digest mode gets no immediate e-mail; 3 notices → ONE e-mail
 * listing them (dedupe `digest:<user>:<date>`), a second run the same day adds nothing (a notice arrived in
 * between waits), the next day's digest lists only the new one; an urgent notice (escalation, e-mailed at
 * once) is not listed again; English for an English user; a non-working day (calendar) is skipped; users
 * in immediate mode get no digest.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { startTestApp, type Client, type TestApp } from '../helpers/app.ts';
import { queryRows } from '../../src/db/engine.ts';
import { notify } from '../../src/modules/notifications/notify.ts';
import { getTemplate } from '../../src/modules/notifications/templates.ts';
import { runDigest } from '../../src/modules/notifications/digest.ts';
import { shiftDate, toHcmDate } from '../../src/kernel/calendar/index.ts';

let t: TestApp;
let spec: Client, leader: Client;
let specId: string, leaderId: string, staffId: string;

const userId = async (username: string) =>
  (await queryRows<{ id: string }>(t.database.db, sql`SELECT id FROM users WHERE username = ${username}`))[0]!
    .id;

/** One reminder notice to a user through notify(); returns the in-app title. */
async function remind(user: string, step: 'overdue' | 'escalation' = 'overdue') {
  const kind = `reminder.task.${step}`;
  const data = { ...getTemplate(kind)!.sample, count: 1 };
  await t.database.db.transaction((tx) =>
    notify(tx, {
      kind,
      itemType: 'task',
      itemIds: [randomUUID()],
      data,
      link: '/tasks',
      recipients: [{ kind: 'user', userId: user }],
      channels: ['in_app', 'email'],
      dedupeKey: `test:${randomUUID()}`,
      urgent: step === 'escalation',
    }),
  );
}

interface Mail {
  id: string;
  address: string;
  subject: string;
  body_text: string;
  body_html: string;
  dedupe_key: string;
  kind: string;
}
const mailsTo = (address: string) =>
  queryRows<Mail>(
    t.database.db,
    sql`SELECT id, address, subject, body_text, body_html, dedupe_key, kind FROM outbox_messages
        WHERE channel = 'email' AND address = ${address} ORDER BY created_at, dedupe_key`,
  );

before(async () => {
  t = await startTestApp({ demo: true });
  await t.database.db.execute(sql`UPDATE users SET email = username || '@example.vn'
      WHERE username IN ('office.specialist', 'office.leader', 'agency.staff')`);
  [spec, leader] = await Promise.all([t.login('office.specialist'), t.login('office.leader')]);
  [specId, leaderId, staffId] = await Promise.all([
    userId('office.specialist'),
    userId('office.leader'),
    userId('agency.staff'),
  ]);
  for (const [c, locale] of [
    [spec, 'vi'],
    [leader, 'en'],
  ] as const) {
    const r = await c.req('PUT', '/api/me/notification-preferences', { emailMode: 'daily_digest', locale });
    assert.equal(r.status, 200, JSON.stringify(r.body));
  }
});
after(() => t?.close());

test('3 notices → one digest; a second run the same day adds nothing; the next day repeats nothing', async () => {
  const today = toHcmDate(new Date());
  const tomorrow = shiftDate(today, 1);
  for (let i = 0; i < 3; i++) await remind(specId);
  await remind(staffId); // immediate mode: an e-mail at once, never a digest
  assert.equal(
    (await mailsTo('office.specialist@example.vn')).length,
    0,
    'no immediate e-mail in digest mode',
  );
  assert.equal((await mailsTo('agency.staff@example.vn')).length, 1);
  const bell = await spec.get('/api/notifications');
  assert.equal(bell.body.items.length, 3, 'the notices are in the bell');

  const r1 = await runDigest(t.database.db, today, { publicUrl: 'https://kientao.example.vn' });
  assert.equal(
    r1.emails,
    1,
    'the specialist only (the leader has no notice yet; staff are in immediate mode)',
  );
  let mails = await mailsTo('office.specialist@example.vn');
  assert.equal(mails.length, 1);
  const m = mails[0]!;
  assert.equal(m.kind, 'digest.daily');
  assert.equal(m.dedupe_key, `digest:${specId}:${today}`);
  assert.match(m.subject, /Tổng hợp thông báo ngày .*: 3 thông báo/);
  const listed = m.body_text.split('\n').filter((l) => /^\d+\. \[/.test(l));
  assert.equal(listed.length, 3, m.body_text);
  for (const it of bell.body.items) assert.ok(m.body_text.includes(it.title), it.title);
  assert.ok(m.body_text.includes('https://kientao.example.vn/tasks'));
  assert.ok(m.body_html.includes('<ol>'));
  assert.ok(m.body_text.startsWith('Kính gửi '));

  // a notice after the digest, then a second run the same day: nothing new written, nothing marked
  await remind(specId);
  const r2 = await runDigest(t.database.db, today, { publicUrl: 'https://kientao.example.vn' });
  assert.equal(r2.emails, 0);
  assert.equal((await mailsTo('office.specialist@example.vn')).length, 1);
  const [{ n }] = (await queryRows<{ n: number }>(
    t.database.db,
    sql`SELECT count(*)::int AS n FROM notifications WHERE user_id = ${specId} AND digested_at IS NULL`,
  )) as [{ n: number }];
  assert.equal(n, 1, 'the late notice waits for the next digest');

  // next day: only the new notice
  const r3 = await runDigest(t.database.db, tomorrow, { publicUrl: 'https://kientao.example.vn' });
  assert.equal(r3.emails, 1);
  mails = await mailsTo('office.specialist@example.vn');
  assert.equal(mails.length, 2);
  const next = mails.find((x) => x.dedupe_key === `digest:${specId}:${tomorrow}`)!;
  assert.match(next.subject, /: 1 thông báo/);
  assert.equal(next.body_text.split('\n').filter((l) => /^\d+\. \[/.test(l)).length, 1);
  // and the day after: nothing at all (no empty digest)
  const r4 = await runDigest(t.database.db, shiftDate(today, 2), { publicUrl: 'https://kientao.example.vn' });
  assert.equal(r4.emails, 0);
  assert.equal((await mailsTo('office.specialist@example.vn')).length, 2);
  // every notice of the user was in exactly one digest
  const [{ open }] = (await queryRows<{ open: number }>(
    t.database.db,
    sql`SELECT count(*)::int AS open FROM notifications WHERE user_id = ${specId} AND digested_at IS NULL`,
  )) as [{ open: number }];
  assert.equal(open, 0);
});

test('English digest; an urgent notice e-mailed at once is not listed again; non-working day skipped', async () => {
  const day = '2026-12-07'; // a Monday
  await remind(leaderId);
  await remind(leaderId, 'escalation');
  let mails = await mailsTo('office.leader@example.vn');
  const immediate = mails.filter((x) => x.kind === 'reminder.task.escalation');
  assert.equal(immediate.length, 1, 'the escalation is e-mailed at once');
  const r = await runDigest(t.database.db, day, { publicUrl: 'https://kientao.example.vn' });
  assert.ok(r.emails >= 1);
  mails = await mailsTo('office.leader@example.vn');
  const d = mails.find((x) => x.dedupe_key === `digest:${leaderId}:${day}`)!;
  assert.ok(d, 'a digest for the leader');
  assert.match(d.subject, /^\[Kiến Tạo\] Daily digest 2026-12-07: 1 notice$/);
  assert.ok(d.body_text.startsWith('Dear '));
  assert.equal(d.body_text.split('\n').filter((l) => /^\d+\. \[/.test(l)).length, 1);

  // a Sunday, and Tết 2026 (Tue 17/02): nothing, even with a notice waiting
  await remind(specId);
  const { defaultCalendar } = await import('../../src/kernel/calendar/index.ts');
  const cal = defaultCalendar();
  for (const off of ['2026-12-06', '2026-02-17']) {
    const s = await runDigest(t.database.db, off, { cal });
    assert.equal(s.skipped, 'non_working_day', off);
    assert.equal(s.emails, 0);
  }
  const w = await runDigest(t.database.db, '2026-12-08', { cal });
  assert.equal(w.skipped, undefined);
  assert.equal(w.emails, 1, 'the waiting notice goes into the next working day’s digest');
});
