/**
 * Public side of the one-stop (no login; issue 4 §6–7). Every route is rate-limited per client IP
 * (`@fastify/rate-limit`; limit per minute from `KIENTAO_PUBLIC_RATE_LIMIT`, default 60; the benchmark
 * raises it) against code guessing and message flooding.
 *
 * - `GET /api/public/dossiers/{code}[?check=NNNN]` → status (ours, national code 1–10, Vietnamese label),
 *   procedure, receipt, appointment, steps with dates (no officer names), return info. No personal data
 *   unless `check` = the last 4 digits of the applicant's phone or ID number (then the name and a masked
 *   phone). An unknown code → 404. A `check` is counted per dossier (`check-lockout.ts`): after 5 wrong
 *   values in 15 minutes (look-up and web rating together) every check of that dossier → 429
 *   `check_locked` + `Retry-After` (seconds) until the window has passed, without comparing the value.
 * - `GET /api/public/meta` → `{ demo, receivingBody: { code, name } }`: whether the server runs on demo data
 *   (then the verification codes are printed on the server's stdout, not sent: the filing page says so) and
 *   the name of the province's one-stop centre from `receiving_bodies` (the public pages' header).
 * - `POST /api/public/verifications` `{ channel: 'phone'|'email', contact }` → 201 `{ id, expiresAt }`: a
 *   6-digit code is sent through the `Notifier` (log implementation: `sent_messages`); codes are stored
 *   hashed, expire after 10 minutes, 5 wrong attempts at most.
 * - `POST /api/public/verifications/{id}/confirm` `{ code }` → `{ token, expiresAt }` (valid 60 minutes, once).
 * - `POST /api/public/dossiers` `{ verificationToken, procedureCode, applicant, representative?, components,
 *   returnMethod }` → 201 `{ code, appointmentAt, status: 'new', uploadToken, uploadExpiresAt, maxFiles }`,
 *   channel `online`; the confirmed contact must be the applicant's phone (or e-mail), and notices
 *   (`applicant.notify` with consent) only on it: sms / zalo with a confirmed phone, email with a confirmed
 *   e-mail — else 400 `notify_address_unverified` at `applicant.notify.channel`.
 * - `POST /api/public/dossiers/{code}/files` (header `x-upload-token`: the filing's `uploadToken`, valid 60
 *   minutes, 20 files, while the dossier is `new`; multipart `file` + `componentIndex`?) → 201 the file's
 *   metadata. PDF / JPEG / PNG only, checked by magic bytes (TIFF, WebP and the rest → 415; content ≠ type →
 *   400 `file_content_mismatch`), ≤ 10 MB (413), one file per request (400 `too_many_files`), truncated body →
 *   400 `invalid_multipart`; stored with the dossier with an `attach_file` event in the same transaction
 *   (ND 61/2018 Art 17 — hồ sơ nộp trực tuyến, REFERENCE §2). 401
 *   `invalid_upload_token`, 409 `already_accepted`, 429 `too_many_files`.
 * - `POST /api/public/dossiers/{code}/ratings` `{ check, vote, indices?, comment? }` → 201 (channel `web`);
 *   the check digits are counted as for the look-up (429 `check_locked`).
 */
import { createHash, randomBytes, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { FastifyReply } from 'fastify';
import type { App, ServerContext } from '../../server/context.ts';
import { AppError, badRequest, conflict, notFound } from '../../kernel/errors.ts';
import { contactVerifications, dossiers, dossierUploadTokens, receivingBodies } from '../../db/schema.ts';
import { queryRows, type Tx } from '../../db/engine.ts';
import { isoDeadline, isoHcm } from './fold.ts';
import { notifierFor, type Notifier } from './notifier.ts';
import { publicDossier } from './queries.ts';
import {
  DEFAULT_RECEIVING_BODY,
  ensureDefaultReceivingBody,
  rateDossier,
  receiveDossier,
} from './service.ts';
import { VOTES } from './rules.ts';
import { CheckLockedError, verifyCheckDigits } from './check-lockout.ts';
import {
  attachDossierFile,
  checkFileType,
  fileTarget,
  PUBLIC_FILE_MIME_TYPES,
  readOneFile,
} from './uploads.ts';
import { ApplicantSchema, ComponentSchema, IndicesSchema, msg, RepresentativeSchema } from './schemas.ts';
import { requireVerifiedNoticeChannel } from '../notifications/citizen.ts';

/** Requests per minute per client IP on each public route (env `KIENTAO_PUBLIC_RATE_LIMIT`, default 60). */
export function publicRateLimit(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.KIENTAO_PUBLIC_RATE_LIMIT);
  return Number.isInteger(n) && n > 0 ? n : 60;
}

export const VERIFICATION_TTL_MS = 10 * 60_000;
export const TOKEN_TTL_MS = 60 * 60_000;
export const MAX_ATTEMPTS = 5;
/** An upload token (handed out with the code of an online filing) is valid 60 minutes, for 20 files. */
export const UPLOAD_TOKEN_TTL_MS = 60 * 60_000;
export const UPLOAD_MAX_FILES = 20;

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const digits = (s: string) => s.replace(/\D/g, '');
/** A Vietnamese phone number in its national form: `+84 905…` / `84905…` → `0905…`. */
export const normalisePhone = (s: string) => {
  const d = digits(s);
  return d.startsWith('84') && d.length >= 11 ? '0' + d.slice(2) : d;
};
const normaliseContact = (channel: string, c: string) =>
  channel === 'phone' ? normalisePhone(c) : c.trim().toLowerCase();

const CheckSchema = z.string().regex(/^\d{4}$/, msg('Nhập đúng 4 chữ số', 'Exactly 4 digits'));

/** Runs a check-digit comparison; a lockout answer carries `Retry-After` (seconds). */
async function underLockout<T>(reply: FastifyReply, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof CheckLockedError) reply.header('retry-after', String(e.retryAfterSeconds));
    throw e;
  }
}

const badUploadToken = () =>
  new AppError(
    401,
    'invalid_upload_token',
    'Mã tải tệp không hợp lệ hoặc đã hết hạn.',
    'Invalid or expired upload token.',
    'uploadToken',
  );

/**
 * The upload token row of a dossier, checked (hash, expiry, dossier code, count, dossier still `new`) and
 * locked. 401 `invalid_upload_token`; 409 `already_accepted` once the one-stop has accepted the dossier
 * (later files go through the counter); 429 `too_many_files` after `UPLOAD_MAX_FILES`.
 */
async function uploadTokenFor(tx: Tx, code: string, token: string | undefined) {
  const [id, secret] = (token ?? '').split('.');
  if (!id || !secret || !z.uuid().safeParse(id).success) throw badUploadToken();
  const [t] = await queryRows<{
    dossier_id: string;
    token_hash: string;
    uploads: number;
    expires_at: string | Date;
    code: string;
    status: string;
  }>(
    tx,
    sql`SELECT t.dossier_id, t.token_hash, t.uploads, t.expires_at, d.code, d.status
        FROM dossier_upload_tokens t JOIN dossiers d ON d.id = t.dossier_id
        WHERE t.id = ${id} FOR UPDATE OF t`,
  );
  const a = Buffer.from(t?.token_hash ?? '', 'hex');
  const b = Buffer.from(sha(`upload:${secret}`), 'hex');
  if (
    !t ||
    t.code !== code ||
    a.length !== b.length ||
    !timingSafeEqual(a, b) ||
    new Date(t.expires_at).getTime() < Date.now()
  )
    throw badUploadToken();
  if (t.status !== 'new')
    throw conflict(
      'already_accepted',
      'Hồ sơ đã được tiếp nhận; tài liệu bổ sung nộp qua Bộ phận Một cửa.',
      'The dossier has been accepted; further documents go through the one-stop counter.',
      'code',
    );
  if (Number(t.uploads) >= UPLOAD_MAX_FILES)
    throw new AppError(
      429,
      'too_many_files',
      `Đã tải đủ ${UPLOAD_MAX_FILES} tệp cho hồ sơ này.`,
      `At most ${UPLOAD_MAX_FILES} files per online filing.`,
      'file',
    );
  return { id, dossierId: t.dossier_id };
}

export async function publicDossierRoutes(
  app: App,
  ctx: ServerContext,
  notifier: Notifier = notifierFor(ctx.config.demo),
) {
  const { database, calendar } = ctx;
  const db = database.db;
  const limit = publicRateLimit();
  const config = { public: true, rateLimit: { max: limit, timeWindow: '1 minute' } };

  app.get(
    '/api/public/meta',
    {
      config,
      schema: {
        tags: ['public'],
        summary: 'Thông tin máy chủ cho trang công khai / Server facts for the public pages',
        response: {
          200: z.object({
            demo: z.boolean(),
            receivingBody: z.object({ code: z.string(), name: z.string() }),
          }),
        },
      },
    },
    // demo: the server runs on demo data, its log notifier prints each SMS / e-mail on stdout;
    // receivingBody: the province's one-stop centre as named in `receiving_bodies` (one name everywhere)
    async () => {
      const name = await db.transaction(async (tx) => {
        await ensureDefaultReceivingBody(tx);
        const [b] = await tx
          .select({ name: receivingBodies.name })
          .from(receivingBodies)
          .where(eq(receivingBodies.agencyCode, DEFAULT_RECEIVING_BODY));
        return b!.name;
      });
      return { demo: ctx.config.demo, receivingBody: { code: DEFAULT_RECEIVING_BODY, name } };
    },
  );

  app.get(
    '/api/public/dossiers/:code',
    {
      config,
      schema: {
        tags: ['public'],
        summary: 'Tra cứu hồ sơ / Look up a dossier',
        params: z.object({ code: z.string().min(1).max(80) }),
        querystring: z.object({ check: CheckSchema.optional() }).strict(),
      },
    },
    async (req, reply) => {
      const code = req.params.code.toUpperCase();
      const check = req.query.check;
      if (check) {
        // the comparison is counted per dossier (lockout after 5 wrong values in 15 minutes)
        const found = await underLockout(reply, () =>
          db.transaction(async (tx) => {
            const [row] = await tx
              .select({ id: dossiers.id, applicant: dossiers.applicant })
              .from(dossiers)
              .where(eq(dossiers.code, code));
            if (!row) return false;
            await verifyCheckDigits(tx, row.id, row.applicant as { phone: string }, check, 'lookup');
            return true;
          }),
        );
        if (!found) throw notFound('hồ sơ / dossier', 'code');
      }
      const out = await publicDossier(db, code, check);
      if (!out) throw notFound('hồ sơ / dossier', 'code');
      return out;
    },
  );

  app.post(
    '/api/public/verifications',
    {
      config,
      schema: {
        tags: ['public'],
        summary: 'Gửi mã xác thực / Send a verification code',
        body: z
          .object({
            channel: z.enum(['phone', 'email']),
            contact: z.string().trim().min(3).max(200),
          })
          .strict(),
      },
    },
    async (req, reply) => {
      const { channel, contact } = req.body;
      const norm = normaliseContact(channel, contact);
      if (channel === 'phone' && !/^0\d{9,10}$/.test(norm))
        throw badRequest('invalid_phone', 'Số điện thoại không hợp lệ.', 'Invalid phone number.', 'contact');
      if (channel === 'email' && !z.email().safeParse(norm).success)
        throw badRequest('invalid_email', 'Địa chỉ thư điện tử không hợp lệ.', 'Invalid e-mail.', 'contact');
      const id = randomUUID();
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const expiresAt = new Date(Date.now() + VERIFICATION_TTL_MS);
      await db.transaction(async (tx) => {
        // at most 5 codes per contact per hour, whatever the client: no SMS/e-mail flood to one person
        const [recent] = await queryRows<{ n: number }>(
          tx,
          sql`SELECT count(*)::int AS n FROM contact_verifications
              WHERE contact = ${norm} AND created_at > now() - interval '1 hour'`,
        );
        if (Number(recent?.n ?? 0) >= 5)
          throw new AppError(
            429,
            'too_many_codes',
            'Đã gửi quá nhiều mã đến liên hệ này; vui lòng thử lại sau một giờ.',
            'Too many codes were sent to this contact; try again in an hour.',
            'contact',
          );
        await tx.insert(contactVerifications).values({
          id,
          channel,
          contact: norm,
          codeHash: sha(`${id}:${code}`),
          expiresAt,
        });
        await notifier.send(tx, {
          channel: channel === 'phone' ? 'sms' : 'email',
          recipient: norm,
          subject: channel === 'email' ? 'Mã xác thực nộp hồ sơ trực tuyến' : null,
          body: `Ma xac thuc nop ho so truc tuyen: ${code} (hieu luc 10 phut).`,
          ref: `verification:${id}`,
        });
      });
      return reply.code(201).send({ id, expiresAt: isoHcm(expiresAt) });
    },
  );

  app.post(
    '/api/public/verifications/:id/confirm',
    {
      config,
      schema: {
        tags: ['public'],
        summary: 'Xác nhận mã / Confirm the code',
        params: z.object({ id: z.uuid() }),
        body: z.object({ code: z.string().regex(/^\d{6}$/, msg('6 chữ số', '6 digits')) }).strict(),
      },
    },
    async (req) => {
      const id = req.params.id;
      // count the attempt atomically first (parallel guesses cannot exceed the limit)
      const out = await db.transaction(async (tx) => {
        const [v] = await queryRows<{
          attempts: number;
          code_hash: string;
          expires_at: string | Date;
          verified_at: unknown;
        }>(
          tx,
          sql`UPDATE contact_verifications SET attempts = attempts + 1
              WHERE id = ${id} AND verified_at IS NULL RETURNING attempts, code_hash, expires_at, verified_at`,
        );
        if (!v) return { error: notFound('mã xác thực / verification', 'id') };
        if (new Date(v.expires_at).getTime() < Date.now())
          return {
            error: badRequest('verification_expired', 'Mã đã hết hạn.', 'The code has expired.', 'code'),
          };
        if (v.attempts > MAX_ATTEMPTS)
          return {
            error: new AppError(
              429,
              'too_many_attempts',
              'Nhập sai quá số lần cho phép; hãy yêu cầu mã mới.',
              'Too many wrong attempts; request a new code.',
              'code',
            ),
          };
        const a = Buffer.from(v.code_hash, 'hex');
        const b = Buffer.from(sha(`${id}:${req.body.code}`), 'hex');
        if (a.length !== b.length || !timingSafeEqual(a, b))
          return {
            error: badRequest(
              'wrong_code',
              `Mã không đúng (còn ${MAX_ATTEMPTS - v.attempts} lần).`,
              `Wrong code (${MAX_ATTEMPTS - v.attempts} attempts left).`,
              'code',
            ),
          };
        const secret = randomBytes(24).toString('base64url');
        const expiresAt = new Date(Date.now() + TOKEN_TTL_MS);
        // after confirmation the hash column holds the token's hash (the code is no longer usable)
        await tx
          .update(contactVerifications)
          .set({ verifiedAt: new Date(), codeHash: sha(`token:${secret}`), expiresAt })
          .where(eq(contactVerifications.id, id));
        return { token: `${id}.${secret}`, expiresAt: isoHcm(expiresAt) };
      });
      // the attempt count is committed even when the code was wrong
      if ('error' in out) throw out.error;
      return out;
    },
  );

  app.post(
    '/api/public/dossiers',
    {
      config,
      schema: {
        tags: ['public'],
        summary: 'Nộp hồ sơ trực tuyến / File a dossier online',
        body: z
          .object({
            verificationToken: z.string().min(10).max(200),
            procedureCode: z.string().trim().min(1).max(64),
            applicant: ApplicantSchema,
            representative: RepresentativeSchema.nullable().optional(),
            components: z.array(ComponentSchema).max(100),
            returnMethod: z.enum(['counter', 'post', 'online']),
          })
          .strict(),
      },
    },
    async (req, reply) => {
      const b = req.body;
      const [id, secret] = b.verificationToken.split('.');
      const bad = () =>
        new AppError(
          401,
          'invalid_verification',
          'Xác thực không hợp lệ hoặc đã hết hạn.',
          'Invalid or expired verification.',
          'verificationToken',
        );
      if (!id || !secret || !z.uuid().safeParse(id).success) throw bad();
      const out = await db.transaction(async (tx) => {
        const [v] = await queryRows<{
          channel: string;
          contact: string;
          code_hash: string;
          expires_at: string | Date;
        }>(
          tx,
          sql`SELECT channel, contact, code_hash, expires_at FROM contact_verifications
              WHERE id = ${id} AND verified_at IS NOT NULL AND used_at IS NULL FOR UPDATE`,
        );
        if (!v || v.code_hash !== sha(`token:${secret}`) || new Date(v.expires_at).getTime() < Date.now())
          throw bad();
        const mine =
          v.channel === 'phone'
            ? normalisePhone(b.applicant.phone) === v.contact
            : (b.applicant.email ?? '').trim().toLowerCase() === v.contact;
        if (!mine)
          throw badRequest(
            'contact_mismatch',
            'Số điện thoại / thư điện tử đã xác thực không phải của người nộp.',
            "The confirmed contact is not the applicant's.",
            v.channel === 'phone' ? 'applicant.phone' : 'applicant.email',
          );
        // notices only to the confirmed contact (400 notify_address_unverified at applicant.notify.channel)
        requireVerifiedNoticeChannel(b.applicant.notify, v.channel === 'email' ? 'email' : 'phone');
        const cal = await calendar.forDeadline(tx);
        const row = await receiveDossier(tx, cal, null, { ...b, channel: 'online' }, { status: 'new' });
        await tx
          .update(contactVerifications)
          .set({ usedAt: new Date() })
          .where(eq(contactVerifications.id, id));
        await notifier.send(tx, {
          channel: v.channel === 'phone' ? 'sms' : 'email',
          recipient: v.contact,
          subject: v.channel === 'email' ? `Hồ sơ ${row.code}` : null,
          body: `Ho so ${row.code} da duoc nop truc tuyen; hen tra: ${isoDeadline(row.appointmentAt)?.slice(0, 10) ?? '-'}.`,
          ref: `dossier:${row.code}`,
        });
        // the citizen may now upload the components with this token (while the dossier is new)
        const upId = randomUUID();
        const upSecret = randomBytes(24).toString('base64url');
        const upExpires = new Date(Date.now() + UPLOAD_TOKEN_TTL_MS);
        await tx.insert(dossierUploadTokens).values({
          id: upId,
          dossierId: row.id,
          tokenHash: sha(`upload:${upSecret}`),
          expiresAt: upExpires,
        });
        return {
          code: row.code,
          appointmentAt: isoDeadline(row.appointmentAt),
          status: row.status,
          uploadToken: `${upId}.${upSecret}`,
          uploadExpiresAt: isoHcm(upExpires),
          maxFiles: UPLOAD_MAX_FILES,
        };
      });
      return reply.code(201).send(out);
    },
  );

  app.post(
    '/api/public/dossiers/:code/ratings',
    {
      config,
      schema: {
        tags: ['public'],
        summary: 'Đánh giá mức độ hài lòng / Rate a dossier',
        params: z.object({ code: z.string().min(1).max(80) }),
        body: z
          .object({
            check: CheckSchema,
            vote: z.enum(VOTES),
            indices: IndicesSchema.nullable().optional(),
            comment: z.string().trim().max(2000).nullable().optional(),
          })
          .strict(),
      },
    },
    async (req, reply) => {
      const code = req.params.code.toUpperCase();
      // first the check digits, in a transaction of their own (a wrong value is counted and committed)
      const ok = await underLockout(reply, () =>
        db.transaction(async (tx) => {
          const [row] = await tx
            .select({ id: dossiers.id, applicant: dossiers.applicant })
            .from(dossiers)
            .where(eq(dossiers.code, code));
          if (!row) throw notFound('hồ sơ / dossier', 'code');
          return verifyCheckDigits(tx, row.id, row.applicant as { phone: string }, req.body.check, 'rating');
        }),
      );
      if (!ok)
        throw badRequest(
          'check_mismatch',
          'Mã kiểm tra (4 chữ số cuối số điện thoại hoặc giấy tờ) không đúng.',
          'Wrong check digits (last 4 digits of the phone or ID number).',
          'check',
        );
      const out = await db.transaction(async (tx) => {
        const [row] = await tx.select().from(dossiers).where(eq(dossiers.code, code));
        if (!row) throw notFound('hồ sơ / dossier', 'code');
        if (row.status === 'new')
          throw conflict('not_received', 'Hồ sơ chưa được tiếp nhận.', 'The dossier is not received yet.');
        const r = await rateDossier(tx, row, { ...req.body, channel: 'web' }, null);
        return { code: row.code, channel: r.channel, vote: r.vote, score: r.score, at: isoHcm(r.at) };
      });
      return reply.code(201).send(out);
    },
  );

  app.post(
    '/api/public/dossiers/:code/files',
    {
      config,
      schema: {
        tags: ['public'],
        summary: 'Tải thành phần hồ sơ nộp trực tuyến / Upload a component of an online filing',
        params: z.object({ code: z.string().min(1).max(80) }),
        headers: z.object({ 'x-upload-token': z.string().min(10).max(200).optional() }).loose(),
      },
    },
    async (req, reply) => {
      const code = req.params.code.toUpperCase();
      const token = req.headers['x-upload-token'] as string | undefined;
      // the token first (before reading up to 10 MB), then again under the lock when storing
      await db.transaction((tx) => uploadTokenFor(tx, code, token));
      const file = await readOneFile(req);
      const target = fileTarget(file.fields, false);
      checkFileType(file, PUBLIC_FILE_MIME_TYPES);
      const out = await db.transaction(async (tx) => {
        const t = await uploadTokenFor(tx, code, token);
        const stored = await attachDossierFile(tx, t.dossierId, file, target, null);
        await tx
          .update(dossierUploadTokens)
          .set({ uploads: sql`${dossierUploadTokens.uploads} + 1` })
          .where(eq(dossierUploadTokens.id, t.id));
        return stored;
      });
      return reply.code(201).send(out);
    },
  );
}
