/**
 * Calendar endpoints (issue 3; contract in docs/calendar.md). Signed-in users read; only admins write.
 *
 * - `GET /api/calendar/holidays?year=YYYY` → `{ year, days: [{ date, kind, name, source, … }], awaitingConfirmation }`
 * - `GET /api/calendar/add-working-days?start=YYYY-MM-DD&days=N` → `{ date }`
 * - `GET /api/calendar/working-days-between?from=&to=` → `{ days }` (working days in (from, to])
 * - `GET /api/calendar/days?from=&to=` → `{ days: [{ date, working, isoWeekday, weeklyRestDay, entries }] }` (≤ 366 days)
 * - `GET /api/calendar/overrides[?year=&status=&origin=]` → official schedules (incl. unverified ones awaiting
 *   confirmation), changed rules, stored office hours
 * - `POST /api/calendar/overrides` (admin) `{ op, …, legalDocument: { number, date }, reason }` → what changed
 *   and the open task deadlines that moved
 * - `GET /api/calendar/rules[?asOf=]` → holiday rules and time-limit rules with their validity
 * - `GET /api/calendar/office-hours[?agency=&date=]` → the office hours in force
 * - `GET /api/calendar/history[?limit=]` → the audit history of calendar changes
 * - `GET /api/calendar/affected-tasks` (office roles) → open rule-defined task deadlines the calendar now moves
 */
import { z } from 'zod';
import { desc, eq } from 'drizzle-orm';
import type { App, ServerContext } from '../../server/context.ts';
import { auditEvents } from '../../db/schema.ts';
import { requireRole, requireUser } from '../auth/http.ts';
import { OFFICE_ROLES } from '../auth/roles.ts';
import { IsoDateSchema } from '../schemas.ts';
import { CalendarInputError } from './errors.ts';
import { daysBetween, parseIsoDate, toHcmDate, type IsoDate } from './dates.ts';
import { addWorkingDays, describeDay, workingDaysBetween } from './ops.ts';
import { isInForce } from './rules.ts';
import { CALENDAR_DAY_KINDS } from './schedule.ts';
import { listHolidays, type CalendarSnapshot } from './snapshot.ts';
import { DEFAULT_TIME_LIMIT_RULES } from './clock.ts';
import { officeHoursFor } from './store.ts';
import { CALENDAR_OPS, KNOWN_HOLIDAYS, type CalendarOp } from './service.ts';

/** Largest |days| accepted by add-working-days (about 14 years of working days). */
export const MAX_WORKING_DAYS = 3650;

const IntString = (field: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^[+-]?\d{1,7}$/, `Phải là số nguyên | Must be an integer`)
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(min, `Phải từ ${min} đến ${max} | Must be from ${min} to ${max}`)
        .max(max, `Phải từ ${min} đến ${max} | Must be from ${min} to ${max}`),
    )
    .describe(field);

const Str = (max: number) => z.string().trim().min(1).max(max);

const LegalDocumentSchema = z
  .object({
    number: Str(200),
    date: IsoDateSchema,
    title: z.string().max(500).nullable().optional(),
    url: z.string().max(2000).nullable().optional(),
  })
  .strict()
  .describe('Văn bản pháp lý (số, ký hiệu; ngày ban hành) / Legal document (number; date of issue)');

const Reason = z.string().max(2000).nullable().optional();
const DayKind = z.enum(
  CALENDAR_DAY_KINDS as unknown as ['holiday', 'compensatory', 'swapped_off', 'makeup_working'],
);
const HolidayKey = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{0,49}$/, 'Khóa ngày lễ: chữ thường, số, _ | Holiday key: lower case, digits, _');

const IntervalSchema = z.object({ start: z.string().max(5), end: z.string().max(5) }).strict();

export const OverrideBodySchema = z.discriminatedUnion('op', [
  z
    .object({
      op: z.literal('add_day'),
      date: IsoDateSchema,
      kind: DayKind,
      holiday: HolidayKey.nullable().optional(),
      name: Str(300).nullable().optional(),
      nameEn: Str(300).nullable().optional(),
      note: z.string().max(2000).nullable().optional(),
      legalDocument: LegalDocumentSchema,
      validFrom: IsoDateSchema.nullable().optional(),
      reason: Reason,
    })
    .strict(),
  z
    .object({
      op: z.literal('add_schedule'),
      schedule: z
        .object({
          year: z.number().int(),
          holidays: z.array(HolidayKey).min(1).max(10),
          mode: z.enum(['replace', 'add']),
          name: Str(300),
          nameEn: Str(300).nullable().optional(),
          period: z.object({ from: IsoDateSchema, to: IsoDateSchema }).strict().nullable().optional(),
          days: z
            .array(
              z
                .object({
                  date: IsoDateSchema,
                  kind: DayKind,
                  holiday: HolidayKey,
                  note: z.string().max(2000).nullable().optional(),
                })
                .strict(),
            )
            .max(60),
          verified: z.boolean().optional(),
          legalDocument: LegalDocumentSchema.nullable().optional(),
          validFrom: IsoDateSchema.nullable().optional(),
          validTo: IsoDateSchema.nullable().optional(),
          appliesTo: z.string().max(2000).nullable().optional(),
          source: z.string().max(4000).nullable().optional(),
          sourceUrl: z.string().max(2000).nullable().optional(),
        })
        .strict(),
      reason: Reason,
    })
    .strict(),
  z
    .object({
      op: z.literal('verify_schedule'),
      scheduleId: Str(200),
      legalDocument: LegalDocumentSchema,
      validFrom: IsoDateSchema.nullable().optional(),
      reason: Reason,
    })
    .strict(),
  z
    .object({
      op: z.literal('withdraw_schedule'),
      scheduleId: Str(200),
      legalDocument: LegalDocumentSchema.nullable().optional(),
      reason: Str(2000),
    })
    .strict(),
  z
    .object({
      op: z.literal('remove_day'),
      scheduleId: Str(200),
      date: IsoDateSchema,
      legalDocument: LegalDocumentSchema.nullable().optional(),
      reason: Str(2000),
    })
    .strict(),
  z
    .object({
      op: z.literal('enable_rule'),
      ruleId: Str(200),
      legalDocument: LegalDocumentSchema,
      validFrom: IsoDateSchema,
      validTo: IsoDateSchema.nullable().optional(),
      reason: Reason,
    })
    .strict(),
  z
    .object({
      op: z.literal('disable_rule'),
      ruleId: Str(200),
      validTo: IsoDateSchema.nullable().optional(),
      legalDocument: LegalDocumentSchema.nullable().optional(),
      reason: Str(2000),
    })
    .strict(),
  z
    .object({
      op: z.literal('set_office_hours'),
      agency: z.string().trim().min(1).max(64).nullable(),
      validFrom: IsoDateSchema,
      name: Str(300).nullable().optional(),
      nameEn: Str(300).nullable().optional(),
      seasons: z
        .array(
          z
            .object({
              name: Str(200),
              nameEn: Str(200),
              from: z.string().max(5),
              to: z.string().max(5),
              intervals: z.array(IntervalSchema).min(1).max(8),
              byWeekday: z
                .record(z.enum(['1', '2', '3', '4', '5', '6', '7']), z.array(IntervalSchema).max(8))
                .optional(),
            })
            .strict(),
        )
        .min(1)
        .max(12),
      reason: Reason,
    })
    .strict(),
]);

/** Throws `OUT_OF_RANGE`/`INVALID_DATE` naming `field` when `date` is not a date of the snapshot. */
function checkDate(cal: CalendarSnapshot, date: IsoDate, field: string): void {
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

function renamed(e: unknown, from: string, to: string): unknown {
  if (e instanceof CalendarInputError && e.field === from) {
    return new CalendarInputError(
      e.code,
      to,
      e.message.replace(`${from}:`, `${to}:`),
      e.messageEn.replace(`${from}:`, `${to}:`),
    );
  }
  return e;
}

const CalendarInfo = z.object({ fromYear: z.number(), toYear: z.number(), fingerprint: z.string() });
const calendarInfo = (cal: CalendarSnapshot) => ({
  fromYear: cal.fromYear,
  toYear: cal.toYear,
  fingerprint: cal.fingerprint,
});

const LegalDocOut = z
  .object({
    number: z.string(),
    date: z.string().nullable(),
    title: z.string().nullable().optional(),
    url: z.string().nullable().optional(),
  })
  .nullable();

const HolidayDayOut = z.object({
  date: z.string(),
  kind: z.enum(['holiday', 'compensatory', 'swapped_off', 'makeup_working']),
  name: z.string(),
  nameEn: z.string(),
  source: z.string(),
  holiday: z.string(),
  origin: z.enum(['rule', 'default', 'schedule']),
  working: z.boolean(),
  isoWeekday: z.number(),
  ruleId: z.string().nullable(),
  scheduleId: z.string().nullable(),
  legalDocument: LegalDocOut,
  compensatesFor: z.string().nullable(),
});

export async function calendarRoutes(app: App, { database, calendar }: ServerContext) {
  const db = database.db;

  app.get(
    '/api/calendar/holidays',
    {
      schema: {
        tags: ['calendar'],
        summary: 'Ngày nghỉ lễ, nghỉ bù, hoán đổi, làm bù của một năm / Special days of a year',
        description:
          'Every special day of the year: statutory holidays (also those on a weekend), compensatory days, ' +
          'swapped days off and make-up working days, with their source. `awaitingConfirmation`: official ' +
          'schedules of that year entered but not verified (not applied).',
        querystring: z.object({ year: IntString('year', 1, 9999) }).strict(),
        response: {
          200: z.object({
            year: z.number(),
            days: z.array(HolidayDayOut),
            awaitingConfirmation: z.array(
              z.object({
                id: z.string(),
                name: z.string(),
                nameEn: z.string(),
                source: z.string(),
                days: z.array(z.object({ date: z.string(), kind: z.string(), holiday: z.string() })),
              }),
            ),
            calendar: CalendarInfo,
          }),
        },
      },
    },
    async (req) => {
      requireUser(req);
      const { data, snapshot: cal } = await calendar.state();
      const year = req.query.year;
      const days = listHolidays(cal, year).map((e) => {
        const info = describeDay(cal, e.date);
        return { ...e, working: info.working, isoWeekday: info.isoWeekday };
      });
      const awaiting = data.schedules
        .filter((s) => s.year === year && !s.verified && s.enabled !== false)
        .map((s) => ({
          id: s.id,
          name: s.name,
          nameEn: s.nameEn,
          source: s.source,
          days: s.days.map((d) => ({ date: d.date, kind: d.kind, holiday: d.holiday })),
        }));
      return { year, days, awaitingConfirmation: awaiting, calendar: calendarInfo(cal) };
    },
  );

  app.get(
    '/api/calendar/add-working-days',
    {
      schema: {
        tags: ['calendar'],
        summary: 'Ngày làm việc thứ N sau ngày bắt đầu / The N-th working day after a date',
        description:
          'The `days`-th working day after `start` (counting starts the day after, Civil Code Art 147); ' +
          `negative \`days\` count backwards; |days| ≤ ${MAX_WORKING_DAYS}.`,
        querystring: z
          .object({ start: IsoDateSchema, days: IntString('days', -MAX_WORKING_DAYS, MAX_WORKING_DAYS) })
          .strict(),
        response: { 200: z.object({ date: z.string() }) },
      },
    },
    async (req) => {
      requireUser(req);
      const cal = await calendar.current();
      checkDate(cal, req.query.start, 'start');
      try {
        return { date: addWorkingDays(cal, req.query.start, req.query.days) };
      } catch (e) {
        throw renamed(e, 'n', 'days');
      }
    },
  );

  app.get(
    '/api/calendar/working-days-between',
    {
      schema: {
        tags: ['calendar'],
        summary: 'Số ngày làm việc giữa hai ngày / Working days between two dates',
        description: 'Working days d with from < d ≤ to (negative when to < from).',
        querystring: z.object({ from: IsoDateSchema, to: IsoDateSchema }).strict(),
        response: { 200: z.object({ days: z.number() }) },
      },
    },
    async (req) => {
      requireUser(req);
      const cal = await calendar.current();
      checkDate(cal, req.query.from, 'from');
      checkDate(cal, req.query.to, 'to');
      return { days: workingDaysBetween(cal, req.query.from, req.query.to) };
    },
  );

  app.get(
    '/api/calendar/days',
    {
      schema: {
        tags: ['calendar'],
        summary: 'Từng ngày: làm việc hay nghỉ / Each day: working or not (≤ 366 days)',
        querystring: z.object({ from: IsoDateSchema, to: IsoDateSchema }).strict(),
      },
    },
    async (req) => {
      requireUser(req);
      const cal = await calendar.current();
      const { from, to } = req.query;
      checkDate(cal, from, 'from');
      checkDate(cal, to, 'to');
      const n = daysBetween(from, to);
      if (n < 0 || n > 365) {
        throw new CalendarInputError(
          'OUT_OF_RANGE',
          'to',
          'to: phải từ "from" đến tối đa 366 ngày',
          'to: must be on or after "from", at most 366 days',
        );
      }
      const days = [];
      const start = parseIsoDate(from, 'from') - cal.startDn;
      for (let i = 0; i <= n; i++) days.push(describeDay(cal, cal.iso[start + i]!));
      return { from, to, days, calendar: calendarInfo(cal) };
    },
  );

  app.get(
    '/api/calendar/overrides',
    {
      schema: {
        tags: ['calendar'],
        summary: 'Lịch nghỉ chính thức và thay đổi của quản trị / Official schedules and admin changes',
        description:
          'Every official schedule (shipped seed and admin-entered) with its status: applied, unverified ' +
          '(awaiting confirmation, not applied), withdrawn, superseded, not_in_force, out_of_range; the holiday ' +
          'rules an admin changed; the stored office hours.',
        querystring: z
          .object({
            year: IntString('year', 1, 9999).optional(),
            status: z
              .enum(['applied', 'unverified', 'withdrawn', 'superseded', 'not_in_force', 'out_of_range'])
              .optional(),
            origin: z.enum(['seed', 'admin']).optional(),
          })
          .strict(),
      },
    },
    async (req) => {
      requireUser(req);
      const { data, snapshot: cal } = await calendar.state();
      const applied = new Set(cal.appliedSchedules);
      const ignored = new Map(cal.ignoredSchedules.map((i) => [i.id, i.reason]));
      const schedules = data.schedules
        .map((s) => {
          const meta = data.scheduleMeta.get(s.id);
          const status =
            s.enabled === false
              ? 'withdrawn'
              : applied.has(s.id)
                ? 'applied'
                : (ignored.get(s.id) ?? 'not_in_force');
          return {
            ...s,
            enabled: s.enabled !== false,
            origin: meta?.origin ?? 'admin',
            status,
            changedByAdmin: meta?.stored ?? false,
            updatedAt: meta?.updatedAt ?? null,
          };
        })
        .filter(
          (s) =>
            (req.query.year === undefined || s.year === req.query.year) &&
            (req.query.status === undefined || s.status === req.query.status) &&
            (req.query.origin === undefined || s.origin === req.query.origin),
        )
        .sort((a, b) => a.year - b.year || a.id.localeCompare(b.id));
      const rules = data.rules
        .filter((r) => data.ruleMeta.get(r.id)?.stored)
        .map((r) => ({ ...r, updatedAt: data.ruleMeta.get(r.id)?.updatedAt ?? null }));
      return {
        schedules,
        awaitingConfirmation: schedules.filter((s) => s.status === 'unverified').map((s) => s.id),
        rules,
        officeHours: data.officeHours,
        calendar: calendarInfo(cal),
        ops: CALENDAR_OPS,
      };
    },
  );

  app.post(
    '/api/calendar/overrides',
    {
      schema: {
        tags: ['calendar'],
        summary: 'Thay đổi lịch (quản trị) / Change the calendar (admin)',
        description:
          'One change per call, in one transaction, recorded in the audit history (entity `calendar`). ' +
          '`op`: add_day | add_schedule | verify_schedule | withdraw_schedule | remove_day | enable_rule | ' +
          'disable_rule | set_office_hours. Returns what changed (`before`, `after`, `changedDays`) and the open ' +
          'task deadlines defined by a rule that the change moves (`affectedTasks`; their deadlines are not rewritten).',
        body: OverrideBodySchema,
      },
      // the role first: a non-admin gets 403 whatever the body
      preValidation: async (req) => {
        requireRole(req, ['admin']);
      },
    },
    async (req) => {
      const actor = requireRole(req, ['admin']);
      return calendar.apply(actor, req.body as CalendarOp);
    },
  );

  app.get(
    '/api/calendar/rules',
    {
      schema: {
        tags: ['calendar'],
        summary: 'Quy tắc ngày lễ và thời hạn theo hiệu lực / Holiday and time-limit rules with validity',
        querystring: z.object({ asOf: IsoDateSchema.optional() }).strict(),
      },
    },
    async (req) => {
      requireUser(req);
      const { data, snapshot: cal } = await calendar.state();
      const asOf = req.query.asOf ?? toHcmDate(new Date());
      return {
        asOf,
        holidayRules: data.rules.map((r) => ({
          ...r,
          enabled: r.enabled !== false,
          inForce: isInForce(r, asOf),
          changedByAdmin: data.ruleMeta.get(r.id)?.stored ?? false,
          updatedAt: data.ruleMeta.get(r.id)?.updatedAt ?? null,
        })),
        timeLimitRules: DEFAULT_TIME_LIMIT_RULES.map((r) => ({ ...r, inForce: isInForce(r, asOf) })),
        knownHolidays: KNOWN_HOLIDAYS,
        weeklyRestDays: cal.weeklyRestDays,
        calendar: calendarInfo(cal),
      };
    },
  );

  app.get(
    '/api/calendar/office-hours',
    {
      schema: {
        tags: ['calendar'],
        summary: 'Giờ làm việc đang áp dụng / Office hours in force',
        querystring: z
          .object({ agency: z.string().min(1).max(64).optional(), date: IsoDateSchema.optional() })
          .strict(),
      },
    },
    async (req) => {
      requireUser(req);
      const { data } = await calendar.state();
      const date = req.query.date ?? toHcmDate(new Date());
      const r = officeHoursFor(data.officeHours, req.query.agency ?? null, date);
      return { agency: req.query.agency ?? null, date, origin: r.origin, hours: r.hours };
    },
  );

  app.get(
    '/api/calendar/history',
    {
      schema: {
        tags: ['calendar'],
        summary: 'Lịch sử thay đổi lịch / History of calendar changes',
        querystring: z.object({ limit: IntString('limit', 1, 1000).optional() }).strict(),
      },
    },
    async (req) => {
      requireUser(req);
      const rows = await db
        .select()
        .from(auditEvents)
        .where(eq(auditEvents.entityType, 'calendar'))
        .orderBy(desc(auditEvents.at), desc(auditEvents.id))
        .limit(req.query.limit ?? 100);
      return {
        items: rows.map((r) => ({
          id: r.id,
          at: r.at.toISOString(),
          actor: r.actorName,
          entityId: r.entityId,
          action: r.action,
          reason: r.reason,
          data: r.data,
        })),
      };
    },
  );

  app.get(
    '/api/calendar/affected-tasks',
    {
      schema: {
        tags: ['calendar', 'tasks'],
        summary:
          'Nhiệm vụ có thời hạn theo quy tắc mà lịch hiện nay cho ngày khác / Rule-defined task deadlines the calendar now moves',
      },
    },
    async (req) => {
      requireRole(req, OFFICE_ROLES);
      const items = await calendar.driftedTasks();
      return { items, total: items.length };
    },
  );
}
