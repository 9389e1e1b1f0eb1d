/**
 * The daily scheduling pass and the preview — ONE predicate (`hitSql`) serves both (issue 7 §2, §6):
 * - `runReminderPass(db, cal, date)` writes `reminders`: one row per date × rule × step × recipient listing
 *   the items (INSERT … SELECT … GROUP BY … ON CONFLICT DO NOTHING: a re-run adds nothing), and records the
 *   run in `reminder_runs`. Dispatch (notices and outbox rows) is ./dispatch.ts.
 * - `previewHits(db, cal, date, rules, limit)` returns the same (item, step, recipient) triples row by row
 *   (the route fans them out per channel), without writing anything.
 * Both take the items in their CURRENT state projected onto the date ("what would be sent on that date if
 * nothing changes"); a past date is not rebuilt as it was.
 *
 * Dates are Asia/Ho_Chi_Minh calendar dates; every day count is in WORKING days through the calendar
 * snapshot (src/kernel/calendar); a due date is compared as is (./sources.ts). On a non-working day nothing
 * is produced, except, for rules with `nonWorkingDays`, the daily `after` reminders and `onDue` for items
 * due that very day (`stepsOn`).
 *
 * Recipients (strings stored in `reminders.recipient` and shown by the preview):
 * - `agency:<code>` — the agency's users with the rule's roles (escalation to the agency leader: its leaders;
 *   to the assigning leader: the users of the chairman / vice-chairman unit); an agency without such users
 *   is still reached by notify() through `agencies.leader_email` and the Office's follow-up list;
 * - `role:<role>` — every active user with that role (`role:office_leader`; `role:reception_officer` for a
 *   petition clock of an agency with no petition handler: the provincial reception board);
 * - `office:followup` — the Office's follow-up list (office specialists): with the Office leaders, the
 *   escalation of a task whose assigning leader has no user account;
 * - `user:<username>` — one user (not produced by the shipped rules).
 */

import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db, type Tx } from '../../../db/engine.ts';
import type { CalendarSnapshot, IsoDate } from '../../../kernel/calendar/index.ts';
import { calCte, calendarParams, sourceSql, type CalendarParams } from './sources.ts';
import { ruleSteps, type ReminderRule, type StepSpec } from './rules.ts';
import { loadRules } from './store.ts';

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
const litArr = (xs: readonly string[]) => `'{${xs.map((x) => `"${x}"`).join(',')}}'::text[]`;

/**
 * The steps of a rule that apply on this date. On a working day: all of them. On a non-working day: none,
 * unless the rule has `nonWorkingDays`; then only the steps whose count moves or whose day it is:
 * - an `after` step with `everyWorkingDays` = 1 (daily while overdue: every calendar day, weekends included);
 * - `onDue` for the items whose due date IS that day (`due = D`, see `hitSql`).
 * A step keyed on a working-day count (`before` n, escalation n, `after` every n ≥ 2) never fires on a day off:
 * the count does not advance on a day off, so it fired already on the last working day with that count
 * (adversarial review F5: "every 5 working days" must not repeat all weekend).
 */
export function stepsOn(rule: ReminderRule, p: CalendarParams): StepSpec[] {
  const steps = ruleSteps(rule.definition);
  if (p.working) return steps;
  if (!rule.definition.nonWorkingDays) return [];
  return steps.filter((s) => s.every === 1 || (s.kind === 'on_due' && s.k === 0));
}

/**
 * The (item_id, ref, title, due, k, step, recipient) rows of one rule on the pass date, as a SELECT, or null
 * when the rule gives nothing that day. Needs `calCte` (see `withHits`).
 */
export function hitSql(rule: ReminderRule, p: CalendarParams, detail = true): SQL | null {
  const d = rule.definition;
  const steps = stepsOn(rule, p);
  if (!steps.length) return null;
  const ordinary = steps.filter((s) => s.kind !== 'escalation');
  const esc = steps.filter((s) => s.kind === 'escalation');
  // on a non-working day (nonWorkingDays rules only) "due today" means the due date is that very day
  const dueToday = p.working ? '' : ` AND due = ${lit(p.date)}::date`;
  const cond = (s: StepSpec) =>
    s.every !== null ? `k > 0 AND k % ${s.every} = 0` : `k = ${s.k}${s.kind === 'on_due' ? dueToday : ''}`;
  const ordinaryStep = ordinary.length
    ? `CASE ${ordinary.map((s) => `WHEN ${cond(s)} THEN ${lit(s.step)}`).join(' ')} END`
    : 'NULL::text';
  // ordinary recipient: the item's agency; a petition clock of an agency with no petition handler goes to
  // the provincial reception board (its reception officers)
  const roles = litArr(d.recipients.roles);
  const ordinaryTo =
    d.itemType === 'petition'
      ? `CASE WHEN agency IS NULL THEN 'role:reception_officer'
           WHEN agency IN (SELECT u.agency_code FROM users u WHERE NOT u.disabled AND u.roles && ${roles})
           THEN 'agency:' || agency ELSE 'role:reception_officer' END`
      : `CASE WHEN agency IS NULL THEN 'office:followup' ELSE 'agency:' || agency END`;
  const assignerHasUsers = `assigner IN (SELECT u.agency_code FROM users u WHERE NOT u.disabled
      AND u.agency_code IS NOT NULL AND u.roles && '{agency_leader,agency_staff}'::text[])`;
  const escTo = (s: StepSpec) =>
    s.to === 'office_leader'
      ? `'role:office_leader'`
      : s.to === 'agency_leader'
        ? `CASE WHEN agency IS NULL THEN 'role:office_leader' ELSE 'agency:' || agency END`
        : `CASE WHEN ${assignerHasUsers} THEN 'agency:' || assigner ELSE 'role:office_leader' END`;
  const escStep = esc.length
    ? `CASE k ${esc.map((s) => `WHEN ${s.k} THEN ${lit(s.step)}`).join(' ')} END`
    : 'NULL::text';
  const escRecipient = `CASE k ${esc.map((s) => `WHEN ${s.k} THEN ${escTo(s)}`).join(' ')} END`;
  const ks = steps.filter((s) => s.every === null).map((s) => s.k!);
  const every = steps.some((s) => s.every !== null);
  const pre = [ks.length ? `k IN (${ks.join(',')})` : null, every ? 'k > 0' : null]
    .filter(Boolean)
    .join(' OR ');
  const cols = 'x.item_id, x.ref, x.title, x.due, x.k';
  // k is computed once per item (OFFSET 0 keeps the subquery from being flattened into every CASE branch);
  // the items of the day are materialised once, then read by one branch per kind of recipient
  const branches = [
    `SELECT ${cols}, x.ostep AS step, ${ordinaryTo} AS recipient FROM x WHERE x.ostep IS NOT NULL`,
  ];
  if (esc.length) {
    branches.push(`SELECT ${cols}, x.estep, ${escRecipient} FROM x WHERE x.estep IS NOT NULL`);
    // a task whose assigning leader has no user account: the Office leaders AND the Office's follow-up list
    const toAssigner = esc.find((s) => s.to === 'assigner');
    if (toAssigner)
      branches.push(`SELECT ${cols}, x.estep, 'office:followup' FROM x
        WHERE x.k = ${toAssigner.k} AND NOT COALESCE(${assignerHasUsers}, false)`);
  }
  return sql`SELECT * FROM (WITH x AS MATERIALIZED (
      SELECT y.*, ${sql.raw(ordinaryStep)} AS ostep, ${sql.raw(escStep)} AS estep
      FROM (SELECT s.*, ${p.cumD}::int - s.due_ord AS k FROM (${sourceSql(d, undefined, detail)}) s OFFSET 0) y
      WHERE ${sql.raw(pre)})
    ${sql.raw(branches.join(' UNION ALL '))}) hits WHERE hits.recipient IS NOT NULL`;
}

// `agency`, `assigner`, `k` in the CASE expressions are the item's columns (x / y)

/** Whether one item may yield several rows of one rule (several open clocks or steps). */
const multiRow = (rule: ReminderRule) =>
  (rule.itemType === 'petition' && rule.definition.clock === '*') ||
  (rule.itemType === 'dossier' && rule.definition.clock === 'step');

export interface PassResult {
  date: IsoDate;
  working: boolean;
  /** reminders rows inserted by this run (0 on a re-run) */
  inserted: number;
  /** reminders rows of the date (after this run) */
  reminders: number;
  /** items in those rows (sum of item_count) */
  items: number;
  ms: number;
}

/**
 * The scheduling pass for `date` (YYYY-MM-DD, Asia/Ho_Chi_Minh): for every enabled rule, one reminders row
 * per step × recipient with its items, in ONE transaction; a re-run for the same date inserts nothing new
 * (ON CONFLICT DO NOTHING on (run_date, rule_id, step, recipient)). Records the run in `reminder_runs`.
 * Does not dispatch (./dispatch.ts). @throws CalendarInputError OUT_OF_RANGE for a date outside the calendar
 */
export async function runReminderPass(
  db: Db,
  cal: CalendarSnapshot,
  date: IsoDate,
  opts: { rules?: ReminderRule[] } = {},
): Promise<PassResult> {
  const t0 = performance.now();
  const p = calendarParams(cal, date);
  return db.transaction(async (tx) => {
    // the day's items and their id arrays are held in memory (a million open items: tens of MB), not
    // spilled to temporary files with the default 4 MB
    await tx.execute(sql`SET LOCAL work_mem = '256MB'`);
    const rules = opts.rules ?? (await loadRules(tx, { enabledOnly: true }));
    await tx.execute(sql`INSERT INTO reminder_runs (run_date, started_at) VALUES (${date}::date, now())
      ON CONFLICT (run_date) DO UPDATE SET started_at = now(), finished_at = NULL`);
    let inserted = 0;
    for (const rule of rules) {
      const hits = hitSql(rule, p, false);
      if (!hits) continue;
      // an item appears once per step and recipient, except a petition with several open clocks ('*') and a
      // dossier with several open steps: only those need DISTINCT (a sort per group)
      const agg = multiRow(rule) ? sql`array_agg(DISTINCT h.item_id)` : sql`array_agg(h.item_id)`;
      const rows = await queryRows<{ n: number }>(
        tx,
        sql`WITH ${calCte(p)},
          g AS (SELECT h.step, h.recipient, ${agg} AS ids FROM (${hits}) h GROUP BY 1, 2),
          ins AS (INSERT INTO reminders (id, run_date, rule_id, step, item_type, recipient, item_ids, item_count)
            SELECT gen_random_uuid(), ${date}::date, ${rule.id}, g.step, ${rule.itemType}, g.recipient, g.ids,
              cardinality(g.ids)
            FROM g
            ON CONFLICT (run_date, rule_id, step, recipient) DO NOTHING RETURNING 1)
          SELECT count(*)::int AS n FROM ins`,
      );
      inserted += Number(rows[0]?.n ?? 0);
    }
    const [tot] = await queryRows<{ r: number; i: number }>(
      tx,
      sql`SELECT count(*)::int AS r, COALESCE(sum(item_count), 0)::int AS i FROM reminders WHERE run_date = ${date}::date`,
    );
    await tx.execute(sql`UPDATE reminder_runs SET finished_at = now(), reminder_count = ${tot!.r},
      item_count = ${tot!.i} WHERE run_date = ${date}::date`);
    return {
      date,
      working: p.working,
      inserted,
      reminders: Number(tot!.r),
      items: Number(tot!.i),
      ms: Math.round(performance.now() - t0),
    };
  });
}

/** One row of the preview (before the channel fan-out). */
export interface PreviewHit {
  ruleId: string;
  itemType: string;
  itemId: string;
  ref: string | null;
  title: string;
  dueDate: string;
  /** working days overdue on the date (negative: before the due day) */
  k: number;
  step: string;
  recipient: string;
}

/**
 * The (item, step, recipient) triples of `date` — what the pass would write, row by row — ordered by rule
 * (the given order), step, recipient, item; at most `limit` rows, with the total count. Read-only.
 */
export async function previewHits(
  db: Tx,
  cal: CalendarSnapshot,
  date: IsoDate,
  rules: readonly ReminderRule[],
  limit: number,
): Promise<{ hits: PreviewHit[]; totals: Map<string, number> }> {
  const p = calendarParams(cal, date);
  const hits: PreviewHit[] = [];
  const totals = new Map<string, number>();
  for (const rule of rules) {
    const h = hitSql(rule, p);
    if (!h) {
      totals.set(rule.id, 0);
      continue;
    }
    const room = limit - hits.length;
    if (room > 0) {
      const rows = await queryRows<{
        item_id: string;
        ref: string | null;
        title: string;
        due: string;
        k: number;
        step: string;
        recipient: string;
        total: number;
      }>(
        db,
        sql`WITH ${calCte(p)} SELECT h.*, count(*) OVER ()::int AS total FROM (${h}) h
          ORDER BY h.step, h.recipient, h.item_id LIMIT ${room}`,
      );
      totals.set(rule.id, Number(rows[0]?.total ?? 0));
      for (const r of rows)
        hits.push({
          ruleId: rule.id,
          itemType: rule.itemType,
          itemId: r.item_id,
          ref: r.ref,
          title: r.title,
          dueDate: String(r.due),
          k: Number(r.k),
          step: r.step,
          recipient: r.recipient,
        });
    } else {
      const [c] = await queryRows<{ n: number }>(
        db,
        sql`WITH ${calCte(p)} SELECT count(*)::int AS n FROM (${hitSql(rule, p, false)!}) h`,
      );
      totals.set(rule.id, Number(c?.n ?? 0));
    }
  }
  return { hits, totals };
}

/** Items of a rule's source by id (the dispatcher's detail look-up), with k on `date`. */
export async function itemDetails(
  db: Tx,
  cal: CalendarSnapshot,
  date: IsoDate,
  rule: ReminderRule,
  ids: readonly string[],
): Promise<{ id: string; ref: string | null; title: string; dueDate: string; k: number }[]> {
  if (!ids.length) return [];
  const p = calendarParams(cal, date);
  const rows = await queryRows<{
    item_id: string;
    ref: string | null;
    title: string;
    due: string;
    due_ord: number;
  }>(
    db,
    sql`WITH ${calCte(p)} SELECT * FROM (${sourceSql(rule.definition, ids)}) s ORDER BY s.due, s.item_id`,
  );
  const seen = new Set<string>();
  const out = [];
  for (const r of rows) {
    if (seen.has(r.item_id)) continue;
    seen.add(r.item_id);
    out.push({
      id: r.item_id,
      ref: r.ref,
      title: r.title,
      dueDate: String(r.due),
      k: p.cumD - Number(r.due_ord),
    });
  }
  return out;
}
