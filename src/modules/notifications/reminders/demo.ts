/**
 * Demo notices (review NU1/NU2): on a fresh demo, the bells are not empty and /notifications/failed shows
 * what a failed delivery looks like.
 * - demo users who follow reminders get an e-mail address at the reserved domain `@quangngai.example`
 *   (with no SMTP set, the outbox hands those e-mails to the log adapter: printed, never sent);
 * - the reminder pass + dispatch runs for the demo's last day (2022-09-15, where the demo's task, dossier and
 *   petition data end: reminders before due, due and overdue) and for today (Asia/Ho_Chi_Minh; the 2022 items
 *   still open are then long overdue); and, so the Office leader sees an escalation, the escalation steps only
 *   of the task rule on the last demo working day before 2022-09-15 on which one reaches the Office leader
 *   (items in their current state projected onto that day, like the preview);
 * - one DEMO failed delivery: an e-mail to an agency leader's mailbox answered `550` by the receiving server,
 *   with its outbox events; its dedupe key and error say it is demo data, the address is not in the error.
 * Runs once (skipped when a reminder pass ran already). Dates are Asia/Ho_Chi_Minh calendar dates.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../../db/engine.ts';
import type { CalendarSnapshot } from '../../../kernel/calendar/index.ts';
import { previewHits, runReminderPass } from './scan.ts';
import { dispatchReminders } from './dispatch.ts';
import { loadRules } from './store.ts';

/** The demo's last day (the seed's data end there). */
export const DEMO_END_DATE = '2022-09-15';

/** Demo users given an e-mail address (`<username>@quangngai.example`). */
export const DEMO_EMAIL_USERS = [
  'office.leader',
  'office.specialist',
  'agency.leader',
  'reception.officer',
  'reception.leader',
  'processing.officer',
  'centre.leader',
] as const;

const hcmToday = () => new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);

/**
 * Loads the demo notices once. Returns false when a reminder pass ran already (nothing done).
 * @param cal the server's calendar snapshot (dates outside it are skipped)
 */
export async function loadReminderDemo(
  db: Db,
  cal: CalendarSnapshot,
  log: (m: string) => void = () => {},
): Promise<boolean> {
  const [done] = await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM reminder_runs`);
  if (Number(done?.n ?? 0) > 0) return false;
  const names = `{${DEMO_EMAIL_USERS.join(',')}}`;
  await db.execute(sql`UPDATE users SET email = username || '@quangngai.example'
    WHERE username = ANY(${names}::text[]) AND email IS NULL`);
  const today = hcmToday();
  const dates = [DEMO_END_DATE, today].filter(
    (d, i, a) => a.indexOf(d) === i && d >= cal.firstDate && d <= cal.lastDate,
  );
  const [taskRule] = (await loadRules(db, { enabledOnly: true })).filter((r) => r.id === 'task.deadline');
  if (taskRule) {
    const escOnly = {
      ...taskRule,
      definition: { ...taskRule.definition, before: [], onDue: false, after: null },
    };
    for (let i = 1; i <= 30; i++) {
      const date = new Date(Date.parse(`${DEMO_END_DATE}T00:00:00Z`) - i * 86_400_000)
        .toISOString()
        .slice(0, 10);
      if (date < cal.firstDate) break;
      const { hits } = await previewHits(db, cal, date, [escOnly], 1000);
      if (!hits.some((h) => h.recipient === 'role:office_leader')) continue;
      const p = await runReminderPass(db, cal, date, { rules: [escOnly] });
      const d = await dispatchReminders(db, cal);
      log(`demo escalations ${date}: ${p.reminders} reminder(s), ${d.notifications} notice(s)`);
      break;
    }
  }
  for (const date of dates) {
    const p = await runReminderPass(db, cal, date);
    const d = await dispatchReminders(db, cal);
    log(
      `demo reminders ${date}: ${p.reminders} reminder(s), ${d.notifications} notice(s), ${d.outbox} message(s) queued`,
    );
  }
  await db.transaction(async (tx) => {
    // the demo failed delivery: an agency leader's mailbox refused the message (550)
    const [row] = await queryRows<{ id: string }>(
      tx,
      sql`SELECT id::text AS id FROM outbox_messages
        WHERE state = 'queued' AND channel = 'email' AND recipient_type = 'agency'
        ORDER BY (kind LIKE '%escalation') DESC, created_at, id LIMIT 1`,
    );
    const error =
      'SMTP 550: 550 5.1.1 <***>: Recipient address rejected: mailbox unavailable ' +
      '(dữ liệu minh họa / demo data)';
    let id = row?.id;
    if (!id) {
      id = randomUUID();
      await tx.execute(sql`INSERT INTO outbox_messages (id, channel, recipient_type, recipient_id, address, kind,
          locale, subject, body_text, ref, dedupe_key, state)
        VALUES (${id}::uuid, 'email', 'agency', 'SNNPTNT', 'lanhdao.snnptnt@quangngai.example',
          'reminder.task.overdue', 'vi', '[Kiến Tạo] Quá hạn (dữ liệu minh họa)',
          'Thư minh họa một lần gửi không thành công.', 'demo:failed-delivery', 'demo:failed-delivery', 'queued')`);
    }
    await tx.execute(sql`UPDATE outbox_messages SET state = 'failed', dead = true, attempts = 1,
        last_error = ${error}, failed_at = now(), next_attempt_at = NULL, updated_at = now()
      WHERE id = ${id}::uuid`);
    await tx.execute(sql`INSERT INTO outbox_events (id, at, message_id, from_state, to_state, attempt, reason)
      VALUES (gen_random_uuid(), clock_timestamp(), ${id}::uuid, 'queued', 'sending', 1, NULL),
        (gen_random_uuid(), clock_timestamp() + interval '1 millisecond', ${id}::uuid, 'sending', 'failed', 1,
          ${error})`);
  });
  return true;
}
