/**
 * Calendar data in the database (issue 3): the rows an admin changed on top of the shipped data, and
 * their merge with it. The shipped holiday rules ({@link DEFAULT_HOLIDAY_RULES}) and the seed schedules
 * (`data/vn-day-swaps.json`) stay in code; a stored row with the same id replaces the shipped one (a seed
 * schedule an admin confirmed, withdrew or trimmed; a rule switched on), other rows are added.
 *
 * Server side only (not re-exported from `index.ts`, which stays pure).
 */
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/engine.ts';
import {
  calendarChanges,
  calendarHolidayRules,
  calendarOfficeHours,
  calendarScheduleDays,
  calendarSchedules,
} from '../../db/schema.ts';
import type { IsoDate } from './dates.ts';
import { DEFAULT_OFFICE_HOURS, type OfficeHours } from './hours.ts';
import { DEFAULT_HOLIDAY_RULES, ruleInForce, type HolidayRule, type LegalDocumentRef } from './rules.ts';
import type { CalendarDayKind, HolidaySchedule, ScheduleDay } from './schedule.ts';
import { seedSchedules } from './seed.ts';

/** Where a schedule or rule comes from. */
export type CalendarOrigin = 'seed' | 'admin';

export interface StoredMeta {
  origin: CalendarOrigin;
  /** true when a database row exists (the shipped version was changed by an admin) */
  stored: boolean;
  updatedAt: string | null;
}

/** One stored office-hours version. */
export interface StoredOfficeHours {
  id: string;
  agencyCode: string | null;
  validFrom: IsoDate | null;
  validTo: IsoDate | null;
  hours: OfficeHours;
  createdAt: string;
}

/** The calendar data in force: shipped data merged with the stored rows. */
export interface CalendarData {
  /** `calendar_changes` sequence the data was read at (0 = no change ever) */
  seq: number;
  rules: HolidayRule[];
  schedules: HolidaySchedule[];
  ruleMeta: Map<string, StoredMeta>;
  scheduleMeta: Map<string, StoredMeta>;
  officeHours: StoredOfficeHours[];
}

interface ScheduleRow {
  id: string;
  origin: string;
  year: number;
  holidays: string[];
  mode: string;
  name: string;
  name_en: string;
  period_from: string | null;
  period_to: string | null;
  verified: boolean;
  enabled: boolean;
  legal_document: LegalDocumentRef | null;
  valid_from: string | null;
  valid_to: string | null;
  applies_to: string | null;
  source: string;
  source_url: string | null;
  updated_at: string;
}
interface DayRow {
  schedule_id: string;
  seq: number;
  date: string;
  kind: string;
  holiday: string;
  note: string | null;
}
interface RuleRow {
  id: string;
  rule: HolidayRule;
  updated_at: string;
}
interface OfficeHoursRow {
  id: string;
  agency_code: string | null;
  valid_from: string | null;
  valid_to: string | null;
  hours: OfficeHours;
  created_at: string;
}

/** The latest `calendar_changes` sequence (0 when the calendar was never changed). */
export async function calendarSeq(db: Tx): Promise<number> {
  const [r] = await queryRows<{ seq: number }>(
    db,
    sql`SELECT coalesce(max(seq), 0)::int AS seq FROM calendar_changes`,
  );
  return Number(r?.seq ?? 0);
}

/**
 * Reads every stored calendar row in ONE statement (so the rows are a consistent snapshot even outside a
 * transaction) and merges them with the shipped data.
 */
export async function loadCalendarData(db: Tx): Promise<CalendarData> {
  const [r] = await queryRows<{
    seq: number;
    rules: RuleRow[];
    schedules: ScheduleRow[];
    days: DayRow[];
    office_hours: OfficeHoursRow[];
  }>(
    db,
    sql`SELECT
      (SELECT coalesce(max(seq), 0)::int FROM calendar_changes) AS seq,
      (SELECT coalesce(json_agg(json_build_object('id', r.id, 'rule', r.rule, 'updated_at', r.updated_at) ORDER BY r.id), '[]'::json)
         FROM calendar_holiday_rules r) AS rules,
      (SELECT coalesce(json_agg(s ORDER BY s.id), '[]'::json) FROM calendar_schedules s) AS schedules,
      (SELECT coalesce(json_agg(d ORDER BY d.schedule_id, d.seq), '[]'::json) FROM calendar_schedule_days d) AS days,
      (SELECT coalesce(json_agg(o ORDER BY o.agency_code NULLS FIRST, o.valid_from NULLS FIRST, o.created_at), '[]'::json)
         FROM calendar_office_hours o) AS office_hours`,
  );
  const row = r!;
  return mergeCalendarData(Number(row.seq), row.rules, row.schedules, row.days, row.office_hours);
}

function mergeCalendarData(
  seq: number,
  ruleRows: RuleRow[],
  scheduleRows: ScheduleRow[],
  dayRows: DayRow[],
  ohRows: OfficeHoursRow[],
): CalendarData {
  const ruleMeta = new Map<string, StoredMeta>();
  const storedRules = new Map(ruleRows.map((r) => [r.id, r]));
  const rules: HolidayRule[] = [];
  for (const r of DEFAULT_HOLIDAY_RULES) {
    const s = storedRules.get(r.id);
    rules.push(s ? s.rule : r);
    ruleMeta.set(r.id, { origin: 'seed', stored: !!s, updatedAt: s?.updated_at ?? null });
    storedRules.delete(r.id);
  }
  for (const s of storedRules.values()) {
    rules.push(s.rule);
    ruleMeta.set(s.id, { origin: 'admin', stored: true, updatedAt: s.updated_at });
  }

  const daysBySchedule = new Map<string, ScheduleDay[]>();
  for (const d of dayRows) {
    let list = daysBySchedule.get(d.schedule_id);
    if (!list) daysBySchedule.set(d.schedule_id, (list = []));
    list.push({ date: d.date, kind: d.kind as CalendarDayKind, holiday: d.holiday, note: d.note });
  }
  const storedSchedules = new Map(scheduleRows.map((s) => [s.id, s]));
  const scheduleMeta = new Map<string, StoredMeta>();
  const schedules: HolidaySchedule[] = [];
  const fromRow = (s: ScheduleRow): HolidaySchedule => ({
    id: s.id,
    year: s.year,
    holidays: s.holidays,
    mode: s.mode as HolidaySchedule['mode'],
    name: s.name,
    nameEn: s.name_en,
    period: s.period_from && s.period_to ? { from: s.period_from, to: s.period_to } : null,
    days: daysBySchedule.get(s.id) ?? [],
    verified: s.verified,
    enabled: s.enabled,
    legalDocument: s.legal_document,
    validFrom: s.valid_from,
    validTo: s.valid_to,
    appliesTo: s.applies_to,
    source: s.source,
    sourceUrl: s.source_url,
  });
  for (const s of seedSchedules()) {
    const row = storedSchedules.get(s.id);
    schedules.push(row ? fromRow(row) : s);
    scheduleMeta.set(s.id, { origin: 'seed', stored: !!row, updatedAt: row?.updated_at ?? null });
    storedSchedules.delete(s.id);
  }
  for (const row of storedSchedules.values()) {
    schedules.push(fromRow(row));
    scheduleMeta.set(row.id, {
      origin: row.origin === 'seed' ? 'seed' : 'admin',
      stored: true,
      updatedAt: row.updated_at,
    });
  }
  const officeHours = ohRows.map((o): StoredOfficeHours => ({
    id: o.id,
    agencyCode: o.agency_code,
    validFrom: o.valid_from,
    validTo: o.valid_to,
    hours: o.hours,
    createdAt: o.created_at,
  }));
  return { seq, rules, schedules, ruleMeta, scheduleMeta, officeHours };
}

/** Inserts or replaces a schedule row and its days. */
export async function saveSchedule(
  tx: Tx,
  s: HolidaySchedule,
  origin: CalendarOrigin,
  actorId: string | null,
): Promise<void> {
  const values = {
    id: s.id,
    origin,
    year: s.year,
    holidays: [...s.holidays],
    mode: s.mode,
    name: s.name,
    nameEn: s.nameEn,
    periodFrom: s.period?.from ?? null,
    periodTo: s.period?.to ?? null,
    verified: s.verified,
    enabled: s.enabled !== false,
    legalDocument: s.legalDocument,
    validFrom: s.validFrom,
    validTo: s.validTo,
    appliesTo: s.appliesTo,
    source: s.source,
    sourceUrl: s.sourceUrl,
    updatedAt: new Date(),
    updatedBy: actorId,
  };
  await tx
    .insert(calendarSchedules)
    .values({ ...values, createdBy: actorId })
    .onConflictDoUpdate({ target: calendarSchedules.id, set: values });
  await tx.delete(calendarScheduleDays).where(eq(calendarScheduleDays.scheduleId, s.id));
  if (s.days.length) {
    await tx.insert(calendarScheduleDays).values(
      s.days.map((d, seq) => ({
        scheduleId: s.id,
        seq,
        date: d.date,
        kind: d.kind,
        holiday: d.holiday,
        note: d.note ?? null,
      })),
    );
  }
}

/** Inserts or replaces a holiday rule row. */
export async function saveHolidayRule(tx: Tx, r: HolidayRule, actorId: string | null): Promise<void> {
  const values = {
    key: r.key,
    enabled: r.enabled !== false,
    validFrom: r.validFrom,
    validTo: r.validTo,
    legalDocument: r.legalDocument,
    rule: r,
    updatedAt: new Date(),
    updatedBy: actorId,
  };
  await tx
    .insert(calendarHolidayRules)
    .values({ id: r.id, ...values })
    .onConflictDoUpdate({ target: calendarHolidayRules.id, set: values });
}

/** Closes an office-hours version (sets its `validTo`). */
export async function closeOfficeHours(tx: Tx, id: string, validTo: IsoDate): Promise<void> {
  await tx.update(calendarOfficeHours).set({ validTo }).where(eq(calendarOfficeHours.id, id));
}

/** Inserts an office-hours version; returns its id. */
export async function insertOfficeHours(tx: Tx, oh: OfficeHours, actorId: string | null): Promise<string> {
  const id = oh.id && /^[0-9a-f-]{36}$/.test(oh.id) ? oh.id : randomUUID();
  await tx.insert(calendarOfficeHours).values({
    id,
    agencyCode: oh.agencyId,
    validFrom: oh.validFrom,
    validTo: oh.validTo,
    hours: { ...oh, id },
    createdBy: actorId,
  });
  return id;
}

/** Appends a row to the calendar change log; returns its sequence. */
export async function logCalendarChange(tx: Tx, op: string, entityId: string): Promise<number> {
  const [r] = await tx
    .insert(calendarChanges)
    .values({ op, entityId })
    .returning({ seq: calendarChanges.seq });
  return Number(r!.seq);
}

/**
 * The office hours of an agency on a date: its own version in force, else the stored province-wide
 * default in force, else {@link DEFAULT_OFFICE_HOURS}.
 */
export function officeHoursFor(
  stored: readonly StoredOfficeHours[],
  agencyCode: string | null,
  date: IsoDate,
): { hours: OfficeHours; origin: 'agency' | 'province' | 'shipped' } {
  if (agencyCode !== null) {
    const own = ruleInForce(
      stored.filter((o) => o.agencyCode === agencyCode),
      date,
    );
    if (own) return { hours: own.hours, origin: 'agency' };
  }
  const dflt = ruleInForce(
    stored.filter((o) => o.agencyCode === null),
    date,
  );
  if (dflt) return { hours: dflt.hours, origin: 'province' };
  return { hours: DEFAULT_OFFICE_HOURS, origin: 'shipped' };
}
