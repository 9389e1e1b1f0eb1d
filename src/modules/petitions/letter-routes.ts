/**
 * Letters of a petition over HTTP (issue 5 item 9; `letters.ts` for the content, layout and legal sources).
 *
 * - `GET /api/petitions/{id}/letters` → `{ items: [ { kind, documentId, numberSymbol, date, summary,
 *   agencyCode, at } ] }`, the letters issued for it (from its `forward` / `urge` events), oldest first.
 * - `GET /api/petitions/{id}/letters/{forwarding|urging}.docx?draft=1[&toAgencyCode=][&agencyCode=]
 *   [&replyBy=YYYY-MM-DD][&signerName=][&signerTitle=]` → the DRAFT as DOCX: "Số: …/PC-BTCD", the day of
 *   the date line blank; the recipient defaults to the body that holds the petition.
 *   Without `draft` → the latest ISSUED letter of that kind exactly as it was issued (404
 *   `letter_not_issued` when none).
 * - `POST /api/petitions/{id}/letters/{forwarding|urging}/issue` `{ toAgencyCode? | agencyCode?, replyBy?,
 *   signerName?, signerTitle?, note?, version }` (`version` required: 400 on `version` without it; a second issue with
 *   the same version is 409 `stale`) → 201 `{ documentId, numberSymbol, date, agencyCode,
 *   petition: { id, code, status, version, handlingAgencyCode } }`: in ONE transaction takes the next number of the issuer's outgoing register (ND 30/2020
 *   Art 15; per calendar year, Asia/Ho_Chi_Minh), registers the document with the DOCX attached, and takes
 *   the petition's action — `forward` `{ toAgencyCode, letterDocumentId }` or `urge` `{ agencyCode,
 *   letterDocumentId }` — with the petition service's role, scope, state and version checks (403 / 409 /
 *   422 as that action answers; then no number is taken).
 *
 * Who: drafts and issued letters — the petition read roles (reception officer and leader, petition handler of
 * the body that holds it, office leader; admin); issuing — the reception board's leader and admin only
 * (officers prepare drafts; ND 30/2020 Art 13: the head or a deputy "KT." signs), and the action's own role,
 * scope, state and version checks. A recipient not in force on the letter's date → 400 `agency_not_in_force`
 * naming its successors (agencies.ts). A denunciation's letters never carry the
 * denouncer's identity (Luật Tố cáo 2018 Art 8 cl.3, Art 56), whoever asks, grant or not: a letter goes
 * to another body.
 */
import { z } from 'zod';
import type { App, ServerContext } from '../../server/context.ts';
import { requireRole } from '../../kernel/auth/http.ts';
import { AppError } from '../../kernel/errors.ts';
import { IsoDateSchema } from '../../kernel/schemas.ts';
import { toHcmDate } from '../../kernel/calendar/dates.ts';
import {
  DOCX_MIME,
  LETTER_KINDS,
  issueLetterDocument,
  issuedLetterFile,
  issuedLetters,
  loadLetterData,
  assertNoIdentity,
  renderLetter,
  type LetterKind,
} from './letters.ts';
import { LETTER_ISSUER_ROLES, PETITION_READ_ROLES } from './rules.ts';
import { takePetitionAction, visiblePetition, type PetitionActionRequest } from './service.ts';

const Id = z.object({ id: z.uuid({ error: 'Mã đơn không hợp lệ | Invalid petition id' }) });
const FileParams = Id.extend({
  file: z.enum(['forwarding.docx', 'urging.docx'], {
    // "vi | en" — the error handler splits a custom message at " | ": neither half may contain one
    error:
      'Văn bản phải là forwarding.docx hoặc urging.docx | The letter must be forwarding.docx or urging.docx',
  }),
});
const KindParams = Id.extend({
  kind: z.enum(LETTER_KINDS, {
    error: 'Loại văn bản phải là forwarding hoặc urging | The letter kind must be forwarding or urging',
  }),
});
const AgencyCode = z.string().trim().min(1).max(64);
const Text = (max: number) => z.string().trim().min(1).max(max);

const DraftQuery = z
  .object({
    draft: z.enum(['1', 'true', '0', 'false']).optional(),
    toAgencyCode: AgencyCode.optional(),
    agencyCode: AgencyCode.optional(),
    replyBy: IsoDateSchema.optional(),
    signerName: Text(120).optional(),
    signerTitle: Text(120).optional(),
  })
  .strict();

const IssueBody = z
  .object({
    toAgencyCode: AgencyCode.optional(),
    agencyCode: AgencyCode.optional(),
    replyBy: IsoDateSchema.optional(),
    signerName: Text(120).optional(),
    signerTitle: Text(120).optional(),
    note: Text(2000).optional(),
    // required: the petition's version as the client read it (a double click issues one letter, the
    // others are 409 `stale`)
    version: z
      .number({
        error:
          'Cần phiên bản của đơn đã đọc (version, số nguyên) | The petition version you read (an integer) is required',
      })
      .int()
      .min(0),
  })
  .strict();

/** Content-Disposition with an ASCII filename and its RFC 5987 UTF-8 twin. */
const attachment = (name: string) =>
  `attachment; filename="${name.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;

const today = () => toHcmDate(new Date());

export async function petitionLetterRoutes(app: App, ctx: ServerContext): Promise<void> {
  const db = ctx.database.db;

  app.get(
    '/api/petitions/:id/letters',
    {
      schema: {
        tags: ['petitions', 'letters'],
        summary: 'Văn bản đã phát hành của đơn / Letters issued for a petition',
        params: Id,
      },
    },
    async (req) => {
      const p = requireRole(req, PETITION_READ_ROLES);
      return db.transaction(async (tx) => {
        await visiblePetition(tx, p, req.params.id);
        return { items: await issuedLetters(tx, req.params.id) };
      });
    },
  );

  app.get(
    '/api/petitions/:id/letters/:file',
    {
      schema: {
        tags: ['petitions', 'letters'],
        summary: 'Phiếu chuyển đơn / công văn đôn đốc (DOCX) / Forwarding or urging letter as DOCX',
        description:
          'ND 30/2020 layout, A4. `draft=1`: the draft ("Số: …", day blank) addressed to `toAgencyCode` ' +
          '(forwarding) or `agencyCode` (urging), default the body that holds the petition. Without draft: the ' +
          'latest issued letter as issued (404 letter_not_issued). A denunciation letter never carries the ' +
          "denouncer's identity (Luật Tố cáo 2018 Art 8 cl.3, Art 56; TT 05/2021 Mẫu 03).",
        params: FileParams,
        querystring: DraftQuery,
      },
    },
    async (req, reply) => {
      const p = requireRole(req, PETITION_READ_ROLES);
      const kind = req.params.file.replace(/\.docx$/, '') as LetterKind;
      const q = req.query;
      const draft = q.draft === '1' || q.draft === 'true';
      const out = await db.transaction(async (tx) => {
        const row = await visiblePetition(tx, p, req.params.id);
        if (!draft) {
          const f = await issuedLetterFile(tx, row.id, kind);
          if (!f)
            throw new AppError(
              404,
              'letter_not_issued',
              'Chưa phát hành văn bản này cho đơn; tải bản dự thảo (draft=1).',
              'No such letter has been issued for this petition; download the draft (draft=1).',
              'draft',
            );
          return { name: `${f.numberSymbol.replace(/\//g, '-')}-${row.code}.docx`, buf: f.buf };
        }
        const data = await loadLetterData(tx, row.id, kind, q, today(), null);
        await assertNoIdentity(tx, row.id, data);
        return { name: `du-thao-${kind}-${row.code}.docx`, buf: await renderLetter(data) };
      });
      reply.header('content-type', DOCX_MIME);
      reply.header('content-disposition', attachment(out.name));
      reply.header('cache-control', 'no-store');
      return reply.send(out.buf);
    },
  );

  app.post(
    '/api/petitions/:id/letters/:kind/issue',
    {
      schema: {
        tags: ['petitions', 'letters'],
        summary: 'Phát hành văn bản (lấy số, đăng ký, ghi thao tác) / Issue a letter',
        description:
          'One transaction: next number of the outgoing register (ND 30/2020 Art 15), the document registered ' +
          'with its DOCX, and the petition action `forward` (forwarding) or `urge` (urging) with ' +
          '`letterDocumentId`. The action decides roles, scope, state and version (403/409/422).',
        params: KindParams,
        body: IssueBody,
      },
    },
    async (req, reply) => {
      // officers prepare drafts; only the board's leader (or admin) signs and issues (ND 30/2020 Art 13)
      const p = requireRole(req, PETITION_READ_ROLES);
      const kind = req.params.kind;
      const b = req.body;
      const res = await db.transaction(async (tx) => {
        const row = await visiblePetition(tx, p, req.params.id);
        if (!p.roles.includes('admin') && !LETTER_ISSUER_ROLES.some((r) => p.roles.includes(r)))
          throw new AppError(
            403,
            'forbidden',
            'Chỉ lãnh đạo Ban Tiếp công dân ký và phát hành văn bản; cán bộ chuẩn bị bản dự thảo (draft=1).',
            "Only the reception board's leader signs and issues letters; officers prepare the draft (draft=1).",
          );
        const doc = await issueLetterDocument(tx, row.id, kind, b, today(), p);
        // the letter's document id travels with the action (recorded in the event data when the service keeps it)
        const action: PetitionActionRequest & { letterDocumentId: string } = {
          action: kind === 'forwarding' ? 'forward' : 'urge',
          ...(kind === 'forwarding'
            ? { toAgencyCode: doc.recipientCode }
            : { agencyCode: doc.recipientCode }),
          letterDocumentId: doc.documentId,
          ...(b.note ? { note: b.note } : {}),
          version: b.version,
        };
        const cal = await ctx.calendar.forDeadline(tx);
        const petition = await takePetitionAction(tx, { cal }, row.id, action, p);
        return {
          documentId: doc.documentId,
          numberSymbol: doc.numberSymbol,
          date: doc.date,
          agencyCode: doc.recipientCode,
          agencyName: doc.recipientName,
          // the row's identity-free fields only (its content may quote a denouncer)
          petition: {
            id: petition.id,
            code: petition.code,
            status: petition.status,
            version: petition.version,
            handlingAgencyCode: petition.handlingAgencyCode,
          },
        };
      });
      return reply.code(201).send(res);
    },
  );
}
