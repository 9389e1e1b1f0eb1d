/**
 * Dossier loader shared by the benchmarks (bench:dossiers, bench:periodic): dossiers, their events and
 * ratings generated in SQL (`INSERT … SELECT generate_series`), deterministic by id. The daily counts
 * (`dossier_stats_daily`) are then built by the product's own `recountDossierStats`, the same function a
 * bulk import runs — identical to what the intake maintains incrementally (tested in
 * test/unit/dossier-stats*.test.ts).
 */
import type pg from 'pg';

/** Where the dossiers fall in time. */
export interface DossierSpread {
  /** first receipt day (YYYY-MM-DD, Asia/Ho_Chi_Minh) */
  start: string;
  /** receipt days spread uniformly over this many days */
  days: number;
  /** a third of the dossiers received after this day are still open (YYYY-MM-DD) */
  openAfter: string;
  /** a third of the dossiers are returned by post (`return_method = 'post'`); default: all at the counter */
  postReturn?: boolean;
}

/**
 * The temporary table `bench_procs (n, code, name, agency)` of 600 procedures (the catalogue's first, then
 * made-up `BENCH.<n>` ones) that `generateDossiers` draws from; on the session of `client`.
 */
export async function prepareBenchProcs(client: pg.Client): Promise<void> {
  await client.query(
    `CREATE TEMP TABLE bench_procs AS
     SELECT (row_number() OVER (ORDER BY code) - 1)::int AS n, code, name,
       coalesce(agency_code, 'SNNPTNT') AS agency FROM procedures LIMIT 600`,
  );
  const nProcs = (await client.query(`SELECT count(*)::int AS n FROM bench_procs`)).rows[0].n;
  if (nProcs < 600)
    await client.query(
      `INSERT INTO bench_procs SELECT n, 'BENCH.' || n, 'Thủ tục ' || n, 'A' || (n % 20)
       FROM generate_series(${nProcs}, 599) AS n`,
    );
}

/**
 * Dossiers with ids `from` … `to - 1` (uuid md5('d' || i)), their events (supplements ~6 %, refusals,
 * withdrawals, apologies ~1 %) and ratings (~25 % of the resolved). Needs `prepareBenchProcs` on `client`.
 */
export async function generateDossiers(client: pg.Client, from: number, to: number, spread: DossierSpread) {
  // ids from..to-1; 100 bodies; `spread.days` days from `spread.start` (+07); 600 procedures from the catalogue,
  // skewed (a few procedures take most dossiers), 20 agencies; ~4 % still open (recent ones).
  await client.query(
    `INSERT INTO dossiers (id, code, era, procedure_code, procedure_version_id, procedure_name, channel,
       receiving_body_code, processing_agency_code, applicant, components, return_method, received_at,
       appointment_at, first_appointment_at, status, resolved_at, timeliness, closed_at, version, search_key, demo)
     SELECT md5('d' || i)::uuid, 'G' || lpad((i % 100)::text, 3, '0') || '-' || i,
       CASE WHEN rcv >= timestamptz '2025-07-01 00:00+07' THEN 'nd118' ELSE 'nd61' END, pc.code,
       '00000000-0000-0000-0000-000000000000', pc.name,
       (ARRAY['counter','counter','online','postal','phone'])[1 + (h % 5)],
       'GB' || lpad((i % 100)::text, 3, '0'),
       CASE WHEN st = 'refused' THEN NULL ELSE pc.agency END,
       jsonb_build_object('name', 'Nguyễn Văn ' || i), '[]'::jsonb,
       CASE WHEN $6::boolean AND (h >> 11) % 3 = 0 THEN 'post' ELSE 'counter' END,
       rcv, rcv + (5 + h % 20) * interval '1 day', rcv + (5 + h % 20) * interval '1 day',
       st,
       CASE WHEN st IN ('returned','result_ready') THEN rcv + (1 + (h >> 5) % 27) * interval '1 day' END,
       CASE WHEN st IN ('returned','result_ready') THEN
         CASE WHEN 1 + (h >> 5) % 27 > 5 + h % 20 THEN 'late' WHEN 1 + (h >> 5) % 27 = 5 + h % 20 THEN 'on_time' ELSE 'early' END END,
       CASE WHEN st IN ('returned','result_ready') THEN rcv + (1 + (h >> 5) % 27) * interval '1 day'
            WHEN st IN ('refused','withdrawn') THEN rcv + (1 + h % 3) * interval '1 day' END,
       3, '', true
     FROM (
       SELECT i, h, rcv,
         CASE WHEN rcv > $5::date::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh' AND h % 3 = 0 THEN
                (ARRAY['processing','received','supplement_requested'])[1 + (h >> 3) % 3]
              WHEN h % 97 = 0 THEN 'refused' WHEN h % 89 = 0 THEN 'withdrawn'
              WHEN h % 2 = 0 THEN 'returned' ELSE 'result_ready' END AS st,
         least(599, floor(600 * power(((h >> 7) % 10000) / 10000.0, 3)))::int AS pi
       FROM (
         SELECT i, (hashint8(i)::bigint & 2147483647) AS h,
           ($3::date + time '07:30') AT TIME ZONE 'Asia/Ho_Chi_Minh' + (((hashint8(i * 7)::bigint & 2147483647) % $4::int) * interval '1 day')
             + (((hashint8(i * 13)::bigint & 2147483647) % 540) * interval '1 minute') AS rcv
         FROM generate_series($1::bigint, $2::bigint - 1) AS i
       ) a
     ) b
     JOIN bench_procs pc ON pc.n = b.pi`,
    [from, to, spread.start, spread.days, spread.openAfter, spread.postReturn ?? false],
  );
  // events: supplements (~6 %), refusals and withdrawals (their dossiers), apologies (~1 %); ratings ~25 %
  await client.query(
    `INSERT INTO dossier_events (id, dossier_id, seq, type, at, to_status)
     SELECT md5('e' || i || t)::uuid, md5('d' || i)::uuid, s, t, rcv + interval '2 hours', 'x' FROM (
       SELECT i, (hashint8(i)::bigint & 2147483647) AS h,
         ($3::date + time '07:30') AT TIME ZONE 'Asia/Ho_Chi_Minh' + (((hashint8(i * 7)::bigint & 2147483647) % $4::int) * interval '1 day')
           + (((hashint8(i * 13)::bigint & 2147483647) % 540) * interval '1 minute') AS rcv
       FROM generate_series($1::bigint, $2::bigint - 1) AS i
     ) a CROSS JOIN LATERAL (VALUES
       (CASE WHEN h % 17 = 0 THEN 'request_supplement' END, 2),
       (CASE WHEN h % 97 = 0 THEN 'refuse' WHEN h % 89 = 0 THEN 'withdraw' END, 3),
       (CASE WHEN h % 101 = 1 THEN 'apologize' END, 4)
     ) AS e(t, s) WHERE t IS NOT NULL`,
    [from, to, spread.start, spread.days],
  );
  await client.query(
    `INSERT INTO dossier_ratings (id, dossier_id, channel, vote, at)
     SELECT md5('r' || i)::uuid, md5('d' || i)::uuid, (ARRAY['kiosk','paper','web'])[1 + h % 3],
       CASE WHEN h % 100 = 0 THEN 'unsatisfied' WHEN h % 100 = 1 THEN 'neutral' ELSE 'satisfied' END,
       resolved_at + interval '1 hour'
     FROM (SELECT i, (hashint8(i * 31)::bigint & 2147483647) AS h FROM generate_series($1::bigint, $2::bigint - 1) AS i) a
     JOIN dossiers d ON d.id = md5('d' || i)::uuid
     WHERE h % 4 = 0 AND d.resolved_at IS NOT NULL`,
    [from, to],
  );
}
