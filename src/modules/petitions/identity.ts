/**
 * Signers' and visitors' identities, kept apart from the case (`party_identities`), and the only way to
 * read a confidential one (REFERENCE §4 "Denouncer confidentiality"; Luật Tố cáo 25/2018/QH14 Art 8 cl.3,
 * Art 9 cl.1b, Art 47 cl.2, Art 56).
 *
 * - A petition's identities are confidential when it is a denunciation (or a mixed petition not yet split,
 *   or a split child of a petition with a denunciation part): `party_identities.confidential = true`.
 * - Every list, detail and export shows `redactSigners()` (confidential: no name, nothing identifying) and
 *   `redactText()` (the signers' name, ID number, phone, address and e-mail cut out of the content).
 * - `readIdentities()` returns a confidential identity only to a user holding a live grant on that petition
 *   (`identity_grants`; admin too needs one) and logs EVERY look, granted or refused, in `audit_events`
 *   (entity_type `petition_identity`, actor, reason) — never the identity itself.
 * - Grants are given by the reception board leader (or admin) with a reason, and can be revoked.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/engine.ts';
import { auditEvents, identityGrants, partyIdentities, receptions, users } from '../../db/schema.ts';
import { recordAudit } from '../../kernel/audit/index.ts';
import { toPrincipal } from '../../kernel/auth/service.ts';
import type { Principal } from '../../kernel/auth/roles.ts';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../kernel/errors.ts';
import { nfc, searchKey } from '../../kernel/text.ts';
import { normaliseIdNumber, personKey } from './duplicates.ts';

export type IdentityRow = typeof partyIdentities.$inferSelect;

/** A signer as given at intake. */
export interface SignerInput {
  name?: string | null;
  idNumber?: string | null;
  address?: string | null;
  phone?: string | null;
  email?: string | null;
}

/** Audit entity type of identity looks and grants. */
export const IDENTITY_ENTITY = 'petition_identity';
/** Placeholder shown instead of a confidential identity / a cut-out identifying string. */
export const REDACTED = '[đã ẩn danh tính]';
export const REDACTED_EN = '[identity withheld]';

const opt = (s: string | null | undefined) => (s == null ? null : nfc(s) || null);

/**
 * The `party_identities` rows of a petition's signers (NFC; ID numbers normalised; person key for
 * duplicate matching). `representativeIndex` marks the representative (role 'representative').
 */
export function identityRows(
  subjectId: string,
  signers: readonly SignerInput[],
  confidential: boolean,
  representativeIndex: number | null = null,
  subjectType: 'petition' | 'reception' = 'petition',
): (typeof partyIdentities.$inferInsert)[] {
  return signers.map((s, i) => ({
    id: randomUUID(),
    subjectType,
    subjectId,
    seq: i + 1,
    role: representativeIndex === i ? 'representative' : subjectType === 'petition' ? 'signer' : 'visitor',
    name: opt(s.name),
    idNumber: normaliseIdNumber(s.idNumber),
    address: opt(s.address),
    phone: opt(s.phone),
    email: opt(s.email),
    confidential,
    personKey: personKey(s.name, s.address),
  }));
}

/** Signers as every list/detail shows them: confidential → nothing identifying; else the name only. */
export interface RedactedSigner {
  seq: number;
  role: string;
  name: string | null;
  redacted: boolean;
}

/** The redacted form of identities (never an ID number, phone, address or e-mail). */
export function redactSigners(
  rows: readonly Pick<IdentityRow, 'seq' | 'role' | 'name' | 'confidential'>[],
): RedactedSigner[] {
  return [...rows]
    .sort((a, b) => a.seq - b.seq)
    .map((r) =>
      r.confidential
        ? { seq: r.seq, role: r.role, name: null, redacted: true }
        : { seq: r.seq, role: r.role, name: r.name, redacted: false },
    );
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const FOLD_MAP = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();

/**
 * Administrative units (folded): an address part that starts with one of these names a place that is
 * also where matters happen ("xã Bình Sơn" is the accused committee's commune too) and is never cut.
 */
const ADMIN_UNIT =
  /(?:^|\s)(?:xa|phuong|thi tran|huyen|quan|thi xa|thanh pho|tp\.?|tinh|dac khu|ubnd|uy ban nhan dan)(?=\s|$)/;

/**
 * The parts of an address that identify a person: the house number / street and the hamlet (thôn, tổ,
 * xóm, ấp, khối …) — everything before the first administrative unit, per comma-separated part.
 * "Tổ 5, phường Nghĩa Chánh" → ["Tổ 5"]; "Thôn An Hội xã Nghĩa Hà" → ["Thôn An Hội"].
 */
export function personalAddressParts(address: string | null | undefined): string[] {
  const out: string[] = [];
  for (const raw of (address ?? '').split(/[,;]/)) {
    const part = raw.trim().replace(/\s+/g, ' ');
    const folded = FOLD_MAP(part);
    const m = ADMIN_UNIT.exec(folded);
    // folding keeps one character per character after NFC, so the index carries over
    const keep = m ? [...part.normalize('NFC')].slice(0, m.index).join('').trim() : part;
    if (keep.length >= 3) out.push(keep);
  }
  return out;
}

/**
 * The given names of a signer cut out on their own: the name without its first word (the family name)
 * when that is at least two syllables ("Thị Ánh Tuyết", "Ánh Tuyết"), and the last two syllables of a
 * longer name. A one-syllable given name ("Sơn", "Hà", "Bình") is a common word and a common part of place
 * names: it is NOT cut alone (the full name always is). Documented in docs/petitions.md.
 */
export function distinctiveGivenNames(name: string | null | undefined): string[] {
  const words = (name ?? '').trim().split(/\s+/).filter(Boolean);
  const out: string[] = [];
  if (words.length >= 3) out.push(words.slice(1).join(' '));
  if (words.length >= 4) out.push(words.slice(-2).join(' '));
  return out;
}

interface Needle {
  text: string;
  /** a given name: not cut where it follows an administrative unit word ("xã Bình Sơn") */
  given: boolean;
}

/**
 * Cuts a signer's identifying strings out of `text`, case-, diacritics- and spacing-blind, each replaced
 * by {@link REDACTED}. Only the rows flagged confidential are cut, unless `all` (search keys: a search
 * never matches anyone's identity). The rule (REFERENCE §4; Luật Tố cáo 2018 Art 8 cl.3, Art 56):
 *
 * - the full name, in any case and with or without diacritics;
 * - the given names on their own only when distinctive (≥ 2 syllables, {@link distinctiveGivenNames}),
 *   and not where they follow an administrative unit word ("xã Bình Sơn" stays);
 * - the ID number and the phone (also written with spaces, dots or dashes), the e-mail;
 * - the house number / street and hamlet part of the address ({@link personalAddressParts}) — NOT the
 *   administrative units (xã/phường/thị trấn/huyện/thị xã/thành phố/tỉnh/đặc khu …), which are also where
 *   the matter happens and who is accused ("Chủ tịch UBND xã Bình Sơn").
 *
 * The text of a non-confidential petition is therefore never changed for those who may read it. Staff
 * must still check free text for other identifying details (handwriting, relations).
 */
export function redactText(
  text: string | null,
  rows: readonly Pick<IdentityRow, 'name' | 'idNumber' | 'address' | 'phone' | 'email' | 'confidential'>[],
  all = false,
): string | null {
  if (text == null) return text;
  const needles: Needle[] = [];
  /** digit needles: ID numbers as their digits; phones as their national number (no leading 0 / 84) */
  const numbers: { digits: string; phone: boolean }[] = [];
  const add = (v: string | null | undefined, given = false) => {
    if (v && v.trim().length >= 2) needles.push({ text: v.trim(), given });
  };
  for (const r of rows) {
    if (!all && !r.confidential) continue;
    add(r.name);
    add(r.email);
    for (const g of distinctiveGivenNames(r.name)) add(g, true);
    for (const part of personalAddressParts(r.address)) add(part);
    for (const [v, phone] of [
      [r.idNumber, false],
      [r.phone, true],
    ] as const) {
      const raw = (v ?? '').normalize('NFKC');
      if (/^[^A-Za-z]*$/.test(raw)) {
        const d = raw.replace(/\D/g, '');
        const n = phone ? nationalNumber(d) : d;
        if (n.length >= 6) numbers.push({ digits: n, phone });
        else if (d.length >= 4) add(d);
      } else {
        const an = raw.replace(/[^0-9A-Za-z]/g, '');
        if (an.length >= 4) add(an);
      }
    }
  }
  if (!needles.length && !numbers.length) return text;
  const chars = [...text.normalize('NFC')];
  const cut = new Array<boolean>(chars.length).fill(false);
  let any = false;
  // numbers: over every run of digits with separators ("+84 912 777 666", "(091)2777666", "0912.777.666"),
  // compare the digits only; a phone matches as its national number, with a leading 0 / 84 cut too
  if (numbers.length) {
    const src = chars.join('');
    const allDigits = src.normalize('NFKC').replace(/\D/g, '');
    const present = numbers.filter((n) => allDigits.includes(n.digits));
    if (present.length) {
      // JS string offsets → char index
      const offToChar: number[] = [];
      chars.forEach((c, i) => {
        for (let k = 0; k < c.length; k++) offToChar.push(i);
      });
      for (const m of src.matchAll(DIGIT_RUN)) {
        const pos: number[] = [];
        let d = '';
        for (let k = 0; k < m[0].length; k++) {
          const c = m[0][k]!.normalize('NFKC');
          if (/^\d$/.test(c)) {
            d += c;
            pos.push(offToChar[m.index! + k]!);
          }
        }
        for (const n of present) {
          let from = d.indexOf(n.digits);
          while (from >= 0) {
            let s = from;
            if (n.phone && d[s - 1] === '0') s -= 1;
            else if (n.phone && d.slice(s - 2, s) === '84') s -= 2;
            const e = from + n.digits.length - 1;
            // a leading "+" belongs to the number; a leading "(" only when closed inside the run ("(091)…")
            const lead = /[)）]/.test(m[0]) ? 0 : m[0].search(/[^(（]/);
            const a = s === 0 ? offToChar[m.index! + lead]! : pos[s]!;
            const b = e === d.length - 1 ? offToChar[m.index! + m[0].length - 1]! : pos[e]!;
            for (let i = a; i <= b; i++) cut[i] = true;
            any = true;
            from = d.indexOf(n.digits, from + 1);
          }
        }
      }
    }
  }
  // words: whole words, case- and diacritics-blind, any run of non-letter, non-digit characters between
  // the syllables ("Đỗ-Nu-Khang", "đỗ.nu.khang", "Do_Nu_Khang"); fast path on a folded copy first
  const tokens = (s: string) =>
    FOLD_MAP(s)
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean);
  const quick = ` ${tokens(text.normalize('NFC')).join(' ')} `;
  const present = needles.filter((n) => {
    const t = tokens(n.text);
    return t.length > 0 && quick.includes(` ${t.join(' ')} `);
  });
  if (present.length) {
    // match on a folded copy (an index map from folded positions to chars)
    const folded = chars.map((c) => FOLD_MAP(c) || c);
    const hay = folded.join('');
    const posToChar: number[] = [];
    folded.forEach((f, i) => {
      for (let k = 0; k < f.length; k++) posToChar.push(i);
    });
    for (const n of present.sort((a, b) => b.text.length - a.text.length)) {
      const pattern = `(?<![\\p{L}\\p{N}])${tokens(n.text).map(escapeRe).join('[^\\p{L}\\p{N}]+')}(?![\\p{L}\\p{N}])`;
      for (const m of hay.matchAll(new RegExp(pattern, 'gu'))) {
        if (n.given && ADMIN_BEFORE.test(hay.slice(Math.max(0, m.index! - 24), m.index!))) continue;
        const start = posToChar[m.index!]!;
        const end = posToChar[m.index! + m[0].length - 1]!;
        for (let i = start; i <= end; i++) cut[i] = true;
        any = true;
      }
    }
  }
  if (!any) return text;
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    if (cut[i]) {
      if (i === 0 || !cut[i - 1]) out += REDACTED;
    } else out += chars[i];
  }
  return out;
}

/**
 * A run of digits with separators between them (spaces, dots, dashes, underscores, slashes, brackets,
 * invisible characters), optionally led by "+" or "(": how phone and ID numbers are written. A closing
 * bracket after the last digit is not part of the run ("(CCCD 0512…)" keeps its ")").
 */
const DIGIT_RUN = /[+(（＋]*\p{Nd}(?:[\s\p{Z}\p{Cf}.\-–—_/\\()（）]*\p{Nd})*/gu;

/** A Vietnamese phone number's national part: "0912777666", "84912777666", "+84 912…" → "912777666". */
export function nationalNumber(digits: string): string {
  if (digits.startsWith('84') && digits.length >= 11) return digits.slice(2);
  if (digits.startsWith('0')) return digits.slice(1);
  return digits;
}

/** A folded text ending with an administrative unit word: what follows is a place name. */
const ADMIN_BEFORE =
  /(?:^|[^\p{L}])(?:xa|phuong|thi tran|huyen|quan|thi xa|thanh pho|tp\.?|tinh|dac khu|thon|ubnd)\s+$/u;

/**
 * The redacted view of a petition's identifying parts, for every list, detail and export (letters, report
 * rows): signers as `redactSigners`, and the content, respondent and any other free text with the
 * confidential identities cut out (`redactText`). `ids` are the petition's `party_identities` rows.
 */
export function redact(
  p: { content: string; respondent?: string | null; texts?: readonly (string | null)[] },
  ids: readonly IdentityRow[],
): { signers: RedactedSigner[]; content: string; respondent: string | null; texts: (string | null)[] } {
  return {
    signers: redactSigners(ids),
    content: redactText(p.content, ids) ?? '',
    respondent: redactText(p.respondent ?? null, ids),
    texts: (p.texts ?? []).map((x) => redactText(x, ids)),
  };
}

/** The search key of a petition (code, content, respondent) with every signer's identity cut out: search never matches an identity. */
export function petitionSearchKey(
  code: string,
  content: string,
  respondent: string | null,
  rows: Parameters<typeof redactText>[1],
): string {
  return searchKey(code, redactText(content, rows, true), redactText(respondent, rows, true));
}

/** Identities of many petitions (one query), by petition id. */
export async function identitiesOf(tx: Tx, ids: readonly string[]): Promise<Map<string, IdentityRow[]>> {
  const out = new Map<string, IdentityRow[]>();
  if (!ids.length) return out;
  const rows = await tx
    .select()
    .from(partyIdentities)
    .where(and(eq(partyIdentities.subjectType, 'petition'), inArray(partyIdentities.subjectId, [...ids])))
    .orderBy(asc(partyIdentities.seq));
  for (const r of rows) {
    const l = out.get(r.subjectId) ?? [];
    l.push(r);
    out.set(r.subjectId, l);
  }
  return out;
}

/**
 * Marks a petition's identities confidential (classified as a denunciation, or split with a denunciation
 * part). Never the reverse. The reception sessions that brought it (its `reception_id`) or name it
 * (`receptions.petition_id`) become confidential too: their visitors' identities, and their summary and
 * search key with the visitors' identity cut out (version + 1, audited `confidential` without identity).
 * Luật Tố cáo 2018 Art 8 cl.3, Art 56.
 */
export async function markConfidential(tx: Tx, petitionId: string): Promise<void> {
  await tx
    .update(partyIdentities)
    .set({ confidential: true })
    .where(and(eq(partyIdentities.subjectType, 'petition'), eq(partyIdentities.subjectId, petitionId)));
  const recs = await queryRows<{ id: string; code: string; summary: string }>(
    tx,
    sql`SELECT r.id, r.code, r.summary FROM receptions r
        WHERE NOT r.confidential
          AND (r.petition_id = ${petitionId}
               OR r.id = (SELECT p.reception_id FROM petitions p WHERE p.id = ${petitionId}))`,
  );
  for (const r of recs) {
    const visitors = await tx
      .update(partyIdentities)
      .set({ confidential: true })
      .where(and(eq(partyIdentities.subjectType, 'reception'), eq(partyIdentities.subjectId, r.id)))
      .returning();
    const summary = redactText(r.summary, visitors, true) ?? r.summary;
    await tx
      .update(receptions)
      .set({
        confidential: true,
        summary,
        searchKey: searchKey(r.code, summary),
        version: sql`${receptions.version} + 1`,
        updatedAt: new Date(),
      })
      .where(eq(receptions.id, r.id));
    await recordAudit(tx, {
      actor: null,
      entityType: 'reception',
      entityId: r.id,
      action: 'confidential',
      data: { petitionId },
    });
  }
}

/** The live grant of `userId` on a petition, if any. */
export async function liveGrant(tx: Tx, petitionId: string, userId: string) {
  const [g] = await tx
    .select()
    .from(identityGrants)
    .where(
      and(
        eq(identityGrants.subjectType, 'petition'),
        eq(identityGrants.subjectId, petitionId),
        eq(identityGrants.userId, userId),
        isNull(identityGrants.revokedAt),
      ),
    )
    .limit(1);
  return g ?? null;
}

/**
 * The number of visible characters of a reason: format characters (U+200B zero-width space, U+FEFF …),
 * separators and white space do not count — a reason made only of invisible characters is no reason.
 */
export function visibleLength(s: string): number {
  return [...s.replace(/[\p{Cf}\p{Z}\s]/gu, '')].length;
}

/** The full identities, as returned by `GET /api/petitions/{id}/identity`. */
export interface IdentityOut {
  seq: number;
  role: string;
  name: string | null;
  idNumber: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
}

/**
 * Reads a petition's identities for `actor` with a stated `reason` (≥ 5 characters). Confidential
 * petitions need a live grant of this user on this petition — admin included — else 403
 * `identity_grant_required` (returned as `granted: false` so that the caller commits the logged refusal
 * before answering with `identityRefused()`). Every call, granted or refused, writes one `audit_events` row
 * (entity_type 'petition_identity', entity_id = petition id, action 'view' | 'view_refused', reason; data
 * `{ confidential, grantId }` — never the identity). The caller has already checked the actor may see the case.
 */
export async function readIdentities(
  tx: Tx,
  actor: Principal,
  petition: { id: string; confidential: boolean },
  reason: string,
): Promise<{ granted: boolean; confidential: boolean; identities: IdentityOut[] }> {
  const why = nfc(reason);
  if (visibleLength(why) < 5)
    throw badRequest(
      'reason_required',
      'Cần nêu lý do xem danh tính (ít nhất 5 ký tự).',
      'State why you look at the identity (at least 5 characters).',
      'reason',
    );
  const grant = petition.confidential ? await liveGrant(tx, petition.id, actor.id) : null;
  if (petition.confidential && !grant) {
    await recordAudit(tx, {
      actor,
      entityType: IDENTITY_ENTITY,
      entityId: petition.id,
      action: 'view_refused',
      reason: why,
      data: { confidential: true },
    });
    // not thrown here: the caller commits the logged refusal, then answers 403 (identityRefused())
    return { granted: false, confidential: true, identities: [] };
  }
  const rows = (await identitiesOf(tx, [petition.id])).get(petition.id) ?? [];
  await recordAudit(tx, {
    actor,
    entityType: IDENTITY_ENTITY,
    entityId: petition.id,
    action: 'view',
    reason: why,
    data: { confidential: petition.confidential, grantId: grant?.id ?? null, count: rows.length },
  });
  return {
    granted: true,
    confidential: petition.confidential,
    identities: rows.map((r) => ({
      seq: r.seq,
      role: r.role,
      name: r.name,
      idNumber: r.idNumber,
      address: r.address,
      phone: r.phone,
      email: r.email,
    })),
  };
}

/** The 403 of a refused identity look. */
export const identityRefused = () =>
  new AppError(
    403,
    'identity_grant_required',
    'Danh tính người tố cáo được giữ bí mật: cần được lãnh đạo Ban Tiếp công dân cấp quyền xem cho đơn này (Luật Tố cáo 2018 Art 8, 56).',
    "The denouncer's identity is confidential: a grant on this petition from the reception board leader is required (Denunciations Law 2018 Art 8, 56).",
    null,
  );

/**
 * Grants `userId` the right to see the identities of one petition (reception_leader or admin; checked by
 * the route), with a reason. One live grant per user and petition (409 `grant_exists`). Audited
 * (action 'grant').
 */
export async function grantIdentity(
  tx: Tx,
  actor: Principal,
  petitionId: string,
  input: { userId: string; reason: string },
  canRead: (grantee: Principal) => boolean,
) {
  const why = nfc(input.reason);
  if (visibleLength(why) < 5)
    throw badRequest(
      'reason_required',
      'Cần nêu lý do cấp quyền.',
      'State the reason for the grant.',
      'reason',
    );
  // four eyes: nobody — administrator or reception board leader — grants identity access to themselves
  if (input.userId === actor.id)
    throw forbidden(
      'Không được tự cấp quyền xem danh tính người tố cáo cho mình; người khác có thẩm quyền phải cấp.',
      'Nobody may grant identity access to themselves; another entitled person must grant it.',
    );
  const [u] = await tx.select().from(users).where(eq(users.id, input.userId));
  if (!u || u.disabled)
    throw badRequest('unknown_user', 'Không có người dùng này.', 'No such user.', 'userId');
  // need to know: only someone who may read the case itself can be granted its identities
  if (!canRead(toPrincipal(u)))
    throw badRequest(
      'grantee_cannot_read_case',
      'Người được cấp quyền phải là người được xem đơn này (cán bộ tiếp công dân hoặc cán bộ xử lý đơn của cơ quan đang giữ đơn).',
      'The grantee must be someone who may read this petition (reception staff or a handler of the agency holding it).',
      'userId',
    );
  if (await liveGrant(tx, petitionId, input.userId))
    throw conflict(
      'grant_exists',
      'Người dùng đã được cấp quyền.',
      'The user already holds a grant.',
      'userId',
    );
  const id = randomUUID();
  const [g] = await tx
    .insert(identityGrants)
    .values({
      id,
      subjectType: 'petition',
      subjectId: petitionId,
      userId: input.userId,
      grantedBy: actor.id,
      reason: why,
    })
    .returning();
  await recordAudit(tx, {
    actor,
    entityType: IDENTITY_ENTITY,
    entityId: petitionId,
    action: 'grant',
    reason: why,
    data: { grantId: id, userId: input.userId },
  });
  return g!;
}

/** Revokes a grant (reception_leader or admin). 404 unknown; 409 `already_revoked`. Audited ('revoke'). */
export async function revokeIdentityGrant(
  tx: Tx,
  actor: Principal,
  petitionId: string,
  grantId: string,
  reason: string | null,
) {
  const [g] = await tx
    .select()
    .from(identityGrants)
    .where(and(eq(identityGrants.id, grantId), eq(identityGrants.subjectId, petitionId)));
  if (!g) throw notFound('quyền xem danh tính / grant', 'grantId');
  if (g.revokedAt)
    throw conflict('already_revoked', 'Quyền đã bị thu hồi.', 'The grant was already revoked.', 'grantId');
  const [r] = await tx
    .update(identityGrants)
    .set({ revokedAt: new Date() })
    .where(eq(identityGrants.id, grantId))
    .returning();
  await recordAudit(tx, {
    actor,
    entityType: IDENTITY_ENTITY,
    entityId: petitionId,
    action: 'revoke',
    reason: reason ? nfc(reason) : null,
    data: { grantId, userId: g.userId },
  });
  return r!;
}

/** Grants of a petition (who, by whom, why, when, revoked) — no identity. */
export async function listGrants(tx: Tx, petitionId: string) {
  const rows = await tx
    .select({
      id: identityGrants.id,
      userId: identityGrants.userId,
      username: users.username,
      grantedBy: identityGrants.grantedBy,
      grantedAt: identityGrants.grantedAt,
      reason: identityGrants.reason,
      revokedAt: identityGrants.revokedAt,
    })
    .from(identityGrants)
    .leftJoin(users, eq(users.id, identityGrants.userId))
    .where(and(eq(identityGrants.subjectType, 'petition'), eq(identityGrants.subjectId, petitionId)))
    .orderBy(desc(identityGrants.grantedAt));
  return rows;
}

/** The identity audit log of a petition (who looked, when, why; grants and revocations). */
export async function identityLog(tx: Tx, petitionId: string) {
  return tx
    .select({
      id: auditEvents.id,
      at: auditEvents.at,
      actor: auditEvents.actorName,
      action: auditEvents.action,
      reason: auditEvents.reason,
    })
    .from(auditEvents)
    .where(and(eq(auditEvents.entityType, IDENTITY_ENTITY), eq(auditEvents.entityId, petitionId)))
    .orderBy(desc(auditEvents.at));
}

/** 403 unless the actor may manage grants (reception_leader, admin). */
export function assertGrantManager(actor: Principal): void {
  if (!actor.roles.includes('admin') && !actor.roles.includes('reception_leader'))
    throw forbidden(
      'Chỉ lãnh đạo Ban Tiếp công dân cấp, thu hồi quyền xem danh tính.',
      'Only the reception board leader grants or revokes identity access.',
    );
}
