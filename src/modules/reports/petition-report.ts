/**
 * The citizen reception and petition report (issue 5 §7; REFERENCE §4 "Statistics"; docs/reports-petitions.md),
 * computed AS OF a cut-off from the history, with one predicate per figure shared by the count and its
 * drill-down list.
 *
 * Dates are `YYYY-MM-DD` in Asia/Ho_Chi_Minh. The period is [from, to]; the cut-off `asOf` (default `to`)
 * is the end of that day (24:00, +07:00). Only what is dated on or before the cut-off counts, so a report
 * re-run later gives the same figures unless events dated before its cut-off were entered since.
 *
 * - receptions: sessions with a session date in [from, min(to, asOf)]; `persons` = sum of headcount;
 *   `massDelegations` = sessions flagged as a mass delegation.
 * - petitions.received: petitions received (received_date) in [from, min(to, asOf)], duplicates included,
 *   excluding an original split at or before the cut-off (its parts count instead, each with its own kind;
 *   a part exists from its split).
 * - eligibility: the latest `set_eligibility` event at or before the cut-off; none = `pending`.
 *   `byKind` counts eligible petitions by their kind as of the cut-off (a reclassification after it is
 *   read back from the `classify` event's `fromKind`).
 * - forwarded / guided / urged / resolved: received petitions with at least one `forward` / `guide` /
 *   `urge` / `record_result` event at or before the cut-off (urged = urged at least once).
 * - overdue: received petitions with a statutory clock open at the cut-off (started on or before asOf, not
 *   stopped — met, missed or cancelled — by then) whose due date is before asOf.
 * - distinctMatters: received petitions counting a confirmed duplicate (confirmed by the cut-off) once with
 *   its original.
 *
 * Speed: petitions are read from `petition_report_facts` (one narrow row per petition, kept exact by
 * triggers in every writing transaction, migration 0014); the history is read only for the few petitions
 * whose eligibility or kind changed after the cut-off. `recountPetitionFacts` rebuilds the facts from the
 * base tables; `petitionFactsDiff` lists rows where the kept facts and a recount differ (tested empty).
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/engine.ts';
import { hasAnyRole, type Principal } from '../../kernel/auth/roles.ts';
import { hcmDateTime, shiftDate } from '../../kernel/calendar/index.ts';
import { badRequest, forbidden } from '../../kernel/errors.ts';

/** Petition kinds counted in `byKind` (eligible petitions only). */
export const REPORT_KINDS = [
  'complaint',
  'denunciation',
  'recommendation',
  'feedback',
  'land_dispute',
] as const;
/** Statutory ineligibility reason codes (the petition contract) + `unspecified` for none/unknown. */
export const REPORT_REASONS = [
  'unsigned',
  'anonymous',
  'no_content',
  'already_settled',
  'time_barred',
  'not_competent',
  'duplicate',
  'before_court',
  'no_personal_interest',
  'invalid_representative',
  'second_level_exists',
  'other',
  'unspecified',
] as const;

const SIMPLE = [
  'petitions.received',
  'petitions.eligible',
  'petitions.ineligible',
  'petitions.pending',
  'petitions.forwarded',
  'petitions.guided',
  'petitions.urged',
  'petitions.resolved',
  'petitions.overdue',
] as const;

/** Every figure's name, as `metric` of the drill-down. */
export const PETITION_METRICS = [
  'receptions.sessions',
  'receptions.persons',
  'receptions.massDelegations',
  ...SIMPLE,
  ...REPORT_KINDS.map((k) => `petitions.byKind.${k}` as const),
  ...REPORT_REASONS.map((r) => `petitions.ineligibleByReason.${r}` as const),
  'distinctMatters',
] as const;
export type PetitionMetric = (typeof PETITION_METRICS)[number];

export interface PetitionReportFilter {
  from: string;
  to: string;
  asOf: string;
  agency?: string | undefined;
}

/** 400 when the window is inverted or the cut-off precedes it. */
export function checkPetitionWindow(f: PetitionReportFilter): void {
  if (f.from > f.to)
    throw badRequest(
      'invalid_window',
      'Từ ngày phải trước đến ngày.',
      '`from` must not be after `to`.',
      'from',
    );
  if (f.asOf < f.from)
    throw badRequest(
      'as_of_before_window',
      'Ngày chốt số liệu phải từ ngày bắt đầu kỳ.',
      '`asOf` must not be before `from`.',
      'asOf',
    );
}

/** Office roles and admin: every register; others only their agency's (an agency filter outside it → 403). */
export function scopePetitionFilter(p: Principal, f: PetitionReportFilter): PetitionReportFilter {
  if (p.roles.includes('admin') || hasAnyRole(p, ['office_leader', 'office_specialist'])) return f;
  if (
    !hasAnyRole(p, ['reception_officer', 'reception_leader', 'petition_handler', 'agency_leader']) ||
    !p.agencyCode
  )
    throw forbidden();
  if (f.agency !== undefined && f.agency !== p.agencyCode) throw forbidden();
  return { ...f, agency: p.agencyCode };
}

interface Bounds {
  from: string;
  /** min(to, asOf) */
  last: string;
  /** start of the day after asOf (exclusive end of the cut-off), UTC ISO */
  end: string;
  asOf: string;
  agency: string | undefined;
}

function boundsOf(f: PetitionReportFilter): Bounds {
  return {
    from: f.from,
    last: f.to < f.asOf ? f.to : f.asOf,
    end: hcmDateTime(shiftDate(f.asOf, 1), '00:00').toISOString(),
    asOf: f.asOf,
    agency: f.agency,
  };
}

/** Per petition of the period as of the cut-off: id, eligibility, reason bucket, kind, flags, matter. */
function cohort(b: Bounds, extra: SQL = sql``): SQL {
  const end = sql`${b.end}::timestamptz`;
  const reasons = sql.join(
    REPORT_REASONS.filter((r) => r !== 'unspecified').map((r) => sql`${r}`),
    sql`, `,
  );
  return sql`
    SELECT x.*, CASE WHEN x.elig = 'ineligible' THEN
             CASE WHEN x.raw_reason IN (${reasons}) THEN x.raw_reason ELSE 'unspecified' END END AS reason
    FROM (
      SELECT f.petition_id AS id, f.received_date,
        COALESCE(CASE WHEN f.eligibility_at IS NULL THEN NULL
                      WHEN f.eligibility_at < ${end} THEN f.eligibility
                      ELSE (SELECT e.data->>'eligibility' FROM petition_events e
                            WHERE e.petition_id = f.petition_id AND e.type = 'set_eligibility' AND e.at < ${end}
                            ORDER BY e.at DESC, e.seq DESC LIMIT 1) END, 'pending') AS elig,
        CASE WHEN f.eligibility_at IS NULL THEN NULL
             WHEN f.eligibility_at < ${end} THEN f.ineligible_reason
             ELSE (SELECT e.data->>'reason' FROM petition_events e
                   WHERE e.petition_id = f.petition_id AND e.type = 'set_eligibility' AND e.at < ${end}
                   ORDER BY e.at DESC, e.seq DESC LIMIT 1) END AS raw_reason,
        CASE WHEN f.classify_at IS NULL OR f.classify_at < ${end} THEN f.kind
             ELSE COALESCE((SELECT e.data->>'fromKind' FROM petition_events e
                            WHERE e.petition_id = f.petition_id AND e.type = 'classify' AND e.at >= ${end}
                            ORDER BY e.at, e.seq LIMIT 1), f.kind) END AS kind,
        COALESCE(f.forward_at < ${end}, false) AS forwarded,
        COALESCE(f.guide_at < ${end}, false) AS guided,
        COALESCE(f.urge_at < ${end}, false) AS urged,
        ${resolvedAsOf('f', end)} AS resolved,
        CASE WHEN f.duplicate_at < ${end} THEN f.duplicate_of ELSE f.petition_id END AS matter
      FROM petition_report_facts f
      WHERE ${inCohort(b, 'f')} ${extra}
    ) x`;
}

/**
 * Resolved as of the cut-off `end` (exclusive instant): a result recorded before it, and no second-level
 * `reopen` before it that is still without its own result before it. A reopened complaint is not resolved
 * until its second-level result; as of a cut-off before the reopen it was resolved (docs/reports-petitions.md).
 * The trigger-kept daily counts use the same rule on the current facts (migration 0021).
 */
function resolvedAsOf(alias: string, end: SQL): SQL {
  const f = sql.raw(alias);
  return sql`(COALESCE(${f}.result_at < ${end}, false)
    AND NOT (COALESCE(${f}.reopen_at < ${end}, false) AND NOT COALESCE(${f}.result2_at < ${end}, false)))`;
}

/**
 * Facts rows whose contribution as of the cut-off may differ from their current one: a fact dated after
 * the cut-off (`last_at`), or a reopen / second-level result after it (rare; partial index).
 */
function changedAfter(alias: string, end: SQL): SQL {
  const f = sql.raw(alias);
  return sql`(${f}.last_at >= ${end} OR (${f}.reopen_at IS NOT NULL AND COALESCE(${f}.result2_at, ${f}.reopen_at) >= ${end}))`;
}

/** Whether the facts row `alias` belongs to the period as of the cut-off (see the module comment). */
function inCohort(b: Bounds, alias: string): SQL {
  const end = sql`${b.end}::timestamptz`;
  const f = sql.raw(alias);
  const agency = b.agency !== undefined ? sql`AND ${f}.agency_code = ${b.agency}` : sql``;
  return sql`${f}.received_date >= ${b.from} AND ${f}.received_date <= ${b.last} ${agency}
    AND (${f}.split_at IS NULL OR ${f}.split_at >= ${end})
    AND (${f}.parent_id IS NULL OR EXISTS (SELECT 1 FROM petition_report_facts pf
                                           WHERE pf.petition_id = ${f}.parent_id AND pf.split_at < ${end}))`;
}

/** Petitions of the cohort with a clock open and past due at the cut-off. */
function overdueIds(b: Bounds): SQL {
  const end = sql`${b.end}::timestamptz`;
  // a clock never starts before its petition's receipt day: start_date ≥ from bounds the scan to the period
  return sql`SELECT DISTINCT d.petition_id FROM petition_deadlines d
             WHERE d.due_date < ${b.asOf} AND d.start_date >= ${b.from} AND d.start_date <= ${b.asOf}
               AND (d.met_at IS NULL OR d.met_at >= ${end})`;
}

/** The predicate of a petition figure over the cohort row `c`. */
function predicate(metric: PetitionMetric): SQL {
  switch (metric) {
    case 'petitions.received':
      return sql`TRUE`;
    case 'petitions.eligible':
      return sql`c.elig = 'eligible'`;
    case 'petitions.ineligible':
      return sql`c.elig = 'ineligible'`;
    case 'petitions.pending':
      return sql`c.elig NOT IN ('eligible', 'ineligible')`;
    case 'petitions.forwarded':
      return sql`c.forwarded`;
    case 'petitions.guided':
      return sql`c.guided`;
    case 'petitions.urged':
      return sql`c.urged`;
    case 'petitions.resolved':
      return sql`c.resolved`;
    case 'petitions.overdue':
      return sql`c.overdue`;
    default:
      if (metric.startsWith('petitions.byKind.'))
        return sql`c.elig = 'eligible' AND c.kind = ${metric.slice('petitions.byKind.'.length)}`;
      if (metric.startsWith('petitions.ineligibleByReason.'))
        return sql`c.elig = 'ineligible' AND c.reason = ${metric.slice('petitions.ineligibleByReason.'.length)}`;
      throw new Error(`not a petition predicate: ${metric}`);
  }
}

interface GroupRow {
  elig: string;
  /** '' when not ineligible */
  reason: string;
  kind: string;
  forwarded: boolean;
  guided: boolean;
  urged: boolean;
  resolved: boolean;
  dup: boolean;
  n: number;
}

/** The columns of `petition_stats_daily` from the current facts row `alias` (same as the trigger's). */
function statsKey(alias: string): SQL {
  const f = sql.raw(alias);
  const reasons = sql.join(
    REPORT_REASONS.filter((r) => r !== 'unspecified').map((r) => sql`${r}`),
    sql`, `,
  );
  return sql`CASE WHEN ${f}.eligibility IN ('eligible', 'ineligible') THEN ${f}.eligibility ELSE 'pending' END AS elig,
    CASE WHEN ${f}.eligibility = 'ineligible' THEN
      CASE WHEN ${f}.ineligible_reason IN (${reasons}) THEN ${f}.ineligible_reason ELSE 'unspecified' END
    ELSE '' END AS reason,
    COALESCE(${f}.kind, '') AS kind, ${f}.forward_at IS NOT NULL AS forwarded, ${f}.guide_at IS NOT NULL AS guided,
    ${f}.urge_at IS NOT NULL AS urged,
    (${f}.result_at IS NOT NULL AND (${f}.reopen_at IS NULL OR ${f}.result2_at IS NOT NULL)) AS resolved,
    ${f}.duplicate_at IS NOT NULL AS dup`;
}

/** base − minus + plus, by group key (groups whose count ends at 0 dropped). */
function mergeGroups(base: GroupRow[], minus: GroupRow[], plus: GroupRow[]): GroupRow[] {
  const key = (g: GroupRow) =>
    [g.elig, g.reason ?? '', g.kind, g.forwarded, g.guided, g.urged, g.resolved, g.dup].join('|');
  const out = new Map<string, GroupRow>();
  const add = (rows: GroupRow[], sign: number) => {
    for (const g of rows) {
      const k = key(g);
      const cur = out.get(k) ?? { ...g, reason: g.reason ?? '', n: 0 };
      cur.n += sign * Number(g.n);
      out.set(k, cur);
    }
  };
  add(base, 1);
  add(minus, -1);
  add(plus, 1);
  return [...out.values()].filter((g) => g.n !== 0);
}

/** The same predicates as {@link predicate}, over a group of the report query (tested equal to the drill-downs). */
function matches(metric: PetitionMetric, g: GroupRow): boolean {
  switch (metric) {
    case 'petitions.received':
      return true;
    case 'petitions.eligible':
      return g.elig === 'eligible';
    case 'petitions.ineligible':
      return g.elig === 'ineligible';
    case 'petitions.pending':
      return g.elig !== 'eligible' && g.elig !== 'ineligible';
    case 'petitions.forwarded':
      return g.forwarded;
    case 'petitions.guided':
      return g.guided;
    case 'petitions.urged':
      return g.urged;
    case 'petitions.resolved':
      return g.resolved;
    default:
      if (metric.startsWith('petitions.byKind.'))
        return g.elig === 'eligible' && g.kind === metric.slice('petitions.byKind.'.length);
      if (metric.startsWith('petitions.ineligibleByReason.'))
        return g.elig === 'ineligible' && g.reason === metric.slice('petitions.ineligibleByReason.'.length);
      return false;
  }
}

/**
 * The cohort with its overdue flag (the overdue set is small: open clocks past due at the cut-off).
 * MATERIALIZED: each figure's FILTER refers to the computed columns; inlined, every reference would repeat
 * the per-petition history look-ups.
 */
function withCohort(b: Bounds, body: SQL): SQL {
  return sql`WITH k AS MATERIALIZED (${cohort(b)}),
             c AS MATERIALIZED (SELECT k.*, (o.petition_id IS NOT NULL) AS overdue
                                FROM k LEFT JOIN (${overdueIds(b)}) o ON o.petition_id = k.id)
             ${body}`;
}

/** Distinct matters: petitions that are not confirmed duplicates + originals outside the period. */
const DISTINCT_MATTERS = sql`((SELECT count(*) FROM c WHERE c.matter = c.id)
  + (SELECT count(DISTINCT c.matter) FROM c WHERE c.matter <> c.id
       AND NOT EXISTS (SELECT 1 FROM c c2 WHERE c2.id = c.matter)))::int`;

/** Runs the report's statements in one read transaction without JIT (compiling costs more than it saves here). */
async function reading<T>(db: Tx, f: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL jit = off`);
    return f(tx);
  });
}

export interface PetitionReport {
  from: string;
  to: string;
  asOf: string;
  agency: string | null;
  receptions: { sessions: number; persons: number; massDelegations: number };
  petitions: {
    received: number;
    eligible: number;
    ineligible: number;
    pending: number;
    byKind: Record<(typeof REPORT_KINDS)[number], number>;
    ineligibleByReason: Record<(typeof REPORT_REASONS)[number], number>;
    forwarded: number;
    guided: number;
    urged: number;
    resolved: number;
    overdue: number;
  };
  distinctMatters: number;
}

function receptionWhere(b: Bounds): SQL {
  const agency = b.agency !== undefined ? sql`AND r.agency_code = ${b.agency}` : sql``;
  return sql`r.session_date >= ${b.from} AND r.session_date <= ${b.last} ${agency}`;
}

/** The report (figures only). Two statements: receptions, then petitions (facts + overdue). */
export async function petitionReport(db0: Tx, f: PetitionReportFilter): Promise<PetitionReport> {
  return reading(db0, (db) => report(db, f));
}

async function report(db: Tx, f: PetitionReportFilter): Promise<PetitionReport> {
  const b = boundsOf(f);
  const [rc] = await queryRows<{ s: number; p: number; m: number }>(
    db,
    sql`SELECT count(*)::int AS s, COALESCE(sum(r.headcount), 0)::int AS p,
               (count(*) FILTER (WHERE r.mass_delegation))::int AS m
        FROM receptions r WHERE ${receptionWhere(b)}`,
  );
  const end = sql`${b.end}::timestamptz`;
  const agency = (a: string) =>
    b.agency !== undefined ? sql`AND ${sql.raw(a)}.agency_code = ${b.agency}` : sql``;
  // 1. the period's days by current facts (split parts and split originals left out)
  const base = await queryRows<GroupRow>(
    db,
    sql`SELECT s.elig, s.reason, s.kind, s.forwarded, s.guided, s.urged, s.resolved, s.dup, sum(s.n)::int AS n
        FROM petition_stats_daily s
        WHERE s.received_date >= ${b.from} AND s.received_date <= ${b.last} ${agency('s')} AND NOT s.split
        GROUP BY 1, 2, 3, 4, 5, 6, 7, 8`,
  );
  // 2. minus the current contribution of petitions with a fact dated after the cut-off…
  const minus = await queryRows<GroupRow>(
    db,
    sql`SELECT ${statsKey('f')}, count(*)::int AS n FROM petition_report_facts f
        WHERE f.received_date >= ${b.from} AND f.received_date <= ${b.last} ${agency('f')}
          AND f.parent_id IS NULL AND f.split_at IS NULL AND ${changedAfter('f', end)}
        GROUP BY 1, 2, 3, 4, 5, 6, 7, 8`,
  );
  // 3. …plus their contribution as of the cut-off, and the split parts read exactly
  const plus = await queryRows<GroupRow>(
    db,
    sql`SELECT c.elig, COALESCE(c.reason, '') AS reason, c.kind, c.forwarded, c.guided, c.urged, c.resolved,
               (c.matter <> c.id) AS dup, count(*)::int AS n
        FROM (${cohort(b, sql`AND f.parent_id IS NULL AND ${changedAfter('f', end)}`)}
              UNION ALL ${cohort(b, sql`AND f.parent_id IS NOT NULL`)}) c
        GROUP BY 1, 2, 3, 4, 5, 6, 7, 8`,
  );
  const groups = mergeGroups(base, minus, plus);
  const [od] = await queryRows<{ n: number }>(
    db,
    sql`SELECT count(*)::int AS n FROM (${overdueIds(b)}) o
        JOIN petition_report_facts f ON f.petition_id = o.petition_id WHERE ${inCohort(b, 'f')}`,
  );
  // originals of the period's confirmed duplicates that are not in the period themselves
  const [ext] = await queryRows<{ n: number }>(
    db,
    sql`SELECT count(DISTINCT f.duplicate_of)::int AS n FROM petition_report_facts f
        WHERE f.duplicate_of IS NOT NULL AND ${inCohort(b, 'f')} AND f.duplicate_at < ${end}
          AND NOT EXISTS (SELECT 1 FROM petition_report_facts g WHERE g.petition_id = f.duplicate_of AND ${inCohort(b, 'g')})`,
  );
  const count = (metric: PetitionMetric) =>
    groups.reduce((a, g) => a + (matches(metric, g) ? Number(g.n) : 0), 0);
  const pc: Record<string, number> = {};
  for (const m of SIMPLE) pc[m.slice('petitions.'.length)] = count(m);
  pc.overdue = Number(od!.n);
  for (const k of REPORT_KINDS) pc[`k_${k}`] = count(`petitions.byKind.${k}`);
  for (const r of REPORT_REASONS) pc[`r_${r}`] = count(`petitions.ineligibleByReason.${r}`);
  pc.distinct_matters = groups.reduce((a, g) => a + (g.dup ? 0 : Number(g.n)), 0) + Number(ext!.n);
  const n = (k: string) => Number(pc[k] ?? 0);
  return {
    from: f.from,
    to: f.to,
    asOf: f.asOf,
    agency: f.agency ?? null,
    receptions: { sessions: Number(rc!.s), persons: Number(rc!.p), massDelegations: Number(rc!.m) },
    petitions: {
      received: n('received'),
      eligible: n('eligible'),
      ineligible: n('ineligible'),
      pending: n('pending'),
      byKind: Object.fromEntries(
        REPORT_KINDS.map((k) => [k, n(`k_${k}`)]),
      ) as PetitionReport['petitions']['byKind'],
      ineligibleByReason: Object.fromEntries(
        REPORT_REASONS.map((r) => [r, n(`r_${r}`)]),
      ) as PetitionReport['petitions']['ineligibleByReason'],
      forwarded: n('forwarded'),
      guided: n('guided'),
      urged: n('urged'),
      resolved: n('resolved'),
      overdue: n('overdue'),
    },
    distinctMatters: n('distinct_matters'),
  };
}

/** The value of one figure in a report. */
export function figureOf(r: PetitionReport, metric: PetitionMetric): number {
  if (metric === 'distinctMatters') return r.distinctMatters;
  const [group, ...rest] = metric.split('.');
  let v: unknown = group === 'receptions' ? r.receptions : r.petitions;
  for (const k of rest) v = (v as Record<string, unknown>)[k];
  return Number(v);
}

export interface DrillItem {
  /** petition or reception id (the matter's original for distinctMatters) */
  id: string;
  code: string;
  /** receipt / session date */
  date: string;
  kind: string;
  status: string | null;
  eligibility: string | null;
  reason: string | null;
  channel: string | null;
  handlingAgencyCode: string | null;
  headcount: number | null;
  massDelegation: boolean | null;
  /** distinctMatters: petitions of the period in the matter */
  petitions: number | null;
}

/**
 * The rows behind one figure, identity-free (codes, dates, kinds, states; no names, no content).
 * `total` equals the figure: the number of rows, except `receptions.persons`, whose total is the sum of
 * the listed sessions' headcounts (`count` is always the number of rows).
 */
export async function petitionDrillDown(
  db0: Tx,
  metric: PetitionMetric,
  f: PetitionReportFilter,
  page: number,
  pageSize: number,
): Promise<{ metric: string; items: DrillItem[]; total: number; count: number }> {
  return reading(db0, (db) => drillDown(db, metric, f, page, pageSize));
}

async function drillDown(
  db: Tx,
  metric: PetitionMetric,
  f: PetitionReportFilter,
  page: number,
  pageSize: number,
): Promise<{ metric: string; items: DrillItem[]; total: number; count: number }> {
  const b = boundsOf(f);
  const offset = (page - 1) * pageSize;
  if (metric.startsWith('receptions.')) {
    const extra = metric === 'receptions.massDelegations' ? sql`AND r.mass_delegation` : sql``;
    const [t] = await queryRows<{ n: number; p: number }>(
      db,
      sql`SELECT count(*)::int AS n, COALESCE(sum(r.headcount), 0)::int AS p FROM receptions r
          WHERE ${receptionWhere(b)} ${extra}`,
    );
    const rows = await queryRows<{
      id: string;
      code: string;
      session_date: string;
      kind: string;
      outcome: string;
      classification: string;
      outcome_agency_code: string | null;
      headcount: number;
      mass_delegation: boolean;
    }>(
      db,
      sql`SELECT r.id, r.code, r.session_date::text AS session_date, r.kind, r.outcome, r.classification,
                 r.outcome_agency_code, r.headcount, r.mass_delegation
          FROM receptions r WHERE ${receptionWhere(b)} ${extra}
          ORDER BY r.session_date, r.code LIMIT ${pageSize} OFFSET ${offset}`,
    );
    return {
      metric,
      items: rows.map((r) => ({
        id: r.id,
        code: r.code,
        date: r.session_date,
        kind: r.kind,
        status: r.outcome,
        eligibility: null,
        reason: null,
        channel: null,
        handlingAgencyCode: r.outcome_agency_code,
        headcount: Number(r.headcount),
        massDelegation: r.mass_delegation,
        petitions: null,
      })),
      total: metric === 'receptions.persons' ? Number(t!.p) : Number(t!.n),
      count: Number(t!.n),
    };
  }
  if (metric === 'distinctMatters') {
    const [t] = await queryRows<{ n: number }>(db, withCohort(b, sql`SELECT ${DISTINCT_MATTERS} AS n`));
    const rows = await queryRows<{
      id: string;
      code: string;
      received_date: string;
      kind: string;
      status: string;
      n: number;
    }>(
      db,
      withCohort(
        b,
        sql`SELECT m.matter AS id, p.code, p.received_date::text AS received_date, p.kind, p.status, m.n
            FROM (SELECT c.matter, count(*)::int AS n FROM c GROUP BY c.matter) m
            JOIN petitions p ON p.id = m.matter
            ORDER BY p.received_date, p.code LIMIT ${pageSize} OFFSET ${offset}`,
      ),
    );
    return {
      metric,
      items: rows.map((r) => ({
        id: r.id,
        code: r.code,
        date: r.received_date,
        kind: r.kind,
        status: r.status,
        eligibility: null,
        reason: null,
        channel: null,
        handlingAgencyCode: null,
        headcount: null,
        massDelegation: null,
        petitions: Number(r.n),
      })),
      total: Number(t!.n),
      count: Number(t!.n),
    };
  }
  const where = predicate(metric);
  const [t] = await queryRows<{ n: number }>(
    db,
    withCohort(b, sql`SELECT count(*)::int AS n FROM c WHERE ${where}`),
  );
  const rows = await queryRows<{
    id: string;
    code: string;
    received_date: string;
    kind: string;
    status: string;
    elig: string;
    reason: string | null;
    channel: string;
    handling_agency_code: string | null;
  }>(
    db,
    withCohort(
      b,
      sql`SELECT c.id, p.code, p.received_date::text AS received_date, c.kind, p.status, c.elig, c.reason,
                 p.channel, p.handling_agency_code
          FROM c JOIN petitions p ON p.id = c.id
          WHERE ${where} ORDER BY p.received_date, p.code LIMIT ${pageSize} OFFSET ${offset}`,
    ),
  );
  return {
    metric,
    items: rows.map((r) => ({
      id: r.id,
      code: r.code,
      date: r.received_date,
      kind: r.kind,
      status: r.status,
      eligibility: r.elig,
      reason: r.reason,
      channel: r.channel,
      handlingAgencyCode: r.handling_agency_code,
      headcount: null,
      massDelegation: null,
      petitions: null,
    })),
    total: Number(t!.n),
    count: Number(t!.n),
  };
}

// ---------------------------------------------------------------------------------------------------
// Facts: the recount and its comparison with the trigger-kept table

const UUID_RE = `'^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'`;

/** The facts recomputed from `petitions` and `petition_events` (same definitions as the triggers). */
export function factsRecountSql(): SQL {
  const uuidRe = sql.raw(UUID_RE);
  return sql`
    SELECT p.id AS petition_id, p.agency_code, p.received_date, p.received_at, p.kind, p.parent_id,
      (SELECT min(e.at) FROM petition_events e WHERE e.petition_id = p.id AND e.type = 'split') AS split_at,
      (SELECT max(e.at) FROM petition_events e WHERE e.petition_id = p.id AND e.type = 'classify') AS classify_at,
      el.data->>'eligibility' AS eligibility, el.data->>'reason' AS ineligible_reason,
      el.at AS eligibility_at, el.seq AS eligibility_seq,
      (SELECT min(e.at) FROM petition_events e WHERE e.petition_id = p.id AND e.type = 'forward') AS forward_at,
      (SELECT min(e.at) FROM petition_events e WHERE e.petition_id = p.id AND e.type = 'guide') AS guide_at,
      (SELECT min(e.at) FROM petition_events e WHERE e.petition_id = p.id AND e.type = 'urge') AS urge_at,
      (SELECT min(e.at) FROM petition_events e WHERE e.petition_id = p.id AND e.type = 'record_result') AS result_at,
      (du.data->>'originalId')::uuid AS duplicate_of, du.at AS duplicate_at,
      ro.at AS reopen_at,
      (SELECT min(e.at) FROM petition_events e
        WHERE e.petition_id = p.id AND e.type = 'record_result' AND e.at >= ro.at) AS result2_at
    FROM petitions p
    LEFT JOIN LATERAL (SELECT e.data, e.at, e.seq FROM petition_events e
                       WHERE e.petition_id = p.id AND e.type = 'set_eligibility'
                       ORDER BY e.at DESC, e.seq DESC LIMIT 1) el ON TRUE
    LEFT JOIN LATERAL (SELECT e.data, e.at FROM petition_events e
                       WHERE e.petition_id = p.id AND e.type = 'confirm_duplicate'
                         AND e.data->>'originalId' ~* ${uuidRe}
                       ORDER BY e.at, e.seq LIMIT 1) du ON TRUE
    LEFT JOIN LATERAL (SELECT min(e.at) AS at FROM petition_events e
                       WHERE e.petition_id = p.id AND e.type = 'reopen') ro ON TRUE`;
}

const FACT_COLUMNS = sql.raw(
  'petition_id, agency_code, received_date, received_at, kind, parent_id, split_at, classify_at, eligibility, ' +
    'ineligible_reason, eligibility_at, eligibility_seq, forward_at, guide_at, urge_at, result_at, duplicate_of, duplicate_at, ' +
    'reopen_at, result2_at',
);

/**
 * Rebuilds `petition_report_facts` from the base tables and `petition_stats_daily` from the facts (after a
 * repair or a raw bulk load). Returns the number of petitions.
 */
export async function recountPetitionFacts(tx: Tx): Promise<number> {
  await tx.execute(sql`DELETE FROM petition_report_facts`);
  await tx.execute(sql`INSERT INTO petition_report_facts (${FACT_COLUMNS}) ${factsRecountSql()}`);
  await tx.execute(sql`DELETE FROM petition_stats_daily`);
  await tx.execute(sql`INSERT INTO petition_stats_daily ${statsRecountSql()}`);
  const [r] = await queryRows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM petition_report_facts`);
  return Number(r!.n);
}

/** Rows that differ between the kept facts and a recount (both directions); empty when exact. */
export async function petitionFactsDiff(db: Tx): Promise<Record<string, unknown>[]> {
  return queryRows(
    db,
    sql`(SELECT 'kept' AS side, * FROM (SELECT ${FACT_COLUMNS} FROM petition_report_facts
                                        EXCEPT ${factsRecountSql()}) a)
        UNION ALL
        (SELECT 'recount' AS side, * FROM (${factsRecountSql()} EXCEPT SELECT ${FACT_COLUMNS} FROM petition_report_facts) b)
        LIMIT 50`,
  );
}

/** `petition_stats_daily` recounted from the facts (columns in table order). */
function statsRecountSql(): SQL {
  return sql`SELECT f.received_date, COALESCE(f.agency_code, '') AS agency_code, ${statsKey('f')},
      f.split_at IS NOT NULL AS split, count(*)::int AS n
    FROM petition_report_facts f WHERE f.parent_id IS NULL AND f.received_date IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11`;
}

/** Rows that differ between `petition_stats_daily` (non-zero counts) and a recount from the facts. */
export async function petitionStatsDiff(db: Tx): Promise<Record<string, unknown>[]> {
  const recount = statsRecountSql();
  const kept = sql`SELECT received_date, agency_code, elig, reason, kind, forwarded, guided, urged, resolved, dup,
      split, n FROM petition_stats_daily WHERE n <> 0`;
  return queryRows(
    db,
    sql`(SELECT 'kept' AS side, * FROM (${kept} EXCEPT ${recount}) a)
        UNION ALL (SELECT 'recount' AS side, * FROM (${recount} EXCEPT ${kept}) b) LIMIT 50`,
  );
}
