/**
 * The daily digest (thư tổng hợp hằng ngày; issue 7 §4): staff who chose `emailMode = 'daily_digest'` get ONE
 * e-mail a working day listing their in-app notices instead of one e-mail per notice (`notify()` writes no
 * immediate e-mail for them, except urgent notices — escalations).
 *
 * Schedule: queue job `notifications.digest`, cron 16:30 every day Asia/Ho_Chi_Minh; on a day the calendar
 * module says is not a working day (weekend, Tết, a compensatory day) the job does nothing and the notices
 * wait for the next working day's digest. Registered in src/server/workers.ts (`registerDigestWorkers`).
 *
 * Window — every notice goes into exactly one digest, none is lost:
 * - a notice is digested once: `notifications.digested_at` is set in the same transaction that writes the
 *   digest's outbox row, and only notices with `digested_at IS NULL` are picked;
 * - the window starts at `notification_prefs.digest_since` (set when the user turned the digest on: earlier
 *   notices were e-mailed one by one) and ends at the run; after each digest `digest_since` moves forward to
 *   one day before the run, never past a notice not yet digested — so a notice whose transaction committed
 *   late (created before the run, visible after it) goes into the NEXT digest, and the scan stays a short
 *   index range (`notifications_user_idx`) even for a user with 100,000 notices;
 * - one e-mail per user and date (outbox dedupe key `digest:<userId>:<date>`): a second run the same day
 *   writes nothing and marks nothing — notices arrived since wait for the next day;
 * - notices already e-mailed immediately (urgent ones: an outbox e-mail row with the notice's key exists)
 *   are marked digested but not listed again;
 * - a user who turns the digest off keeps the notices not yet digested in the bell (not e-mailed).
 * Recipients: active users with an e-mail address, `daily_digest`, and e-mail among their channels. The
 * language is the user's preference (vi/en); the e-mail lists at most {@link DIGEST_MAX_LISTED} notices and
 * the count of the rest, with a link to the bell.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Database, type Db, type Tx } from '../../db/engine.ts';
import { isWorkingDay, toHcmDate, type CalendarSnapshot } from '../../kernel/calendar/index.ts';
import type { CalendarService } from '../../kernel/calendar/service.ts';
import type { Queue } from '../../kernel/queue/types.ts';
import { addressKey, noticePublicUrl } from './notify.ts';
import { enqueueOutbox } from './outbox.ts';
import { renderNotice } from './templates.ts';
import { DIGEST_KIND, type DigestData } from './templates/digest.ts';

export const DIGEST_QUEUE = 'notifications.digest';
/** 16:30 every day, Asia/Ho_Chi_Minh; the job skips non-working days (calendar module). */
export const DIGEST_CRON = '30 16 * * *';
/** notices listed in one e-mail (the rest are counted, and stay in the bell) */
export const DIGEST_MAX_LISTED = 100;
/** how far `digest_since` stays behind a run: a notice committed later than this after its creation is missed */
const LATE_COMMIT_GRACE = "interval '1 day'";

export interface DigestResult {
  date: string;
  /** 'non_working_day' when the calendar says the date is not a working day (nothing done) */
  skipped?: 'non_working_day';
  /** users in digest mode with an address */
  users: number;
  /** e-mails written */
  emails: number;
  /** notices listed in them */
  notices: number;
}

interface Candidate {
  user_id: string;
  email: string;
  display_name: string;
  locale: string;
}

interface Pending {
  id: string;
  title: string;
  body: string;
  link: string | null;
  created: string;
  emailed: boolean;
}

/**
 * Writes the digest e-mails of `date` (YYYY-MM-DD, Asia/Ho_Chi_Minh): for each user in digest mode, the
 * notices not yet digested since their `digest_since` → one outbox e-mail (dedupe `digest:<userId>:<date>`)
 * and the notices marked digested, in one transaction per user. Idempotent per user and date.
 * @param opts.cal when given, a non-working `date` is skipped (the scheduled job passes it)
 * @param opts.publicUrl base of the links (default: the notify configuration)
 */
export async function runDigest(
  db: Db,
  date: string,
  opts: { cal?: CalendarSnapshot; publicUrl?: string } = {},
): Promise<DigestResult> {
  if (opts.cal && !isWorkingDay(opts.cal, date))
    return { date, skipped: 'non_working_day', users: 0, emails: 0, notices: 0 };
  const publicUrl = opts.publicUrl ?? noticePublicUrl();
  const users = await queryRows<Candidate>(
    db,
    sql`SELECT p.user_id, u.email, u.display_name, p.locale
        FROM notification_prefs p JOIN users u ON u.id = p.user_id
        WHERE p.email_mode = 'daily_digest' AND 'email' = ANY(p.channels)
          AND NOT u.disabled AND coalesce(u.email, '') <> ''
        ORDER BY p.user_id`,
  );
  const out: DigestResult = { date, users: users.length, emails: 0, notices: 0 };
  for (const u of users) {
    const n = await db.transaction((tx) => digestOne(tx, u, date, publicUrl));
    if (n > 0) {
      out.emails++;
      out.notices += n;
    }
  }
  return out;
}

/** One user's digest; returns the number of notices listed (0: no e-mail written). */
async function digestOne(tx: Tx, u: Candidate, date: string, publicUrl: string): Promise<number> {
  // lock the user's preferences: two runs at once serialise per user
  const [p] = await queryRows<{ since: string | null; mode: string }>(
    tx,
    sql`SELECT digest_since::text AS since, email_mode AS mode FROM notification_prefs
        WHERE user_id = ${u.user_id} FOR UPDATE`,
  );
  if (!p || p.mode !== 'daily_digest') return 0;
  const dedupeKey = `digest:${u.user_id}:${date}`;
  const [done] = await queryRows<{ one: number }>(
    tx,
    sql`SELECT 1 AS one FROM outbox_messages WHERE dedupe_key = ${dedupeKey}`,
  );
  if (done) return 0;
  const pending = await queryRows<Pending>(
    tx,
    sql`SELECT n.id, n.title, n.body, n.link,
          to_char(n.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created,
          EXISTS (SELECT 1 FROM outbox_messages o
                  WHERE right(n.dedupe_key, length(${`:u:${u.user_id}`})) = ${`:u:${u.user_id}`}
                    AND o.dedupe_key = left(n.dedupe_key, length(n.dedupe_key) - length(${`:u:${u.user_id}`}))
                      || ${`:email:${addressKey(u.email)}`}) AS emailed
        FROM notifications n
        WHERE n.user_id = ${u.user_id} AND n.digested_at IS NULL
          ${p.since ? sql`AND n.created_at >= ${p.since}::timestamptz` : sql``}
        ORDER BY n.created_at, n.id`,
  );
  if (!pending.length) {
    await moveWindow(tx, u.user_id);
    return 0;
  }
  const listed = pending.filter((x) => !x.emailed);
  if (listed.length) {
    const data: DigestData = {
      date,
      recipientName: u.display_name,
      count: listed.length,
      items: listed.slice(0, DIGEST_MAX_LISTED).map((x) => ({
        title: x.title,
        body: x.body,
        link: x.link,
        createdAt: x.created,
      })),
    };
    const locale = u.locale === 'en' ? 'en' : 'vi';
    const m = renderNotice(DIGEST_KIND, data as unknown as Record<string, unknown>, {
      locale,
      publicUrl,
      link: '/notifications',
    });
    const id = await enqueueOutbox(tx, {
      channel: 'email',
      recipientType: 'user',
      recipientId: u.user_id,
      address: u.email,
      kind: DIGEST_KIND,
      locale,
      subject: m.subject,
      bodyText: m.text,
      bodyHtml: m.html,
      ref: `digest:${date}`,
      dedupeKey,
    });
    if (!id) return 0;
  }
  const ids = pending.map((x) => x.id);
  await tx.execute(sql`UPDATE notifications SET digested_at = now()
      WHERE id IN (${sql.join(
        ids.map((i) => sql`${i}::uuid`),
        sql`, `,
      )})`);
  await moveWindow(tx, u.user_id);
  return listed.length;
}

/** Moves the window's start forward to one day before now (grace for late commits), never backwards. */
async function moveWindow(tx: Tx, userId: string): Promise<void> {
  await tx.execute(sql`UPDATE notification_prefs
      SET digest_since = greatest(coalesce(digest_since, now() - ${sql.raw(LATE_COMMIT_GRACE)}),
                                  now() - ${sql.raw(LATE_COMMIT_GRACE)})
      WHERE user_id = ${userId}`);
}

/**
 * Registers the digest job (src/server/workers.ts): queue `notifications.digest`, its worker and the cron
 * 16:30 Asia/Ho_Chi_Minh. The job's date is `data.date` or today (Asia/Ho_Chi_Minh); a non-working day
 * (calendar module) is skipped. Idempotent: a retried or repeated job writes no second e-mail.
 */
export async function registerDigestWorkers(sctx: {
  database: Database;
  calendar: CalendarService;
  queue: Queue;
}): Promise<void> {
  const { queue, database, calendar } = sctx;
  await queue.define({ name: DIGEST_QUEUE, retryLimit: 5, retryDelaySeconds: 60, expireInSeconds: 30 * 60 });
  await queue.work<{ date?: string }>(DIGEST_QUEUE, async (job) => {
    const date = job.data?.date ?? toHcmDate(new Date());
    await runDigest(database.db, date, { cal: await calendar.current() });
  });
  await queue.schedule(DIGEST_QUEUE, DIGEST_CRON, {}, { tz: 'Asia/Ho_Chi_Minh' });
}
