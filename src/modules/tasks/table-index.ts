/**
 * An in-memory columnar read model of `task_states`, for the status × timeliness table at scale.
 *
 * The table is an aggregate over every state interval covering the cut-off date T; in SQL that is a
 * scan and hash aggregation of ~1M rows for 1M tasks (≈1 s on a 2-core machine). Here the same
 * intervals live in typed arrays and one tight loop counts them (tens of ms). The rule is the same one
 * as {@link timelinessAt} / `taskTableSql` (REFERENCE §1), and a test checks both give equal tables.
 *
 * Freshness: every task write appends the task id to `task_changes` in its own transaction; before
 * each use the index reads the changes it has not seen (seq > its watermark) and reloads those tasks'
 * intervals. Sequence numbers can commit out of order, so unseen gaps below the newest seen number are
 * re-read until they appear or are older than {@link GAP_TTL_MS} (a rolled-back transaction).
 * Works the same for several server processes on one PostgreSQL database.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/engine.ts';
import { formatDayNumber, parseIsoDate } from '../../kernel/calendar/dates.ts';
import { TASK_STATUSES, type TaskStatus } from './rules.ts';
import type { TableRow } from './queries.ts';

const INF = 2_147_483_647;
const NONE = -2_147_483_648;
const GAP_TTL_MS = 60_000;
const NSTATUS = TASK_STATUSES.length;
const OPEN = new Set<TaskStatus>(['awaiting_receipt', 'in_progress']);
const STATUS_INDEX = new Map<string, number>(TASK_STATUSES.map((s, i) => [s, i]));

const day = (d: string | null) => (d === null ? NONE : d === 'infinity' ? INF : parseIsoDate(d, 'date'));

/** One interval with its dates as day numbers (days since 1970-01-01), computed by the database. */
interface IntervalRow {
  task_id: string;
  f: number;
  t: number;
  status: string;
  d: number | null;
  x: number | null;
  lead_agency_code: string;
  a: number;
}

const EPOCH = sql.raw(`DATE '1970-01-01'`);
const COLUMNS = sql`task_id, valid_from - ${EPOCH} AS f,
  CASE WHEN valid_to = 'infinity' THEN ${INF} ELSE valid_to - ${EPOCH} END AS t,
  status, deadline - ${EPOCH} AS d, finish_date - ${EPOCH} AS x, lead_agency_code, assigned_date - ${EPOCH} AS a`;
const num = (v: number | null) => (v === null ? NONE : Number(v));

export class TaskTableIndex {
  private n = 0;
  private cap = 0;
  private from = new Int32Array(0);
  private to = new Int32Array(0);
  private assigned = new Int32Array(0);
  private deadline = new Int32Array(0);
  private finish = new Int32Array(0);
  private status = new Uint8Array(0);
  private alive = new Uint8Array(0);
  private agency = new Int32Array(0);
  private dead = 0;
  private slots = new Map<string, number[]>();
  private agencies: string[] = [];
  private agencyIdx = new Map<string, number>();
  private watermark = 0;
  private seenAbove = new Set<number>();
  private gaps = new Map<number, number>();
  private loaded = false;
  private pending: Promise<void> | null = null;

  private grow(min: number) {
    if (min <= this.cap) return;
    const cap = Math.max(min, this.cap * 2, 1024);
    const g32 = (a: Int32Array) => {
      const b = new Int32Array(cap);
      b.set(a.subarray(0, this.n));
      return b;
    };
    const g8 = (a: Uint8Array) => {
      const b = new Uint8Array(cap);
      b.set(a.subarray(0, this.n));
      return b;
    };
    this.from = g32(this.from);
    this.to = g32(this.to);
    this.assigned = g32(this.assigned);
    this.deadline = g32(this.deadline);
    this.finish = g32(this.finish);
    this.agency = g32(this.agency);
    this.status = g8(this.status);
    this.alive = g8(this.alive);
    this.cap = cap;
  }

  private agencyOf(code: string): number {
    let i = this.agencyIdx.get(code);
    if (i === undefined) {
      i = this.agencies.length;
      this.agencies.push(code);
      this.agencyIdx.set(code, i);
    }
    return i;
  }

  private add(r: IntervalRow) {
    if (this.n === this.cap) this.grow(this.n + 1);
    const i = this.n++;
    this.from[i] = Number(r.f);
    this.to[i] = Number(r.t);
    this.assigned[i] = Number(r.a);
    this.deadline[i] = num(r.d);
    this.finish[i] = num(r.x);
    this.status[i] = STATUS_INDEX.get(r.status) ?? 0;
    this.agency[i] = this.agencyOf(r.lead_agency_code);
    this.alive[i] = 1;
    const s = this.slots.get(r.task_id);
    if (s) s.push(i);
    else this.slots.set(r.task_id, [i]);
  }

  private async loadAll(db: Tx) {
    const [{ s }] = (await queryRows<{ s: number | null }>(
      db,
      sql`SELECT max(seq)::int AS s FROM task_changes`,
    )) as [{ s: number | null }];
    const top = Number(s ?? 0);
    let last = '00000000-0000-0000-0000-000000000000';
    const page = 200_000;
    for (;;) {
      const rows = await queryRows<IntervalRow>(
        db,
        sql`SELECT ${COLUMNS} FROM task_states WHERE task_id > ${last}::uuid ORDER BY task_id, valid_from LIMIT ${page}`,
      );
      if (!rows.length) break;
      // keep whole tasks in one page: drop the trailing task, it is read again next page
      const lastId = rows[rows.length - 1]!.task_id;
      const complete = rows.length < page ? rows : rows.filter((r) => r.task_id !== lastId);
      if (!complete.length) throw new Error('a task has more intervals than a page');
      for (const r of complete) this.add(r);
      last = complete[complete.length - 1]!.task_id;
      if (rows.length < page) break;
    }
    // re-read the last changes: a transaction numbered below `top` may commit after our read
    this.watermark = Math.max(0, top - 100);
    this.loaded = true;
  }

  private async reloadTasks(db: Tx, ids: string[]) {
    for (let k = 0; k < ids.length; k += 1000) {
      const chunk = ids.slice(k, k + 1000);
      const rows = await queryRows<IntervalRow>(
        db,
        sql`SELECT ${COLUMNS} FROM task_states WHERE task_id IN ${chunk} ORDER BY task_id, valid_from`,
      );
      for (const id of chunk) {
        for (const i of this.slots.get(id) ?? []) {
          this.alive[i] = 0;
          this.dead++;
        }
        this.slots.delete(id);
      }
      for (const r of rows) this.add(r);
    }
    if (this.dead > 1024 && this.dead * 2 > this.n) this.compact();
  }

  private compact() {
    let j = 0;
    const moved = new Map<number, number>();
    for (let i = 0; i < this.n; i++) {
      if (!this.alive[i]) continue;
      this.from[j] = this.from[i]!;
      this.to[j] = this.to[i]!;
      this.assigned[j] = this.assigned[i]!;
      this.deadline[j] = this.deadline[i]!;
      this.finish[j] = this.finish[i]!;
      this.status[j] = this.status[i]!;
      this.agency[j] = this.agency[i]!;
      this.alive[j] = 1;
      moved.set(i, j++);
    }
    for (const [id, s] of this.slots)
      this.slots.set(
        id,
        s.map((i) => moved.get(i)!),
      );
    this.n = j;
    this.dead = 0;
  }

  /** Brings the index up to date with committed changes (see the module comment). */
  async refresh(db: Tx): Promise<void> {
    if (this.pending) return this.pending;
    this.pending = (async () => {
      if (!this.loaded) await this.loadAll(db);
      const rows = await queryRows<{ seq: number; task_id: string }>(
        db,
        sql`SELECT seq::int AS seq, task_id FROM task_changes WHERE seq > ${this.watermark} ORDER BY seq`,
      );
      const ids = new Set<string>();
      for (const r of rows) {
        const seq = Number(r.seq);
        if (this.seenAbove.has(seq)) continue;
        this.seenAbove.add(seq);
        this.gaps.delete(seq);
        ids.add(r.task_id);
      }
      if (ids.size) await this.reloadTasks(db, [...ids]);
      // advance the watermark over the contiguous seen numbers; remember gaps, forget old ones
      const now = Date.now();
      const top = rows.length ? Number(rows[rows.length - 1]!.seq) : this.watermark;
      for (let s = this.watermark + 1; s <= top; s++)
        if (!this.seenAbove.has(s) && !this.gaps.has(s)) this.gaps.set(s, now);
      for (const [s, t] of this.gaps) if (now - t > GAP_TTL_MS) this.gaps.delete(s);
      let w = this.watermark;
      while (w < top && (this.seenAbove.has(w + 1) || !this.gaps.has(w + 1))) {
        w++;
        this.seenAbove.delete(w);
      }
      this.watermark = w;
    })();
    try {
      await this.pending;
    } finally {
      this.pending = null;
    }
  }

  /**
   * Counts the intervals covering `asOf` of tasks assigned in [from, to] (dates YYYY-MM-DD, Asia/Ho_Chi_Minh),
   * grouped by lead agency, status and timeliness. Same rule as `taskTableSql`.
   */
  count(from: string, to: string, asOf: string, agency?: string): Map<string, TableRow[]> {
    const F = day(from);
    const Tw = day(to);
    const T = day(asOf);
    const onlyAgency = agency === undefined ? -1 : (this.agencyIdx.get(agency) ?? -2);
    const A = this.agencies.length;
    const counts = new Int32Array(A * NSTATUS * 3);
    const openMask = TASK_STATUSES.map((s) => OPEN.has(s));
    const { from: vf, to: vt, assigned, deadline, finish, status, agency: ag, alive } = this;
    for (let i = 0, n = this.n; i < n; i++) {
      if (vf[i]! > T || vt[i]! <= T || assigned[i]! < F || assigned[i]! > Tw || !alive[i]) continue;
      const a = ag[i]!;
      if (onlyAgency !== -1 && a !== onlyAgency) continue;
      const s = status[i]!;
      const d = deadline[i]!;
      // 0 on time, 1 overdue, 2 no deadline
      const c =
        d === NONE ? 2 : openMask[s] ? (T > d ? 1 : 0) : finish[i]! !== NONE && finish[i]! <= d ? 0 : 1;
      counts[(a * NSTATUS + s) * 3 + c]!++;
    }
    const out = new Map<string, TableRow[]>();
    for (let a = 0; a < A; a++) {
      let any = false;
      const rows: TableRow[] = TASK_STATUSES.map((st, s) => {
        const base = (a * NSTATUS + s) * 3;
        const onTime = counts[base]!;
        const overdue = counts[base + 1]!;
        const noDeadline = counts[base + 2]!;
        if (onTime + overdue + noDeadline) any = true;
        return { status: st, onTime, overdue, noDeadline, total: onTime + overdue + noDeadline };
      });
      if (any) out.set(this.agencies[a]!, rows);
    }
    return out;
  }

  /** Number of live intervals (for tests and diagnostics). */
  get size() {
    return this.n - this.dead;
  }
}

/** Formats a day number back to YYYY-MM-DD (diagnostics). */
export const isoOfDay = (d: number) => (d === INF ? 'infinity' : d === NONE ? null : formatDayNumber(d));
