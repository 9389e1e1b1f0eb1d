/**
 * Background jobs, in process (issue 6 point 10; issue 7 will move the queue to pg-boss behind the same
 * interface): `runner.start(type, owner, input, run)` records a `queued` job in the `jobs` table and returns
 * its id at once; the runner starts it when a slot is free (concurrency: env `KIENTAO_JOBS_CONCURRENCY`,
 * default 2), hands `run` a context `{ progress(pct, msg?), signal }` and stores the file it returns.
 *
 * - States and transitions are data (states.ts); each change is one conditional UPDATE, so cancelling and
 *   finishing race safely: a job cancelled while running never stores its file.
 * - Progress (0–100, integer) and the message are written to the row at most every 250 ms and whenever the
 *   job ends, so the status is visible from any request (and any process sharing the database). A progress
 *   write that finds the job no longer `running` (cancelled by another process) aborts the local run.
 * - `cancel(id)` moves a queued or running job to `cancelled` and aborts its signal: the renderers stop at the
 *   next block, a worker thread is terminated, soffice is killed (pdf.ts).
 * - A job the process did not finish (the server stopped) is found `queued`/`running` at the next start
 *   and marked `failed` with the message "interrupted" — this assumes ONE server process per database, the
 *   deployment of issue 1; issue 7's pg-boss lifts it.
 * - Finished jobs and their files are deleted 7 days after they finished (at the next `start`).
 * - A user may have at most `KIENTAO_JOBS_PER_USER` (default 5) unfinished (queued/running) jobs: the next
 *   `start` answers 429 `too_many_jobs`.
 * - Work done inside a request (a direct download) takes a slot with `tryAcquire()`, so it shares the same
 *   concurrency limit as the queued jobs; no free slot → null (the route answers 503 `busy`).
 *
 * Times are instants (UTC) in the database; the API returns ISO strings.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/engine.ts';
import { jobs } from '../../db/schema.ts';
import { AppError } from '../errors.ts';
import { statesLeadingTo, type JobState } from './states.ts';

export interface JobResult {
  file: Buffer;
  filename: string;
  contentType: string;
}

export interface JobContext {
  /** report progress 0–100 (clamped, integer) and an optional message (vi) */
  progress(pct: number, msg?: string): void;
  /** aborted when the job is cancelled or the server shuts down */
  signal: AbortSignal;
}

export type JobRun = (ctx: JobContext) => Promise<JobResult>;

/** A job as stored (without its file bytes). */
export interface JobView {
  id: string;
  type: string;
  ownerUserId: string | null;
  state: JobState;
  progress: number;
  message: string | null;
  errorCode: string | null;
  input: unknown;
  resultName: string | null;
  resultType: string | null;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}

const VIEW = {
  id: jobs.id,
  type: jobs.type,
  ownerUserId: jobs.ownerUserId,
  state: jobs.state,
  progress: jobs.progress,
  message: jobs.message,
  errorCode: jobs.errorCode,
  input: jobs.input,
  resultName: jobs.resultName,
  resultType: jobs.resultType,
  createdAt: jobs.createdAt,
  updatedAt: jobs.updatedAt,
  finishedAt: jobs.finishedAt,
};

const RETENTION_DAYS = 7;
const PROGRESS_EVERY_MS = 250;
/** unfinished (queued/running) jobs a user may have: env KIENTAO_JOBS_PER_USER, default 5 */
const MAX_UNFINISHED_PER_USER = () => Math.max(1, Number(process.env.KIENTAO_JOBS_PER_USER) || 5);

interface Pending {
  id: string;
  run: JobRun;
}

export class JobRunner {
  private readonly queue: Pending[] = [];
  private readonly active = new Map<string, AbortController>();
  private readonly settled = new Set<Promise<void>>();
  private recovered: Promise<void> | null = null;
  /** slots held by in-request work (tryAcquire) */
  private direct = 0;
  private closed = false;

  constructor(
    private readonly db: Db,
    readonly concurrency = Math.max(1, Number(process.env.KIENTAO_JOBS_CONCURRENCY) || 2),
  ) {}

  /** Marks jobs left queued/running by a previous process as failed ("interrupted"). Idempotent. */
  recover(): Promise<void> {
    this.recovered ??= (async () => {
      await this.db
        .update(jobs)
        .set({
          state: 'failed',
          message: 'Bị gián đoạn do máy chủ khởi động lại / interrupted by a server restart',
          errorCode: 'interrupted',
          updatedAt: new Date(),
          finishedAt: new Date(),
        })
        .where(inArray(jobs.state, ['queued', 'running']));
    })();
    return this.recovered;
  }

  /**
   * Records a queued job and schedules it; returns its id. `input` is kept with the job (JSON) for the
   * record; `run` does the work.
   */
  async start(type: string, ownerUserId: string | null, input: unknown, run: JobRun): Promise<string> {
    if (this.closed)
      throw new AppError(503, 'shutting_down', 'Máy chủ đang dừng.', 'The server is stopping.');
    await this.recover();
    if (ownerUserId) {
      const [row] = await this.db
        .select({ n: sql<number>`count(*)::int` })
        .from(jobs)
        .where(and(eq(jobs.ownerUserId, ownerUserId), inArray(jobs.state, ['queued', 'running'])));
      if (Number(row?.n ?? 0) >= MAX_UNFINISHED_PER_USER())
        throw new AppError(
          429,
          'too_many_jobs',
          `Bạn đã có ${MAX_UNFINISHED_PER_USER()} tác vụ chưa xong; hãy chờ hoặc hủy bớt.`,
          `You already have ${MAX_UNFINISHED_PER_USER()} unfinished jobs; wait or cancel some.`,
        );
    }
    const id = randomUUID();
    await this.db.insert(jobs).values({ id, type, ownerUserId, state: 'queued', progress: 0, input });
    await this.db
      .delete(jobs)
      .where(lt(jobs.finishedAt, sql`now() - make_interval(days => ${RETENTION_DAYS})`));
    this.queue.push({ id, run });
    this.pump();
    return id;
  }

  /**
   * Takes one of the `concurrency` slots for work done inside a request (not queued): returns the release
   * function, or null when every slot is busy. Queued jobs wait while the slot is held.
   */
  tryAcquire(): (() => void) | null {
    if (this.closed || this.active.size + this.direct >= this.concurrency) return null;
    this.direct++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.direct--;
      this.pump();
    };
  }

  /** The job (without its bytes), or null. */
  async get(id: string): Promise<JobView | null> {
    const [row] = await this.db.select(VIEW).from(jobs).where(eq(jobs.id, id));
    return row ? { ...row, state: row.state as JobState } : null;
  }

  /** The stored file of a done job, or null. */
  async file(id: string): Promise<{ name: string; type: string; data: Buffer } | null> {
    const [row] = await this.db
      .select({ name: jobs.resultName, type: jobs.resultType, data: jobs.resultData, state: jobs.state })
      .from(jobs)
      .where(eq(jobs.id, id));
    if (!row || row.state !== 'done' || !row.data) return null;
    return { name: row.name ?? 'file', type: row.type ?? 'application/octet-stream', data: row.data };
  }

  /**
   * Cancels a queued or running job: state `cancelled`, its signal aborted (soffice killed, worker
   * terminated). Returns false when the job had already ended (done, failed or cancelled).
   */
  async cancel(id: string): Promise<boolean> {
    const ok = await this.transition(id, 'cancelled', {
      message: 'Đã hủy / cancelled',
      finishedAt: new Date(),
    });
    const i = this.queue.findIndex((p) => p.id === id);
    if (i >= 0) this.queue.splice(i, 1);
    this.active.get(id)?.abort();
    return ok;
  }

  /** Aborts every running job and waits for them to settle (app shutdown). */
  async shutdown(): Promise<void> {
    this.closed = true;
    this.queue.length = 0;
    for (const c of this.active.values()) c.abort();
    await Promise.allSettled([...this.settled]);
  }

  /** One conditional UPDATE: `to` only from the states that may lead there (states.ts). */
  private async transition(
    id: string,
    to: JobState,
    patch: Partial<typeof jobs.$inferInsert> = {},
  ): Promise<boolean> {
    const rows = await this.db
      .update(jobs)
      .set({ ...patch, state: to, updatedAt: new Date() })
      .where(and(eq(jobs.id, id), inArray(jobs.state, statesLeadingTo(to))))
      .returning({ id: jobs.id });
    return rows.length > 0;
  }

  private pump() {
    while (!this.closed && this.active.size + this.direct < this.concurrency && this.queue.length) {
      const next = this.queue.shift()!;
      const controller = new AbortController();
      this.active.set(next.id, controller);
      const p = this.execute(next, controller)
        .catch((e: unknown) => console.error(`[jobs] ${next.id}:`, e))
        .finally(() => {
          this.active.delete(next.id);
          this.settled.delete(p);
          this.pump();
        });
      this.settled.add(p);
    }
  }

  private async execute(job: Pending, controller: AbortController): Promise<void> {
    const { id } = job;
    if (!(await this.transition(id, 'running', { progress: 0 }))) return; // cancelled meanwhile
    let last = 0;
    let lastPct = -1;
    let writes: Promise<unknown> = Promise.resolve();
    const progress = (pct: number, msg?: string) => {
      const p = Math.max(0, Math.min(100, Math.round(pct)));
      const now = Date.now();
      if (p === lastPct && msg === undefined) return;
      if (now - last < PROGRESS_EVERY_MS && p < 100 && msg === undefined) return;
      last = now;
      lastPct = p;
      writes = writes.then(async () => {
        const rows = await this.db
          .update(jobs)
          .set({ progress: p, ...(msg !== undefined ? { message: msg } : {}), updatedAt: new Date() })
          .where(and(eq(jobs.id, id), eq(jobs.state, 'running')))
          .returning({ id: jobs.id });
        if (rows.length === 0) controller.abort(); // cancelled elsewhere
      });
    };
    try {
      const result = await job.run({ progress, signal: controller.signal });
      await writes.catch(() => {});
      if (controller.signal.aborted) return; // cancelled: the row already says so, no file kept
      await this.transition(id, 'done', {
        progress: 100,
        message: null,
        resultName: result.filename,
        resultType: result.contentType,
        resultData: result.file,
        finishedAt: new Date(),
      });
    } catch (e) {
      await writes.catch(() => {});
      if (controller.signal.aborted) {
        // cancelled (already recorded) or the server is stopping: record the interruption
        await this.transition(id, 'cancelled', { message: 'Đã hủy / cancelled', finishedAt: new Date() });
        return;
      }
      const err = e as { code?: string; messageVi?: string; message?: string };
      await this.transition(id, 'failed', {
        message: (err.messageVi ?? err.message ?? String(e)).slice(0, 1000),
        errorCode: e instanceof AppError ? e.code : 'job_failed',
        finishedAt: new Date(),
      });
    }
  }
}

const runners = new WeakMap<Db, JobRunner>();

/** The one runner of a database connection (shared by every route module of an app instance). */
export function jobRunner(db: Db): JobRunner {
  let r = runners.get(db);
  if (!r) {
    r = new JobRunner(db);
    runners.set(db, r);
  }
  return r;
}
