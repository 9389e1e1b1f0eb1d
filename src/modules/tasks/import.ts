/**
 * Import of task histories (for offices moving off their old software or spreadsheets), in bulk.
 *
 * All or nothing, in the caller's transaction: every task is validated in memory first (state machine,
 * dates, agencies valid on the assignment date, documents), then documents, tasks, events, the
 * projection and the change log are written with a few multi-row statements. Tasks whose `ref` exists
 * are skipped (idempotent). Errors: 422 `import_invalid` with `errors[]` (index, path, code, message).
 */
import { randomUUID } from 'node:crypto';
import { inArray } from 'drizzle-orm';
import type { Tx } from '../../db/engine.ts';
import { agencies, taskChanges, taskEvents, tasks, taskStates } from '../../db/schema.ts';
import { AppError, type ErrorItem } from '../../kernel/errors.ts';
import type { Principal } from '../../kernel/auth/roles.ts';
import { documentRow, ensureDocumentRows, type NewDocumentRow } from '../../kernel/documents/service.ts';
import { nfc, searchKey } from '../../kernel/text.ts';
import { toHcmDate } from '../../kernel/calendar/dates.ts';
import { recordAudit } from '../../kernel/audit/index.ts';
import { foldTask, stateIntervals, TransitionError, type FoldEvent } from './fold.ts';
import type { IMPORTABLE_EVENT_TYPES } from './rules.ts';

export interface ImportEvent {
  type: (typeof IMPORTABLE_EVENT_TYPES)[number];
  /** 'YYYY-MM-DD' or an ISO datetime with offset */
  at: string;
  deadline?: string;
  note?: string;
}
export interface ImportTask {
  ref: string;
  title: string;
  document: { number: string; date: string; summary?: string };
  clause?: string;
  assignedBy: 'committee' | 'chairman' | 'vice_chairman';
  leadAgency: string;
  cooperatingAgencies: string[];
  assignedAt: string;
  deadline: string | null;
  followUnit?: string;
  events: ImportEvent[];
}

/** Calendar date (Asia/Ho_Chi_Minh) of an import `at`: a date as is, a datetime converted. */
export const importDate = (at: string) => (at.length === 10 ? at : toHcmDate(at));
const instant = (at: string) => new Date(at.length === 10 ? `${at}T00:00:00+07:00` : at);

const CHUNK = 500;
async function insertChunks<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += CHUNK) await insert(rows.slice(i, i + CHUNK));
}

export async function importTasks(tx: Tx, actor: Principal | null, items: ImportTask[]) {
  const errors: ErrorItem[] = [];
  const fail = (index: number, path: string, code: string, message: string, messageEn: string) =>
    errors.push({ index, path, code, message, messageEn });

  const existing = new Set<string>();
  const refs = items.map((t) => t.ref);
  for (let i = 0; i < refs.length; i += 1000) {
    const rows = await tx
      .select({ ref: tasks.ref })
      .from(tasks)
      .where(inArray(tasks.ref, refs.slice(i, i + 1000)));
    rows.forEach((r) => r.ref && existing.add(r.ref));
  }
  const codes = [
    ...new Set(
      items.flatMap((t) => [t.leadAgency, ...t.cooperatingAgencies, ...(t.followUnit ? [t.followUnit] : [])]),
    ),
  ];
  const validity = new Map<string, { from: string; to: string | null }>();
  for (let i = 0; i < codes.length; i += 1000) {
    const rows = await tx
      .select({ code: agencies.code, from: agencies.validFrom, to: agencies.validTo })
      .from(agencies)
      .where(inArray(agencies.code, codes.slice(i, i + 1000)));
    for (const r of rows) validity.set(r.code, { from: r.from, to: r.to });
  }
  const agencyProblem = (code: string, date: string): [string, string, string] | null => {
    const v = validity.get(code);
    if (!v) return ['unknown_agency', `Không có cơ quan mã ${code}.`, `No agency with code ${code}.`];
    if (v.from > date || (v.to !== null && v.to < date)) {
      return [
        'agency_not_valid_on_date',
        `Cơ quan ${code} không tồn tại vào ngày ${date.split('-').reverse().join('/')}.`,
        `Agency ${code} did not exist on ${date}.`,
      ];
    }
    return null;
  };

  interface Prepared {
    item: ImportTask;
    events: FoldEvent[];
    doc: NewDocumentRow;
    coop: string[];
  }
  const ready: Prepared[] = [];
  const seen = new Set<string>();
  const skipped: string[] = [];
  items.forEach((item, index) => {
    const p = `tasks.${index}`;
    if (seen.has(item.ref)) {
      return fail(
        index,
        `${p}.ref`,
        'duplicate_ref',
        `Mã ${item.ref} lặp lại trong tệp nhập.`,
        `Ref ${item.ref} appears twice in the import.`,
      );
    }
    seen.add(item.ref);
    if (existing.has(item.ref)) return void skipped.push(item.ref);
    const events: FoldEvent[] = item.events.map((e) => ({
      type: e.type,
      occurredOn: importDate(e.at),
      data: e.deadline ? { deadline: e.deadline } : null,
    }));
    let intervalsOk = true;
    try {
      foldTask(
        { assignedDate: item.assignedAt, deadline: item.deadline, leadAgencyCode: item.leadAgency },
        events,
      );
    } catch (e) {
      if (!(e instanceof TransitionError)) throw e;
      intervalsOk = false;
      fail(index, `${p}.events.${e.index}`, e.code, e.messageVi, e.messageEn);
    }
    if (!intervalsOk) return;
    const today = toHcmDate(new Date());
    const future = events.findIndex((e) => e.occurredOn > today);
    if (future >= 0) {
      return fail(
        index,
        `${p}.events.${future}.at`,
        'future_date',
        'Ngày sự kiện không thể ở tương lai.',
        'An event cannot be dated in the future.',
      );
    }
    if (item.deadline !== null && item.deadline < item.assignedAt) {
      return fail(
        index,
        `${p}.deadline`,
        'deadline_before_assignment',
        'Thời hạn trước ngày giao.',
        'The deadline precedes the assignment date.',
      );
    }
    let doc: NewDocumentRow;
    try {
      doc = documentRow(actor, {
        numberSymbol: item.document.number,
        date: item.document.date,
        summary: item.document.summary ?? item.title,
      });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      const field = e.path === 'numberSymbol' ? 'number' : (e.path ?? '');
      return fail(index, `${p}.document.${field}`, e.code, e.messageVi, e.messageEn);
    }
    if (doc.date && item.assignedAt < doc.date) {
      return fail(
        index,
        `${p}.assignedAt`,
        'assigned_before_document',
        'Ngày giao không thể trước ngày văn bản.',
        'The assignment date cannot precede the document date.',
      );
    }
    const coop = [...new Set(item.cooperatingAgencies)].filter((c) => c !== item.leadAgency);
    const checks: [string, string][] = [
      [item.leadAgency, `${p}.leadAgency`],
      ...item.cooperatingAgencies.map((c, j): [string, string] => [c, `${p}.cooperatingAgencies.${j}`]),
      ...(item.followUnit ? [[item.followUnit, `${p}.followUnit`] as [string, string]] : []),
    ];
    for (const [code, path] of checks) {
      const problem = agencyProblem(code, item.assignedAt);
      if (problem) return fail(index, path, problem[0], problem[1], problem[2]);
    }
    ready.push({ item, events, doc, coop });
  });
  if (errors.length) {
    const first = errors[0]!;
    throw new AppError(
      422,
      'import_invalid',
      `Dữ liệu nhập có ${errors.length} lỗi; không nhiệm vụ nào được ghi. Lỗi đầu: ${first.message}`,
      `The import has ${errors.length} error(s); nothing was written. First: ${first.messageEn ?? first.message}`,
      first.path,
      errors,
    );
  }

  const docIds = await ensureDocumentRows(
    tx,
    actor,
    ready.map((r) => r.doc),
  );
  const taskRows: (typeof tasks.$inferInsert)[] = [];
  const eventRows: (typeof taskEvents.$inferInsert)[] = [];
  const stateRows: (typeof taskStates.$inferInsert)[] = [];
  const actorName = actor?.username ?? 'import';
  for (const { item, events, doc, coop } of ready) {
    const id = randomUUID();
    const documentId = docIds.get(doc.docKey)!;
    const intervals = stateIntervals(
      { assignedDate: item.assignedAt, deadline: item.deadline, leadAgencyCode: item.leadAgency },
      events,
    );
    const s = intervals[intervals.length - 1]!;
    const title = nfc(item.title);
    taskRows.push({
      id,
      ref: item.ref,
      title,
      searchKey: searchKey(item.ref, title, doc.numberSymbol),
      documentId,
      clause: item.clause ?? null,
      assignedBy: item.assignedBy,
      leadAgencyCode: s.leadAgencyCode,
      initialLeadAgencyCode: item.leadAgency,
      cooperatingAgencyCodes: coop,
      assignedDate: item.assignedAt,
      deadline: item.deadline,
      currentDeadline: s.deadline,
      followUnitCode: item.followUnit ?? null,
      status: s.status,
      extensionRequested: s.extensionRequested,
      pendingExtension: s.pendingExtension,
      reportDate: s.reportDate,
      finishDate: s.finishDate,
      eventCount: events.length + 1,
    });
    eventRows.push({
      id: randomUUID(),
      taskId: id,
      seq: 0,
      type: 'assigned',
      occurredOn: item.assignedAt,
      at: instant(item.assignedAt),
      actorUserId: actor?.id ?? null,
      actorName,
      documentId,
      data: { deadline: item.deadline, leadAgency: item.leadAgency, cooperatingAgencies: coop },
    });
    item.events.forEach((e, i) =>
      eventRows.push({
        id: randomUUID(),
        taskId: id,
        seq: i + 1,
        type: e.type,
        occurredOn: events[i]!.occurredOn,
        at: instant(e.at),
        actorUserId: actor?.id ?? null,
        actorName,
        note: e.note ? nfc(e.note) : null,
        data: events[i]!.data ?? null,
      }),
    );
    for (const iv of intervals) {
      stateRows.push({
        taskId: id,
        validFrom: iv.validFrom,
        validTo: iv.validTo,
        status: iv.status,
        deadline: iv.deadline,
        finishDate: iv.finishDate,
        leadAgencyCode: iv.leadAgencyCode,
        assignedDate: item.assignedAt,
      });
    }
  }
  await insertChunks(taskRows, (c) => tx.insert(tasks).values(c));
  await insertChunks(eventRows, (c) => tx.insert(taskEvents).values(c));
  await insertChunks(stateRows, (c) => tx.insert(taskStates).values(c));
  await insertChunks(taskRows, (c) => tx.insert(taskChanges).values(c.map((t) => ({ taskId: t.id! }))));
  if (actor) {
    await recordAudit(tx, {
      actor,
      entityType: 'task_import',
      entityId: randomUUID(),
      action: 'imported',
      data: { imported: taskRows.length, skipped: skipped.length },
    });
  }
  return { imported: taskRows.length, skipped };
}
