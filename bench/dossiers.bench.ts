/**
 * `npm run bench:dossiers` — one-stop dossiers on PostgreSQL (issue 4 §12).
 *
 * Database: a fresh database `kt_bench_dossiers_<hex>` created on the server of `DATABASE_URL` (default
 * postgres://postgres@127.0.0.1:5432/postgres) and dropped at the end (`--keep` keeps it).
 *
 * (a) Intake: a real server (`src/main.ts` in its own process, as in production) with the demo catalogue; counter staff of several
 *     receiving bodies log in; autocannon with 50 connections POSTs /api/dossiers with varied bodies
 *     (procedure, channel, applicant, return method) for `--duration` s. Then the same writes as raw SQL
 *     through `pg` with 50 concurrent clients (per dossier, one transaction: the daily number counter,
 *     the dossiers row, its first event and the daily-count upsert at four grains): rates and ratio.
 *     Targets ≥ 1,500/s and ≥ 0.5× raw.
 * (b) Public look-up `GET /api/public/dossiers/{code}` with the rate limiter raised
 *     (`KIENTAO_PUBLIC_RATE_LIMIT`): requests/s and p99. Targets ≥ 5,000/s, p99 ≤ 10 ms.
 * (c) The dossier report for one year over N dossiers spread over 5 years (2020–2024) and 100 receiving
 *     bodies, generated with `INSERT … SELECT generate_series` (plus events and ratings), daily counts by
 *     `recountDossierStats`; sizes 10^4, 10^5, 10^6 … up to `BENCH_DOSSIERS` (default 10,000,000). Times
 *     generation, recount and the report (median of `--runs`), all bodies and one body. Target ≤ 500 ms.
 *
 * Options: --duration S (default 10), --runs N (default 7), --skip-intake, --skip-lookup, --skip-report, --keep.
 */
import { spawn } from 'node:child_process';
import autocannon from 'autocannon';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows, type Database } from '../src/db/engine.ts';
import { bootstrap } from '../src/demo/bootstrap.ts';
import { loadConfig, type Config } from '../src/config.ts';
import { createUser } from '../src/kernel/auth/service.ts';
import { receivingBodies } from '../src/db/schema.ts';
import { toHcmDate } from '../src/kernel/calendar/dates.ts';
import { recountDossierStats } from '../src/modules/reports/dossier-stats.ts';
import { dossierReport } from '../src/modules/reports/dossier-report.ts';
import { mulberry32 } from '../src/kernel/random.ts';
import { freshDatabase } from './lib.ts';
import { generateDossiers, prepareBenchProcs, type DossierSpread } from './loaders/dossiers.ts';

const args = process.argv.slice(2);
const opt = (name: string, def: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const has = (name: string) => args.includes(`--${name}`);
const DURATION = opt('duration', 10);
const RUNS = opt('runs', 7);
const MAX_N = Number(process.env.BENCH_DOSSIERS ?? 10_000_000);
const CONNECTIONS = 50;
const PASSWORD = 'bench-password-2026';
// the public routes read the limit when the app is built
process.env.KIENTAO_PUBLIC_RATE_LIMIT = '1000000000';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const fmt = (x: number, d = 0) =>
  x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const results: { figure: string; value: string; target: string; ok: boolean | null }[] = [];
const record = (figure: string, value: string, target: string, ok: boolean | null) => {
  results.push({ figure, value, target, ok });
  console.log(`  ${figure}: ${value}${target ? ` (target ${target})` : ''}`);
};

const rng = mulberry32;
/** 5 years 2020–2024, ~4 % of December 2024 still open */
const SPREAD: DossierSpread = { start: '2020-01-01', days: 1827, openAfter: '2024-12-01' };

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Huỳnh', 'Võ', 'Phan', 'Bùi'];
const GIVEN = ['An', 'Bình', 'Hải', 'Lan', 'Long', 'Mai', 'Nam', 'Sơn', 'Tâm', 'Vy'];

// ---------------------------------------------------------------------------------------------------
// (a) + (b): intake and public look-up over HTTP

async function intakeAndLookup(database: Database, config: Config) {
  const db = database.db;
  // receiving bodies: the centre + 19 other one-stops, each with a counter clerk
  const districts = await queryRows<{ code: string }>(
    db,
    sql`SELECT code FROM agencies WHERE code <> 'VP-TTHC' AND valid_to IS NULL AND kind <> 'committee'
        ORDER BY code LIMIT 19`,
  );
  const bodies = ['VP-TTHC', ...districts.map((d) => d.code)];
  await db.transaction(async (tx) => {
    for (const [i, b] of bodies.entries()) {
      if (b !== 'VP-TTHC')
        await tx
          .insert(receivingBodies)
          .values({
            agencyCode: b,
            identifier: `000.00.${30 + i}.H48`,
            name: `Bộ phận một cửa ${b}`,
            demo: true,
          })
          .onConflictDoNothing();
      await createUser(
        tx,
        null,
        {
          username: `bench.counter${i}`,
          displayName: `Bench counter ${i}`,
          password: PASSWORD,
          roles: ['counter_staff'],
          agencyCode: b,
        },
        { skipPolicy: true },
      );
    }
  });
  void config;
  const server = await startServer();
  const base = server.base;
  const sessions: { cookie: string; csrf: string }[] = [];
  for (let i = 0; i < bodies.length; i++) {
    const r = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: `bench.counter${i}`, password: PASSWORD }),
    });
    if (r.status !== 200) throw new Error(`login bench.counter${i}: ${r.status} ${await r.text()}`);
    const cookie = r.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .find((c) => c!.startsWith('kt_session='))!;
    sessions.push({ cookie, csrf: ((await r.json()) as { csrfToken: string }).csrfToken });
  }
  // procedures that take a dossier today at the counter and online (known limits), tried once each
  const candidates = await queryRows<{ code: string }>(
    db,
    sql`SELECT p.code FROM procedures p WHERE p.status = 'active' AND NOT p.needs_review ORDER BY p.code LIMIT 80`,
  );
  const r0 = rng(1);
  const body = (i: number, procedureCode: string, channel: 'counter' | 'online' | 'postal') =>
    JSON.stringify({
      procedureCode,
      channel,
      applicant: {
        name: `${FAMILY[i % FAMILY.length]} Văn ${GIVEN[i % GIVEN.length]}`,
        idNumber: `0511${String(10_000_000 + i).slice(-8)}`,
        phone: `09${String(10_000_000 + ((i * 7919) % 89_999_999)).padStart(8, '0')}`,
        address: `Thôn ${1 + (i % 9)}, xã Tịnh Kỳ, thành phố Quảng Ngãi`,
      },
      components: i % 3 ? [{ name: 'Tờ khai', original: true, count: 1 }] : [],
      returnMethod: i % 4 === 0 ? 'post' : 'counter',
    });
  const procs: string[] = [];
  for (const c of candidates) {
    const s = sessions[0]!;
    const r = await fetch(`${base}/api/dossiers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: s.cookie, 'x-csrf-token': s.csrf },
      body: body(procs.length, c.code, 'counter'),
    });
    if (r.status === 201) procs.push(c.code);
    if (procs.length >= 30) break;
  }
  if (!procs.length) throw new Error('no procedure accepts a dossier');
  console.log(
    `(a) intake: ${bodies.length} receiving bodies, ${procs.length} procedures, ${CONNECTIONS} connections, ${DURATION} s`,
  );
  let n = 0;
  const channels = ['counter', 'counter', 'online', 'postal'] as const;
  const intake = await autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: DURATION,
    requests: [
      {
        method: 'POST',
        path: '/api/dossiers',
        setupRequest: (req) => {
          const i = n++;
          const s = sessions[i % sessions.length]!;
          return {
            ...req,
            headers: { 'content-type': 'application/json', cookie: s.cookie, 'x-csrf-token': s.csrf },
            body: body(i, procs[Math.floor(r0() * procs.length)]!, channels[i % channels.length]!),
          };
        },
      },
    ],
  });
  const httpRate = intake['2xx'] / (intake.duration || DURATION);
  const bad = intake.non2xx + intake.errors + intake.timeouts;
  record('intake over HTTP (dossiers/s)', fmt(httpRate), '≥ 1,500', httpRate >= 1500);
  record('intake HTTP p99 latency', `${intake.latency.p99} ms`, '', null);
  if (bad)
    record(
      'intake non-2xx / errors / timeouts',
      `${intake.non2xx} / ${intake.errors} / ${intake.timeouts}`,
      '0',
      bad === 0,
    );

  // (a) raw SQL: the same writes, 50 concurrent clients, same duration
  const rawRate = await rawIntake(database, procs, bodies);
  record('intake raw SQL (dossiers/s)', fmt(rawRate), '', null);
  record('intake HTTP / raw ratio', fmt(httpRate / rawRate, 2), '≥ 0.5', httpRate / rawRate >= 0.5);

  // (b) public look-up
  const codes = (
    await queryRows<{ code: string }>(db, sql`SELECT code FROM dossiers ORDER BY random() LIMIT 5000`)
  ).map((r) => r.code);
  let k = 0;
  console.log(`(b) public look-up: ${codes.length} codes, ${CONNECTIONS} connections, ${DURATION} s`);
  const look = await autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: DURATION,
    requests: [
      {
        method: 'GET',
        setupRequest: (req) => ({
          ...req,
          path: `/api/public/dossiers/${encodeURIComponent(codes[k++ % codes.length]!)}`,
        }),
      },
    ],
  });
  const lookRate = look['2xx'] / (look.duration || DURATION);
  record('public look-up (requests/s)', fmt(lookRate), '≥ 5,000', lookRate >= 5000);
  record('public look-up p99 latency', `${look.latency.p99} ms`, '≤ 10 ms', look.latency.p99 <= 10);
  if (look.non2xx + look.errors)
    record('look-up non-2xx / errors', `${look.non2xx} / ${look.errors}`, '0', false);
  await server.stop();
}

/**
 * The server as in production: its own Node process (`src/main.ts`) on the bench database, so the load
 * tool (autocannon, in this process) does not share the server's event loop. `BENCH_CPU_PROF=1` writes a
 * V8 CPU profile of the server to `tmp/` (open it in Chrome DevTools).
 */
async function startServer(): Promise<{ base: string; stop: () => Promise<void> }> {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const prof = process.env.BENCH_CPU_PROF === '1' ? ['--cpu-prof', '--cpu-prof-dir=tmp'] : [];
  const child = spawn(process.execPath, [...prof, '--import', 'tsx', 'src/main.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: process.env.BENCH_URL!,
      PORT: String(port),
      HOST: '127.0.0.1',
      KIENTAO_DEMO: '1',
      KIENTAO_PUBLIC_RATE_LIMIT: '1000000000',
      LOG_LEVEL: 'error',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      if (out.includes('ready on')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
  return {
    base: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        child.removeAllListeners('exit');
        child.on('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The intake's writes as plain SQL (no validation, no calendar): rate per second over DURATION. */
async function rawIntake(database: Database, procs: string[], bodies: string[]): Promise<number> {
  const url = process.env.BENCH_URL!;
  const meta = await queryRows<{ code: string; version_id: string; name: string; agency: string | null }>(
    database.db,
    sql`SELECT DISTINCT ON (p.code) p.code, v.id AS version_id, p.name, p.agency_code AS agency
        FROM procedures p JOIN procedure_versions v ON v.procedure_code = p.code
        WHERE p.code IN (${sql.join(
          procs.map((c) => sql`${c}`),
          sql`, `,
        )}) ORDER BY p.code, v.version DESC`,
  );
  const clients = await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      return c;
    }),
  );
  const end = Date.now() + DURATION * 1000;
  let done = 0;
  let seq = 0;
  const channels = ['counter', 'counter', 'online', 'postal'];
  await Promise.all(
    clients.map(async (c) => {
      while (Date.now() < end) {
        const i = seq++;
        const p = meta[i % meta.length]!;
        const body = bodies[i % bodies.length]!;
        const now = new Date();
        const day = toHcmDate(now);
        const appt = new Date(now.getTime() + 10 * 86_400_000);
        await c.query('BEGIN');
        const prefix = `rawbench:${body}:${day}`;
        const r = await c.query(
          `INSERT INTO number_counters (prefix, last) VALUES ($1, 1)
           ON CONFLICT (prefix) DO UPDATE SET last = number_counters.last + 1 RETURNING last`,
          [prefix],
        );
        const code = `RAW.${body}-${day.replaceAll('-', '').slice(2)}-${r.rows[0].last}`;
        const ins = await c.query(
          `INSERT INTO dossiers (id, code, era, procedure_code, procedure_version_id, procedure_name, channel,
             receiving_body_code, applicant, components, return_method, received_at, start_date, time_limit,
             appointment_at, first_appointment_at, status, fee, version, search_key, created_by)
           VALUES (gen_random_uuid(), $1, 'nd118', $2, $3, $4, $5, $6, $7, $8, 'counter', $9, $10, $11, $12, $12,
             'received', $13, 1, $14, NULL) RETURNING id`,
          [
            code,
            p.code,
            p.version_id,
            p.name,
            channels[i % 4],
            body,
            JSON.stringify({
              name: `Nguyễn Văn ${i}`,
              idNumber: '051100000000',
              phone: '0912345678',
              address: 'Quảng Ngãi',
            }),
            JSON.stringify([{ name: 'Tờ khai', original: true, count: 1 }]),
            now,
            day,
            JSON.stringify({ value: 10, unit: 'working_days', channel: 'counter' }),
            appt,
            JSON.stringify({ amount: 50000, collectAt: 'intake', status: 'unpaid' }),
            `${code} nguyen van ${i}`,
          ],
        );
        await c.query(
          `INSERT INTO dossier_events (id, dossier_id, seq, type, at, from_status, to_status, data)
           VALUES (gen_random_uuid(), $1, 1, 'receive', $2, NULL, 'received', $3)`,
          [ins.rows[0].id, now, JSON.stringify({ appointmentAt: appt.toISOString() })],
        );
        const month = `${day.slice(0, 7)}-01`;
        const apptDay = toHcmDate(appt);
        const rows: [string, string, string][] = [];
        for (const [d, b] of [
          [day, body],
          [day, '*'],
          [month, `${body}#m`],
          [month, '*#m'],
        ] as const) {
          rows.push([d, b, `received.${channels[i % 4]}`], [d, b, 'open']);
        }
        rows.push(
          [apptDay, body, 'over'],
          [apptDay, '*', 'over'],
          [`${apptDay.slice(0, 7)}-01`, `${body}#m`, 'over'],
          [`${apptDay.slice(0, 7)}-01`, '*#m', 'over'],
        );
        rows.sort((a, b) => (a.join() < b.join() ? -1 : 1));
        await c.query(
          `INSERT INTO dossier_stats_daily (day, receiving_body_code, agency_code, procedure_code, metric, count)
           SELECT d::date, b, '', $1, m, 1 FROM unnest($2::text[], $3::text[], $4::text[]) AS u(d, b, m)
           ON CONFLICT (day, receiving_body_code, agency_code, procedure_code, metric)
           DO UPDATE SET count = dossier_stats_daily.count + excluded.count`,
          [p.code, rows.map((x) => x[0]), rows.map((x) => x[1]), rows.map((x) => x[2])],
        );
        await c.query('COMMIT');
        done++;
      }
    }),
  );
  await Promise.all(clients.map((c) => c.end()));
  return done / DURATION;
}

// ---------------------------------------------------------------------------------------------------
// (c) the report at scale

async function reportAtScale(database: Database) {
  const url = process.env.BENCH_URL!;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  // the benchmark's own rows only: clear the demo dossiers and intake rows
  await client.query(
    `TRUNCATE dossiers, dossier_events, dossier_ratings, dossier_steps, dossier_payments, dossier_stats_daily`,
  );
  await prepareBenchProcs(client);
  const sizes = [10_000, 100_000, 1_000_000, 10_000_000, 100_000_000].filter((s) => s < MAX_N);
  sizes.push(MAX_N);
  let have = 0;
  const f = { from: '2024-01-01', to: '2024-12-31', asOf: '2024-12-31' };
  console.log(`(c) report for ${f.from} → ${f.to} over dossiers of 2020–2024, 100 receiving bodies`);
  for (const size of sizes) {
    let t = Date.now();
    const chunk = 1_000_000;
    for (let s = have; s < size; s += chunk)
      await generateDossiers(client, s, Math.min(size, s + chunk), SPREAD);
    have = size;
    await client.query('ANALYZE dossiers; ANALYZE dossier_events; ANALYZE dossier_ratings');
    const genMs = Date.now() - t;
    t = Date.now();
    await database.db.transaction((tx) => recountDossierStats(tx));
    await client.query('VACUUM ANALYZE dossier_stats_daily');
    const recountMs = Date.now() - t;
    const statRows = (await client.query(`SELECT count(*)::int AS n FROM dossier_stats_daily`)).rows[0].n;
    const all: number[] = [];
    const one: number[] = [];
    let rep: Awaited<ReturnType<typeof dossierReport>> | null = null;
    for (let r = 0; r < RUNS; r++) {
      let t0 = performance.now();
      rep = await dossierReport(database.db, f);
      all.push(performance.now() - t0);
      t0 = performance.now();
      await dossierReport(database.db, { ...f, body: `GB0${String(r % 100).padStart(2, '0')}` });
      one.push(performance.now() - t0);
    }
    console.log(
      `  ${fmt(size)} dossiers: generated in ${fmt(genMs / 1000, 1)} s, recount ${fmt(recountMs / 1000, 1)} s ` +
        `(${fmt(statRows)} count rows); report all bodies ${fmt(median(all), 1)} ms, one body ${fmt(median(one), 1)} ms ` +
        `(received ${fmt(rep!.received.total)}, ${rep!.byProcedure.length} procedures, pending ${fmt(rep!.pending.withinLimit + rep!.pending.overLimit)})`,
    );
    if (size === MAX_N) {
      record(
        `report, one year over ${fmt(size)} dossiers (median of ${RUNS})`,
        `${fmt(median(all), 1)} ms`,
        '≤ 500 ms',
        median(all) <= 500,
      );
      record(
        `report, one body, ${fmt(size)} dossiers`,
        `${fmt(median(one), 1)} ms`,
        '≤ 500 ms',
        median(one) <= 500,
      );
      record(`generation of ${fmt(size)} dossiers (SQL)`, `${fmt(genMs / 1000, 1)} s`, '', null);
      record(`recountDossierStats at ${fmt(size)}`, `${fmt(recountMs / 1000, 1)} s`, '', null);
    }
  }
  await client.end();
}

// ---------------------------------------------------------------------------------------------------

const { url, drop } = await freshDatabase('kt_bench_dossiers');
process.env.BENCH_URL = url;
console.log(`database ${url}${has('keep') ? ' (kept)' : ' (dropped at the end)'}`);
const config: Config = {
  ...loadConfig({}),
  queue: false,
  databaseUrl: url,
  demo: true,
  adminPassword: 'bench-admin-password',
  demoPassword: 'kientao-demo',
  logLevel: 'silent',
};
const database = await openDatabase({ databaseUrl: url });
try {
  const t0 = Date.now();
  await bootstrap(database, config);
  console.log(`bootstrap with demo data: ${fmt((Date.now() - t0) / 1000, 1)} s`);
  if (!has('skip-intake') || !has('skip-lookup')) await intakeAndLookup(database, config);
  if (!has('skip-report')) await reportAtScale(database);
} finally {
  await database.close();
  if (!has('keep')) await drop();
}
console.log('\nfigure | value | target | ok');
console.log('--- | --- | --- | ---');
for (const r of results)
  console.log(`${r.figure} | ${r.value} | ${r.target || '—'} | ${r.ok === null ? '—' : r.ok ? 'yes' : 'NO'}`);
