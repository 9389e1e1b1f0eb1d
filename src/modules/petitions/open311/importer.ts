/**
 * Importer of 311 CSV exports in the layout of Boston's open data (`case_enquiry_id, open_dt, target_dt,
 * closed_dt, ontime, case_status, closure_reason, case_title, subject, reason, type, queue, department, …,
 * location, …, latitude, longitude, source`; see shared/data/open311/SOURCE.md) into `service_requests`
 * (source `import`), and the on-time / overdue computation on the imported cases.
 *
 * Times in the file are local wall-clock times without a zone (Boston: America/New_York, with daylight
 * saving) and are stored as UTC instants. A case number already present is skipped (importing twice changes
 * nothing). A row with a missing number, type or open time, or an unreadable time, fails the whole import
 * (400 with one error per row), nothing is written.
 */
import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import type { Tx } from '../../../db/engine.ts';
import { queryRows } from '../../../db/engine.ts';
import { serviceRequests } from '../../../db/schema.ts';
import { AppError, type ErrorItem } from '../../../kernel/errors.ts';
import { nfc, searchKey } from '../../../kernel/text.ts';
import { importedServiceCode } from './services.ts';
import { zonedWallTimeToDate } from './mapping.ts';

export interface ImportOptions {
  /** IANA zone of the file's times (default America/New_York) */
  zone?: string;
  /** prefix of the service codes made from the CSV `type` (default `BOS`) */
  servicePrefix?: string;
  demo?: boolean;
}

export interface ImportResult {
  imported: number;
  skipped: number;
  /**
   * The extraction instant the file implies: the latest instant it contains (open, target or close time).
   * An export cannot be older than a time written in it; see {@link serviceRequestTimeliness}.
   */
  extractedAt: Date | null;
}

/** Distinct addresses sharing one point from which that point is taken as a placeholder. */
export const PLACEHOLDER_ADDRESSES = 3;

const REQUIRED = ['case_enquiry_id', 'open_dt', 'case_status', 'type'];

const blank = (v: string | undefined) => {
  const t = (v ?? '').trim();
  return t ? nfc(t) : null;
};

/** Imports the rows of a 311 CSV export. */
export async function importServiceRequestsCsv(
  tx: Tx,
  csvText: string,
  opts: ImportOptions = {},
): Promise<ImportResult> {
  const zone = opts.zone ?? 'America/New_York';
  const prefix = opts.servicePrefix ?? 'BOS';
  let records: Record<string, string>[];
  try {
    records = parse(csvText.replace(/^\uFEFF/, ''), {
      columns: true,
      skip_empty_lines: true,
      relax_column_count: false,
    }) as Record<string, string>[];
  } catch (e) {
    throw new AppError(
      400,
      'invalid_csv',
      `Tệp CSV không đọc được: ${(e as Error).message}`,
      `The CSV file cannot be read: ${(e as Error).message}`,
      'file',
    );
  }
  const header = records.length ? Object.keys(records[0]!) : [];
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (records.length && missing.length)
    throw new AppError(
      400,
      'missing_columns',
      `Thiếu cột: ${missing.join(', ')}.`,
      `Missing columns: ${missing.join(', ')}.`,
      'file',
    );
  const errors: ErrorItem[] = [];
  const rows: (typeof serviceRequests.$inferInsert)[] = [];
  let latest = -Infinity;
  const time = (r: Record<string, string>, col: string, i: number): Date | null => {
    const v = blank(r[col]);
    if (!v) return null;
    const d = zonedWallTimeToDate(v, zone);
    if (!d) {
      errors.push({
        code: 'invalid_time',
        message: `Dòng ${i + 2}: thời gian không hợp lệ ở cột ${col}.`,
        messageEn: `Row ${i + 2}: invalid time in column ${col}.`,
        path: `rows.${i}.${col}`,
        index: i,
      });
      return null;
    }
    latest = Math.max(latest, d.getTime());
    return d;
  };
  const seen = new Set<string>();
  records.forEach((r, i) => {
    const code = blank(r.case_enquiry_id);
    const type = blank(r.type);
    const openedAt = time(r, 'open_dt', i);
    const expectedAt = time(r, 'target_dt', i);
    const closedAt = time(r, 'closed_dt', i);
    for (const [col, v] of [
      ['case_enquiry_id', code],
      ['type', type],
      ['open_dt', blank(r.open_dt)],
    ] as const)
      if (!v)
        errors.push({
          code: 'required',
          message: `Dòng ${i + 2}: thiếu ${col}.`,
          messageEn: `Row ${i + 2}: ${col} is missing.`,
          path: `rows.${i}.${col}`,
          index: i,
        });
    if (!code || !type || !openedAt || seen.has(code)) return;
    seen.add(code);
    const status = /^closed$/i.test(r.case_status?.trim() ?? '') || closedAt ? 'closed' : 'in_progress';
    const lat = Number(r.latitude);
    const long = Number(r.longitude);
    const title = blank(r.case_title) ?? type;
    const address = blank(r.location);
    rows.push({
      id: randomUUID(),
      code,
      serviceCode: importedServiceCode(prefix, type),
      serviceName: type,
      description: title,
      descriptionKey: searchKey(title, address),
      lat: address && blank(r.latitude) && Number.isFinite(lat) ? lat : null,
      long: address && blank(r.longitude) && Number.isFinite(long) ? long : null,
      addressString: address,
      status,
      statusNotes: blank(r.closure_reason),
      agencyResponsible: blank(r.subject) ?? blank(r.department),
      requestedAt: openedAt,
      updatedAt: closedAt ?? openedAt,
      expectedAt,
      closedAt: status === 'closed' ? (closedAt ?? openedAt) : null,
      source: 'import',
      sourceChannel: blank(r.source),
      externalOntime: blank(r.ontime),
      mediaUrl: blank(r.submittedphoto),
      demo: opts.demo ?? false,
    });
  });
  // A point given to many different addresses is a placeholder, not a place: Boston puts City Hall's
  // coordinates (42.3594, -71.0587) on cases it could not geocode (no location, intersections). Such
  // coordinates are dropped so that they never make two cases look close.
  const addressesAt = new Map<string, Set<string>>();
  for (const r of rows)
    if (r.lat != null && r.long != null) {
      const k = `${r.lat},${r.long}`;
      if (!addressesAt.has(k)) addressesAt.set(k, new Set());
      addressesAt.get(k)!.add(searchKey(r.addressString));
    }
  for (const r of rows)
    if (
      r.lat != null &&
      r.long != null &&
      addressesAt.get(`${r.lat},${r.long}`)!.size >= PLACEHOLDER_ADDRESSES
    )
      r.lat = r.long = null;
  if (errors.length)
    throw new AppError(
      400,
      'invalid_rows',
      errors[0]!.message,
      errors[0]!.messageEn!,
      errors[0]!.path,
      errors,
    );
  let imported = 0;
  for (let i = 0; i < rows.length; i += 500) {
    const part = rows.slice(i, i + 500);
    const done = await tx
      .insert(serviceRequests)
      .values(part)
      .onConflictDoNothing({ target: serviceRequests.code })
      .returning({ id: serviceRequests.id });
    imported += done.length;
  }
  return {
    imported,
    skipped: rows.length - imported,
    extractedAt: Number.isFinite(latest) ? new Date(latest) : null,
  };
}

export type Timeliness = 'ontime' | 'overdue';

/**
 * On time or overdue on a calendar-time clock against the case's own target (no working-day calendar: 311
 * targets are instants): a closed case is on time when closed at or before its target, or when it has no
 * target; an open case is overdue when its target has been reached at `asOf` (target ≤ asOf), on time
 * otherwise or without a target.
 */
export function serviceRequestTimeliness(
  c: { expectedAt: Date | null; closedAt: Date | null },
  asOf: Date,
): Timeliness {
  if (!c.expectedAt) return 'ontime';
  if (c.closedAt) return c.closedAt.getTime() <= c.expectedAt.getTime() ? 'ontime' : 'overdue';
  return c.expectedAt.getTime() <= asOf.getTime() ? 'overdue' : 'ontime';
}

/** The imported cases with our timeliness at `asOf` and the source's own flag, for comparison. */
export async function importedTimeliness(
  tx: Tx,
  asOf: Date,
): Promise<{ code: string; ours: Timeliness; theirs: string | null }[]> {
  const rows = await queryRows<{
    code: string;
    expected_at: number | null;
    closed_at: number | null;
    external_ontime: string | null;
  }>(
    tx,
    sql`SELECT code, (extract(epoch FROM expected_at) * 1000)::float8 AS expected_at,
          (extract(epoch FROM closed_at) * 1000)::float8 AS closed_at, external_ontime
        FROM service_requests WHERE source = 'import' ORDER BY code`,
  );
  const d = (v: number | null) => (v == null ? null : new Date(Number(v)));
  return rows.map((r) => ({
    code: r.code,
    ours: serviceRequestTimeliness({ expectedAt: d(r.expected_at), closedAt: d(r.closed_at) }, asOf),
    theirs: r.external_ontime,
  }));
}
