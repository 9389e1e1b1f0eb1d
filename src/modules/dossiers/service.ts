/**
 * Dossier commands (issue 4 §3–4; REFERENCE §2). Each command runs in ONE transaction given by the caller:
 * validate, lock, apply the pure fold (`fold.ts`), write the row, append one `dossier_events` row per
 * action, update the control sheet (`dossier_steps`), record payments, then update the daily report counts
 * (`applyDossierChange`). Nothing is half-written.
 *
 * - `receiveDossier` — intake at the counter / call centre / post / online (status `received`; `new` online).
 * - `takeDossierAction` — one action of DOSSIER_TRANSITIONS (role × scope × era × from-status as data).
 * - `importDossiers` — bulk histories (demo, migration): same fold, multi-row inserts, one recount.
 * - `rateDossier` — a satisfaction rating (TT 01/2018 Art 13–15), one per dossier.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { bulkInsert, queryRows, type Tx } from '../../db/engine.ts';
import {
  dossierEvents,
  dossierPayments,
  dossierRatings,
  dossiers,
  dossierSteps,
  procedures,
  procedureVersions,
  receivingBodies,
} from '../../db/schema.ts';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../kernel/errors.ts';
import type { Principal } from '../../kernel/auth/roles.ts';
import { hasAnyRole, OFFICE_ROLES } from '../../kernel/auth/roles.ts';
import { nfc, searchKey } from '../../kernel/text.ts';
import { toHcmDate, type CalendarSnapshot, type ClockEvent } from '../../kernel/calendar/index.ts';
import { timeLimitFor } from '../procedures/service.ts';
import type { LimitChannel, ProcedureData } from '../procedures/types.ts';
import {
  applyDossierChange,
  intakeStatsRows,
  recountDossierStats,
  statsUpsertSql,
} from '../reports/dossier-stats.ts';
import { CalendarService } from '../../kernel/calendar/service.ts';
import {
  applyAction,
  deadlineFrom,
  DossierRuleError,
  isoDeadline,
  type ActionBody,
  type AppliedLimit,
  type DossierState,
  type FeeState,
  type FoldEvent,
  type StepState,
} from './fold.ts';
import { defaultPaymentGateway, receiptPrefix, type PaymentGateway } from './payments.ts';
import {
  consentRecord,
  dossierActionNotice,
  noticeDossierCitizen,
  requireCitizenAddress,
  type CitizenNotifyInput,
} from '../notifications/citizen.ts';
import {
  CATALOGUE_CHANNEL,
  CENTRE_ROLES,
  eraOn,
  OPEN_STATUSES,
  PAUSED_STATUSES,
  transitionFor,
  type Channel,
  type DossierStatus,
  type DossierTransition,
  type ReturnMethod,
  type Timeliness,
} from './rules.ts';

export type DossierRow = typeof dossiers.$inferSelect;
type EventRow = typeof dossierEvents.$inferSelect;
type StepRow = typeof dossierSteps.$inferSelect;

/** The one-stop centre of the province: the default receiving body (Trung tâm Phục vụ - Kiểm soát TTHC). */
export const DEFAULT_RECEIVING_BODY = 'VP-TTHC';
/**
 * DEMO identifier of the centre for dossier codes. It MUST be replaced with the official electronic
 * identifier (mã định danh) issued under QĐ 20/2020/QĐ-TTg before real use (receiving_bodies.demo = true).
 */
export const DEMO_RECEIVING_BODY_IDENTIFIER = '000.00.20.H48';
/**
 * Code format of dossiers: TT 01/2018/TT-VPCP Art 19 for every era. The 2025 circular's format is not in
 * REFERENCE: nd118 dossiers use the same format, flagged `codeFormatVerified: false`.
 */
export const CODE_FORMAT = 'tt01-2018' as const;

export interface Applicant {
  name: string;
  idNumber: string;
  phone: string;
  email?: string | null;
  address: string;
  /** notices on the channel the applicant chose, with their consent (issue 7; notifications/citizen.ts) */
  notify?: CitizenNotifyInput | null;
}
export interface Representative {
  name: string;
  idNumber?: string | null;
  phone?: string | null;
  relation?: string | null;
  authorisation?: string | null;
}
export interface Component {
  name: string;
  original: boolean;
  count: number;
}

/** Intake input (the API contract of `POST /api/dossiers`). */
export interface IntakeInput {
  procedureCode: string;
  channel: Channel;
  applicant: Applicant;
  representative?: Representative | null;
  components: Component[];
  /** ISO datetime; staff back-entry only (not in the future); default now */
  receivedAt?: string | Date | null;
  returnMethod: ReturnMethod;
  /** the caller's number (phone channel) */
  callerNumber?: string | null;
  note?: string | null;
}

// ---------------------------------------------------------------------------------------------------
// Procedure versions and receiving bodies

interface VersionRef {
  versionId: string;
  validFrom: string;
  validTo: string | null;
  version: number;
  data: ProcedureData;
}

/** All versions of the given procedures, by code (newest version first). */
async function loadVersions(tx: Tx, codes: string[]): Promise<Map<string, VersionRef[]>> {
  const map = new Map<string, VersionRef[]>();
  if (!codes.length) return map;
  const rows = await tx
    .select({
      code: procedureVersions.procedureCode,
      versionId: procedureVersions.id,
      version: procedureVersions.version,
      validFrom: procedureVersions.validFrom,
      validTo: procedureVersions.validTo,
      data: procedureVersions.data,
    })
    .from(procedureVersions)
    .innerJoin(procedures, eq(procedures.code, procedureVersions.procedureCode))
    .where(inArray(procedureVersions.procedureCode, codes));
  for (const r of rows) {
    const list = map.get(r.code) ?? [];
    list.push({ ...r, data: r.data as ProcedureData });
    map.set(r.code, list);
  }
  for (const list of map.values()) list.sort((a, b) => b.version - a.version);
  return map;
}

/** The version in force on `date` (same predicate as `procedureVersionAt`). */
const versionOn = (list: VersionRef[] | undefined, date: string) =>
  list?.find((v) => v.validFrom <= date && (v.validTo === null || v.validTo >= date)) ?? null;

/** The demo row of the province's centre, inserted when missing (flagged demo). */
export async function ensureDefaultReceivingBody(tx: Tx): Promise<void> {
  await tx
    .insert(receivingBodies)
    .values({
      agencyCode: DEFAULT_RECEIVING_BODY,
      identifier: DEMO_RECEIVING_BODY_IDENTIFIER,
      name: 'Trung tâm Phục vụ - Kiểm soát thủ tục hành chính tỉnh Quảng Ngãi',
      demo: true,
    })
    .onConflictDoNothing();
}

/** Receiving bodies by agency code (ensures the default one exists). */
async function bodiesByCode(tx: Tx, codes: string[]) {
  const read = async () =>
    tx
      .select()
      .from(receivingBodies)
      .where(inArray(receivingBodies.agencyCode, [...new Set([...codes, DEFAULT_RECEIVING_BODY])]));
  let rows = await read();
  if (!rows.some((r) => r.agencyCode === DEFAULT_RECEIVING_BODY)) {
    await ensureDefaultReceivingBody(tx);
    rows = await read();
  }
  return new Map(rows.map((r) => [r.agencyCode, r]));
}

/** The receiving body of an actor: its agency when that agency is a receiving body, else the centre. */
async function receivingBodyOf(tx: Tx, agencyCode: string | null) {
  const map = await bodiesByCode(tx, agencyCode ? [agencyCode] : []);
  return (agencyCode && map.get(agencyCode)) || map.get(DEFAULT_RECEIVING_BODY)!;
}

const yymmdd = (date: string) => date.slice(2, 4) + date.slice(5, 7) + date.slice(8, 10);
/** Counter prefix of a body's daily dossier sequence. */
export const codePrefix = (body: string, date: string) => `dossier:${body}:${yymmdd(date)}`;
/** Dossier code, TT 01/2018 Art 19: `<identifier>-YYMMDD-XXXX`. */
export const dossierCode = (identifier: string, date: string, seq: number) =>
  `${identifier}-${yymmdd(date)}-${String(seq).padStart(4, '0')}`;

// ---------------------------------------------------------------------------------------------------
// Intake (pure part shared by receiveDossier and importDossiers)

const cleanText = (s: string | null | undefined) => (s == null ? null : nfc(s) || null);

function normaliseParties(input: IntakeInput) {
  const a = input.applicant;
  const applicant = {
    name: nfc(a.name),
    idNumber: nfc(a.idNumber),
    phone: nfc(a.phone),
    email: cleanText(a.email),
    address: nfc(a.address),
  };
  const r = input.representative;
  const representative = r
    ? {
        name: nfc(r.name),
        idNumber: cleanText(r.idNumber),
        phone: cleanText(r.phone),
        relation: cleanText(r.relation),
        authorisation: cleanText(r.authorisation),
      }
    : null;
  const components = input.components.map((c) => ({
    name: nfc(c.name),
    original: c.original,
    count: c.count,
  }));
  return { applicant, representative, components };
}

/** The applied limit for a channel: the catalogue's entry for it (phone → postal), else the counter one. */
function limitFor(
  data: ProcedureData,
  channel: Channel,
): { limit: AppliedLimit | null; entry: ReturnType<typeof timeLimitFor> } {
  const want = CATALOGUE_CHANNEL[channel];
  const entry =
    timeLimitFor(data, want) ??
    timeLimitFor(data, 'counter') ??
    (data.timeLimits.find((t) => t.value !== null) || null);
  if (!entry) return { limit: null, entry: null };
  if (entry.needsReview || (entry.value !== null && entry.unit === null))
    throw new DossierRuleError(
      422,
      'time_limit_needs_review',
      `Thời hạn giải quyết của thủ tục "${data.code}" chưa được rà soát (không ghi đơn vị): chưa thể hẹn trả.`,
      `The time limit of procedure "${data.code}" still needs review (no unit stated): no appointment can be computed.`,
      'procedureCode',
    );
  if (entry.value === null || entry.unit === null) return { limit: null, entry };
  return {
    limit: { value: entry.value, unit: entry.unit, channel: entry.channel, text: entry.text },
    entry,
  };
}

function feeFor(data: ProcedureData, channel: Channel): FeeState {
  const want: LimitChannel = CATALOGUE_CHANNEL[channel];
  const f =
    data.fees.find((x) => x.channel === want) ??
    data.fees.find((x) => x.channel === null) ??
    data.fees.find((x) => x.channel === 'counter');
  const amount = f ? f.amount : null;
  return {
    amount,
    // in person: collected at intake (ND 61/2018 Art 17); remote channels: before the result is returned
    collectAt: channel === 'counter' ? 'intake' : 'before_return',
    status: amount === 0 ? 'waived' : 'unpaid',
    receiptNumber: null,
  };
}

interface Built {
  state: DossierState;
  row: typeof dossiers.$inferInsert;
  event: FoldEvent;
}

/** Builds the row and first event of an intake (no I/O). */
function buildIntake(
  cal: CalendarSnapshot,
  input: IntakeInput,
  receivedAt: Date,
  version: VersionRef,
  body: { agencyCode: string },
  code: string,
  status: 'new' | 'received',
  actor: { id: string | null },
  demo: boolean,
): Built {
  const date = toHcmDate(receivedAt);
  const era = eraOn(date);
  const { limit } = limitFor(version.data, input.channel);
  const d = limit ? deadlineFrom(cal, limit, receivedAt) : null;
  const parties = normaliseParties(input);
  const fee = feeFor(version.data, input.channel);
  const state: DossierState = {
    status,
    era,
    limit,
    receivedAt,
    startDate: d?.startDate ?? null,
    appointmentAt: d?.dueAt ?? null,
    firstAppointmentAt: d?.dueAt ?? null,
    apologyAt: null,
    resolvedAt: null,
    timeliness: null,
    returnedAt: null,
    closedAt: null,
    processingAgencyCode: null,
    returnMethod: input.returnMethod,
    fee,
    postal: null,
    version: 1,
    resumeTo: null,
    clock: [{ type: 'received', at: receivedAt }],
    steps: [],
  };
  const id = randomUUID();
  const row: typeof dossiers.$inferInsert = {
    id,
    code,
    era,
    procedureCode: version.data.code,
    procedureVersionId: version.versionId,
    procedureName: version.data.name,
    field: version.data.field,
    channel: input.channel,
    receivingBodyCode: body.agencyCode,
    processingAgencyCode: null,
    applicant: input.applicant.notify
      ? { ...parties.applicant, notify: consentRecord(input.applicant.notify, receivedAt) }
      : parties.applicant,
    representative: parties.representative,
    components: parties.components,
    returnMethod: input.returnMethod,
    receivedAt,
    startDate: state.startDate,
    timeLimit: limit,
    appointmentAt: state.appointmentAt,
    firstAppointmentAt: state.firstAppointmentAt,
    apologyAt: null,
    status,
    fee,
    postal: null,
    version: 1,
    searchKey: searchKey(
      code,
      parties.applicant.name,
      parties.applicant.phone,
      parties.applicant.idNumber,
      parties.representative?.name,
      input.callerNumber,
    ),
    demo,
    createdBy: actor.id,
    createdAt: receivedAt,
    updatedAt: receivedAt,
  };
  const event: FoldEvent = {
    type: 'receive',
    at: receivedAt,
    fromStatus: null,
    toStatus: status,
    note: cleanText(input.note),
    data: {
      channel: input.channel,
      callerNumber: cleanText(input.callerNumber),
      appointmentAt: isoDeadline(state.appointmentAt),
      procedureVersion: version.version,
      codeFormat: CODE_FORMAT,
      ...(era === 'nd118' ? { codeFormatVerified: false } : {}),
    },
  };
  return { state, row, event };
}

/** Converts a fold error to the HTTP error. */
export function toAppError(e: unknown): unknown {
  if (e instanceof DossierRuleError) return new AppError(e.status, e.code, e.messageVi, e.messageEn, e.path);
  return e;
}

const rethrow = (e: unknown): never => {
  throw toAppError(e);
};

function checkReceivedAt(receivedAt: Date, now: Date): void {
  if (receivedAt.getTime() > now.getTime() + 60_000)
    throw badRequest(
      'received_in_future',
      'Thời điểm tiếp nhận không được ở tương lai.',
      'receivedAt may not be in the future.',
      'receivedAt',
    );
}

/**
 * Receives a dossier (tiếp nhận hồ sơ; ND 61/2018 Art 17): one transaction.
 *
 * - era by the receipt date (Asia/Ho_Chi_Minh): nd61 before 2025-07-01, nd118 from it;
 * - procedure version in force on that date (400 `unknown_procedure`, path `procedureCode`);
 * - limit for the channel (`CATALOGUE_CHANNEL`; phone = postal, else the counter limit); a limit still
 *   needing review → 422 `time_limit_needs_review` (never guessed);
 * - appointment = `computeDeadline(…ONE_STOP_DOSSIER…)`: 15:00 cut-off, N working days to 24:00;
 * - code per TT 01/2018 Art 19 from the receiving body's identifier and an atomic daily counter;
 * - status `received` (staff) or `new` (online filing, until the one-stop accepts it).
 *
 * @returns the new row
 */
export async function receiveDossier(
  tx: Tx,
  cal: CalendarSource,
  actor: Principal | null,
  input: IntakeInput,
  opts: { status?: 'new' | 'received'; now?: Date } = {},
): Promise<DossierRow> {
  return (await receiveDossierWithParts(tx, cal, actor, input, opts)).row;
}

/**
 * Where an intake takes its calendar: a snapshot already fixed by the caller (`calendar.forDeadline(tx)`),
 * or the calendar service itself — then the intake takes the SHARE lock and reads the change-log sequence
 * in its context query (`CalendarService.lockForDeadline` / `snapshotForSeq`: one round trip less).
 */
export type CalendarSource = CalendarSnapshot | CalendarService;

type ReceivingBody = typeof receivingBodies.$inferSelect;

interface IntakeContext {
  calSeq: number | null;
  version: VersionRef | null;
  body: ReceivingBody | null;
}

/**
 * ONE query for what an intake reads: the calendar change-log sequence (when asked), the procedure version
 * in force on `date` (same predicate as `procedureVersionAt`) and the receiving body of the actor's agency
 * (else the centre's).
 */
async function intakeContext(
  tx: Tx,
  procedureCode: string,
  date: string,
  agencyCode: string | null,
  withCalendar: boolean,
): Promise<IntakeContext> {
  const own = agencyCode ?? DEFAULT_RECEIVING_BODY;
  const [r] = await queryRows<{
    cal_seq: number | null;
    version_id: string | null;
    version: number | null;
    valid_from: string | null;
    valid_to: string | null;
    data: ProcedureData | string | null;
    agency_code: string | null;
    identifier: string | null;
    name: string | null;
    demo: boolean | null;
  }>(
    tx,
    sql`SELECT ${withCalendar ? sql`(SELECT coalesce(max(seq), 0)::int FROM calendar_changes)` : sql`NULL::int`} AS cal_seq,
          v.id AS version_id, v.version, v.valid_from::text AS valid_from, v.valid_to::text AS valid_to, v.data,
          b.agency_code, b.identifier, b.name, b.demo
        FROM (SELECT 1) AS one
        LEFT JOIN LATERAL (
          SELECT pv.id, pv.version, pv.valid_from, pv.valid_to, pv.data
          FROM procedure_versions pv JOIN procedures p ON p.code = pv.procedure_code
          WHERE pv.procedure_code = ${procedureCode} AND pv.valid_from <= ${date}::date
            AND (pv.valid_to IS NULL OR pv.valid_to >= ${date}::date)
          ORDER BY pv.version DESC LIMIT 1) v ON true
        LEFT JOIN LATERAL (
          SELECT * FROM receiving_bodies rb WHERE rb.agency_code IN (${own}, ${DEFAULT_RECEIVING_BODY})
          ORDER BY (rb.agency_code = ${own}) DESC LIMIT 1) b ON true`,
  );
  return {
    calSeq: r?.cal_seq == null ? null : Number(r.cal_seq),
    version:
      r && r.version_id
        ? {
            versionId: r.version_id,
            version: Number(r.version),
            validFrom: r.valid_from!,
            validTo: r.valid_to,
            data: (typeof r.data === 'string' ? JSON.parse(r.data) : r.data) as ProcedureData,
          }
        : null,
    body:
      r && r.agency_code
        ? { agencyCode: r.agency_code, identifier: r.identifier!, name: r.name!, demo: !!r.demo }
        : null,
  };
}

/** `receiveDossier` that also returns the intake event and the receiving body (for the 201 answer). */
export async function receiveDossierWithParts(
  tx: Tx,
  calendar: CalendarSource,
  actor: Principal | null,
  input: IntakeInput,
  opts: { status?: 'new' | 'received'; now?: Date } = {},
): Promise<{ row: DossierRow; event: EventRow; body: ReceivingBody }> {
  const now = opts.now ?? new Date();
  const receivedAt = input.receivedAt ? new Date(input.receivedAt) : now;
  checkReceivedAt(receivedAt, now);
  requireCitizenAddress(input.applicant.notify, input.applicant, {
    phone: 'applicant.phone',
    email: 'applicant.email',
  });
  const date = toHcmDate(receivedAt);
  const service = calendar instanceof CalendarService ? calendar : null;
  if (service) await service.lockForDeadline(tx);
  // round trip 1: calendar sequence, the version in force on the receipt date (REFERENCE §0), the body
  const ctx = await intakeContext(tx, input.procedureCode, date, actor?.agencyCode ?? null, !!service);
  const version = ctx.version;
  if (!version)
    throw badRequest(
      'unknown_procedure',
      'Không có thủ tục hành chính với mã này có hiệu lực vào ngày tiếp nhận.',
      'No procedure with this code is in force on the receipt date.',
      'procedureCode',
    );
  // check the limit before taking a number
  try {
    limitFor(version.data, input.channel);
  } catch (e) {
    rethrow(e);
  }
  let body = ctx.body;
  if (!body) {
    await ensureDefaultReceivingBody(tx);
    body = await receivingBodyOf(tx, actor?.agencyCode ?? null);
  }
  const cal = service ? await service.snapshotForSeq(tx, ctx.calSeq ?? 0) : (calendar as CalendarSnapshot);
  let built: Built;
  try {
    // the code is taken from the counter in the write below; the placeholder is never stored
    built = buildIntake(
      cal,
      input,
      receivedAt,
      version,
      body,
      '',
      opts.status ?? 'received',
      { id: actor?.id ?? null },
      false,
    );
  } catch (e) {
    return rethrow(e);
  }
  const ev = { ...eventValues(built.row.id!, 1, built.event, actor), recordedAt: now } as EventRow;
  const row = {
    processingAgencyCode: null,
    representative: null,
    startDate: null,
    timeLimit: null,
    appointmentAt: null,
    firstAppointmentAt: null,
    apologyAt: null,
    resolvedAt: null,
    timeliness: null,
    returnedAt: null,
    closedAt: null,
    fee: null,
    postal: null,
    field: null,
    createdBy: null,
    ...built.row,
  } as DossierRow;
  // round trip 2, ONE statement: the body's daily number (TT 01/2018 Art 19; atomic under concurrency),
  // the dossier with its code, its first event and the daily counts
  const stats = statsUpsertSql(intakeStatsRows(row, [ev]));
  const [w] = await queryRows<{ code: string }>(
    tx,
    sql`WITH n AS (
          INSERT INTO number_counters (prefix, last) VALUES (${codePrefix(body.agencyCode, date)}, 1)
          ON CONFLICT (prefix) DO UPDATE SET last = number_counters.last + 1 RETURNING last
        ), c AS (
          SELECT ${body.identifier + '-' + yymmdd(date) + '-'}
            || CASE WHEN last < 10000 THEN lpad(last::text, 4, '0') ELSE last::text END AS code FROM n
        ), e AS (${tx.insert(dossierEvents).values(ev).getSQL()})
        ${stats ? sql`, s AS (${stats})` : sql``}
        ${tx
          .insert(dossiers)
          .values({
            ...built.row,
            code: sql`(SELECT code FROM c)`,
            searchKey: sql`(SELECT lower(code) FROM c) || ${built.row.searchKey ? ' ' + built.row.searchKey : ''}`,
          })
          .getSQL()} RETURNING code`,
  );
  row.code = w!.code;
  row.searchKey = searchKey(row.code, built.row.searchKey);
  // the applicant's receipt notice, with their consent (ND 61/2018 Art 17; an online filing: on `accept`)
  if (row.status === 'received')
    await noticeDossierCitizen(tx, row, 'received', { at: now, bodyName: body.name });
  return { row, event: ev, body };
}

function eventValues(
  dossierId: string,
  seq: number,
  e: FoldEvent,
  actor: Pick<Principal, 'id' | 'displayName'> | null,
): typeof dossierEvents.$inferInsert {
  return {
    id: randomUUID(),
    dossierId,
    seq,
    type: e.type,
    at: e.at,
    actorUserId: actor?.id ?? null,
    actorName: actor?.displayName ?? null,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    note: e.note,
    data: e.data,
  };
}

// ---------------------------------------------------------------------------------------------------
// State from stored rows

/** Rebuilds the fold state of a stored dossier from its row, events and steps. */
export function stateOf(row: DossierRow, events: EventRow[], steps: StepRow[]): DossierState {
  let clock: ClockEvent[] = [{ type: 'received', at: row.receivedAt }];
  for (const e of events) {
    if (e.type === 'receive' || e.type === 'accept' || e.type === 'supplement_received')
      clock = [{ type: 'received', at: e.at }];
    else if (e.type === 'request_supplement') clock.push({ type: 'paused', at: e.at, reason: 'supplement' });
    else if (e.type === 'request_payment') clock.push({ type: 'paused', at: e.at, reason: 'other' });
    else if (e.type === 'payment_received') clock.push({ type: 'resumed', at: e.at });
  }
  const status = row.status as DossierStatus;
  let resumeTo: DossierStatus | null = null;
  if (PAUSED_STATUSES.includes(status)) {
    const pause = [...events].reverse().find((e) => e.toStatus === status && e.fromStatus !== status);
    resumeTo = (pause?.fromStatus as DossierStatus | null) ?? 'received';
  }
  return {
    status,
    era: row.era as DossierState['era'],
    limit: (row.timeLimit as AppliedLimit | null) ?? null,
    receivedAt: row.receivedAt,
    startDate: row.startDate,
    appointmentAt: row.appointmentAt,
    firstAppointmentAt: row.firstAppointmentAt,
    apologyAt: row.apologyAt,
    resolvedAt: row.resolvedAt,
    timeliness: row.timeliness as Timeliness | null,
    returnedAt: row.returnedAt,
    closedAt: row.closedAt,
    processingAgencyCode: row.processingAgencyCode,
    returnMethod: row.returnMethod as ReturnMethod,
    fee: (row.fee as FeeState | null) ?? null,
    postal: (row.postal as DossierState['postal']) ?? null,
    version: row.version,
    resumeTo,
    clock,
    steps: steps.map((s) => ({
      seq: s.seq,
      kind: s.kind,
      name: s.name,
      agencyCode: s.agencyCode,
      handedBy: s.handedBy,
      receivedBy: s.receivedBy,
      startedAt: s.startedAt,
      dueAt: s.dueAt,
      finishedAt: s.finishedAt,
      result: s.result as Timeliness | null,
      note: s.note,
    })),
  };
}

/** The columns a fold state sets on the row. */
function rowPatch(s: DossierState) {
  return {
    status: s.status,
    startDate: s.startDate,
    appointmentAt: s.appointmentAt,
    firstAppointmentAt: s.firstAppointmentAt,
    apologyAt: s.apologyAt,
    resolvedAt: s.resolvedAt,
    timeliness: s.timeliness,
    returnedAt: s.returnedAt,
    closedAt: s.closedAt,
    processingAgencyCode: s.processingAgencyCode,
    returnMethod: s.returnMethod,
    fee: s.fee,
    postal: s.postal,
    version: s.version,
  };
}

const stepValues = (dossierId: string, st: StepState): typeof dossierSteps.$inferInsert => ({
  id: randomUUID(),
  dossierId,
  seq: st.seq,
  kind: st.kind,
  name: st.name,
  agencyCode: st.agencyCode,
  handedBy: st.handedBy,
  receivedBy: st.receivedBy,
  startedAt: st.startedAt,
  dueAt: st.dueAt,
  finishedAt: st.finishedAt,
  result: st.result,
  note: st.note,
});

// ---------------------------------------------------------------------------------------------------
// Visibility, roles, scope

/** Whether a principal may see a dossier: office roles all; centre roles their body's; agencies theirs. */
export function canSeeDossier(
  p: Principal,
  d: Pick<DossierRow, 'receivingBodyCode' | 'processingAgencyCode'>,
): boolean {
  if (hasAnyRole(p, OFFICE_ROLES)) return true;
  if (!p.agencyCode) return false;
  return d.receivingBodyCode === p.agencyCode || d.processingAgencyCode === p.agencyCode;
}

/** Whether the principal's roles and agency allow a rule on this dossier (state aside). Admin: always. */
export function mayTakeAction(
  p: Principal,
  rule: DossierTransition,
  d: Pick<DossierRow, 'receivingBodyCode' | 'processingAgencyCode'>,
): boolean {
  if (p.roles.includes('admin')) return true;
  if (!hasAnyRole(p, rule.roles)) return false;
  const atBody = !!p.agencyCode && p.agencyCode === d.receivingBodyCode;
  const atAgency = !!p.agencyCode && p.agencyCode === d.processingAgencyCode;
  if (rule.scope === 'receiving_body') return atBody;
  if (rule.scope === 'processing_agency') return atAgency;
  return atBody || atAgency;
}

/**
 * Whether an action applies to the dossier's data beyond its status (the fold refuses it otherwise):
 * one apology only, delivery only for a postal return not yet delivered, a fee not yet paid, an open step.
 */
export function actionApplies(d: DossierRow, action: string, openSteps: number | null = null): boolean {
  const fee = d.fee as FeeState | null;
  const postal = d.postal as DossierState['postal'];
  switch (action) {
    case 'apologize':
      return !d.apologyAt && !!d.appointmentAt;
    case 'postal_delivered':
      return !!postal && !postal.deliveredOn;
    case 'collect_fee':
      return !!fee?.obligation || fee?.status === 'unpaid' || !fee;
    case 'finish_step':
      return openSteps === null || openSteps > 0;
    default:
      return true;
  }
}

/** Actions this principal may take now (role, scope, era, from-status and the data conditions). */
export function allowedActions(p: Principal, d: DossierRow, openSteps: number | null = null): string[] {
  return Object.values(ACTIONS_BY_NAME)
    .filter(
      (r) =>
        r.from.includes(d.status as DossierStatus) &&
        r.eras.includes(d.era as DossierState['era']) &&
        actionApplies(d, r.action, openSteps) &&
        mayTakeAction(p, r, d),
    )
    .map((r) => r.action);
}
const ACTIONS_BY_NAME: Record<string, DossierTransition> = {};
for (const name of [
  'accept',
  'request_supplement',
  'supplement_received',
  'refuse',
  'transfer',
  'start_step',
  'finish_step',
  'request_payment',
  'payment_received',
  'apologize',
  'withdraw',
  'stop',
  'result_ready',
  'return',
  'postal_delivered',
  'collect_fee',
])
  ACTIONS_BY_NAME[name] = transitionFor(name)!;

export const isCentreRole = (p: Principal) => hasAnyRole(p, CENTRE_ROLES);

// ---------------------------------------------------------------------------------------------------
// Actions

export interface ActionRequest extends ActionBody {
  action: string;
  /** the dossier version the client saw; ≠ current → 409 `stale` */
  expectedVersion?: number;
}

async function loadForUpdate(tx: Tx, code: string): Promise<DossierRow | null> {
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`SELECT id FROM dossiers WHERE code = ${code} FOR UPDATE`,
  );
  if (!rows[0]) return null;
  const [row] = await tx.select().from(dossiers).where(eq(dossiers.id, rows[0].id));
  return row ?? null;
}

async function procedureAgency(tx: Tx, row: DossierRow): Promise<string | null> {
  const [v] = await tx
    .select({ data: procedureVersions.data })
    .from(procedureVersions)
    .where(eq(procedureVersions.id, row.procedureVersionId));
  return (v?.data as ProcedureData | undefined)?.agencyCode ?? null;
}

/**
 * Takes one action on a dossier (`POST /api/dossiers/{code}/actions`): ONE transaction.
 * Locks the row (`SELECT … FOR UPDATE`: concurrent actions serialise; the second identical one fails its
 * `from` check → 409 `invalid_transition`). Errors: 400 `unknown_action` (path `action`) or a body field;
 * 404 not found / not visible; 403 role or scope; 409 `stale` (expectedVersion ≠ version),
 * `invalid_transition`, `already_rescheduled`…; 422 `apology_too_late`.
 * @returns the updated row
 */
export async function takeDossierAction(
  tx: Tx,
  cal: CalendarSnapshot,
  actor: Principal,
  code: string,
  req: ActionRequest,
  opts: { now?: Date; gateway?: PaymentGateway } = {},
): Promise<DossierRow> {
  const rule = transitionFor(req.action);
  if (!rule)
    throw badRequest('unknown_action', 'Thao tác không hợp lệ.', `Unknown action "${req.action}".`, 'action');
  const before = await loadForUpdate(tx, code);
  if (!before || !canSeeDossier(actor, before)) throw notFound('hồ sơ / dossier');
  if (!mayTakeAction(actor, rule, before)) throw forbidden();
  if (req.expectedVersion !== undefined && req.expectedVersion !== before.version)
    throw conflict(
      'stale',
      'Hồ sơ đã được người khác cập nhật; hãy tải lại.',
      'The dossier changed since you loaded it; reload.',
      'expectedVersion',
    );
  const events = await tx
    .select()
    .from(dossierEvents)
    .where(eq(dossierEvents.dossierId, before.id))
    .orderBy(asc(dossierEvents.seq));
  const steps = await tx
    .select()
    .from(dossierSteps)
    .where(eq(dossierSteps.dossierId, before.id))
    .orderBy(asc(dossierSteps.seq));
  const prev = stateOf(before, events, steps);
  const at = opts.now ?? new Date();
  const { action: _a, expectedVersion: _v, ...body } = req;
  let result;
  try {
    result = applyAction(
      prev,
      { action: req.action, at, body: { ...body, actorName: actor.displayName } },
      { cal, procedureAgencyCode: await procedureAgency(tx, before) },
    );
  } catch (e) {
    return rethrow(e);
  }
  const s = result.state;
  if (result.payment) {
    const rec = await (opts.gateway ?? defaultPaymentGateway).collect(tx, {
      dossierId: before.id,
      receivingBodyCode: before.receivingBodyCode,
      amount: result.payment.amount,
      receiptNumber: result.payment.receiptNumber,
      stage: result.payment.stage,
      at,
      createdBy: actor.id,
    });
    s.fee = { ...s.fee!, receiptNumber: rec.receiptNumber };
    result.event.data = { ...result.event.data, receiptNumber: rec.receiptNumber };
  }
  const prevMax = prev.steps.at(-1)?.seq ?? 0;
  for (const seq of result.touchedSteps) {
    const st = s.steps.find((x) => x.seq === seq)!;
    if (seq > prevMax) await tx.insert(dossierSteps).values(stepValues(before.id, st));
    else
      await tx
        .update(dossierSteps)
        .set({ finishedAt: st.finishedAt, result: st.result, receivedBy: st.receivedBy, note: st.note })
        .where(and(eq(dossierSteps.dossierId, before.id), eq(dossierSteps.seq, seq)));
  }
  const [ev] = await tx
    .insert(dossierEvents)
    .values(eventValues(before.id, (events.at(-1)?.seq ?? 0) + 1, result.event, actor))
    .returning();
  const [after] = await tx
    .update(dossiers)
    .set({ ...rowPatch(s), updatedAt: at })
    .where(eq(dossiers.id, before.id))
    .returning();
  await applyDossierChange(tx, { before, after: after!, events: [ev!] });
  // the applicant's notice of this step, with their consent (issue 7; notifications/citizen.ts)
  const notice = dossierActionNotice(req.action);
  if (notice) await noticeDossierCitizen(tx, after!, notice, { at, seq: ev!.seq });
  return after!;
}

// ---------------------------------------------------------------------------------------------------
// Ratings (TT 01/2018 Art 13–15)

export interface RatingInput {
  channel: 'kiosk' | 'paper' | 'web';
  vote: 'satisfied' | 'neutral' | 'unsatisfied';
  indices?: Partial<Record<'i1' | 'i2' | 'i3' | 'i4' | 'i6' | 'i7', number>> | null;
  comment?: string | null;
}

/**
 * The per-dossier indices of a rating (TT 01/2018 Art 13–15, each 0/1/2) and their score (sum of the
 * indices present). Without given indices, i1 (time vs limit: shorter 2, equal 1, longer 0) and i7
 * (timeliness and conduct: early 2, on time 1; late read as 0) are derived from the dossier's timeliness
 * when it is resolved; the others stay unknown (null). `derived` lists the derived ones.
 */
export function ratingIndices(
  given: RatingInput['indices'],
  timeliness: Timeliness | null,
): { indices: Record<string, number | null>; derived: string[]; score: number | null } {
  const idx: Record<string, number | null> = { i1: null, i2: null, i3: null, i4: null, i6: null, i7: null };
  const derived: string[] = [];
  if (given && Object.keys(given).length) Object.assign(idx, given);
  else if (timeliness) {
    const v = timeliness === 'early' ? 2 : timeliness === 'on_time' ? 1 : 0;
    idx.i1 = v;
    idx.i7 = v;
    derived.push('i1', 'i7');
  }
  const vals = Object.values(idx).filter((x): x is number => x !== null);
  return { indices: idx, derived, score: vals.length ? vals.reduce((a, b) => a + b, 0) : null };
}

/**
 * Records the one satisfaction rating of a dossier (409 `already_rated` for a second). The rater's
 * identity is not stored (ND 61/2018 Art 27); `enteredBy` = the staff typing a paper form or running the
 * kiosk, null on the web.
 */
export async function rateDossier(
  tx: Tx,
  row: DossierRow,
  input: RatingInput,
  enteredBy: string | null,
  now = new Date(),
) {
  await queryRows(tx, sql`SELECT id FROM dossiers WHERE id = ${row.id} FOR UPDATE`);
  const [dup] = await tx
    .select({ id: dossierRatings.id })
    .from(dossierRatings)
    .where(eq(dossierRatings.dossierId, row.id));
  if (dup)
    throw conflict(
      'already_rated',
      'Hồ sơ này đã được đánh giá.',
      'This dossier has already been rated.',
      'dossier',
    );
  // Rated once the dossier has left the open states (result ready or returned, refused, withdrawn,
  // stopped): index 1 (time vs limit) needs the outcome (TT 01/2018 Art 13–15).
  if ((OPEN_STATUSES as readonly string[]).includes(row.status))
    throw conflict(
      'not_yet_resolved',
      'Hồ sơ chưa có kết quả, chưa thể đánh giá.',
      'The dossier has no result yet and cannot be rated.',
      'dossier',
    );
  const { indices, derived, score } = ratingIndices(input.indices, row.timeliness as Timeliness | null);
  const [rating] = await tx
    .insert(dossierRatings)
    .values({
      id: randomUUID(),
      dossierId: row.id,
      channel: input.channel,
      vote: input.vote,
      indices: { ...indices, derived },
      score,
      comment: cleanText(input.comment),
      enteredBy,
      at: now,
    })
    .returning();
  await applyDossierChange(tx, { before: row, after: row, events: [], ratings: [rating!] });
  return rating!;
}

// ---------------------------------------------------------------------------------------------------
// Import

export interface ImportAction extends ActionBody {
  action: string;
  /** ISO datetime of the action */
  at: string | Date;
}

export interface ImportItem extends IntakeInput {
  receivedAt: string | Date;
  /** the receiving body's agency code (default VP-TTHC) */
  receivingBodyCode?: string | null;
  /** 'received' (default) or 'new' (online not yet accepted) */
  initialStatus?: 'new' | 'received';
  actions?: ImportAction[];
  rating?: (RatingInput & { at: string | Date }) | null;
}

export interface ImportResult {
  dossiers: number;
  events: number;
  steps: number;
  payments: number;
  ratings: number;
  codes: string[];
}

/** Reserves `n` numbers for each counter prefix in ONE statement; returns the first number of each. */
async function reserveMany(tx: Tx, counts: Map<string, number>): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (!counts.size) return out;
  const entries = [...counts.entries()];
  for (let i = 0; i < entries.length; i += 1000) {
    const part = entries.slice(i, i + 1000);
    const rows = await queryRows<{ prefix: string; last: number }>(
      tx,
      sql`INSERT INTO number_counters (prefix, last) VALUES ${sql.join(
        part.map(([p, n]) => sql`(${p}, ${n})`),
        sql`, `,
      )} ON CONFLICT (prefix) DO UPDATE SET last = number_counters.last + excluded.last RETURNING prefix, last`,
    );
    for (const r of rows) out.set(r.prefix, Number(r.last) - counts.get(r.prefix)! + 1);
  }
  return out;
}

/**
 * Imports dossier histories (demo data, bulk migration) in the caller's transaction: each item is an
 * intake (with `receivedAt`) plus dated actions, folded with the SAME rules as `takeDossierAction`
 * (`applyAction`; no role checks: system actor). Rows are built in memory and written with multi-row
 * INSERTs (chunks of 500); codes and receipt numbers come from the same atomic counters; the report
 * counts are recomputed once at the end (`recountDossierStats`). An invalid item → 400 with path
 * `items[i]…`; nothing is written.
 */
export async function importDossiers(
  tx: Tx,
  cal: CalendarSnapshot,
  items: readonly ImportItem[],
  opts: { demo?: boolean; now?: Date } = {},
): Promise<ImportResult> {
  const now = opts.now ?? new Date();
  const versions = await loadVersions(tx, [...new Set(items.map((i) => i.procedureCode))]);
  const bodies = await bodiesByCode(tx, [
    ...new Set(items.map((i) => i.receivingBodyCode ?? DEFAULT_RECEIVING_BODY)),
  ]);
  // pass 1: versions, bodies, code prefixes
  const prepared = items.map((item, i) => {
    const receivedAt = new Date(item.receivedAt);
    if (Number.isNaN(receivedAt.getTime()))
      throw badRequest(
        'invalid_datetime',
        'Ngày giờ không hợp lệ.',
        'Invalid datetime.',
        `items[${i}].receivedAt`,
      );
    checkReceivedAt(receivedAt, now);
    const date = toHcmDate(receivedAt);
    const version = versionOn(versions.get(item.procedureCode), date);
    if (!version)
      throw badRequest(
        'unknown_procedure',
        'Không có thủ tục hành chính với mã này có hiệu lực vào ngày tiếp nhận.',
        'No procedure with this code is in force on the receipt date.',
        `items[${i}].procedureCode`,
      );
    const body = bodies.get(item.receivingBodyCode ?? DEFAULT_RECEIVING_BODY);
    if (!body)
      throw badRequest(
        'unknown_receiving_body',
        'Không phải bộ phận một cửa.',
        'Not a receiving body.',
        `items[${i}].receivingBodyCode`,
      );
    return { i, item, receivedAt, date, version, body, prefix: codePrefix(body.agencyCode, date) };
  });
  const counts = new Map<string, number>();
  for (const p of prepared) counts.set(p.prefix, (counts.get(p.prefix) ?? 0) + 1);
  const firsts = await reserveMany(tx, counts);
  // sequence within a day follows the receipt time
  const order = [...prepared].sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
  const codes = new Array<string>(prepared.length);
  const next = new Map(firsts);
  for (const p of order) {
    const n = next.get(p.prefix)!;
    next.set(p.prefix, n + 1);
    codes[p.i] = dossierCode(p.body.identifier, p.date, n);
  }

  const rows: (typeof dossiers.$inferInsert)[] = [];
  const evRows: (typeof dossierEvents.$inferInsert)[] = [];
  const stRows: (typeof dossierSteps.$inferInsert)[] = [];
  const payRows: { row: typeof dossierPayments.$inferInsert; prefix: string; fixed: boolean }[] = [];
  const ratingRows: (typeof dossierRatings.$inferInsert)[] = [];
  for (const p of prepared) {
    const path = `items[${p.i}]`;
    let built: Built;
    try {
      built = buildIntake(
        cal,
        p.item,
        p.receivedAt,
        p.version,
        p.body,
        codes[p.i]!,
        p.item.initialStatus ?? 'received',
        { id: null },
        opts.demo ?? false,
      );
    } catch (e) {
      if (e instanceof DossierRuleError)
        throw new AppError(e.status, e.code, e.messageVi, e.messageEn, `${path}.${e.path ?? ''}`);
      throw e;
    }
    const id = built.row.id!;
    let state = built.state;
    evRows.push(eventValues(id, 1, built.event, null));
    let lastAt = p.receivedAt.getTime();
    (p.item.actions ?? []).forEach((a, k) => {
      const at = new Date(a.at);
      const apath = `${path}.actions[${k}]`;
      if (Number.isNaN(at.getTime()) || at.getTime() < lastAt || at.getTime() > now.getTime() + 60_000)
        throw badRequest(
          'invalid_action_time',
          'Thời điểm thao tác không hợp lệ (phải theo thứ tự, không ở tương lai).',
          'Action time invalid (must be in order and not in the future).',
          `${apath}.at`,
        );
      lastAt = at.getTime();
      const { action, at: _at, ...body } = a;
      let r;
      try {
        r = applyAction(state, { action, at, body }, { cal, procedureAgencyCode: p.version.data.agencyCode });
      } catch (e) {
        if (e instanceof DossierRuleError)
          throw new AppError(e.status, e.code, e.messageVi, e.messageEn, `${apath}.${e.path ?? 'action'}`);
        throw e;
      }
      if (r.payment) {
        const prefix = receiptPrefix(p.body.agencyCode, toHcmDate(at).slice(0, 4));
        const payId = randomUUID();
        payRows.push({
          prefix,
          fixed: !!r.payment.receiptNumber,
          row: {
            id: payId,
            dossierId: id,
            amount: r.payment.amount,
            status: 'paid',
            receiptNumber: r.payment.receiptNumber,
            provider: 'log',
            providerRef: `log:${payId}`,
            stage: r.payment.stage,
            at,
            createdBy: null,
          },
        });
        r.event.data = { ...r.event.data, paymentId: payId };
      }
      evRows.push(eventValues(id, r.state.version, r.event, null));
      state = r.state;
    });
    for (const st of state.steps) stRows.push(stepValues(id, st));
    rows.push({ ...built.row, ...rowPatch(state), updatedAt: new Date(lastAt) });
    if (p.item.rating) {
      const { indices, derived, score } = ratingIndices(p.item.rating.indices, state.timeliness);
      ratingRows.push({
        id: randomUUID(),
        dossierId: id,
        channel: p.item.rating.channel,
        vote: p.item.rating.vote,
        indices: { ...indices, derived },
        score,
        comment: cleanText(p.item.rating.comment),
        enteredBy: null,
        at: new Date(p.item.rating.at),
      });
    }
  }
  // receipt numbers, per body per year
  const payCounts = new Map<string, number>();
  for (const pr of payRows) if (!pr.fixed) payCounts.set(pr.prefix, (payCounts.get(pr.prefix) ?? 0) + 1);
  const payNext = await reserveMany(tx, payCounts);
  for (const pr of payRows.sort((a, b) => (a.row.at as Date).getTime() - (b.row.at as Date).getTime())) {
    if (pr.fixed) continue;
    const n = payNext.get(pr.prefix)!;
    payNext.set(pr.prefix, n + 1);
    pr.row.receiptNumber = `${pr.prefix}-${String(n).padStart(6, '0')}`;
  }
  const receiptById = new Map(payRows.map((pr) => [pr.row.id, pr.row.receiptNumber]));
  for (const ev of evRows) {
    const d = ev.data as Record<string, unknown> | null;
    if (d && typeof d.paymentId === 'string') d.receiptNumber = receiptById.get(d.paymentId);
  }
  // fee receipt numbers on the rows
  const lastReceipt = new Map<string, string>();
  for (const pr of payRows) lastReceipt.set(pr.row.dossierId, pr.row.receiptNumber!);
  for (const r of rows) {
    const rn = lastReceipt.get(r.id!);
    if (rn && r.fee) r.fee = { ...(r.fee as FeeState), receiptNumber: rn };
  }

  await bulkInsert(tx, dossiers, rows);
  await bulkInsert(tx, dossierEvents, evRows);
  await bulkInsert(tx, dossierSteps, stRows);
  await bulkInsert(
    tx,
    dossierPayments,
    payRows.map((p) => p.row),
  );
  await bulkInsert(tx, dossierRatings, ratingRows);
  await recountDossierStats(tx);
  return {
    dossiers: rows.length,
    events: evRows.length,
    steps: stRows.length,
    payments: payRows.length,
    ratings: ratingRows.length,
    codes,
  };
}
