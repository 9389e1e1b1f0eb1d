/**
 * Accounts and sessions. Sessions live in the `sessions` table, keyed by the SHA-256 of a random token
 * that is sent to the browser only in an httpOnly cookie; each session has a CSRF token that every write
 * must echo in the `x-csrf-token` header.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { and, eq, lt, ne, sql } from 'drizzle-orm';
import { queryRows, type Db, type Tx } from '../../db/engine.ts';
import { sessions, users } from '../../db/schema.ts';
import { AppError, badRequest, conflict, notFound } from '../errors.ts';
import { recordAudit } from '../audit/index.ts';
import { hashPassword, passwordProblem, verifyPassword } from './password.ts';
import { ROLES, type Principal, type Role } from './roles.ts';
import { nfc } from '../text.ts';

export const SESSION_TTL_MS = 12 * 3600_000;
const MAX_FAILED = 5;
const LOCK_MS = 15 * 60_000;

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

type UserRow = typeof users.$inferSelect;

export function toPrincipal(u: UserRow): Principal {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    roles: u.roles as Role[],
    agencyCode: u.agencyCode,
    mustChangePassword: u.mustChangePassword,
  };
}

export function publicUser(u: UserRow) {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    email: u.email,
    roles: u.roles as Role[],
    agencyCode: u.agencyCode,
    disabled: u.disabled,
    mustChangePassword: u.mustChangePassword,
    createdAt: u.createdAt.toISOString(),
  };
}

const invalidLogin = () =>
  new AppError(401, 'invalid_credentials', 'Sai tên đăng nhập hoặc mật khẩu.', 'Wrong username or password.');

/**
 * Checks a username and password; throttles by account (5 failures lock it for 15 minutes; the
 * route is also rate-limited per IP). Returns the session token (for the cookie) and its CSRF token.
 */
export async function login(db: Db, username: string, password: string) {
  const uname = nfc(username).toLowerCase();
  const [u] = await db.select().from(users).where(eq(users.username, uname));
  if (!u) {
    await verifyPassword('$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$ZmFrZWhhc2g', password); // same timing
    throw invalidLogin();
  }
  if (u.lockedUntil && u.lockedUntil.getTime() > Date.now()) {
    throw new AppError(
      429,
      'account_locked',
      'Tài khoản tạm khóa do đăng nhập sai nhiều lần, thử lại sau 15 phút.',
      'Too many failed logins; the account is locked for 15 minutes.',
    );
  }
  const ok = await verifyPassword(u.passwordHash, password);
  if (!ok || u.disabled) {
    // atomic count: parallel wrong guesses cannot overwrite each other's failures
    const lockUntil = new Date(Date.now() + LOCK_MS);
    await queryRows(
      db,
      sql`UPDATE users SET
            locked_until = CASE WHEN failed_logins + 1 >= ${MAX_FAILED} THEN ${lockUntil.toISOString()}::timestamptz ELSE locked_until END,
            failed_logins = CASE WHEN failed_logins + 1 >= ${MAX_FAILED} THEN 0 ELSE failed_logins + 1 END
          WHERE id = ${u.id}`,
    );
    throw invalidLogin();
  }
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  await db.transaction(async (tx) => {
    await tx.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, u.id));
    await tx.delete(sessions).where(lt(sessions.expiresAt, new Date()));
    await tx.insert(sessions).values({
      id: sha256(token),
      userId: u.id,
      csrfToken,
      expiresAt: new Date(Date.now() + SESSION_TTL_MS),
    });
  });
  return { token, csrfToken, user: toPrincipal(u) };
}

/** The principal and CSRF token of a live session, or null. */
/** The session look-up of every signed-in request, prepared once per database (no parse/plan per request). */
function buildSessionQuery(db: Db) {
  return db
    .select({ u: users, csrf: sessions.csrfToken, expiresAt: sessions.expiresAt })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, sql.placeholder('id')))
    .prepare('session_principal');
}
const sessionQueries = new WeakMap<object, ReturnType<typeof buildSessionQuery>>();

export async function sessionPrincipal(db: Db, token: string) {
  let q = sessionQueries.get(db);
  if (!q) sessionQueries.set(db, (q = buildSessionQuery(db)));
  const rows = await q.execute({ id: sha256(token) });
  const r = rows[0];
  if (!r || r.expiresAt.getTime() < Date.now() || r.u.disabled) return null;
  return { principal: toPrincipal(r.u), csrfToken: r.csrf };
}

export async function logout(db: Db, token: string) {
  await db.delete(sessions).where(eq(sessions.id, sha256(token)));
}

export interface NewUser {
  username: string;
  displayName: string;
  email?: string | null;
  password: string;
  roles: Role[];
  agencyCode?: string | null;
  mustChangePassword?: boolean;
}

function checkRoles(roles: string[], path: string) {
  const bad = roles.find((r) => !(ROLES as readonly string[]).includes(r));
  if (bad) throw badRequest('invalid_role', `Vai trò không hợp lệ: ${bad}`, `Unknown role: ${bad}`, path);
  if (roles.length === 0)
    throw badRequest('invalid_role', 'Cần ít nhất một vai trò.', 'At least one role is required.', path);
}

async function checkAgency(tx: Tx, code: string | null | undefined, roles: Role[], path: string) {
  if (roles.some((r) => r === 'agency_leader' || r === 'agency_staff') && !code) {
    throw badRequest(
      'agency_required',
      'Tài khoản cơ quan phải thuộc một cơ quan.',
      'Agency users need an agency.',
      path,
    );
  }
  if (!code) return;
  const r = await queryRows(tx, sql`SELECT 1 FROM agencies WHERE code = ${code}`);
  if (r.length === 0)
    throw badRequest('unknown_agency', `Không có cơ quan mã ${code}.`, `No agency with code ${code}.`, path);
}

/** Creates a user (admin). Throws 409 `username_taken`, 400 on bad role/agency/password. */
export async function createUser(
  tx: Tx,
  actor: Principal | null,
  input: NewUser,
  opts: { skipPolicy?: boolean } = {},
) {
  const username = nfc(input.username).toLowerCase();
  checkRoles(input.roles, 'roles');
  if (!opts.skipPolicy) {
    const p = passwordProblem(input.password);
    if (p) throw badRequest('weak_password', p[0], p[1], 'password');
  }
  await checkAgency(tx, input.agencyCode, input.roles, 'agencyCode');
  const existing = await tx.select({ id: users.id }).from(users).where(eq(users.username, username));
  if (existing.length)
    throw conflict(
      'username_taken',
      `Tên đăng nhập ${username} đã có.`,
      `Username ${username} is taken.`,
      'username',
    );
  const id = randomUUID();
  const [row] = await tx
    .insert(users)
    .values({
      id,
      username,
      displayName: nfc(input.displayName),
      email: input.email ?? null,
      passwordHash: await hashPassword(input.password),
      roles: input.roles,
      agencyCode: input.agencyCode ?? null,
      mustChangePassword: input.mustChangePassword ?? false,
    })
    .returning();
  await recordAudit(tx, {
    actor,
    entityType: 'user',
    entityId: id,
    action: 'created',
    data: { username, roles: input.roles, agencyCode: input.agencyCode ?? null },
  });
  return row!;
}

export interface UserPatch {
  displayName?: string;
  email?: string | null;
  roles?: Role[];
  agencyCode?: string | null;
  disabled?: boolean;
}

/** Updates roles, agency, name or the disabled flag (admin). Disabling ends the user's sessions. */
export async function updateUser(tx: Tx, actor: Principal, id: string, patch: UserPatch) {
  const [u] = await tx.select().from(users).where(eq(users.id, id));
  if (!u) throw notFound('người dùng / user', 'id');
  const roles = (patch.roles ?? u.roles) as Role[];
  if (patch.roles) checkRoles(patch.roles, 'roles');
  const agencyCode = patch.agencyCode === undefined ? u.agencyCode : patch.agencyCode;
  await checkAgency(tx, agencyCode, roles, 'agencyCode');
  if (
    u.id === actor.id &&
    (patch.disabled || (patch.roles && !patch.roles.includes('admin') && u.roles.includes('admin')))
  ) {
    throw conflict(
      'self_lockout',
      'Không thể tự khóa hoặc bỏ quyền quản trị của chính mình.',
      'You cannot disable yourself or drop your own admin role.',
      'disabled',
    );
  }
  const [row] = await tx
    .update(users)
    .set({
      displayName: patch.displayName !== undefined ? nfc(patch.displayName) : u.displayName,
      email: patch.email !== undefined ? patch.email : u.email,
      roles,
      agencyCode,
      disabled: patch.disabled ?? u.disabled,
      updatedAt: new Date(),
    })
    .where(eq(users.id, id))
    .returning();
  if (patch.disabled) await tx.delete(sessions).where(eq(sessions.userId, id));
  await recordAudit(tx, { actor, entityType: 'user', entityId: id, action: 'updated', data: patch });
  return row!;
}

/** Sets a new password chosen by an admin; the user must change it at next login. */
export async function resetPassword(tx: Tx, actor: Principal, id: string, password: string) {
  const p = passwordProblem(password);
  if (p) throw badRequest('weak_password', p[0], p[1], 'password');
  const r = await tx
    .update(users)
    .set({
      passwordHash: await hashPassword(password),
      mustChangePassword: true,
      failedLogins: 0,
      lockedUntil: null,
      updatedAt: new Date(),
    })
    .where(eq(users.id, id))
    .returning({ id: users.id });
  if (!r.length) throw notFound('người dùng / user', 'id');
  await tx.delete(sessions).where(eq(sessions.userId, id));
  await recordAudit(tx, { actor, entityType: 'user', entityId: id, action: 'password_reset' });
}

/** A user changes their own password (the current one is checked). */
/** `currentSessionId`: the SHA-256 id of the session making the change (kept; the others end). */
export async function changeOwnPassword(
  tx: Tx,
  actor: Principal,
  current: string,
  next: string,
  currentSessionId?: string,
) {
  const [u] = await tx.select().from(users).where(eq(users.id, actor.id));
  if (!u || !(await verifyPassword(u.passwordHash, current))) {
    throw badRequest(
      'wrong_password',
      'Mật khẩu hiện tại không đúng.',
      'The current password is wrong.',
      'currentPassword',
    );
  }
  const p = passwordProblem(next);
  if (p) throw badRequest('weak_password', p[0], p[1], 'newPassword');
  if (current === next)
    throw badRequest(
      'same_password',
      'Mật khẩu mới phải khác mật khẩu cũ.',
      'The new password must differ.',
      'newPassword',
    );
  await tx
    .update(users)
    .set({ passwordHash: await hashPassword(next), mustChangePassword: false, updatedAt: new Date() })
    .where(eq(users.id, actor.id));
  // other sessions of this user end (the current one is kept by the caller's cookie)
  await tx
    .delete(sessions)
    .where(and(eq(sessions.userId, actor.id), ne(sessions.id, currentSessionId ?? '')));
  await recordAudit(tx, { actor, entityType: 'user', entityId: actor.id, action: 'password_changed' });
}

export async function listUsers(db: Db) {
  const rows = await db.select().from(users).orderBy(users.username);
  return rows.map(publicUser);
}

export async function getUser(db: Tx, id: string) {
  const [u] = await db
    .select()
    .from(users)
    .where(and(eq(users.id, id)));
  if (!u) throw notFound('người dùng / user', 'id');
  return u;
}
