/** A task with its history and the actions the viewer may take. */
import { asc, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../db/engine.ts';
import { documents, taskEvents, tasks, users } from '../../db/schema.ts';
import type { Principal } from '../../kernel/auth/roles.ts';
import { notFound } from '../../kernel/errors.ts';
import { agencyNames } from '../../kernel/org/service.ts';
import { toHcmDate } from '../../kernel/calendar/dates.ts';
import { canSee, mayTake } from './service.ts';
import { TASK_TRANSITIONS, type TaskStatus } from './rules.ts';
import { timelinessAt } from './timeliness.ts';

export async function taskDetail(db: Tx, p: Principal, id: string) {
  const [t] = await db.select().from(tasks).where(eq(tasks.id, id));
  if (!t || !canSee(p, t)) throw notFound('nhiệm vụ / task', 'id');
  const events = await db
    .select()
    .from(taskEvents)
    .where(eq(taskEvents.taskId, id))
    .orderBy(asc(taskEvents.seq));
  const docIds = [
    ...new Set([t.documentId, ...events.map((e) => e.documentId).filter((x): x is string => !!x)]),
  ];
  const docs = await db
    .select({
      id: documents.id,
      numberSymbol: documents.numberSymbol,
      date: documents.date,
      summary: documents.summary,
    })
    .from(documents)
    .where(inArray(documents.id, docIds));
  const docById = new Map(docs.map((d) => [d.id, d]));
  const codes = [
    t.leadAgencyCode,
    t.initialLeadAgencyCode,
    ...t.cooperatingAgencyCodes,
    t.followUnitCode,
    t.assignerCode,
  ].filter((x): x is string => !!x);
  const names = await agencyNames(db, codes);
  const [follower] = t.followerUserId
    ? await db
        .select({ id: users.id, displayName: users.displayName })
        .from(users)
        .where(eq(users.id, t.followerUserId))
    : [];
  const actorIds = [...new Set(events.map((e) => e.actorUserId).filter((x): x is string => !!x))];
  const actorNames = new Map(
    actorIds.length
      ? (
          await db
            .select({ id: users.id, name: users.displayName })
            .from(users)
            .where(inArray(users.id, actorIds))
        ).map((u) => [u.id, u.name])
      : [],
  );
  const today = toHcmDate(new Date());
  const status = t.status as TaskStatus;
  const allowedActions = TASK_TRANSITIONS.filter(
    (r) =>
      r.from.includes(status) &&
      mayTake(p, r, t) &&
      (!r.requires.includes('pending_extension') || t.extensionRequested),
  ).map((r) => ({ action: r.action, label: r.label, requires: [...r.requires] }));
  const agency = (code: string | null) => (code ? { code, name: names.get(code) ?? code } : null);
  return {
    id: t.id,
    ref: t.ref,
    title: t.title,
    document: docById.get(t.documentId) ?? null,
    clause: t.clause,
    /** the clause of the directive the task was proposed from (task proposals), or null */
    sourceClause:
      t.sourceClauseText !== null
        ? {
            label: t.sourceClauseLabel,
            text: t.sourceClauseText,
            start: t.sourceClauseStart,
            end: t.sourceClauseEnd,
          }
        : null,
    assignedBy: t.assignedBy,
    assigner: agency(t.assignerCode),
    leadAgency: agency(t.leadAgencyCode)!,
    initialLeadAgency: agency(t.initialLeadAgencyCode)!,
    cooperatingAgencies: t.cooperatingAgencyCodes.map((c) => agency(c)!),
    followUnit: agency(t.followUnitCode),
    follower: follower ? { id: follower.id, displayName: follower.displayName } : null,
    assignedDate: t.assignedDate,
    initialDeadline: t.deadline,
    deadline: t.currentDeadline,
    deadlineRule: (t.deadlineRule as Record<string, unknown> | null) ?? null,
    status,
    timeliness: timelinessAt({ status, deadline: t.currentDeadline, finishDate: t.finishDate }, today),
    extensionRequested: t.extensionRequested,
    pendingExtension: t.pendingExtension,
    reportDate: t.reportDate,
    finishDate: t.finishDate,
    version: t.eventCount,
    history: events.map((e) => ({
      seq: e.seq,
      type: e.type,
      occurredOn: e.occurredOn,
      at: e.at.toISOString(),
      recordedAt: e.recordedAt.toISOString(),
      actor: e.actorName,
      actorDisplayName: (e.actorUserId && actorNames.get(e.actorUserId)) || e.actorName,
      note: e.note,
      document: e.documentId ? (docById.get(e.documentId) ?? null) : null,
      data: (e.data as Record<string, unknown> | null) ?? null,
    })),
    allowedActions,
  };
}
