/**
 * Notices to citizens (thông báo cho công dân; issue 7 §3): an applicant hears about their dossier's receipt,
 * a supplement request and the result; a petitioner about their petition's receipt, forwarding, acceptance
 * (thụ lý) and result — ONLY with their consent, ONLY on the channel they chose (SMS, Zalo or e-mail), and
 * with nothing but what the notice needs (templates: ./templates/citizen.ts).
 *
 * Consent is given at intake (`notify: { channel, consent }`) and stored with the case:
 * - dossier: inside the applicant's contact, `dossiers.applicant.notify = { channel, consent, at }`;
 * - petition: in the intake event, `petition_events.data.citizenNotify = { channel, consent, at, signerSeq }`
 *   (the seq of the signer whose contact is used: the representative, else the first signer). The address
 *   itself stays in `party_identities` (the identity store) and is read only to write the outbox row; a
 *   split petition's parts use the consent of the original.
 * The address must exist for the channel and be usable (applicant's / signer's phone for SMS and Zalo — a
 * phone number once spaces, dots and dashes are dropped, sent in its normalised form — e-mail for e-mail):
 * otherwise intake answers 400 naming the field. An anonymous online filing may ask for notices only on the
 * contact it confirmed ({@link requireVerifiedNoticeChannel}).
 *
 * Each notice is ONE outbox row written in the SAME transaction as the command (a refused command sends
 * nothing; a retried one nothing twice: dedupe keys `citizen:<dossier|petition>:<id>:<step>[:<event seq>]:<channel>`),
 * rendered in Vietnamese by the template registry and written with `enqueueOutbox` — the key holds no contact
 * (not even the hash `notify()` puts in its keys). The outbox row's `address` is the
 * citizen's own contact — the only personal data in it. A denouncer's
 * identity never appears in a message (Luật Tố cáo 25/2018/QH14 Art 8 cl.3): the petition templates know only
 * the petition code, the step, its date and the agency.
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows, type Tx } from '../../db/engine.ts';
import { toHcmDate } from '../../kernel/calendar/dates.ts';
import { badRequest } from '../../kernel/errors.ts';
import { noticePublicUrl } from './notify.ts';
import { enqueueOutbox } from './outbox.ts';
import { renderNotice } from './templates.ts';
import type { OutboxChannel } from './types.ts';
import { CITIZEN_KINDS } from './templates/citizen.ts';

export const CITIZEN_CHANNELS = ['sms', 'email', 'zalo'] as const satisfies readonly OutboxChannel[];
export type CitizenChannel = (typeof CITIZEN_CHANNELS)[number];

const msg = (vi: string, en: string) => `${vi} | ${en}`;

/** The intake field `notify`: the channel the citizen chose and whether they agree to notices. */
export const CitizenNotifySchema = z
  .object({
    channel: z.enum(CITIZEN_CHANNELS, {
      error: msg('Kênh nhận thông báo: sms, email hoặc zalo', 'Notice channel: sms, email or zalo'),
    }),
    consent: z.boolean({ error: msg('Cần ghi rõ có đồng ý hay không', 'consent must be true or false') }),
  })
  .strict();
export type CitizenNotifyInput = z.infer<typeof CitizenNotifySchema>;

/** Consent as stored with the case. `at`: ISO instant it was given (the intake). */
export interface CitizenConsent extends CitizenNotifyInput {
  at: string;
}

/** The stored form of an intake's `notify` (or undefined when none was given). */
export function consentRecord(
  n: CitizenNotifyInput | null | undefined,
  at: Date,
): CitizenConsent | undefined {
  return n ? { channel: n.channel, consent: n.consent, at: at.toISOString() } : undefined;
}

/**
 * A citizen's phone number as an SMS / Zalo address, or null when it is not a usable phone number.
 * Spaces, dots and dashes are dropped; what is left must be
 * - a Vietnamese number: `0` + 9–10 digits, or `+84` / `84` + 9–10 digits — returned in the national form
 *   `0…` (the form the online filing's verified contact has: `+84 905 111 222` → `0905111222`);
 * - another international number: `+` and 8–15 digits (E.164; not `+84…`) — returned as `+…`.
 * `0-----`, `0`, a `+84` number of the wrong length → null.
 */
export function citizenPhone(p: string | null | undefined): string | null {
  const s = (p ?? '').trim().replace(/[\s.-]/g, '');
  if (/^0\d{9,10}$/.test(s)) return s;
  const vn = /^\+?84(\d{9,10})$/.exec(s);
  if (vn) return `0${vn[1]}`;
  if (/^\+84/.test(s)) return null;
  return /^\+[1-9]\d{7,14}$/.test(s) ? s : null;
}

/**
 * With consent, the address for the chosen channel must exist and be usable — the applicant's / signer's
 * phone for SMS and Zalo (a phone number by {@link citizenPhone}), the e-mail for e-mail:
 * 400 `notify_address_missing` (none given) or `notify_address_invalid` (a phone that is no phone number,
 * e.g. `0-----`) with the path of the field (`paths.phone` for SMS / Zalo, `paths.email` for e-mail).
 * Without consent nothing is required (nothing will be sent). The notices go to the normalised number.
 */
export function requireCitizenAddress(
  n: CitizenNotifyInput | null | undefined,
  contact: { phone?: string | null; email?: string | null } | null | undefined,
  paths: { phone: string; email: string },
): void {
  if (!n?.consent) return;
  const email = n.channel === 'email';
  const name = n.channel === 'sms' ? 'SMS' : 'Zalo';
  const have = email ? contact?.email?.trim() : contact?.phone?.trim();
  if (!have)
    throw badRequest(
      'notify_address_missing',
      email
        ? 'Đã chọn nhận thông báo qua thư điện tử nhưng chưa có địa chỉ thư điện tử.'
        : `Đã chọn nhận thông báo qua ${name} nhưng chưa có số điện thoại.`,
      email
        ? 'E-mail notices were chosen but no e-mail address was given.'
        : `${name} notices were chosen but no phone number was given.`,
      email ? paths.email : paths.phone,
    );
  if (!email && !citizenPhone(have))
    throw badRequest(
      'notify_address_invalid',
      `Đã chọn nhận thông báo qua ${name} nhưng số điện thoại không hợp lệ (ví dụ 0905 123 456 hoặc +84 905 123 456).`,
      `${name} notices were chosen but the phone number is not valid (e.g. 0905 123 456 or +84 905 123 456).`,
      paths.phone,
    );
}

/**
 * An anonymous online filing (POST /api/public/dossiers): the citizen proved only the contact they confirmed
 * (`verified`: `phone` or `email`, already checked to be the applicant's own), so notices may go only there —
 * SMS / Zalo with a confirmed phone, e-mail with a confirmed e-mail. Asking with consent for another channel
 * (e.g. a confirmed phone and `notify: { channel: 'email' }` to an unconfirmed, maybe someone else's,
 * address) → 400 `notify_address_unverified` at `path` (default `applicant.notify.channel`). Staff intake
 * at the counter does not call this (the officer sees the citizen).
 */
export function requireVerifiedNoticeChannel(
  n: CitizenNotifyInput | null | undefined,
  verified: 'phone' | 'email',
  path = 'applicant.notify.channel',
): void {
  if (!n?.consent) return;
  if ((n.channel === 'email') === (verified === 'email')) return;
  throw badRequest(
    'notify_address_unverified',
    verified === 'phone'
      ? 'Chỉ có thể nhận thông báo qua số điện thoại đã xác thực (SMS hoặc Zalo).'
      : 'Chỉ có thể nhận thông báo qua địa chỉ thư điện tử đã xác thực (email).',
    verified === 'phone'
      ? 'Notices can go only to the confirmed phone number (sms or zalo).'
      : 'Notices can go only to the confirmed e-mail address (email).',
    path,
  );
}

const dateOf = (d: Date | string | null | undefined) => (d ? toHcmDate(new Date(d)) : null);
/** The day of a deadline instant: one ending at 24:00 (stored as the next day's 00:00) is that day. */
const deadlineDateOf = (d: Date | string | null | undefined) =>
  d ? toHcmDate(new Date(new Date(d).getTime() - 1)) : null;

/** Writes one citizen message (Vietnamese; SMS / Zalo: the short text; e-mail: subject, text, HTML). */
async function sendCitizen(
  tx: Tx,
  m: {
    kind: string;
    data: Record<string, unknown>;
    channel: CitizenChannel;
    address: string;
    recipientId: string;
    ref: string;
    dedupeKey: string;
  },
): Promise<boolean> {
  const r = renderNotice(m.kind, m.data, { locale: 'vi', publicUrl: noticePublicUrl(), link: null });
  const email = m.channel === 'email';
  const id = await enqueueOutbox(tx, {
    channel: m.channel,
    recipientType: 'citizen',
    recipientId: m.recipientId,
    address: m.address,
    kind: m.kind,
    locale: 'vi',
    subject: email ? r.subject : null,
    bodyText: email ? r.text : r.short,
    bodyHtml: email ? r.html : null,
    ref: m.ref,
    dedupeKey: `${m.dedupeKey}:${m.channel}`,
  });
  return id !== null;
}

// ───────────────────────── dossiers ─────────────────────────

export type DossierNoticeStep = 'received' | 'supplement_requested' | 'result_ready';

/** What a dossier notice reads from the dossier row (structural: no import of the dossiers module). */
export interface DossierForNotice {
  id: string;
  code: string;
  procedureName: string;
  receivingBodyCode: string;
  returnMethod: string;
  receivedAt: Date;
  appointmentAt: Date | null;
  applicant: unknown;
}

/**
 * Sends a dossier notice to the applicant when they consented (`applicant.notify.consent`), in the
 * caller's transaction: `received` (ND 61/2018 Art 17: code, procedure, receipt date, appointment, body),
 * `supplement_requested` (Art 19 cl.4: code, procedure, request date, body), `result_ready` (Art 20: how and
 * where to collect). `seq`: the event's sequence (a dossier may be asked twice for a supplement).
 * `bodyName`: the receiving body's name when the caller has it (else read). Returns whether a row was written.
 */
export async function noticeDossierCitizen(
  tx: Tx,
  d: DossierForNotice,
  step: DossierNoticeStep,
  opts: { at: Date; seq?: number; bodyName?: string },
): Promise<boolean> {
  const a = (d.applicant ?? {}) as { phone?: string; email?: string | null; notify?: CitizenConsent };
  const n = a.notify;
  if (!n?.consent) return false;
  const address = n.channel === 'email' ? a.email?.trim() : citizenPhone(a.phone);
  if (!address) return false;
  let bodyName = opts.bodyName;
  if (!bodyName) {
    const [b] = await queryRows<{ name: string }>(
      tx,
      sql`SELECT name FROM receiving_bodies WHERE agency_code = ${d.receivingBodyCode}`,
    );
    bodyName = b?.name ?? d.receivingBodyCode;
  }
  const kind =
    step === 'received'
      ? CITIZEN_KINDS.dossierReceived
      : step === 'supplement_requested'
        ? CITIZEN_KINDS.dossierSupplement
        : CITIZEN_KINDS.dossierResult;
  return sendCitizen(tx, {
    kind,
    data: {
      code: d.code,
      procedureName: d.procedureName,
      receivedDate: dateOf(d.receivedAt),
      appointmentDate: deadlineDateOf(d.appointmentAt),
      requestedDate: dateOf(opts.at),
      bodyName,
      returnMethod: d.returnMethod,
    },
    channel: n.channel,
    address,
    recipientId: d.id,
    ref: `dossier:${d.code}`,
    dedupeKey: `citizen:dossier:${d.id}:${step}${step === 'received' ? '' : `:${opts.seq ?? 0}`}`,
  });
}

// ───────────────────────── petitions ─────────────────────────

export type PetitionNoticeStep = 'received' | 'forwarded' | 'accepted' | 'result';

/** The stored consent of a petition's intake event (`citizenNotify`) for the given signers. */
export function petitionConsentRecord(
  n: CitizenNotifyInput | null | undefined,
  at: Date,
  representativeIndex: number | null | undefined,
): (CitizenConsent & { signerSeq: number }) | undefined {
  const c = consentRecord(n, at);
  return c ? { ...c, signerSeq: (representativeIndex ?? 0) + 1 } : undefined;
}

/** The index of the signer whose contact a petition's notices use: the representative, else the first. */
export const contactSignerIndex = (representativeIndex: number | null | undefined) =>
  representativeIndex ?? 0;

/** What a petition notice reads from the petition row (structural). */
export interface PetitionForNotice {
  id: string;
  code: string;
  parentId: string | null;
  agencyCode: string;
  handlingAgencyCode: string | null;
}

/**
 * Sends a petition notice to the petitioner when they consented, in the caller's transaction: the step
 * (`received` — the register's agency; `forwarded` — the agency it was forwarded to; `accepted` (thụ lý) and
 * `result` — the agency handling it), the date of the step (Asia/Ho_Chi_Minh) and the petition code. Never a
 * name, ID number, address, the person denounced or the content (Luật Tố cáo 2018 Art 8 cl.3). The consent is
 * read from the intake event (a split part: from its original's); the address from the signer's identity row.
 * Returns whether a row was written.
 */
export async function noticePetitionCitizen(
  tx: Tx,
  p: PetitionForNotice,
  step: PetitionNoticeStep,
  opts: { at: Date; seq?: number },
): Promise<boolean> {
  const ids = p.parentId ? [p.id, p.parentId] : [p.id];
  const rows = await queryRows<{ petition_id: string; n: CitizenConsent & { signerSeq: number } }>(
    tx,
    sql`SELECT petition_id, data->'citizenNotify' AS n FROM petition_events
        WHERE petition_id IN (${sql.join(
          ids.map((i) => sql`${i}::uuid`),
          sql`, `,
        )}) AND seq = 1 AND type = 'receive' AND data ? 'citizenNotify'`,
  );
  const row = rows.find((r) => r.petition_id === p.id) ?? rows[0];
  const raw = row?.n as unknown;
  const n = (typeof raw === 'string' ? JSON.parse(raw) : raw) as
    (CitizenConsent & { signerSeq: number }) | undefined;
  if (!n?.consent) return false;
  const agencyCode = step === 'received' ? p.agencyCode : (p.handlingAgencyCode ?? p.agencyCode);
  // the address: the consenting signer's own contact (the identity store; system use for this notice only)
  const [who] = await queryRows<{ phone: string | null; email: string | null; name: string | null }>(
    tx,
    sql`SELECT i.phone, i.email, a.name FROM (SELECT 1) one
        LEFT JOIN party_identities i ON i.subject_type = 'petition' AND i.subject_id = ${p.id}::uuid
          AND i.seq = ${n.signerSeq ?? 1}
        LEFT JOIN agencies a ON a.code = ${agencyCode}`,
  );
  const address = n.channel === 'email' ? who?.email?.trim() : citizenPhone(who?.phone);
  if (!address) return false;
  const kind = {
    received: CITIZEN_KINDS.petitionReceived,
    forwarded: CITIZEN_KINDS.petitionForwarded,
    accepted: CITIZEN_KINDS.petitionAccepted,
    result: CITIZEN_KINDS.petitionResult,
  }[step];
  return sendCitizen(tx, {
    kind,
    data: { code: p.code, date: toHcmDate(opts.at), agencyName: who?.name ?? agencyCode },
    channel: n.channel,
    address,
    recipientId: p.id,
    ref: `petition:${p.code}`,
    dedupeKey: `citizen:petition:${p.id}:${step}${step === 'received' ? '' : `:${opts.seq ?? 0}`}`,
  });
}

const PETITION_ACTION_NOTICE: Readonly<Record<string, PetitionNoticeStep>> = {
  forward: 'forwarded',
  accept: 'accepted',
  record_result: 'result',
};

const DOSSIER_ACTION_NOTICE: Readonly<Record<string, DossierNoticeStep>> = {
  accept: 'received',
  request_supplement: 'supplement_requested',
  result_ready: 'result_ready',
};

/** The citizen notice of a petition action, if any (`forward`, `accept`, `record_result`). */
export const petitionActionNotice = (action: string): PetitionNoticeStep | null =>
  Object.hasOwn(PETITION_ACTION_NOTICE, action) ? PETITION_ACTION_NOTICE[action]! : null;

/** The citizen notice of a dossier action, if any (`accept` of an online filing, supplement, result). */
export const dossierActionNotice = (action: string): DossierNoticeStep | null =>
  Object.hasOwn(DOSSIER_ACTION_NOTICE, action) ? DOSSIER_ACTION_NOTICE[action]! : null;
