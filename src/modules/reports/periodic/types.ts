/**
 * The contract of the periodic report (báo cáo định kỳ; REFERENCE §5, issue 6). Shared by the figures
 * (figures.ts), the snapshots (snapshots.ts), the exports (docx.ts, xlsx.ts, pdf.ts), the jobs and the
 * web page. Dates are calendar dates `YYYY-MM-DD` in Asia/Ho_Chi_Minh; instants are ISO strings in UTC.
 */

/** Kinds of reporting period (ND 09/2019/NĐ-CP art. 12; TT 06/2025/TT-TTCP). */
export const PERIOD_KINDS = ['month', 'quarter', '6_months', '9_months', 'year', 'custom'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export interface Bilingual {
  vi: string;
  en: string;
}

/** A reporting period (kỳ báo cáo) with its data window, due date and recipients. */
export interface ReportingPeriod {
  kind: PeriodKind;
  year: number;
  /** month 1–12 or quarter 1–4; null for 6/9 months, year and custom */
  number: number | null;
  /** e.g. { vi: '9 tháng đầu năm 2022', en: 'First 9 months of 2022' } */
  label: Bilingual;
  /** first day of the data window, inclusive (e.g. 2021-12-15) */
  from: string;
  /** the cut-off (ngày chốt số liệu), last day of the window, inclusive (e.g. 2022-09-14) */
  to: string;
  /** true when the window runs from 15/12 of the previous year (6 months, 9 months, year, and Q1) */
  cumulative: boolean;
  /** date the report is due at its first recipient */
  due: string;
  /** who receives it, in order (e.g. UBND tỉnh, Thanh tra Chính phủ) */
  recipients: Bilingual[];
  /** the rule that defines the window, e.g. 'ND 09/2019/NĐ-CP art. 12' */
  legalBasis: string;
  /** the same in Vietnamese for the UI and documents, e.g. 'Điều 12 Nghị định số 09/2019/NĐ-CP' */
  legalBasisVi?: string;
}

/** The task section's own window (the seed: tasks assigned 2021-11-12 → 2022-09-15, as of 2022-09-15). */
export interface TaskWindow {
  from: string;
  to: string;
  asOf: string;
}

/**
 * The flat figure map. Contract keys (issue 6 point 4; more are welcome):
 * `tasks.total`, `tasks.<status>.on_time`, `tasks.<status>.overdue` (status ∈ TASK_STATUSES: awaiting_receipt,
 * in_progress, awaiting_closure, completed, stopped), `procedures.published.{new,amended,replaced,repealed}`,
 * `procedures.time_cuts`, `dossiers.phone_with_post_return`, `dossiers.percent_satisfied`,
 * `receptions.{sessions,persons,mass_delegations}`, `petitions.{received,eligible,complaint,denunciation,
 * recommendation_feedback,ineligible}`.
 */
export type Figures = Record<string, number>;

/** Where the items behind a figure are: an API URL (JSON list) and the web page that shows them. */
export interface FigureLink {
  api: string;
  web: string;
}

/** A rich-text narrative (ProseMirror/tiptap JSON, restricted to the nodes of `RichNodeSchema`). */
export interface RichDoc {
  type: 'doc';
  content?: RichNode[];
}
export interface RichNode {
  type: string;
  text?: string;
  marks?: { type: string }[];
  attrs?: Record<string, unknown>;
  content?: RichNode[];
}

/** A table of the report (annex sheet in XLSX; a table in the DOCX when `inBody`). */
export interface ReportTable {
  id: string;
  title: Bilingual;
  columns: Bilingual[];
  /** cells: string (labels) or number; the last row is the total row when `totalRow` */
  rows: (string | number)[][];
  totalRow: boolean;
  /** figure key of each numeric cell, same shape as rows (null where not a figure) */
  keys?: (string | null)[][];
  inBody: boolean;
}

/** A document issued in the period, listed from the registry (section I.1 "direction"). */
export interface IssuedDocument {
  id: string;
  numberSymbol: string;
  date: string;
  type: string;
  issuer: string;
  summary: string;
}

/**
 * A block of the template (data, not code): a heading, a paragraph whose `{figure.key}` placeholders are
 * filled from the figures, a table by id, the list of issued documents, or a narrative slot edited in the UI.
 */
export type TemplateBlock =
  | { kind: 'heading'; level: 1 | 2 | 3; text: Bilingual }
  | { kind: 'paragraph'; text: Bilingual }
  | { kind: 'table'; table: string }
  | { kind: 'documents' }
  | { kind: 'narrative'; slot: string; label: Bilingual; default?: Bilingual };

export interface ReportTemplate {
  id: string;
  /** title line under "BÁO CÁO"; `{period}` is replaced by the period label */
  title: Bilingual;
  blocks: TemplateBlock[];
}

/** The issuer and signer of the report (Decree 30/2020 art. 8; REFERENCE §6). */
export interface ReportHeader {
  /** the governing body line, e.g. 'UBND TỈNH QUẢNG NGÃI' */
  parentName: string;
  /** e.g. 'VĂN PHÒNG' */
  issuerName: string;
  /** symbol suffix of the number line, e.g. 'BC-VP' → "Số: …/BC-VP" */
  symbol: string;
  /** place of the date line, e.g. 'Quảng Ngãi' */
  place: string;
  /** signature block: e.g. { form: 'KT.', title: 'CHÁNH VĂN PHÒNG', deputyTitle: 'PHÓ CHÁNH VĂN PHÒNG', name } */
  signer: { form: '' | 'KT.' | 'TM.' | 'TL.' | 'TUQ.'; title: string; deputyTitle?: string; name: string };
  /** Nơi nhận */
  recipients: string[];
}

/** The report as computed (and as stored in a snapshot). */
export interface PeriodicReport {
  period: ReportingPeriod;
  taskWindow: TaskWindow;
  /** the cut-off of every section except tasks (= period.to) */
  asOf: string;
  templateId: string;
  header: ReportHeader;
  figures: Figures;
  links: Record<string, FigureLink>;
  tables: ReportTable[];
  documents: IssuedDocument[];
  narrative: Record<string, RichDoc>;
  /** instant the figures were computed (UTC ISO) */
  computedAt: string;
}

/** A stored snapshot: the report as generated, never changed; `hash` = sha256 of the canonical JSON of inputs + figures. */
export interface ReportSnapshot {
  id: string;
  hash: string;
  createdAt: string;
  createdBy: string | null;
  report: PeriodicReport;
  /** when the report was issued from this snapshot: its register number and date (ND 30/2020 Art 15); else a draft */
  issued?: { numberSymbol: string; date: string } | null;
}

/** What changed since a snapshot: figures that differ and the records back-entered after it, dated before the cut-off. */
export interface SnapshotDiff {
  snapshotId: string;
  figures: { key: string; before: number; after: number }[];
  /** events/records with an effective date ≤ the cut-off, recorded after the snapshot was taken */
  backEntered: {
    module: 'tasks' | 'dossiers' | 'procedures' | 'receptions' | 'petitions';
    id: string;
    ref: string;
    type: string;
    effectiveDate: string;
    recordedAt: string;
    figureKeys: string[];
  }[];
}
