/**
 * The durable job queue (hàng đợi công việc) — our own interface over pg-boss 10.4 (ARCHITECTURE.md: jobs),
 * on both engines: PostgreSQL through a `pg` pool, PGlite through a small `executeSql` adapter. Modules
 * depend on this interface only, never on pg-boss.
 *
 * Guarantees: jobs are rows in the database (schema `pgboss`), so they survive a restart; a job whose worker
 * died is retried after `expireInSeconds`; several processes on one PostgreSQL database share the work
 * (`FOR UPDATE SKIP LOCKED`), one worker per queue per process. Delivery is at-least-once: handlers must be
 * idempotent.
 */

export interface JobOptions {
  /**
   * Idempotency key: a second `send` with the same queue and key is ignored (returns null) while the first
   * job is kept (any state, until archived). Keys are mapped to a deterministic job id.
   */
  key?: string;
  /** run no earlier than this instant (or this many seconds from now) */
  startAfter?: Date | number;
  /** overrides of the queue's retry policy for this job */
  retryLimit?: number;
  retryDelaySeconds?: number;
  retryBackoff?: boolean;
  /** a running job not finished after this many seconds is considered dead and retried */
  expireInSeconds?: number;
}

export interface QueueDefinition {
  name: string;
  /** attempts after the first (default 3) */
  retryLimit?: number;
  /** delay before the first retry, seconds (default 30) */
  retryDelaySeconds?: number;
  /** exponential back-off: delay × 2^n (with jitter) (default true) */
  retryBackoff?: boolean;
  /** default 15 min */
  expireInSeconds?: number;
  /** queue that receives a job once its retries are exhausted (the dead-letter queue; defined if missing) */
  deadLetter?: string;
}

export interface QueueJob<T = unknown> {
  id: string;
  name: string;
  data: T;
  /** attempts already failed (0 on the first run) */
  retryCount: number;
  retryLimit: number;
}

export type JobState = 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';

export interface JobInfo<T = unknown> extends QueueJob<T> {
  state: JobState;
  createdOn: Date;
  completedOn: Date | null;
  /** the error or output of the last attempt */
  output: unknown;
}

export interface WorkOptions {
  /** jobs fetched per poll (handler still gets one job at a time); default 1 */
  batchSize?: number;
  /** default 2 s on PostgreSQL, 5 s on PGlite (a `send` in the same process wakes the worker at once) */
  pollingIntervalSeconds?: number;
}

/** A registered cron schedule (see {@link Queue.schedule}). */
export interface ScheduleInfo {
  name: string;
  /** 5-field cron expression */
  cron: string;
  /** IANA time zone the cron is read in, e.g. 'Asia/Ho_Chi_Minh' */
  tz: string;
  data: unknown;
}

export interface Queue {
  readonly engine: 'pglite' | 'postgres';
  /** Creates (or updates) a queue and its dead-letter queue. Idempotent. */
  define(def: QueueDefinition): Promise<void>;
  /** Enqueues a job; returns its id, or null when `opts.key` was already used for this queue. */
  send<T extends object>(name: string, data: T, opts?: JobOptions): Promise<string | null>;
  /** Registers this process's worker for a queue (one per queue per process); a thrown error = failed attempt. */
  work<T>(name: string, handler: (job: QueueJob<T>) => Promise<void>, opts?: WorkOptions): Promise<void>;
  /** A cron schedule (5 fields) in a time zone (default Asia/Ho_Chi_Minh); one per queue name. */
  schedule(name: string, cron: string, data?: object, opts?: { tz?: string }): Promise<void>;
  unschedule(name: string): Promise<void>;
  /** All registered schedules (of every process on this database). */
  schedules?(): Promise<ScheduleInfo[]>;
  /** One job, or null. */
  getJob<T = unknown>(name: string, id: string): Promise<JobInfo<T> | null>;
  /** Wakes the workers of a queue now instead of at the next poll (best effort). */
  notifyWork?(name: string): void;
  /** Stops polling; `graceful` waits for running handlers to finish (default true). */
  stop(opts?: { graceful?: boolean; timeoutMs?: number }): Promise<void>;
}
