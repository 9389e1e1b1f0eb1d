/**
 * The outbox (hộp thư đi, issue 7 §4): writing rows, resending failed ones, delivery receipts, and the reads
 * behind the failed-delivery page. States and transitions: ./outbox-states.ts. Every state change appends an
 * `outbox_events` row (append-only in the database, migration 0030). Delivery itself: ./dispatcher.ts.
 *
 * Functions take a `tx` (always pass the caller's transaction down; PGlite is one connection).
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { pgArrayLiteral, queryRows, type Tx } from '../../db/engine.ts';
import type { Locale, OutboxChannel } from './types.ts';
import type { OutboxState } from './outbox-states.ts';
import { maskFully, maskRecipient, scrubAddresses } from './channels/mask.ts';

/** One message to write (see `enqueueOutbox`). */
export interface OutboxInsert {
  channel: OutboxChannel;
  /** 'user' | 'agency' | 'citizen' */
  recipientType: 'user' | 'agency' | 'citizen';
  /** user id, agency code, or the dossier / petition reference for a citizen */
  recipientId?: string | null;
  /** e-mail address or phone number */
  address: string;
  /** notice kind (template key), e.g. 'reminder.task.overdue', 'digest.daily' */
  kind: string;
  locale?: Locale;
  subject?: string | null;
  bodyText: string;
  bodyHtml?: string | null;
  /** `task:<id>`, `dossier:<code>`, `reminder:<id>` … */
  ref?: string | null;
  /** rows of one notice share a batch id */
  batchId?: string | null;
  /** idempotency key: a second row with the same key is not written */
  dedupeKey: string;
  /** automatic attempts before the row is dead (default 5) */
  maxAttempts?: number;
}

// ── nudges: wake the dispatcher(s) of this process after rows are written ──

const nudgers = new Set<() => void>();

/** Registers a function called after outbox rows are written (the dispatcher); returns its unregistration. */
export function onOutboxWritten(fn: () => void): () => void {
  nudgers.add(fn);
  return () => nudgers.delete(fn);
}

/**
 * Wakes the dispatchers of this process (best effort, after a short delay so the writing transaction has
 * committed; the sweep every minute delivers anyway).
 */
export function nudgeOutbox(): void {
  for (const fn of nudgers) {
    try {
      fn();
    } catch {
      /* best effort */
    }
  }
}

/**
 * Writes outbox rows (state `queued`, one `outbox_events` row each) in the caller's transaction; rows whose
 * `dedupeKey` exists already are skipped. Returns the ids written. Nudges the dispatcher.
 */
export async function enqueueOutboxMany(tx: Tx, rows: readonly OutboxInsert[]): Promise<string[]> {
  if (!rows.length) return [];
  const seen = new Set<string>();
  const data = [];
  for (const r of rows) {
    if (seen.has(r.dedupeKey)) continue;
    seen.add(r.dedupeKey);
    data.push({
      id: randomUUID(),
      channel: r.channel,
      recipient_type: r.recipientType,
      recipient_id: r.recipientId ?? null,
      address: r.address,
      kind: r.kind,
      locale: r.locale ?? 'vi',
      subject: r.subject ?? null,
      body_text: r.bodyText,
      body_html: r.bodyHtml ?? null,
      ref: r.ref ?? null,
      batch_id: r.batchId ?? null,
      dedupe_key: r.dedupeKey,
      max_attempts: r.maxAttempts ?? 5,
    });
  }
  const ids: string[] = [];
  for (let i = 0; i < data.length; i += 2000) {
    const chunk = JSON.stringify(data.slice(i, i + 2000));
    const out = await queryRows<{ message_id: string }>(
      tx,
      sql`WITH src AS (
            SELECT * FROM json_populate_recordset(NULL::outbox_messages, ${chunk}::json)
          ), ins AS (
            INSERT INTO outbox_messages (id, channel, recipient_type, recipient_id, address, kind, locale, subject,
              body_text, body_html, ref, batch_id, dedupe_key, max_attempts, state, attempts, dead)
            SELECT id, channel, recipient_type, recipient_id, address, kind, locale, subject,
              body_text, body_html, ref, batch_id, dedupe_key, max_attempts, 'queued', 0, false FROM src
            ON CONFLICT (dedupe_key) DO NOTHING
            RETURNING id
          )
          INSERT INTO outbox_events (id, at, message_id, from_state, to_state, attempt, reason)
          SELECT gen_random_uuid(), clock_timestamp(), id, NULL, 'queued', 0, 'enqueued' FROM ins
          RETURNING message_id`,
    );
    for (const r of out) ids.push(r.message_id);
  }
  if (ids.length) nudgeOutbox();
  return ids;
}

/**
 * Writes one outbox row (for other parts of the notifications module, e.g. the daily digest e-mail) in the
 * caller's transaction. Returns its id, or null when a row with the same `dedupeKey` exists already.
 */
export async function enqueueOutbox(tx: Tx, row: OutboxInsert): Promise<string | null> {
  const [id] = await enqueueOutboxMany(tx, [row]);
  return id ?? null;
}

/**
 * Resends failed rows (Office action): `failed` → `queued` with attempts reset, dead cleared, an event with
 * the actor and reason (e-mail addresses and phone numbers scrubbed out of it: the history is append-only).
 * Rows in another state are left alone. Returns the ids resent.
 */
export async function resendOutbox(
  tx: Tx,
  ids: readonly string[],
  actorUserId: string | null,
  reason: string | null = null,
): Promise<string[]> {
  if (!ids.length) return [];
  const out = await queryRows<{ message_id: string }>(
    tx,
    sql`WITH upd AS (
          UPDATE outbox_messages SET state = 'queued', attempts = 0, dead = false, next_attempt_at = NULL,
            failed_at = NULL, updated_at = now()
          WHERE id = ANY(${pgArrayLiteral(ids)}::uuid[]) AND state = 'failed'
          RETURNING id
        )
        INSERT INTO outbox_events (id, at, message_id, from_state, to_state, attempt, actor_user_id, reason)
        SELECT gen_random_uuid(), clock_timestamp(), id, 'failed', 'queued', 0, ${actorUserId}::uuid, ${reason == null ? 'resend' : scrubAddresses(reason)} FROM upd
        RETURNING message_id`,
  );
  if (out.length) nudgeOutbox();
  return out.map((r) => r.message_id);
}

/**
 * A gateway's delivery receipt: `sent` (or `sending`, when the receipt overtakes our commit) → `delivered`.
 * Returns false when the row is unknown or in another state (already delivered, failed, queued).
 * A real SMS/Zalo gateway adapter calls it from its webhook route (docs/notifications.md).
 */
export async function markDelivered(tx: Tx, id: string, providerMessageId?: string): Promise<boolean> {
  const out = await queryRows<{ message_id: string }>(
    tx,
    sql`WITH prev AS (
          SELECT id, state, attempts FROM outbox_messages WHERE id = ${id}::uuid AND state IN ('sent', 'sending') FOR UPDATE
        ), upd AS (
          UPDATE outbox_messages o SET state = 'delivered', delivered_at = now(), next_attempt_at = NULL,
            sent_at = COALESCE(o.sent_at, now()),
            provider_message_id = COALESCE(${providerMessageId ?? null}, o.provider_message_id), updated_at = now()
          FROM prev WHERE o.id = prev.id
          RETURNING o.id, prev.state AS from_state, prev.attempts
        )
        INSERT INTO outbox_events (id, at, message_id, from_state, to_state, attempt, reason)
        SELECT gen_random_uuid(), clock_timestamp(), id, from_state, 'delivered', attempts, 'delivery receipt' FROM upd
        RETURNING message_id`,
  );
  return out.length > 0;
}

// ── reads (the failed-delivery page) ──

export interface OutboxListQuery {
  state?: OutboxState;
  channel?: OutboxChannel;
  kind?: string;
  limit: number;
  offset: number;
}

export interface OutboxItem {
  id: string;
  channel: string;
  recipientType: string;
  /**
   * full address for staff; masked for citizens (`090****567`, `a***@example.vn`); fully masked (`***`,
   * `***@***`) for the citizen of a petition (`ref` `petition:…`) unless the viewer is an admin
   */
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

interface Row {
  id: string;
  channel: string;
  recipient_type: string;
  address: string;
  kind: string;
  subject: string | null;
  state: string;
  attempts: number;
  max_attempts: number;
  last_error: string | null;
  next_attempt_at: string | Date | null;
  dead: boolean;
  created_at: string | Date;
  sent_at: string | Date | null;
  failed_at: string | Date | null;
  ref: string | null;
  body_text?: string;
  total?: number;
}

const iso = (v: string | Date | null | undefined) => (v == null ? null : new Date(v).toISOString());

/** Who reads the outbox: an admin sees a petition citizen's address partially masked, others not at all. */
export interface OutboxViewer {
  admin: boolean;
}

/**
 * The address as a viewer sees it (adversarial review F3; docs/notifications.md "Addresses in the outbox"):
 * staff addresses in full; a citizen's masked (`090****567`); a petition citizen's (a complainant or a
 * denouncer, Luật Tố cáo 2018 Art 8 cl.3) fully masked for everyone but an admin.
 */
export function shownAddress(
  r: { recipient_type: string; address: string; ref: string | null },
  viewer: OutboxViewer,
): string {
  if (r.recipient_type !== 'citizen') return r.address;
  if (r.ref?.startsWith('petition:') && !viewer.admin) return maskFully(r.address);
  return maskRecipient(r.address);
}

function toItem(r: Row, viewer: OutboxViewer): OutboxItem {
  return {
    id: r.id,
    channel: r.channel,
    recipientType: r.recipient_type,
    address: shownAddress(r, viewer),
    kind: r.kind,
    subject: r.subject,
    state: r.state,
    attempts: Number(r.attempts),
    maxAttempts: Number(r.max_attempts),
    // scrubbed when stored (dispatcher); again here for rows stored before that rule (F2)
    lastError: scrubAddresses(r.last_error, r.address),
    nextAttemptAt: iso(r.next_attempt_at),
    dead: r.dead,
    createdAt: iso(r.created_at)!,
    sentAt: iso(r.sent_at),
    failedAt: iso(r.failed_at),
    ref: r.ref,
  };
}

const COLS = sql`id, channel, recipient_type, address, kind, subject, state, attempts, max_attempts, last_error,
  next_attempt_at, dead, created_at, sent_at, failed_at, ref`;

/**
 * Outbox rows, newest first (failed rows by the time they failed), with the total of the filter. Addresses as
 * `viewer` may see them (`shownAddress`; default: not an admin); error texts without addresses.
 */
export async function listOutbox(
  tx: Tx,
  q: OutboxListQuery,
  viewer: OutboxViewer = { admin: false },
): Promise<{ items: OutboxItem[]; total: number }> {
  const where = [sql`true`];
  if (q.state) where.push(sql`state = ${q.state}`);
  if (q.channel) where.push(sql`channel = ${q.channel}`);
  if (q.kind) where.push(sql`kind = ${q.kind}`);
  const cond = sql.join(where, sql` AND `);
  const order = q.state === 'failed' ? sql`failed_at DESC NULLS LAST, id` : sql`created_at DESC, id`;
  const rows = await queryRows<Row>(
    tx,
    sql`SELECT ${COLS} FROM outbox_messages WHERE ${cond} ORDER BY ${order} LIMIT ${q.limit} OFFSET ${q.offset}`,
  );
  const [t] = await queryRows<{ n: number }>(
    tx,
    sql`SELECT count(*)::int AS n FROM outbox_messages WHERE ${cond}`,
  );
  return { items: rows.map((r) => toItem(r, viewer)), total: Number(t?.n ?? 0) };
}

export interface OutboxEventView {
  id: string;
  at: string;
  fromState: string | null;
  toState: string;
  attempt: number | null;
  actorUserId: string | null;
  actorName: string | null;
  reason: string | null;
}

/**
 * One row with its text and its events (oldest first), or null. Address as `viewer` may see it (default: not
 * an admin); event reasons without addresses.
 */
export async function outboxDetail(
  tx: Tx,
  id: string,
  viewer: OutboxViewer = { admin: false },
): Promise<(OutboxItem & { bodyText: string; events: OutboxEventView[] }) | null> {
  const [r] = await queryRows<Row>(
    tx,
    sql`SELECT ${COLS}, body_text FROM outbox_messages WHERE id = ${id}::uuid`,
  );
  if (!r) return null;
  const ev = await queryRows<{
    id: string;
    at: string | Date;
    from_state: string | null;
    to_state: string;
    attempt: number | null;
    actor_user_id: string | null;
    actor_name: string | null;
    reason: string | null;
  }>(
    tx,
    sql`SELECT e.id, e.at, e.from_state, e.to_state, e.attempt, e.actor_user_id, u.display_name AS actor_name, e.reason
        FROM outbox_events e LEFT JOIN users u ON u.id = e.actor_user_id
        WHERE e.message_id = ${id}::uuid ORDER BY e.at, e.id`,
  );
  return {
    ...toItem(r, viewer),
    bodyText: r.body_text ?? '',
    events: ev.map((e) => ({
      id: e.id,
      at: iso(e.at)!,
      fromState: e.from_state,
      toState: e.to_state,
      attempt: e.attempt == null ? null : Number(e.attempt),
      actorUserId: e.actor_user_id,
      actorName: e.actor_name,
      reason: scrubAddresses(e.reason, r.address),
    })),
  };
}
