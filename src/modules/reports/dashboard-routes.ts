/**
 * Dashboard endpoints (issue 6 point 9; definitions in dashboard.ts and docs/dashboards.md). Dates
 * `YYYY-MM-DD`, Asia/Ho_Chi_Minh; month buckets are calendar months in Asia/Ho_Chi_Minh clipped to the window.
 *
 * - `GET /api/dashboards/trends?from&to[&agency]` → `{ from, to, agency, months: [{ month, from, to, tasks,
 *   dossiers, petitions, links }], byAgency: [{ agencyCode, agencyName, tasks, dossiers, petitions, links }] }`,
 *   as of `to`. Window ≤ 5 years (400 `window_too_long`, path `to`).
 * - `GET /api/dashboards/ranking?from&to[&asOf]` → `{ from, to, asOf, rule: { vi, en, minItems, weights },
 *   rows: [{ rank, agencyCode, agencyName, tasks: { due, onTime, rate }, dossiers: { resolved, onTime, rate },
 *   score, ranked, links }] }`; `asOf` defaults to `to` and may not precede it (400 `as_of_before_to`).
 *
 * `links` name, per figure, the item lists (existing endpoints: /api/tasks, /api/reports/dossiers/items,
 * /api/reports/petitions/items) whose `total`s add up to the figure; a figure without a matching list filter
 * has no entry (tasks completed by completion date).
 *
 * Who: office roles and admin see everything; agency leader / staff their own agency (its row only in the
 * ranking, with its rank among all; petitions for the agency leader only); other roles 403.
 */
import { z } from 'zod';
import type { App, ServerContext } from '../../server/context.ts';
import { requireUser } from '../../kernel/auth/http.ts';
import { IsoDateSchema } from '../../kernel/schemas.ts';
import { badRequest } from '../../kernel/errors.ts';
import { getAgency } from '../../kernel/org/service.ts';
import {
  checkDashboardWindow,
  checkRankingAsOf,
  dashboardRanking,
  dashboardScope,
  dashboardTrends,
} from './dashboard.ts';

const TrendQuery = z
  .object({ from: IsoDateSchema, to: IsoDateSchema, agency: z.string().min(1).max(64).optional() })
  .strict();
const RankingQuery = z
  .object({ from: IsoDateSchema, to: IsoDateSchema, asOf: IsoDateSchema.optional() })
  .strict();

const n = z.number();
const Links = z.record(z.string(), z.array(z.string()));
const FigureShape = {
  tasks: z.object({ assigned: n, completed: n, completedOnTime: n, overdueOpenAtMonthEnd: n }),
  dossiers: z.object({ received: n, resolved: n, resolvedOnTime: n, resolvedLate: n }),
  petitions: z.object({ received: n, eligible: n }).nullable(),
  links: z.object({ tasks: Links, dossiers: Links, petitions: Links }),
};
const TrendsOut = z.object({
  from: z.string(),
  to: z.string(),
  agency: z.string().nullable(),
  months: z.array(z.object({ month: z.string(), from: z.string(), to: z.string(), ...FigureShape })),
  byAgency: z.array(z.object({ agencyCode: z.string(), agencyName: z.string(), ...FigureShape })),
});
const RankingOut = z.object({
  from: z.string(),
  to: z.string(),
  asOf: z.string(),
  rule: z.object({
    vi: z.string(),
    en: z.string(),
    minItems: n,
    weights: z.object({ tasks: n, dossiers: n }),
  }),
  rows: z.array(
    z.object({
      rank: n.nullable(),
      agencyCode: z.string(),
      agencyName: z.string(),
      tasks: z.object({ due: n, onTime: n, rate: n.nullable() }),
      dossiers: z.object({ resolved: n, onTime: n, rate: n.nullable() }),
      score: n.nullable(),
      ranked: z.boolean(),
      links: z.object({ tasks: Links, dossiers: Links }),
    }),
  ),
});

export async function dashboardRoutes(app: App, ctx: ServerContext): Promise<void> {
  const { db } = ctx.database;

  app.get(
    '/api/dashboards/trends',
    {
      schema: {
        tags: ['reports', 'dashboards'],
        summary: 'Xu hướng theo tháng và theo cơ quan / Monthly and per-agency trends',
        description:
          'Calendar months in Asia/Ho_Chi_Minh clipped to [from, to]; figures as of `to`. Tasks from task_states with ' +
          'the task table predicate; dossiers from dossier_stats_daily; petitions from the petition report. ' +
          '`links`: item lists whose totals add up to each figure.',
        querystring: TrendQuery,
        response: { 200: TrendsOut },
      },
    },
    async (req) => {
      const p = requireUser(req);
      const q = req.query;
      checkDashboardWindow(q);
      const scope = dashboardScope(p, q.agency);
      if (q.agency !== undefined && !(await getAgency(db, q.agency)))
        throw badRequest(
          'unknown_agency',
          `Không có cơ quan mã ${q.agency}.`,
          `No agency with code ${q.agency}.`,
          'agency',
        );
      return dashboardTrends(db, { from: q.from, to: q.to }, scope, p);
    },
  );

  app.get(
    '/api/dashboards/ranking',
    {
      schema: {
        tags: ['reports', 'dashboards'],
        summary: 'Xếp hạng cơ quan theo tỷ lệ đúng hạn / Agency ranking by on-time rates',
        description:
          'The rule is returned in `rule` (vi, en). Ranks over all agencies; agency roles get their own row only.',
        querystring: RankingQuery,
        response: { 200: RankingOut },
      },
    },
    async (req) => {
      const p = requireUser(req);
      const q = req.query;
      const f = { from: q.from, to: q.to, asOf: q.asOf ?? q.to };
      checkDashboardWindow(f);
      checkRankingAsOf(f);
      const scope = dashboardScope(p, undefined);
      return dashboardRanking(db, f, scope);
    },
  );
}
