/**
 * The notifications API as the UI reads it (issue 7): the bell's in-app notifications, the user's
 * notification preferences, reminder rules and their preview by date, and the outbox's failed deliveries.
 * Instants are ISO strings (UTC); dates are `YYYY-MM-DD` in Asia/Ho_Chi_Minh; reminder offsets are working
 * days (the server counts them through the calendar module).
 */
import { useQuery } from '@tanstack/react-query';
import { api, request } from './client.ts';

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

// ── reminder rules ──

export interface EscalationStep {
  afterWorkingDays: number;
  /** who gets it: e.g. 'agency_leader', 'office_leader', 'assigner' */
  to: string;
}

/** A rule's definition (validated by the server: src/modules/notifications/reminders/rules.ts). */
export interface RuleDefinition {
  /** which deadline the rule follows, e.g. 'deadline', 'receipt', 'apology', 'supplement' */
  clock: string;
  /** remind N working days before the deadline */
  before: number[];
  onDue: boolean;
  after: { everyWorkingDays: number } | null;
  escalation: EscalationStep[];
  recipients: unknown;
  channels: NotifyChannel[];
  nonWorkingDays: unknown;
  [k: string]: unknown;
}

export interface ReminderRule {
  id: string;
  itemType: ItemType;
  nameVi: string;
  nameEn: string;
  definition: RuleDefinition;
  enabled: boolean;
  source: string | null;
  builtIn: boolean;
  updatedAt?: string;
}

export const RULES_KEY = ['reminder-rules'] as const;
export const listRules = () => api.get<{ items: ReminderRule[] }>('/api/reminder-rules');
/** PUT /api/reminder-rules/:id (admin): the whole rule and a required reason (audited). */
export const putRule = (id: string, body: Omit<ReminderRule, 'id' | 'builtIn'> & { reason: string }) =>
  request<ReminderRule>('PUT', `/api/reminder-rules/${encodeURIComponent(id)}`, body);

export interface PreviewReminder {
  itemType: ItemType;
  itemId: string;
  recipient: string;
  recipientName?: string | null;
  rule: string;
  channel: NotifyChannel;
  step: string;
  reason?: Bilingual | null;
}

export interface ReminderPreview {
  date: string;
  reminders: PreviewReminder[];
  total?: number;
  truncated?: boolean;
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
export const resendOne = (id: string, reason?: string) =>
  api.post<unknown>(`/api/outbox/${encodeURIComponent(id)}/resend`, reason ? { reason } : {});
export const resendMany = (ids: string[]) => api.post<unknown>('/api/outbox/resend', { ids });
