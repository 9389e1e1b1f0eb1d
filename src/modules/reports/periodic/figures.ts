/**
 * The periodic report's figures, assembled from the modules' own reports (REFERENCE §5; issue 6 §2, §4) —
 * no counting rule is repeated here:
 * - tasks: `taskTable` (tasks/queries.ts; REFERENCE §1) over the task window (assigned in [from, to], as of
 *   asOf); the default window is the template's (programme start 12/11/2021 → the day after the cut-off, as
 *   the seed's "12/11/2021 → 15/9/2022");
 * - procedures: `procedureReport` (procedures/decisions.ts; ND 63/2010 art. 13–15) by decision date;
 * - dossiers: `dossierReport` (reports/dossier-report.ts; ND 61/2018, ND 107/2021; TT 01/2018 art. 11)
 *   plus one count of phone filings whose result is returned by post;
 * - receptions and petitions: `petitionReport` (reports/petition-report.ts; Luật TCD 2013, Luật KN/TC);
 * - documents: the registry (`documents`), dated in the period and issued by the Office or by UBND tỉnh /
 *   Chủ tịch / Phó Chủ tịch — registered or recorded as cited (the Office's own plans are in the registry as
 *   the seed cites them), with a valid date; restricted documents (petition letters) are left out.
 * Every section but tasks uses the period's window [period.from, period.to] as of period.to.
 *
 * Figures are a flat map (types.ts `Figures`); `links[key]` names the existing items endpoint behind each
 * figure (its `total` equals the figure) and the web page that shows it.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../../db/engine.ts';
import type { Principal } from '../../../kernel/auth/roles.ts';
import { hcmDateTime, shiftDate } from '../../../kernel/calendar/index.ts';
import { badRequest } from '../../../kernel/errors.ts';
import { DOCUMENT_TYPES } from '../../../kernel/documents/numbering.ts';
import { taskTable } from '../../tasks/queries.ts';
import type { TaskTableIndex } from '../../tasks/table-index.ts';
import { STATUS_LABELS, TASK_STATUSES } from '../../tasks/rules.ts';
import { procedureReport } from '../../procedures/decisions.ts';
import { dossierReport, scopeFilter, type ReportFilter } from '../dossier-report.ts';
import { petitionReport, scopePetitionFilter } from '../petition-report.ts';
import { getTemplate, type PeriodicTemplate } from './template.ts';
import type {
  FigureLink,
  Figures,
  IssuedDocument,
  PeriodicReport,
  ReportHeader,
  ReportTable,
  ReportingPeriod,
  RichDoc,
  TaskWindow,
} from './types.ts';

export interface PeriodicReportInput {
  period: ReportingPeriod;
  /** overrides of the task window (any part); defaults from the template */
  taskWindow?: Partial<TaskWindow> | undefined;
  narrative?: Record<string, RichDoc> | undefined;
  principal: Principal;
  templateId?: string | undefined;
  /** the server's in-memory task table read model, when there is one (same counts as SQL) */
  taskIndex?: TaskTableIndex | undefined;
}

/**
 * The task window of a report: the template's programme start (QĐ 1100/QĐ-UBND, 12/11/2021) — or the
 * period's start when the programme starts after the cut-off — to `period.to + toOffsetDays`, as of `to`;
 * each part overridable. 400 `invalid_task_window` when from > to or asOf < from.
 */
export function taskWindowOf(
  period: ReportingPeriod,
  t: PeriodicTemplate,
  o: Partial<TaskWindow> = {},
): TaskWindow {
  const defTo = shiftDate(period.to, t.taskWindow.toOffsetDays);
  const defFrom = t.taskWindow.from <= defTo ? t.taskWindow.from : period.from;
  const from = o.from ?? defFrom;
  const to = o.to ?? defTo;
  const asOf = o.asOf ?? to;
  if (from > to)
    throw badRequest(
      'invalid_task_window',
      'Cửa sổ nhiệm vụ: "taskFrom" phải trước hoặc bằng "taskTo".',
      'Task window: "taskFrom" must not be after "taskTo".',
      'taskFrom',
    );
  if (asOf < from)
    throw badRequest(
      'invalid_task_window',
      'Cửa sổ nhiệm vụ: "taskAsOf" không được trước "taskFrom".',
      'Task window: "taskAsOf" must not be before "taskFrom".',
      'taskAsOf',
    );
  return { from, to, asOf };
}

const qs = (o: Record<string, string | number | undefined>) =>
  Object.entries(o)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&');

/** The generic web list of an items endpoint, for figures whose module has no list page of its own. */
const itemsPage = (api: string) => `/reports/periodic/items?${qs({ api })}`;

const TIMELINESS_KEYS = [
  ['on_time', 'onTime'],
  ['overdue', 'overdue'],
  ['no_deadline', 'noDeadline'],
] as const;

/** Documents dated in [from, to] issued by the template's Office / committee issuers (registry; valid dates only). */
async function issuedDocuments(
  db: Tx,
  period: ReportingPeriod,
  t: PeriodicTemplate,
): Promise<{ items: IssuedDocument[]; office: number; committee: number }> {
  const rows = await queryRows<{
    id: string;
    number_symbol: string;
    date: string;
    type_code: string | null;
    pattern: string;
    issuer_code: string | null;
    issuer_symbol: string | null;
    issuer_name: string | null;
    summary: string;
    number: number | null;
  }>(
    db,
    sql`SELECT id, number_symbol, date::text AS date, type_code, pattern, issuer_code, issuer_symbol, issuer_name,
          summary, number
        FROM documents
        WHERE date BETWEEN ${period.from}::date AND ${period.to}::date AND NOT date_invalid AND access IS NULL
        ORDER BY date, number NULLS LAST, number_symbol`,
  );
  const matches = (codes: string[], r: { issuer_code: string | null; issuer_symbol: string | null }) =>
    codes.some(
      (c) =>
        (r.issuer_code !== null && (r.issuer_code === c || r.issuer_code.startsWith(`${c}-`))) ||
        (r.issuer_code === null && r.issuer_symbol === c),
    );
  let office = 0;
  let committee = 0;
  const items: IssuedDocument[] = [];
  for (const r of rows) {
    const isOffice = matches(t.documentIssuers.office, r);
    const isCommittee = !isOffice && matches(t.documentIssuers.committee, r);
    if (!isOffice && !isCommittee) continue;
    if (isOffice) office++;
    else committee++;
    items.push({
      id: r.id,
      numberSymbol: r.number_symbol,
      date: r.date,
      type: r.type_code ? (DOCUMENT_TYPES[r.type_code]?.vi ?? r.type_code) : 'Công văn',
      issuer: r.issuer_name ?? r.issuer_symbol ?? '',
      summary: r.summary,
    });
  }
  return { items, office, committee };
}

/**
 * Phone filings (channel `phone`) received in [from, to] whose result is returned by post — the seed's
 * fishing-vessel dossiers "gọi điện thoại đến tổng đài … kết quả … bưu điện mang đến tận nhà" (2,407).
 * Same receipt-day rule as the dossier report's `received.phone` (receipt day in Asia/Ho_Chi_Minh).
 */
async function phoneWithPostReturn(db: Tx, from: string, to: string): Promise<number> {
  const lo = hcmDateTime(from, '00:00').toISOString();
  const hi = hcmDateTime(shiftDate(to, 1), '00:00').toISOString();
  const [r] = await queryRows<{ n: number }>(
    db,
    sql`SELECT count(*)::int AS n FROM dossiers d
        WHERE d.channel = 'phone' AND d.return_method = 'post'
          AND d.received_at >= ${lo}::timestamptz AND d.received_at < ${hi}::timestamptz`,
  );
  return Number(r?.n ?? 0);
}

/** The header of the report (ND 30/2020/NĐ-CP art. 8): the template's, the parent body's name from the registry. */
async function headerOf(db: Tx, t: PeriodicTemplate): Promise<ReportHeader> {
  const h: ReportHeader = {
    ...t.header,
    signer: { ...t.header.signer },
    recipients: [...t.header.recipients],
  };
  const [ubnd] = await queryRows<{ name: string }>(
    db,
    sql`SELECT name FROM agencies WHERE code = 'UBND' LIMIT 1`,
  );
  if (ubnd?.name) {
    const short = ubnd.name.replace(/^Ủy ban nhân dân/i, 'UBND').normalize('NFC');
    h.parentName = short.toLocaleUpperCase('vi');
  }
  return h;
}

/**
 * The periodic report, computed live for a period (REFERENCE §5; issue 6 §2/§4): figures, links, tables,
 * documents, header; `narrative` is passed through (drafts are the caller's). Dates are Asia/Ho_Chi_Minh
 * calendar dates; every section but tasks covers [period.from, period.to] as of period.to.
 * Scope: the principal's (office roles see all; the routes admit only office roles).
 */
export async function periodicReport(db: Tx, input: PeriodicReportInput): Promise<PeriodicReport> {
  const t = getTemplate(input.templateId);
  const { period, principal: p } = input;
  const tw = taskWindowOf(period, t, input.taskWindow ?? {});
  const win = { from: period.from, to: period.to, asOf: period.to };
  const figures: Figures = {};
  const links: Record<string, FigureLink> = {};
  const set = (key: string, v: number, link?: FigureLink) => {
    figures[key] = v;
    if (link) links[key] = link;
  };

  // --- tasks (REFERENCE §1)
  const tt = await taskTable(db, { from: tw.from, to: tw.to, asOf: tw.asOf }, p, input.taskIndex);
  const taskLink = (o: { status?: string; timeliness?: string }): FigureLink => {
    const q = qs({ from: tw.from, to: tw.to, asOf: tw.asOf, ...o });
    return { api: `/api/tasks?${q}`, web: `/tasks?${q}` };
  };
  set('tasks.total', tt.total, taskLink({}));
  const taskRows: (string | number)[][] = [];
  const taskKeys: (string | null)[][] = [];
  const colTotals = [0, 0, 0, 0];
  for (const status of TASK_STATUSES) {
    const row = tt.rows.find((r) => r.status === status) ?? {
      status,
      onTime: 0,
      overdue: 0,
      noDeadline: 0,
      total: 0,
    };
    const keys: (string | null)[] = [null];
    const cells: (string | number)[] = [STATUS_LABELS[status].vi];
    TIMELINESS_KEYS.forEach(([k, f], i) => {
      set(`tasks.${status}.${k}`, row[f], taskLink({ status, timeliness: k }));
      cells.push(row[f]);
      keys.push(`tasks.${status}.${k}`);
      colTotals[i]! += row[f];
    });
    set(`tasks.${status}.total`, row.total, taskLink({ status }));
    cells.push(row.total);
    keys.push(`tasks.${status}.total`);
    colTotals[3]! += row.total;
    taskRows.push(cells);
    taskKeys.push(keys);
  }
  for (const [k] of TIMELINESS_KEYS) {
    const v = TASK_STATUSES.reduce((s, st) => s + figures[`tasks.${st}.${k}`]!, 0);
    set(`tasks.${k}`, v, taskLink({ timeliness: k }));
  }
  taskRows.push(['Tổng cộng', ...colTotals]);
  taskKeys.push([null, 'tasks.on_time', 'tasks.overdue', 'tasks.no_deadline', 'tasks.total']);

  // --- procedures (REFERENCE §3)
  const pr = await procedureReport(db, period.from, period.to);
  const procLink = (category: string): FigureLink => {
    const api = `/api/reports/procedures/items?${qs({ from: period.from, to: period.to, category })}`;
    return { api, web: itemsPage(api) };
  };
  const cats = ['new', 'amended', 'replaced', 'repealed'] as const;
  for (const c of cats) set(`procedures.published.${c}`, pr.byCategory[c], procLink(c));
  set(
    'procedures.published.total',
    cats.reduce((s, c) => s + pr.byCategory[c], 0),
  );
  set('procedures.time_cuts', pr.timeCuts, procLink('time_cut'));

  // --- dossiers (REFERENCE §2)
  const df = scopeFilter<ReportFilter>(p, { ...win });
  const dr = await dossierReport(db, df);
  const dLink = (metric: string): FigureLink => {
    const q = qs({ metric, from: win.from, to: win.to, asOf: win.asOf });
    return { api: `/api/reports/dossiers/items?${q}`, web: `/dossier-report?${q}` };
  };
  set('dossiers.received.total', dr.received.total, dLink('received'));
  for (const c of ['counter', 'online', 'postal', 'phone'] as const)
    set(`dossiers.received.${c}`, dr.received.byChannel[c], dLink(`received.${c}`));
  set(
    'dossiers.resolved.total',
    dr.resolved.early + dr.resolved.onTime + dr.resolved.late,
    dLink('resolved'),
  );
  set('dossiers.resolved.early', dr.resolved.early, dLink('resolved.early'));
  set('dossiers.resolved.on_time', dr.resolved.onTime, dLink('resolved.onTime'));
  set('dossiers.resolved.late', dr.resolved.late, dLink('resolved.late'));
  set('dossiers.pending.within_limit', dr.pending.withinLimit, dLink('pending.withinLimit'));
  set('dossiers.pending.over_limit', dr.pending.overLimit, dLink('pending.overLimit'));
  for (const k of ['supplements', 'refusals', 'apologies', 'withdrawals'] as const)
    set(`dossiers.${k}`, dr[k], dLink(k));
  set('dossiers.rated', dr.satisfaction.rated, dLink('satisfaction.rated'));
  set('dossiers.satisfied', dr.satisfaction.satisfied, dLink('satisfaction.satisfied'));
  set('dossiers.neutral', dr.satisfaction.neutral, dLink('satisfaction.neutral'));
  set('dossiers.unsatisfied', dr.satisfaction.unsatisfied, dLink('satisfaction.unsatisfied'));
  set('dossiers.percent_satisfied', dr.satisfaction.percentSatisfied, dLink('satisfaction.satisfied'));
  // phone filings returned by post: the phone list is the closest drill-down (equal when every phone filing
  // is returned by post, as in the demo)
  set(
    'dossiers.phone_with_post_return',
    await phoneWithPostReturn(db, win.from, win.to),
    dLink('received.phone_post'),
  );

  // --- receptions and petitions (REFERENCE §4)
  const pf = scopePetitionFilter(p, { ...win });
  const pt = await petitionReport(db, pf);
  const pLink = (metric: string): FigureLink => {
    const q = qs({ metric, from: win.from, to: win.to, asOf: win.asOf });
    const page = metric.startsWith('receptions.') ? '/receptions' : '/petitions';
    return { api: `/api/reports/petitions/items?${q}`, web: `${page}?${q}` };
  };
  set('receptions.sessions', pt.receptions.sessions, pLink('receptions.sessions'));
  set('receptions.persons', pt.receptions.persons, pLink('receptions.persons'));
  set('receptions.mass_delegations', pt.receptions.massDelegations, pLink('receptions.massDelegations'));
  const pp = pt.petitions;
  for (const k of [
    'received',
    'eligible',
    'ineligible',
    'pending',
    'forwarded',
    'guided',
    'urged',
    'resolved',
    'overdue',
  ] as const)
    set(`petitions.${k}`, pp[k], pLink(`petitions.${k}`));
  for (const k of ['complaint', 'denunciation', 'recommendation', 'feedback', 'land_dispute'] as const)
    set(`petitions.${k}`, pp.byKind[k], pLink(`petitions.byKind.${k}`));
  set(
    'petitions.recommendation_feedback',
    pp.byKind.recommendation + pp.byKind.feedback + pp.byKind.land_dispute,
  );
  // eligible petitions of a kind outside the five (e.g. mixed), so the kind rows add up to `eligible`
  const kindSum = (
    ['complaint', 'denunciation', 'recommendation', 'feedback', 'land_dispute'] as const
  ).reduce((s, k) => s + pp.byKind[k], 0);
  set('petitions.other_kind', pp.eligible - kindSum);

  // --- documents issued (REFERENCE §6)
  const docs = await issuedDocuments(db, period, t);
  set('documents.issued', docs.items.length);
  {
    // the registry's list with the Office as issuer (issuer symbol or code VP) is the list behind the figure
    const q = qs({ from: period.from, to: period.to, issuer: t.documentIssuers.office[0] });
    set('documents.issued.office', docs.office, { api: `/api/documents?${q}`, web: `/documents?${q}` });
  }
  set('documents.issued.committee', docs.committee);

  // --- tables (annexes; totals reconcile)
  const tables: ReportTable[] = [
    {
      id: 'tasks',
      title: {
        vi: `Tình hình thực hiện nhiệm vụ UBND tỉnh, Chủ tịch UBND tỉnh giao (giao từ ngày ${viBodyDate(tw.from)} đến ngày ${viBodyDate(tw.to)}, số liệu đến ngày ${viBodyDate(tw.asOf)})`,
        en: `Tasks assigned by the PPC and its Chairman (assigned ${vd(tw.from)}–${vd(tw.to)}, as of ${vd(tw.asOf)})`,
      },
      columns: [
        { vi: 'Tình trạng', en: 'Status' },
        { vi: 'Trong hạn', en: 'On time' },
        { vi: 'Quá hạn', en: 'Overdue' },
        { vi: 'Không có hạn', en: 'No deadline' },
        { vi: 'Tổng số', en: 'Total' },
      ],
      rows: taskRows,
      keys: taskKeys,
      totalRow: true,
      inBody: true,
    },
    {
      id: 'procedures',
      title: {
        vi: 'Thủ tục hành chính được công bố trong kỳ (theo ngày ký quyết định công bố)',
        en: 'Procedures published in the period (by decision date)',
      },
      columns: [
        { vi: 'Loại', en: 'Category' },
        { vi: 'Số TTHC', en: 'Procedures' },
      ],
      rows: [
        ['Mới ban hành', pr.byCategory.new],
        ['Sửa đổi, bổ sung', pr.byCategory.amended],
        ['Thay thế', pr.byCategory.replaced],
        ['Bãi bỏ', pr.byCategory.repealed],
        ['Tổng cộng', figures['procedures.published.total']!],
        ['Cắt giảm thời gian giải quyết', pr.timeCuts],
      ],
      keys: [
        [null, 'procedures.published.new'],
        [null, 'procedures.published.amended'],
        [null, 'procedures.published.replaced'],
        [null, 'procedures.published.repealed'],
        [null, 'procedures.published.total'],
        [null, 'procedures.time_cuts'],
      ],
      totalRow: false,
      inBody: false,
    },
    {
      id: 'dossiers',
      title: {
        vi: 'Hồ sơ TTHC tiếp nhận trong kỳ theo kênh tiếp nhận',
        en: 'Dossiers received in the period by channel',
      },
      columns: [
        { vi: 'Kênh tiếp nhận', en: 'Channel' },
        { vi: 'Số hồ sơ', en: 'Dossiers' },
      ],
      rows: [
        ['Trực tiếp', dr.received.byChannel.counter],
        ['Trực tuyến', dr.received.byChannel.online],
        ['Dịch vụ bưu chính', dr.received.byChannel.postal],
        ['Tổng đài điện thoại', dr.received.byChannel.phone],
        ['Tổng cộng', dr.received.total],
      ],
      keys: [
        [null, 'dossiers.received.counter'],
        [null, 'dossiers.received.online'],
        [null, 'dossiers.received.postal'],
        [null, 'dossiers.received.phone'],
        [null, 'dossiers.received.total'],
      ],
      totalRow: true,
      inBody: false,
    },
    {
      id: 'petitions',
      title: {
        vi: 'Đơn tiếp nhận trong kỳ theo loại (đơn đủ điều kiện xử lý) và đơn không đủ điều kiện',
        en: 'Petitions received in the period by kind (eligible) and ineligible',
      },
      columns: [
        { vi: 'Loại đơn', en: 'Kind' },
        { vi: 'Số đơn', en: 'Petitions' },
      ],
      rows: [
        ['Khiếu nại', pp.byKind.complaint],
        ['Tố cáo', pp.byKind.denunciation],
        ['Kiến nghị', pp.byKind.recommendation],
        ['Phản ánh', pp.byKind.feedback],
        ['Tranh chấp đất đai', pp.byKind.land_dispute],
        ['Loại khác', figures['petitions.other_kind']!],
        ['Không đủ điều kiện xử lý', pp.ineligible],
        ['Chưa phân loại', pp.pending],
        ['Tổng cộng', pp.received],
      ],
      keys: [
        [null, 'petitions.complaint'],
        [null, 'petitions.denunciation'],
        [null, 'petitions.recommendation'],
        [null, 'petitions.feedback'],
        [null, 'petitions.land_dispute'],
        [null, 'petitions.other_kind'],
        [null, 'petitions.ineligible'],
        [null, 'petitions.pending'],
        [null, 'petitions.received'],
      ],
      totalRow: true,
      inBody: false,
    },
  ];

  return {
    period,
    taskWindow: tw,
    asOf: period.to,
    templateId: t.id,
    header: await headerOf(db, t),
    figures,
    links,
    tables,
    documents: docs.items,
    narrative: input.narrative ?? {},
    computedAt: new Date().toISOString(),
  };
}

const vd = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
/**
 * A date in a Vietnamese caption, as the sentences of the body write it (template.formatDate, ND 30/2020):
 * day padded, month padded only for 1–2 — `15/9/2022`, `12/11/2021`, `28/01/2022`.
 */
const viBodyDate = (d: string) => {
  const m = Number(d.slice(5, 7));
  return `${d.slice(8, 10)}/${m < 3 ? String(m).padStart(2, '0') : m}/${d.slice(0, 4)}`;
};
