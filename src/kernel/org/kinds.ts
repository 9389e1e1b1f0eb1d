/** Kinds of agencies (cơ quan, đơn vị) — shared by the server and the UI. */
export const AGENCY_KINDS = [
  'committee',
  'chairman',
  'vice_chairman',
  'department',
  'board',
  'district',
  'commune',
  'office_unit',
  'other',
] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];
