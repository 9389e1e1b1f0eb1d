/**
 * The one-stop dossier state machine, declared as data (REFERENCE §2; ND 61/2018/NĐ-CP Art 15–21,
 * TT 01/2018/TT-VPCP; from 2025-07-01 ND 118/2025/NĐ-CP and TT 03/2025/TT-VPCP).
 *
 * new (online, not yet checked) → received (tiếp nhận at the one-stop) → processing (transferred to the
 * processing agency, Art 18) → result_ready (đã có kết quả) → returned (đã trả kết quả, Art 20).
 * Side exits: refused (Form 03), withdrawn (applicant withdraws), stopped (stop notice, Form 05 —
 * ND 118/2025 Art 21, 2025 rules only). Pauses: supplement_requested (Form 02; the clock restarts from
 * zero when the complete dossier arrives, Art 19 cl.4) and awaiting_payment (financial obligation).
 */
import type { Role } from '../../kernel/auth/roles.ts';

export const DOSSIER_STATUSES = [
  'new',
  'received',
  'processing',
  'supplement_requested',
  'awaiting_payment',
  'result_ready',
  'returned',
  'refused',
  'withdrawn',
  'stopped',
] as const;
export type DossierStatus = (typeof DOSSIER_STATUSES)[number];

/** Statuses in which the dossier is still being handled (counted as pending). */
export const OPEN_STATUSES: readonly DossierStatus[] = [
  'new',
  'received',
  'processing',
  'supplement_requested',
  'awaiting_payment',
];
/** Statuses in which the processing clock is paused. */
export const PAUSED_STATUSES: readonly DossierStatus[] = ['supplement_requested', 'awaiting_payment'];

/** Intake channels (ND 61/2018 Art 16; `phone` = the province's call-centre intake). */
export const CHANNELS = ['counter', 'online', 'postal', 'phone'] as const;
export type Channel = (typeof CHANNELS)[number];
/** How the result goes back (ND 61/2018 Art 20; QĐ 45/2016/QĐ-TTg for the postal service). */
export const RETURN_METHODS = ['counter', 'post', 'online'] as const;
export type ReturnMethod = (typeof RETURN_METHODS)[number];

/** The catalogue's time-limit channel for an intake channel (phone filings are handled like postal ones). */
export const CATALOGUE_CHANNEL: Record<Channel, 'counter' | 'online' | 'postal'> = {
  counter: 'counter',
  online: 'online',
  postal: 'postal',
  phone: 'postal',
};

/** Legal era of a dossier, chosen by the date it was received (Asia/Ho_Chi_Minh). */
export const ERAS = ['nd61', 'nd118'] as const;
export type Era = (typeof ERAS)[number];
/** First day of ND 118/2025/NĐ-CP (in force 01/07/2025). */
export const ND118_FROM = '2025-07-01';
/** The era in force on a receipt date `YYYY-MM-DD`. */
export const eraOn = (date: string): Era => (date < ND118_FROM ? 'nd61' : 'nd118');

/** Roles of the one-stop centre (scope: the receiving body). */
export const CENTRE_ROLES: readonly Role[] = ['counter_staff', 'callcentre_staff', 'centre_leader'];

/**
 * What an action needs in its body:
 * - `note` a reason or content; `reasons` coded reasons (refusal); `missing` the missing items (supplement)
 * - `new_date` the apology's proposed new date; `postal` the postal item code (return by post)
 * - `agency` the processing agency (transfer); `step` a step name/agency/deadline; `receipt` a fee receipt
 */
export type Requirement =
  'note' | 'reasons' | 'missing' | 'new_date' | 'postal' | 'agency' | 'step' | 'receipt' | 'amount';

export interface DossierTransition {
  /** action name in `POST /api/dossiers/{code}/actions` and the event type it appends */
  action: string;
  from: readonly DossierStatus[];
  /** resulting status; 'same' keeps it; 'resume' goes back to the status before the pause */
  to: DossierStatus | 'same' | 'resume';
  roles: readonly Role[];
  /** whose dossier: the one-stop that received it, or the agency processing it */
  scope: 'receiving_body' | 'processing_agency' | 'either';
  requires: readonly Requirement[];
  /** legal eras in which the action exists */
  eras: readonly Era[];
  /** form (mẫu) produced, per era (TT 01/2018 Art 9; TT 03/2025 Appendix I) */
  form?: Partial<Record<Era, string>>;
  label: { vi: string; en: string };
  legalBasis: string;
}

const COUNTER: readonly Role[] = ['counter_staff', 'callcentre_staff', 'centre_leader'];
const PROCESSING: readonly Role[] = ['processing_officer'];
const BOTH_ERAS: readonly Era[] = ['nd61', 'nd118'];

export const DOSSIER_TRANSITIONS: readonly DossierTransition[] = [
  {
    action: 'accept',
    from: ['new'],
    to: 'received',
    roles: COUNTER,
    scope: 'receiving_body',
    requires: [],
    eras: BOTH_ERAS,
    form: { nd61: '01', nd118: '01' },
    label: { vi: 'Tiếp nhận hồ sơ trực tuyến', en: 'Accept the online dossier' },
    legalBasis: 'ND 61/2018 Art 17 cl.3 (hồ sơ trực tuyến)',
  },
  {
    action: 'request_supplement',
    from: ['new', 'received', 'processing'],
    to: 'supplement_requested',
    roles: [...COUNTER, ...PROCESSING],
    scope: 'either',
    requires: ['missing'],
    eras: BOTH_ERAS,
    form: { nd61: '02', nd118: '02' },
    label: { vi: 'Yêu cầu bổ sung, hoàn thiện hồ sơ', en: 'Request a supplement' },
    legalBasis: 'ND 61/2018 Art 17, Art 19 cl.4 (Mẫu 02; trong 03 ngày làm việc)',
  },
  {
    action: 'supplement_received',
    from: ['supplement_requested'],
    to: 'resume',
    roles: [...COUNTER, ...PROCESSING],
    scope: 'either',
    requires: [],
    eras: BOTH_ERAS,
    form: { nd61: '01', nd118: '01' },
    label: { vi: 'Nhận hồ sơ đã bổ sung đầy đủ', en: 'Complete dossier received' },
    legalBasis: 'ND 61/2018 Art 19 cl.4: thời hạn được tính lại từ đầu (the clock restarts from zero)',
  },
  {
    action: 'refuse',
    from: ['new', 'received', 'processing'],
    to: 'refused',
    roles: [...COUNTER, ...PROCESSING],
    scope: 'either',
    requires: ['reasons'],
    eras: BOTH_ERAS,
    form: { nd61: '03', nd118: '03' },
    label: { vi: 'Từ chối tiếp nhận, giải quyết', en: 'Refuse' },
    legalBasis: 'ND 61/2018 Art 17, Art 19 cl.8 (Mẫu 03, nêu rõ lý do)',
  },
  {
    action: 'transfer',
    from: ['received'],
    to: 'processing',
    roles: COUNTER,
    scope: 'receiving_body',
    requires: [],
    eras: BOTH_ERAS,
    label: { vi: 'Chuyển cơ quan giải quyết', en: 'Transfer to the processing agency' },
    legalBasis: 'ND 61/2018 Art 18 (trong ngày; sau 15 giờ chuyển trong ngày làm việc tiếp theo)',
  },
  {
    action: 'start_step',
    from: ['processing'],
    to: 'same',
    roles: PROCESSING,
    scope: 'processing_agency',
    requires: ['step'],
    eras: BOTH_ERAS,
    label: { vi: 'Chuyển bước xử lý / liên thông', en: 'Start a processing or inter-agency step' },
    legalBasis: 'ND 61/2018 Art 19 (quy trình nội bộ, liên thông; thời hạn từng bước)',
  },
  {
    action: 'finish_step',
    from: ['processing'],
    to: 'same',
    roles: PROCESSING,
    scope: 'processing_agency',
    requires: [],
    eras: BOTH_ERAS,
    label: { vi: 'Hoàn thành bước xử lý', en: 'Finish a step' },
    legalBasis: 'TT 01/2018 Mẫu 05 (trước hạn / đúng hạn / quá hạn từng bước)',
  },
  {
    action: 'request_payment',
    from: ['processing'],
    to: 'awaiting_payment',
    roles: PROCESSING,
    scope: 'processing_agency',
    requires: ['amount'],
    eras: BOTH_ERAS,
    label: { vi: 'Chờ thực hiện nghĩa vụ tài chính', en: 'Await the financial obligation' },
    legalBasis: 'Mã trạng thái 6 của Cổng DVC quốc gia; thời gian chờ không tính vào thời hạn',
  },
  {
    action: 'payment_received',
    from: ['awaiting_payment'],
    to: 'resume',
    roles: [...COUNTER, ...PROCESSING],
    scope: 'either',
    requires: [],
    eras: BOTH_ERAS,
    label: { vi: 'Đã thực hiện nghĩa vụ tài chính', en: 'Financial obligation met' },
    legalBasis: 'Kernel default: the clock stops while waiting and resumes',
  },
  {
    action: 'apologize',
    from: ['received', 'processing'],
    to: 'same',
    roles: [...PROCESSING, 'centre_leader'],
    scope: 'either',
    requires: ['note', 'new_date'],
    eras: BOTH_ERAS,
    form: { nd61: '04', nd118: '04' },
    label: { vi: 'Xin lỗi và hẹn lại ngày trả kết quả', en: 'Apologise with a new date' },
    legalBasis:
      'ND 61/2018 Art 19 cl.9 (chậm nhất 01 ngày trước hạn; chỉ hẹn lại một lần); ND 118/2025 (Mẫu 04, đề nghị gia hạn)',
  },
  {
    action: 'withdraw',
    from: ['new', 'received', 'processing', 'supplement_requested', 'awaiting_payment'],
    to: 'withdrawn',
    roles: COUNTER,
    scope: 'receiving_body',
    requires: ['note'],
    eras: BOTH_ERAS,
    label: { vi: 'Công dân rút hồ sơ', en: 'Withdrawn by the applicant' },
    legalBasis: 'Mã trạng thái 7 của Cổng DVC quốc gia (công dân yêu cầu rút hồ sơ)',
  },
  {
    action: 'stop',
    from: ['new', 'received', 'processing', 'supplement_requested', 'awaiting_payment'],
    to: 'stopped',
    roles: [...COUNTER, ...PROCESSING],
    scope: 'either',
    requires: ['note'],
    eras: ['nd118'],
    form: { nd118: '05' },
    label: { vi: 'Thông báo dừng giải quyết hồ sơ', en: 'Stop notice' },
    legalBasis: 'ND 118/2025 Art 21; TT 03/2025 Art 7 (Mẫu 05) — nguồn thứ cấp [S]',
  },
  {
    action: 'result_ready',
    from: ['processing'],
    to: 'result_ready',
    roles: PROCESSING,
    scope: 'processing_agency',
    requires: [],
    eras: BOTH_ERAS,
    label: { vi: 'Có kết quả, chuyển Bộ phận Một cửa', en: 'Result ready' },
    legalBasis: 'ND 61/2018 Art 19 cl.7',
  },
  {
    action: 'return',
    from: ['result_ready'],
    to: 'returned',
    roles: COUNTER,
    scope: 'receiving_body',
    requires: [],
    eras: BOTH_ERAS,
    label: { vi: 'Trả kết quả', en: 'Return the result' },
    legalBasis: 'ND 61/2018 Art 20 (tại Bộ phận Một cửa, trực tuyến hoặc qua bưu chính)',
  },
  {
    action: 'postal_delivered',
    from: ['returned'],
    to: 'same',
    roles: COUNTER,
    scope: 'receiving_body',
    requires: [],
    eras: BOTH_ERAS,
    label: { vi: 'Bưu điện đã phát kết quả', en: 'Delivered by post' },
    legalBasis: 'QĐ 45/2016/QĐ-TTg (dịch vụ bưu chính công ích)',
  },
  {
    action: 'collect_fee',
    from: ['new', 'received', 'processing', 'awaiting_payment', 'result_ready'],
    to: 'same',
    roles: [...COUNTER, ...PROCESSING],
    scope: 'either',
    requires: ['receipt'],
    eras: BOTH_ERAS,
    label: { vi: 'Thu phí, lệ phí', en: 'Collect the fee' },
    legalBasis: 'ND 61/2018 Art 17 (thu phí, lệ phí; biên lai)',
  },
];

/** The rule for an action name; undefined if none. */
export const transitionFor = (action: string): DossierTransition | undefined =>
  DOSSIER_TRANSITIONS.find((t) => t.action === action);

export const STATUS_LABELS: Record<DossierStatus, { vi: string; en: string }> = {
  new: { vi: 'Mới (chờ tiếp nhận)', en: 'New' },
  received: { vi: 'Đã tiếp nhận', en: 'Received' },
  processing: { vi: 'Đang xử lý', en: 'Processing' },
  supplement_requested: { vi: 'Chờ bổ sung hồ sơ', en: 'Supplement requested' },
  awaiting_payment: { vi: 'Chờ thực hiện nghĩa vụ tài chính', en: 'Awaiting financial obligation' },
  result_ready: { vi: 'Đã có kết quả', en: 'Result ready' },
  returned: { vi: 'Đã trả kết quả', en: 'Result returned' },
  refused: { vi: 'Từ chối tiếp nhận', en: 'Refused' },
  withdrawn: { vi: 'Công dân rút hồ sơ', en: 'Withdrawn' },
  stopped: { vi: 'Dừng giải quyết', en: 'Stopped' },
};

/**
 * Our statuses → the national public-service portal's sync status codes 1–10 (REFERENCE §2 [S]):
 * 1 mới, 2 được tiếp nhận, 3 không được tiếp nhận, 4 đang xử lý, 5 yêu cầu bổ sung, 6 chờ thực hiện
 * nghĩa vụ tài chính, 7 công dân yêu cầu rút hồ sơ, 8 dừng xử lý, 9 đã xử lý xong, 10 đã trả kết quả.
 */
export const NATIONAL_STATUS_CODE: Record<DossierStatus, number> = {
  new: 1,
  received: 2,
  refused: 3,
  processing: 4,
  supplement_requested: 5,
  awaiting_payment: 6,
  withdrawn: 7,
  stopped: 8,
  result_ready: 9,
  returned: 10,
};

/** Timeliness of a resolved dossier or a step against its deadline (TT 01/2018 Mẫu 05). */
export const TIMELINESS = ['early', 'on_time', 'late'] as const;
export type Timeliness = (typeof TIMELINESS)[number];

/** Satisfaction votes and rating channels (ND 61/2018 Art 29; TT 01/2018 Art 12–15). */
export const VOTES = ['satisfied', 'neutral', 'unsatisfied'] as const;
export const RATING_CHANNELS = ['kiosk', 'paper', 'web'] as const;
/** Per-dossier indices of TT 01/2018 Art 13–15 (each scored 0, 1 or 2). */
export const PER_DOSSIER_INDICES = ['i1', 'i2', 'i3', 'i4', 'i6', 'i7'] as const;
