/**
 * Dispatch of scheduled reminders: every `reminders` row not yet dispatched (any date — a crash between the
 * pass and the dispatch loses nothing: the next run picks the rows up) becomes ONE `notify()` call, in its
 * own transaction with the `dispatched_at` update, so a reminder is dispatched exactly once (a crash before
 * the commit leaves the row undispatched; notify()'s dedupe key `rem:<reminderId>` makes a repeat a no-op).
 *
 * Notice kind: `reminder.<itemType>.<stepKind>` (step kinds: ./rules.ts STEP_KINDS); data:
 * {@link ReminderNoticeData}; escalations are `urgent` (not muted, not held for the digest).
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db, type Tx } from '../../../db/engine.ts';
import type { CalendarSnapshot } from '../../../kernel/calendar/index.ts';
import type { NoticeRequest, NotifyFn, Recipient } from '../types.ts';
import { notify as notifyImpl } from '../notify.ts';
import { stepKindOf, type ReminderRule, type StepKind } from './rules.ts';
import { itemDetails } from './scan.ts';
import { loadRules } from './store.ts';

/** Template data of a reminder notice (H2's templates `reminder.<itemType>.<stepKind>` render it). */
export interface ReminderNoticeData {
  ruleName: { vi: string; en: string };
  step: string;
  stepKind: StepKind;
  itemType: string;
  /** all items of the reminder */
  count: number;
  /** the first 20 items, by due date */
  items: { id: string; ref: string | null; title: string; dueDate: string; overdueWorkingDays: number }[];
  recipientName: string;
  reason: { vi: string; en: string };
  /** the pass date (YYYY-MM-DD, Asia/Ho_Chi_Minh) */
  date: string;
}

export const MAX_NOTICE_ITEMS = 20;

const ROLE_NAMES: Record<string, string> = {
  office_leader: 'Lãnh đạo Văn phòng UBND tỉnh',
  office_specialist: 'Chuyên viên Văn phòng',
  reception_officer: 'Ban Tiếp công dân tỉnh',
  reception_leader: 'Lãnh đạo Ban Tiếp công dân tỉnh',
  centre_leader: 'Lãnh đạo Trung tâm Phục vụ hành chính công',
  counter_staff: 'Bộ phận Một cửa',
};
export const FOLLOWUP_NAME = 'Danh sách theo dõi của Văn phòng (chuyên viên theo dõi)';

/**
 * Display names of recipient strings (`agency:<code>` → the agency's name, `role:<r>` → a label,
 * `user:<username>` → the user's name, `office:followup` → the Office's follow-up list).
 */
export async function recipientNames(db: Tx, recipients: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const agencies = [...new Set(recipients.filter((r) => r.startsWith('agency:')).map((r) => r.slice(7)))];
  const usernames = [...new Set(recipients.filter((r) => r.startsWith('user:')).map((r) => r.slice(5)))];
  const names = new Map<string, string>();
  if (agencies.length) {
    const rows = await queryRows<{ code: string; name: string }>(
      db,
      sql`SELECT code, name FROM agencies WHERE code = ANY(${`{${agencies.map((a) => `"${a}"`).join(',')}}`}::text[])`,
    );
    for (const r of rows) names.set(`agency:${r.code}`, r.name);
  }
  if (usernames.length) {
    const rows = await queryRows<{ username: string; display_name: string }>(
      db,
      sql`SELECT username, display_name FROM users WHERE username = ANY(${`{${usernames.map((a) => `"${a}"`).join(',')}}`}::text[])`,
    );
    for (const r of rows) names.set(`user:${r.username}`, r.display_name);
  }
  for (const r of recipients) {
    if (out.has(r)) continue;
    if (r === 'office:followup') out.set(r, FOLLOWUP_NAME);
    else if (r.startsWith('role:')) out.set(r, ROLE_NAMES[r.slice(5)] ?? r.slice(5));
    else out.set(r, names.get(r) ?? r.slice(r.indexOf(':') + 1));
  }
  return out;
}

/** The notify() recipient of a stored recipient string, for a rule's step. */
export async function toRecipient(
  tx: Tx,
  rule: ReminderRule,
  step: string,
  recipient: string,
): Promise<Recipient> {
  if (recipient === 'office:followup') return { kind: 'role', role: 'office_specialist' };
  if (recipient.startsWith('role:')) return { kind: 'role', role: recipient.slice(5) };
  if (recipient.startsWith('user:')) {
    const [u] = await queryRows<{ id: string }>(
      tx,
      sql`SELECT id::text AS id FROM users WHERE username = ${recipient.slice(5)}`,
    );
    return u ? { kind: 'user', userId: u.id } : { kind: 'role', role: 'office_specialist' };
  }
  const agencyCode = recipient.slice('agency:'.length);
  if (step.startsWith('escalation_')) {
    const e = rule.definition.escalation[Number(step.slice('escalation_'.length)) - 1];
    if (e?.to === 'agency_leader') return { kind: 'agency', agencyCode, roles: ['agency_leader'] };
    return { kind: 'agency', agencyCode };
  }
  return { kind: 'agency', agencyCode, roles: rule.definition.recipients.roles };
}

/** A reminder row's reason (the items' own day counts are in `items`). */
export function rowReason(step: string): { vi: string; en: string } {
  const kind = stepKindOf(step);
  const n = Number(step.split('_').pop());
  switch (kind) {
    case 'before_due':
      return { vi: `Còn ${n} ngày làm việc đến hạn`, en: `${n} working day(s) before the deadline` };
    case 'on_due':
      return { vi: 'Đến hạn hôm nay', en: 'Due today' };
    case 'overdue':
      return {
        vi: 'Quá hạn, chưa hoàn thành (nhắc mỗi ngày làm việc đến khi hoàn thành hoặc dừng)',
        en: 'Overdue, not done (reminded on working days until done or stopped)',
      };
    case 'escalation':
      return { vi: 'Quá hạn kéo dài — báo cáo lãnh đạo', en: 'Long overdue — escalated' };
    case 'receipt':
      return { vi: 'Nhiệm vụ được giao chưa được tiếp nhận', en: 'Assigned task not yet received' };
    case 'apology_warning':
      return {
        vi: `Còn ${n} ngày làm việc đến hẹn trả kết quả; chưa có văn bản xin lỗi, hẹn lại`,
        en: `${n} working day(s) before the appointment; no apology yet`,
      };
    case 'apology_due':
      return {
        vi: 'Hạn cuối gửi văn bản xin lỗi, hẹn lại (chậm nhất 01 ngày trước hạn — Nghị định 61/2018/NĐ-CP, Điều 19 khoản 9)',
        en: 'Last day for the apology and new date (at least 1 day before the deadline — Decree 61/2018 Art 19 cl.9)',
      };
    case 'supplement_clock':
      return { vi: 'Hồ sơ còn chờ công dân bổ sung', en: "Still waiting for the applicant's supplement" };
  }
}

const LIST_PATH: Record<string, string> = { task: '/tasks', dossier: '/dossiers', petition: '/petitions' };

/**
 * The web link of a reminder (review NU5): one item → its page; several → the list filtered to them with
 * the URL filters the list pages accept (web/src/pages/TaskListPage.tsx; GET /api/tasks):
 * - tasks: `asOf` = the reminder date, `agency` and `status` when all items share them, `deadlineFrom`/
 *   `deadlineTo` = the items' due dates, `timeliness` (overdue once past due, else on_time) — for an
 *   ordinary reminder this is exactly the open tasks of the step (a mix of statuses may add tasks finished
 *   with the same deadline); the receipt reminder: `status=awaiting_receipt` + agency;
 * - dossiers: `status` when all items share it; petitions: `overdue=true` for overdue clocks (the lists
 *   have no id filter; the notice data lists the first 20 items, each with its own link).
 */
export async function reminderLink(
  tx: Tx,
  itemType: string,
  ruleClock: string,
  step: string,
  runDate: string,
  ids: readonly string[],
  dossierCode?: string | null,
): Promise<string> {
  const base = LIST_PATH[itemType] ?? '/';
  if (ids.length === 1) {
    // a dossier's page is addressed by its code
    if (itemType === 'dossier' && dossierCode) return `${base}/${encodeURIComponent(dossierCode)}`;
    return `${base}/${ids[0]}`;
  }
  const arr = `{${ids.map((x) => `"${x}"`).join(',')}}`;
  const q = new URLSearchParams();
  if (itemType === 'task') {
    const [a] = await queryRows<{
      na: number;
      agency: string | null;
      ns: number;
      status: string | null;
      dmin: string | null;
      dmax: string | null;
    }>(
      tx,
      sql`SELECT count(DISTINCT lead_agency_code)::int AS na, min(lead_agency_code) AS agency,
          count(DISTINCT status)::int AS ns, min(status) AS status,
          min(COALESCE(current_deadline, deadline))::text AS dmin, max(COALESCE(current_deadline, deadline))::text AS dmax
        FROM tasks WHERE id::text = ANY(${arr}::text[])`,
    );
    q.set('asOf', runDate);
    if (a?.na === 1 && a.agency) q.set('agency', a.agency);
    if (ruleClock === 'receipt') q.set('status', 'awaiting_receipt');
    else {
      if (a?.ns === 1 && a.status) q.set('status', a.status);
      const kind = stepKindOf(step);
      q.set('timeliness', kind === 'overdue' || kind === 'escalation' ? 'overdue' : 'on_time');
      if (a?.dmin) q.set('deadlineFrom', a.dmin);
      if (a?.dmax) q.set('deadlineTo', a.dmax);
    }
    return `${base}?${q.toString()}`;
  }
  if (itemType === 'dossier') {
    const [a] = await queryRows<{ ns: number; status: string | null }>(
      tx,
      sql`SELECT count(DISTINCT status)::int AS ns, min(status) AS status FROM dossiers WHERE id::text = ANY(${arr}::text[])`,
    );
    if (a?.ns === 1 && a.status) q.set('status', a.status);
  } else if (itemType === 'petition' && ['overdue', 'escalation'].includes(stepKindOf(step)))
    q.set('overdue', 'true');
  const qs = q.toString();
  return qs ? `${base}?${qs}` : base;
}

export interface DispatchResult {
  dispatched: number;
  failed: number;
  /** notices (in-app) and outbox rows written */
  notifications: number;
  outbox: number;
}

/**
 * Dispatches undispatched reminders (oldest first, at most `limit`), one transaction each. A failing row is
 * left undispatched (reported in `failed`, retried on the next run). `calendarFor` gives the snapshot used
 * for the items' day counts (the server's current calendar).
 */
export async function dispatchReminders(
  db: Db,
  cal: CalendarSnapshot,
  opts: { notify?: NotifyFn; limit?: number; onError?: (e: unknown, id: string) => void } = {},
): Promise<DispatchResult> {
  const notify = opts.notify ?? notifyImpl;
  const rules = new Map((await loadRules(db)).map((r) => [r.id, r]));
  const pending = await queryRows<{ id: string }>(
    db,
    sql`SELECT id::text AS id FROM reminders WHERE dispatched_at IS NULL ORDER BY run_date, rule_id, step, recipient
      LIMIT ${opts.limit ?? 100_000}`,
  );
  const res: DispatchResult = { dispatched: 0, failed: 0, notifications: 0, outbox: 0 };
  for (const { id } of pending) {
    try {
      const done = await db.transaction(async (tx) => {
        const [row] = await queryRows<{
          id: string;
          run_date: string;
          rule_id: string;
          step: string;
          item_type: string;
          recipient: string;
          item_ids: string[];
          item_count: number;
        }>(
          tx,
          sql`SELECT id::text AS id, run_date, rule_id, step, item_type, recipient, item_ids, item_count
            FROM reminders WHERE id = ${id}::uuid AND dispatched_at IS NULL FOR UPDATE SKIP LOCKED`,
        );
        if (!row) return null;
        const rule = rules.get(row.rule_id);
        if (!rule) throw new Error(`reminder ${id}: unknown rule ${row.rule_id}`);
        const runDate = String(row.run_date);
        const ids = row.item_ids;
        const details = await itemDetails(tx, cal, runDate, rule, ids.slice(0, 200));
        const items = details.slice(0, MAX_NOTICE_ITEMS).map((x) => ({
          id: x.id,
          ref: x.ref,
          title: x.title,
          dueDate: x.dueDate,
          overdueWorkingDays: Math.max(0, x.k),
        }));
        const names = await recipientNames(tx, [row.recipient]);
        const stepKind = stepKindOf(row.step);
        const data: ReminderNoticeData = {
          ruleName: rule.name,
          step: row.step,
          stepKind,
          itemType: row.item_type,
          count: Number(row.item_count),
          items,
          recipientName: names.get(row.recipient) ?? row.recipient,
          reason: rowReason(row.step),
          date: runDate,
        };
        const req: NoticeRequest = {
          kind: `reminder.${row.item_type}.${stepKind}`,
          itemType: rule.itemType,
          itemIds: ids,
          data: data as unknown as Record<string, unknown>,
          link: await reminderLink(
            tx,
            row.item_type,
            rule.definition.clock,
            row.step,
            runDate,
            ids,
            details[0]?.ref,
          ),
          recipients: [await toRecipient(tx, rule, row.step, row.recipient)],
          channels: rule.definition.channels,
          dedupeKey: `rem:${row.id}`,
          reminderId: row.id,
          urgent: stepKind === 'escalation',
          ref: `reminder:${row.id}`,
        };
        const r = await notify(tx, req);
        await tx.execute(sql`UPDATE reminders SET dispatched_at = now() WHERE id = ${id}::uuid`);
        return r;
      });
      if (done) {
        res.dispatched++;
        res.notifications += done.notifications;
        res.outbox += done.outbox;
      }
    } catch (e) {
      res.failed++;
      opts.onError?.(e, id);
    }
  }
  return res;
}
