/**
 * The petition lifecycle as ONE pure fold: `applyPetitionAction(state, input, ctx)` → the next state, the
 * events to append (event data never holds an identity), the statutory clocks it starts, meets or cancels,
 * and the child petitions of a split. Used by `takePetitionAction` (one action over HTTP) and by
 * `importPetitions` (bulk histories) — the rules live here and in `rules.ts` / `clocks.ts`, nowhere else.
 *
 * Clocks (`petition_deadlines`, clocks.ts): a clock is `open` until the decision it waits for; then `met`
 * (on or before its due date), `missed` (met after it) or `cancelled` (no longer applies); `metAt` is the
 * instant it stopped in all three cases, so "open as of T" = `metAt` null or after T.
 *
 * Role and scope checks are NOT here (they depend on the actor): see `mayTakeAction` in service.ts.
 */
import { randomUUID } from 'node:crypto';
import { toHcmDate, type CalendarSnapshot } from '../../kernel/calendar/index.ts';
import {
  denunciationForwardClock,
  extensionClock,
  intakeClocks,
  resolveClock,
  ruleVersion,
  secondComplaintEnd,
  type ClockDeadline,
} from './clocks.ts';
import {
  CONFIDENTIAL_KINDS,
  ELIGIBILITY_REASON_CODES,
  KINDS,
  OUTCOMES,
  SINGLE_KINDS,
  transitionFor,
  type PetitionKind,
  type PetitionStatus,
} from './rules.ts';

/** A fold error: HTTP status, code, messages and the body path of the bad field. */
export class PetitionRuleError extends Error {
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

export interface DeadlineState extends ClockDeadline {
  id: string;
  agencyCode: string | null;
  state: 'open' | 'met' | 'missed' | 'cancelled';
  metAt: Date | null;
}

/** The mutable part of a petition the fold works on (mirrors the `petitions` columns + its clocks). */
export interface PetitionState {
  id: string;
  status: PetitionStatus;
  kind: PetitionKind;
  level: number | null;
  complex: boolean;
  remoteArea: boolean;
  eligibility: 'pending' | 'eligible' | 'ineligible';
  ineligibleReason: string | null;
  eligibilityNote: string | null;
  agencyCode: string;
  handlingAgencyCode: string | null;
  confidential: boolean;
  duplicateOfId: string | null;
  ruleVersion: string;
  receivedAt: Date;
  result: Record<string, unknown> | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  version: number;
  deadlines: DeadlineState[];
  /**
   * A denunciation withdrawn with `continueHandling` (Luật TC 2018 Art 33): it stays in its status and is
   * handled on; a second `withdraw` is 409 `already_withdrawn`. Read from the history (the `withdraw`
   * events) by the service; set by the fold.
   */
  withdrawnContinuing?: boolean;
}

/** An action's body (types checked by the route's zod schema; rules here). */
export interface PetitionActionBody {
  note?: string | null;
  eligibility?: 'eligible' | 'ineligible';
  reason?: string | null;
  kind?: string;
  parts?: { kind: string; content: string; respondent?: string | null }[];
  toAgencyCode?: string | null;
  agencyCode?: string | null;
  outcome?: string;
  originalId?: string;
  days?: number;
  continueHandling?: boolean;
  /** forward / urge: the issued letter (documents row) when the letter was numbered first (letters.ts) */
  letterDocumentId?: string | null;
}

export interface FoldContext {
  cal: CalendarSnapshot;
  /** forward: whether an agency code exists */
  agencyExists?: (code: string) => boolean;
  /** forward of a denunciation: a petition with the same content (original or confirmed duplicate) was already forwarded */
  sameContentForwarded?: { code: string } | null;
  /**
   * confirm_duplicate: the original (already resolved to the root of its duplicate chain) and whether its
   * identities are confidential (a denunciation's: it may be linked only with a confidential petition)
   */
  original?: { id: string; code: string; confidential?: boolean } | null;
}

export interface FoldEvent {
  type: string;
  at: Date;
  fromStatus: PetitionStatus | null;
  toStatus: PetitionStatus;
  note: string | null;
  data: Record<string, unknown> | null;
}

export interface SplitChild {
  id: string;
  kind: Exclude<PetitionKind, 'mixed'>;
  content: string;
  respondent: string | null;
  confidential: boolean;
}

export interface FoldResult {
  state: PetitionState;
  events: FoldEvent[];
  /** ids of deadlines inserted or changed */
  touchedDeadlines: string[];
  /** split: the children to create */
  children: SplitChild[];
  /** confirm_duplicate: the original whose repeat count goes up */
  repeatOf: string | null;
  /** the identities must become confidential */
  becameConfidential: boolean;
}

const err = (status: 400 | 409 | 422, code: string, vi: string, en: string, path: string | null = null) =>
  new PetitionRuleError(status, code, vi, en, path);

const clean = (s: string | null | undefined) => (s ?? '').normalize('NFC').trim();

/** A new open deadline row of a computed clock. */
export const openDeadline = (d: ClockDeadline, agencyCode: string | null): DeadlineState => ({
  ...d,
  id: randomUUID(),
  agencyCode,
  state: 'open',
  metAt: null,
});

/** Kind-specific intake clocks (answer excluded): which clock names belong to a kind before acceptance. */
const KIND_INTAKE_CLOCKS: Record<string, readonly string[]> = {
  complaint: ['accept'],
  denunciation: ['check'],
};

function requireBody(action: string, b: PetitionActionBody): void {
  const rule = transitionFor(action)!;
  for (const r of rule.requires) {
    if (r === 'note' && !clean(b.note))
      throw err(400, 'required', 'Cần nêu nội dung / lý do.', 'A note (reason) is required.', 'note');
    if (r === 'eligibility' && !b.eligibility)
      throw err(
        400,
        'required',
        'Cần chọn đủ / không đủ điều kiện.',
        'eligibility is required.',
        'eligibility',
      );
    if (r === 'kind' && !b.kind)
      throw err(400, 'required', 'Cần chọn loại đơn.', 'kind is required.', 'kind');
    if (r === 'parts' && !(b.parts && b.parts.length))
      throw err(400, 'required', 'Cần các phần đơn sau khi tách.', 'parts are required.', 'parts');
    if (r === 'agency' && !clean(b.toAgencyCode))
      throw err(400, 'required', 'Cần cơ quan nhận đơn.', 'toAgencyCode is required.', 'toAgencyCode');
    if (r === 'outcome' && !b.outcome)
      throw err(400, 'required', 'Cần kết quả giải quyết.', 'outcome is required.', 'outcome');
    if (r === 'original' && !b.originalId)
      throw err(400, 'required', 'Cần đơn gốc.', 'originalId is required.', 'originalId');
  }
}

/**
 * Applies one action at instant `at`. Checks the action exists, its kinds, its `from` statuses (409
 * `invalid_transition`) and its body rules; computes the clocks through the calendar.
 * @throws PetitionRuleError
 */
export function applyPetitionAction(
  prev: PetitionState,
  input: { action: string; at: Date; body: PetitionActionBody },
  ctx: FoldContext,
): FoldResult {
  const { action, at, body } = input;
  const rule = transitionFor(action);
  if (!rule)
    throw err(400, 'unknown_action', 'Thao tác không hợp lệ.', `Unknown action "${action}".`, 'action');
  if (!rule.from.includes(prev.status))
    throw err(
      409,
      'invalid_transition',
      `Không thể thực hiện thao tác này khi đơn ở trạng thái "${prev.status}".`,
      `Action "${action}" is not allowed in status "${prev.status}".`,
      'action',
    );
  if (!rule.kinds.includes(prev.kind))
    throw err(
      409,
      'not_for_kind',
      `Thao tác này không áp dụng cho loại đơn "${prev.kind}".`,
      `Action "${action}" does not apply to a petition of kind "${prev.kind}".`,
      'action',
    );
  requireBody(action, body);
  const cal = ctx.cal;
  const v = ruleVersion(prev.ruleVersion);
  const s: PetitionState = { ...prev, deadlines: prev.deadlines.map((d) => ({ ...d })) };
  const touched = new Set<string>();
  const extraEvents: FoldEvent[] = [];
  const children: SplitChild[] = [];
  let repeatOf: string | null = null;
  let becameConfidential = false;
  const data: Record<string, unknown> = {};
  const note = clean(body.note) || null;
  const to: PetitionStatus = rule.to === 'same' ? prev.status : rule.to;
  const today = toHcmDate(at);

  const open = () => s.deadlines.filter((d) => d.state === 'open');
  /** stop open clocks: `names` met (or missed when late); null = every open clock */
  const meet = (names: readonly string[] | null) => {
    for (const d of open())
      if (!names || names.includes(d.clock)) {
        d.state = today > d.dueDate ? 'missed' : 'met';
        d.metAt = at;
        touched.add(d.id);
      }
  };
  const cancel = (names: readonly string[] | null) => {
    for (const d of open())
      if (!names || names.includes(d.clock)) {
        d.state = 'cancelled';
        d.metAt = at;
        touched.add(d.id);
      }
  };
  const add = (d: ClockDeadline | null, agency: string | null) => {
    if (!d) return;
    const row = openDeadline(d, agency);
    s.deadlines.push(row);
    touched.add(row.id);
  };
  const holder = () => s.handlingAgencyCode ?? s.agencyCode;

  switch (action) {
    case 'set_eligibility': {
      if (body.eligibility === 'ineligible') {
        const reason = clean(body.reason);
        if (!reason)
          throw err(
            400,
            'reason_required',
            'Cần lý do không đủ điều kiện xử lý.',
            'An ineligible petition needs a reason code.',
            'reason',
          );
        if (!(ELIGIBILITY_REASON_CODES as string[]).includes(reason))
          throw err(
            400,
            'invalid_reason',
            'Mã lý do không hợp lệ.',
            `Unknown reason code "${reason}".`,
            'reason',
          );
        if (reason === 'other' && !note)
          throw err(400, 'required', 'Lý do "khác" cần ghi rõ.', 'Reason "other" needs a note.', 'note');
        s.eligibility = 'ineligible';
        s.ineligibleReason = reason;
        data.reason = reason;
        // Luật TC 2018 Art 24: a denunciation not within competence is forwarded within 5 working days of receipt
        if (
          reason === 'not_competent' &&
          s.kind === 'denunciation' &&
          !open().some((d) => d.clock === 'forward')
        )
          add(denunciationForwardClock(cal, v, s.receivedAt), holder());
      } else {
        // a confirmed duplicate is handled through its original: it cannot become eligible on its own
        if (s.duplicateOfId)
          throw err(
            409,
            'confirmed_duplicate',
            'Đơn đã được xác nhận trùng với đơn khác: xử lý theo đơn gốc, không xét đủ điều kiện riêng.',
            'The petition is a confirmed duplicate: it is handled through its original, not found eligible on its own.',
            'eligibility',
          );
        if (clean(body.reason))
          throw err(
            400,
            'reason_not_allowed',
            'Đơn đủ điều kiện không có mã lý do.',
            'An eligible petition takes no reason code.',
            'reason',
          );
        s.eligibility = 'eligible';
        s.ineligibleReason = null;
        cancel(['forward']);
      }
      s.eligibilityNote = note;
      data.eligibility = s.eligibility;
      break;
    }
    case 'classify': {
      const kind = body.kind as PetitionKind;
      if (!(KINDS as readonly string[]).includes(kind))
        throw err(400, 'invalid_kind', 'Loại đơn không hợp lệ.', `Unknown kind "${kind}".`, 'kind');
      if (kind === prev.kind)
        throw err(409, 'same_kind', 'Đơn đã thuộc loại này.', 'The petition already has this kind.', 'kind');
      data.kind = kind;
      data.fromKind = prev.kind;
      s.kind = kind;
      if (kind === 'complaint' && !s.level) s.level = 1;
      if (kind !== 'complaint') s.level = null;
      // clocks of the old kind stop; those of the new kind run from the RECEIPT date (the law counts from it)
      const stale = (KIND_INTAKE_CLOCKS[prev.kind] ?? []).filter(
        (c) => !(KIND_INTAKE_CLOCKS[kind] ?? []).includes(c),
      );
      cancel(stale);
      for (const d of intakeClocks(cal, v, { kind, level: s.level }, s.receivedAt))
        if (d.clock !== 'answer' && !s.deadlines.some((x) => x.clock === d.clock)) add(d, holder());
      if (CONFIDENTIAL_KINDS.includes(kind) && !s.confidential) {
        s.confidential = true;
        becameConfidential = true;
      }
      break;
    }
    case 'split': {
      const parts = body.parts!;
      if (parts.length < 2 || parts.length > 20)
        throw err(400, 'split_parts', 'Tách thành 2–20 đơn.', 'A split gives 2 to 20 petitions.', 'parts');
      const anyDenunciation = parts.some((p) => p.kind === 'denunciation');
      parts.forEach((p, i) => {
        if (!(SINGLE_KINDS as string[]).includes(p.kind))
          throw err(
            400,
            'invalid_kind',
            'Loại đơn không hợp lệ.',
            `Unknown kind "${p.kind}".`,
            `parts.${i}.kind`,
          );
        if (!clean(p.content))
          throw err(400, 'required', 'Cần nội dung.', 'content is required.', `parts.${i}.content`);
        children.push({
          id: randomUUID(),
          kind: p.kind as SplitChild['kind'],
          content: clean(p.content),
          respondent: clean(p.respondent) || null,
          // a denouncer's identity stays secret in every copy made from the same petition (Luật TC Art 56)
          confidential: anyDenunciation || s.confidential,
        });
      });
      cancel(null);
      data.childIds = children.map((c) => c.id);
      data.kinds = children.map((c) => c.kind);
      break;
    }
    case 'confirm_duplicate': {
      const orig = ctx.original;
      if (!orig)
        throw err(
          400,
          'unknown_original',
          'Không tìm thấy đơn gốc.',
          'The original petition was not found.',
          'originalId',
        );
      if (orig.id === prev.id)
        throw err(
          400,
          'self_duplicate',
          'Đơn không thể trùng với chính nó.',
          'A petition cannot duplicate itself.',
          'originalId',
        );
      // a denunciation is linked only with a confidential petition and vice versa: the link shows the other
      // petition next to it, and a non-confidential one shows its signer (Luật Tố cáo 2018 Art 8 cl.3)
      if (orig.confidential !== undefined && orig.confidential !== prev.confidential)
        throw err(
          409,
          'duplicate_confidentiality_mismatch',
          'Không thể xác nhận trùng giữa đơn tố cáo (giữ bí mật người tố cáo) và đơn không bảo mật: đơn tố cáo chỉ trùng với đơn được giữ bí mật, và ngược lại (Luật Tố cáo 2018 Điều 8 khoản 3).',
          'A denunciation (its denouncer kept secret) cannot be confirmed a duplicate of a non-confidential petition, nor the reverse: only confidential petitions are linked with each other (Denunciations Law 2018 Art 8 cl.3).',
          'originalId',
        );
      if (prev.duplicateOfId)
        throw err(
          409,
          'already_duplicate',
          'Đơn đã được xác nhận là đơn trùng.',
          'Already confirmed as a duplicate.',
          'action',
        );
      s.duplicateOfId = orig.id;
      s.eligibility = 'ineligible';
      s.ineligibleReason = 'duplicate';
      repeatOf = orig.id;
      data.originalId = orig.id;
      data.originalCode = orig.code;
      // the eligibility it implies, as its own event (the report reads the latest set_eligibility)
      extraEvents.push({
        type: 'set_eligibility',
        at,
        fromStatus: prev.status,
        toStatus: prev.status,
        note: null,
        data: { eligibility: 'ineligible', reason: 'duplicate', via: 'confirm_duplicate' },
      });
      break;
    }
    case 'accept': {
      if (s.eligibility !== 'eligible')
        throw err(
          409,
          'not_eligible',
          'Chỉ thụ lý đơn đã xác định đủ điều kiện xử lý (set_eligibility).',
          'Only a petition found eligible (set_eligibility) can be accepted.',
          'action',
        );
      meet(['answer', 'accept', 'check']);
      cancel(['forward']);
      add(resolveClock(cal, v, s, at), holder());
      const r = s.deadlines.at(-1);
      if (r && r.clock === 'resolve' && touched.has(r.id)) data.resolveDue = r.dueDate;
      break;
    }
    case 'forward': {
      const toAgency = clean(body.toAgencyCode);
      if (ctx.agencyExists && !ctx.agencyExists(toAgency))
        throw err(
          400,
          'unknown_agency',
          `Không có cơ quan mã ${toAgency}.`,
          `No agency with code ${toAgency}.`,
          'toAgencyCode',
        );
      if (toAgency === holder())
        throw err(
          400,
          'same_agency',
          'Đơn đang ở cơ quan này.',
          'The petition is already held by this body.',
          'toAgencyCode',
        );
      if (s.kind === 'denunciation' && ctx.sameContentForwarded)
        throw err(
          409,
          'denunciation_already_forwarded',
          `Tố cáo cùng nội dung đã được chuyển một lần (đơn ${ctx.sameContentForwarded.code}); TT 05/2021/TT-TTCP Art 14: chỉ chuyển một lần.`,
          `A denunciation with the same content was already forwarded (petition ${ctx.sameContentForwarded.code}); it is forwarded only once (TT 05/2021 Art 14).`,
          'action',
        );
      data.fromAgencyCode = holder();
      data.toAgencyCode = toAgency;
      // the forwarding letter is a DRAFT (no number until issued from the register): TT 05/2021 Mẫu 03 for denunciations
      data.letter = {
        type: 'forwarding',
        status: 'draft',
        draftId: randomUUID(),
        numberSymbol: null,
        form:
          s.kind === 'denunciation'
            ? 'TT 05/2021/TT-TTCP Mẫu 03 (phiếu chuyển đơn tố cáo)'
            : 'Phiếu chuyển đơn',
        redacted: s.confidential,
      };
      data.letterDocumentId = body.letterDocumentId ?? null;
      if (body.letterDocumentId) (data.letter as Record<string, unknown>).status = 'issued';
      meet(['answer', 'check', 'forward']);
      cancel(['accept', 'resolve', 'extension_1', 'extension_2']);
      s.handlingAgencyCode = toAgency;
      break;
    }
    case 'guide': {
      const toAgency = clean(body.toAgencyCode) || null;
      if (toAgency && ctx.agencyExists && !ctx.agencyExists(toAgency))
        throw err(
          400,
          'unknown_agency',
          `Không có cơ quan mã ${toAgency}.`,
          `No agency with code ${toAgency}.`,
          'toAgencyCode',
        );
      if (toAgency) data.toAgencyCode = toAgency;
      meet(['answer', 'check']);
      cancel(null);
      break;
    }
    case 'return':
    case 'file': {
      meet(['answer', 'check']);
      cancel(null);
      break;
    }
    case 'urge': {
      const agency = clean(body.agencyCode) || holder();
      if (clean(body.agencyCode) && ctx.agencyExists && !ctx.agencyExists(agency))
        throw err(
          400,
          'unknown_agency',
          `Không có cơ quan mã ${agency}.`,
          `No agency with code ${agency}.`,
          'agencyCode',
        );
      data.agencyCode = agency;
      if (body.letterDocumentId) data.letterDocumentId = body.letterDocumentId;
      break;
    }
    case 'record_result': {
      if (!(OUTCOMES as readonly string[]).includes(body.outcome!))
        throw err(
          400,
          'invalid_outcome',
          'Kết quả không hợp lệ.',
          `Unknown outcome "${body.outcome}".`,
          'outcome',
        );
      meet(null);
      s.result = { outcome: body.outcome, note, at: at.toISOString(), level: s.level };
      s.resolvedAt = at;
      data.outcome = body.outcome;
      if (s.level) data.level = s.level;
      break;
    }
    case 'extend': {
      const done = s.deadlines.filter((d) => d.clock === 'extension_1' || d.clock === 'extension_2').length;
      const max = v.limits.denunciationExtension.max;
      if (done >= max)
        throw err(
          409,
          'max_extensions',
          `Đã gia hạn tối đa ${max} lần (Luật Tố cáo 2018 Art 30).`,
          `Already extended ${max} times, the maximum (Denunciations Law 2018 Art 30).`,
          'action',
        );
      const current = open().find((d) => ['resolve', 'extension_1', 'extension_2'].includes(d.clock));
      if (!current)
        throw err(
          409,
          'no_resolution_clock',
          'Không có thời hạn giải quyết đang chạy.',
          'No running resolution deadline.',
          'action',
        );
      const days = body.days ?? v.limits.denunciationExtension.value;
      if (!Number.isInteger(days) || days < 1 || days > v.limits.denunciationExtension.value)
        throw err(400, 'invalid_days', 'Gia hạn 1–30 ngày.', 'An extension is 1 to 30 days.', 'days');
      const n = (done + 1) as 1 | 2;
      current.state = 'cancelled';
      current.metAt = at;
      touched.add(current.id);
      add(extensionClock(cal, v, n, current.dueDate, days), current.agencyCode);
      data.n = n;
      data.days = days;
      data.dueDate = s.deadlines.at(-1)!.dueDate;
      break;
    }
    case 'withdraw': {
      // the withdrawal was already recorded (the handling goes on, Art 33): it cannot be withdrawn again
      if (prev.withdrawnContinuing)
        throw err(
          409,
          'already_withdrawn',
          'Người tố cáo đã rút tố cáo; việc giải quyết vẫn tiếp tục (Luật Tố cáo 2018 Art 33) — không ghi rút đơn lần nữa.',
          'The denunciation was already withdrawn and is handled on (Denunciations Law 2018 Art 33); it cannot be withdrawn again.',
          'action',
        );
      // Luật TC 2018 Art 33: a withdrawn denunciation is still handled when it shows signs of a violation
      if (body.continueHandling) {
        if (prev.kind !== 'denunciation')
          throw err(
            400,
            'continue_only_denunciation',
            'Chỉ tố cáo có thể tiếp tục giải quyết sau khi rút.',
            'Only a denunciation continues after withdrawal (Denunciations Law Art 33).',
            'continueHandling',
          );
        data.continueHandling = true;
        s.withdrawnContinuing = true;
        return finish(prev.status);
      }
      cancel(null);
      s.closedAt = at;
      break;
    }
    case 'reopen': {
      if (!prev.resolvedAt)
        throw err(
          409,
          'no_first_level_result',
          'Chưa có kết quả giải quyết lần đầu.',
          'There is no first-level result to complain against.',
          'action',
        );
      if ((prev.level ?? 1) >= 2)
        throw err(
          409,
          'already_second_level',
          'Đã là khiếu nại lần hai.',
          'Already a second-level complaint.',
          'action',
        );
      const last = secondComplaintEnd(cal, v, prev.resolvedAt, prev.remoteArea);
      if (today > last)
        throw err(
          422,
          'second_complaint_time_barred',
          `Quá thời hạn khiếu nại lần hai (hạn cuối ${last}; Luật Khiếu nại 2011 Art 33).`,
          `The second complaint is late (last day ${last}; Complaints Law 2011 Art 33).`,
          'action',
        );
      const toAgency = clean(body.toAgencyCode) || null;
      if (toAgency && ctx.agencyExists && !ctx.agencyExists(toAgency))
        throw err(
          400,
          'unknown_agency',
          `Không có cơ quan mã ${toAgency}.`,
          `No agency with code ${toAgency}.`,
          'toAgencyCode',
        );
      if (toAgency) s.handlingAgencyCode = toAgency;
      cancel(null);
      s.level = 2;
      s.resolvedAt = null;
      s.closedAt = null;
      data.level = 2;
      data.firstOutcome = (prev.result?.outcome as string | undefined) ?? null;
      if (toAgency) data.toAgencyCode = toAgency;
      add(
        { ...intakeClocks(cal, v, { kind: 'complaint', level: 2 }, at).find((d) => d.clock === 'accept')! },
        holder(),
      );
      break;
    }
    case 'close': {
      cancel(null);
      s.closedAt = at;
      break;
    }
  }
  return finish(to);

  function finish(toStatus: PetitionStatus): FoldResult {
    s.status = toStatus;
    s.version = prev.version + 1;
    return {
      state: s,
      events: [{ type: action, at, fromStatus: prev.status, toStatus, note, data }, ...extraEvents],
      touchedDeadlines: [...touched],
      children,
      repeatOf,
      becameConfidential,
    };
  }
}
