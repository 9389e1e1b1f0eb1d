/**
 * One SQL source per clock (see ./rules.ts): the open items of the clock with the WORKING-DAY ordinal of
 * their due day, so the scheduling pass and the preview compute "k = working days overdue" in SQL for a
 * million items at once.
 *
 * The calendar goes to SQL as one array (`calendarParams`): for every date from the calendar's first day
 * to the pass date + 180 days, its ordinal ord(x) = the number of working days ≤ x since the calendar's
 * first day. So for a due date `due` and a pass date D:
 *   k = ord(D) − ord(due)  — for D > due: the working days overdue (= GET /api/calendar/working-days-between
 *   ?from=due&to=D); 0 from the last working day ≤ due up to the due day itself; −n n working days before.
 * A due date is compared AS IS, like the task table (src/modules/tasks/timeliness.ts; README "a Sunday stays
 * that Sunday"): each module's stored due date is already the legal one (petition clocks, dossier
 * appointments and steps are computed by their modules). A Saturday deadline is "due today" on the Friday
 * before (k = 0) and 1 working day overdue on Monday.
 * Dates before the calendar take the calendar's first day (long overdue); dates after the array give NULL
 * (too far ahead to be reminded of). All dates are Asia/Ho_Chi_Minh.
 *
 * A source yields: item_id (task id, dossier id, petition id — as text), ref (task ref, dossier code,
 * petition register number), title (never an applicant's or a petitioner's name, never a petition's
 * content: no personal data and no denouncer identity in a reminder), due (the due date as stored),
 * due_ord, agency (whose staff are reminded), assigner (tasks: the assigning leader's agency code).
 */
import { sql, type SQL } from 'drizzle-orm';
import { pgArrayLiteral } from '../../../db/engine.ts';
import type { CalendarSnapshot, IsoDate } from '../../../kernel/calendar/index.ts';
import { CalendarInputError } from '../../../kernel/calendar/index.ts';
import type { RuleDefinition } from './rules.ts';

/** How far ahead of the pass date the calendar array goes (calendar days; covers `before` ≤ 60 working days). */
const AHEAD_DAYS = 180;

export interface CalendarParams {
  date: IsoDate;
  /** the calendar's first date (index 1 of the array) */
  first: IsoDate;
  /** `{…}` literal of the ordinals ord(x) = working days ≤ x (see the module doc) */
  ord: string;
  /** working days from the calendar's first day up to and including the pass date */
  cumD: number;
  /** the pass date is a working day */
  working: boolean;
}

/** Day index of an ISO date in the snapshot (−1 / ≥ length when outside). */
function indexOf(cal: CalendarSnapshot, date: IsoDate): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const dn = Math.floor(Date.UTC(y, m - 1, d) / 86_400_000);
  return dn - cal.startDn;
}

/**
 * The calendar as SQL parameters for a pass date. @throws CalendarInputError OUT_OF_RANGE when the date
 * is outside the calendar
 */
export function calendarParams(cal: CalendarSnapshot, date: IsoDate): CalendarParams {
  const i = indexOf(cal, date);
  if (i < 0 || i >= cal.working.length)
    throw new CalendarInputError(
      'OUT_OF_RANGE',
      'date',
      `date: ${date} nằm ngoài phạm vi lịch (${cal.firstDate} – ${cal.lastDate})`,
      `date: ${date} is outside the calendar (${cal.firstDate} – ${cal.lastDate})`,
    );
  const end = Math.min(cal.working.length - 1, i + AHEAD_DAYS);
  const ord: number[] = new Array(end + 1);
  for (let j = 0; j <= end; j++) ord[j] = cal.cum[j]!;
  return {
    date,
    first: cal.firstDate,
    ord: pgArrayLiteral(ord),
    cumD: cal.cum[i]!,
    working: cal.working[i] === 1,
  };
}

/** `WITH cal AS (…)` — the calendar array once per statement. */
export const calCte = (p: CalendarParams) => sql`cal AS (SELECT ${p.ord}::int[] AS o, ${p.first}::date AS f)`;

/** SQL: ord(d) = the number of working days ≤ the date expression `d` (needs `calCte`). */
const ord = (d: SQL) => sql`((SELECT o FROM cal)[GREATEST((${d}) - (SELECT f FROM cal), 0) + 1])`;

const HCM = sql.raw(`'Asia/Ho_Chi_Minh'`);
const hcmDate = (ts: SQL) => sql`((${ts}) AT TIME ZONE ${HCM})::date`;

const PETITION_CLOCK_LABELS: Record<string, string> = {
  answer: 'Thông báo kết quả tiếp nhận đơn (Luật Tiếp công dân 2013, Điều 28)',
  accept: 'Thụ lý khiếu nại (Luật Khiếu nại 2011, Điều 27)',
  check: 'Kiểm tra, phân loại đơn tố cáo (Luật Tố cáo 2018, Điều 24)',
  forward: 'Chuyển đơn tố cáo (Luật Tố cáo 2018, Điều 24)',
  resolve: 'Giải quyết đơn (Luật Khiếu nại 2011, Điều 28, 37; Luật Tố cáo 2018, Điều 30)',
  extension_1: 'Gia hạn giải quyết tố cáo lần 1 (Luật Tố cáo 2018, Điều 30)',
  extension_2: 'Gia hạn giải quyết tố cáo lần 2 (Luật Tố cáo 2018, Điều 30)',
};
const clockTitle = sql.raw(
  `CASE pd.clock ${Object.entries(PETITION_CLOCK_LABELS)
    .map(([k, v]) => `WHEN '${k}' THEN '${v}'`)
    .join(' ')} ELSE pd.clock END`,
);

/**
 * The source SELECT of a rule's clock (columns: item_id, ref, title, due, due_ord, agency, assigner).
 * `ids`: only these items (the dispatcher's detail look-up). Needs `calCte` in the statement.
 */
export function sourceSql(d: RuleDefinition, ids?: readonly string[], detail = true): SQL {
  // without `detail` (the pass: only ids are stored) ref and title are not read
  const dt = (x: SQL) => (detail ? x : sql`NULL::text`);
  const only = (col: SQL) => (ids ? sql` AND ${col} = ANY(${pgArrayLiteral(ids)}::text[])` : sql``);
  if (d.itemType === 'task') {
    if (d.clock === 'receipt')
      return sql`SELECT t.id::text AS item_id, ${dt(sql`t.ref`)} AS ref, ${dt(sql`t.title`)} AS title, t.assigned_date AS due,
          ${ord(sql`t.assigned_date`)} + 1 AS due_ord, t.lead_agency_code AS agency, t.assigner_code AS assigner
        FROM tasks t WHERE t.status = 'awaiting_receipt'${only(sql`t.id::text`)}`;
    return sql`SELECT t.id::text AS item_id, ${dt(sql`t.ref`)} AS ref, ${dt(sql`t.title`)} AS title,
        COALESCE(t.current_deadline, t.deadline) AS due,
        ${ord(sql`COALESCE(t.current_deadline, t.deadline)`)} AS due_ord, t.lead_agency_code AS agency,
        t.assigner_code AS assigner
      FROM tasks t
      WHERE t.status IN ('awaiting_receipt', 'in_progress') AND COALESCE(t.current_deadline, t.deadline) IS NOT NULL
        ${only(sql`t.id::text`)}`;
  }
  if (d.itemType === 'dossier') {
    if (d.clock === 'step')
      // the clock is paused while waiting for a supplement or a payment: only received / processing dossiers
      return sql`SELECT s.dossier_id::text AS item_id, ${dt(sql`dd.code`)} AS ref,
          ${dt(sql`s.name || ' — ' || dd.procedure_name`)} AS title,
          ${hcmDate(sql`s.due_at`)} AS due, ${ord(hcmDate(sql`s.due_at`))} AS due_ord,
          COALESCE(s.agency_code, dd.processing_agency_code, dd.receiving_body_code) AS agency, NULL::text AS assigner
        FROM dossier_steps s JOIN dossiers dd ON dd.id = s.dossier_id
        WHERE s.finished_at IS NULL AND s.due_at IS NOT NULL AND dd.status IN ('received', 'processing')
          ${only(sql`s.dossier_id::text`)}`;
    if (d.clock === 'apology')
      return sql`SELECT dd.id::text AS item_id, ${dt(sql`dd.code`)} AS ref, ${dt(sql`dd.procedure_name`)} AS title,
          ${hcmDate(sql`dd.appointment_at`)} AS due, ${ord(hcmDate(sql`dd.appointment_at`))} AS due_ord,
          COALESCE(dd.processing_agency_code, dd.receiving_body_code) AS agency, NULL::text AS assigner
        FROM dossiers dd
        WHERE dd.status IN ('received', 'processing') AND dd.appointment_at IS NOT NULL AND dd.apology_at IS NULL
          ${only(sql`dd.id::text`)}`;
    // supplement: day 0 = the day of the (last) supplement request; due_ord = cum(day 0), so k = working days waited
    const req = sql`COALESCE((SELECT max(e.at) FROM dossier_events e
        WHERE e.dossier_id = dd.id AND e.to_status = 'supplement_requested'), dd.updated_at)`;
    return sql`SELECT dd.id::text AS item_id, ${dt(sql`dd.code`)} AS ref, ${dt(sql`dd.procedure_name`)} AS title,
        ${hcmDate(req)} AS due,
        ${ord(hcmDate(req))} AS due_ord, dd.receiving_body_code AS agency, NULL::text AS assigner
      FROM dossiers dd WHERE dd.status = 'supplement_requested'${only(sql`dd.id::text`)}`;
  }
  const clock = d.clock === '*' ? sql`` : sql` AND pd.clock = ${d.clock}`;
  return sql`SELECT pd.petition_id::text AS item_id,
      ${dt(sql`(SELECT p.code FROM petitions p WHERE p.id = pd.petition_id)`)} AS ref, ${dt(clockTitle)} AS title,
      pd.due_date AS due, ${ord(sql`pd.due_date`)} AS due_ord,
      COALESCE(pd.agency_code, (SELECT COALESCE(p.handling_agency_code, p.agency_code) FROM petitions p
        WHERE p.id = pd.petition_id)) AS agency, NULL::text AS assigner
    FROM petition_deadlines pd WHERE pd.state = 'open'${clock}${only(sql`pd.petition_id::text`)}`;
}
