/**
 * The bell: a signed-in user's own in-app notifications (thông báo trong hệ thống; issue 7 §3). Every
 * endpoint reaches ONLY the caller's rows (`user_id = principal.id` in every statement); another user's
 * notification answers 404 exactly like one that does not exist (its existence is never revealed).
 *
 * - `GET /api/notifications?unread=true|false&limit=1..100 (default 20)&before=<ISO instant>`
 *   → `{ items: [{ id, kind, itemType, itemIds, title, body, link, createdAt, readAt }], unreadCount,
 *   nextCursor }`: newest first (`created_at DESC, id DESC`); `unread=true` only unread ones,
 *   `unread=false` only read ones, absent = all. `before` is the `nextCursor` of the previous page: an
 *   ISO 8601 instant with microseconds (`2026-12-01T09:30:00.123456Z`); items strictly older are listed.
 *   Notices written in one transaction share their instant: a page never cuts such a group (the page
 *   ends before it, or — when one group is longer than `limit` — holds the whole group), so paging by an
 *   instant loses and repeats nothing. `nextCursor` is null on the last page. Instants are UTC.
 * - `GET /api/notifications/unread-count` → `{ unread }`.
 * - `POST /api/notifications/:id/read` → `{ id, readAt }` (idempotent: an already read notice keeps its
 *   first `readAt`); 404 `not_found` for an unknown id or another user's notice; 400 for a malformed id.
 * - `POST /api/notifications/read-all` → `{ updated }` (how many were unread).
 *
 * Cost on a user with 100,000 notices: each list page is an index range scan of
 * `notifications_user_idx` (all / read) or `notifications_unread_created_idx` (unread) — `limit + 1` rows,
 * plus the unread count from the partial index `notifications_unread_idx`.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { App, ServerContext } from '../../server/context.ts';
import { requireUser } from '../../kernel/auth/http.ts';
import { badRequest, notFound } from '../../kernel/errors.ts';
import { queryRows, type Tx } from '../../db/engine.ts';
import { notifications } from '../../db/schema.ts';

const msg = (vi: string, en: string) => `${vi} | ${en}`;

/** An instant with an offset, up to microseconds (the cursor the list gives back). */
const InstantSchema = z
  .string()
  .max(40)
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/,
    msg('Mốc thời gian ISO 8601 có múi giờ', 'ISO 8601 instant with offset'),
  )
  .refine(
    (s) => {
      // Date.parse rolls 30 February over to March and takes any offset; PostgreSQL refuses both (a 500):
      // the day must exist in its month, the offset be a real one (≤ 14:00), the year 1900–2199
      const [y, m, d] = [Number(s.slice(0, 4)), Number(s.slice(5, 7)), Number(s.slice(8, 10))];
      const day = new Date(Date.UTC(y, m - 1, d));
      const off = /([+-])(\d{2}):(\d{2})$/.exec(s);
      return (
        !Number.isNaN(Date.parse(s)) &&
        y >= 1900 &&
        y <= 2199 &&
        day.getUTCMonth() === m - 1 &&
        day.getUTCDate() === d &&
        Number(s.slice(11, 13)) < 24 &&
        Number(s.slice(14, 16)) < 60 &&
        (!off || ((Number(off[2]) < 14 || (off[2] === '14' && off[3] === '00')) && Number(off[3]) < 60))
      );
    },
    msg('Mốc thời gian không hợp lệ', 'Invalid instant'),
  );

export const ListQuery = z
  .object({
    unread: z.enum(['true', 'false']).optional(),
    limit: z.coerce
      .number({ error: msg('limit phải là số nguyên 1–100', 'limit must be an integer 1–100') })
      .int(msg('limit phải là số nguyên 1–100', 'limit must be an integer 1–100'))
      .min(1, msg('limit phải là số nguyên 1–100', 'limit must be an integer 1–100'))
      .max(100, msg('limit phải là số nguyên 1–100', 'limit must be an integer 1–100'))
      .default(20),
    before: InstantSchema.optional(),
  })
  .strict();

const IdParams = z.object({
  id: z.uuid({ error: msg('Mã thông báo không hợp lệ', 'Invalid notification id') }),
});

export const NotificationItemSchema = z.object({
  id: z.string(),
  kind: z.string(),
  itemType: z.string().nullable(),
  itemIds: z.array(z.string()),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});

const ListResponse = z.object({
  items: z.array(NotificationItemSchema),
  unreadCount: z.number().int(),
  nextCursor: z.string().nullable(),
});

interface Row {
  id: string;
  kind: string;
  item_type: string | null;
  item_ids: string[] | string;
  title: string;
  body: string;
  link: string | null;
  /** microsecond ISO text in UTC (the cursor) */
  created: string;
  read: string | null;
}

/** `created_at` as ISO 8601 UTC text with microseconds, so a cursor loses nothing to JS's milliseconds. */
const isoUs = (col: string) => sql.raw(`to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`);

const COLUMNS = sql`id, kind, item_type, item_ids, title, body, link,
  ${isoUs('created_at')} AS created, ${isoUs('read_at')} AS read`;

/** text[] arrives as an array through both drivers; a string literal is parsed defensively. */
function arr(v: string[] | string | null): string[] {
  if (Array.isArray(v)) return v;
  if (!v || v === '{}') return [];
  return v
    .slice(1, -1)
    .split(',')
    .map((s) => s.replace(/^"|"$/g, ''));
}

const toItem = (r: Row) => ({
  id: r.id,
  kind: r.kind,
  itemType: r.item_type,
  itemIds: arr(r.item_ids),
  title: r.title,
  body: r.body,
  link: r.link,
  createdAt: r.created,
  readAt: r.read,
});

/** Unread notices of one user (partial index `notifications_unread_idx`). */
export async function unreadCountOf(db: Tx, userId: string): Promise<number> {
  const [r] = await queryRows<{ n: number }>(
    db,
    sql`SELECT count(*)::int AS n FROM notifications WHERE user_id = ${userId} AND read_at IS NULL`,
  );
  return Number(r?.n ?? 0);
}

/**
 * One page of a user's notices, newest first (see the module docstring for the cursor and tie rules).
 * @param q.unread true: unread only; false: read only; undefined: all
 * @param q.before ISO instant: only notices created strictly before it
 */
export async function listNotifications(
  db: Tx,
  userId: string,
  q: { unread?: boolean; limit: number; before?: string },
) {
  const filter = sql.join(
    [
      sql`user_id = ${userId}`,
      ...(q.unread === true ? [sql`read_at IS NULL`] : q.unread === false ? [sql`read_at IS NOT NULL`] : []),
      ...(q.before ? [sql`created_at < ${q.before}::timestamptz`] : []),
    ],
    sql` AND `,
  );
  const rows = await queryRows<Row>(
    db,
    sql`SELECT ${COLUMNS} FROM notifications WHERE ${filter}
        ORDER BY created_at DESC, id DESC LIMIT ${q.limit + 1}`,
  );
  let page = rows;
  let nextCursor: string | null = null;
  if (rows.length > q.limit) {
    const boundary = rows[q.limit - 1]!.created;
    if (rows[q.limit]!.created !== boundary) {
      page = rows.slice(0, q.limit);
    } else {
      // a group of notices sharing one instant straddles the page end: never cut it
      const firstOfGroup = rows.findIndex((r) => r.created === boundary);
      if (firstOfGroup > 0) page = rows.slice(0, firstOfGroup);
      else
        page = await queryRows<Row>(
          db,
          sql`SELECT ${COLUMNS} FROM notifications WHERE ${filter} AND created_at = ${boundary}::timestamptz
              ORDER BY id DESC`,
        );
    }
    nextCursor = page.at(-1)!.created;
  }
  return { items: page.map(toItem), unreadCount: await unreadCountOf(db, userId), nextCursor };
}

/**
 * Marks one of the user's notices read (idempotent). 404 when the id is unknown or another user's.
 * @returns `{ id, readAt }` (ISO UTC)
 */
export async function markRead(db: Tx, userId: string, id: string) {
  const rows = await queryRows<{ id: string; read: string }>(
    db,
    sql`UPDATE notifications SET read_at = coalesce(read_at, now())
        WHERE id = ${id} AND user_id = ${userId}
        RETURNING id, ${isoUs('read_at')} AS read`,
  );
  if (!rows[0]) throw notFound('thông báo / notification', 'id');
  return { id: rows[0].id, readAt: rows[0].read };
}

/** Marks all the user's unread notices read; returns how many changed. */
export async function markAllRead(db: Tx, userId: string): Promise<{ updated: number }> {
  const rows = await db
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return { updated: rows.length };
}

export async function inAppNotificationRoutes(app: App, { database }: ServerContext) {
  const db = database.db;

  app.get(
    '/api/notifications',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Thông báo của tôi / My notifications (newest first, cursor paging)',
        querystring: ListQuery,
        response: { 200: ListResponse },
      },
    },
    async (req) => {
      const p = requireUser(req);
      const { unread, limit, before } = req.query;
      if (before && Number.isNaN(Date.parse(before)))
        throw badRequest('invalid_cursor', 'Con trỏ trang không hợp lệ.', 'Invalid cursor.', 'before');
      return listNotifications(db, p.id, {
        unread: unread === undefined ? undefined : unread === 'true',
        limit,
        ...(before ? { before } : {}),
      });
    },
  );

  app.get(
    '/api/notifications/unread-count',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Số thông báo chưa đọc / Unread count',
        response: { 200: z.object({ unread: z.number().int() }) },
      },
    },
    async (req) => ({ unread: await unreadCountOf(db, requireUser(req).id) }),
  );

  app.post(
    '/api/notifications/read-all',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Đánh dấu tất cả đã đọc / Mark all read',
        response: { 200: z.object({ updated: z.number().int() }) },
      },
    },
    async (req) => markAllRead(db, requireUser(req).id),
  );

  app.post(
    '/api/notifications/:id/read',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Đánh dấu đã đọc / Mark one read',
        params: IdParams,
        response: { 200: z.object({ id: z.string(), readAt: z.string() }) },
      },
    },
    async (req) => markRead(db, requireUser(req).id, req.params.id),
  );
}
