/**
 * Reference extractor over HTTP (issue 6 point 6).
 * - `POST /api/documents/extract-references` (any signed-in user) `{ "text": string }` (1 … 500,000
 *   UTF-16 code units after NFC normalisation; control characters other than tab/CR/LF are refused with
 *   400 `invalid_character`, path `text`) → 200 `{ "references": Reference[] }` in text order, each
 *   `{ type, number, date (ISO or null), dateAsWritten, dateValid, issuer, issuerCode, start, end }` with
 *   UTF-16 offsets into the NFC text (see {@link extractReferences}, docs/references.md).
 * - 400 `validation_error` path `text` when missing, not a string, empty or too long; 401 when not signed in.
 * - 429 `too_many_requests` beyond {@link referencesRateLimit} requests a minute per user (per IP when signed out):
 *   the extraction runs on the event loop (≈ 0.25 s per 500,000 characters), so it is rationed.
 * Nothing is stored: the text is read, not kept. Document numbering per ND 30/2020/NĐ-CP art. 15.
 */
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { App, AppContext } from '../../server/context.ts';
import { requireUser } from '../auth/http.ts';
import { badRequest } from '../errors.ts';
import { extractReferences } from './references.ts';

/** Longest text accepted, in UTF-16 code units (≈ 500 KB of Vietnamese text, ~150 A4 pages). */
export const MAX_REFERENCE_TEXT = 500_000;

/** Requests a minute per user: env `KIENTAO_REFERENCES_RATE_LIMIT`, default 30. */
export function referencesRateLimit(): number {
  return Math.max(1, Number(process.env.KIENTAO_REFERENCES_RATE_LIMIT) || 30);
}

export const ReferenceOutSchema = z.object({
  type: z.string().nullable(),
  number: z.string(),
  date: z.string().nullable(),
  dateAsWritten: z.string().nullable(),
  dateValid: z.boolean(),
  issuer: z.string().nullable(),
  issuerCode: z.string(),
  start: z.number().int(),
  end: z.number().int(),
});

export async function referenceRoutes(app: App, _ctx: AppContext) {
  app.post(
    '/api/documents/extract-references',
    {
      // 500,000 characters of Vietnamese are up to ~1.5 MB of UTF-8 JSON
      bodyLimit: 2 * 1024 * 1024,
      config: {
        rateLimit: {
          max: referencesRateLimit(),
          timeWindow: '1 minute',
          // the auth hook (app-wide onRequest) runs first, so the principal is known here
          keyGenerator: (req: FastifyRequest) => (req.principal ? `u:${req.principal.id}` : `ip:${req.ip}`),
        },
      },
      schema: {
        tags: ['documents'],
        summary: 'Trích các văn bản được viện dẫn / Extract document references from a text',
        body: z.object({ text: z.string().min(1) }).strict(),
        response: { 200: z.object({ references: z.array(ReferenceOutSchema) }) },
      },
    },
    async (req) => {
      requireUser(req);
      const text = req.body.text.normalize('NFC');
      if (text.length > MAX_REFERENCE_TEXT) {
        throw badRequest(
          'text_too_long',
          `Văn bản quá dài (tối đa ${MAX_REFERENCE_TEXT.toLocaleString('vi-VN')} ký tự).`,
          `The text is too long (at most ${MAX_REFERENCE_TEXT} characters).`,
          'text',
        );
      }
      return { references: extractReferences(text) };
    },
  );
}
