/**
 * The bodies a petition is forwarded to, guided to or urged, as of a date (REFERENCE §0, §8: since
 * 2025-07-01 districts no longer exist and communes were merged — Luật 72/2025/QH15; `agencies.valid_from`
 * / `valid_to` and `agency_successions` record it, src/kernel/org).
 *
 * - {@link agencyInForce}: the agency if it exists and is in force on the date, else 400 `unknown_agency` /
 *   `agency_not_in_force` whose message names its successor(s) on that date.
 * - {@link addresseeName}: the name a letter is addressed to ("Kính gửi: …"): a district's or commune's
 *   People's Committee — "Ủy ban nhân dân huyện Sơn Tịnh", "Ủy ban nhân dân xã Tịnh Hà" — else the body's
 *   own name ("Sở Nông nghiệp và Môi trường"). A bare code is never printed where a name exists.
 */
import { asc, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../db/engine.ts';
import { agencies, agencySuccessions } from '../../db/schema.ts';
import { badRequest } from '../../kernel/errors.ts';

export type AgencyRow = typeof agencies.$inferSelect;

/** Kinds of local government whose letters go to their People's Committee (Ủy ban nhân dân). */
const LOCAL_GOVERNMENT_KINDS = new Set(['district', 'commune']);

/**
 * "Huyện Sơn Tịnh" (district) → "Ủy ban nhân dân huyện Sơn Tịnh"; "Xã Tịnh Hà" → "Ủy ban nhân dân xã Tịnh
 * Hà"; a name that already starts with "Ủy ban nhân dân" / "UBND" is written out; others unchanged.
 */
export function addresseeName(a: Pick<AgencyRow, 'name' | 'kind'>): string {
  const name = a.name.trim();
  if (/^(Ủy ban nhân dân|UBND)\b/u.test(name)) return name.replace(/^UBND\b/u, 'Ủy ban nhân dân');
  if (!LOCAL_GOVERNMENT_KINDS.has(a.kind)) return name;
  return `Ủy ban nhân dân ${name.charAt(0).toLocaleLowerCase('vi')}${name.slice(1)}`;
}

const inForce = (a: Pick<AgencyRow, 'validFrom' | 'validTo'>, date: string) =>
  a.validFrom <= date && (a.validTo === null || a.validTo >= date);

/**
 * The agency `code` if it is in force on `date` (YYYY-MM-DD, Asia/Ho_Chi_Minh).
 * @throws 400 `unknown_agency` (no such code) or 400 `agency_not_in_force` — the message names the
 *         successor(s) in force on `date` from `agency_successions` (followed through renames and merges),
 *         e.g. "Huyện Sơn Tịnh (527) không còn tồn tại từ 01/07/2025; cơ quan kế thừa: Xã Tịnh Hà (…), …".
 *         Both with the field `path`.
 */
export async function agencyInForce(tx: Tx, code: string, date: string, path: string): Promise<AgencyRow> {
  const [a] = await tx.select().from(agencies).where(eq(agencies.code, code));
  if (!a)
    throw badRequest(
      'unknown_agency',
      `Không có cơ quan mã "${code}".`,
      `There is no agency with the code "${code}".`,
      path,
    );
  if (inForce(a, date)) return a;
  const successors = a.validTo !== null && a.validTo < date ? await successorsOn(tx, code, date) : [];
  const list = successors.map((s) => `${s.name} (${s.code})`).join(', ');
  const dmy = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
  const when =
    a.validFrom > date
      ? { vi: `chưa được thành lập vào ngày ${dmy(date)}`, en: `was not yet established on ${date}` }
      : {
          vi: `không còn tồn tại từ ngày ${dmy(nextDay(a.validTo!))}`,
          en: `no longer exists since ${nextDay(a.validTo!)}`,
        };
  throw badRequest(
    'agency_not_in_force',
    `${a.name} (${a.code}) ${when.vi}${list ? `; cơ quan kế thừa: ${list}` : ''}.`,
    `${a.name} (${a.code}) ${when.en}${list ? `; successor(s): ${list}` : ''}.`,
    path,
  );
}

function nextDay(d: string): string {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + 1);
  return t.toISOString().slice(0, 10);
}

/** The successors of `code` in force on `date`, following successor links (at most 5 steps). */
export async function successorsOn(tx: Tx, code: string, date: string): Promise<AgencyRow[]> {
  const found = new Map<string, AgencyRow>();
  let frontier = [code];
  const seen = new Set(frontier);
  for (let step = 0; step < 5 && frontier.length; step++) {
    const links = await tx
      .select({ to: agencySuccessions.successorCode })
      .from(agencySuccessions)
      .where(inArray(agencySuccessions.predecessorCode, frontier))
      .orderBy(asc(agencySuccessions.successorCode));
    const next = [...new Set(links.map((l) => l.to))].filter((c) => !seen.has(c));
    if (!next.length) break;
    next.forEach((c) => seen.add(c));
    const rows = await tx.select().from(agencies).where(inArray(agencies.code, next));
    frontier = [];
    for (const r of rows) {
      if (inForce(r, date)) found.set(r.code, r);
      else frontier.push(r.code);
    }
  }
  return [...found.values()].sort((x, y) => x.code.localeCompare(y.code));
}

/** code → addressee name ({@link addresseeName}) for a set of codes; unknown codes are left out. */
export async function addresseeNames(tx: Tx, codes: readonly (string | null | undefined)[]) {
  const list = [...new Set(codes.filter((c): c is string => !!c))];
  if (!list.length) return new Map<string, string>();
  const rows = await tx
    .select({ code: agencies.code, name: agencies.name, kind: agencies.kind })
    .from(agencies)
    .where(inArray(agencies.code, list));
  return new Map(rows.map((r) => [r.code, addresseeName(r)]));
}

type Detail = {
  agencyCode: string;
  handlingAgencyCode: string | null;
  respondentAgencyCode?: string | null;
  events: { data: unknown }[];
  deadlines: { agencyCode: string | null }[];
};

/**
 * The petition detail with a name beside every agency code the UI shows (a bare code is never shown where a
 * name exists): `agencyName`, `handlingAgencyName`, `respondentAgencyName`, each event's `data.toAgencyName`
 * / `fromAgencyName` / `agencyName` (forward, guide, urge, reopen) and each clock's `agencyName` — the
 * addressee names of {@link addresseeName} ("Ủy ban nhân dân huyện Sơn Tịnh"). Unknown codes → null.
 */
export async function withAgencyNames<T extends Detail>(tx: Tx, d: T) {
  const data = (e: { data: unknown }) => (e.data ?? {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  const codes = [
    d.agencyCode,
    d.handlingAgencyCode,
    d.respondentAgencyCode ?? null,
    ...d.deadlines.map((x) => x.agencyCode),
    ...d.events.flatMap((e) => [data(e).toAgencyCode, data(e).fromAgencyCode, data(e).agencyCode].map(str)),
  ];
  const names = await addresseeNames(tx, codes);
  const name = (c: unknown) => (typeof c === 'string' ? (names.get(c) ?? null) : null);
  return {
    ...d,
    agencyName: name(d.agencyCode),
    handlingAgencyName: name(d.handlingAgencyCode),
    respondentAgencyName: name(d.respondentAgencyCode),
    events: d.events.map((e) => {
      const x = data(e);
      if (!e.data || !('toAgencyCode' in x || 'fromAgencyCode' in x || 'agencyCode' in x)) return e;
      return {
        ...e,
        data: {
          ...x,
          ...('toAgencyCode' in x ? { toAgencyName: name(x.toAgencyCode) } : {}),
          ...('fromAgencyCode' in x ? { fromAgencyName: name(x.fromAgencyCode) } : {}),
          ...('agencyCode' in x ? { agencyName: name(x.agencyCode) } : {}),
        },
      };
    }),
    deadlines: d.deadlines.map((x) => ({ ...x, agencyName: name(x.agencyCode) })),
  };
}
