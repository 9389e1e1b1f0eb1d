/**
 * Shapes of the reception and petition API as the UI reads them (src/modules/petitions/*routes.ts,
 * src/modules/reports/petition-*.ts). Optional fields are optional on purpose: the UI shows what the server
 * gives and "—" otherwise. The vocabularies (statuses, kinds, actions, eligibility reasons) are the
 * server's own rules.ts.
 */
export {
  PETITION_STATUSES,
  type PetitionStatus,
  KINDS,
  SINGLE_KINDS,
  type PetitionKind,
  CHANNELS,
  type PetitionChannel,
  STATUS_LABELS,
  KIND_LABELS,
  OUTCOMES,
  ELIGIBILITY_REASONS,
  PETITION_TRANSITIONS,
} from '../../../../src/modules/petitions/rules.ts';
import {
  ELIGIBILITY_REASONS,
  KIND_LABELS,
  PETITION_TRANSITIONS,
  STATUS_LABELS,
  type PetitionKind,
  type PetitionStatus,
} from '../../../../src/modules/petitions/rules.ts';

/** Reception vocabularies (src/modules/petitions/receptions.ts; copied: that file is server code). */
export const RECEPTION_KINDS = ['regular', 'leader_periodic', 'leader_ad_hoc', 'online'] as const;
export const RECEPTION_CLASSIFICATIONS = [
  'complaint',
  'denunciation',
  'recommendation',
  'feedback',
  'land_dispute',
  'mixed',
  'other',
] as const;
export const RECEPTION_OUTCOMES = ['guided', 'accepted', 'forwarded', 'refused'] as const;
export const REFUSAL_GROUNDS = [
  'incapacitated',
  'threat_or_insult',
  'already_settled',
  'other_legal',
  'nd154_added',
] as const;
/** Luật Tiếp công dân 2013 Art 29: 5+ people are a delegation; representatives 1–2 (≤10) or ≤5 (>10). */
export function representativesRange(headcount: number): { min: number; max: number } | null {
  if (headcount < 5) return null;
  return headcount <= 10 ? { min: 1, max: 2 } : { min: 1, max: 5 };
}

export interface Person {
  name?: string | null;
  idNumber?: string | null;
  address?: string | null;
  phone?: string | null;
  email?: string | null;
  representative?: boolean;
  role?: string;
  redacted?: boolean;
}

export interface ReceptionItem {
  id: string;
  code: string;
  agencyCode: string;
  sessionDate: string;
  receivedAt: string;
  kind: string;
  receiverName: string;
  leaderName: string | null;
  headcount: number;
  massDelegation: boolean;
  summary: string;
  classification: string;
  outcome: string;
  refusalGround: string | null;
  confidential: boolean;
  receiptSlipNo: string | null;
  petitionId?: string | null;
  petitionIds?: string[];
}

export interface DuplicateCandidate {
  id: string;
  code: string;
  score: number;
  reason: string;
  content?: string | null;
  kind?: string | null;
  receivedDate?: string | null;
  status?: string | null;
}

export interface Deadline {
  id?: string;
  clock: string;
  startDate: string;
  dueDate: string;
  limit?: { value: number; unit: 'working_days' | 'calendar_days' } | null;
  source?: string | null;
  state: string;
  metAt?: string | null;
  agencyCode?: string | null;
  overdue?: boolean;
}

export interface PetitionEvent {
  id?: string;
  seq?: number;
  type: string;
  at: string;
  actorName?: string | null;
  fromStatus?: string | null;
  toStatus?: string | null;
  note?: string | null;
  documentId?: string | null;
  data?: Record<string, unknown> | null;
}

export interface PetitionListItem {
  id: string;
  code: string;
  receivedAt?: string | null;
  receivedDate?: string | null;
  channel?: string;
  kind: PetitionKind | string;
  status: PetitionStatus | string;
  eligibility?: string | null;
  ineligibleReason?: string | null;
  content?: string | null;
  respondent?: string | null;
  respondentAgencyCode?: string | null;
  handlingAgencyCode?: string | null;
  agencyCode?: string | null;
  confidential?: boolean;
  overdue?: boolean;
  nextDue?: string | null;
  nextDueDate?: string | null;
  repeatCount?: number;
  signerCount?: number;
}

export type AllowedAction =
  string | { action: string; label?: { vi: string; en: string }; requires?: readonly string[] };

export interface PetitionDetail extends PetitionListItem {
  version?: number;
  level?: number | null;
  ruleVersion?: string | null;
  eligibilityNote?: string | null;
  signers?: Person[];
  deadlines?: Deadline[];
  events?: PetitionEvent[];
  allowedActions?: AllowedAction[];
  duplicateCandidates?: DuplicateCandidate[];
  duplicateOfId?: string | null;
  duplicateOf?: { id: string; code: string } | null;
  parentId?: string | null;
  parent?: { id: string; code: string } | null;
  children?: { id: string; code: string; kind?: string }[];
  receptionId?: string | null;
  result?: Record<string, unknown> | null;
  resolvedAt?: string | null;
  closedAt?: string | null;
  identityRedacted?: boolean;
}

export interface IssuedLetter {
  kind: 'forwarding' | 'urging';
  documentId: string;
  numberSymbol: string;
  date: string | null;
  summary: string;
  agencyCode: string | null;
  at: string;
}

export interface PetitionReport {
  receptions: { sessions: number; persons: number; massDelegations: number };
  petitions: {
    received: number;
    eligible: number;
    ineligible: number;
    byKind: Partial<Record<string, number>>;
    ineligibleByReason: Partial<Record<string, number>>;
    forwarded: number;
    guided: number;
    urged: number;
    resolved: number;
    overdue: number;
    distinct?: number;
  };
}

export const actionName = (a: AllowedAction): string => (typeof a === 'string' ? a : a.action);

/** Label of an action from the state machine (rules.ts) or the API, in the UI language. */
export function actionLabel(a: AllowedAction | string, en: boolean): string {
  if (typeof a !== 'string' && a.label) return en ? a.label.en : a.label.vi;
  const name = typeof a === 'string' ? a : a.action;
  const tr = PETITION_TRANSITIONS.find((x) => x.action === name);
  if (tr) return en ? tr.label.en : tr.label.vi;
  if (name === 'receive') return en ? 'Received' : 'Tiếp nhận đơn';
  return name;
}

/** What an action's form needs (rules.ts `requires`). */
export function actionRequires(a: AllowedAction): readonly string[] {
  if (typeof a !== 'string' && a.requires) return a.requires;
  return PETITION_TRANSITIONS.find((x) => x.action === actionName(a))?.requires ?? [];
}

export const statusLabel = (s: string, en: boolean) => {
  const l = STATUS_LABELS[s as PetitionStatus];
  return l ? (en ? l.en : l.vi) : s;
};
export const kindLabel = (k: string, en: boolean) => {
  const l = KIND_LABELS[k as PetitionKind];
  return l ? (en ? l.en : l.vi) : k;
};
export const reasonLabel = (code: string, en: boolean) => {
  const r = ELIGIBILITY_REASONS.find((x) => x.code === code);
  return r ? (en ? r.label.en : r.label.vi) : code;
};

export const STATUS_COLORS: Record<string, string> = {
  received: 'gold',
  accepted: 'blue',
  forwarded: 'cyan',
  guided: 'geekblue',
  returned: 'orange',
  filed: 'default',
  resolved: 'green',
  closed: 'default',
  withdrawn: 'default',
  split: 'purple',
};

/** `similar_content:0.72` → a readable reason. */
export function reasonText(reason: string, en: boolean): string {
  const [code, value] = reason.split(':');
  const names: Record<string, [string, string]> = {
    same_id_number: ['Cùng số giấy tờ tùy thân', 'Same ID number'],
    same_person: ['Cùng người đứng đơn', 'Same person'],
    same_name_address: ['Cùng họ tên và địa chỉ', 'Same name and address'],
    similar_content: ['Nội dung tương tự', 'Similar content'],
  };
  const n = names[code ?? ''];
  const label = n ? (en ? n[1] : n[0]) : (code ?? reason);
  if (!value) return label;
  const x = Number(value);
  // a similarity 0–1 reads as a percentage ("Nội dung tương tự 72%")
  return Number.isFinite(x) && x >= 0 && x <= 1 ? `${label} ${Math.round(x * 100)}%` : `${label} (${value})`;
}

/** A legal source as users read it: the certainty markers of the rules tables ([V], [S], [U]) left out. */
export const sourceText = (s: string | null | undefined) => (s ? s.replace(/\s*\[[VSU]\]/g, '').trim() : '');
