/**
 * Formatting for the notification pages: relative times ("5 phút trước"), a reminder rule as a readable
 * sentence, preview steps, recipients and item links.
 */
import type { TFunction } from 'i18next';
import type { ReminderRule, RuleDefinition } from '../../api/notifications.ts';

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
  return new Intl.DateTimeFormat('vi-VN', {
    timeZone: 'Asia/Ho_Chi_Minh',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(new Date(then));
}

/** "3 và 1", "5, 3 và 1" / "3 and 1". */
export function joinList(xs: readonly (string | number)[], and: string): string {
  const s = xs.map(String);
  if (s.length <= 1) return s.join('');
  return `${s.slice(0, -1).join(', ')} ${and} ${s[s.length - 1]}`;
}

/** The label of an escalation target or recipient role; unknown ones as they are. */
export function targetLabel(to: unknown, t: TFunction): string {
  const key = typeof to === 'string' ? to : (to as { role?: string; kind?: string } | null)?.role;
  if (!key) return JSON.stringify(to);
  const k = `notif.rules.to.${key}`;
  const r = t(k as 'notif.rules.to.agency_leader');
  return r === k ? key : r;
}

/**
 * A rule as one sentence: "Nhắc trước 3 và 1 ngày làm việc; vào ngày đến hạn; hằng ngày (ngày làm việc) khi
 * quá hạn; chuyển lên lãnh đạo cơ quan sau 5 ngày làm việc quá hạn; qua Trong hệ thống và E-mail."
 */
export function ruleSummary(def: RuleDefinition, t: TFunction): string {
  const parts: string[] = [];
  const and = t('notif.rules.and');
  const before = [...(def.before ?? [])].sort((a, b) => b - a);
  if (before.length) parts.push(t('notif.rules.sBefore', { list: joinList(before, and) }));
  if (def.onDue) parts.push(t('notif.rules.sOnDue'));
  if (def.after) {
    const n = def.after.everyWorkingDays;
    parts.push(n <= 1 ? t('notif.rules.sAfterDaily') : t('notif.rules.sAfterEvery', { n }));
  }
  for (const e of def.escalation ?? [])
    parts.push(t('notif.rules.sEscalation', { to: targetLabel(e.to, t), n: e.afterWorkingDays }));
  if (!parts.length) parts.push(t('notif.rules.sNothing'));
  else parts[0] = parts[0]!.charAt(0).toUpperCase() + parts[0]!.slice(1);
  const channels = (def.channels ?? []).map((c) => t(`notif.channels.${c}`));
  if (channels.length) parts.push(t('notif.rules.sChannels', { list: joinList(channels, and) }));
  return `${parts.join('; ')}.`;
}

/** "before_3" → "Trước hạn 3 ngày", "escalation_1" → "Chuyển cấp 1", "on_due", "after", "receipt". */
export function stepLabel(step: string, t: TFunction): string {
  const m = /^(before|escalation)_(\d+)$/.exec(step);
  if (m) return t(`notif.rules.steps.${m[1] as 'before' | 'escalation'}`, { n: Number(m[2]) });
  if (step === 'on_due' || step === 'after' || step === 'receipt') return t(`notif.rules.steps.${step}`);
  return step;
}

/** The rule's name in the UI language. */
export const ruleName = (r: Pick<ReminderRule, 'nameVi' | 'nameEn'>, lang: string) =>
  lang.startsWith('en') ? r.nameEn || r.nameVi : r.nameVi;

/** The web page of an item of a reminder preview row. */
export function itemLink(itemType: string, itemId: string): string | null {
  if (itemType === 'task') return `/tasks/${encodeURIComponent(itemId)}`;
  if (itemType === 'dossier') return `/dossiers/${encodeURIComponent(itemId)}`;
  if (itemType === 'petition') return `/petitions/${encodeURIComponent(itemId)}`;
  return null;
}

/** A preview recipient key (`agency:SNNPTNT`, `role:office_leader`, `user:<id>`, `office:followup`) made readable. */
export function recipientLabel(recipient: string, name: string | null | undefined, t: TFunction): string {
  if (name) return name;
  const [kind, rest] = recipient.split(':', 2);
  if (kind === 'role' && rest) return targetLabel(rest, t);
  if (kind === 'office' && rest === 'followup') return targetLabel('office_specialist', t);
  return rest ?? recipient;
}
