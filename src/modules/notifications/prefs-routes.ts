/**
 * The signed-in user's own notification preferences (issue 7 §6; src/modules/notifications/prefs.ts).
 * Nobody reads or changes another user's preferences through these routes (the user is the session's).
 *
 * - `GET /api/me/notification-preferences` → `{ channels, emailMode: 'immediate'|'daily_digest',
 *   locale: 'vi'|'en', mutedKinds, available: { channels, kinds: [{ kind, label: { vi, en }, mutable }] },
 *   email, phone }` (defaults when never saved: in-app + e-mail, immediate, vi, nothing muted).
 * - `PUT /api/me/notification-preferences` `{ channels?, emailMode?, locale?, mutedKinds? }` → the same
 *   shape. `mutedKinds` entries: a kind or a prefix of kinds (`reminder.task` mutes the mutable
 *   `reminder.task.*`). 400 (vi/en, path): `unknown_channel`, `in_app_required`, `no_address`
 *   (`channels.<i>`: only a channel ADDED without an address; the current or the default set can always be
 *   saved again), `unknown_kind`, `not_mutable` (`mutedKinds.<i>`: escalations and statutory notices), and
 *   schema errors (unknown field, bad emailMode / locale).
 */
import { z } from 'zod';
import type { App, ServerContext } from '../../server/context.ts';
import { requireUser } from '../../kernel/auth/http.ts';
import { EMAIL_MODES, getPrefs, LOCALES, putPrefs } from './prefs.ts';

const msg = (vi: string, en: string) => `${vi} | ${en}`;

const Bilingual = z.object({ vi: z.string(), en: z.string() });

export const PrefsResponse = z.object({
  channels: z.array(z.string()),
  emailMode: z.enum(EMAIL_MODES),
  locale: z.enum(LOCALES),
  mutedKinds: z.array(z.string()),
  available: z.object({
    channels: z.array(z.string()),
    kinds: z.array(z.object({ kind: z.string(), label: Bilingual, mutable: z.boolean() })),
  }),
  email: z.string().nullable(),
  phone: z.string().nullable(),
});

const PrefsBody = z
  .object({
    channels: z.array(z.string().max(20)).max(10).optional(),
    emailMode: z
      .enum(EMAIL_MODES, {
        error: msg('Chế độ e-mail: immediate hoặc daily_digest', 'emailMode: immediate or daily_digest'),
      })
      .optional(),
    locale: z.enum(LOCALES, { error: msg('Ngôn ngữ: vi hoặc en', 'locale: vi or en') }).optional(),
    mutedKinds: z.array(z.string().max(100)).max(100).optional(),
  })
  .strict();

export async function notificationPrefsRoutes(app: App, { database }: ServerContext) {
  const db = database.db;

  app.get(
    '/api/me/notification-preferences',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Cài đặt thông báo của tôi / My notification preferences',
        response: { 200: PrefsResponse },
      },
    },
    async (req) => getPrefs(db, requireUser(req).id),
  );

  app.put(
    '/api/me/notification-preferences',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Đổi cài đặt thông báo / Change my notification preferences',
        body: PrefsBody,
        response: { 200: PrefsResponse },
      },
    },
    async (req) => {
      const p = requireUser(req);
      return db.transaction((tx) => putPrefs(tx, p.id, req.body));
    },
  );
}
