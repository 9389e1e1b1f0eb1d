/**
 * Demo citizen reception and petitions of the seed's 9-month 2022 reporting window, 2021-12-15 →
 * 2022-09-14 (issue 5 §8; seed report of VP UBND Quảng Ngãi, "Công tác tiếp công dân, xử lý đơn thư").
 *
 * The seed gives only totals; everything else is reconstructed (docs/demo-data.md): fictional people,
 * plausible Vietnamese content (land compensation, site clearance, environment, social policy…), dates
 * on working days, handling over time. The report counts these records, nothing is stored as a figure:
 * - reception register of the Ban Tiếp công dân tỉnh (VP-BTCD): 199 sessions, 237 persons, 3 mass
 *   delegations (12, 8 and 6 people with 3, 2 and 1 representatives — Luật TCD Art 29), the Chairman's
 *   monthly reception day (Art 12), two ad hoc leader sessions for delegations, online sessions, six
 *   refusals with their Art 9 grounds; visitors of denunciation visits are confidential;
 * - 716 petitions received (3 mixed petitions split into 2 parts each count as 6), imported through
 *   `importPetitions` (the same fold as live actions): 346 eligible — 110 complaints, 27 denunciations,
 *   209 recommendations / feedback / land disputes (204 of them forwarded, 7 urged: the seed's other
 *   figures) — and 370 ineligible over the statutory reasons, 120 of them duplicates confirmed against an
 *   earlier original with the same signers and content.
 * Every event is dated inside the window. Deterministic (fixed-seed mulberry32).
 */
import { eq, sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/engine.ts';
import { users } from '../../db/schema.ts';
import type { Principal } from '../../kernel/auth/roles.ts';
import {
  addWorkingDays,
  isWorkingDay,
  shiftDate,
  type CalendarSnapshot,
} from '../../kernel/calendar/index.ts';
import { createReception } from './receptions.ts';
import type { ReceptionInput } from './reception-schemas.ts';
import { importPetitions, type ImportAction, type PetitionImportItem } from './service.ts';
import { mulberry32 } from '../../kernel/random.ts';

export const DEMO_PETITION_WINDOW = { from: '2021-12-15', to: '2022-09-14' } as const;
/** The seed's figures (REFERENCE §4 "Statistics"), which the report must count from the records. */
export const SEED_FIGURES = {
  sessions: 199,
  persons: 237,
  massDelegations: 3,
  received: 716,
  eligible: 346,
  complaints: 110,
  denunciations: 27,
  recommendationsFeedbackLand: 209,
  ineligible: 370,
  forwardedRecommendations: 204,
  urgedRecommendations: 7,
} as const;

const BOARD = 'VP-BTCD';

// ---------------------------------------------------------------------------------------------------
// Generator and vocabularies

function generator(seed: number) {
  const next = mulberry32(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const shuffle = <T>(xs: T[]): T[] => {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [xs[i], xs[j]] = [xs[j]!, xs[i]!];
    }
    return xs;
  };
  return { next, int, pick, shuffle };
}
type Rng = ReturnType<typeof generator>;

const FAMILY = [
  'Nguyễn',
  'Trần',
  'Lê',
  'Phạm',
  'Huỳnh',
  'Võ',
  'Phan',
  'Trương',
  'Bùi',
  'Đặng',
  'Đỗ',
  'Ngô',
  'Hồ',
  'Dương',
  'Đinh',
];
const MIDDLE_M = ['Văn', 'Đức', 'Minh', 'Hữu', 'Quang', 'Công', 'Thanh'];
const MIDDLE_F = ['Thị', 'Ngọc', 'Thanh', 'Thu', 'Kim'];
const GIVEN_M = [
  'An',
  'Bình',
  'Cường',
  'Dũng',
  'Hải',
  'Hùng',
  'Long',
  'Nam',
  'Phúc',
  'Quý',
  'Sơn',
  'Trung',
  'Tuấn',
  'Thành',
  'Lộc',
];
const GIVEN_F = ['Hà', 'Hạnh', 'Hoa', 'Lan', 'Mai', 'Tâm', 'Thảo', 'Vân', 'Xuân', 'Liên', 'Nga', 'Hồng'];
/** Districts of 2022 and a few of their communes (names only; addresses are fictional). */
const PLACES: readonly [string, readonly string[]][] = [
  ['huyện Bình Sơn', ['xã Bình Thạnh', 'xã Bình Đông', 'xã Bình Trị', 'xã Bình Hải']],
  ['huyện Sơn Tịnh', ['xã Tịnh Hà', 'xã Tịnh Sơn', 'xã Tịnh Bắc']],
  ['thành phố Quảng Ngãi', ['phường Trương Quang Trọng', 'xã Tịnh Khê', 'xã Nghĩa Dũng', 'phường Chánh Lộ']],
  ['huyện Tư Nghĩa', ['xã Nghĩa Kỳ', 'xã Nghĩa Thương', 'thị trấn La Hà']],
  ['huyện Nghĩa Hành', ['xã Hành Thịnh', 'xã Hành Phước', 'thị trấn Chợ Chùa']],
  ['huyện Mộ Đức', ['xã Đức Lợi', 'xã Đức Minh', 'xã Đức Phong']],
  ['thị xã Đức Phổ', ['phường Phổ Thạnh', 'xã Phổ Châu', 'phường Nguyễn Nghiêm']],
  ['huyện Sơn Hà', ['xã Sơn Thành', 'thị trấn Di Lăng']],
  ['huyện Trà Bồng', ['xã Trà Phú', 'thị trấn Trà Xuân']],
  ['huyện Ba Tơ', ['xã Ba Động', 'thị trấn Ba Tơ']],
  ['huyện Minh Long', ['xã Long Hiệp']],
  ['huyện Lý Sơn', ['xã An Vĩnh']],
];
const PROJECTS = [
  'dự án đường ven biển Dung Quất - Sa Huỳnh',
  'dự án Khu dân cư phía Nam đường Hoàng Văn Thụ',
  'dự án mở rộng Quốc lộ 24',
  'dự án nâng cấp tuyến đường Trì Bình - cảng Dung Quất',
  'dự án Khu tái định cư thôn Tây',
  'dự án kè chống sạt lở bờ sông Trà Khúc',
  'dự án hồ chứa nước Nước Trong',
  'dự án Khu công nghiệp VSIP Quảng Ngãi',
  'dự án đường cao tốc Đà Nẵng - Quảng Ngãi (đoạn qua địa phương)',
  'dự án chỉnh trang đô thị ven sông',
];

type Kind = 'complaint' | 'denunciation' | 'recommendation' | 'feedback' | 'land_dispute';

const CONTENT: Record<Kind, readonly string[]> = {
  complaint: [
    'Khiếu nại Quyết định thu hồi đất và phương án bồi thường, hỗ trợ của UBND {district} đối với diện tích đất ở của gia đình tại {commune} thuộc {project}; đề nghị xem xét lại đơn giá bồi thường.',
    'Khiếu nại việc không được bố trí lô đất tái định cư khi bị thu hồi toàn bộ đất ở tại {commune}, {district} để thực hiện {project}.',
    'Khiếu nại Quyết định giải quyết khiếu nại lần đầu của Chủ tịch UBND {district} về việc bồi thường cây trồng, vật kiến trúc trên đất nông nghiệp bị thu hồi.',
    'Khiếu nại việc xác định nguồn gốc đất là đất nông nghiệp thay vì đất ở khi lập phương án bồi thường tại {commune}.',
    'Khiếu nại quyết định xử phạt vi phạm hành chính trong lĩnh vực đất đai của Chủ tịch UBND {commune}, {district}.',
    'Khiếu nại việc cưỡng chế thu hồi đất tại {commune} khi chưa nhận đủ tiền bồi thường, hỗ trợ của {project}.',
    'Khiếu nại việc không được hưởng chế độ hỗ trợ chuyển đổi nghề nghiệp, tạo việc làm khi bị thu hồi đất sản xuất.',
  ],
  denunciation: [
    'Tố cáo cán bộ địa chính {commune}, {district} có hành vi nhận tiền khi làm thủ tục cấp giấy chứng nhận quyền sử dụng đất.',
    'Tố cáo việc lập hồ sơ bồi thường khống cho một số hộ không có đất bị thu hồi tại {project}.',
    'Tố cáo Chủ tịch UBND {commune} buông lỏng quản lý để xảy ra lấn chiếm đất công, xây dựng trái phép.',
    'Tố cáo việc thu các khoản đóng góp trái quy định của người dân tại {commune}, {district}.',
    'Tố cáo cán bộ {commune} sai phạm trong việc bình xét hộ nghèo, hộ cận nghèo.',
  ],
  recommendation: [
    'Kiến nghị xem xét nâng đơn giá bồi thường đất ở tại {commune}, {district} thuộc {project} cho phù hợp giá thị trường.',
    'Kiến nghị sớm chi trả tiền bồi thường, hỗ trợ còn lại cho các hộ dân bị ảnh hưởng bởi {project}.',
    'Kiến nghị cấp giấy chứng nhận quyền sử dụng đất cho diện tích đất gia đình sử dụng ổn định từ trước năm 1993 tại {commune}.',
    'Kiến nghị giải quyết chế độ chính sách người có công với cách mạng cho thân nhân liệt sĩ tại {district}.',
    'Kiến nghị làm rõ ranh giới đất rừng sản xuất giữa gia đình và Ban quản lý rừng phòng hộ tại {district}.',
    'Kiến nghị bố trí tái định cư tại chỗ cho các hộ dân thuộc {project}.',
    'Kiến nghị xem xét lại việc điều chỉnh quy hoạch sử dụng đất tại {commune}, {district}.',
  ],
  feedback: [
    'Phản ánh tình trạng ô nhiễm môi trường, mùi hôi do cơ sở chế biến tinh bột sắn tại {commune}, {district} gây ra.',
    'Phản ánh việc khai thác cát trái phép trên sông Trà Khúc đoạn qua {commune} gây sạt lở bờ sông.',
    'Phản ánh tuyến đường thi công {project} bỏ dở, gây bụi và mất an toàn giao thông tại {commune}.',
    'Phản ánh tình trạng ngập úng khu dân cư sau khi san lấp mặt bằng {project}.',
    'Phản ánh việc xả nước thải chưa qua xử lý ra kênh mương thủy lợi tại {commune}, {district}.',
    'Phản ánh chậm trễ trong giải quyết hồ sơ cấp giấy chứng nhận quyền sử dụng đất tại {district}.',
  ],
  land_dispute: [
    'Đề nghị giải quyết tranh chấp quyền sử dụng đất giữa gia đình với hộ liền kề tại {commune}, {district}.',
    'Tranh chấp ranh giới thửa đất vườn giữa các hộ gia đình tại {commune}; hòa giải tại xã không thành.',
    'Tranh chấp quyền sử dụng đất thừa kế giữa các anh chị em trong gia đình tại {commune}, {district}.',
    'Tranh chấp đất sản xuất nông nghiệp giữa hộ dân và hợp tác xã nông nghiệp tại {commune}.',
  ],
};

// ---------------------------------------------------------------------------------------------------
// The plan

type Route =
  | { kind: 'accept'; result: boolean; extend?: boolean }
  | { kind: 'forward'; result: boolean; urge: boolean }
  | { kind: 'guide' }
  | { kind: 'ineligible'; reason: string; then: 'file' | 'return' | 'guide' }
  | { kind: 'duplicate' };

interface Planned {
  kind: Kind;
  route: Route;
  /** part of a mixed petition: index of the mixed item and part number */
  mixedOf?: number;
  inPerson: boolean;
  date?: string;
  minutes?: number;
  receptionIndex?: number;
  /** the register entry of the visit that brought it */
  receptionId?: string;
  signers: number;
}

const SERIES = <T>(n: number, f: (i: number) => T) => Array.from({ length: n }, (_, i) => f(i));

/** The petitions by final category (716): counts that give the seed's figures. */
function petitionPlan(rng: Rng): Planned[] {
  const p = (kind: Kind, route: Route): Planned => ({ kind, route, inPerson: false, signers: 1 });
  const out: Planned[] = [];
  // eligible complaints (110): 40 accepted by the Chairman (28 with a result), 60 forwarded (22 with a
  // result reported back), 10 guided
  out.push(...SERIES(40, (i) => p('complaint', { kind: 'accept', result: i < 28 })));
  out.push(...SERIES(60, (i) => p('complaint', { kind: 'forward', result: i < 22, urge: false })));
  out.push(...SERIES(10, () => p('complaint', { kind: 'guide' })));
  // eligible denunciations (27): 8 accepted (5 with a conclusion, 2 extended), 17 forwarded once, 2 guided
  out.push(
    ...SERIES(8, (i) => p('denunciation', { kind: 'accept', result: i < 5, extend: i === 1 || i === 6 })),
  );
  out.push(...SERIES(17, () => p('denunciation', { kind: 'forward', result: false, urge: false })));
  out.push(...SERIES(2, () => p('denunciation', { kind: 'guide' })));
  // eligible recommendations / feedback / land disputes (209): 204 forwarded (7 urged), 5 guided
  const rfl: Kind[] = [
    ...SERIES(110, () => 'recommendation' as Kind),
    ...SERIES(64, () => 'feedback' as Kind),
    ...SERIES(35, () => 'land_dispute' as Kind),
  ];
  rng.shuffle(rfl);
  rfl.forEach((kind, i) =>
    out.push(
      i < 204
        ? p(kind, { kind: 'forward', result: i % 5 < 3, urge: i % 29 === 3 && i < 204 })
        : p(kind, { kind: 'guide' }),
    ),
  );
  // ineligible (370): kinds 90 complaints, 18 denunciations, 150 / 72 / 40 recommendation / feedback / land
  const inKinds: Kind[] = [
    ...SERIES(90, () => 'complaint' as Kind),
    ...SERIES(18, () => 'denunciation' as Kind),
    ...SERIES(150, () => 'recommendation' as Kind),
    ...SERIES(72, () => 'feedback' as Kind),
    ...SERIES(40, () => 'land_dispute' as Kind),
  ];
  const reasons: [string, number, 'file' | 'return' | 'guide'][] = [
    ['already_settled', 90, 'file'],
    ['not_competent', 60, 'guide'],
    ['anonymous', 35, 'file'],
    ['unsigned', 20, 'return'],
    ['time_barred', 15, 'file'],
    ['no_content', 10, 'return'],
    ['before_court', 8, 'file'],
    ['second_level_exists', 7, 'file'],
    ['no_personal_interest', 5, 'file'],
  ];
  // anonymous petitions are mostly denunciations (Luật TC Art 25); complaint-only reasons go to complaints
  const take = (pred: (k: Kind) => boolean): Kind => {
    const i = inKinds.findIndex(pred);
    return inKinds.splice(i >= 0 ? i : 0, 1)[0]!;
  };
  for (const [reason, n, then] of reasons) {
    for (let i = 0; i < n; i++) {
      const kind =
        reason === 'anonymous' && i < 18
          ? take((k) => k === 'denunciation')
          : ['time_barred', 'second_level_exists', 'no_personal_interest', 'before_court'].includes(reason)
            ? take((k) => k === 'complaint')
            : take((k) => k !== 'denunciation');
      out.push(p(kind, { kind: 'ineligible', reason, then }));
    }
  }
  // the rest are duplicates (120), kinds as left
  rng.shuffle(inKinds);
  for (const kind of inKinds) out.push(p(kind, { kind: 'duplicate' }));
  return out;
}

const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
const iso = (date: string, minutes: number) => `${date}T${hhmm(minutes)}:00+07:00`;

/** Working days of the window. */
function workingDays(cal: CalendarSnapshot): string[] {
  const out: string[] = [];
  for (let d: string = DEMO_PETITION_WINDOW.from; d <= DEMO_PETITION_WINDOW.to; d = shiftDate(d, 1))
    if (isWorkingDay(cal, d)) out.push(d);
  return out;
}

function person(rng: Rng, female = rng.next() < 0.45) {
  const [district, communes] = rng.pick(PLACES);
  const commune = rng.pick(communes);
  const name = `${rng.pick(FAMILY)} ${female ? rng.pick(MIDDLE_F) : rng.pick(MIDDLE_M)} ${female ? rng.pick(GIVEN_F) : rng.pick(GIVEN_M)}`;
  return {
    name,
    idNumber: `0511${String(rng.int(10_000_000, 99_999_999))}`,
    address: `Thôn ${rng.pick(['An Ba', 'Phước Lộc', 'Tân Hy', 'Đông Yên', 'Xuân Hòa', 'Vạn Tường', 'Long Bàn', 'Gò Da'])}, ${commune}, ${district}, tỉnh Quảng Ngãi`,
    phone: `09${rng.int(10_000_000, 99_999_999)}`,
    district,
    commune,
  };
}

function contentOf(rng: Rng, kind: Kind, district: string, commune: string): string {
  return rng
    .pick(CONTENT[kind])
    .replaceAll('{district}', district)
    .replaceAll('{commune}', commune)
    .replaceAll('{project}', rng.pick(PROJECTS));
}

// ---------------------------------------------------------------------------------------------------
// Loading

/** The demo officer who keeps the register (falls back to a system principal of the board). */
async function demoOfficer(tx: Tx): Promise<Principal> {
  const [u] = await tx
    .select({ id: users.id, displayName: users.displayName })
    .from(users)
    .where(eq(users.username, 'reception.officer'));
  return {
    id: u?.id ?? '00000000-0000-4000-8000-000000000000',
    username: 'reception.officer',
    displayName: u?.displayName ?? 'Cán bộ Ban Tiếp công dân tỉnh (demo)',
    roles: ['reception_officer'],
    agencyCode: BOARD,
    mustChangePassword: false,
  };
}

/**
 * Loads the demo receptions and petitions (one transaction, the caller's). Skipped when the board's
 * agency is missing (no demo organisation). Returns what was written.
 */
export async function loadPetitionDemo(
  tx: Tx,
  cal: CalendarSnapshot,
): Promise<{ receptions: number; petitions: number }> {
  const [board] = await queryRows<{ n: number }>(
    tx,
    sql`SELECT count(*)::int AS n FROM agencies WHERE code = ${BOARD}`,
  );
  if (!Number(board?.n)) return { receptions: 0, petitions: 0 };
  const targets = await queryRows<{ code: string; kind: string }>(
    tx,
    sql`SELECT code, kind FROM agencies WHERE kind IN ('district', 'department')
          AND valid_from <= '2021-12-15' AND (valid_to IS NULL OR valid_to >= '2022-09-14') ORDER BY code`,
  );
  const districts = targets.filter((t) => t.kind === 'district').map((t) => t.code);
  const departments = ['STNMT', 'SXD', 'SNNPTNT', 'SLĐTBXH', 'SGTVT', 'TTT'].filter((c) =>
    targets.some((t) => t.code === c),
  );
  const forwardTargets = districts.length ? districts : departments;
  const rng = generator(20220914);
  const days = workingDays(cal);
  const last = DEMO_PETITION_WINDOW.to;
  const plan = petitionPlan(rng);

  // three mixed petitions, each split into a complaint (accepted) and a recommendation (forwarded): take
  // those parts from the plan so that the final counts stay the same
  const mixed: { parts: [number, number] }[] = [];
  for (let m = 0; m < 3; m++) {
    const c = plan.findIndex(
      (x) => x.kind === 'complaint' && x.route.kind === 'accept' && x.mixedOf === undefined,
    );
    plan[c]!.mixedOf = m;
    const r = plan.findIndex(
      (x) => x.kind === 'recommendation' && x.route.kind === 'forward' && x.mixedOf === undefined,
    );
    plan[r]!.mixedOf = m;
    mixed.push({ parts: [c, r] });
  }

  // --- the reception register: 150 visits that left a petition + 49 without one
  const candidates = rng.shuffle(
    plan
      .map((x, i) => i)
      .filter((i) => plan[i]!.route.kind !== 'duplicate' && plan[i]!.mixedOf === undefined),
  );
  const linked = candidates.slice(0, 150);
  // mass delegations: land compensation (12 people, 3 representatives; ad hoc, Vice-Chairman), site
  // clearance (8, 2; ad hoc, Vice-Chairman), environment (6, 1; the board)
  const delegations = [
    { headcount: 12, reps: 3, kind: 'complaint' as Kind, leader: true },
    { headcount: 8, reps: 2, kind: 'recommendation' as Kind, leader: true },
    { headcount: 6, reps: 1, kind: 'feedback' as Kind, leader: false },
  ];
  const delegationOf = new Map<number, (typeof delegations)[number]>();
  for (const d of delegations) {
    const i = linked.find(
      (j) => plan[j]!.kind === d.kind && plan[j]!.route.kind !== 'ineligible' && !delegationOf.has(j),
    )!;
    delegationOf.set(i, d);
    plan[i]!.signers = d.reps;
  }
  const pairs = linked.filter((i) => !delegationOf.has(i)).slice(0, 15);
  for (const i of pairs) plan[i]!.signers = 2;
  // leader days: the Chairman's monthly reception day (Luật TCD Art 12), 18 sessions over 10 days
  const months = [
    '2021-12',
    '2022-01',
    '2022-02',
    '2022-03',
    '2022-04',
    '2022-05',
    '2022-06',
    '2022-07',
    '2022-08',
    '2022-09',
  ];
  const leaderDays = months.map((m) => {
    const inMonth = days.filter(
      (d) => d.startsWith(m) && d >= '2021-12-15' && d.slice(8) >= (m === '2022-09' ? '05' : '10'),
    );
    return inMonth[0]!;
  });
  const isUrged = (i: number) =>
    plan[i]!.route.kind === 'forward' && (plan[i]!.route as { urge: boolean }).urge;
  const leaderSessions = linked.filter((i) => !delegationOf.has(i) && !isUrged(i)).slice(0, 18);
  /** a receipt day leaving room for the handling the counts need (set_eligibility, forward; urge ~20 WD) */
  const dayFor = (i: number, from = 0) => days[rng.int(from, days.length - 1 - (isUrged(i) ? 30 : 8))]!;

  const officer = await demoOfficer(tx);
  const receptionInputs: { input: ReceptionInput; petition: number | null }[] = [];
  const outcomeAgency = new Map<number, string>();
  leaderSessions.forEach((i, k) => {
    const day = leaderDays[k < 16 ? Math.floor(k / 2) : k - 8]!;
    plan[i]!.date = day;
    plan[i]!.minutes = 8 * 60 + 30 * (k % 2) + rng.int(0, 20);
  });
  for (const i of linked) {
    const x = plan[i]!;
    const d = delegationOf.get(i);
    if (!x.date) {
      x.date = dayFor(i);
      x.minutes = rng.int(7 * 60 + 30, 16 * 60 + 30);
    }
    x.inPerson = true;
    if (x.route.kind === 'forward') outcomeAgency.set(i, rng.pick(forwardTargets));
    receptionInputs.push({
      petition: i,
      input: {
        receivedAt: iso(x.date, x.minutes!),
        kind: leaderSessions.includes(i) ? 'leader_periodic' : d?.leader ? 'leader_ad_hoc' : 'regular',
        ...(leaderSessions.includes(i)
          ? { leaderName: 'Chủ tịch UBND tỉnh (demo)', leaderAgencyCode: 'CT' }
          : d?.leader
            ? { leaderName: 'Phó Chủ tịch UBND tỉnh (demo)', leaderAgencyCode: 'PCT-NN' }
            : {}),
        visitors: [],
        headcount: d ? d.headcount : x.signers,
        massDelegation: !!d,
        summary: '',
        classification: x.kind,
        documentsReceived: [{ name: 'Đơn và tài liệu kèm theo', copies: 1 }],
        outcome: x.route.kind === 'accept' ? 'accepted' : x.route.kind === 'forward' ? 'forwarded' : 'guided',
        ...(x.route.kind === 'forward' ? { outcomeAgencyCode: outcomeAgency.get(i)! } : {}),
      },
    });
  }
  // 49 visits without a petition: 6 refused (Art 9), 6 online, 37 guided orally
  for (let k = 0; k < 49; k++) {
    const date = rng.pick(days);
    const kind: Kind = rng.pick([
      'complaint',
      'recommendation',
      'feedback',
      'land_dispute',
      'recommendation',
    ]);
    const refused = k < 6;
    receptionInputs.push({
      petition: null,
      input: {
        receivedAt: iso(date, rng.int(7 * 60 + 30, 16 * 60 + 30)),
        kind: k >= 6 && k < 12 ? 'online' : 'regular',
        visitors: [],
        headcount: 1,
        summary: '',
        classification: refused ? 'complaint' : kind,
        outcome: refused ? 'refused' : 'guided',
        ...(refused
          ? {
              refusalGround: k < 4 ? 'already_settled' : 'threat_or_insult',
              outcomeNote:
                k < 4
                  ? 'Vụ việc đã được giải quyết đúng pháp luật, đã rà soát và thông báo bằng văn bản (demo).'
                  : 'Công dân có lời lẽ xúc phạm, vi phạm nội quy nơi tiếp công dân (demo).',
            }
          : { outcomeNote: 'Đã giải thích, hướng dẫn công dân gửi đơn đến cơ quan có thẩm quyền (demo).' }),
      },
    });
  }

  // --- people, content and dates of every petition
  const items: PetitionImportItem[] = [];
  const who = plan.map(() => person(rng));
  for (const [i, x] of plan.entries()) {
    if (!x.date) {
      // duplicates come later than most originals
      x.date = dayFor(i, x.route.kind === 'duplicate' ? 30 : 0);
      x.minutes = rng.int(7 * 60 + 30, 16 * 60 + 30);
    }
  }
  const contents = plan.map((x, i) => contentOf(rng, x.kind, who[i]!.district, who[i]!.commune));

  // receptions: summaries from the petition (or a visit without one), visitors from the signers
  const receptionIds: (string | null)[] = [];
  for (const r of receptionInputs.sort((a, b) => a.input.receivedAt!.localeCompare(b.input.receivedAt!))) {
    const i = r.petition;
    const d = i !== null ? delegationOf.get(i) : undefined;
    const base = i !== null ? who[i]! : person(rng);
    const visitors = SERIES(d ? d.reps : r.input.headcount, (k) => {
      const v = k === 0 ? base : person(rng);
      return { name: v.name, idNumber: v.idNumber, address: v.address, phone: v.phone, representative: !!d };
    });
    const summary =
      i !== null ? contents[i]! : contentOf(rng, r.input.classification as Kind, base.district, base.commune);
    const created = await createReception(tx, officer, { ...r.input, visitors, summary }, { demo: true });
    if (i !== null) plan[i]!.receptionIndex = receptionIds.length;
    receptionIds.push(created.id);
    if (i !== null) plan[i]!.receptionId = created.id;
  }

  // --- petition items in receipt order; duplicates point to an earlier original of the same kind
  const order = plan
    .map((x, i) => i)
    .filter((i) => plan[i]!.mixedOf === undefined)
    .sort((a, b) => plan[a]!.date!.localeCompare(plan[b]!.date!) || plan[a]!.minutes! - plan[b]!.minutes!);
  // the mixed petitions take the date of their complaint part
  const mixedItems = mixed.map((m, k) => ({
    k,
    date: plan[m.parts[0]]!.date!,
    minutes: plan[m.parts[0]]!.minutes!,
  }));
  type Entry = { i: number } | { mixed: number };
  const entries: (Entry & { date: string; minutes: number })[] = [
    ...order.map((i) => ({ i, date: plan[i]!.date!, minutes: plan[i]!.minutes! })),
    ...mixedItems.map((m) => ({ mixed: m.k, date: m.date, minutes: m.minutes })),
  ].sort((a, b) => a.date.localeCompare(b.date) || a.minutes - b.minutes);

  const endMs = Date.parse(`${last}T17:00:00+07:00`);
  /** the actions of a route from a receipt time, dropping whatever falls after the window */
  const actionsOf = (
    x: Planned,
    i: number,
    start: { date: string; minutes: number },
    originalIndex?: number,
  ) => {
    const acts: ImportAction[] = [];
    let day = start.date;
    const step = (n: number, a: Omit<ImportAction, 'at'>) => {
      day = addWorkingDays(cal, day, n);
      const at = iso(day, rng.int(8 * 60, 16 * 60));
      if (Date.parse(at) > endMs || Date.parse(at) <= Date.parse(iso(start.date, start.minutes)))
        return false;
      acts.push({ ...a, at } as ImportAction);
      return true;
    };
    const r = x.route;
    if (r.kind === 'duplicate') {
      step(rng.int(1, 3), { action: 'confirm_duplicate', originalIndex: originalIndex! });
      step(1, { action: 'file' });
      return acts;
    }
    if (r.kind === 'ineligible') {
      step(rng.int(1, 4), { action: 'set_eligibility', eligibility: 'ineligible', reason: r.reason });
      if (r.then === 'file') step(1, { action: 'file' });
      else if (r.then === 'return')
        step(1, {
          action: 'return',
          note: 'Trả lại đơn, hướng dẫn công dân bổ sung chữ ký, nội dung (demo).',
        });
      else step(1, { action: 'guide', toAgencyCode: rng.pick(forwardTargets) });
      return acts;
    }
    step(rng.int(1, 3), { action: 'set_eligibility', eligibility: 'eligible' });
    if (r.kind === 'guide') {
      step(rng.int(1, 2), { action: 'guide', toAgencyCode: rng.pick(forwardTargets) });
      return acts;
    }
    if (r.kind === 'accept') {
      if (!step(rng.int(2, 5), { action: 'accept' })) return acts;
      if (
        r.extend &&
        !step(rng.int(18, 22), { action: 'extend', note: 'Vụ việc phức tạp, cần xác minh thêm (demo).' })
      )
        return acts;
      if (r.result)
        step(rng.int(15, 28), {
          action: 'record_result',
          outcome: rng.pick(
            x.kind === 'denunciation'
              ? ['upheld', 'partly_upheld', 'rejected']
              : ['upheld', 'partly_upheld', 'rejected', 'rejected'],
          ),
        });
      return acts;
    }
    const to = outcomeAgency.get(i) ?? rng.pick(forwardTargets);
    if (!step(rng.int(1, 3), { action: 'forward', toAgencyCode: to })) return acts;
    if (r.urge) step(rng.int(15, 20), { action: 'urge', agencyCode: to });
    if (r.result)
      step(rng.int(10, 30), {
        action: 'record_result',
        outcome: x.kind === 'complaint' ? rng.pick(['upheld', 'rejected', 'partly_upheld']) : 'answered',
      });
    return acts;
  };

  const itemIndexOf = new Map<number, number>();
  for (const e of entries) {
    if ('mixed' in e) {
      const [ci, ri] = mixed[e.mixed]!.parts;
      const pc = plan[ci]!;
      const pr = plan[ri]!;
      const w = who[ci]!;
      const splitAt = iso(addWorkingDays(cal, e.date, 2), 9 * 60 + rng.int(0, 60));
      items.push({
        receivedAt: iso(e.date, e.minutes),
        channel: 'post',
        kind: 'mixed',
        signers: [{ name: w.name, idNumber: w.idNumber, address: w.address, phone: w.phone }],
        content: `${contents[ci]} Đồng thời ${contents[ri]!.charAt(0).toLowerCase()}${contents[ri]!.slice(1)}`,
        actions: [
          {
            action: 'split',
            at: splitAt,
            parts: [
              {
                kind: pc.kind,
                content: contents[ci]!,
                actions: actionsOf(pc, ci, { date: splitAt.slice(0, 10), minutes: 9 * 60 + 61 }),
              },
              {
                kind: pr.kind,
                content: contents[ri]!,
                actions: actionsOf(pr, ri, { date: splitAt.slice(0, 10), minutes: 9 * 60 + 61 }),
              },
            ],
          },
        ],
      });
      continue;
    }
    const i = e.i;
    const x = plan[i]!;
    let originalIndex: number | undefined;
    let signers = who[i]!;
    if (x.route.kind === 'duplicate') {
      // an earlier original of the same kind (not itself a duplicate nor mixed)
      const earlier = [...itemIndexOf.entries()].filter(
        ([j]) => plan[j]!.route.kind !== 'duplicate' && plan[j]!.kind === x.kind,
      );
      const any = [...itemIndexOf.entries()].filter(([j]) => plan[j]!.route.kind !== 'duplicate');
      const [j, idx] = rng.pick(earlier.length ? earlier : any);
      originalIndex = idx;
      signers = who[j]!;
      contents[i] = contents[j]!;
      x.kind = plan[j]!.kind;
    }
    const w = signers;
    const anonymous = x.route.kind === 'ineligible' && x.route.reason === 'anonymous';
    const unsigned = x.route.kind === 'ineligible' && x.route.reason === 'unsigned';
    const extra = SERIES(Math.max(0, x.signers - 1), () => person(rng));
    const signerList = anonymous
      ? []
      : [
          unsigned
            ? { name: w.name, address: w.address }
            : { name: w.name, idNumber: w.idNumber, address: w.address, phone: w.phone },
          ...extra.map((v) => ({ name: v.name, idNumber: v.idNumber, address: v.address, phone: v.phone })),
        ];
    const channel = x.inPerson
      ? 'in_person'
      : rng.pick(['post', 'post', 'post', 'post', 'transferred', 'transferred', 'online', 'box'] as const);
    itemIndexOf.set(i, items.length);
    items.push({
      receivedAt: iso(x.date!, x.minutes!),
      channel,
      kind: x.kind,
      signers: signerList,
      ...(signerList.length > 1 ? { representativeIndex: 0 } : {}),
      content: contents[i]!,
      ...(x.kind === 'complaint'
        ? { respondent: `UBND ${w.district}` }
        : x.kind === 'denunciation'
          ? { respondent: `Cán bộ UBND ${w.commune}` }
          : {}),
      ...(x.receptionId ? { receptionId: x.receptionId } : {}),
      actions: actionsOf(x, i, { date: x.date!, minutes: x.minutes! }, originalIndex),
    });
  }
  const r = await importPetitions(tx, { cal, now: new Date() }, items, { demo: true });
  return { receptions: receptionIds.length, petitions: r.petitions };
}
