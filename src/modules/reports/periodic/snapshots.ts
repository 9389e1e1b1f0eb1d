/**
 * Narrative drafts and snapshots of the periodic report (issue 6 §2; REFERENCE §5 "figures are snapshots at
 * cut-off").
 *
 * - A draft holds the narrative slots (rich text) and the task window override of one period key; the
 *   live report reads it.
 * - A snapshot stores the report as generated — inputs, figures, tables, documents, narrative — with
 *   `hash` = sha256 (hex) of the canonical JSON (keys sorted) of `{ period, taskWindow, templateId, figures,
 *   tables, documents, narrative }` (the header, links and `computedAt` are left out: they do not change
 *   what the report says). Snapshots are append-only (a database trigger refuses UPDATE and DELETE).
 * - The diff recomputes the report now for the same period, task window and template, lists the figures
 *   that differ, and the records **back-entered** since the snapshot: effective date on or before the
 *   cut-off (the task window's `asOf` for tasks, `period.to` for the rest) and inside the report's windows,
 *   but recorded after the snapshot was taken — task events (occurred_on / recorded_at), dossier events
 *   (at / recorded_at), petition events (at / recorded_at), receptions (session_date / created_at),
 *   publication decisions (date / created_at).
 */
import { createHash, randomUUID } from 'node:crypto';
import { desc, eq, sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../../db/engine.ts';
import { reportDrafts, reportSnapshots } from '../../../db/schema.ts';
import type { Principal } from '../../../kernel/auth/roles.ts';
import { hcmDateTime, shiftDate } from '../../../kernel/calendar/index.ts';
import { notFound } from '../../../kernel/errors.ts';
import { recordAudit } from '../../../kernel/audit/index.ts';
import type { TaskTableIndex } from '../../tasks/table-index.ts';
import { timelinessSql } from '../../tasks/timeliness.ts';
import { periodicReport } from './figures.ts';
import { periodKey } from './periods.ts';
import { DEFAULT_TEMPLATE_ID } from './template.ts';
import type {
  PeriodicReport,
  ReportingPeriod,
  ReportSnapshot,
  RichDoc,
  SnapshotDiff,
  TaskWindow,
} from './types.ts';

// ---------------------------------------------------------------------------------------------------
// Drafts

export interface ReportDraft {
  periodKey: string;
  templateId: string;
  narrative: Record<string, RichDoc>;
  taskWindow: Partial<TaskWindow> | null;
  updatedAt: string | null;
  updatedBy: string | null;
}

/** The draft of a period (an empty one when none was saved). */
export async function getDraft(db: Tx, period: ReportingPeriod): Promise<ReportDraft> {
  const key = periodKey(period);
  const [row] = await db.select().from(reportDrafts).where(eq(reportDrafts.periodKey, key));
  if (!row)
    return {
      periodKey: key,
      templateId: DEFAULT_TEMPLATE_ID,
      narrative: {},
      taskWindow: null,
      updatedAt: null,
      updatedBy: null,
    };
  return {
    periodKey: key,
    templateId: row.templateId,
    narrative: row.narrative as Record<string, RichDoc>,
    taskWindow: (row.taskWindow as Partial<TaskWindow> | null) ?? null,
    updatedAt: row.updatedAt.toISOString(),
    updatedBy: row.updatedBy,
  };
}

/** Saves (replaces) the draft of a period: narrative slots and the task window override. */
export async function putDraft(
  tx: Tx,
  actor: Principal,
  period: ReportingPeriod,
  input: { narrative: Record<string, RichDoc>; taskWindow?: Partial<TaskWindow> | null | undefined },
): Promise<ReportDraft> {
  const key = periodKey(period);
  const values = {
    periodKey: key,
    templateId: DEFAULT_TEMPLATE_ID,
    narrative: input.narrative,
    taskWindow: input.taskWindow ?? null,
    updatedAt: new Date(),
    updatedBy: actor.id,
  };
  await tx
    .insert(reportDrafts)
    .values(values)
    .onConflictDoUpdate({
      target: reportDrafts.periodKey,
      set: {
        narrative: values.narrative,
        taskWindow: values.taskWindow,
        updatedAt: values.updatedAt,
        updatedBy: values.updatedBy,
        version: sql`${reportDrafts.version} + 1`,
      },
    });
  await recordAudit(tx, {
    actor,
    entityType: 'report_draft',
    entityId: key,
    action: 'saved',
    data: { slots: Object.keys(input.narrative).sort(), taskWindow: input.taskWindow ?? null },
  });
  return getDraft(tx, period);
}

// ---------------------------------------------------------------------------------------------------
// Hash

/** JSON with object keys sorted at every level (arrays keep their order); `undefined` members dropped. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map((x) => canonicalJson(x === undefined ? null : x)).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
    .join(',')}}`;
}

/** sha256 (hex) of the canonical JSON of { period, taskWindow, templateId, figures, tables, documents, narrative }. */
export function reportHash(r: PeriodicReport): string {
  const { period, taskWindow, templateId, figures, tables, documents, narrative } = r;
  return createHash('sha256')
    .update(canonicalJson({ period, taskWindow, templateId, figures, tables, documents, narrative }))
    .digest('hex');
}

// ---------------------------------------------------------------------------------------------------
// Snapshots

export interface SnapshotSummary {
  id: string;
  periodKey: string;
  cutOff: string;
  taskWindow: TaskWindow;
  templateId: string;
  hash: string;
  createdAt: string;
  createdBy: string | null;
  createdByName: string | null;
}

/**
 * Generates the report now (narrative and task window from the draft unless `taskWindow` is given) and
 * stores it as a snapshot, in `tx`. Returns the snapshot (201).
 */
export async function createSnapshot(
  tx: Tx,
  actor: Principal,
  period: ReportingPeriod,
  opts: { taskWindow?: Partial<TaskWindow> | null | undefined; taskIndex?: TaskTableIndex | undefined },
): Promise<ReportSnapshot> {
  const draft = await getDraft(tx, period);
  const report = await periodicReport(tx, {
    period,
    taskWindow: opts.taskWindow ?? draft.taskWindow ?? undefined,
    narrative: draft.narrative,
    principal: actor,
    taskIndex: opts.taskIndex,
  });
  const hash = reportHash(report);
  const id = randomUUID();
  const [row] = await tx
    .insert(reportSnapshots)
    .values({
      id,
      periodKey: periodKey(period),
      cutOff: period.to,
      taskAsOf: report.taskWindow.asOf,
      templateId: report.templateId,
      report,
      hash,
      createdBy: actor.id,
    })
    .returning({ createdAt: reportSnapshots.createdAt });
  await recordAudit(tx, {
    actor,
    entityType: 'report_snapshot',
    entityId: id,
    action: 'created',
    data: { periodKey: periodKey(period), hash, taskWindow: report.taskWindow },
  });
  return { id, hash, createdAt: row!.createdAt.toISOString(), createdBy: actor.id, report };
}

/** Snapshots of a period key (newest first), without the report body. */
export async function listSnapshots(db: Tx, key: string): Promise<SnapshotSummary[]> {
  const rows = await queryRows<{
    id: string;
    period_key: string;
    cut_off: string;
    task_window: TaskWindow;
    template_id: string;
    hash: string;
    created_at: string | Date;
    created_by: string | null;
    name: string | null;
  }>(
    db,
    sql`SELECT s.id, s.period_key, s.cut_off::text AS cut_off, s.report->'taskWindow' AS task_window, s.template_id,
          s.hash, s.created_at, s.created_by, u.display_name AS name
        FROM report_snapshots s LEFT JOIN users u ON u.id = s.created_by
        WHERE s.period_key = ${key} ORDER BY s.created_at DESC, s.id`,
  );
  return rows.map((r) => ({
    id: r.id,
    periodKey: r.period_key,
    cutOff: r.cut_off,
    taskWindow: typeof r.task_window === 'string' ? (JSON.parse(r.task_window) as TaskWindow) : r.task_window,
    templateId: r.template_id,
    hash: r.hash,
    createdAt: new Date(r.created_at).toISOString(),
    createdBy: r.created_by,
    createdByName: r.name,
  }));
}

/** One snapshot with its report; 404 when unknown. */
export async function getSnapshot(db: Tx, id: string): Promise<ReportSnapshot> {
  const [row] = await db.select().from(reportSnapshots).where(eq(reportSnapshots.id, id));
  if (!row) throw notFound('bản chốt báo cáo / report snapshot', 'id');
  return {
    id: row.id,
    hash: row.hash,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
    report: row.report as PeriodicReport,
  };
}

/** The newest snapshot of a period key, or null. */
export async function latestSnapshotId(db: Tx, key: string): Promise<string | null> {
  const [row] = await db
    .select({ id: reportSnapshots.id })
    .from(reportSnapshots)
    .where(eq(reportSnapshots.periodKey, key))
    .orderBy(desc(reportSnapshots.createdAt))
    .limit(1);
  return row?.id ?? null;
}

// ---------------------------------------------------------------------------------------------------
// Diff

/** The diff plus the hashes then and now (equal when nothing changed). */
export interface SnapshotDiffOut extends SnapshotDiff {
  hash: { then: string; now: string };
  /** when the recomputation ran (UTC ISO) */
  computedAt: string;
}

type BackEntered = SnapshotDiff['backEntered'][number];

const iso = (v: unknown) => new Date(v as string).toISOString();

/** Keys of `figures` starting with one of the prefixes. */
const keysWith = (figures: Record<string, number>, ...prefixes: string[]) =>
  Object.keys(figures).filter((k) => prefixes.some((p) => k.startsWith(p)));

/**
 * Recomputes the snapshot's report now (same period, task window, template) and lists what changed: the
 * figures that differ and the back-entered records (module docstring). Each record names the figure keys
 * it may affect: for a task, the keys of its state as of the task cut-off (plus `tasks.total` for an
 * assignment) and any changed task figure; for a dossier or petition event, the changed figures of its
 * module (or the receipt figures when none changed); for a reception, the reception figures; for a
 * publication decision, the categories of its items and `procedures.time_cuts` when it cuts time limits.
 */
export async function snapshotDiff(
  db: Tx,
  actor: Principal,
  id: string,
  opts: { taskIndex?: TaskTableIndex | undefined } = {},
): Promise<SnapshotDiffOut> {
  const snap = await getSnapshot(db, id);
  const then = snap.report;
  const now = await periodicReport(db, {
    period: then.period,
    taskWindow: then.taskWindow,
    narrative: then.narrative,
    principal: actor,
    templateId: then.templateId,
    taskIndex: opts.taskIndex,
  });
  const keys = new Set([...Object.keys(then.figures), ...Object.keys(now.figures)]);
  const figures = [...keys]
    .filter((k) => (then.figures[k] ?? 0) !== (now.figures[k] ?? 0))
    .sort()
    .map((key) => ({ key, before: then.figures[key] ?? 0, after: now.figures[key] ?? 0 }));
  const changed = figures.map((f) => f.key);
  const changedIn = (prefix: string) => changed.filter((k) => k.startsWith(prefix));
  const tw = then.taskWindow;
  const p = then.period;
  // the stored instant itself (microseconds), not its millisecond ISO string
  const snapAt = sql`(SELECT created_at FROM report_snapshots WHERE id = ${snap.id})`;
  const endOfCutOff = hcmDateTime(shiftDate(p.to, 1), '00:00').toISOString();
  const startOfPeriod = hcmDateTime(p.from, '00:00').toISOString();
  const out: BackEntered[] = [];

  // tasks: events of tasks assigned in the task window, dated on or before its asOf
  const te = await queryRows<Record<string, unknown>>(
    db,
    sql`SELECT e.id, t.id AS task_id, coalesce(t.ref, t.id::text) AS ref, e.type, e.occurred_on::text AS d, e.recorded_at,
          s.status, CASE WHEN s.task_id IS NULL THEN NULL ELSE ${timelinessSql(tw.asOf)} END AS tl
        FROM task_events e JOIN tasks t ON t.id = e.task_id
        LEFT JOIN task_states s ON s.task_id = t.id AND s.valid_from <= ${tw.asOf}::date AND s.valid_to > ${tw.asOf}::date
        WHERE e.recorded_at > ${snapAt} AND e.occurred_on <= ${tw.asOf}::date
          AND t.assigned_date BETWEEN ${tw.from}::date AND ${tw.to}::date
        ORDER BY e.occurred_on, e.recorded_at, e.id`,
  );
  for (const r of te) {
    const k = new Set<string>();
    if (r.type === 'assigned') k.add('tasks.total');
    if (r.status) {
      k.add(`tasks.${String(r.status)}.${String(r.tl)}`);
      k.add(`tasks.${String(r.status)}.total`);
      k.add(`tasks.${String(r.tl)}`);
    }
    for (const c of changedIn('tasks.')) k.add(c);
    out.push({
      module: 'tasks',
      id: String(r.id),
      ref: String(r.ref),
      type: String(r.type),
      effectiveDate: String(r.d),
      recordedAt: iso(r.recorded_at),
      figureKeys: [...k].filter((x) => x in now.figures || x in then.figures),
    });
  }

  // dossiers: events dated in the period, recorded after the snapshot
  const de = await queryRows<Record<string, unknown>>(
    db,
    sql`SELECT e.id, d.code AS ref, e.type, e.at, e.recorded_at
        FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id
        WHERE e.recorded_at > ${snapAt} AND e.at < ${endOfCutOff}::timestamptz
          AND e.at >= ${startOfPeriod}::timestamptz
        ORDER BY e.at, e.recorded_at, e.id`,
  );
  for (const r of de) {
    const ch = changedIn('dossiers.');
    out.push({
      module: 'dossiers',
      id: String(r.id),
      ref: String(r.ref),
      type: String(r.type),
      effectiveDate: isoDay(r.at),
      recordedAt: iso(r.recorded_at),
      figureKeys: ch.length ? ch : keysWith(now.figures, 'dossiers.received.', 'dossiers.resolved.'),
    });
  }

  // petitions: events dated in the period
  const pe = await queryRows<Record<string, unknown>>(
    db,
    sql`SELECT e.id, p.code AS ref, e.type, e.at, e.recorded_at
        FROM petition_events e JOIN petitions p ON p.id = e.petition_id
        WHERE e.recorded_at > ${snapAt} AND e.at < ${endOfCutOff}::timestamptz
          AND e.at >= ${startOfPeriod}::timestamptz
        ORDER BY e.at, e.recorded_at, e.id`,
  );
  for (const r of pe) {
    const ch = changedIn('petitions.');
    out.push({
      module: 'petitions',
      id: String(r.id),
      ref: String(r.ref),
      type: String(r.type),
      effectiveDate: isoDay(r.at),
      recordedAt: iso(r.recorded_at),
      figureKeys: ch.length ? ch : ['petitions.received'],
    });
  }

  // receptions: sessions in the period, entered after the snapshot
  const re = await queryRows<Record<string, unknown>>(
    db,
    sql`SELECT r.id, r.code AS ref, r.kind, r.session_date::text AS d, r.created_at, r.mass_delegation
        FROM receptions r
        WHERE r.created_at > ${snapAt}
          AND r.session_date BETWEEN ${p.from}::date AND ${p.to}::date
        ORDER BY r.session_date, r.created_at, r.id`,
  );
  for (const r of re) {
    out.push({
      module: 'receptions',
      id: String(r.id),
      ref: String(r.ref),
      type: `reception.${String(r.kind)}`,
      effectiveDate: String(r.d),
      recordedAt: iso(r.created_at),
      figureKeys: [
        'receptions.sessions',
        'receptions.persons',
        ...(r.mass_delegation === true || r.mass_delegation === 't' ? ['receptions.mass_delegations'] : []),
      ],
    });
  }

  // publication decisions dated in the period
  const pd = await queryRows<Record<string, unknown>>(
    db,
    sql`SELECT d.id, d.number_symbol AS ref, d.date::text AS d, d.created_at,
          (SELECT array_agg(DISTINCT i.category) FROM publication_items i WHERE i.decision_id = d.id) AS cats,
          EXISTS (SELECT 1 FROM procedure_time_cuts c WHERE c.decision_id = d.id) AS cuts
        FROM publication_decisions d
        WHERE d.created_at > ${snapAt} AND d.date BETWEEN ${p.from}::date AND ${p.to}::date
        ORDER BY d.date, d.created_at, d.id`,
  );
  for (const r of pd) {
    const cats = parseCats(r.cats);
    out.push({
      module: 'procedures',
      id: String(r.id),
      ref: String(r.ref),
      type: 'publication_decision',
      effectiveDate: String(r.d),
      recordedAt: iso(r.created_at),
      figureKeys: [
        ...cats.map((c) => `procedures.published.${c}`),
        ...(cats.length ? ['procedures.published.total'] : []),
        ...(r.cuts === true || r.cuts === 't' ? ['procedures.time_cuts'] : []),
      ],
    });
  }

  return {
    snapshotId: snap.id,
    figures,
    backEntered: out,
    hash: { then: snap.hash, now: reportHash(now) },
    computedAt: now.computedAt,
  };
}

/** The Asia/Ho_Chi_Minh calendar day of an instant. */
function isoDay(v: unknown): string {
  const ms = new Date(v as string).getTime() + 7 * 3_600_000;
  return new Date(ms).toISOString().slice(0, 10);
}

function parseCats(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string').sort();
  if (typeof v === 'string') {
    const inner = v.replace(/^\{|\}$/g, '');
    return inner ? inner.split(',').sort() : [];
  }
  return [];
}
