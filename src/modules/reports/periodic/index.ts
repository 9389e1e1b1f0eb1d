/**
 * The periodic report module (issue 6; REFERENCE §5): reporting periods (ND 09/2019/NĐ-CP art. 12,
 * TT 06/2025/TT-TTCP), the report assembled from the modules, its template, drafts and snapshots.
 * The exports (docx.ts, xlsx.ts, pdf.ts) and jobs live beside it and use these.
 */
export * from './types.ts';
export { reportingPeriods, reportingPeriod, customPeriod, periodOf, periodKey, viDate } from './periods.ts';
export type { PeriodSpec } from './periods.ts';
export { periodicReport, taskWindowOf } from './figures.ts';
export type { PeriodicReportInput } from './figures.ts';
export {
  fillTemplate,
  fillTitle,
  fillText,
  formatDate,
  formatNumber,
  getTemplate,
  listTemplates,
  narrativeSlots,
  nextPeriodLabel,
  DEFAULT_TEMPLATE_ID,
} from './template.ts';
export type { FilledBlock, FilledPart, PeriodicTemplate } from './template.ts';
export {
  canonicalJson,
  createSnapshot,
  getDraft,
  getSnapshot,
  listSnapshots,
  putDraft,
  reportHash,
  snapshotDiff,
} from './snapshots.ts';
export type { ReportDraft, SnapshotDiffOut, SnapshotSummary } from './snapshots.ts';
export { RichDocSchema, RichNodeSchema, NarrativeSchema, checkNarrative, RICH_LIMITS } from './schemas.ts';
export { periodicReportRoutes, PERIODIC_REPORT_ROLES } from './routes.ts';
