/**
 * Task endpoints (REFERENCE §1). Every endpoint checks role and agency scope on the server.
 *
 * - `POST /api/tasks` — create (office roles, admin) → 201 task detail. The deadline is a date (`deadline`) or
 *   a rule `deadlineRule: { workingDays: 1–365, from: 'document_date' | 'assigned_date' }` that the calendar
 *   turns into a date once, now (not both).
 * - `GET /api/tasks?from&to&asOf&status&timeliness&agency&q&document&deadlineFrom&deadlineTo&sort&order&page&pageSize`
 *   → `{ items, total }`: the list behind a table cell (same predicate); dates YYYY-MM-DD (Asia/Ho_Chi_Minh);
 *   defaults: from = 0001-01-01, to = today, asOf = to.
 * - `GET /api/tasks/{id}` → the task with its history and the actions the viewer may take.
 * - `POST /api/tasks/{id}/actions` `{ action, note?, deadline?, document?, occurredOn? }` → the task.
 * - `POST /api/tasks/import[?dryRun=true]` (office roles, admin) — histories, all or nothing, idempotent by `ref`.
 * - `POST /api/tasks/import/xlsx` (multipart `file`) → `{ tasks }` in the JSON import format, for preview.
 * - `POST /api/tasks/transfer-agency` (office leader, admin) — move an abolished agency's open tasks to its successor.
 * - `GET /api/reports/tasks?from&to[&asOf][&agency]` → the status × timeliness table; `…/tasks.xlsx` the same as XLSX.
 * - `GET /api/tasks/meta` → the state machine as data (statuses, transitions, labels).
 */
import { z } from 'zod';
import type { App, ServerContext } from '../../server/context.ts';
import { requireRole, requireUser } from '../../kernel/auth/http.ts';
import { AppError, badRequest } from '../../kernel/errors.ts';
import { DateOrDateTimeSchema, IsoDateSchema, PageSchema, PageSizeSchema } from '../../kernel/schemas.ts';
import { toHcmDate } from '../../kernel/calendar/dates.ts';
import {
  ASSIGNED_BY,
  IMPORTABLE_EVENT_TYPES,
  STATUS_LABELS,
  TASK_MANAGER_ROLES,
  TASK_STATUSES,
  TASK_TRANSITIONS,
  TIMELINESS,
  TRANSFER_ROLES,
} from './rules.ts';
import { createTask, takeAction, transferAgencyTasks } from './service.ts';
import { importTasks } from './import.ts';
import { listTasks, taskTable } from './queries.ts';
import { taskDetail } from './details.ts';
import { readImportWorkbook, taskTableXlsx } from './xlsx.ts';
import { DEADLINE_RULE_FROM } from './deadline-rule.ts';

const DocumentRefSchema = z.union([
  z.object({ id: z.uuid() }).strict(),
  z
    .object({
      numberSymbol: z.string().min(1).max(100),
      date: z.string().min(1).max(40),
      summary: z.string().min(1).max(2000),
      issuerCode: z.string().max(64).nullable().optional(),
      issuerName: z.string().max(300).nullable().optional(),
    })
    .strict(),
]);

const AgencyCode = z.string().min(1).max(64);

const TableRowSchema = z.object({
  status: z.string(),
  onTime: z.number(),
  overdue: z.number(),
  noDeadline: z.number(),
  total: z.number(),
});
const TableSchema = z.object({
  from: z.string(),
  to: z.string(),
  asOf: z.string(),
  total: z.number(),
  rows: z.array(TableRowSchema),
  byAgency: z.array(
    z.object({ agency: z.string(), name: z.string(), rows: z.array(TableRowSchema), total: z.number() }),
  ),
});

const ImportEventSchema = z
  .object({
    type: z.enum(IMPORTABLE_EVENT_TYPES),
    at: DateOrDateTimeSchema,
    deadline: IsoDateSchema.optional(),
    note: z.string().max(4000).optional(),
  })
  .strict();
const ImportTaskSchema = z
  .object({
    ref: z.string().min(1).max(100),
    title: z.string().min(1).max(4000),
    document: z
      .object({
        number: z.string().min(1).max(100),
        date: z.string().min(1).max(40),
        summary: z.string().max(2000).optional(),
      })
      .strict(),
    clause: z.string().max(200).optional(),
    assignedBy: z.enum(ASSIGNED_BY),
    leadAgency: AgencyCode,
    cooperatingAgencies: z.array(AgencyCode).max(200).default([]),
    assignedAt: IsoDateSchema,
    deadline: IsoDateSchema.nullable(),
    followUnit: AgencyCode.optional(),
    events: z.array(ImportEventSchema).max(500),
  })
  .strict();
export const ImportBodySchema = z.object({ tasks: z.array(ImportTaskSchema).max(50_000) }).strict();

const ListQuery = z.object({
  from: IsoDateSchema.optional(),
  to: IsoDateSchema.optional(),
  asOf: IsoDateSchema.optional(),
  status: z.enum(TASK_STATUSES).optional(),
  timeliness: z.enum(TIMELINESS).optional(),
  agency: AgencyCode.optional(),
  cooperating: AgencyCode.optional(),
  q: z.string().max(200).optional(),
  document: z.uuid().optional(),
  deadlineFrom: IsoDateSchema.optional(),
  deadlineTo: IsoDateSchema.optional(),
  sort: z.enum(['assigned', 'deadline', 'status', 'agency', 'ref']).optional(),
  order: z.enum(['asc', 'desc']).optional(),
  page: PageSchema,
  pageSize: PageSizeSchema,
});

/** Window defaults and checks shared by the table and the list. */
function window(q: { from?: string; to?: string; asOf?: string }) {
  const from = q.from ?? '0001-01-01';
  const to = q.to ?? toHcmDate(new Date());
  const asOf = q.asOf ?? to;
  if (from > to)
    throw badRequest(
      'invalid_range',
      '"from" phải trước hoặc bằng "to".',
      '"from" must not be after "to".',
      'from',
    );
  return { from, to, asOf };
}

export async function taskRoutes(app: App, { database, calendar, taskIndex }: ServerContext) {
  const db = database.db;
  /** in-memory read model of the task states for the table (see table-index.ts) */
  const index = taskIndex;
  // warm the index in the background once the server is ready (at 1M tasks loading takes a while)
  app.addHook('onReady', async () => {
    index.refresh(db).catch((e: unknown) => app.log.warn({ err: e }, 'task table index warm-up failed'));
  });

  app.get(
    '/api/tasks/meta',
    { schema: { tags: ['tasks'], summary: 'Máy trạng thái / State machine as data' } },
    async (req) => {
      requireUser(req);
      return {
        statuses: TASK_STATUSES.map((s) => ({ status: s, label: STATUS_LABELS[s] })),
        timeliness: TIMELINESS,
        transitions: TASK_TRANSITIONS,
      };
    },
  );

  app.post(
    '/api/tasks',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Giao nhiệm vụ / Create a task from a directive document',
        body: z
          .object({
            ref: z.string().min(1).max(100).nullable().optional(),
            title: z.string().min(1).max(4000),
            document: DocumentRefSchema,
            clause: z.string().max(200).nullable().optional(),
            assignedBy: z.enum(ASSIGNED_BY),
            assignerCode: AgencyCode.nullable().optional(),
            leadAgency: AgencyCode,
            cooperatingAgencies: z.array(AgencyCode).max(200).optional(),
            assignedAt: IsoDateSchema.nullable().optional(),
            deadline: IsoDateSchema.nullable().optional(),
            deadlineRule: z
              .object({
                workingDays: z.number().int().min(1).max(365),
                from: z.enum(DEADLINE_RULE_FROM),
              })
              .strict()
              .nullable()
              .optional(),
            followUnit: AgencyCode.nullable().optional(),
            followerUserId: z.uuid().nullable().optional(),
          })
          .strict(),
      },
    },
    async (req, reply) => {
      const actor = requireRole(req, TASK_MANAGER_ROLES);
      const detail = await db.transaction(async (tx) => {
        const cal = req.body.deadlineRule ? await calendar.forDeadline(tx) : undefined;
        const row = await createTask(tx, actor, req.body, { calendar: cal });
        return taskDetail(tx, actor, row.id);
      });
      return reply.code(201).send(detail);
    },
  );

  app.get(
    '/api/tasks',
    { schema: { tags: ['tasks'], summary: 'Danh sách nhiệm vụ / Task list', querystring: ListQuery } },
    async (req) => {
      const p = requireUser(req);
      return listTasks(db, { ...req.query, ...window(req.query) }, p);
    },
  );

  app.get(
    '/api/tasks/:id',
    { schema: { tags: ['tasks'], params: z.object({ id: z.uuid() }) } },
    async (req) => taskDetail(db, requireUser(req), req.params.id),
  );

  app.post(
    '/api/tasks/:id/actions',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Chuyển trạng thái / Take an action',
        params: z.object({ id: z.uuid() }),
        body: z
          .object({
            action: z.string().min(1).max(50),
            note: z.string().max(4000).nullable().optional(),
            deadline: IsoDateSchema.nullable().optional(),
            document: DocumentRefSchema.nullable().optional(),
            occurredOn: IsoDateSchema.nullable().optional(),
          })
          .strict(),
      },
    },
    async (req) => {
      const p = requireUser(req);
      return db.transaction(async (tx) => {
        await takeAction(tx, p, req.params.id, req.body);
        return taskDetail(tx, p, req.params.id);
      });
    },
  );

  app.post(
    '/api/tasks/import',
    {
      bodyLimit: 50 * 1024 * 1024,
      schema: {
        tags: ['tasks'],
        summary: 'Nhập lịch sử nhiệm vụ / Import task histories',
        querystring: z.object({ dryRun: z.enum(['true', 'false']).optional() }),
        body: ImportBodySchema,
        response: {
          200: z.object({
            imported: z.number(),
            skipped: z.array(z.string()),
            dryRun: z.boolean().optional(),
          }),
        },
      },
    },
    async (req) => {
      const actor = requireRole(req, TASK_MANAGER_ROLES);
      const dry = req.query.dryRun === 'true';
      const DRY = Symbol('dry-run');
      let result: { imported: number; skipped: string[] } | undefined;
      try {
        await db.transaction(async (tx) => {
          result = await importTasks(tx, actor, req.body.tasks);
          if (dry) throw DRY;
        });
      } catch (e) {
        if (e !== DRY) throw e;
      }
      return { ...result!, ...(dry ? { dryRun: true } : {}) };
    },
  );

  app.post(
    '/api/tasks/import/xlsx',
    { schema: { tags: ['tasks'], summary: 'Đọc tệp XLSX để xem trước / Read an XLSX for preview' } },
    async (req) => {
      requireRole(req, TASK_MANAGER_ROLES);
      if (!req.isMultipart()) {
        throw new AppError(
          415,
          'unsupported_media_type',
          'Cần gửi tệp dạng multipart/form-data.',
          'Send the file as multipart/form-data.',
          'file',
        );
      }
      const file = await req.file();
      if (!file) throw badRequest('file_required', 'Thiếu tệp.', 'No file was sent.', 'file');
      const buf = await file.toBuffer();
      return readImportWorkbook(buf);
    },
  );

  app.post(
    '/api/tasks/transfer-agency',
    {
      schema: {
        tags: ['tasks', 'org'],
        summary: 'Chuyển nhiệm vụ sang cơ quan kế thừa / Move open tasks to a successor agency',
        body: z
          .object({
            from: AgencyCode,
            to: AgencyCode,
            date: IsoDateSchema.nullable().optional(),
            reason: z.string().min(1).max(2000),
            document: DocumentRefSchema.nullable().optional(),
          })
          .strict(),
        response: { 200: z.object({ moved: z.number(), taskIds: z.array(z.string()) }) },
      },
    },
    async (req) => {
      const actor = requireRole(req, TRANSFER_ROLES);
      return db.transaction((tx) => transferAgencyTasks(tx, actor, req.body));
    },
  );

  const TableQuery = z.object({
    from: IsoDateSchema,
    to: IsoDateSchema,
    asOf: IsoDateSchema.optional(),
    agency: AgencyCode.optional(),
  });

  app.get(
    '/api/reports/tasks',
    {
      schema: {
        tags: ['reports', 'tasks'],
        summary: 'Bảng tình hình thực hiện nhiệm vụ / Task status × timeliness table',
        description:
          'Tasks assigned in [from, to], as of `asOf` (default `to`), dates in Asia/Ho_Chi_Minh. One row per status; ' +
          'sum of rows = total. `agency` = lead agency. Each cell equals the total of GET /api/tasks with the same filters.',
        querystring: TableQuery,
        response: { 200: TableSchema },
      },
    },
    async (req) => {
      const p = requireUser(req);
      return taskTable(db, { ...window(req.query), agency: req.query.agency }, p, index);
    },
  );

  app.get(
    '/api/reports/tasks.xlsx',
    {
      schema: {
        tags: ['reports', 'tasks'],
        summary: 'Bảng nhiệm vụ dạng XLSX / The table as XLSX',
        querystring: TableQuery,
      },
    },
    async (req, reply) => {
      const p = requireUser(req);
      const t = await taskTable(db, { ...window(req.query), agency: req.query.agency }, p, index);
      reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      reply.header('content-disposition', `attachment; filename="nhiem-vu_${t.from}_${t.to}_${t.asOf}.xlsx"`);
      return reply.send(await taskTableXlsx(t));
    },
  );
}
