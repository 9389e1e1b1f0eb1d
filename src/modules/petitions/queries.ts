/**
 * Petition read models: the list, the detail and the overdue list. Every one shows identities only in
 * their redacted form (`redactSigners`, `redactText` of identity.ts): a denouncer's identity never
 * appears here, whoever asks — `GET /api/petitions/{id}/identity` with a grant is the one way to it.
 * Instants are ISO 8601 with `+07:00`; dates `YYYY-MM-DD` (Asia/Ho_Chi_Minh).
 */
import { and, asc, desc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../db/engine.ts';
import { petitionDeadlines, petitionEvents, petitions } from '../../db/schema.ts';
import type { Principal } from '../../kernel/auth/roles.ts';
import { toHcmDate } from '../../kernel/calendar/index.ts';
import { likePattern } from '../../kernel/text.ts';
import { identitiesOf, liveGrant, redactSigners, redactText, type IdentityRow } from './identity.ts';
import { KIND_LABELS, ROLE_SCOPE, STATUS_LABELS, type PetitionKind, type PetitionStatus } from './rules.ts';
import { allowedActions, type PetitionRow } from './service.ts';

/** Re-exported from the calendar kernel (one implementation). */
import { isoHcm } from '../../kernel/calendar/dates.ts';
export { isoHcm };

/** The scope filter of a principal: admin, reception roles, office_leader all; petition_handler its agency. */
export function scopeFilter(p: Principal): SQL | undefined {
  if (p.roles.some((r) => ROLE_SCOPE[r] === 'all' || ROLE_SCOPE[r] === 'read_all')) return undefined;
  if (p.roles.some((r) => ROLE_SCOPE[r] === 'own_agency') && p.agencyCode)
    return eq(petitions.handlingAgencyCode, p.agencyCode);
  return sql`false`;
}

export interface PetitionListQuery {
  q?: string;
  status?: string;
  kind?: string;
  agency?: string;
  eligibility?: string;
  from?: string;
  to?: string;
  overdue?: boolean;
  page: number;
  pageSize: number;
}

const overdueSql = (today: string) =>
  sql`EXISTS (SELECT 1 FROM petition_deadlines d WHERE d.petition_id = ${petitions.id} AND d.state = 'open' AND d.due_date < ${today})`;

const labels = (r: Pick<PetitionRow, 'status' | 'kind'>) => ({
  statusLabel: STATUS_LABELS[r.status as PetitionStatus] ?? { vi: r.status, en: r.status },
  kindLabel: KIND_LABELS[r.kind as PetitionKind] ?? { vi: r.kind, en: r.kind },
});

function item(
  r: PetitionRow,
  ids: IdentityRow[],
  next: { clock: string; dueDate: string } | null,
  today: string,
) {
  const content = redactText(r.content, ids) ?? '';
  return {
    id: r.id,
    code: r.code,
    kind: r.kind,
    status: r.status,
    ...labels(r),
    channel: r.channel,
    level: r.level,
    receivedAt: isoHcm(r.receivedAt),
    receivedDate: r.receivedDate,
    agencyCode: r.agencyCode,
    handlingAgencyCode: r.handlingAgencyCode,
    eligibility: r.eligibility,
    ineligibleReason: r.ineligibleReason,
    confidential: r.confidential,
    signerCount: r.signerCount,
    signers: redactSigners(ids),
    content: content.length > 300 ? `${content.slice(0, 300)}…` : content,
    respondent: redactText(r.respondent, ids),
    parentId: r.parentId,
    duplicateOfId: r.duplicateOfId,
    repeatCount: r.repeatCount,
    nextDeadline: next,
    overdue: !!next && next.dueDate < today,
    version: r.version,
  };
}

/**
 * `GET /api/petitions`: filters AND-ed; `q` is case- and diacritics-blind over the code, the content and
 * the respondent with every signer's identity cut out (search never matches an identity); `overdue=true`:
 * an open clock whose last day is before today (Asia/Ho_Chi_Minh); newest first.
 * @returns `{ items, total, page, pageSize }`
 */
export async function listPetitions(tx: Tx, p: Principal, q: PetitionListQuery, now = new Date()) {
  const today = toHcmDate(now);
  const conds: (SQL | undefined)[] = [scopeFilter(p)];
  if (q.q) conds.push(sql`${petitions.searchKey} LIKE ${likePattern(q.q)}`);
  if (q.status) conds.push(inArray(petitions.status, q.status.split(',')));
  if (q.kind) conds.push(eq(petitions.kind, q.kind));
  if (q.agency) conds.push(eq(petitions.handlingAgencyCode, q.agency));
  if (q.eligibility) conds.push(eq(petitions.eligibility, q.eligibility));
  if (q.from) conds.push(gte(petitions.receivedDate, q.from));
  if (q.to) conds.push(lte(petitions.receivedDate, q.to));
  if (q.overdue === true) conds.push(overdueSql(today));
  if (q.overdue === false) conds.push(sql`NOT ${overdueSql(today)}`);
  const where = and(...conds.filter((c): c is SQL => !!c));
  const [{ total } = { total: 0 }] = await tx
    .select({ total: sql<number>`count(*)::int` })
    .from(petitions)
    .where(where);
  const rows = await tx
    .select()
    .from(petitions)
    .where(where)
    .orderBy(desc(petitions.receivedAt), desc(petitions.code))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const ids = rows.map((r) => r.id);
  const idents = await identitiesOf(tx, ids);
  const nexts = new Map<string, { clock: string; dueDate: string }>();
  if (ids.length) {
    const dl = await tx
      .select({
        petitionId: petitionDeadlines.petitionId,
        clock: petitionDeadlines.clock,
        dueDate: petitionDeadlines.dueDate,
      })
      .from(petitionDeadlines)
      .where(and(inArray(petitionDeadlines.petitionId, ids), eq(petitionDeadlines.state, 'open')))
      .orderBy(asc(petitionDeadlines.dueDate));
    for (const d of dl)
      if (!nexts.has(d.petitionId)) nexts.set(d.petitionId, { clock: d.clock, dueDate: d.dueDate });
  }
  return {
    items: rows.map((r) => item(r, idents.get(r.id) ?? [], nexts.get(r.id) ?? null, today)),
    total: Number(total),
    page: q.page,
    pageSize: q.pageSize,
  };
}

/**
 * The detail of a petition (the caller checked the principal may see it): the list fields, the whole
 * (redacted) content, the history, the clocks, the parent and children of a split, the original and the
 * confirmed duplicates, the actions the principal may take now and whether it holds an identity grant.
 */
export async function petitionDetail(tx: Tx, p: Principal, row: PetitionRow, now = new Date()) {
  const today = toHcmDate(now);
  const ids = (await identitiesOf(tx, [row.id])).get(row.id) ?? [];
  const events = await tx
    .select()
    .from(petitionEvents)
    .where(eq(petitionEvents.petitionId, row.id))
    .orderBy(asc(petitionEvents.seq));
  const deadlines = await tx
    .select()
    .from(petitionDeadlines)
    .where(eq(petitionDeadlines.petitionId, row.id))
    .orderBy(asc(petitionDeadlines.startDate), asc(petitionDeadlines.dueDate));
  const rel = (where: SQL) =>
    tx
      .select({ id: petitions.id, code: petitions.code, kind: petitions.kind, status: petitions.status })
      .from(petitions)
      .where(where)
      .orderBy(asc(petitions.code));
  const children = await rel(eq(petitions.parentId, row.id));
  const duplicates = await rel(eq(petitions.duplicateOfId, row.id));
  const parent = row.parentId ? ((await rel(eq(petitions.id, row.parentId)))[0] ?? null) : null;
  const original = row.duplicateOfId ? ((await rel(eq(petitions.id, row.duplicateOfId)))[0] ?? null) : null;
  const open = deadlines.filter((d) => d.state === 'open').sort((a, b) => (a.dueDate < b.dueDate ? -1 : 1));
  const next = open[0] ? { clock: open[0].clock, dueDate: open[0].dueDate } : null;
  const grant = row.confidential ? await liveGrant(tx, row.id, p.id) : null;
  return {
    ...item(row, ids, next, today),
    content: redactText(row.content, ids) ?? '',
    complex: row.complex,
    remoteArea: row.remoteArea,
    ruleVersion: row.ruleVersion,
    respondentAgencyCode: row.respondentAgencyCode,
    eligibilityNote: redactText(row.eligibilityNote, ids),
    receptionId: row.receptionId,
    result: row.result,
    resolvedAt: isoHcm(row.resolvedAt),
    closedAt: isoHcm(row.closedAt),
    events: events.map((e) => ({
      seq: e.seq,
      type: e.type,
      at: isoHcm(e.at),
      actorName: e.actorName,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      note: redactText(e.note, ids),
      documentId: e.documentId,
      data: e.data,
    })),
    deadlines: deadlines.map((d) => ({
      id: d.id,
      clock: d.clock,
      startDate: d.startDate,
      dueDate: d.dueDate,
      limit: d.limit,
      source: d.source,
      state: d.state,
      metAt: isoHcm(d.metAt),
      agencyCode: d.agencyCode,
      overdue: d.state === 'open' && d.dueDate < today,
    })),
    parent,
    children,
    duplicateOf: original,
    duplicates,
    allowedActions: allowedActions(p, row),
    identityAccess: { confidential: row.confidential, granted: !row.confidential || !!grant },
  };
}

/**
 * `GET /api/petitions/overdue`: open clocks whose last day is before `asOf` (default today,
 * Asia/Ho_Chi_Minh), grouped by the body the clock belongs to (`petition_deadlines.agency_code`), within
 * the principal's scope; `agency` narrows to one body.
 * @returns `{ asOf, total, agencies: [{ agencyCode, count, items: [{ id, code, kind, status, clock, dueDate, daysOverdue }] }] }`
 */
export async function overduePetitions(
  tx: Tx,
  p: Principal,
  q: { agency?: string; asOf?: string },
  now = new Date(),
) {
  const asOf = q.asOf ?? toHcmDate(now);
  const conds: (SQL | undefined)[] = [
    scopeFilter(p),
    eq(petitionDeadlines.state, 'open'),
    sql`${petitionDeadlines.dueDate} < ${asOf}`,
  ];
  if (q.agency) conds.push(eq(petitionDeadlines.agencyCode, q.agency));
  const rows = await tx
    .select({
      id: petitions.id,
      code: petitions.code,
      kind: petitions.kind,
      status: petitions.status,
      clock: petitionDeadlines.clock,
      dueDate: petitionDeadlines.dueDate,
      agencyCode: petitionDeadlines.agencyCode,
      days: sql<number>`(${asOf}::date - ${petitionDeadlines.dueDate})::int`,
    })
    .from(petitionDeadlines)
    .innerJoin(petitions, eq(petitions.id, petitionDeadlines.petitionId))
    .where(and(...conds.filter((c): c is SQL => !!c)))
    .orderBy(asc(petitionDeadlines.agencyCode), asc(petitionDeadlines.dueDate), asc(petitions.code))
    .limit(5000);
  const by = new Map<string, { agencyCode: string; count: number; items: unknown[] }>();
  for (const r of rows) {
    const k = r.agencyCode ?? '';
    const g = by.get(k) ?? { agencyCode: k, count: 0, items: [] };
    g.count++;
    g.items.push({
      id: r.id,
      code: r.code,
      kind: r.kind,
      status: r.status,
      clock: r.clock,
      dueDate: r.dueDate,
      daysOverdue: Number(r.days),
    });
    by.set(k, g);
  }
  return { asOf, total: rows.length, agencies: [...by.values()] };
}
