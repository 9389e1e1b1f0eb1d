/**
 * Catalogue reads (issue 4 §1, §8 API contract). Every read is "as of" a date (`at`, `YYYY-MM-DD`,
 * Asia/Ho_Chi_Minh, default today): the version in force that day.
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/engine.ts';
import { queryRows } from '../../db/engine.ts';
import { notFound } from '../../kernel/errors.ts';
import { compareVi, searchKey } from '../../kernel/text.ts';
import { toHcmDate } from '../../kernel/calendar/dates.ts';
import type { ProcedureData, TimeLimitEntry } from './types.ts';

export interface ProcedureListQuery {
  q?: string;
  field?: string;
  level?: string;
  agency?: string;
  fisheries?: boolean;
  needsReview?: boolean;
  fisheriesFirst?: boolean;
  at?: string;
  page: number;
  pageSize: number;
}

export interface ProcedureListItem {
  code: string;
  name: string;
  field: string | null;
  level: string | null;
  agency: string | null;
  agencyName: string | null;
  fisheries: boolean;
  needsReview: boolean;
  timeLimits: TimeLimitEntry[];
}

/** The level shown for a record with several: province before commune before the rest. */
export function primaryLevel(levels: string[]): string | null {
  for (const l of ['province', 'commune', 'ministry', 'other']) if (levels.includes(l)) return l;
  return levels[0] ?? null;
}

interface Row {
  code: string;
  key: string;
  name: string;
  field: string | null;
  levels: string[] | null;
  agency: string | null;
  agencyName: string | null;
  fisheries: boolean;
  needsReview: boolean;
  timeLimits: TimeLimitEntry[] | null;
}

/**
 * Procedures in force on `at` → `{ items, total }`. `q` ignores case and diacritics ("tau ca" finds
 * "tàu cá"); every word must occur in the code or the name, or `q` is a prefix of the code. Order: with
 * `fisheriesFirst`, fisheries procedures first; then relevance (code prefix, name starts with `q`, a word
 * of the name starts with `q`'s first word, anything else); then name in Vietnamese order.
 */
export async function listProcedures(tx: Tx, q: ProcedureListQuery) {
  const at = q.at ?? toHcmDate(new Date());
  const rows = await queryRows<Row>(
    tx,
    sql`SELECT p.code, p.search_key AS key, v.data->>'name' AS name, v.data->>'field' AS field,
          v.data->'levels' AS levels, v.data->>'agencyCode' AS agency, v.data->>'agencyName' AS "agencyName",
          coalesce((v.data->>'fisheries')::boolean, false) AS fisheries, v.needs_review AS "needsReview",
          v.data->'timeLimits' AS "timeLimits"
        FROM procedure_versions v JOIN procedures p ON p.code = v.procedure_code
        WHERE v.valid_from <= ${at}::date AND (v.valid_to IS NULL OR v.valid_to >= ${at}::date)
          ${q.field ? sql`AND v.data->>'field' = ${q.field}` : sql``}
          ${q.agency ? sql`AND v.data->>'agencyCode' = ${q.agency}` : sql``}
          ${q.level ? sql`AND v.data->'levels' @> ${JSON.stringify([q.level])}::jsonb` : sql``}
          ${q.fisheries !== undefined ? sql`AND coalesce((v.data->>'fisheries')::boolean, false) = ${q.fisheries}` : sql``}
          ${q.needsReview !== undefined ? sql`AND v.needs_review = ${q.needsReview}` : sql``}`,
  );
  const term = q.q ? searchKey(q.q) : '';
  const words = term ? term.split(' ') : [];
  const rank = (r: Row): number => {
    if (!term) return 0;
    if (r.code.startsWith(term)) return 0;
    const name = r.key.slice(r.code.length + 1);
    if (name.startsWith(term)) return 1;
    if ((' ' + name).includes(' ' + term)) return 2;
    if ((' ' + name).includes(' ' + words[0]!)) return 3;
    return 4;
  };
  const hits = rows
    .filter((r) => !term || r.code.startsWith(term) || words.every((w) => r.key.includes(w)))
    .map((r) => ({ r, rank: rank(r) }));
  hits.sort(
    (a, b) =>
      (q.fisheriesFirst ? Number(b.r.fisheries) - Number(a.r.fisheries) : 0) ||
      a.rank - b.rank ||
      compareVi(a.r.name, b.r.name) ||
      a.r.code.localeCompare(b.r.code),
  );
  const start = (q.page - 1) * q.pageSize;
  const items: ProcedureListItem[] = hits.slice(start, start + q.pageSize).map(({ r }) => ({
    code: r.code,
    name: r.name,
    field: r.field,
    level: primaryLevel(r.levels ?? []),
    agency: r.agency,
    agencyName: r.agencyName,
    fisheries: r.fisheries,
    needsReview: r.needsReview,
    timeLimits: r.timeLimits ?? [],
  }));
  return { items, total: hits.length, at };
}

/**
 * One procedure as in force on `at` (the detail shape of the API contract), or 404 when the code is
 * unknown. A code known but not in force that day (not yet published, or repealed) is also 404 (path `at`).
 */
export async function procedureDetail(tx: Tx, code: string, at?: string) {
  const day = at ?? toHcmDate(new Date());
  const versions = await queryRows<{
    version: number;
    validFrom: string;
    validTo: string | null;
    needsReview: boolean;
    data: ProcedureData;
    status: string;
    decision: string | null;
  }>(
    tx,
    sql`SELECT v.version, v.valid_from::text AS "validFrom", v.valid_to::text AS "validTo",
          v.needs_review AS "needsReview", v.data, p.status, d.number_symbol AS decision
        FROM procedure_versions v JOIN procedures p ON p.code = v.procedure_code
        LEFT JOIN publication_decisions d ON d.id = v.decision_id
        WHERE v.procedure_code = ${code} ORDER BY v.valid_from`,
  );
  if (!versions.length) throw notFound('thủ tục / procedure', 'code');
  const v = versions.find((x) => x.validFrom <= day && (x.validTo === null || x.validTo >= day));
  if (!v)
    throw notFound(`thủ tục ${code} có hiệu lực ngày ${day} / procedure ${code} in force on ${day}`, 'at');
  const d = v.data;
  return {
    code,
    name: d.name,
    field: d.field,
    level: primaryLevel(d.levels),
    levels: d.levels,
    agency: d.agencyCode,
    agencyName: d.agencyName,
    coordinatingAgencies: d.coordinatingAgencies,
    timeLimits: d.timeLimits,
    fees: d.fees,
    components: d.components,
    results: d.results,
    steps: d.steps,
    interAgency: d.interAgency,
    onlineLevel: d.onlineLevel,
    legalBasis: d.legalBasis,
    applicants: d.applicants,
    conditions: d.conditions,
    fisheries: d.fisheries,
    sourceUrl: d.sourceUrl,
    version: Number(v.version),
    validFrom: v.validFrom,
    validTo: v.validTo,
    /** the procedure's status today: 'active' | 'repealed' */
    status: v.status,
    needsReview: v.needsReview,
    at: day,
    versions: versions.map((x) => ({
      version: Number(x.version),
      validFrom: x.validFrom,
      validTo: x.validTo,
      decision: x.decision,
      needsReview: x.needsReview,
    })),
  };
}

/** Fields of the procedures in force on `at`, with counts, in Vietnamese order. */
export async function procedureFields(tx: Tx, at?: string) {
  const day = at ?? toHcmDate(new Date());
  const rows = await queryRows<{ field: string; count: number }>(
    tx,
    sql`SELECT v.data->>'field' AS field, count(*)::int AS count FROM procedure_versions v
        WHERE v.valid_from <= ${day}::date AND (v.valid_to IS NULL OR v.valid_to >= ${day}::date)
          AND v.data->>'field' IS NOT NULL
        GROUP BY 1`,
  );
  return {
    items: rows
      .map((r) => ({ field: r.field, count: Number(r.count) }))
      .sort((a, b) => compareVi(a.field, b.field)),
  };
}
