/**
 * Task commands (REFERENCE §1). Each command runs in ONE transaction: validate, check role and agency
 * scope, append events to the history (`task_events`), rebuild the task's projection (`task_states`)
 * from its whole history, and update the current state (`tasks`). Nothing is half-written.
 */
import { randomUUID } from 'node:crypto';
import { asc, eq, sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/engine.ts';
import {
  agencies,
  agencySuccessions,
  taskChanges,
  taskEvents,
  tasks,
  taskStates,
  users,
} from '../../db/schema.ts';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../kernel/errors.ts';
import type { Principal } from '../../kernel/auth/roles.ts';
import { seesAllAgencies } from '../../kernel/auth/roles.ts';
import { requireAgencyOn } from '../../kernel/org/service.ts';
import { ensureDocument, getDocument, type DocumentInput } from '../../kernel/documents/service.ts';
import { nfc, searchKey } from '../../kernel/text.ts';
import { toHcmDate } from '../../kernel/calendar/dates.ts';
import { recordAudit } from '../../kernel/audit/index.ts';
import type { CalendarSnapshot } from '../../kernel/calendar/index.ts';
import { ruleDeadline, type DeadlineRuleInput, type StoredDeadlineRule } from './deadline-rule.ts';
import {
  foldTask,
  stateIntervals,
  TransitionError,
  type FoldEvent,
  type TaskBase,
  type TaskState,
} from './fold.ts';
import { transitionFor, UNFINISHED_STATUSES, type TaskEventType, type TransitionRule } from './rules.ts';

export type TaskRow = typeof tasks.$inferSelect;
type EventRow = typeof taskEvents.$inferSelect;

export type AssignedBy = 'committee' | 'chairman' | 'vice_chairman';

/** A reference to a document: an id of a registered one, or its number/symbol and date. */
export type DocumentRef = { id: string } | DocumentInput;

async function resolveDocument(tx: Tx, actor: Principal | null, ref: DocumentRef, path: string) {
  if ('id' in ref) {
    const d = await getDocument(tx, ref.id);
    if (!d) throw badRequest('unknown_document', 'Không tìm thấy văn bản.', 'Document not found.', path);
    return d;
  }
  try {
    return await ensureDocument(tx, actor, ref);
  } catch (e) {
    if (e instanceof AppError && e.path)
      throw new AppError(e.status, e.code, e.messageVi, e.messageEn, `${path}.${e.path}`);
    throw e;
  }
}

const baseOf = (t: TaskRow): TaskBase => ({
  assignedDate: t.assignedDate,
  deadline: t.deadline,
  leadAgencyCode: t.initialLeadAgencyCode,
});

const toFold = (e: Pick<EventRow, 'type' | 'occurredOn' | 'data'>): FoldEvent => ({
  type: e.type as TaskEventType,
  occurredOn: e.occurredOn,
  data: (e.data as FoldEvent['data']) ?? null,
});

/** Rebuilds the projection of one task and its current state from its whole history. */
async function writeProjection(tx: Tx, task: TaskRow, events: FoldEvent[]) {
  const base = baseOf(task);
  const intervals = stateIntervals(base, events);
  const state = intervals[intervals.length - 1]!;
  await tx.delete(taskStates).where(eq(taskStates.taskId, task.id));
  await tx.insert(taskChanges).values({ taskId: task.id });
  await tx.insert(taskStates).values(
    intervals.map((iv) => ({
      taskId: task.id,
      validFrom: iv.validFrom,
      validTo: iv.validTo,
      status: iv.status,
      deadline: iv.deadline,
      finishDate: iv.finishDate,
      leadAgencyCode: iv.leadAgencyCode,
      assignedDate: task.assignedDate,
    })),
  );
  return state;
}

/** Stores the folded state as the task's current state (same transaction as its events). */
async function saveCurrent(tx: Tx, id: string, state: TaskState, eventCount: number): Promise<TaskRow> {
  const [row] = await tx
    .update(tasks)
    .set({
      status: state.status,
      currentDeadline: state.deadline,
      extensionRequested: state.extensionRequested,
      pendingExtension: state.pendingExtension,
      reportDate: state.reportDate,
      finishDate: state.finishDate,
      leadAgencyCode: state.leadAgencyCode,
      eventCount,
      updatedAt: new Date(),
    })
    .where(eq(tasks.id, id))
    .returning();
  return row!;
}

/** Whether a principal may see a task: office roles and admins all; agency users lead or cooperating. */
export function canSee(p: Principal, t: Pick<TaskRow, 'leadAgencyCode' | 'cooperatingAgencyCodes'>): boolean {
  if (seesAllAgencies(p)) return true;
  return (
    !!p.agencyCode && (t.leadAgencyCode === p.agencyCode || t.cooperatingAgencyCodes.includes(p.agencyCode))
  );
}

/** Whether the principal's role and agency allow a transition on this task (state aside). */
export function mayTake(p: Principal, rule: TransitionRule, t: Pick<TaskRow, 'leadAgencyCode'>): boolean {
  if (p.roles.includes('admin')) return true;
  if (!p.roles.some((r) => rule.roles.includes(r))) return false;
  if (rule.scope === 'lead_agency') return p.agencyCode === t.leadAgencyCode;
  return true;
}

export interface CreateTaskInput {
  ref?: string | null;
  title: string;
  document: DocumentRef;
  clause?: string | null;
  assignedBy: AssignedBy;
  assignerCode?: string | null;
  leadAgency: string;
  cooperatingAgencies?: string[];
  /** YYYY-MM-DD; default: the document's date */
  assignedAt?: string | null;
  deadline?: string | null;
  followUnit?: string | null;
  followerUserId?: string | null;
  /** instead of `deadline`: N working days from the document date or the assignment date (computed once) */
  deadlineRule?: DeadlineRuleInput | null;
}

async function insertTask(
  tx: Tx,
  actor: Principal | null,
  input: CreateTaskInput,
  pathPrefix = '',
  calendar?: CalendarSnapshot,
) {
  const doc = await resolveDocument(tx, actor, input.document, `${pathPrefix}document`);
  const assignedDate = input.assignedAt ?? doc.date ?? toHcmDate(new Date());
  if (doc.date && assignedDate < doc.date) {
    throw badRequest(
      'assigned_before_document',
      'Ngày giao không thể trước ngày văn bản.',
      'The assignment date cannot precede the document date.',
      `${pathPrefix}assignedAt`,
    );
  }
  let deadline = input.deadline ?? null;
  let deadlineRule: StoredDeadlineRule | null = null;
  if (input.deadlineRule) {
    if (input.deadline) {
      throw badRequest(
        'deadline_and_rule',
        'Chỉ nhập thời hạn (deadline) hoặc quy tắc tính thời hạn (deadlineRule), không cả hai.',
        'Give either a deadline or a deadlineRule, not both.',
        `${pathPrefix}deadlineRule`,
      );
    }
    if (!calendar) throw new Error('insertTask: a deadlineRule needs the calendar snapshot');
    deadlineRule = ruleDeadline(calendar, input.deadlineRule, { documentDate: doc.date, assignedDate });
    deadline = deadlineRule.deadline;
  }
  if (deadline && deadline < assignedDate) {
    throw badRequest(
      'deadline_before_assignment',
      'Thời hạn không thể trước ngày giao.',
      'The deadline cannot precede the assignment date.',
      `${pathPrefix}${deadlineRule ? 'deadlineRule.workingDays' : 'deadline'}`,
    );
  }
  await requireAgencyOn(tx, input.leadAgency, assignedDate, `${pathPrefix}leadAgency`);
  const coop = [...new Set(input.cooperatingAgencies ?? [])].filter((c) => c !== input.leadAgency);
  for (const [i, c] of coop.entries())
    await requireAgencyOn(tx, c, assignedDate, `${pathPrefix}cooperatingAgencies.${i}`);
  if (input.followUnit) await requireAgencyOn(tx, input.followUnit, assignedDate, `${pathPrefix}followUnit`);
  if (input.followerUserId) {
    const [u] = await tx.select({ roles: users.roles }).from(users).where(eq(users.id, input.followerUserId));
    if (!u || !u.roles.some((r) => r === 'office_specialist' || r === 'office_leader')) {
      throw badRequest(
        'invalid_follower',
        'Người theo dõi phải là chuyên viên hoặc lãnh đạo Văn phòng.',
        'The follower must be an Office specialist or leader.',
        `${pathPrefix}followerUserId`,
      );
    }
  }
  if (input.assignerCode)
    await requireAgencyOn(tx, input.assignerCode, assignedDate, `${pathPrefix}assignerCode`);
  const id = randomUUID();
  const title = nfc(input.title);
  const [row] = await tx
    .insert(tasks)
    .values({
      id,
      ref: input.ref ?? null,
      title,
      searchKey: searchKey(input.ref, title, doc.numberSymbol),
      documentId: doc.id,
      clause: input.clause ?? null,
      assignedBy: input.assignedBy,
      assignerCode: input.assignerCode ?? null,
      leadAgencyCode: input.leadAgency,
      initialLeadAgencyCode: input.leadAgency,
      cooperatingAgencyCodes: coop,
      assignedDate,
      deadline,
      currentDeadline: deadline,
      deadlineRule,
      followUnitCode: input.followUnit ?? null,
      followerUserId: input.followerUserId ?? null,
      status: 'awaiting_receipt',
    })
    .returning();
  await tx.insert(taskEvents).values({
    id: randomUUID(),
    taskId: id,
    seq: 0,
    type: 'assigned',
    occurredOn: assignedDate,
    at: new Date(`${assignedDate}T00:00:00+07:00`),
    actorUserId: actor?.id ?? null,
    actorName: actor?.username ?? 'system',
    documentId: doc.id,
    data: {
      deadline,
      ...(deadlineRule ? { deadlineRule } : {}),
      leadAgency: input.leadAgency,
      cooperatingAgencies: coop,
    },
  });
  return row!;
}

/**
 * Creates a task from a directive document (office roles, admin). A `deadlineRule` is turned into the
 * deadline date here, once, with `opts.calendar` (required then).
 */
/** Prefix of generated task refs (`<prefix>-<year>-<0001>`), e.g. QNG-NV for Quảng Ngãi. */
export const TASK_REF_PREFIX = process.env.KIENTAO_TASK_REF_PREFIX || 'QNG-NV';

/**
 * The next free ref of the year's series, e.g. `QNG-NV-2026-0007`. The counter row is updated
 * atomically (row lock), so concurrent creations never get the same number; refs taken by imports are skipped.
 */
async function nextTaskRef(tx: Tx, year: string): Promise<string> {
  const prefix = `${TASK_REF_PREFIX}-${year}`;
  for (let i = 0; i < 10_000; i++) {
    const [row] = await queryRows<{ last: number }>(
      tx,
      sql`INSERT INTO number_counters (prefix, last) VALUES (${prefix}, 1)
          ON CONFLICT (prefix) DO UPDATE SET last = number_counters.last + 1 RETURNING last`,
    );
    const ref = `${prefix}-${String(row!.last).padStart(4, '0')}`;
    const taken = await tx.select({ id: tasks.id }).from(tasks).where(eq(tasks.ref, ref));
    if (!taken.length) return ref;
  }
  throw new Error('no free task ref');
}

export async function createTask(
  tx: Tx,
  actor: Principal,
  input: CreateTaskInput,
  opts: { calendar?: CalendarSnapshot } = {},
): Promise<TaskRow> {
  if (input.ref) {
    const dup = await tx.select({ id: tasks.id }).from(tasks).where(eq(tasks.ref, input.ref));
    if (dup.length)
      throw conflict('ref_exists', `Mã nhiệm vụ ${input.ref} đã có.`, `Task ref ${input.ref} exists.`, 'ref');
  }
  const ref = input.ref ?? (await nextTaskRef(tx, (input.assignedAt ?? toHcmDate(new Date())).slice(0, 4)));
  const row = await insertTask(tx, actor, { ...input, ref }, '', opts.calendar);
  const state = await writeProjection(tx, row, []);
  return saveCurrent(tx, row.id, state, 1);
}

export interface ActionInput {
  action: string;
  note?: string | null;
  deadline?: string | null;
  document?: DocumentRef | null;
  /** date the action happened (office roles may record a past date); default today (Asia/Ho_Chi_Minh) */
  occurredOn?: string | null;
}

/**
 * Takes a transition on a task. Errors: 404 unknown task (or one the user may not see), 400
 * `unknown_action`, 403 role/scope, 409 `invalid_transition` (wrong state), 400 missing requirement.
 */
export async function takeAction(
  tx: Tx,
  actor: Principal,
  taskId: string,
  input: ActionInput,
): Promise<TaskRow> {
  const rule = transitionFor(input.action);
  if (!rule) {
    throw badRequest(
      'unknown_action',
      `Thao tác không hợp lệ: ${input.action}`,
      `Unknown action: ${input.action}`,
      'action',
    );
  }
  const locked = await queryRows(tx, sql`SELECT id FROM tasks WHERE id = ${taskId} FOR UPDATE`);
  if (!locked.length) throw notFound('nhiệm vụ / task', 'id');
  const [task] = await tx.select().from(tasks).where(eq(tasks.id, taskId));
  if (!task || !canSee(actor, task)) throw notFound('nhiệm vụ / task', 'id');
  if (!mayTake(actor, rule, task)) {
    throw forbidden(
      `Vai trò hoặc cơ quan của bạn không được "${rule.label.vi}" nhiệm vụ này.`,
      `Your role or agency may not "${rule.label.en}" this task.`,
    );
  }
  const today = toHcmDate(new Date());
  const occurredOn = input.occurredOn ?? today;
  if (input.occurredOn && !seesAllAgencies(actor)) {
    throw forbidden(
      'Chỉ Văn phòng được ghi ngày thực hiện trong quá khứ.',
      'Only the Office may record a past date.',
    );
  }
  if (occurredOn > today)
    throw badRequest(
      'future_date',
      'Ngày thực hiện không thể ở tương lai.',
      'The date cannot be in the future.',
      'occurredOn',
    );
  for (const r of rule.requires) {
    if (r === 'deadline' && !input.deadline)
      throw badRequest('deadline_required', 'Cần nhập thời hạn.', 'A deadline is required.', 'deadline');
    if (r === 'note' && !input.note?.trim())
      throw badRequest('note_required', 'Cần nhập lý do / nội dung.', 'A note is required.', 'note');
    if (r === 'document' && !input.document)
      throw badRequest('document_required', 'Cần văn bản kèm theo.', 'A document is required.', 'document');
  }
  if (input.deadline && input.deadline < task.assignedDate) {
    throw badRequest(
      'deadline_before_assignment',
      'Thời hạn không thể trước ngày giao.',
      'The deadline cannot precede the assignment date.',
      'deadline',
    );
  }
  const rows = await tx
    .select()
    .from(taskEvents)
    .where(eq(taskEvents.taskId, taskId))
    .orderBy(asc(taskEvents.seq));
  const history = rows.map(toFold);
  const lastDate = rows[rows.length - 1]?.occurredOn ?? task.assignedDate;
  if (occurredOn < lastDate) {
    throw badRequest(
      'date_before_last_event',
      `Ngày thực hiện không thể trước sự kiện gần nhất (${lastDate}).`,
      `The date cannot precede the latest event (${lastDate}).`,
      'occurredOn',
    );
  }
  let docRef = input.document ?? null;
  if (docRef && !('id' in docRef) && !docRef.issuerCode && actor.agencyCode && rule.scope === 'lead_agency') {
    // an agency's own report: it is the issuer
    const [a] = await tx
      .select({ name: agencies.name })
      .from(agencies)
      .where(eq(agencies.code, actor.agencyCode));
    docRef = { ...docRef, issuerCode: actor.agencyCode, issuerName: docRef.issuerName ?? a?.name ?? null };
  }
  const doc = docRef ? await resolveDocument(tx, actor, docRef, 'document') : null;
  const ev: FoldEvent = {
    type: rule.event,
    occurredOn,
    data: input.deadline ? { deadline: input.deadline } : null,
  };
  try {
    foldTask(baseOf(task), [...history, ev]);
  } catch (e) {
    if (e instanceof TransitionError) throw new AppError(409, e.code, e.messageVi, e.messageEn, 'action');
    throw e;
  }
  await tx.insert(taskEvents).values({
    id: randomUUID(),
    taskId,
    seq: rows.length,
    type: rule.event,
    occurredOn,
    at: new Date(),
    actorUserId: actor.id,
    actorName: actor.username,
    note: input.note ? nfc(input.note) : null,
    documentId: doc?.id ?? null,
    data: ev.data ?? null,
  });
  const state = await writeProjection(tx, task, [...history, ev]);
  return saveCurrent(tx, taskId, state, rows.length + 1);
}

// ---------------------------------------------------------------------------------------------
// Succession: open tasks of an abolished agency move to its successor

/**
 * Moves the unfinished tasks (awaiting receipt, in progress, awaiting closure) led by `from` to its
 * successor `to`, by an explicit, logged operation (an event `transferred` on each task, dated `date`).
 * `to` must be a recorded successor of `from` (merge/rename/split, Luật 72/2025/QH15 two-tier reform).
 * Past reports keep the lead agency in force then (the projection is dated).
 */
export async function transferAgencyTasks(
  tx: Tx,
  actor: Principal,
  input: { from: string; to: string; date?: string | null; reason: string; document?: DocumentRef | null },
) {
  const [link] = await tx
    .select()
    .from(agencySuccessions)
    .where(
      sql`${agencySuccessions.predecessorCode} = ${input.from} AND ${agencySuccessions.successorCode} = ${input.to}`,
    );
  if (!link) {
    throw badRequest(
      'not_a_successor',
      `${input.to} không phải cơ quan kế thừa của ${input.from}.`,
      `${input.to} is not a recorded successor of ${input.from}.`,
      'to',
    );
  }
  const date = input.date ?? link.effectiveDate;
  if (date > toHcmDate(new Date())) {
    throw badRequest(
      'future_date',
      'Ngày chuyển không thể ở tương lai.',
      'The transfer date cannot be in the future.',
      'date',
    );
  }
  await requireAgencyOn(tx, input.to, date, 'to');
  const doc = input.document ? await resolveDocument(tx, actor, input.document, 'document') : null;
  const open = await tx
    .select()
    .from(tasks)
    .where(
      sql`${tasks.leadAgencyCode} = ${input.from} AND ${tasks.status} IN ${UNFINISHED_STATUSES} FOR UPDATE`,
    );
  const moved: string[] = [];
  for (const task of open) {
    const rows = await tx
      .select()
      .from(taskEvents)
      .where(eq(taskEvents.taskId, task.id))
      .orderBy(asc(taskEvents.seq));
    const last = rows[rows.length - 1]?.occurredOn ?? task.assignedDate;
    const on = date < last ? last : date;
    const ev: FoldEvent = { type: 'transferred', occurredOn: on, data: { from: input.from, to: input.to } };
    await tx.insert(taskEvents).values({
      id: randomUUID(),
      taskId: task.id,
      seq: rows.length,
      type: 'transferred',
      occurredOn: on,
      at: new Date(),
      actorUserId: actor.id,
      actorName: actor.username,
      note: nfc(input.reason),
      documentId: doc?.id ?? null,
      data: ev.data ?? null,
    });
    const state = await writeProjection(tx, task, [...rows.map(toFold), ev]);
    await saveCurrent(tx, task.id, state, rows.length + 1);
    moved.push(task.id);
  }
  await recordAudit(tx, {
    actor,
    entityType: 'agency',
    entityId: input.from,
    action: 'tasks_transferred',
    reason: input.reason,
    documentId: doc?.id ?? null,
    data: { to: input.to, date, tasks: moved.length },
  });
  return { moved: moved.length, taskIds: moved };
}
