/**
 * The citizen reception and petition report and its drill-downs (issue 5 §7; definitions in
 * petition-report.ts and docs/reports-petitions.md). Dates `YYYY-MM-DD`, Asia/Ho_Chi_Minh; `asOf`
 * defaults to `to`.
 *
 * - `GET /api/reports/petitions?from&to[&asOf][&agency]` → `{ receptions: { sessions, persons,
 *   massDelegations }, petitions: { received, eligible, ineligible, pending, byKind, ineligibleByReason,
 *   forwarded, guided, urged, resolved, overdue }, distinctMatters }`.
 * - `GET /api/reports/petitions/items?metric&from&to[&asOf][&agency][&page][&pageSize]` → `{ items, total,
 *   count }`; `total` equals the figure named by `metric` (e.g. `petitions.byKind.complaint`,
 *   `petitions.ineligibleByReason.duplicate`, `receptions.persons`). Identity-free.
 *
 * Who: office roles and admin see every register; reception roles, petition handlers and agency leaders
 * their own agency's (an `agency` filter outside it → 403).
 */
import { z } from 'zod';
import type { App, ServerContext } from '../../server/context.ts';
import { requireUser } from '../../kernel/auth/http.ts';
import { IsoDateSchema, PageSchema, PageSizeSchema } from '../../kernel/schemas.ts';
import {
  checkPetitionWindow,
  PETITION_METRICS,
  petitionDrillDown,
  petitionReport,
  REPORT_KINDS,
  REPORT_REASONS,
  scopePetitionFilter,
  type PetitionReportFilter,
} from './petition-report.ts';

const ReportQuery = z
  .object({
    from: IsoDateSchema,
    to: IsoDateSchema,
    asOf: IsoDateSchema.optional(),
    agency: z.string().min(1).max(64).optional(),
  })
  .strict();

const ItemsQuery = ReportQuery.extend({
  metric: z.enum(PETITION_METRICS),
  page: PageSchema,
  pageSize: PageSizeSchema,
}).strict();

const num = z.number();
const ReportOut = z.object({
  from: z.string(),
  to: z.string(),
  asOf: z.string(),
  agency: z.string().nullable(),
  receptions: z.object({ sessions: num, persons: num, massDelegations: num }),
  petitions: z.object({
    received: num,
    eligible: num,
    ineligible: num,
    pending: num,
    byKind: z.object(Object.fromEntries(REPORT_KINDS.map((k) => [k, num])) as Record<string, typeof num>),
    ineligibleByReason: z.object(
      Object.fromEntries(REPORT_REASONS.map((k) => [k, num])) as Record<string, typeof num>,
    ),
    forwarded: num,
    guided: num,
    urged: num,
    resolved: num,
    overdue: num,
  }),
  distinctMatters: num,
});

const ItemOut = z.object({
  id: z.string(),
  code: z.string(),
  date: z.string(),
  kind: z.string(),
  status: z.string().nullable(),
  eligibility: z.string().nullable(),
  reason: z.string().nullable(),
  channel: z.string().nullable(),
  handlingAgencyCode: z.string().nullable(),
  headcount: z.number().nullable(),
  massDelegation: z.boolean().nullable(),
  petitions: z.number().nullable(),
});

export async function petitionReportRoutes(app: App, ctx: ServerContext): Promise<void> {
  const { db } = ctx.database;

  const filterOf = (q: z.infer<typeof ReportQuery>, p: ReturnType<typeof requireUser>) => {
    const f: PetitionReportFilter = {
      from: q.from,
      to: q.to,
      asOf: q.asOf ?? q.to,
      ...(q.agency !== undefined ? { agency: q.agency } : {}),
    };
    checkPetitionWindow(f);
    return scopePetitionFilter(p, f);
  };

  app.get(
    '/api/reports/petitions',
    {
      schema: {
        tags: ['reports', 'petitions'],
        summary: 'Báo cáo tiếp công dân, xử lý đơn / Citizen reception and petition report',
        description:
          'Figures as of 24:00 (+07:00) of asOf (default to), from the petition history: eligibility is the ' +
          'latest set_eligibility event by then; forwarded/guided/urged/resolved = petitions with such an event ' +
          'by then; overdue = petitions with a clock open and past due at asOf. Each figure equals the total of ' +
          'GET /api/reports/petitions/items with the same filters and `metric` = its path.',
        querystring: ReportQuery,
        response: { 200: ReportOut },
      },
    },
    async (req) => {
      const p = requireUser(req);
      return petitionReport(db, filterOf(req.query, p));
    },
  );

  app.get(
    '/api/reports/petitions/items',
    {
      schema: {
        tags: ['reports', 'petitions'],
        summary: 'Danh sách của một chỉ tiêu / The rows behind one figure',
        querystring: ItemsQuery,
        response: {
          200: z.object({ metric: z.string(), items: z.array(ItemOut), total: num, count: num }),
        },
      },
    },
    async (req) => {
      const p = requireUser(req);
      const { metric, page, pageSize, ...q } = req.query;
      return petitionDrillDown(db, metric, filterOf(q, p), page, pageSize);
    },
  );
}
