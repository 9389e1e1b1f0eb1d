/**
 * Urging letters (công văn đôn đốc) about an agency's tasks — see urging.ts.
 *
 * - `GET /api/tasks/urging-letters/draft.json?agency=SNNPTNT&asOf=2022-09-15[&from][&date][&issuer=VP|UBND]`
 *   (office roles) → `{ agency, asOf, date, numberSymbol: null, blankSymbol, tasks, counts }`: the tasks the
 *   letter lists (awaiting receipt + in progress overdue as of `asOf`, task-table predicates).
 * - `GET /api/tasks/urging-letters/draft?…` (office roles) → the DOCX draft: no number ("Số:      /VP-KTTH"),
 *   the day blank; 409 `nothing_to_urge` when there is no task to list.
 * - `POST /api/tasks/urging-letters` (office leader, admin) `{ agency, asOf, date, from?, issuer?, replyBy?,
 *   signer?: { title?, name? } }` → 201 `{ document, number, numberSymbol, tasks }`: number from the register,
 *   document registered with the DOCX, an `urged` event on each task — one transaction.
 *
 * Agency roles get 403; an unknown agency (or one not in force at `asOf` / `date`) 400 with path `agency`.
 */
import { z } from 'zod';
import type { App, ServerContext } from '../../server/context.ts';
import { requireRole } from '../../kernel/auth/http.ts';
import { IsoDateSchema } from '../../kernel/schemas.ts';
import { DOCX_MIME } from '../petitions/letters.ts';
import {
  issueUrgingLetter,
  nothingToUrge,
  renderUrgingLetter,
  urgingDraft,
  URGING_ISSUERS,
  type UrgingIssuer,
} from './urging.ts';

const DRAFT_ROLES = ['admin', 'office_leader', 'office_specialist'] as const;
const ISSUE_ROLES = ['admin', 'office_leader'] as const;

const Issuer = z.enum(Object.keys(URGING_ISSUERS) as [UrgingIssuer, ...UrgingIssuer[]]);
const DraftQuery = z.object({
  agency: z.string().min(1).max(64),
  asOf: IsoDateSchema,
  from: IsoDateSchema.optional(),
  date: IsoDateSchema.optional(),
  issuer: Issuer.optional(),
  replyBy: IsoDateSchema.optional(),
  signerTitle: z.string().max(200).optional(),
  signerName: z.string().max(200).optional(),
});

const TaskSchema = z.object({
  id: z.string(),
  ref: z.string().nullable(),
  title: z.string(),
  documentNumber: z.string(),
  documentDate: z.string().nullable(),
  clause: z.string().nullable(),
  assignedDate: z.string(),
  deadline: z.string().nullable(),
  status: z.string(),
  timeliness: z.string(),
  daysOverdue: z.number(),
});

export async function taskUrgingRoutes(app: App, { database }: ServerContext) {
  const db = database.db;
  const draftOf = async (p: ReturnType<typeof requireRole>, q: z.infer<typeof DraftQuery>) =>
    urgingDraft(db, p, {
      ...q,
      signer: { title: q.signerTitle ?? null, name: q.signerName ?? null },
    });

  app.get(
    '/api/tasks/urging-letters/draft.json',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Dự thảo công văn đôn đốc (danh sách) / Urging letter draft (tasks)',
        querystring: DraftQuery,
        response: {
          200: z.object({
            agency: z.object({ code: z.string(), name: z.string() }),
            asOf: z.string(),
            date: z.string(),
            numberSymbol: z.null(),
            blankSymbol: z.string(),
            tasks: z.array(TaskSchema),
            counts: z.object({ total: z.number(), awaitingReceipt: z.number(), overdue: z.number() }),
          }),
        },
      },
    },
    async (req) => {
      const p = requireRole(req, DRAFT_ROLES);
      const d = await draftOf(p, req.query);
      return {
        agency: d.agency,
        asOf: d.asOf,
        date: d.date,
        numberSymbol: null,
        blankSymbol: d.blankSymbol,
        tasks: d.tasks,
        counts: {
          total: d.tasks.length,
          awaitingReceipt: d.tasks.filter((x) => x.status === 'awaiting_receipt').length,
          overdue: d.tasks.filter((x) => x.timeliness === 'overdue').length,
        },
      };
    },
  );

  app.get(
    '/api/tasks/urging-letters/draft',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Dự thảo công văn đôn đốc (DOCX) / Urging letter draft (DOCX)',
        querystring: DraftQuery,
      },
    },
    async (req, reply) => {
      const p = requireRole(req, DRAFT_ROLES);
      const d = await draftOf(p, req.query);
      if (!d.tasks.length) throw nothingToUrge(d.agency.name, d.asOf);
      const buf = await renderUrgingLetter(d);
      reply.header('content-type', DOCX_MIME);
      reply.header(
        'content-disposition',
        `attachment; filename="du-thao-cong-van-don-doc_${encodeURIComponent(d.agency.code)}_${d.asOf}.docx"`,
      );
      return reply.send(buf);
    },
  );

  app.post(
    '/api/tasks/urging-letters',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Ban hành công văn đôn đốc / Issue an urging letter',
        body: z
          .object({
            agency: z.string().min(1).max(64),
            asOf: IsoDateSchema,
            date: IsoDateSchema,
            from: IsoDateSchema.optional(),
            issuer: Issuer.optional(),
            replyBy: IsoDateSchema.nullable().optional(),
            signer: z
              .object({
                title: z.string().max(200).nullable().optional(),
                name: z.string().max(200).nullable().optional(),
              })
              .strict()
              .nullable()
              .optional(),
          })
          .strict(),
      },
    },
    async (req, reply) => {
      const p = requireRole(req, ISSUE_ROLES);
      const r = await db.transaction((tx) => issueUrgingLetter(tx, p, req.body));
      return reply.code(201).send(r);
    },
  );
}
