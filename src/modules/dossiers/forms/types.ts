/**
 * Dossier forms (issue 4 §5; REFERENCE §2 "Forms"): the form sets of each legal era and the data a form
 * is rendered from. The renderer (`render.ts`) is pure: it takes these shapes and returns DOCX bytes.
 *
 * - nd61 — TT 01/2018/TT-VPCP Art 9 [V]: Mẫu 01–05 on A5, Mẫu 06 (Sổ theo dõi hồ sơ) on A4.
 * - nd118 — TT 03/2025/TT-VPCP Appendix I [S]: Mẫu 01–07. The 2025 CONTENTS ARE NOT VERIFIED against the
 *   gazette (REFERENCE §2): they reuse the TT 01/2018 fields with the 2025 names, and keep the 2018 paper
 *   sizes (A5; the book on A4 landscape). See docs/forms.md.
 */
import type { Era } from '../rules.ts';

/** What a form is about. */
export type FormKind = 'receipt' | 'supplement' | 'refusal' | 'apology' | 'stop' | 'control' | 'book';
export const FORM_NUMBERS = ['01', '02', '03', '04', '05', '06', '07'] as const;
export type FormNo = (typeof FORM_NUMBERS)[number];

export interface FormSpec {
  no: FormNo;
  kind: FormKind;
  /** the title printed on the form (bold caps, centred) */
  title: string;
  /** the form's name as the circular lists it */
  name: string;
  paper: 'A5' | 'A4' | 'A4-landscape';
  /** legal source of the form */
  source: string;
  /** false = built from the 2018 fields plus the 2025 name, to be checked against the gazette */
  verified: boolean;
}

const TT01 = 'TT 01/2018/TT-VPCP Art 9';
const TT03 = 'TT 03/2025/TT-VPCP Phụ lục I [S, nội dung chưa kiểm chứng / contents not verified]';

/** The form set of each era (TT 01/2018 Art 9; TT 03/2025 Appendix I). */
export const FORM_SETS: Record<Era, readonly FormSpec[]> = {
  nd61: [
    {
      no: '01',
      kind: 'receipt',
      title: 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
      name: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả',
      paper: 'A5',
      source: `${TT01}, Mẫu số 01`,
      verified: true,
    },
    {
      no: '02',
      kind: 'supplement',
      title: 'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ',
      name: 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ',
      paper: 'A5',
      source: `${TT01}, Mẫu số 02`,
      verified: true,
    },
    {
      no: '03',
      kind: 'refusal',
      title: 'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ',
      name: 'Phiếu từ chối tiếp nhận giải quyết hồ sơ',
      paper: 'A5',
      source: `${TT01}, Mẫu số 03`,
      verified: true,
    },
    {
      no: '04',
      kind: 'apology',
      title: 'PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ',
      name: 'Phiếu xin lỗi và hẹn lại ngày trả kết quả',
      paper: 'A5',
      source: `${TT01}, Mẫu số 04`,
      verified: true,
    },
    {
      no: '05',
      kind: 'control',
      title: 'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ',
      name: 'Phiếu kiểm soát quá trình giải quyết hồ sơ',
      paper: 'A5',
      source: `${TT01}, Mẫu số 05`,
      verified: true,
    },
    {
      no: '06',
      kind: 'book',
      title: 'SỔ THEO DÕI HỒ SƠ',
      name: 'Sổ theo dõi hồ sơ',
      paper: 'A4-landscape',
      source: `${TT01}, Mẫu số 06 (khổ A4)`,
      verified: true,
    },
  ],
  // NOTE: TT 03/2025 contents unverified — built from the TT 01/2018 fields; check against the gazette.
  nd118: [
    {
      no: '01',
      kind: 'receipt',
      title: 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
      name: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả',
      paper: 'A5',
      source: `${TT03}, Mẫu số 01`,
      verified: false,
    },
    {
      no: '02',
      kind: 'supplement',
      title: 'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ',
      name: 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ',
      paper: 'A5',
      source: `${TT03}, Mẫu số 02`,
      verified: false,
    },
    {
      no: '03',
      kind: 'refusal',
      title: 'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ',
      name: 'Phiếu từ chối tiếp nhận giải quyết hồ sơ',
      paper: 'A5',
      source: `${TT03}, Mẫu số 03`,
      verified: false,
    },
    {
      no: '04',
      kind: 'apology',
      title: 'VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT',
      name: 'Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết',
      paper: 'A5',
      source: `${TT03}, Mẫu số 04`,
      verified: false,
    },
    {
      no: '05',
      kind: 'stop',
      title: 'THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ',
      name: 'Thông báo dừng giải quyết hồ sơ',
      paper: 'A5',
      source: `${TT03}, Mẫu số 05; ND 118/2025 Art 21; TT 03/2025 Art 7`,
      verified: false,
    },
    {
      no: '06',
      kind: 'control',
      title: 'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ',
      name: 'Phiếu kiểm soát quá trình giải quyết hồ sơ',
      paper: 'A5',
      source: `${TT03}, Mẫu số 06`,
      verified: false,
    },
    {
      no: '07',
      kind: 'book',
      title: 'SỔ THEO DÕI HỒ SƠ',
      name: 'Sổ theo dõi hồ sơ',
      paper: 'A4-landscape',
      source: `${TT03}, Mẫu số 07 (khổ giữ như Mẫu 06 TT 01/2018)`,
      verified: false,
    },
  ],
};

/** The spec of form `no` in an era; undefined when the era has no such form. */
export const formSpec = (era: Era, no: string): FormSpec | undefined =>
  FORM_SETS[era].find((f) => f.no === no);

/** The tracking-book form number of an era (06 for nd61, 07 for nd118). */
export const bookFormOf = (era: Era): FormNo => (era === 'nd61' ? '06' : '07');

/** Issuer block (ND 30/2020 Art 8, Appendix I): governing body (caps) and issuing unit (bold caps). */
export interface Issuer {
  /** e.g. "UBND TỈNH QUẢNG NGÃI" */
  governingBody: string;
  /** e.g. "TRUNG TÂM PHỤC VỤ - KIỂM SOÁT THỦ TỤC HÀNH CHÍNH" */
  unit: string;
  /** the unit's name in running text, e.g. "Trung tâm Phục vụ - Kiểm soát thủ tục hành chính tỉnh" */
  unitName: string;
}

export interface Party {
  name: string;
  idNumber?: string | null;
  phone?: string | null;
  email?: string | null;
  address?: string | null;
  relation?: string | null;
}

export interface ComponentLine {
  name: string;
  original: boolean;
  count: number;
}

/** A control-sheet row (TT 01/2018 Mẫu 05): hand-over between agencies, its time and result. */
export interface ControlRow {
  /** "Giao: …" unit */
  from: string;
  /** "Nhận: …" unit */
  to: string;
  handedBy?: string | null;
  receivedBy?: string | null;
  at: Date;
  dueAt?: Date | null;
  /** 'early' | 'on_time' | 'late' | null */
  result: string | null;
  note?: string | null;
}

/** The data of one dossier's form (01–05/06 of a set). Instants are UTC `Date`s, shown in Asia/Ho_Chi_Minh. */
export interface DossierFormData {
  issuer: Issuer;
  /** place in the date line, e.g. "Quảng Ngãi" */
  place: string;
  /** date of the form (YYYY-MM-DD, Asia/Ho_Chi_Minh); default: the date of the event it records */
  date?: string | null;
  /** "Số: …" — null leaves it blank, to be numbered after signing (ND 30/2020 Art 15) */
  number?: string | null;
  dossier: {
    code: string;
    procedureCode: string;
    procedureName: string;
    field?: string | null;
    channel: string;
    receivedAt: Date;
    /** the appointment in force and the first one given */
    appointmentAt: Date | null;
    firstAppointmentAt?: Date | null;
    /** time limit as text, e.g. "15 ngày làm việc" */
    timeLimit?: string | null;
    applicant: Party;
    representative?: Party | null;
    components: ComponentLine[];
    /** 'counter' | 'post' | 'online' */
    returnMethod: string;
    /** yearly serial in the receiving body's book (TT 01/2018 Art 10) */
    registerSerial?: number | null;
    /** where the result is collected (nơi trả kết quả) */
    collectionPlace: string;
    receivingBodyName: string;
    processingAgencyName?: string | null;
    receivedBy?: string | null;
    fee?: { amount: number | null; status: string; receiptNumber?: string | null } | null;
  };
  supplement?: { at: Date; missing: string[]; reason?: string | null; by?: string | null } | null;
  refusal?: { at: Date; reasons: string[]; note?: string | null; by?: string | null } | null;
  apology?: {
    at: Date;
    reason: string;
    /** the appointment being moved */
    appointmentAt: Date | null;
    /** the new date YYYY-MM-DD */
    newDate: string;
    by?: string | null;
  } | null;
  stop?: { at: Date; reason: string; by?: string | null } | null;
  control?: ControlRow[];
  /** who signs; empty → a blank signature block */
  signer?: { title: string; name?: string | null } | null;
}

/** One row of the tracking book (TT 01/2018 Mẫu 06 / TT 03/2025 Mẫu 07). */
export interface BookRow {
  serial: number;
  code: string;
  procedureName: string;
  applicant: string;
  applicantAddress?: string | null;
  leadBody: string | null;
  receivedAt: Date;
  appointmentAt: Date | null;
  transferredAt: Date | null;
  resultAt: Date | null;
  returnedAt: Date | null;
  note: string | null;
}

export interface BookData {
  issuer: Issuer;
  place: string;
  /** period YYYY-MM-DD (inclusive, Asia/Ho_Chi_Minh) */
  from: string;
  to: string;
  /** date printed on the book (YYYY-MM-DD) */
  date: string;
  rows: BookRow[];
}

export type FormData = DossierFormData | BookData;
export const isBookData = (d: FormData): d is BookData => 'rows' in d;
