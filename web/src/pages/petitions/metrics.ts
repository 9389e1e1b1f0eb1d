/** Report figures (GET /api/reports/petitions) and their drill-down names (`metric` of /items). */
export const REPORT_KINDS = [
  'complaint',
  'denunciation',
  'recommendation',
  'feedback',
  'land_dispute',
] as const;

/** `petitions.byKind.complaint` → a label in the UI language. */
export function metricLabel(
  metric: string,
  t: (k: never) => string,
  kindLabel: (k: string) => string,
  reasonLabel: (k: string) => string,
): string {
  const [group, name, sub] = metric.split('.');
  const tr = t as unknown as (k: string) => string;
  if (group === 'receptions' && name) return tr(`pet.report.${name}`);
  if (group === 'distinctMatters') return tr('pet.report.distinctMatters');
  if (name === 'byKind' && sub) return `${tr('pet.report.eligible')} · ${kindLabel(sub)}`;
  if (name === 'ineligibleByReason' && sub) return `${tr('pet.report.ineligible')} · ${reasonLabel(sub)}`;
  return name ? tr(`pet.report.${name}`) : metric;
}

export interface DrillItem {
  id: string;
  code: string;
  date: string | null;
  kind: string | null;
  status: string | null;
  eligibility: string | null;
  reason: string | null;
  channel: string | null;
  handlingAgencyCode: string | null;
  headcount: number | null;
  massDelegation: boolean | null;
  petitions: number | null;
}
