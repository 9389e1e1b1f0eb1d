/**
 * The bell over HTTP (issue 7 §3): list with cursor paging (a group of notices sharing one instant is
 * never cut), unread filter and count, mark one read (idempotent; another user's id → 404 exactly like an
 * unknown one), read all; bad queries → 400 with path; and the cost on a user with 100,000 notices.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { errorOf, startTestApp, type Client, type TestApp } from '../helpers/app.ts';
import { queryRows } from '../../src/db/engine.ts';

let t: TestApp;
let a: Client, b: Client;
let userA: string, userB: string;

const userId = async (username: string) =>
  (await queryRows<{ id: string }>(t.database.db, sql`SELECT id FROM users WHERE username = ${username}`))[0]!
    .id;

/** Inserts a notice for `user` created at `at`; returns its id. */
async function notice(user: string, at: string, extra: { read?: boolean; kind?: string } = {}) {
  const id = randomUUID();
  await t.database.db.execute(sql`INSERT INTO notifications
      (id, user_id, kind, item_type, item_ids, title, body, link, dedupe_key, created_at, read_at)
      VALUES (${id}, ${user}, ${extra.kind ?? 'task.overdue'}, 'task', ARRAY[${randomUUID()}]::text[],
        ${'Nhiệm vụ quá hạn ' + at}, 'Có nhiệm vụ quá hạn', '/tasks', ${'test:' + id}, ${at}::timestamptz,
        ${extra.read ? sql`${at}::timestamptz` : sql`NULL`})`);
  return id;
}

before(async () => {
  t = await startTestApp({ demo: true });
  [a, b] = await Promise.all([t.login('office.specialist'), t.login('agency.staff')]);
  [userA, userB] = await Promise.all([userId('office.specialist'), userId('agency.staff')]);
});
after(() => t?.close());

test('list: newest first, cursor paging without loss or repeat, a same-instant group never cut', async () => {
  const ids: string[] = [];
  // 30 notices one minute apart, then a group of 6 written in one transaction (same instant) at 10:00:30
  for (let i = 0; i < 30; i++) {
    const m = String(i).padStart(2, '0');
    ids.push(await notice(userA, `2026-11-20T09:${m}:00.123456Z`, { read: i % 3 === 0 }));
  }
  const group: string[] = [];
  for (let i = 0; i < 6; i++) group.push(await notice(userA, '2026-11-20T09:30:30.000001Z'));
  await notice(userB, '2026-11-20T09:10:00Z');

  // page 1 of 4: the newest 4 are the group of 6 → the whole group comes (one page never cuts it)
  let r = await a.get('/api/notifications?limit=4');
  assert.equal(r.status, 200);
  assert.equal(r.body.items.length, 6);
  assert.deepEqual(new Set(r.body.items.map((x: { id: string }) => x.id)), new Set(group));
  assert.equal(r.body.nextCursor, '2026-11-20T09:30:30.000001Z');
  const first = r.body.items[0];
  assert.deepEqual(Object.keys(first).sort(), [
    'body',
    'createdAt',
    'id',
    'itemIds',
    'itemType',
    'kind',
    'link',
    'readAt',
    'title',
  ]);
  assert.equal(first.itemType, 'task');
  assert.equal(first.itemIds.length, 1);
  assert.equal(first.readAt, null);
  // unread: 36 − 10 read ones
  assert.equal(r.body.unreadCount, 26);

  // walk all pages of 7: every notice once, strictly newest first, microsecond cursors
  const seen: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    r = await a.get(`/api/notifications?limit=7${cursor ? `&before=${encodeURIComponent(cursor)}` : ''}`);
    assert.equal(r.status, 200);
    for (const it of r.body.items) seen.push(it.id);
    cursor = r.body.nextCursor;
    pages++;
  } while (cursor && pages < 20);
  assert.equal(seen.length, 36);
  assert.equal(new Set(seen).size, 36);
  // page 1 = the group of 6 + the next one; then the 30 in order
  assert.deepEqual(seen.slice(-30), [...ids].reverse());

  // page boundary inside a group that is NOT at the page start: the page ends before the group
  const g2: string[] = [];
  for (let i = 0; i < 3; i++) g2.push(await notice(userA, '2026-11-20T08:59:00Z'));
  r = await a.get(`/api/notifications?limit=2&before=${encodeURIComponent('2026-11-20T09:00:30Z')}`);
  assert.equal(r.status, 200);
  assert.equal(r.body.items.length, 1, 'the notice at 09:00, then the group of 3 on the next page');
  r = await a.get(`/api/notifications?limit=2&before=${encodeURIComponent(r.body.nextCursor)}`);
  assert.deepEqual(new Set(r.body.items.map((x: { id: string }) => x.id)), new Set(g2));

  // unread filter and read filter
  r = await a.get('/api/notifications?unread=true&limit=100');
  assert.equal(r.body.items.length, 29);
  assert.ok(r.body.items.every((x: { readAt: string | null }) => x.readAt === null));
  r = await a.get('/api/notifications?unread=false&limit=100');
  assert.equal(r.body.items.length, 10);
  assert.ok(r.body.items.every((x: { readAt: string | null }) => x.readAt !== null));
  assert.equal(r.body.nextCursor, null);

  // user B sees only their own one
  r = await b.get('/api/notifications');
  assert.equal(r.body.items.length, 1);
  assert.equal(r.body.unreadCount, 1);
});

test('mark read: own → readAt (idempotent); another user’s → 404 like an unknown id; read-all', async () => {
  const mine = await notice(userA, '2026-11-21T01:00:00Z');
  const theirs = await notice(userB, '2026-11-21T01:00:00Z');
  let r = await a.get('/api/notifications/unread-count');
  assert.equal(r.status, 200);
  const before = r.body.unread as number;
  assert.ok(before >= 1);

  r = await a.post(`/api/notifications/${mine}/read`);
  assert.equal(r.status, 200);
  assert.equal(r.body.id, mine);
  assert.match(r.body.readAt, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
  const readAt = r.body.readAt;
  r = await a.post(`/api/notifications/${mine}/read`);
  assert.equal(r.status, 200);
  assert.equal(r.body.readAt, readAt, 'marking twice keeps the first instant');
  assert.equal((await a.get('/api/notifications/unread-count')).body.unread, before - 1);

  const other = await a.post(`/api/notifications/${theirs}/read`);
  const unknown = await a.post(`/api/notifications/${randomUUID()}/read`);
  assert.equal(other.status, 404);
  assert.equal(unknown.status, 404);
  assert.deepEqual(errorOf(other), errorOf(unknown), 'the answer does not reveal that the notice exists');
  const [still] = await queryRows<{ read_at: string | null }>(
    t.database.db,
    sql`SELECT read_at FROM notifications WHERE id = ${theirs}`,
  );
  assert.equal(still!.read_at, null);
  const bad = await a.post('/api/notifications/not-a-uuid/read');
  assert.equal(bad.status, 400);
  assert.equal(errorOf(bad).path, 'id');

  const unreadB = (await b.get('/api/notifications/unread-count')).body.unread as number;
  r = await a.post('/api/notifications/read-all');
  assert.equal(r.status, 200);
  assert.equal(r.body.updated, before - 1);
  assert.equal((await a.get('/api/notifications/unread-count')).body.unread, 0);
  r = await a.post('/api/notifications/read-all');
  assert.equal(r.body.updated, 0);
  assert.equal((await b.get('/api/notifications/unread-count')).body.unread, unreadB, 'B untouched');
});

test('bad queries → 400 with path; no session → 401', async () => {
  for (const [q, path] of [
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=abc', 'limit'],
    ['unread=yes', 'unread'],
    ['before=yesterday', 'before'],
    ['before=2026-13-01T00:00:00Z', 'before'],
    // Date.parse accepts these; PostgreSQL refuses them (once a 500: adversarial review)
    ['before=2026-02-30T00:00:00Z', 'before'],
    ['before=2025-02-29T00:00:00Z', 'before'],
    ['before=2026-04-31T10:00:00Z', 'before'],
    ['before=2026-12-01T10:00:00%2B16:00', 'before'],
    ['before=1900-01-01T00:00:00-23:59', 'before'],
    ['foo=1', null],
  ] as const) {
    const r = await a.get(`/api/notifications?${q}`);
    assert.equal(r.status, 400, q);
    const e = errorOf(r);
    if (path) assert.equal(e.path, path, q);
    assert.ok(e.message && e.messageEn, q);
  }
  assert.equal((await t.anon().get('/api/notifications')).status, 401);
  assert.equal((await t.anon().get('/api/notifications/unread-count')).status, 401);
});

test('a user with 100,000 notices: each call stays an index range scan', async () => {
  const heavy = await userId('agency.leader');
  const c = await t.login('agency.leader');
  // 100,000 notices over ~70 days, one in ten unread
  await t.database.db.execute(sql`INSERT INTO notifications
      (id, user_id, kind, item_type, item_ids, title, body, link, dedupe_key, created_at, read_at)
      SELECT md5('n' || g)::uuid, ${heavy}, 'task.overdue', 'task', '{}'::text[], 'Nhiệm vụ quá hạn', 'x',
             '/tasks', 'bulk:' || g, timestamptz '2026-09-01T00:00:00Z' + g * interval '1 minute',
             CASE WHEN g % 10 = 0 THEN NULL ELSE timestamptz '2026-11-30T00:00:00Z' END
      FROM generate_series(1, 100000) g`);
  await t.database.db.execute(sql`ANALYZE notifications`);
  const time = async (label: string, f: () => Promise<{ status: number; body: any }>) => {
    await f();
    const t0 = performance.now();
    const r = await f();
    const ms = performance.now() - t0;
    assert.equal(r.status, 200, label);
    console.log(`# ${t.engine} ${label}: ${ms.toFixed(1)} ms`);
    return { r, ms };
  };
  const p1 = await time('list first page (20)', () => c.get('/api/notifications'));
  assert.equal(p1.r.body.items.length, 20);
  assert.equal(p1.r.body.unreadCount, 10000);
  const deep = await time('list page before a cursor half-way', () =>
    c.get(`/api/notifications?limit=100&before=${encodeURIComponent('2026-10-05T00:00:00Z')}`),
  );
  assert.equal(deep.r.body.items.length, 100);
  const unread = await time('unread first page (100)', () =>
    c.get('/api/notifications?unread=true&limit=100'),
  );
  assert.equal(unread.r.body.items.length, 100);
  const count = await time('unread count', () => c.get('/api/notifications/unread-count'));
  assert.equal(count.r.body.unread, 10000);
  for (const x of [p1, deep, unread, count]) assert.ok(x.ms < 1500, `under 1.5 s (${x.ms} ms)`);
  const t0 = performance.now();
  const all = await c.post('/api/notifications/read-all');
  console.log(`# ${t.engine} read-all of 10,000: ${(performance.now() - t0).toFixed(1)} ms`);
  assert.equal(all.body.updated, 10000);
});
