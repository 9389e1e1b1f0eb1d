/**
 * The reminder pass as a queue job (issue 7 §2): `reminders.pass` is registered with the background workers
 * and scheduled daily at 06:30 Asia/Ho_Chi_Minh; a job for a date runs the pass and dispatches it.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/engine.ts';
import { REMINDER_QUEUE } from '../../src/modules/notifications/reminders/workers.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp({ queue: true });
});
after(() => t?.close());

test('a reminders.pass job runs the pass for its date and dispatches every reminder; the schedule is 06:30', async () => {
  const date = '2026-03-10';
  const id = await t.queue!.send(REMINDER_QUEUE, { date });
  assert.ok(id);
  t.queue!.notifyWork?.(REMINDER_QUEUE);
  for (let i = 0; i < 120; i++) {
    const job = await t.queue!.getJob(REMINDER_QUEUE, id!);
    if (job?.state === 'completed') break;
    assert.notEqual(job?.state, 'failed', JSON.stringify(job?.output));
    await new Promise((r) => setTimeout(r, 500));
  }
  const [run] = await queryRows<{ finished: boolean; reminders: number }>(
    t.database.db,
    sql`SELECT finished_at IS NOT NULL AS finished, reminder_count AS reminders FROM reminder_runs WHERE run_date = ${date}::date`,
  );
  assert.equal(run?.finished, true);
  // the demo's open overdue tasks are reminded on any working day
  assert.ok(Number(run!.reminders) > 0);
  const [u] = await queryRows<{ n: number }>(
    t.database.db,
    sql`SELECT count(*)::int AS n FROM reminders WHERE run_date = ${date}::date AND dispatched_at IS NULL`,
  );
  assert.equal(Number(u!.n), 0);
  const sched = await queryRows<{ cron: string; timezone: string }>(
    t.database.db,
    sql`SELECT cron, timezone FROM pgboss.schedule WHERE name = ${REMINDER_QUEUE}`,
  );
  assert.deepEqual(sched, [{ cron: '30 6 * * *', timezone: 'Asia/Ho_Chi_Minh' }]);
});
