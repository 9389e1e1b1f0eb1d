/**
 * HTTP side of authentication: the session cookie, CSRF check, and the guards every route calls.
 * Default deny: every `/api/*` route needs a live session unless its route config says `public: true`.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import type { Db } from '../../db/engine.ts';
import { sessionPrincipal } from './service.ts';
import { hasAnyRole, type Principal, type Role } from './roles.ts';

export const SESSION_COOKIE = 'kt_session';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    csrfToken: string | null;
  }
  interface FastifyContextConfig {
    public?: boolean;
    /** allowed while the user must still change their password */
    allowPasswordChange?: boolean;
  }
}

export const unauthenticated = () =>
  new AppError(401, 'unauthenticated', 'Bạn cần đăng nhập.', 'Authentication required.');

/** Cookie options: `Secure` only when the request came over HTTPS (directly or via a trusted proxy). */
export function sessionCookieOptions(req: FastifyRequest, maxAgeSec: number) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: req.protocol === 'https',
    maxAge: maxAgeSec,
  };
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export function authHook(db: Db) {
  return async (req: FastifyRequest, _reply: FastifyReply) => {
    req.principal = null;
    req.csrfToken = null;
    if (!req.url.startsWith('/api/')) return;
    const token = req.cookies?.[SESSION_COOKIE];
    if (token) {
      const s = await sessionPrincipal(db, token);
      if (s) {
        req.principal = s.principal;
        req.csrfToken = s.csrfToken;
      }
    }
    const cfg = req.routeOptions?.config;
    if (cfg?.public || req.url.startsWith('/api/docs')) return;
    if (!req.principal) {
      // unknown route: let the router answer 404/405 instead of 401
      if (!req.routeOptions?.url) return;
      throw unauthenticated();
    }
    if (!SAFE.has(req.method) && req.headers['x-csrf-token'] !== req.csrfToken) {
      throw new AppError(
        403,
        'csrf_failed',
        'Thiếu hoặc sai mã chống giả mạo (x-csrf-token).',
        'Missing or wrong x-csrf-token header.',
        'x-csrf-token',
      );
    }
    if (req.principal.mustChangePassword && !cfg?.allowPasswordChange) {
      throw new AppError(
        403,
        'password_change_required',
        'Bạn phải đổi mật khẩu trước khi tiếp tục.',
        'You must change your password first.',
      );
    }
  };
}

/** The signed-in principal; throws 401 if none. */
export function requireUser(req: FastifyRequest): Principal {
  if (!req.principal) throw unauthenticated();
  return req.principal;
}

/** The principal if it has one of `roles` (admin always passes); else 403. */
export function requireRole(req: FastifyRequest, roles: readonly Role[]): Principal {
  const p = requireUser(req);
  if (p.roles.includes('admin') || hasAnyRole(p, roles)) return p;
  throw new AppError(
    403,
    'forbidden',
    'Vai trò của bạn không được phép thực hiện thao tác này.',
    'Your role may not do this.',
  );
}
