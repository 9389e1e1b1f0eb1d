/**
 * Documents (văn bản).
 * - `POST /api/documents` (admin, office roles) `{ numberSymbol, date, issuerCode?, issuerName?, summary, citation?, note?, file? }`
 *   → 201 the document; 400 `invalid_date` (path `date`) for an impossible date unless `citation: true`;
 *   400 `invalid_number_symbol`; 409 `document_exists`.
 * - `GET /api/documents[?q&type&issuer&from&to&citation&page&pageSize]` → `{ items, total }` (q ignores case and diacritics).
 * - `GET /api/documents/{id}` → the document; `GET /api/documents/{id}/file` → its file.
 * - `GET /api/documents/parse?numberSymbol=` → the parsed parts (any signed-in user).
 */
import { z } from 'zod';
import type { App, AppContext } from '../../server/context.ts';
import { requireRole, requireUser } from '../auth/http.ts';
import { OFFICE_ROLES } from '../auth/roles.ts';
import { badRequest, notFound } from '../errors.ts';
import { IsoDateSchema, PageSchema, PageSizeSchema } from '../schemas.ts';
import { documentOut, getDocument, listDocuments, mayReadDocument, registerDocument } from './service.ts';
import { parseNumberSymbol } from './numbering.ts';

export const DocumentOutSchema = z.object({
  id: z.string(),
  numberSymbol: z.string(),
  number: z.number().nullable(),
  year: z.number().nullable(),
  type: z.string().nullable(),
  typeName: z.string().nullable(),
  typeNameEn: z.string().nullable(),
  issuerSymbol: z.string().nullable(),
  unitSymbol: z.string().nullable(),
  pattern: z.string(),
  date: z.string().nullable(),
  dateAsWritten: z.string().nullable(),
  dateInvalid: z.boolean(),
  citation: z.boolean(),
  issuerCode: z.string().nullable(),
  issuerName: z.string().nullable(),
  summary: z.string(),
  note: z.string().nullable(),
  hasFile: z.boolean(),
  fileName: z.string().nullable(),
});

export async function documentRoutes(app: App, { database }: AppContext) {
  const db = database.db;
  app.post(
    '/api/documents',
    {
      schema: {
        tags: ['documents'],
        summary: 'Đăng ký văn bản / Register a document',
        body: z
          .object({
            numberSymbol: z.string().min(1).max(100),
            date: z.string().min(1).max(40),
            issuerCode: z.string().max(64).nullable().optional(),
            issuerName: z.string().max(300).nullable().optional(),
            summary: z.string().min(1).max(2000),
            citation: z.boolean().optional(),
            note: z.string().max(2000).nullable().optional(),
            file: z
              .object({
                name: z.string().min(1).max(255),
                mime: z.string().min(1).max(100),
                base64: z.string().max(14_000_000),
              })
              .nullable()
              .optional(),
          })
          .strict(),
        response: { 201: DocumentOutSchema },
      },
    },
    async (req, reply) => {
      const actor = requireRole(req, OFFICE_ROLES);
      const row = await db.transaction((tx) => registerDocument(tx, actor, req.body));
      return reply.code(201).send(documentOut(row));
    },
  );

  app.get(
    '/api/documents',
    {
      schema: {
        tags: ['documents'],
        summary: 'Tra cứu văn bản / List and search documents',
        querystring: z.object({
          q: z.string().max(200).optional(),
          type: z.string().max(10).optional(),
          issuer: z.string().max(64).optional(),
          from: IsoDateSchema.optional(),
          to: IsoDateSchema.optional(),
          citation: z.enum(['true', 'false']).optional(),
          page: PageSchema,
          pageSize: PageSizeSchema,
        }),
        response: { 200: z.object({ items: z.array(DocumentOutSchema), total: z.number() }) },
      },
    },
    async (req) => {
      const p = requireUser(req);
      const q = req.query;
      return listDocuments(db, {
        ...q,
        visibleTo: p,
        citation: q.citation === undefined ? undefined : q.citation === 'true',
      });
    },
  );

  app.get(
    '/api/documents/parse',
    {
      schema: {
        tags: ['documents'],
        querystring: z.object({ numberSymbol: z.string().min(1).max(100) }),
      },
    },
    async (req) => {
      requireUser(req);
      const p = parseNumberSymbol(req.query.numberSymbol);
      if (!p) {
        throw badRequest(
          'invalid_number_symbol',
          'Số, ký hiệu không đúng mẫu.',
          'The number/symbol matches no pattern.',
          'numberSymbol',
        );
      }
      return p;
    },
  );

  app.get(
    '/api/documents/:id',
    {
      schema: {
        tags: ['documents'],
        params: z.object({ id: z.uuid() }),
        response: { 200: DocumentOutSchema },
      },
    },
    async (req) => {
      const p = requireUser(req);
      const d = await getDocument(db, req.params.id);
      // a restricted document is not there for those who may not read it
      if (!d || !mayReadDocument(p, d)) throw notFound('văn bản / document', 'id');
      return documentOut(d);
    },
  );

  app.get(
    '/api/documents/:id/file',
    { schema: { tags: ['documents'], params: z.object({ id: z.uuid() }) } },
    async (req, reply) => {
      const p = requireUser(req);
      const d = await getDocument(db, req.params.id);
      if (!d || !d.fileData || !mayReadDocument(p, d)) throw notFound('tệp / file', 'id');
      reply.header('content-type', d.fileMime ?? 'application/octet-stream');
      reply.header(
        'content-disposition',
        `attachment; filename*=UTF-8''${encodeURIComponent(d.fileName ?? 'file')}`,
      );
      return reply.send(Buffer.from(d.fileData, 'base64'));
    },
  );
}
