/**
 * The durable job queue (issue 7 §1, docs/queue.md) on the engine of this run (PGlite without DATABASE_URL,
 * PostgreSQL with it): enqueue and work, idempotency keys, retries with back-off then the dead-letter queue,
 * cron schedules in a time zone, jobs surviving a restart, two processes on one PostgreSQL database, graceful
 * stop, and the app harness with the queue on.
 *
 * The queue tests run on databases of their own: PGlite app databases from the test template (in memory, or
 * in a tmp folder for the restart), or fresh bare PostgreSQL databases (the queue needs no app table) dropped
 * at the end.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows, type Database, type Db } from '../../src/db/engine.ts';
import {
  jobIdForKey,
  openQueue,
  pgliteAdapter,
  postgresAdapter,
  type OpenQueueOptions,
} from '../../src/kernel/queue/queue.ts';
import type { Queue, QueueJob } from '../../src/kernel/queue/types.ts';
import { pgliteTemplateDump, startTestApp } from '../helpers/app.ts';

const PG_URL = process.env.DATABASE_URL;
const engine = PG_URL ? 'postgres' : 'pglite';
const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const c of cleanups.reverse()) await c().catch((e) => console.error('cleanup', e));
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 20_000) {
  const t0 = Date.now();
  while (!(await cond())) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** A fresh PostgreSQL database (name, url); dropped at the end of the file. */
async function freshPgDatabase(): Promise<string> {
  const name = `kt_test_q_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  cleanups.push(async () => {
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  });
  const u = new URL(PG_URL!);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * A Database on `url` (a bare PostgreSQL database) or a PGlite app database (the test template, without demo
 * data) in `dataDir` — in memory when undefined; `reopen`: the folder already holds the database.
 */
async function bareDatabase(
  where: { url?: string; dataDir?: string; reopen?: boolean } = {},
): Promise<Database> {
  if (where.url) {
    const pool = new pg.Pool({ connectionString: where.url, max: 4 });
    return {
      db: drizzlePg({ client: pool }) as unknown as Db,
      engine: 'postgres',
      created: false,
      close: () => pool.end(),
    };
  }
  if (where.reopen) return openDatabase({ dataDir: where.dataDir });
  const loadDataDir = await pgliteTemplateDump(false);
  return where.dataDir
    ? openDatabase({ dataDir: where.dataDir, loadDataDir })
    : openDatabase({ memory: true, loadDataDir });
}

/** One database for most tests, one queue on it (stopped, then the database closed, at the end). */
let shared: { database: Database; queue: Queue; url?: string } | null = null;
const fast: OpenQueueOptions = { pollingIntervalSeconds: 0.5 };
const sharedLog: string[] = [];
const noteLog = (_o: object, m?: string) => void sharedLog.push(m ?? '');
async function sharedQueue() {
  if (!shared) {
    const url = PG_URL ? await freshPgDatabase() : undefined;
    const database = await bareDatabase({ url });
    // its log is kept, not printed (the resilience test ends its connections too)
    const queue = await openQueue(database, { ...fast, log: { error: noteLog, warn: noteLog } });
    shared = { database, queue, url };
    cleanups.push(async () => {
      await queue.stop();
      await database.close();
    });
  }
  return shared;
}

const jobState = async (database: Database, id: string) =>
  (
    await queryRows<{ state: string }>(database.db, sql`SELECT state::text FROM pgboss.job WHERE id = ${id}`)
  )[0]?.state;

test(`${engine}: a failing pg-boss BEGIN…COMMIT block is rolled back, the connection stays usable`, async () => {
  const { database, url } = await sharedQueue();
  const block = 'BEGIN;\nSELECT 1;\nSELECT 1/0;\nCOMMIT;';
  if (engine === 'pglite') {
    // the app's own connection: left in an aborted transaction, every later query of the app would fail
    const adapter = pgliteAdapter((database.db as unknown as { $client: never }).$client);
    await assert.rejects(adapter.executeSql(block), /division by zero/);
    const r = await queryRows<{ x: number }>(database.db, sql`SELECT 1 AS x`);
    assert.equal(r[0]!.x, 1);
    assert.equal((await adapter.executeSql('SELECT 2 AS y')).rows[0].y, 2);
  } else {
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    try {
      const adapter = postgresAdapter(pool);
      await assert.rejects(adapter.executeSql(block), /division by zero/);
      // the pool's one connection is usable again (not 'current transaction is aborted')
      assert.equal((await pool.query('SELECT 1 AS x')).rows[0].x, 1);
    } finally {
      await pool.end();
    }
  }
});

test(`${engine}: a sent job is worked once and is then completed`, async () => {
  const { queue } = await sharedQueue();
  assert.equal(queue.engine, engine);
  const seen: { id: string; n: number; retryCount: number }[] = [];
  await queue.work<{ n: number }>('t.basic', async (j) => {
    seen.push({ id: j.id, n: j.data.n, retryCount: j.retryCount });
  });
  const ids = [];
  for (const n of [1, 2, 3]) ids.push(await queue.send('t.basic', { n }));
  assert.ok(ids.every((id) => typeof id === 'string'));
  await until('3 jobs', () => seen.length >= 3);
  await sleep(300);
  assert.deepEqual(seen.map((s) => s.n).sort(), [1, 2, 3]);
  assert.ok(seen.every((s) => s.retryCount === 0));
  const info = await queue.getJob<{ n: number }>('t.basic', ids[0]!);
  assert.equal(info?.state, 'completed');
  assert.deepEqual(info?.data, { n: 1 });
  assert.ok(info?.completedOn instanceof Date);
  assert.equal(await queue.getJob('t.basic', '00000000-0000-4000-8000-000000000000'), null);
  await assert.rejects(
    queue.work('t.basic', async () => {}),
    /already runs/,
  );
});

test(`${engine}: an idempotency key makes a second send a no-op (null) and the handler runs once`, async () => {
  const { queue } = await sharedQueue();
  await queue.define({ name: 't.idem' });
  const first = await queue.send('t.idem', { v: 'first' }, { key: 'task-42:2026-12-01' });
  const second = await queue.send('t.idem', { v: 'second' }, { key: 'task-42:2026-12-01' });
  assert.equal(first, jobIdForKey('t.idem', 'task-42:2026-12-01'));
  assert.equal(second, null);
  // another key, or the same key on another queue, is another job
  const other = await queue.send('t.idem', { v: 'other' }, { key: 'task-42:2026-12-02' });
  assert.ok(other && other !== first);
  const elsewhere = await queue.send('t.idem2', { v: 'x' }, { key: 'task-42:2026-12-01' });
  assert.ok(elsewhere && elsewhere !== first);

  const runs: string[] = [];
  await queue.work<{ v: string }>('t.idem', async (j) => void runs.push(j.data.v));
  await until('2 jobs', () => runs.length >= 2);
  // after completion the key is still taken (until the job is archived)
  assert.equal(await queue.send('t.idem', { v: 'third' }, { key: 'task-42:2026-12-01' }), null);
  await sleep(1200);
  assert.deepEqual(runs.sort(), ['first', 'other']);
  assert.equal((await queue.getJob<{ v: string }>('t.idem', first!))?.data.v, 'first');
});

test(`${engine}: a failing job is retried with back-off (1 + retryLimit attempts), then dead-lettered`, async () => {
  const { queue } = await sharedQueue();
  await queue.define({
    name: 't.fail',
    retryLimit: 2,
    retryDelaySeconds: 1,
    retryBackoff: true,
    deadLetter: 't.fail.dead',
  });
  const attempts: { at: number; retryCount: number; retryLimit: number }[] = [];
  await queue.work<{ to: string }>('t.fail', async (j) => {
    attempts.push({ at: Date.now(), retryCount: j.retryCount, retryLimit: j.retryLimit });
    throw new Error(`SMTP 550 for ${j.data.to}`);
  });
  const dead: QueueJob<{ to: string }>[] = [];
  await queue.work<{ to: string }>('t.fail.dead', async (j) => void dead.push(j));
  const id = await queue.send('t.fail', { to: 'a@example.vn' });
  assert.ok(id);
  await until('the dead letter', () => dead.length >= 1, 30_000);
  await sleep(600);
  assert.equal(attempts.length, 3, 'attempts = 1 + retryLimit');
  assert.deepEqual(
    attempts.map((a) => a.retryCount),
    [0, 1, 2],
  );
  assert.ok(attempts.every((a) => a.retryLimit === 2));
  // back-off: delay × 2^n × (1..2): ≥ 1 s before the first retry, ≥ 2 s before the second
  assert.ok(attempts[1]!.at - attempts[0]!.at >= 900, `gap 1 ${attempts[1]!.at - attempts[0]!.at}`);
  assert.ok(attempts[2]!.at - attempts[1]!.at >= 1900, `gap 2 ${attempts[2]!.at - attempts[1]!.at}`);
  assert.equal(dead.length, 1);
  assert.deepEqual(dead[0]!.data, { to: 'a@example.vn' });
  const info = await queue.getJob('t.fail', id);
  assert.equal(info?.state, 'failed');
  assert.match(JSON.stringify(info?.output), /SMTP 550 for a@example\.vn/);
  assert.ok(info?.completedOn instanceof Date);
  const deadInfo = await queue.getJob('t.fail.dead', dead[0]!.id);
  assert.equal(deadInfo?.state, 'completed');
});

test(`${engine}: per-job retry overrides: retryLimit 0 fails at once, without back-off`, async () => {
  const { queue } = await sharedQueue();
  let runs = 0;
  await queue.work('t.once', async () => {
    runs++;
    throw new Error('no');
  });
  const id = await queue.send('t.once', {}, { retryLimit: 0 });
  await until('failed', async () => (await queue.getJob('t.once', id!))?.state === 'failed');
  await sleep(700);
  assert.equal(runs, 1);
});

test(`${engine}: a job with startAfter waits`, async () => {
  const { queue } = await sharedQueue();
  const ran: number[] = [];
  await queue.work('t.later', async () => void ran.push(Date.now()));
  const t0 = Date.now();
  const id = await queue.send('t.later', {}, { startAfter: 2 });
  await sleep(1000);
  assert.equal(ran.length, 0);
  assert.equal((await queue.getJob('t.later', id!))?.state, 'created');
  await until('run', () => ran.length === 1, 10_000);
  assert.ok(ran[0]! - t0 >= 1900);
});

test(`${engine}: a cron schedule is registered with its time zone (Asia/Ho_Chi_Minh by default)`, async () => {
  const { queue } = await sharedQueue();
  await queue.schedule('t.daily', '0 7 * * 1-5', { pass: 'reminders' });
  await queue.schedule('t.utc', '*/5 * * * *', undefined, { tz: 'UTC' });
  let all = await queue.schedules!();
  assert.deepEqual(
    all.find((s) => s.name === 't.daily'),
    { name: 't.daily', cron: '0 7 * * 1-5', tz: 'Asia/Ho_Chi_Minh', data: { pass: 'reminders' } },
  );
  assert.equal(all.find((s) => s.name === 't.utc')?.tz, 'UTC');
  // one schedule per name: a second call replaces it
  await queue.schedule('t.daily', '30 6 * * *');
  all = await queue.schedules!();
  assert.equal(all.filter((s) => s.name === 't.daily').length, 1);
  assert.equal(all.find((s) => s.name === 't.daily')?.cron, '30 6 * * *');
  await assert.rejects(queue.schedule('t.bad', 'not a cron'));
  await queue.unschedule('t.utc');
  assert.equal(
    (await queue.schedules!()).find((s) => s.name === 't.utc'),
    undefined,
  );
});

test(`${engine}: jobs survive a restart (sent, closed without working, reopened, worked)`, async () => {
  let where: { url?: string; dataDir?: string };
  if (PG_URL) where = { url: await freshPgDatabase() };
  else {
    const dir = mkdtempSync(join(tmpdir(), 'kt-queue-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    where = { dataDir: dir };
  }
  let database = await bareDatabase(where);
  let queue = await openQueue(database, fast);
  await queue.define({ name: 't.durable', retryLimit: 1, retryDelaySeconds: 1 });
  const ids = [
    await queue.send('t.durable', { n: 1 }),
    await queue.send('t.durable', { n: 2 }, { key: 'k' }),
  ];
  await queue.stop();
  await database.close();

  database = await bareDatabase({ ...where, reopen: true });
  queue = await openQueue(database, fast);
  try {
    // the key is still taken after the restart
    assert.equal(await queue.send('t.durable', { n: 3 }, { key: 'k' }), null);
    const got: number[] = [];
    await queue.work<{ n: number }>('t.durable', async (j) => void got.push(j.data.n));
    await until('both jobs', () => got.length >= 2);
    assert.deepEqual(got.sort(), [1, 2]);
    for (const id of ids)
      await until('completed', async () => (await jobState(database, id!)) === 'completed');
  } finally {
    await queue.stop();
    await database.close();
  }
});

test(`${engine}: stop({ graceful }) waits for a running handler, which completes its job`, async () => {
  // a second queue (a second pg-boss, on PostgreSQL a second pool) on the shared database
  const { database } = await sharedQueue();
  const queue = await openQueue(database, fast);
  try {
    let started = 0;
    let finished = 0;
    await queue.work('t.slow', async () => {
      started = Date.now();
      await sleep(1500);
      finished = Date.now();
    });
    const id = await queue.send('t.slow', {});
    await until('the handler starts', () => started > 0);
    const t0 = Date.now();
    await queue.stop({ graceful: true });
    assert.ok(finished > 0, 'the handler finished before stop() resolved');
    assert.ok(Date.now() - t0 >= 1000);
    assert.equal(await jobState(database, id!), 'completed');
    // a stopped queue takes no new worker
    await assert.rejects(
      queue.work('t.other', async () => {}),
      /stopping/,
    );
  } finally {
    await queue.stop();
  }
});

test(
  'postgres: two processes (two queues, two pools) on one database share 100 jobs, each handled exactly once',
  { skip: !PG_URL && 'PostgreSQL only (DATABASE_URL)' },
  async (t) => {
    const url = await freshPgDatabase();
    const dbA = await bareDatabase({ url });
    const dbB = await bareDatabase({ url });
    const [qa, qb] = [await openQueue(dbA, fast), await openQueue(dbB, fast)];
    try {
      await qa.define({ name: 't.shared', retryLimit: 0 });
      for (let n = 0; n < 100; n++) await qa.send('t.shared', { n });
      const handled = new Map<number, string[]>();
      const handler = (who: string) => async (j: QueueJob<{ n: number }>) => {
        handled.set(j.data.n, [...(handled.get(j.data.n) ?? []), who]);
        await sleep(5);
      };
      await Promise.all([qa.work('t.shared', handler('A')), qb.work('t.shared', handler('B'))]);
      await until('100 jobs', () => handled.size >= 100, 30_000);
      await sleep(1000);
      assert.equal(handled.size, 100);
      for (const [n, who] of handled) assert.equal(who.length, 1, `job ${n} handled by ${who.join(',')}`);
      const byA = [...handled.values()].filter((w) => w[0] === 'A').length;
      assert.ok(byA > 0 && byA < 100, `both processes took a share (A: ${byA}, B: ${100 - byA})`);
      t.diagnostic(`shares: A ${byA}, B ${100 - byA}`);
      const rows = await queryRows<{ n: number }>(
        dbA.db,
        sql`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 't.shared' AND state = 'completed'`,
      );
      assert.equal(rows[0]!.n, 100);
    } finally {
      await qa.stop();
      await qb.stop();
      await dbA.close();
      await dbB.close();
    }
  },
);

test(
  'postgres: connections of the queue ended by the server are logged, never end the process; work goes on',
  { skip: !PG_URL && 'PostgreSQL only (DATABASE_URL)' },
  async () => {
    const { database, url } = await sharedQueue();
    const logged: string[] = [];
    const log = {
      error: (_o: object, m?: string) => void logged.push(m ?? ''),
      warn: (_o: object, m?: string) => void logged.push(m ?? ''),
    };
    const queue = await openQueue(database, { ...fast, log, databaseUrl: url });
    try {
      const got: number[] = [];
      await queue.work<{ n: number }>('t.resilient', async (j) => void got.push(j.data.n));
      await queue.send('t.resilient', { n: 1 });
      await until('job 1', () => got.length === 1);
      // an administrator (or a failover) ends every connection of the queue's pools
      const killed = await queryRows<{ n: number }>(
        database.db,
        sql`SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
            WHERE application_name = 'kientao-queue' AND datname = current_database()`,
      );
      assert.ok(killed[0]!.n >= 1);
      await sleep(1500);
      assert.ok(
        logged.some((m) => /idle connection ended/.test(m)),
        logged.join(' | '),
      );
      await queue.send('t.resilient', { n: 2 });
      await until('job 2 after the reconnect', () => got.length === 2);
    } finally {
      await queue.stop();
    }
  },
);

test(`${engine}: the app harness with the queue on starts workers and closes cleanly`, async () => {
  const t = await startTestApp({ demo: false, queue: true });
  try {
    assert.ok(t.queue);
    assert.equal(t.queue.engine, engine);
    assert.equal(t.sctx.queue, t.queue);
    // the app's own queues are defined by the registrations of src/server/workers.ts at start
    const seen: string[] = [];
    await t.queue.work<{ s: string }>('t.app', async (j) => void seen.push(j.data.s));
    await t.queue.send('t.app', { s: 'hello' });
    await until('the job', () => seen.length === 1);
    const health = await t.anon().get('/api/health');
    assert.equal(health.status, 200);
  } finally {
    await t.close();
  }
});
