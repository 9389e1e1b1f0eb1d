/**
 * Dashboards (issue 6 point 9): monthly trends per month and per agency for tasks, dossiers and petitions,
 * and an agency ranking by on-time rates for a period, with the rule returned as data (docs/dashboards.md).
 *
 * ## Dates and buckets
 * All dates are calendar dates `YYYY-MM-DD` in Asia/Ho_Chi_Minh; windows are inclusive at both ends. A
 * month bucket is a calendar month in Asia/Ho_Chi_Minh, clipped to the window: for 2021-12-15 → 2022-09-14
 * the buckets are 2021-12 (15 → 31), 2022-01 … 2022-08 (whole months) and 2022-09 (1 → 14). The window is
 * at most 5 years (`to` before `from` + 5 years). The trend's cut-off is the window's end `to` (24:00).
 *
 * ## Sources (no raw-event scans where an aggregate exists)
 * - tasks: `task_states` (the projection of the histories), with the task table's own predicate
 *   (`cellPredicate`) and timeliness rule (`timelinessSql`, REFERENCE §1), so `assigned` summed over the
 *   months equals the task table's total for the window, and `overdueOpenAtMonthEnd` equals the sum of the
 *   table's two cells (awaiting_receipt, overdue) + (in_progress, overdue) for tasks assigned up to the month's
 *   end, as of that day.
 * - dossiers: `dossier_stats_daily` (monthly grain for whole months, daily grain for the clipped edges) —
 *   the figures of `GET /api/reports/dossiers` (ND 61/2018 Art 19 cl.7 result-ready day; TT 01/2018 Mẫu 05
 *   early / on time / late).
 * - petitions: `petition_report_facts` (the petition report's per-petition facts, kept by triggers) with the
 *   report's cohort and eligibility rule, as of the window's end, grouped by month: each month equals the
 *   petition report for that month as of `to`, and the months sum to the report for the window (tested).
 *
 * ## Scope (server side)
 * Office roles and admin: everything (optional `agency` filter). Agency roles (agency leader, agency staff):
 * their own agency only (another `agency` → 403); petition figures only where the petition report allows
 * the role (agency leader), else `null`. Other roles: 403.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/engine.ts';
import { AGENCY_ROLES, hasAnyRole, OFFICE_ROLES, type Principal } from '../../kernel/auth/roles.ts';
import { daysInMonth, hcmDateTime, shiftDate } from '../../kernel/calendar/dates.ts';
import { badRequest, forbidden } from '../../kernel/errors.ts';
import { cellPredicate } from '../tasks/queries.ts';
import { OPEN_STATUSES, TASK_STATUSES } from '../tasks/rules.ts';
import { timelinessSql } from '../tasks/timeliness.ts';
import { ALL_BODIES, MONTH_SUFFIX } from './dossier-stats.ts';
import { NO_AGENCY, segments } from './dossier-report.ts';

/** Longest window, in years. */
export const MAX_WINDOW_YEARS = 5;
/** Minimum number of items behind a rate for it to count in the ranking score. */
export const MIN_ITEMS = 5;
/** Weights of the rates in the score (weighted mean over the rates available). */
export const WEIGHTS = { tasks: 0.5, dossiers: 0.5 } as const;

export interface TaskFigures {
  /** tasks assigned in the bucket (assignment date), as of the window's end */
  assigned: number;
  /** tasks completed (status `completed` as of the window's end) whose completion date is in the bucket */
  completed: number;
  /** of `completed`, those completed on or before the deadline in force (the table's `on_time`) */
  completedOnTime: number;
  /** open tasks (awaiting receipt, in progress) past their deadline at the end of the bucket's last day */
  overdueOpenAtMonthEnd: number;
}
export interface DossierFigures {
  /** dossiers received (receipt day) in the bucket, all channels */
  received: number;
  /** dossiers whose result was ready (result-ready day) in the bucket */
  resolved: number;
  /** of `resolved`: early or on time (TT 01/2018 Mẫu 05; no time limit counts as on time) */
  resolvedOnTime: number;
  /** of `resolved`: late */
  resolvedLate: number;
}
export interface PetitionFigures {
  /** petitions received in the bucket (duplicates included, split originals replaced by their parts) */
  received: number;
  /** of `received`: found eligible as of the window's end */
  eligible: number;
}

/** Per figure: the item lists (API URLs) whose `total`s add up to it; figures with no list filter are absent. */
export type Links = Record<string, string[]>;

export interface Figures {
  tasks: TaskFigures;
  dossiers: DossierFigures;
  /** null when the viewer may not read the petition report */
  petitions: PetitionFigures | null;
  links: { tasks: Links; dossiers: Links; petitions: Links };
}

export interface TrendMonth extends Figures {
  /** YYYY-MM */
  month: string;
  /** the bucket's first and last day (clipped to the window) */
  from: string;
  to: string;
}

export interface TrendAgency extends Figures {
  agencyCode: string;
  agencyName: string;
}

export interface Trends {
  from: string;
  to: string;
  agency: string | null;
  months: TrendMonth[];
  /** totals over the window per agency (tasks: lead agency; dossiers: processing agency; petitions: register) */
  byAgency: TrendAgency[];
}

export interface DashboardScope {
  agency: string | undefined;
  petitions: boolean;
}

/** Who may see which dashboards (see the module comment); an `agency` outside the viewer's scope → 403. */
export function dashboardScope(p: Principal, agency: string | undefined): DashboardScope {
  if (hasAnyRole(p, OFFICE_ROLES)) return { agency, petitions: true };
  if (hasAnyRole(p, AGENCY_ROLES) && p.agencyCode) {
    if (agency !== undefined && agency !== p.agencyCode) throw forbidden();
    return { agency: p.agencyCode, petitions: hasAnyRole(p, ['agency_leader']) };
  }
  throw forbidden();
}

/** from + n years − 1 day (the last day of an n-year window starting at `from`). */
function lastDayOfYears(from: string, n: number): string {
  const y = Number(from.slice(0, 4)) + n;
  const m = Number(from.slice(5, 7));
  const d = Math.min(Number(from.slice(8, 10)), daysInMonth(y, m));
  return shiftDate(`${String(y).padStart(4, '0')}-${from.slice(5, 8)}${String(d).padStart(2, '0')}`, -1);
}

/** 400 `invalid_range` (path `from`) when from > to; 400 `window_too_long` (path `to`) beyond 5 years. */
export function checkDashboardWindow(f: { from: string; to: string }): void {
  if (f.from > f.to)
    throw badRequest(
      'invalid_range',
      'Ngày bắt đầu phải trước hoặc bằng ngày kết thúc.',
      '`from` must be on or before `to`.',
      'from',
    );
  if (f.to > lastDayOfYears(f.from, MAX_WINDOW_YEARS))
    throw badRequest(
      'window_too_long',
      `Khoảng thời gian tối đa ${MAX_WINDOW_YEARS} năm.`,
      `The window may span at most ${MAX_WINDOW_YEARS} years.`,
      'to',
    );
}

/** Calendar-month buckets of [from, to], clipped to the window. */
export function monthBuckets(from: string, to: string): { month: string; from: string; to: string }[] {
  const out: { month: string; from: string; to: string }[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  for (;;) {
    const month = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`;
    if (month > to.slice(0, 7)) break;
    const first = `${month}-01`;
    const last = `${month}-${String(daysInMonth(y, m)).padStart(2, '0')}`;
    out.push({ month, from: first < from ? from : first, to: last > to ? to : last });
    if (++m === 13) {
      m = 1;
      y++;
    }
  }
  return out;
}

const url = (path: string, q: Record<string, string | undefined>) => {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined) s.set(k, v);
  return `${path}?${s.toString()}`;
};

const emptyTasks = (): TaskFigures => ({
  assigned: 0,
  completed: 0,
  completedOnTime: 0,
  overdueOpenAtMonthEnd: 0,
});
const emptyDossiers = (): DossierFigures => ({
  received: 0,
  resolved: 0,
  resolvedOnTime: 0,
  resolvedLate: 0,
});

/** Item lists behind a bucket's figures (`agency` = the row's agency or the filter). */
function linksOf(
  b: { from: string; to: string },
  asOf: string,
  agency: string | undefined,
  petitions: boolean,
): Figures['links'] {
  const taskList = (q: Record<string, string | undefined>) => url('/api/tasks', { ...q, agency });
  const dossierList = (metric: string) =>
    url('/api/reports/dossiers/items', { metric, from: b.from, to: b.to, asOf, agency });
  const petitionList = (metric: string) =>
    url('/api/reports/petitions/items', {
      metric,
      from: b.from,
      to: b.to,
      asOf,
      agency: agency === NO_AGENCY ? undefined : agency,
    });
  return {
    tasks: {
      assigned: [taskList({ from: b.from, to: b.to, asOf })],
      // open tasks assigned up to the bucket's last day, overdue as of that day: two cells of the task table
      overdueOpenAtMonthEnd: OPEN_STATUSES.map((status) =>
        taskList({ to: b.to, asOf: b.to, status, timeliness: 'overdue' }),
      ),
    },
    dossiers: {
      received: [dossierList('received')],
      resolved: [dossierList('resolved')],
      resolvedOnTime: [dossierList('resolved.early'), dossierList('resolved.onTime')],
      resolvedLate: [dossierList('resolved.late')],
    },
    petitions: petitions
      ? {
          received: [petitionList('petitions.received')],
          eligible: [petitionList('petitions.eligible')],
        }
      : {},
  };
}

// ---------------------------------------------------------------------------------------------------
// Tasks

interface TaskCount {
  m: string;
  a: string;
  n: number;
}

/**
 * Task figures per (month, lead agency) from `task_states`. The lead agency is the one in force at the
 * date the figure is taken (the window's end; for overdue-at-month-end, the month's last day).
 */
async function taskTrend(
  db: Tx,
  f: { from: string; to: string },
  buckets: { month: string; from: string; to: string }[],
  agency: string | undefined,
  p: Principal,
) {
  const T = f.to;
  const assigned = await queryRows<TaskCount>(
    db,
    sql`SELECT to_char(s.assigned_date, 'YYYY-MM') AS m, s.lead_agency_code AS a, count(*)::int AS n
        FROM task_states s WHERE ${cellPredicate({ from: f.from, to: T, asOf: T, agency }, p)}
        GROUP BY 1, 2`,
  );
  // completed as of T, by completion date (the report the Office accepted) in the window
  const completed = await queryRows<TaskCount & { ontime: number }>(
    db,
    sql`SELECT to_char(s.finish_date, 'YYYY-MM') AS m, s.lead_agency_code AS a, count(*)::int AS n,
          (count(*) FILTER (WHERE ${timelinessSql(T)} = 'on_time'))::int AS ontime
        FROM task_states s
        WHERE ${cellPredicate({ from: '0001-01-01', to: T, asOf: T, agency }, p)}
          AND s.status = 'completed' AND s.finish_date BETWEEN ${f.from}::date AND ${T}::date
        GROUP BY 1, 2`,
  );
  // open and overdue at the end of each bucket: the table's cells, one cut-off per bucket
  const overdue = buckets.length
    ? await queryRows<TaskCount>(
        db,
        sql.join(
          buckets.map(
            (b) =>
              sql`SELECT ${b.month}::text AS m, s.lead_agency_code AS a, count(*)::int AS n FROM task_states s
                  WHERE ${cellPredicate({ from: '0001-01-01', to: b.to, asOf: b.to, agency }, p)}
                    AND s.status IN (${sql.join(
                      OPEN_STATUSES.map((x) => sql`${x}`),
                      sql`, `,
                    )})
                    AND ${timelinessSql(b.to)} = 'overdue'
                  GROUP BY 2`,
          ),
          sql` UNION ALL `,
        ),
      )
    : [];
  return { assigned, completed, overdue, lastMonth: buckets[buckets.length - 1]?.month };
}

// ---------------------------------------------------------------------------------------------------
// Dossiers

/** Received / resolved counts per (month, processing agency) from `dossier_stats_daily`. */
async function dossierTrend(db: Tx, f: { from: string; to: string }, agency: string | undefined) {
  const seg = segments(f.from, f.to);
  const parts: SQL[] = [];
  for (const [lo, hi] of seg.days)
    parts.push(sql`(receiving_body_code = ${ALL_BODIES} AND day BETWEEN ${lo}::date AND ${hi}::date)`);
  if (seg.months)
    parts.push(
      sql`(receiving_body_code = ${ALL_BODIES + MONTH_SUFFIX} AND day >= ${seg.months[0]}::date AND day < ${seg.months[1]}::date)`,
    );
  if (!parts.length) return [];
  const ag = agency === undefined ? sql`` : sql` AND agency_code = ${agency === NO_AGENCY ? '' : agency}`;
  return queryRows<{ m: string; a: string; metric: string; n: number }>(
    db,
    sql`SELECT to_char(day, 'YYYY-MM') AS m, agency_code AS a, metric, sum(count)::int AS n
        FROM dossier_stats_daily
        WHERE (${sql.join(parts, sql` OR `)})
          AND (metric LIKE 'received.%' OR metric LIKE 'resolved.%')${ag}
        GROUP BY 1, 2, 3`,
  );
}

function addDossier(d: DossierFigures, metric: string, n: number) {
  if (metric.startsWith('received.')) d.received += n;
  else if (metric.startsWith('resolved.')) {
    d.resolved += n;
    if (metric === 'resolved.late') d.resolvedLate += n;
    else d.resolvedOnTime += n;
  }
}

// ---------------------------------------------------------------------------------------------------
// Petitions

/**
 * Petitions received and eligible per (month, register agency) as of the window's end, from
 * `petition_report_facts` (one row per petition, kept by triggers): the petition report's cohort (received in
 * the window; an original split by the cut-off replaced by its parts) and its eligibility rule (the latest
 * `set_eligibility` at or before the cut-off; the history is read only for the few petitions whose
 * eligibility was set after it). The API test checks every month against `GET /api/reports/petitions`.
 */
async function petitionTrend(db: Tx, f: { from: string; to: string }, agency: string | undefined) {
  const end = sql`${hcmDateTime(shiftDate(f.to, 1), '00:00').toISOString()}::timestamptz`;
  const ag = agency === undefined ? sql`` : sql` AND f.agency_code = ${agency}`;
  return queryRows<{ m: string; a: string | null; n: number; e: number }>(
    db,
    sql`SELECT to_char(f.received_date, 'YYYY-MM') AS m, f.agency_code AS a, count(*)::int AS n,
          (count(*) FILTER (WHERE CASE WHEN f.eligibility_at IS NULL THEN NULL
              WHEN f.eligibility_at < ${end} THEN f.eligibility
              ELSE (SELECT e.data->>'eligibility' FROM petition_events e
                    WHERE e.petition_id = f.petition_id AND e.type = 'set_eligibility' AND e.at < ${end}
                    ORDER BY e.at DESC, e.seq DESC LIMIT 1) END = 'eligible'))::int AS e
        FROM petition_report_facts f
        WHERE f.received_date >= ${f.from} AND f.received_date <= ${f.to}${ag}
          AND (f.split_at IS NULL OR f.split_at >= ${end})
          AND (f.parent_id IS NULL OR EXISTS (SELECT 1 FROM petition_report_facts pf
                                             WHERE pf.petition_id = f.parent_id AND pf.split_at < ${end}))
        GROUP BY 1, 2`,
  );
}

// ---------------------------------------------------------------------------------------------------
// The trend

async function agencyNames(db: Tx, codes: string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const real = codes.filter((c) => c && c !== NO_AGENCY);
  if (real.length)
    for (const r of await queryRows<{ code: string; name: string }>(
      db,
      sql`SELECT code, name FROM agencies WHERE code IN (${sql.join(
        real.map((c) => sql`${c}`),
        sql`, `,
      )})`,
    ))
      names.set(r.code, r.name);
  return names;
}

const NOT_TRANSFERRED = 'Chưa chuyển cơ quan giải quyết / Not yet transferred';

/**
 * `GET /api/dashboards/trends`: figures per calendar month (Asia/Ho_Chi_Minh) of [from, to] and per agency
 * over the whole window, as of `to`. Caller checks the window and the scope ({@link dashboardScope}).
 */
export async function dashboardTrends(
  db: Tx,
  f: { from: string; to: string },
  scope: DashboardScope,
  p: Principal,
): Promise<Trends> {
  const buckets = monthBuckets(f.from, f.to);
  const agency = scope.agency;
  const tasks = await taskTrend(db, f, buckets, agency, p);
  const dossiers = await dossierTrend(db, f, agency);

  const months = new Map<string, { t: TaskFigures; d: DossierFigures }>(
    buckets.map((b) => [b.month, { t: emptyTasks(), d: emptyDossiers() }]),
  );
  const agencies = new Map<string, { t: TaskFigures; d: DossierFigures }>();
  const ag = (code: string) => {
    let x = agencies.get(code);
    if (!x) agencies.set(code, (x = { t: emptyTasks(), d: emptyDossiers() }));
    return x;
  };
  for (const r of tasks.assigned) {
    const n = Number(r.n);
    const m = months.get(r.m);
    if (m) m.t.assigned += n;
    ag(r.a).t.assigned += n;
  }
  for (const r of tasks.completed) {
    const n = Number(r.n);
    const o = Number(r.ontime);
    const m = months.get(r.m);
    if (m) {
      m.t.completed += n;
      m.t.completedOnTime += o;
    }
    const a = ag(r.a);
    a.t.completed += n;
    a.t.completedOnTime += o;
  }
  for (const r of tasks.overdue) {
    const n = Number(r.n);
    const m = months.get(r.m);
    if (m) m.t.overdueOpenAtMonthEnd += n;
    // per agency: at the window's end (the last bucket's cut-off)
    if (r.m === tasks.lastMonth) ag(r.a).t.overdueOpenAtMonthEnd += n;
  }
  for (const r of dossiers) {
    const n = Number(r.n);
    const m = months.get(r.m);
    if (m) addDossier(m.d, r.metric, n);
    addDossier(ag(r.a === '' ? NO_AGENCY : r.a).d, r.metric, n);
  }

  // petitions: the petition report's cohort and eligibility rule, grouped by month and register agency
  const monthPetitions = new Map<string, PetitionFigures>();
  const agencyPetitions = new Map<string, PetitionFigures>();
  if (scope.petitions) {
    for (const r of await petitionTrend(db, f, agency)) {
      const n = Number(r.n);
      const e = Number(r.e);
      const m = monthPetitions.get(r.m) ?? { received: 0, eligible: 0 };
      m.received += n;
      m.eligible += e;
      monthPetitions.set(r.m, m);
      if (!r.a) continue;
      const a = agencyPetitions.get(r.a) ?? { received: 0, eligible: 0 };
      a.received += n;
      a.eligible += e;
      agencyPetitions.set(r.a, a);
      ag(r.a);
    }
  }

  const names = await agencyNames(db, [...agencies.keys()]);
  const collator = new Intl.Collator('vi');
  const emptyPetitions = (): PetitionFigures | null =>
    scope.petitions ? { received: 0, eligible: 0 } : null;
  return {
    from: f.from,
    to: f.to,
    agency: agency ?? null,
    months: buckets.map((b) => {
      const m = months.get(b.month)!;
      return {
        month: b.month,
        from: b.from,
        to: b.to,
        tasks: m.t,
        dossiers: m.d,
        petitions: scope.petitions ? (monthPetitions.get(b.month) ?? emptyPetitions()) : null,
        links: linksOf(b, f.to, agency, scope.petitions),
      };
    }),
    byAgency: [...agencies.entries()]
      .map(([code, x]) => ({
        agencyCode: code,
        agencyName: code === NO_AGENCY ? NOT_TRANSFERRED : (names.get(code) ?? code),
        tasks: x.t,
        dossiers: x.d,
        petitions: scope.petitions ? (agencyPetitions.get(code) ?? emptyPetitions()) : null,
        links: agencyLinks(f, code, scope.petitions && agencyPetitions.has(code)),
      }))
      .sort(
        (a, b) =>
          b.tasks.assigned + b.dossiers.received - (a.tasks.assigned + a.dossiers.received) ||
          collator.compare(a.agencyName, b.agencyName),
      ),
  };
}

/** An agency's row links: tasks by lead agency, dossiers by processing agency ('-' = none yet). */
function agencyLinks(f: { from: string; to: string }, code: string, petitions: boolean): Figures['links'] {
  const l = linksOf(f, f.to, code, petitions);
  // '-' is not a lead agency: no task list for the "not transferred" dossiers row
  if (code === NO_AGENCY) l.tasks = {};
  return l;
}

// ---------------------------------------------------------------------------------------------------
// Ranking

/** The ranking rule, in Vietnamese and English (returned with every ranking and shown on the page). */
export const RANKING_RULE = {
  vi:
    `Tỷ lệ đúng hạn của nhiệm vụ = số nhiệm vụ cơ quan chủ trì có hạn xử lý (hạn đang có hiệu lực tại ngày chốt) ` +
    `rơi vào kỳ, đã báo cáo hoàn thành (chờ kết thúc hoặc đã hoàn thành) trong hạn tính đến ngày chốt ÷ số nhiệm vụ ` +
    `có hạn rơi vào kỳ (không tính nhiệm vụ đã dừng thực hiện). Tỷ lệ đúng hạn của hồ sơ TTHC = số hồ sơ cơ quan ` +
    `giải quyết có kết quả trong kỳ, trước hạn hoặc đúng hạn ÷ số hồ sơ có kết quả trong kỳ (Mẫu 05 TT 01/2018/TT-VPCP; ` +
    `Điều 19 NĐ 61/2018/NĐ-CP). Điểm = trung bình có trọng số các tỷ lệ có đủ dữ liệu (nhiệm vụ ${WEIGHTS.tasks * 100}%, ` +
    `hồ sơ ${WEIGHTS.dossiers * 100}%); một tỷ lệ chỉ được tính khi có ít nhất ${MIN_ITEMS} mục; cơ quan không có tỷ lệ ` +
    `nào đủ ${MIN_ITEMS} mục thì "không xếp hạng". Điểm bằng nhau (làm tròn 0,1) thì đồng hạng.`,
  en:
    `Task on-time rate = tasks led by the agency whose deadline (the one in force on the cut-off date) fell in the ` +
    `period and that were reported done (awaiting closure or completed) by that deadline as of the cut-off ÷ tasks ` +
    `whose deadline fell in the period (stopped tasks excluded). Dossier on-time rate = dossiers processed by the ` +
    `agency with the result ready in the period early or on time ÷ dossiers with the result ready in the period ` +
    `(TT 01/2018/TT-VPCP Form 05; ND 61/2018/NĐ-CP Art 19). Score = weighted mean of the rates available (tasks ` +
    `${WEIGHTS.tasks * 100}%, dossiers ${WEIGHTS.dossiers * 100}%); a rate counts only with at least ${MIN_ITEMS} items; ` +
    `an agency with no such rate is "not ranked". Equal scores (rounded to 0.1) share a rank.`,
  minItems: MIN_ITEMS,
  weights: WEIGHTS,
} as const;

export interface RankingRow {
  /** null when not ranked */
  rank: number | null;
  agencyCode: string;
  agencyName: string;
  /** rate in percent, one decimal; null when nothing is due */
  tasks: { due: number; onTime: number; rate: number | null };
  dossiers: { resolved: number; onTime: number; rate: number | null };
  /** percent, one decimal; null when not ranked */
  score: number | null;
  ranked: boolean;
  links: { tasks: Links; dossiers: Links };
}

export interface Ranking {
  from: string;
  to: string;
  asOf: string;
  rule: typeof RANKING_RULE;
  rows: RankingRow[];
}

/** 400 `as_of_before_to` (path `asOf`): a period is ranked on or after its last day. */
export function checkRankingAsOf(f: { to: string; asOf: string }): void {
  if (f.asOf < f.to)
    throw badRequest(
      'as_of_before_to',
      'Ngày chốt xếp hạng phải từ ngày kết thúc kỳ trở đi.',
      '`asOf` must be on or after `to`.',
      'asOf',
    );
}

const pct = (num: number, den: number) => (den ? Math.round((num * 1000) / den) / 10 : null);
const DONE = ['awaiting_closure', 'completed'] as const;

/**
 * `GET /api/dashboards/ranking`: the rule is {@link RANKING_RULE}. Every agency with a due task or a resolved
 * dossier in [from, to] gets a row; ranks are computed over all agencies, then the rows are cut to the
 * viewer's scope (an agency role sees its own row only, with its rank among all).
 */
export async function dashboardRanking(
  db: Tx,
  f: { from: string; to: string; asOf: string },
  scope: DashboardScope,
): Promise<Ranking> {
  const A = f.asOf;
  // tasks: the state in force at A (task table predicate without the assignment window), deadline in [from, to]
  const taskRows = await queryRows<{ a: string; due: number; ontime: number }>(
    db,
    sql`SELECT s.lead_agency_code AS a,
          (count(*) FILTER (WHERE s.status <> 'stopped'))::int AS due,
          (count(*) FILTER (WHERE s.status IN (${sql.join(
            DONE.map((x) => sql`${x}`),
            sql`, `,
          )}) AND ${timelinessSql(A)} = 'on_time'))::int AS ontime
        FROM task_states s
        WHERE s.valid_from <= ${A}::date AND s.valid_to > ${A}::date AND s.assigned_date <= ${A}::date
          AND s.deadline BETWEEN ${f.from}::date AND ${f.to}::date
        GROUP BY 1`,
  );
  const dossierRows = (await dossierTrend(db, { from: f.from, to: f.to }, undefined)).filter(
    (r) => r.metric.startsWith('resolved.') && r.a !== '',
  );
  const by = new Map<string, { due: number; tOn: number; res: number; dOn: number }>();
  const get = (a: string) => {
    let x = by.get(a);
    if (!x) by.set(a, (x = { due: 0, tOn: 0, res: 0, dOn: 0 }));
    return x;
  };
  for (const r of taskRows) {
    if (!Number(r.due)) continue;
    const x = get(r.a);
    x.due += Number(r.due);
    x.tOn += Number(r.ontime);
  }
  for (const r of dossierRows) {
    const x = get(r.a);
    x.res += Number(r.n);
    if (r.metric !== 'resolved.late') x.dOn += Number(r.n);
  }
  const names = await agencyNames(db, [...by.keys()]);
  const collator = new Intl.Collator('vi');
  const rows: RankingRow[] = [...by.entries()].map(([code, x]) => {
    const parts: [number, number][] = [];
    if (x.due >= MIN_ITEMS) parts.push([WEIGHTS.tasks, x.tOn / x.due]);
    if (x.res >= MIN_ITEMS) parts.push([WEIGHTS.dossiers, x.dOn / x.res]);
    const w = parts.reduce((s, [wt]) => s + wt, 0);
    const score = parts.length
      ? Math.round((parts.reduce((s, [wt, r]) => s + wt * r, 0) / w) * 1000) / 10
      : null;
    const taskList = (q: Record<string, string>) =>
      url('/api/tasks', { to: A, asOf: A, agency: code, deadlineFrom: f.from, deadlineTo: f.to, ...q });
    const dossierList = (metric: string) =>
      url('/api/reports/dossiers/items', { metric, from: f.from, to: f.to, asOf: A, agency: code });
    return {
      rank: null,
      agencyCode: code,
      agencyName: names.get(code) ?? code,
      tasks: { due: x.due, onTime: x.tOn, rate: pct(x.tOn, x.due) },
      dossiers: { resolved: x.res, onTime: x.dOn, rate: pct(x.dOn, x.res) },
      score,
      ranked: score !== null,
      links: {
        tasks: {
          due: TASK_STATUSES.filter((s) => s !== 'stopped').map((status) => taskList({ status })),
          onTime: DONE.map((status) => taskList({ status, timeliness: 'on_time' })),
        },
        dossiers: {
          resolved: [dossierList('resolved')],
          onTime: [dossierList('resolved.early'), dossierList('resolved.onTime')],
        },
      },
    };
  });
  rows.sort(
    (a, b) =>
      Number(b.ranked) - Number(a.ranked) ||
      (b.score ?? 0) - (a.score ?? 0) ||
      collator.compare(a.agencyName, b.agencyName),
  );
  // competition ranking: equal scores share a rank (1, 2, 2, 4)
  rows.forEach((r, i) => {
    if (!r.ranked) return;
    const prev = rows[i - 1];
    r.rank = prev && prev.ranked && prev.score === r.score ? prev.rank : i + 1;
  });
  return {
    from: f.from,
    to: f.to,
    asOf: A,
    rule: RANKING_RULE,
    rows: scope.agency === undefined ? rows : rows.filter((r) => r.agencyCode === scope.agency),
  };
}
