/** Sessions, CSRF, throttling, roles and account management through the real HTTP server. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_PASSWORD, Client, errorOf, startTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp({ demo: true });
});
after(() => t?.close());

test('login sets an httpOnly SameSite cookie (Secure only over HTTPS) and returns a CSRF token', async () => {
  const r = await fetch(`${t.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  assert.equal(r.status, 200);
  const cookie = r.headers.getSetCookie().find((c) => c.startsWith('kt_session='))!;
  assert.match(cookie, /HttpOnly/i);
  assert.match(cookie, /SameSite=Lax/i);
  assert.doesNotMatch(cookie, /Secure/i);
  assert.equal(typeof ((await r.json()) as any).csrfToken, 'string');
  const r2 = await fetch(`${t.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  assert.match(
    r2.headers.getSetCookie().find((c) => c.startsWith('kt_session='))!,
    /Secure/i,
  );
});

test('wrong password → 401; unauthenticated → 401; writes without x-csrf-token → 403', async () => {
  const c = new Client(t.url);
  const bad = await c.post('/api/auth/login', { username: 'admin', password: 'nope' });
  assert.equal(bad.status, 401);
  assert.equal(errorOf(bad).code, 'invalid_credentials');
  const anon = await c.get('/api/tasks');
  assert.equal(anon.status, 401);
  assert.equal(errorOf(anon).code, 'unauthenticated');
  const admin = await t.login('admin');
  const csrf = admin.csrf;
  admin.csrf = '';
  const r = await admin.post('/api/documents', {
    numberSymbol: '1/QĐ-UBND',
    date: '2023-01-05',
    summary: 'x',
  });
  assert.equal(r.status, 403);
  assert.equal(errorOf(r).code, 'csrf_failed');
  admin.csrf = csrf;
  assert.equal((await admin.get('/api/auth/me')).body.user.username, 'admin');
  assert.equal((await admin.post('/api/auth/logout')).status, 204);
  assert.equal((await admin.get('/api/auth/me')).status, 401);
});

test('five failed logins lock the account (429) even for the right password', async () => {
  const admin = await t.login('admin');
  const u = await admin.post('/api/users', {
    username: 'lock.me',
    displayName: 'Khóa thử',
    password: 'a-good-password-1',
    roles: ['office_specialist'],
    agencyCode: 'VP-KTTH',
  });
  assert.equal(u.status, 201);
  const c = new Client(t.url);
  for (let i = 0; i < 5; i++)
    assert.equal((await c.post('/api/auth/login', { username: 'lock.me', password: 'wrong' })).status, 401);
  const locked = await c.post('/api/auth/login', { username: 'lock.me', password: 'a-good-password-1' });
  assert.equal(locked.status, 429);
  assert.equal(errorOf(locked).code, 'account_locked');
});

test('admin manages accounts: create, must change password, disable, reset, roles, CSV import', async () => {
  const admin = await t.login('admin');
  const created = await admin.post('/api/users', {
    username: 'new.staff',
    displayName: 'Cán bộ mới',
    password: 'first-password-1',
    roles: ['agency_staff'],
    agencyCode: 'STC',
  });
  assert.equal(created.status, 201);
  assert.equal(created.body.mustChangePassword, true);
  const u = await t.login('new.staff', 'first-password-1');
  const blocked = await u.get('/api/tasks');
  assert.equal(blocked.status, 403);
  assert.equal(errorOf(blocked).code, 'password_change_required');
  const weak = await u.post('/api/auth/password', {
    currentPassword: 'first-password-1',
    newPassword: 'short',
  });
  assert.equal(weak.status, 400);
  assert.equal(errorOf(weak).path, 'newPassword');
  assert.equal(
    (
      await u.post('/api/auth/password', {
        currentPassword: 'first-password-1',
        newPassword: 'my-own-password-2',
      })
    ).status,
    204,
  );
  assert.equal((await u.get('/api/tasks')).status, 200);
  // duplicate, bad role, agency user without agency
  assert.equal(
    (
      await admin.post('/api/users', {
        username: 'new.staff',
        displayName: 'x',
        password: 'xxxxxxxxxxxx',
        roles: ['admin'],
      })
    ).status,
    409,
  );
  const noAgency = await admin.post('/api/users', {
    username: 'x.y',
    displayName: 'x',
    password: 'xxxxxxxxxxxx',
    roles: ['agency_staff'],
  });
  assert.equal(noAgency.status, 400);
  assert.equal(errorOf(noAgency).path, 'agencyCode');
  const badRole = await admin.post('/api/users', {
    username: 'x.z',
    displayName: 'x',
    password: 'xxxxxxxxxxxx',
    roles: ['king'],
  });
  assert.equal(badRole.status, 400);
  assert.equal(errorOf(badRole).path, 'roles.0');
  // reset → must change again, old sessions end
  const reset = await admin.post(`/api/users/${created.body.id}/reset-password`, {});
  assert.equal(reset.status, 200);
  assert.equal((await u.get('/api/tasks')).status, 401);
  const u2 = await t.login('new.staff', reset.body.password);
  assert.equal((await u2.get('/api/auth/me')).body.user.mustChangePassword, true);
  // disable
  const dis = await admin.patch(`/api/users/${created.body.id}`, { disabled: true });
  assert.equal(dis.body.disabled, true);
  assert.equal(
    (
      await new Client(t.url).post('/api/auth/login', {
        username: 'new.staff',
        password: reset.body.password,
      })
    ).status,
    401,
  );
  // admin cannot disable itself
  const me = (await admin.get('/api/auth/me')).body.user;
  assert.equal((await admin.patch(`/api/users/${me.id}`, { disabled: true })).status, 409);
  // CSV import: all or nothing
  const csv =
    'username,displayName,email,roles,agencyCode,password\nc.one,Một,,agency_staff,SYT,\nc.two,Hai,,office_specialist;office_leader,VP,\n';
  const imp = await admin.post('/api/users/import', { csv });
  assert.equal(imp.status, 200);
  assert.equal(imp.body.created, 2);
  const bad = await admin.post('/api/users/import', {
    csv: 'username,displayName,roles,agencyCode\nc.three,Ba,agency_staff,NOPE\n',
  });
  assert.equal(bad.status, 422);
  assert.equal(
    (await admin.get('/api/users')).body.items.some((x: any) => x.username === 'c.three'),
    false,
  );
  // non-admins cannot manage accounts
  const leader = await t.login('office.leader');
  assert.equal((await leader.get('/api/users')).status, 403);
  assert.equal(
    (
      await leader.post('/api/users', {
        username: 'q.q',
        displayName: 'q',
        password: 'xxxxxxxxxxxx',
        roles: ['admin'],
      })
    ).status,
    403,
  );
});

test('passwords are stored as argon2id hashes', async () => {
  const { sql } = await import('drizzle-orm');
  const { queryRows } = await import('../../src/db/engine.ts');
  const rows = await queryRows<{ h: string }>(t.database.db, sql`SELECT password_hash AS h FROM users`);
  assert.ok(rows.length >= 5);
  for (const r of rows) assert.match(r.h, /^\$argon2id\$/);
});
