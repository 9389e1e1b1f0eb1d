/**
 * The server's calendar (issue 3): one current, immutable {@link CalendarSnapshot} per app instance,
 * built from the shipped data and the admin's stored changes, and the admin commands that change it.
 *
 * - `current()` returns the snapshot, rebuilt first when another process (or this one) committed a change
 *   since it was built (checked against the `calendar_changes` log: one tiny query).
 * - `apply(actor, op)` runs ONE transaction: it locks the change log (admin changes are serialised), reads
 *   the stored rows, applies the change, writes the rows, rebuilds the snapshot from the rows (which
 *   validates the whole calendar: a change that would make it inconsistent is refused with a 400 and nothing
 *   is written), logs the change, records an audit event (entity `calendar`) and lists the open deadlines
 *   that moved (through the hook the tasks module registers). The new snapshot is installed after commit.
 *
 * Server side only (not re-exported from `index.ts`, which stays pure).
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/engine.ts';
import { recordAudit } from '../audit/index.ts';
import type { Principal } from '../auth/roles.ts';
import { badRequest, conflict } from '../errors.ts';
import { requireAgencyOn } from '../org/service.ts';
import { CalendarInputError } from './errors.ts';
import { parseIsoDate, shiftDate, type IsoDate } from './dates.ts';
import { validateOfficeHours, type OfficeHours, type OfficeHoursSeason } from './hours.ts';
import {
  HOLIDAY_NAMES,
  disableHolidayRule,
  enableHolidayRule,
  validateEffectiveDated,
  type HolidayRule,
  type KnownHolidayKey,
  type LegalDocumentRef,
} from './rules.ts';
import {
  validateSchedule,
  verifySchedule,
  type CalendarDayKind,
  type HolidaySchedule,
  type ScheduleDay,
} from './schedule.ts';
import { buildCalendar, defaultCalendar, listHolidays, type CalendarSnapshot } from './snapshot.ts';
import { ruleForYear } from './anchors.ts';
import {
  calendarSeq,
  closeOfficeHours,
  insertOfficeHours,
  loadCalendarData,
  logCalendarChange,
  saveHolidayRule,
  saveSchedule,
  type CalendarData,
  type CalendarOrigin,
} from './store.ts';

// ---------------------------------------------------------------------------------------------------
// Commands

interface OpBase {
  /** why (kept in the audit history) */
  reason?: string | null;
}
export interface AddDayOp extends OpBase {
  op: 'add_day';
  date: IsoDate;
  kind: CalendarDayKind;
  /** holiday key (`tet`, `national_day` …, or a new key such as `special`); default `special` */
  holiday?: string | null;
  /** required for a holiday key the calendar does not know */
  name?: string | null;
  nameEn?: string | null;
  note?: string | null;
  legalDocument: LegalDocumentRef;
  validFrom?: IsoDate | null;
}
export interface AddScheduleOp extends OpBase {
  op: 'add_schedule';
  schedule: {
    year: number;
    holidays: string[];
    mode: 'replace' | 'add';
    name: string;
    nameEn?: string | null;
    period?: { from: IsoDate; to: IsoDate } | null;
    days: { date: IsoDate; kind: CalendarDayKind; holiday: string; note?: string | null }[];
    verified?: boolean;
    legalDocument?: LegalDocumentRef | null;
    validFrom?: IsoDate | null;
    validTo?: IsoDate | null;
    appliesTo?: string | null;
    source?: string | null;
    sourceUrl?: string | null;
  };
}
export interface VerifyScheduleOp extends OpBase {
  op: 'verify_schedule';
  scheduleId: string;
  legalDocument: LegalDocumentRef;
  validFrom?: IsoDate | null;
}
export interface WithdrawScheduleOp extends OpBase {
  op: 'withdraw_schedule';
  scheduleId: string;
  legalDocument?: LegalDocumentRef | null;
}
export interface RemoveDayOp extends OpBase {
  op: 'remove_day';
  scheduleId: string;
  date: IsoDate;
  legalDocument?: LegalDocumentRef | null;
}
export interface EnableRuleOp extends OpBase {
  op: 'enable_rule';
  ruleId: string;
  legalDocument: LegalDocumentRef;
  validFrom: IsoDate;
  validTo?: IsoDate | null;
}
export interface DisableRuleOp extends OpBase {
  op: 'disable_rule';
  ruleId: string;
  /** end the rule on this date (not retroactive); without it the rule is switched off entirely */
  validTo?: IsoDate | null;
  legalDocument?: LegalDocumentRef | null;
}
export interface SetOfficeHoursOp extends OpBase {
  op: 'set_office_hours';
  /** agency code, or null for the province-wide default */
  agency: string | null;
  validFrom: IsoDate;
  name?: string | null;
  nameEn?: string | null;
  seasons: OfficeHoursSeason[];
}
export type CalendarOp =
  | AddDayOp
  | AddScheduleOp
  | VerifyScheduleOp
  | WithdrawScheduleOp
  | RemoveDayOp
  | EnableRuleOp
  | DisableRuleOp
  | SetOfficeHoursOp;

export const CALENDAR_OPS = [
  'add_day',
  'add_schedule',
  'verify_schedule',
  'withdraw_schedule',
  'remove_day',
  'enable_rule',
  'disable_rule',
  'set_office_hours',
] as const;

/** An open deadline defined by a rule whose date under the calendar moved (reported, not rewritten). */
export interface AffectedTask {
  id: string;
  ref: string | null;
  title: string;
  status: string;
  leadAgency: string;
  deadlineRule: unknown;
  /** the deadline fixed when the task was created (unchanged) */
  deadline: string | null;
  /** the deadline in force now (after approved extensions) */
  currentDeadline: string | null;
  /** what the rule gave under the calendar before the change */
  ruleDateBefore: string | null;
  /** what the rule gives under the calendar now */
  ruleDateAfter: string | null;
}

/**
 * Lists the open rule-defined deadlines whose date differs between two calendars (with `before` null:
 * between the date fixed at creation and what the rule gives under `after`).
 */
export type AffectedTasksFn = (
  tx: Tx,
  before: CalendarSnapshot | null,
  after: CalendarSnapshot,
) => Promise<AffectedTask[]>;

export interface OverrideResult {
  op: CalendarOp['op'];
  target: { type: 'schedule' | 'rule' | 'office_hours'; id: string };
  before: unknown;
  after: unknown;
  calendar: { seq: number; fingerprintBefore: string; fingerprintAfter: string };
  /** days whose working / non-working status changed */
  changedDays: { date: IsoDate; workingBefore: boolean; workingAfter: boolean }[];
  /** open tasks whose rule-defined deadline would now be another date (their deadline is NOT rewritten) */
  affectedTasks: AffectedTask[];
  affectedTaskCount: number;
}

/** At most this many affected tasks are returned (the count is always complete). */
export const MAX_AFFECTED_LISTED = 5000;

// ---------------------------------------------------------------------------------------------------

/** `schedule.days[0].date` → `schedule.days.0.date` (the API's path notation). */
function dotted(field: string): string {
  return field.replace(/\[(\d+)\]/g, '.$1');
}

function withField(e: unknown, map: (field: string) => string): never {
  if (e instanceof CalendarInputError) {
    const field = map(dotted(e.field));
    throw new CalendarInputError(e.code, field, e.message, e.messageEn);
  }
  throw e;
}

function buildFrom(data: CalendarData): CalendarSnapshot {
  const stored = [...data.ruleMeta.values(), ...data.scheduleMeta.values()].some((m) => m.stored);
  if (!stored) return defaultCalendar();
  return buildCalendar({ holidayRules: data.rules, schedules: data.schedules });
}

function diffDays(before: CalendarSnapshot, after: CalendarSnapshot): OverrideResult['changedDays'] {
  const out: OverrideResult['changedDays'] = [];
  if (before.fingerprint === after.fingerprint && before.startDn === after.startDn) return out;
  const offset = after.startDn - before.startDn;
  for (let i = 0; i < after.working.length; i++) {
    const j = i + offset;
    if (j < 0 || j >= before.working.length) continue;
    if (after.working[i] !== before.working[j]) {
      out.push({
        date: after.iso[i]!,
        workingBefore: before.working[j] === 1,
        workingAfter: after.working[i] === 1,
      });
    }
  }
  return out;
}

function checkInRange(cal: CalendarSnapshot, date: IsoDate, field: string): void {
  parseIsoDate(date, field);
  if (date < cal.firstDate || date > cal.lastDate) {
    throw new CalendarInputError(
      'OUT_OF_RANGE',
      field,
      `${field}: ${date} nằm ngoài phạm vi lịch (${cal.firstDate} – ${cal.lastDate})`,
      `${field}: ${date} is outside the calendar (${cal.firstDate} – ${cal.lastDate})`,
    );
  }
}

const unknownSchedule = (id: string) =>
  badRequest('unknown_schedule', `Không có lịch nghỉ mã ${id}.`, `No schedule with id ${id}.`, 'scheduleId');
const unknownRule = (id: string) =>
  badRequest(
    'unknown_rule',
    `Không có quy tắc ngày lễ mã ${id}.`,
    `No holiday rule with id ${id}.`,
    'ruleId',
  );

/**
 * A `replace` schedule must give each statutory holiday it fixes at least as many `holiday` days as the
 * rule in force that year (Labour Code 2019 Art 112: Tết 5 days, National Day 2 …); otherwise confirming it
 * would silently drop days off. Holidays without a rule (new keys) are not checked.
 */
function assertStatutoryDays(s: HolidaySchedule, rules: readonly HolidayRule[], path: string): void {
  if (s.mode !== 'replace') return;
  for (const key of s.holidays) {
    const rule = ruleForYear(rules, key, s.year);
    if (!rule) continue;
    const n = s.days.filter((d) => d.holiday === key && d.kind === 'holiday').length;
    if (n < rule.offsets.length) {
      throw badRequest(
        'schedule_incomplete',
        `Lịch nghỉ ${s.id} chỉ có ${n} ngày lễ "${key}" năm ${s.year}; luật quy định ${rule.offsets.length}. ` +
          'Hãy nhập lịch đầy đủ (add_schedule).',
        `Schedule ${s.id} has ${n} day(s) of "${key}" ${s.year}; the law gives ${rule.offsets.length}. ` +
          'Enter the full schedule (add_schedule).',
        path,
      );
    }
  }
}

interface Planned {
  target: OverrideResult['target'];
  before: unknown;
  after: unknown;
  /** whether the working-day pattern may change (office hours do not change it) */
  calendar: boolean;
  /** path to blame when the rebuilt calendar refuses the change */
  path: string;
  write(tx: Tx): Promise<void>;
}

export class CalendarService {
  private snap: CalendarSnapshot;
  private data: CalendarData;
  private affectedTasksFn: AffectedTasksFn | null = null;

  private constructor(
    private readonly db: Db,
    data: CalendarData,
  ) {
    this.data = data;
    this.snap = buildFrom(data);
  }

  /** Reads the stored calendar rows and builds the first snapshot. */
  static async open(db: Db): Promise<CalendarService> {
    return new CalendarService(db, await loadCalendarData(db));
  }

  /** Registers the function that lists open task deadlines moved by a change (the tasks module's). */
  onAffectedTasks(fn: AffectedTasksFn): void {
    this.affectedTasksFn = fn;
  }

  /**
   * Open tasks whose deadline came from a rule and whose rule gives, under the current calendar, another
   * date than the one fixed at creation (for the Office to decide; nothing is rewritten).
   */
  async driftedTasks(db: Tx = this.db): Promise<AffectedTask[]> {
    const cal = await this.current(db);
    return this.affectedTasksFn ? this.affectedTasksFn(db, null, cal) : [];
  }

  /** The snapshot as last built, without checking freshness. */
  get snapshot(): CalendarSnapshot {
    return this.snap;
  }

  /** The current snapshot (rebuilt first when the stored calendar changed since it was built). */
  async current(db: Tx = this.db): Promise<CalendarSnapshot> {
    await this.refresh(db);
    return this.snap;
  }

  /** The current stored data merged with the shipped data, and its snapshot. */
  async state(db: Tx = this.db): Promise<{ data: CalendarData; snapshot: CalendarSnapshot }> {
    await this.refresh(db);
    return { data: this.data, snapshot: this.snap };
  }

  /**
   * Inside a transaction that fixes a deadline from the calendar: waits for an admin change in progress and
   * keeps one from committing until this transaction ends (SHARE lock on the change log), then returns the
   * current snapshot. So a deadline is either computed with the new calendar or listed by the change.
   */
  async forDeadline(tx: Tx): Promise<CalendarSnapshot> {
    await this.lockForDeadline(tx);
    return this.current(tx);
  }

  /**
   * `forDeadline` in two steps, for hot paths that read the change-log sequence in their own next query
   * (one round trip less): take the SHARE lock here, read `coalesce(max(seq), 0)` from `calendar_changes`
   * in a LATER statement of the same transaction (a statement that starts after the lock sees every
   * committed change), then pass it to `snapshotForSeq`.
   */
  async lockForDeadline(tx: Tx): Promise<void> {
    await tx.execute(sql`LOCK TABLE calendar_changes IN SHARE MODE`);
  }

  /** The snapshot for the stored change-log sequence `seq` (rebuilt from the rows when it is not current). */
  async snapshotForSeq(tx: Tx, seq: number): Promise<CalendarSnapshot> {
    if (seq !== this.data.seq) {
      const data = await loadCalendarData(tx);
      this.install(data, buildFrom(data));
    }
    return this.snap;
  }

  private async refresh(db: Tx): Promise<void> {
    const seq = await calendarSeq(db);
    if (seq === this.data.seq) return;
    // No sharing of an in-flight reload: `db` may be a transaction (PGlite has one connection, and a
    // transaction waiting on a read issued outside it would wait forever).
    const data = await loadCalendarData(db);
    this.install(data, buildFrom(data));
  }

  private install(data: CalendarData, snap: CalendarSnapshot): void {
    // an older read finishing late keeps the newer snapshot (the next call compares the sequence again)
    if (data.seq < this.data.seq) return;
    this.data = data;
    this.snap = snap;
  }

  /** Applies one admin command in one transaction; see the module comment. */
  async apply(actor: Principal, op: CalendarOp): Promise<OverrideResult> {
    let installed: { data: CalendarData; snap: CalendarSnapshot } | null = null;
    const result = await this.db.transaction(async (tx) => {
      await tx.execute(sql`LOCK TABLE calendar_changes IN EXCLUSIVE MODE`);
      const data = await loadCalendarData(tx);
      const before = data.seq === this.data.seq ? this.snap : buildFrom(data);
      const plan = await this.plan(tx, actor, data, before, op);
      await plan.write(tx);
      const seq = await logCalendarChange(tx, op.op, plan.target.id);
      const next = await loadCalendarData(tx);
      let after = before;
      if (plan.calendar) {
        try {
          after = buildFrom(next);
        } catch (e) {
          if (e instanceof CalendarInputError) {
            throw new CalendarInputError(e.code, plan.path, e.message, e.messageEn);
          }
          throw e;
        }
      }
      const changedDays = diffDays(before, after);
      const affected =
        changedDays.length && this.affectedTasksFn ? await this.affectedTasksFn(tx, before, after) : [];
      await recordAudit(tx, {
        actor,
        entityType: 'calendar',
        entityId: plan.target.id,
        action: op.op,
        reason: op.reason ?? null,
        data: {
          op,
          target: plan.target,
          before: plan.before,
          after: plan.after,
          seq,
          fingerprintBefore: before.fingerprint,
          fingerprintAfter: after.fingerprint,
          changedDays,
          affectedTaskCount: affected.length,
          affectedTasks: affected
            .slice(0, 1000)
            .map((t) => ({ id: t.id, ref: t.ref, before: t.ruleDateBefore, after: t.ruleDateAfter })),
        },
      });
      installed = { data: next, snap: after };
      const out: OverrideResult = {
        op: op.op,
        target: plan.target,
        before: plan.before,
        after: plan.after,
        calendar: { seq, fingerprintBefore: before.fingerprint, fingerprintAfter: after.fingerprint },
        changedDays,
        affectedTasks: affected.slice(0, MAX_AFFECTED_LISTED),
        affectedTaskCount: affected.length,
      };
      return out;
    });
    if (installed) {
      const { data, snap } = installed as { data: CalendarData; snap: CalendarSnapshot };
      this.install(data, snap);
    }
    return result;
  }

  private async plan(
    tx: Tx,
    actor: Principal,
    data: CalendarData,
    cal: CalendarSnapshot,
    op: CalendarOp,
  ): Promise<Planned> {
    const findSchedule = (id: string) => {
      const s = data.schedules.find((x) => x.id === id);
      if (!s) throw unknownSchedule(id);
      return s;
    };
    const findRule = (id: string) => {
      const r = data.rules.find((x) => x.id === id);
      if (!r) throw unknownRule(id);
      return r;
    };
    const originOf = (id: string): CalendarOrigin => data.scheduleMeta.get(id)?.origin ?? 'admin';
    const scheduleChange = (
      before: HolidaySchedule | null,
      next: HolidaySchedule,
      origin: CalendarOrigin,
      path: string,
    ): Planned => ({
      target: { type: 'schedule', id: next.id },
      before,
      after: next,
      calendar: true,
      path,
      write: (t) => saveSchedule(t, next, origin, actor.id),
    });
    const ruleChange = (before: HolidayRule, next: HolidayRule, path: string): Planned => ({
      target: { type: 'rule', id: next.id },
      before,
      after: next,
      calendar: true,
      path,
      write: (t) => saveHolidayRule(t, next, actor.id),
    });
    const adminSource = `Nhập bởi quản trị viên ${actor.username} / entered by admin ${actor.username}`;

    switch (op.op) {
      case 'add_day': {
        checkInRange(cal, op.date, 'date');
        if (
          listHolidays(cal, Number(op.date.slice(0, 4))).some((d) => d.date === op.date && d.kind === op.kind)
        ) {
          throw conflict(
            'day_exists',
            `Ngày ${op.date} đã là "${op.kind}" trong lịch.`,
            `${op.date} is already a "${op.kind}" day in the calendar.`,
            'date',
          );
        }
        const key = op.holiday ?? 'special';
        const known = (HOLIDAY_NAMES as Record<string, { vi: string; en: string } | undefined>)[key];
        const name = op.name ?? known?.vi;
        if (!name) {
          throw badRequest(
            'name_required',
            `Cần tên ngày nghỉ cho khóa mới "${key}".`,
            `A name is required for the new holiday key "${key}".`,
            'name',
          );
        }
        const s: HolidaySchedule = {
          id: `admin:${randomUUID()}`,
          year: Number(op.date.slice(0, 4)),
          holidays: [key],
          mode: 'add',
          name,
          nameEn: op.nameEn ?? known?.en ?? name,
          period: null,
          days: [{ date: op.date, kind: op.kind, holiday: key, note: op.note ?? null }],
          verified: true,
          enabled: true,
          legalDocument: op.legalDocument,
          validFrom: op.validFrom ?? op.legalDocument.date ?? null,
          validTo: null,
          appliesTo: null,
          source: op.note ? `${op.note} — ${adminSource}` : adminSource,
          sourceUrl: op.legalDocument.url ?? null,
        };
        try {
          validateSchedule(s, 'schedule', cal.weeklyRestDays);
        } catch (e) {
          withField(e, (f) =>
            f.startsWith('schedule.days.0.')
              ? f.slice('schedule.days.0.'.length)
              : f.replace(/^schedule\./, ''),
          );
        }
        return scheduleChange(null, s, 'admin', 'date');
      }
      case 'add_schedule': {
        const b = op.schedule;
        const verified = b.verified ?? true;
        const legalDocument = b.legalDocument ?? null;
        if (verified && !legalDocument) {
          throw badRequest(
            'legal_document_required',
            'Lịch nghỉ đã xác nhận cần văn bản pháp lý (số, ngày).',
            'A verified schedule needs its legal document (number, date).',
            'schedule.legalDocument',
          );
        }
        const s: HolidaySchedule = {
          id: `admin:${randomUUID()}`,
          year: b.year,
          holidays: [...b.holidays],
          mode: b.mode,
          name: b.name,
          nameEn: b.nameEn ?? b.name,
          period: b.period ?? null,
          days: b.days.map((d): ScheduleDay => ({ ...d, note: d.note ?? null })),
          verified,
          enabled: true,
          legalDocument,
          validFrom: b.validFrom ?? legalDocument?.date ?? null,
          validTo: b.validTo ?? null,
          appliesTo: b.appliesTo ?? null,
          source: b.source ?? adminSource,
          sourceUrl: b.sourceUrl ?? legalDocument?.url ?? null,
        };
        try {
          validateSchedule(s, 'schedule', cal.weeklyRestDays);
          if (s.year < cal.fromYear || s.year > cal.toYear) {
            throw new CalendarInputError(
              'OUT_OF_RANGE',
              'schedule.year',
              `schedule.year: ${s.year} ngoài phạm vi lịch ${cal.fromYear}–${cal.toYear}`,
              `schedule.year: ${s.year} is outside the calendar (${cal.fromYear}–${cal.toYear})`,
            );
          }
          s.days.forEach((d, i) => checkInRange(cal, d.date, `schedule.days.${i}.date`));
        } catch (e) {
          withField(e, (f) => f);
        }
        assertStatutoryDays(s, data.rules, 'schedule.days');
        return scheduleChange(null, s, 'admin', 'schedule');
      }
      case 'verify_schedule': {
        const cur = findSchedule(op.scheduleId);
        if (cur.enabled === false) {
          throw conflict(
            'schedule_withdrawn',
            `Lịch nghỉ ${cur.id} đã bị thu hồi.`,
            `Schedule ${cur.id} was withdrawn.`,
            'scheduleId',
          );
        }
        if (cur.verified) {
          throw conflict(
            'already_verified',
            `Lịch nghỉ ${cur.id} đã được xác nhận.`,
            `Schedule ${cur.id} is already verified.`,
            'scheduleId',
          );
        }
        // e.g. the seed's 2026 National Day entry lists only 2/9: confirming it would drop the second day
        assertStatutoryDays(cur, data.rules, 'scheduleId');
        let next: HolidaySchedule;
        try {
          next = verifySchedule(cur, {
            legalDocument: op.legalDocument,
            ...(op.validFrom !== undefined ? { validFrom: op.validFrom } : {}),
          });
        } catch (e) {
          withField(e, (f) => (f.startsWith('schedule.') ? 'scheduleId' : f));
        }
        return scheduleChange(cur, next, originOf(cur.id), 'scheduleId');
      }
      case 'withdraw_schedule': {
        const cur = findSchedule(op.scheduleId);
        if (cur.enabled === false) {
          throw conflict(
            'schedule_withdrawn',
            `Lịch nghỉ ${cur.id} đã bị thu hồi.`,
            `Schedule ${cur.id} was already withdrawn.`,
            'scheduleId',
          );
        }
        return scheduleChange(cur, { ...cur, enabled: false }, originOf(cur.id), 'scheduleId');
      }
      case 'remove_day': {
        const cur = findSchedule(op.scheduleId);
        if (cur.enabled === false) {
          throw conflict(
            'schedule_withdrawn',
            `Lịch nghỉ ${cur.id} đã bị thu hồi.`,
            `Schedule ${cur.id} was withdrawn.`,
            'scheduleId',
          );
        }
        const days = cur.days.filter((d) => d.date !== op.date);
        if (days.length === cur.days.length) {
          throw badRequest(
            'day_not_in_schedule',
            `Ngày ${op.date} không có trong lịch nghỉ ${cur.id}.`,
            `${op.date} is not a day of schedule ${cur.id}.`,
            'date',
          );
        }
        const next: HolidaySchedule = { ...cur, days, enabled: days.length > 0 };
        return scheduleChange(cur, next, originOf(cur.id), 'date');
      }
      case 'enable_rule': {
        const cur = findRule(op.ruleId);
        let next: HolidayRule;
        try {
          next = enableHolidayRule(cur, {
            legalDocument: op.legalDocument,
            validFrom: op.validFrom,
            validTo: op.validTo ?? null,
          });
        } catch (e) {
          withField(e, (f) => f.replace(/^rule\./, ''));
        }
        return ruleChange(cur, next, 'validFrom');
      }
      case 'disable_rule': {
        const cur = findRule(op.ruleId);
        if (cur.enabled === false) {
          throw conflict(
            'rule_disabled',
            `Quy tắc ${cur.id} đang tắt.`,
            `Rule ${cur.id} is already switched off.`,
            'ruleId',
          );
        }
        let next: HolidayRule;
        if (op.validTo) {
          next = { ...cur, validTo: op.validTo };
          try {
            validateEffectiveDated(next, 'rule');
          } catch (e) {
            withField(e, (f) => f.replace(/^rule\./, ''));
          }
        } else {
          next = disableHolidayRule(cur);
        }
        return ruleChange(cur, next, op.validTo ? 'validTo' : 'ruleId');
      }
      case 'set_office_hours': {
        parseIsoDate(op.validFrom, 'validFrom');
        if (op.agency !== null) await requireAgencyOn(tx, op.agency, op.validFrom, 'agency');
        const oh: OfficeHours = {
          id: randomUUID(),
          agencyId: op.agency,
          name: op.name ?? (op.agency ? `Giờ làm việc của ${op.agency}` : 'Giờ hành chính'),
          nameEn: op.nameEn ?? (op.agency ? `Office hours of ${op.agency}` : 'Office hours'),
          validFrom: op.validFrom,
          validTo: null,
          seasons: op.seasons,
        };
        try {
          validateOfficeHours(oh);
        } catch (e) {
          withField(e, (f) => f.replace(/^officeHours\./, ''));
        }
        const same = data.officeHours.filter((o) => o.agencyCode === op.agency);
        const later = same.find((o) => (o.validFrom ?? '0000-01-01') >= op.validFrom);
        if (later) {
          throw conflict(
            'office_hours_overlap',
            `Đã có giờ làm việc có hiệu lực từ ${later.validFrom ?? '—'}; chọn ngày hiệu lực sau ngày đó.`,
            `Office hours in force from ${later.validFrom ?? '—'} exist; choose a later start date.`,
            'validFrom',
          );
        }
        const toClose = same.filter((o) => o.validTo === null || o.validTo >= op.validFrom);
        const before = toClose.map((o) => o.hours);
        return {
          target: { type: 'office_hours', id: `office_hours:${op.agency ?? 'default'}` },
          before: before.length ? before : null,
          after: oh,
          calendar: false,
          path: 'seasons',
          write: async (t) => {
            for (const o of toClose) await closeOfficeHours(t, o.id, shiftDate(op.validFrom, -1));
            await insertOfficeHours(t, oh, actor.id);
          },
        };
      }
    }
  }
}

/** Holiday names known to the kernel, for forms. */
export const KNOWN_HOLIDAYS = Object.entries(HOLIDAY_NAMES).map(([key, n]) => ({
  key: key as KnownHolidayKey,
  name: n.vi,
  nameEn: n.en,
}));
