/**
 * The dossier report and its drill-downs (issue 4 §4, §8; definitions in dossier-report.ts and
 * docs/reports-dossiers.md). Dates `YYYY-MM-DD`, Asia/Ho_Chi_Minh; `asOf` defaults to `to`.
 *
 * - `GET /api/reports/dossiers?from&to[&asOf][&agency][&body][&procedure]` → figures, `byAgency`, `byProcedure`.
 * - `GET /api/reports/dossiers/items?metric&from&to[&asOf][&agency][&body][&procedure][&page][&pageSize]`
 *   → `{ items, total }`; `total` equals the figure named by `metric` (e.g. `received.phone`,
 *   `resolved.late`, `pending.overLimit`, `supplements`, `satisfaction.satisfied`).
 * - `GET /api/reports/dossiers.xlsx?…` → the same figures as XLSX.
 *
 * Who: office roles, admin and the centre leader see everything; counter and call-centre staff their
 * receiving body; processing officers and agency roles their processing agency (a filter outside it → 403).
 * `agency=-` selects dossiers not yet transferred to a processing agency.
 */
import { z } from 'zod';
import type { App, ServerContext } from '../../server/context.ts';
import { requireUser } from '../../kernel/auth/http.ts';
import { IsoDateSchema, PageSchema, PageSizeSchema } from '../../kernel/schemas.ts';
import {
  checkWindow,
  dossierReport,
  drillDown,
  DRILL_METRICS,
  scopeFilter,
  type ReportFilter,
} from './dossier-report.ts';
import { dossierReportXlsx } from './dossier-xlsx.ts';

const Code = z.string().min(1).max(64);

const ReportQuery = z.object({
  from: IsoDateSchema,
  to: IsoDateSchema,
  asOf: IsoDateSchema.optional(),
  agency: Code.optional(),
  body: Code.optional(),
  procedure: Code.optional(),
});

const ItemsQuery = ReportQuery.extend({
  metric: z.enum(DRILL_METRICS),
  page: PageSchema,
  pageSize: PageSizeSchema,
});

const FiguresShape = {
  received: z.object({
    total: z.number(),
    byChannel: z.object({ counter: z.number(), online: z.number(), postal: z.number(), phone: z.number() }),
  }),
  resolved: z.object({ early: z.number(), onTime: z.number(), late: z.number() }),
  pending: z.object({ withinLimit: z.number(), overLimit: z.number() }),
  supplements: z.number(),
  refusals: z.number(),
  apologies: z.number(),
  withdrawals: z.number(),
  satisfaction: z.object({
    rated: z.number(),
    satisfied: z.number(),
    neutral: z.number(),
    unsatisfied: z.number(),
    percentSatisfied: z.number(),
  }),
};

const ReportSchema = z.object({
  ...FiguresShape,
  from: z.string(),
  to: z.string(),
  asOf: z.string(),
  body: z.string().nullable(),
  agency: z.string().nullable(),
  byAgency: z.array(z.object({ agencyCode: z.string(), agencyName: z.string(), ...FiguresShape })),
  byProcedure: z.array(
    z.object({
      procedureCode: z.string(),
      procedureName: z.string(),
      agencyCode: z.string().nullable(),
      ...FiguresShape,
    }),
  ),
});

const ItemSchema = z.object({
  code: z.string(),
  procedureCode: z.string(),
  procedureName: z.string(),
  channel: z.string(),
  receivingBodyCode: z.string(),
  agencyCode: z.string().nullable(),
  receivedAt: z.string().nullable(),
  appointmentAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  status: z.string(),
  timeliness: z.string().nullable(),
  applicantName: z.string().nullable(),
  eventType: z.string().nullable(),
  eventAt: z.string().nullable(),
});

export async function dossierReportRoutes(app: App, ctx: ServerContext): Promise<void> {
  const { db } = ctx.database;

  const filterOf = (req: { query: z.infer<typeof ReportQuery> }, p: ReturnType<typeof requireUser>) => {
    const q = req.query;
    const f: ReportFilter = {
      from: q.from,
      to: q.to,
      asOf: q.asOf ?? q.to,
      ...(q.agency !== undefined ? { agency: q.agency } : {}),
      ...(q.body !== undefined ? { body: q.body } : {}),
      ...(q.procedure !== undefined ? { procedure: q.procedure } : {}),
    };
    checkWindow(f);
    return scopeFilter(p, f);
  };

  app.get(
    '/api/reports/dossiers',
    {
      schema: {
        tags: ['reports', 'dossiers'],
        summary: 'Báo cáo tình hình giải quyết hồ sơ TTHC / Dossier report',
        description:
          'Period figures count what happened on a day in [from, min(to, asOf)] (receipt, result-ready, event, ' +
          'rating day; Asia/Ho_Chi_Minh). Pending is the stock at 24:00 of asOf (default to): within / over the ' +
          'appointment in force. Each figure equals the total of GET /api/reports/dossiers/items with the same ' +
          'filters and `metric` = its path.',
        querystring: ReportQuery,
        response: { 200: ReportSchema },
      },
    },
    async (req) => {
      const p = requireUser(req);
      return dossierReport(db, filterOf(req, p));
    },
  );

  app.get(
    '/api/reports/dossiers/items',
    {
      schema: {
        tags: ['reports', 'dossiers'],
        summary: 'Danh sách hồ sơ của một chỉ tiêu / The dossiers behind one figure',
        querystring: ItemsQuery,
        response: { 200: z.object({ items: z.array(ItemSchema), total: z.number() }) },
      },
    },
    async (req) => {
      const p = requireUser(req);
      return drillDown(db, req.query.metric, filterOf(req, p), req.query.page, req.query.pageSize);
    },
  );

  app.get(
    '/api/reports/dossiers.xlsx',
    {
      schema: {
        tags: ['reports', 'dossiers'],
        summary: 'Báo cáo hồ sơ dạng XLSX / The dossier report as XLSX',
        querystring: ReportQuery,
      },
    },
    async (req, reply) => {
      const p = requireUser(req);
      const r = await dossierReport(db, filterOf(req, p));
      reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      reply.header('content-disposition', `attachment; filename="ho-so_${r.from}_${r.to}_${r.asOf}.xlsx"`);
      return reply.send(await dossierReportXlsx(r));
    },
  );
}
