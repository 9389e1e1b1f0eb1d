/**
 * The outbox delivery state machine, as data (issue 7 §4): queued → sending → sent → delivered, or → failed.
 * `sending` is a lease: a row left in it by a crashed process goes back to `queued` when the lease expires,
 * and is sent again with the same Message-ID (at-least-once). `failed` with `dead = true` is final until an
 * Office user resends it (→ queued, attempts reset).
 */
export const OUTBOX_STATES = ['queued', 'sending', 'sent', 'delivered', 'failed'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

export const OUTBOX_TRANSITIONS: Readonly<Record<OutboxState, readonly OutboxState[]>> = {
  queued: ['sending', 'failed'],
  // sending → queued: a retryable failure (next attempt later) or an expired lease
  sending: ['sent', 'delivered', 'queued', 'failed'],
  sent: ['delivered', 'failed'],
  delivered: [],
  // failed → queued: resend by an Office user
  failed: ['queued'],
};

export const canTransition = (from: OutboxState, to: OutboxState) => OUTBOX_TRANSITIONS[from].includes(to);
