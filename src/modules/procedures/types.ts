/**
 * Shapes of the procedure catalogue (REFERENCE §2 "Procedure", §3; ND 63/2010/NĐ-CP Art 8 cl.2).
 * `ProcedureData` is stored whole in `procedure_versions.data`; a dossier keeps the version of its receipt.
 */

/** Unit of a time limit: ngày làm việc, ngày (calendar days), giờ làm việc. */
export type LimitUnit = 'working_days' | 'calendar_days' | 'working_hours';
/** The catalogue's channels: `counter` (trực tiếp, in person), `online` (trực tuyến), `postal` (bưu chính). */
export type LimitChannel = 'counter' | 'online' | 'postal';

export interface TimeLimitEntry {
  channel: LimitChannel;
  /** null when the record states no number (e.g. "Không quy định") */
  value: number | null;
  /** null while `needsReview` (the record gives a bare number and no unit: never guessed) */
  unit: LimitUnit | null;
  /** the text as published, e.g. "15 Ngày làm việc" or "3" */
  text: string | null;
  /** true when the unit (or the value) is not stated and waits for a reviewer */
  needsReview: boolean;
  /** set when a reviewer fixed the value/unit: the legal text that fixes it and who/when */
  review?: { source: string; reviewedBy: string; reviewedAt: string } | null;
}

export interface FeeEntry {
  channel: LimitChannel | null;
  /** VND; 0 = free (miễn phí); null = not stated */
  amount: number | null;
  text: string;
}

export interface ProcessStep {
  name: string;
  /** who does it: an agency code or a role description */
  agency: string | null;
  value: number;
  unit: LimitUnit;
}

export interface InterAgencyLeg {
  agencyCode: string | null;
  agencyName: string;
  value: number;
  unit: LimitUnit;
}

export interface ProcedureData {
  code: string;
  name: string;
  field: string | null;
  /** 'province' | 'commune' | 'ministry' | 'other' (the catalogue's cấp thực hiện) */
  levels: string[];
  /** competent agency (cơ quan thực hiện / có thẩm quyền): a code in our org tree when known, and its name */
  agencyCode: string | null;
  agencyName: string | null;
  coordinatingAgencies: string[];
  timeLimits: TimeLimitEntry[];
  fees: FeeEntry[];
  components: { name: string; case?: string | null }[];
  results: { name: string; code: string | null }[];
  /** quy trình nội bộ: steps with their own time */
  steps: ProcessStep[];
  /** liên thông: the agencies a dossier goes through, in order */
  interAgency: InterAgencyLeg[];
  /** '1'..'4' or 'full' / 'partial' (dịch vụ công trực tuyến toàn trình / một phần) */
  onlineLevel: string | null;
  legalBasis: { title: string; code: string | null }[];
  applicants: string[];
  conditions: string | null;
  fisheries: boolean;
  sourceUrl: string | null;
}
