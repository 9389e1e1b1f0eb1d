/** Shapes of the API answers the UI reads (see the route files under src/ and /api/docs). */

// The vocabularies are the server's own, declared once (state machine and roles as data).
export { ROLES, type Role } from '../../../src/kernel/auth/roles.ts';
export {
  TASK_STATUSES,
  type TaskStatus,
  TIMELINESS,
  type Timeliness,
  ASSIGNED_BY,
  type AssignedBy,
  TASK_EVENT_TYPES as EVENT_TYPES,
  type TaskEventType as EventType,
  type Requirement,
} from '../../../src/modules/tasks/rules.ts';
export { AGENCY_KINDS, type AgencyKind } from '../../../src/kernel/org/kinds.ts';
import type { Role } from '../../../src/kernel/auth/roles.ts';
import type {
  AssignedBy,
  TaskStatus,
  Timeliness,
  TaskEventType as EventType,
  Requirement,
} from '../../../src/modules/tasks/rules.ts';
import type { AgencyKind } from '../../../src/kernel/org/kinds.ts';

export interface Me {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  agencyCode: string | null;
  mustChangePassword: boolean;
}

export interface Session {
  user: Me;
  csrfToken: string;
}

export interface User extends Me {
  email: string | null;
  disabled: boolean;
  createdAt: string;
}

export interface Agency {
  code: string;
  name: string;
  nameEn: string | null;
  kind: AgencyKind;
  parent: string | null;
  validFrom: string;
  validTo: string | null;
  successors: { code: string; kind: 'merge' | 'rename' | 'split' | string; date: string }[];
  demo: boolean;
}

export interface DocumentItem {
  id: string;
  numberSymbol: string;
  number: number | null;
  year: number | null;
  type: string | null;
  typeName: string | null;
  typeNameEn: string | null;
  issuerSymbol: string | null;
  unitSymbol: string | null;
  pattern: string;
  date: string | null;
  dateAsWritten: string | null;
  dateInvalid: boolean;
  citation: boolean;
  issuerCode: string | null;
  issuerName: string | null;
  summary: string;
  note: string | null;
  hasFile: boolean;
  fileName: string | null;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface TableRow {
  status: TaskStatus;
  onTime: number;
  overdue: number;
  noDeadline: number;
  total: number;
}

export interface TaskTable {
  from: string;
  to: string;
  asOf: string;
  total: number;
  rows: TableRow[];
  byAgency: { agency: string; name: string; rows: TableRow[]; total: number }[];
}

export interface TaskListItem {
  id: string;
  ref: string | null;
  title: string;
  documentId: string;
  documentNumber: string;
  documentDate: string | null;
  clause: string | null;
  assignedBy: AssignedBy;
  leadAgency: string;
  leadAgencyName: string;
  cooperatingAgencies: string[];
  assignedDate: string;
  deadline: string | null;
  status: TaskStatus;
  timeliness: Timeliness;
  finishDate: string | null;
}

export interface DocRef {
  id: string;
  numberSymbol: string;
  date: string | null;
  summary: string;
}

export interface AgencyRef {
  code: string;
  name: string;
}

export interface Bilingual {
  vi: string;
  en: string;
}

export interface AllowedAction {
  action: string;
  label: Bilingual;
  requires: Requirement[];
}

export interface HistoryEvent {
  seq: number;
  type: EventType;
  occurredOn: string;
  at: string;
  recordedAt: string;
  actor: string | null;
  note: string | null;
  document: DocRef | null;
  data: Record<string, unknown> | null;
}

export interface TaskDetail {
  id: string;
  ref: string | null;
  title: string;
  document: DocRef | null;
  clause: string | null;
  /** the directive clause the task was proposed from (task proposals) */
  sourceClause?: { label: string | null; text: string; start: number | null; end: number | null } | null;
  assignedBy: AssignedBy;
  assigner: AgencyRef | null;
  leadAgency: AgencyRef;
  initialLeadAgency: AgencyRef;
  cooperatingAgencies: AgencyRef[];
  followUnit: AgencyRef | null;
  /** the Office specialist who follows the task */
  follower?: { id: string; displayName: string } | null;
  assignedDate: string;
  initialDeadline: string | null;
  deadline: string | null;
  /** set when the deadline was computed from "N working days from …" */
  deadlineRule?: { workingDays?: number; from?: string; start?: string; deadline?: string } | null;
  status: TaskStatus;
  timeliness: Timeliness;
  extensionRequested: boolean;
  pendingExtension: string | null;
  reportDate: string | null;
  finishDate: string | null;
  version: number;
  history: HistoryEvent[];
  allowedActions: AllowedAction[];
}

/** A document given to an action or a new task: a new one by its number, or an existing one. */
export type DocumentInput = { id: string } | { numberSymbol: string; date: string; summary: string };

export interface ImportTask {
  ref: string;
  title: string;
  document: { number: string; date: string; summary?: string };
  clause?: string;
  assignedBy: AssignedBy;
  leadAgency: string;
  cooperatingAgencies?: string[];
  assignedAt: string;
  deadline: string | null;
  followUnit?: string;
  events: { type: string; at: string; deadline?: string; note?: string }[];
}

export interface ImportResult {
  imported: number;
  skipped: string[];
  dryRun?: boolean;
}

export const OFFICE_ROLES: readonly Role[] = ['admin', 'office_leader', 'office_specialist'];
export const isOffice = (u: Pick<Me, 'roles'>) => u.roles.some((r) => OFFICE_ROLES.includes(r));
export const isAdmin = (u: Pick<Me, 'roles'>) => u.roles.includes('admin');
