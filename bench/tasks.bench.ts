/**
 * `npm run bench:tasks` — the task table at scale, and PGlite start-up.
 *
 * 1. Fills a PostgreSQL database (`BENCH_DATABASE_URL`, default a database `kientao_bench` on
 *    postgres://postgres@127.0.0.1:5432) with 1,000,000 tasks (~5 events each, 1,000 agencies): histories
 *    are generated deterministically and folded by the same code as the product (`stateIntervals`).
 *    Reuses the database when it already holds the data (`--fresh` rebuilds it).
 * 2. Times the full table over all tasks (from = earliest assignment, to = latest, as of the last date)
 *    through the real HTTP API, and the fastest single SQL statement for the same table; prints the
 *    medians and their ratio (targets: ≤ 300 ms, ratio ≤ 1.5).
 * 3. PGlite: first `npm start`-equivalent start creating the database with demo data (target ≤ 15 s),
 *    restart on the existing folder to a healthy /api/health (≤ 2 s), resident memory idle after that
 *    restart (≤ 450 MB).
 * Options: --tasks N (default 1000000), --runs N (default 15), --skip-pglite, --fresh.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows } from '../src/db/engine.ts';
import { buildApp } from '../src/server/app.ts';
import { bootstrap } from '../src/demo/bootstrap.ts';
import { loadConfig } from '../src/config.ts';
import { loadTasks } from './loaders/tasks.ts';

const args = process.argv.slice(2);
const opt = (name: string, def: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const N = opt('tasks', 1_000_000);
const RUNS = opt('runs', 15);
const AGENCIES = 1000;
const ADMIN_PW = 'bench-admin-password';
const base = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/kientao_bench';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const ms = (x: number) => `${x.toFixed(1)} ms`;

const START = '2019-01-01';
const SPAN = 7 * 365;

async function ensureDatabase(): Promise<string> {
  const u = new URL(base);
  const name = u.pathname.slice(1);
  const adminUrl = new URL(base);
  adminUrl.pathname = '/postgres';
  const c = new pg.Client({ connectionString: adminUrl.toString() });
  await c.connect();
  const exists = (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount;
  if (exists && args.includes('--fresh')) await c.query(`DROP DATABASE ${name} WITH (FORCE)`);
  if (!exists || args.includes('--fresh')) await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  return base;
}

async function fill(url: string) {
  const database = await openDatabase({ databaseUrl: url });
  const [{ n }] = (await queryRows<{ n: number }>(
    database.db,
    sql`SELECT count(*)::int AS n FROM tasks`,
  )) as [{ n: number }];
  if (Number(n) >= N) {
    console.log(`reusing ${n} tasks in ${new URL(url).pathname.slice(1)}`);
    return database;
  }
  const t0 = Date.now();
  await bootstrap(database, { ...loadConfig({}), demo: false, adminPassword: ADMIN_PW });
  const pool = new pg.Pool({ connectionString: url, max: 3 });
  await pool.query('TRUNCATE tasks, task_states, documents, agencies');
  await pool.query('ALTER TABLE task_events DISABLE TRIGGER task_events_append_only');
  await pool.query('TRUNCATE task_events');
  await pool.query('ALTER TABLE task_events ENABLE TRIGGER task_events_append_only');
  const agencies = Array.from({ length: AGENCIES }, (_, i) => `A${String(i + 1).padStart(4, '0')}`);
  await pool.query(
    `INSERT INTO agencies (code, name, kind, valid_from, search_key) SELECT a, 'Cơ quan ' || a, 'department', '2000-01-01', lower(a) FROM unnest($1::text[]) a`,
    [agencies],
  );
  await pool.query(
    `INSERT INTO documents (id, number_symbol, doc_key, number, type_code, issuer_symbol, pattern, date, date_as_written, summary, search_key)
     VALUES ('00000000-0000-4000-9000-000000000001', '1/QĐ-UBND', 'bench', 1, 'QĐ', 'UBND', 'typed', '2019-01-01', '2019-01-01', 'Bench', 'bench')`,
  );
  const { events } = await loadTasks(pool, {
    n: N,
    start: START,
    spanDays: SPAN,
    agencies: AGENCIES,
    documentOf: () => '00000000-0000-4000-9000-000000000001',
  });
  // the SQL baseline gets its best index: an index-only scan of the intervals covering T
  await pool.query(
    'CREATE INDEX IF NOT EXISTS task_states_cover_bench ON task_states (valid_to, valid_from) INCLUDE (assigned_date, status, deadline, finish_date, lead_agency_code)',
  );
  await pool.query('VACUUM ANALYZE');
  await pool.end();
  console.log(`filled ${N} tasks, ${events} events in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return database;
}

async function benchTable(url: string) {
  const database = await fill(url);
  const db = database.db;
  const [range] = await queryRows<{ from: string; to: string; last: string; n: number }>(
    db,
    sql`SELECT min(assigned_date)::text AS from, max(assigned_date)::text AS to,
        (SELECT max(occurred_on)::text FROM task_events) AS last, count(*)::int AS n FROM tasks`,
  );
  const { from, to, last } = range!;
  const asOf = last > to ? last : to;
  const config = {
    ...loadConfig({}),
    demo: false,
    adminPassword: ADMIN_PW,
    logLevel: 'silent',
    queue: false,
  };
  await bootstrap(database, config);
  const app = await buildApp({ database, config });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as { port: number }).port;
  const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PW }),
  });
  const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
  const url2 = `http://127.0.0.1:${port}/api/reports/tasks?from=${from}&to=${to}&asOf=${asOf}`;
  const api: number[] = [];
  let total = 0;
  let cold = 0;
  for (let i = 0; i < RUNS + 2; i++) {
    const t = performance.now();
    const r = await fetch(url2, { headers: { cookie } });
    const body = (await r.json()) as { total: number };
    if (i >= 2) api.push(performance.now() - t);
    else if (i === 0) cold = performance.now() - t;
    total = body.total;
  }
  // The fastest single SQL statement we could write for the same table (status × timeliness × lead agency).
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  const handSql = `SELECT lead_agency_code, status,
      CASE WHEN deadline IS NULL THEN 0 WHEN status IN ('awaiting_receipt','in_progress') THEN (CASE WHEN $3::date > deadline THEN 2 ELSE 1 END)
           WHEN finish_date <= deadline THEN 1 ELSE 2 END AS t, count(*)
    FROM task_states WHERE valid_to > $3::date AND valid_from <= $3::date AND assigned_date BETWEEN $1::date AND $2::date
    GROUP BY 1, 2, 3`;
  const raw: number[] = [];
  for (let i = 0; i < RUNS + 2; i++) {
    const t = performance.now();
    await pool.query(handSql, [from, to, asOf]);
    if (i >= 2) raw.push(performance.now() - t);
  }
  const plan = await pool.query(`EXPLAIN (ANALYZE, COSTS OFF) ${handSql}`, [from, to, asOf]);
  await pool.end();
  await app.close();
  await database.close();
  const a = median(api);
  const s = median(raw);
  console.log(
    `\n== task table over ${total.toLocaleString('en')} tasks (assigned ${from} → ${to}, as of ${asOf}), ${RUNS} runs`,
  );
  console.log(`API  GET /api/reports/tasks   median ${ms(a)}   (target ≤ 300 ms)`);
  console.log(`API  first call after start (loads the in-memory index): ${ms(cold)}`);
  console.log(`SQL  fastest single statement median ${ms(s)}`);
  console.log(`ratio API / SQL               ${(a / s).toFixed(2)}   (target ≤ 1.5)`);
  console.log(
    `plan: ${plan.rows
      .map((r) => r['QUERY PLAN'])
      .slice(0, 6)
      .join(' | ')}`,
  );
}

async function waitHealthy(port: number, deadlineMs: number) {
  const t0 = Date.now();
  while (Date.now() - t0 < deadlineMs) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (r.ok) return Date.now() - t0;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('server did not become healthy');
}

function startServer(dir: string, port: number) {
  // exactly what `npm start` runs (without npm's own wrapper process)
  return spawn(process.execPath, ['scripts/start.mjs'], {
    env: {
      ...process.env,
      DATABASE_URL: '',
      KIENTAO_DATA_DIR: dir,
      PORT: String(port),
      KIENTAO_ADMIN_PASSWORD: ADMIN_PW,
      LOG_LEVEL: 'warn',
    },
    stdio: 'ignore',
  });
}

async function stop(p: ReturnType<typeof spawn>) {
  const done = new Promise((r) => p.once('exit', r));
  p.kill('SIGTERM');
  await done;
}

async function benchPglite() {
  const dir = join(mkdtempSync(join(tmpdir(), 'kientao-bench-')), 'data');
  const port = 3900 + Math.floor(Math.random() * 50);
  let p = startServer(dir, port);
  const first = await waitHealthy(port, 120_000);
  await stop(p);
  p = startServer(dir, port);
  const restart = await waitHealthy(port, 60_000);
  await new Promise((r) => setTimeout(r, 3000));
  const status = readFileSync(`/proc/${p.pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  await stop(p);
  rmSync(dir, { recursive: true, force: true });
  console.log(`\n== PGlite, npm start (node scripts/start.mjs; UI and server bundle already built)`);
  console.log(
    `first start, creating the database with demo data: ${(first / 1000).toFixed(2)} s   (target ≤ 15 s)`,
  );
  console.log(
    `restart on the existing folder to healthy /api/health: ${(restart / 1000).toFixed(2)} s   (target ≤ 2 s)`,
  );
  console.log(`resident memory idle after restart: ${(rssKb / 1024).toFixed(0)} MB   (target ≤ 450 MB)`);
}

if (!args.includes('--skip-postgres')) await benchTable(await ensureDatabase());
if (!args.includes('--skip-pglite')) await benchPglite();
process.exit(0);
