/**
 * Test harness: a real HTTP server on a real database.
 * - Without DATABASE_URL: PGlite in memory, cloned from a template dump cached in tmp/ (creating a
 *   PGlite database takes seconds; loading a dump ~1 s).
 * - With DATABASE_URL: a fresh database created on that PostgreSQL server for each harness, dropped on close.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from '../../src/config.ts';
import { dumpPglite, openDatabase, type Database } from '../../src/db/engine.ts';
import { bootstrap } from '../../src/demo/bootstrap.ts';
import { buildApp, serverContextOf } from '../../src/server/app.ts';
import type { ServerContext } from '../../src/server/context.ts';
import type { Queue } from '../../src/kernel/queue/types.ts';

export const ADMIN_PASSWORD = 'admin-test-password';
export const DEMO_PASSWORD = 'kientao-demo';

function hashInputs(demo: boolean): string {
  const h = createHash('sha256').update(String(demo));
  const files = [
    'drizzle',
    'src/kernel/org',
    'src/kernel/documents',
    'src/modules',
    'src/demo',
    'src/kernel/auth',
  ];
  const walk = (p: string) => {
    if (!existsSync(p)) return;
    for (const name of readdirSync(p, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const q = join(p, name.name);
      if (name.isDirectory()) walk(q);
      else h.update(q).update(readFileSync(q));
    }
  };
  files.forEach(walk);
  return h.digest('hex').slice(0, 16);
}

function testConfig(demo: boolean): Config {
  return {
    ...loadConfig({}),
    demo,
    adminPassword: ADMIN_PASSWORD,
    demoPassword: DEMO_PASSWORD,
    logLevel: 'silent',
    // tests that need the queue's workers start them explicitly (startTestApp({ queue: true }))
    queue: false,
  };
}

/** The PGlite test template (migrated, bootstrapped; with the demo data or not) as a dump, made once. */
export async function pgliteTemplateDump(demo: boolean): Promise<Blob> {
  const file = join('tmp', `pglite-template-${hashInputs(demo)}.tar`);
  if (!existsSync(file)) {
    const db = await openDatabase({ memory: true });
    await bootstrap(db, testConfig(demo));
    const blob = await dumpPglite(db);
    await db.close();
    mkdirSync('tmp', { recursive: true });
    const tmpFile = `${file}.${process.pid}`;
    writeFileSync(tmpFile, Buffer.from(await blob.arrayBuffer()));
    renameSync(tmpFile, file);
  }
  return new Blob([readFileSync(file)]);
}

async function pgliteFromTemplate(demo: boolean): Promise<Database> {
  return openDatabase({ memory: true, loadDataDir: await pgliteTemplateDump(demo) });
}

export async function freshPostgres(url: string): Promise<{ database: Database; drop: () => Promise<void> }> {
  const name = `kt_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: u.toString() });
  return {
    database,
    drop: async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export interface TestApp {
  url: string;
  app: FastifyInstance;
  database: Database;
  engine: 'pglite' | 'postgres';
  /** the app's server context (calendar, task index, queue) */
  sctx: ServerContext;
  /** the job queue with this process's workers — null unless `startTestApp({ queue: true })` */
  queue: Queue | null;
  close(): Promise<void>;
  /** a client logged in as `username` */
  login(username: string, password?: string): Promise<Client>;
  /** an anonymous client */
  anon(): Client;
}

/**
 * Starts the app on a fresh database. `queue: true` opens the job queue and starts the background workers
 * (src/server/workers.ts) as production does; closing stops them (gracefully) before the database closes.
 */
export async function startTestApp(opts: { demo?: boolean; queue?: boolean } = {}): Promise<TestApp> {
  const demo = opts.demo ?? true;
  const config = { ...testConfig(demo), queue: opts.queue ?? false };
  let database: Database;
  let drop = async () => {};
  if (process.env.DATABASE_URL) {
    const r = await freshPostgres(process.env.DATABASE_URL);
    database = r.database;
    drop = r.drop;
    await bootstrap(database, config);
  } else {
    database = await pgliteFromTemplate(demo);
  }
  const app = await buildApp({ database, config: { ...config, trustProxy: true } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  const sctx = serverContextOf(app)!;
  return {
    url,
    app: app as unknown as FastifyInstance,
    database,
    engine: database.engine,
    sctx,
    queue: sctx.queue,
    close: async () => {
      await app.close();
      await database.close();
      await drop();
    },
    login: async (username, password) => {
      const c = new Client(url);
      const r = await c.post('/api/auth/login', {
        username,
        password: password ?? (username === 'admin' ? ADMIN_PASSWORD : DEMO_PASSWORD),
      });
      if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
      return c;
    },
    anon: () => new Client(url),
  };
}

export interface Res<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A fetch client with a cookie jar and the CSRF header. */
export class Client {
  cookie = '';
  csrf = '';
  constructor(readonly base: string) {}

  async req<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Res<T>> {
    const h: Record<string, string> = { ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (this.csrf && method !== 'GET') h['x-csrf-token'] = this.csrf;
    let payload: string | undefined;
    if (body !== undefined) {
      h['content-type'] ??= 'application/json';
      payload = typeof body === 'string' ? body : JSON.stringify(body);
    }
    const r = await fetch(this.base + path, { method, headers: h, body: payload });
    const set = r.headers.getSetCookie();
    for (const c of set) {
      const [kv] = c.split(';');
      if (kv?.startsWith('kt_session=')) this.cookie = kv.endsWith('=') ? '' : kv;
    }
    const text = await r.text();
    let parsed: unknown = text;
    if ((r.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
    if (path === '/api/auth/login' && r.status === 200)
      this.csrf = (parsed as { csrfToken: string }).csrfToken;
    return { status: r.status, body: parsed as T, headers: r.headers };
  }
  get<T = any>(path: string) {
    return this.req<T>('GET', path);
  }
  post<T = any>(path: string, body?: unknown) {
    return this.req<T>('POST', path, body);
  }
  patch<T = any>(path: string, body?: unknown) {
    return this.req<T>('PATCH', path, body);
  }
}

/** Asserts the standard error body and returns it. */
export function errorOf(r: Res): { code: string; message: string; messageEn: string; path: string | null } {
  const e = (r.body as { error?: any })?.error;
  if (
    !e ||
    typeof e.code !== 'string' ||
    typeof e.message !== 'string' ||
    typeof e.messageEn !== 'string' ||
    !('path' in e)
  ) {
    throw new Error(`not an error body (${r.status}): ${JSON.stringify(r.body)}`);
  }
  return e;
}
