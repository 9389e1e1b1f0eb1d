/**
 * Number registers (sổ đăng ký văn bản đi; ND 30/2020/NĐ-CP Art 15, Appendix IV) — see registers.ts.
 *
 * - `GET /api/number-series[?agency=]` → `{ items: Series[] }` (office roles: all; reception roles: their board's).
 * - `POST /api/number-series` (admin, office_leader) `{ agencyCode, name, typeCodes[], legal?, isDefault?,
 *   issuerSymbol?, active? }` → 201 the series; type codes are Appendix III abbreviations (`CV` = công văn);
 *   400 `unknown_type_code` (path `typeCodes.i`), 409 `type_in_other_series` (a type in one active series only).
 * - `PATCH /api/number-series/{id}` (admin, office_leader) `{ name?, typeCodes?, issuerSymbol?, active?, isDefault? }`.
 * - `POST /api/number-series/{id}/issue` (office roles) `{ typeCode, date, signer?, recipients?, draftingUnit?,
 *   copies?, note? }` → 201 `{ seriesId, year, number, printed, numberSymbol }`: takes the next number for a
 *   document signed on `date` (YYYY-MM-DD), e.g. a paper document; register it afterwards with that number.
 *   `unit` (the drafting unit's symbol, e.g. `KTTH`) is 1–20 letters/digits, parts joined by `-` (400 path
 *   `unit`); `date` at most 1 day after today (Asia/Ho_Chi_Minh) — a number is given at signing, ND 30/2020
 *   art. 15 (400 `date_in_future` path `date`); an inactive series 409 `series_inactive`.
 * - `GET /api/number-series/{id}/register?year=2022` → `{ series, year, maxNumber, counts, entries, gaps }`.
 * - `GET /api/number-series/{id}/register.xlsx?year=` → the register in the Appendix IV columns.
 * - `POST /api/number-series/{id}/void` (admin, office_leader; a board leader for its board) `{ year, number,
 *   reason }` → the voided number (its row stays with the reason).
 */
import { z } from 'zod';
import type { App, AppContext } from '../../server/context.ts';
import { requireUser } from '../auth/http.ts';
import { hasAnyRole, OFFICE_ROLES, type Principal, type Role } from '../auth/roles.ts';
import { badRequest, forbidden, notFound } from '../errors.ts';
import { IsoDateSchema } from '../schemas.ts';
import { shiftDate, toHcmDate } from '../calendar/dates.ts';
import { mayReadDocument } from './service.ts';
import {
  createSeries,
  formatNumberSymbol,
  getSeries,
  issueInSeries,
  listSeries,
  registerView,
  seriesOut,
  updateSeries,
  validateTypeForSeries,
  voidNumber,
  type SeriesRow,
} from './registers.ts';
import { registerXlsx } from './register-xlsx.ts';

/** A unit symbol in a number/symbol (`KTTH`, `TCCB-VP`): letters (Vietnamese too) and digits, like numbering.ts SYM. */
const UNIT_SYMBOL = /^[\p{Lu}\p{Ll}0-9]+(?:-[\p{Lu}\p{Ll}0-9]+)*$/u;

/** Who configures series (ND 30/2020 Art 15 cl.1: the head of the organisation decides them). */
export const SERIES_MANAGER_ROLES: readonly Role[] = ['admin', 'office_leader'];
/** Boards with their own register read and void in it (the citizen reception board). */
const BOARD_ROLES: readonly Role[] = ['reception_leader', 'reception_officer'];

/** Office roles read every register; a board's roles only their board's. */
function mayRead(p: Principal, s: SeriesRow): boolean {
  if (hasAnyRole(p, OFFICE_ROLES)) return true;
  return hasAnyRole(p, BOARD_ROLES) && !!p.agencyCode && p.agencyCode === s.agencyCode;
}

async function readable(db: Parameters<typeof getSeries>[0], p: Principal, id: string) {
  const s = await getSeries(db, id);
  if (!mayRead(p, s)) {
    if (hasAnyRole(p, BOARD_ROLES)) throw notFound('sổ đăng ký / number series', 'id');
    throw forbidden();
  }
  return s;
}

const SeriesSchema = z.object({
  id: z.string(),
  agencyCode: z.string(),
  name: z.string(),
  issuerSymbol: z.string(),
  typeCodes: z.array(z.string()),
  legal: z.boolean(),
  isDefault: z.boolean(),
  active: z.boolean(),
});
const TypeCodes = z.array(z.string().min(1).max(10)).max(40);
const Year = z.coerce.number().int().min(1900).max(2200);

export async function numberRegisterRoutes(app: App, { database }: AppContext) {
  const db = database.db;

  app.get(
    '/api/number-series',
    {
      schema: {
        tags: ['documents'],
        summary: 'Sổ đăng ký văn bản đi / Number series',
        querystring: z.object({ agency: z.string().max(64).optional() }),
        response: { 200: z.object({ items: z.array(SeriesSchema) }) },
      },
    },
    async (req) => {
      const p = requireUser(req);
      if (!hasAnyRole(p, OFFICE_ROLES) && !hasAnyRole(p, BOARD_ROLES)) throw forbidden();
      const rows = await listSeries(db, { agencyCode: req.query.agency });
      return { items: rows.filter((s) => mayRead(p, s)).map(seriesOut) };
    },
  );

  app.post(
    '/api/number-series',
    {
      schema: {
        tags: ['documents'],
        summary: 'Lập sổ đăng ký / Create a number series',
        body: z
          .object({
            agencyCode: z.string().min(1).max(64),
            name: z.string().trim().min(1).max(300),
            typeCodes: TypeCodes,
            legal: z.boolean().optional(),
            isDefault: z.boolean().optional(),
            issuerSymbol: z.string().trim().min(1).max(30).optional(),
            active: z.boolean().optional(),
          })
          .strict(),
        response: { 201: SeriesSchema },
      },
    },
    async (req, reply) => {
      const p = requireUser(req);
      if (!hasAnyRole(p, SERIES_MANAGER_ROLES)) throw forbidden();
      const s = await db.transaction((tx) => createSeries(tx, p, req.body));
      return reply.code(201).send(seriesOut(s));
    },
  );

  app.patch(
    '/api/number-series/:id',
    {
      schema: {
        tags: ['documents'],
        params: z.object({ id: z.uuid() }),
        body: z
          .object({
            name: z.string().trim().min(1).max(300).optional(),
            typeCodes: TypeCodes.optional(),
            issuerSymbol: z.string().trim().min(1).max(30).optional(),
            active: z.boolean().optional(),
            isDefault: z.boolean().optional(),
          })
          .strict(),
        response: { 200: SeriesSchema },
      },
    },
    async (req) => {
      const p = requireUser(req);
      if (!hasAnyRole(p, SERIES_MANAGER_ROLES)) throw forbidden();
      return seriesOut(await db.transaction((tx) => updateSeries(tx, p, req.params.id, req.body)));
    },
  );

  app.post(
    '/api/number-series/:id/issue',
    {
      schema: {
        tags: ['documents'],
        summary: 'Cấp số văn bản đi / Take the next number',
        params: z.object({ id: z.uuid() }),
        body: z
          .object({
            typeCode: z.string().min(1).max(10),
            date: IsoDateSchema,
            unit: z.string().trim().min(1).max(20).regex(UNIT_SYMBOL).optional(),
            signer: z.string().max(200).optional(),
            recipients: z.string().max(2000).optional(),
            draftingUnit: z.string().max(200).optional(),
            copies: z.number().int().min(1).max(10000).optional(),
            note: z.string().max(2000).optional(),
          })
          .strict(),
      },
    },
    async (req, reply) => {
      const p = requireUser(req);
      if (!hasAnyRole(p, OFFICE_ROLES)) throw forbidden();
      const b = req.body;
      if (b.date > shiftDate(toHcmDate(new Date()), 1))
        throw badRequest(
          'date_in_future',
          'Ngày ký không thể sau ngày mai: số văn bản được cấp khi ký (NĐ 30/2020, Điều 15).',
          'The signing date cannot be later than tomorrow: a number is given at signing (Decree 30/2020, art. 15).',
          'date',
        );
      const r = await db.transaction(async (tx) => {
        const s = await getSeries(tx, req.params.id);
        await validateTypeForSeries(tx, s, b.typeCode);
        return issueInSeries(tx, s, { ...b, actor: p });
      });
      return reply.code(201).send({
        ...r,
        numberSymbol: formatNumberSymbol(r, b.typeCode, { unit: b.unit }),
      });
    },
  );

  app.get(
    '/api/number-series/:id/register',
    {
      schema: {
        tags: ['documents'],
        summary: 'Sổ đăng ký văn bản đi theo năm / The register of a year',
        params: z.object({ id: z.uuid() }),
        querystring: z.object({ year: Year }),
      },
    },
    async (req) => {
      const p = requireUser(req);
      const s = await readable(db, p, req.params.id);
      return registerView(db, s, req.query.year, (d) => mayReadDocument(p, d));
    },
  );

  app.get(
    '/api/number-series/:id/register.xlsx',
    {
      schema: {
        tags: ['documents'],
        params: z.object({ id: z.uuid() }),
        querystring: z.object({ year: Year }),
      },
    },
    async (req, reply) => {
      const p = requireUser(req);
      const s = await readable(db, p, req.params.id);
      const v = await registerView(db, s, req.query.year, (d) => mayReadDocument(p, d));
      const buf = await registerXlsx(v);
      reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      reply.header(
        'content-disposition',
        `attachment; filename="so-van-ban-di_${s.agencyCode}_${req.query.year}.xlsx"`,
      );
      return reply.send(buf);
    },
  );

  app.post(
    '/api/number-series/:id/void',
    {
      schema: {
        tags: ['documents'],
        summary: 'Hủy số / Void a number',
        params: z.object({ id: z.uuid() }),
        body: z
          .object({
            year: z.number().int().min(1900).max(2200),
            number: z.number().int().min(1).max(10_000_000),
            reason: z.string().trim().min(1).max(2000),
          })
          .strict(),
      },
    },
    async (req) => {
      const p = requireUser(req);
      return db.transaction(async (tx) => {
        const s = await getSeries(tx, req.params.id);
        const boardLeader =
          p.roles.includes('reception_leader') && !!p.agencyCode && p.agencyCode === s.agencyCode;
        if (!hasAnyRole(p, SERIES_MANAGER_ROLES) && !boardLeader) throw forbidden();
        return voidNumber(tx, p, s, req.body);
      });
    },
  );
}
