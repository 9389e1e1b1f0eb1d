/**
 * Demo dossiers of the seed's 9-month 2022 reporting window, 2021-12-15 → 2022-09-14 (issue 4 §9),
 * imported through `importDossiers` (the same fold as live actions; one recount of the report counts).
 *
 * - 2,407 fishing-vessel dossiers filed by phone with the call centre (channel `phone`, receiving body
 *   VP-TTHC), fisheries procedures at provincial level (1.003650 registration, 1.003634 re-issue, 1.003681
 *   deletion, 1.003586 temporary registration, 1.004344 approval to build/convert/buy), processed by
 *   SNNPTNT, returned by post with a postal item code, sent and delivery dates; no other phone dossiers.
 * - 4,000 counter (2,600) and online (1,400) dossiers over provincial procedures of several agencies,
 *   with supplements (clock restart), refusals, withdrawals, late results (most with an apology and a new
 *   date) and early / on-time results.
 * - Ratings on returned dossiers (kiosk for counter, web for online, paper or web for phone filings):
 *   exactly 1 in 100 (rounded down) is neutral or unsatisfied → 99.0 % satisfied.
 * Every dossier is received and resolved (or closed) inside the window: none is pending at 2022-09-14.
 *
 * Deterministic: a fixed-seed generator (mulberry32) and the catalogue as loaded by `loadProcedureDemo`
 * (which runs first). A procedure is used on a date only when the version in force then has a known limit
 * for the channel (a limit still "needs review" is never guessed); when none of the five fisheries
 * procedures qualifies, other provincial fisheries procedures with known limits are used. With no usable
 * catalogue at all (no procedures loaded), nothing is imported.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/engine.ts';
import {
  addWorkingDays,
  hcmDateTime,
  isWorkingDay,
  shiftDate,
  toHcmDate,
  type CalendarSnapshot,
} from '../../kernel/calendar/index.ts';
import type { TimeLimitEntry } from '../procedures/types.ts';
import { deadlineFrom, dueDateOf, type AppliedLimit } from './fold.ts';
import { CATALOGUE_CHANNEL, type Channel } from './rules.ts';
import { importDossiers, type ImportAction, type ImportItem } from './service.ts';
import { mulberry32 } from '../../kernel/random.ts';

export const DEMO_WINDOW = { from: '2021-12-15', to: '2022-09-14' } as const;
export const DEMO_PHONE_DOSSIERS = 2407;
export const DEMO_COUNTER_DOSSIERS = 2600;
export const DEMO_ONLINE_DOSSIERS = 1400;
/** The fisheries procedures of the phone filings and their weights. */
export const DEMO_FISHERIES: readonly [string, number][] = [
  ['1.003650', 40],
  ['1.003634', 20],
  ['1.003681', 15],
  ['1.003586', 15],
  ['1.004344', 10],
];
const CENTRE = 'VP-TTHC';
const FISHERIES_AGENCY = 'SNNPTNT';

/** mulberry32: a small deterministic generator. */
function generator(seed: number) {
  const next = mulberry32(seed);
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!,
    weighted: <T>(xs: readonly [T, number][]) => {
      const total = xs.reduce((a, [, w]) => a + w, 0);
      let x = next() * total;
      for (const [v, w] of xs) if ((x -= w) < 0) return v;
      return xs[xs.length - 1]![0];
    },
  };
}
type Gen = ReturnType<typeof generator>;

interface VersionLite {
  validFrom: string;
  validTo: string | null;
  limits: TimeLimitEntry[];
}
interface Candidate {
  code: string;
  agencyCode: string | null;
  fisheries: boolean;
  versions: VersionLite[];
}

/** The limit the intake will apply on `date` for `channel` (same choice as the service), or null. */
function usableLimit(c: Candidate, date: string, channel: Channel): AppliedLimit | null {
  const v = c.versions.find((x) => x.validFrom <= date && (x.validTo === null || x.validTo >= date));
  if (!v) return null;
  const want = CATALOGUE_CHANNEL[channel];
  const e =
    v.limits.find((t) => t.channel === want) ??
    v.limits.find((t) => t.channel === 'counter') ??
    v.limits.find((t) => t.value !== null);
  if (!e || e.needsReview || e.value === null || e.unit === null) return null;
  return { value: e.value, unit: e.unit, channel: e.channel };
}

const NAMES = {
  family: ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Huỳnh', 'Võ', 'Phan', 'Trương', 'Bùi', 'Đặng', 'Đỗ', 'Ngô'],
  middle: ['Văn', 'Thị', 'Minh', 'Đức', 'Thanh', 'Ngọc', 'Quốc', 'Hữu', 'Xuân', 'Thu'],
  given: [
    'An',
    'Bình',
    'Cường',
    'Dũng',
    'Hải',
    'Hùng',
    'Lan',
    'Long',
    'Mai',
    'Nam',
    'Phúc',
    'Sơn',
    'Tâm',
    'Thủy',
    'Trung',
    'Vy',
  ],
  places: [
    'xã Bình Châu, huyện Bình Sơn',
    'xã Tịnh Kỳ, thành phố Quảng Ngãi',
    'xã Phổ Thạnh, thị xã Đức Phổ',
    'xã Nghĩa An, thành phố Quảng Ngãi',
    'huyện Lý Sơn',
    'xã Đức Lợi, huyện Mộ Đức',
    'phường Nghĩa Lộ, thành phố Quảng Ngãi',
    'xã Bình Thạnh, huyện Bình Sơn',
  ],
};

function applicant(g: Gen, i: number) {
  const name = `${g.pick(NAMES.family)} ${g.pick(NAMES.middle)} ${g.pick(NAMES.given)}`;
  return {
    name,
    idNumber: `0511${String(80_000_000 + ((i * 7919) % 19_999_999)).padStart(8, '0')}`,
    phone: `09${String(10_000_000 + ((i * 104_729) % 89_999_999)).padStart(8, '0')}`,
    address: `Thôn ${1 + g.int(9)}, ${g.pick(NAMES.places)}, tỉnh Quảng Ngãi`,
  };
}

const at = (date: string, minutes: number) =>
  hcmDateTime(
    date,
    `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`,
  );

/** A working-hours instant on a working day: 07:30–11:30, 13:30–16:45 (some after the 15:00 cut-off). */
function officeTime(g: Gen, date: string): Date {
  const morning = g.next() < 0.55;
  return at(date, morning ? 450 + g.int(240) : 810 + g.int(195));
}

/** The working day on or after `date`. */
function workingOnOrAfter(cal: CalendarSnapshot, date: string): string {
  let d = date;
  while (!isWorkingDay(cal, d)) d = shiftDate(d, 1);
  return d;
}

type Outcome = 'early' | 'on_time' | 'late' | 'late_apology' | 'refuse' | 'withdraw';

interface Plan {
  channel: Channel;
  code: string;
  limit: AppliedLimit;
  receiptDay: string;
  outcome: Outcome;
  supplement: boolean;
}

/**
 * Builds one import item: intake + dated actions ending inside the window. Returns null when the history
 * would not fit before the window's end (the caller draws another receipt day).
 */
function buildItem(cal: CalendarSnapshot, g: Gen, p: Plan, i: number): ImportItem | null {
  const end = DEMO_WINDOW.to;
  const receivedAt = officeTime(g, p.receiptDay);
  const actions: ImportAction[] = [];
  let t = receivedAt;
  const step = (minutes: number) => (t = new Date(t.getTime() + minutes * 60_000));
  const online = p.channel === 'online';
  if (online) actions.push({ action: 'accept', at: step(30 + g.int(200)) });
  let clockStart = t;
  if (p.outcome === 'refuse') {
    actions.push({
      action: 'refuse',
      at: step(20 + g.int(120)),
      reasons: [
        g.pick([
          'Hồ sơ không thuộc thẩm quyền giải quyết',
          'Không đủ điều kiện theo quy định',
          'Giấy tờ không hợp lệ',
        ]),
      ],
    });
    return item(p, receivedAt, actions, i, g);
  }
  if (p.supplement) {
    actions.push({
      action: 'request_supplement',
      at: step(30 + g.int(240)),
      missing: [
        g.pick([
          'Bản sao chứng thực giấy tờ tùy thân',
          'Bản vẽ thiết kế',
          'Giấy tờ chứng minh quyền sở hữu',
          'Tờ khai có chữ ký',
        ]),
      ],
    });
    const back = workingOnOrAfter(cal, shiftDate(toHcmDate(t), 2 + g.int(5)));
    t = officeTime(g, back);
    actions.push({ action: 'supplement_received', at: t });
    clockStart = t;
  }
  // transfer to the processing agency the same working day (before 15:00) or the next morning
  const tr = new Date(t.getTime() + (15 + g.int(60)) * 60_000);
  const trDay = toHcmDate(tr);
  actions.push({
    action: 'transfer',
    at:
      tr.getTime() > hcmDateTime(trDay, '16:30').getTime() || !isWorkingDay(cal, trDay)
        ? at(workingOnOrAfter(cal, shiftDate(trDay, 1)), 480 + g.int(60))
        : tr,
    ...(p.channel === 'phone' ? { agencyCode: FISHERIES_AGENCY } : {}),
  });
  t = actions[actions.length - 1]!.at as Date;
  if (p.outcome === 'withdraw') {
    actions.push({ action: 'withdraw', at: step(60 * (2 + g.int(40))), note: 'Công dân đề nghị rút hồ sơ' });
    return toHcmDate(t) <= end ? item(p, receivedAt, actions, i, g) : null;
  }
  const due = deadlineFrom(cal, p.limit, clockStart);
  const dueDay = p.limit.unit === 'working_hours' ? toHcmDate(due.dueAt) : dueDateOf(due.dueAt);
  let resolvedAt: Date;
  if (p.outcome === 'early' || p.outcome === 'on_time') {
    const day =
      p.outcome === 'on_time' || p.limit.unit === 'working_hours'
        ? dueDay
        : addWorkingDays(cal, dueDay, -(1 + g.int(Math.max(1, Math.min(4, Math.floor(p.limit.value / 2))))));
    resolvedAt =
      p.limit.unit === 'working_hours' ? new Date(due.dueAt.getTime() - 60 * 60_000) : officeTime(g, day);
    if (p.outcome === 'on_time' && p.limit.unit !== 'working_hours')
      resolvedAt = at(dueDay, 480 + g.int(420));
  } else {
    if (p.outcome === 'late_apology' && p.limit.unit !== 'working_hours') {
      const apologyDay = addWorkingDays(cal, dueDay, -1);
      const apologyAt = at(apologyDay, 500 + g.int(200));
      if (apologyAt.getTime() > t.getTime())
        actions.push({
          action: 'apologize',
          at: apologyAt,
          note: 'Hồ sơ cần xác minh thêm với cơ quan liên quan; xin lỗi ông/bà và hẹn lại ngày trả kết quả.',
          newDate: addWorkingDays(cal, dueDay, 3),
        });
    }
    resolvedAt = officeTime(g, addWorkingDays(cal, dueDay, 1 + g.int(3)));
  }
  if (resolvedAt.getTime() <= t.getTime()) resolvedAt = new Date(t.getTime() + 30 * 60_000);
  actions.push({ action: 'result_ready', at: resolvedAt });
  t = resolvedAt;
  if (p.channel === 'phone') {
    const sent = workingOnOrAfter(cal, shiftDate(toHcmDate(t), 1));
    actions.push({
      action: 'return',
      at: at(sent, 480 + g.int(180)),
      postal: {
        itemCode: `EB${String(100_000_000 + ((i * 48_271) % 899_999_999)).padStart(9, '0')}VN`,
        sentOn: sent,
      },
    });
    const delivered = shiftDate(sent, 1 + g.int(3));
    actions.push({ action: 'postal_delivered', at: at(delivered, 960 + g.int(120)), deliveredOn: delivered });
  } else {
    const back = workingOnOrAfter(cal, shiftDate(toHcmDate(t), g.int(4)));
    const retAt = back === toHcmDate(t) ? new Date(t.getTime() + 60 * 60_000) : officeTime(g, back);
    actions.push({ action: 'return', at: retAt });
  }
  const last = actions[actions.length - 1]!.at as Date;
  if (toHcmDate(last) > end) return null;
  return item(p, receivedAt, actions, i, g);
}

function item(p: Plan, receivedAt: Date, actions: ImportAction[], i: number, g: Gen): ImportItem {
  return {
    procedureCode: p.code,
    channel: p.channel,
    applicant: applicant(g, i),
    components: [{ name: 'Đơn đề nghị (theo mẫu)', original: true, count: 1 }],
    receivedAt,
    receivingBodyCode: CENTRE,
    initialStatus: p.channel === 'online' ? 'new' : 'received',
    returnMethod: p.channel === 'phone' ? 'post' : p.channel === 'online' ? 'online' : 'counter',
    ...(p.channel === 'phone'
      ? {
          callerNumber: applicant(g, i).phone,
          note: 'Chủ tàu cá nộp hồ sơ qua Tổng đài; nhận kết quả qua bưu chính.',
        }
      : {}),
    actions,
  };
}

/** Working days of the window. */
function workingDays(cal: CalendarSnapshot): string[] {
  const out: string[] = [];
  for (let d: string = DEMO_WINDOW.from; d <= DEMO_WINDOW.to; d = shiftDate(d, 1))
    if (isWorkingDay(cal, d)) out.push(d);
  return out;
}

/** Loads the demo dossiers (see the module comment). */
export async function loadDossierDemo(tx: Tx, cal: CalendarSnapshot): Promise<void> {
  const rows = await queryRows<{
    code: string;
    agency_code: string | null;
    fisheries: boolean;
    levels: string[];
    valid_from: string;
    valid_to: string | null;
    limits: TimeLimitEntry[] | null;
  }>(
    tx,
    sql`SELECT p.code, p.agency_code, p.fisheries, p.levels, v.valid_from::text AS valid_from,
          v.valid_to::text AS valid_to, v.data->'timeLimits' AS limits
        FROM procedures p JOIN procedure_versions v ON v.procedure_code = p.code
        WHERE p.agency_code IS NOT NULL AND p.agency_code IN (SELECT code FROM agencies)
        ORDER BY p.code, v.version`,
  );
  const byCode = new Map<string, Candidate>();
  for (const r of rows) {
    if (!(r.levels ?? []).includes('province')) continue;
    let c = byCode.get(r.code);
    if (!c)
      byCode.set(
        r.code,
        (c = { code: r.code, agencyCode: r.agency_code, fisheries: r.fisheries, versions: [] }),
      );
    c.versions.push({ validFrom: r.valid_from, validTo: r.valid_to, limits: r.limits ?? [] });
  }
  const days = workingDays(cal);
  const coversWindow = (c: Candidate, channel: Channel) =>
    [DEMO_WINDOW.from, '2022-03-01', '2022-06-01', DEMO_WINDOW.to].every((d) => usableLimit(c, d, channel));
  // phone: the five fisheries procedures, else other provincial fisheries procedures with known limits
  let fisheries = DEMO_FISHERIES.filter(
    ([code]) => byCode.has(code) && coversWindow(byCode.get(code)!, 'phone'),
  );
  if (!fisheries.length)
    fisheries = [...byCode.values()]
      .filter((c) => c.fisheries && coversWindow(c, 'phone'))
      .slice(0, 5)
      .map((c) => [c.code, 20] as [string, number]);
  // counter / online: up to 4 procedures for each of up to 10 agencies (not fisheries), in code order
  const perAgency = new Map<string, Candidate[]>();
  for (const c of byCode.values()) {
    if (c.fisheries || !c.agencyCode || !coversWindow(c, 'counter') || !coversWindow(c, 'online')) continue;
    const list = perAgency.get(c.agencyCode) ?? [];
    if (list.length < 4) list.push(c);
    perAgency.set(c.agencyCode, list);
  }
  const general = [...perAgency.entries()]
    .sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))
    .slice(0, 10)
    .flatMap(([, list]) => list);
  if (!fisheries.length && !general.length) return;

  const g = generator(20220914);
  const items: ImportItem[] = [];
  const plan = (channel: Channel, code: string, outcome: Outcome, supplement: boolean) => {
    const c = byCode.get(code)!;
    for (let attempt = 0; attempt < 50; attempt++) {
      // later attempts draw from earlier days so that long limits still end inside the window
      const span = Math.max(1, Math.floor(days.length * (1 - attempt * 0.05)));
      const receiptDay = days[g.int(span)]!;
      const limit = usableLimit(c, receiptDay, channel);
      if (!limit) continue;
      const it = buildItem(cal, g, { channel, code, limit, receiptDay, outcome, supplement }, items.length);
      if (it) return items.push(it);
    }
    throw new Error(`demo dossiers: no history of ${code} fits the window`);
  };
  const outcome = (): Outcome =>
    g.weighted<Outcome>([
      ['early', 62],
      ['on_time', 33],
      ['late', 0.6],
      ['late_apology', 1.2],
      ['withdraw', 1.2],
      ['refuse', 0.6],
    ]);
  if (fisheries.length)
    for (let i = 0; i < DEMO_PHONE_DOSSIERS; i++) {
      const o = outcome();
      plan('phone', g.weighted(fisheries), o === 'refuse' ? 'early' : o, g.next() < 0.04);
    }
  if (general.length) {
    for (let i = 0; i < DEMO_COUNTER_DOSSIERS; i++)
      plan('counter', g.pick(general).code, outcome(), g.next() < 0.06);
    for (let i = 0; i < DEMO_ONLINE_DOSSIERS; i++)
      plan('online', g.pick(general).code, outcome(), g.next() < 0.08);
  }
  // ratings: returned dossiers, ~70 %; exactly floor(n / 100) neutral or unsatisfied → 99.0 % satisfied
  const rated = items
    .map((it, i) => ({ it, i }))
    .filter(({ it }) => it.actions!.some((a) => a.action === 'return') && g.next() < 0.7);
  const others = Math.floor(rated.length / 100);
  const unhappy = new Set<number>();
  while (unhappy.size < others) unhappy.add(g.int(rated.length));
  rated.forEach(({ it }, k) => {
    const last = it.actions!.at(-1)!.at as Date;
    const ratedAt = new Date(last.getTime() + (10 + g.int(600)) * 60_000);
    const channel =
      it.channel === 'counter' ? 'kiosk' : it.channel === 'online' ? 'web' : g.next() < 0.6 ? 'paper' : 'web';
    it.rating = {
      channel,
      vote: unhappy.has(k) ? (k % 3 === 0 ? 'unsatisfied' : 'neutral') : 'satisfied',
      at: toHcmDate(ratedAt) > DEMO_WINDOW.to ? new Date(last.getTime() + 60_000) : ratedAt,
      ...(unhappy.has(k) ? { comment: 'Thời gian chờ tại quầy còn lâu.' } : {}),
    };
  });
  await importDossiers(tx, cal, items, { demo: true });
}
