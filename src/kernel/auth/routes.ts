/**
 * Authentication and account endpoints.
 *
 * - `POST /api/auth/login` `{ username, password }` → 200 `{ csrfToken, user }` and the httpOnly session
 *   cookie; 401 `invalid_credentials`; 429 when throttled (per IP and per account).
 * - `POST /api/auth/logout` → 204.
 * - `GET /api/auth/me` → `{ user, csrfToken }` (401 without a session).
 * - `POST /api/auth/password` `{ currentPassword, newPassword }` → 204.
 * - Admin: `GET/POST /api/users`, `PATCH /api/users/{id}`, `POST /api/users/{id}/reset-password`,
 *   `POST /api/users/import` (CSV text: username,displayName,email,roles (;-separated),agencyCode,password).
 */
import { z } from 'zod';
import type { App, AppContext } from '../../server/context.ts';
import { OFFICE_ROLES, ROLES } from './roles.ts';
import {
  changeOwnPassword,
  createUser,
  getUser,
  listUsers,
  login,
  logout,
  publicUser,
  resetPassword,
  SESSION_TTL_MS,
  sha256,
  updateUser,
} from './service.ts';
import { requireRole, requireUser, SESSION_COOKIE, sessionCookieOptions } from './http.ts';
import { AppError, type ErrorItem } from '../errors.ts';
import { randomPassword } from './password.ts';

const Role = z.enum(ROLES);
const UserOut = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  roles: z.array(Role),
  agencyCode: z.string().nullable(),
  disabled: z.boolean(),
  mustChangePassword: z.boolean(),
  createdAt: z.string(),
});
const Me = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(Role),
  agencyCode: z.string().nullable(),
  mustChangePassword: z.boolean(),
});
const Username = z
  .string()
  .min(2)
  .max(64)
  .regex(
    /^[\p{L}\p{N}._-]+$/u,
    'Tên đăng nhập chỉ gồm chữ, số, dấu chấm, gạch | Username: letters, digits, dot, dash, underscore',
  );

export async function authRoutes(app: App, { database }: AppContext) {
  const db = database.db;

  app.post(
    '/api/auth/login',
    {
      config: { public: true, rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Đăng nhập / Log in',
        body: z.object({ username: z.string().min(1).max(200), password: z.string().min(1).max(500) }),
        response: { 200: z.object({ csrfToken: z.string(), user: Me }) },
      },
    },
    async (req, reply) => {
      const r = await login(db, req.body.username, req.body.password);
      reply.setCookie(SESSION_COOKIE, r.token, sessionCookieOptions(req, SESSION_TTL_MS / 1000));
      return { csrfToken: r.csrfToken, user: r.user };
    },
  );

  app.post(
    '/api/auth/logout',
    { config: { allowPasswordChange: true }, schema: { tags: ['auth'], summary: 'Đăng xuất / Log out' } },
    async (req, reply) => {
      requireUser(req);
      await logout(db, req.cookies[SESSION_COOKIE]!);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/auth/me',
    {
      config: { allowPasswordChange: true },
      schema: { tags: ['auth'], response: { 200: z.object({ user: Me, csrfToken: z.string() }) } },
    },
    async (req) => ({ user: requireUser(req), csrfToken: req.csrfToken! }),
  );

  app.post(
    '/api/auth/password',
    {
      config: { allowPasswordChange: true },
      schema: {
        tags: ['auth'],
        summary: 'Đổi mật khẩu / Change own password',
        body: z.object({
          currentPassword: z.string().min(1).max(500),
          newPassword: z.string().min(1).max(500),
        }),
      },
    },
    async (req, reply) => {
      const p = requireUser(req);
      const sessionId = sha256(req.cookies[SESSION_COOKIE] ?? '');
      await db.transaction((tx) =>
        changeOwnPassword(tx, p, req.body.currentPassword, req.body.newPassword, sessionId),
      );
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/users',
    { schema: { tags: ['users'], response: { 200: z.object({ items: z.array(UserOut) }) } } },
    async (req) => {
      requireRole(req, ['admin']);
      return { items: await listUsers(db) };
    },
  );

  app.get(
    '/api/users/office-staff',
    {
      schema: {
        tags: ['users'],
        summary:
          'Chuyên viên, lãnh đạo Văn phòng (chọn người theo dõi) / Office staff, to pick a task follower',
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.string(),
                username: z.string(),
                displayName: z.string(),
                agencyCode: z.string().nullable(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => {
      requireRole(req, OFFICE_ROLES);
      const all = await listUsers(db);
      return {
        items: all
          .filter(
            (u) => !u.disabled && u.roles.some((r) => r === 'office_specialist' || r === 'office_leader'),
          )
          .map((u) => ({
            id: u.id,
            username: u.username,
            displayName: u.displayName,
            agencyCode: u.agencyCode,
          })),
      };
    },
  );

  const NewUser = z
    .object({
      username: Username,
      displayName: z.string().min(1).max(200),
      email: z.string().email().max(200).nullable().optional(),
      password: z.string().min(1).max(500),
      roles: z.array(Role).min(1),
      agencyCode: z.string().min(1).max(64).nullable().optional(),
      mustChangePassword: z.boolean().optional(),
    })
    .strict();

  app.post(
    '/api/users',
    { schema: { tags: ['users'], body: NewUser, response: { 201: UserOut } } },
    async (req, reply) => {
      const actor = requireRole(req, ['admin']);
      const row = await db.transaction((tx) =>
        createUser(tx, actor, { mustChangePassword: true, ...req.body }),
      );
      return reply.code(201).send(publicUser(row));
    },
  );

  app.patch(
    '/api/users/:id',
    {
      schema: {
        tags: ['users'],
        params: z.object({ id: z.uuid() }),
        body: z
          .object({
            displayName: z.string().min(1).max(200).optional(),
            email: z.string().email().max(200).nullable().optional(),
            roles: z.array(Role).min(1).optional(),
            agencyCode: z.string().min(1).max(64).nullable().optional(),
            disabled: z.boolean().optional(),
          })
          .strict(),
        response: { 200: UserOut },
      },
    },
    async (req) => {
      const actor = requireRole(req, ['admin']);
      const row = await db.transaction((tx) => updateUser(tx, actor, req.params.id, req.body));
      return publicUser(row);
    },
  );

  app.post(
    '/api/users/:id/reset-password',
    {
      schema: {
        tags: ['users'],
        params: z.object({ id: z.uuid() }),
        body: z
          .object({ password: z.string().min(1).max(500).optional() })
          .strict()
          .optional(),
        response: { 200: z.object({ password: z.string() }) },
      },
    },
    async (req) => {
      const actor = requireRole(req, ['admin']);
      const password = req.body?.password ?? randomPassword();
      await db.transaction(async (tx) => {
        await getUser(tx, req.params.id);
        await resetPassword(tx, actor, req.params.id, password);
      });
      return { password };
    },
  );

  app.post(
    '/api/users/import',
    {
      schema: {
        tags: ['users'],
        summary: 'Nhập tài khoản từ CSV / Import users from CSV',
        description:
          'Body `{ csv }`: header row `username,displayName,email,roles,agencyCode,password`; roles separated by `;`. ' +
          'All rows are created or none (422 with `errors[]`). Imported users must change their password at first login.',
        body: z.object({ csv: z.string().min(1).max(2_000_000) }).strict(),
        response: { 200: z.object({ created: z.number(), users: z.array(UserOut) }) },
      },
    },
    async (req) => {
      const actor = requireRole(req, ['admin']);
      let rows: Record<string, string>[];
      try {
        const { parse: parseCsv } = await import('csv-parse/sync');
        rows = parseCsv(req.body.csv, { columns: true, skip_empty_lines: true, trim: true, bom: true });
      } catch (e) {
        throw new AppError(
          400,
          'invalid_csv',
          'Tệp CSV không đọc được.',
          `The CSV cannot be read: ${(e as Error).message}`,
          'csv',
        );
      }
      const errors: ErrorItem[] = [];
      const created = await db.transaction(async (tx) => {
        const out = [];
        for (const [index, r] of rows.entries()) {
          const parsed = NewUser.safeParse({
            username: r.username,
            displayName: r.displayName,
            email: r.email || null,
            password: r.password || randomPassword(),
            roles: (r.roles ?? '').split(/[;,\s]+/).filter(Boolean),
            agencyCode: r.agencyCode || null,
            mustChangePassword: true,
          });
          if (!parsed.success) {
            const issue = parsed.error.issues[0]!;
            errors.push({
              index,
              path: `${index}.${issue.path.join('.')}`,
              code: 'invalid_row',
              message: issue.message,
            });
            continue;
          }
          try {
            out.push(await createUser(tx, actor, parsed.data));
          } catch (e) {
            if (!(e instanceof AppError)) throw e;
            errors.push({ index, path: `${index}.${e.path ?? ''}`, code: e.code, message: e.messageVi });
          }
        }
        if (errors.length) {
          throw new AppError(
            422,
            'import_failed',
            'Có dòng không hợp lệ; không tài khoản nào được tạo.',
            'Some rows are invalid; nothing was created.',
            errors[0]!.path,
            errors,
          );
        }
        return out;
      });
      return { created: created.length, users: created.map(publicUser) };
    },
  );
}
