/**
 * The notifications API as the UI reads it (issue 7): the bell's in-app notifications, the user's
 * notification preferences, reminder rules and their preview by date, and the outbox's failed deliveries.
 * Instants are ISO strings (UTC); dates are `YYYY-MM-DD` in Asia/Ho_Chi_Minh; reminder offsets are working
 * days (the server counts them through the calendar module).
 */
import { useQuery } from '@tanstack/react-query';
import { api, request } from './client.ts';
import type { Role } from './types.ts';

export type NotifyChannel = 'in_app' | 'email' | 'sms' | 'zalo';
export type OutboxChannel = Exclude<NotifyChannel, 'in_app'>;
export type ItemType = 'task' | 'dossier' | 'petition';
export const ITEM_TYPES: readonly ItemType[] = ['task', 'dossier', 'petition'];
export const NOTIFY_CHANNELS: readonly NotifyChannel[] = ['in_app', 'email', 'sms', 'zalo'];
export interface Bilingual {
  vi: string;
  en: string;
}

// ── in-app notifications (the bell) ──

export interface NotificationItem {
  id: string;
  kind: string;
  itemType: ItemType | null;
  itemIds: string[];
  title: string;
  body: string;
  /** web path to open, e.g. `/tasks/<id>` */
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationPage {
  items: NotificationItem[];
  unreadCount: number;
  /** pass as `before` for the next page; null at the end */
  nextCursor: string | null;
}

/** Query keys: every notification query starts with NOTIF_KEY, so one invalidation refreshes the bell. */
export const NOTIF_KEY = ['notifications'] as const;
export const UNREAD_KEY = [...NOTIF_KEY, 'unread-count'] as const;

/** GET /api/notifications — newest first; `before` is the cursor of the previous page. */
export const listNotifications = (q: { unread?: boolean; limit?: number; before?: string | null }) =>
  api.get<NotificationPage>('/api/notifications', {
    unread: q.unread === undefined ? undefined : String(q.unread),
    limit: q.limit,
    before: q.before ?? undefined,
  });

/** GET /api/notifications/unread-count */
export const unreadCount = () => api.get<{ unread: number }>('/api/notifications/unread-count');

/** POST /api/notifications/:id/read */
export const markRead = (id: string) =>
  api.post<unknown>(`/api/notifications/${encodeURIComponent(id)}/read`);

/** POST /api/notifications/read-all → how many were marked */
export const markAllRead = () => api.post<{ updated: number }>('/api/notifications/read-all');

/** The unread count, polled every 60 s and refetched when the window regains focus. */
export function useUnreadCount(enabled = true) {
  return useQuery({
    queryKey: UNREAD_KEY,
    queryFn: unreadCount,
    enabled,
    refetchInterval: 60_000,
    refetchOnWindowFocus: true,
    staleTime: 10_000,
  });
}

// ── preferences ──

export type EmailMode = 'immediate' | 'daily_digest';

export interface NotificationPrefsInput {
  channels: NotifyChannel[];
  emailMode: EmailMode;
  locale: 'vi' | 'en';
  mutedKinds: string[];
}

export interface NotificationPrefs extends NotificationPrefsInput {
  available: {
    channels: NotifyChannel[];
    kinds: { kind: string; label: Bilingual; mutable: boolean }[];
  };
  /** the user's addresses for e-mail and SMS / Zalo (null when none is set) */
  email: string | null;
  phone: string | null;
}

export const PREFS_KEY = ['notification-preferences'] as const;
export const getPrefs = () => api.get<NotificationPrefs>('/api/me/notification-preferences');
export const putPrefs = (body: NotificationPrefsInput) =>
  request<NotificationPrefs>('PUT', '/api/me/notification-preferences', body);

// ── reminder rules (src/modules/notifications/reminders/routes.ts) ──

export type EscalationTarget = 'agency_leader' | 'office_leader' | 'assigner';
export const ESCALATION_TARGETS: readonly EscalationTarget[] = ['agency_leader', 'office_leader', 'assigner'];

export interface EscalationStep {
  /** working days overdue */
  afterWorkingDays: number;
  /** 'assigner' (the committee leader who assigned the task) is for tasks only */
  to: EscalationTarget;
}

/** A rule's definition (validated by the server: src/modules/notifications/reminders/rules.ts). */
export interface RuleDefinition {
  itemType: ItemType;
  /** which deadline the rule follows: task deadline | receipt; dossier step | apology | supplement; a petition clock or '*' */
  clock: string;
  /** remind N working days before the due day (1–60, at most 10) */
  before: number[];
  onDue: boolean;
  /** while overdue: every n working days (1 = daily); null = none */
  after: { everyWorkingDays: number } | null;
  /** by increasing afterWorkingDays, at most 5 */
  escalation: EscalationStep[];
  /** roles of the item's agency who get the ordinary reminders */
  recipients: { roles: Role[] };
  channels: NotifyChannel[];
  /** give "after" reminders on non-working days too */
  nonWorkingDays: boolean;
  /** legal (or our own) basis */
  source: string;
}

export interface ReminderRule {
  id: string;
  itemType: ItemType;
  name: Bilingual;
  definition: RuleDefinition;
  enabled: boolean;
  builtIn: boolean;
  /** the rule's last change (ISO instant): sent back on PUT, a newer change in between → 409 `stale` */
  updatedAt?: string | null;
}

export const RULES_KEY = ['reminder-rules'] as const;
/** GET /api/reminder-rules (admin, Office leader, Office specialist). */
export const listRules = () => api.get<{ items: ReminderRule[] }>('/api/reminder-rules');
/**
 * PUT /api/reminder-rules/:id (admin): name, definition, enabled and a reason (3–1000 characters; audited).
 * 400 with the field path (e.g. `definition.escalation.1.afterWorkingDays`).
 */
export const putRule = (
  id: string,
  body: Pick<ReminderRule, 'name' | 'definition' | 'enabled' | 'updatedAt'> & { reason: string },
) => request<ReminderRule>('PUT', `/api/reminder-rules/${encodeURIComponent(id)}`, body);

export interface PreviewReminder {
  itemType: ItemType;
  itemId: string;
  /** the item's reference (task number, dossier code …) when it has one */
  itemRef: string | null;
  title: string;
  /** YYYY-MM-DD */
  dueDate: string;
  /** 'agency:<code>' | 'user:<id>' | 'role:<role>' | 'office:followup' */
  recipient: string;
  recipientName: string;
  rule: string;
  ruleName: Bilingual;
  /** `before_3`, `on_due`, `overdue`, `escalation_1`, `receipt`, `apology_warning_2` … */
  step: string;
  /** before_due | on_due | overdue | escalation | receipt | apology_warning | apology_due | supplement_clock */
  stepKind: string;
  channel: NotifyChannel;
  reason: Bilingual;
}

export interface ReminderPreview {
  date: string;
  /** whether the date is a working day (no reminders on a day off unless a rule says so) */
  working: boolean;
  reminders: PreviewReminder[];
  /** every row, also those beyond `limit` */
  total: number;
  truncated: boolean;
}

/** GET /api/reminders/preview — who would be reminded on `date` and why (empty on a non-working day). */
export const previewReminders = (q: { date: string; itemType?: string; ruleId?: string; limit?: number }) =>
  api.get<ReminderPreview>('/api/reminders/preview', q);

// ── outbox (failed deliveries) ──

export interface OutboxItem {
  id: string;
  channel: OutboxChannel;
  recipientType: string;
  address: string;
  kind: string;
  subject: string | null;
  state: string;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  dead: boolean;
  createdAt: string;
  sentAt: string | null;
  failedAt: string | null;
  ref: string | null;
}

export interface OutboxEvent {
  id?: string;
  at: string;
  fromState: string | null;
  toState: string;
  attempt: number | null;
  actorUserId?: string | null;
  actorName?: string | null;
  reason: string | null;
  data?: unknown;
}

export interface OutboxDetail extends OutboxItem {
  bodyText: string;
  events: OutboxEvent[];
}

export const OUTBOX_KEY = ['outbox'] as const;
export const listOutbox = (q: {
  state?: string;
  channel?: string;
  kind?: string;
  limit?: number;
  offset?: number;
}) => api.get<{ items: OutboxItem[]; total: number }>('/api/outbox', q);
export const getOutbox = (id: string) => api.get<OutboxDetail>(`/api/outbox/${encodeURIComponent(id)}`);
/** POST /api/outbox/:id/resend → the row, queued again (409 `not_failed` when it is not failed). */
export const resendOne = (id: string, reason?: string) =>
  api.post<OutboxDetail>(`/api/outbox/${encodeURIComponent(id)}/resend`, reason ? { reason } : {});
/** POST /api/outbox/resend → how many were queued again (rows not failed are skipped). */
export const resendMany = (ids: string[]) => api.post<{ resent: number }>('/api/outbox/resend', { ids });
