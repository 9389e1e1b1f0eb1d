/**
 * Scheduling pass benchmark (issue 7 §7): the daily reminder pass over open items on PostgreSQL, at
 * 10^4, 10^5 and 10^6 open items (growth, not one point — ARCHITECTURE "Scale"). Target ≤ 10 s at 10^6.
 *
 * Databases: `kientao_bench_reminders` (10^6) and `kientao_bench_reminders_1e4`, `_1e5` on the server of
 * `DATABASE_URL` (default postgres://postgres@127.0.0.1:5432/postgres), created and migrated when missing,
 * KEPT between runs (a load is skipped when `bench_meta` says the database holds the set already;
 * `--reload` reloads).
 *
 * Fill (bulk `INSERT … SELECT generate_series`), N open items: 70 % tasks (awaiting receipt or in progress,
 * deadlines spread uniformly over ±60 calendar days around the pass date, across the demo organisation's
 * departments, boards, districts and communes; plus as many finished or reported-done tasks, which the pass
 * must skip), 20 % open petition clocks (`petition_deadlines`, every clock name, ±60 days), 10 % open
 * dossier steps (`dossier_steps` of processing dossiers, ±60 days) and their dossiers (with appointments:
 * the apology clock). The demo users are created (a few agencies have accounts).
 *
 * Timed: `runReminderPass` for a working date (2026-03-10, compute + persist in one transaction, after the
 * date's reminders were deleted), median of `--runs` (default 3); then the preview count (`previewHits`
 * with limit 1: the same predicate, counted). Printed: ms, reminders rows, items, preview rows.
 *
 * Options: --scales=1e4,1e5,1e6  --runs=N  --reload
 */
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows, type Database } from '../src/db/engine.ts';
import { buildCalendar } from '../src/kernel/calendar/index.ts';
import { insertAgencies } from '../src/kernel/org/service.ts';
import { demoAgencies } from '../src/kernel/org/demo-agencies.ts';
import { loadRules, seedDefaultRules } from '../src/modules/notifications/reminders/store.ts';
import { previewHits, runReminderPass } from '../src/modules/notifications/reminders/scan.ts';

const PASS_DATE = '2026-03-10';

function arg(args: string[], name: string): string | undefined {
  return args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

async function ensureDatabase(name: string): Promise<string> {
  const server = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  server.pathname = '/postgres';
  const c = new pg.Client({ connectionString: server.toString() });
  await c.connect();
  const r = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (!r.rowCount) await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const url = new URL(server.toString());
  url.pathname = `/${name}`;
  return url.toString();
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function load(database: Database, n: number): Promise<void> {
  const db = database.db;
  const t0 = performance.now();
  await db.execute(sql`CREATE TABLE IF NOT EXISTS bench_meta (k text PRIMARY KEY, v text NOT NULL)`);
  await db.execute(
    sql`TRUNCATE tasks, petition_deadlines, dossier_steps, dossiers, reminders, reminder_runs`,
  );
  const [{ a }] = (await queryRows<{ a: number }>(db, sql`SELECT count(*)::int AS a FROM agencies`)) as [
    { a: number },
  ];
  if (!a) await db.transaction((tx) => insertAgencies(tx, demoAgencies()));
  await db.execute(sql`DELETE FROM users WHERE username LIKE 'bench.%'`);
  // a few agencies with accounts (the others are reached through notify()'s fallbacks)
  await db.execute(sql`INSERT INTO users (id, username, display_name, password_hash, roles, agency_code)
    SELECT gen_random_uuid(), 'bench.' || code, 'Bench ' || code, 'x',
      CASE WHEN kind = 'commune' THEN '{petition_handler}' ELSE '{agency_leader}' END::text[], code
    FROM (SELECT code, kind FROM agencies WHERE kind IN ('department', 'commune') ORDER BY code LIMIT 40) a`);
  await db.execute(sql`CREATE TEMP TABLE IF NOT EXISTS bench_ag AS
    SELECT array_agg(code ORDER BY code) AS c, count(*)::int AS n FROM agencies
    WHERE kind IN ('department', 'board', 'district', 'commune')`);
  const nt = Math.round(n * 0.7);
  const np = Math.round(n * 0.2);
  const nd = n - nt - np;
  const D = sql`${PASS_DATE}::date`;
  // open tasks (+ the same number of finished / reported-done ones the pass must skip)
  await db.execute(sql`INSERT INTO tasks (id, ref, title, search_key, document_id, assigned_by, assigner_code,
      lead_agency_code, initial_lead_agency_code, assigned_date, deadline, status)
    SELECT gen_random_uuid(), 'B' || i, 'Nhiệm vụ ' || i, 'nhiem vu ' || i, gen_random_uuid(),
      'vice_chairman', (ARRAY['CT','PCT-TT','PCT-NN','PCT-VX'])[1 + i % 4],
      g.c[(1 + (i::bigint * 7919) % g.n)::int], g.c[(1 + (i::bigint * 7919) % g.n)::int],
      ${D} + ((i::bigint * 31) % 121 - 60)::int - 30, ${D} + ((i::bigint * 31) % 121 - 60)::int,
      CASE WHEN i <= ${nt} THEN (CASE WHEN i % 4 = 0 THEN 'awaiting_receipt' ELSE 'in_progress' END)
           ELSE (CASE WHEN i % 3 = 0 THEN 'awaiting_closure' WHEN i % 3 = 1 THEN 'completed' ELSE 'stopped' END) END
    FROM generate_series(1, ${2 * nt}) i, bench_ag g`);
  await db.execute(sql`INSERT INTO petition_deadlines (id, petition_id, clock, start_date, due_date, "limit", source,
      state, agency_code)
    SELECT gen_random_uuid(), gen_random_uuid(),
      (ARRAY['answer','accept','check','forward','resolve','extension_1','extension_2'])[1 + i % 7],
      ${D} + ((i::bigint * 17) % 121 - 60)::int - 10, ${D} + ((i::bigint * 17) % 121 - 60)::int, '{"value":10,"unit":"working_days"}',
      'Luật Tiếp công dân 2013 Art 28', 'open', g.c[(1 + (i::bigint * 104729) % g.n)::int]
    FROM generate_series(1, ${np}) i, bench_ag g`);
  await db.execute(sql`INSERT INTO dossiers (id, code, era, procedure_code, procedure_version_id, procedure_name,
      channel, receiving_body_code, processing_agency_code, applicant, components, return_method, received_at,
      start_date, appointment_at, status, search_key)
    SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid, 'BENCH-' || i, 'nd118', 'P1',
      gen_random_uuid(), 'Thủ tục ' || (i % 50), 'counter', 'VP-TTHC', g.c[(1 + (i::bigint * 13) % g.n)::int],
      '{}'::jsonb, '[]'::jsonb, 'counter', (${D} - 30)::timestamptz, ${D} - 30,
      ((${D} + ((i::bigint * 23) % 121 - 60)::int)::timestamp + interval '17 hours') AT TIME ZONE 'Asia/Ho_Chi_Minh',
      'processing', 'bench ' || i
    FROM generate_series(1, ${nd}) i, bench_ag g`);
  await db.execute(sql`INSERT INTO dossier_steps (id, dossier_id, seq, kind, name, agency_code, started_at, due_at)
    SELECT gen_random_uuid(), ('00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid, 1, 'internal',
      'Thẩm định', g.c[(1 + (i::bigint * 13) % g.n)::int], (${D} - 20)::timestamptz,
      ((${D} + ((i::bigint * 29) % 121 - 60)::int)::timestamp + interval '17 hours') AT TIME ZONE 'Asia/Ho_Chi_Minh'
    FROM generate_series(1, ${nd}) i, bench_ag g`);
  await db.execute(sql`ANALYZE`);
  await db.execute(sql`INSERT INTO bench_meta VALUES ('items', ${String(n)})
    ON CONFLICT (k) DO UPDATE SET v = excluded.v`);
  console.log(
    `  loaded ${n.toLocaleString('en')} open items (${nt} tasks + ${nt} closed, ${np} petition clocks, ` +
      `${nd} dossier steps) in ${Math.round(performance.now() - t0)} ms`,
  );
}

export async function runScanBench(args: string[]): Promise<void> {
  const scales = (arg(args, 'scales') ?? '1e4,1e5,1e6').split(',').map((s) => Math.round(Number(s)));
  const runs = Number(arg(args, 'runs') ?? 3);
  const reload = args.includes('--reload');
  const cal = buildCalendar();
  console.log(
    `Reminder scheduling pass on PostgreSQL — pass date ${PASS_DATE} (a working day), ${runs} run(s) each`,
  );
  const summary: string[] = [];
  for (const n of scales) {
    const name =
      n === 1_000_000
        ? 'kientao_bench_reminders'
        : `kientao_bench_reminders_${n.toExponential(0).replace('+', '')}`;
    const database = await openDatabase({ databaseUrl: await ensureDatabase(name) });
    try {
      const db = database.db;
      await db.transaction((tx) => seedDefaultRules(tx));
      const meta = await queryRows<{ v: string }>(db, sql`SELECT v FROM bench_meta WHERE k = 'items'`).catch(
        () => [] as { v: string }[],
      );
      console.log(`${n.toLocaleString('en')} open items — database ${name}`);
      if (reload || meta[0]?.v !== String(n)) await load(database, n);
      else console.log('  (data kept from an earlier run)');
      const times: number[] = [];
      let last = { reminders: 0, items: 0 };
      for (let r = 0; r < runs; r++) {
        await db.execute(sql`DELETE FROM reminders WHERE run_date = ${PASS_DATE}::date`);
        await db.execute(sql`DELETE FROM reminder_runs WHERE run_date = ${PASS_DATE}::date`);
        // the deleted rows of the previous run: vacuumed, as autovacuum would between two daily passes
        await db.execute(sql`VACUUM reminders`);
        const t0 = performance.now();
        const res = await runReminderPass(db, cal, PASS_DATE);
        times.push(performance.now() - t0);
        last = { reminders: res.reminders, items: res.items };
      }
      const rules = await loadRules(db, { enabledOnly: true });
      const p0 = performance.now();
      const { totals } = await previewHits(db, cal, PASS_DATE, rules, 1);
      const previewMs = performance.now() - p0;
      const previewRows = [...totals.values()].reduce((a, b) => a + b, 0);
      const line =
        `  pass: ${Math.round(median(times))} ms median (${times.map((x) => Math.round(x)).join(', ')}) → ` +
        `${last.reminders} reminders rows, ${last.items.toLocaleString('en')} item reminders; ` +
        `preview count: ${previewRows.toLocaleString('en')} rows in ${Math.round(previewMs)} ms`;
      console.log(line);
      summary.push(
        `${n.toExponential(0)}: pass ${Math.round(median(times))} ms, preview ${Math.round(previewMs)} ms`,
      );
    } finally {
      await database.close();
    }
  }
  console.log(`Summary (target ≤ 10,000 ms at 1e6): ${summary.join(' | ')}`);
}
