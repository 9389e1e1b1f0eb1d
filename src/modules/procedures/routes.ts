/**
 * Procedure catalogue and publication decisions over HTTP (issue 4 §1, §2, §8; REFERENCE §3).
 *
 * Catalogue (any signed-in user; the public copies need no login, same shapes):
 * - `GET /api/procedures?q&field&level&agency&fisheries&needsReview&fisheriesFirst&at&page&pageSize`
 *   → `{ items: [{ code, name, field, level, agency, agencyName, fisheries, needsReview, timeLimits }], total }`
 *   (versions in force on `at`, YYYY-MM-DD Asia/Ho_Chi_Minh, default today; search ignores case/diacritics).
 * - `GET /api/procedures/{code}[?at=]` → the version in force (contract shape, plus `versions`); 404 unknown.
 * - `GET /api/procedures/{code}/versions` → `{ items: [{ version, validFrom, validTo, needsReview, decision… }] }`.
 * - `GET /api/procedures/fields[?at=]` → `{ items: [{ field, count }] }`.
 * - `GET /api/public/procedures?q…`, `GET /api/public/procedures/{code}` (no login).
 * - `POST /api/procedures/{code}/review` (admin, centre_leader, office_leader)
 *   `{ timeLimits: [{ channel, value, unit }], source, validFrom? }` → 201 the new reviewed version.
 * Publication decisions (ND 63/2010 Art 13–15):
 * - `POST /api/publication-decisions` (admin, office_leader, office_specialist, centre_leader) → 201 detail.
 * - `GET /api/publication-decisions[?from&to]` → `{ items, total }` (by decision date);
 *   `GET /api/publication-decisions/{id}`; `POST /api/publication-decisions/{id}/apply` → detail (409 twice).
 * - `GET /api/reports/procedures?from&to` → counts per category and agency (decisions dated in the period);
 *   `GET /api/reports/procedures/items?category&agency&from&to` → the items behind each figure.
 */
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { App, ServerContext } from '../../server/context.ts';
import { requireRole, requireUser } from '../../kernel/auth/http.ts';
import { badRequest } from '../../kernel/errors.ts';
import { IsoDateSchema, PageSchema, PageSizeSchema } from '../../kernel/schemas.ts';
import { toHcmDate } from '../../kernel/calendar/dates.ts';
import type { Role } from '../../kernel/auth/roles.ts';
import { listProcedures, procedureDetail, procedureFields } from './queries.ts';
import {
  PUBLICATION_CATEGORIES,
  REPORT_CATEGORIES,
  applyDecision,
  createDecision,
  decisionDetail,
  listDecisions,
  procedureReport,
  procedureVersionList,
  reportItems,
} from './decisions.ts';
import { reviewProcedure } from './service.ts';

export const REVIEW_ROLES: readonly Role[] = ['admin', 'centre_leader', 'office_leader'];
export const DECISION_ROLES: readonly Role[] = [
  'admin',
  'office_leader',
  'office_specialist',
  'centre_leader',
];

const Channel = z.enum(['counter', 'online', 'postal']);
const Unit = z.enum(['working_days', 'calendar_days', 'working_hours']);
const Code = z.string().min(1).max(64);
const Bool = z.enum(['true', 'false']).transform((v) => v === 'true');

const ListQuery = z.object({
  q: z.string().max(200).optional(),
  field: z.string().max(300).optional(),
  level: z.enum(['province', 'commune', 'ministry', 'other']).optional(),
  agency: z.string().max(64).optional(),
  fisheries: Bool.optional(),
  needsReview: Bool.optional(),
  fisheriesFirst: Bool.optional(),
  at: IsoDateSchema.optional(),
  page: PageSchema,
  pageSize: PageSizeSchema,
});

const TimeLimitInput = z
  .object({
    channel: Channel,
    value: z.number().min(0).max(10000).nullable(),
    unit: Unit.nullable(),
    text: z.string().max(500).nullable().optional(),
  })
  .strict()
  .transform((t) => ({
    channel: t.channel,
    value: t.value,
    unit: t.unit,
    text: t.text ?? null,
    // a limit without a number or a unit waits for review (never guessed)
    needsReview: t.value === null || t.unit === null,
  }));
/** A procedure record as a decision carries it (all fields optional but `name` for new ones). */
const ProcedureInput = z
  .object({
    name: z.string().min(1).max(2000).optional(),
    field: z.string().max(300).nullable().optional(),
    levels: z
      .array(z.enum(['province', 'commune', 'ministry', 'other']))
      .max(4)
      .optional(),
    agencyCode: z.string().max(64).nullable().optional(),
    agencyName: z.string().max(1000).nullable().optional(),
    coordinatingAgencies: z.array(z.string().max(500)).max(50).optional(),
    timeLimits: z.array(TimeLimitInput).max(3).optional(),
    fees: z
      .array(
        z
          .object({
            channel: Channel.nullable(),
            amount: z.number().min(0).max(1e12).nullable(),
            text: z.string().max(2000),
          })
          .strict(),
      )
      .max(20)
      .optional(),
    components: z
      .array(
        z
          .object({ name: z.string().min(1).max(4000), case: z.string().max(1000).nullable().optional() })
          .strict(),
      )
      .max(500)
      .optional(),
    results: z
      .array(z.object({ name: z.string().min(1).max(2000), code: z.string().max(100).nullable() }).strict())
      .max(50)
      .optional(),
    steps: z
      .array(
        z
          .object({
            name: z.string().min(1).max(1000),
            agency: z.string().max(64).nullable(),
            value: z.number().min(0).max(10000),
            unit: Unit,
          })
          .strict(),
      )
      .max(50)
      .optional(),
    interAgency: z
      .array(
        z
          .object({
            agencyCode: z.string().max(64).nullable(),
            agencyName: z.string().min(1).max(500),
            value: z.number().min(0).max(10000),
            unit: Unit,
          })
          .strict(),
      )
      .max(50)
      .optional(),
    onlineLevel: z.string().max(20).nullable().optional(),
    legalBasis: z
      .array(z.object({ title: z.string().min(1).max(2000), code: z.string().max(200).nullable() }).strict())
      .max(100)
      .optional(),
    applicants: z.array(z.string().max(500)).max(50).optional(),
    conditions: z.string().max(20000).nullable().optional(),
    fisheries: z.boolean().optional(),
    sourceUrl: z.string().max(1000).nullable().optional(),
  })
  .strict();

const DecisionBody = z
  .object({
    numberSymbol: z
      .string()
      .transform((v) => v.normalize('NFC').replace(/\s+/g, ''))
      .pipe(z.string().min(1).max(100)),
    date: IsoDateSchema,
    effectiveDate: IsoDateSchema,
    signer: z.string().max(300).nullable().optional(),
    basis: z.string().max(2000).nullable().optional(),
    agencyCode: z.string().max(64).nullable().optional(),
    summary: z.string().max(4000).nullable().optional(),
    items: z
      .array(
        z
          .object({
            category: z.enum(PUBLICATION_CATEGORIES),
            procedureCode: Code,
            replacesCode: Code.nullable().optional(),
            agencyCode: z.string().max(64).nullable().optional(),
            procedure: ProcedureInput.nullable().optional(),
          })
          .strict(),
      )
      .max(1000),
    timeCuts: z
      .array(
        z
          .object({
            procedureCode: Code,
            channel: Channel,
            oldValue: z.number().positive().max(10000),
            oldUnit: Unit,
            newValue: z.number().positive().max(10000),
            newUnit: Unit,
          })
          .strict(),
      )
      .max(1000)
      .optional(),
  })
  .strict();

const ReviewBody = z
  .object({
    timeLimits: z
      .array(z.object({ channel: Channel, value: z.number().positive().max(10000), unit: Unit }).strict())
      .min(1)
      .max(3),
    source: z.string().min(5).max(4000),
    validFrom: IsoDateSchema.optional(),
  })
  .strict();

const Period = z.object({ from: IsoDateSchema.optional(), to: IsoDateSchema.optional() });

function period(q: { from?: string; to?: string }) {
  const from = q.from ?? '0001-01-01';
  const to = q.to ?? toHcmDate(new Date());
  if (from > to)
    throw badRequest(
      'invalid_range',
      '"from" phải trước hoặc bằng "to".',
      '"from" must not be after "to".',
      'from',
    );
  return { from, to };
}

export async function procedureRoutes(app: App, { database }: ServerContext): Promise<void> {
  const db = database.db;

  // --- catalogue: signed-in and public copies ---
  for (const pub of [false, true]) {
    const base = pub ? '/api/public/procedures' : '/api/procedures';
    const guard = (req: FastifyRequest) => {
      if (!pub) requireUser(req);
    };
    app.get(
      base,
      {
        config: { public: pub },
        schema: {
          tags: ['procedures'],
          summary: 'Danh mục thủ tục hành chính / Procedure catalogue',
          querystring: ListQuery,
        },
      },
      async (req) => {
        guard(req);
        const { items, total } = await listProcedures(db, req.query);
        return { items, total };
      },
    );
    if (!pub) {
      app.get(
        '/api/procedures/fields',
        {
          schema: {
            tags: ['procedures'],
            summary: 'Lĩnh vực / Fields',
            querystring: z.object({ at: IsoDateSchema.optional() }),
          },
        },
        async (req) => {
          requireUser(req);
          return procedureFields(db, req.query.at);
        },
      );
    }
    app.get(
      `${base}/:code`,
      {
        config: { public: pub },
        schema: {
          tags: ['procedures'],
          summary: 'Thủ tục (phiên bản có hiệu lực) / Procedure in force on a date',
          params: z.object({ code: Code }),
          querystring: z.object({ at: IsoDateSchema.optional() }),
        },
      },
      async (req) => {
        guard(req);
        return procedureDetail(db, req.params.code, req.query.at);
      },
    );
  }

  app.get(
    '/api/procedures/:code/versions',
    {
      schema: {
        tags: ['procedures'],
        summary: 'Các phiên bản / Versions',
        params: z.object({ code: Code }),
      },
    },
    async (req) => {
      requireUser(req);
      const items = await procedureVersionList(db, req.params.code);
      return {
        items: items.map((v) => ({ ...v, version: Number(v.version) })),
        total: items.length,
      };
    },
  );

  app.post(
    '/api/procedures/:code/review',
    {
      schema: {
        tags: ['procedures'],
        summary: 'Rà soát thời hạn (đặt đơn vị theo văn bản) / Review time limits from the legal text',
        params: z.object({ code: Code }),
        body: ReviewBody,
      },
    },
    async (req, reply) => {
      const actor = requireRole(req, REVIEW_ROLES);
      const v = await db.transaction((tx) => reviewProcedure(tx, actor, req.params.code, req.body));
      const detail = await procedureDetail(db, req.params.code, v.validFrom);
      return reply.code(201).send(detail);
    },
  );

  // --- publication decisions ---
  app.post(
    '/api/publication-decisions',
    {
      schema: {
        tags: ['procedures'],
        summary: 'Ghi quyết định công bố TTHC / Record a publication decision',
        body: DecisionBody,
      },
    },
    async (req, reply) => {
      const actor = requireRole(req, DECISION_ROLES);
      const detail = await db.transaction(async (tx) => {
        const id = await createDecision(tx, actor, req.body);
        return decisionDetail(tx, id);
      });
      return reply.code(201).send(detail);
    },
  );

  app.get(
    '/api/publication-decisions',
    {
      schema: {
        tags: ['procedures'],
        summary: 'Quyết định công bố / Publication decisions (by decision date)',
        querystring: Period,
      },
    },
    async (req) => {
      requireUser(req);
      const { from, to } = period(req.query);
      const items = await listDecisions(db, from, to);
      return { items, total: items.length };
    },
  );

  app.get(
    '/api/publication-decisions/:id',
    {
      schema: {
        tags: ['procedures'],
        summary: 'Quyết định công bố / Publication decision',
        params: z.object({ id: z.uuid() }),
      },
    },
    async (req) => {
      requireUser(req);
      return decisionDetail(db, req.params.id);
    },
  );

  app.post(
    '/api/publication-decisions/:id/apply',
    {
      schema: {
        tags: ['procedures'],
        summary: 'Áp dụng quyết định vào danh mục / Apply a decision to the catalogue',
        params: z.object({ id: z.uuid() }),
      },
    },
    async (req) => {
      const actor = requireRole(req, DECISION_ROLES);
      return db.transaction(async (tx) => {
        await applyDecision(tx, actor, req.params.id);
        return decisionDetail(tx, req.params.id);
      });
    },
  );

  // --- report (REFERENCE §3 "Statistics") ---
  app.get(
    '/api/reports/procedures',
    {
      schema: {
        tags: ['reports'],
        summary: 'Thống kê công bố TTHC / Publication counts per category and agency',
        querystring: Period,
      },
    },
    async (req) => {
      requireUser(req);
      const { from, to } = period(req.query);
      return procedureReport(db, from, to);
    },
  );

  app.get(
    '/api/reports/procedures/items',
    {
      schema: {
        tags: ['reports'],
        summary: 'Danh sách sau một số liệu / Items behind a figure',
        querystring: Period.extend({
          category: z.enum(REPORT_CATEGORIES).optional(),
          agency: z.string().max(64).optional(),
        }),
      },
    },
    async (req) => {
      requireUser(req);
      const { from, to } = period(req.query);
      const items = await reportItems(db, {
        from,
        to,
        category: req.query.category,
        agency: req.query.agency,
      });
      return { items, total: items.length };
    },
  );
}
