/**
 * The task state machine, declared as data (REFERENCE §1; glossary). These are the statuses of the
 * Office's task-tracking software (the seed's "Quản lý nhiệm vụ"), NOT statuses fixed by law: QĐ
 * 42/2014/QĐ-TTg and the provincial tracking rules leave them to the software.
 *
 * awaiting_receipt (chờ tiếp nhận) → in_progress (chưa hoàn thành) → awaiting_closure (chờ kết thúc)
 * → completed (đã hoàn thành); awaiting_closure → in_progress (returned); any open state → stopped
 * (dừng thực hiện); extension requested → approved (new deadline) or refused, status unchanged.
 */
import type { Role } from '../../kernel/auth/roles.ts';

export const TASK_STATUSES = [
  'awaiting_receipt',
  'in_progress',
  'awaiting_closure',
  'completed',
  'stopped',
] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** Statuses whose timeliness is judged against the cut-off date itself (open tasks). */
export const OPEN_STATUSES: readonly TaskStatus[] = ['awaiting_receipt', 'in_progress'];
/** Statuses a stop or a succession transfer may apply to. */
export const UNFINISHED_STATUSES: readonly TaskStatus[] = [
  'awaiting_receipt',
  'in_progress',
  'awaiting_closure',
];

export const TASK_EVENT_TYPES = [
  'assigned',
  'received',
  'reported_done',
  'returned',
  'confirmed_done',
  'extension_requested',
  'extension_approved',
  'extension_refused',
  'stopped',
  'transferred',
  // an urging letter (công văn đôn đốc) named the task: no status change (tasks/urging.ts; REFERENCE §1 Reminder)
  'urged',
] as const;
export type TaskEventType = (typeof TASK_EVENT_TYPES)[number];

/** Event types an import may carry (assignment and transfer are recorded by the system itself). */
export const IMPORTABLE_EVENT_TYPES = [
  'received',
  'reported_done',
  'returned',
  'confirmed_done',
  'extension_requested',
  'extension_approved',
  'extension_refused',
  'stopped',
] as const satisfies readonly TaskEventType[];

/** Who assigned a task: the committee (UBND tỉnh), its chairman or a vice-chairman. */
export const ASSIGNED_BY = ['committee', 'chairman', 'vice_chairman'] as const;
export type AssignedBy = (typeof ASSIGNED_BY)[number];

export const TIMELINESS = ['on_time', 'overdue', 'no_deadline'] as const;
export type Timeliness = (typeof TIMELINESS)[number];

export type Requirement = 'deadline' | 'document' | 'note' | 'pending_extension';

export interface TransitionRule {
  /** action name in `POST /api/tasks/{id}/actions` */
  action: string;
  /** the event it appends (also accepted as the action name) */
  event: TaskEventType;
  from: readonly TaskStatus[];
  /** resulting status; 'same' keeps the status */
  to: TaskStatus | 'same';
  /** roles allowed (admin may take every action) */
  roles: readonly Role[];
  /** 'lead_agency': an agency user must belong to the task's lead agency */
  scope: 'lead_agency' | 'office';
  requires: readonly Requirement[];
  label: { vi: string; en: string };
}

const AGENCY: readonly Role[] = ['agency_leader', 'agency_staff'];
const OFFICE: readonly Role[] = ['office_specialist', 'office_leader'];
const LEADERS: readonly Role[] = ['office_leader'];

export const TASK_TRANSITIONS: readonly TransitionRule[] = [
  {
    action: 'receive',
    event: 'received',
    from: ['awaiting_receipt'],
    to: 'in_progress',
    roles: AGENCY,
    scope: 'lead_agency',
    requires: [],
    label: { vi: 'Tiếp nhận', en: 'Receive' },
  },
  {
    action: 'report_done',
    event: 'reported_done',
    from: ['in_progress'],
    to: 'awaiting_closure',
    roles: AGENCY,
    scope: 'lead_agency',
    requires: ['document'],
    label: { vi: 'Báo cáo hoàn thành', en: 'Report done' },
  },
  {
    action: 'return',
    event: 'returned',
    from: ['awaiting_closure'],
    to: 'in_progress',
    roles: OFFICE,
    scope: 'office',
    requires: ['note'],
    label: { vi: 'Trả lại, yêu cầu tiếp tục thực hiện', en: 'Return for more work' },
  },
  {
    action: 'confirm_done',
    event: 'confirmed_done',
    from: ['awaiting_closure'],
    to: 'completed',
    roles: OFFICE,
    scope: 'office',
    requires: [],
    label: { vi: 'Xác nhận hoàn thành', en: 'Confirm completion' },
  },
  {
    action: 'request_extension',
    event: 'extension_requested',
    from: ['awaiting_receipt', 'in_progress'],
    to: 'same',
    roles: AGENCY,
    scope: 'lead_agency',
    requires: ['deadline', 'note'],
    label: { vi: 'Đề nghị gia hạn', en: 'Request an extension' },
  },
  {
    action: 'approve_extension',
    event: 'extension_approved',
    from: ['awaiting_receipt', 'in_progress', 'awaiting_closure'],
    to: 'same',
    roles: LEADERS,
    scope: 'office',
    requires: ['deadline', 'note'],
    label: { vi: 'Đồng ý gia hạn', en: 'Approve the extension' },
  },
  {
    action: 'refuse_extension',
    event: 'extension_refused',
    from: ['awaiting_receipt', 'in_progress', 'awaiting_closure'],
    to: 'same',
    roles: LEADERS,
    scope: 'office',
    requires: ['pending_extension', 'note'],
    label: { vi: 'Không đồng ý gia hạn', en: 'Refuse the extension' },
  },
  {
    action: 'stop',
    event: 'stopped',
    from: UNFINISHED_STATUSES,
    to: 'stopped',
    roles: LEADERS,
    scope: 'office',
    requires: ['document'],
    label: { vi: 'Dừng thực hiện', en: 'Stop' },
  },
];

/** The rule for an action name or its event type; undefined if none. */
export function transitionFor(actionOrEvent: string): TransitionRule | undefined {
  return TASK_TRANSITIONS.find((t) => t.action === actionOrEvent || t.event === actionOrEvent);
}

export const STATUS_LABELS: Record<TaskStatus, { vi: string; en: string }> = {
  awaiting_receipt: { vi: 'Chờ tiếp nhận', en: 'Awaiting receipt' },
  in_progress: { vi: 'Chưa hoàn thành', en: 'In progress' },
  awaiting_closure: { vi: 'Chờ kết thúc', en: 'Awaiting closure' },
  completed: { vi: 'Đã hoàn thành', en: 'Completed' },
  stopped: { vi: 'Dừng thực hiện', en: 'Stopped' },
};

/** Roles that may create tasks, import histories and transfer an abolished agency's tasks. */
export const TASK_MANAGER_ROLES: readonly Role[] = ['office_specialist', 'office_leader'];
/** Roles that may transfer tasks to a successor agency. */
export const TRANSFER_ROLES: readonly Role[] = ['office_leader'];
