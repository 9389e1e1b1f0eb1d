/**
 * Open311 GeoReport v2 for public feedback (phản ánh, kiến nghị; issue 5 §6), JSON only, no login:
 *
 * - `GET  /open311/v2/services.json` → `[{ service_code, service_name, description, metadata, type, keywords, group }]`
 * - `GET  /open311/v2/services/{code}.json` → `{ service_code, attributes: [] }` (our services ask no extra questions)
 * - `POST /open311/v2/requests.json` (JSON or `application/x-www-form-urlencoded`) `{ service_code, lat+long |
 *   address_string | address_id, description?, media_url?, first_name?, last_name?, email?, phone?,
 *   device_id?, account_id?, api_key? }` → 201 `[{ service_request_id, service_notice, account_id }]`; the
 *   request is stored at once and readable by the GETs. `api_key` is not needed from citizens; an integration
 *   may send one of the keys in `KIENTAO_OPEN311_KEYS` (`name:key,…`): it is recorded, and an unknown key
 *   is 403. The requester's name, e-mail and phone go to `party_identities` and are never returned.
 * - `GET  /open311/v2/requests.json?service_request_id=&service_code=&start_date=&end_date=&status=` → array
 *   of requests, newest first, at most 1,000; without dates the last 90 days (calendar days) up to now;
 *   `service_request_id` (comma-separated) ignores the other filters (GeoReport v2).
 * - `GET  /open311/v2/requests/{id}.json` → an array with that one request, 404 when unknown.
 *
 * Instants are ISO 8601 with `+07:00` (Asia/Ho_Chi_Minh). Errors are GeoReport's `[{ code, description }]`
 * (code = HTTP status), `.xml` → 400 (JSON only). Every route is rate-limited per client IP like the public
 * one-stop routes (`KIENTAO_PUBLIC_RATE_LIMIT`, default 60 per minute).
 */
import { randomUUID, timingSafeEqual } from 'node:crypto';
import formbody from '@fastify/formbody';
import { and, desc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { App, ServerContext } from '../../../server/context.ts';
import type { Tx } from '../../../db/engine.ts';
import { queryRows } from '../../../db/engine.ts';
import { partyIdentities, petitions, serviceRequests } from '../../../db/schema.ts';
import { AppError } from '../../../kernel/errors.ts';
import { nfc, searchKey } from '../../../kernel/text.ts';
import { toHcmDate } from '../../../kernel/calendar/dates.ts';
import { publicRateLimit } from '../../dossiers/public-routes.ts';
import { personKey } from '../duplicates.ts';
import { Open311Error, toOpen311Request, type Open311Request } from './mapping.ts';
import { publicService, serviceByCode, VN_SERVICES, type Open311Service } from './services.ts';
import { agencyNames } from '../../../kernel/org/service.ts';
import { receivePetition } from '../service.ts';

export const DEFAULT_WINDOW_DAYS = 90;

/**
 * Requests one client (IP) may create per hour (`KIENTAO_OPEN311_POST_LIMIT`, default 20): each becomes a
 * petition in the register, so a flood would swell the register and its report.
 */
export function open311PostLimit(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.KIENTAO_OPEN311_POST_LIMIT);
  return Number.isInteger(n) && n > 0 ? n : 20;
}
export const MAX_RECORDS = 1000;
const DAY_MS = 86_400_000;

/** Integration keys from `KIENTAO_OPEN311_KEYS` = `name:key,name2:key2` (optional). */
export function open311Keys(env: NodeJS.ProcessEnv = process.env): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (env.KIENTAO_OPEN311_KEYS ?? '').split(',')) {
    const i = part.indexOf(':');
    if (i > 0 && part.slice(i + 1).trim()) out.set(part.slice(i + 1).trim(), part.slice(0, i).trim());
  }
  return out;
}

function keyName(keys: Map<string, string>, given: string): string | null {
  const a = Buffer.from(given);
  for (const [k, name] of keys) {
    const b = Buffer.from(k);
    if (a.length === b.length && timingSafeEqual(a, b)) return name;
  }
  return null;
}

const bad = (description: string) => new Open311Error(400, description);

const optStr = (max: number) =>
  z
    .string()
    .max(max)
    .optional()
    .transform((v) => (v === undefined ? undefined : nfc(v) || undefined));
const optNum = z
  .union([
    z.number(),
    z
      .string()
      .trim()
      .regex(/^[-+]?\d+(\.\d+)?$/),
  ])
  .optional()
  .transform((v) => (v === undefined || v === '' ? undefined : Number(v)));

const PostSchema = z.object({
  api_key: optStr(200),
  jurisdiction_id: optStr(100),
  service_code: z.string().trim().min(1).max(80),
  lat: optNum,
  long: optNum,
  address_string: optStr(500),
  address_id: optStr(100),
  email: optStr(200),
  device_id: optStr(200),
  account_id: optStr(200),
  first_name: optStr(100),
  last_name: optStr(100),
  phone: optStr(30),
  description: optStr(4000),
  media_url: optStr(2000),
});

const FIELD_NAMES = Object.keys(PostSchema.shape);

/** Reads a w3c date-time (with zone) or a date (Asia/Ho_Chi_Minh, start or end of day). */
function parseW3c(v: string, field: string, endOfDay: boolean): Date {
  const t = v.trim();
  // years 1900–2199: a window of 90 days around year 9999 would overflow the database's range
  const year = Number(t.slice(0, 4));
  if (year < 1900 || year > 2199) {
    // falls through to the 400 below
  } else if (/^\d{4}-\d{2}-\d{2}$/.test(t)) {
    const d = new Date(`${t}T00:00:00+07:00`);
    if (!Number.isNaN(d.getTime()) && d.toISOString().length > 0 && toHcmDate(d) === t)
      return endOfDay ? new Date(d.getTime() + DAY_MS - 1) : d;
  } else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(t)) {
    const d = new Date(t);
    if (!Number.isNaN(d.getTime()) && d.getUTCFullYear() >= 1900 && d.getUTCFullYear() <= 2199) return d;
  }
  throw bad(
    `${field}: ngày giờ không hợp lệ, dùng ISO 8601 có múi giờ (vd. 2026-01-31T08:00:00+07:00) / ` +
      `${field}: invalid date-time, use ISO 8601 with a zone (e.g. 2026-01-31T08:00:00+07:00)`,
  );
}

function list(v: unknown, field: string, max = 200): string[] | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string')
    throw bad(`${field}: một giá trị, phân tách bằng dấu phẩy / ${field}: one comma-separated value`);
  const items = v
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  if (items.length > max) throw bad(`${field}: tối đa ${max} giá trị / ${field}: at most ${max} values`);
  return items;
}

async function importedServices(tx: Tx): Promise<Open311Service[]> {
  const rows = await queryRows<{ service_code: string; service_name: string | null }>(
    tx,
    sql`SELECT service_code, max(service_name) AS service_name FROM service_requests
        WHERE source = 'import' GROUP BY service_code ORDER BY service_code`,
  );
  return rows.map((r) => ({
    service_code: r.service_code,
    service_name: r.service_name ?? r.service_code,
    description: r.service_name ?? r.service_code,
    metadata: false,
    type: 'realtime',
    keywords: '',
    group: '311 import',
  }));
}

const selectRequest = {
  code: serviceRequests.code,
  serviceCode: serviceRequests.serviceCode,
  serviceName: serviceRequests.serviceName,
  description: serviceRequests.description,
  lat: serviceRequests.lat,
  long: serviceRequests.long,
  addressString: serviceRequests.addressString,
  status: serviceRequests.status,
  statusNotes: serviceRequests.statusNotes,
  agencyResponsible: serviceRequests.agencyResponsible,
  requestedAt: serviceRequests.requestedAt,
  updatedAt: serviceRequests.updatedAt,
  expectedAt: serviceRequests.expectedAt,
  mediaUrl: serviceRequests.mediaUrl,
  petitionStatus: petitions.status,
  confidential: petitions.confidential,
};

/** Requests matching GeoReport filters, newest first (at most {@link MAX_RECORDS}). */
export async function listOpen311Requests(
  tx: Tx,
  f: { ids?: string[]; serviceCodes?: string[]; from?: Date; to?: Date; status?: ('open' | 'closed')[] },
): Promise<Open311Request[]> {
  const conds: SQL[] = [];
  if (f.ids) conds.push(inArray(serviceRequests.code, f.ids.length ? f.ids : ['\u0001']));
  else {
    if (f.serviceCodes?.length) conds.push(inArray(serviceRequests.serviceCode, f.serviceCodes));
    if (f.from) conds.push(gte(serviceRequests.requestedAt, f.from));
    if (f.to) conds.push(lte(serviceRequests.requestedAt, f.to));
    if (f.status && f.status.length === 1) {
      const open = sql`(CASE WHEN ${petitions.status} IS NOT NULL
        THEN ${petitions.status} IN ('received', 'accepted', 'forwarded', 'guided')
        ELSE ${serviceRequests.status} IN ('received', 'in_progress', 'forwarded') END)`;
      conds.push(f.status[0] === 'open' ? open : sql`NOT ${open}`);
    }
  }
  const rows = await tx
    .select(selectRequest)
    .from(serviceRequests)
    .leftJoin(petitions, eq(petitions.id, serviceRequests.petitionId))
    .where(and(...conds))
    .orderBy(desc(serviceRequests.requestedAt), desc(serviceRequests.code))
    .limit(MAX_RECORDS);
  return rows.map(toOpen311Request);
}

function errorToOpen311(err: unknown, req: FastifyRequest): Open311Error {
  if (err instanceof Open311Error) return err;
  if (err instanceof AppError) return new Open311Error(err.status, `${err.messageVi} / ${err.messageEn}`);
  const e = err as FastifyError & { body?: unknown };
  const status = e.statusCode ?? 500;
  if (status === 429)
    return new Open311Error(
      429,
      'Quá nhiều yêu cầu, vui lòng thử lại sau / Too many requests, try again later',
    );
  if (status === 415)
    return new Open311Error(
      415,
      'Chỉ nhận application/json hoặc application/x-www-form-urlencoded / Only application/json or application/x-www-form-urlencoded bodies are accepted',
    );
  if (status === 413) return new Open311Error(413, 'Dữ liệu quá lớn / Payload too large');
  if (status >= 400 && status < 500)
    return new Open311Error(status, `Yêu cầu không hợp lệ / Bad request${e.code ? ` (${e.code})` : ''}`);
  req.log.error({ err }, 'open311 failure');
  return new Open311Error(500, 'Lỗi hệ thống / Internal error');
}

function jsonOnly(file: string, what: string): string {
  const m = /^(.+)\.([A-Za-z0-9]+)$/.exec(file);
  if (!m) throw new Open311Error(404, `Không tìm thấy ${what} / ${what} not found`);
  if (m[2]!.toLowerCase() !== 'json')
    throw bad(`Chỉ hỗ trợ định dạng JSON, dùng .json / Only the JSON format is supported: use .json`);
  return m[1]!;
}

export async function open311Routes(app: App, ctx: ServerContext) {
  const db = ctx.database.db;
  const keys = open311Keys();
  const config = { public: true, rateLimit: { max: publicRateLimit(), timeWindow: '1 minute' } };
  // every request becomes a petition with statutory clocks: creating them is limited per client and hour
  const postConfig = { public: true, rateLimit: { max: open311PostLimit(), timeWindow: '1 hour' } };

  await app.register(
    async (o) => {
      // form bodies only here: the rest of the API is JSON (and CSRF-protected)
      await o.register(formbody, { bodyLimit: 64 * 1024 });
      o.setErrorHandler((err, req, reply: FastifyReply) => {
        const e = errorToOpen311(err, req);
        return reply.code(e.code).send(e.toBody());
      });
      o.setNotFoundHandler({ preHandler: undefined }, (req, reply) => {
        const path = req.url.split('?')[0]!;
        const e = /\.(xml|html?|csv)$/i.test(path)
          ? bad('Chỉ hỗ trợ định dạng JSON, dùng .json / Only the JSON format is supported: use .json')
          : new Open311Error(404, 'Không tìm thấy / Not found');
        return reply.code(e.code).send(e.toBody());
      });

      o.get(
        '/services.json',
        { config, schema: { tags: ['open311'], summary: 'Open311: danh mục dịch vụ / services' } },
        async () => {
          return [...VN_SERVICES.map(publicService), ...(await importedServices(db))];
        },
      );

      o.get(
        '/services/:file',
        {
          config,
          schema: { tags: ['open311'], summary: 'Open311: định nghĩa dịch vụ / service definition' },
        },
        async (req) => {
          const code = jsonOnly((req.params as { file: string }).file, 'dịch vụ / service');
          const ours = serviceByCode(code);
          const known = ours ?? (await importedServices(db)).find((x) => x.service_code === code);
          if (!known) throw new Open311Error(404, `Không có dịch vụ ${code} / No service ${code}`);
          return { service_code: code, attributes: [] };
        },
      );

      o.post(
        '/requests.json',
        {
          config: postConfig,
          schema: { tags: ['open311'], summary: 'Open311: gửi phản ánh / create a request' },
        },
        async (req, reply) => {
          const raw = req.body;
          if (!raw || typeof raw !== 'object' || Array.isArray(raw))
            throw bad(
              'Cần dữ liệu JSON hoặc form (application/x-www-form-urlencoded) / The body must be a JSON object or a form (application/x-www-form-urlencoded)',
            );
          // GeoReport attributes (attribute[CODE]) are accepted and ignored: our services have none
          const body = Object.fromEntries(
            Object.entries(raw as Record<string, unknown>).filter(([k]) => FIELD_NAMES.includes(k)),
          );
          const p = PostSchema.safeParse(body);
          if (!p.success) {
            const i = p.error.issues[0]!;
            const field = i.path.join('.') || 'body';
            throw bad(`${field}: giá trị không hợp lệ / ${field}: invalid value (${i.message})`);
          }
          const b = p.data;
          let apiKeyId: string | null = null;
          if (b.api_key) {
            apiKeyId = keyName(keys, b.api_key);
            if (!apiKeyId) throw new Open311Error(403, 'api_key không hợp lệ / Invalid api_key');
          }
          const svc = serviceByCode(b.service_code);
          if (!svc)
            throw bad(
              `service_code: không có dịch vụ ${b.service_code} / service_code: no service ${b.service_code}`,
            );
          const hasLatLong = b.lat !== undefined && b.long !== undefined;
          if ((b.lat === undefined) !== (b.long === undefined))
            throw bad('lat, long: cần cả hai / lat, long: both are required');
          if (hasLatLong && (Math.abs(b.lat!) > 90 || Math.abs(b.long!) > 180))
            throw bad('lat, long: toạ độ không hợp lệ / lat, long: invalid coordinates');
          if (!hasLatLong && !b.address_string && !b.address_id)
            throw bad(
              'Cần vị trí: lat và long, address_string hoặc address_id / A location is required: lat and long, address_string or address_id',
            );
          if (!b.description && !b.media_url)
            throw bad(
              'description: cần nội dung phản ánh hoặc ảnh / description: a description or a photo is required',
            );
          if (b.email && !z.email().safeParse(b.email).success)
            throw bad('email: không hợp lệ / email: invalid');
          if (b.media_url && !/^https?:\/\/\S+$/i.test(b.media_url))
            throw bad('media_url: phải là địa chỉ http(s) / media_url: must be an http(s) URL');
          const now = new Date();
          const year = toHcmDate(now).slice(0, 4);
          const agencyName = (await agencyNames(db, [svc.agencyCode])).get(svc.agencyCode) ?? svc.agencyCode;
          const id = randomUUID();
          const code = await db.transaction(async (tx) => {
            const [c] = await queryRows<{ last: number }>(
              tx,
              sql`INSERT INTO number_counters (prefix, last) VALUES (${`PA-${year}`}, 1)
                  ON CONFLICT (prefix) DO UPDATE SET last = number_counters.last + 1 RETURNING last`,
            );
            const code = `PA-${year}-${String(c!.last).padStart(6, '0')}`;
            await tx.insert(serviceRequests).values({
              id,
              code,
              serviceCode: svc.service_code,
              serviceName: svc.service_name,
              description: b.description ?? null,
              descriptionKey: b.description ? searchKey(b.description, b.address_string) : null,
              lat: hasLatLong ? b.lat! : null,
              long: hasLatLong ? b.long! : null,
              addressString: b.address_string ?? (b.address_id ? `address_id ${b.address_id}` : null),
              status: 'received',
              agencyResponsible: svc.agencyCode,
              requestedAt: now,
              updatedAt: now,
              expectedAt: svc.targetDays ? new Date(now.getTime() + svc.targetDays * DAY_MS) : null,
              source: 'open311',
              sourceChannel: apiKeyId ? `api:${apiKeyId}` : 'open311',
              mediaUrl: b.media_url ?? null,
              apiKeyId,
            });
            const name = [b.last_name, b.first_name].filter(Boolean).join(' ') || null;
            // the feedback enters the petition register (phản ánh, kênh trực tuyến) in the same transaction,
            // with the statutory clocks; the Open311 status follows the petition's from then on
            const place = b.address_string ?? (hasLatLong ? `${b.lat}, ${b.long}` : null);
            const petition = await receivePetition(
              tx,
              { cal: await ctx.calendar.forDeadline(tx), now },
              {
                receivedAt: now,
                channel: 'online',
                kind: 'feedback',
                signers:
                  name || b.email || b.phone
                    ? [{ name, phone: b.phone ?? null, email: b.email ?? null }]
                    : [],
                content:
                  `${svc.service_name}: ${b.description ?? '(ảnh đính kèm)'}` +
                  (place ? ` — Địa điểm: ${place}.` : ''),
                note: `Phản ánh qua Open311, mã ${code}; cơ quan xử lý đề xuất: ${agencyName}.`,
              },
              null,
            );
            await tx
              .update(serviceRequests)
              .set({ petitionId: petition.id })
              .where(eq(serviceRequests.id, id));
            // the petition is found by the request's code too
            await tx
              .update(petitions)
              .set({
                serviceRequestId: id,
                searchKey: sql`${petitions.searchKey} || ' ' || ${code.toLowerCase()}`,
              })
              .where(eq(petitions.id, petition.id));
            if (name || b.email || b.phone)
              await tx.insert(partyIdentities).values({
                id: randomUUID(),
                subjectType: 'service_request',
                subjectId: id,
                seq: 1,
                role: 'requester',
                name,
                phone: b.phone ?? null,
                email: b.email ?? null,
                address: null,
                confidential: false,
                personKey: personKey(name, b.address_string),
              });
            return code;
          });
          reply.code(201);
          return [
            {
              service_request_id: code,
              service_notice: `Đã tiếp nhận; ${agencyName} xem xét${svc.targetDays ? ` trong ${svc.targetDays} ngày` : ''}.`,
              account_id: b.account_id ?? null,
            },
          ];
        },
      );

      o.get(
        '/requests.json',
        { config, schema: { tags: ['open311'], summary: 'Open311: danh sách phản ánh / requests' } },
        async (req) => {
          const q = req.query as Record<string, unknown>;
          const known = [
            'service_request_id',
            'service_code',
            'start_date',
            'end_date',
            'status',
            'jurisdiction_id',
            'api_key',
          ];
          const unknown = Object.keys(q).find((k) => !known.includes(k));
          if (unknown) throw bad(`${unknown}: tham số không được hỗ trợ / ${unknown}: unsupported parameter`);
          const ids = list(q.service_request_id, 'service_request_id', MAX_RECORDS);
          const serviceCodes = list(q.service_code, 'service_code');
          const statuses = list(q.status, 'status');
          if (statuses?.some((s) => s !== 'open' && s !== 'closed'))
            throw bad('status: open hoặc closed / status: open or closed');
          if (q.start_date !== undefined && typeof q.start_date !== 'string')
            throw bad('start_date: một giá trị / start_date: one value');
          if (q.end_date !== undefined && typeof q.end_date !== 'string')
            throw bad('end_date: một giá trị / end_date: one value');
          let to = q.end_date ? parseW3c(q.end_date as string, 'end_date', true) : undefined;
          let from = q.start_date ? parseW3c(q.start_date as string, 'start_date', false) : undefined;
          if (!from && !to) to = new Date();
          if (!from) from = new Date(to!.getTime() - DEFAULT_WINDOW_DAYS * DAY_MS);
          if (!to) to = new Date(from.getTime() + DEFAULT_WINDOW_DAYS * DAY_MS);
          if (from > to) throw bad('start_date sau end_date / start_date is after end_date');
          return listOpen311Requests(db, {
            ids,
            serviceCodes,
            from,
            to,
            status: statuses as ('open' | 'closed')[] | undefined,
          });
        },
      );

      o.get(
        '/requests/:file',
        { config, schema: { tags: ['open311'], summary: 'Open311: một phản ánh / one request' } },
        async (req) => {
          const code = jsonOnly((req.params as { file: string }).file, 'phản ánh / request');
          const out = await listOpen311Requests(db, { ids: [code] });
          if (!out.length)
            throw new Open311Error(404, `Không tìm thấy phản ánh ${code} / Request ${code} not found`);
          return out;
        },
      );
    },
    { prefix: '/open311/v2' },
  );
}
