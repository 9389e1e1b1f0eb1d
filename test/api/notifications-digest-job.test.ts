/**
 * The digest as a queue job: `notifications.digest` is registered with the background workers (through
 * src/server/workers.ts) and scheduled at 16:30 Asia/Ho_Chi_Minh; a job for a working day writes the digest,
 * a job for a non-working day writes nothing, a repeated job nothing twice.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/engine.ts';
import { DIGEST_QUEUE } from '../../src/modules/notifications/digest.ts';
import { notify } from '../../src/modules/notifications/notify.ts';
import { getTemplate } from '../../src/modules/notifications/templates.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp({ queue: true });
});
after(() => t?.close());

async function runJob(date: string) {
  const id = await t.queue!.send(DIGEST_QUEUE, { date });
  assert.ok(id);
  t.queue!.notifyWork?.(DIGEST_QUEUE);
  for (let i = 0; i < 120; i++) {
    const job = await t.queue!.getJob(DIGEST_QUEUE, id!);
    if (job?.state === 'completed') return;
    assert.notEqual(job?.state, 'failed', JSON.stringify(job?.output));
    await new Promise((r) => setTimeout(r, 500));
  }
  assert.fail('the digest job did not complete');
}

const digests = async () =>
  (
    await queryRows<{ n: number }>(
      t.database.db,
      sql`SELECT count(*)::int AS n FROM outbox_messages WHERE kind = 'digest.daily'`,
    )
  )[0]!.n;

test('the digest job: scheduled 16:30 HCM, skips a non-working day, one e-mail for a working day', async () => {
  await t.database.db.execute(
    sql`UPDATE users SET email = 'digest.job@example.vn' WHERE username = 'office.specialist'`,
  );
  const c = await t.login('office.specialist');
  const r = await c.req('PUT', '/api/me/notification-preferences', { emailMode: 'daily_digest' });
  assert.equal(r.status, 200);
  const [{ id: userId }] = (await queryRows<{ id: string }>(
    t.database.db,
    sql`SELECT id FROM users WHERE username = 'office.specialist'`,
  )) as [{ id: string }];
  const kind = 'reminder.task.overdue';
  await t.database.db.transaction((tx) =>
    notify(tx, {
      kind,
      data: getTemplate(kind)!.sample,
      recipients: [{ kind: 'user', userId }],
      channels: ['in_app', 'email'],
      dedupeKey: `test:${randomUUID()}`,
    }),
  );
  await runJob('2026-12-06'); // a Sunday
  assert.equal(await digests(), 0);
  await runJob('2026-12-07'); // Monday
  assert.equal(await digests(), 1);
  await runJob('2026-12-07');
  assert.equal(await digests(), 1, 'a repeated job writes nothing twice');
  const sched = await queryRows<{ cron: string; timezone: string }>(
    t.database.db,
    sql`SELECT cron, timezone FROM pgboss.schedule WHERE name = ${DIGEST_QUEUE}`,
  );
  assert.deepEqual(sched, [{ cron: '30 16 * * *', timezone: 'Asia/Ho_Chi_Minh' }]);
});
