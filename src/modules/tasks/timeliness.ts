/**
 * Timeliness of a task as of a cut-off date T (REFERENCE §1, "Time rule (recommended)"; the Government
 * Office reports completed on time/late and unfinished within/over the limit the same way). These are
 * the tracking software's buckets (trong hạn / quá hạn), not a statutory classification.
 *
 * - No deadline → `no_deadline` (its own column).
 * - Open (awaiting_receipt, in_progress): `overdue` when T > deadline, else `on_time` (T = deadline is on time).
 * - awaiting_closure / completed: `on_time` when the agency's completion report date (for completed:
 *   the report the Office accepted) ≤ deadline, else `overdue`.
 * - stopped: judged by the stop date the same way.
 *
 * The deadline is the one in force at T (the latest approved by T), compared as a date with no roll-over:
 * a deadline written as a Sunday stays that Sunday. All dates are calendar dates in Asia/Ho_Chi_Minh.
 */
import { sql, type SQL } from 'drizzle-orm';
import { OPEN_STATUSES, type TaskStatus, type Timeliness } from './rules.ts';

export function timelinessAt(
  s: { status: TaskStatus; deadline: string | null; finishDate: string | null },
  asOf: string,
): Timeliness {
  if (s.deadline === null) return 'no_deadline';
  if (OPEN_STATUSES.includes(s.status)) return asOf > s.deadline ? 'overdue' : 'on_time';
  return s.finishDate !== null && s.finishDate <= s.deadline ? 'on_time' : 'overdue';
}

/** The same rule in SQL over a `task_states` row aliased `s`; `asOf` is bound as a date. */
export function timelinessSql(asOf: string): SQL {
  return sql`(CASE WHEN s.deadline IS NULL THEN 'no_deadline'
    WHEN s.status IN ('awaiting_receipt', 'in_progress') THEN
      CASE WHEN ${asOf}::date > s.deadline THEN 'overdue' ELSE 'on_time' END
    WHEN s.finish_date <= s.deadline THEN 'on_time'
    ELSE 'overdue' END)`;
}
