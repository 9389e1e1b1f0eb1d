/**
 * Reminder templates for staff (mẫu nhắc việc), kinds `reminder.<itemType>.<step>` (issue 7 §2), written by the
 * scheduling pass (src/modules/notifications/reminders) through `notify()` with {@link ReminderNoticeData}.
 * One generic template per step; the item words follow the item type. Vietnamese first, English variant.
 *
 * Legal sources of the steps: task deadlines — Quy chế làm việc of the provincial People's Committee (the
 * Office follows up tasks assigned by the committee); dossiers — ND 61/2018/NĐ-CP Art 19 cl.9 (the apology and
 * new appointment at least one day before the deadline; ND 118/2025 carries the rule on) and Art 19 cl.4 (the
 * time limit restarts once the completed dossier arrives: supplement clock); petitions — the statutory clocks
 * of Luật Khiếu nại 2011 and Luật Tố cáo 2018 (REFERENCE.md §petitions). A reminder to staff lists items by
 * reference and title only: never a petitioner's or denouncer's name, ID number or address (Luật Tố cáo 2018
 * Art 8 cl.3) — the data shape below has no field for them.
 */
import type { ItemType, Locale } from '../types.ts';
import {
  absUrl,
  esc,
  fmtDate,
  footer,
  htmlDocument,
  pick,
  registerTemplates,
  type NoticeTemplate,
  type RenderContext,
} from '../templates.ts';
import { STEP_KINDS, type StepKind } from '../reminders/rules.ts';

/** The reminder step kinds: one list, declared with the rules (../reminders/rules.ts `STEP_KINDS`). */
export const REMINDER_STEPS = STEP_KINDS;
export type ReminderStep = StepKind;

/** The data of a reminder notice (what the scheduling pass passes as `NoticeRequest.data`). */
export interface ReminderNoticeData {
  ruleName: { vi: string; en: string };
  step: string;
  itemType: ItemType;
  /** number of items the reminder is about (may exceed the items listed) */
  count: number;
  /** at most 20 listed */
  items: {
    id: string;
    /** task ref, dossier code or petition number; for a dossier the code is its web address */
    ref: string | null;
    title: string;
    /** YYYY-MM-DD (Asia/Ho_Chi_Minh) */
    dueDate: string | null;
    /** working days past the due date (calendar module), or null */
    overdueWorkingDays: number | null;
  }[];
  /** the person or agency addressed ("Kính gửi …") — a staff user or an agency, never a citizen */
  recipientName: string;
  reason: { vi: string; en: string };
}

/** Kind of a reminder notice. */
export const reminderKind = (itemType: ItemType, step: ReminderStep) => `reminder.${itemType}.${step}`;

const ITEM_WORDS: Record<ItemType, { vi: string; en: [string, string] }> = {
  task: { vi: 'nhiệm vụ', en: ['task', 'tasks'] },
  dossier: { vi: 'hồ sơ', en: ['dossier', 'dossiers'] },
  petition: { vi: 'đơn thư', en: ['petition', 'petitions'] },
};

/** Step headline: subject prefix and the intro sentence (`{n}` = count with item word). */
const STEP_TEXT: Record<ReminderStep, { vi: [string, string]; en: [string, string] }> = {
  before_due: {
    vi: ['Sắp đến hạn', 'Có {n} sắp đến hạn xử lý.'],
    en: ['Due soon', '{n} will soon be due.'],
  },
  on_due: {
    vi: ['Đến hạn hôm nay', 'Có {n} đến hạn xử lý hôm nay.'],
    en: ['Due today', '{n} are due today.'],
  },
  overdue: {
    vi: ['Quá hạn', 'Có {n} đã quá hạn xử lý.'],
    en: ['Overdue', '{n} are overdue.'],
  },
  escalation: {
    vi: [
      'Báo cáo vượt cấp — quá hạn',
      'Có {n} quá hạn kéo dài, được báo cáo lên cấp trên theo quy tắc nhắc việc.',
    ],
    en: [
      'Escalation — overdue',
      '{n} have been overdue for long and are escalated to you under the reminder rule.',
    ],
  },
  receipt: {
    vi: ['Chưa tiếp nhận', 'Có {n} đã được giao nhưng chưa được tiếp nhận trên hệ thống.'],
    en: ['Awaiting receipt', '{n} were assigned but have not been received in the system yet.'],
  },
  apology_warning: {
    vi: [
      'Sắp phải gửi văn bản xin lỗi',
      'Có {n} có nguy cơ trễ hạn: nếu không kịp giải quyết, văn bản xin lỗi và hẹn lại ngày trả kết quả phải được gửi chậm nhất 01 ngày trước hạn (Nghị định 61/2018/NĐ-CP, Điều 19 khoản 9).',
    ],
    en: [
      'Apology letter due soon',
      '{n} may be late: if so, the apology and new appointment must be sent at least one day before the deadline (Decree 61/2018, Art 19 cl.9).',
    ],
  },
  apology_due: {
    vi: [
      'Hạn cuối gửi văn bản xin lỗi',
      'Hôm nay là hạn cuối gửi văn bản xin lỗi và hẹn lại ngày trả kết quả cho {n} (Nghị định 61/2018/NĐ-CP, Điều 19 khoản 9).',
    ],
    en: [
      'Apology letter due today',
      'Today is the last day to send the apology and new appointment for {n} (Decree 61/2018, Art 19 cl.9).',
    ],
  },
  supplement_clock: {
    vi: ['Thời hạn bổ sung hồ sơ', 'Có {n} đang chờ bổ sung, hoàn thiện đến hạn cần theo dõi.'],
    en: ['Supplement clock', '{n} awaiting a supplement have a clock to follow.'],
  },
};

function itemWords(itemType: ItemType, count: number, locale: Locale): string {
  const w = ITEM_WORDS[itemType] ?? ITEM_WORDS.task;
  return locale === 'en' ? `${count} ${w.en[count === 1 ? 0 : 1]}` : `${count} ${w.vi}`;
}

/** Web path of one item (task by id, dossier by code, petition by id). */
function itemPath(itemType: ItemType, item: { id: string; ref: string | null }): string {
  if (itemType === 'dossier') return `/dossiers/${encodeURIComponent(item.ref ?? item.id)}`;
  if (itemType === 'petition') return `/petitions/${encodeURIComponent(item.id)}`;
  return `/tasks/${encodeURIComponent(item.id)}`;
}

function listPath(itemType: ItemType): string {
  return itemType === 'dossier' ? '/dossiers' : itemType === 'petition' ? '/petitions' : '/tasks';
}

function itemLine(
  it: ReminderNoticeData['items'][number],
  locale: Locale,
): { label: string; details: string } {
  const label = [it.ref, it.title].filter(Boolean).join(' — ');
  const parts: string[] = [];
  if (it.dueDate)
    parts.push(locale === 'en' ? `due ${fmtDate(it.dueDate, locale)}` : `hạn ${fmtDate(it.dueDate, locale)}`);
  if (it.overdueWorkingDays != null && it.overdueWorkingDays > 0)
    parts.push(
      locale === 'en'
        ? `${it.overdueWorkingDays} working day${it.overdueWorkingDays === 1 ? '' : 's'} overdue`
        : `quá hạn ${it.overdueWorkingDays} ngày làm việc`,
    );
  return { label, details: parts.join(', ') };
}

function renderReminder(itemType: ItemType, step: ReminderStep) {
  return (raw: Record<string, unknown>, ctx: RenderContext) => {
    const d = raw as Partial<ReminderNoticeData>;
    const { locale, publicUrl } = ctx;
    const items = Array.isArray(d.items) ? d.items.slice(0, 20) : [];
    const count = Number.isFinite(d.count) ? Number(d.count) : items.length;
    const n = itemWords(itemType, count, locale);
    const [head, introTpl] = STEP_TEXT[step][locale];
    const intro = introTpl.replace('{n}', n);
    const subject = `[Kiến Tạo] ${head}: ${n}`;
    const ruleName = pick(d.ruleName, locale);
    const reason = pick(d.reason, locale);
    const all = absUrl(publicUrl, ctx.link ?? listPath(itemType));
    const L =
      locale === 'en'
        ? { dear: 'Dear', reason: 'Why you receive this', rule: 'Rule', more: 'more', all: 'Open the list' }
        : {
            dear: 'Kính gửi',
            reason: 'Lý do nhận thông báo',
            rule: 'Quy tắc',
            more: 'khác',
            all: 'Xem danh sách',
          };
    const rest = count - items.length;
    const restText =
      rest > 0 ? `(${locale === 'en' ? '+' : 'và '}${itemWords(itemType, rest, locale)} ${L.more})` : '';
    const lines = items.map((it, i) => {
      const { label, details } = itemLine(it, locale);
      return `${i + 1}. ${label}${details ? ` (${details})` : ''}\n   ${absUrl(publicUrl, itemPath(itemType, it))}`;
    });
    const f = footer(locale, publicUrl);
    const text = [
      `${L.dear} ${d.recipientName ?? ''},`.replace(' ,', ','),
      '',
      intro,
      ...(reason ? [`${L.reason}: ${reason}`] : []),
      ...(ruleName ? [`${L.rule}: ${ruleName}`] : []),
      '',
      ...lines,
      ...(restText ? [restText] : []),
      '',
      `${L.all}: ${all}`,
      '',
      f.text,
    ].join('\n');
    const htmlItems = items
      .map((it) => {
        const { label, details } = itemLine(it, locale);
        return `<li><a href="${esc(absUrl(publicUrl, itemPath(itemType, it)))}">${esc(label)}</a>${details ? ` <span style="color:#b00">(${esc(details)})</span>` : ''}</li>`;
      })
      .join('');
    const html = htmlDocument(
      locale,
      subject,
      `<p>${esc(L.dear)} ${esc(d.recipientName ?? '')},</p><p>${esc(intro)}</p>` +
        (reason ? `<p>${esc(L.reason)}: ${esc(reason)}</p>` : '') +
        (ruleName ? `<p>${esc(L.rule)}: ${esc(ruleName)}</p>` : '') +
        (htmlItems ? `<ol>${htmlItems}</ol>` : '') +
        (restText ? `<p>${esc(restText)}</p>` : '') +
        `<p><a href="${esc(all)}">${esc(L.all)}</a></p>` +
        f.html,
    );
    const sentence = intro.split(' (')[0]!.replace(/\.$/, '');
    const short = `Kiến Tạo: ${sentence}. ${all}`;
    const body = [sentence + '.', reason ? `${L.reason}: ${reason}.` : ''].filter(Boolean).join(' ');
    return { subject, text, html, short, body };
  };
}

/** Variables every reminder template reads (declared for the identity-leak test). */
export const REMINDER_VARIABLES = [
  'ruleName',
  'step',
  'itemType',
  'count',
  'items[].id',
  'items[].ref',
  'items[].title',
  'items[].dueDate',
  'items[].overdueWorkingDays',
  'recipientName',
  'reason',
] as const;

function sample(itemType: ItemType, step: ReminderStep): ReminderNoticeData {
  return {
    ruleName: { vi: 'Nhắc nhiệm vụ quá hạn', en: 'Overdue task reminder' },
    step,
    itemType,
    count: 2,
    items: [
      {
        id: '00000000-0000-4000-8000-000000000001',
        ref: itemType === 'dossier' ? '000.00.00.H01-260301-0001' : 'NV-2026-001',
        title: 'Báo cáo tình hình thực hiện kế hoạch',
        dueDate: '2026-03-02',
        overdueWorkingDays: step === 'overdue' || step === 'escalation' ? 3 : null,
      },
    ],
    recipientName: 'Sở Nông nghiệp và Môi trường',
    reason: { vi: 'Cơ quan chủ trì', en: 'Lead agency' },
  };
}

const templates: Record<string, NoticeTemplate> = {};
for (const itemType of ['task', 'dossier', 'petition'] as const) {
  for (const step of REMINDER_STEPS) {
    templates[reminderKind(itemType, step)] = {
      audience: 'staff',
      variables: REMINDER_VARIABLES,
      sample: sample(itemType, step) as unknown as Record<string, unknown>,
      render: renderReminder(itemType, step),
    };
  }
}
registerTemplates(templates);
