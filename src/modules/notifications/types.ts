/**
 * Contracts of the notifications module (issue 7): channels, recipients, the notice request every module
 * sends through `notify()` (src/modules/notifications/notify.ts), and the channel adapters.
 *
 * Who writes what:
 * - `notify(tx, req)` — in the caller's transaction: one in-app notification per user (bell), and one outbox
 *   row per recipient × channel (e-mail / SMS / Zalo), each with a stable dedupe key, so a retried command or
 *   a re-run reminder pass writes nothing twice.
 * - The outbox dispatcher (a queue worker) delivers outbox rows through the channel adapters.
 */
import type { Tx } from '../../db/engine.ts';

export const NOTIFY_CHANNELS = ['in_app', 'email', 'sms', 'zalo'] as const;
export type NotifyChannel = (typeof NOTIFY_CHANNELS)[number];
/** Channels that go through the outbox (in-app notices are written directly). */
export type OutboxChannel = Exclude<NotifyChannel, 'in_app'>;

export const ITEM_TYPES = ['task', 'dossier', 'petition'] as const;
export type ItemType = (typeof ITEM_TYPES)[number];

export type Locale = 'vi' | 'en';

/**
 * A recipient of a notice.
 * - `user`: one staff user (their preferences decide channels, locale, digest).
 * - `agency`: the agency's active users having one of `roles` (default: agency_leader, agency_staff); an
 *   agency with no such user is reached through `agencies.leader_email`, and the Office's follow-up list
 *   (office specialists) gets the in-app notice instead.
 * - `role`: every active user with that role (e.g. the Office leaders), optionally within an agency.
 * - `citizen`: an applicant or petitioner on the channel they chose, only with their consent (the caller
 *   checks consent and passes only the address — never a name or an ID number).
 */
export type Recipient =
  | { kind: 'user'; userId: string }
  | { kind: 'agency'; agencyCode: string; roles?: readonly string[] }
  | { kind: 'role'; role: string; agencyCode?: string }
  | { kind: 'citizen'; channel: OutboxChannel; address: string; ref: string };

export interface NoticeRequest {
  /** template key, e.g. 'task.overdue', 'task.escalation', 'dossier.received', 'petition.forwarded' */
  kind: string;
  itemType?: ItemType;
  itemIds?: readonly string[];
  /** template variables (no personal data beyond what the template needs; never a denouncer's identity) */
  data: Record<string, unknown>;
  /** web path of the item(s), e.g. `/tasks/<id>` */
  link?: string;
  recipients: readonly Recipient[];
  /** channels the rule asks for; a user's preferences narrow them (not for `urgent`) */
  channels: readonly NotifyChannel[];
  /** base idempotency key; notify() appends the recipient and channel */
  dedupeKey: string;
  reminderId?: string;
  /** escalations and statutory notices: not muted, not held for the digest */
  urgent?: boolean;
  /** `task:<id>`, `dossier:<code>`, `reminder:<id>` … stored on the outbox rows */
  ref?: string;
}

export interface NotifyResult {
  notifications: number;
  outbox: number;
}

export type NotifyFn = (tx: Tx, req: NoticeRequest) => Promise<NotifyResult>;

/** A message rendered for one channel and locale. */
export interface RenderedMessage {
  subject: string;
  text: string;
  html?: string;
}

/** What a channel adapter is given: one outbox row. `id` is the stable Message-ID basis. */
export interface OutgoingMessage {
  id: string;
  channel: OutboxChannel;
  address: string;
  subject: string | null;
  text: string;
  html: string | null;
}

/** The adapter's answer: accepted by the gateway (→ sent), or delivered already (log adapter, in-app). */
export interface SendOutcome {
  providerMessageId?: string;
  delivered?: boolean;
}

/**
 * A channel adapter (SMTP, SMS gateway, Zalo OA …). Throw `PermanentSendError` for a failure a retry cannot
 * fix (bad address, rejected recipient): the row fails at once; any other error is retried with back-off.
 */
export interface ChannelAdapter {
  readonly channel: OutboxChannel;
  readonly name: string;
  send(msg: OutgoingMessage): Promise<SendOutcome>;
  close?(): Promise<void>;
}

export class PermanentSendError extends Error {
  constructor(
    message: string,
    readonly code = 'permanent',
  ) {
    super(message);
  }
}
