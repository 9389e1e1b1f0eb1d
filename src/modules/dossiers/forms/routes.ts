/**
 * Dossier forms as DOCX (issue 4 §5; REFERENCE §2 "Forms", §6 layout).
 *
 * - `GET /api/dossiers/{code}/forms/{form}` (form `01`…`07`) → the form of that dossier as DOCX
 *   (`application/vnd.openxmlformats-officedocument.wordprocessingml.document`, attachment
 *   `<form>-<code>.docx`). The dossier's era picks the set: nd61 (received before 2025-07-01) →
 *   TT 01/2018/TT-VPCP Art 9 (01 receipt & appointment, 02 supplement request, 03 refusal, 04 apology &
 *   new date, 05 control sheet); nd118 → TT 03/2025/TT-VPCP Appendix I [S] (01, 02, 03, 04 apology &
 *   extension request, 05 stop notice, 06 control sheet). 404 `form_not_found` for a form the set lacks
 *   (or the book number), 404 `form_not_applicable` for an event the dossier never had (no apology → no 04),
 *   404 `not_found` for a dossier the user may not see (office roles and admin see all; others their
 *   receiving body's or processing agency's dossiers).
 * - `GET /api/dossier-books?from=YYYY-MM-DD&to=YYYY-MM-DD[&body=][&era=]` → the tracking book (Sổ theo dõi
 *   hồ sơ: Mẫu 06 of TT 01/2018 for era nd61, Mẫu 07 of TT 03/2025 for nd118; `era` default = the era of
 *   `from`) of dossiers received in [from, to] (Asia/Ho_Chi_Minh, inclusive), at most 5,000 rows
 *   (400 `period_too_long`), attachment `<06|07>-so-theo-doi_<from>_<to>.docx`.
 */
import { z } from 'zod';
import type { App, ServerContext } from '../../../server/context.ts';
import { requireUser } from '../../../kernel/auth/http.ts';
import { AppError } from '../../../kernel/errors.ts';
import { IsoDateSchema } from '../../../kernel/schemas.ts';
import { ERAS, eraOn } from '../rules.ts';
import { loadBookData, loadFormData } from './data.ts';
import { FormError, renderForm } from './render.ts';
import { bookFormOf, FORM_NUMBERS } from './types.ts';

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const FormParams = z.object({
  code: z.string().min(1).max(80),
  form: z.enum(FORM_NUMBERS, { error: 'Mẫu số 01–07 | Form 01–07' }),
});

const BookQuery = z
  .object({
    from: IsoDateSchema,
    to: IsoDateSchema,
    body: z.string().min(1).max(64).optional(),
    era: z.enum(ERAS).optional(),
  })
  .strict();

/** Content-Disposition with an ASCII filename and its RFC 5987 UTF-8 twin. */
const attachment = (name: string) =>
  `attachment; filename="${name.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;

const toHttp = (e: unknown): unknown =>
  e instanceof FormError
    ? new AppError(
        404,
        'form_not_applicable',
        'Không lập được mẫu này cho hồ sơ.',
        `This form cannot be made for the dossier: ${e.message}`,
        'form',
      )
    : e;

export async function dossierFormRoutes(app: App, ctx: ServerContext): Promise<void> {
  const db = ctx.database.db;

  app.get(
    '/api/dossiers/:code/forms/:form',
    {
      schema: {
        tags: ['dossiers', 'forms'],
        summary: 'Mẫu phiếu của hồ sơ (DOCX) / A dossier form as DOCX',
        description:
          'TT 01/2018/TT-VPCP Art 9 (nd61) or TT 03/2025/TT-VPCP Appendix I (nd118, contents unverified), ' +
          'Decree 30/2020 layout, A5. 404 when the era has no such form or the dossier never had its event.',
        params: FormParams,
      },
    },
    async (req, reply) => {
      const p = requireUser(req);
      const { spec, era, data } = await db.transaction((tx) =>
        loadFormData(tx, req.params.code, req.params.form, p),
      );
      const buf = await renderForm(spec.no, era, data).catch((e: unknown) => {
        throw toHttp(e);
      });
      reply.header('content-type', DOCX_MIME);
      reply.header('content-disposition', attachment(`${spec.no}-${req.params.code}.docx`));
      reply.header('cache-control', 'no-store');
      return reply.send(buf);
    },
  );

  app.get(
    '/api/dossier-books',
    {
      schema: {
        tags: ['dossiers', 'forms'],
        summary: 'Sổ theo dõi hồ sơ (DOCX) / Tracking book as DOCX',
        description:
          'Dossiers received in [from, to] (Asia/Ho_Chi_Minh). Form 06 (TT 01/2018) for era nd61, 07 (TT 03/2025) ' +
          'for nd118; era default = era of `from`. At most 5,000 rows (400 period_too_long).',
        querystring: BookQuery,
      },
    },
    async (req, reply) => {
      const p = requireUser(req);
      const q = req.query;
      const era = q.era ?? eraOn(q.from);
      const data = await db.transaction((tx) => loadBookData(tx, { ...q, era }, p));
      const form = bookFormOf(era);
      const buf = await renderForm(form, era, data);
      reply.header('content-type', DOCX_MIME);
      reply.header('content-disposition', attachment(`${form}-so-theo-doi_${q.from}_${q.to}.docx`));
      reply.header('cache-control', 'no-store');
      return reply.send(buf);
    },
  );
}
