/**
 * Folding a task's history into its state (pure). The history is the only source of truth: the
 * current state and the day-by-day projection (`task_states`) are both computed here from events.
 * REFERENCE §1 (tracking software's states; not statutory).
 */
import { transitionFor, UNFINISHED_STATUSES, type TaskEventType, type TaskStatus } from './rules.ts';

export interface TaskBase {
  assignedDate: string;
  /** the deadline set at assignment (YYYY-MM-DD), or null for a continuing task */
  deadline: string | null;
  leadAgencyCode: string;
}

export interface FoldEvent {
  type: TaskEventType;
  /** calendar date of the event in Asia/Ho_Chi_Minh */
  occurredOn: string;
  data?: { deadline?: string | null; from?: string; to?: string } | null;
}

export interface TaskState {
  status: TaskStatus;
  /** the deadline in force: the initial one or the latest approved extension */
  deadline: string | null;
  /** an extension request is pending (requested, neither approved nor refused) */
  extensionRequested: boolean;
  /** deadline asked for by the pending request, when it named one */
  pendingExtension: string | null;
  /** date of the agency's latest completion report */
  reportDate: string | null;
  /**
   * the date timeliness of a finished task is judged by: the report date for awaiting_closure,
   * the accepted report's date for completed, the stop date for stopped; null while open
   */
  finishDate: string | null;
  leadAgencyCode: string;
}

export class TransitionError extends Error {
  constructor(
    readonly code: string,
    readonly messageVi: string,
    readonly messageEn: string,
    readonly index: number,
  ) {
    super(messageEn);
  }
}

export function initialState(base: TaskBase): TaskState {
  return {
    status: 'awaiting_receipt',
    deadline: base.deadline,
    extensionRequested: false,
    pendingExtension: null,
    reportDate: null,
    finishDate: null,
    leadAgencyCode: base.leadAgencyCode,
  };
}

/** Applies one event; throws {@link TransitionError} when the state machine does not allow it. */
export function applyEvent(s: TaskState, ev: FoldEvent, index = 0): TaskState {
  // an urging letter leaves the state as it is (tasks/urging.ts)
  if (ev.type === 'assigned' || ev.type === 'urged') return s;
  if (ev.type === 'transferred') {
    if (!UNFINISHED_STATUSES.includes(s.status)) {
      throw new TransitionError(
        'invalid_transition',
        `Không thể chuyển nhiệm vụ ở trạng thái ${s.status}.`,
        `Cannot transfer a task that is ${s.status}.`,
        index,
      );
    }
    return { ...s, leadAgencyCode: ev.data?.to ?? s.leadAgencyCode };
  }
  const rule = transitionFor(ev.type);
  if (!rule)
    throw new TransitionError(
      'unknown_event',
      `Loại sự kiện không hợp lệ: ${ev.type}`,
      `Unknown event type: ${ev.type}`,
      index,
    );
  if (!rule.from.includes(s.status)) {
    throw new TransitionError(
      'invalid_transition',
      `Không thể "${rule.label.vi}" khi nhiệm vụ đang ở trạng thái ${s.status}.`,
      `Cannot "${rule.label.en}" a task that is ${s.status}.`,
      index,
    );
  }
  const next: TaskState = { ...s, status: rule.to === 'same' ? s.status : rule.to };
  switch (ev.type) {
    case 'reported_done':
      next.reportDate = ev.occurredOn;
      next.finishDate = ev.occurredOn;
      break;
    case 'returned':
      next.finishDate = null;
      break;
    case 'confirmed_done':
      next.finishDate = s.reportDate;
      break;
    case 'stopped':
      next.finishDate = ev.occurredOn;
      next.extensionRequested = false;
      next.pendingExtension = null;
      break;
    case 'extension_requested':
      // an imported request may not name the deadline asked for; the API requires it (rules.ts)
      next.extensionRequested = true;
      next.pendingExtension = ev.data?.deadline ?? null;
      break;
    case 'extension_approved': {
      const d = ev.data?.deadline ?? s.pendingExtension;
      if (!d)
        throw new TransitionError(
          'deadline_required',
          'Cần thời hạn mới.',
          'A new deadline is required.',
          index,
        );
      next.deadline = d;
      next.extensionRequested = false;
      next.pendingExtension = null;
      break;
    }
    case 'extension_refused':
      if (!s.extensionRequested) {
        throw new TransitionError(
          'no_pending_extension',
          'Không có đề nghị gia hạn đang chờ.',
          'There is no pending extension request.',
          index,
        );
      }
      next.extensionRequested = false;
      next.pendingExtension = null;
      break;
  }
  return next;
}

/** Folds a whole history; events must be in date order (several may share a date). */
export function foldTask(base: TaskBase, events: readonly FoldEvent[]): TaskState {
  let s = initialState(base);
  let last = base.assignedDate;
  events.forEach((ev, i) => {
    if (ev.occurredOn < base.assignedDate) {
      throw new TransitionError(
        'event_before_assignment',
        `Sự kiện ngày ${ev.occurredOn} trước ngày giao ${base.assignedDate}.`,
        `Event dated ${ev.occurredOn} is before the assignment date ${base.assignedDate}.`,
        i,
      );
    }
    if (ev.occurredOn < last) {
      throw new TransitionError(
        'event_order',
        `Sự kiện ngày ${ev.occurredOn} đứng sau sự kiện ngày ${last}: các sự kiện phải theo thứ tự ngày.`,
        `Event dated ${ev.occurredOn} comes after one dated ${last}: events must be in date order.`,
        i,
      );
    }
    last = ev.occurredOn;
    s = applyEvent(s, ev, i);
  });
  return s;
}

export interface StateInterval extends TaskState {
  validFrom: string;
  /** exclusive end; 'infinity' for the current state */
  validTo: string;
}

/**
 * The projection of a history onto calendar days: one interval per distinct event date, holding the
 * state after the last event of that date, valid until the next event date. The first interval starts
 * on the assignment date.
 */
export function stateIntervals(base: TaskBase, events: readonly FoldEvent[]): StateInterval[] {
  const out: StateInterval[] = [];
  let s = initialState(base);
  let from = base.assignedDate;
  events.forEach((ev, i) => {
    if (ev.occurredOn > from) {
      out.push({ ...s, validFrom: from, validTo: ev.occurredOn });
      from = ev.occurredOn;
    }
    s = applyEvent(s, ev, i);
  });
  out.push({ ...s, validFrom: from, validTo: 'infinity' });
  return out;
}
