/**
 * Task deadlines given as a rule (issue 3, item 9): "N working days from the document's date / from the
 * assignment date". The calendar turns the rule into a date ONCE, when the task is created; the deadline is
 * a plain date afterwards, compared as is (REFERENCE §1; issue 2: "a limit given in days is turned into a
 * date by the calendar once, when it is set"). The rule, its trigger date and the calendar's fingerprint
 * are kept in `tasks.deadline_rule`.
 *
 * When an admin changes the calendar, the open tasks whose rule would now give another date are REPORTED
 * (old date vs new date), never rewritten: the Office decides, e.g. with `approve_extension`.
 */
import { and, inArray, isNotNull } from 'drizzle-orm';
import type { Tx } from '../../db/engine.ts';
import { tasks } from '../../db/schema.ts';
import { addWorkingDays, CalendarInputError, type CalendarSnapshot } from '../../kernel/calendar/index.ts';
import type { AffectedTask } from '../../kernel/calendar/service.ts';
import { UNFINISHED_STATUSES } from './rules.ts';

export const DEADLINE_RULE_FROM = ['document_date', 'assigned_date'] as const;
export type DeadlineRuleFrom = (typeof DEADLINE_RULE_FROM)[number];

/** What a client sends. */
export interface DeadlineRuleInput {
  /** working days, integer 1–365 */
  workingDays: number;
  from: DeadlineRuleFrom;
}

/** What is stored in `tasks.deadline_rule`. */
export interface StoredDeadlineRule extends DeadlineRuleInput {
  /** the trigger date (the document's date or the assignment date); day 1 is the next working day */
  start: string;
  /** the date the calendar gave when the task was created */
  deadline: string;
  /** fingerprint of the calendar snapshot used */
  calendar: string;
}

/**
 * The deadline of a rule: the `workingDays`-th working day after the trigger date (Bộ luật Dân sự 2015
 * Art 147: the period starts the day after the trigger).
 * @throws CalendarInputError with `deadlineRule.*` fields
 */
export function ruleDeadline(
  cal: CalendarSnapshot,
  rule: DeadlineRuleInput,
  dates: { documentDate: string | null; assignedDate: string },
): StoredDeadlineRule {
  const start = rule.from === 'document_date' ? dates.documentDate : dates.assignedDate;
  if (!start) {
    throw new CalendarInputError(
      'INVALID_DATE',
      'deadlineRule.from',
      'deadlineRule.from: văn bản giao không có ngày; hãy tính từ ngày giao (assigned_date)',
      'deadlineRule.from: the document has no date; count from the assignment date (assigned_date)',
    );
  }
  let deadline: string;
  try {
    deadline = addWorkingDays(cal, start, rule.workingDays);
  } catch (e) {
    if (e instanceof CalendarInputError) {
      const field = e.field === 'n' ? 'deadlineRule.workingDays' : 'deadlineRule.from';
      throw new CalendarInputError(e.code, field, e.message, e.messageEn);
    }
    throw e;
  }
  return { workingDays: rule.workingDays, from: rule.from, start, deadline, calendar: cal.fingerprint };
}

function isStoredRule(v: unknown): v is StoredDeadlineRule {
  if (!v || typeof v !== 'object') return false;
  const r = v as Record<string, unknown>;
  return Number.isInteger(r.workingDays) && typeof r.start === 'string';
}

function dateUnder(cal: CalendarSnapshot, r: StoredDeadlineRule): string | null {
  try {
    return addWorkingDays(cal, r.start, r.workingDays);
  } catch (e) {
    if (e instanceof CalendarInputError) return null;
    throw e;
  }
}

/**
 * Open tasks (awaiting receipt, in progress, awaiting closure) whose deadline came from a rule and whose
 * rule gives another date under `after` than under `before`. With `before` null: those whose rule gives,
 * under `after`, another date than the deadline fixed at creation. Nothing is written.
 */
export async function tasksAffectedByCalendar(
  tx: Tx,
  before: CalendarSnapshot | null,
  after: CalendarSnapshot,
): Promise<AffectedTask[]> {
  const rows = await tx
    .select({
      id: tasks.id,
      ref: tasks.ref,
      title: tasks.title,
      status: tasks.status,
      leadAgencyCode: tasks.leadAgencyCode,
      deadline: tasks.deadline,
      currentDeadline: tasks.currentDeadline,
      deadlineRule: tasks.deadlineRule,
    })
    .from(tasks)
    .where(and(isNotNull(tasks.deadlineRule), inArray(tasks.status, [...UNFINISHED_STATUSES])));
  const out: AffectedTask[] = [];
  for (const t of rows) {
    if (!isStoredRule(t.deadlineRule)) continue;
    const ruleDateBefore = before ? dateUnder(before, t.deadlineRule) : t.deadline;
    const ruleDateAfter = dateUnder(after, t.deadlineRule);
    if (ruleDateBefore === ruleDateAfter) continue;
    out.push({
      id: t.id,
      ref: t.ref,
      title: t.title,
      status: t.status,
      leadAgency: t.leadAgencyCode,
      deadlineRule: t.deadlineRule,
      deadline: t.deadline,
      currentDeadline: t.currentDeadline,
      ruleDateBefore,
      ruleDateAfter,
    });
  }
  out.sort((a, b) => (a.ref ?? a.id).localeCompare(b.ref ?? b.id));
  return out;
}
