/**
 * `notify(tx, req)` — the one way modules send a notice (issue 7 §3, contract in ./types.ts `NotifyFn`).
 * Runs in the caller's transaction; writes nothing twice for the same `req.dedupeKey`.
 *
 * 1. Recipients → users (active: not disabled):
 *    - `user`: that user; `role`: every user with the role (optionally of one agency);
 *    - `agency`: its users having one of `roles` (default agency_leader, agency_staff; without `roles`, an
 *      agency whose users hold other roles — the Office's office_leader / office_specialist — is reached through
 *      those users). An agency with no such user is still reached: an e-mail to `agencies.leader_email` when set (whatever `req.channels` says —
 *      it is the only way to reach it), AND an in-app notice to the Office's follow-up list (every user with
 *      the role office_specialist), titled "[Thay cho <agency>]";
 *    - `citizen`: one outbox row on the channel the citizen chose, to the address given (the caller checked
 *      consent), in Vietnamese; recipient id = the request's `ref` of the recipient.
 *    A user reached through several recipients gets the notice once.
 * 2. Preferences (`notification_prefs`; a user without a row: channels in_app + email, immediate e-mail,
 *    Vietnamese, nothing muted). Channels = `req.channels` ∩ the user's channels (all of `req.channels` when
 *    `urgent`). A muted kind (exact kind, or a prefix of it ending at a dot: `reminder.task` mutes
 *    `reminder.task.before_due`) is skipped unless `urgent` or never mutable (`*.escalation`,
 *    `*.apology_due`: ./prefs.ts `isNeverMuted`, so a prefix mutes only what may be muted). With
 *    `emailMode = 'daily_digest'` no immediate e-mail is written unless `urgent`: the in-app row is written
 *    (even if in-app is off) and the digest (./digest.ts) mails it. A user without an e-mail / phone gets no
 *    row for that channel.
 * 3. Writes: in-app rows (`notifications`, dedupe `${dedupeKey}:u:${userId}`, ON CONFLICT DO NOTHING) and
 *    outbox rows (one per recipient × channel, dedupe `${dedupeKey}:${channel}:${addressKey(address)}` —
 *    a hash: the address itself is only in the `address` column; the rows of one call share a
 *    `batch_id`). Every row is rendered now, in the recipient's locale (`subject`, text, HTML / short
 *    text), so a resend repeats the same message.
 * 4. Nudges the dispatcher of this process (it runs shortly after, once the transaction has committed; the
 *    sweep every minute delivers anyway).
 *
 * Throws an Error when no template is registered for `req.kind` (a programming error).
 */
import { createHash, randomUUID } from 'node:crypto';
import { and, arrayContains, arrayOverlaps, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../db/engine.ts';
import { agencies, notificationPrefs, notifications, users } from '../../db/schema.ts';
import { loadConfig } from '../../config.ts';
import type { Locale, NoticeRequest, NotifyChannel, NotifyResult, OutboxChannel } from './types.ts';
import { renderNotice, type RenderedNotice } from './templates.ts';
import { enqueueOutboxMany, type OutboxInsert } from './outbox.ts';
import { isNeverMuted } from './prefs.ts';
// Template modules: each registers its templates on import. Add one line per template module here.
import './templates/staff.ts';
import './templates/citizen.ts';
import './templates/digest.ts';

let publicUrl: string | null = null;

/** Sets the base URL of links in notices (config.publicUrl); defaults to the environment's configuration. */
export function configureNotify(opts: { publicUrl: string }): void {
  publicUrl = opts.publicUrl.replace(/\/+$/, '');
}

/** The base URL links in notices start with. */
export function noticePublicUrl(): string {
  return (publicUrl ??= loadConfig().publicUrl);
}

/** Preferences of a user without a `notification_prefs` row. */
export const DEFAULT_PREFS = {
  channels: ['in_app', 'email'] as NotifyChannel[],
  emailMode: 'immediate' as 'immediate' | 'daily_digest',
  locale: 'vi' as Locale,
  mutedKinds: [] as string[],
};

const DEFAULT_AGENCY_ROLES = ['agency_leader', 'agency_staff'];
const FOLLOW_UP_ROLE = 'office_specialist';

/**
 * The address part of an outbox dedupe key: the first 24 hex digits of the SHA-256 of the address, so that
 * a phone number or e-mail address is stored only in the row's `address` column, not again in its key.
 * The same address always gives the same key: a repeated `notify()` writes nothing twice.
 */
export const addressKey = (address: string) =>
  createHash('sha256').update(address).digest('hex').slice(0, 24);

/** Whether `kind` is muted by a list of muted kinds (exact, or a dot-prefix). */
export function isMuted(kind: string, muted: readonly string[]): boolean {
  return muted.some((m) => m === kind || kind.startsWith(`${m}.`));
}

interface Target {
  userId: string;
  email: string | null;
  phone: string | null;
  /** set for the Office follow-up of an agency without users: in-app only, title prefixed */
  forAgency?: { code: string; name: string; nameEn: string | null };
}

const userCols = { id: users.id, email: users.email, phone: users.phone };

/** See the module header. */
export async function notify(tx: Tx, req: NoticeRequest): Promise<NotifyResult> {
  const targets = new Map<string, Target>();
  const followUps: Target[] = [];
  const outbox: OutboxInsert[] = [];
  const batchId = randomUUID();
  const base = noticePublicUrl();
  const link = req.link ?? null;
  const cache = new Map<Locale, RenderedNotice>();
  const render = (locale: Locale) => {
    let r = cache.get(locale);
    if (!r) cache.set(locale, (r = renderNotice(req.kind, req.data, { locale, publicUrl: base, link })));
    return r;
  };
  render('vi'); // fails early (no template) before anything is written
  const add = (rows: { id: string; email: string | null; phone: string | null }[]) => {
    for (const u of rows)
      if (!targets.has(u.id)) targets.set(u.id, { userId: u.id, email: u.email, phone: u.phone });
  };
  let followUpUsers: { id: string; email: string | null; phone: string | null }[] | null = null;

  for (const r of req.recipients) {
    if (r.kind === 'user') {
      add(
        await tx
          .select(userCols)
          .from(users)
          .where(and(eq(users.id, r.userId), eq(users.disabled, false))),
      );
    } else if (r.kind === 'role') {
      const conds = [arrayContains(users.roles, [r.role]), eq(users.disabled, false)];
      if (r.agencyCode) conds.push(eq(users.agencyCode, r.agencyCode));
      add(
        await tx
          .select(userCols)
          .from(users)
          .where(and(...conds)),
      );
    } else if (r.kind === 'agency') {
      const roles = r.roles?.length ? [...r.roles] : DEFAULT_AGENCY_ROLES;
      const found = await tx
        .select(userCols)
        .from(users)
        .where(
          and(
            eq(users.agencyCode, r.agencyCode),
            arrayOverlaps(users.roles, roles),
            eq(users.disabled, false),
          ),
        );
      if (found.length) {
        add(found);
        continue;
      }
      // an agency whose staff hold other roles (the Office itself: office_leader / office_specialist) is reached
      // through its own users before any stand-in; an admin account is not a member of staff
      if (!r.roles?.length) {
        const own = (
          await tx
            .select({ ...userCols, roles: users.roles })
            .from(users)
            .where(and(eq(users.agencyCode, r.agencyCode), eq(users.disabled, false)))
        ).filter((u) => u.roles.some((x) => x !== 'admin'));
        if (own.length) {
          add(own.map(({ roles: _roles, ...u }) => u));
          continue;
        }
      }
      const [ag] = await tx
        .select({
          code: agencies.code,
          name: agencies.name,
          nameEn: agencies.nameEn,
          leaderEmail: agencies.leaderEmail,
        })
        .from(agencies)
        .where(eq(agencies.code, r.agencyCode));
      if (!ag) continue;
      if (ag.leaderEmail) {
        const m = render('vi');
        outbox.push({
          channel: 'email',
          recipientType: 'agency',
          recipientId: ag.code,
          address: ag.leaderEmail,
          kind: req.kind,
          locale: 'vi',
          subject: m.subject,
          bodyText: m.text,
          bodyHtml: m.html,
          ref: req.ref ?? null,
          batchId,
          dedupeKey: `${req.dedupeKey}:email:${addressKey(ag.leaderEmail)}`,
        });
      }
      followUpUsers ??= await tx
        .select(userCols)
        .from(users)
        .where(and(arrayContains(users.roles, [FOLLOW_UP_ROLE]), eq(users.disabled, false)));
      for (const u of followUpUsers)
        followUps.push({
          userId: u.id,
          email: null,
          phone: null,
          forAgency: { code: ag.code, name: ag.name, nameEn: ag.nameEn },
        });
    } else if (r.kind === 'citizen') {
      const m = render('vi');
      outbox.push({
        channel: r.channel,
        recipientType: 'citizen',
        recipientId: r.ref,
        address: r.address,
        kind: req.kind,
        locale: 'vi',
        subject: r.channel === 'email' ? m.subject : null,
        bodyText: r.channel === 'email' ? m.text : m.short,
        bodyHtml: r.channel === 'email' ? m.html : null,
        ref: req.ref ?? r.ref,
        batchId,
        dedupeKey: `${req.dedupeKey}:${r.channel}:${addressKey(r.address)}`,
      });
    }
  }

  const ids = [...new Set([...targets.keys(), ...followUps.map((f) => f.userId)])];
  const prefsRows = ids.length
    ? await tx.select().from(notificationPrefs).where(inArray(notificationPrefs.userId, ids))
    : [];
  const prefs = new Map(prefsRows.map((p) => [p.userId, p]));
  const prefsOf = (id: string) => {
    const p = prefs.get(id);
    return p
      ? {
          channels: p.channels as NotifyChannel[],
          emailMode: p.emailMode as 'immediate' | 'daily_digest',
          locale: (p.locale === 'en' ? 'en' : 'vi') as Locale,
          mutedKinds: p.mutedKinds,
        }
      : DEFAULT_PREFS;
  };

  const inApp: (typeof notifications.$inferInsert)[] = [];
  const urgent = !!req.urgent;
  const itemIds = [...(req.itemIds ?? [])];
  const inAppRow = (userId: string, m: RenderedNotice, dedupeKey: string, title = m.subject) => ({
    id: randomUUID(),
    userId,
    kind: req.kind,
    itemType: req.itemType ?? null,
    itemIds,
    title: title.replace(/^\[Kiến Tạo\]\s*/, ''),
    body: m.body,
    link,
    reminderId: req.reminderId ?? null,
    dedupeKey,
  });

  for (const t of targets.values()) {
    const p = prefsOf(t.userId);
    if (!urgent && !isNeverMuted(req.kind) && isMuted(req.kind, p.mutedKinds)) continue;
    const chans = new Set(urgent ? req.channels : req.channels.filter((c) => p.channels.includes(c)));
    const digest = p.emailMode === 'daily_digest' && !urgent;
    const m = render(p.locale);
    if (chans.has('in_app') || (chans.has('email') && digest))
      inApp.push(inAppRow(t.userId, m, `${req.dedupeKey}:u:${t.userId}`));
    const put = (channel: OutboxChannel, address: string | null) => {
      if (!address || !chans.has(channel)) return;
      const email = channel === 'email';
      outbox.push({
        channel,
        recipientType: 'user',
        recipientId: t.userId,
        address,
        kind: req.kind,
        locale: p.locale,
        subject: email ? m.subject : null,
        bodyText: email ? m.text : m.short,
        bodyHtml: email ? m.html : null,
        ref: req.ref ?? null,
        batchId,
        dedupeKey: `${req.dedupeKey}:${channel}:${addressKey(address)}`,
      });
    };
    if (!digest) put('email', t.email);
    put('sms', t.phone);
    put('zalo', t.phone);
  }

  for (const f of followUps) {
    if (targets.has(f.userId)) continue;
    const p = prefsOf(f.userId);
    const m = render(p.locale);
    const who =
      p.locale === 'en'
        ? `On behalf of ${f.forAgency!.nameEn ?? f.forAgency!.name}`
        : `Thay cho ${f.forAgency!.name}`;
    inApp.push(
      inAppRow(
        f.userId,
        m,
        `${req.dedupeKey}:u:${f.userId}:for:${f.forAgency!.code}`,
        `[${who}] ${m.subject.replace(/^\[Kiến Tạo\]\s*/, '')}`,
      ),
    );
  }

  let nNotifications = 0;
  if (inApp.length) {
    const seen = new Set<string>();
    const rows = inApp.filter((r) => !seen.has(r.dedupeKey) && seen.add(r.dedupeKey));
    const out = await tx
      .insert(notifications)
      .values(rows)
      .onConflictDoNothing({ target: notifications.dedupeKey })
      .returning({ id: notifications.id });
    nNotifications = out.length;
  }
  const written = await enqueueOutboxMany(tx, outbox);
  return { notifications: nNotifications, outbox: written.length };
}
