/**
 * Sending throughput to a local SMTP server (issue 7 §7), part of `npm run bench:reminders`.
 *
 * Starts `smtp-server` on 127.0.0.1 (no TLS, no auth; messages read and dropped), enqueues N e-mails in the
 * outbox (one transaction, `enqueueOutboxMany`), then runs the outbox dispatcher (src/modules/notifications/
 * dispatcher.ts, SMTP adapter with nodemailer's pooled transport) until every row is `sent`. Prints the
 * enqueue time, messages/s of the drain, and p50/p99 per-message latency (the SMTP adapter's send: from the
 * call to the server's acceptance, while a batch of messages shares the pool).
 *
 * Engine: PostgreSQL when DATABASE_URL is set (its own database `kientao_bench_send`, created and dropped),
 * else PGlite in memory.
 *
 * Options: `--send-count N` (default 5,000), `--send-batch N` (rows claimed per batch, default 50),
 * `--send-connections N` (pooled SMTP connections, default 5), `--send-parallel N` (batches in flight, default 1).
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { openDatabase, queryRows, type Database } from '../src/db/engine.ts';
import { enqueueOutboxMany, type OutboxInsert } from '../src/modules/notifications/outbox.ts';
import { OutboxDispatcher } from '../src/modules/notifications/dispatcher.ts';
import { SmtpAdapter } from '../src/modules/notifications/channels/smtp.ts';
import { LogAdapter } from '../src/modules/notifications/channels/log.ts';
import { renderNotice } from '../src/modules/notifications/templates.ts';
import '../src/modules/notifications/notify.ts';

function opt(args: string[], name: string, dflt: number): number {
  const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return dflt;
  const v = args[i]!.includes('=') ? args[i]!.split('=')[1] : args[i + 1];
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name}: a positive integer, got ${v}`);
  return n;
}

const DB_NAME = 'kientao_bench_send';

async function openBenchDatabase(): Promise<{ db: Database; drop: () => Promise<void> }> {
  if (!process.env.DATABASE_URL) return { db: await openDatabase({ memory: true }), drop: async () => {} };
  const server = new URL(process.env.DATABASE_URL);
  server.pathname = '/postgres';
  const admin = async (q: string) => {
    const c = new pg.Client({ connectionString: server.toString() });
    await c.connect();
    try {
      await c.query(q);
    } finally {
      await c.end();
    }
  };
  await admin(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${DB_NAME}`);
  const url = new URL(server.toString());
  url.pathname = `/${DB_NAME}`;
  return {
    db: await openDatabase({ databaseUrl: url.toString() }),
    drop: () => admin(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`),
  };
}

const pct = (xs: number[], p: number) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

export async function runSendBench(args: string[]): Promise<void> {
  const count = opt(args, 'send-count', 5000);
  const batchSize = opt(args, 'send-batch', 50);
  const connections = opt(args, 'send-connections', 5);
  const parallel = opt(args, 'send-parallel', 1);

  let received = 0;
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    maxClients: 100,
    onData(stream, _s, cb) {
      stream.on('data', () => {});
      stream.on('end', () => {
        received++;
        cb();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
  const port = (smtp.server.address() as AddressInfo).port;

  const { db: database, drop } = await openBenchDatabase();
  const db = database.db;
  const engine = database.engine;
  console.log(
    `\nsend bench: ${count} e-mails, ${engine}, batch ${batchSize} × ${parallel} in flight, ${connections} SMTP connections`,
  );
  try {
    // realistic messages: the reminder template, rendered once per locale like notify() does
    const data = {
      ruleName: { vi: 'Nhắc nhiệm vụ quá hạn', en: 'Overdue tasks' },
      step: 'overdue',
      itemType: 'task',
      count: 3,
      items: [1, 2, 3].map((i) => ({
        id: randomUUID(),
        ref: `NV-${i}`,
        title: `Báo cáo tình hình thực hiện nhiệm vụ số ${i}`,
        dueDate: '2026-02-13',
        overdueWorkingDays: i,
      })),
      recipientName: 'Sở Thử nghiệm',
      reason: { vi: 'Cơ quan chủ trì', en: 'Lead agency' },
    };
    const m = renderNotice('reminder.task.overdue', data, {
      locale: 'vi',
      publicUrl: 'https://kientao.example.vn',
      link: '/tasks',
    });
    const batchId = randomUUID();
    const rows: OutboxInsert[] = Array.from({ length: count }, (_, i) => ({
      channel: 'email',
      recipientType: 'user',
      recipientId: null,
      address: `user${i}@bench.example.vn`,
      kind: 'reminder.task.overdue',
      subject: m.subject,
      bodyText: m.text,
      bodyHtml: m.html,
      ref: 'bench',
      batchId,
      dedupeKey: `bench:${i}`,
    }));
    let t0 = performance.now();
    await db.transaction((tx) => enqueueOutboxMany(tx, rows));
    const enqueueMs = performance.now() - t0;

    const latencies: number[] = [];
    const email = new SmtpAdapter({
      url: `smtp://127.0.0.1:${port}`,
      from: 'Kiến Tạo <no-reply@kientao.local>',
      maxConnections: connections,
    });
    const dispatcher = new OutboxDispatcher(
      db,
      { email, sms: new LogAdapter('sms', () => {}), zalo: new LogAdapter('zalo', () => {}) },
      {
        batchSize,
        parallelBatches: parallel,
        observe: (_id, ms) => latencies.push(ms),
        warn: (msg) => console.warn(msg),
      },
    );
    t0 = performance.now();
    const claimed = await dispatcher.drain();
    const drainMs = performance.now() - t0;
    await dispatcher.stop();
    await email.close();

    const [st] = await queryRows<{ sent: number; other: number; events: number }>(
      db,
      sql`SELECT count(*) FILTER (WHERE state = 'sent')::int AS sent, count(*) FILTER (WHERE state <> 'sent')::int AS other,
            (SELECT count(*)::int FROM outbox_events) AS events FROM outbox_messages`,
    );
    const [lat] = await queryRows<{ p50: number; p99: number }>(
      db,
      sql`SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::float8 AS p50,
                 percentile_cont(0.99) WITHIN GROUP (ORDER BY ms)::float8 AS p99
          FROM (SELECT extract(epoch FROM (s.at - c.at)) * 1000 AS ms
                FROM outbox_events c JOIN outbox_events s ON s.message_id = c.message_id
                WHERE c.to_state = 'sending' AND s.to_state = 'sent') x`,
    );
    const f = (x: number) => x.toFixed(1);
    console.log(`  enqueue ${count} rows (one transaction): ${f(enqueueMs)} ms`);
    console.log(
      `  drain: ${claimed} claimed, ${st?.sent} sent, ${st?.other} not sent, ${received} received by the SMTP server, ` +
        `${st?.events} outbox events`,
    );
    console.log(`  throughput: ${f(count / (drainMs / 1000))} messages/s (${f(drainMs)} ms)`);
    console.log(
      `  per-message SMTP send (call → accepted): p50 ${f(pct(latencies, 50))} ms, p99 ${f(pct(latencies, 99))} ms`,
    );
    console.log(
      `  per-message claim → recorded sent (database clock, includes the batch): p50 ${f(lat?.p50 ?? NaN)} ms, p99 ${f(lat?.p99 ?? NaN)} ms`,
    );
  } finally {
    await database.close();
    await drop();
    await new Promise<void>((r) => smtp.close(() => r()));
  }
}
