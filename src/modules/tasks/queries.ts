/**
 * Task reads "as of" a cut-off date T, computed from the projection of the histories (`task_states`):
 * the status is the one after the events dated ≤ T and the deadline the latest approved by T
 * (REFERENCE §1). The table and the list share ONE predicate, so a cell's count always equals the
 * total of the list behind it.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/engine.ts';
import type { Principal } from '../../kernel/auth/roles.ts';
import { seesAllAgencies } from '../../kernel/auth/roles.ts';
import { likePattern } from '../../kernel/text.ts';
import { TASK_STATUSES, type TaskStatus, type Timeliness } from './rules.ts';
import { timelinessSql } from './timeliness.ts';
import type { TaskTableIndex } from './table-index.ts';

export interface CellFilter {
  /** assignment window, inclusive (YYYY-MM-DD, Asia/Ho_Chi_Minh) */
  from: string;
  to: string;
  /** cut-off date T */
  asOf: string;
  status?: TaskStatus;
  timeliness?: Timeliness;
  /** lead agency code (in force at T) */
  agency?: string;
}

export interface ListFilter extends CellFilter {
  q?: string;
  document?: string;
  /** deadline (in force at T) range */
  deadlineFrom?: string;
  deadlineTo?: string;
  /** tasks where this agency cooperates */
  cooperating?: string;
  sort?: 'assigned' | 'deadline' | 'status' | 'agency' | 'ref';
  order?: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

/** Agency users see tasks where their agency leads or cooperates (server-side scope). */
function scopeSql(p: Principal): SQL | null {
  if (seesAllAgencies(p)) return null;
  const a = p.agencyCode ?? '\u0000';
  return sql`(s.lead_agency_code = ${a} OR EXISTS (SELECT 1 FROM tasks ts WHERE ts.id = s.task_id AND ${a} = ANY(ts.cooperating_agency_codes)))`;
}

/** The predicate of one cell of the table over `task_states s`. */
export function cellPredicate(f: CellFilter, p: Principal): SQL {
  const parts: SQL[] = [
    sql`s.assigned_date BETWEEN ${f.from}::date AND ${f.to}::date`,
    sql`s.valid_from <= ${f.asOf}::date`,
    sql`s.valid_to > ${f.asOf}::date`,
  ];
  if (f.status) parts.push(sql`s.status = ${f.status}`);
  if (f.timeliness) parts.push(sql`${timelinessSql(f.asOf)} = ${f.timeliness}`);
  if (f.agency) parts.push(sql`s.lead_agency_code = ${f.agency}`);
  const scope = scopeSql(p);
  if (scope) parts.push(scope);
  return sql.join(parts, sql` AND `);
}

export interface TableRow {
  status: TaskStatus;
  onTime: number;
  overdue: number;
  noDeadline: number;
  total: number;
}

const emptyRows = (): TableRow[] =>
  TASK_STATUSES.map((status) => ({ status, onTime: 0, overdue: 0, noDeadline: 0, total: 0 }));

function add(rows: TableRow[], status: string, t: string, n: number) {
  let row = rows.find((r) => r.status === status);
  if (!row) {
    row = { status: status as TaskStatus, onTime: 0, overdue: 0, noDeadline: 0, total: 0 };
    rows.push(row);
  }
  if (t === 'on_time') row.onTime += n;
  else if (t === 'overdue') row.overdue += n;
  else row.noDeadline += n;
  row.total += n;
}

/** The SQL of the task table: counts grouped by lead agency, status and timeliness, in one pass. */
export function taskTableSql(f: CellFilter, p: Principal): SQL {
  return sql`SELECT s.lead_agency_code AS agency, s.status, ${timelinessSql(f.asOf)} AS t, count(*)::int AS n
    FROM task_states s WHERE ${cellPredicate(f, p)}
    GROUP BY 1, 2, 3`;
}

/** The grouped counts by SQL (the reference implementation; used for agency-scoped users). */
export async function taskTableBySql(db: Tx, f: CellFilter, p: Principal): Promise<Map<string, TableRow[]>> {
  const r = await queryRows<{ agency: string; status: string; t: string; n: number }>(db, taskTableSql(f, p));
  const byAgency = new Map<string, TableRow[]>();
  for (const x of r) {
    if (!byAgency.has(x.agency)) byAgency.set(x.agency, emptyRows());
    add(byAgency.get(x.agency)!, x.status, x.t, Number(x.n));
  }
  return byAgency;
}

/**
 * The status × timeliness table (with a breakdown by lead agency). Every status has a row; the sum
 * of the rows equals `total`, always.
 */
export async function taskTable(db: Tx, f: CellFilter, p: Principal, index?: TaskTableIndex) {
  let byAgency: Map<string, TableRow[]>;
  if (index && seesAllAgencies(p)) {
    await index.refresh(db);
    byAgency = index.count(f.from, f.to, f.asOf, f.agency);
  } else {
    byAgency = await taskTableBySql(db, f, p);
  }
  const rows = emptyRows();
  let total = 0;
  for (const rs of byAgency.values()) {
    for (const r of rs) {
      add(rows, r.status, 'on_time', r.onTime);
      add(rows, r.status, 'overdue', r.overdue);
      add(rows, r.status, 'no_deadline', r.noDeadline);
      total += r.total;
    }
  }
  const codes = [...byAgency.keys()];
  const names = new Map<string, string>();
  if (codes.length) {
    const nr = await queryRows<{ code: string; name: string }>(
      db,
      sql`SELECT code, name FROM agencies WHERE code IN ${codes}`,
    );
    for (const a of nr) names.set(a.code, a.name);
  }
  const collator = new Intl.Collator('vi');
  const agencies = [...byAgency.entries()]
    .map(([agency, rs]) => ({
      agency,
      name: names.get(agency) ?? agency,
      rows: rs,
      total: rs.reduce((s, x) => s + x.total, 0),
    }))
    .sort((a, b) => b.total - a.total || collator.compare(a.name, b.name));
  return { from: f.from, to: f.to, asOf: f.asOf, total, rows, byAgency: agencies };
}

const SORTS: Record<NonNullable<ListFilter['sort']>, SQL> = {
  assigned: sql`s.assigned_date`,
  deadline: sql`s.deadline`,
  status: sql`s.status`,
  agency: sql`s.lead_agency_code`,
  ref: sql`t.ref`,
};

export interface TaskListItem {
  id: string;
  ref: string | null;
  title: string;
  documentId: string;
  documentNumber: string;
  documentDate: string | null;
  clause: string | null;
  assignedBy: string;
  leadAgency: string;
  leadAgencyName: string;
  cooperatingAgencies: string[];
  assignedDate: string;
  deadline: string | null;
  status: TaskStatus;
  timeliness: Timeliness;
  finishDate: string | null;
}

/** The list behind a cell (same predicate) plus text search, document, deadline range; paged. */
export async function listTasks(
  db: Tx,
  f: ListFilter,
  p: Principal,
): Promise<{ items: TaskListItem[]; total: number }> {
  const parts: SQL[] = [cellPredicate(f, p)];
  if (f.q) parts.push(sql`t.search_key LIKE ${likePattern(f.q)}`);
  if (f.document) parts.push(sql`t.document_id = ${f.document}`);
  if (f.deadlineFrom) parts.push(sql`s.deadline >= ${f.deadlineFrom}::date`);
  if (f.deadlineTo) parts.push(sql`s.deadline <= ${f.deadlineTo}::date`);
  if (f.cooperating) parts.push(sql`${f.cooperating} = ANY(t.cooperating_agency_codes)`);
  const where = sql.join(parts, sql` AND `);
  const from = sql`FROM task_states s JOIN tasks t ON t.id = s.task_id JOIN documents d ON d.id = t.document_id`;
  const c = await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n ${from} WHERE ${where}`);
  const total = Number(c[0]!.n);
  const dir = f.order === 'desc' ? sql`DESC` : sql`ASC`;
  const order = SORTS[f.sort ?? 'assigned'];
  const r = await queryRows(
    db,
    sql`SELECT t.id, t.ref, t.title, t.document_id, d.number_symbol, d.date AS document_date, t.clause,
      t.assigned_by, s.lead_agency_code, a.name AS lead_name, t.cooperating_agency_codes, s.assigned_date, s.deadline,
      s.status, ${timelinessSql(f.asOf)} AS timeliness, s.finish_date
    ${from} LEFT JOIN agencies a ON a.code = s.lead_agency_code
    WHERE ${where}
    ORDER BY ${order} ${dir} NULLS LAST, t.ref ASC, t.id ASC
    LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`,
  );
  const items = r.map((x) => ({
    id: x.id as string,
    ref: x.ref as string | null,
    title: x.title as string,
    documentId: x.document_id as string,
    documentNumber: x.number_symbol as string,
    documentDate: x.document_date as string | null,
    clause: x.clause as string | null,
    assignedBy: x.assigned_by as string,
    leadAgency: x.lead_agency_code as string,
    leadAgencyName: (x.lead_name as string) ?? (x.lead_agency_code as string),
    cooperatingAgencies: parseArray(x.cooperating_agency_codes),
    assignedDate: x.assigned_date as string,
    deadline: x.deadline as string | null,
    status: x.status as TaskStatus,
    timeliness: x.timeliness as Timeliness,
    finishDate: x.finish_date as string | null,
  }));
  return { items, total };
}

/** text[] comes back as a JS array from both engines, or as a literal '{a,b}' through raw SQL paths. */
export function parseArray(v: unknown): string[] {
  if (Array.isArray(v)) return v as string[];
  if (typeof v === 'string') {
    const inner = v.replace(/^\{|\}$/g, '');
    return inner ? inner.split(',').map((s) => s.replace(/^"|"$/g, '')) : [];
  }
  return [];
}
