/**
 * Failed-delivery API (issue 7 §4, §6): the Office sees the outbox and resends failed messages.
 * Roles: admin, office_leader, office_specialist (every other role → 403). Addresses of citizens are masked;
 * the address of a petition's citizen (ref `petition:…`, possibly a denouncer) is fully masked (`***`,
 * `***@***`) for everyone but an admin (`shownAddress` in ./outbox.ts). Error texts (`lastError`, event
 * reasons) carry no e-mail address or phone number (scrubbed before they are stored).
 *
 * - `GET /api/outbox?state=queued|sending|sent|delivered|failed&channel=email|sms|zalo&kind=&limit=1–500 (50)&offset=`
 *   → `{ items: [{ id, channel, recipientType, address, kind, subject, state, attempts, maxAttempts, lastError,
 *   nextAttemptAt, dead, createdAt, sentAt, failedAt, ref }], total }` — newest first; failed rows by the time
 *   they failed. Instants are ISO 8601 UTC.
 * - `GET /api/outbox/:id` → the row + `bodyText` + `events[]` ({ id, at, fromState, toState, attempt,
 *   actorUserId, actorName, reason }, oldest first); 404 `not_found`.
 * - `POST /api/outbox/:id/resend` `{ reason?: string ≤ 500 }` → the row (state `queued`, attempts 0);
 *   409 `not_failed` when the row is not `failed`; 404 when unknown. The body is optional: a POST without a
 *   body (or with `Content-Type: application/json` and `Content-Length: 0`) is `{}`.
 * - `POST /api/outbox/resend` `{ ids: uuid[] (1–500) }` → `{ resent: n }` (rows not `failed` are skipped).
 *
 * A resend repeats the same rendered message with the same Message-ID (the row is not re-rendered).
 */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { App, ServerContext } from '../../server/context.ts';
import { requireRole } from '../../kernel/auth/http.ts';
import type { Principal, Role } from '../../kernel/auth/roles.ts';
import { conflict, notFound } from '../../kernel/errors.ts';
import { OUTBOX_STATES } from './outbox-states.ts';
import { listOutbox, outboxDetail, resendOutbox, type OutboxViewer } from './outbox.ts';
import { configureNotify } from './notify.ts';

export const OUTBOX_ROLES: readonly Role[] = ['admin', 'office_leader', 'office_specialist'];

const ItemSchema = z.object({
  id: z.string(),
  channel: z.string(),
  recipientType: z.string(),
  address: z.string(),
  kind: z.string(),
  subject: z.string().nullable(),
  state: z.string(),
  attempts: z.number(),
  maxAttempts: z.number(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  dead: z.boolean(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  failedAt: z.string().nullable(),
  ref: z.string().nullable(),
});

const EventSchema = z.object({
  id: z.string(),
  at: z.string(),
  fromState: z.string().nullable(),
  toState: z.string(),
  attempt: z.number().nullable(),
  actorUserId: z.string().nullable(),
  actorName: z.string().nullable(),
  reason: z.string().nullable(),
});

const viewerOf = (p: Principal): OutboxViewer => ({ admin: p.roles.includes('admin') });

/**
 * Route `onRequest` hook making an empty JSON body a missing body: `Content-Type: application/json` with
 * `Content-Length: 0` would otherwise be refused by the JSON parser (400 `empty_body`) before the route's
 * optional body schema is consulted (review F7). Only for this route; the server's parser is unchanged.
 */
function emptyBodyIsNoBody(req: FastifyRequest, _reply: unknown, done: () => void): void {
  const h = req.headers;
  if (h['content-length'] === '0' && h['transfer-encoding'] === undefined) delete h['content-type'];
  done();
}

const DetailSchema = ItemSchema.extend({ bodyText: z.string(), events: z.array(EventSchema) });

export async function outboxRoutes(app: App, { database, config }: ServerContext) {
  const db = database.db;
  configureNotify({ publicUrl: config.publicUrl });

  app.get(
    '/api/outbox',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Hộp thư đi / Outbox (failed deliveries)',
        querystring: z
          .object({
            state: z.enum(OUTBOX_STATES).optional(),
            channel: z.enum(['email', 'sms', 'zalo']).optional(),
            kind: z.string().min(1).max(100).optional(),
            limit: z.coerce.number().int().min(1).max(500).default(50),
            offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
          })
          .strict(),
        response: { 200: z.object({ items: z.array(ItemSchema), total: z.number() }) },
      },
    },
    async (req) => {
      const p = requireRole(req, OUTBOX_ROLES);
      return listOutbox(db, req.query, viewerOf(p));
    },
  );

  app.get(
    '/api/outbox/:id',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Một thư đi và lịch sử gửi / One outbox message with its history',
        params: z.object({ id: z.uuid() }),
        response: { 200: DetailSchema },
      },
    },
    async (req) => {
      const p = requireRole(req, OUTBOX_ROLES);
      const d = await outboxDetail(db, req.params.id, viewerOf(p));
      if (!d) throw notFound('thư đi / outbox message', 'id');
      return d;
    },
  );

  app.post(
    '/api/outbox/:id/resend',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Gửi lại một thư lỗi / Resend a failed message',
        params: z.object({ id: z.uuid() }),
        // no body (fastify gives null) is the same as {}
        body: z.preprocess(
          (v) => v ?? {},
          z.object({ reason: z.string().trim().max(500).optional() }).strict(),
        ),
        response: { 200: DetailSchema },
      },
      onRequest: emptyBodyIsNoBody,
    },
    async (req) => {
      const p = requireRole(req, OUTBOX_ROLES);
      return db.transaction(async (tx) => {
        const viewer = viewerOf(p);
        const before = await outboxDetail(tx, req.params.id, viewer);
        if (!before) throw notFound('thư đi / outbox message', 'id');
        const done = await resendOutbox(tx, [req.params.id], p.id, req.body?.reason || null);
        if (!done.length)
          throw conflict(
            'not_failed',
            `Chỉ gửi lại được thư gửi lỗi (trạng thái hiện tại: ${before.state}).`,
            `Only a failed message can be resent (current state: ${before.state}).`,
            'id',
          );
        return (await outboxDetail(tx, req.params.id, viewer))!;
      });
    },
  );

  app.post(
    '/api/outbox/resend',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Gửi lại nhiều thư lỗi / Resend failed messages',
        body: z.object({ ids: z.array(z.uuid()).min(1).max(500) }).strict(),
        response: { 200: z.object({ resent: z.number() }) },
      },
    },
    async (req) => {
      const p = requireRole(req, OUTBOX_ROLES);
      const ids = [...new Set(req.body.ids)];
      const done = await db.transaction((tx) => resendOutbox(tx, ids, p.id, 'resend (bulk)'));
      return { resent: done.length };
    },
  );
}
