/**
 * The petition (đơn) state machine, declared as DATA (REFERENCE §4; Luật Tiếp công dân 42/2013/QH13,
 * Luật Khiếu nại 02/2011/QH13, Luật Tố cáo 25/2018/QH14, TT 05/2021/TT-TTCP on petition handling).
 *
 * received (tiếp nhận, chưa xử lý) → accepted (thụ lý) → resolved (đã có kết quả giải quyết) → closed (kết
 * thúc). Other decisions on a received petition: forwarded (chuyển đơn đến cơ quan có thẩm quyền), guided
 * (hướng dẫn), returned (trả lại đơn), filed (lưu đơn); a mixed petition is split (Luật TCD Art 25 cl.3)
 * into child petitions that keep `parent_id`; withdrawn (rút đơn). `resolved` ≠ `closed`: a result was
 * recorded vs the case file was closed (a forwarded, guided or filed petition can be closed unresolved).
 *
 * Roles and scope: reception_officer and reception_leader (Ban Tiếp công dân, VP-BTCD) act on every
 * petition; petition_handler only on petitions whose `handling_agency_code` is their agency; office_leader
 * reads; admin may take every action (but sees a denouncer's identity only with a grant, identity.ts).
 */
import type { Role } from '../../kernel/auth/roles.ts';

export const PETITION_STATUSES = [
  'received',
  'accepted',
  'forwarded',
  'guided',
  'returned',
  'filed',
  'resolved',
  'closed',
  'withdrawn',
  'split',
] as const;
export type PetitionStatus = (typeof PETITION_STATUSES)[number];

/** Statuses in which the petition is still being handled somewhere (clocks may run). */
export const OPEN_STATUSES: readonly PetitionStatus[] = ['received', 'accepted', 'forwarded'];

export const STATUS_LABELS: Record<PetitionStatus, { vi: string; en: string }> = {
  received: { vi: 'Tiếp nhận, chưa xử lý', en: 'Received' },
  accepted: { vi: 'Đã thụ lý', en: 'Accepted for resolution' },
  forwarded: { vi: 'Đã chuyển đơn', en: 'Forwarded to the competent body' },
  guided: { vi: 'Đã hướng dẫn', en: 'Citizen guided' },
  returned: { vi: 'Trả lại đơn', en: 'Returned to the citizen' },
  filed: { vi: 'Lưu đơn', en: 'Filed' },
  resolved: { vi: 'Đã có kết quả giải quyết', en: 'Resolved (result recorded)' },
  closed: { vi: 'Kết thúc', en: 'Closed' },
  withdrawn: { vi: 'Rút đơn', en: 'Withdrawn' },
  split: { vi: 'Đã tách thành nhiều đơn', en: 'Split into separate petitions' },
};

/** Intake channels (REFERENCE §4 Entities). */
export const CHANNELS = ['in_person', 'post', 'transferred', 'box', 'online'] as const;
export type PetitionChannel = (typeof CHANNELS)[number];

/** Kinds by content (Luật TCD Art 25; a mixed petition must be split). */
export const KINDS = [
  'complaint',
  'denunciation',
  'recommendation',
  'feedback',
  'land_dispute',
  'mixed',
] as const;
export type PetitionKind = (typeof KINDS)[number];
/** Kinds a petition can have after classification or split (not `mixed`). */
export const SINGLE_KINDS = KINDS.filter((k) => k !== 'mixed') as Exclude<PetitionKind, 'mixed'>[];

export const KIND_LABELS: Record<PetitionKind, { vi: string; en: string }> = {
  complaint: { vi: 'Khiếu nại', en: 'Complaint' },
  denunciation: { vi: 'Tố cáo', en: 'Denunciation' },
  recommendation: { vi: 'Kiến nghị', en: 'Recommendation' },
  feedback: { vi: 'Phản ánh', en: 'Feedback' },
  land_dispute: { vi: 'Tranh chấp đất đai', en: 'Land dispute' },
  mixed: { vi: 'Đơn có nhiều nội dung', en: 'Mixed petition' },
};

/**
 * Kinds whose signers' identities are confidential (Luật Tố cáo 2018 Art 8 cl.3, Art 9 cl.1b, Art 56).
 * A mixed petition is treated as confidential until it is split (it may hold a denunciation); after a
 * split the original stays confidential when a child is a denunciation. Once confidential, always
 * confidential (a disclosed identity cannot be taken back).
 */
export const CONFIDENTIAL_KINDS: readonly PetitionKind[] = ['denunciation', 'mixed'];

/** Outcomes of `record_result`. */
export const OUTCOMES = [
  'upheld',
  'partly_upheld',
  'rejected',
  'answered',
  'settled_by_agreement',
  'other',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Eligibility reason codes (đơn không đủ điều kiện xử lý), with labels and legal source. */
export const ELIGIBILITY_REASONS = [
  {
    code: 'unsigned',
    label: { vi: 'Đơn không có chữ ký / điểm chỉ của người viết đơn', en: 'Unsigned petition' },
    source: 'Luật Khiếu nại 2011 Art 8, Art 11 (đơn không có chữ ký); TT 05/2021/TT-TTCP',
  },
  {
    code: 'anonymous',
    label: { vi: 'Đơn nặc danh, mạo danh', en: 'Anonymous or false-name petition' },
    source: 'Luật Tố cáo 2018 Art 25 (không xử lý như tố cáo; có thể là nguồn thanh tra)',
  },
  {
    code: 'no_content',
    label: { vi: 'Đơn không rõ nội dung', en: 'No clear content' },
    source: 'TT 05/2021/TT-TTCP',
  },
  {
    code: 'already_settled',
    label: {
      vi: 'Đã được giải quyết đúng pháp luật, đã được kiểm tra, rà soát, trả lời',
      en: 'Already settled lawfully, reviewed and answered',
    },
    source: 'Luật Tiếp công dân 2013 Art 9; TT 05/2021/TT-TTCP',
  },
  {
    code: 'time_barred',
    label: { vi: 'Hết thời hiệu khiếu nại', en: 'Time-barred' },
    source: 'Luật Khiếu nại 2011 Art 9 (90 ngày), Art 11',
  },
  {
    code: 'not_competent',
    label: { vi: 'Không thuộc thẩm quyền', en: 'Not within competence' },
    source: 'Luật Tiếp công dân 2013 Art 28; Luật Tố cáo 2018 Art 24 (chuyển đơn)',
  },
  {
    code: 'duplicate',
    label: { vi: 'Đơn trùng (cùng người, cùng nội dung)', en: 'Duplicate petition' },
    source: 'TT 05/2021/TT-TTCP (đơn trùng lặp); TT 05/2021 Art 14 (chỉ chuyển một lần)',
  },
  {
    code: 'before_court',
    label: { vi: 'Tòa án đã thụ lý hoặc đã có bản án, quyết định', en: 'Before a court' },
    source: 'Luật Khiếu nại 2011 Art 11',
  },
  {
    code: 'no_personal_interest',
    label: {
      vi: 'Không liên quan trực tiếp đến quyền, lợi ích của người khiếu nại',
      en: 'No personal interest',
    },
    source: 'Luật Khiếu nại 2011 Art 11',
  },
  {
    code: 'invalid_representative',
    label: {
      vi: 'Người đại diện không hợp pháp / không có năng lực',
      en: 'Invalid representative or incapacity',
    },
    source: 'Luật Khiếu nại 2011 Art 11',
  },
  {
    code: 'second_level_exists',
    label: { vi: 'Đã có quyết định giải quyết khiếu nại lần hai', en: 'A second-level decision exists' },
    source: 'Luật Khiếu nại 2011 Art 11',
  },
  {
    code: 'other',
    label: { vi: 'Lý do khác (ghi rõ)', en: 'Other (stated in the note)' },
    source: 'TT 05/2021/TT-TTCP',
  },
] as const;
export type EligibilityReason = (typeof ELIGIBILITY_REASONS)[number]['code'];
export const ELIGIBILITY_REASON_CODES = ELIGIBILITY_REASONS.map((r) => r.code) as EligibilityReason[];

/** Roles of the provincial Citizen Reception Board (Ban Tiếp công dân, agency `VP-BTCD`). */
export const RECEPTION_ROLES: readonly Role[] = ['reception_officer', 'reception_leader'];
/** Roles that may read petitions (list, detail, overdue); admin included. */
/**
 * Who signs and issues a numbered letter (phiếu chuyển đơn, công văn đôn đốc) of the board: its leader
 * (the head signs "TRƯỞNG BAN"; a deputy "KT. TRƯỞNG BAN / PHÓ TRƯỞNG BAN" — ND 30/2020/NĐ-CP Art 13 and
 * Appendix I) — and admin. Reception officers prepare drafts only.
 */
export const LETTER_ISSUER_ROLES: readonly Role[] = ['reception_leader'];

export const PETITION_READ_ROLES: readonly Role[] = [
  'reception_officer',
  'reception_leader',
  'petition_handler',
  'office_leader',
];
/** Roles that may register a petition (petition_handler: in its own agency's register). */
export const INTAKE_ROLES: readonly Role[] = ['reception_officer', 'reception_leader', 'petition_handler'];
/** The provincial Citizen Reception Board: default register of petitions received by reception roles. */
export const RECEPTION_BOARD = 'VP-BTCD';

/**
 * Scope of a role over petitions: `all` (every petition of the province), `own_agency` (only petitions
 * whose `handling_agency_code` is the user's agency), `read_all` (read only). Admin: all.
 */
export const ROLE_SCOPE: Partial<Record<Role, 'all' | 'own_agency' | 'read_all'>> = {
  admin: 'all',
  reception_officer: 'all',
  reception_leader: 'all',
  petition_handler: 'own_agency',
  office_leader: 'read_all',
};

/**
 * What an action needs in its body:
 * `eligibility` eligible|ineligible (+ `reason` code when ineligible); `kind` the new kind; `parts` the
 * split parts; `agency` `toAgencyCode`; `outcome` the result; `original` `originalId`; `note` free text.
 */
export type Requirement = 'eligibility' | 'kind' | 'parts' | 'agency' | 'outcome' | 'original' | 'note';

export interface PetitionTransition {
  /** action name in `POST /api/petitions/{id}/actions` and the event type it appends */
  action: string;
  from: readonly PetitionStatus[];
  /** resulting status; 'same' keeps it */
  to: PetitionStatus | 'same';
  roles: readonly Role[];
  /** kinds the action applies to */
  kinds: readonly PetitionKind[];
  requires: readonly Requirement[];
  label: { vi: string; en: string };
  legalBasis: string;
}

const ALL_KINDS: readonly PetitionKind[] = KINDS;
const SINGLE: readonly PetitionKind[] = SINGLE_KINDS;
const HANDLERS: readonly Role[] = ['reception_officer', 'reception_leader', 'petition_handler'];
const DECIDERS: readonly Role[] = ['reception_leader', 'petition_handler'];

export const PETITION_TRANSITIONS: readonly PetitionTransition[] = [
  {
    action: 'set_eligibility',
    // forwarded: the body that now holds it assesses it again (it may be competent where the sender was not)
    from: ['received', 'forwarded'],
    to: 'same',
    roles: HANDLERS,
    kinds: ALL_KINDS,
    requires: ['eligibility'],
    label: { vi: 'Xác định đủ / không đủ điều kiện xử lý', en: 'Set eligibility' },
    legalBasis: 'TT 05/2021/TT-TTCP (phân loại, xử lý đơn); Luật Khiếu nại 2011 Art 11',
  },
  {
    action: 'classify',
    from: ['received'],
    to: 'same',
    roles: HANDLERS,
    kinds: ALL_KINDS,
    requires: ['kind'],
    label: { vi: 'Phân loại đơn', en: 'Classify' },
    legalBasis: 'TT 05/2021/TT-TTCP (phân loại theo nội dung); REFERENCE §4',
  },
  {
    action: 'split',
    from: ['received'],
    to: 'split',
    roles: HANDLERS,
    kinds: ['mixed'],
    requires: ['parts'],
    label: { vi: 'Tách đơn có nhiều nội dung', en: 'Split a mixed petition' },
    legalBasis: 'Luật Tiếp công dân 2013 Art 25 cl.3 (hướng dẫn tách riêng từng nội dung)',
  },
  {
    action: 'confirm_duplicate',
    from: ['received'],
    to: 'same',
    roles: HANDLERS,
    kinds: ALL_KINDS,
    requires: ['original'],
    label: { vi: 'Xác nhận đơn trùng', en: 'Confirm as a duplicate' },
    legalBasis: 'TT 05/2021/TT-TTCP (đơn trùng lặp); Art 14 (tố cáo cùng nội dung chỉ chuyển một lần)',
  },
  {
    action: 'accept',
    from: ['received', 'forwarded'],
    to: 'accepted',
    roles: HANDLERS,
    kinds: SINGLE,
    requires: [],
    label: { vi: 'Thụ lý giải quyết', en: 'Accept for resolution' },
    legalBasis:
      'Luật Khiếu nại 2011 Art 27 (10 ngày; 07 ngày làm việc từ 01/07/2026, ND 155/2026); Luật Tố cáo 2018 Art 29; TT 05/2021 Mẫu 01',
  },
  {
    action: 'forward',
    from: ['received', 'accepted'],
    to: 'forwarded',
    roles: HANDLERS,
    kinds: SINGLE,
    requires: ['agency'],
    label: { vi: 'Chuyển đơn đến cơ quan có thẩm quyền', en: 'Forward to the competent body' },
    legalBasis:
      'Luật Tiếp công dân 2013 Art 28; Luật Tố cáo 2018 Art 24 (05 ngày làm việc); TT 05/2021 Art 14, Mẫu 03 (tố cáo cùng nội dung chỉ chuyển một lần)',
  },
  {
    action: 'guide',
    from: ['received'],
    to: 'guided',
    roles: HANDLERS,
    kinds: SINGLE,
    requires: [],
    label: { vi: 'Hướng dẫn công dân', en: 'Guide the citizen' },
    legalBasis: 'Luật Tiếp công dân 2013 Art 28; TT 05/2021/TT-TTCP',
  },
  {
    action: 'return',
    from: ['received'],
    to: 'returned',
    roles: HANDLERS,
    kinds: ALL_KINDS,
    requires: ['note'],
    label: { vi: 'Trả lại đơn', en: 'Return the petition' },
    legalBasis: 'TT 05/2021/TT-TTCP (trả lại đơn và giấy tờ, tài liệu kèm theo)',
  },
  {
    action: 'file',
    from: ['received'],
    to: 'filed',
    roles: HANDLERS,
    kinds: ALL_KINDS,
    requires: [],
    label: { vi: 'Lưu đơn', en: 'File' },
    legalBasis: 'TT 05/2021/TT-TTCP (đơn trùng, nặc danh, không đủ điều kiện: lưu đơn)',
  },
  {
    action: 'urge',
    from: ['forwarded', 'accepted'],
    to: 'same',
    roles: RECEPTION_ROLES,
    kinds: SINGLE,
    requires: [],
    label: { vi: 'Đôn đốc cơ quan giải quyết', en: 'Urge the holding body' },
    legalBasis: 'Luật Tiếp công dân 2013 Art 27–28 (theo dõi, đôn đốc việc giải quyết)',
  },
  {
    action: 'record_result',
    from: ['accepted', 'forwarded'],
    to: 'resolved',
    roles: HANDLERS,
    kinds: SINGLE,
    requires: ['outcome'],
    label: { vi: 'Ghi nhận kết quả giải quyết', en: 'Record the result' },
    legalBasis:
      'Luật Khiếu nại 2011 Art 31, 40; Luật Tố cáo 2018 Art 35; Luật TCD 2013 Art 27 (báo cáo kết quả)',
  },
  {
    action: 'extend',
    from: ['accepted'],
    to: 'same',
    roles: DECIDERS,
    kinds: ['denunciation'],
    requires: ['note'],
    label: { vi: 'Gia hạn giải quyết tố cáo', en: 'Extend (denunciation)' },
    legalBasis: 'Luật Tố cáo 2018 Art 30 (gia hạn một lần ≤ 30 ngày; phức tạp: hai lần, mỗi lần ≤ 30 ngày)',
  },
  {
    action: 'withdraw',
    from: ['received', 'accepted', 'forwarded'],
    to: 'withdrawn',
    roles: HANDLERS,
    kinds: ALL_KINDS,
    requires: ['note'],
    label: { vi: 'Công dân rút đơn', en: 'Withdrawn by the citizen' },
    legalBasis:
      'Luật Khiếu nại 2011 Art 10; Luật Tố cáo 2018 Art 33 (rút tố cáo bằng văn bản; có dấu hiệu vi phạm thì vẫn giải quyết)',
  },
  {
    action: 'reopen',
    from: ['resolved', 'closed'],
    to: 'received',
    roles: HANDLERS,
    kinds: ['complaint'],
    requires: [],
    label: { vi: 'Khiếu nại lần hai', en: 'Second-level complaint' },
    legalBasis: 'Luật Khiếu nại 2011 Art 33 (30 ngày; vùng khó khăn 45 ngày), Art 37',
  },
  {
    action: 'close',
    from: ['resolved', 'forwarded', 'guided', 'returned', 'filed'],
    to: 'closed',
    roles: DECIDERS,
    kinds: ALL_KINDS,
    requires: [],
    label: { vi: 'Kết thúc hồ sơ', en: 'Close the case file' },
    legalBasis: 'TT 05/2021/TT-TTCP (kết thúc việc xử lý đơn); kết thúc ≠ đã giải quyết',
  },
];

/** The rule for an action name; undefined if none. */
export const transitionFor = (action: string): PetitionTransition | undefined =>
  PETITION_TRANSITIONS.find((t) => t.action === action);

/** Every action name. */
export const ACTIONS = PETITION_TRANSITIONS.map((t) => t.action);
