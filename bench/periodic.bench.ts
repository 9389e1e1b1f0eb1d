/**
 * `npm run bench:periodic` — the whole periodic report (issue 6 §12) on PostgreSQL at scale.
 *
 * Database: `BENCH_PERIODIC_URL` (default postgres://postgres@127.0.0.1:5432/kientao_bench_periodic), kept
 * between runs: each load step is recorded in `bench_periodic_steps` and skipped when done, so a re-run goes
 * straight to the measurements (`--reload` drops and rebuilds the database; an interrupted load resumes).
 *
 * Data, 2021-01-01 … 2025-12-31 (Asia/Ho_Chi_Minh), through the product's own tables and aggregates:
 * - 1,000,000 tasks (~5 events each, 200 lead agencies), histories folded by the product's `stateIntervals`
 *   into `tasks` / `task_events` / `task_states` (bench/loaders/tasks.ts); each task names its assigning
 *   document (one per ~20 tasks);
 * - 50,000 documents in the registry (`documents`): 60 % UBND, 10 % Chủ tịch, 10 % the Office (VP), 20 %
 *   departments, numbered per issuer and year;
 * - 10,000,000 dossiers with events and ratings (bench/loaders/dossiers.ts; 100 receiving bodies, 600
 *   procedures, a third of the phone filings returned by post), daily counts by the product's
 *   `recountDossierStats` (what a bulk import runs; equal to the intake's incremental counts, tested in
 *   test/unit/dossier-stats*.test.ts);
 * - 1,000,000 petitions with signers, events and clocks (bench/loaders/petitions.ts), report facts and daily
 *   counts by the product's `recountPetitionFacts` (`--check` compares them with `petitionFactsDiff` /
 *   `petitionStatsDiff`);
 * - 250,000 reception sessions (1.5 % mass delegations), 1,250 publication decisions with 10,000 items and
 *   2,500 time cuts.
 * Secondary indexes of the dossier tables are dropped during the dossier load and rebuilt after it (as a
 * restore does), then `VACUUM ANALYZE`.
 *
 * Measurements (each `--runs` times, default 5; median and max), for the 9-month report of 2025 and the year
 * report of 2025, on a warm server state (one warm-up call first, which also loads the task table's
 * in-memory index, reported separately):
 * - time to figures: `periodicReport` (figures, tables, issued documents) — target ≤ 2 s;
 * - time to DOCX: `periodicReport` + `renderPeriodicDocx` — target ≤ 3 s;
 * - the components alone (taskTable with and without the index, procedureReport, dossierReport, the
 *   phone-with-post-return count, petitionReport, the issued documents) to show where time goes.
 * Options: --runs N, --reload, --load-only, --measure-now (skip the load steps), --check, --dossiers N (default 10,000,000), --tasks N, --petitions N.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows, type Database } from '../src/db/engine.ts';
import { bootstrap } from '../src/demo/bootstrap.ts';
import { loadConfig } from '../src/config.ts';
import type { Principal } from '../src/kernel/auth/roles.ts';
import { recountDossierStats } from '../src/modules/reports/dossier-stats.ts';
import { dossierReport } from '../src/modules/reports/dossier-report.ts';
import { petitionReport } from '../src/modules/reports/petition-report.ts';
import { procedureReport } from '../src/modules/procedures/decisions.ts';
import { taskTable } from '../src/modules/tasks/queries.ts';
import { TaskTableIndex } from '../src/modules/tasks/table-index.ts';
import { generateDossiers, prepareBenchProcs } from './loaders/dossiers.ts';
import { agencyCode, loadTasks } from './loaders/tasks.ts';
import { fillPetitions } from './loaders/petitions.ts';

const args = process.argv.slice(2);
const opt = (name: string, def: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const has = (name: string) => args.includes(`--${name}`);
const RUNS = opt('runs', 5);
const N_TASKS = opt('tasks', 1_000_000);
const N_DOSSIERS = opt('dossiers', 10_000_000);
const N_PETITIONS = opt('petitions', 1_000_000);
const N_DOCUMENTS = Math.round(N_TASKS / 20);
const N_RECEPTIONS = Math.round(N_PETITIONS / 4);
const TASK_AGENCIES = 200;
const START = '2021-01-01';
const DAYS = 1826; // 2021-01-01 … 2025-12-31
const URL_ = process.env.BENCH_PERIODIC_URL ?? 'postgres://postgres@127.0.0.1:5432/kientao_bench_periodic';
const ADMIN_PW = 'bench-admin-password';

const fmt = (x: number, d = 0) =>
  x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const results: { figure: string; value: string; target: string; ok: boolean | null }[] = [];
const record = (figure: string, value: string, target: string, ok: boolean | null) => {
  results.push({ figure, value, target, ok });
  console.log(`  ${figure}: ${value}${target ? ` (target ${target})` : ''}`);
};
const log = (s: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${s}`);

/** uuid of the i-th bench document: the same as PostgreSQL's md5('doc' || i)::uuid. */
const docId = (i: number) => {
  const h = createHash('md5').update(`doc${i}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

// ---------------------------------------------------------------------------------------------------
// Load (resumable steps)

async function ensureDatabase() {
  const u = new URL(URL_);
  const name = u.pathname.slice(1);
  const admin = new URL(URL_);
  admin.pathname = '/postgres';
  const c = new pg.Client({ connectionString: admin.toString() });
  await c.connect();
  const exists = (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount;
  if (exists && has('reload')) await c.query(`DROP DATABASE ${name} WITH (FORCE)`);
  if (!exists || has('reload')) await c.query(`CREATE DATABASE ${name}`);
  await c.end();
}

async function step(pool: pg.Pool, name: string, fn: () => Promise<unknown>) {
  const done = await pool.query('SELECT seconds FROM bench_periodic_steps WHERE step = $1', [name]);
  if (done.rowCount) return;
  log(`${name} …`);
  const t0 = performance.now();
  await fn();
  const s = (performance.now() - t0) / 1000;
  await pool.query('INSERT INTO bench_periodic_steps (step, seconds) VALUES ($1, $2)', [name, s]);
  log(`${name} done in ${fmt(s, 1)} s`);
}

async function load(): Promise<void> {
  await ensureDatabase();
  const pool = new pg.Pool({ connectionString: URL_, max: 4 });
  await pool.query(
    `CREATE TABLE IF NOT EXISTS bench_periodic_steps (step text PRIMARY KEY, seconds real NOT NULL, at timestamptz NOT NULL DEFAULT now())`,
  );
  await pool.query(
    `CREATE TABLE IF NOT EXISTS bench_periodic_indexes (name text PRIMARY KEY, def text NOT NULL)`,
  );
  await step(pool, 'bootstrap', async () => {
    const database = await openDatabase({ databaseUrl: URL_ });
    await bootstrap(database, { ...loadConfig({}), databaseUrl: URL_, demo: false, adminPassword: ADMIN_PW });
    await database.close();
    await pool.query(
      `INSERT INTO agencies (code, name, kind, valid_from, search_key)
       SELECT a, 'Cơ quan ' || a, 'department', '2000-01-01', lower(a) FROM unnest($1::text[]) a
       ON CONFLICT DO NOTHING`,
      [Array.from({ length: TASK_AGENCIES }, (_, i) => agencyCode(i + 1))],
    );
  });
  await step(pool, 'documents', () =>
    // issuer by i % 10: 0–5 UBND, 6 CT, 7 VP, 8 STNMT, 9 SXD; dated in order over the 5 years
    pool.query(
      `INSERT INTO documents (id, number_symbol, doc_key, number, year, type_code, issuer_symbol, pattern, date,
         date_as_written, issuer_code, issuer_name, summary, search_key)
       SELECT md5('doc' || i)::uuid, n || '/' || t || '-' || s, 'bench-doc-' || i, n, extract(year FROM d)::int,
         t, s, 'typed', d, to_char(d, 'DD/MM/YYYY'), s, nm, 'Văn bản thử tải số ' || i, 'van ban thu tai ' || i
       FROM (
         SELECT i, d, s, nm, t,
           row_number() OVER (PARTITION BY s, extract(year FROM d) ORDER BY i) AS n
         FROM (
           SELECT i, ($1::date + (i::bigint * $2 / $3)::int) AS d,
             (ARRAY['UBND','UBND','UBND','UBND','UBND','UBND','CT','VP','STNMT','SXD'])[1 + i % 10] AS s,
             (ARRAY['UBND tỉnh','UBND tỉnh','UBND tỉnh','UBND tỉnh','UBND tỉnh','UBND tỉnh','Chủ tịch UBND tỉnh',
                    'Văn phòng UBND tỉnh','Sở Tài nguyên và Môi trường','Sở Xây dựng'])[1 + i % 10] AS nm,
             (ARRAY['QĐ','KH','CV','BC','TB'])[1 + (i / 10) % 5] AS t
           FROM generate_series(0, $3 - 1) AS i
         ) a
       ) b`,
      [START, DAYS, N_DOCUMENTS],
    ),
  );
  await step(pool, 'decisions', async () => {
    // 250 decisions a year, 8 items each (new 40 %, amended 30 %, replaced 20 %, repealed 10 %), 2 time cuts
    const nd = 1250;
    await pool.query(
      `INSERT INTO publication_decisions (id, number_symbol, date, effective_date, signer, agency_code, summary,
         applied_at, search_key)
       SELECT md5('dec' || i)::uuid, (100 + i) || '/QĐ-UBND', d, d + 10, 'Chủ tịch UBND tỉnh',
         (ARRAY['STNMT','SXD','SYT','SGDDT','SGTVT'])[1 + i % 5], 'Công bố TTHC (thử tải)', now(), 'cong bo ' || i
       FROM (SELECT i, $1::date + (i * $2 / $3)::int AS d FROM generate_series(0, $3 - 1) AS i) a`,
      [START, DAYS, nd],
    );
    await pool.query(
      `INSERT INTO publication_items (id, decision_id, seq, category, procedure_code, agency_code)
       SELECT md5('item' || i || '.' || k)::uuid, md5('dec' || i)::uuid, k,
         (ARRAY['new','new','new','new','amended','amended','amended','replaced','replaced','repealed'])[1 + (i + k) % 10],
         'BENCH.P' || ((i * 8 + k) % 3000), NULL
       FROM generate_series(0, $1 - 1) AS i, generate_series(1, 8) AS k`,
      [nd],
    );
    await pool.query(
      `INSERT INTO procedure_time_cuts (id, decision_id, procedure_code, channel, old_value, old_unit, new_value,
         new_unit, effective_date)
       SELECT md5('cut' || i || '.' || k)::uuid, md5('dec' || i)::uuid, 'BENCH.P' || ((i * 8 + k) % 3000), 'counter',
         20, 'working_days', 15, 'working_days', $2::date + (i * $3 / $1)::int + 10
       FROM generate_series(0, $1 - 1) AS i, generate_series(1, 2) AS k`,
      [nd, START, DAYS],
    );
  });
  await step(pool, 'receptions', () =>
    pool.query(
      `INSERT INTO receptions (id, code, agency_code, received_at, session_date, kind, receiver_name, headcount,
         mass_delegation, summary, classification, outcome, confidential, rule_version, search_key)
       SELECT md5('rcp' || i)::uuid, 'TCD-B-' || i, 'VP-BTCD', (d + time '08:00') AT TIME ZONE 'Asia/Ho_Chi_Minh', d,
         (ARRAY['regular','regular','regular','leader_periodic','leader_ad_hoc','online'])[1 + h % 6], 'Cán bộ tiếp dân',
         CASE WHEN h % 67 = 0 THEN 5 + h % 26 ELSE 1 + h % 3 END, h % 67 = 0, 'Tiếp công dân (thử tải)',
         c, (ARRAY['guided','accepted','forwarded','refused'])[1 + (h >> 4) % 4], c = 'denunciation', 'tcd2013',
         'tiep cong dan ' || i
       FROM (
         SELECT i, $1::date + (i::bigint * $2 / $3)::int AS d, (hashint8(i)::bigint & 2147483647) AS h,
           (ARRAY['complaint','complaint','denunciation','recommendation','feedback','land_dispute','other'])[
             1 + ((hashint8(i)::bigint & 2147483647) >> 8) % 7] AS c
         FROM generate_series(0, $3 - 1) AS i
       ) a`,
      [START, DAYS, N_RECEPTIONS],
    ),
  );
  const dossierChain = async () => {
    // secondary indexes off during the load (kept in bench_periodic_indexes), rebuilt after it
    await step(pool, 'dossier_indexes_off', async () => {
      const { rows } = await pool.query(
        `SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
         WHERE i.tablename IN ('dossiers', 'dossier_events', 'dossier_ratings') AND i.schemaname = 'public'
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
      );
      for (const r of rows) {
        await pool.query('INSERT INTO bench_periodic_indexes VALUES ($1, $2) ON CONFLICT DO NOTHING', [
          r.name,
          r.def,
        ]);
        await pool.query(`DROP INDEX IF EXISTS ${r.name}`);
      }
    });
    const chunk = 1_000_000;
    for (let s = 0; s < N_DOSSIERS; s += chunk) {
      await step(pool, `dossiers_${s}`, async () => {
        const client = new pg.Client({ connectionString: URL_ });
        await client.connect();
        try {
          await client.query('BEGIN');
          await prepareBenchProcs(client);
          await generateDossiers(client, s, Math.min(N_DOSSIERS, s + chunk), {
            start: START,
            days: DAYS,
            openAfter: '2025-12-01',
            postReturn: true,
          });
          await client.query('COMMIT');
        } finally {
          await client.end();
        }
      });
    }
    await step(pool, 'dossier_indexes_on', async () => {
      const { rows } = await pool.query('SELECT name, def FROM bench_periodic_indexes ORDER BY name');
      for (const r of rows)
        await pool.query(r.def.replace(/^CREATE (UNIQUE )?INDEX /, 'CREATE $1INDEX IF NOT EXISTS '));
      await pool.query('ANALYZE dossiers; ANALYZE dossier_events; ANALYZE dossier_ratings');
    });
    await step(pool, 'dossier_stats', async () => {
      const database = await openDatabase({ databaseUrl: URL_ });
      await database.db.transaction((tx) => recountDossierStats(tx));
      await database.close();
    });
  };
  const jsChain = async () => {
    await step(pool, 'tasks', async () => {
      // a step is all or nothing: clear what an interrupted run left
      await pool.query('TRUNCATE tasks, task_states');
      await pool.query('ALTER TABLE task_events DISABLE TRIGGER task_events_append_only');
      await pool.query('TRUNCATE task_events');
      await pool.query('ALTER TABLE task_events ENABLE TRIGGER task_events_append_only');
      const perDay = N_DOCUMENTS / DAYS;
      const startDay = Date.parse(`${START}T00:00:00Z`) / 86_400_000;
      await loadTasks(
        pool,
        {
          n: N_TASKS,
          start: START,
          spanDays: DAYS,
          agencies: TASK_AGENCIES,
          // a UBND document (i % 10 = 0) dated on or before the assignment
          documentOf: (_i, assigned) => {
            const d = Date.parse(`${assigned}T00:00:00Z`) / 86_400_000 - startDay;
            const k = Math.max(0, Math.floor(d * perDay) - 1);
            return docId(k - (k % 10));
          },
        },
        log,
      );
    });
    await step(pool, 'petitions', async () => {
      await pool.query('ALTER TABLE petition_events DISABLE TRIGGER petition_events_append_only');
      await pool.query(
        // petitions first alone: its TRUNCATE trigger empties the report facts and daily counts
        'TRUNCATE petitions',
      );
      await pool.query('TRUNCATE petition_events, petition_deadlines, party_identities');
      await pool.query('ALTER TABLE petition_events ENABLE TRIGGER petition_events_append_only');
      await fillPetitions(URL_, { n: N_PETITIONS, lookups: 0, record });
    });
  };
  // the two chains in separate processes (`--part`): the JS generators keep this event loop busy
  const part = args.includes('--part') ? args[args.indexOf('--part') + 1] : null;
  if (part === 'dossiers') return void (await dossierChain(), await pool.end());
  if (part === 'js') return void (await jsChain(), await pool.end());
  if (!part) {
    const missing = (
      await pool.query(
        `SELECT count(*)::int AS n FROM bench_periodic_steps WHERE step IN ('tasks', 'petitions')`,
      )
    ).rows[0].n;
    if (missing < 2) {
      // run the dossier chain in a child process, the task and petition loads here
      const child = spawn(
        process.execPath,
        [
          ...process.execArgv,
          process.argv[1]!,
          ...args.filter((a) => a !== '--reload'),
          '--part',
          'dossiers',
        ],
        {
          stdio: 'inherit',
        },
      );
      const done = new Promise<void>((resolve, reject) =>
        child.on('exit', (code) =>
          code === 0 ? resolve() : reject(new Error(`dossier load exited ${code}`)),
        ),
      );
      await jsChain();
      await done;
    } else await dossierChain();
  }
  await step(pool, 'vacuum_analyze', () => pool.query('VACUUM ANALYZE'));
  const { rows } = await pool.query('SELECT step, seconds FROM bench_periodic_steps ORDER BY at');
  const total = rows.reduce((s, r) => s + Number(r.seconds), 0);
  console.log(`load steps: ${rows.map((r) => `${r.step} ${fmt(Number(r.seconds), 0)} s`).join(', ')}`);
  record(
    'load (sum of the steps; dossiers and tasks/petitions run side by side)',
    `${fmt(total / 60, 1)} min`,
    '',
    null,
  );
  await pool.end();
}

// ---------------------------------------------------------------------------------------------------
// Measure

const ADMIN: Principal = {
  id: '00000000-0000-0000-0000-000000000000',
  username: 'bench',
  displayName: 'Bench',
  roles: ['admin'],
  agencyCode: null,
  mustChangePassword: false,
};

async function time<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const r = await fn();
  return [r, performance.now() - t0];
}

async function measure(database: Database) {
  const db = database.db;
  const { reportingPeriod } = await import('../src/modules/reports/periodic/periods.ts');
  const { periodicReport } = await import('../src/modules/reports/periodic/figures.ts');
  const { renderPeriodicDocx } = await import('../src/modules/reports/periodic/docx.ts');
  const [counts] = await queryRows<Record<string, number>>(
    db,
    sql`SELECT (SELECT count(*) FROM tasks)::int AS tasks, (SELECT count(*) FROM dossiers)::int AS dossiers,
      (SELECT count(*) FROM petitions)::int AS petitions, (SELECT count(*) FROM receptions)::int AS receptions,
      (SELECT count(*) FROM documents)::int AS documents, (SELECT count(*) FROM dossier_stats_daily)::int AS stats`,
  );
  console.log(
    `data: ${Object.entries(counts!)
      .map(([k, v]) => `${fmt(Number(v))} ${k}`)
      .join(', ')}`,
  );
  const index = new TaskTableIndex();
  const [, tIndex] = await time(() => index.refresh(db));
  record(`task table index: first load (${fmt(index.size)} intervals)`, `${fmt(tIndex, 0)} ms`, '', null);
  for (const [kind, label] of [
    ['9_months', '9 months 2025'],
    ['year', 'year 2025'],
  ] as const) {
    const period = reportingPeriod(kind, 2025);
    const input = { period, principal: ADMIN, taskIndex: index };
    // as the route does: one REPEATABLE READ READ ONLY transaction per report
    const report = () =>
      db.transaction(async (tx) => {
        await tx.execute(sql.raw('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY'));
        return periodicReport(tx, input);
      });
    console.log(`\n== ${label}: ${period.from} → ${period.to}`);
    const [first, tFirst] = await time(report);
    console.log(
      `  first call ${fmt(tFirst, 0)} ms; task window ${first.taskWindow.from} → ${first.taskWindow.to}; ` +
        `tasks ${fmt(first.figures['tasks.total']!)}, dossiers received ${fmt(first.figures['dossiers.received.total']!)}, ` +
        `petitions received ${fmt(first.figures['petitions.received']!)}, sessions ${fmt(first.figures['receptions.sessions']!)}, ` +
        `documents listed ${fmt(first.documents.length)}`,
    );
    const fig: number[] = [];
    const docx: number[] = [];
    let bytes = 0;
    for (let r = 0; r < RUNS; r++) {
      const [, a] = await time(report);
      fig.push(a);
      const [buf, b] = await time(async () => renderPeriodicDocx(await report()));
      docx.push(b);
      bytes = buf.length;
    }
    record(
      `${label}: time to figures (periodicReport; median / max of ${RUNS})`,
      `${fmt(median(fig), 0)} / ${fmt(Math.max(...fig), 0)} ms`,
      '≤ 2 s',
      median(fig) <= 2000,
    );
    record(
      `${label}: time to DOCX (figures + renderPeriodicDocx, ${fmt(bytes / 1024, 0)} KB; median / max)`,
      `${fmt(median(docx), 0)} / ${fmt(Math.max(...docx), 0)} ms`,
      '≤ 3 s',
      median(docx) <= 3000,
    );
    // where the time goes: the components alone
    const w = { from: period.from, to: period.to, asOf: period.to };
    const tw = first.taskWindow;
    const parts: [string, () => Promise<unknown>][] = [
      ['taskTable (in-memory index)', () => taskTable(db, tw, ADMIN, index)],
      ['taskTable (SQL)', () => taskTable(db, tw, ADMIN)],
      ['procedureReport', () => procedureReport(db, w.from, w.to)],
      ['dossierReport', () => dossierReport(db, w)],
      [
        'phone filings returned by post (count over dossiers)',
        () =>
          queryRows(
            db,
            sql`SELECT count(*)::int FROM dossiers WHERE channel = 'phone' AND return_method = 'post'
                AND received_at >= (${w.from}::date::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh')
                AND received_at < ((${w.to}::date + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh')`,
          ),
      ],
      ['petitionReport', () => petitionReport(db, w)],
      [
        'issued documents (registry read)',
        () =>
          queryRows(
            db,
            sql`SELECT id, number_symbol, date::text, type_code, issuer_code, summary FROM documents
                WHERE date BETWEEN ${w.from}::date AND ${w.to}::date AND NOT citation AND access IS NULL
                ORDER BY date, number NULLS LAST, number_symbol`,
          ),
      ],
      [
        `renderPeriodicDocx alone (${fmt(first.documents.length)} issued documents listed)`,
        () => renderPeriodicDocx(first),
      ],
      [
        'renderPeriodicDocx alone, list cut to 500 documents',
        () => renderPeriodicDocx({ ...first, documents: first.documents.slice(0, 500) }),
      ],
      ['renderPeriodicDocx alone, without the list', () => renderPeriodicDocx({ ...first, documents: [] })],
    ];
    const line: string[] = [];
    for (const [name, fn] of parts) {
      const ts: number[] = [];
      for (let r = 0; r < Math.max(2, Math.ceil(RUNS / 2)); r++) ts.push((await time(fn))[1]);
      line.push(`${name} ${fmt(median(ts), 0)} ms`);
    }
    console.log(`  components (median): ${line.join('; ')}`);
  }
}

async function check(database: Database) {
  const { petitionFactsDiff, petitionStatsDiff } = await import('../src/modules/reports/petition-report.ts');
  const db = database.db;
  let t0 = performance.now();
  const facts = await petitionFactsDiff(db);
  const stats = await petitionStatsDiff(db);
  record(
    'check: petition_report_facts / petition_stats_daily vs full recount (rows that differ)',
    `${facts.length} / ${stats.length} (${fmt((performance.now() - t0) / 1000, 1)} s)`,
    '0 / 0',
    facts.length === 0 && stats.length === 0,
  );
  // dossiers: the report's figures (from dossier_stats_daily) vs counts over the base table
  t0 = performance.now();
  const w = { from: '2025-01-01', to: '2025-12-31', asOf: '2025-12-31' };
  const rep = await dossierReport(db, w);
  const base = await queryRows<{ channel: string; n: number }>(
    db,
    sql`SELECT channel, count(*)::int AS n FROM dossiers
        WHERE (received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date BETWEEN ${w.from}::date AND ${w.to}::date GROUP BY 1`,
  );
  const byBase = Object.fromEntries(base.map((r) => [r.channel, Number(r.n)]));
  const bad = (['counter', 'online', 'postal', 'phone'] as const).filter(
    (c) => (byBase[c] ?? 0) !== rep.received.byChannel[c],
  );
  record(
    'check: dossier report received by channel (2025) vs count over dossiers',
    bad.length ? `differs: ${bad.join(', ')}` : `equal (${fmt(rep.received.total)})`,
    'equal',
    bad.length === 0,
  );
  // tasks: the in-memory index vs the SQL over task_states
  const index = new TaskTableIndex();
  const tw = { from: '2021-11-12', to: '2025-09-15', asOf: '2025-09-15' };
  const a = await taskTable(db, tw, ADMIN, index);
  const b = await taskTable(db, tw, ADMIN);
  const same = JSON.stringify(a.rows) === JSON.stringify(b.rows);
  record(
    'check: task table, in-memory index vs SQL',
    same ? `equal (${fmt(a.total)} tasks)` : 'DIFFERENT',
    'equal',
    same,
  );
  log(`checks in ${fmt((performance.now() - t0) / 1000, 1)} s`);
}

// ---------------------------------------------------------------------------------------------------

const t0 = performance.now();
// --measure-now: measure whatever is loaded (diagnostics while a load runs elsewhere)
if (!has('measure-now')) await load();
if (args.includes('--part')) process.exit(0);
log(`data ready in ${fmt((performance.now() - t0) / 1000, 1)} s (${URL_})`);
if (!has('load-only')) {
  const database = await openDatabase({ databaseUrl: URL_ });
  try {
    if (has('check')) await check(database);
    await measure(database);
  } finally {
    await database.close();
  }
}
console.log('\nfigure | value | target | ok');
console.log('--- | --- | --- | ---');
for (const r of results)
  console.log(`${r.figure} | ${r.value} | ${r.target || '—'} | ${r.ok === null ? '—' : r.ok ? 'yes' : 'NO'}`);
process.exit(0);
