/**
 * Labels in the UI language of figure keys (`module.part.part…`, e.g. `tasks.awaiting_receipt.total`,
 * `dossiers.resolved.on_time`) and of back-entered event types: the contract's own labels first, else
 * derived generically — module + task status + timeliness + a small dictionary of parts — so no raw key
 * is ever shown alone.
 */
import { useTranslation } from 'react-i18next';
import { FIGURE_LABELS } from './messages.ts';

/** Parts of figure keys that are neither a task status nor a timeliness. */
const PARTS: Record<string, { vi: string; en: string }> = {
  total: { vi: 'tổng số', en: 'total' },
  early: { vi: 'trước hạn', en: 'early' },
  late: { vi: 'quá hạn', en: 'late' },
  received: { vi: 'tiếp nhận', en: 'received' },
  resolved: { vi: 'đã giải quyết', en: 'resolved' },
  pending: { vi: 'đang giải quyết', en: 'pending' },
  within_limit: { vi: 'trong hạn', en: 'within the time limit' },
  over_limit: { vi: 'quá hạn', en: 'over the time limit' },
  counter: { vi: 'trực tiếp', en: 'at the counter' },
  online: { vi: 'trực tuyến', en: 'online' },
  phone: { vi: 'qua điện thoại', en: 'by phone' },
  postal: { vi: 'qua bưu chính', en: 'by post' },
  phone_post: { vi: 'qua điện thoại, trả kết quả qua bưu chính', en: 'by phone, result by post' },
  rated: { vi: 'được đánh giá', en: 'rated' },
  satisfied: { vi: 'hài lòng', en: 'satisfied' },
  neutral: { vi: 'bình thường', en: 'neutral' },
  unsatisfied: { vi: 'không hài lòng', en: 'unsatisfied' },
  published: { vi: 'công bố', en: 'published' },
  new: { vi: 'mới ban hành', en: 'new' },
  amended: { vi: 'sửa đổi, bổ sung', en: 'amended' },
  replaced: { vi: 'thay thế', en: 'replaced' },
  repealed: { vi: 'bãi bỏ', en: 'repealed' },
  complaint: { vi: 'khiếu nại', en: 'complaints' },
  denunciation: { vi: 'tố cáo', en: 'denunciations' },
  recommendation: { vi: 'kiến nghị', en: 'recommendations' },
  feedback: { vi: 'phản ánh', en: 'feedback' },
  land_dispute: { vi: 'tranh chấp đất đai', en: 'land disputes' },
  other_kind: { vi: 'loại khác', en: 'other kinds' },
  eligible: { vi: 'đủ điều kiện xử lý', en: 'eligible' },
  ineligible: { vi: 'không đủ điều kiện xử lý', en: 'ineligible' },
};

/** Event types outside the task, dossier and petition vocabularies. */
const EVENT_TYPES: Record<string, { vi: string; en: string }> = {
  publication_decision: { vi: 'Quyết định công bố TTHC', en: 'Publication decision' },
  'reception.regular': { vi: 'Tiếp công dân thường xuyên', en: 'Regular reception' },
  'reception.leader_periodic': { vi: 'Lãnh đạo tiếp công dân định kỳ', en: 'Leader reception (periodic)' },
  'reception.leader_ad_hoc': { vi: 'Lãnh đạo tiếp công dân đột xuất', en: 'Leader reception (ad hoc)' },
  'reception.online': { vi: 'Tiếp công dân trực tuyến', en: 'Online reception' },
};

const humanize = (s: string) => s.replace(/_/g, ' ');

/** `(key) → label` of a figure key in the UI language. */
export function useFigureLabel() {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  return (key: string): string => {
    const known = FIGURE_LABELS[key];
    if (known) return en ? known.en : known.vi;
    const [module = '', ...rest] = key.split('.');
    const head = t(`periodic.modules.${module}` as 'periodic.modules.tasks', {
      defaultValue: humanize(module),
    });
    const parts = rest.map((p) => {
      const dict = PARTS[p];
      if (module === 'tasks' || !dict) {
        const status = t(`status.${p}` as 'status.completed', { defaultValue: '' });
        if (status) return status.toLowerCase();
        const timeliness = t(`timeliness.${p}` as 'timeliness.overdue', { defaultValue: '' });
        if (timeliness) return timeliness.toLowerCase();
      }
      return dict ? (en ? dict.en : dict.vi) : humanize(p);
    });
    return parts.length ? `${head} – ${parts.join(', ')}` : head;
  };
}

/** `(module, type) → label` of a back-entered record's event type in the UI language. */
export function useEventTypeLabel() {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  return (module: string, type: string): string => {
    const own = EVENT_TYPES[type];
    if (own) return en ? own.en : own.vi;
    const key =
      module === 'tasks'
        ? `events.${type}`
        : module === 'dossiers'
          ? `dossiers.events.${type}`
          : `pet.events.${type}`;
    return t(key as 'events.assigned', { defaultValue: '' }) || humanize(type);
  };
}
