/**
 * The HTTP application: fastify with zod schemas (validation, serialisation, OpenAPI at /api/docs),
 * session auth, the error mapping, the modules' routes and the built web UI.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import Fastify, { type FastifyReply, type FastifyServerOptions } from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import FindMyWay, { type HTTPMethod } from 'find-my-way';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sql } from 'drizzle-orm';
import type { AppContext, ServerContext } from './context.ts';
import { openQueue } from '../kernel/queue/queue.ts';
import { startBackground } from './workers.ts';
import { errorHandler, statusError } from './errors.ts';
import { fromRoot } from '../paths.ts';
import { AppError } from '../kernel/errors.ts';
import { authHook } from '../kernel/auth/http.ts';
import { authRoutes } from '../kernel/auth/routes.ts';
import { orgRoutes } from '../kernel/org/routes.ts';
import { documentRoutes } from '../kernel/documents/routes.ts';
import { referenceRoutes } from '../kernel/documents/references-routes.ts';
import { taskRoutes } from '../modules/tasks/routes.ts';
import { taskProposalRoutes } from '../modules/tasks/proposal-routes.ts';
import { tasksAffectedByCalendar } from '../modules/tasks/deadline-rule.ts';
import { CalendarService } from '../kernel/calendar/service.ts';
import { calendarRoutes } from '../kernel/calendar/routes.ts';
import { procedureRoutes } from '../modules/procedures/routes.ts';
import { dossierRoutes } from '../modules/dossiers/routes.ts';
import { dossierFormRoutes } from '../modules/dossiers/forms/routes.ts';
import { dossierReportRoutes } from '../modules/reports/dossier-routes.ts';
import { open311Routes } from '../modules/petitions/open311/routes.ts';
import { receptionRoutes } from '../modules/petitions/reception-routes.ts';
import { petitionRoutes } from '../modules/petitions/routes.ts';
import { petitionReportRoutes } from '../modules/reports/petition-routes.ts';
import { petitionLetterRoutes } from '../modules/petitions/letter-routes.ts';
import { petitionDeskRoutes } from '../modules/petitions/desk-routes.ts';
import { TaskTableIndex } from '../modules/tasks/table-index.ts';
import { periodicReportRoutes } from '../modules/reports/periodic/routes.ts';
import { periodicExportRoutes } from '../modules/reports/periodic/export-routes.ts';
import { jobRoutes } from '../kernel/jobs/routes.ts';
import { numberRegisterRoutes } from '../kernel/documents/register-routes.ts';
import { taskUrgingRoutes } from '../modules/tasks/urging-routes.ts';
import { reminderRoutes } from '../modules/notifications/reminders/routes.ts';
import { dashboardRoutes } from '../modules/reports/dashboard-routes.ts';
import { inAppNotificationRoutes } from '../modules/notifications/inapp-routes.ts';
import { notificationPrefsRoutes } from '../modules/notifications/prefs-routes.ts';
import { outboxRoutes } from '../modules/notifications/outbox-routes.ts';

const webDist = fromRoot('web', 'dist');

// eslint-disable-next-line no-control-regex
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Path of the first string holding a character we cannot store or put in a document (see below), or null. */
function findNul(v: unknown, path: string, depth = 0): string | null {
  if (depth > 64) {
    throw new AppError(
      400,
      'too_deep',
      'Dữ liệu lồng nhau quá sâu.',
      'The body is nested too deeply.',
      path || 'body',
    );
  }
  // NUL and lone UTF-16 surrogates cannot be stored in PostgreSQL text/json; the other C0 controls (but tab,
  // line feed, carriage return) and U+FFFE / U+FFFF are not allowed in XML, so no document (DOCX) could hold them
  if (typeof v === 'string') return XML_INVALID.test(v) || LONE_SURROGATE.test(v) ? path || 'body' : null;
  if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      const p = findNul(x, path ? `${path}.${k}` : k, depth + 1);
      if (p !== null) return p;
    }
  }
  return null;
}

/**
 * A request as the log keeps it: method and path, never the query string — a search may hold a person's
 * name or ID number (a denouncer's identity must not reach the logs, Luật Tố cáo 2018 Art 8 cl.3).
 */
export function requestLogLine(req: { method: string; url: string; ip?: string }) {
  return { method: req.method, url: req.url.split('?')[0], remoteAddress: req.ip };
}

const contexts = new WeakMap<object, ServerContext>();

/** The server context `buildApp` made for this app (tests reach the queue, the calendar… through it). */
export function serverContextOf(app: object): ServerContext | undefined {
  return contexts.get(app);
}

export async function buildApp(ctx: AppContext, opts: { logger?: FastifyServerOptions['logger'] } = {}) {
  const logger =
    opts.logger && typeof opts.logger === 'object'
      ? { ...opts.logger, serializers: { req: requestLogLine, ...(opts.logger.serializers ?? {}) } }
      : (opts.logger ?? false);
  const app = Fastify({
    logger,
    trustProxy: ctx.config.trustProxy,
    bodyLimit: 2 * 1024 * 1024,
    routerOptions: { maxParamLength: 200 },
    // malformed URLs (bad percent-encoding) and the like: the uniform error body, not fastify's default
    frameworkErrors: (_err, _req, reply) => {
      void (reply as unknown as FastifyReply)
        .code(400)
        .header('content-type', 'application/json; charset=utf-8')
        .send(JSON.stringify(statusError(400, 'url').toBody()));
    },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler(app));

  // A mirror of the routes, to answer 405 (with Allow) instead of 404 for a known path with another method.
  const mirror = FindMyWay();
  app.addHook('onRoute', (r) => {
    const methods = Array.isArray(r.method) ? r.method : [r.method];
    for (const m of methods) {
      try {
        mirror.on(m as HTTPMethod, r.url, () => {});
      } catch {
        /* duplicate HEAD etc. */
      }
    }
  });
  app.setNotFoundHandler(async (req, reply) => {
    const path = req.url.split('?')[0]!;
    if (path.startsWith('/api/')) {
      const allowed = (['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const).filter((m) =>
        mirror.find(m, path),
      );
      if (allowed.length) {
        reply.header('allow', allowed.join(', '));
        return reply.code(405).send(statusError(405).toBody());
      }
      return reply.code(404).send(statusError(404).toBody());
    }
    // the Open311 API answers in its own error format (never the web page)
    if (path === '/open311' || path.startsWith('/open311/'))
      return reply.code(404).send([{ code: 404, description: 'Không có tài nguyên này / Not found' }]);
    if ((req.method === 'GET' || req.method === 'HEAD') && existsSync(resolve(webDist, 'index.html'))) {
      return reply.type('text/html').sendFile('index.html');
    }
    return reply.code(404).send(statusError(404).toBody());
  });

  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, ctx2) => {
      const e = statusError(429);
      return Object.assign(new Error('rate limited'), {
        statusCode: 429,
        retryAfter: ctx2.after,
        body: e.toBody(),
      });
    },
  });
  await app.register(multipart, { limits: { fileSize: 20 * 1024 * 1024, files: 1 } });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Kiến Tạo API',
        description:
          'Operations platform for the Office of a provincial People’s Committee (Văn phòng UBND tỉnh).',
        version: '0.1.0',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'kt_session' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list' } });

  app.addHook('onRequest', authHook(ctx.database.db));
  // Characters PostgreSQL or XML (DOCX) cannot hold: refused as bad input, naming the field, instead of failing later.
  app.addHook('preValidation', async (req) => {
    const path = findNul(req.query, '') ?? findNul(req.body, '') ?? findNul(req.params, '');
    if (path !== null) {
      throw new AppError(
        400,
        'invalid_character',
        `Ký tự không hợp lệ (ký tự điều khiển, U+FFFE/U+FFFF hoặc mã UTF-16 lẻ) ở ${path}.`,
        `Invalid character (a control character, U+FFFE/U+FFFF or a lone UTF-16 surrogate) in ${path}.`,
        path,
      );
    }
  });

  app.get(
    '/api/health',
    {
      config: { public: true },
      schema: {
        tags: ['system'],
        summary: 'Tình trạng hệ thống / Health',
        response: { 200: z.object({ status: z.literal('ok'), engine: z.enum(['pglite', 'postgres']) }) },
      },
    },
    async () => {
      await ctx.database.db.execute(sql`SELECT 1`);
      return { status: 'ok' as const, engine: ctx.database.engine };
    },
  );

  // One calendar snapshot per instance, rebuilt on every calendar change (issue 3).
  const calendar = await CalendarService.open(ctx.database.db);
  calendar.onAffectedTasks(tasksAffectedByCalendar);
  const sctx: ServerContext = { ...ctx, calendar, taskIndex: new TaskTableIndex(), queue: null };
  contexts.set(app, sctx);
  // The durable job queue (docs/queue.md): workers and schedules of this process (KIENTAO_QUEUE); stopped
  // gracefully (running handlers finish) when the app closes — before main.ts closes the database.
  if (ctx.config.queue) {
    const queue = await openQueue(ctx.database, { log: app.log });
    sctx.queue = queue;
    app.addHook('onClose', async () => {
      await queue.stop({ graceful: true });
    });
  }

  await authRoutes(app, ctx);
  await orgRoutes(app, ctx);
  await documentRoutes(app, ctx);
  await referenceRoutes(app, ctx);
  await calendarRoutes(app, sctx);
  await taskRoutes(app, sctx);
  await taskProposalRoutes(app, sctx);
  await procedureRoutes(app, sctx);
  await dossierRoutes(app, sctx);
  await dossierFormRoutes(app, sctx);
  await dossierReportRoutes(app, sctx);
  await open311Routes(app, sctx);
  await receptionRoutes(app, sctx);
  await petitionRoutes(app, sctx);
  await petitionReportRoutes(app, sctx);
  await petitionLetterRoutes(app, sctx);
  await petitionDeskRoutes(app, sctx);
  await periodicReportRoutes(app, sctx);
  await jobRoutes(app, sctx);
  await periodicExportRoutes(app, sctx);
  await numberRegisterRoutes(app, ctx);
  await taskUrgingRoutes(app, sctx);
  await reminderRoutes(app, sctx);
  await dashboardRoutes(app, sctx);
  await inAppNotificationRoutes(app, sctx);
  await notificationPrefsRoutes(app, sctx);
  await outboxRoutes(app, sctx);

  // the queue's workers and schedules (src/server/workers.ts); a registration that fails stops the queue
  // (nobody would close this app) and fails the start
  try {
    await startBackground(sctx);
  } catch (e) {
    await sctx.queue?.stop({ graceful: false });
    throw e;
  }

  if (existsSync(webDist)) {
    await app.register(fastifyStatic, { root: webDist, prefix: '/', wildcard: false, index: ['index.html'] });
  }
  return app;
}
