/**
 * The reception register over HTTP (issue 5 §1, §7; docs/receptions.md). Session required.
 *
 * - `POST /api/receptions` (reception_officer, reception_leader of the register's agency; admin) body
 *   {@link ReceptionBody} → 201 `{ id, code, receiptSlipNo, petition: { id, code, deadlines,
 *   duplicateCandidates } | null, duplicateOf: { id, code } | null }`: ONE transaction — the entry, the
 *   petition brought by the visit (`petition`, optional) and its duplicate link (`duplicateOf`), or nothing.
 * - `PATCH /api/receptions/{id}` `{ expectedVersion, reason, …fields }` → the detail (stale → 409).
 * - `GET /api/receptions?from&to&kind&q&page&pageSize` → `{ items, total }` (no visitor identity).
 * - `GET /api/receptions/{id}` → the entry with its visitors (redacted when the session is a denunciation).
 * - `GET /api/receptions/leader-days?month=YYYY-MM` → leaders' periodic reception days vs the legal minimum
 *   (Luật Tiếp công dân 2013 Art 12, 13, 15, 18).
 * - `GET /api/receptions/meta` → kinds, classifications, outcomes, refusal grounds with their eras.
 *
 * Readers: reception roles of the agency; office roles and admin see every agency.
 */
import { z } from 'zod';
import type { App, ServerContext } from '../../server/context.ts';
import { requireRole, requireUser } from '../../kernel/auth/http.ts';
import { badRequest } from '../../kernel/errors.ts';
import {
  correctReception,
  DELEGATION_MIN,
  LEADER_MINIMUMS,
  leaderDays,
  listReceptions,
  RECEPTION_CLASSIFICATIONS,
  RECEPTION_ERAS,
  RECEPTION_KINDS,
  RECEPTION_OUTCOMES,
  RECEPTION_READ_ROLES,
  RECEPTION_WRITE_ROLES,
  receptionDetail,
  recordVisit,
  REFUSAL_GROUNDS,
} from './receptions.ts';
import {
  IdParams,
  LeaderDaysOut,
  LeaderDaysQuery,
  ReceptionBody,
  ReceptionCorrectionBody,
  ReceptionDetailOut,
  ReceptionListItemOut,
  ReceptionListQuery,
} from './reception-schemas.ts';

export async function receptionRoutes(app: App, ctx: ServerContext): Promise<void> {
  const { db } = ctx.database;
  const { calendar } = ctx;

  app.get(
    '/api/receptions/meta',
    {
      schema: {
        tags: ['receptions'],
        summary: 'Danh mục sổ tiếp công dân / Reception register vocabularies',
        response: {
          200: z.object({
            kinds: z.array(z.string()),
            classifications: z.array(z.string()),
            outcomes: z.array(z.string()),
            eras: z.array(
              z.object({
                version: z.string(),
                from: z.string(),
                to: z.string().nullable(),
                source: z.string(),
              }),
            ),
            refusalGrounds: z.array(
              z.object({
                code: z.string(),
                vi: z.string(),
                en: z.string(),
                source: z.string(),
                eras: z.array(z.string()),
                needsNote: z.boolean(),
              }),
            ),
            delegationMin: z.number(),
            leaderMinimums: z.record(
              z.string(),
              z.object({ per: z.string(), days: z.number(), vi: z.string(), source: z.string() }),
            ),
          }),
        },
      },
    },
    async (req) => {
      requireUser(req);
      return {
        kinds: [...RECEPTION_KINDS],
        classifications: [...RECEPTION_CLASSIFICATIONS],
        outcomes: [...RECEPTION_OUTCOMES],
        eras: RECEPTION_ERAS.map((e) => ({ ...e })),
        refusalGrounds: REFUSAL_GROUNDS.map((g) => ({ ...g, eras: [...g.eras], needsNote: !!g.needsNote })),
        delegationMin: DELEGATION_MIN,
        leaderMinimums: { ...LEADER_MINIMUMS },
      };
    },
  );

  app.post(
    '/api/receptions',
    {
      schema: {
        tags: ['receptions'],
        summary: 'Ghi sổ tiếp công dân / Record a reception session',
        description:
          'Luật Tiếp công dân 2013: Art 9 refusal grounds (ND 154/2026 adds grounds from 2026-07-01), Art 29 ' +
          'delegations (5–10 people: 1–2 representatives; more than 10: at most 5). Visitors of a denunciation ' +
          'are stored confidential (Luật Tố cáo 2018 Art 8 cl.3).',
        body: ReceptionBody,
        response: {
          201: z.object({
            id: z.string(),
            code: z.string(),
            receiptSlipNo: z.string().nullable(),
            petition: z
              .object({
                id: z.string(),
                code: z.string(),
                deadlines: z.array(z.any()),
                duplicateCandidates: z.array(z.any()),
              })
              .nullable(),
            duplicateOf: z.object({ id: z.string(), code: z.string() }).nullable(),
          }),
        },
      },
    },
    async (req, reply) => {
      const actor = requireRole(req, RECEPTION_WRITE_ROLES);
      const r = await db.transaction(async (tx) => {
        const cal = req.body.petition ? await calendar.forDeadline(tx) : await calendar.current(tx);
        return recordVisit(tx, { cal }, actor, req.body);
      });
      return reply.code(201).send(r);
    },
  );

  app.patch(
    '/api/receptions/:id',
    {
      schema: {
        tags: ['receptions'],
        summary: 'Đính chính sổ tiếp công dân / Correct a register entry',
        params: IdParams,
        body: ReceptionCorrectionBody,
        response: { 200: ReceptionDetailOut },
      },
    },
    async (req) => {
      const actor = requireRole(req, RECEPTION_WRITE_ROLES);
      return db.transaction(async (tx) => {
        await correctReception(tx, actor, req.params.id, req.body);
        return receptionDetail(tx, actor, req.params.id, await calendar.current(tx));
      });
    },
  );

  app.get(
    '/api/receptions',
    {
      schema: {
        tags: ['receptions'],
        summary: 'Sổ tiếp công dân / The reception register',
        description:
          'Newest first; `q` is case- and diacritics-blind over the code and summary. No visitor identity.',
        querystring: ReceptionListQuery,
        response: { 200: z.object({ items: z.array(ReceptionListItemOut), total: z.number() }) },
      },
    },
    async (req) => {
      const p = requireRole(req, RECEPTION_READ_ROLES);
      const q = req.query;
      if (q.from && q.to && q.from > q.to)
        throw badRequest('from_after_to', 'Từ ngày sau đến ngày.', '`from` is after `to`.', 'from');
      return listReceptions(db, p, q);
    },
  );

  app.get(
    '/api/receptions/leader-days',
    {
      schema: {
        tags: ['receptions'],
        summary: 'Ngày tiếp công dân định kỳ của lãnh đạo / Leaders’ reception days vs the legal minimum',
        querystring: LeaderDaysQuery,
        response: { 200: LeaderDaysOut },
      },
    },
    async (req) => {
      const p = requireRole(req, RECEPTION_READ_ROLES);
      return leaderDays(db, p, req.query.month, await calendar.current());
    },
  );

  app.get(
    '/api/receptions/:id',
    {
      schema: {
        tags: ['receptions'],
        summary: 'Một lượt tiếp công dân / One reception session',
        params: IdParams,
        response: { 200: ReceptionDetailOut },
      },
    },
    async (req) => {
      const p = requireRole(req, RECEPTION_READ_ROLES);
      return receptionDetail(db, p, req.params.id, await calendar.current());
    },
  );
}
