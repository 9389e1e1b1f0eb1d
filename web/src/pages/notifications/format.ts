/**
 * Formatting for the notification pages: relative times ("5 phút trước"), a reminder rule as a readable
 * sentence, preview steps, recipients and item links.
 */
import type { TFunction } from 'i18next';
import type { ItemType, ReminderRule, RuleDefinition } from '../../api/notifications.ts';

const hcmVnDate = new Intl.DateTimeFormat('vi-VN', {
  timeZone: 'Asia/Ho_Chi_Minh',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});

/** An instant (ISO) as its calendar date in Vietnam, `dd/mm/yyyy` ("01/12/2026"); malformed → as it is. */
export function vnDate(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : hcmVnDate.format(d);
}

/**
 * When a notice was written, for the bell and the list: its date in Vietnam and the relative time,
 * "01/12/2026 · 5 phút trước" (only the date when the relative time is already that date).
 */
export function noticeWhen(iso: string, lang: string, t: TFunction, now = Date.now()): string {
  const date = vnDate(iso);
  const rel = timeAgo(iso, lang, t, now);
  return rel === date ? date : `${date} · ${rel}`;
}

/** "vừa xong", "5 phút trước", "hôm qua", "3 ngày trước" in the UI language; older than 30 days → dd/mm/yyyy. */
export function timeAgo(iso: string, lang: string, t: TFunction, now = Date.now()): string {
  const then = new Date(iso).getTime();
  if (Number.isNaN(then)) return iso;
  const s = Math.round((now - then) / 1000);
  if (s < 45) return t('notif.justNow');
  const rtf = new Intl.RelativeTimeFormat(lang.startsWith('en') ? 'en' : 'vi', { numeric: 'auto' });
  const m = Math.round(s / 60);
  if (m < 60) return rtf.format(-m, 'minute');
  const h = Math.round(m / 60);
  if (h < 24) return rtf.format(-h, 'hour');
  const d = Math.round(h / 24);
  if (d <= 30) return rtf.format(-d, 'day');
  return vnDate(iso);
}

/** "3 và 1", "5, 3 và 1" / "3 and 1". */
export function joinList(xs: readonly (string | number)[], and: string): string {
  const s = xs.map(String);
  if (s.length <= 1) return s.join('');
  return `${s.slice(0, -1).join(', ')} ${and} ${s[s.length - 1]}`;
}

/** The label of an escalation target ('agency_leader' | 'office_leader' | 'assigner'); unknown ones as they are. */
export function targetLabel(to: string, t: TFunction): string {
  const k = `notif.rules.to.${to}`;
  const r = t(k as 'notif.rules.to.agency_leader');
  return r === k ? to : r;
}

/** The label of a rule's clock (task deadline, dossier step, a petition clock …); unknown ones as they are. */
export function clockLabel(clock: string, t: TFunction): string {
  const k = `notif.rules.clocks.${clock}`;
  const r = t(k as 'notif.rules.clocks.deadline');
  return r === k ? clock : r;
}

/**
 * A rule as one sentence, by what its clock means (src/modules/notifications/reminders/rules.ts `ruleSteps`):
 * - a deadline (task deadline, dossier step, petition clock): "Nhắc trước 3 và 1 ngày làm việc; vào ngày đến
 *   hạn; hằng ngày (ngày làm việc) khi quá hạn; chuyển lên lãnh đạo cơ quan sau 5 ngày làm việc quá hạn; qua
 *   trong hệ thống và e-mail."
 * - task `receipt` (due = the first working day after assignment): "Ngày làm việc tiếp theo sau khi giao, nếu
 *   chưa tiếp nhận; …"; an escalation after n working days fires n + 1 working days after assignment.
 * - dossier `supplement` (k = working days waited since the request): "Cứ 5 ngày làm việc một lần khi hồ sơ
 *   còn chờ công dân bổ sung, tính từ ngày yêu cầu bổ sung; …".
 * - dossier `apology` (due = the appointment): before n ≥ 2 is a warning, before 1 the last day
 *   (ND 61/2018/NĐ-CP Art 19 cl.9).
 */
export function ruleSummary(def: RuleDefinition, t: TFunction): string {
  const parts: string[] = [];
  const and = t('notif.rules.and');
  const before = [...(def.before ?? [])].sort((a, b) => b - a);
  const escalate = (key: 'sEscalation' | 'sReceiptEscalation' | 'sSupplementEscalation', plus = 0) => {
    for (const e of def.escalation ?? [])
      parts.push(t(`notif.rules.${key}`, { to: targetLabel(e.to, t), n: e.afterWorkingDays + plus }));
  };
  const n = def.after?.everyWorkingDays ?? 0;
  if (def.clock === 'receipt') {
    if (def.onDue) parts.push(t('notif.rules.sReceipt'));
    if (def.after)
      parts.push(n <= 1 ? t('notif.rules.sReceiptAgainDaily') : t('notif.rules.sReceiptAgainEvery', { n }));
    if (def.after && def.nonWorkingDays) parts.push(t('notif.rules.sNonWorkingAny'));
    escalate('sReceiptEscalation', 1);
  } else if (def.clock === 'supplement') {
    if (def.after)
      parts.push(n <= 1 ? t('notif.rules.sSupplementDaily') : t('notif.rules.sSupplementEvery', { n }));
    if (def.after && def.nonWorkingDays) parts.push(t('notif.rules.sNonWorkingAny'));
    escalate('sSupplementEscalation');
  } else if (def.clock === 'apology') {
    const warn = before.filter((b) => b >= 2);
    if (warn.length) parts.push(t('notif.rules.sApologyWarning', { list: joinList(warn, and) }));
    if (before.includes(1)) parts.push(t('notif.rules.sApologyDue'));
    if (def.onDue) parts.push(t('notif.rules.sApologyOnDue'));
  } else {
    if (before.length) parts.push(t('notif.rules.sBefore', { list: joinList(before, and) }));
    if (def.onDue) parts.push(t('notif.rules.sOnDue'));
    if (def.after) {
      parts.push(n <= 1 ? t('notif.rules.sAfterDaily') : t('notif.rules.sAfterEvery', { n }));
      if (def.nonWorkingDays) parts.push(t('notif.rules.sNonWorking'));
    }
    escalate('sEscalation');
  }
  if (!parts.length) parts.push(t('notif.rules.sNothing'));
  else parts[0] = parts[0]!.charAt(0).toUpperCase() + parts[0]!.slice(1);
  const channels = (def.channels ?? []).map((c) => t(`notif.channelsInline.${c}`));
  if (channels.length) parts.push(t('notif.rules.sChannels', { list: joinList(channels, and) }));
  return `${parts.join('; ')}.`;
}

/** The recipients of a rule's ordinary reminders, by role: "Lãnh đạo cơ quan, Cán bộ cơ quan". */
export const recipientRoles = (def: RuleDefinition, t: TFunction) =>
  (def.recipients?.roles ?? []).map((r) => t(`roles.${r}`)).join(', ');

/** A preview step: "Trước hạn 3 ngày", "Chuyển cấp 1", "Quá hạn" … from its kind and key. */
export function stepLabel(step: string, stepKind: string, t: TFunction): string {
  const n = Number(/_(\d+)$/.exec(step)?.[1] ?? 0);
  const k = `notif.rules.steps.${stepKind}`;
  const r = t(k as 'notif.rules.steps.on_due', { n });
  return r === k ? step : r;
}

/** A bilingual text in the UI language. */
export const inLang = (b: { vi: string; en: string } | null | undefined, lang: string) =>
  b ? (lang.startsWith('en') ? b.en || b.vi : b.vi) : '';

/** The rule's name in the UI language. */
export const ruleName = (r: Pick<ReminderRule, 'name'>, lang: string) => inLang(r.name, lang);

/** The web page of an item of a reminder preview row (a dossier's page is by its code, `itemRef`). */
export function itemLink(itemType: string, itemId: string, itemRef: string | null): string | null {
  if (itemType === 'task') return `/tasks/${encodeURIComponent(itemId)}`;
  if (itemType === 'dossier') return itemRef ? `/dossiers/${encodeURIComponent(itemRef)}` : null;
  if (itemType === 'petition') return `/petitions/${encodeURIComponent(itemId)}`;
  return null;
}

/** Step kinds of each item type's reminders (server: src/modules/notifications/prefs.ts STEPS_OF). */
const REMINDER_STEPS: Readonly<Record<ItemType, readonly string[]>> = {
  task: ['receipt', 'before_due', 'on_due', 'overdue', 'escalation'],
  dossier: [
    'before_due',
    'on_due',
    'overdue',
    'escalation',
    'apology_warning',
    'apology_due',
    'supplement_clock',
  ],
  petition: ['before_due', 'on_due', 'overdue', 'escalation'],
};

/** Citizens' notice kinds (server: src/modules/notifications/templates/citizen.ts CITIZEN_KINDS). */
const CITIZEN_KINDS = [
  'citizen.dossier.received',
  'citizen.dossier.supplement_requested',
  'citizen.dossier.result_ready',
  'citizen.petition.received',
  'citizen.petition.forwarded',
  'citizen.petition.accepted',
  'citizen.petition.result',
] as const;

/** The daily digest e-mail (server: src/modules/notifications/templates/digest.ts DIGEST_KIND). */
const DIGEST_KIND = 'digest.daily';

/** Every notice kind an outbox message can have, grouped: reminders, citizens' notices, the digest. */
export const KNOWN_KINDS = {
  reminders: (Object.keys(REMINDER_STEPS) as ItemType[]).flatMap((it) =>
    REMINDER_STEPS[it].map((step) => `reminder.${it}.${step}`),
  ),
  citizen: [...CITIZEN_KINDS] as string[],
  other: [DIGEST_KIND],
};

/**
 * A notice kind as people read it, in the UI language: `reminder.task.overdue` → "Nhiệm vụ: quá hạn",
 * `citizen.dossier.received` → "Công dân: hồ sơ đã được tiếp nhận", `digest.daily` → "Tóm tắt thông báo
 * hằng ngày"; an unknown kind as it is.
 */
export function kindLabel(kind: string, t: TFunction): string {
  const m = /^reminder\.(task|dossier|petition)\.([a-z_]+)$/.exec(kind);
  if (m) {
    const k = `notif.kinds.reminder.${m[2]}`;
    const step = t(k as 'notif.kinds.reminder.overdue');
    return step === k ? kind : `${t(`notif.itemTypes.${m[1] as ItemType}`)}: ${step}`;
  }
  if (!KNOWN_KINDS.citizen.includes(kind) && !KNOWN_KINDS.other.includes(kind)) return kind;
  const k = `notif.kinds.${kind}`;
  const r = t(k as 'notif.kinds.digest.daily');
  return r === k ? kind : r;
}
