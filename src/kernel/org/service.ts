/**
 * Organisation over time (REFERENCE §0, §8): agencies with validity intervals and successor links.
 * Since 2025-07-01 Vietnam has two tiers of local government (Luật 72/2025/QH15): districts end on
 * 2025-06-30 and communes are merged; successor links record where each unit went.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { queryRows, type Db, type Tx } from '../../db/engine.ts';
import { agencies, agencySuccessions } from '../../db/schema.ts';
import { nfc, searchKey, likePattern } from '../text.ts';
import { badRequest } from '../errors.ts';

import { AGENCY_KINDS, type AgencyKind } from './kinds.ts';
export { AGENCY_KINDS, type AgencyKind };

export interface AgencySeed {
  code: string;
  name: string;
  nameEn?: string | null;
  kind: AgencyKind;
  parent: string | null;
  validFrom: string;
  validTo: string | null;
  successors: { code: string; kind: 'merge' | 'rename' | 'split'; date: string }[];
  demo?: boolean;
}

export interface AgencyOut {
  code: string;
  name: string;
  nameEn: string | null;
  kind: string;
  parent: string | null;
  validFrom: string;
  validTo: string | null;
  successors: { code: string; kind: string; date: string }[];
  demo: boolean;
}

/** Inserts agencies and their successor links (used by demo data and the organisation import). */
export async function insertAgencies(tx: Tx, seeds: AgencySeed[]): Promise<void> {
  const rows = seeds.map((s) => ({
    code: s.code,
    name: nfc(s.name),
    nameEn: s.nameEn ?? null,
    kind: s.kind,
    parentCode: s.parent,
    validFrom: s.validFrom,
    validTo: s.validTo,
    demo: s.demo ?? false,
    searchKey: searchKey(s.code, s.name, s.nameEn),
  }));
  for (let i = 0; i < rows.length; i += 500) await tx.insert(agencies).values(rows.slice(i, i + 500));
  const links = seeds.flatMap((s) =>
    s.successors.map((l) => ({
      predecessorCode: s.code,
      successorCode: l.code,
      kind: l.kind,
      effectiveDate: l.date,
    })),
  );
  for (let i = 0; i < links.length; i += 500)
    await tx
      .insert(agencySuccessions)
      .values(links.slice(i, i + 500))
      .onConflictDoNothing();
}

export interface AgencyFilter {
  /** only agencies valid on this date (YYYY-MM-DD, Asia/Ho_Chi_Minh) */
  at?: string;
  kind?: string;
  q?: string;
  parent?: string;
}

/** Lists agencies with successor links, ordered by kind then Vietnamese name. */
export async function listAgencies(db: Tx, f: AgencyFilter = {}): Promise<AgencyOut[]> {
  const conds = [];
  if (f.at)
    conds.push(
      sql`${agencies.validFrom} <= ${f.at} AND (${agencies.validTo} IS NULL OR ${agencies.validTo} >= ${f.at})`,
    );
  if (f.kind) conds.push(eq(agencies.kind, f.kind));
  if (f.parent) conds.push(eq(agencies.parentCode, f.parent));
  if (f.q) conds.push(sql`${agencies.searchKey} LIKE ${likePattern(f.q)}`);
  const rows = await db
    .select()
    .from(agencies)
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(asc(agencies.code));
  const codes = rows.map((r) => r.code);
  const links = codes.length
    ? await db.select().from(agencySuccessions).where(inArray(agencySuccessions.predecessorCode, codes))
    : [];
  const byPred = new Map<string, { code: string; kind: string; date: string }[]>();
  for (const l of links) {
    const arr = byPred.get(l.predecessorCode) ?? [];
    arr.push({ code: l.successorCode, kind: l.kind, date: l.effectiveDate });
    byPred.set(l.predecessorCode, arr);
  }
  const kindOrder = new Map<string, number>(AGENCY_KINDS.map((k, i) => [k, i]));
  const collator = new Intl.Collator('vi');
  return rows
    .map((r) => ({
      code: r.code,
      name: r.name,
      nameEn: r.nameEn,
      kind: r.kind,
      parent: r.parentCode,
      validFrom: r.validFrom,
      validTo: r.validTo,
      successors: byPred.get(r.code) ?? [],
      demo: r.demo,
    }))
    .sort((a, b) => kindOrder.get(a.kind)! - kindOrder.get(b.kind)! || collator.compare(a.name, b.name));
}

export async function getAgency(db: Tx, code: string) {
  const [a] = await db.select().from(agencies).where(eq(agencies.code, code));
  return a ?? null;
}

/** The agency if it exists and is valid on `date`; else a 400 naming `path`. */
export async function requireAgencyOn(db: Tx, code: string, date: string, path: string) {
  const a = await getAgency(db, code);
  if (!a)
    throw badRequest('unknown_agency', `Không có cơ quan mã ${code}.`, `No agency with code ${code}.`, path);
  if (a.validFrom > date || (a.validTo !== null && a.validTo < date)) {
    throw badRequest(
      'agency_not_valid_on_date',
      `Cơ quan ${code} không tồn tại vào ngày ${date.split('-').reverse().join('/')}.`,
      `Agency ${code} did not exist on ${date}.`,
      path,
    );
  }
  return a;
}

/** code → name for a set of codes. */
export async function agencyNames(db: Tx, codes: string[]): Promise<Map<string, string>> {
  if (!codes.length) return new Map();
  const rows = await db
    .select({ code: agencies.code, name: agencies.name })
    .from(agencies)
    .where(inArray(agencies.code, codes));
  return new Map(rows.map((r) => [r.code, r.name]));
}

export async function agencyCount(db: Db): Promise<number> {
  const r = await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM agencies`);
  return Number(r[0]!.n);
}
