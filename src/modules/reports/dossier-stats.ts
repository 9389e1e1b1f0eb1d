/**
 * Incrementally maintained daily counts behind the dossier report (`dossier_stats_daily`), written in
 * the same transaction as every dossier change. The dossier service calls `applyDossierChange` after
 * every write (intake, action, rating) and `recountDossierStats` after a bulk import.
 *
 * ## Metrics (one count per day, Asia/Ho_Chi_Minh)
 * Row-derived (from the CURRENT `dossiers` row; a change moves them by delta):
 * - `received.<channel>` +1 on the receipt day (`received_at`).
 * - `resolved.<early|on_time|late>` +1 on the result-ready day (`resolved_at`); no timeliness (no limit) counts
 *   as `on_time` (TT 01/2018 Mẫu 05: nothing to be late against).
 * - `open` +1 on the receipt day, −1 on the closing day (`closed_at`, else `resolved_at`): the sum over
 *   days ≤ D is the number of dossiers pending at 24:00 of D.
 * - `over` +1 on the over-limit day `od = max(date(appointment_at), receipt day)` — the first day at whose
 *   end the appointment in force has passed — and −1 on the closing day, both only when the dossier has an
 *   appointment, is not paused now (supplement / financial obligation, whose clock is stopped) and was not
 *   closed by the end of `od`. The sum over days ≤ D is the number pending over the limit at 24:00 of D.
 * Event-derived (from `dossier_events`, event day): `supplement` (request_supplement), `refusal` (refuse),
 * `apology` (apologize), `withdrawal` (withdraw, stop).
 * Rating-derived (from `dossier_ratings`, rating day): `rated`, `rating.<satisfied|neutral|unsatisfied>`.
 *
 * ## Keys and grains
 * A contribution `(day, body, agency, procedure, metric, n)` — body = receiving body, agency = processing
 * agency ('' before the transfer), procedure = national code, all from the current row — is written at four
 * grains, told apart by `receiving_body_code`: the body itself (daily), `*` (all bodies, daily),
 * `<body>#m` and `*#m` (monthly, `day` = first day of the month). The report reads whole months from the
 * monthly grains and the edge days from the daily ones, so a year over 10M dossiers reads a few ten
 * thousand rows (covering index `dossier_stats_daily_grain_metric_idx`: index-only scans).
 *
 * ## Proof
 * `test/unit/dossier-stats*.test.ts` and `test/api/dossier-report*.test.ts` replay random dossier histories
 * through the service and check that the incremental table equals `recountDossierStats` (non-zero rows) and
 * that every report figure equals the count of its drill-down list, which is read from the base tables.
 */
import { sql, type SQL } from 'drizzle-orm';
import { pgArrayLiteral, queryRows, type Tx } from '../../db/engine.ts';
import type { dossierEvents, dossierRatings, dossiers } from '../../db/schema.ts';
import { toHcmDate } from '../../kernel/calendar/dates.ts';
import { PAUSED_STATUSES } from '../dossiers/rules.ts';

export type DossierRow = typeof dossiers.$inferSelect;
export type DossierEventRow = typeof dossierEvents.$inferSelect;
export type DossierRatingRow = typeof dossierRatings.$inferSelect;

export interface DossierChange {
  /** the row before the change (null for an intake) */
  before: DossierRow | null;
  /** the row after the change */
  after: DossierRow;
  /** events appended by the change */
  events: readonly DossierEventRow[];
  /** ratings added by the change */
  ratings?: readonly DossierRatingRow[];
}

/** One daily count contribution of a dossier. */
export interface Contribution {
  /** YYYY-MM-DD, Asia/Ho_Chi_Minh */
  day: string;
  receivingBodyCode: string;
  /** processing agency; '' when none yet */
  agencyCode: string;
  procedureCode: string;
  metric: string;
  count: number;
}

/** The grain marker for all receiving bodies. */
export const ALL_BODIES = '*';
/** Suffix of the monthly grains (`day` = first of the month). */
export const MONTH_SUFFIX = '#m';

/** Event type → event-derived metric. */
export const EVENT_METRICS: Readonly<Record<string, string>> = {
  request_supplement: 'supplement',
  refuse: 'refusal',
  apologize: 'apology',
  withdraw: 'withdrawal',
  stop: 'withdrawal',
};

/** Metrics summed over the period [from, min(to, asOf)]. */
export const PERIOD_METRICS = [
  'received.counter',
  'received.online',
  'received.postal',
  'received.phone',
  'resolved.early',
  'resolved.on_time',
  'resolved.late',
  'supplement',
  'refusal',
  'apology',
  'withdrawal',
  'rated',
  'rating.satisfied',
  'rating.neutral',
  'rating.unsatisfied',
] as const;
/** Metrics summed over every day ≤ asOf (stock of pending dossiers). */
export const CUMULATIVE_METRICS = ['open', 'over'] as const;

type Dims = Pick<Contribution, 'receivingBodyCode' | 'agencyCode' | 'procedureCode'>;

const dimsOf = (row: DossierRow): Dims => ({
  receivingBodyCode: row.receivingBodyCode,
  agencyCode: row.processingAgencyCode ?? '',
  procedureCode: row.procedureCode,
});

const PAUSED: readonly string[] = PAUSED_STATUSES;

/** Contributions of a dossier's current row (see the module comment). Pure. */
export function rowContributions(row: DossierRow): Contribution[] {
  const d = dimsOf(row);
  const out: Contribution[] = [];
  const add = (day: string, metric: string, count: number) => out.push({ ...d, day, metric, count });
  const rd = toHcmDate(row.receivedAt);
  add(rd, `received.${row.channel}`, 1);
  if (row.resolvedAt) add(toHcmDate(row.resolvedAt), `resolved.${row.timeliness ?? 'on_time'}`, 1);
  const closed = row.closedAt ?? row.resolvedAt;
  const cd = closed ? toHcmDate(closed) : null;
  add(rd, 'open', 1);
  if (cd) add(cd, 'open', -1);
  if (row.appointmentAt && !PAUSED.includes(row.status)) {
    const ad = toHcmDate(row.appointmentAt);
    const od = ad > rd ? ad : rd;
    if (!cd || cd > od) {
      add(od, 'over', 1);
      if (cd) add(cd, 'over', -1);
    }
  }
  return out;
}

/** Contributions of events and ratings, attributed to the given row's keys. Pure. */
export function eventContributions(
  row: DossierRow,
  events: readonly { type: string; at: Date | string }[],
  ratings: readonly { vote: string; at: Date | string }[],
): Contribution[] {
  const d = dimsOf(row);
  const out: Contribution[] = [];
  for (const e of events) {
    const m = EVENT_METRICS[e.type];
    if (m) out.push({ ...d, day: toHcmDate(e.at), metric: m, count: 1 });
  }
  for (const r of ratings) {
    const day = toHcmDate(r.at);
    out.push({ ...d, day, metric: 'rated', count: 1 });
    out.push({ ...d, day, metric: `rating.${r.vote}`, count: 1 });
  }
  return out;
}

/**
 * All contributions of one dossier: its row, its events (every one so far) and its ratings. Pure; the sum
 * of `contributions` over every dossier is what `recountDossierStats` writes (at the body/day grain).
 */
export function contributions(
  row: DossierRow,
  events: readonly { type: string; at: Date | string }[],
  ratings: readonly { vote: string; at: Date | string }[],
): Contribution[] {
  return [...rowContributions(row), ...eventContributions(row, events, ratings)];
}

const monthOf = (day: string) => `${day.slice(0, 7)}-01`;

/** A contribution at the four grains (body/day, all/day, body/month, all/month). */
export function atGrains(c: Contribution): Contribution[] {
  const m = monthOf(c.day);
  return [
    c,
    { ...c, receivingBodyCode: ALL_BODIES },
    { ...c, day: m, receivingBodyCode: c.receivingBodyCode + MONTH_SUFFIX },
    { ...c, day: m, receivingBodyCode: ALL_BODIES + MONTH_SUFFIX },
  ];
}

const keyOf = (c: Contribution) =>
  `${c.day}\u0001${c.receivingBodyCode}\u0001${c.agencyCode}\u0001${c.procedureCode}\u0001${c.metric}`;

/** Sums contributions by key and drops zeros; sorted by key (a fixed lock order: no deadlocks). */
export function mergeContributions(list: readonly Contribution[]): Contribution[] {
  const map = new Map<string, Contribution>();
  for (const c of list) {
    const k = keyOf(c);
    const prev = map.get(k);
    if (prev) prev.count += c.count;
    else map.set(k, { ...c });
  }
  return [...map.entries()]
    .filter(([, c]) => c.count !== 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, c]) => c);
}

const sameDims = (a: Dims, b: Dims) =>
  a.receivingBodyCode === b.receivingBodyCode &&
  a.agencyCode === b.agencyCode &&
  a.procedureCode === b.procedureCode;

/**
 * Applies the delta of one dossier change to the daily counts, in the caller's transaction:
 * contributions(after) − contributions(before) for the row, plus the new events and ratings. When the
 * keys moved (transfer to another processing agency), the dossier's earlier events and ratings are read
 * back and moved too. One multi-row upsert, rows in key order.
 */
export async function applyDossierChange(tx: Tx, change: DossierChange): Promise<void> {
  const { before, after } = change;
  const newEvents = change.events;
  const newRatings = change.ratings ?? [];
  const delta: Contribution[] = [];
  if (before) for (const c of rowContributions(before)) delta.push({ ...c, count: -c.count });
  delta.push(...rowContributions(after));
  if (before && !sameDims(dimsOf(before), dimsOf(after))) {
    const newIds = new Set([...newEvents.map((e) => e.id), ...newRatings.map((r) => r.id)]);
    // instants as epoch milliseconds: raw timestamptz text differs between drivers (PGlite: '… +00')
    const oldEvents = (
      await queryRows<{ id: string; type: string; ms: number }>(
        tx,
        sql`SELECT id, type, (extract(epoch FROM at) * 1000)::float8 AS ms
            FROM dossier_events WHERE dossier_id = ${after.id}`,
      )
    )
      .filter((e) => !newIds.has(e.id))
      .map((e) => ({ type: e.type, at: new Date(Number(e.ms)) }));
    const oldRatings = (
      await queryRows<{ id: string; vote: string; ms: number }>(
        tx,
        sql`SELECT id, vote, (extract(epoch FROM at) * 1000)::float8 AS ms
            FROM dossier_ratings WHERE dossier_id = ${after.id}`,
      )
    )
      .filter((r) => !newIds.has(r.id))
      .map((r) => ({ vote: r.vote, at: new Date(Number(r.ms)) }));
    for (const c of eventContributions(before, oldEvents, oldRatings)) delta.push({ ...c, count: -c.count });
    delta.push(...eventContributions(after, oldEvents, oldRatings));
  }
  delta.push(...eventContributions(after, newEvents, newRatings));
  const upsert = statsUpsertSql(mergeContributions(delta.flatMap(atGrains)));
  if (upsert) await tx.execute(upsert);
}

/**
 * The contributions of a new dossier (intake: no row before), at the four grains, merged — what
 * `applyDossierChange` would write for `{ before: null, after, events }`, without I/O.
 */
export function intakeStatsRows(after: DossierRow, events: readonly DossierEventRow[]): Contribution[] {
  return mergeContributions(
    [...rowContributions(after), ...eventContributions(after, events, [])].flatMap(atGrains),
  );
}

/** The multi-row upsert of merged contributions into `dossier_stats_daily` (null when there are none). */
export function statsUpsertSql(rows: readonly Contribution[]): SQL | null {
  if (!rows.length) return null;
  // arrays: one statement text whatever the number of rows (rows stay in key order: a fixed lock order)
  const col = (f: (r: Contribution) => string | number) => pgArrayLiteral(rows.map(f));
  return sql`
    INSERT INTO dossier_stats_daily (day, receiving_body_code, agency_code, procedure_code, metric, count)
    SELECT u.day::date, u.body, u.agency, u.procedure, u.metric, u.n
    FROM unnest(${col((r) => r.day)}::text[], ${col((r) => r.receivingBodyCode)}::text[],
      ${col((r) => r.agencyCode)}::text[], ${col((r) => r.procedureCode)}::text[],
      ${col((r) => r.metric)}::text[], ${col((r) => r.count)}::int[]) WITH ORDINALITY
      AS u(day, body, agency, procedure, metric, n, ord)
    ORDER BY u.ord
    ON CONFLICT (day, receiving_body_code, agency_code, procedure_code, metric)
    DO UPDATE SET count = dossier_stats_daily.count + excluded.count`;
}

const HCM = sql.raw(`'Asia/Ho_Chi_Minh'`);
const PAUSED_SQL = sql.raw(PAUSED_STATUSES.map((s) => `'${s}'`).join(', '));
const EVENT_CASE = sql.raw(
  `CASE e.type ${Object.entries(EVENT_METRICS)
    .map(([t, m]) => `WHEN '${t}' THEN '${m}'`)
    .join(' ')} END`,
);
const EVENT_TYPES = sql.raw(
  Object.keys(EVENT_METRICS)
    .map((t) => `'${t}'`)
    .join(', '),
);

/**
 * The body/day-grain contributions of every dossier as one SQL query (columns day, b, a, p, m, n) — the
 * same definitions as `contributions`, computed from `dossiers`, `dossier_events`, `dossier_ratings`.
 */
export const baseContributionsSql = sql`
  SELECT x.day, d.receiving_body_code AS b, d.a, d.procedure_code AS p, x.m, x.n
  FROM (
    SELECT receiving_body_code, procedure_code, channel, timeliness, status,
      coalesce(processing_agency_code, '') AS a,
      (received_at AT TIME ZONE ${HCM})::date AS rd,
      (resolved_at AT TIME ZONE ${HCM})::date AS sd,
      (coalesce(closed_at, resolved_at) AT TIME ZONE ${HCM})::date AS cd,
      greatest((appointment_at AT TIME ZONE ${HCM})::date, (received_at AT TIME ZONE ${HCM})::date) AS od,
      appointment_at IS NOT NULL AND status NOT IN (${PAUSED_SQL}) AS may_be_over
    FROM dossiers
  ) d
  CROSS JOIN LATERAL (VALUES
    (d.rd, 'received.' || d.channel, 1),
    (d.sd, 'resolved.' || coalesce(d.timeliness, 'on_time'), 1),
    (d.rd, 'open', 1),
    (d.cd, 'open', -1),
    (CASE WHEN d.may_be_over AND (d.cd IS NULL OR d.cd > d.od) THEN d.od END, 'over', 1),
    (CASE WHEN d.may_be_over AND d.cd > d.od THEN d.cd END, 'over', -1)
  ) AS x(day, m, n)
  WHERE x.day IS NOT NULL
  UNION ALL
  SELECT (e.at AT TIME ZONE ${HCM})::date, d.receiving_body_code, coalesce(d.processing_agency_code, ''),
    d.procedure_code, ${EVENT_CASE}, 1
  FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id
  WHERE e.type IN (${EVENT_TYPES})
  UNION ALL
  SELECT (r.at AT TIME ZONE ${HCM})::date, d.receiving_body_code, coalesce(d.processing_agency_code, ''),
    d.procedure_code, v.m, 1
  FROM dossier_ratings r JOIN dossiers d ON d.id = r.dossier_id
  CROSS JOIN LATERAL (VALUES ('rated'), ('rating.' || r.vote)) AS v(m)`;

/**
 * Recomputes every daily count from `dossiers`, `dossier_events` and `dossier_ratings` (bulk loads,
 * checks): empty the table and drop its primary key and index, ONE INSERT … SELECT (the body/day grain,
 * materialised, rolled up to the other three grains), then rebuild the key and index in bulk. Rows whose
 * count sums to zero are not written.
 */
export async function recountDossierStats(tx: Tx): Promise<void> {
  // bulk: empty the table and build its indexes once after the insert (much faster than row by row);
  // the table is locked for the transaction (a recount is a bulk operation)
  const [pk] = await queryRows<{ name: string }>(
    tx,
    sql`SELECT conname AS name FROM pg_constraint
        WHERE conrelid = 'dossier_stats_daily'::regclass AND contype = 'p'`,
  );
  await tx.execute(sql`TRUNCATE dossier_stats_daily`);
  await tx.execute(sql`DROP INDEX IF EXISTS dossier_stats_daily_grain_metric_idx`);
  if (pk) await tx.execute(sql`ALTER TABLE dossier_stats_daily DROP CONSTRAINT ${sql.identifier(pk.name)}`);
  await tx.execute(sql`
    INSERT INTO dossier_stats_daily (day, receiving_body_code, agency_code, procedure_code, metric, count)
    WITH base AS MATERIALIZED (
      SELECT day, b, a, p, m, sum(n)::int AS n FROM (${baseContributionsSql}) c GROUP BY day, b, a, p, m
    )
    SELECT day, b, a, p, m, n FROM (
      SELECT day, b, a, p, m, n FROM base WHERE n <> 0
      UNION ALL
      SELECT day, ${ALL_BODIES}::text, a, p, m, sum(n)::int FROM base GROUP BY day, a, p, m HAVING sum(n) <> 0
      UNION ALL
      SELECT date_trunc('month', day)::date, b || ${MONTH_SUFFIX}, a, p, m, sum(n)::int FROM base
        GROUP BY 1, b, a, p, m HAVING sum(n) <> 0
      UNION ALL
      SELECT date_trunc('month', day)::date, ${ALL_BODIES + MONTH_SUFFIX}::text, a, p, m, sum(n)::int FROM base
        GROUP BY 1, a, p, m HAVING sum(n) <> 0
    ) g
    ORDER BY day, b, a, p, m`);
  // the same definitions as the migrations (0005 primary key, 0009 index)
  await tx.execute(
    sql`ALTER TABLE dossier_stats_daily ADD CONSTRAINT ${sql.identifier(
      pk?.name ?? 'dossier_stats_daily_pkey',
    )} PRIMARY KEY (day, receiving_body_code, agency_code, procedure_code, metric)`,
  );
  await tx.execute(
    sql`CREATE INDEX dossier_stats_daily_grain_metric_idx ON dossier_stats_daily
        USING btree (receiving_body_code, metric, day, agency_code, procedure_code, count)`,
  );
}
