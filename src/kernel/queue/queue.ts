/**
 * The durable job queue on the database: pg-boss 10.4 behind our {@link Queue} interface, on both engines
 * (docs/queue.md).
 *
 * - PostgreSQL: pg-boss runs on a small pool of its own (default 4 connections, `application_name`
 *   `kientao-queue`) opened from the app pool's connection string, so queue polling never waits behind a burst
 *   of HTTP requests (and the app's requests never wait behind the queue).
 * - PGlite: pg-boss runs on the app's one PGlite connection through an `executeSql` adapter — parameterised
 *   statements through `query`, multi-statement text through `exec` (pg-boss's `BEGIN; … COMMIT;` maintenance
 *   blocks run inside a PGlite transaction, so a failing block is rolled back instead of leaving the shared
 *   connection in an aborted transaction). Polling is slower by default (5 s) and a `send` wakes the worker of
 *   the same process at once.
 *
 * pg-boss creates and migrates its own schema `pgboss` at start (not a drizzle migration: the schema is
 * pg-boss's, versioned by pg-boss, and must follow the installed pg-boss version).
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import PgBoss from 'pg-boss';
import pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';
import type { Database } from '../../db/engine.ts';
import type {
  JobInfo,
  JobOptions,
  JobState,
  Queue,
  QueueDefinition,
  QueueJob,
  ScheduleInfo,
  WorkOptions,
} from './types.ts';

/** pg-boss's SQL texts, to recognise the completion/failure it issues without awaiting (see `adapter`). */
const plans = createRequire(import.meta.url)('pg-boss/src/plans.js') as {
  completeJobs(schema: string): string;
  failJobsById(schema: string): string;
};
const SCHEMA = 'pgboss';
const COMPLETE_SQL = plans.completeJobs(SCHEMA);
const FAIL_SQL = plans.failJobsById(SCHEMA);
/** pg-boss's internal queues (the cron "send-it" queue) — completed by pg-boss itself */
const INTERNAL_PREFIX = '__pgboss__';
/** pg-boss's locked maintenance/creation blocks */
const LOCKED_BLOCK = /^\s*BEGIN;([\s\S]*)COMMIT;?\s*$/;

export const DEFAULT_TZ = 'Asia/Ho_Chi_Minh';
const DEFAULTS = { retryLimit: 3, retryDelaySeconds: 30, retryBackoff: true, expireInSeconds: 15 * 60 };

/** The log the queue writes to (fastify's pino logger fits; default: the console). */
export interface QueueLogger {
  error(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface OpenQueueOptions {
  log?: QueueLogger;
  /** PostgreSQL: URL of the queue's own pool (default: the app pool's connection string) */
  databaseUrl?: string;
  /** PostgreSQL: size of the queue's own pool (default 4) */
  poolSize?: number;
  /** default worker polling interval, seconds (default 2 on PostgreSQL, 5 on PGlite; minimum 0.5) */
  pollingIntervalSeconds?: number;
  /** run the cron timekeeper of this process (default true) */
  schedule?: boolean;
  /** how often expired active jobs are failed and finished jobs archived, seconds (default 120 / PGlite 300) */
  maintenanceIntervalSeconds?: number;
}

type Db = { executeSql(text: string, values?: unknown[]): Promise<{ rows: any[] }> };

const consoleLog: QueueLogger = {
  error: (o, m) => console.error(`[queue] ${m ?? ''}`, o),
  warn: (o, m) => console.warn(`[queue] ${m ?? ''}`, o),
};

/**
 * The deterministic job id of an idempotency key: a UUID (version 5 layout) from SHA-1 of the queue name and
 * the key, so a second `send` with the same key hits pg-boss's primary key (name, id) and is ignored.
 */
export function jobIdForKey(queue: string, key: string): string {
  const b = createHash('sha1').update(`kientao-queue\u0000${queue}\u0000${key}`).digest().subarray(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x50;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const nulls = (values: unknown[]) => values.map((v) => (v === undefined ? null : v));

/** pg-boss's `executeSql` on the PGlite connection the app uses (exported for tests). */
export function pgliteAdapter(client: PGlite): Db {
  return {
    async executeSql(text, values) {
      if (values?.length) return client.query(text, nulls(values));
      const block = LOCKED_BLOCK.exec(text);
      const results = block ? await client.transaction((tx) => tx.exec(block[1]!)) : await client.exec(text);
      return results[results.length - 1] ?? { rows: [] };
    },
  };
}

/**
 * pg-boss's `executeSql` on the queue's own PostgreSQL pool (exported for tests). A failing `BEGIN; … COMMIT;`
 * block needs no care here: `pool.query` discards a connection whose query failed (pg-pool `release(err)`),
 * so an aborted transaction never goes back to the pool.
 */
export function postgresAdapter(pool: pg.Pool): Db {
  return {
    executeSql: (text, values) => pool.query(text, values?.length ? nulls(values) : undefined),
  };
}

/**
 * Opens the queue on the app's database and starts pg-boss (creating or migrating its schema `pgboss`).
 * Call {@link Queue.stop} before closing the database.
 */
export async function openQueue(database: Database, opts: OpenQueueOptions = {}): Promise<Queue> {
  const log = opts.log ?? consoleLog;
  const engine = database.engine;
  const client = (database.db as unknown as { $client: unknown }).$client;
  let pool: pg.Pool | null = null;
  let raw: Db;
  if (engine === 'postgres') {
    const url =
      opts.databaseUrl ?? (client as { options?: { connectionString?: string } }).options?.connectionString;
    if (!url) throw new Error('openQueue: no PostgreSQL connection string (pass opts.databaseUrl)');
    pool = new pg.Pool({
      connectionString: url,
      max: opts.poolSize ?? 4,
      application_name: 'kientao-queue',
    });
    pool.on('error', (e: Error & { code?: string }) =>
      log.error({ err: e, code: e.code }, 'queue: idle connection ended by the server'),
    );
    raw = postgresAdapter(pool);
  } else {
    raw = pgliteAdapter(client as PGlite);
  }

  // every statement and every running handler is counted, so stop() can wait for the last one before the
  // database closes
  let inFlight = 0;
  let running = 0;
  const track = async <T>(p: () => Promise<T>): Promise<T> => {
    inFlight++;
    try {
      return await p();
    } finally {
      inFlight--;
    }
  };
  /** what our own calls use: errors reach the caller */
  const strict: Db = { executeSql: (text, values) => track(() => raw.executeSql(text, values)) };
  /**
   * what pg-boss uses by default. pg-boss completes or fails a worker's jobs without awaiting the promise
   * (an unhandled rejection would end the process): we complete and fail our jobs ourselves (through
   * `strict`), so its trailing completion of our queues is skipped, and a failure it records (a handler over
   * its expiry) never rejects — it is logged, and the job is expired by maintenance instead.
   */
  const lenient: Db = {
    executeSql: async (text, values) => {
      if (text === COMPLETE_SQL && !String(values?.[0]).startsWith(INTERNAL_PREFIX))
        return { rows: [{ count: 0 }] };
      if (text === COMPLETE_SQL || text === FAIL_SQL) {
        try {
          return await strict.executeSql(text, values);
        } catch (e) {
          log.error({ err: e, queue: values?.[0] }, 'queue: recording a job result failed');
          return { rows: [{ count: 0 }] };
        }
      }
      return strict.executeSql(text, values);
    },
  };

  const pglite = engine === 'pglite';
  const pollingIntervalSeconds = opts.pollingIntervalSeconds ?? (pglite ? 5 : 2);
  const boss = new PgBoss({
    db: lenient as PgBoss.Db,
    schema: SCHEMA,
    migrate: true,
    supervise: true,
    schedule: opts.schedule ?? true,
    maintenanceIntervalSeconds: opts.maintenanceIntervalSeconds ?? (pglite ? 300 : 120),
    cronMonitorIntervalSeconds: 30,
    cronWorkerIntervalSeconds: pglite ? 10 : 5,
    clockMonitorIntervalSeconds: 600,
    pollingIntervalSeconds,
    retryLimit: DEFAULTS.retryLimit,
    retryDelay: DEFAULTS.retryDelaySeconds,
    retryBackoff: DEFAULTS.retryBackoff,
    expireInSeconds: DEFAULTS.expireInSeconds,
  });
  boss.on('error', (e: Error) => log.error({ err: e }, 'queue: pg-boss error'));
  try {
    await boss.start();
  } catch (e) {
    await pool?.end();
    throw e;
  }

  const known = new Set<string>();
  const workers = new Map<string, string>();
  let stopping: Promise<void> | null = null;

  const ensure = async (name: string) => {
    if (known.has(name)) return;
    // create-if-missing with our defaults (pg-boss silently drops a job sent to an unknown queue)
    await boss.createQueue(name, {
      name,
      retryLimit: DEFAULTS.retryLimit,
      retryDelay: DEFAULTS.retryDelaySeconds,
      retryBackoff: DEFAULTS.retryBackoff,
      expireInSeconds: DEFAULTS.expireInSeconds,
    });
    known.add(name);
  };

  const runOne = async <T>(
    name: string,
    job: PgBoss.JobWithMetadata<T>,
    handler: (job: QueueJob<T>) => Promise<void>,
  ) => {
    running++;
    try {
      await runGuarded(name, job, handler);
    } finally {
      running--;
    }
  };

  const runGuarded = async <T>(
    name: string,
    job: PgBoss.JobWithMetadata<T>,
    handler: (job: QueueJob<T>) => Promise<void>,
  ) => {
    try {
      await handler({
        id: job.id,
        name: job.name,
        data: job.data,
        retryCount: job.retryCount,
        retryLimit: job.retryLimit,
      });
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      try {
        await boss.fail(name, job.id, err as unknown as object, { db: strict as PgBoss.Db });
      } catch (e2) {
        log.error({ err: e2, queue: name, job: job.id }, 'queue: recording a failed attempt failed');
      }
      return;
    }
    try {
      await boss.complete(name, job.id, null as unknown as object, { db: strict as PgBoss.Db });
    } catch (e) {
      // the job stays active and is retried after its expiry (at-least-once)
      log.error({ err: e, queue: name, job: job.id }, 'queue: recording a completed job failed');
    }
  };

  const mapState = (s: string): JobState => s as JobState;

  const queue: Queue = {
    engine,

    async define(def: QueueDefinition) {
      if (def.deadLetter) await ensure(def.deadLetter);
      const o = {
        name: def.name,
        retryLimit: def.retryLimit ?? DEFAULTS.retryLimit,
        retryDelay: def.retryDelaySeconds ?? DEFAULTS.retryDelaySeconds,
        retryBackoff: def.retryBackoff ?? DEFAULTS.retryBackoff,
        expireInSeconds: def.expireInSeconds ?? DEFAULTS.expireInSeconds,
        ...(def.deadLetter ? { deadLetter: def.deadLetter } : {}),
      };
      await boss.createQueue(def.name, { ...o });
      await boss.updateQueue(def.name, { ...o });
      known.add(def.name);
    },

    async send(name, data, o: JobOptions = {}) {
      await ensure(name);
      const options: PgBoss.SendOptions = {};
      if (o.key !== undefined) options.id = jobIdForKey(name, o.key);
      if (o.startAfter !== undefined) options.startAfter = o.startAfter;
      if (o.retryLimit !== undefined) options.retryLimit = o.retryLimit;
      if (o.retryDelaySeconds !== undefined) options.retryDelay = o.retryDelaySeconds;
      if (o.retryBackoff !== undefined) options.retryBackoff = o.retryBackoff;
      if (o.expireInSeconds !== undefined) options.expireInSeconds = o.expireInSeconds;
      const id = await boss.send(name, data, options);
      const later =
        o.startAfter instanceof Date ? o.startAfter.getTime() > Date.now() : (o.startAfter ?? 0) > 0;
      if (id && !later) queue.notifyWork?.(name);
      return id;
    },

    async work<T>(name: string, handler: (job: QueueJob<T>) => Promise<void>, o: WorkOptions = {}) {
      if (stopping) throw new Error(`queue is stopping: no new worker for ${name}`);
      if (workers.has(name)) throw new Error(`a worker for queue ${name} already runs in this process`);
      await ensure(name);
      const batchSize = o.batchSize ?? 1;
      let workerId = '';
      workerId = await boss.work<T>(
        name,
        {
          includeMetadata: true,
          batchSize,
          pollingIntervalSeconds: o.pollingIntervalSeconds ?? pollingIntervalSeconds,
        },
        async (jobs) => {
          for (const job of jobs) await runOne(name, job, handler);
          // a full batch: more jobs may be waiting — fetch again at once, not after the polling interval
          if (jobs.length >= batchSize && !stopping) boss.notifyWorker(workerId);
        },
      );
      workers.set(name, workerId);
    },

    async schedule(name, cron, data = {}, o = {}) {
      await ensure(name);
      await boss.schedule(name, cron, data, { tz: o.tz ?? DEFAULT_TZ });
    },

    async unschedule(name) {
      await boss.unschedule(name);
    },

    async schedules(): Promise<ScheduleInfo[]> {
      const rows = (await boss.getSchedules()) as unknown as {
        name: string;
        cron: string;
        timezone: string;
        data: unknown;
      }[];
      return rows.map((r) => ({ name: r.name, cron: r.cron, tz: r.timezone, data: r.data ?? null }));
    },

    async getJob<T>(name: string, id: string): Promise<JobInfo<T> | null> {
      const j = await boss.getJobById<T>(name, id, { includeArchive: true, db: strict as PgBoss.Db });
      if (!j) return null;
      return {
        id: j.id,
        name: j.name,
        data: j.data,
        retryCount: j.retryCount,
        retryLimit: j.retryLimit,
        state: mapState(j.state),
        createdOn: new Date(j.createdOn),
        completedOn: j.completedOn ? new Date(j.completedOn) : null,
        output: j.output ?? null,
      };
    },

    notifyWork(name) {
      const id = workers.get(name);
      if (id) boss.notifyWorker(id);
    },

    stop({ graceful = true, timeoutMs = 30_000 } = {}) {
      stopping ??= (async () => {
        const t0 = Date.now();
        try {
          await boss.stop({ graceful, timeout: timeoutMs, wait: true, close: false });
        } catch (e) {
          log.error({ err: e }, 'queue: stopping pg-boss failed');
        }
        // a fetch still under way may hand over one more job; its handler and the last statements finish
        // before the database closes (graceful), or only the statements (not graceful, bounded to 5 s)
        const deadline = graceful ? t0 + Math.max(timeoutMs, 1000) : Date.now() + 5000;
        while ((inFlight > 0 || (graceful && running > 0)) && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 20));
        }
        await pool?.end();
      })();
      return stopping;
    },
  };
  return queue;
}
