/**
 * Directive documents (văn bản): registered with their number/symbol as printed, parsed parts
 * (ND 30/2020/NĐ-CP art. 15, REFERENCE §6), date, issuer and summary (trích yếu).
 *
 * Dates we record are validated: an impossible date is a 400 naming `date`. A citation of someone
 * else's document (`citation: true`) is stored as written with `dateInvalid` flagged, never corrected
 * (REFERENCE §8: the seed cites 31/QĐ-VP "dated" 31/4/2019).
 */
import { randomUUID } from 'node:crypto';
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../db/engine.ts';
import { documents } from '../../db/schema.ts';
import { badRequest, conflict } from '../errors.ts';
import { likePattern, nfc, searchKey } from '../text.ts';
import { recordAudit } from '../audit/index.ts';
import type { Principal } from '../auth/roles.ts';
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

/** Registers a document. 409 `document_exists` when the same number/symbol and date is already there. */
export async function registerDocument(
  tx: Tx,
  actor: Principal | null,
  input: DocumentInput,
): Promise<DocRow> {
  const p = prepare(input);
  const key = docKey(p.numberSymbol, p.iso, p.asWritten);
  const existing = await tx.select({ id: documents.id }).from(documents).where(eq(documents.docKey, key));
  if (existing.length) {
    throw conflict(
      'document_exists',
      `Văn bản ${p.numberSymbol} đã được đăng ký.`,
      `Document ${p.numberSymbol} is already registered.`,
      'numberSymbol',
    );
  }
  if (input.file && input.file.base64.length > 14_000_000) {
    throw badRequest(
      'file_too_large',
      'Tệp đính kèm quá lớn (tối đa 10 MB).',
      'The file is too large (max 10 MB).',
      'file',
    );
  }
  const id = randomUUID();
  const [row] = await tx
    .insert(documents)
    .values({
      id,
      numberSymbol: p.numberSymbol,
      docKey: key,
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
      createdBy: actor?.id ?? null,
    })
    .returning();
  await recordAudit(tx, {
    actor,
    entityType: 'document',
    entityId: id,
    action: 'registered',
    data: { numberSymbol: p.numberSymbol, date: p.iso },
  });
  return row!;
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
