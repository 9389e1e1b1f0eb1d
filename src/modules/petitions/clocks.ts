/**
 * Statutory clocks of petitions as EFFECTIVE-DATED rule versions (REFERENCE §4 "Time rules"). A petition
 * keeps the version in force on its receipt date (Asia/Ho_Chi_Minh), stored in `petitions.rule_version`;
 * every deadline is computed through the working-day calendar (`src/kernel/calendar`) and stored in
 * `petition_deadlines` (one row per clock).
 *
 * Counting (Bộ luật Dân sự 2015 Art 147–148, docs/calendar.md): day 0 is the trigger's date (receipt,
 * acceptance…); N working days end at 24:00 of the N-th working day after day 0 (weekends, holidays, Tết
 * and compensatory days skipped); N calendar days end on day 0 + N, moved to the next working day when that
 * day is not a working day (Art 148). No 15:00 cut-off (that is a one-stop rule, ND 61/2018 Art 18).
 *
 * Versions:
 * - `pet2019` (2019-01-01 → 2026-06-30): Luật TCD 42/2013, Luật KN 02/2011, Luật TC 25/2018 (in force
 *   01/01/2019; petitions received earlier are outside the shipped rules);
 * - `pet2026` (from 2026-07-01): the same except complaint acceptance 7 working days (Luật 136/2025/QH15,
 *   ND 155/2026/NĐ-CP — secondary source [S]).
 */
import {
  addCalendarDays,
  computeDeadline,
  ruleInForce,
  type CalendarSnapshot,
  type EffectiveDated,
  type IsoDate,
} from '../../kernel/calendar/index.ts';
import type { PetitionKind } from './rules.ts';

export type ClockUnit = 'working_days' | 'calendar_days';
/** Clock names stored in `petition_deadlines.clock`. */
export type ClockName = 'answer' | 'accept' | 'check' | 'forward' | 'resolve' | 'extension_1' | 'extension_2';

/** One limit: amount, unit (working or calendar days), legal source. */
export interface ClockLimit {
  value: number;
  unit: ClockUnit;
  source: string;
  /** V = checked against the legal text, S = secondary source (REFERENCE notation) */
  verification: 'V' | 'S';
}

/** A rule version: every limit in force between `validFrom` and `validTo` (inclusive). */
export interface PetitionRuleVersion extends EffectiveDated {
  id: string;
  label: { vi: string; en: string };
  limits: {
    /** answer the visitor/petitioner after reception: 10 WORKING days (Luật TCD 2013 Art 28) */
    answer: ClockLimit;
    /** complaint limitation: 90 CALENDAR days from learning of the decision/act (Luật KN 2011 Art 9) */
    complaintLimitation: ClockLimit;
    /** complaint acceptance: 10 days read as working days (Luật KN Art 27) → 7 WORKING days from 2026-07-01 (ND 155/2026) */
    complaintAccept: ClockLimit;
    /** first-level resolution from acceptance, CALENDAR days (Luật KN Art 28): normal / complex / remote / remote complex */
    complaintResolveL1: {
      normal: ClockLimit;
      complex: ClockLimit;
      remote: ClockLimit;
      remoteComplex: ClockLimit;
    };
    /** second complaint within 30 CALENDAR days (45 remote) of the first-level decision (Luật KN Art 33) */
    secondComplaint: { normal: ClockLimit; remote: ClockLimit };
    /** second-level resolution from acceptance, CALENDAR days (Luật KN Art 37) */
    complaintResolveL2: {
      normal: ClockLimit;
      complex: ClockLimit;
      remote: ClockLimit;
      remoteComplex: ClockLimit;
    };
    /** denunciation: register, classify, check within 7 WORKING days (≤ 10 if multi-site) (Luật TC 2018 Art 24) */
    denunciationCheck: { normal: ClockLimit; multiSite: ClockLimit };
    /** denunciation not within competence: forward within 5 WORKING days of receipt (Luật TC Art 24) */
    denunciationForward: ClockLimit;
    /** denunciation resolution: 30 CALENDAR days from acceptance (Luật TC Art 30) */
    denunciationResolve: ClockLimit;
    /** each extension ≤ 30 CALENDAR days, at most two (Luật TC Art 30) */
    denunciationExtension: ClockLimit & { max: number };
  };
}

const wd = (value: number, source: string, verification: 'V' | 'S' = 'V'): ClockLimit => ({
  value,
  unit: 'working_days',
  source,
  verification,
});
const cd = (value: number, source: string, verification: 'V' | 'S' = 'V'): ClockLimit => ({
  value,
  unit: 'calendar_days',
  source,
  verification,
});

const TCD28 = 'Luật Tiếp công dân 42/2013/QH13 Art 28';
const KN9 = 'Luật Khiếu nại 02/2011/QH13 Art 9';
const KN27 = 'Luật Khiếu nại 02/2011/QH13 Art 27';
const KN28 = 'Luật Khiếu nại 02/2011/QH13 Art 28';
const KN33 = 'Luật Khiếu nại 02/2011/QH13 Art 33';
const KN37 = 'Luật Khiếu nại 02/2011/QH13 Art 37';
const TC24 = 'Luật Tố cáo 25/2018/QH14 Art 24';
const TC30 = 'Luật Tố cáo 25/2018/QH14 Art 30';

function version(
  id: string,
  validFrom: IsoDate,
  validTo: IsoDate | null,
  label: { vi: string; en: string },
  accept: ClockLimit,
): PetitionRuleVersion {
  return {
    id,
    validFrom,
    validTo,
    label,
    limits: {
      answer: wd(10, TCD28),
      complaintLimitation: cd(90, KN9),
      complaintAccept: accept,
      complaintResolveL1: {
        normal: cd(30, `${KN28} (≤ 30 ngày kể từ ngày thụ lý)`),
        complex: cd(45, `${KN28} (vụ việc phức tạp ≤ 45 ngày)`),
        remote: cd(45, `${KN28} (vùng sâu, vùng xa đi lại khó khăn ≤ 45 ngày)`),
        remoteComplex: cd(60, `${KN28} (vùng sâu, vùng xa, phức tạp ≤ 60 ngày)`),
      },
      secondComplaint: { normal: cd(30, KN33), remote: cd(45, `${KN33} (vùng sâu, vùng xa)`) },
      complaintResolveL2: {
        normal: cd(45, `${KN37} (≤ 45 ngày kể từ ngày thụ lý)`),
        complex: cd(60, `${KN37} (vụ việc phức tạp ≤ 60 ngày)`),
        remote: cd(60, `${KN37} (vùng sâu, vùng xa ≤ 60 ngày)`),
        remoteComplex: cd(70, `${KN37} (vùng sâu, vùng xa, phức tạp ≤ 70 ngày)`),
      },
      denunciationCheck: {
        normal: wd(7, `${TC24} (07 ngày làm việc)`),
        multiSite: wd(10, `${TC24} (kiểm tra, xác minh ở nhiều địa điểm ≤ 10 ngày làm việc)`),
      },
      denunciationForward: wd(5, `${TC24} (không thuộc thẩm quyền: chuyển trong 05 ngày làm việc)`),
      denunciationResolve: cd(30, `${TC30} (30 ngày kể từ ngày thụ lý)`),
      denunciationExtension: { ...cd(30, `${TC30} (gia hạn ≤ 30 ngày, tối đa hai lần)`), max: 2 },
    },
  };
}

/** The shipped rule versions (data; `GET /api/petitions/meta` lists them). */
export const PETITION_RULE_VERSIONS: readonly PetitionRuleVersion[] = Object.freeze([
  version(
    'pet2019',
    '2019-01-01',
    '2026-06-30',
    {
      vi: 'Luật TCD 2013, Luật KN 2011, Luật TC 2018 (đến 30/06/2026)',
      en: 'Reception Law 2013, Complaints Law 2011, Denunciations Law 2018 (until 2026-06-30)',
    },
    wd(10, `${KN27} (10 ngày; hướng dẫn tính ngày làm việc)`),
  ),
  version(
    'pet2026',
    '2026-07-01',
    null,
    {
      vi: 'Từ 01/07/2026: thụ lý khiếu nại 07 ngày làm việc (Luật 136/2025/QH15, ND 155/2026)',
      en: 'From 2026-07-01: complaint acceptance 7 working days (Law 136/2025/QH15, Decree 155/2026)',
    },
    wd(
      7,
      'Luật Khiếu nại (sửa đổi bởi Luật 136/2025/QH15) Art 27; Nghị định 155/2026/NĐ-CP (07 ngày làm việc) [S]',
      'S',
    ),
  ),
]);

/** The rule version in force on a receipt date `YYYY-MM-DD` (Asia/Ho_Chi_Minh); undefined before 2019. */
export const ruleVersionOn = (date: IsoDate): PetitionRuleVersion | undefined =>
  ruleInForce(PETITION_RULE_VERSIONS, date);

/** A rule version by id (the one a petition keeps). @throws Error for an unknown id */
export function ruleVersion(id: string): PetitionRuleVersion {
  const v = PETITION_RULE_VERSIONS.find((x) => x.id === id);
  if (!v) throw new Error(`unknown petition rule version ${id}`);
  return v;
}

/** A deadline to store in `petition_deadlines`. */
export interface ClockDeadline {
  clock: ClockName;
  /** day 0 of the count (Asia/Ho_Chi_Minh) */
  startDate: IsoDate;
  /** last day (24:00 of it) */
  dueDate: IsoDate;
  limit: { value: number; unit: ClockUnit };
  source: string;
}

/**
 * The deadline of `limit` counted from day 0 = the HCM date of `at` (no cut-off): working days end on the
 * N-th working day after day 0; calendar days on day 0 + N, rolled to the next working day (BLDS Art 148).
 */
export function deadlineOf(
  cal: CalendarSnapshot,
  clock: ClockName,
  limit: ClockLimit,
  at: Date | IsoDate,
): ClockDeadline {
  // a bare date is day 0 itself (noon in Hà Nội, so no time-zone shift moves it)
  const instant = typeof at === 'string' ? new Date(`${at}T12:00:00+07:00`) : at;
  const d = computeDeadline(cal, { amount: limit.value, unit: limit.unit, cutoff: null }, instant);
  return {
    clock,
    startDate: d.startDate,
    dueDate: d.dueDate,
    limit: { value: limit.value, unit: limit.unit },
    source: limit.source,
  };
}

export interface IntakeFacts {
  kind: PetitionKind;
  /** complaints: 1 or 2 */
  level?: number | null;
  /** denunciation checks at several sites (≤ 10 working days instead of 7) */
  multiSite?: boolean;
}

/**
 * Clocks started by the receipt of a petition (day 0 = receipt date):
 * - every kind: `answer` — 10 WORKING days (Luật TCD 2013 Art 28);
 * - complaint: `accept` — 10 WORKING days until 2026-06-30, 7 WORKING days from 2026-07-01 (Luật KN Art 27;
 *   ND 155/2026) — by the petition's rule version;
 * - denunciation: `check` — 7 WORKING days, 10 when multi-site (Luật TC 2018 Art 24).
 */
export function intakeClocks(
  cal: CalendarSnapshot,
  v: PetitionRuleVersion,
  f: IntakeFacts,
  receivedAt: Date,
): ClockDeadline[] {
  const out = [deadlineOf(cal, 'answer', v.limits.answer, receivedAt)];
  if (f.kind === 'complaint') out.push(deadlineOf(cal, 'accept', v.limits.complaintAccept, receivedAt));
  if (f.kind === 'denunciation')
    out.push(
      deadlineOf(
        cal,
        'check',
        f.multiSite ? v.limits.denunciationCheck.multiSite : v.limits.denunciationCheck.normal,
        receivedAt,
      ),
    );
  return out;
}

/**
 * The `forward` clock of a denunciation found not within competence: 5 WORKING days from the RECEIPT date
 * (Luật TC 2018 Art 24).
 */
export const denunciationForwardClock = (cal: CalendarSnapshot, v: PetitionRuleVersion, receivedAt: Date) =>
  deadlineOf(cal, 'forward', v.limits.denunciationForward, receivedAt);

/** Pick normal / complex / remote / remote-complex. */
function pick<T>(
  x: { normal: T; complex: T; remote: T; remoteComplex: T },
  complex: boolean,
  remote: boolean,
): T {
  return remote ? (complex ? x.remoteComplex : x.remote) : complex ? x.complex : x.normal;
}

/**
 * The `resolve` clock started by acceptance (day 0 = acceptance date), CALENDAR days:
 * - complaint level 1: 30 / complex 45; remote area 45 / 60 (Luật KN 2011 Art 28);
 * - complaint level 2: 45 / complex 60; remote area 60 / 70 (Luật KN 2011 Art 37);
 * - denunciation: 30 (Luật TC 2018 Art 30; extensions: `extensionClock`);
 * - other kinds: none (null).
 */
export function resolveClock(
  cal: CalendarSnapshot,
  v: PetitionRuleVersion,
  p: { kind: string; level: number | null; complex: boolean; remoteArea: boolean },
  acceptedAt: Date,
): ClockDeadline | null {
  if (p.kind === 'complaint') {
    const table = (p.level ?? 1) >= 2 ? v.limits.complaintResolveL2 : v.limits.complaintResolveL1;
    return deadlineOf(cal, 'resolve', pick(table, p.complex, p.remoteArea), acceptedAt);
  }
  if (p.kind === 'denunciation') return deadlineOf(cal, 'resolve', v.limits.denunciationResolve, acceptedAt);
  return null;
}

/**
 * Extension `n` (1 or 2) of a denunciation's resolution (Luật TC 2018 Art 30): `days` ≤ 30 CALENDAR days
 * counted from the last day of the deadline in force (day 0 = that due date), rolled to a working day.
 */
export function extensionClock(
  cal: CalendarSnapshot,
  v: PetitionRuleVersion,
  n: 1 | 2,
  currentDue: IsoDate,
  days = v.limits.denunciationExtension.value,
): ClockDeadline {
  const lim = v.limits.denunciationExtension;
  return {
    clock: n === 1 ? 'extension_1' : 'extension_2',
    startDate: currentDue,
    dueDate: addCalendarDays(cal, currentDue, days),
    limit: { value: days, unit: 'calendar_days' },
    source: lim.source,
  };
}

/**
 * Last day to lodge a complaint: 90 CALENDAR days from the day the complainant learned of the decision or
 * act (Luật KN 2011 Art 9). A complaint received after it is `time_barred` (unless prevented by force
 * majeure, which staff decide).
 */
export const complaintLimitationEnd = (cal: CalendarSnapshot, v: PetitionRuleVersion, knownOn: IsoDate) =>
  deadlineOf(cal, 'answer', v.limits.complaintLimitation, knownOn).dueDate;

/**
 * Last day to lodge a second-level complaint: 30 CALENDAR days (45 in remote areas) from the first-level
 * decision (Luật KN 2011 Art 33).
 */
export const secondComplaintEnd = (
  cal: CalendarSnapshot,
  v: PetitionRuleVersion,
  decidedOn: Date | IsoDate,
  remote: boolean,
) =>
  deadlineOf(
    cal,
    'resolve',
    remote ? v.limits.secondComplaint.remote : v.limits.secondComplaint.normal,
    decidedOn,
  ).dueDate;
