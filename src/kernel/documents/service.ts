/**
 * Directive documents (văn bản): registered with their number/symbol as printed, parsed parts
 * (ND 30/2020/NĐ-CP art. 15, REFERENCE §6), date, issuer and summary (trích yếu).
 *
 * Dates we record are validated: an impossible date is a 400 naming `date`. A citation of someone
 * else's document (`citation: true`) is stored as written with `dateInvalid` flagged, never corrected
 * (REFERENCE §8: the seed cites 31/QĐ-VP "dated" 31/4/2019).
 */
import { randomUUID } from 'node:crypto';
import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../db/engine.ts';
import { auditEvents, documents } from '../../db/schema.ts';
import { badRequest, conflict } from '../errors.ts';
import { likePattern, nfc, searchKey } from '../text.ts';
import { recordAudit } from '../audit/index.ts';
import type { Principal, Role } from '../auth/roles.ts';
import { canonicalNumberSymbol, DOCUMENT_TYPES, parseNumberSymbol } from './numbering.ts';
import { parseWrittenDate } from './dates.ts';

export interface DocumentInput {
  numberSymbol: string;
  /** `YYYY-MM-DD` or `d/m/yyyy` */
  date: string;
  issuerCode?: string | null;
  issuerName?: string | null;
  summary: string;
  citation?: boolean;
  note?: string | null;
  file?: { name: string; mime: string; base64: string } | null;
  /** restricted document (see `DOCUMENT_ACCESS`); null = every signed-in user */
  access?: DocumentAccess | null;
  /** the addressee agency whose handlers may also read a restricted document */
  accessAgencyCode?: string | null;
}

/**
 * Who reads a restricted document besides its addressee's handlers. Petition letters carry complainants'
 * personal data (and the matter of a denunciation): only the citizen reception board, the Office leader and
 * admins list them; a petition handler reads those addressed to its agency.
 */
export const DOCUMENT_ACCESS = {
  petitions: ['admin', 'office_leader', 'reception_officer', 'reception_leader'],
} as const satisfies Record<string, readonly Role[]>;
export type DocumentAccess = keyof typeof DOCUMENT_ACCESS;

/** Whether a user may see a document (list, detail, file). */
export function mayReadDocument(p: Principal, d: Pick<DocRow, 'access' | 'accessAgencyCode'>): boolean {
  if (!d.access) return true;
  const roles = (DOCUMENT_ACCESS as Record<string, readonly Role[]>)[d.access] ?? [];
  if (p.roles.some((r) => roles.includes(r))) return true;
  return p.roles.includes('petition_handler') && !!p.agencyCode && d.accessAgencyCode === p.agencyCode;
}

/** The SQL filter of `mayReadDocument` for lists. */
function readableFilter(p: Principal): SQL {
  const open = Object.entries(DOCUMENT_ACCESS)
    .filter(([, roles]) => p.roles.some((r) => (roles as readonly Role[]).includes(r)))
    .map(([k]) => k);
  const handler =
    p.roles.includes('petition_handler') && p.agencyCode
      ? sql` OR ${documents.accessAgencyCode} = ${p.agencyCode}`
      : sql``;
  const access = open.length
    ? sql` OR ${documents.access} IN (${sql.join(
        open.map((k) => sql`${k}`),
        sql`, `,
      )})`
    : sql``;
  return sql`(${documents.access} IS NULL${access}${handler})`;
}

type DocRow = typeof documents.$inferSelect;

export function documentOut(d: DocRow) {
  const t = d.typeCode ? DOCUMENT_TYPES[d.typeCode] : undefined;
  return {
    id: d.id,
    numberSymbol: d.numberSymbol,
    number: d.number,
    year: d.year,
    type: d.typeCode,
    typeName: t?.vi ?? null,
    typeNameEn: t?.en ?? null,
    issuerSymbol: d.issuerSymbol,
    unitSymbol: d.unitSymbol,
    pattern: d.pattern,
    date: d.date,
    dateAsWritten: d.dateAsWritten,
    dateInvalid: d.dateInvalid,
    citation: d.citation,
    issuerCode: d.issuerCode,
    issuerName: d.issuerName,
    summary: d.summary,
    note: d.note,
    hasFile: !!d.fileName,
    fileName: d.fileName,
  };
}
export type DocumentOut = ReturnType<typeof documentOut>;

const docKey = (numberSymbol: string, date: string | null, asWritten: string) =>
  `${canonicalNumberSymbol(numberSymbol).toUpperCase()}|${date ?? asWritten}`;

function prepare(input: DocumentInput) {
  const numberSymbol = nfc(input.numberSymbol);
  const parsed = parseNumberSymbol(numberSymbol);
  if (!parsed && !input.citation) {
    throw badRequest(
      'invalid_number_symbol',
      `Số, ký hiệu "${numberSymbol}" không đúng mẫu (vd. 1100/QĐ-UBND, 3340/UBND-NC, 55/2021/QĐ-UBND, 306-QĐ/TU).`,
      `Number/symbol "${numberSymbol}" matches no pattern (e.g. 1100/QĐ-UBND, 3340/UBND-NC, 55/2021/QĐ-UBND, 306-QĐ/TU).`,
      'numberSymbol',
    );
  }
  const written = parseWrittenDate(input.date);
  if (!written.iso && !input.citation) {
    throw badRequest(
      'invalid_date',
      `Ngày văn bản "${input.date}" không hợp lệ.`,
      `The document date "${input.date}" is not a valid date.`,
      'date',
    );
  }
  if (
    parsed?.pattern === 'legal' &&
    written.iso &&
    Number(written.iso.slice(0, 4)) !== parsed.year &&
    !input.citation
  ) {
    throw badRequest(
      'year_mismatch',
      `Năm trong ký hiệu (${parsed.year}) khác năm ban hành (${written.iso.slice(0, 4)}).`,
      `The year in the symbol (${parsed.year}) differs from the date's year.`,
      'date',
    );
  }
  return { numberSymbol, parsed, iso: written.iso, asWritten: input.date.trim() };
}

/** The row to insert for a document input (validated; throws 400 like {@link registerDocument}). */
export function documentRow(actor: Principal | null, input: DocumentInput) {
  const p = prepare(input);
  if (input.file && input.file.base64.length > 14_000_000) {
    throw badRequest(
      'file_too_large',
      'Tệp đính kèm quá lớn (tối đa 10 MB).',
      'The file is too large (max 10 MB).',
      'file',
    );
  }
  return {
    id: randomUUID(),
    numberSymbol: p.numberSymbol,
    docKey: docKey(p.numberSymbol, p.iso, p.asWritten),
    number: p.parsed?.number ?? null,
    year: p.parsed?.year ?? null,
    typeCode: p.parsed?.type ?? null,
    issuerSymbol: p.parsed?.issuer ?? null,
    unitSymbol: p.parsed?.unit ?? null,
    pattern: p.parsed?.pattern ?? 'unrecognised',
    date: p.iso,
    dateAsWritten: p.asWritten,
    dateInvalid: !p.iso,
    citation: input.citation ?? false,
    issuerCode: input.issuerCode ?? null,
    issuerName: input.issuerName ? nfc(input.issuerName) : null,
    summary: nfc(input.summary),
    note: input.note ? nfc(input.note) : null,
    fileName: input.file?.name ?? null,
    fileMime: input.file?.mime ?? null,
    fileData: input.file?.base64 ?? null,
    searchKey: searchKey(p.numberSymbol, input.summary, input.issuerName),
    access: input.access ?? null,
    accessAgencyCode: input.accessAgencyCode ?? null,
    createdBy: actor?.id ?? null,
  };
}
export type NewDocumentRow = ReturnType<typeof documentRow>;

/** Registers a document. 409 `document_exists` when the same number/symbol and date is already there. */
export async function registerDocument(
  tx: Tx,
  actor: Principal | null,
  input: DocumentInput,
): Promise<DocRow> {
  const row = documentRow(actor, input);
  const existing = await tx
    .select({ id: documents.id })
    .from(documents)
    .where(eq(documents.docKey, row.docKey));
  if (existing.length) {
    throw conflict(
      'document_exists',
      `Văn bản ${row.numberSymbol} đã được đăng ký.`,
      `Document ${row.numberSymbol} is already registered.`,
      'numberSymbol',
    );
  }
  const [inserted] = await tx.insert(documents).values(row).returning();
  await recordAudit(tx, {
    actor,
    entityType: 'document',
    entityId: row.id,
    action: 'registered',
    data: { numberSymbol: row.numberSymbol, date: row.date },
  });
  return inserted!;
}

/**
 * Bulk form of {@link ensureDocument} for imports: returns the id of each prepared row's document,
 * registering (with their audit events) those not yet there, in a few statements.
 */
export async function ensureDocumentRows(
  tx: Tx,
  actor: Principal | null,
  rows: NewDocumentRow[],
): Promise<Map<string, string>> {
  const byKey = new Map<string, string>();
  const keys = [...new Set(rows.map((r) => r.docKey))];
  for (let i = 0; i < keys.length; i += 1000) {
    const found = await tx
      .select({ id: documents.id, key: documents.docKey })
      .from(documents)
      .where(inArray(documents.docKey, keys.slice(i, i + 1000)));
    for (const f of found) byKey.set(f.key, f.id);
  }
  const fresh: NewDocumentRow[] = [];
  for (const r of rows) {
    if (byKey.has(r.docKey)) continue;
    byKey.set(r.docKey, r.id);
    fresh.push(r);
  }
  for (let i = 0; i < fresh.length; i += 500) {
    const chunk = fresh.slice(i, i + 500);
    await tx.insert(documents).values(chunk);
    await tx.insert(auditEvents).values(
      chunk.map((r) => ({
        id: randomUUID(),
        actorUserId: actor?.id ?? null,
        actorName: actor?.username ?? 'system',
        entityType: 'document',
        entityId: r.id,
        action: 'registered',
        data: { numberSymbol: r.numberSymbol, date: r.date },
      })),
    );
  }
  return byKey;
}

/** Finds a document by number/symbol and date, or registers it (task import: "documents not yet registered are created"). */
export async function ensureDocument(tx: Tx, actor: Principal | null, input: DocumentInput): Promise<DocRow> {
  const p = prepare(input);
  const [row] = await tx
    .select()
    .from(documents)
    .where(eq(documents.docKey, docKey(p.numberSymbol, p.iso, p.asWritten)));
  return row ?? registerDocument(tx, actor, input);
}

export async function getDocument(db: Tx, id: string): Promise<DocRow | null> {
  const [row] = await db.select().from(documents).where(eq(documents.id, id));
  return row ?? null;
}

export interface DocumentFilter {
  q?: string;
  type?: string;
  issuer?: string;
  from?: string;
  to?: string;
  citation?: boolean;
  page: number;
  pageSize: number;
  /** only the documents this user may read (`mayReadDocument`) */
  visibleTo?: Principal;
}

/** Lists documents, newest first; `q` ignores case and diacritics. */
export async function listDocuments(db: Tx, f: DocumentFilter) {
  const conds: SQL[] = [];
  if (f.q) conds.push(sql`${documents.searchKey} LIKE ${likePattern(f.q)}`);
  if (f.type) conds.push(eq(documents.typeCode, f.type));
  if (f.issuer)
    conds.push(sql`(${documents.issuerSymbol} = ${f.issuer} OR ${documents.issuerCode} = ${f.issuer})`);
  if (f.from) conds.push(sql`${documents.date} >= ${f.from}`);
  if (f.to) conds.push(sql`${documents.date} <= ${f.to}`);
  if (f.citation !== undefined) conds.push(eq(documents.citation, f.citation));
  if (f.visibleTo) conds.push(readableFilter(f.visibleTo));
  const where = conds.length ? and(...conds) : undefined;
  const [{ n }] = (await db
    .select({ n: sql<number>`count(*)::int` })
    .from(documents)
    .where(where)) as [{ n: number }];
  const rows = await db
    .select()
    .from(documents)
    .where(where)
    .orderBy(sql`${documents.date} DESC NULLS LAST`, desc(documents.number))
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize);
  return { items: rows.map(documentOut), total: Number(n) };
}
