/**
 * Task loader shared by the benchmarks (bench:tasks, bench:periodic): deterministic task histories
 * (~5 events each) folded by the product's own `stateIntervals`, written with COPY into `tasks`,
 * `task_events` and `task_states` — the same rows the task service writes (the projection `task_states`
 * is what every write maintains; the fold is the same code).
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { stateIntervals, type FoldEvent } from '../../src/modules/tasks/fold.ts';
import { mulberry32 } from '../../src/kernel/random.ts';

const DAY = 86_400_000;
const iso = (d: number) => new Date(d * DAY).toISOString().slice(0, 10);

/** COPY text escaping (`\N` for null). */
export const esc = (v: string | null) =>
  v === null ? '\\N' : v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n');

export interface TaskLoadOptions {
  /** number of tasks */
  n: number;
  /** first assignment date (YYYY-MM-DD) */
  start: string;
  /** assignment dates spread uniformly over this many days from `start` */
  spanDays: number;
  /** lead agencies `A0001` … `A<agencies>` */
  agencies: number;
  /** the assigning document of the i-th task, assigned on `assigned` (YYYY-MM-DD) */
  documentOf: (i: number, assigned: string) => string;
  /** RNG seed (default 42, the tasks bench's) */
  seed?: number;
}

export interface GeneratedTask {
  id: string;
  assigned: string;
  lead: string;
  deadline: string | null;
  events: FoldEvent[];
}

/** The deterministic task histories (same sequence for the same options). */
export function* generateTasks(o: TaskLoadOptions): Generator<GeneratedTask> {
  const r = mulberry32(o.seed ?? 42);
  const START = Math.floor(Date.parse(`${o.start}T00:00:00Z`) / DAY);
  for (let i = 0; i < o.n; i++) {
    const id = `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
    const assigned = START + Math.floor(r() * o.spanDays);
    const lead = agencyCode(1 + Math.floor(r() * o.agencies));
    const deadline = r() < 0.05 ? null : assigned + 5 + Math.floor(r() * 60);
    const events: FoldEvent[] = [];
    let d = assigned;
    const step = () => (d += Math.floor(r() * 20));
    const fate = r();
    if (fate > 0.1) events.push({ type: 'received', occurredOn: iso(step()) });
    if (fate > 0.1 && r() < 0.25) {
      events.push({ type: 'extension_requested', occurredOn: iso(step()), data: { deadline: iso(d + 45) } });
      events.push({ type: 'extension_refused', occurredOn: iso(step()) });
    }
    if (fate > 0.1 && r() < 0.4) {
      events.push({ type: 'extension_requested', occurredOn: iso(step()), data: { deadline: iso(d + 30) } });
      events.push({ type: 'extension_approved', occurredOn: iso(step()), data: { deadline: iso(d + 30) } });
    }
    if (fate > 0.25) events.push({ type: 'reported_done', occurredOn: iso(step()) });
    if (fate > 0.25 && r() < 0.3) {
      events.push({ type: 'returned', occurredOn: iso(step()) });
      events.push({ type: 'reported_done', occurredOn: iso(step()) });
    }
    if (fate > 0.35) events.push({ type: 'confirmed_done', occurredOn: iso(step()) });
    else if (fate < 0.02) events.push({ type: 'stopped', occurredOn: iso(step()) });
    yield { id, assigned: iso(assigned), lead, deadline: deadline === null ? null : iso(deadline), events };
  }
}

/** Agency code of the i-th bench agency (1-based): `A0001`. */
export const agencyCode = (i: number) => `A${String(i).padStart(4, '0')}`;

async function copy(pool: pg.Pool, table: string, rows: () => Generator<string>) {
  const client = await pool.connect();
  try {
    await pipeline(Readable.from(rows()), client.query(copyFrom(`COPY ${table} FROM STDIN`)));
  } finally {
    client.release();
  }
}

/**
 * Writes the tasks, their events and their state intervals with COPY (tables assumed empty of these ids;
 * the append-only trigger is not involved: COPY only inserts). Returns the number of events.
 */
export async function loadTasks(
  pool: pg.Pool,
  o: TaskLoadOptions,
  log: (s: string) => void = console.log,
): Promise<{ events: number }> {
  const t0 = Date.now();
  const now = new Date().toISOString();
  await copy(
    pool,
    'tasks (id, ref, title, search_key, document_id, assigned_by, lead_agency_code, initial_lead_agency_code, cooperating_agency_codes, assigned_date, deadline, current_deadline, status, extension_requested, finish_date, event_count, created_at, updated_at)',
    function* () {
      let i = 0;
      for (const t of generateTasks(o)) {
        const iv = stateIntervals(
          { assignedDate: t.assigned, deadline: t.deadline, leadAgencyCode: t.lead },
          t.events,
        );
        const s = iv[iv.length - 1]!;
        yield (
          [
            t.id,
            `B-${t.id.slice(-8)}`,
            'Nhiệm vụ thử tải',
            'nhiem vu thu tai',
            o.documentOf(i++, t.assigned),
            'committee',
            t.lead,
            t.lead,
            '{}',
            t.assigned,
            t.deadline,
            s.deadline,
            s.status,
            'f',
            s.finishDate,
            String(t.events.length + 1),
            now,
            now,
          ]
            .map(esc)
            .join('\t') + '\n'
        );
      }
    },
  );
  log(`tasks copied in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  let events = 0;
  await copy(
    pool,
    'task_events (id, task_id, seq, type, occurred_on, at, actor_name, data, recorded_at)',
    function* () {
      let k = 0;
      for (const t of generateTasks(o)) {
        const all: FoldEvent[] = [{ type: 'assigned', occurredOn: t.assigned }, ...t.events];
        for (const [seq, e] of all.entries()) {
          events++;
          const id = `00000000-0000-4000-a000-${(k++).toString(16).padStart(12, '0')}`;
          yield (
            [
              id,
              t.id,
              String(seq),
              e.type,
              e.occurredOn,
              `${e.occurredOn}T00:00:00+07:00`,
              'bench',
              e.data ? JSON.stringify(e.data) : null,
              now,
            ]
              .map(esc)
              .join('\t') + '\n'
          );
        }
      }
    },
  );
  log(`${events} events copied in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  await copy(
    pool,
    'task_states (task_id, valid_from, valid_to, status, deadline, finish_date, lead_agency_code, assigned_date)',
    function* () {
      for (const t of generateTasks(o)) {
        for (const s of stateIntervals(
          { assignedDate: t.assigned, deadline: t.deadline, leadAgencyCode: t.lead },
          t.events,
        )) {
          yield (
            [t.id, s.validFrom, s.validTo, s.status, s.deadline, s.finishDate, s.leadAgencyCode, t.assigned]
              .map(esc)
              .join('\t') + '\n'
          );
        }
      }
    },
  );
  log(`task states copied in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return { events };
}
