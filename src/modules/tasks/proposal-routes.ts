/**
 * Tasks proposed from a directive (issue 6 item 7; REFERENCE §1). Office specialists, Office leaders and
 * admins only (403 otherwise).
 *
 * - `POST /api/tasks/proposals` — either `multipart/form-data` with `file` (DOCX or PDF, ≤ 10 MB) and the
 *   optional fields `documentDate`, `documentId`, `numberSymbol`; or JSON
 *   `{ text, documentDate?, documentId?, numberSymbol? }`.
 *   → `{ documentDate, documentId, numberSymbol, text, clauses, proposals }` (see `proposals.ts` for the
 *   shapes). The document date is `documentDate`, else the registered document's date (`documentId`), else
 *   the date line of the text's header ("Quảng Ngãi, ngày 15 tháng 8 năm 2022"); none → 400
 *   `document_date_required` (path `documentDate`). File problems → 400 with path `file`
 *   (`file_required`, `file_too_large`, `unsupported_file_type`, `unreadable_file`, `no_text`). Nothing is
 *   written.
 * - `POST /api/tasks/proposals/confirm` `{ documentId, assignedBy?, proposals: [ { clause: { start, end,
 *   text, label }, leadAgency, cooperatingAgencies, content, deadline } ] }` → 201 `{ tasks }` (task
 *   details). One transaction: every task is created through `createTask` (same `assigned` event, history
 *   and ref series as a manual task) and keeps its clause (`tasks.source_clause_*`, and `tasks.clause` =
 *   the label). Any error rolls everything back and names the proposal: `proposals.3.leadAgency`
 *   (unknown agency or not in force on the document date), `proposals.0.deadline` (before the document
 *   date), … `leadAgency` / cooperating entries are codes or `{ code }`; `deadline` is `YYYY-MM-DD`, null
 *   (continuous task) or `{ date }` as proposed.
 */
import { eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { App, ServerContext } from '../../server/context.ts';
import type { Tx } from '../../db/engine.ts';
import { tasks } from '../../db/schema.ts';
import { requireRole } from '../../kernel/auth/http.ts';
import type { Principal } from '../../kernel/auth/roles.ts';
import { AppError, badRequest, notFound } from '../../kernel/errors.ts';
import { IsoDateSchema } from '../../kernel/schemas.ts';
import { getDocument, mayReadDocument } from '../../kernel/documents/service.ts';
import { listAgencies } from '../../kernel/org/service.ts';
import { ASSIGNED_BY, TASK_MANAGER_ROLES } from './rules.ts';
import { createTask } from './service.ts';
import { taskDetail } from './details.ts';
import { proposeTasks, type ProposerAgency } from './proposals.ts';
import { directiveText, headerOf, MAX_DIRECTIVE_CHARS } from './directive-text.ts';

/** Largest clause offset accepted (characters); far above `MAX_DIRECTIVE_CHARS`, inside PostgreSQL `integer`. */
const MAX_CLAUSE_OFFSET = 10_000_000;

const AgencyCode = z.string().min(1).max(64);
const CodeOrRef = z.union([AgencyCode, z.object({ code: AgencyCode }).loose()]);
const codeOf = (v: z.infer<typeof CodeOrRef>) => (typeof v === 'string' ? v : v.code);

const ProposeJson = z
  .object({
    text: z.string().min(1).max(MAX_DIRECTIVE_CHARS),
    documentDate: IsoDateSchema.nullable().optional(),
    documentId: z.uuid().nullable().optional(),
    numberSymbol: z.string().max(100).nullable().optional(),
  })
  .strict();

const ConfirmBody = z
  .object({
    documentId: z.uuid(),
    assignedBy: z.enum(ASSIGNED_BY).optional(),
    proposals: z
      .array(
        z
          .object({
            // character offsets in the directive text (stored as 32-bit integers); start ≤ end
            clause: z
              .object({
                start: z.number().int().min(0).max(MAX_CLAUSE_OFFSET),
                end: z.number().int().min(0).max(MAX_CLAUSE_OFFSET),
                text: z.string().min(1).max(20_000),
                label: z.string().min(1).max(200),
              })
              .strict()
              .refine((c) => c.start <= c.end, {
                path: ['end'],
                message:
                  'Vị trí cuối của điều khoản phải sau vị trí đầu | The clause must end after it starts',
              }),
            leadAgency: CodeOrRef,
            cooperatingAgencies: z.array(CodeOrRef).max(200).default([]),
            content: z.string().trim().min(1).max(4000),
            deadline: z.union([
              IsoDateSchema,
              z.null(),
              z.object({ date: IsoDateSchema.nullable() }).loose(),
            ]),
          })
          .strict(),
      )
      .min(1)
      .max(500),
  })
  .strict();

/** First zod issue as the API's 400 (the body of a multipart request is validated here, not by fastify). */
function zodError(e: z.ZodError): AppError {
  const issue = e.issues[0]!;
  const path = issue.path.join('.') || null;
  return badRequest(
    'validation_error',
    `Giá trị không hợp lệ: ${path ?? ''}`,
    `Invalid value: ${path ?? ''} (${issue.message})`,
    path,
  );
}

/**
 * A body that is neither multipart nor JSON (e.g. `text/plain`, which fastify parses as a string) is
 * refused with 415 `unsupported_media_type` (path `body`) instead of a pathless validation error.
 */
function requireJson(req: FastifyRequest): void {
  const type = String(req.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();
  if (type === 'application/json' || type.endsWith('+json')) return;
  throw new AppError(
    415,
    'unsupported_media_type',
    'Kiểu nội dung không được hỗ trợ: gửi JSON (application/json) hoặc tệp (multipart/form-data).',
    'Unsupported content type: send JSON (application/json) or a file (multipart/form-data).',
    'body',
  );
}

async function agenciesOf(db: Tx): Promise<ProposerAgency[]> {
  return (await listAgencies(db)).map((a) => ({
    code: a.code,
    name: a.name,
    kind: a.kind,
    validFrom: a.validFrom,
    validTo: a.validTo,
  }));
}

async function readableDocument(db: Tx, p: Principal, id: string, path: string) {
  const d = await getDocument(db, id);
  if (!d || !mayReadDocument(p, d)) throw notFound('văn bản / document', path);
  return d;
}

export async function taskProposalRoutes(app: App, { database, calendar }: ServerContext) {
  const db = database.db;

  app.post(
    '/api/tasks/proposals',
    {
      bodyLimit: 2 * MAX_DIRECTIVE_CHARS * 4,
      schema: {
        tags: ['tasks'],
        summary: 'Đề xuất nhiệm vụ từ văn bản chỉ đạo / Propose tasks from a directive',
        description:
          'multipart/form-data (file: DOCX|PDF; documentDate?, documentId?, numberSymbol?) or JSON ' +
          '{ text, documentDate?, documentId?, numberSymbol? }. Nothing is written.',
      },
    },
    async (req) => {
      const p = requireRole(req, TASK_MANAGER_ROLES);
      let input: z.infer<typeof ProposeJson>;
      if (req.isMultipart()) {
        const fields: Record<string, string> = {};
        let buf: Buffer | null = null;
        for await (const part of req.parts()) {
          if (part.type === 'file') {
            if (part.fieldname !== 'file' || buf) {
              await part.toBuffer();
              throw badRequest(
                'unexpected_file',
                'Chỉ gửi một tệp, tên trường "file".',
                'Send one file, field "file".',
                part.fieldname,
              );
            }
            buf = await part.toBuffer();
          } else if (typeof part.value === 'string' && part.value !== '') fields[part.fieldname] = part.value;
        }
        if (!buf || !buf.length)
          throw badRequest('file_required', 'Thiếu tệp văn bản.', 'No file was sent.', 'file');
        const { text } = await directiveText(buf);
        const parsed = ProposeJson.safeParse({ ...fields, text });
        if (!parsed.success) throw zodError(parsed.error);
        input = parsed.data;
      } else {
        requireJson(req);
        const parsed = ProposeJson.safeParse(req.body);
        if (!parsed.success) throw zodError(parsed.error);
        input = parsed.data;
      }
      const header = headerOf(input.text);
      const doc = input.documentId ? await readableDocument(db, p, input.documentId, 'documentId') : null;
      const documentDate = input.documentDate ?? doc?.date ?? header.date;
      if (!documentDate) {
        throw badRequest(
          'document_date_required',
          'Cần ngày của văn bản (nhập ngày, chọn văn bản đã đăng ký hoặc văn bản có dòng "…, ngày … tháng … năm …").',
          'The document date is needed (give it, pick a registered document, or a text with its date line).',
          'documentDate',
        );
      }
      const [agencies, cal] = [await agenciesOf(db), await calendar.current(db)];
      const r = proposeTasks(input.text, { documentDate, agencies, calendar: cal });
      return {
        documentDate,
        documentId: doc?.id ?? null,
        numberSymbol: input.numberSymbol ?? doc?.numberSymbol ?? header.numberSymbol,
        text: r.text,
        clauses: r.clauses,
        proposals: r.proposals,
      };
    },
  );

  app.post(
    '/api/tasks/proposals/confirm',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Tạo nhiệm vụ từ các đề xuất đã duyệt / Create the confirmed proposals as tasks',
        body: ConfirmBody,
      },
      // the role is checked before the body is validated: another role gets 403, never a 400
      preValidation: async (req) => {
        requireRole(req, TASK_MANAGER_ROLES);
        requireJson(req);
      },
    },
    async (req, reply) => {
      const actor = requireRole(req, TASK_MANAGER_ROLES);
      const body = req.body;
      const out = await db.transaction(async (tx) => {
        await readableDocument(tx, actor, body.documentId, 'documentId');
        const details = [];
        for (const [i, pr] of body.proposals.entries()) {
          const path = `proposals.${i}`;
          if (pr.clause.end < pr.clause.start)
            throw badRequest(
              'invalid_clause_range',
              'Vị trí cuối của điều khoản phải sau vị trí đầu.',
              'The clause must end after it starts.',
              `${path}.clause.end`,
            );
          const deadline =
            pr.deadline === null || typeof pr.deadline === 'string' ? pr.deadline : pr.deadline.date;
          let row;
          try {
            row = await createTask(tx, actor, {
              title: pr.content,
              document: { id: body.documentId },
              clause: pr.clause.label,
              assignedBy: body.assignedBy ?? 'committee',
              leadAgency: codeOf(pr.leadAgency),
              cooperatingAgencies: pr.cooperatingAgencies.map(codeOf),
              deadline,
            });
          } catch (e) {
            if (e instanceof AppError && e.path && e.path !== 'document')
              throw new AppError(e.status, e.code, e.messageVi, e.messageEn, `${path}.${e.path}`);
            throw e;
          }
          await tx
            .update(tasks)
            .set({
              sourceClauseLabel: pr.clause.label,
              sourceClauseText: pr.clause.text,
              sourceClauseStart: pr.clause.start,
              sourceClauseEnd: pr.clause.end,
            })
            .where(eq(tasks.id, row.id));
          details.push(await taskDetail(tx, actor, row.id));
        }
        return details;
      });
      return reply.code(201).send({ tasks: out });
    },
  );
}
