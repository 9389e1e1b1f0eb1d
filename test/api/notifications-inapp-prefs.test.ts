/**
 * Notification preferences over HTTP (issue 7 §6): defaults, a round trip, partial updates, the user's
 * own only, 400s (unknown channel / kind, escalations not mutable, the bell not removable, a channel
 * without an address), and `digest_since` set when the daily digest is turned on; the current or the default
 * channel set saved again without an address; muting by prefix (what notify() then skips).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { errorOf, startTestApp, type Client, type TestApp } from '../helpers/app.ts';
import { queryRows } from '../../src/db/engine.ts';
import { notify } from '../../src/modules/notifications/notify.ts';
import { listTemplates } from '../../src/modules/notifications/templates.ts';

let t: TestApp;
let a: Client, b: Client;

const put = (c: Client, body: unknown) => c.req('PUT', '/api/me/notification-preferences', body);

before(async () => {
  t = await startTestApp({ demo: true });
  await t.database.db.execute(
    sql`UPDATE users SET email = 'chuyenvien@example.vn', phone = NULL WHERE username = 'office.specialist'`,
  );
  await t.database.db.execute(
    sql`UPDATE users SET email = NULL, phone = '0905000111' WHERE username = 'agency.staff'`,
  );
  [a, b] = await Promise.all([t.login('office.specialist'), t.login('agency.staff')]);
});
after(() => t?.close());

test('defaults, round trip, partial update; each user has their own', async () => {
  let r = await a.get('/api/me/notification-preferences');
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.channels, ['in_app', 'email']);
  assert.equal(r.body.emailMode, 'immediate');
  assert.equal(r.body.locale, 'vi');
  assert.deepEqual(r.body.mutedKinds, []);
  assert.equal(r.body.email, 'chuyenvien@example.vn');
  assert.equal(r.body.phone, null);
  assert.deepEqual(r.body.available.channels, ['in_app', 'email', 'sms', 'zalo']);
  const kinds = r.body.available.kinds as {
    kind: string;
    label: { vi: string; en: string };
    mutable: boolean;
  }[];
  assert.ok(kinds.length >= 5);
  assert.ok(kinds.every((k) => k.label.vi && k.label.en));
  assert.equal(kinds.find((k) => k.kind === 'reminder.task.escalation')?.mutable, false);
  assert.equal(kinds.find((k) => k.kind === 'reminder.task.before_due')?.mutable, true);
  assert.ok(!kinds.some((k) => k.kind.startsWith('citizen.')), 'citizen notices are not staff kinds');

  r = await put(a, {
    channels: ['email', 'in_app'],
    emailMode: 'daily_digest',
    locale: 'en',
    mutedKinds: ['reminder.task.before_due', 'reminder.task.before_due'],
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body.channels, ['in_app', 'email']);
  assert.equal(r.body.emailMode, 'daily_digest');
  assert.equal(r.body.locale, 'en');
  assert.deepEqual(r.body.mutedKinds, ['reminder.task.before_due']);
  const again = await a.get('/api/me/notification-preferences');
  assert.deepEqual({ ...again.body }, { ...r.body });

  // digest turned on → digest_since set; a later change of locale keeps it
  const since = async () =>
    (
      await queryRows<{ s: string | null }>(
        t.database.db,
        sql`SELECT digest_since::text AS s FROM notification_prefs p JOIN users u ON u.id = p.user_id
            WHERE u.username = 'office.specialist'`,
      )
    )[0]!.s;
  const s1 = await since();
  assert.ok(s1);
  r = await put(a, { locale: 'vi' });
  assert.equal(r.status, 200);
  assert.equal(r.body.locale, 'vi');
  assert.equal(r.body.emailMode, 'daily_digest', 'fields not given are kept');
  assert.deepEqual(r.body.mutedKinds, ['reminder.task.before_due']);
  assert.equal(await since(), s1);

  // B is untouched, and sees only their own
  r = await b.get('/api/me/notification-preferences');
  assert.equal(r.body.emailMode, 'immediate');
  assert.equal(r.body.phone, '0905000111');
  assert.equal(r.body.email, null);
  r = await put(b, { channels: ['in_app', 'sms'] });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body.channels, ['in_app', 'sms']);
  assert.equal((await a.get('/api/me/notification-preferences')).body.locale, 'vi');
});

test('400s: unknown channel or kind, escalation not mutable, bell required, no address; 401', async () => {
  const cases: [unknown, string, string | null][] = [
    [{ channels: ['in_app', 'fax'] }, 'unknown_channel', 'channels.1'],
    [{ channels: ['email'] }, 'in_app_required', 'channels'],
    [{ channels: ['in_app', 'sms'] }, 'no_address', 'channels.1'],
    [{ mutedKinds: ['reminder.task.overdue', 'nope.kind'] }, 'unknown_kind', 'mutedKinds.1'],
    [{ mutedKinds: ['reminder.task.escalation'] }, 'not_mutable', 'mutedKinds.0'],
    [{ mutedKinds: ['reminder.dossier.apology_due'] }, 'not_mutable', 'mutedKinds.0'],
    [{ emailMode: 'weekly' }, 'validation', 'emailMode'],
    [{ locale: 'fr' }, 'validation', 'locale'],
    [{ userId: 'x' }, 'validation', null],
  ];
  const beforeAll = (await a.get('/api/me/notification-preferences')).body;
  for (const [body, code, path] of cases) {
    const r = await put(a, body);
    assert.equal(r.status, 400, JSON.stringify(body));
    const e = errorOf(r);
    if (code !== 'validation') assert.equal(e.code, code, JSON.stringify(body));
    if (path) assert.equal(e.path, path, JSON.stringify(body));
    assert.ok(e.message && e.messageEn);
  }
  // e-mail on for a user without an address: refused
  const r = await put(b, { channels: ['in_app', 'sms', 'email'] });
  assert.equal(r.status, 400);
  assert.equal(errorOf(r).code, 'no_address');
  assert.equal(errorOf(r).path, 'channels.2');
  assert.deepEqual((await a.get('/api/me/notification-preferences')).body, beforeAll, 'nothing changed');
  assert.equal((await t.anon().get('/api/me/notification-preferences')).status, 401);
  assert.equal((await put(t.anon(), { locale: 'en' })).status, 401);
});

test('a user without e-mail saves the current set and the default set again; only ADDING a channel needs an address', async () => {
  const user = async () =>
    (
      await queryRows<{ id: string }>(
        t.database.db,
        sql`SELECT id FROM users WHERE username = 'agency.staff'`,
      )
    )[0]!.id;
  const bId = await user();
  let r = await put(b, { channels: ['in_app'] });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  r = await put(b, { channels: ['in_app'] });
  assert.equal(r.status, 200, 'the current set again');
  // back to the defaults (in-app + e-mail) though there is no e-mail address
  r = await put(b, { channels: ['email', 'in_app'], locale: 'vi' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body.channels, ['in_app', 'email']);
  assert.equal(r.body.email, null);
  r = await put(b, { channels: ['in_app', 'email'], emailMode: 'immediate' });
  assert.equal(r.status, 200, 'the current (default) set again');
  // e-mail on but no address: the notice is in the bell only, no e-mail row
  const key = `test:noaddr:${Date.now()}`;
  const [, tpl] = listTemplates().find(([k]) => k === 'reminder.task.overdue')!;
  const out = await t.database.db.transaction((tx) =>
    notify(tx, {
      kind: 'reminder.task.overdue',
      data: tpl.sample as Record<string, unknown>,
      recipients: [{ kind: 'user', userId: bId }],
      channels: ['in_app', 'email'],
      dedupeKey: key,
    }),
  );
  assert.deepEqual(out, { notifications: 1, outbox: 0 });
  // adding a channel without an address is still refused: zalo needs the phone
  await t.database.db.execute(sql`UPDATE users SET phone = NULL WHERE id = ${bId}`);
  r = await put(b, { channels: ['in_app', 'email', 'zalo'] });
  assert.equal(r.status, 400);
  assert.equal(errorOf(r).code, 'no_address');
  assert.equal(errorOf(r).path, 'channels.2');
  r = await put(b, { channels: ['in_app', 'email'] });
  assert.equal(r.status, 200);
  await t.database.db.execute(sql`UPDATE users SET phone = '0905000111' WHERE id = ${bId}`);
});

test('muting by prefix: `reminder.task` mutes the mutable reminder.task.* kinds; escalations and the apology’s last day stay on', async () => {
  const cases: [string[], number, string, string][] = [
    [['reminder.ta'], 400, 'unknown_kind', 'mutedKinds.0'],
    [['reminder.task.'], 400, 'unknown_kind', 'mutedKinds.0'],
    [['citizen'], 400, 'unknown_kind', 'mutedKinds.0'],
    [['reminder.task', 'task'], 400, 'unknown_kind', 'mutedKinds.1'],
  ];
  for (const [mutedKinds, status, code, path] of cases) {
    const r = await put(a, { mutedKinds });
    assert.equal(r.status, status, JSON.stringify(mutedKinds));
    assert.equal(errorOf(r).code, code, JSON.stringify(mutedKinds));
    assert.equal(errorOf(r).path, path);
  }
  let r = await put(a, { mutedKinds: ['reminder'] });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  r = await put(a, { mutedKinds: ['reminder.task', 'reminder.dossier'] });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body.mutedKinds, ['reminder.dossier', 'reminder.task']);
  assert.deepEqual((await a.get('/api/me/notification-preferences')).body.mutedKinds, [
    'reminder.dossier',
    'reminder.task',
  ]);

  const [{ id }] = (await queryRows<{ id: string }>(
    t.database.db,
    sql`SELECT id FROM users WHERE username = 'office.specialist'`,
  )) as [{ id: string }];
  const samples = new Map(listTemplates());
  const send = (kind: string) =>
    t.database.db.transaction((tx) =>
      notify(tx, {
        kind,
        data: samples.get(kind)!.sample as Record<string, unknown>,
        recipients: [{ kind: 'user', userId: id }],
        channels: ['in_app'],
        dedupeKey: `test:prefix:${kind}:${Date.now()}`,
      }),
    );
  const delivered = async (kind: string) => (await send(kind)).notifications;
  assert.equal(await delivered('reminder.task.before_due'), 0, 'muted by reminder.task');
  assert.equal(await delivered('reminder.task.overdue'), 0, 'muted by reminder.task');
  assert.equal(await delivered('reminder.dossier.on_due'), 0, 'muted by reminder.dossier');
  assert.equal(await delivered('reminder.petition.overdue'), 1, 'not muted');
  assert.equal(await delivered('reminder.task.escalation'), 1, 'never muted, even when not urgent');
  assert.equal(await delivered('reminder.dossier.apology_due'), 1, 'the apology’s last day: never muted');
  r = await put(a, { mutedKinds: [] });
  assert.equal(r.status, 200);
  assert.equal(await delivered('reminder.task.before_due'), 1);
});
