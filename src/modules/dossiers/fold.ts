/**
 * The dossier lifecycle as ONE pure fold: `applyAction(state, input, ctx)` → the next state, the event to
 * append, the control-sheet steps it touched and the payment it records. Used by `takeDossierAction`
 * (one action over HTTP) and by `importDossiers` (bulk history) — the rules live here and in
 * `rules.ts` (DOSSIER_TRANSITIONS), nowhere else.
 *
 * Clock rules (REFERENCE §2, §7; docs/calendar.md):
 * - intake / acceptance: `computeDeadline(cal, { ...ONE_STOP_DOSSIER, amount, unit }, at)` — received after
 *   15:00 or on a non-working day counts from the next working day; N working days end at 24:00 of the N-th
 *   working day after (ND 61/2018 Art 18; BLDS 2015 Art 147–148); hours count from the instant.
 * - supplement: the clock pauses; when the complete dossier arrives it restarts FROM ZERO with the cut-off
 *   (ND 61/2018 Art 19 cl.4) — replayed with `computeClock`.
 * - financial obligation (awaiting_payment): the clock stops and resumes with the remaining units (kernel
 *   default pause rule 'other').
 * - apology (ND 61/2018 Art 19 cl.9): at the latest on the working day before the appointment date, once;
 *   the new date is stored in `apologyAt` and never replaces the appointment in force.
 *
 * Role and scope checks are NOT here (they depend on the actor): see `mayTakeAction` in service.ts.
 */
import {
  addWorkingDays,
  computeClock,
  computeDeadline,
  effectiveStart,
  endOfDay,
  ONE_STOP_DOSSIER,
  toHcmDate,
  type CalendarSnapshot,
  type ClockEvent,
} from '../../kernel/calendar/index.ts';
import type { LimitUnit } from '../procedures/types.ts';
import {
  PAUSED_STATUSES,
  transitionFor,
  type DossierStatus,
  type Era,
  type ReturnMethod,
  type Timeliness,
} from './rules.ts';

/** A fold error: HTTP status, code, messages and the body path of the bad field. */
export class DossierRuleError extends Error {
  constructor(
    readonly status: 400 | 404 | 409 | 422,
    readonly code: string,
    readonly messageVi: string,
    readonly messageEn: string,
    readonly path: string | null = null,
  ) {
    super(messageEn);
  }
}

/** The limit applied to a dossier (from the procedure version, channel picked at intake). */
export interface AppliedLimit {
  value: number;
  unit: LimitUnit;
  /** the catalogue channel whose limit was used */
  channel: string;
  text?: string | null;
}

export interface StepState {
  seq: number;
  /** 'transfer' | 'internal' | 'inter_agency' */
  kind: string;
  name: string;
  agencyCode: string | null;
  handedBy: string | null;
  receivedBy: string | null;
  startedAt: Date;
  dueAt: Date | null;
  finishedAt: Date | null;
  result: Timeliness | null;
  note: string | null;
}

export interface FeeState {
  /** VND; null = the catalogue does not state it */
  amount: number | null;
  collectAt: 'intake' | 'before_return';
  status: 'unpaid' | 'paid' | 'waived';
  receiptNumber?: string | null;
  /** amount requested by `request_payment` (financial obligation), VND */
  obligation?: number | null;
}

export interface PostalState {
  itemCode: string;
  sentOn: string;
  deliveredOn: string | null;
}

/** The mutable part of a dossier the fold works on (mirrors the `dossiers` columns + derived history). */
export interface DossierState {
  status: DossierStatus;
  era: Era;
  limit: AppliedLimit | null;
  receivedAt: Date;
  startDate: string | null;
  appointmentAt: Date | null;
  firstAppointmentAt: Date | null;
  apologyAt: Date | null;
  resolvedAt: Date | null;
  timeliness: Timeliness | null;
  returnedAt: Date | null;
  closedAt: Date | null;
  processingAgencyCode: string | null;
  returnMethod: ReturnMethod;
  fee: FeeState | null;
  postal: PostalState | null;
  version: number;
  /** status to go back to when a pause ends (derived from the pause event) */
  resumeTo: DossierStatus | null;
  /** clock replay log since the last (re)start: received/accepted, pauses, resumptions */
  clock: ClockEvent[];
  steps: StepState[];
}

/** An action's body (validated for types by the route's zod schema; rules checked here). */
export interface ActionBody {
  note?: string | null;
  missing?: string[];
  reasons?: string[];
  agencyCode?: string | null;
  kind?: 'internal' | 'inter_agency';
  name?: string;
  dueAt?: string | null;
  value?: number;
  unit?: LimitUnit;
  stepSeq?: number;
  amount?: number;
  newDate?: string;
  method?: ReturnMethod;
  postal?: { itemCode?: string; sentOn?: string | null };
  deliveredOn?: string;
  receiptNumber?: string | null;
  actorName?: string | null;
}

export interface FoldContext {
  cal: CalendarSnapshot;
  /** the procedure's competent agency in the version the dossier keeps (default of `transfer`) */
  procedureAgencyCode: string | null;
}

export interface FoldEvent {
  type: string;
  at: Date;
  fromStatus: DossierStatus | null;
  toStatus: DossierStatus;
  note: string | null;
  data: Record<string, unknown> | null;
}

export interface FoldResult {
  state: DossierState;
  event: FoldEvent;
  /** seqs of the steps inserted or changed */
  touchedSteps: number[];
  /** a payment to record through the gateway (collect_fee) */
  payment: { amount: number; receiptNumber: string | null; stage: 'intake' | 'before_return' } | null;
}

// ---------------------------------------------------------------------------------------------------
// Pure helpers

/** The last day of a deadline instant (24:00 of D is read as D), Asia/Ho_Chi_Minh. */
export const dueDateOf = (dueAt: Date): string => toHcmDate(new Date(dueAt.getTime() - 1));

/**
 * Timeliness of something done at `doneAt` against a deadline `dueAt` (TT 01/2018 Mẫu 05):
 * after the deadline instant → late; on an earlier day than the deadline's last day → early; else on time.
 */
export function timelinessOf(doneAt: Date, dueAt: Date): Timeliness {
  if (doneAt.getTime() > dueAt.getTime()) return 'late';
  return toHcmDate(doneAt) < dueDateOf(dueAt) ? 'early' : 'on_time';
}

/** Re-exported from the calendar kernel (one implementation). */
import { isoHcm } from '../../kernel/calendar/dates.ts';
export { isoHcm };

/**
 * A deadline instant as ISO +07:00: 24:00 of day D (day-unit limits end at 24:00, BLDS Art 148) is shown
 * as `D T23:59:59+07:00` so the date part is the last day; other instants as `isoHcm`.
 */
export function isoDeadline(d: Date | null | undefined): string | null {
  if (!d) return null;
  const ms = d.getTime();
  const local = (ms + 7 * 3_600_000) % 86_400_000;
  return isoHcm(local === 0 ? new Date(ms - 1000) : d);
}

/** The deadline of a limit triggered at `at` (ND 61/2018 Art 18 cut-off for day units). */
export function deadlineFrom(cal: CalendarSnapshot, limit: AppliedLimit, at: Date) {
  return computeDeadline(cal, { ...ONE_STOP_DOSSIER, amount: limit.value, unit: limit.unit }, at);
}

/**
 * Whether an apology sent at `at` is in time: at the latest on the working day before the appointment
 * date (ND 61/2018 Art 19 cl.9 "chậm nhất 01 ngày trước ngày hết hạn"; "ngày" read as a WORKING day, the
 * day the one-stop can still inform the applicant). Returns the last allowed date.
 */
export function apologyDeadline(cal: CalendarSnapshot, appointmentAt: Date): string {
  return addWorkingDays(cal, dueDateOf(appointmentAt), -1);
}

/**
 * Whether the apology's new date was kept: resolved (result ready) by 24:00 of the new date. `null` when
 * there was no apology or the dossier is not resolved yet. An apology never changes `timeliness`.
 */
export function apologyKept(row: { apologyAt: Date | null; resolvedAt: Date | null }): boolean | null {
  if (!row.apologyAt || !row.resolvedAt) return null;
  return row.resolvedAt.getTime() <= row.apologyAt.getTime();
}

/**
 * Pending state of a dossier as of a cut-off instant: `null` when it was not pending then (not yet
 * received, or resolved/closed by then); `within_limit` when the appointment in force had not passed
 * (or the clock is paused, or there is no limit); `over_limit` when 24:00 of the appointment date passed.
 * Uses the CURRENT row: a past cut-off before a later supplement restart reads today's appointment.
 */
export function pendingState(
  row: {
    receivedAt: Date;
    closedAt: Date | null;
    resolvedAt: Date | null;
    appointmentAt: Date | null;
    status: string;
  },
  asOf: Date,
): 'within_limit' | 'over_limit' | null {
  const t = asOf.getTime();
  if (row.receivedAt.getTime() > t) return null;
  const end = row.resolvedAt ?? row.closedAt;
  if (end && end.getTime() <= t) return null;
  if (!row.appointmentAt) return 'within_limit';
  if (!end && PAUSED_STATUSES.includes(row.status as DossierStatus)) return 'within_limit';
  return row.appointmentAt.getTime() < t ? 'over_limit' : 'within_limit';
}

const err = (status: 400 | 409 | 422, code: string, vi: string, en: string, path: string | null = null) =>
  new DossierRuleError(status, code, vi, en, path);

const clean = (s: string | null | undefined) => (s ?? '').normalize('NFC').trim();

function requireBody(action: string, body: ActionBody): void {
  const rule = transitionFor(action)!;
  for (const r of rule.requires) {
    if (r === 'note' && !clean(body.note))
      throw err(400, 'required', 'Cần nêu nội dung / lý do.', 'A note (reason) is required.', 'note');
    if (r === 'reasons' && !(body.reasons ?? []).some((x) => clean(x)))
      throw err(400, 'required', 'Cần nêu lý do từ chối.', 'At least one reason is required.', 'reasons');
    if (r === 'missing' && !(body.missing ?? []).some((x) => clean(x)))
      throw err(
        400,
        'required',
        'Cần nêu thành phần hồ sơ cần bổ sung.',
        'List the missing items.',
        'missing',
      );
    if (r === 'new_date' && !body.newDate)
      throw err(400, 'required', 'Cần ngày hẹn trả mới.', 'The new date is required.', 'newDate');
    if (r === 'step' && !clean(body.name))
      throw err(400, 'required', 'Cần tên bước xử lý.', 'The step name is required.', 'name');
    if (r === 'amount' && (body.amount === undefined || body.amount === null))
      throw err(400, 'required', 'Cần số tiền.', 'The amount is required.', 'amount');
  }
}

function clockDue(cal: CalendarSnapshot, state: DossierState, clock: ClockEvent[]) {
  if (!state.limit) return null;
  const c = computeClock(
    cal,
    { ...ONE_STOP_DOSSIER, amount: state.limit.value, unit: state.limit.unit },
    clock,
  );
  return c.dueAt;
}

/**
 * Applies one action at instant `at`. Checks the action exists, its era, its `from` statuses (409
 * `invalid_transition` otherwise: the state changed or the action does not apply now) and its body rules.
 * @throws DossierRuleError
 */
export function applyAction(
  prev: DossierState,
  input: { action: string; at: Date; body: ActionBody },
  ctx: FoldContext,
): FoldResult {
  const { action, at, body } = input;
  const rule = transitionFor(action);
  if (!rule)
    throw err(400, 'unknown_action', 'Thao tác không hợp lệ.', `Unknown action "${action}".`, 'action');
  if (!rule.eras.includes(prev.era))
    throw err(
      400,
      'not_in_era',
      'Thao tác này không áp dụng cho hồ sơ tiếp nhận trước ngày 01/7/2025 (ND 118/2025 Art 21).',
      `Action "${action}" does not exist in the ${prev.era} rules (stop notices: ND 118/2025, from 2025-07-01).`,
      'action',
    );
  if (!rule.from.includes(prev.status))
    throw err(
      409,
      'invalid_transition',
      `Không thể thực hiện thao tác này khi hồ sơ ở trạng thái "${prev.status}".`,
      `Action "${action}" is not allowed in status "${prev.status}".`,
      'action',
    );
  requireBody(action, body);
  const cal = ctx.cal;
  const s: DossierState = {
    ...prev,
    clock: [...prev.clock],
    steps: prev.steps.map((x) => ({ ...x })),
    fee: prev.fee ? { ...prev.fee } : null,
    postal: prev.postal ? { ...prev.postal } : null,
  };
  const touched: number[] = [];
  let payment: FoldResult['payment'] = null;
  const data: Record<string, unknown> = {};
  const note = clean(body.note) || null;
  let to: DossierStatus =
    rule.to === 'same' ? prev.status : rule.to === 'resume' ? (prev.resumeTo ?? 'received') : rule.to;

  const addStep = (st: Omit<StepState, 'seq'>) => {
    const seq = (s.steps.at(-1)?.seq ?? 0) + 1;
    s.steps.push({ seq, ...st });
    touched.push(seq);
    return seq;
  };

  switch (action) {
    case 'accept': {
      // ND 61/2018 Art 17 cl.3: an online dossier counts as received when the one-stop accepts it.
      s.clock = [{ type: 'received', at }];
      if (s.limit) {
        const d = deadlineFrom(cal, s.limit, at);
        s.startDate = d.startDate;
        s.appointmentAt = d.dueAt;
        s.firstAppointmentAt = d.dueAt;
      }
      data.appointmentAt = isoDeadline(s.appointmentAt);
      break;
    }
    case 'request_supplement': {
      s.resumeTo = prev.status;
      s.clock.push({ type: 'paused', at, reason: 'supplement' });
      data.missing = (body.missing ?? []).map(clean).filter(Boolean);
      break;
    }
    case 'request_payment': {
      if (!Number.isInteger(body.amount) || (body.amount ?? -1) < 0)
        throw err(400, 'invalid_amount', 'Số tiền không hợp lệ.', 'Invalid amount (VND).', 'amount');
      s.resumeTo = prev.status;
      s.clock.push({ type: 'paused', at, reason: 'other' });
      s.fee = {
        ...(s.fee ?? { amount: null, collectAt: 'before_return', status: 'unpaid' }),
        obligation: body.amount!,
      };
      data.amount = body.amount;
      break;
    }
    case 'supplement_received':
    case 'payment_received': {
      to = prev.resumeTo ?? 'received';
      s.resumeTo = null;
      s.clock.push({ type: 'resumed', at });
      const due = to === 'new' || !s.limit ? null : clockDue(cal, s, s.clock);
      // ND 61/2018 Art 19 cl.4: restart from zero — a new receipt as far as the clock goes
      // (stateOf rebuilds the same clock from the events)
      if (action === 'supplement_received') s.clock = [{ type: 'received', at }];
      if (to === 'new' || !s.limit) break;
      if (action === 'supplement_received')
        s.startDate = effectiveStart(cal, at, s.limit.unit === 'working_hours' ? null : '15:00');
      s.appointmentAt = due;
      data.appointmentAt = isoDeadline(due);
      break;
    }
    case 'refuse': {
      data.reasons = (body.reasons ?? []).map(clean).filter(Boolean);
      s.closedAt = at;
      break;
    }
    case 'withdraw':
    case 'stop': {
      s.closedAt = at;
      break;
    }
    case 'transfer': {
      const agency = clean(body.agencyCode) || ctx.procedureAgencyCode;
      if (!agency)
        throw err(
          400,
          'agency_required',
          'Thủ tục không ghi cơ quan giải quyết: cần chọn cơ quan.',
          'The procedure names no competent agency: give agencyCode.',
          'agencyCode',
        );
      s.processingAgencyCode = agency;
      // ND 61/2018 Art 18: transfer the same working day; received after 15:00 → the next working day.
      const clockStart = s.clock[0]?.at ?? s.receivedAt;
      const due = endOfDay(effectiveStart(cal, clockStart, '15:00'));
      addStep({
        kind: 'transfer',
        name: 'Chuyển hồ sơ đến cơ quan giải quyết',
        agencyCode: agency,
        handedBy: body.actorName ?? null,
        receivedBy: null,
        startedAt: at,
        dueAt: due,
        finishedAt: at,
        result: timelinessOf(at, due),
        note,
      });
      data.agencyCode = agency;
      break;
    }
    case 'start_step': {
      let due: Date | null = null;
      // a step time is a value WITH its unit (never guessed), or a due instant
      if (!body.dueAt && (body.value !== undefined) !== (body.unit !== undefined))
        throw err(
          400,
          'required',
          body.unit === undefined ? 'Thời hạn bước cần đơn vị tính.' : 'Cần số lượng thời hạn của bước.',
          body.unit === undefined ? 'A step time needs its unit.' : 'A step unit needs its value.',
          body.unit === undefined ? 'unit' : 'value',
        );
      if (body.dueAt) due = new Date(body.dueAt);
      else if (body.value !== undefined && body.unit) {
        if (!(body.value > 0))
          throw err(400, 'invalid_value', 'Thời hạn bước phải > 0.', 'Step time must be > 0.', 'value');
        due = computeDeadline(cal, { amount: body.value, unit: body.unit, cutoff: null }, at).dueAt;
      }
      if (due && due.getTime() < at.getTime())
        throw err(
          400,
          'due_before_start',
          'Hạn của bước trước thời điểm bắt đầu.',
          'The step is due before it starts.',
          'dueAt',
        );
      const seq = addStep({
        kind: body.kind ?? 'internal',
        name: clean(body.name),
        agencyCode: clean(body.agencyCode) || s.processingAgencyCode,
        handedBy: body.actorName ?? null,
        receivedBy: null,
        startedAt: at,
        dueAt: due,
        finishedAt: null,
        result: null,
        note,
      });
      data.stepSeq = seq;
      break;
    }
    case 'finish_step': {
      const open = s.steps.filter((x) => !x.finishedAt);
      const step =
        body.stepSeq !== undefined ? s.steps.find((x) => x.seq === body.stepSeq) : open[open.length - 1];
      if (!step)
        throw err(
          body.stepSeq !== undefined ? 400 : 409,
          'no_open_step',
          'Không có bước xử lý đang mở.',
          'No open step to finish.',
          body.stepSeq !== undefined ? 'stepSeq' : null,
        );
      if (step.finishedAt)
        throw err(409, 'step_finished', 'Bước này đã hoàn thành.', 'That step is finished.', 'stepSeq');
      step.finishedAt = at;
      step.receivedBy = body.actorName ?? null;
      step.result = step.dueAt ? timelinessOf(at, step.dueAt) : null;
      if (note) step.note = note;
      touched.push(step.seq);
      data.stepSeq = step.seq;
      data.result = step.result;
      break;
    }
    case 'apologize': {
      if (prev.apologyAt)
        throw err(
          409,
          'already_rescheduled',
          'Hồ sơ đã được hẹn lại một lần (ND 61/2018 Art 19 cl.9: chỉ hẹn lại một lần).',
          'The dossier was already rescheduled once (only one re-appointment, ND 61/2018 Art 19 cl.9).',
          'action',
        );
      if (!s.appointmentAt)
        throw err(409, 'no_appointment', 'Hồ sơ chưa có ngày hẹn trả.', 'No appointment to move.', 'action');
      const last = apologyDeadline(cal, s.appointmentAt);
      if (toHcmDate(at) > last)
        throw err(
          422,
          'apology_too_late',
          `Phải xin lỗi, hẹn lại chậm nhất 01 ngày làm việc trước ngày hẹn (hạn gửi: ${last}; ND 61/2018 Art 19 cl.9).`,
          `The apology must be sent at least one working day before the appointment date (last day: ${last}; ND 61/2018 Art 19 cl.9).`,
          'action',
        );
      const newDate = body.newDate!;
      if (newDate <= dueDateOf(s.appointmentAt))
        throw err(
          400,
          'new_date_not_after',
          'Ngày hẹn mới phải sau ngày hẹn trả hiện tại.',
          'The new date must be after the appointment in force.',
          'newDate',
        );
      s.apologyAt = endOfDay(newDate);
      data.newDate = newDate;
      data.appointmentAt = isoDeadline(s.appointmentAt);
      break;
    }
    case 'result_ready': {
      s.resolvedAt = at;
      s.closedAt = at;
      s.timeliness = s.appointmentAt ? timelinessOf(at, s.appointmentAt) : null;
      data.timeliness = s.timeliness;
      if (s.apologyAt) data.apologyKept = at.getTime() <= s.apologyAt.getTime();
      break;
    }
    case 'return': {
      const method = body.method ?? s.returnMethod;
      if (method === 'post') {
        const code = clean(body.postal?.itemCode);
        if (!code)
          throw err(
            400,
            'required',
            'Trả qua bưu chính cần mã bưu gửi.',
            'Return by post needs the postal item code.',
            'postal.itemCode',
          );
        const sentOn = body.postal?.sentOn ?? toHcmDate(at);
        if (sentOn > toHcmDate(at))
          throw err(
            400,
            'sent_on_in_future',
            'Ngày gửi bưu chính sau ngày trả kết quả.',
            'The postal sending date is after the return.',
            'postal.sentOn',
          );
        s.postal = { itemCode: code, sentOn, deliveredOn: null };
        data.postal = s.postal;
      }
      s.returnMethod = method;
      s.returnedAt = at;
      data.method = method;
      break;
    }
    case 'postal_delivered': {
      if (!s.postal)
        throw err(
          409,
          'not_postal',
          'Kết quả không trả qua bưu chính.',
          'The result was not sent by post.',
          'action',
        );
      if (s.postal.deliveredOn)
        throw err(409, 'already_delivered', 'Đã ghi nhận phát.', 'Delivery already recorded.', 'action');
      const on = body.deliveredOn ?? toHcmDate(at);
      if (on > toHcmDate(at))
        throw err(
          400,
          'delivered_in_future',
          'Ngày phát không được sau ngày ghi nhận.',
          'The delivery date cannot be after the day it is recorded.',
          'deliveredOn',
        );
      if (on < s.postal.sentOn)
        throw err(
          400,
          'delivered_before_sent',
          'Ngày phát trước ngày gửi.',
          'Delivered before it was sent.',
          'deliveredOn',
        );
      s.postal.deliveredOn = on;
      data.deliveredOn = on;
      break;
    }
    case 'collect_fee': {
      if (s.fee?.status === 'paid' && !s.fee.obligation)
        throw err(409, 'already_paid', 'Phí, lệ phí đã thu.', 'The fee was already collected.', 'action');
      if (s.fee?.status === 'waived' && !s.fee.obligation)
        throw err(409, 'no_fee', 'Thủ tục không thu phí, lệ phí.', 'The procedure charges no fee.', 'action');
      const amount = body.amount ?? s.fee?.obligation ?? s.fee?.amount ?? null;
      if (amount === null || !Number.isInteger(amount) || amount < 0)
        throw err(
          400,
          'invalid_amount',
          'Cần số tiền (thủ tục không ghi mức phí).',
          'Give the amount (the catalogue states no fee).',
          'amount',
        );
      const stage = prev.status === 'new' || prev.status === 'received' ? 'intake' : 'before_return';
      payment = { amount, receiptNumber: clean(body.receiptNumber) || null, stage };
      s.fee = {
        ...(s.fee ?? { collectAt: stage, amount }),
        status: 'paid',
        obligation: null,
        amount: s.fee?.amount ?? amount,
      } as FeeState;
      data.amount = amount;
      break;
    }
  }
  s.status = to;
  s.version = prev.version + 1;
  return {
    state: s,
    event: { type: action, at, fromStatus: prev.status, toStatus: to, note, data },
    touchedSteps: touched,
    payment,
  };
}
