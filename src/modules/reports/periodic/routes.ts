/**
 * Reporting periods and the periodic report (issue 6 §1, §2, §4; REFERENCE §5; ND 09/2019/NĐ-CP art. 12;
 * TT 06/2025/TT-TTCP). Dates `YYYY-MM-DD` in Asia/Ho_Chi_Minh, windows inclusive.
 *
 * - `GET /api/reporting-periods?year=2022` → `{ year, periods: ReportingPeriod[] }` (12 months, Q1–Q4,
 *   6 months, 9 months, year); any signed-in user; year 2000–2100 else 400.
 * - `GET /api/reports/periodic?kind&year[&number][&from&to when kind=custom][&taskFrom&taskTo&taskAsOf]`
 *   → `PeriodicReport` computed live (narrative and task window override from the draft; query overrides win),
 *   plus `blocks` (the template filled in, `lang` vi|en, default vi) and `title`.
 * - `GET /api/reports/periodic/draft?kind&year[&number|from&to]` → the draft (empty when none);
 *   `PUT` the same query with `{ narrative: { [slot]: RichDoc }, taskWindow? }` → the saved draft.
 * - `POST /api/reports/periodic/snapshots` `{ kind, year, number?, from?, to?, taskWindow? }` → 201
 *   `ReportSnapshot` (stored, never changed).
 * - `GET /api/reports/periodic/snapshots?kind&year[&number|from&to]` → `{ items, total }` without the report;
 *   `GET /api/reports/periodic/snapshots/:id` → the snapshot; `…/:id/diff` → `SnapshotDiff` + hashes.
 * - `GET /api/reports/periodic/templates` → `{ items: [{ id, name }] }`.
 *
 * Who: office_leader, office_specialist and admin (the Office writes the report); others 403.
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Tx } from '../../../db/engine.ts';
import type { App, ServerContext } from '../../../server/context.ts';
import { requireRole, requireUser } from '../../../kernel/auth/http.ts';
import type { Role } from '../../../kernel/auth/roles.ts';
import { AppError, badRequest } from '../../../kernel/errors.ts';
import { periodicReport } from './figures.ts';
import { periodKey, periodOf, reportingPeriods } from './periods.ts';
import {
  checkNarrative,
  DraftBodySchema,
  PeriodQuerySchema,
  ReportQuerySchema,
  SnapshotBodySchema,
} from './schemas.ts';
import { createSnapshot, getDraft, getSnapshot, listSnapshots, putDraft, snapshotDiff } from './snapshots.ts';
import { fillTemplate, fillTitle, getTemplate, listTemplates, narrativeSlots } from './template.ts';
import type { RichDoc, TaskWindow } from './types.ts';

/** Roles that read and write periodic reports. */
export const PERIODIC_REPORT_ROLES: readonly Role[] = ['admin', 'office_leader', 'office_specialist'];

const compact = (w: Partial<TaskWindow> | null | undefined): Partial<TaskWindow> | undefined => {
  if (!w) return undefined;
  const o: Partial<TaskWindow> = {};
  if (w.from) o.from = w.from;
  if (w.to) o.to = w.to;
  if (w.asOf) o.asOf = w.asOf;
  return Object.keys(o).length ? o : undefined;
};

/**
 * Runs `f` in one REPEATABLE READ transaction, so every section of the report reads the same database
 * state (a write committed halfway through cannot make the sections disagree).
 */
function consistent<T>(db: Db, mode: 'read only' | 'read write', f: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql.raw(`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ ${mode.toUpperCase()}`));
    return f(tx);
  });
}

export async function periodicReportRoutes(app: App, { database, taskIndex }: ServerContext) {
  const db = database.db;

  app.get(
    '/api/reporting-periods',
    {
      schema: {
        tags: ['reports'],
        summary: 'Các kỳ báo cáo của một năm / Reporting periods of a year',
        description:
          'ND 09/2019/NĐ-CP art. 12; TT 06/2025/TT-TTCP: months 15th → 14th, quarters, 6 / 9 months and the year cumulative from 15/12 of the previous year; due on the 17th of the cut-off month.',
        querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100) }).strict(),
      },
    },
    async (req) => {
      requireUser(req);
      return { year: req.query.year, periods: reportingPeriods(req.query.year) };
    },
  );

  app.get(
    '/api/reports/periodic/templates',
    { schema: { tags: ['reports'], summary: 'Mẫu báo cáo định kỳ / Periodic report templates' } },
    async (req) => {
      requireRole(req, PERIODIC_REPORT_ROLES);
      const items = listTemplates();
      return { items, total: items.length };
    },
  );

  app.get(
    '/api/reports/periodic',
    {
      schema: {
        tags: ['reports'],
        summary: 'Báo cáo định kỳ (tính trực tiếp) / The periodic report, computed live',
        description:
          'Figures from the modules as of the cut-off (period.to); the task section uses the task window ' +
          '(default: programme start 12/11/2021 → cut-off + 1 day, as the seed). `links[key].api` lists the items behind a figure.',
        querystring: ReportQuerySchema.extend({ lang: z.enum(['vi', 'en']).optional() }),
      },
    },
    async (req) => {
      const p = requireRole(req, PERIODIC_REPORT_ROLES);
      const q = req.query;
      const period = periodOf(q);
      const draft = await getDraft(db, period);
      const override = compact({ from: q.taskFrom, to: q.taskTo, asOf: q.taskAsOf });
      const report = await consistent(db, 'read only', (tx) =>
        periodicReport(tx, {
          period,
          taskWindow: override ?? draft.taskWindow ?? undefined,
          narrative: draft.narrative,
          principal: p,
          templateId: q.templateId,
          taskIndex,
        }),
      );
      const t = getTemplate(report.templateId);
      const lang = q.lang ?? 'vi';
      return {
        ...report,
        periodKey: periodKey(period),
        title: fillTitle(t, report, lang),
        blocks: fillTemplate(t, report, lang),
        draftUpdatedAt: draft.updatedAt,
      };
    },
  );

  app.get(
    '/api/reports/periodic/draft',
    {
      schema: {
        tags: ['reports'],
        summary: 'Bản nháp phần nội dung / The narrative draft of a period',
        querystring: PeriodQuerySchema.strict(),
      },
    },
    async (req) => {
      requireRole(req, PERIODIC_REPORT_ROLES);
      const period = periodOf(req.query);
      return { ...(await getDraft(db, period)), slots: narrativeSlots(getTemplate()) };
    },
  );

  app.put(
    '/api/reports/periodic/draft',
    {
      bodyLimit: 4 * 1024 * 1024,
      schema: {
        tags: ['reports'],
        summary: 'Lưu phần nội dung (rich text) / Save the narrative draft',
        querystring: PeriodQuerySchema.strict(),
        body: DraftBodySchema,
      },
    },
    async (req) => {
      const p = requireRole(req, PERIODIC_REPORT_ROLES);
      const period = periodOf(req.query);
      const narrative = req.body.narrative as Record<string, RichDoc>;
      checkNarrative(narrative, narrativeSlots(getTemplate()));
      const tw = compact(req.body.taskWindow);
      if (tw?.from && tw.to && tw.from > tw.to)
        throw badRequest(
          'invalid_task_window',
          'Cửa sổ nhiệm vụ: "from" phải trước hoặc bằng "to".',
          'Task window: "from" must not be after "to".',
          'taskWindow.from',
        );
      return db.transaction((tx) => putDraft(tx, p, period, { narrative, taskWindow: tw ?? null }));
    },
  );

  app.post(
    '/api/reports/periodic/snapshots',
    {
      schema: {
        tags: ['reports'],
        summary: 'Chốt báo cáo (bản lưu không đổi) / Take a snapshot of the report',
        body: SnapshotBodySchema,
      },
    },
    async (req, reply) => {
      const p = requireRole(req, PERIODIC_REPORT_ROLES);
      const period = periodOf(req.body);
      const snap = await consistent(db, 'read write', (tx) =>
        createSnapshot(tx, p, period, { taskWindow: compact(req.body.taskWindow), taskIndex }),
      ).catch((e: unknown) => {
        // the task window is `taskWindow.{from,to,asOf}` in this body (the GET query names it taskFrom…)
        if (e instanceof AppError && e.code === 'invalid_task_window' && e.path?.startsWith('task'))
          throw new AppError(
            e.status,
            e.code,
            e.messageVi,
            e.messageEn,
            `taskWindow.${e.path.slice(4, 5).toLowerCase()}${e.path.slice(5)}`,
          );
        throw e;
      });
      return reply.code(201).send(snap);
    },
  );

  app.get(
    '/api/reports/periodic/snapshots',
    {
      schema: {
        tags: ['reports'],
        summary: 'Các bản chốt của một kỳ / Snapshots of a period',
        querystring: PeriodQuerySchema.strict(),
      },
    },
    async (req) => {
      requireRole(req, PERIODIC_REPORT_ROLES);
      const period = periodOf(req.query);
      const items = await listSnapshots(db, periodKey(period));
      return { items, total: items.length };
    },
  );

  app.get(
    '/api/reports/periodic/snapshots/:id',
    {
      schema: {
        tags: ['reports'],
        summary: 'Một bản chốt / One snapshot',
        params: z.object({ id: z.uuid() }),
        querystring: z.object({ lang: z.enum(['vi', 'en']).optional() }).strict(),
      },
    },
    async (req) => {
      requireRole(req, PERIODIC_REPORT_ROLES);
      const snap = await getSnapshot(db, req.params.id);
      const t = getTemplate(snap.report.templateId);
      const lang = req.query.lang ?? 'vi';
      return {
        ...snap,
        title: fillTitle(t, snap.report, lang),
        blocks: fillTemplate(t, snap.report, lang),
      };
    },
  );

  app.get(
    '/api/reports/periodic/snapshots/:id/diff',
    {
      schema: {
        tags: ['reports'],
        summary: 'So sánh bản chốt với số liệu hiện tại / What changed since a snapshot',
        description:
          'Recomputes the report for the same period and windows; lists the figures that differ and the records ' +
          'dated on or before the cut-off but recorded after the snapshot (back-entered).',
        params: z.object({ id: z.uuid() }),
      },
    },
    async (req) => {
      const p = requireRole(req, PERIODIC_REPORT_ROLES);
      return consistent(db, 'read only', (tx) => snapshotDiff(tx, p, req.params.id, { taskIndex }));
    },
  );
}
