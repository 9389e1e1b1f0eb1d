/**
 * Number registers of outgoing documents (sổ đăng ký văn bản đi; ND 30/2020/NĐ-CP Art 15 and Appendix IV;
 * REFERENCE §6, §8).
 *
 * - A **series** (`number_series`) belongs to one organisation (agency code) and covers a group of document
 *   types (abbreviations of Appendix III, `CV` = công văn): e.g. the Office shares one series for plans,
 *   letters, submissions and reports and has another for decisions (REFERENCE §8). A type belongs to at most
 *   one active series of an organisation. A legal normative type has a series of its own (`legal`, exactly one
 *   type; Art 15 cl.1 b). The organisation's **default** series (`is_default`) takes every type that no other
 *   active series takes; when an organisation has none, the first number it issues creates it, so every caller
 *   keeps working without configuration.
 * - Numbers run per **calendar year** from 01 (1 January → 31 December, Art 15 cl.1 a) and are given only at
 *   signing/issuing (a draft has none): {@link issueNumber}, in the caller's transaction, under a row lock of
 *   the series, so concurrent issues get distinct consecutive numbers on both engines; the primary key
 *   (series, year, number) is the last safety net.
 * - **Every number keeps its row** (`register_entries`): `issued`; `voided` (withdrawn/voided, with its
 *   reason — never deleted); `manual` (a document registered by hand in the documents register holds the
 *   number: adopted when the series is created, or skipped and noted when the counter reaches it). The register
 *   view lists the entries, the documents registered by hand that no entry holds yet, and the **gaps** (numbers
 *   below the highest with no row) with their reason.
 *
 * Dates are calendar dates `YYYY-MM-DD` (Asia/Ho_Chi_Minh); the year of a number is the year of its date.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/engine.ts';
import { numberSeries, registerEntries } from '../../db/schema.ts';
import { isIsoDate } from '../calendar/dates.ts';
import { badRequest, conflict, notFound } from '../errors.ts';
import { recordAudit } from '../audit/index.ts';
import { nfc } from '../text.ts';
import type { Principal } from '../auth/roles.ts';
import { DOCUMENT_TYPES, LETTER, printedNumber } from './numbering.ts';

export type SeriesRow = typeof numberSeries.$inferSelect;
export const REGISTER_STATES = ['issued', 'voided', 'manual'] as const;
export type RegisterState = (typeof REGISTER_STATES)[number];

/** Abbreviation of an organisation in number/symbols (ND 30/2020 Appendix III): 'VP-BTCD' → 'BTCD'. */
export function agencySymbol(agencyCode: string): string {
  return agencyCode.replace(/^VP-/, '');
}

export function seriesOut(s: SeriesRow) {
  return {
    id: s.id,
    agencyCode: s.agencyCode,
    name: s.name,
    issuerSymbol: s.issuerSymbol,
    typeCodes: s.typeCodes,
    legal: s.legal,
    isDefault: s.isDefault,
    active: s.active,
  };
}
export type SeriesOut = ReturnType<typeof seriesOut>;

export interface SeriesInput {
  agencyCode: string;
  name: string;
  /** Appendix III abbreviations (`CV` for công văn); a legal series has exactly one */
  typeCodes: string[];
  legal?: boolean;
  /** the organisation's catch-all series (one active per organisation) */
  isDefault?: boolean;
  /** abbreviation of the organisation in symbols; default {@link agencySymbol} */
  issuerSymbol?: string;
  active?: boolean;
}

/** Serialises configuration changes and default-series creation of one organisation. */
async function lockAgency(tx: Tx, agencyCode: string) {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${'number-series:' + agencyCode}))`);
}

/** Validates a series against the other active series of its organisation (caller holds the agency lock). */
async function validateSeries(tx: Tx, s: Omit<SeriesRow, 'createdAt' | 'updatedAt'>) {
  const seen = new Set<string>();
  s.typeCodes.forEach((c, i) => {
    if (!DOCUMENT_TYPES[c])
      throw badRequest(
        'unknown_type_code',
        `Loại văn bản "${c}" không có trong danh mục viết tắt (NĐ 30/2020, Phụ lục III).`,
        `Document type "${c}" is not an Appendix III abbreviation.`,
        `typeCodes.${i}`,
      );
    if (seen.has(c))
      throw badRequest(
        'duplicate_type_code',
        `Loại văn bản "${c}" được nêu hai lần.`,
        `Type "${c}" is listed twice.`,
        `typeCodes.${i}`,
      );
    seen.add(c);
  });
  if (s.legal && (s.typeCodes.length !== 1 || s.isDefault))
    throw badRequest(
      'legal_series_one_type',
      'Sổ văn bản quy phạm pháp luật dành cho đúng một loại văn bản (NĐ 30/2020 Điều 15).',
      'A legal normative series covers exactly one type (Decree 30/2020 Art 15) and is not a default series.',
      'typeCodes',
    );
  if (!s.legal && !s.isDefault && !s.typeCodes.length)
    throw badRequest(
      'type_codes_required',
      'Chọn ít nhất một loại văn bản cho sổ.',
      'Choose at least one document type for the series.',
      'typeCodes',
    );
  if (!s.active) return;
  const others = await tx
    .select()
    .from(numberSeries)
    .where(
      and(
        eq(numberSeries.agencyCode, s.agencyCode),
        eq(numberSeries.active, true),
        sql`${numberSeries.id} <> ${s.id}`,
      ),
    );
  if (s.isDefault && others.some((o) => o.isDefault))
    throw conflict(
      'default_series_exists',
      'Cơ quan đã có sổ mặc định đang dùng.',
      'The organisation already has an active default series.',
      'isDefault',
    );
  s.typeCodes.forEach((c, i) => {
    const o = others.find((x) => x.legal === s.legal && x.typeCodes.includes(c));
    if (o)
      throw conflict(
        'type_in_other_series',
        `Loại "${c}" đã thuộc sổ "${o.name}" của cơ quan; mỗi loại chỉ thuộc một sổ đang dùng.`,
        `Type "${c}" already belongs to the organisation's active series "${o.name}".`,
        `typeCodes.${i}`,
      );
  });
}

/**
 * Creates a series (admin / office leader; routes check the role). The documents of the organisation already
 * registered by hand with a type of the series are taken into the register as `manual` entries, so numbering
 * continues after them (ND 30/2020 Art 15: one sequence per year).
 * @throws 400 `unknown_agency` (agencyCode), `unknown_type_code` / `duplicate_type_code` (typeCodes.i),
 *         `legal_series_one_type`, `type_codes_required`; 409 `type_in_other_series` (typeCodes.i), `default_series_exists`
 */
export async function createSeries(tx: Tx, actor: Principal | null, input: SeriesInput): Promise<SeriesRow> {
  const [a] = await queryRows<{ code: string }>(
    tx,
    sql`SELECT code FROM agencies WHERE code = ${input.agencyCode}`,
  );
  if (!a)
    throw badRequest(
      'unknown_agency',
      `Không có cơ quan mã ${input.agencyCode}.`,
      `No agency with code ${input.agencyCode}.`,
      'agencyCode',
    );
  await lockAgency(tx, input.agencyCode);
  const row = {
    id: randomUUID(),
    agencyCode: input.agencyCode,
    name: nfc(input.name.trim()),
    issuerSymbol: nfc(input.issuerSymbol?.trim() || agencySymbol(input.agencyCode)),
    typeCodes: input.typeCodes.map((c) => nfc(c.trim())),
    legal: input.legal ?? false,
    isDefault: input.isDefault ?? false,
    active: input.active ?? true,
  };
  await validateSeries(tx, row);
  const [inserted] = await tx.insert(numberSeries).values(row).returning();
  const adopted = await adoptRegisteredDocuments(tx, inserted!);
  await recordAudit(tx, {
    actor,
    entityType: 'number_series',
    entityId: row.id,
    action: 'created',
    data: { ...seriesOut(inserted!), adopted },
  });
  return inserted!;
}

/** Changes a series' name, types, symbol or activity (same checks as {@link createSeries}). 404 unknown id. */
export async function updateSeries(
  tx: Tx,
  actor: Principal | null,
  id: string,
  patch: Partial<Pick<SeriesInput, 'name' | 'typeCodes' | 'issuerSymbol' | 'active' | 'isDefault'>>,
): Promise<SeriesRow> {
  const cur = await getSeries(tx, id);
  await lockAgency(tx, cur.agencyCode);
  const next = {
    ...cur,
    ...(patch.name !== undefined ? { name: nfc(patch.name.trim()) } : {}),
    ...(patch.typeCodes !== undefined ? { typeCodes: patch.typeCodes.map((c) => nfc(c.trim())) } : {}),
    ...(patch.issuerSymbol !== undefined ? { issuerSymbol: nfc(patch.issuerSymbol.trim()) } : {}),
    ...(patch.active !== undefined ? { active: patch.active } : {}),
    ...(patch.isDefault !== undefined ? { isDefault: patch.isDefault } : {}),
  };
  await validateSeries(tx, next);
  const [row] = await tx
    .update(numberSeries)
    .set({
      name: next.name,
      typeCodes: next.typeCodes,
      issuerSymbol: next.issuerSymbol,
      active: next.active,
      isDefault: next.isDefault,
      updatedAt: new Date(),
    })
    .where(eq(numberSeries.id, id))
    .returning();
  await recordAudit(tx, {
    actor,
    entityType: 'number_series',
    entityId: id,
    action: 'updated',
    data: { before: seriesOut(cur), after: seriesOut(row!) },
  });
  return row!;
}

export async function getSeries(tx: Tx, id: string): Promise<SeriesRow> {
  const [row] = await tx.select().from(numberSeries).where(eq(numberSeries.id, id));
  if (!row) throw notFound('sổ đăng ký / number series', 'id');
  return row;
}

/** Series, by organisation then name; `agencyCode` filters. */
export async function listSeries(tx: Tx, f: { agencyCode?: string } = {}): Promise<SeriesRow[]> {
  return tx
    .select()
    .from(numberSeries)
    .where(f.agencyCode ? eq(numberSeries.agencyCode, f.agencyCode) : undefined)
    .orderBy(asc(numberSeries.agencyCode), sql`${numberSeries.isDefault} ASC`, asc(numberSeries.name));
}

/**
 * The active series that numbers a type of an organisation: its own series for the type (a legal one for a
 * legal normative document), else the organisation's default series — created on first use ("Sổ văn bản đi",
 * or for a legal type a series of that type), so unconfigured organisations keep one series as before.
 */
export async function resolveSeries(
  tx: Tx,
  agencyCode: string,
  typeCode: string,
  legal = false,
): Promise<SeriesRow> {
  const find = async () => {
    const rows = await tx
      .select()
      .from(numberSeries)
      .where(and(eq(numberSeries.agencyCode, agencyCode), eq(numberSeries.active, true)));
    return (
      rows.find((s) => s.legal === legal && s.typeCodes.includes(typeCode)) ??
      (legal ? undefined : rows.find((s) => s.isDefault))
    );
  };
  let s = await find();
  if (s) return s;
  await lockAgency(tx, agencyCode);
  s = await find();
  if (s) return s;
  const t = DOCUMENT_TYPES[typeCode];
  const row = {
    id: randomUUID(),
    agencyCode,
    name: legal ? `Văn bản quy phạm pháp luật — ${t?.vi ?? typeCode} (${typeCode})` : 'Sổ văn bản đi',
    issuerSymbol: agencySymbol(agencyCode),
    typeCodes: legal ? [typeCode] : [],
    legal,
    isDefault: !legal,
    active: true,
  };
  const [inserted] = await tx.insert(numberSeries).values(row).returning();
  await adoptRegisteredDocuments(tx, inserted!);
  return inserted!;
}

/**
 * SQL over `documents d`: the documents registered in the documents register that belong to series `s`
 * (same issuer symbol and organisation, a type of the series — for the default series any type no other
 * active series of the organisation takes — and a valid date), that no register entry holds yet.
 */
async function handDocumentsSql(tx: Tx, s: SeriesRow) {
  let typeMatch;
  if (s.legal) typeMatch = sql`d.pattern = 'legal' AND d.type_code = ${s.typeCodes[0] ?? ''}`;
  else if (s.isDefault) {
    const others = (
      await tx
        .select({ types: numberSeries.typeCodes })
        .from(numberSeries)
        .where(
          and(
            eq(numberSeries.agencyCode, s.agencyCode),
            eq(numberSeries.active, true),
            eq(numberSeries.legal, false),
            sql`${numberSeries.id} <> ${s.id}`,
          ),
        )
    ).flatMap((r) => r.types);
    const excluded = others.filter((c) => !s.typeCodes.includes(c));
    typeMatch = excluded.length
      ? sql`d.pattern IN ('typed', 'letter') AND d.type_code NOT IN (${sql.join(
          excluded.map((c) => sql`${c}`),
          sql`, `,
        )})`
      : sql`d.pattern IN ('typed', 'letter')`;
  } else if (s.typeCodes.length)
    typeMatch = sql`d.pattern IN ('typed', 'letter') AND d.type_code IN (${sql.join(
      s.typeCodes.map((c) => sql`${c}`),
      sql`, `,
    )})`;
  else typeMatch = sql`false`;
  return sql`d.issuer_symbol = ${s.issuerSymbol}
    AND (d.issuer_code IS NULL OR d.issuer_code = ${s.agencyCode})
    AND d.number IS NOT NULL AND d.date IS NOT NULL AND ${typeMatch}
    AND NOT EXISTS (SELECT 1 FROM register_entries e WHERE e.document_id = d.id)`;
}

const ADOPTED_VI = 'Vào sổ thủ công: văn bản đã đăng ký trong sổ văn bản trước khi lập sổ này trên hệ thống.';
const SKIPPED_VI = (ns: string) =>
  `Số bỏ qua khi cấp số: đã dùng cho văn bản ${ns} vào sổ thủ công (đăng ký trực tiếp trong sổ văn bản).`;

/**
 * Takes the documents already registered by hand that belong to series `s` into its register as `manual`
 * entries (a number already held by an entry is left alone; the register view flags the duplicate).
 * Returns how many were taken in.
 */
export async function adoptRegisteredDocuments(tx: Tx, s: SeriesRow): Promise<number> {
  const docs = await queryRows<{ id: string; number: number; date: string; type_code: string }>(
    tx,
    sql`SELECT d.id, d.number, d.date::text AS date, d.type_code FROM documents d
        WHERE ${await handDocumentsSql(tx, s)} ORDER BY d.date, d.number`,
  );
  let n = 0;
  for (const d of docs) {
    const r = await queryRows(
      tx,
      sql`INSERT INTO register_entries (series_id, year, number, state, type_code, document_id, date, reason)
          VALUES (${s.id}, ${Number(d.date.slice(0, 4))}, ${Number(d.number)}, 'manual', ${d.type_code},
                  ${d.id}, ${d.date}, ${ADOPTED_VI})
          ON CONFLICT DO NOTHING RETURNING number`,
    );
    n += r.length;
  }
  return n;
}

export interface IssueNumberInput {
  /** the issuing organisation (agency code), e.g. 'VP', 'VP-BTCD', 'UBND' */
  agencyCode: string;
  /** Appendix III abbreviation; 'CV' for a công văn */
  typeCode: string;
  /** the signing/issue date, YYYY-MM-DD (Asia/Ho_Chi_Minh): its year picks the yearly sequence */
  date: string;
  /** the registered document, when already there (else {@link attachDocument} later) */
  documentId?: string | null;
  /** a legal normative document: its type's own series */
  legal?: boolean;
  actor?: Principal | null;
  /** Appendix IV columns */
  signer?: string | null;
  recipients?: string | null;
  draftingUnit?: string | null;
  copies?: number | null;
  note?: string | null;
}

export interface IssuedNumber {
  seriesId: string;
  year: number;
  number: number;
  /** as printed: 01–09 zero-padded (ND 30/2020 Appendix I) */
  printed: string;
  /** the organisation's abbreviation in symbols (e.g. 'VP', 'BTCD') */
  issuerSymbol: string;
}

/**
 * Gives the next number of the series that numbers `typeCode` for `agencyCode` (see {@link resolveSeries}) in
 * the year of `date`, inside the caller's transaction (ND 30/2020 Art 15: numbers only at signing/issuing, per
 * calendar year from 01). The series row is locked (`FOR UPDATE`) so concurrent issues wait for one another and
 * get consecutive numbers; a number that a document registered by hand already holds is skipped and noted
 * (`manual` entry). A rollback of the caller gives the number back (no row stays).
 * @throws 400 `invalid_date` (date), `unknown_type_code` (typeCode)
 */
export async function issueNumber(tx: Tx, input: IssueNumberInput): Promise<IssuedNumber> {
  if (!DOCUMENT_TYPES[input.typeCode])
    throw badRequest(
      'unknown_type_code',
      `Loại văn bản "${input.typeCode}" không có trong danh mục viết tắt (NĐ 30/2020, Phụ lục III).`,
      `Document type "${input.typeCode}" is not an Appendix III abbreviation.`,
      'typeCode',
    );
  const s = await resolveSeries(tx, input.agencyCode, input.typeCode, input.legal ?? false);
  return issueInSeries(tx, s, input);
}

/**
 * Whether series `s` numbers `typeCode`: one of its types, or — for the default series — a type no other active
 * series of the organisation takes. 400 `type_not_in_series` (path `typeCode`) otherwise; 409
 * `series_inactive` (path `id`) for an inactive series.
 */
export async function validateTypeForSeries(tx: Tx, s: SeriesRow, typeCode: string): Promise<void> {
  let ok = s.typeCodes.includes(typeCode);
  if (!ok && s.isDefault && DOCUMENT_TYPES[typeCode]) {
    const other = await resolveSeries(tx, s.agencyCode, typeCode, false);
    ok = other.id === s.id;
  }
  if (!s.active)
    throw conflict(
      'series_inactive',
      `Sổ "${s.name}" đã ngừng sử dụng, không cấp số.`,
      `Series "${s.name}" is inactive and issues no numbers.`,
      'id',
    );
  if (!ok)
    throw badRequest(
      'type_not_in_series',
      `Sổ "${s.name}" không cấp số cho loại "${typeCode}".`,
      `Series "${s.name}" does not number type "${typeCode}".`,
      'typeCode',
    );
}

/** {@link issueNumber} in a given series (the register's "take a number" endpoint). */
export async function issueInSeries(
  tx: Tx,
  s: SeriesRow,
  input: Omit<IssueNumberInput, 'agencyCode' | 'legal'>,
): Promise<IssuedNumber> {
  if (!isIsoDate(input.date))
    throw badRequest('invalid_date', 'Ngày không hợp lệ.', 'Invalid date (YYYY-MM-DD).', 'date');
  const year = Number(input.date.slice(0, 4));
  await queryRows(tx, sql`SELECT id FROM number_series WHERE id = ${s.id} FOR UPDATE`);
  const [m] = await queryRows<{ n: number }>(
    tx,
    sql`SELECT coalesce(max(number), 0)::int AS n FROM register_entries WHERE series_id = ${s.id} AND year = ${year}`,
  );
  let n = Number(m!.n) + 1;
  const hand = await handDocumentsSql(tx, s);
  for (;;) {
    const [held] = await queryRows<{ id: string; number_symbol: string; date: string; type_code: string }>(
      tx,
      sql`SELECT d.id, d.number_symbol, d.date::text AS date, d.type_code FROM documents d
          WHERE ${hand} AND d.number = ${n}
            AND d.date BETWEEN ${`${year}-01-01`}::date AND ${`${year}-12-31`}::date
          LIMIT 1`,
    );
    if (!held) break;
    await tx.insert(registerEntries).values({
      seriesId: s.id,
      year,
      number: n,
      state: 'manual',
      typeCode: held.type_code,
      documentId: held.id,
      date: held.date,
      reason: SKIPPED_VI(held.number_symbol),
      issuedBy: input.actor?.id ?? null,
    });
    n++;
  }
  await tx.insert(registerEntries).values({
    seriesId: s.id,
    year,
    number: n,
    state: 'issued',
    typeCode: input.typeCode,
    documentId: input.documentId ?? null,
    date: input.date,
    reason: input.note ? nfc(input.note) : null,
    signer: input.signer ? nfc(input.signer) : null,
    recipients: input.recipients ? nfc(input.recipients) : null,
    draftingUnit: input.draftingUnit ? nfc(input.draftingUnit) : null,
    copies: input.copies ?? null,
    issuedBy: input.actor?.id ?? null,
  });
  return { seriesId: s.id, year, number: n, printed: printedNumber(n), issuerSymbol: s.issuerSymbol };
}

/** Links an issued number to the document registered with it, and fills the Appendix IV columns given. */
export async function attachDocument(
  tx: Tx,
  n: Pick<IssuedNumber, 'seriesId' | 'year' | 'number'>,
  documentId: string,
  cols: Pick<IssueNumberInput, 'signer' | 'recipients' | 'draftingUnit' | 'copies'> = {},
): Promise<void> {
  await tx
    .update(registerEntries)
    .set({
      documentId,
      ...(cols.signer ? { signer: nfc(cols.signer) } : {}),
      ...(cols.recipients ? { recipients: nfc(cols.recipients) } : {}),
      ...(cols.draftingUnit ? { draftingUnit: nfc(cols.draftingUnit) } : {}),
      ...(cols.copies ? { copies: cols.copies } : {}),
    })
    .where(
      and(
        eq(registerEntries.seriesId, n.seriesId),
        eq(registerEntries.year, n.year),
        eq(registerEntries.number, n.number),
      ),
    );
}

/**
 * The number and symbol as printed (ND 30/2020 Appendix I, REFERENCE §6): a typed document `N/TYPE-ISSUER`
 * (`2152/KH-VP`), a công văn `N/ISSUER-UNIT` (`123/VP-HCQT`), a legal normative one `N/YYYY/TYPE-ISSUER`
 * (`55/2021/QĐ-UBND`); `unit` is the drafting unit's abbreviation (công văn; optional suffix otherwise).
 */
export function formatNumberSymbol(
  n: Pick<IssuedNumber, 'printed' | 'year' | 'issuerSymbol'>,
  typeCode: string,
  opts: { unit?: string | null; legal?: boolean } = {},
): string {
  if (opts.legal) return `${n.printed}/${n.year}/${typeCode}-${n.issuerSymbol}`;
  if (typeCode === LETTER.code) return `${n.printed}/${n.issuerSymbol}${opts.unit ? `-${opts.unit}` : ''}`;
  return `${n.printed}/${typeCode}-${n.issuerSymbol}${opts.unit ? `-${opts.unit}` : ''}`;
}

/**
 * Voids a number (thu hồi / hủy số) with its reason: an issued number becomes `voided` (its row stays, with
 * who and when); a number below the highest of the year (in the register or held by a document registered by
 * hand) that has no row gets a `voided` row, which explains the gap.
 * @throws 400 `reason_required`; 409 `number_not_reached` (above the highest number of the year),
 *         `already_voided`, `manual_entry` (a document registered by hand: correct it in the documents register)
 */
export async function voidNumber(
  tx: Tx,
  actor: Principal,
  s: SeriesRow,
  input: { year: number; number: number; reason: string },
) {
  const reason = nfc(input.reason.trim());
  if (!reason)
    throw badRequest('reason_required', 'Cần nêu lý do hủy số.', 'A reason is required.', 'reason');
  await queryRows(tx, sql`SELECT id FROM number_series WHERE id = ${s.id} FOR UPDATE`);
  const [cur] = await tx
    .select()
    .from(registerEntries)
    .where(
      and(
        eq(registerEntries.seriesId, s.id),
        eq(registerEntries.year, input.year),
        eq(registerEntries.number, input.number),
      ),
    );
  if (cur?.state === 'voided')
    throw conflict('already_voided', 'Số này đã bị hủy.', 'This number is already voided.', 'number');
  if (cur?.state === 'manual')
    throw conflict(
      'manual_entry',
      'Số này thuộc văn bản vào sổ thủ công; sửa trong sổ văn bản.',
      'This number belongs to a document registered by hand; correct it in the documents register.',
      'number',
    );
  if (!cur) {
    // the highest number of the year: in the register, or held by a document registered by hand
    const [m] = await queryRows<{ n: number }>(
      tx,
      sql`SELECT greatest(
            (SELECT coalesce(max(number), 0) FROM register_entries WHERE series_id = ${s.id} AND year = ${input.year}),
            (SELECT coalesce(max(d.number), 0) FROM documents d WHERE ${await handDocumentsSql(tx, s)}
               AND d.date BETWEEN ${`${input.year}-01-01`}::date AND ${`${input.year}-12-31`}::date))::int AS n`,
    );
    if (input.number > Number(m!.n))
      throw conflict(
        'number_not_reached',
        `Số ${input.number} chưa được cấp trong năm ${input.year}.`,
        `Number ${input.number} has not been reached in ${input.year}.`,
        'number',
      );
    await tx.insert(registerEntries).values({
      seriesId: s.id,
      year: input.year,
      number: input.number,
      state: 'voided',
      reason,
      issuedBy: actor.id,
      voidedAt: new Date(),
      voidedBy: actor.id,
    });
  } else {
    await tx
      .update(registerEntries)
      .set({ state: 'voided', reason, voidedAt: new Date(), voidedBy: actor.id })
      .where(
        and(
          eq(registerEntries.seriesId, s.id),
          eq(registerEntries.year, input.year),
          eq(registerEntries.number, input.number),
        ),
      );
  }
  await recordAudit(tx, {
    actor,
    entityType: 'number_series',
    entityId: s.id,
    action: 'number_voided',
    reason,
    documentId: cur?.documentId ?? null,
    data: { year: input.year, number: input.number, previous: cur?.state ?? null },
  });
  return { seriesId: s.id, year: input.year, number: input.number, state: 'voided' as const, reason };
}

export interface RegisterRow {
  number: number;
  printed: string;
  /** issued | voided | manual; `source: 'documents'` = registered by hand, not yet taken into the register */
  state: RegisterState;
  source: 'register' | 'documents';
  numberSymbol: string | null;
  date: string | null;
  typeCode: string | null;
  typeName: string | null;
  summary: string | null;
  signer: string | null;
  recipients: string | null;
  draftingUnit: string | null;
  copies: number | null;
  documentId: string | null;
  /** the reason of a void or skip, or the note */
  reason: string | null;
  /** the number is held twice (a hand registration over a number already in the register) */
  duplicate: boolean;
}
export interface RegisterGap {
  from: number;
  to: number;
  count: number;
  reason: string;
  reasonEn: string;
}

const GAP_VI =
  'Không có trong sổ: không văn bản nào được đăng ký với số này trên hệ thống (số cấp ngoài hệ thống, trước khi lập sổ, hoặc chưa nhập).';
const GAP_EN =
  'Not in the register: no document with this number is registered in the system (numbered outside it, before the register, or not entered yet).';

/**
 * The register of a series for a calendar year (ND 30/2020 Appendix IV): every entry by number, the documents
 * registered by hand that belong to the series but hold no entry yet (`source: 'documents'`), and the gaps
 * (numbers from 1 to the highest with no row) with their reason. `readable(documentId)` says whether the
 * viewer may read a restricted document's summary (otherwise it is withheld).
 */
export async function registerView(
  tx: Tx,
  s: SeriesRow,
  year: number,
  readable: (d: { access: string | null; accessAgencyCode: string | null }) => boolean,
) {
  const entries = await queryRows<Record<string, unknown>>(
    tx,
    sql`SELECT e.number, e.state, e.type_code, e.document_id, e.date::text AS date, e.reason, e.signer,
          e.recipients, e.drafting_unit, e.copies, d.number_symbol, d.date::text AS doc_date, d.type_code AS doc_type,
          d.summary, d.access, d.access_agency_code
        FROM register_entries e LEFT JOIN documents d ON d.id = e.document_id
        WHERE e.series_id = ${s.id} AND e.year = ${year} ORDER BY e.number`,
  );
  const hand = await queryRows<Record<string, unknown>>(
    tx,
    sql`SELECT d.id, d.number, d.number_symbol, d.date::text AS date, d.type_code, d.summary, d.access,
          d.access_agency_code
        FROM documents d WHERE ${await handDocumentsSql(tx, s)}
          AND d.date BETWEEN ${`${year}-01-01`}::date AND ${`${year}-12-31`}::date ORDER BY d.number`,
  );
  const summaryOf = (r: Record<string, unknown>) =>
    r.summary == null
      ? null
      : readable({
            access: r.access as string | null,
            accessAgencyCode: r.access_agency_code as string | null,
          })
        ? (r.summary as string)
        : '(văn bản hạn chế — restricted)';
  const rows: RegisterRow[] = entries.map((r) => {
    const type = (r.doc_type ?? r.type_code) as string | null;
    return {
      number: Number(r.number),
      printed: printedNumber(Number(r.number)),
      state: r.state as RegisterState,
      source: 'register',
      numberSymbol: (r.number_symbol as string | null) ?? null,
      date: ((r.doc_date ?? r.date) as string | null) ?? null,
      typeCode: type,
      typeName: type ? (DOCUMENT_TYPES[type]?.vi ?? null) : null,
      summary: summaryOf(r),
      signer: (r.signer as string | null) ?? null,
      recipients: (r.recipients as string | null) ?? null,
      draftingUnit: (r.drafting_unit as string | null) ?? null,
      copies: r.copies == null ? null : Number(r.copies),
      documentId: (r.document_id as string | null) ?? null,
      reason:
        (r.reason as string | null) ??
        (r.state === 'issued' && !r.document_id ? 'Đã cấp số, chưa đăng ký văn bản.' : null),
      duplicate: false,
    };
  });
  const held = new Set(rows.map((r) => r.number));
  for (const d of hand) {
    const n = Number(d.number);
    const type = d.type_code as string | null;
    rows.push({
      number: n,
      printed: printedNumber(n),
      state: 'manual',
      source: 'documents',
      numberSymbol: d.number_symbol as string,
      date: d.date as string,
      typeCode: type,
      typeName: type ? (DOCUMENT_TYPES[type]?.vi ?? null) : null,
      summary: summaryOf(d),
      signer: null,
      recipients: null,
      draftingUnit: null,
      copies: null,
      documentId: d.id as string,
      reason: 'Vào sổ thủ công (đăng ký trực tiếp trong sổ văn bản, không qua cấp số).',
      duplicate: held.has(n),
    });
  }
  rows.sort((a, b) => a.number - b.number || (a.source === 'register' ? -1 : 1));
  for (let i = 1; i < rows.length; i++)
    if (rows[i]!.number === rows[i - 1]!.number) rows[i]!.duplicate = rows[i - 1]!.duplicate = true;
  const max = rows.length ? rows[rows.length - 1]!.number : 0;
  const present = new Set(rows.map((r) => r.number));
  const gaps: RegisterGap[] = [];
  for (let n = 1; n <= max; n++) {
    if (present.has(n)) continue;
    const last = gaps[gaps.length - 1];
    if (last && last.to === n - 1) {
      last.to = n;
      last.count++;
    } else gaps.push({ from: n, to: n, count: 1, reason: GAP_VI, reasonEn: GAP_EN });
  }
  const count = (st: RegisterState) => rows.filter((r) => r.state === st).length;
  return {
    series: seriesOut(s),
    year,
    maxNumber: max,
    counts: {
      issued: count('issued'),
      voided: count('voided'),
      manual: count('manual'),
      gaps: gaps.reduce((x, g) => x + g.count, 0),
    },
    entries: rows,
    gaps,
  };
}
export type RegisterView = Awaited<ReturnType<typeof registerView>>;

/**
 * Demo configuration (REFERENCE §8; demo data): the Office (VP) shares one series for its administrative
 * documents (plans, letters, submissions, reports, notices, invitations, …) and keeps another for decisions
 * (2152/KH-VP 29/12/2021 and 123/VP-HCQT 18/01/2022 in one; 265/QĐ-VP 31/12/2021 and 02/QĐ-VP 04/01/2022 in the
 * other); the citizen reception board (VP-BTCD) has its own. The documents the seed cites are taken into the
 * registers as registered by hand, so the demo's numbering continues after them.
 */
export const DEMO_SERIES: SeriesInput[] = [
  {
    agencyCode: 'VP',
    name: 'Văn bản hành chính (KH, CV, TTr, BC, TB, GM…)',
    typeCodes: [
      'KH',
      'CV',
      'TTr',
      'BC',
      'TB',
      'GM',
      'GGT',
      'GUQ',
      'HD',
      'CTr',
      'PA',
      'ĐA',
      'DA',
      'BB',
      'CĐ',
      'HĐ',
      'BGN',
      'BTT',
      'GNP',
      'PG',
      'PC',
      'PB',
      'QC',
      'QyĐ',
      'TC',
    ],
  },
  { agencyCode: 'VP', name: 'Quyết định (QĐ)', typeCodes: ['QĐ'] },
  {
    agencyCode: 'VP-BTCD',
    name: 'Văn bản đi của Ban Tiếp công dân tỉnh (PC, CV, TB, BC…)',
    typeCodes: ['PC', 'CV', 'TB', 'BC'],
    isDefault: true,
  },
];

/** Loads {@link DEMO_SERIES} when no series exists yet and the organisations are there (demo bootstrap). */
export async function loadRegisterDemo(tx: Tx): Promise<boolean> {
  const [{ n }] = (await queryRows<{ n: number }>(
    tx,
    sql`SELECT (SELECT count(*) FROM number_series)::int AS n`,
  )) as [{ n: number }];
  if (Number(n) > 0) return false;
  const codes = await queryRows<{ code: string }>(
    tx,
    sql`SELECT code FROM agencies WHERE code IN ('VP', 'VP-BTCD')`,
  );
  if (codes.length < 2) return false;
  for (const s of DEMO_SERIES) await createSeries(tx, null, s);
  return true;
}
