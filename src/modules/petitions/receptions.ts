/**
 * The reception register (sổ tiếp công dân; Luật Tiếp công dân 42/2013/QH13, ND 64/2014 → ND 154/2026
 * form 03/TCD): one row per reception session (lượt tiếp) in `receptions`, its visitors in
 * `party_identities` (subject_type 'reception'), an audit row for every create and correction, written in
 * the same transaction. See docs/receptions.md.
 *
 * Rules as data (below): session kinds, classifications, outcomes, refusal grounds by legal era (Luật TCD
 * Art 9; ND 154/2026 from 2026-07-01), the delegation representatives rule (Art 29) and leaders' minimum
 * reception days (Art 12, 13, 15, 18).
 */
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/engine.ts';
import { agencies, partyIdentities, receptions } from '../../db/schema.ts';
import { recordAudit } from '../../kernel/audit/index.ts';
import { hasAnyRole, type Principal, type Role } from '../../kernel/auth/roles.ts';
import {
  addWorkingDays,
  isWorkingDay,
  isoWeekday,
  shiftDate,
  toHcmDate,
  type CalendarSnapshot,
} from '../../kernel/calendar/index.ts';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../kernel/errors.ts';
import { printedNumber, takeRegisterNumber } from '../../kernel/documents/numbering.ts';
import { likePattern, nfc, searchKey } from '../../kernel/text.ts';
import { requireAgencyOn } from '../../kernel/org/service.ts';
import type { ReceptionCorrection, ReceptionInput } from './reception-schemas.ts';
import { redactSigners, redactText } from './identity.ts';
import { receivePetition, takePetitionAction, type PetitionCtx } from './service.ts';
import { CONFIDENTIAL_KINDS } from './rules.ts';

// ---------------------------------------------------------------------------------------------------
// Rules as data

export const RECEPTION_KINDS = ['regular', 'leader_periodic', 'leader_ad_hoc', 'online'] as const;
export type ReceptionKind = (typeof RECEPTION_KINDS)[number];
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

/** The legal eras of citizen reception, chosen by the session date. */
export const RECEPTION_ERAS = [
  { version: 'tcd2013', from: '2014-07-01', to: '2026-06-30', source: 'Luật Tiếp công dân 2013; ND 64/2014' },
  { version: 'tcd2026', from: '2026-07-01', to: null, source: 'Luật 136/2025/QH15; ND 154/2026/NĐ-CP' },
] as const;
export type ReceptionEra = (typeof RECEPTION_ERAS)[number]['version'];

/** First day of the ND 154/2026 rules (new refusal grounds, written refusal notice). */
export const ND154_FROM = '2026-07-01';

export interface RefusalGround {
  code: string;
  vi: string;
  en: string;
  source: string;
  /** the eras in which the ground exists */
  eras: readonly ReceptionEra[];
  /** the officer must cite the clause in `outcomeNote` */
  needsNote?: boolean;
}

/**
 * Statutory grounds to refuse a reception. Luật TCD 2013 Art 9 cl.1–4 [V]. ND 154/2026 adds grounds [S]:
 * their wording was not verified here, so the new era has one coded ground `nd154_added` that must cite
 * the clause in `outcomeNote` (edit this table when the text is checked), and a written refusal notice
 * (form 01/TCD) within 3 working days.
 */
export const REFUSAL_GROUNDS: readonly RefusalGround[] = [
  {
    code: 'incapacitated',
    vi: 'Người say do dùng chất kích thích, mắc bệnh tâm thần hoặc bệnh khác làm mất khả năng nhận thức, điều khiển hành vi',
    en: 'Intoxicated, or mentally unable to understand or control their acts',
    source: 'Luật Tiếp công dân 2013 Art 9 cl.1',
    eras: ['tcd2013', 'tcd2026'],
  },
  {
    code: 'threat_or_insult',
    vi: 'Có hành vi đe dọa, xúc phạm người tiếp công dân, người thi hành công vụ hoặc vi phạm nội quy nơi tiếp công dân',
    en: 'Threats or insults to the receiving officials, or breach of the reception venue rules',
    source: 'Luật Tiếp công dân 2013 Art 9 cl.2',
    eras: ['tcd2013', 'tcd2026'],
  },
  {
    code: 'already_settled',
    vi: 'Vụ việc đã được giải quyết đúng chính sách, pháp luật, đã kiểm tra, rà soát, thông báo bằng văn bản và đã được tiếp, giải thích, hướng dẫn nhưng vẫn cố tình khiếu nại, tố cáo kéo dài',
    en: 'A case already correctly settled, reviewed and answered in writing, persisted in',
    source: 'Luật Tiếp công dân 2013 Art 9 cl.3',
    eras: ['tcd2013', 'tcd2026'],
  },
  {
    code: 'other_legal',
    vi: 'Trường hợp khác theo quy định của pháp luật',
    en: 'Other cases provided by law',
    source: 'Luật Tiếp công dân 2013 Art 9 cl.4',
    eras: ['tcd2013', 'tcd2026'],
    needsNote: true,
  },
  {
    code: 'nd154_added',
    vi: 'Trường hợp từ chối bổ sung theo Nghị định 154/2026/NĐ-CP (ghi rõ điều, khoản)',
    en: 'A refusal ground added by Decree 154/2026 (cite the article and clause)',
    source: 'ND 154/2026/NĐ-CP (from 2026-07-01) [S]',
    eras: ['tcd2026'],
    needsNote: true,
  },
];
export const REFUSAL_GROUND_CODES = REFUSAL_GROUNDS.map((g) => g.code) as [string, ...string[]];

/** Working days to send the written refusal notice (form 01/TCD), ND 154/2026 [S]; none before. */
export const REFUSAL_NOTICE_WORKING_DAYS: Readonly<Record<ReceptionEra, number | null>> = {
  tcd2013: null,
  tcd2026: 3,
};

/** The era of a session date. */
export function receptionEra(date: string): ReceptionEra {
  return date >= ND154_FROM ? 'tcd2026' : 'tcd2013';
}

/** People that make a mass delegation (đoàn đông người): 5 or more with the same content (Luật TCD Art 29). */
export const DELEGATION_MIN = 5;

/**
 * The representatives a delegation of `headcount` people must send (Luật Tiếp công dân 2013 Art 29):
 * 5–10 people → 1 or 2; more than 10 → more may be sent, at most 5.
 */
export function representativesRange(headcount: number): { min: number; max: number } | null {
  if (headcount < DELEGATION_MIN) return null;
  return headcount <= 10 ? { min: 1, max: 2 } : { min: 1, max: 5 };
}

/** Leader levels and their minimum periodic reception (Luật Tiếp công dân 2013 Art 12, 13, 15, 18). */
export const LEADER_MINIMUMS = {
  province_chairman: {
    per: 'month',
    days: 1,
    vi: 'Chủ tịch UBND tỉnh: ít nhất 1 ngày trong 1 tháng',
    source: 'Luật Tiếp công dân 2013 Art 12',
  },
  district_chairman: {
    per: 'month',
    days: 2,
    vi: 'Chủ tịch UBND huyện: ít nhất 2 ngày trong 1 tháng',
    source: 'Luật Tiếp công dân 2013 Art 13',
  },
  commune_chairman: {
    per: 'week',
    days: 1,
    vi: 'Chủ tịch UBND xã: ít nhất 1 ngày trong 1 tuần',
    source: 'Luật Tiếp công dân 2013 Art 15',
  },
  agency_head: {
    per: 'month',
    days: 1,
    vi: 'Thủ trưởng cơ quan: ít nhất 1 ngày trong 1 tháng',
    source: 'Luật Tiếp công dân 2013 Art 18',
  },
} as const;
export type LeaderLevel = keyof typeof LEADER_MINIMUMS | 'other';

/** The level of a leader from the kind of their agency (the chairman's office, a district, a commune…). */
export function leaderLevelOf(agencyKind: string | null): LeaderLevel {
  switch (agencyKind) {
    case 'chairman':
    case 'committee':
      return 'province_chairman';
    case 'district':
      return 'district_chairman';
    case 'commune':
      return 'commune_chairman';
    case 'department':
    case 'board':
      return 'agency_head';
    default:
      return 'other';
  }
}

/** Roles that record receptions. */
export const RECEPTION_WRITE_ROLES: readonly Role[] = ['reception_officer', 'reception_leader'];
/** Roles that read the register (their agency; office roles and admin: all). */
export const RECEPTION_READ_ROLES: readonly Role[] = [
  'reception_officer',
  'reception_leader',
  'office_leader',
  'office_specialist',
];
/** The provincial Citizen Reception Board (Ban Tiếp công dân tỉnh, part of the Office; Luật TCD Art 12). */
export const RECEPTION_BOARD = 'VP-BTCD';

// ---------------------------------------------------------------------------------------------------
// Redaction (the petition identity service's helpers: src/modules/petitions/identity.ts)

export interface VisitorView {
  seq: number;
  role: string;
  redacted: boolean;
  name: string | null;
  idNumber: string | null;
  address: string | null;
  phone: string | null;
}

/** Roles that see a (non-confidential) visitor's ID number, address and phone: the register keepers. */
export const VISITOR_DETAIL_ROLES: readonly Role[] = ['reception_officer', 'reception_leader'];

/** Whether `p` sees the register's identity columns of non-confidential visitors (reception roles, admin). */
export const seesVisitorDetails = (p: Principal) =>
  p.roles.includes('admin') || hasAnyRole(p, VISITOR_DETAIL_ROLES);

/**
 * The visitor as the register shows it: a confidential identity (a denunciation's, Luật Tố cáo 2018
 * Art 8 cl.3, Art 56) is redacted by `redactSigners` to its role and position only; the others keep the
 * register's columns (name, address, ID, phone — ND 154/2026 form 03/TCD) for reception staff only
 * (`full`: reception_officer, reception_leader, admin); any other reader sees the name only.
 */
export function visitorView(row: typeof partyIdentities.$inferSelect, full = false): VisitorView {
  const [r] = redactSigners([row]);
  if (r!.redacted)
    return {
      seq: r!.seq,
      role: r!.role,
      redacted: true,
      name: null,
      idNumber: null,
      address: null,
      phone: null,
    };
  return {
    seq: row.seq,
    role: row.role,
    redacted: false,
    name: row.name,
    idNumber: full ? row.idNumber : null,
    address: full ? row.address : null,
    phone: full ? row.phone : null,
  };
}

type IdentityFields = {
  name: string | null;
  idNumber: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
  confidential: boolean;
};

/**
 * The summary as stored: a confidential session's summary has its visitors' identifying strings cut out
 * (the identity lives only in `party_identities`); the search key never holds any visitor's identity.
 */
function storedSummary(summary: string, people: readonly IdentityFields[], confidential: boolean) {
  const text = confidential ? (redactText(summary, people, true) ?? summary) : summary;
  return { text, key: (code: string) => searchKey(code, redactText(text, people, true)) };
}

// ---------------------------------------------------------------------------------------------------
// Service

export type ReceptionRow = typeof receptions.$inferSelect;

const seesAll = (p: Principal) =>
  p.roles.includes('admin') || hasAnyRole(p, ['office_leader', 'office_specialist']);

/** 403 unless the principal may read the register of `agencyCode`. */
export function assertCanSee(p: Principal, agencyCode: string): void {
  if (seesAll(p)) return;
  if (!hasAnyRole(p, RECEPTION_READ_ROLES) || p.agencyCode !== agencyCode) throw forbidden();
}

/** The receiving agency of a new reception: the officer's own; admin may name one (default the board). */
function registerAgencyOf(p: Principal, requested: string | null | undefined): string {
  if (p.roles.includes('admin')) return requested ?? p.agencyCode ?? RECEPTION_BOARD;
  if (!p.agencyCode)
    throw badRequest('no_agency', 'Tài khoản chưa gắn cơ quan.', 'Your account has no agency.', 'agencyCode');
  if (requested && requested !== p.agencyCode) throw forbidden();
  return p.agencyCode;
}

/** 400 (with field path) when the delegation flag, headcount and representatives break Luật TCD Art 29. */
export function checkDelegation(input: {
  headcount: number;
  massDelegation: boolean;
  visitors: readonly { representative?: boolean | undefined }[];
}): void {
  const { headcount, massDelegation, visitors } = input;
  if (visitors.length > headcount)
    throw badRequest(
      'visitors_exceed_headcount',
      `Số người được ghi (${visitors.length}) lớn hơn số người đến (${headcount}).`,
      `More visitors listed (${visitors.length}) than the headcount (${headcount}).`,
      'visitors',
    );
  const reps = visitors.filter((v) => v.representative).length;
  if (!massDelegation) {
    if (reps > 0)
      throw badRequest(
        'representatives_without_delegation',
        'Chỉ đoàn đông người mới cử người đại diện (Luật Tiếp công dân Điều 29).',
        'Only a mass delegation sends representatives (Law on Citizen Reception Art 29).',
        'massDelegation',
      );
    return;
  }
  const range = representativesRange(headcount);
  if (!range)
    throw badRequest(
      'delegation_too_small',
      `Đoàn đông người phải có từ ${DELEGATION_MIN} người trở lên.`,
      `A mass delegation has at least ${DELEGATION_MIN} people.`,
      'headcount',
    );
  if (reps < range.min || reps > range.max)
    throw badRequest(
      'delegation_representatives',
      `Đoàn ${headcount} người phải cử từ ${range.min} đến ${range.max} người đại diện (Luật Tiếp công dân Điều 29); đã ghi ${reps}.`,
      `A delegation of ${headcount} people sends ${range.min} to ${range.max} representatives (Law on Citizen Reception Art 29); ${reps} given.`,
      'visitors',
    );
}

/** 400 when the outcome's companion fields are missing or not valid in the era of the session. */
export function checkOutcome(
  era: ReceptionEra,
  o: {
    outcome: string;
    refusalGround?: string | null;
    outcomeNote?: string | null;
    outcomeAgencyCode?: string | null;
  },
): void {
  if (o.outcome === 'refused') {
    if (!o.refusalGround)
      throw badRequest(
        'refusal_ground_required',
        'Từ chối tiếp phải nêu căn cứ (Luật Tiếp công dân Điều 9).',
        'A refusal needs its statutory ground (Law on Citizen Reception Art 9).',
        'refusalGround',
      );
    const g = REFUSAL_GROUNDS.find((x) => x.code === o.refusalGround)!;
    if (!g.eras.includes(era))
      throw badRequest(
        'refusal_ground_not_in_force',
        `Căn cứ "${g.code}" (${g.source}) chưa có hiệu lực vào ngày tiếp.`,
        `Ground "${g.code}" (${g.source}) was not in force on the session date.`,
        'refusalGround',
      );
    if (g.needsNote && !o.outcomeNote)
      throw badRequest(
        'refusal_note_required',
        'Căn cứ này phải ghi rõ điều, khoản trong ghi chú.',
        'This ground must cite its article and clause in the note.',
        'outcomeNote',
      );
  } else if (o.refusalGround) {
    throw badRequest(
      'refusal_ground_unexpected',
      'Chỉ ghi căn cứ từ chối khi kết quả là từ chối tiếp.',
      'A refusal ground is given only when the outcome is refused.',
      'refusalGround',
    );
  }
  if (o.outcome === 'forwarded' && !o.outcomeAgencyCode)
    throw badRequest(
      'outcome_agency_required',
      'Chuyển đơn phải ghi cơ quan có thẩm quyền.',
      'Forwarding needs the competent agency.',
      'outcomeAgencyCode',
    );
}

/** The written refusal notice due date (ND 154/2026: 3 working days, form 01/TCD), else null. */
export function refusalNoticeDue(
  cal: CalendarSnapshot,
  row: Pick<ReceptionRow, 'outcome' | 'ruleVersion' | 'sessionDate'>,
) {
  const n = REFUSAL_NOTICE_WORKING_DAYS[row.ruleVersion as ReceptionEra];
  if (row.outcome !== 'refused' || !n) return null;
  try {
    return addWorkingDays(cal, row.sessionDate, n);
  } catch {
    return null;
  }
}

/** The identity-free data of an audit row (no visitor identity, no summary of a confidential session). */
function auditData(row: ReceptionRow, changed?: string[]) {
  return {
    code: row.code,
    kind: row.kind,
    sessionDate: row.sessionDate,
    headcount: row.headcount,
    massDelegation: row.massDelegation,
    classification: row.classification,
    outcome: row.outcome,
    refusalGround: row.refusalGround,
    version: row.version,
    ...(changed ? { changed } : {}),
  };
}

/**
 * Checks a linked (existing) petition; its confidentiality must match the session's: a confidential
 * session (a denunciation) may not name a non-confidential petition, whose signer every reader sees —
 * classify the petition first (409 `reception_confidentiality_mismatch`). A confidential petition makes
 * the session confidential. Returns whether the petition is confidential.
 */
async function checkPetition(
  tx: Tx,
  id: string | null | undefined,
  path: string,
  sessionConfidential: boolean,
): Promise<boolean> {
  if (!id) return false;
  const r = await queryRows<{ id: string; confidential: boolean }>(
    tx,
    sql`SELECT id, confidential FROM petitions WHERE id = ${id}`,
  );
  if (!r.length) throw badRequest('unknown_petition', 'Không có đơn này.', 'No such petition.', path);
  if (sessionConfidential && !r[0]!.confidential)
    throw conflict(
      'reception_confidentiality_mismatch',
      'Lượt tiếp tố cáo (giữ bí mật người tố cáo) không được gắn với đơn không bảo mật: hãy phân loại đơn là tố cáo trước (Luật Tố cáo 2018 Điều 8 khoản 3).',
      "A denunciation visit (the denouncer's identity kept secret) cannot name a non-confidential petition: classify the petition as a denunciation first (Denunciations Law 2018 Art 8 cl.3).",
      path,
    );
  return r[0]!.confidential;
}

/**
 * Classifications that make a session confidential (Luật Tố cáo 2018 Art 8 cl.3, Art 56): a denunciation,
 * or a mixed matter that may hold one.
 */
export const CONFIDENTIAL_CLASSIFICATIONS: readonly string[] = ['denunciation', 'mixed'];

export interface ReceptionCreated {
  id: string;
  code: string;
  receiptSlipNo: string | null;
}

/**
 * Records a reception session (one transaction: the register row, its visitors in `party_identities`,
 * an audit row). Role: reception_officer, reception_leader (their agency), admin.
 * - session date = day of `receivedAt` (Asia/Ho_Chi_Minh) or `sessionDate`; default now; no future date.
 * - kind leader_* needs `leaderName` and `leaderAgencyCode` (an agency valid on that day).
 * - mass delegation and representatives: Luật TCD Art 29 (see {@link checkDelegation}).
 * - refused: a ground in force on the session date (Art 9; ND 154/2026 from 2026-07-01).
 * - documents received → a receipt slip number from the board's register (numbers per calendar year).
 * - confidential (visitors' identities and summary kept secret) when the classification is `denunciation`
 *   or `mixed`, when `opts.confidential` (the visit brings a denunciation / mixed petition: recordVisit),
 *   or when the linked `petitionId` is confidential; a confidential session may not link a
 *   non-confidential petition (409 `reception_confidentiality_mismatch`).
 */
export async function createReception(
  tx: Tx,
  actor: Principal,
  input: ReceptionInput,
  opts: { now?: Date; demo?: boolean; confidential?: boolean } = {},
): Promise<ReceptionCreated> {
  const now = opts.now ?? new Date();
  const agencyCode = registerAgencyOf(actor, input.agencyCode);
  let receivedAt: Date;
  if (input.receivedAt) receivedAt = new Date(input.receivedAt);
  else if (input.sessionDate) receivedAt = new Date(`${input.sessionDate}T08:00:00+07:00`);
  else receivedAt = now;
  const sessionDate = toHcmDate(receivedAt);
  if (input.receivedAt && input.sessionDate && input.sessionDate !== sessionDate)
    throw badRequest(
      'session_date_mismatch',
      'Ngày tiếp khác ngày của thời điểm tiếp.',
      'The session date differs from the day of receivedAt.',
      'sessionDate',
    );
  if (sessionDate > toHcmDate(now))
    throw badRequest(
      'future_date',
      'Ngày tiếp ở tương lai.',
      'The session date is in the future.',
      input.receivedAt ? 'receivedAt' : 'sessionDate',
    );
  if (sessionDate < RECEPTION_ERAS[0].from)
    throw badRequest(
      'date_before_law',
      'Ngày tiếp trước khi Luật Tiếp công dân có hiệu lực (01/07/2014).',
      'Session date before the Law on Citizen Reception (2014-07-01).',
      input.receivedAt ? 'receivedAt' : 'sessionDate',
    );
  if (input.agencyCode) await requireAgencyOn(tx, agencyCode, sessionDate, 'agencyCode');
  const era = receptionEra(sessionDate);
  const isLeader = input.kind === 'leader_periodic' || input.kind === 'leader_ad_hoc';
  if (isLeader && !input.leaderName)
    throw badRequest(
      'leader_required',
      'Tiếp của lãnh đạo phải ghi tên lãnh đạo.',
      'A leader reception names the leader.',
      'leaderName',
    );
  if (isLeader && !input.leaderAgencyCode)
    throw badRequest(
      'leader_agency_required',
      'Tiếp của lãnh đạo phải ghi cơ quan của lãnh đạo.',
      "A leader reception names the leader's agency.",
      'leaderAgencyCode',
    );
  if (input.leaderAgencyCode)
    await requireAgencyOn(tx, input.leaderAgencyCode, sessionDate, 'leaderAgencyCode');
  if (input.outcomeAgencyCode)
    await requireAgencyOn(tx, input.outcomeAgencyCode, sessionDate, 'outcomeAgencyCode');
  const massDelegation = input.massDelegation ?? false;
  checkDelegation({ headcount: input.headcount, massDelegation, visitors: input.visitors });
  checkOutcome(era, input);
  let confidential =
    CONFIDENTIAL_CLASSIFICATIONS.includes(input.classification) || opts.confidential === true;
  if (await checkPetition(tx, input.petitionId, 'petitionId', confidential)) confidential = true;

  const year = Number(sessionDate.slice(0, 4));
  const seq = await takeRegisterNumber(tx, `reception:${agencyCode}`, year);
  const code = `TCD-${agencyCode}-${year}-${String(seq).padStart(4, '0')}`;
  const docs = (input.documentsReceived ?? []).map((d) => ({
    name: nfc(d.name),
    ...(d.copies !== undefined ? { copies: d.copies } : {}),
    ...(d.note ? { note: nfc(d.note) } : {}),
  }));
  let receiptSlipNo: string | null = null;
  if (docs.length) {
    const n = await takeRegisterNumber(tx, `receipt-slip:${agencyCode}`, year);
    receiptSlipNo = `${printedNumber(n)}/GBN-${agencyCode.split('-').pop()}`;
  }
  const people = input.visitors.map((v) => ({
    name: nfc(v.name),
    idNumber: v.idNumber ?? null,
    address: v.address ? nfc(v.address) : null,
    phone: v.phone ?? null,
    email: null,
    confidential,
  }));
  const stored = storedSummary(nfc(input.summary), people, confidential);
  const summary = stored.text;
  const id = randomUUID();
  const [row] = await tx
    .insert(receptions)
    .values({
      id,
      code,
      agencyCode,
      receivedAt,
      sessionDate,
      kind: input.kind,
      receiverUserId: actor.id,
      receiverName: input.receiverName ? nfc(input.receiverName) : actor.displayName,
      leaderName: input.leaderName ? nfc(input.leaderName) : null,
      leaderAgencyCode: input.leaderAgencyCode ?? null,
      headcount: input.headcount,
      massDelegation,
      summary,
      classification: input.classification,
      documentsReceived: docs,
      receiptSlipNo,
      outcome: input.outcome,
      refusalGround: input.refusalGround ?? null,
      outcomeNote: input.outcomeNote ? nfc(input.outcomeNote) : null,
      outcomeAgencyCode: input.outcomeAgencyCode ?? null,
      confidential,
      ruleVersion: era,
      searchKey: stored.key(code),
      petitionId: input.petitionId ?? null,
      demo: opts.demo ?? false,
      createdBy: actor.id,
    })
    .returning();
  await tx.insert(partyIdentities).values(
    input.visitors.map((v, i) => ({
      id: randomUUID(),
      subjectType: 'reception',
      subjectId: id,
      seq: i + 1,
      role: v.representative ? 'representative' : 'visitor',
      name: nfc(v.name),
      idNumber: v.idNumber ?? null,
      address: v.address ? nfc(v.address) : null,
      phone: v.phone ?? null,
      confidential,
      personKey: searchKey(v.name, v.address),
    })),
  );
  await recordAudit(tx, {
    actor,
    entityType: 'reception',
    entityId: id,
    action: 'created',
    data: auditData(row!),
  });
  return { id, code, receiptSlipNo };
}

/** The answer of {@link recordVisit}. */
export interface VisitRecorded extends ReceptionCreated {
  /** the petition recorded from the visit (null when none was brought) */
  petition: {
    id: string;
    code: string;
    deadlines: { clock: string; startDate: string; dueDate: string; limit: unknown; source: string }[];
    duplicateCandidates: { id: string; code: string; score: number; reason: string }[];
  } | null;
  /** the original the new petition was confirmed a duplicate of */
  duplicateOf: { id: string; code: string } | null;
}

/** Re-throws an error of a nested command with its field path under `prefix` (e.g. `petition.kind`). */
function nested<T>(prefix: string, rename: Record<string, string> = {}) {
  return (e: unknown): T => {
    if (e instanceof AppError && e.path !== undefined) {
      const path = e.path === null ? prefix : (rename[e.path] ?? `${prefix}.${e.path}`);
      throw new AppError(e.status, e.code, e.messageVi, e.messageEn, path, e.errors);
    }
    throw e;
  };
}

/**
 * The reception desk's "Ghi sổ" (issue 5 §1, §4): ONE command, ONE transaction — the register entry
 * ({@link createReception}), the petition brought by the visit (`receivePetition`, pointing to the session
 * by `receptionId`; its receipt time defaults to the visit's) and, with `duplicateOf`, the confirmation that
 * the new petition duplicates an earlier one (`takePetitionAction` `confirm_duplicate` with the version just
 * written). Any refusal (a delegation without its representatives, a petition field, a duplicate that may
 * not be linked…) throws and the caller's transaction writes nothing.
 * Errors of the petition carry paths under `petition.` (e.g. `petition.kind`); of the link, `duplicateOf`.
 * Roles: those of {@link createReception}; the petition roles are checked by the petition service.
 */
export async function recordVisit(
  tx: Tx,
  ctx: PetitionCtx,
  actor: Principal,
  input: ReceptionInput,
): Promise<VisitRecorded> {
  const { petition, duplicateOf, ...reception } = input;
  if (petition && reception.petitionId)
    throw badRequest(
      'petition_twice',
      'Chỉ ghi đơn mới hoặc đơn đã có, không cả hai.',
      'Give either a new petition or an existing one, not both.',
      'petitionId',
    );
  if (duplicateOf && !petition)
    throw badRequest(
      'duplicate_without_petition',
      'Chỉ liên kết đơn trùng khi ghi đơn mới của lượt tiếp.',
      'A duplicate link needs the new petition of the visit.',
      'duplicateOf',
    );
  if (petition && reception.outcome === 'refused')
    throw badRequest(
      'petition_on_refusal',
      'Từ chối tiếp thì không vào sổ đơn.',
      'A refused reception records no petition.',
      'petition',
    );
  // the visit is confidential if its classification OR the petition it brings is a denunciation / mixed;
  // the petition brought by a confidential visit is then confidential too (receivePetition reads it)
  const created = await createReception(tx, actor, reception, {
    ...(ctx.now ? { now: ctx.now } : {}),
    confidential: !!petition && CONFIDENTIAL_KINDS.includes(petition.kind),
  });
  if (!petition) return { ...created, petition: null, duplicateOf: null };
  const receivedAt =
    petition.receivedAt ??
    reception.receivedAt ??
    (reception.sessionDate ? `${reception.sessionDate}T08:00:00+07:00` : null);
  // the petition a visitor hands in is received on the day of the visit
  const [visit] = await queryRows<{ d: string }>(
    tx,
    sql`SELECT session_date::text AS d FROM receptions WHERE id = ${created.id}`,
  );
  if (receivedAt && toHcmDate(new Date(receivedAt)) !== visit!.d)
    throw badRequest(
      'petition_date_not_visit_date',
      'Đơn nhận trong buổi tiếp phải có ngày nhận là ngày tiếp.',
      'A petition handed in at a visit is received on the day of the visit.',
      'petition.receivedAt',
    );
  const p = await receivePetition(tx, ctx, { ...petition, receivedAt, receptionId: created.id }, actor).catch(
    nested<never>('petition'),
  );
  let dup: VisitRecorded['duplicateOf'] = null;
  if (duplicateOf) {
    await takePetitionAction(
      tx,
      ctx,
      p.id,
      { action: 'confirm_duplicate', originalId: duplicateOf, version: p.row.version },
      actor,
    ).catch(nested<never>('duplicateOf', { originalId: 'duplicateOf', version: 'duplicateOf' }));
    const [o] = await queryRows<{ id: string; code: string }>(
      tx,
      sql`SELECT o.id, o.code FROM petitions p JOIN petitions o ON o.id = p.duplicate_of_id WHERE p.id = ${p.id}`,
    );
    dup = o ?? null;
  }
  return {
    ...created,
    petition: {
      id: p.id,
      code: p.code,
      deadlines: p.deadlines,
      duplicateCandidates: p.duplicateCandidates,
    },
    duplicateOf: dup,
  };
}

/**
 * Corrects a register entry (đính chính) with a reason; optimistic concurrency (`expectedVersion`, stale
 * → 409 `stale_version`). The same rules as at creation apply to the corrected row; one audit row lists
 * the changed fields (never their values for a confidential session).
 */
export async function correctReception(tx: Tx, actor: Principal, id: string, c: ReceptionCorrection) {
  const [row] = await tx.select().from(receptions).where(eq(receptions.id, id)).for('update');
  if (!row) throw notFound('lượt tiếp / reception');
  assertCanSee(actor, row.agencyCode);
  if (!actor.roles.includes('admin') && !hasAnyRole(actor, RECEPTION_WRITE_ROLES)) throw forbidden();
  if (row.version !== c.expectedVersion)
    throw conflict(
      'stale_version',
      'Sổ đã được sửa bởi người khác; hãy tải lại.',
      'The entry was changed by someone else; reload it.',
      'expectedVersion',
    );
  const next = {
    summary: c.summary !== undefined ? nfc(c.summary) : row.summary,
    classification: c.classification ?? row.classification,
    headcount: c.headcount ?? row.headcount,
    massDelegation: c.massDelegation ?? row.massDelegation,
    outcome: c.outcome ?? row.outcome,
    refusalGround: c.refusalGround !== undefined ? c.refusalGround : row.refusalGround,
    outcomeNote: c.outcomeNote !== undefined ? (c.outcomeNote ? nfc(c.outcomeNote) : null) : row.outcomeNote,
    outcomeAgencyCode: c.outcomeAgencyCode !== undefined ? c.outcomeAgencyCode : row.outcomeAgencyCode,
    petitionId: c.petitionId !== undefined ? c.petitionId : row.petitionId,
  };
  if (next.outcome !== 'refused' && c.outcome !== undefined && c.refusalGround === undefined)
    next.refusalGround = null;
  const visitors = await tx
    .select()
    .from(partyIdentities)
    .where(and(eq(partyIdentities.subjectType, 'reception'), eq(partyIdentities.subjectId, id)));
  checkDelegation({
    headcount: next.headcount,
    massDelegation: next.massDelegation,
    visitors: visitors.map((v) => ({ representative: v.role === 'representative' })),
  });
  checkOutcome(row.ruleVersion as ReceptionEra, next);
  if (c.outcomeAgencyCode)
    await requireAgencyOn(tx, c.outcomeAgencyCode, row.sessionDate, 'outcomeAgencyCode');
  let confidential = CONFIDENTIAL_CLASSIFICATIONS.includes(next.classification) || row.confidential;
  if (c.petitionId !== undefined && (await checkPetition(tx, c.petitionId, 'petitionId', confidential)))
    confidential = true;
  if (confidential && !row.confidential) {
    // a session corrected to a denunciation: the petitions it brought or names must already be confidential
    const open = await queryRows<{ id: string }>(
      tx,
      sql`SELECT id FROM petitions WHERE NOT confidential AND (reception_id = ${id} OR id = ${next.petitionId})`,
    );
    if (open.length)
      throw conflict(
        'reception_confidentiality_mismatch',
        'Lượt tiếp đã ghi đơn không bảo mật: hãy phân loại đơn là tố cáo trước khi đính chính lượt tiếp thành tố cáo (Luật Tố cáo 2018 Điều 8 khoản 3).',
        'The visit recorded a non-confidential petition: classify the petition as a denunciation before correcting the visit to a denunciation (Denunciations Law 2018 Art 8 cl.3).',
        'classification',
      );
  }
  const stored = storedSummary(
    next.summary,
    visitors.map((v) => ({ ...v, confidential })),
    confidential,
  );
  next.summary = stored.text;
  const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => next[k] !== row[k]);
  const [updated] = await tx
    .update(receptions)
    .set({
      ...next,
      confidential,
      searchKey: stored.key(row.code),
      version: row.version + 1,
      updatedAt: new Date(),
    })
    .where(and(eq(receptions.id, id), eq(receptions.version, c.expectedVersion)))
    .returning();
  if (!updated)
    throw conflict(
      'stale_version',
      'Sổ đã được sửa bởi người khác.',
      'The entry was changed by someone else.',
      'expectedVersion',
    );
  if (confidential && !row.confidential) {
    await tx
      .update(partyIdentities)
      .set({ confidential: true })
      .where(and(eq(partyIdentities.subjectType, 'reception'), eq(partyIdentities.subjectId, id)));
  }
  await recordAudit(tx, {
    actor,
    entityType: 'reception',
    entityId: id,
    action: 'corrected',
    reason: c.reason,
    data: auditData(updated, changed),
  });
  return updated;
}

// ---------------------------------------------------------------------------------------------------
// Queries

const listColumns = {
  id: receptions.id,
  code: receptions.code,
  agencyCode: receptions.agencyCode,
  sessionDate: receptions.sessionDate,
  receivedAt: receptions.receivedAt,
  kind: receptions.kind,
  receiverName: receptions.receiverName,
  leaderName: receptions.leaderName,
  leaderAgencyCode: receptions.leaderAgencyCode,
  headcount: receptions.headcount,
  massDelegation: receptions.massDelegation,
  summary: receptions.summary,
  classification: receptions.classification,
  outcome: receptions.outcome,
  refusalGround: receptions.refusalGround,
  confidential: receptions.confidential,
  receiptSlipNo: receptions.receiptSlipNo,
  version: receptions.version,
};

export interface ReceptionListFilter {
  from?: string | undefined;
  to?: string | undefined;
  kind?: string | undefined;
  q?: string | undefined;
  page: number;
  pageSize: number;
}

/**
 * The register, newest first: sessions in [from, to] (session dates, Asia/Ho_Chi_Minh), of a kind, whose
 * code or summary contains `q` (case- and diacritics-blind). Scoped to the principal's agency unless an
 * office role or admin. No visitor identity is listed.
 */
export async function listReceptions(db: Tx, p: Principal, f: ReceptionListFilter) {
  const conds: SQL[] = [];
  if (!seesAll(p)) {
    if (!hasAnyRole(p, RECEPTION_READ_ROLES) || !p.agencyCode) throw forbidden();
    conds.push(eq(receptions.agencyCode, p.agencyCode));
  }
  if (f.from) conds.push(gte(receptions.sessionDate, f.from));
  if (f.to) conds.push(lte(receptions.sessionDate, f.to));
  if (f.kind) conds.push(eq(receptions.kind, f.kind));
  if (f.q && searchKey(f.q)) conds.push(sql`${receptions.searchKey} LIKE ${likePattern(f.q)}`);
  const where = conds.length ? and(...conds) : undefined;
  const items = await db
    .select(listColumns)
    .from(receptions)
    .where(where)
    .orderBy(desc(receptions.sessionDate), desc(receptions.receivedAt), desc(receptions.code))
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize);
  const [count] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(receptions)
    .where(where);
  const n = count?.n ?? 0;
  return { items: items.map(listItemOut), total: Number(n) };
}

function listItemOut(r: Pick<ReceptionRow, keyof typeof listColumns>) {
  return { ...r, receivedAt: r.receivedAt.toISOString() };
}

/** One register entry with its visitors (a confidential session's are redacted). */
export async function receptionDetail(db: Tx, p: Principal, id: string, cal: CalendarSnapshot) {
  const [row] = await db.select().from(receptions).where(eq(receptions.id, id));
  if (!row) throw notFound('lượt tiếp / reception');
  assertCanSee(p, row.agencyCode);
  const people = await db
    .select()
    .from(partyIdentities)
    .where(and(eq(partyIdentities.subjectType, 'reception'), eq(partyIdentities.subjectId, id)))
    .orderBy(asc(partyIdentities.seq));
  const linked = await queryRows<{ id: string; code: string }>(
    db,
    sql`SELECT id, code FROM petitions WHERE reception_id = ${id} OR id = ${row.petitionId}
        ORDER BY received_at, code`,
  );
  return {
    ...listItemOut(row),
    ruleVersion: row.ruleVersion,
    outcomeNote: row.outcomeNote,
    outcomeAgencyCode: row.outcomeAgencyCode,
    documentsReceived:
      (row.documentsReceived as { name: string; copies?: number; note?: string }[] | null) ?? [],
    petitionId: row.petitionId,
    petitionIds: linked.filter((x) => x.id !== row.petitionId).map((x) => x.id),
    petitions: linked.map((x) => ({ id: x.id, code: x.code })),
    refusalNoticeDue: refusalNoticeDue(cal, row),
    visitors: people.map((v) => visitorView(v, seesVisitorDetails(p))),
    representatives: people.filter((x) => x.role === 'representative').length,
    demo: row.demo,
  };
}

const mondayOf = (d: string) => shiftDate(d, 1 - isoWeekday(d));

/** The Mondays of the Monday-to-Sunday weeks that have a working day in the month. */
function workingWeeks(cal: CalendarSnapshot, month: string): string[] {
  const first = `${month}-01`;
  const weeks = new Set<string>();
  for (let d = first; d.slice(0, 7) === month; d = shiftDate(d, 1)) {
    let working: boolean;
    try {
      working = isWorkingDay(cal, d);
    } catch {
      working = isoWeekday(d) <= 5;
    }
    if (!working) continue;
    weeks.add(mondayOf(d));
  }
  return [...weeks];
}

/**
 * Leaders' periodic reception days in a month, against the legal minimum (Luật Tiếp công dân 2013
 * Art 12 province chairman ≥ 1 day/month, Art 13 district chairman ≥ 2 days/month, Art 15 commune
 * chairman ≥ 1 day/week — every Monday–Sunday week with a working day in the month —, Art 18 agency heads
 * ≥ 1 day/month). `held` = distinct days with a `leader_periodic` session; `adHoc` = days with a
 * `leader_ad_hoc` one (not counted towards the minimum). Leaders listed: those with a leader session in the
 * month or the 11 months before, and the provincial chairman always. `ok` is null for leaders without a
 * statutory minimum (e.g. vice-chairmen).
 */
export async function leaderDays(db: Tx, p: Principal, month: string, cal: CalendarSnapshot) {
  const first = `${month}-01`;
  const next = shiftDate(`${month}-28`, 7).slice(0, 7) + '-01';
  const last = shiftDate(next, -1);
  const yearBefore = `${Number(month.slice(0, 4)) - 1}${month.slice(4)}-01`;
  const scope = seesAll(p) ? sql`TRUE` : sql`r.agency_code = ${p.agencyCode ?? ''}`;
  if (!seesAll(p) && !hasAnyRole(p, RECEPTION_READ_ROLES)) throw forbidden();
  const rows = await queryRows<{
    leader_name: string | null;
    leader_agency_code: string | null;
    kind: string;
    session_date: string;
    agency_kind: string | null;
  }>(
    db,
    sql`SELECT DISTINCT r.leader_name, r.leader_agency_code, r.kind, r.session_date::text AS session_date, a.kind AS agency_kind
        FROM receptions r LEFT JOIN agencies a ON a.code = r.leader_agency_code
        WHERE r.kind IN ('leader_periodic', 'leader_ad_hoc') AND r.session_date >= ${yearBefore}
          AND r.session_date <= ${last} AND ${scope}`,
  );
  type Acc = {
    leaderName: string | null;
    leaderAgencyCode: string | null;
    agencyKind: string | null;
    days: Set<string>;
    adHoc: Set<string>;
  };
  const byLeader = new Map<string, Acc>();
  const keyOf = (name: string | null, agency: string | null) => `${agency ?? ''}|${searchKey(name ?? '')}`;
  for (const r of rows) {
    const k = keyOf(r.leader_name, r.leader_agency_code);
    const acc = byLeader.get(k) ?? {
      leaderName: r.leader_name,
      leaderAgencyCode: r.leader_agency_code,
      agencyKind: r.agency_kind,
      days: new Set<string>(),
      adHoc: new Set<string>(),
    };
    byLeader.set(k, acc);
    if (r.session_date >= first && r.session_date <= last)
      (r.kind === 'leader_periodic' ? acc.days : acc.adHoc).add(r.session_date);
  }
  // the provincial chairman is always expected
  if (seesAll(p) || p.agencyCode === RECEPTION_BOARD) {
    const chair = await db
      .select({ code: agencies.code, name: agencies.name, kind: agencies.kind })
      .from(agencies)
      .where(
        and(
          eq(agencies.kind, 'chairman'),
          lte(agencies.validFrom, last),
          sql`(${agencies.validTo} IS NULL OR ${agencies.validTo} >= ${first})`,
        ),
      );
    for (const c of chair) {
      if (![...byLeader.values()].some((a) => a.leaderAgencyCode === c.code))
        byLeader.set(keyOf(null, c.code), {
          leaderName: null,
          leaderAgencyCode: c.code,
          agencyKind: c.kind,
          days: new Set(),
          adHoc: new Set(),
        });
    }
  }
  const weeks = workingWeeks(cal, month);
  const leaders = [...byLeader.values()].map((a) => {
    const level = leaderLevelOf(a.agencyKind);
    const days = [...a.days].sort();
    if (level === 'other')
      return {
        leaderName: a.leaderName,
        leaderAgencyCode: a.leaderAgencyCode,
        level,
        rule: 'Không có mức tối thiểu theo luật / no statutory minimum',
        source: 'Luật Tiếp công dân 2013',
        required: null,
        held: days.length,
        adHoc: a.adHoc.size,
        days,
        ok: null,
      };
    const m = LEADER_MINIMUMS[level];
    const required = m.per === 'week' ? weeks.length : m.days;
    const ok =
      m.per === 'week' ? weeks.every((w) => days.some((d) => mondayOf(d) === w)) : days.length >= required;
    return {
      leaderName: a.leaderName,
      leaderAgencyCode: a.leaderAgencyCode,
      level,
      rule: m.vi,
      source: m.source,
      required,
      held: days.length,
      adHoc: a.adHoc.size,
      days,
      ok,
    };
  });
  leaders.sort(
    (x, y) =>
      (x.leaderAgencyCode ?? '').localeCompare(y.leaderAgencyCode ?? '') ||
      (x.leaderName ?? '').localeCompare(y.leaderName ?? ''),
  );
  return { month, leaders };
}
