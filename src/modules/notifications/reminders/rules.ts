/**
 * Reminder rules as DATA (quy tắc nhắc việc; issue 7 §2): one rule per kind of item and clock, stored in
 * `reminder_rules.definition`, validated here with zod and tested as data (test/unit/reminder-rules.test.ts).
 *
 * A rule says, for the items of one clock, on which WORKING days (Asia/Ho_Chi_Minh, through the calendar
 * module) who is reminded:
 * - `before`: n working days before the due day (e.g. [3, 1]);
 * - `onDue`: on the due day — the due date is compared AS IS, like the task table (src/modules/tasks/
 *   timeliness.ts): a due date on a day off is "due today" on the last working day before it and overdue
 *   from the next working day (k = working days ≤ D minus working days ≤ due; ./sources.ts);
 * - `after`: while overdue, every `everyWorkingDays` working days (1 = daily), until the item is done or
 *   stopped (the item leaves the clock's source);
 * - `escalation`: ONCE, on the day the item is exactly `afterWorkingDays` working days overdue, to the
 *   agency leader, the Office leader (role `office_leader`) or the committee leader who assigned the task;
 * - no reminder on a non-working day unless `nonWorkingDays`; then on a day off only the daily `after`
 *   reminder (`everyWorkingDays` = 1) and `onDue` for items due that very day are given. Steps keyed on a
 *   working-day count (`before`, escalation, `after` every n ≥ 2) fire on working days only: the count does
 *   not advance on a day off (./scan.ts `stepsOn`).
 *
 * Clocks (what "due" is) per item type — the SQL of each is in ./sources.ts:
 * - task `deadline`: tasks awaiting receipt or in progress with a deadline in force (`current_deadline`,
 *   else `deadline`). Tasks reported done (`awaiting_closure`), completed or stopped get NO reminder.
 * - task `receipt`: tasks still awaiting receipt; "due" = the first working day after the assignment date
 *   (an assignment just before Tết is reminded on the first working day after Tết). `before` must be empty.
 *   This is our own rule (no legal time limit for the receipt in the system).
 * - dossier `step`: open control-sheet steps (`dossier_steps.due_at`, not finished) of open dossiers.
 * - dossier `apology`: dossiers received/processing with an appointment and no apology yet; the apology is
 *   due at least 1 day before the appointment (ND 61/2018/NĐ-CP Art 19 cl.9; the same rule in the 2025 era,
 *   ND 118/2025/NĐ-CP + TT 03/2025 Form 04): `before` n = 1 → step kind `apology_due`, n ≥ 2 →
 *   `apology_warning`; `after` and escalation are not allowed.
 * - dossier `supplement`: dossiers waiting for the applicant's supplement (Form 02); "due" = the day of the
 *   request; `after.everyWorkingDays` n alerts the receiving body every n working days of waiting. The law
 *   sets no time for the applicant (ND 61/2018 Art 19 cl.4 only restarts the clock): this alert is OUR rule.
 * - petition: one statutory clock of `petition_deadlines` (src/modules/petitions/clocks.ts), or `*` = every
 *   clock, while the clock is open.
 */
import { z } from 'zod';
import { ROLES, type Role } from '../../../kernel/auth/roles.ts';
import { NOTIFY_CHANNELS, type ItemType, type NotifyChannel } from '../types.ts';

export const TASK_CLOCKS = ['deadline', 'receipt'] as const;
export const DOSSIER_CLOCKS = ['step', 'apology', 'supplement'] as const;
/** `petition_deadlines.clock` values (src/modules/petitions/clocks.ts `ClockName`), or '*' for all. */
export const PETITION_CLOCKS = [
  '*',
  'answer',
  'accept',
  'check',
  'forward',
  'resolve',
  'extension_1',
  'extension_2',
] as const;
export const CLOCKS_BY_TYPE: Readonly<Record<ItemType, readonly string[]>> = {
  task: TASK_CLOCKS,
  dossier: DOSSIER_CLOCKS,
  petition: PETITION_CLOCKS,
};

export const ESCALATION_TARGETS = ['agency_leader', 'office_leader', 'assigner'] as const;
export type EscalationTarget = (typeof ESCALATION_TARGETS)[number];

/**
 * Step kinds (the notice kinds `reminder.<itemType>.<kind>`; H2's templates exist for exactly these).
 */
export const STEP_KINDS = [
  'before_due',
  'on_due',
  'overdue',
  'escalation',
  'receipt',
  'apology_warning',
  'apology_due',
  'supplement_clock',
] as const;
export type StepKind = (typeof STEP_KINDS)[number];

const MAX_OFFSET = 60;

/**
 * Roles a rule may remind, per item type: users of the ITEM'S agency (recipient `agency:<code>`), so only the
 * roles held inside an agency that handles that kind of item (never `admin` or the Office roles — the Office
 * is reached by escalation and its follow-up list).
 */
export const RECIPIENT_ROLES: Readonly<Record<ItemType, readonly Role[]>> = {
  task: ['agency_leader', 'agency_staff'],
  dossier: ['agency_leader', 'agency_staff', 'processing_officer', 'counter_staff', 'centre_leader'],
  petition: ['agency_leader', 'agency_staff', 'petition_handler', 'reception_officer', 'reception_leader'],
};

const ITEM_VI: Record<ItemType, string> = { task: 'nhiệm vụ', dossier: 'hồ sơ', petition: 'đơn thư' };

const Escalation = z.object({
  afterWorkingDays: z.number().int().min(1).max(250),
  to: z.enum(ESCALATION_TARGETS),
});

/** The stored definition of a rule (`reminder_rules.definition`). */
export const RuleDefinitionSchema = z
  .object({
    itemType: z.enum(['task', 'dossier', 'petition']),
    clock: z.string().min(1).max(40),
    /** working days before the due day (each reminded once) */
    before: z.array(z.number().int().min(1).max(MAX_OFFSET)).max(10).default([]),
    onDue: z.boolean().default(true),
    /** while overdue: every n working days (1 = daily), until done or stopped; null = none */
    after: z
      .object({ everyWorkingDays: z.number().int().min(1).max(MAX_OFFSET) })
      .nullable()
      .default(null),
    /** escalations, by increasing `afterWorkingDays` (each given once, on that overdue day) */
    escalation: z.array(Escalation).max(5).default([]),
    /**
     * roles of the item's agency who get the ordinary reminders (an agency with no such user is still
     * reached: its leader's address and the Office's follow-up list — notify())
     */
    recipients: z.object({ roles: z.array(z.enum(ROLES)).min(1).max(6) }).strict(),
    channels: z.array(z.enum(NOTIFY_CHANNELS)).min(1).max(4),
    /** give `after` reminders on non-working days too (default false: none on weekends, holidays, Tết) */
    nonWorkingDays: z.boolean().default(false),
    /** legal (or our own) basis of the clock and of the reminder */
    source: z.string().min(1).max(500),
  })
  .strict()
  .superRefine((d, ctx) => {
    // custom messages are "Vietnamese | English" (src/server/errors.ts shows each in its language)
    const issue = (path: (string | number)[], vi: string, en: string) =>
      ctx.addIssue({ code: 'custom', path, message: `${vi} | ${en}` });
    const clocks = CLOCKS_BY_TYPE[d.itemType];
    if (!clocks.includes(d.clock))
      issue(
        ['clock'],
        `Mốc thời hạn phải là một trong ${clocks.join(', ')} với ${ITEM_VI[d.itemType]}`,
        `clock must be one of ${clocks.join(', ')} for ${d.itemType}`,
      );
    if (new Set(d.before).size !== d.before.length)
      issue(['before'], 'Số ngày nhắc trước bị trùng', 'duplicate offsets');
    if (new Set(d.channels).size !== d.channels.length)
      issue(['channels'], 'Kênh gửi bị trùng', 'duplicate channels');
    const roles = d.recipients.roles;
    roles.forEach((r, i) => {
      if (roles.indexOf(r) !== i) issue(['recipients', 'roles', i], 'Vai trò bị trùng', 'duplicate role');
      else if (!RECIPIENT_ROLES[d.itemType].includes(r))
        issue(
          ['recipients', 'roles', i],
          `Vai trò ${r} không nhận nhắc việc về ${ITEM_VI[d.itemType]} (được: ${RECIPIENT_ROLES[d.itemType].join(', ')})`,
          `role ${r} is not reminded of a ${d.itemType} (allowed: ${RECIPIENT_ROLES[d.itemType].join(', ')})`,
        );
    });
    d.escalation.forEach((e, i) => {
      if (i > 0 && e.afterWorkingDays <= d.escalation[i - 1]!.afterWorkingDays)
        issue(
          ['escalation', i, 'afterWorkingDays'],
          'Các mức báo cáo vượt cấp phải theo thứ tự tăng dần của số ngày quá hạn',
          'escalations must be in increasing order of afterWorkingDays',
        );
      if (e.to === 'assigner' && d.itemType !== 'task')
        issue(
          ['escalation', i, 'to'],
          'Chỉ nhiệm vụ mới có lãnh đạo giao',
          'only a task has an assigning leader',
        );
    });
    if (d.clock === 'receipt' && d.before.length)
      issue(['before'], 'Nhắc tiếp nhận không có ngày nhắc trước', 'a receipt reminder has no "before" days');
    if (d.clock === 'apology' && (d.after || d.escalation.length))
      issue(
        [d.after ? 'after' : 'escalation'],
        'Mốc xin lỗi, hẹn lại kết thúc vào ngày hẹn: không có nhắc sau hạn hay báo cáo vượt cấp',
        'the apology clock ends at the appointment: no "after" or escalation',
      );
    if (d.clock === 'supplement' && (d.before.length || d.onDue))
      issue(
        [d.before.length ? 'before' : 'onDue'],
        'Mốc chờ bổ sung tính từ ngày yêu cầu: chỉ có nhắc định kỳ (và báo cáo vượt cấp)',
        'the supplement clock counts from the request: only "after" (and escalation)',
      );
    if (!d.before.length && !d.onDue && !d.after && !d.escalation.length)
      issue(['onDue'], 'Quy tắc không nhắc ai', 'the rule reminds nobody');
  });

export type RuleDefinition = z.output<typeof RuleDefinitionSchema>;
export type RuleDefinitionInput = z.input<typeof RuleDefinitionSchema>;

/** A rule as stored (`reminder_rules` row). */
export interface ReminderRule {
  id: string;
  itemType: ItemType;
  name: { vi: string; en: string };
  definition: RuleDefinition;
  enabled: boolean;
  builtIn: boolean;
  /** last change (ISO instant), when read from the table */
  updatedAt?: string | null;
}

const TASK_AGENCY: Role[] = ['agency_leader', 'agency_staff'];
const INAPP_EMAIL: NotifyChannel[] = ['in_app', 'email'];

/**
 * The rules that ship (built in; seeded idempotently at start: `seedDefaultRules`). An admin may change
 * them (PUT /api/reminder-rules/:id, audited) but not delete them.
 */
export const DEFAULT_RULES: readonly (Omit<ReminderRule, 'definition' | 'builtIn' | 'enabled'> & {
  definition: RuleDefinitionInput;
})[] = [
  {
    id: 'task.deadline',
    itemType: 'task',
    name: { vi: 'Nhắc hạn nhiệm vụ', en: 'Task deadline reminders' },
    definition: {
      itemType: 'task',
      clock: 'deadline',
      before: [3, 1],
      onDue: true,
      after: { everyWorkingDays: 1 },
      escalation: [
        { afterWorkingDays: 5, to: 'agency_leader' },
        { afterWorkingDays: 10, to: 'office_leader' },
        { afterWorkingDays: 15, to: 'assigner' },
      ],
      recipients: { roles: TASK_AGENCY },
      channels: INAPP_EMAIL,
      nonWorkingDays: false,
      source:
        'Quyết định 42/2014/QĐ-TTg (sửa đổi bởi Quyết định 23/2018/QĐ-TTg) và quy chế theo dõi, đôn đốc ' +
        'nhiệm vụ của tỉnh; lịch nhắc và các mức báo cáo lãnh đạo là quy tắc của hệ thống',
    },
  },
  {
    id: 'task.receipt',
    itemType: 'task',
    name: { vi: 'Nhắc tiếp nhận nhiệm vụ', en: 'Task receipt reminder' },
    definition: {
      itemType: 'task',
      clock: 'receipt',
      before: [],
      onDue: true,
      after: null,
      escalation: [],
      recipients: { roles: TASK_AGENCY },
      channels: INAPP_EMAIL,
      nonWorkingDays: false,
      source:
        'Quy tắc của hệ thống: nhắc tiếp nhận vào ngày làm việc kế tiếp ngày giao nếu nhiệm vụ chưa được tiếp nhận',
    },
  },
  {
    id: 'dossier.step',
    itemType: 'dossier',
    name: { vi: 'Nhắc hạn bước xử lý hồ sơ', en: 'Dossier step deadlines' },
    definition: {
      itemType: 'dossier',
      clock: 'step',
      before: [1],
      onDue: true,
      after: { everyWorkingDays: 1 },
      escalation: [],
      recipients: { roles: ['processing_officer'] },
      channels: INAPP_EMAIL,
      nonWorkingDays: false,
      source:
        'Nghị định 61/2018/NĐ-CP, Điều 19; Thông tư 01/2018/TT-VPCP, Mẫu 05 (thời hạn từng bước); ' +
        'Nghị định 118/2025/NĐ-CP',
    },
  },
  {
    id: 'dossier.apology',
    itemType: 'dossier',
    name: { vi: 'Nhắc văn bản xin lỗi, hẹn lại', en: 'Apology before the appointment' },
    definition: {
      itemType: 'dossier',
      clock: 'apology',
      before: [2, 1],
      onDue: false,
      after: null,
      escalation: [],
      recipients: { roles: ['processing_officer'] },
      channels: INAPP_EMAIL,
      nonWorkingDays: false,
      source:
        'Nghị định 61/2018/NĐ-CP, Điều 19 khoản 9 (chậm nhất 01 ngày trước hạn; Mẫu 04 Thông tư ' +
        '01/2018/TT-VPCP); Nghị định 118/2025/NĐ-CP, Thông tư 03/2025/TT-VPCP, Mẫu 04',
    },
  },
  {
    id: 'dossier.supplement',
    itemType: 'dossier',
    name: { vi: 'Hồ sơ chờ bổ sung', en: 'Dossiers waiting for a supplement' },
    definition: {
      itemType: 'dossier',
      clock: 'supplement',
      before: [],
      onDue: false,
      after: { everyWorkingDays: 5 },
      escalation: [],
      recipients: { roles: ['counter_staff'] },
      channels: ['in_app'],
      nonWorkingDays: false,
      source:
        'Quy tắc của hệ thống: Nghị định 61/2018/NĐ-CP, Điều 19 khoản 4 không quy định thời hạn bổ sung của công dân; ' +
        'Bộ phận Một cửa được nhắc mỗi 5 ngày làm việc hồ sơ còn chờ bổ sung',
    },
  },
  {
    id: 'petition.clocks',
    itemType: 'petition',
    name: { vi: 'Nhắc thời hạn xử lý đơn', en: 'Petition statutory deadlines' },
    definition: {
      itemType: 'petition',
      clock: '*',
      before: [2],
      onDue: true,
      after: { everyWorkingDays: 1 },
      escalation: [],
      recipients: { roles: ['petition_handler'] },
      channels: INAPP_EMAIL,
      nonWorkingDays: false,
      source:
        'Luật Tiếp công dân 2013, Điều 28; Luật Khiếu nại 2011, Điều 27, 28, 37; Luật Tố cáo 2018, Điều 24, 30',
    },
  },
];

/** Parses a stored or submitted definition. @throws z.ZodError */
export const parseDefinition = (d: unknown): RuleDefinition => RuleDefinitionSchema.parse(d);

/** A step of a rule on one day: its key (stored in `reminders.step`) and kind. */
export interface StepSpec {
  /** `before_3`, `on_due`, `overdue`, `escalation_1`…, `receipt`, `apology_warning_2`, `apology_due_1`, `supplement` */
  step: string;
  kind: StepKind;
  /** overdue working days k (negative = before) that trigger it; `every` = every n working days for k > 0 */
  k: number | null;
  every: number | null;
  /** escalation target (escalation steps only) */
  to?: EscalationTarget;
}

/**
 * The steps of a rule, as data: which k (working days overdue: negative before the due day, 0 on it)
 * triggers which step. Pure; the SQL of the pass and the preview is generated from it.
 */
export function ruleSteps(d: RuleDefinition): StepSpec[] {
  const out: StepSpec[] = [];
  if (d.clock === 'receipt') {
    if (d.onDue) out.push({ step: 'receipt', kind: 'receipt', k: 0, every: null });
    if (d.after)
      out.push({ step: 'receipt_again', kind: 'receipt', k: null, every: d.after.everyWorkingDays });
  } else if (d.clock === 'apology') {
    for (const b of d.before)
      out.push(
        b === 1
          ? { step: 'apology_due_1', kind: 'apology_due', k: -1, every: null }
          : { step: `apology_warning_${b}`, kind: 'apology_warning', k: -b, every: null },
      );
    if (d.onDue) out.push({ step: 'apology_due_0', kind: 'apology_due', k: 0, every: null });
  } else if (d.clock === 'supplement') {
    if (d.after)
      out.push({ step: 'supplement', kind: 'supplement_clock', k: null, every: d.after.everyWorkingDays });
  } else {
    for (const b of d.before) out.push({ step: `before_${b}`, kind: 'before_due', k: -b, every: null });
    if (d.onDue) out.push({ step: 'on_due', kind: 'on_due', k: 0, every: null });
    if (d.after) out.push({ step: 'overdue', kind: 'overdue', k: null, every: d.after.everyWorkingDays });
  }
  d.escalation.forEach((e, i) =>
    out.push({
      step: `escalation_${i + 1}`,
      kind: 'escalation',
      k: e.afterWorkingDays,
      every: null,
      to: e.to,
    }),
  );
  return out;
}

/** The kind of a stored step key. */
export function stepKindOf(step: string): StepKind {
  if (step.startsWith('before_')) return 'before_due';
  if (step.startsWith('escalation_')) return 'escalation';
  if (step.startsWith('apology_warning')) return 'apology_warning';
  if (step.startsWith('apology_due')) return 'apology_due';
  if (step === 'supplement') return 'supplement_clock';
  if (step.startsWith('receipt')) return 'receipt';
  if (step === 'on_due') return 'on_due';
  return 'overdue';
}

/**
 * Why a recipient is reminded of an item with k working days overdue (k < 0: before), in both languages.
 * `on`: the item's due date and the reminder date (a due date on a day off is "due" on the working day before).
 */
export function stepReason(
  d: RuleDefinition,
  step: string,
  k: number,
  on?: { dueDate: string; date: string },
): { vi: string; en: string } {
  const kind = stepKindOf(step);
  const n = Math.abs(k);
  switch (kind) {
    case 'before_due':
      return { vi: `Còn ${n} ngày làm việc đến hạn`, en: `${n} working day(s) before the deadline` };
    case 'on_due':
      if (on && on.dueDate !== on.date) {
        const [y, m, dd] = on.dueDate.split('-');
        return {
          vi: `Hạn ${dd}/${m}/${y} là ngày nghỉ: hôm nay là ngày làm việc cuối cùng trước hạn`,
          en: `The deadline ${on.dueDate} is a day off: today is the last working day before it`,
        };
      }
      return { vi: 'Đến hạn hôm nay', en: 'Due today' };
    case 'overdue':
      return { vi: `Quá hạn ${n} ngày làm việc`, en: `${n} working day(s) overdue` };
    case 'escalation': {
      const e = d.escalation[Number(step.slice('escalation_'.length)) - 1];
      const to = {
        agency_leader: { vi: 'báo lãnh đạo cơ quan', en: 'escalated to the agency leader' },
        office_leader: { vi: 'báo lãnh đạo Văn phòng', en: 'escalated to the Office leader' },
        assigner: { vi: 'báo lãnh đạo UBND tỉnh đã giao', en: 'escalated to the assigning leader' },
      }[e?.to ?? 'office_leader'];
      return { vi: `Quá hạn ${n} ngày làm việc — ${to.vi}`, en: `${n} working day(s) overdue — ${to.en}` };
    }
    case 'receipt':
      return k > 0
        ? {
            vi: `Chưa tiếp nhận sau ${k + 1} ngày làm việc`,
            en: `Not received ${k + 1} working day(s) after assignment`,
          }
        : { vi: 'Nhiệm vụ được giao chưa được tiếp nhận', en: 'The assigned task has not been received' };
    case 'apology_warning':
      return {
        vi: `Còn ${n} ngày làm việc đến hẹn trả kết quả; chưa có văn bản xin lỗi, hẹn lại`,
        en: `${n} working day(s) before the appointment; no apology yet`,
      };
    case 'apology_due':
      return {
        vi: 'Hạn cuối gửi văn bản xin lỗi, hẹn lại (chậm nhất 01 ngày trước hạn — Nghị định 61/2018/NĐ-CP, Điều 19 khoản 9)',
        en: 'Last day for the apology and new appointment (at least 1 day before the deadline — Decree 61/2018 Art 19 cl.9)',
      };
    case 'supplement_clock':
      return {
        vi: `Hồ sơ chờ công dân bổ sung đã ${n} ngày làm việc`,
        en: `Waiting ${n} working day(s) for the applicant's supplement`,
      };
  }
}
