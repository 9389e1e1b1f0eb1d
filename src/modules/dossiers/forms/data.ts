/**
 * Reads what a form shows from the database (issue 4 §5): the dossier row, its events (append-only
 * history), control-sheet steps, payments, receiving body and agencies. Read-only; call inside one
 * transaction (`tx`). Forms follow the dossier's era (`dossiers.era`: nd61 → TT 01/2018 Art 9, nd118 →
 * TT 03/2025 Appendix I). All dates in Asia/Ho_Chi_Minh.
 */
import { and, asc, eq, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../../db/engine.ts';
import { agencies, dossierEvents, dossiers, procedureVersions, receivingBodies } from '../../../db/schema.ts';
import { hcmDateTime, shiftDate, toHcmDate } from '../../../kernel/calendar/dates.ts';
import { hasAnyRole, OFFICE_ROLES, type Principal } from '../../../kernel/auth/roles.ts';
import { AppError, badRequest, forbidden, notFound } from '../../../kernel/errors.ts';
import type { ProcedureData } from '../../procedures/types.ts';
import { canSeeDossier } from '../service.ts';
import { dossierHistory } from '../queries.ts';
import { STATUS_LABELS, type DossierStatus, type Era } from '../rules.ts';
import { RETURN_METHOD_VI } from './format.ts';
import {
  formSpec,
  type BookData,
  type BookRow,
  type ComponentLine,
  type ControlRow,
  type DossierFormData,
  type FormSpec,
  type Issuer,
} from './types.ts';

/** The province: place in the date line and the governing body above every issuing unit (ND 30/2020). */
export const PLACE = 'Quảng Ngãi';
export const GOVERNING_BODY = 'UBND TỈNH QUẢNG NGÃI';
/** Most rows one tracking book may hold; a longer period → 400 `period_too_long`. */
export const BOOK_MAX_ROWS = 5000;

type DossierRow = typeof dossiers.$inferSelect;
type EventRow = typeof dossierEvents.$inferSelect;

/** The issuing unit in caps for the header: the body's name without the trailing province. */
function issuerOf(name: string): Issuer {
  const unitName = name.replace(/\s+(tỉnh\s+)?Quảng Ngãi$/iu, '').trim();
  return {
    governingBody: GOVERNING_BODY,
    unit: unitName.replace(/\s+tỉnh$/u, '').toLocaleUpperCase('vi'),
    unitName: unitName,
  };
}

const UNIT_VI: Record<string, string> = {
  working_days: 'ngày làm việc',
  calendar_days: 'ngày',
  working_hours: 'giờ làm việc',
};

async function agencyNames(tx: Tx, codes: (string | null | undefined)[]): Promise<Map<string, string>> {
  const list = [...new Set(codes.filter((c): c is string => !!c))];
  if (!list.length) return new Map();
  const rows = await tx
    .select({ code: agencies.code, name: agencies.name })
    .from(agencies)
    .where(inArray(agencies.code, list));
  return new Map(rows.map((r) => [r.code, r.name]));
}

const notApplicable = (spec: FormSpec) =>
  new AppError(
    404,
    'form_not_applicable',
    `Hồ sơ không có sự kiện ứng với mẫu số ${spec.no} (${spec.name}).`,
    `The dossier has no event for form ${spec.no} (${spec.name}).`,
    'form',
  );

const lastOf = (events: EventRow[], type: string) => [...events].reverse().find((e) => e.type === type);
const str = (v: unknown) => (typeof v === 'string' ? v : null);
const strs = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/**
 * Serial of a dossier in its receiving body's tracking book: book per calendar year (Asia/Ho_Chi_Minh),
 * numbered from 01 in receipt order (TT 01/2018 Art 10).
 */
async function registerSerial(tx: Tx, row: DossierRow): Promise<number> {
  const yearStart = hcmDateTime(`${toHcmDate(row.receivedAt).slice(0, 4)}-01-01`, '00:00');
  const [r] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(dossiers)
    .where(
      and(
        eq(dossiers.receivingBodyCode, row.receivingBodyCode),
        gte(dossiers.receivedAt, yearStart),
        or(
          lt(dossiers.receivedAt, row.receivedAt),
          and(eq(dossiers.receivedAt, row.receivedAt), lt(dossiers.code, row.code)),
        ),
      ),
    );
  return (r?.n ?? 0) + 1;
}

/**
 * The receipt's components table (form 01, "Thành phần hồ sơ nộp gồm"): the components the dossier
 * holds — only those handed in — with the same paper listed once: names equal once spacing, letter case and
 * a final full stop are ignored, and the same form (original / copy) → one line, counts added.
 */
export function mergeComponentLines(list: readonly ComponentLine[]): ComponentLine[] {
  const out: ComponentLine[] = [];
  const at = new Map<string, number>();
  for (const c of list) {
    const name = c.name.normalize('NFC').replace(/\s+/g, ' ').trim();
    const key = `${c.original ? 1 : 0}|${name.replace(/[.:;,\s]+$/u, '').toLocaleLowerCase('vi')}`;
    const k = at.get(key);
    if (k === undefined) {
      at.set(key, out.length);
      out.push({ name, original: !!c.original, count: c.count || 1 });
    } else out[k] = { ...out[k]!, count: out[k]!.count + (c.count || 1) };
  }
  return out;
}

/**
 * The data of form `form` of dossier `code`, for `principal`.
 *
 * - the era of the dossier picks the set (nd61: 01–06, nd118: 01–07); a form the era lacks, or the
 *   tracking book (06 nd61 / 07 nd118, see `loadBookData`) → 404 `form_not_found`;
 * - a form for an event the dossier never had → 404 `form_not_applicable` (01 and the control sheet need
 *   the receipt — an online filing not yet accepted has none; 02 a supplement request; 03 a refusal;
 *   04 an apology; 05-nd118 a stop notice). The latest such event is shown;
 * - visibility as the dossier itself: office roles and admin all; others their receiving body's or
 *   processing agency's dossiers; anything else → 404 (no hint that the code exists).
 *
 * @returns `{ spec, era, data }` ready for `renderForm(spec.no, era, data)`
 */
export async function loadFormData(
  tx: Tx,
  code: string,
  form: string,
  principal: Principal,
): Promise<{ spec: FormSpec; era: Era; data: DossierFormData }> {
  const [row] = await tx.select().from(dossiers).where(eq(dossiers.code, code));
  if (!row || !canSeeDossier(principal, row)) throw notFound('hồ sơ / dossier', 'code');
  const era = row.era as Era;
  const spec = formSpec(era, form);
  if (!spec || spec.kind === 'book')
    throw new AppError(
      404,
      'form_not_found',
      `Bộ mẫu của hồ sơ (${era === 'nd61' ? 'TT 01/2018/TT-VPCP' : 'TT 03/2025/TT-VPCP'}) không có mẫu số ${form} cho một hồ sơ.`,
      `The dossier's form set (${era}) has no per-dossier form ${form}.`,
      'form',
    );
  const { events, steps, payments } = await dossierHistory(tx, row.id);
  const receipt = [...events]
    .reverse()
    .find((e) => (e.type === 'receive' && e.toStatus === 'received') || e.type === 'accept');

  const [version] = await tx
    .select({ data: procedureVersions.data })
    .from(procedureVersions)
    .where(eq(procedureVersions.id, row.procedureVersionId));
  const proc = (version?.data as ProcedureData | undefined) ?? null;
  const [body] = await tx
    .select()
    .from(receivingBodies)
    .where(eq(receivingBodies.agencyCode, row.receivingBodyCode));
  const names = await agencyNames(tx, [
    row.receivingBodyCode,
    row.processingAgencyCode,
    proc?.agencyCode,
    ...steps.map((s) => s.agencyCode),
  ]);
  const bodyName = body?.name ?? names.get(row.receivingBodyCode) ?? row.receivingBodyCode;
  const bodyIssuer = issuerOf(bodyName);
  const agencyName =
    (row.processingAgencyCode && names.get(row.processingAgencyCode)) || proc?.agencyName || null;
  const agencyIssuer = agencyName ? issuerOf(agencyName) : bodyIssuer;

  const applicant = row.applicant as DossierFormData['dossier']['applicant'];
  const representative = (row.representative as DossierFormData['dossier']['representative']) ?? null;
  const limit = row.timeLimit as { value: number; unit: string; text?: string | null } | null;
  const fee = row.fee as { amount: number | null; status: string; receiptNumber?: string | null } | null;
  const paid = [...payments].reverse().find((p) => p.status === 'paid');
  const collectionPlace =
    row.returnMethod === 'post'
      ? `Địa chỉ nhận qua bưu chính: ${applicant.address}`
      : row.returnMethod === 'online'
        ? 'Cổng dịch vụ công trực tuyến'
        : bodyName;

  const data: DossierFormData = {
    issuer: bodyIssuer,
    place: PLACE,
    number: null,
    dossier: {
      code: row.code,
      procedureCode: row.procedureCode,
      procedureName: row.procedureName,
      field: row.field,
      channel: row.channel,
      receivedAt: receipt?.at ?? row.receivedAt,
      appointmentAt: row.appointmentAt,
      firstAppointmentAt: row.firstAppointmentAt,
      timeLimit: limit ? `${limit.value} ${UNIT_VI[limit.unit] ?? limit.unit}` : null,
      applicant,
      representative,
      components: mergeComponentLines((row.components as ComponentLine[] | null) ?? []),
      returnMethod: row.returnMethod,
      registerSerial: await registerSerial(tx, row),
      collectionPlace,
      receivingBodyName: bodyName,
      processingAgencyName: agencyName,
      receivedBy: receipt?.actorName ?? null,
      fee: fee
        ? {
            amount: fee.amount ?? paid?.amount ?? null,
            status: paid ? 'paid' : fee.status,
            receiptNumber: paid?.receiptNumber ?? fee.receiptNumber ?? null,
          }
        : null,
    },
  };
  const byAgency = (e: EventRow) => e.fromStatus === 'processing' || e.fromStatus === 'awaiting_payment';

  switch (spec.kind) {
    case 'receipt':
    case 'control':
      if (!receipt) throw notApplicable(spec);
      break;
    case 'supplement': {
      const e = lastOf(events, 'request_supplement');
      if (!e) throw notApplicable(spec);
      data.supplement = {
        at: e.at,
        missing: strs((e.data as Record<string, unknown> | null)?.missing),
        reason: e.note,
        by: e.actorName,
      };
      if (byAgency(e)) data.issuer = agencyIssuer;
      break;
    }
    case 'refusal': {
      const e = lastOf(events, 'refuse');
      if (!e) throw notApplicable(spec);
      data.refusal = {
        at: e.at,
        reasons: strs((e.data as Record<string, unknown> | null)?.reasons),
        note: e.note,
        by: e.actorName,
      };
      if (byAgency(e)) data.issuer = agencyIssuer;
      break;
    }
    case 'apology': {
      const e = lastOf(events, 'apologize');
      const d = (e?.data as Record<string, unknown> | null) ?? null;
      const newDate = str(d?.newDate);
      if (!e || !newDate) throw notApplicable(spec);
      const old = str(d?.appointmentAt);
      data.apology = {
        at: e.at,
        reason: e.note ?? '',
        appointmentAt: old ? new Date(old) : row.firstAppointmentAt,
        newDate,
        by: null,
      };
      // ND 61/2018 Art 19 cl.9: the processing body that is late apologises
      data.issuer = agencyIssuer;
      break;
    }
    case 'stop': {
      const e = lastOf(events, 'stop');
      if (!e) throw notApplicable(spec);
      data.stop = { at: e.at, reason: e.note ?? '', by: null };
      if (byAgency(e)) data.issuer = agencyIssuer;
      break;
    }
  }
  if (spec.kind === 'control') {
    const label = (c: string | null) => (c ? (names.get(c) ?? c) : '');
    const rows: ControlRow[] = steps.map((s) => ({
      from: s.kind === 'transfer' ? 'Bộ phận Một cửa' : label(s.agencyCode) || (agencyName ?? ''),
      to:
        s.kind === 'transfer'
          ? label(s.agencyCode)
          : `${s.name}${s.agencyCode ? ` (${label(s.agencyCode)})` : ''}`,
      handedBy: s.handedBy,
      receivedBy: s.receivedBy,
      at: s.startedAt,
      dueAt: s.dueAt,
      result: s.result,
      note: s.note ?? (s.kind === 'transfer' ? null : s.name),
    }));
    const ready = lastOf(events, 'result_ready');
    if (ready)
      rows.push({
        from: agencyName ?? '',
        to: 'Bộ phận Một cửa',
        handedBy: ready.actorName,
        at: ready.at,
        dueAt: row.appointmentAt,
        result: row.timeliness,
        note: 'Có kết quả giải quyết',
      });
    const ret = lastOf(events, 'return');
    if (ret)
      rows.push({
        from: 'Bộ phận Một cửa',
        to: 'Tổ chức, cá nhân',
        handedBy: ret.actorName,
        at: ret.at,
        result: null,
        note: RETURN_METHOD_VI[row.returnMethod] ?? row.returnMethod,
      });
    data.control = rows;
  }
  return { spec, era, data };
}

export interface BookQuery {
  from: string;
  to: string;
  /** receiving body (agency code); default: all the principal may see */
  body?: string;
  era?: Era;
}

/**
 * The tracking book (Sổ theo dõi hồ sơ; TT 01/2018 Mẫu 06, TT 03/2025 Mẫu 07) for dossiers RECEIVED in
 * [from, to] (dates in Asia/Ho_Chi_Minh, inclusive), ordered by receiving body, receipt time, code.
 * Serial = the dossier's number in its body's book of that year (numbered from 01, TT 01/2018 Art 10).
 * Scope: office roles and admin see every body; others the dossiers of their agency (receiving body or
 * processing agency); no agency → 403. More than `BOOK_MAX_ROWS` → 400 `period_too_long`.
 */
export async function loadBookData(tx: Tx, q: BookQuery, principal: Principal): Promise<BookData> {
  if (q.to < q.from)
    throw badRequest('invalid_period', 'Ngày kết thúc trước ngày bắt đầu.', '`to` is before `from`.', 'to');
  const office = hasAnyRole(principal, OFFICE_ROLES);
  if (!office && !principal.agencyCode) throw forbidden();
  const start = hcmDateTime(q.from, '00:00');
  const end = hcmDateTime(shiftDate(q.to, 1), '00:00');
  const conds: SQL[] = [gte(dossiers.receivedAt, start), lt(dossiers.receivedAt, end)];
  if (q.body) conds.push(eq(dossiers.receivingBodyCode, q.body));
  if (!office)
    conds.push(
      or(
        eq(dossiers.receivingBodyCode, principal.agencyCode!),
        eq(dossiers.processingAgencyCode, principal.agencyCode!),
      )!,
    );
  const where = and(...conds);
  const [n] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(dossiers)
    .where(where);
  if ((n?.n ?? 0) > BOOK_MAX_ROWS)
    throw badRequest(
      'period_too_long',
      `Kỳ có ${n!.n} hồ sơ, vượt quá ${BOOK_MAX_ROWS} dòng của một sổ: hãy chọn kỳ ngắn hơn.`,
      `The period holds ${n!.n} dossiers, more than ${BOOK_MAX_ROWS} rows per book: choose a shorter period.`,
      'from',
    );
  const list = await tx
    .select({
      id: dossiers.id,
      code: dossiers.code,
      body: dossiers.receivingBodyCode,
      agency: dossiers.processingAgencyCode,
      procedureName: dossiers.procedureName,
      applicant: dossiers.applicant,
      receivedAt: dossiers.receivedAt,
      appointmentAt: dossiers.appointmentAt,
      resolvedAt: dossiers.resolvedAt,
      returnedAt: dossiers.returnedAt,
      status: dossiers.status,
      timeliness: dossiers.timeliness,
      apologyAt: dossiers.apologyAt,
      postal: dossiers.postal,
      procAgency: sql<string | null>`${procedureVersions.data}->>'agencyName'`,
    })
    .from(dossiers)
    .leftJoin(procedureVersions, eq(procedureVersions.id, dossiers.procedureVersionId))
    .where(where)
    .orderBy(asc(dossiers.receivingBodyCode), asc(dossiers.receivedAt), asc(dossiers.code));
  // first transfer of each dossier (the "chuyển hồ sơ" column)
  const transfers = new Map<string, Date>();
  const ids = list.map((r) => r.id);
  for (let i = 0; i < ids.length; i += 1000) {
    const part = ids.slice(i, i + 1000);
    const ev = await tx
      .select({
        id: dossierEvents.dossierId,
        at: sql<Date>`min(${dossierEvents.at})`.mapWith(dossierEvents.at),
      })
      .from(dossierEvents)
      .where(and(inArray(dossierEvents.dossierId, part), eq(dossierEvents.type, 'transfer')))
      .groupBy(dossierEvents.dossierId);
    for (const e of ev) transfers.set(e.id, e.at);
  }
  // serials: dossiers of the body received earlier in the same year, before the period
  const yearStart = hcmDateTime(`${q.from.slice(0, 4)}-01-01`, '00:00');
  const before = await tx
    .select({ body: dossiers.receivingBodyCode, n: sql<number>`count(*)::int` })
    .from(dossiers)
    .where(and(gte(dossiers.receivedAt, yearStart), lt(dossiers.receivedAt, start)))
    .groupBy(dossiers.receivingBodyCode);
  const counter = new Map(before.map((b) => [`${b.body}|${q.from.slice(0, 4)}`, b.n]));
  const names = await agencyNames(
    tx,
    list.map((r) => r.agency),
  );
  const rows: BookRow[] = list.map((r) => {
    const key = `${r.body}|${toHcmDate(r.receivedAt).slice(0, 4)}`;
    const serial = (counter.get(key) ?? 0) + 1;
    counter.set(key, serial);
    const a = r.applicant as { name: string; address?: string | null };
    const notes: string[] = [];
    const st = r.status as DossierStatus;
    if (['refused', 'withdrawn', 'stopped', 'supplement_requested', 'awaiting_payment'].includes(st))
      notes.push(STATUS_LABELS[st].vi);
    if (r.timeliness === 'late') notes.push('Quá hạn');
    if (r.apologyAt) notes.push('Có phiếu xin lỗi, hẹn lại');
    const postal = r.postal as { itemCode?: string } | null;
    if (postal?.itemCode) notes.push(`Bưu gửi ${postal.itemCode}`);
    return {
      serial,
      code: r.code,
      procedureName: r.procedureName,
      applicant: a.name,
      applicantAddress: a.address ?? null,
      leadBody: (r.agency && names.get(r.agency)) || r.procAgency || null,
      receivedAt: r.receivedAt,
      appointmentAt: r.appointmentAt,
      transferredAt: transfers.get(r.id) ?? null,
      resultAt: r.resolvedAt,
      returnedAt: r.returnedAt,
      note: notes.join('; ') || null,
    };
  });
  let issuerName = 'Trung tâm Phục vụ - Kiểm soát thủ tục hành chính tỉnh Quảng Ngãi';
  const bodyCode = q.body ?? (office ? null : principal.agencyCode);
  if (bodyCode) {
    const [b] = await tx.select().from(receivingBodies).where(eq(receivingBodies.agencyCode, bodyCode));
    const nm = b?.name ?? (await agencyNames(tx, [bodyCode])).get(bodyCode);
    if (nm) issuerName = nm;
  }
  return {
    issuer: issuerOf(issuerName),
    place: PLACE,
    from: q.from,
    to: q.to,
    date: toHcmDate(new Date()),
    rows,
  };
}
