/**
 * `GET /api/agencies[?at=YYYY-MM-DD&kind=&q=&parent=]` → `{ items: [ { code, name, kind, parent, validFrom,
 * validTo, successors } ] }` — any signed-in user. `GET /api/agencies/{code}` → one agency.
 */
import { z } from 'zod';
import type { App, AppContext } from '../../server/context.ts';
import { AGENCY_KINDS, listAgencies } from './service.ts';
import { requireUser } from '../auth/http.ts';
import { notFound } from '../errors.ts';
import { IsoDateSchema } from '../schemas.ts';

const AgencyOut = z.object({
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  kind: z.string(),
  parent: z.string().nullable(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  successors: z.array(z.object({ code: z.string(), kind: z.string(), date: z.string() })),
  demo: z.boolean(),
});

export async function orgRoutes(app: App, { database }: AppContext) {
  app.get(
    '/api/agencies',
    {
      schema: {
        tags: ['org'],
        summary: 'Danh sách cơ quan, đơn vị / Agencies',
        querystring: z.object({
          at: IsoDateSchema.optional(),
          kind: z.enum(AGENCY_KINDS).optional(),
          q: z.string().max(200).optional(),
          parent: z.string().max(64).optional(),
        }),
        response: { 200: z.object({ items: z.array(AgencyOut) }) },
      },
    },
    async (req) => {
      requireUser(req);
      return { items: await listAgencies(database.db, req.query) };
    },
  );

  app.get(
    '/api/agencies/:code',
    {
      schema: { tags: ['org'], params: z.object({ code: z.string().max(64) }), response: { 200: AgencyOut } },
    },
    async (req) => {
      requireUser(req);
      const all = await listAgencies(database.db, {});
      const a = all.find((x) => x.code === req.params.code);
      if (!a) throw notFound('cơ quan / agency', 'code');
      return a;
    },
  );
}
