/**
 * Petition commands (issue 5 items 2, 3, 5, 7; REFERENCE §4). Each command runs in ONE transaction given by
 * the caller: validate, lock, apply the pure fold (`fold.ts`), write the current row, append one
 * `petition_events` row per event (append-only; never an identity in it), write the clocks
 * (`petition_deadlines`) and the identities (`party_identities`, apart from the case). Nothing is
 * half-written.
 *
 * - `receivePetition` — intake (status `received`), clocks of the rule version of the receipt date,
 *   duplicate suggestions (`findDuplicateCandidates`, duplicates.ts).
 * - `takePetitionAction` — one action of PETITION_TRANSITIONS (role × scope × kind × from-status as data).
 * - `importPetitions` — bulk histories (demo, benchmarks): the same fold, multi-row inserts.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { bulkInsert, queryRows, type Tx } from '../../db/engine.ts';
import { agencies, partyIdentities, petitionDeadlines, petitionEvents, petitions } from '../../db/schema.ts';
import type { Principal, Role } from '../../kernel/auth/roles.ts';
import { hasAnyRole } from '../../kernel/auth/roles.ts';
import { toHcmDate, type CalendarSnapshot } from '../../kernel/calendar/index.ts';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../kernel/errors.ts';
import { nfc } from '../../kernel/text.ts';
import { agencyInForce } from './agencies.ts';
import {
  contactSignerIndex,
  noticePetitionCitizen,
  petitionActionNotice,
  petitionConsentRecord,
  requireCitizenAddress,
  type CitizenNotifyInput,
} from '../notifications/citizen.ts';
import { intakeClocks, ruleVersion, ruleVersionOn, type ClockDeadline } from './clocks.ts';
import { contentKey, findDuplicateCandidates, type DuplicateCandidate } from './duplicates.ts';
import {
  applyPetitionAction,
  openDeadline,
  PetitionRuleError,
  type DeadlineState,
  type FoldEvent,
  type PetitionActionBody,
  type PetitionState,
  type SplitChild,
} from './fold.ts';
import {
  identitiesOf,
  identityRows,
  markConfidential,
  petitionSearchKey,
  redactText,
  type SignerInput,
} from './identity.ts';
import {
  CONFIDENTIAL_KINDS,
  RECEPTION_BOARD,
  RECEPTION_ROLES,
  ROLE_SCOPE,
  PETITION_TRANSITIONS,
  transitionFor,
  type PetitionChannel,
  type PetitionKind,
  type PetitionStatus,
  type PetitionTransition,
} from './rules.ts';

export type PetitionRow = typeof petitions.$inferSelect;
export type PetitionEventRow = typeof petitionEvents.$inferSelect;
export type PetitionDeadlineRow = typeof petitionDeadlines.$inferSelect;

/** What the commands need besides the transaction: the calendar snapshot and "now". */
export interface PetitionCtx {
  cal: CalendarSnapshot;
  now?: Date;
}

/** Intake input (the API contract of `POST /api/petitions`). */
export interface PetitionInput {
  /** ISO datetime with offset (or a Date); default now; never in the future */
  receivedAt?: string | Date | null;
  channel: PetitionChannel;
  kind: PetitionKind;
  signers: SignerInput[];
  content: string;
  respondent?: string | null;
  respondentAgencyCode?: string | null;
  /** complaints: 1 (default) or 2 */
  level?: number | null;
  remoteArea?: boolean;
  complex?: boolean;
  /** denunciation checks at several sites: 10 working days instead of 7 (Luật TC 2018 Art 24) */
  multiSite?: boolean;
  receptionId?: string | null;
  /** index in `signers` of the representative (several signers, Luật TCD Art 29) */
  representativeIndex?: number | null;
  note?: string | null;
  /**
   * notices (received, forwarded, accepted, result) on this channel, only with consent, to the representative's
   * (else the first signer's) phone / e-mail (issue 7; notifications/citizen.ts)
   */
  notify?: CitizenNotifyInput | null;
}

/** The deadlines as the intake answer shows them. */
export const deadlineOut = (
  d: Pick<ClockDeadline, 'clock' | 'dueDate' | 'limit' | 'source' | 'startDate'>,
) => ({
  clock: d.clock,
  startDate: d.startDate,
  dueDate: d.dueDate,
  limit: d.limit,
  source: d.source,
});

// ---------------------------------------------------------------------------------------------------
// Errors

/** Converts a fold error to the HTTP error (prefixing its path). */
export function toAppError(e: unknown, prefix = ''): unknown {
  if (e instanceof PetitionRuleError)
    return new AppError(
      e.status,
      e.code,
      e.messageVi,
      e.messageEn,
      prefix ? `${prefix}.${e.path ?? 'action'}` : e.path,
    );
  return e;
}
const rethrow = (e: unknown, prefix = ''): never => {
  throw toAppError(e, prefix);
};

// ---------------------------------------------------------------------------------------------------
// Intake (pure part shared by receivePetition, split and importPetitions)

const yearOf = (date: string) => date.slice(0, 4);
/** Counter prefix of the province's petition register per year. */
export const codePrefix = (date: string) => `petition:${yearOf(date)}`;
/** Register code `DON-YYYY-NNNNN`. */
export const petitionCode = (date: string, n: number) => `DON-${yearOf(date)}-${String(n).padStart(5, '0')}`;

/** The identifying fields of an identity row (for redaction and copies). */
const idFields = (x: typeof partyIdentities.$inferInsert) => ({
  name: x.name ?? null,
  idNumber: x.idNumber ?? null,
  address: x.address ?? null,
  phone: x.phone ?? null,
  email: x.email ?? null,
  confidential: x.confidential ?? false,
});

interface Built {
  state: PetitionState;
  row: typeof petitions.$inferInsert;
  identities: (typeof partyIdentities.$inferInsert)[];
  event: FoldEvent;
}

function validateIntake(input: PetitionInput, receivedAt: Date, now: Date, path = ''): string {
  const p = (f: string) => (path ? `${path}.${f}` : f);
  if (Number.isNaN(receivedAt.getTime()))
    throw badRequest('invalid_datetime', 'Ngày giờ không hợp lệ.', 'Invalid datetime.', p('receivedAt'));
  if (receivedAt.getTime() > now.getTime() + 60_000)
    throw badRequest(
      'received_in_future',
      'Thời điểm tiếp nhận không được ở tương lai.',
      'receivedAt may not be in the future.',
      p('receivedAt'),
    );
  const date = toHcmDate(receivedAt);
  const v = ruleVersionOn(date);
  if (!v)
    throw badRequest(
      'no_rule_version',
      'Không có bộ quy tắc thời hạn cho ngày tiếp nhận này (từ 01/01/2019).',
      'No petition rule version covers this receipt date (rules start on 2019-01-01).',
      p('receivedAt'),
    );
  if (!nfc(input.content))
    throw badRequest('required', 'Cần nội dung đơn.', 'The content is required.', p('content'));
  if (input.level != null && input.kind !== 'complaint')
    throw badRequest(
      'level_only_complaint',
      'Cấp giải quyết chỉ dành cho khiếu nại.',
      'level applies to complaints only.',
      p('level'),
    );
  const ri = input.representativeIndex;
  if (ri != null && (ri < 0 || ri >= input.signers.length))
    throw badRequest(
      'invalid_representative_index',
      'Người đại diện phải là một trong những người ký đơn.',
      'representativeIndex must point to one of the signers.',
      p('representativeIndex'),
    );
  const ci = contactSignerIndex(ri);
  requireCitizenAddress(
    input.notify,
    input.signers[ci],
    input.signers.length
      ? { phone: p(`signers.${ci}.phone`), email: p(`signers.${ci}.email`) }
      : { phone: p('notify.channel'), email: p('notify.channel') },
  );
  return v.id;
}

/** Builds the row, identities, clocks and first event of an intake (no I/O). */
function buildIntake(
  cal: CalendarSnapshot,
  input: PetitionInput,
  o: {
    id?: string;
    receivedAt: Date;
    ruleVersion: string;
    code: string;
    agencyCode: string;
    actorId: string | null;
    demo: boolean;
    parent?: { id: string; code: string } | null;
    confidential?: boolean;
  },
): Built {
  const id = o.id ?? randomUUID();
  const version = ruleVersion(o.ruleVersion);
  const level = input.kind === 'complaint' ? (input.level ?? 1) : null;
  const confidential = o.confidential ?? CONFIDENTIAL_KINDS.includes(input.kind);
  const content = nfc(input.content);
  const respondent = input.respondent ? nfc(input.respondent) || null : null;
  const identities = identityRows(id, input.signers, confidential, input.representativeIndex ?? null);
  const deadlines: DeadlineState[] = intakeClocks(
    cal,
    version,
    { kind: input.kind, level, multiSite: input.multiSite },
    o.receivedAt,
  ).map((d) => openDeadline(d, o.agencyCode));
  const state: PetitionState = {
    id,
    status: 'received',
    kind: input.kind,
    level,
    complex: !!input.complex,
    remoteArea: !!input.remoteArea,
    eligibility: 'pending',
    ineligibleReason: null,
    eligibilityNote: null,
    agencyCode: o.agencyCode,
    handlingAgencyCode: o.agencyCode,
    confidential,
    duplicateOfId: null,
    ruleVersion: o.ruleVersion,
    receivedAt: o.receivedAt,
    result: null,
    resolvedAt: null,
    closedAt: null,
    version: 1,
    deadlines,
  };
  const row: typeof petitions.$inferInsert = {
    id,
    code: o.code,
    agencyCode: o.agencyCode,
    receivedAt: o.receivedAt,
    receivedDate: toHcmDate(o.receivedAt),
    channel: input.channel,
    kind: input.kind,
    level,
    remoteArea: !!input.remoteArea,
    complex: !!input.complex,
    content,
    contentKey: contentKey(content),
    respondent,
    respondentAgencyCode: input.respondentAgencyCode ?? null,
    handlingAgencyCode: o.agencyCode,
    status: 'received',
    eligibility: 'pending',
    ruleVersion: o.ruleVersion,
    parentId: o.parent?.id ?? null,
    receptionId: input.receptionId ?? null,
    signerCount: input.signers.length,
    confidential,
    searchKey: petitionSearchKey(o.code, content, respondent, identities.map(idFields)),
    version: 1,
    demo: o.demo,
    createdBy: o.actorId,
    createdAt: o.receivedAt,
    updatedAt: o.receivedAt,
  };
  const event: FoldEvent = {
    type: 'receive',
    at: o.receivedAt,
    fromStatus: null,
    toStatus: 'received',
    note: confidential
      ? redactText(input.note ? nfc(input.note) || null : null, identities.map(idFields), true)
      : input.note
        ? nfc(input.note) || null
        : null,
    data: {
      channel: input.channel,
      kind: input.kind,
      level,
      ruleVersion: o.ruleVersion,
      signerCount: input.signers.length,
      ...(input.multiSite ? { multiSite: true } : {}),
      ...(input.receptionId ? { receptionId: input.receptionId } : {}),
      ...(o.parent ? { parentId: o.parent.id, parentCode: o.parent.code } : {}),
      // the petitioner's consent to notices (no address here: it stays in the identity store)
      ...(input.notify
        ? { citizenNotify: petitionConsentRecord(input.notify, o.receivedAt, input.representativeIndex) }
        : {}),
    },
  };
  return { state, row, identities, event };
}

function eventValues(
  petitionId: string,
  seq: number,
  e: FoldEvent,
  actor: Pick<Principal, 'id' | 'displayName'> | null,
): typeof petitionEvents.$inferInsert {
  return {
    id: randomUUID(),
    petitionId,
    seq,
    type: e.type,
    at: e.at,
    actorUserId: actor?.id ?? null,
    actorName: actor?.displayName ?? null,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    note: e.note,
    documentId: typeof e.data?.letterDocumentId === 'string' ? e.data.letterDocumentId : null,
    data: e.data,
  };
}

const deadlineValues = (petitionId: string, d: DeadlineState): typeof petitionDeadlines.$inferInsert => ({
  id: d.id,
  petitionId,
  clock: d.clock,
  startDate: d.startDate,
  dueDate: d.dueDate,
  limit: d.limit,
  source: d.source,
  metAt: d.metAt,
  state: d.state,
  agencyCode: d.agencyCode,
});

/** Reserves `n` numbers for each counter prefix in ONE statement; returns the first number of each. */
async function reserveMany(tx: Tx, counts: Map<string, number>): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (!counts.size) return out;
  const rows = await queryRows<{ prefix: string; last: number }>(
    tx,
    sql`INSERT INTO number_counters (prefix, last) VALUES ${sql.join(
      [...counts.entries()].map(([p, n]) => sql`(${p}, ${n})`),
      sql`, `,
    )} ON CONFLICT (prefix) DO UPDATE SET last = number_counters.last + excluded.last RETURNING prefix, last`,
  );
  for (const r of rows) out.set(r.prefix, Number(r.last) - counts.get(r.prefix)! + 1);
  return out;
}

/** Which agency codes of `codes` exist. */
async function existingAgencies(tx: Tx, codes: (string | null | undefined)[]): Promise<Set<string>> {
  const list = [...new Set(codes.filter((c): c is string => !!c).map((c) => c.trim()))];
  if (!list.length) return new Set();
  const rows = await tx.select({ code: agencies.code }).from(agencies).where(inArray(agencies.code, list));
  return new Set(rows.map((r) => r.code));
}

/** The register (agency) a user's petitions go to: petition_handler → its agency; reception, admin → VP-BTCD. */
export function registerOf(actor: Principal | null): string {
  if (actor && !actor.roles.includes('admin') && !hasAnyRole(actor, RECEPTION_ROLES) && actor.agencyCode)
    return actor.agencyCode;
  return RECEPTION_BOARD;
}

/**
 * Receives a petition (tiếp nhận đơn): ONE transaction.
 * - rule version of the receipt date (Asia/Ho_Chi_Minh): `pet2019` until 2026-06-30, `pet2026` from
 *   2026-07-01 (400 `no_rule_version` before 2019-01-01);
 * - clocks (clocks.ts `intakeClocks`): answer 10 WORKING days (Luật TCD Art 28); complaint acceptance
 *   10 / 7 WORKING days (Luật KN Art 27; ND 155/2026); denunciation check 7 (≤ 10) WORKING days (Luật TC Art 24);
 * - identities into `party_identities` (confidential for denunciations and mixed petitions);
 * - code `DON-YYYY-NNNNN` from an atomic per-year counter;
 * - duplicate suggestions from `findDuplicateCandidates` (score 0–1, reason).
 * @returns `{ id, code, deadlines: [{ clock, startDate, dueDate, limit: { value, unit }, source }], duplicateCandidates, row }`
 */
export async function receivePetition(
  tx: Tx,
  ctx: PetitionCtx,
  input: PetitionInput,
  actor: Principal | null,
): Promise<{
  id: string;
  code: string;
  deadlines: ReturnType<typeof deadlineOut>[];
  duplicateCandidates: DuplicateCandidate[];
  row: PetitionRow;
}> {
  const now = ctx.now ?? new Date();
  const receivedAt = input.receivedAt ? new Date(input.receivedAt) : now;
  const ruleVersionId = validateIntake(input, receivedAt, now);
  // a petition brought by a confidential visit (a denunciation) is confidential whatever its kind
  let fromConfidentialVisit = false;
  if (input.receptionId) {
    // only a session of the actor's own register (an admin: any); another body's session is "unknown"
    const own =
      actor && !actor.roles.includes('admin') ? sql` AND agency_code = ${registerOf(actor)}` : sql``;
    const r = await queryRows<{ confidential: boolean }>(
      tx,
      sql`SELECT confidential FROM receptions WHERE id = ${input.receptionId}${own}`,
    );
    fromConfidentialVisit = r[0]?.confidential === true;
    if (!r.length)
      throw badRequest(
        'unknown_reception',
        'Không có lượt tiếp công dân này.',
        'No such reception session.',
        'receptionId',
      );
  }
  if (input.respondentAgencyCode) {
    const known = await existingAgencies(tx, [input.respondentAgencyCode]);
    if (!known.size)
      throw badRequest('unknown_agency', 'Không có cơ quan này.', 'No such agency.', 'respondentAgencyCode');
  }
  const date = toHcmDate(receivedAt);
  const [seq] = await queryRows<{ last: number }>(
    tx,
    sql`INSERT INTO number_counters (prefix, last) VALUES (${codePrefix(date)}, 1)
        ON CONFLICT (prefix) DO UPDATE SET last = number_counters.last + 1 RETURNING last`,
  );
  const code = petitionCode(date, Number(seq!.last));
  const built = buildIntake(ctx.cal, input, {
    receivedAt,
    ruleVersion: ruleVersionId,
    code,
    agencyCode: registerOf(actor),
    actorId: actor?.id ?? null,
    demo: false,
    ...(fromConfidentialVisit ? { confidential: true } : {}),
  });
  const [row] = await tx.insert(petitions).values(built.row).returning();
  if (built.identities.length) await tx.insert(partyIdentities).values(built.identities);
  await tx.insert(petitionEvents).values(eventValues(row!.id, 1, built.event, actor));
  if (built.state.deadlines.length)
    await tx.insert(petitionDeadlines).values(built.state.deadlines.map((d) => deadlineValues(row!.id, d)));
  // the petitioner's receipt notice, with their consent (Luật TCD 2013 Art 28; notifications/citizen.ts)
  if (input.notify?.consent) await noticePetitionCitizen(tx, row!, 'received', { at: receivedAt });
  const duplicateCandidates = await findDuplicateCandidates(tx, {
    signers: input.signers,
    content: input.content,
    excludeId: row!.id,
    limit: 10,
  });
  return {
    id: row!.id,
    code,
    deadlines: built.state.deadlines.map(deadlineOut),
    duplicateCandidates,
    row: row!,
  };
}

// ---------------------------------------------------------------------------------------------------
// State from stored rows

/** Rebuilds the fold state of a stored petition from its row and clocks. */
export function stateOf(row: PetitionRow, deadlines: PetitionDeadlineRow[]): PetitionState {
  return {
    id: row.id,
    status: row.status as PetitionStatus,
    kind: row.kind as PetitionKind,
    level: row.level,
    complex: row.complex,
    remoteArea: row.remoteArea,
    eligibility: row.eligibility as PetitionState['eligibility'],
    ineligibleReason: row.ineligibleReason,
    eligibilityNote: row.eligibilityNote,
    agencyCode: row.agencyCode,
    handlingAgencyCode: row.handlingAgencyCode,
    confidential: row.confidential,
    duplicateOfId: row.duplicateOfId,
    ruleVersion: row.ruleVersion,
    receivedAt: row.receivedAt,
    result: (row.result as Record<string, unknown> | null) ?? null,
    resolvedAt: row.resolvedAt,
    closedAt: row.closedAt,
    version: row.version,
    deadlines: deadlines.map((d) => ({
      id: d.id,
      clock: d.clock as DeadlineState['clock'],
      startDate: d.startDate,
      dueDate: d.dueDate,
      limit: d.limit as DeadlineState['limit'],
      source: d.source,
      agencyCode: d.agencyCode,
      state: d.state as DeadlineState['state'],
      metAt: d.metAt,
    })),
  };
}

/** The columns a fold state sets on the row. */
function rowPatch(s: PetitionState) {
  return {
    status: s.status,
    kind: s.kind,
    level: s.level,
    eligibility: s.eligibility,
    ineligibleReason: s.ineligibleReason,
    eligibilityNote: s.eligibilityNote,
    handlingAgencyCode: s.handlingAgencyCode,
    confidential: s.confidential,
    duplicateOfId: s.duplicateOfId,
    result: s.result,
    resolvedAt: s.resolvedAt,
    closedAt: s.closedAt,
    version: s.version,
  };
}

// ---------------------------------------------------------------------------------------------------
// Visibility, roles, scope

/** Whether a principal may see a petition: admin, reception roles, office_leader all; petition_handler its agency's. */
export function canSeePetition(p: Principal, row: Pick<PetitionRow, 'handlingAgencyCode'>): boolean {
  for (const r of p.roles) {
    const scope = ROLE_SCOPE[r];
    if (scope === 'all' || scope === 'read_all') return true;
    if (scope === 'own_agency' && p.agencyCode && row.handlingAgencyCode === p.agencyCode) return true;
  }
  return false;
}

/** Whether the principal's roles and scope allow a rule on this petition (status aside). Admin: always. */
export function mayTakeAction(
  p: Principal,
  rule: PetitionTransition,
  row: Pick<PetitionRow, 'handlingAgencyCode'>,
): boolean {
  if (p.roles.includes('admin')) return true;
  return p.roles.some((r: Role) => {
    if (!rule.roles.includes(r)) return false;
    const scope = ROLE_SCOPE[r];
    if (scope === 'all') return true;
    return scope === 'own_agency' && !!p.agencyCode && row.handlingAgencyCode === p.agencyCode;
  });
}

/**
 * Whether an action applies to the petition's data beyond its status and kind (the fold refuses it
 * otherwise): acceptance needs eligibility `eligible`; a duplicate is confirmed once; a second-level
 * complaint needs a first-level result and level 1.
 */
export function actionApplies(row: PetitionRow, action: string): boolean {
  switch (action) {
    case 'accept':
      return row.eligibility === 'eligible';
    case 'confirm_duplicate':
      return !row.duplicateOfId;
    case 'reopen':
      return !!row.resolvedAt && (row.level ?? 1) < 2;
    default:
      return true;
  }
}

/** Actions this principal may take now (role, scope, kind, from-status, data conditions). */
export function allowedActions(p: Principal, row: PetitionRow): string[] {
  return PETITION_TRANSITIONS.filter(
    (r) =>
      r.from.includes(row.status as PetitionStatus) &&
      r.kinds.includes(row.kind as PetitionKind) &&
      actionApplies(row, r.action) &&
      mayTakeAction(p, r, row),
  ).map((r) => r.action);
}

// ---------------------------------------------------------------------------------------------------
// Actions

export interface PetitionActionRequest extends PetitionActionBody {
  action: string;
  /** the petition version the client saw; ≠ current → 409 `stale` */
  version?: number;
}

async function loadForUpdate(tx: Tx, id: string): Promise<PetitionRow | null> {
  const rows = await queryRows<{ id: string }>(tx, sql`SELECT id FROM petitions WHERE id = ${id} FOR UPDATE`);
  if (!rows[0]) return null;
  const [row] = await tx.select().from(petitions).where(eq(petitions.id, id));
  return row ?? null;
}

/**
 * The first other petition with the same content as `row` (its original and the original's confirmed
 * duplicates) that was forwarded — a denunciation with the same content is forwarded only once
 * (TT 05/2021/TT-TTCP Art 14).
 */
async function sameContentForwarded(
  tx: Tx,
  row: Pick<PetitionRow, 'id' | 'duplicateOfId'>,
): Promise<{ code: string } | null> {
  const root = row.duplicateOfId ?? row.id;
  const rows = await queryRows<{ code: string }>(
    tx,
    sql`SELECT p.code FROM petitions p
        WHERE p.id <> ${row.id} AND (p.id = ${root} OR p.duplicate_of_id = ${root})
          AND EXISTS (SELECT 1 FROM petition_events e WHERE e.petition_id = p.id AND e.type = 'forward')
        ORDER BY p.received_at LIMIT 1`,
  );
  return rows[0] ?? null;
}

/** The root original of a duplicate chain (an original that is itself a duplicate points further). */
async function rootOriginal(
  tx: Tx,
  id: string,
): Promise<{ id: string; code: string; confidential: boolean } | null> {
  let cur = id;
  for (let i = 0; i < 10; i++) {
    const [r] = await tx
      .select({
        id: petitions.id,
        code: petitions.code,
        dup: petitions.duplicateOfId,
        confidential: petitions.confidential,
      })
      .from(petitions)
      .where(eq(petitions.id, cur));
    if (!r) return null;
    if (!r.dup) return { id: r.id, code: r.code, confidential: r.confidential };
    cur = r.dup;
  }
  return null;
}

/** Cuts the signers' identity out of the free-text notes of a fold result (events, eligibility note, result). */
function scrubNotes(r: ReturnType<typeof applyPetitionAction>, ids: Parameters<typeof redactText>[1]): void {
  for (const e of r.events) e.note = redactText(e.note, ids, true);
  r.state.eligibilityNote = redactText(r.state.eligibilityNote, ids, true);
  if (r.state.result && typeof r.state.result.note === 'string')
    r.state.result = { ...r.state.result, note: redactText(r.state.result.note, ids, true) };
}

/** Writes a fold result: events, row, clocks, children, repeat count, confidentiality. */
async function persistResult(
  tx: Tx,
  ctx: PetitionCtx,
  before: PetitionRow,
  known: Set<string>,
  lastSeq: number,
  r: ReturnType<typeof applyPetitionAction>,
  actor: Principal | null,
  at: Date,
): Promise<PetitionRow> {
  const s = r.state;
  if (s.confidential) {
    // staff notes of a confidential petition are stored without the signers' identity (Luật TC Art 8, 56)
    const ids = (await identitiesOf(tx, [before.id])).get(before.id) ?? [];
    scrubNotes(r, ids);
  }
  await tx
    .insert(petitionEvents)
    .values(r.events.map((e, k) => eventValues(before.id, lastSeq + 1 + k, e, actor)));
  for (const id of r.touchedDeadlines) {
    const d = s.deadlines.find((x) => x.id === id)!;
    if (known.has(id))
      await tx
        .update(petitionDeadlines)
        .set({ state: d.state, metAt: d.metAt })
        .where(eq(petitionDeadlines.id, id));
    else await tx.insert(petitionDeadlines).values(deadlineValues(before.id, d));
  }
  const [after] = await tx
    .update(petitions)
    .set({ ...rowPatch(s), updatedAt: at })
    .where(eq(petitions.id, before.id))
    .returning();
  if (r.becameConfidential) await markConfidential(tx, before.id);
  if (r.repeatOf)
    await tx
      .update(petitions)
      .set({ repeatCount: sql`${petitions.repeatCount} + 1` })
      .where(eq(petitions.id, r.repeatOf));
  if (r.children.length) await createChildren(tx, ctx, after!, r.children, actor, at);
  return after!;
}

/** The child petitions of a split: same receipt, channel, rule version and signers; their own kind and clocks. */
async function createChildren(
  tx: Tx,
  ctx: PetitionCtx,
  parent: PetitionRow,
  children: SplitChild[],
  actor: Principal | null,
  at: Date,
) {
  const ids = (
    await tx
      .select()
      .from(partyIdentities)
      .where(and(eq(partyIdentities.subjectType, 'petition'), eq(partyIdentities.subjectId, parent.id)))
  ).sort((a, b) => a.seq - b.seq);
  const repIndex = ids.findIndex((x) => x.role === 'representative');
  for (const [k, c] of children.entries()) {
    const built = buildChild(ctx.cal, parent, ids, repIndex, c, k, actor?.id ?? null, parent.demo);
    built.event.at = at;
    await tx.insert(petitions).values(built.row);
    if (built.identities.length) await tx.insert(partyIdentities).values(built.identities);
    await tx.insert(petitionEvents).values(eventValues(c.id, 1, built.event, actor));
    if (built.state.deadlines.length)
      await tx.insert(petitionDeadlines).values(built.state.deadlines.map((d) => deadlineValues(c.id, d)));
  }
  if (children.some((c) => c.confidential) && !parent.confidential) {
    await tx.update(petitions).set({ confidential: true }).where(eq(petitions.id, parent.id));
    await markConfidential(tx, parent.id);
  }
}

function buildChild(
  cal: CalendarSnapshot,
  parent: Pick<
    PetitionRow,
    | 'id'
    | 'code'
    | 'receivedAt'
    | 'channel'
    | 'ruleVersion'
    | 'agencyCode'
    | 'handlingAgencyCode'
    | 'remoteArea'
    | 'complex'
    | 'receptionId'
  >,
  identities: Pick<
    typeof partyIdentities.$inferSelect,
    'name' | 'idNumber' | 'address' | 'phone' | 'email'
  >[],
  repIndex: number,
  c: SplitChild,
  k: number,
  actorId: string | null,
  demo: boolean,
): Built {
  const built = buildIntake(
    cal,
    {
      channel: parent.channel as PetitionChannel,
      kind: c.kind,
      signers: identities.map((x) => ({
        name: x.name,
        idNumber: x.idNumber,
        address: x.address,
        phone: x.phone,
        email: x.email,
      })),
      content: c.content,
      respondent: c.respondent,
      remoteArea: parent.remoteArea,
      complex: parent.complex,
      receptionId: parent.receptionId,
      representativeIndex: repIndex >= 0 ? repIndex : null,
    },
    {
      id: c.id,
      receivedAt: parent.receivedAt,
      ruleVersion: parent.ruleVersion,
      code: `${parent.code}-${k + 1}`,
      agencyCode: parent.handlingAgencyCode ?? parent.agencyCode,
      actorId,
      demo,
      parent: { id: parent.id, code: parent.code },
      confidential: c.confidential || CONFIDENTIAL_KINDS.includes(c.kind),
    },
  );
  built.row.agencyCode = parent.agencyCode;
  return built;
}

/**
 * Takes one action on a petition (`POST /api/petitions/{id}/actions`): ONE transaction. Locks the row
 * (`SELECT … FOR UPDATE`). Errors: 400 `unknown_action` / a body field; 404 not found or not visible;
 * 403 role or scope; 409 `stale` (version ≠ current), `invalid_transition`, `not_for_kind`, `not_eligible`,
 * `denunciation_already_forwarded`, `max_extensions`, `already_duplicate`…; 422 `second_complaint_time_barred`.
 * @returns the updated row
 */
export async function takePetitionAction(
  tx: Tx,
  ctx: PetitionCtx,
  id: string,
  input: PetitionActionRequest,
  actor: Principal,
): Promise<PetitionRow> {
  const rule = transitionFor(input.action);
  if (!rule)
    throw badRequest(
      'unknown_action',
      'Thao tác không hợp lệ.',
      `Unknown action "${input.action}".`,
      'action',
    );
  const before = await loadForUpdate(tx, id);
  if (!before || !canSeePetition(actor, before)) throw notFound('đơn / petition', 'id');
  if (!mayTakeAction(actor, rule, before)) throw forbidden();
  if (input.version !== undefined && input.version !== before.version)
    throw conflict(
      'stale',
      'Đơn đã được người khác cập nhật; hãy tải lại.',
      'The petition changed since you loaded it; reload.',
      'version',
    );
  const deadlines = await tx
    .select()
    .from(petitionDeadlines)
    .where(eq(petitionDeadlines.petitionId, id))
    .orderBy(asc(petitionDeadlines.startDate));
  const [last] = await queryRows<{ seq: number }>(
    tx,
    sql`SELECT coalesce(max(seq), 0)::int AS seq FROM petition_events WHERE petition_id = ${id}`,
  );
  const at = ctx.now ?? new Date();
  const { action, version: _v, ...body } = input;
  const agencySet = await existingAgencies(tx, [body.toAgencyCode, body.agencyCode]);
  // a body is forwarded, guided or urged only while it exists (a district dissolved on 30/06/2025 is not:
  // 400 agency_not_in_force naming its successors); the date is the action's day in Asia/Ho_Chi_Minh
  if (action === 'forward' || action === 'guide' || action === 'urge' || action === 'reopen') {
    const path = action === 'urge' ? 'agencyCode' : 'toAgencyCode';
    const given = (action === 'urge' ? body.agencyCode : body.toAgencyCode)?.trim();
    const code = given || (action === 'urge' ? before.handlingAgencyCode : null);
    if (code && (agencySet.has(code) || !given)) await agencyInForce(tx, code, toHcmDate(at), path);
  }
  const state = stateOf(before, deadlines);
  if (action === 'withdraw') {
    const [w] = await queryRows<{ n: number }>(
      tx,
      sql`SELECT count(*)::int AS n FROM petition_events WHERE petition_id = ${id} AND type = 'withdraw'
          AND data->>'continueHandling' = 'true'`,
    );
    state.withdrawnContinuing = Number(w?.n ?? 0) > 0;
  }
  let original: { id: string; code: string; confidential: boolean } | null = null;
  if (action === 'confirm_duplicate' && body.originalId) {
    original = await rootOriginal(tx, body.originalId);
    if (original && original.id !== id) {
      const [o] = await tx.select().from(petitions).where(eq(petitions.id, original.id));
      if (!o || !canSeePetition(actor, o)) original = null;
    }
  }
  const forwarded =
    action === 'forward' && before.kind === 'denunciation' ? await sameContentForwarded(tx, before) : null;
  let r;
  try {
    r = applyPetitionAction(
      state,
      { action, at, body },
      {
        cal: ctx.cal,
        agencyExists: (c) => agencySet.has(c),
        sameContentForwarded: forwarded,
        original,
      },
    );
  } catch (e) {
    return rethrow(e);
  }
  const after = await persistResult(
    tx,
    ctx,
    before,
    new Set(deadlines.map((d) => d.id)),
    Number(last?.seq ?? 0),
    r,
    actor,
    at,
  );
  // the petitioner's notice of this step, with their consent (never an identity: Luật TC 2018 Art 8 cl.3)
  const notice = petitionActionNotice(action);
  if (notice) await noticePetitionCitizen(tx, after, notice, { at, seq: Number(last?.seq ?? 0) + 1 });
  return after;
}

// ---------------------------------------------------------------------------------------------------
// Import

export interface ImportAction extends PetitionActionBody {
  action: string;
  /** ISO datetime of the action */
  at: string | Date;
  /** confirm_duplicate: the original as an index of an EARLIER item of the same import */
  originalIndex?: number;
  /** split: parts with their own later actions */
  parts?: { kind: string; content: string; respondent?: string | null; actions?: ImportAction[] }[];
}

export interface PetitionImportItem extends PetitionInput {
  receivedAt: string | Date;
  /** the register (default VP-BTCD) */
  agencyCode?: string | null;
  actions?: ImportAction[];
}

export interface PetitionImportResult {
  petitions: number;
  events: number;
  deadlines: number;
  identities: number;
  /** ids and codes of the items, in order (children not listed) */
  ids: string[];
  codes: string[];
}

/**
 * Imports petition histories (demo data, benchmarks) in the caller's transaction: each item is an intake
 * (with `receivedAt`) plus dated actions, folded with the SAME rules as `takePetitionAction`
 * (`applyPetitionAction`; no role checks: system actor). `confirm_duplicate` may name an earlier item by
 * `originalIndex`; a `split` creates its children (codes `<parent>-1…`), whose own actions go in
 * `parts[k].actions`. Codes come from the same per-year counters. An invalid item → 4xx with path
 * `items[i]…`; nothing is written (the caller's transaction fails).
 */
export async function importPetitions(
  tx: Tx,
  ctx: PetitionCtx,
  items: readonly PetitionImportItem[],
  opts: { demo?: boolean } = {},
): Promise<PetitionImportResult> {
  const now = ctx.now ?? new Date();
  const cal = ctx.cal;
  const demo = opts.demo ?? false;
  const allAgencyCodes: (string | null | undefined)[] = [];
  const walk = (acts: ImportAction[] | undefined) => {
    for (const a of acts ?? []) {
      allAgencyCodes.push(a.toAgencyCode, a.agencyCode);
      for (const p of a.parts ?? []) walk(p.actions);
    }
  };
  for (const it of items) {
    allAgencyCodes.push(it.agencyCode);
    walk(it.actions);
  }
  const agencySet = await existingAgencies(tx, allAgencyCodes);
  const prepared = items.map((item, i) => {
    const receivedAt = new Date(item.receivedAt);
    const path = `items[${i}]`;
    const rv = validateIntake(item, receivedAt, now, path);
    const agencyCode = item.agencyCode ?? RECEPTION_BOARD;
    if (item.agencyCode && !agencySet.has(item.agencyCode))
      throw badRequest('unknown_agency', 'Không có cơ quan này.', 'No such agency.', `${path}.agencyCode`);
    return { i, item, receivedAt, rv, agencyCode, prefix: codePrefix(toHcmDate(receivedAt)) };
  });
  const counts = new Map<string, number>();
  for (const p of prepared) counts.set(p.prefix, (counts.get(p.prefix) ?? 0) + 1);
  const firsts = await reserveMany(tx, counts);
  const order = [...prepared].sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
  const codes = new Array<string>(prepared.length);
  const next = new Map(firsts);
  for (const p of order) {
    const n = next.get(p.prefix)!;
    next.set(p.prefix, n + 1);
    codes[p.i] = petitionCode(toHcmDate(p.receivedAt), n);
  }

  const rows = new Map<string, typeof petitions.$inferInsert>();
  const states = new Map<string, PetitionState>();
  const evRows: (typeof petitionEvents.$inferInsert)[] = [];
  const idRows: (typeof partyIdentities.$inferInsert)[] = [];
  const dlRows = new Map<string, { petitionId: string; d: DeadlineState }>();
  /** petitions of this import that were forwarded, and the confirmed duplicates of each original */
  const forwardedIds = new Set<string>();
  const membersOf = new Map<string, Set<string>>();
  const ids: string[] = [];
  const extRoots = new Map<string, { id: string; code: string } | null>();

  /** last event seq and identity rows per petition (no scans of the growing arrays) */
  const seqOf = new Map<string, number>();
  const idsOf = new Map<string, (typeof partyIdentities.$inferInsert)[]>();
  const addIdentities = (pid: string, list: (typeof partyIdentities.$inferInsert)[]) => {
    idRows.push(...list);
    idsOf.set(pid, [...(idsOf.get(pid) ?? []), ...list]);
  };

  const run = async (id: string, acts: ImportAction[] | undefined, path: string, startMs: number) => {
    let lastAt = startMs;
    let seq = seqOf.get(id) ?? 0;
    for (const [k, a] of (acts ?? []).entries()) {
      const apath = `${path}.actions[${k}]`;
      const at = new Date(a.at);
      if (Number.isNaN(at.getTime()) || at.getTime() < lastAt || at.getTime() > now.getTime() + 60_000)
        throw badRequest(
          'invalid_action_time',
          'Thời điểm thao tác không hợp lệ (phải theo thứ tự, không ở tương lai).',
          'Action time invalid (must be in order and not in the future).',
          `${apath}.at`,
        );
      lastAt = at.getTime();
      const state = states.get(id)!;
      const { action, at: _at, originalIndex, parts, ...rest } = a;
      const body: PetitionActionBody = { ...rest, ...(parts ? { parts } : {}) };
      let original: { id: string; code: string; confidential?: boolean } | null = null;
      if (action === 'confirm_duplicate') {
        let oid = body.originalId ?? null;
        if (originalIndex !== undefined) {
          if (!(originalIndex >= 0 && originalIndex < ids.length))
            throw badRequest(
              'unknown_original',
              'Đơn gốc phải là một mục trước đó.',
              'originalIndex must name an earlier item.',
              `${apath}.originalIndex`,
            );
          oid = ids[originalIndex]!;
          body.originalId = oid;
        }
        // root of the chain: in this import, else in the database
        while (oid && states.get(oid)?.duplicateOfId) oid = states.get(oid)!.duplicateOfId;
        if (oid && rows.has(oid))
          original = { id: oid, code: rows.get(oid)!.code, confidential: states.get(oid)!.confidential };
        else if (oid) {
          if (!extRoots.has(oid)) extRoots.set(oid, await rootOriginal(tx, oid));
          original = extRoots.get(oid)!;
        }
      }
      const root = state.duplicateOfId ?? state.id;
      let forwarded: { code: string } | null = null;
      if (action === 'forward' && state.kind === 'denunciation') {
        // the original and its confirmed duplicates (same content): forwarded once (TT 05/2021 Art 14)
        const group = [root, ...(membersOf.get(root) ?? [])].filter((x) => x !== state.id);
        const done = group.find((x) => forwardedIds.has(x));
        if (done) forwarded = { code: rows.get(done)?.code ?? done };
        else if (!rows.has(root))
          forwarded = await sameContentForwarded(tx, { id: state.id, duplicateOfId: root });
      }
      let r;
      try {
        r = applyPetitionAction(
          state,
          { action, at, body },
          {
            cal,
            agencyExists: (c) => agencySet.has(c),
            sameContentForwarded: forwarded,
            original,
          },
        );
      } catch (e) {
        return rethrow(e, apath);
      }
      if (action === 'forward') forwardedIds.add(id);
      if (r.state.duplicateOfId && !state.duplicateOfId) {
        const m = membersOf.get(r.state.duplicateOfId) ?? new Set<string>();
        m.add(id);
        membersOf.set(r.state.duplicateOfId, m);
      }
      if (r.state.confidential) scrubNotes(r, (idsOf.get(id) ?? []).map(idFields));
      for (const e of r.events) evRows.push(eventValues(id, ++seq, e, null));
      seqOf.set(id, seq);
      for (const tid of r.touchedDeadlines)
        dlRows.set(tid, { petitionId: id, d: r.state.deadlines.find((x) => x.id === tid)! });
      states.set(id, r.state);
      const row = rows.get(id)!;
      Object.assign(row, rowPatch(r.state), { updatedAt: at });
      if (r.becameConfidential) for (const x of idsOf.get(id) ?? []) x.confidential = true;
      if (r.repeatOf) {
        const o = rows.get(r.repeatOf);
        if (o) o.repeatCount = (o.repeatCount ?? 0) + 1;
        else
          await tx
            .update(petitions)
            .set({ repeatCount: sql`${petitions.repeatCount} + 1` })
            .where(eq(petitions.id, r.repeatOf));
      }
      if (r.children.length) {
        const parentIds = [...(idsOf.get(id) ?? [])].sort((a2, b2) => a2.seq - b2.seq);
        const repIndex = parentIds.findIndex((x) => x.role === 'representative');
        if (r.children.some((c) => c.confidential)) {
          row.confidential = true;
          for (const x of parentIds) x.confidential = true;
        }
        for (const [ci, c] of r.children.entries()) {
          const built = buildChild(
            cal,
            row as PetitionRow,
            parentIds.map(idFields),
            repIndex,
            c,
            ci,
            null,
            demo,
          );
          built.event.at = at;
          built.row.updatedAt = at;
          rows.set(c.id, built.row);
          states.set(c.id, built.state);
          addIdentities(c.id, built.identities);
          evRows.push(eventValues(c.id, 1, built.event, null));
          seqOf.set(c.id, 1);
          for (const d of built.state.deadlines) dlRows.set(d.id, { petitionId: c.id, d });
          await run(c.id, parts?.[ci]?.actions, `${apath}.parts[${ci}]`, at.getTime());
        }
      }
    }
  };

  for (const p of prepared) {
    const path = `items[${p.i}]`;
    let built: Built;
    try {
      built = buildIntake(cal, p.item, {
        receivedAt: p.receivedAt,
        ruleVersion: p.rv,
        code: codes[p.i]!,
        agencyCode: p.agencyCode,
        actorId: null,
        demo,
      });
    } catch (e) {
      return rethrow(e, path);
    }
    const id = built.row.id!;
    ids.push(id);
    rows.set(id, built.row);
    states.set(id, built.state);
    addIdentities(id, built.identities);
    evRows.push(eventValues(id, 1, built.event, null));
    seqOf.set(id, 1);
    for (const d of built.state.deadlines) dlRows.set(d.id, { petitionId: id, d });
    await run(id, p.item.actions, path, p.receivedAt.getTime());
  }
  await bulkInsert(tx, petitions, [...rows.values()] as Record<string, unknown>[]);
  await bulkInsert(tx, partyIdentities, idRows as Record<string, unknown>[]);
  await bulkInsert(tx, petitionEvents, evRows as Record<string, unknown>[]);
  await bulkInsert(
    tx,
    petitionDeadlines,
    [...dlRows.values()].map((x) => deadlineValues(x.petitionId, x.d)) as Record<string, unknown>[],
  );
  return {
    petitions: rows.size,
    events: evRows.length,
    deadlines: dlRows.size,
    identities: idRows.length,
    ids,
    codes,
  };
}

/** Petitions whose id is in `ids` and that the principal may see (helper for routes). */
export async function visiblePetition(tx: Tx, p: Principal, id: string): Promise<PetitionRow> {
  const [row] = await tx.select().from(petitions).where(eq(petitions.id, id));
  if (!row || !canSeePetition(p, row)) throw notFound('đơn / petition', 'id');
  return row;
}
