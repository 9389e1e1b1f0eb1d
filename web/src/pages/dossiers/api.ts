/**
 * Shapes of the one-stop API as the UI reads them (src/modules/procedures/routes.ts,
 * src/modules/dossiers/routes.ts, src/modules/reports/dossier-routes.ts), plus small helpers.
 * Optional fields are optional on purpose: the UI shows what the server gives and "—" otherwise.
 */
export {
  DOSSIER_STATUSES,
  type DossierStatus,
  CHANNELS,
  type Channel,
  RETURN_METHODS,
  type ReturnMethod,
  STATUS_LABELS,
  NATIONAL_STATUS_CODE,
  DOSSIER_TRANSITIONS,
  VOTES,
  PER_DOSSIER_INDICES,
} from '../../../../src/modules/dossiers/rules.ts';
import type { Channel, DossierStatus, ReturnMethod } from '../../../../src/modules/dossiers/rules.ts';
import { DOSSIER_TRANSITIONS, STATUS_LABELS } from '../../../../src/modules/dossiers/rules.ts';

export type LimitChannel = 'counter' | 'online' | 'postal';
export type LimitUnit = 'working_days' | 'calendar_days' | 'working_hours';
export type Vote = 'satisfied' | 'neutral' | 'unsatisfied';
export type Indices = Partial<Record<'i1' | 'i2' | 'i3' | 'i4' | 'i6' | 'i7', number>>;

export interface TimeLimit {
  channel: LimitChannel;
  value: number | null;
  unit: LimitUnit | null;
  text?: string | null;
  needsReview?: boolean;
  review?: { source?: string } | null;
}

export interface ProcedureListItem {
  code: string;
  name: string;
  field: string | null;
  level?: string | string[] | null;
  agency?: string | null;
  agencyName?: string | null;
  fisheries?: boolean;
  needsReview?: boolean;
  timeLimits: TimeLimit[];
}

export interface ProcedureDetail extends ProcedureListItem {
  levels?: string[];
  agencyName?: string | null;
  fees?: { channel: LimitChannel | null; amount: number | null; text: string }[];
  components?: { name: string; case?: string | null }[];
  results?: { name: string; code?: string | null }[] | string | null;
  steps?: { name: string; agency?: string | null; value?: number; unit?: LimitUnit }[];
  interAgency?: { agencyCode?: string | null; agencyName: string; value?: number; unit?: LimitUnit }[];
  version?: number | string | null;
  validFrom?: string | null;
  versions?: {
    version?: number | string;
    validFrom?: string;
    validTo?: string | null;
    decision?: string | null;
  }[];
  legalBasis?: { title: string; code: string | null }[];
  onlineLevel?: string | null;
}

export interface Person {
  name: string;
  idNumber?: string | null;
  phone?: string | null;
  email?: string | null;
  address?: string | null;
}

export interface ComponentInput {
  name: string;
  original: boolean;
  count: number;
}

export interface IntakeResult {
  code: string;
  appointmentAt: string | null;
  status: DossierStatus;
}

export interface DossierListItem {
  code: string;
  procedureCode?: string;
  procedureName?: string | null;
  procedure?: { code: string; name: string } | null;
  channel: Channel;
  status: DossierStatus;
  applicantName?: string | null;
  applicant?: Person | null;
  receivedAt?: string | null;
  appointmentAt?: string | null;
  timeliness?: string | null;
  agencyCode?: string | null;
  processingAgency?: string | null;
  processingAgencyCode?: string | null;
  processingAgencyName?: string | null;
  statusLabel?: { vi: string; en: string } | string;
}

export interface DossierEvent {
  seq?: number;
  id?: string | number;
  type: string;
  at?: string | null;
  occurredAt?: string | null;
  recordedAt?: string | null;
  actor?: string | null;
  actorName?: string | null;
  note?: string | null;
  data?: Record<string, unknown> | null;
}

export interface DossierStep {
  id?: string | number;
  seq?: number;
  kind: string;
  name: string;
  agencyCode?: string | null;
  agencyName?: string | null;
  startedAt?: string | null;
  dueAt?: string | null;
  finishedAt?: string | null;
  result?: string | null;
}

export interface DossierDetail extends DossierListItem {
  version?: number;
  era?: string;
  applicant?: Person | null;
  representative?: Person | null;
  components?: (ComponentInput & { fileName?: string | null })[];
  returnMethod?: ReturnMethod;
  callerNumber?: string | null;
  events: DossierEvent[];
  steps: DossierStep[];
  allowedActions: (string | { action: string; label?: { vi: string; en: string }; requires?: string[] })[];
  nationalStatus?: number | { code: number; label?: string } | null;
  apologyAt?: string | null;
  resolvedAt?: string | null;
  postal?: { itemCode?: string | null; sentOn?: string | null; deliveredOn?: string | null } | null;
  fee?: {
    amount?: number | null;
    status?: string | null;
    receiptNumber?: string | null;
    collectAt?: string | null;
    obligation?: number | null;
  } | null;
  forms?: string[];
  receivingBody?: { code: string; name: string | null } | null;
  returnedAt?: string | null;
  files?: {
    id: string;
    kind: string;
    componentIndex: number | null;
    name: string;
    size: number;
    createdAt: string | null;
  }[];
  rating?: { channel: string; vote: string; at: string | null } | null;
}

export interface PublicDossier {
  code: string;
  status: DossierStatus;
  statusLabel?: { vi: string; en: string } | string;
  procedure?: { code: string; name: string } | null;
  procedureCode?: string;
  procedureName?: string;
  receivedAt?: string | null;
  appointmentAt?: string | null;
  apologyAt?: string | null;
  apologyDate?: string | null;
  returnedAt?: string | null;
  processingAgencyName?: string | null;
  receivingBodyName?: string | null;
  channel?: string;
  returned?: {
    at: string | null;
    method: string;
    postal?: { itemCode: string; sentOn?: string | null; deliveredOn?: string | null } | null;
  } | null;
  steps?: DossierStep[];
  applicant?: Person | null;
  verified?: boolean;
}

/** The action name of an `allowedActions` entry (the API may send names or objects). */
export const actionName = (a: DossierDetail['allowedActions'][number]): string =>
  typeof a === 'string' ? a : a.action;

/** The action's label from the state machine (rules.ts), in the UI language. */
export function actionLabel(action: string, en: boolean): string {
  const tr = DOSSIER_TRANSITIONS.find((x) => x.action === action);
  return tr ? (en ? tr.label.en : tr.label.vi) : action;
}

export const statusLabel = (s: DossierStatus | string, en: boolean): string => {
  const l = STATUS_LABELS[s as DossierStatus];
  return l ? (en ? l.en : l.vi) : s;
};

export const STATUS_COLORS: Record<DossierStatus, string> = {
  new: 'gold',
  received: 'cyan',
  processing: 'blue',
  supplement_requested: 'orange',
  awaiting_payment: 'purple',
  result_ready: 'lime',
  returned: 'green',
  refused: 'red',
  withdrawn: 'default',
  stopped: 'default',
};

/** Procedure name of a list item, whichever shape the API used. */
export const procName = (d: { procedure?: { name: string } | null; procedureName?: string | null }) =>
  d.procedure?.name ?? d.procedureName ?? '';
export const procCode = (d: { procedure?: { code: string } | null; procedureCode?: string | null }) =>
  d.procedure?.code ?? d.procedureCode ?? '';

const hcm = new Intl.DateTimeFormat('vi-VN', {
  timeZone: 'Asia/Ho_Chi_Minh',
  weekday: 'long',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
const hcmEn = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Ho_Chi_Minh',
  weekday: 'long',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** Whether a deadline is "24:00 of day D" — the API sends `D T23:59:59+07:00` (fold.ts `isoDeadline`). */
export const isEndOfDay = (ts: string) => /T23:59:59(\.\d+)?\+07:00$/.test(ts);

/**
 * An appointment spoken in full, Vietnam time. A day-unit limit ends at 24:00 of its last day, so only the
 * date is said: "thứ Sáu, 16/12/2022"; a limit in working hours ends at an instant within the day: "trước
 * 17:00, thứ Sáu, 16/12/2022" ("by 17:00, Friday, 16/12/2022").
 */
export function fmtAppointment(ts: string | null | undefined, en = false): string {
  if (!ts) return '—';
  const d = new Date(ts);
  if (Number.isNaN(d.getTime())) return ts;
  const parts = Object.fromEntries((en ? hcmEn : hcm).formatToParts(d).map((p) => [p.type, p.value]));
  const wd = String(parts.weekday ?? '');
  const weekday = en ? wd : wd.charAt(0).toLowerCase() + wd.slice(1);
  const date = `${weekday}, ${parts.day}/${parts.month}/${parts.year}`;
  if (isEndOfDay(ts)) return date;
  return `${en ? 'by' : 'trước'} ${parts.hour}:${parts.minute}, ${date}`;
}

/** A step's or a dossier's deadline, short: "16/12/2022" (24:00 of that day) or "trước 10:30, 16/12/2022". */
export function fmtDeadline(ts: string | null | undefined, en = false): string {
  if (!ts) return '—';
  const d = new Date(ts);
  if (Number.isNaN(d.getTime())) return ts;
  const parts = Object.fromEntries((en ? hcmEn : hcm).formatToParts(d).map((p) => [p.type, p.value]));
  const date = `${parts.day}/${parts.month}/${parts.year}`;
  return isEndOfDay(ts) ? date : `${en ? 'by' : 'trước'} ${parts.hour}:${parts.minute}, ${date}`;
}

/** VND amount, Vietnamese grouping ("70.000 đ"). */
/** Numbers on the one-stop pages always use the Vietnamese grouping (2.407; 99,1), whatever the UI language. */
const NUM = new Intl.NumberFormat('vi-VN');
export const fmtNum = (n: number | null | undefined, digits?: number): string =>
  n === null || n === undefined
    ? '—'
    : digits === undefined
      ? NUM.format(n)
      : new Intl.NumberFormat('vi-VN', {
          minimumFractionDigits: digits,
          maximumFractionDigits: digits,
        }).format(n);
/** antd `Statistic` separators matching `fmtNum`. */
export const VI_SEPARATORS = { groupSeparator: '.', decimalSeparator: ',' } as const;

export const fmtVnd = (n: number | null | undefined, free = 'Miễn phí'): string =>
  n === null || n === undefined ? '—' : n === 0 ? free : `${new Intl.NumberFormat('vi-VN').format(n)} đ`;
