/**
 * Dossier read models: the staff list, the staff detail and the public look-up (no personal data unless
 * the check digits match). Instants are ISO 8601 with `+07:00`; dates `YYYY-MM-DD` (Asia/Ho_Chi_Minh).
 */
import { and, asc, desc, eq, gte, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../db/engine.ts';
import {
  agencies,
  dossierEvents,
  dossierFiles,
  dossierPayments,
  dossierRatings,
  dossiers,
  dossierSteps,
  receivingBodies,
} from '../../db/schema.ts';
import type { Principal } from '../../kernel/auth/roles.ts';
import { hasAnyRole, OFFICE_ROLES } from '../../kernel/auth/roles.ts';
import { endOfDay, hcmDateTime } from '../../kernel/calendar/index.ts';
import { likePattern } from '../../kernel/text.ts';
import { apologyKept, dueDateOf, isoDeadline, isoHcm, pendingState } from './fold.ts';
import { allowedActions, type DossierRow } from './service.ts';
import {
  CENTRE_ROLES,
  NATIONAL_STATUS_CODE,
  OPEN_STATUSES,
  PAUSED_STATUSES,
  STATUS_LABELS,
  type DossierStatus,
} from './rules.ts';

export interface ListQuery {
  q?: string;
  status?: string;
  channel?: string;
  agency?: string;
  procedure?: string;
  /** received on/after (YYYY-MM-DD) */
  from?: string;
  /** received on/before (YYYY-MM-DD) */
  to?: string;
  /** true: open and past the appointment in force now */
  overdue?: boolean;
  page: number;
  pageSize: number;
}

/** The scope filter of a principal: office roles and admin all; centre roles their body; agencies theirs. */
export function scopeFilter(p: Principal): SQL | undefined {
  if (hasAnyRole(p, OFFICE_ROLES)) return undefined;
  const agency = p.agencyCode ?? '\u0000';
  if (hasAnyRole(p, CENTRE_ROLES))
    return sql`(${dossiers.receivingBodyCode} = ${agency} OR ${dossiers.processingAgencyCode} = ${agency})`;
  return eq(dossiers.processingAgencyCode, agency);
}

const statusInfo = (status: string) => ({
  status,
  statusLabel: STATUS_LABELS[status as DossierStatus] ?? { vi: status, en: status },
  nationalStatus: NATIONAL_STATUS_CODE[status as DossierStatus] ?? null,
});

function listItem(r: DossierRow, now: Date) {
  const a = r.applicant as { name: string };
  return {
    code: r.code,
    era: r.era,
    procedureCode: r.procedureCode,
    procedureName: r.procedureName,
    channel: r.channel,
    ...statusInfo(r.status),
    applicantName: a.name,
    receivingBodyCode: r.receivingBodyCode,
    processingAgencyCode: r.processingAgencyCode,
    receivedAt: isoHcm(r.receivedAt),
    appointmentAt: isoDeadline(r.appointmentAt),
    appointmentDate: r.appointmentAt ? dueDateOf(r.appointmentAt) : null,
    apologyAt: isoDeadline(r.apologyAt),
    resolvedAt: isoHcm(r.resolvedAt),
    timeliness: r.timeliness,
    pending: pendingState(r, now),
    returnMethod: r.returnMethod,
    version: r.version,
  };
}

/**
 * `GET /api/dossiers`: filters AND-ed; received dates in Asia/Ho_Chi_Minh; `q` matches the code, the
 * applicant's name, phone and ID (case- and diacritics-blind); newest first.
 * @returns `{ items, total, page, pageSize }`
 */
export async function listDossiers(tx: Tx, p: Principal, q: ListQuery, now = new Date()) {
  const conds: (SQL | undefined)[] = [scopeFilter(p)];
  if (q.q) conds.push(sql`${dossiers.searchKey} LIKE ${likePattern(q.q)}`);
  if (q.status) conds.push(inArray(dossiers.status, q.status.split(',')));
  if (q.channel) conds.push(eq(dossiers.channel, q.channel));
  if (q.agency) conds.push(eq(dossiers.processingAgencyCode, q.agency));
  if (q.procedure) conds.push(eq(dossiers.procedureCode, q.procedure));
  if (q.from) conds.push(gte(dossiers.receivedAt, hcmDateTime(q.from, '00:00')));
  if (q.to) conds.push(lt(dossiers.receivedAt, endOfDay(q.to)));
  if (q.overdue === true)
    conds.push(
      and(
        isNull(dossiers.closedAt),
        // paused clocks (supplement, financial obligation) are not overdue (same rule as pendingState)
        inArray(
          dossiers.status,
          OPEN_STATUSES.filter((x) => !PAUSED_STATUSES.includes(x)),
        ),
        lt(dossiers.appointmentAt, now),
      ),
    );
  const where = and(...conds.filter((c): c is SQL => !!c));
  const [{ total } = { total: 0 }] = await tx
    .select({ total: sql<number>`count(*)::int` })
    .from(dossiers)
    .where(where);
  const rows = await tx
    .select()
    .from(dossiers)
    .where(where)
    .orderBy(desc(dossiers.receivedAt), desc(dossiers.code))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return { items: rows.map((r) => listItem(r, now)), total, page: q.page, pageSize: q.pageSize };
}

async function agencyNames(tx: Tx, codes: (string | null)[]) {
  const list = [...new Set(codes.filter((c): c is string => !!c))];
  if (!list.length) return new Map<string, string>();
  const rows = await tx
    .select({ code: agencies.code, name: agencies.name })
    .from(agencies)
    .where(inArray(agencies.code, list));
  return new Map(rows.map((r) => [r.code, r.name]));
}

const stepOut = (s: typeof dossierSteps.$inferSelect, names: Map<string, string>, staff: boolean) => ({
  seq: s.seq,
  kind: s.kind,
  name: s.name,
  agencyCode: s.agencyCode,
  agencyName: s.agencyCode ? (names.get(s.agencyCode) ?? null) : null,
  startedAt: isoHcm(s.startedAt),
  dueAt: isoDeadline(s.dueAt),
  finishedAt: isoHcm(s.finishedAt),
  result: s.result,
  ...(staff ? { handedBy: s.handedBy, receivedBy: s.receivedBy, note: s.note } : {}),
});

/** A dossier's events, control-sheet steps and payments, each in order (one reader for detail and forms). */
export async function dossierHistory(tx: Tx, dossierId: string) {
  const events = await tx
    .select()
    .from(dossierEvents)
    .where(eq(dossierEvents.dossierId, dossierId))
    .orderBy(asc(dossierEvents.seq));
  const steps = await tx
    .select()
    .from(dossierSteps)
    .where(eq(dossierSteps.dossierId, dossierId))
    .orderBy(asc(dossierSteps.seq));
  const payments = await tx
    .select()
    .from(dossierPayments)
    .where(eq(dossierPayments.dossierId, dossierId))
    .orderBy(asc(dossierPayments.at));
  return { events, steps, payments };
}

/** Staff detail: everything + events + steps + payments + files (metadata) + rating + allowed actions. */
export async function dossierDetail(tx: Tx, p: Principal, row: DossierRow, now = new Date()) {
  const { events, steps, payments } = await dossierHistory(tx, row.id);
  const files = await tx
    .select({
      id: dossierFiles.id,
      kind: dossierFiles.kind,
      componentIndex: dossierFiles.componentIndex,
      name: dossierFiles.name,
      mime: dossierFiles.mime,
      size: dossierFiles.size,
      sha256: dossierFiles.sha256,
      createdAt: dossierFiles.createdAt,
    })
    .from(dossierFiles)
    .where(eq(dossierFiles.dossierId, row.id))
    .orderBy(asc(dossierFiles.createdAt));
  // the rater's identity is never shown (ND 61/2018 Art 27)
  const ratings = await tx
    .select({
      channel: dossierRatings.channel,
      vote: dossierRatings.vote,
      indices: dossierRatings.indices,
      score: dossierRatings.score,
      comment: dossierRatings.comment,
      at: dossierRatings.at,
    })
    .from(dossierRatings)
    .where(eq(dossierRatings.dossierId, row.id));
  const body = await tx
    .select()
    .from(receivingBodies)
    .where(eq(receivingBodies.agencyCode, row.receivingBodyCode));
  const names = await agencyNames(tx, [
    row.receivingBodyCode,
    row.processingAgencyCode,
    ...steps.map((s) => s.agencyCode),
  ]);
  return buildDetail(p, row, { events, steps, payments, files, ratings, body: body[0], names }, now);
}

export interface DetailParts {
  events: (typeof dossierEvents.$inferSelect)[];
  steps: (typeof dossierSteps.$inferSelect)[];
  payments: (typeof dossierPayments.$inferSelect)[];
  files: Omit<typeof dossierFiles.$inferSelect, 'data' | 'dossierId' | 'createdBy'>[];
  ratings: Pick<
    typeof dossierRatings.$inferSelect,
    'channel' | 'vote' | 'indices' | 'score' | 'comment' | 'at'
  >[];
  body: typeof receivingBodies.$inferSelect | undefined;
  /** agency code → name */
  names: Map<string, string>;
}

/** The staff detail from loaded parts (pure). */
export function buildDetail(p: Principal, row: DossierRow, parts: DetailParts, now = new Date()) {
  const { events, steps, payments, files, ratings, body, names } = parts;
  return {
    ...listItem(row, now),
    id: row.id,
    procedureVersionId: row.procedureVersionId,
    field: row.field,
    receivingBody: {
      code: row.receivingBodyCode,
      name: body?.name ?? names.get(row.receivingBodyCode) ?? null,
      identifier: body?.identifier ?? null,
      demoIdentifier: body?.demo ?? null,
    },
    processingAgencyName: row.processingAgencyCode ? (names.get(row.processingAgencyCode) ?? null) : null,
    applicant: row.applicant,
    representative: row.representative,
    components: row.components,
    startDate: row.startDate,
    timeLimit: row.timeLimit,
    firstAppointmentAt: isoDeadline(row.firstAppointmentAt),
    apologyDate: row.apologyAt ? dueDateOf(row.apologyAt) : null,
    apologyKept: apologyKept(row),
    returnedAt: isoHcm(row.returnedAt),
    closedAt: isoHcm(row.closedAt),
    fee: row.fee,
    postal: row.postal,
    demo: row.demo,
    codeFormat: { format: 'tt01-2018', verified: row.era === 'nd61' },
    events: events.map((e) => ({
      seq: e.seq,
      type: e.type,
      at: isoHcm(e.at),
      actorName: e.actorName,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      note: e.note,
      data: e.data,
    })),
    steps: steps.map((s) => stepOut(s, names, true)),
    payments: payments.map((x) => ({
      id: x.id,
      amount: x.amount,
      status: x.status,
      receiptNumber: x.receiptNumber,
      provider: x.provider,
      stage: x.stage,
      at: isoHcm(x.at),
    })),
    files: files.map((f) => ({ ...f, createdAt: isoHcm(f.createdAt) })),
    rating: ratings[0] ? { ...ratings[0], at: isoHcm(ratings[0].at) } : null,
    allowedActions: allowedActions(p, row, steps.filter((s) => !s.finishedAt).length),
  };
}

const digits = (s: string | null | undefined) => (s ?? '').replace(/\D/g, '');

/** Whether `check` equals the last 4 digits of the applicant's phone or ID number. */
export function checkDigitsMatch(applicant: { phone?: string; idNumber?: string }, check?: string | null) {
  if (!check || !/^\d{4}$/.test(check)) return false;
  const phone = digits(applicant.phone);
  const id = digits(applicant.idNumber);
  return (phone.length >= 4 && phone.endsWith(check)) || (id.length >= 4 && id.endsWith(check));
}

/** A phone number with all but the last 3 digits masked, e.g. `0905123456` → `*******456`. */
export const maskPhone = (phone: string) => {
  const d = digits(phone);
  return d.length <= 3 ? '***' : '*'.repeat(d.length - 3) + d.slice(-3);
};

interface PublicStepJson {
  seq: number;
  kind: string;
  name: string;
  agencyCode: string | null;
  agencyName: string | null;
  startedAt: string;
  dueAt: string | null;
  finishedAt: string | null;
  result: string | null;
}

/** The look-up query: the row, its steps (with agency names) and the processing agency's name. */
function buildPublicDossierQuery(tx: Tx) {
  return tx
    .select({
      row: dossiers,
      steps: sql<PublicStepJson[]>`(SELECT coalesce(json_agg(json_build_object(
          'seq', s.seq, 'kind', s.kind, 'name', s.name, 'agencyCode', s.agency_code, 'agencyName', a.name,
          'startedAt', s.started_at, 'dueAt', s.due_at, 'finishedAt', s.finished_at, 'result', s.result)
          ORDER BY s.seq), '[]'::json)
        FROM dossier_steps s LEFT JOIN agencies a ON a.code = s.agency_code
        WHERE s.dossier_id = "dossiers"."id")`,
      agencyName: sql<
        string | null
      >`(SELECT ag.name FROM agencies ag WHERE ag.code = "dossiers"."processing_agency_code")`,
      bodyName: sql<string | null>`(SELECT coalesce(
          (SELECT rb.name FROM receiving_bodies rb WHERE rb.agency_code = "dossiers"."receiving_body_code"),
          (SELECT ag.name FROM agencies ag WHERE ag.code = "dossiers"."receiving_body_code")))`,
    })
    .from(dossiers)
    .where(eq(dossiers.code, sql.placeholder('code')))
    .prepare('public_dossier_lookup');
}
const preparedLookups = new WeakMap<object, ReturnType<typeof buildPublicDossierQuery>>();
const publicDossierQuery = (tx: Tx) => {
  let q = preparedLookups.get(tx);
  if (!q) preparedLookups.set(tx, (q = buildPublicDossierQuery(tx)));
  return q;
};

/**
 * Public look-up (no login): status (ours, the national code 1–10 and the Vietnamese label), procedure,
 * receipt and appointment, steps with dates (no officer names), return info. Personal data (name and
 * masked phone) only when `check` = last 4 digits of the applicant's phone or ID number. `null` when the
 * code is unknown.
 */
export async function publicDossier(tx: Tx, code: string, check?: string | null) {
  // ONE query, prepared once per connection pool (parse and plan skipped on the hot public path)
  const [found] = await publicDossierQuery(tx).execute({ code });
  if (!found) return null;
  const row = found.row;
  const steps = (typeof found.steps === 'string' ? JSON.parse(found.steps) : found.steps) as PublicStepJson[];
  const date = (x: string | null) => (x ? new Date(x) : null);
  const a = row.applicant as { name: string; phone: string; idNumber: string };
  const ok = checkDigitsMatch(a, check);
  const postal = row.postal as { itemCode: string; sentOn: string; deliveredOn: string | null } | null;
  return {
    code: row.code,
    ...statusInfo(row.status),
    procedureCode: row.procedureCode,
    procedureName: row.procedureName,
    channel: row.channel,
    receivedAt: isoHcm(row.receivedAt),
    appointmentAt: isoDeadline(row.appointmentAt),
    appointmentDate: row.appointmentAt ? dueDateOf(row.appointmentAt) : null,
    apologyDate: row.apologyAt ? dueDateOf(row.apologyAt) : null,
    processingAgencyName: found.agencyName ?? null,
    receivingBodyName: found.bodyName ?? null,
    resolvedAt: isoHcm(row.resolvedAt),
    timeliness: row.timeliness,
    steps: steps.map((s) => ({
      seq: s.seq,
      kind: s.kind,
      name: s.name,
      agencyCode: s.agencyCode,
      agencyName: s.agencyName,
      startedAt: isoHcm(date(s.startedAt)),
      dueAt: isoDeadline(date(s.dueAt)),
      finishedAt: isoHcm(date(s.finishedAt)),
      result: s.result,
    })),
    returned: row.returnedAt
      ? {
          at: isoHcm(row.returnedAt),
          method: row.returnMethod,
          postal: postal
            ? { itemCode: postal.itemCode, sentOn: postal.sentOn, deliveredOn: postal.deliveredOn }
            : null,
        }
      : null,
    returnMethod: row.returnMethod,
    verified: ok,
    applicant: ok ? { name: a.name, phone: maskPhone(a.phone) } : null,
  };
}
