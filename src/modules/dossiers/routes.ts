/**
 * Dossier intake, actions, files and staff-entered ratings over HTTP (issue 4 §3, §7, §8). Staff only
 * (session required); the public side is in `public-routes.ts`. See docs/dossiers.md.
 *
 * - `POST /api/dossiers` (counter_staff, callcentre_staff — channel `phone` only —, centre_leader, admin)
 *   `{ procedureCode, channel, applicant: { name, idNumber, phone, email?, address }, representative?,
 *   components: [{ name, original, count }], receivedAt? (centre_leader/admin back-entry), returnMethod,
 *   callerNumber?, note? }` → 201 `{ code, appointmentAt (ISO +07:00), status, … detail }`.
 * - `GET /api/dossiers?q&status&channel&agency&procedure&from&to&overdue&page&pageSize` → `{ items, total }`.
 * - `GET /api/dossiers/meta` → statuses (labels, national codes 1–10), transitions as data, channels…
 * - `GET /api/dossiers/{code}` → detail with events, steps, payments, files, rating, `allowedActions`.
 * - `POST /api/dossiers/{code}/actions` `{ action, expectedVersion?, …body }` → the detail.
 * - `POST /api/dossiers/{code}/files` (multipart: `kind` component|result, `componentIndex`?, `file`) → 201.
 * - `GET /api/dossiers/{code}/files/{id}` → the bytes.
 * - `POST /api/dossiers/{code}/ratings` (counter roles) `{ channel: kiosk|paper, vote, indices?, comment? }` → 201.
 */
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { App, ServerContext } from '../../server/context.ts';
import { requireRole, requireUser } from '../../kernel/auth/http.ts';
import type { Principal, Role } from '../../kernel/auth/roles.ts';
import { AppError, badRequest, forbidden, notFound } from '../../kernel/errors.ts';
import { IsoDateSchema, PageSchema, PageSizeSchema } from '../../kernel/schemas.ts';
import { getAgency } from '../../kernel/org/service.ts';
import { dossierFiles, dossiers } from '../../db/schema.ts';
import type { Tx } from '../../db/engine.ts';
import { isoHcm } from './fold.ts';
import { buildDetail, dossierDetail, listDossiers } from './queries.ts';
import {
  canSeeDossier,
  rateDossier,
  receiveDossierWithParts,
  takeDossierAction,
  type DossierRow,
} from './service.ts';
import {
  CENTRE_ROLES,
  CHANNELS,
  DOSSIER_STATUSES,
  DOSSIER_TRANSITIONS,
  ERAS,
  NATIONAL_STATUS_CODE,
  ND118_FROM,
  PER_DOSSIER_INDICES,
  RATING_CHANNELS,
  RETURN_METHODS,
  STATUS_LABELS,
  TIMELINESS,
  VOTES,
} from './rules.ts';
import { publicDossierRoutes } from './public-routes.ts';
import {
  attachDossierFile,
  checkFileType,
  FILE_MAX_BYTES,
  FILE_MIME_TYPES,
  fileTarget,
  PUBLIC_FILE_MIME_TYPES,
  readOneFile,
} from './uploads.ts';
import {
  ApplicantSchema,
  ComponentSchema,
  DateTimeSchema,
  IndicesSchema,
  msg,
  PhoneSchema,
  RepresentativeSchema,
  Text,
} from './schemas.ts';

// ---------------------------------------------------------------------------------------------------
// Schemas (shared with the public routes)

const IntakeBody = z
  .object({
    procedureCode: Text(64),
    channel: z.enum(CHANNELS),
    applicant: ApplicantSchema,
    representative: RepresentativeSchema.nullable().optional(),
    components: z.array(ComponentSchema).max(100),
    receivedAt: DateTimeSchema.nullable().optional(),
    returnMethod: z.enum(RETURN_METHODS),
    callerNumber: PhoneSchema.nullable().optional(),
    note: z.string().trim().max(4000).nullable().optional(),
  })
  .strict();

const ActionBodySchema = z
  .object({
    action: z.string().min(1).max(50),
    expectedVersion: z.number().int().min(0).optional(),
    note: z.string().max(4000).nullable().optional(),
    missing: z.array(Text(500)).max(100).optional(),
    reasons: z.array(Text(1000)).max(50).optional(),
    agencyCode: z.string().trim().min(1).max(64).nullable().optional(),
    kind: z.enum(['internal', 'inter_agency']).optional(),
    name: Text(300).optional(),
    dueAt: DateTimeSchema.nullable().optional(),
    value: z.number().positive().max(3650).optional(),
    unit: z.enum(['working_days', 'calendar_days', 'working_hours']).optional(),
    stepSeq: z.number().int().min(1).optional(),
    amount: z.number().int().min(0).max(1_000_000_000_000).optional(),
    newDate: IsoDateSchema.optional(),
    method: z.enum(RETURN_METHODS).optional(),
    postal: z
      .object({ itemCode: Text(64), sentOn: IsoDateSchema.nullable().optional() })
      .strict()
      .optional(),
    deliveredOn: IsoDateSchema.optional(),
    receiptNumber: z.string().trim().min(1).max(64).nullable().optional(),
  })
  .strict();

const StaffRatingBody = z
  .object({
    channel: z.enum(['kiosk', 'paper']),
    vote: z.enum(VOTES),
    indices: IndicesSchema.nullable().optional(),
    comment: z.string().trim().max(2000).nullable().optional(),
  })
  .strict();

const CodeParams = z.object({ code: z.string().min(1).max(80) });

const ListQuerySchema = z
  .object({
    q: z.string().trim().max(200).optional(),
    status: z
      .string()
      .max(300)
      .refine(
        (s) => s.split(',').every((x) => (DOSSIER_STATUSES as readonly string[]).includes(x)),
        msg('Trạng thái không hợp lệ', 'Unknown status'),
      )
      .optional(),
    channel: z.enum(CHANNELS).optional(),
    agency: z.string().max(64).optional(),
    procedure: z.string().max(64).optional(),
    from: IsoDateSchema.optional(),
    to: IsoDateSchema.optional(),
    overdue: z.enum(['true', 'false']).optional(),
    page: PageSchema,
    pageSize: PageSizeSchema,
  })
  .strict();

/** Roles that record intake at the one-stop (callcentre_staff: phone only). */
export const INTAKE_ROLES: readonly Role[] = ['counter_staff', 'callcentre_staff', 'centre_leader'];
/** Roles allowed to back-enter a receipt time (`receivedAt`). */
export const BACK_ENTRY_ROLES: readonly Role[] = ['centre_leader', 'admin'];
/** Roles that may upload files (who may see the dossier also applies). */
const FILE_ROLES: readonly Role[] = [...CENTRE_ROLES, 'processing_officer'];

export { FILE_MAX_BYTES, FILE_MIME_TYPES };

/** The dossier meta as data (for the UI and the docs). */
export function dossierMeta() {
  return {
    statuses: DOSSIER_STATUSES.map((s) => ({
      status: s,
      label: STATUS_LABELS[s],
      nationalStatus: NATIONAL_STATUS_CODE[s],
    })),
    transitions: DOSSIER_TRANSITIONS,
    channels: CHANNELS,
    returnMethods: RETURN_METHODS,
    eras: ERAS.map((e) => ({
      era: e,
      from: e === 'nd118' ? ND118_FROM : null,
      to: e === 'nd61' ? '2025-06-30' : null,
    })),
    timeliness: TIMELINESS,
    votes: VOTES,
    ratingChannels: RATING_CHANNELS,
    ratingIndices: PER_DOSSIER_INDICES,
    fileLimits: {
      maxBytes: FILE_MAX_BYTES,
      mimeTypes: FILE_MIME_TYPES,
      publicMimeTypes: PUBLIC_FILE_MIME_TYPES,
    },
    codeFormat: {
      format: '<mã định danh bộ phận một cửa>-YYMMDD-XXXX',
      source: 'TT 01/2018/TT-VPCP Art 19',
      nd118Verified: false,
    },
  };
}

async function findVisible(tx: Tx, p: Principal, code: string): Promise<DossierRow> {
  const [row] = await tx.select().from(dossiers).where(eq(dossiers.code, code));
  if (!row || !canSeeDossier(p, row)) throw notFound('hồ sơ / dossier', 'code');
  return row;
}

export async function dossierRoutes(app: App, ctx: ServerContext): Promise<void> {
  const { database, calendar } = ctx;
  const db = database.db;

  app.post(
    '/api/dossiers',
    {
      schema: { tags: ['dossiers'], summary: 'Tiếp nhận hồ sơ / Receive a dossier', body: IntakeBody },
    },
    async (req, reply) => {
      const actor = requireRole(req, INTAKE_ROLES);
      const b = req.body;
      const isAdmin = actor.roles.includes('admin');
      if (
        !isAdmin &&
        !actor.roles.some((r) => r === 'counter_staff' || r === 'centre_leader') &&
        b.channel !== 'phone'
      )
        throw new AppError(
          403,
          'forbidden',
          'Điện thoại viên chỉ tiếp nhận hồ sơ qua tổng đài (channel = phone).',
          'Call-centre operators record phone filings only (channel = phone).',
          'channel',
        );
      if (b.receivedAt && !actor.roles.some((r) => BACK_ENTRY_ROLES.includes(r)))
        throw new AppError(
          403,
          'back_entry_forbidden',
          'Chỉ lãnh đạo Trung tâm được nhập bổ sung thời điểm tiếp nhận.',
          'Only the centre leader may back-enter a receipt time.',
          'receivedAt',
        );
      const detail = await db.transaction(async (tx) => {
        // the intake takes the calendar's SHARE lock and reads its sequence in its own query
        const { row, event, body } = await receiveDossierWithParts(tx, calendar, actor, b);
        // built from what the intake wrote: no read-back queries
        return buildDetail(actor, row, {
          events: [event],
          steps: [],
          payments: [],
          files: [],
          ratings: [],
          body,
          names: new Map([[body.agencyCode, body.name]]),
        });
      });
      return reply.code(201).send(detail);
    },
  );

  app.get(
    '/api/dossiers',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'Danh sách hồ sơ / Dossier list',
        querystring: ListQuerySchema,
      },
    },
    async (req) => {
      const p = requireUser(req);
      const q = req.query;
      if (q.from && q.to && q.from > q.to)
        throw badRequest('from_after_to', 'Từ ngày sau đến ngày.', '`from` is after `to`.', 'from');
      return listDossiers(db, p, {
        ...q,
        overdue: q.overdue === undefined ? undefined : q.overdue === 'true',
      });
    },
  );

  app.get(
    '/api/dossiers/meta',
    { schema: { tags: ['dossiers'], summary: 'Trạng thái, thao tác / Statuses and actions' } },
    async (req) => {
      requireUser(req);
      return dossierMeta();
    },
  );

  app.get(
    '/api/dossiers/:code',
    { schema: { tags: ['dossiers'], summary: 'Chi tiết hồ sơ / Dossier detail', params: CodeParams } },
    async (req) => {
      const p = requireUser(req);
      return db.transaction(async (tx) => dossierDetail(tx, p, await findVisible(tx, p, req.params.code)));
    },
  );

  app.post(
    '/api/dossiers/:code/actions',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'Thao tác trên hồ sơ / Take an action',
        params: CodeParams,
        body: ActionBodySchema,
      },
    },
    async (req) => {
      const p = requireUser(req);
      return db.transaction(async (tx) => {
        // an agency named in the body (transfer, start_step) must exist: 400 with its path
        const agencyCode = req.body.agencyCode?.trim();
        if (agencyCode && !(await getAgency(tx, agencyCode)))
          throw badRequest(
            'unknown_agency',
            `Không có cơ quan mã ${agencyCode}.`,
            `No agency with code ${agencyCode}.`,
            'agencyCode',
          );
        const cal = await calendar.forDeadline(tx);
        const row = await takeDossierAction(tx, cal, p, req.params.code, req.body);
        return dossierDetail(tx, p, row);
      });
    },
  );

  app.post(
    '/api/dossiers/:code/files',
    {
      schema: { tags: ['dossiers'], summary: 'Tải lên tệp / Upload a file', params: CodeParams },
    },
    async (req, reply) => {
      const p = requireRole(req, FILE_ROLES);
      const file = await readOneFile(req);
      const target = fileTarget(file.fields);
      checkFileType(file, FILE_MIME_TYPES);
      const out = await db.transaction(async (tx) => {
        const row = await findVisible(tx, p, req.params.code);
        return attachDossierFile(tx, row.id, file, target, p);
      });
      return reply.code(201).send(out);
    },
  );

  app.get(
    '/api/dossiers/:code/files/:id',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'Tải tệp / Download a file',
        params: z.object({ code: z.string().min(1).max(80), id: z.uuid() }),
      },
    },
    async (req, reply) => {
      const p = requireUser(req);
      const f = await db.transaction(async (tx) => {
        const row = await findVisible(tx, p, req.params.code);
        const [file] = await tx
          .select()
          .from(dossierFiles)
          .where(and(eq(dossierFiles.id, req.params.id), eq(dossierFiles.dossierId, row.id)));
        if (!file) throw notFound('tệp / file', 'id');
        return file;
      });
      return reply
        .type(f.mime)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.name)}`)
        .header('x-content-type-options', 'nosniff')
        .send(Buffer.from(f.data, 'base64'));
    },
  );

  app.post(
    '/api/dossiers/:code/ratings',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'Ghi nhận đánh giá (máy tính bảng, phiếu giấy) / Record a rating (kiosk, paper)',
        params: CodeParams,
        body: StaffRatingBody,
      },
    },
    async (req, reply) => {
      const p = requireRole(req, CENTRE_ROLES);
      const out = await db.transaction(async (tx) => {
        const row = await findVisible(tx, p, req.params.code);
        if (!p.roles.includes('admin') && p.agencyCode !== row.receivingBodyCode) throw forbidden();
        // kiosk: the citizen rates on the counter tablet, nobody is recorded; paper: the staff who typed it
        const r = await rateDossier(tx, row, req.body, req.body.channel === 'paper' ? p.id : null);
        return {
          code: row.code,
          channel: r.channel,
          vote: r.vote,
          indices: r.indices,
          score: r.score,
          at: isoHcm(r.at),
        };
      });
      return reply.code(201).send(out);
    },
  );

  await publicDossierRoutes(app, ctx);
}
