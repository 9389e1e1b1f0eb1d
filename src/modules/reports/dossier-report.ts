/**
 * The dossier report (issue 4 §4, §8) and its drill-downs.
 *
 * Dates are `YYYY-MM-DD` in Asia/Ho_Chi_Minh; the cut-off of a date D is 24:00 of D.
 * - Period figures (received, resolved, supplements, refusals, apologies, withdrawals, satisfaction) count
 *   what happened on a day in [from, min(to, asOf)]: receipt day, result-ready day (ND 61/2018 Art 19 cl.7),
 *   event day, rating day.
 * - Pending (within / over limit) is the stock at 24:00 of asOf: received by then and not closed (result
 *   ready, refused, withdrawn, stopped) by then; over the limit when the appointment in force (after a
 *   supplement restart, ND 61/2018 Art 19 cl.4; never the apology's new date, Art 19 cl.9) has passed by
 *   then and the dossier is not paused now (supplement / financial obligation stop the clock).
 *
 * The report sums `dossier_stats_daily` (see dossier-stats.ts); the drill-down lists read the base tables
 * with the same definitions, so every figure equals the `total` of its list (tested).
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/engine.ts';
import { hasAnyRole, OFFICE_ROLES, type Principal } from '../../kernel/auth/roles.ts';
import { AppError, forbidden } from '../../kernel/errors.ts';
import { shiftDate } from '../../kernel/calendar/dates.ts';
import { isoDeadline, isoHcm } from '../dossiers/fold.ts';
import { PAUSED_STATUSES } from '../dossiers/rules.ts';
import {
  ALL_BODIES,
  CUMULATIVE_METRICS,
  EVENT_METRICS,
  MONTH_SUFFIX,
  PERIOD_METRICS,
} from './dossier-stats.ts';

/** `agency` filter value meaning "no processing agency yet". */
export const NO_AGENCY = '-';

export interface ReportFilter {
  from: string;
  to: string;
  /** cut-off date; default `to` */
  asOf: string;
  /** receiving body (agency code of the one-stop) */
  body?: string;
  /** processing agency; `-` = none yet */
  agency?: string;
  procedure?: string;
}

export interface Figures {
  received: { total: number; byChannel: { counter: number; online: number; postal: number; phone: number } };
  resolved: { early: number; onTime: number; late: number };
  pending: { withinLimit: number; overLimit: number };
  supplements: number;
  refusals: number;
  apologies: number;
  withdrawals: number;
  satisfaction: {
    rated: number;
    satisfied: number;
    neutral: number;
    unsatisfied: number;
    /** 0–100, one decimal; 0 when nothing was rated */
    percentSatisfied: number;
  };
}

export interface DossierReport extends Figures {
  from: string;
  to: string;
  asOf: string;
  body: string | null;
  agency: string | null;
  byAgency: (Figures & { agencyCode: string; agencyName: string })[];
  byProcedure: (Figures & { procedureCode: string; procedureName: string; agencyCode: string | null })[];
}

type Counts = Map<string, number>;

function figuresOf(c: Counts): Figures {
  const g = (m: string) => c.get(m) ?? 0;
  const byChannel = {
    counter: g('received.counter'),
    online: g('received.online'),
    postal: g('received.postal'),
    phone: g('received.phone'),
  };
  const pending = g('open');
  const over = g('over');
  const rated = g('rated');
  const satisfied = g('rating.satisfied');
  return {
    received: { total: byChannel.counter + byChannel.online + byChannel.postal + byChannel.phone, byChannel },
    resolved: { early: g('resolved.early'), onTime: g('resolved.on_time'), late: g('resolved.late') },
    pending: { withinLimit: pending - over, overLimit: over },
    supplements: g('supplement'),
    refusals: g('refusal'),
    apologies: g('apology'),
    withdrawals: g('withdrawal'),
    satisfaction: {
      rated,
      satisfied,
      neutral: g('rating.neutral'),
      unsatisfied: g('rating.unsatisfied'),
      percentSatisfied: rated ? Math.round((satisfied * 1000) / rated) / 10 : 0,
    },
  };
}

/**
 * The scope a principal may read: office roles, admin and the centre leader see everything; counter and
 * call-centre staff their receiving body; processing officers and agency roles their agency. A filter
 * outside the scope is a 403.
 */
export function scopeFilter<F extends { body?: string; agency?: string }>(p: Principal, f: F): F {
  if (hasAnyRole(p, OFFICE_ROLES) || hasAnyRole(p, ['centre_leader'])) return f;
  const own = p.agencyCode;
  if (!own) throw forbidden();
  if (hasAnyRole(p, ['counter_staff', 'callcentre_staff'])) {
    if (f.body && f.body !== own) throw forbidden();
    return { ...f, body: own };
  }
  if (hasAnyRole(p, ['processing_officer', 'agency_leader', 'agency_staff'])) {
    if (f.agency && f.agency !== own) throw forbidden();
    return { ...f, agency: own };
  }
  throw forbidden();
}

/** Checks the window: from ≤ to, asOf ≥ from (400 with the field path). */
export function checkWindow(f: { from: string; to: string; asOf: string }): void {
  if (f.from > f.to)
    throw new AppError(
      400,
      'invalid_range',
      'Ngày bắt đầu phải trước hoặc bằng ngày kết thúc.',
      '`from` must be on or before `to`.',
      'from',
    );
  if (f.asOf < f.from)
    throw new AppError(
      400,
      'invalid_as_of',
      'Ngày tính số liệu phải từ ngày bắt đầu trở đi.',
      '`asOf` must be on or after `from`.',
      'asOf',
    );
}

const firstOfMonth = (d: string) => `${d.slice(0, 7)}-01`;
const nextMonth = (d: string) => {
  const y = Number(d.slice(0, 4));
  const m = Number(d.slice(5, 7));
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
};

/**
 * Splits [a, b] into edge day ranges (daily grain) and whole months [m1, m2) (monthly grain).
 * @example segments('2022-01-15', '2022-04-10') → days [[01-15, 01-31], [04-01, 04-10]], months [02-01, 04-01)
 */
export function segments(
  a: string,
  b: string,
): { days: [string, string][]; months: [string, string] | null } {
  if (a > b) return { days: [], months: null };
  const m1 = a === firstOfMonth(a) ? a : nextMonth(a);
  const m2 = firstOfMonth(shiftDate(b, 1)) === shiftDate(b, 1) ? shiftDate(b, 1) : firstOfMonth(b);
  if (m1 >= m2) return { days: [[a, b]], months: null };
  const days: [string, string][] = [];
  if (a < m1) days.push([a, shiftDate(m1, -1)]);
  if (m2 <= b) days.push([m2, b]);
  return { days, months: [m1, m2] };
}

const EPOCH = '1900-01-01';

/** Grouped counts (agency, procedure, metric) of the report window from `dossier_stats_daily`. */
async function statRows(tx: Tx, f: ReportFilter) {
  const grain = f.body ?? ALL_BODIES;
  const monthGrain = grain + MONTH_SUFFIX;
  const periodEnd = f.to < f.asOf ? f.to : f.asOf;
  const parts: SQL[] = [];
  const add = (lo: string, hi: string, metrics: readonly string[], month: boolean) => {
    const cond = month
      ? sql`receiving_body_code = ${monthGrain} AND day >= ${lo}::date AND day < ${hi}::date`
      : sql`receiving_body_code = ${grain} AND day BETWEEN ${lo}::date AND ${hi}::date`;
    parts.push(
      sql`(${cond} AND metric IN (${sql.join(
        metrics.map((m) => sql`${m}`),
        sql`, `,
      )}))`,
    );
  };
  const period = segments(f.from, periodEnd);
  for (const [lo, hi] of period.days) add(lo, hi, PERIOD_METRICS, false);
  if (period.months) add(period.months[0], period.months[1], PERIOD_METRICS, true);
  const stock = segments(EPOCH, f.asOf);
  for (const [lo, hi] of stock.days) add(lo, hi, CUMULATIVE_METRICS, false);
  if (stock.months) add(stock.months[0], stock.months[1], CUMULATIVE_METRICS, true);
  const extra: SQL[] = [];
  if (f.agency !== undefined) extra.push(sql`agency_code = ${f.agency === NO_AGENCY ? '' : f.agency}`);
  if (f.procedure) extra.push(sql`procedure_code = ${f.procedure}`);
  const filter = extra.length ? sql` AND ${sql.join(extra, sql` AND `)}` : sql``;
  const union = sql.join(
    parts.map(
      (p) =>
        sql`SELECT agency_code, procedure_code, metric, count FROM dossier_stats_daily WHERE ${p}${filter}`,
    ),
    sql` UNION ALL `,
  );
  return queryRows<{ a: string; p: string; m: string; n: number }>(
    tx,
    sql`SELECT agency_code AS a, procedure_code AS p, metric AS m, sum(count)::int AS n
        FROM (${union}) u GROUP BY agency_code, procedure_code, metric`,
  );
}

/**
 * The report: totals, `byAgency` (processing agency; '' = not transferred yet) and `byProcedure`, from the
 * daily aggregates. Rows with nothing to show are left out of the breakdowns.
 */
export async function dossierReport(tx: Tx, f: ReportFilter): Promise<DossierReport> {
  const rows = await statRows(tx, f);
  const total: Counts = new Map();
  const byAgency = new Map<string, Counts>();
  const byProcedure = new Map<string, Counts>();
  const procAgency = new Map<string, Map<string, number>>();
  const bump = (map: Map<string, Counts>, k: string, m: string, n: number) => {
    let c = map.get(k);
    if (!c) map.set(k, (c = new Map()));
    c.set(m, (c.get(m) ?? 0) + n);
  };
  for (const r of rows) {
    if (!r.n) continue;
    total.set(r.m, (total.get(r.m) ?? 0) + r.n);
    bump(byAgency, r.a, r.m, r.n);
    bump(byProcedure, r.p, r.m, r.n);
    let pa = procAgency.get(r.p);
    if (!pa) procAgency.set(r.p, (pa = new Map()));
    pa.set(r.a, (pa.get(r.a) ?? 0) + Math.abs(r.n));
  }
  const agencyCodes = [...byAgency.keys()].filter(Boolean);
  const procCodes = [...byProcedure.keys()];
  const agencyNames = new Map<string, string>();
  if (agencyCodes.length)
    for (const r of await queryRows<{ code: string; name: string }>(
      tx,
      sql`SELECT code, name FROM agencies WHERE code IN (${sql.join(
        agencyCodes.map((c) => sql`${c}`),
        sql`, `,
      )})`,
    ))
      agencyNames.set(r.code, r.name);
  const procNames = new Map<string, string>();
  if (procCodes.length)
    for (const r of await queryRows<{ code: string; name: string }>(
      tx,
      sql`SELECT code, name FROM procedures WHERE code IN (${sql.join(
        procCodes.map((c) => sql`${c}`),
        sql`, `,
      )})`,
    ))
      procNames.set(r.code, r.name);
  const nonEmpty = (x: Figures) =>
    x.received.total ||
    x.resolved.early + x.resolved.onTime + x.resolved.late ||
    x.pending.withinLimit + x.pending.overLimit ||
    x.supplements + x.refusals + x.apologies + x.withdrawals + x.satisfaction.rated;
  return {
    from: f.from,
    to: f.to,
    asOf: f.asOf,
    body: f.body ?? null,
    agency: f.agency ?? null,
    ...figuresOf(total),
    byAgency: [...byAgency.entries()]
      .map(([code, c]) => ({
        agencyCode: code,
        agencyName: code
          ? (agencyNames.get(code) ?? code)
          : 'Chưa chuyển cơ quan giải quyết / Not yet transferred',
        ...figuresOf(c),
      }))
      .filter(nonEmpty)
      .sort((a, b) => b.received.total - a.received.total || a.agencyCode.localeCompare(b.agencyCode)),
    byProcedure: [...byProcedure.entries()]
      .map(([code, c]) => {
        const pa = [...(procAgency.get(code) ?? new Map<string, number>()).entries()].sort(
          (a, b) => b[1] - a[1],
        );
        return {
          procedureCode: code,
          procedureName: procNames.get(code) ?? code,
          agencyCode: pa[0]?.[0] || null,
          ...figuresOf(c),
        };
      })
      .filter(nonEmpty)
      .sort((a, b) => b.received.total - a.received.total || a.procedureCode.localeCompare(b.procedureCode)),
  };
}

// ---------------------------------------------------------------------------------------------------
// Drill-downs: the dossiers (or events, ratings) behind each figure, read from the base tables.

/** Drill-down metric names: the JSON path of the figure. */
export const DRILL_METRICS = [
  'received',
  'received.counter',
  'received.online',
  'received.postal',
  'received.phone',
  /** phone filings whose result goes back by post (the seed's fishing-vessel scheme; no figure of its own here) */
  'received.phone_post',
  'resolved',
  'resolved.early',
  'resolved.onTime',
  'resolved.late',
  'pending',
  'pending.withinLimit',
  'pending.overLimit',
  'supplements',
  'refusals',
  'apologies',
  'withdrawals',
  'satisfaction.rated',
  'satisfaction.satisfied',
  'satisfaction.neutral',
  'satisfaction.unsatisfied',
] as const;
export type DrillMetric = (typeof DRILL_METRICS)[number];

export interface DrillItem {
  code: string;
  procedureCode: string;
  procedureName: string;
  channel: string;
  receivingBodyCode: string;
  agencyCode: string | null;
  /** ISO +07:00 */
  receivedAt: string | null;
  appointmentAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  status: string;
  timeliness: string | null;
  /** the applicant's name (no other personal data); null for satisfaction lists (rater not shown) */
  applicantName: string | null;
  /** the event or rating counted (event metrics and satisfaction): its type and time */
  eventType: string | null;
  eventAt: string | null;
}

const day = (col: string) => sql.raw(`(${col} AT TIME ZONE 'Asia/Ho_Chi_Minh')::date`);
const PAUSED_SQL = sql.raw(PAUSED_STATUSES.map((s) => `'${s}'`).join(', '));
const eventTypesFor = (metric: string) =>
  Object.entries(EVENT_METRICS)
    .filter(([, m]) => m === metric)
    .map(([t]) => t);

/** Shared dimension filters over `dossiers d`. */
function dimFilter(f: ReportFilter): SQL[] {
  const out: SQL[] = [];
  if (f.body) out.push(sql`d.receiving_body_code = ${f.body}`);
  if (f.agency !== undefined)
    out.push(
      f.agency === NO_AGENCY
        ? sql`d.processing_agency_code IS NULL`
        : sql`d.processing_agency_code = ${f.agency}`,
    );
  if (f.procedure) out.push(sql`d.procedure_code = ${f.procedure}`);
  return out;
}

/** FROM + WHERE of a drill-down, with the columns of the counted event (if any). */
function drillSource(metric: DrillMetric, f: ReportFilter): { from: SQL; where: SQL[]; ev: SQL; order: SQL } {
  const end = f.to < f.asOf ? f.to : f.asOf;
  const where = dimFilter(f);
  const inPeriod = (col: string) => sql`${day(col)} BETWEEN ${f.from}::date AND ${end}::date`;
  const dossierOnly = {
    from: sql`dossiers d`,
    ev: sql`NULL::text AS event_type, NULL::timestamptz AS event_at`,
  };
  const [group, sub] = metric.split('.') as [string, string | undefined];
  if (group === 'received') {
    where.push(inPeriod('d.received_at'));
    if (sub === 'phone_post') where.push(sql`d.channel = 'phone' AND d.return_method = 'post'`);
    else if (sub) where.push(sql`d.channel = ${sub}`);
    return { ...dossierOnly, where, order: sql`d.received_at, d.code` };
  }
  if (group === 'resolved') {
    where.push(inPeriod('d.resolved_at'));
    if (sub) {
      const t = sub === 'onTime' ? 'on_time' : sub;
      where.push(sql`coalesce(d.timeliness, 'on_time') = ${t}`);
    }
    return { ...dossierOnly, where, order: sql`d.resolved_at, d.code` };
  }
  if (group === 'pending') {
    where.push(sql`${day('d.received_at')} <= ${f.asOf}::date`);
    where.push(
      sql`(coalesce(d.closed_at, d.resolved_at) IS NULL OR ${day('coalesce(d.closed_at, d.resolved_at)')} > ${f.asOf}::date)`,
    );
    const over = sql`(d.appointment_at IS NOT NULL AND d.status NOT IN (${PAUSED_SQL}) AND greatest(${day(
      'd.appointment_at',
    )}, ${day('d.received_at')}) <= ${f.asOf}::date)`;
    if (sub === 'overLimit') where.push(over);
    if (sub === 'withinLimit') where.push(sql`NOT ${over}`);
    return { ...dossierOnly, where, order: sql`d.appointment_at NULLS LAST, d.code` };
  }
  if (group === 'satisfaction') {
    where.push(inPeriod('r.at'));
    if (sub !== 'rated') where.push(sql`r.vote = ${sub}`);
    return {
      from: sql`dossier_ratings r JOIN dossiers d ON d.id = r.dossier_id`,
      where,
      ev: sql`('rating.' || r.channel) AS event_type, r.at AS event_at`,
      order: sql`r.at, d.code`,
    };
  }
  const m = {
    supplements: 'supplement',
    refusals: 'refusal',
    apologies: 'apology',
    withdrawals: 'withdrawal',
  }[group]!;
  where.push(inPeriod('e.at'));
  where.push(
    sql`e.type IN (${sql.join(
      eventTypesFor(m).map((t) => sql`${t}`),
      sql`, `,
    )})`,
  );
  return {
    from: sql`dossier_events e JOIN dossiers d ON d.id = e.dossier_id`,
    where,
    ev: sql`e.type AS event_type, e.at AS event_at`,
    order: sql`e.at, d.code, e.seq`,
  };
}

/**
 * The list behind one figure: `{ items, total }`, paged; `total` equals the figure of the report with the
 * same window and filters. Items carry the applicant's name only (none for satisfaction lists).
 */
export async function drillDown(
  tx: Tx,
  metric: DrillMetric,
  f: ReportFilter,
  page: number,
  pageSize: number,
): Promise<{ items: DrillItem[]; total: number }> {
  const s = drillSource(metric, f);
  const where = s.where.length ? sql.join(s.where, sql` AND `) : sql`TRUE`;
  const [{ n }] = (await queryRows<{ n: number }>(
    tx,
    sql`SELECT count(*)::int AS n FROM ${s.from} WHERE ${where}`,
  )) as [{ n: number }];
  const showName = !metric.startsWith('satisfaction');
  const rows = await queryRows<Record<string, unknown>>(
    tx,
    sql`SELECT d.code, d.procedure_code, d.procedure_name, d.channel, d.receiving_body_code,
          d.processing_agency_code, d.received_at, d.appointment_at, d.resolved_at, d.closed_at, d.status,
          d.timeliness, d.applicant->>'name' AS applicant_name, ${s.ev}
        FROM ${s.from} WHERE ${where} ORDER BY ${s.order}
        LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
  );
  const iso = (v: unknown) => (v == null ? null : isoHcm(new Date(v as string)));
  return {
    total: n,
    items: rows.map((r) => ({
      code: String(r.code),
      procedureCode: String(r.procedure_code),
      procedureName: String(r.procedure_name),
      channel: String(r.channel),
      receivingBodyCode: String(r.receiving_body_code),
      agencyCode: (r.processing_agency_code as string | null) ?? null,
      receivedAt: iso(r.received_at),
      appointmentAt: r.appointment_at == null ? null : isoDeadline(new Date(r.appointment_at as string)),
      resolvedAt: iso(r.resolved_at),
      closedAt: iso(r.closed_at),
      status: String(r.status),
      timeliness: (r.timeliness as string | null) ?? null,
      applicantName: showName ? ((r.applicant_name as string | null) ?? null) : null,
      eventType: (r.event_type as string | null) ?? null,
      eventAt: iso(r.event_at),
    })),
  };
}
