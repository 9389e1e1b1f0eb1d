/**
 * The daily reminder pass as a queue job (issue 7 §2): queue `reminders.pass`, scheduled every day at 06:30
 * Asia/Ho_Chi_Minh. The job runs the pass for its date (today in Asia/Ho_Chi_Minh unless `data.date`) —
 * skipped when `reminder_runs` says that date's pass finished (idempotent per date; the pass itself is
 * idempotent anyway) — then dispatches every undispatched reminder (also those left by a crash on an earlier
 * day). A failed dispatch of some rows fails the job, so the queue retries it with back-off.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../../../db/engine.ts';
import { toHcmDate } from '../../../kernel/calendar/index.ts';
import type { CalendarService } from '../../../kernel/calendar/service.ts';
import type { Queue } from '../../../kernel/queue/types.ts';
import { dispatchReminders } from './dispatch.ts';
import { runReminderPass } from './scan.ts';

export const REMINDER_QUEUE = 'reminders.pass';
/** 06:30 every day (the pass itself gives nothing on a non-working day unless a rule says so). */
export const REMINDER_CRON = '30 6 * * *';

/** Registers the reminder pass worker and its daily schedule (called from src/server/workers.ts). */
export async function registerReminderWorkers(sctx: {
  database: Database;
  calendar: CalendarService;
  queue: Queue;
}): Promise<void> {
  const { queue, database, calendar } = sctx;
  await queue.define({
    name: REMINDER_QUEUE,
    retryLimit: 5,
    retryDelaySeconds: 60,
    expireInSeconds: 30 * 60,
  });
  await queue.work<{ date?: string }>(REMINDER_QUEUE, async (job) => {
    const date = job.data?.date ?? toHcmDate(new Date());
    const cal = await calendar.current();
    const [run] = await queryRows<{ finished: boolean }>(
      database.db,
      sql`SELECT finished_at IS NOT NULL AS finished FROM reminder_runs WHERE run_date = ${date}::date`,
    );
    if (!run?.finished) await runReminderPass(database.db, cal, date);
    const d = await dispatchReminders(database.db, cal);
    if (d.failed) throw new Error(`reminders: ${d.failed} reminder(s) not dispatched (retried)`);
  });
  await queue.schedule(REMINDER_QUEUE, REMINDER_CRON, {}, { tz: 'Asia/Ho_Chi_Minh' });
}
