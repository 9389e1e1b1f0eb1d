/**
 * The periodic report API as the page reads it (src/modules/reports/periodic/routes.ts, the export jobs):
 * reporting periods, the report (figures, links, tables, documents, narrative), the narrative draft,
 * snapshots and their diff, export jobs with progress and cancel. Shapes: src/modules/reports/periodic/types.ts.
 * Dates are `YYYY-MM-DD` (Asia/Ho_Chi_Minh); instants are ISO strings (UTC).
 */
import { api, ApiError, queryString, request, type Query } from '../../api/client.ts';
import type {
  PeriodicReport,
  PeriodKind,
  ReportingPeriod,
  ReportSnapshot,
  RichDoc,
  SnapshotDiff,
  TaskWindow,
} from '../../../../src/modules/reports/periodic/types.ts';
import type { FilledBlock } from '../../../../src/modules/reports/periodic/template.ts';

export type {
  Bilingual,
  FigureLink,
  IssuedDocument,
  PeriodicReport,
  PeriodKind,
  ReportingPeriod,
  ReportSnapshot,
  ReportTable,
  ReportTemplate,
  RichDoc,
  RichNode,
  SnapshotDiff,
  TaskWindow,
  TemplateBlock,
} from '../../../../src/modules/reports/periodic/types.ts';

export type { FilledBlock, FilledPart } from '../../../../src/modules/reports/periodic/template.ts';

/**
 * The report as served: the contract plus the template filled in by the server (`blocks`, in the
 * template's order, in the requested language; figures in paragraphs are parts with their `key`) and the
 * filled `title`. When `blocks` is absent the page fills its own fallback template.
 */
export type ReportView = PeriodicReport & {
  blocks?: FilledBlock[];
  title?: string;
  periodKey?: string;
  draftUpdatedAt?: string | null;
};

/** A snapshot as listed (GET /api/reports/periodic/snapshots): without its report. */
export interface SnapshotSummary {
  id: string;
  hash: string;
  createdAt: string;
  createdBy: string | null;
  createdByName?: string | null;
  cutOff?: string;
  taskWindow?: TaskWindow;
  periodKey?: string;
}

/** Which report: a legal period (kind + year + number) or a custom window, and the task-window override. */
export interface ReportParams {
  kind: PeriodKind;
  year: number;
  number?: number | null;
  from?: string;
  to?: string;
  taskFrom?: string;
  taskTo?: string;
  taskAsOf?: string;
}

/** The seed's task window (the 9-month 2022 report: tasks assigned 12/11/2021 → 15/09/2022, as of 15/09/2022). */
export const SEED_TASK_WINDOW: TaskWindow = { from: '2021-11-12', to: '2022-09-15', asOf: '2022-09-15' };

export interface Draft {
  narrative: Record<string, RichDoc>;
  taskWindow?: TaskWindow | null;
  updatedAt?: string | null;
  updatedBy?: string | null;
}

/** An export job (GET /api/jobs/:id). */
export interface Job {
  id?: string;
  state: 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
  progress: number;
  message?: string | null;
  downloadUrl?: string | null;
  errorCode?: string | null;
  type?: string;
  createdAt?: string;
  finishedAt?: string | null;
}
export type ExportFormat = 'docx' | 'xlsx' | 'pdf';
export const TERMINAL: Job['state'][] = ['done', 'failed', 'cancelled'];

/** Query of a report (only the keys that are set). */
export function reportQuery(p: ReportParams): Query {
  return {
    kind: p.kind,
    year: p.year,
    number: p.number ?? undefined,
    from: p.kind === 'custom' ? p.from : undefined,
    to: p.kind === 'custom' ? p.to : undefined,
    taskFrom: p.taskFrom,
    taskTo: p.taskTo,
    taskAsOf: p.taskAsOf,
  };
}

/** GET with an abort signal (the report can take a while on large data; the user may cancel it). */
async function getAbortable<T>(path: string, q: Query, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path + queryString(q), {
      headers: { accept: 'application/json' },
      credentials: 'same-origin',
      signal,
    });
  } catch (e) {
    if (signal?.aborted) throw e;
    throw new ApiError(0, 'network_error', 'Không kết nối được máy chủ.', 'Cannot reach the server.', null);
  }
  if (res.ok) return (await res.json()) as T;
  // same error handling as the shared client (session ended etc.)
  return api.get<T>(path, q);
}

export const periodicApi = {
  /** GET /api/reporting-periods?year → { year, periods } */
  periods: (year: number) =>
    api.get<{ year: number; periods: ReportingPeriod[] }>('/api/reporting-periods', { year }),
  /** GET /api/reports/periodic?kind&year[&number][&from&to][&taskFrom&taskTo&taskAsOf] */
  report: (p: ReportParams, lang: 'vi' | 'en', signal?: AbortSignal) =>
    getAbortable<ReportView>('/api/reports/periodic', { ...reportQuery(p), lang }, signal),
  /** GET /api/reports/periodic/draft?kind&year[&number]; null when nothing is saved yet */
  draft: async (p: ReportParams): Promise<Draft | null> => {
    try {
      return await api.get<Draft>('/api/reports/periodic/draft', draftQuery(p));
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return null;
      throw e;
    }
  },
  /** PUT /api/reports/periodic/draft?kind&year[&number] { narrative, taskWindow? } */
  saveDraft: (p: ReportParams, body: { narrative: Record<string, RichDoc>; taskWindow?: TaskWindow }) =>
    request<Draft>('PUT', '/api/reports/periodic/draft' + queryString(draftQuery(p)), body),
  /** POST /api/reports/periodic/snapshots → the stored snapshot */
  createSnapshot: (p: ReportParams, taskWindow?: TaskWindow) =>
    api.post<ReportSnapshot>('/api/reports/periodic/snapshots', {
      kind: p.kind,
      year: p.year,
      ...(p.number != null ? { number: p.number } : {}),
      ...(p.kind === 'custom' ? { from: p.from, to: p.to } : {}),
      ...(taskWindow ? { taskWindow } : {}),
    }),
  /** GET /api/reports/periodic/snapshots?kind&year[&number|from&to] (newest first) */
  snapshots: async (p: ReportParams): Promise<SnapshotSummary[]> => {
    const r = await api.get<SnapshotSummary[] | { items: SnapshotSummary[] }>(
      '/api/reports/periodic/snapshots',
      draftQuery(p),
    );
    const items = Array.isArray(r) ? r : r.items;
    return [...items].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  },
  /** GET /api/reports/periodic/snapshots/:id/diff */
  diff: (id: string) =>
    api.get<SnapshotDiff>(`/api/reports/periodic/snapshots/${encodeURIComponent(id)}/diff`),
  /** POST /api/reports/periodic/exports { snapshotId, format } → 202 { jobId } */
  startExport: (snapshotId: string, format: ExportFormat) =>
    api.post<{ jobId: string }>('/api/reports/periodic/exports', { snapshotId, format }),
  job: (id: string) => api.get<Job>(`/api/jobs/${encodeURIComponent(id)}`),
  /** DELETE /api/jobs/:id cancels a queued or running job */
  cancelJob: (id: string) => request<unknown>('DELETE', `/api/jobs/${encodeURIComponent(id)}`),
};

/** The period part of a query (kind, year, number; from/to for a custom window). */
function draftQuery(p: ReportParams): Query {
  return {
    kind: p.kind,
    year: p.year,
    number: p.number ?? undefined,
    from: p.kind === 'custom' ? p.from : undefined,
    to: p.kind === 'custom' ? p.to : undefined,
  };
}

/** Vietnamese number format (2.407; 99,5). */
export const fmtNum = (n: number | null | undefined, lang = 'vi') =>
  n === null || n === undefined || Number.isNaN(n)
    ? '—'
    : new Intl.NumberFormat(lang.startsWith('en') ? 'en-US' : 'vi-VN', { maximumFractionDigits: 2 }).format(
        n,
      );

/** A plain text (paragraphs split on blank lines) as a rich document. */
export function textToDoc(text: string | undefined): RichDoc {
  const paras = (text ?? '')
    .split(/\n{2,}/)
    .map((s) => s.trim())
    .filter(Boolean);
  return {
    type: 'doc',
    content: paras.length
      ? paras.map((p) => ({ type: 'paragraph', content: [{ type: 'text', text: p }] }))
      : [{ type: 'paragraph' }],
  };
}

/** The plain text of a rich document (for comparisons and previews). */
export function docText(doc: RichDoc | undefined): string {
  const walk = (n: { text?: string; content?: { text?: string; content?: unknown[] }[] }): string =>
    (n.text ?? '') + (n.content ?? []).map((c) => walk(c as never)).join(n.text === undefined ? '\n' : '');
  return doc ? walk(doc as never).trim() : '';
}
