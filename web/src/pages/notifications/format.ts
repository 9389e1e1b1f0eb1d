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
 * A rule as one sentence: "Nhắc trước 3 và 1 ngày làm việc; vào ngày đến hạn; hằng ngày (ngày làm việc) khi
 * quá hạn; chuyển lên lãnh đạo cơ quan sau 5 ngày làm việc quá hạn; qua trong hệ thống và e-mail."
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
    if (def.nonWorkingDays) parts.push(t('notif.rules.sNonWorking'));
  }
  for (const e of def.escalation ?? [])
    parts.push(t('notif.rules.sEscalation', { to: targetLabel(e.to, t), n: e.afterWorkingDays }));
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
