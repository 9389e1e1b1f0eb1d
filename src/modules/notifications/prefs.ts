/**
 * Per-user notification preferences (cài đặt thông báo; issue 7 §6): which channels a staff user receives
 * notices on, e-mail one by one or as one daily digest, the language of messages, and the kinds turned off.
 * A user without a `notification_prefs` row has the defaults (in-app + e-mail, immediate, Vietnamese,
 * nothing muted). Escalations (`*.escalation`) and the apology's last day cannot be muted, not even through a
 * muted prefix (`reminder.task`) — `notify()` also ignores muting and the digest for `urgent` notices.
 *
 * Citizens' notices do not use these preferences: a citizen's channel and consent are stored with the
 * dossier / petition (src/modules/notifications/citizen.ts).
 */
import { eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/engine.ts';
import { notificationPrefs, users } from '../../db/schema.ts';
import { AppError, badRequest } from '../../kernel/errors.ts';
import { NOTIFY_CHANNELS, type Locale, type NotifyChannel } from './types.ts';

export const EMAIL_MODES = ['immediate', 'daily_digest'] as const;
export type EmailMode = (typeof EMAIL_MODES)[number];
export const LOCALES = ['vi', 'en'] as const;

export interface NoticeKindInfo {
  kind: string;
  label: { vi: string; en: string };
  /** false: escalations and statutory notices, which a user cannot turn off */
  mutable: boolean;
}

const ITEM_LABEL = {
  task: { vi: 'Nhiệm vụ', en: 'Task' },
  dossier: { vi: 'Hồ sơ', en: 'Dossier' },
  petition: { vi: 'Đơn thư', en: 'Petition' },
} as const;

const STEP_LABEL: Record<string, { vi: string; en: string }> = {
  receipt: { vi: 'chưa tiếp nhận', en: 'awaiting receipt' },
  before_due: { vi: 'sắp đến hạn', en: 'due soon' },
  on_due: { vi: 'đến hạn hôm nay', en: 'due today' },
  overdue: { vi: 'quá hạn', en: 'overdue' },
  escalation: { vi: 'báo cáo vượt cấp khi quá hạn kéo dài', en: 'escalation when long overdue' },
  apology_warning: { vi: 'sắp phải gửi văn bản xin lỗi', en: 'apology letter due soon' },
  apology_due: {
    vi: 'hạn cuối gửi văn bản xin lỗi (NĐ 61/2018 Điều 19 khoản 9)',
    en: 'last day for the apology letter (Decree 61/2018 Art 19 cl.9)',
  },
  supplement_clock: { vi: 'thời hạn bổ sung hồ sơ', en: 'supplement clock' },
};

/** Steps of each item type's reminders (src/modules/notifications/reminders/rules.ts). */
const STEPS_OF: Record<keyof typeof ITEM_LABEL, readonly string[]> = {
  task: ['receipt', 'before_due', 'on_due', 'overdue', 'escalation'],
  dossier: [
    'before_due',
    'on_due',
    'overdue',
    'escalation',
    'apology_warning',
    'apology_due',
    'supplement_clock',
  ],
  petition: ['before_due', 'on_due', 'overdue', 'escalation'],
};

/**
 * Steps a user cannot turn off: escalations (sent `urgent`), and the last day of a dossier's apology —
 * the apology must reach the applicant at least one day before the deadline (ND 61/2018/NĐ-CP Art 19 cl.9).
 */
const NOT_MUTABLE_STEPS = new Set(['escalation', 'apology_due']);

/**
 * The staff notice kinds a user sees in their preferences: the reminders `reminder.<itemType>.<step>`
 * (templates in src/modules/notifications/templates/staff.ts). Citizen kinds (`citizen.*`) are not listed:
 * they never go to staff.
 */
export const STAFF_NOTICE_KINDS: readonly NoticeKindInfo[] = (
  Object.keys(STEPS_OF) as (keyof typeof ITEM_LABEL)[]
).flatMap((itemType) =>
  STEPS_OF[itemType].map((step) => ({
    kind: `reminder.${itemType}.${step}`,
    label: {
      vi: `${ITEM_LABEL[itemType].vi}: ${STEP_LABEL[step]!.vi}`,
      en: `${ITEM_LABEL[itemType].en}: ${STEP_LABEL[step]!.en}`,
    },
    mutable: !NOT_MUTABLE_STEPS.has(step),
  })),
);

/**
 * Whether a notice kind is never muted, whatever the user's `mutedKinds` (an exact entry or a prefix):
 * its last part is a step nobody may turn off (`*.escalation`, `*.apology_due`). `notify()` checks this.
 */
export const isNeverMuted = (kind: string) => NOT_MUTABLE_STEPS.has(kind.slice(kind.lastIndexOf('.') + 1));

/** Whether a kind can be muted: listed as mutable; anything named `*.escalation` never. */
export const isMutable = (kind: string) =>
  !isNeverMuted(kind) && !!STAFF_NOTICE_KINDS.find((k) => k.kind === kind)?.mutable;

/**
 * The mutable kinds an entry of `mutedKinds` turns off: the kind itself, or — for a prefix ending before a
 * dot (`reminder`, `reminder.task`) — every mutable kind below it (escalations and the apology's last day
 * stay on). Empty: the entry names no kind, or only kinds that cannot be muted.
 */
export const mutedBy = (entry: string) =>
  STAFF_NOTICE_KINDS.filter((k) => k.mutable && (k.kind === entry || k.kind.startsWith(`${entry}.`)));

export interface Prefs {
  channels: NotifyChannel[];
  emailMode: EmailMode;
  locale: Locale;
  mutedKinds: string[];
}

export const DEFAULT_PREFS: Prefs = {
  channels: ['in_app', 'email'],
  emailMode: 'immediate',
  locale: 'vi',
  mutedKinds: [],
};

/** The preferences answer: the settings, what may be chosen, and the user's own addresses. */
export interface PrefsView extends Prefs {
  available: { channels: NotifyChannel[]; kinds: NoticeKindInfo[] };
  email: string | null;
  phone: string | null;
}

const order = <T extends string>(all: readonly T[], xs: readonly string[]) =>
  all.filter((c) => xs.includes(c));

/** A user's effective preferences (defaults when no row) and addresses. 404 never: the caller is the user. */
export async function getPrefs(tx: Tx, userId: string): Promise<PrefsView> {
  const [u] = await tx
    .select({ email: users.email, phone: users.phone })
    .from(users)
    .where(eq(users.id, userId));
  const [r] = await tx.select().from(notificationPrefs).where(eq(notificationPrefs.userId, userId));
  const prefs: Prefs = r
    ? {
        channels: order(NOTIFY_CHANNELS, r.channels),
        emailMode: (EMAIL_MODES as readonly string[]).includes(r.emailMode)
          ? (r.emailMode as EmailMode)
          : 'immediate',
        locale: r.locale === 'en' ? 'en' : 'vi',
        mutedKinds: [...r.mutedKinds],
      }
    : { ...DEFAULT_PREFS, channels: [...DEFAULT_PREFS.channels] };
  return {
    ...prefs,
    available: { channels: [...NOTIFY_CHANNELS], kinds: STAFF_NOTICE_KINDS.map((k) => ({ ...k })) },
    email: u?.email ?? null,
    phone: u?.phone ?? null,
  };
}

export interface PrefsPatch {
  channels?: string[];
  emailMode?: EmailMode;
  locale?: Locale;
  mutedKinds?: string[];
}

/**
 * Changes a user's preferences (only the fields given). Errors (400, vi/en, path):
 * - `unknown_channel` (`channels.<i>`), `in_app_required` (`channels`: the bell cannot be turned off —
 *   the daily digest and escalations rely on it), `no_address` (`channels.<i>`: ADDING e-mail without an
 *   e-mail address, SMS / Zalo without a phone number on the user's account). Saving the current set again
 *   (a channel already on is kept as is) or the default set `in_app` + `email` is always accepted; `notify()`
 *   writes nothing on a channel the user has no address for;
 * - `mutedKinds`: each entry a kind (`reminder.task.before_due`) or a prefix of kinds ending before a dot
 *   (`reminder.task`, `reminder`), which mutes the mutable kinds below it — escalations and the dossier
 *   apology's last day stay on whatever is muted. `unknown_kind` (`mutedKinds.<i>`: neither a kind nor a
 *   prefix of one), `not_mutable` (only kinds that cannot be turned off: `reminder.task.escalation`).
 * Turning the daily digest on sets `digest_since` = now: notices from then on go into the digest (those
 * before were e-mailed one by one).
 */
export async function putPrefs(tx: Tx, userId: string, patch: PrefsPatch): Promise<PrefsView> {
  const cur = await getPrefs(tx, userId);
  if (patch.channels) {
    // the default set (in-app + e-mail) may always be saved back, with or without an e-mail address
    const isDefault =
      patch.channels.length === DEFAULT_PREFS.channels.length &&
      DEFAULT_PREFS.channels.every((c) => patch.channels!.includes(c));
    patch.channels.forEach((c, i) => {
      if (!(NOTIFY_CHANNELS as readonly string[]).includes(c))
        throw badRequest(
          'unknown_channel',
          `Kênh "${c}" không tồn tại (in_app, email, sms, zalo).`,
          `Unknown channel "${c}" (in_app, email, sms, zalo).`,
          `channels.${i}`,
        );
      const added = !cur.channels.includes(c as NotifyChannel) && !isDefault;
      if (added && c === 'email' && !cur.email)
        throw badRequest(
          'no_address',
          'Tài khoản chưa có địa chỉ thư điện tử: không thể nhận thông báo qua e-mail.',
          'Your account has no e-mail address: e-mail notices are not possible.',
          `channels.${i}`,
        );
      if (added && (c === 'sms' || c === 'zalo') && !cur.phone)
        throw badRequest(
          'no_address',
          'Tài khoản chưa có số điện thoại: không thể nhận thông báo qua SMS/Zalo.',
          'Your account has no phone number: SMS / Zalo notices are not possible.',
          `channels.${i}`,
        );
    });
    if (!patch.channels.includes('in_app'))
      throw badRequest(
        'in_app_required',
        'Không thể tắt thông báo trong hệ thống (chuông): bản tổng hợp hằng ngày và thông báo báo cáo lãnh đạo dựa vào đó.',
        'In-app notices (the bell) cannot be turned off: the daily digest and escalations rely on them.',
        'channels',
      );
  }
  if (patch.mutedKinds) {
    patch.mutedKinds.forEach((k, i) => {
      const info = STAFF_NOTICE_KINDS.find((x) => x.kind === k);
      const below = STAFF_NOTICE_KINDS.some((x) => x.kind.startsWith(`${k}.`));
      if (!info && !below)
        throw badRequest(
          'unknown_kind',
          `Loại thông báo "${k}" không tồn tại.`,
          `Unknown notice kind "${k}".`,
          `mutedKinds.${i}`,
        );
      if (!mutedBy(k).length)
        throw new AppError(
          400,
          'not_mutable',
          `Không thể tắt loại thông báo "${info?.label.vi ?? k}" (báo cáo lãnh đạo, thời hạn luật định).`,
          `"${info?.label.en ?? k}" cannot be turned off (escalations and statutory time limits).`,
          `mutedKinds.${i}`,
        );
    });
  }
  const next: Prefs = {
    channels: patch.channels ? order(NOTIFY_CHANNELS, patch.channels) : cur.channels,
    emailMode: patch.emailMode ?? cur.emailMode,
    locale: patch.locale ?? cur.locale,
    mutedKinds: patch.mutedKinds ? [...new Set(patch.mutedKinds)].sort() : cur.mutedKinds,
  };
  const digestOn = next.emailMode === 'daily_digest' && cur.emailMode !== 'daily_digest';
  await tx
    .insert(notificationPrefs)
    .values({
      userId,
      ...next,
      digestSince: digestOn ? sql`now()` : null,
      updatedAt: sql`now()`,
    })
    .onConflictDoUpdate({
      target: notificationPrefs.userId,
      set: {
        ...next,
        ...(digestOn ? { digestSince: sql`now()` } : {}),
        updatedAt: sql`now()`,
      },
    });
  return getPrefs(tx, userId);
}
