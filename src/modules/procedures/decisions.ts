/**
 * Publication decisions (quyết định công bố TTHC) and time-limit cuts (REFERENCE §3; ND 63/2010/NĐ-CP
 * Art 13–15 as amended by ND 92/2017/NĐ-CP).
 *
 * A decision has items `new | amended | replaced | repealed` (Art 14) and time cuts (old → new limit).
 * Creating it records it; applying it (once: a second apply is 409) turns it into catalogue versions valid
 * from its effective date, all in the caller's transaction:
 * - new → the procedure with version 1 from the effective date;
 * - amended → the next version from the effective date (the version in force ends the day before);
 * - replaced → the new code's version 1, and the replaced code ends the day before (status repealed);
 * - repealed → the procedure ends the day before the effective date (status repealed);
 * - time cut → a version from the effective date with the new limit for that channel.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { Tx } from '../../db/engine.ts';
import { queryRows } from '../../db/engine.ts';
import {
  agencies,
  procedureTimeCuts,
  procedureVersions,
  procedures,
  publicationDecisions,
  publicationItems,
} from '../../db/schema.ts';
import { AppError, conflict, notFound, type ErrorItem } from '../../kernel/errors.ts';
import { searchKey } from '../../kernel/text.ts';
import { shiftDate } from '../../kernel/calendar/dates.ts';
import type { Principal } from '../../kernel/auth/roles.ts';
import { recordAudit } from '../../kernel/audit/index.ts';
import { CatalogueBatch } from './catalogue.ts';
import type { LimitChannel, LimitUnit, ProcedureData } from './types.ts';
import { UNIT_LABELS } from './mapping.ts';

export const PUBLICATION_CATEGORIES = ['new', 'amended', 'replaced', 'repealed'] as const;
export type PublicationCategory = (typeof PUBLICATION_CATEGORIES)[number];

/** Pseudo agency for procedures of the (pre-2025) district level, e.g. household-business registration. */
export const DISTRICT_LEVEL = { code: 'CAP-HUYEN', name: 'Ủy ban nhân dân cấp huyện' } as const;

export interface DecisionItemInput {
  category: PublicationCategory;
  procedureCode: string;
  replacesCode?: string | null;
  /** the published record (new, replaced: required, with a name; amended: fields that change) */
  procedure?: Partial<ProcedureData> | null;
  /** department handling it (defaults to the decision's agency, else the record's) */
  agencyCode?: string | null;
}
export interface TimeCutInput {
  procedureCode: string;
  channel: LimitChannel;
  oldValue: number;
  oldUnit: LimitUnit;
  newValue: number;
  newUnit: LimitUnit;
}
export interface DecisionInput {
  numberSymbol: string;
  date: string;
  effectiveDate: string;
  signer?: string | null;
  basis?: string | null;
  agencyCode?: string | null;
  summary?: string | null;
  items: DecisionItemInput[];
  timeCuts?: TimeCutInput[];
  demo?: boolean;
}

const bad = (errors: ErrorItem[]) =>
  new AppError(400, errors[0]!.code, errors[0]!.message, errors[0]!.messageEn ?? '', errors[0]!.path, errors);

/**
 * Records a decision (not applied yet). 400 with every invalid field's path: amended/repealed need an
 * existing procedure; replaced needs `replacesCode` (existing) and a new code; a new code must not exist;
 * a code appears once per decision; a time cut needs new < old in the same unit; effective ≥ date − 0.
 * 409 when the number and date are already recorded. Returns the decision id.
 */
export async function createDecision(tx: Tx, actor: Principal | null, input: DecisionInput): Promise<string> {
  const errors: ErrorItem[] = [];
  const err = (code: string, path: string, vi: string, en: string) =>
    errors.push({ code, path, message: vi, messageEn: en });
  if (input.effectiveDate < input.date)
    err(
      'effective_before_date',
      'effectiveDate',
      'Ngày hiệu lực không được trước ngày ký.',
      'The effective date must not be before the decision date.',
    );
  if (input.items.length === 0 && !input.timeCuts?.length)
    err(
      'empty_decision',
      'items',
      'Quyết định phải có ít nhất một thủ tục.',
      'A decision needs at least one item.',
    );
  const codes = new Set<string>();
  for (const it of input.items) {
    codes.add(it.procedureCode);
    if (it.replacesCode) codes.add(it.replacesCode);
  }
  for (const c of input.timeCuts ?? []) codes.add(c.procedureCode);
  const existing = new Set(
    codes.size
      ? (
          await tx
            .select({ code: procedures.code })
            .from(procedures)
            .where(inArray(procedures.code, [...codes]))
        ).map((r) => r.code)
      : [],
  );
  const seen = new Set<string>();
  const created = new Set<string>();
  input.items.forEach((it, i) => {
    const p = `items.${i}`;
    if (seen.has(it.procedureCode))
      err(
        'duplicate_item',
        `${p}.procedureCode`,
        `Thủ tục ${it.procedureCode} xuất hiện hai lần trong quyết định.`,
        `Procedure ${it.procedureCode} appears twice in the decision.`,
      );
    seen.add(it.procedureCode);
    const exists = existing.has(it.procedureCode);
    if (it.category === 'new' || it.category === 'replaced') {
      if (exists)
        err(
          'procedure_exists',
          `${p}.procedureCode`,
          `Mã thủ tục ${it.procedureCode} đã có trong danh mục.`,
          `Procedure code ${it.procedureCode} already exists.`,
        );
      if (!it.procedure?.name)
        err(
          'procedure_required',
          `${p}.procedure.name`,
          'Thủ tục mới cần có tên và nội dung.',
          'A new procedure needs its record (at least a name).',
        );
      created.add(it.procedureCode);
    } else if (!exists) {
      err(
        'unknown_procedure',
        `${p}.procedureCode`,
        `Không có thủ tục ${it.procedureCode} trong danh mục.`,
        `No procedure ${it.procedureCode} in the catalogue.`,
      );
    }
    if (it.category === 'replaced') {
      if (!it.replacesCode)
        err(
          'replaces_required',
          `${p}.replacesCode`,
          'Thủ tục thay thế phải nêu mã thủ tục bị thay thế.',
          'A replacing procedure must name the code it replaces.',
        );
      else if (!existing.has(it.replacesCode))
        err(
          'unknown_procedure',
          `${p}.replacesCode`,
          `Không có thủ tục ${it.replacesCode} trong danh mục.`,
          `No procedure ${it.replacesCode} in the catalogue.`,
        );
    } else if (it.replacesCode) {
      err(
        'replaces_not_allowed',
        `${p}.replacesCode`,
        'Chỉ thủ tục thay thế mới có mã bị thay thế.',
        'Only a replacing item names a replaced code.',
      );
    }
    if (it.category === 'repealed' && it.procedure)
      err(
        'procedure_not_allowed',
        `${p}.procedure`,
        'Thủ tục bãi bỏ không kèm nội dung.',
        'A repealed item carries no record.',
      );
  });
  (input.timeCuts ?? []).forEach((c, i) => {
    const p = `timeCuts.${i}`;
    if (!existing.has(c.procedureCode) && !created.has(c.procedureCode))
      err(
        'unknown_procedure',
        `${p}.procedureCode`,
        `Không có thủ tục ${c.procedureCode} trong danh mục.`,
        `No procedure ${c.procedureCode} in the catalogue.`,
      );
    if (c.newUnit !== c.oldUnit)
      err(
        'unit_mismatch',
        `${p}.newUnit`,
        'Thời hạn mới và cũ phải cùng đơn vị.',
        'The new and old limits must have the same unit.',
      );
    else if (!(c.newValue < c.oldValue))
      err(
        'not_a_cut',
        `${p}.newValue`,
        'Thời hạn mới phải ngắn hơn thời hạn cũ.',
        'The new limit must be shorter than the old one.',
      );
  });
  if (errors.length) throw bad(errors);

  const dup = await tx
    .select({ id: publicationDecisions.id })
    .from(publicationDecisions)
    .where(
      and(
        // the same number and symbol whatever the case (QĐ-UBND = qđ-ubnd): one decision
        sql`upper(${publicationDecisions.numberSymbol}) = upper(${input.numberSymbol})`,
        eq(publicationDecisions.date, input.date),
      ),
    );
  if (dup.length)
    throw conflict(
      'decision_exists',
      `Quyết định ${input.numberSymbol} ngày ${input.date} đã được ghi nhận.`,
      `Decision ${input.numberSymbol} of ${input.date} is already recorded.`,
      'numberSymbol',
    );

  const id = randomUUID();
  await tx.insert(publicationDecisions).values({
    id,
    numberSymbol: input.numberSymbol,
    date: input.date,
    effectiveDate: input.effectiveDate,
    signer: input.signer ?? null,
    basis: input.basis ?? null,
    agencyCode: input.agencyCode ?? null,
    summary: input.summary ?? null,
    demo: input.demo ?? false,
    searchKey: searchKey(input.numberSymbol, input.summary),
    createdBy: actor?.id ?? null,
  });
  if (input.items.length)
    for (let i = 0; i < input.items.length; i += 200)
      await tx.insert(publicationItems).values(
        input.items.slice(i, i + 200).map((it, k) => ({
          id: randomUUID(),
          decisionId: id,
          seq: i + k + 1,
          category: it.category,
          procedureCode: it.procedureCode,
          replacesCode: it.replacesCode ?? null,
          agencyCode: it.agencyCode ?? input.agencyCode ?? null,
          field: it.procedure?.field ?? null,
          data: it.procedure ?? null,
        })),
      );
  // time cuts are stored with the decision, and their effect (a version) on apply
  if (input.timeCuts?.length)
    await tx.insert(procedureTimeCuts).values(
      input.timeCuts.map((c) => ({
        id: randomUUID(),
        decisionId: id,
        procedureCode: c.procedureCode,
        channel: c.channel,
        oldValue: c.oldValue,
        oldUnit: c.oldUnit,
        newValue: c.newValue,
        newUnit: c.newUnit,
        effectiveDate: input.effectiveDate,
      })),
    );
  await recordAudit(tx, {
    actor,
    entityType: 'publication_decision',
    entityId: id,
    action: 'create',
    data: {
      numberSymbol: input.numberSymbol,
      items: input.items.length,
      timeCuts: input.timeCuts?.length ?? 0,
    },
  });
  return id;
}

/** A full record from a partial one (new and replaced items). */
function completeData(code: string, p: Partial<ProcedureData>, agencyCode: string | null): ProcedureData {
  return {
    code,
    name: p.name!,
    field: p.field ?? null,
    levels: p.levels ?? ['province'],
    agencyCode: p.agencyCode ?? agencyCode,
    agencyName: p.agencyName ?? null,
    coordinatingAgencies: p.coordinatingAgencies ?? [],
    timeLimits: p.timeLimits ?? [],
    fees: p.fees ?? [],
    components: p.components ?? [],
    results: p.results ?? [],
    steps: p.steps ?? [],
    interAgency: p.interAgency ?? [],
    onlineLevel: p.onlineLevel ?? null,
    legalBasis: p.legalBasis ?? [],
    applicants: p.applicants ?? [],
    conditions: p.conditions ?? null,
    fisheries: p.fisheries ?? false,
    sourceUrl: p.sourceUrl ?? null,
  };
}

/**
 * Applies decision `id`: catalogue versions from its effective date (module docstring), in `tx`.
 * 404 unknown; 409 `already_applied` when applied before (the row is locked, so two applies at once give
 * one success and one 409); 409 when the catalogue changed since it was recorded (e.g. a code now exists).
 */
export async function applyDecision(tx: Tx, actor: Principal | null, id: string): Promise<void> {
  await applyDecisions(tx, actor, [id]);
}

/**
 * Applies several decisions in one pass, in order of effective date then decision date (same rules as
 * `applyDecision`; one load and one write for all of them: the demo applies the seed's decisions so).
 */
export async function applyDecisions(tx: Tx, actor: Principal | null, ids: string[]): Promise<void> {
  if (!ids.length) return;
  const idList = sql.join(
    ids.map((i) => sql`${i}::uuid`),
    sql`, `,
  );
  const ds = await queryRows<{
    id: string;
    applied: boolean;
    effective: string;
    date: string;
    agency: string | null;
  }>(
    tx,
    sql`SELECT id, applied_at IS NOT NULL AS applied, effective_date::text AS effective, date::text AS date,
          agency_code AS agency
        FROM publication_decisions WHERE id IN (${idList}) ORDER BY effective_date, date, number_symbol FOR UPDATE`,
  );
  if (ds.length !== new Set(ids).size) throw notFound('quyết định công bố / publication decision');
  if (ds.some((d) => d.applied))
    throw conflict(
      'already_applied',
      'Quyết định này đã được áp dụng.',
      'This decision was already applied.',
    );
  const allItems = await tx
    .select()
    .from(publicationItems)
    .where(inArray(publicationItems.decisionId, ids))
    .orderBy(asc(publicationItems.seq));
  const allCuts = await tx.select().from(procedureTimeCuts).where(inArray(procedureTimeCuts.decisionId, ids));
  const codes = [
    ...allItems.flatMap((i) => [i.procedureCode, ...(i.replacesCode ? [i.replacesCode] : [])]),
    ...allCuts.map((c) => c.procedureCode),
  ];
  const batch = await CatalogueBatch.load(tx, codes);
  const versionOf = new Map<string, string>();
  for (const d of ds) {
    const items = allItems.filter((i) => i.decisionId === d.id);
    const cuts = allCuts.filter((c) => c.decisionId === d.id);
    const eff = d.effective;
    const opts = { decisionId: d.id, createdBy: actor?.id ?? null };
    for (const it of items) {
      const p = (it.data ?? null) as Partial<ProcedureData> | null;
      switch (it.category) {
        case 'new':
        case 'replaced': {
          if (it.category === 'replaced' && it.replacesCode) batch.end(it.replacesCode, shiftDate(eff, -1));
          const v = batch.create(
            completeData(it.procedureCode, p ?? {}, it.agencyCode ?? d.agency),
            eff,
            opts,
          );
          versionOf.set(it.id, v.id);
          break;
        }
        case 'amended': {
          const v = batch.newVersion(
            it.procedureCode,
            eff,
            (old) => ({ ...old, ...(p ?? {}), code: old.code }),
            opts,
          );
          versionOf.set(it.id, v.id);
          break;
        }
        case 'repealed':
          versionOf.set(it.id, batch.end(it.procedureCode, shiftDate(eff, -1)).id);
          break;
      }
    }
    for (const c of cuts) {
      batch.newVersion(
        c.procedureCode,
        eff,
        (data) => {
          const entry = data.timeLimits.find((t) => t.channel === c.channel);
          if (!entry || entry.value !== c.oldValue || entry.unit !== c.oldUnit)
            throw conflict(
              'time_cut_mismatch',
              `Thời hạn hiện hành của thủ tục ${c.procedureCode} (${c.channel}) không khớp thời hạn cũ của quyết định.`,
              `The limit in force of ${c.procedureCode} (${c.channel}) differs from the decision's old limit.`,
            );
          entry.value = c.newValue;
          entry.unit = c.newUnit as LimitUnit;
          entry.text = `${c.newValue} ${UNIT_LABELS[c.newUnit as LimitUnit]}`;
          entry.needsReview = false;
          return data;
        },
        opts,
      );
    }
  }
  await batch.flush();
  if (versionOf.size) {
    const pairs = [...versionOf].map(([itemId, vId]) => sql`(${itemId}::uuid, ${vId}::uuid)`);
    await tx.execute(
      sql`UPDATE publication_items AS i SET version_id = x.v FROM (VALUES ${sql.join(pairs, sql`, `)}) AS x(id, v) WHERE i.id = x.id`,
    );
  }
  await tx
    .update(publicationDecisions)
    .set({ appliedAt: new Date() })
    .where(inArray(publicationDecisions.id, ids));
  for (const d of ds)
    await recordAudit(tx, {
      actor,
      entityType: 'publication_decision',
      entityId: d.id,
      action: 'apply',
      data: {
        items: allItems.filter((i) => i.decisionId === d.id).length,
        timeCuts: allCuts.filter((c) => c.decisionId === d.id).length,
        effectiveDate: d.effective,
      },
    });
}

// --- reads ---

export interface DecisionSummary {
  id: string;
  numberSymbol: string;
  date: string;
  effectiveDate: string;
  signer: string | null;
  basis: string | null;
  agencyCode: string | null;
  summary: string | null;
  appliedAt: string | null;
  demo: boolean;
  counts: { new: number; amended: number; replaced: number; repealed: number; timeCuts: number };
}

/** Decisions dated in [from, to] (by decision date), newest first. */
export async function listDecisions(tx: Tx, from: string, to: string): Promise<DecisionSummary[]> {
  const ds = await tx
    .select()
    .from(publicationDecisions)
    .where(and(gte(publicationDecisions.date, from), lte(publicationDecisions.date, to)))
    .orderBy(sql`${publicationDecisions.date} DESC, ${publicationDecisions.numberSymbol}`);
  if (!ds.length) return [];
  const ids = ds.map((d) => d.id);
  const ic = await queryRows<{ id: string; category: string; n: number }>(
    tx,
    sql`SELECT decision_id AS id, category, count(*)::int AS n FROM publication_items
        WHERE decision_id IN (${sql.join(
          ids.map((i) => sql`${i}::uuid`),
          sql`, `,
        )}) GROUP BY 1, 2`,
  );
  const cc = await queryRows<{ id: string; n: number }>(
    tx,
    sql`SELECT decision_id AS id, count(DISTINCT procedure_code)::int AS n FROM procedure_time_cuts
        WHERE decision_id IN (${sql.join(
          ids.map((i) => sql`${i}::uuid`),
          sql`, `,
        )}) GROUP BY 1`,
  );
  return ds.map((d) => {
    const counts = { new: 0, amended: 0, replaced: 0, repealed: 0, timeCuts: 0 };
    for (const r of ic) if (r.id === d.id) counts[r.category as PublicationCategory] = Number(r.n);
    counts.timeCuts = Number(cc.find((r) => r.id === d.id)?.n ?? 0);
    return {
      ...decisionHeader(d),
      counts,
    };
  });
}

/** The fields of a decision shown in lists and in its detail. */
function decisionHeader(d: typeof publicationDecisions.$inferSelect) {
  return {
    id: d.id,
    numberSymbol: d.numberSymbol,
    date: d.date,
    effectiveDate: d.effectiveDate,
    signer: d.signer,
    basis: d.basis,
    agencyCode: d.agencyCode,
    summary: d.summary,
    appliedAt: d.appliedAt ? d.appliedAt.toISOString() : null,
    demo: d.demo,
  };
}

/** One decision with its items and time cuts; 404 if unknown. */
export async function decisionDetail(tx: Tx, id: string) {
  const [d] = await tx.select().from(publicationDecisions).where(eq(publicationDecisions.id, id));
  if (!d) throw notFound('quyết định công bố / publication decision');
  const items = await queryRows<{
    seq: number;
    category: string;
    procedureCode: string;
    replacesCode: string | null;
    agencyCode: string | null;
    name: string | null;
    version: number | null;
  }>(
    tx,
    sql`SELECT i.seq, i.category, i.procedure_code AS "procedureCode", i.replaces_code AS "replacesCode",
          i.agency_code AS "agencyCode", coalesce(i.data->>'name', p.name) AS name, v.version
        FROM publication_items i
        LEFT JOIN procedures p ON p.code = i.procedure_code
        LEFT JOIN procedure_versions v ON v.id = i.version_id
        WHERE i.decision_id = ${id} ORDER BY i.seq`,
  );
  const cuts = await tx
    .select({
      procedureCode: procedureTimeCuts.procedureCode,
      channel: procedureTimeCuts.channel,
      oldValue: procedureTimeCuts.oldValue,
      oldUnit: procedureTimeCuts.oldUnit,
      newValue: procedureTimeCuts.newValue,
      newUnit: procedureTimeCuts.newUnit,
    })
    .from(procedureTimeCuts)
    .where(eq(procedureTimeCuts.decisionId, id))
    .orderBy(asc(procedureTimeCuts.procedureCode), asc(procedureTimeCuts.channel));
  return {
    ...decisionHeader(d),
    items: items.map((i) => ({
      ...i,
      seq: Number(i.seq),
      version: i.version === null ? null : Number(i.version),
    })),
    timeCuts: cuts,
  };
}

// --- report (REFERENCE §3 "Statistics") ---

export const REPORT_CATEGORIES = [...PUBLICATION_CATEGORIES, 'time_cut'] as const;
export type ReportCategory = (typeof REPORT_CATEGORIES)[number];

export interface ReportItem {
  decisionId: string;
  numberSymbol: string;
  date: string;
  effectiveDate: string;
  category: ReportCategory;
  procedureCode: string;
  procedureName: string | null;
  replacesCode: string | null;
  agencyCode: string | null;
}

/**
 * Every item (and every time-cut procedure: one per decision and procedure, whatever the channels) of the
 * decisions whose **decision date** (ngày ký) is in [from, to]. The report and its drill-down both come
 * from this one list, so the figures equal the lists' lengths.
 */
export async function reportItems(
  tx: Tx,
  q: { from: string; to: string; category?: ReportCategory; agency?: string },
): Promise<ReportItem[]> {
  const items = await queryRows<ReportItem>(
    tx,
    sql`SELECT d.id AS "decisionId", d.number_symbol AS "numberSymbol", d.date::text AS date,
          d.effective_date::text AS "effectiveDate", i.category, i.procedure_code AS "procedureCode",
          coalesce(i.data->>'name', p.name) AS "procedureName", i.replaces_code AS "replacesCode",
          coalesce(i.agency_code, d.agency_code) AS "agencyCode"
        FROM publication_items i
        JOIN publication_decisions d ON d.id = i.decision_id
        LEFT JOIN procedures p ON p.code = i.procedure_code
        WHERE d.date BETWEEN ${q.from}::date AND ${q.to}::date
        UNION ALL
        SELECT DISTINCT d.id, d.number_symbol, d.date::text, d.effective_date::text, 'time_cut',
          c.procedure_code, p.name, NULL, d.agency_code
        FROM procedure_time_cuts c
        JOIN publication_decisions d ON d.id = c.decision_id
        LEFT JOIN procedures p ON p.code = c.procedure_code
        WHERE d.date BETWEEN ${q.from}::date AND ${q.to}::date`,
  );
  return items
    .filter(
      (i) => (!q.category || i.category === q.category) && (!q.agency || (i.agencyCode ?? '') === q.agency),
    )
    .sort(
      (a, b) =>
        a.date.localeCompare(b.date) ||
        a.numberSymbol.localeCompare(b.numberSymbol) ||
        a.category.localeCompare(b.category) ||
        a.procedureCode.localeCompare(b.procedureCode),
    );
}

/**
 * `{ from, to, basis: 'decision_date', byCategory: { new, amended, replaced, repealed }, timeCuts,
 * byAgency: [{ agencyCode, agencyName, new, amended, replaced, repealed, timeCuts }] }` for decisions dated in
 * [from, to]. An item counts for its own agency (the decision's agency when the item names none).
 */
export async function procedureReport(tx: Tx, from: string, to: string) {
  const items = await reportItems(tx, { from, to });
  const byCategory = { new: 0, amended: 0, replaced: 0, repealed: 0 };
  let timeCuts = 0;
  const per = new Map<
    string,
    { new: number; amended: number; replaced: number; repealed: number; timeCuts: number }
  >();
  for (const i of items) {
    const key = i.agencyCode ?? '';
    let row = per.get(key);
    if (!row) per.set(key, (row = { new: 0, amended: 0, replaced: 0, repealed: 0, timeCuts: 0 }));
    if (i.category === 'time_cut') {
      timeCuts++;
      row.timeCuts++;
    } else {
      byCategory[i.category]++;
      row[i.category]++;
    }
  }
  const codes = [...per.keys()].filter((k) => k);
  const names = new Map<string, string>(
    codes.length
      ? (
          await tx
            .select({ code: agencies.code, name: agencies.name })
            .from(agencies)
            .where(inArray(agencies.code, codes))
        ).map((a) => [a.code, a.name])
      : [],
  );
  names.set(DISTRICT_LEVEL.code, DISTRICT_LEVEL.name);
  const byAgency = [...per]
    .map(([code, c]) => ({
      agencyCode: code || null,
      agencyName: code ? (names.get(code) ?? code) : 'Không xác định',
      ...c,
    }))
    .sort((a, b) => (a.agencyCode ?? '~').localeCompare(b.agencyCode ?? '~'));
  return { from, to, basis: 'decision_date' as const, byCategory, timeCuts, byAgency };
}

/** Versions of a procedure, oldest first, with the decision that made each. 404 if the code is unknown. */
export async function procedureVersionList(tx: Tx, code: string) {
  const [p] = await tx.select({ code: procedures.code }).from(procedures).where(eq(procedures.code, code));
  if (!p) throw notFound('thủ tục / procedure', 'code');
  return queryRows<{
    version: number;
    validFrom: string;
    validTo: string | null;
    needsReview: boolean;
    decisionId: string | null;
    decision: string | null;
    name: string;
    agencyCode: string | null;
  }>(
    tx,
    sql`SELECT v.version, v.valid_from::text AS "validFrom", v.valid_to::text AS "validTo",
          v.needs_review AS "needsReview", v.decision_id AS "decisionId", d.number_symbol AS decision,
          v.data->>'name' AS name, v.data->>'agencyCode' AS "agencyCode"
        FROM ${procedureVersions} v LEFT JOIN publication_decisions d ON d.id = v.decision_id
        WHERE v.procedure_code = ${code} ORDER BY v.valid_from, v.version`,
  );
}
