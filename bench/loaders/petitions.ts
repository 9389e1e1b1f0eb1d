/**
 * Petition loader shared by the benchmarks (bench:petitions, bench:periodic).
 *
 * `fillPetitions`: petitions received over 2021-01-01 … 2025-12-31, written with COPY (petitions, their
 * signers in `party_identities`, events `receive` / `set_eligibility` / `forward` / `guide` / `urge` /
 * `record_result` / `confirm_duplicate`, and open or met deadlines). Contents are composed from Vietnamese
 * petition templates with slots, so that the texts share their boilerplate but not their facts; content
 * keys are made by the same `contentKey` as intake, their terms by the same trigger. The terms' GIN index is
 * built after the load (as a restore would); the report facts and daily counts (`petition_report_facts`,
 * `petition_stats_daily`) are recounted set-based by the product's `recountPetitionFacts`, then `ANALYZE`.
 */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { openDatabase } from '../../src/db/engine.ts';
import { searchKey } from '../../src/kernel/text.ts';
import { contentKey, normaliseIdNumber, personKey } from '../../src/modules/petitions/duplicates.ts';
import { mulberry32 } from '../../src/kernel/random.ts';

const rng = mulberry32;
const fmt = (x: number, d = 0) =>
  x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

// ---------------------------------------------------------------------------------------------------
// Content generator

const A = ['Tịnh', 'Nghĩa', 'Bình', 'Đức', 'Phổ', 'Hành', 'Sơn', 'Trà', 'Ba', 'Long'];
const B = [
  'Khê',
  'Hà',
  'Châu',
  'Thuận',
  'Lợi',
  'Quang',
  'Thịnh',
  'Hạ',
  'Vì',
  'Sơn',
  'An',
  'Phong',
  'Minh',
  'Hiệp',
  'Kỳ',
  'Thạnh',
  'Trung',
  'Tân',
  'Hòa',
  'Lộc',
];
const V1 = ['An', 'Phú', 'Long', 'Mỹ', 'Tân', 'Xuân', 'Vĩnh', 'Hòa', 'Trung', 'Đông', 'Tây', 'Nam', 'Bắc'];
const V2 = ['Lộc', 'Bình', 'Hải', 'Thạnh', 'Phước', 'Hòa', 'Khánh', 'Yên', 'Lại', 'Ba'];
const DISTRICTS = [
  'Bình Sơn',
  'Sơn Tịnh',
  'Tư Nghĩa',
  'Nghĩa Hành',
  'Mộ Đức',
  'Đức Phổ',
  'Ba Tơ',
  'Minh Long',
  'Sơn Hà',
  'Sơn Tây',
  'Trà Bồng',
  'Lý Sơn',
  'TP Quảng Ngãi',
];
const FAM = [
  'Nguyễn',
  'Trần',
  'Lê',
  'Phạm',
  'Huỳnh',
  'Võ',
  'Phan',
  'Bùi',
  'Đặng',
  'Đỗ',
  'Hồ',
  'Ngô',
  'Dương',
  'Lý',
];
const MID = ['Văn', 'Thị', 'Đình', 'Minh', 'Quốc', 'Hữu', 'Thanh', 'Công'];
const GIV = [
  'An',
  'Bình',
  'Cường',
  'Dũng',
  'Em',
  'Giang',
  'Hải',
  'Hoa',
  'Hùng',
  'Khánh',
  'Lan',
  'Long',
  'Mai',
  'Nam',
  'Nga',
  'Oanh',
  'Phúc',
  'Quang',
  'Sơn',
  'Tâm',
  'Thu',
  'Tuấn',
  'Uyên',
  'Vinh',
  'Xuân',
  'Yến',
  'Đạt',
  'Lộc',
  'Phượng',
  'Trinh',
  'Tèo',
  'Bảy',
  'Sáu',
  'Tám',
  'Chín',
  'Mười',
  'Lực',
  'Tài',
  'Thành',
  'Hạnh',
];
const PROJECTS = [
  'đường ven biển Dung Quất - Sa Huỳnh',
  'đường cao tốc Đà Nẵng - Quảng Ngãi',
  'khu dân cư phía Nam',
  'kè chống sạt lở sông Trà Khúc',
  'khu công nghiệp VSIP',
  'hồ chứa nước Nước Trong',
  'mở rộng Quốc lộ 24',
  'khu tái định cư Tịnh Phong',
  'nhà máy điện gió',
  'đường Hai Bà Trưng nối dài',
  'khu đô thị mới',
  'trường trung học phổ thông',
  'cầu Trà Khúc 3',
  'cảng biển Dung Quất',
];
const COMPANIES = [
  'Hải Long',
  'Sa Huỳnh',
  'Phú Điền',
  'Minh Phát',
  'Trường Thịnh',
  'Hòa Bình',
  'Tân Việt',
  'Quảng Phú',
  'Đại Dương',
  'Thiên Ân',
];
const ROLES = [
  'cán bộ địa chính xã',
  'Chủ tịch UBND xã',
  'trưởng thôn',
  'công chức tư pháp xã',
  'kế toán xã',
  'Hiệu trưởng trường',
  'cán bộ thuế',
  'cán bộ Văn phòng đăng ký đất đai',
];

export interface Facts {
  person: { name: string; idNumber: string; address: string };
  commune: string;
  village: string;
  district: string;
  parcel: number;
  sheet: number;
  area: number;
  dec: number;
  date: string;
  amount: number;
  project: string;
  company: string;
  official: string;
  role: string;
  kind: string;
}

const pick = <T>(r: () => number, xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;

export function facts(r: () => number): Facts {
  const commune = `${pick(r, A)} ${pick(r, B)}`;
  const village = `${pick(r, V1)} ${pick(r, V2)}`;
  const district = pick(r, DISTRICTS);
  const name = `${pick(r, FAM)} ${pick(r, MID)} ${pick(r, GIV)}`;
  const kindRoll = r();
  return {
    person: {
      name,
      idNumber: `0510${String(Math.floor(r() * 1e8)).padStart(8, '0')}`,
      address: `Thôn ${village}, xã ${commune}, huyện ${district}`,
    },
    commune,
    village,
    district,
    parcel: 1 + Math.floor(r() * 900),
    sheet: 1 + Math.floor(r() * 40),
    area: 20 + Math.floor(r() * 3000),
    dec: 10 + Math.floor(r() * 5000),
    date: `${1 + Math.floor(r() * 28)}/${1 + Math.floor(r() * 12)}/${2019 + Math.floor(r() * 6)}`,
    amount: 5 + Math.floor(r() * 500),
    project: pick(r, PROJECTS),
    company: pick(r, COMPANIES),
    official: `${pick(r, FAM)} ${pick(r, MID)} ${pick(r, GIV)}`,
    role: pick(r, ROLES),
    kind:
      kindRoll < 0.3
        ? 'complaint'
        : kindRoll < 0.38
          ? 'denunciation'
          : kindRoll < 0.7
            ? 'recommendation'
            : kindRoll < 0.85
              ? 'feedback'
              : 'land_dispute',
  };
}

type S = (f: Facts) => string;
const OPEN: S[] = [
  (f) => `Tôi là ${f.person.name}, trú tại thôn ${f.village}, xã ${f.commune}, huyện ${f.district}.`,
  () => 'Kính gửi Ban Tiếp công dân tỉnh Quảng Ngãi.',
  (f) => `Kính gửi UBND huyện ${f.district}.`,
  () => '',
];
const FACTS: Record<string, S[]> = {
  complaint: [
    (f) =>
      `Tôi khiếu nại Quyết định số ${f.dec}/QĐ-UBND ngày ${f.date} của UBND huyện ${f.district} về việc phê duyệt phương án bồi thường dự án ${f.project}.`,
    (f) =>
      `Diện tích ${f.area} m² đất của gia đình tôi tại thửa số ${f.parcel}, tờ bản đồ số ${f.sheet} bị áp giá thấp hơn thực tế.`,
    (f) =>
      `Gia đình tôi không được bố trí tái định cư khi bị thu hồi đất ở tại thôn ${f.village}, xã ${f.commune}.`,
    (f) =>
      `UBND xã ${f.commune} không xác nhận nguồn gốc đất thửa ${f.parcel} tờ bản đồ ${f.sheet} để gia đình tôi làm thủ tục cấp giấy chứng nhận.`,
    (f) =>
      `Hồ sơ cấp giấy chứng nhận quyền sử dụng đất của tôi nộp từ ngày ${f.date} đã quá hạn mà chưa có kết quả.`,
    (f) =>
      `Tôi bị xử phạt ${f.amount} triệu đồng theo Quyết định số ${f.dec}/QĐ-XPVPHC là không đúng quy định.`,
  ],
  denunciation: [
    (f) =>
      `Tôi tố cáo ông ${f.official}, ${f.role} ${f.commune}, đã nhận ${f.amount} triệu đồng của người dân để làm thủ tục nhưng không thực hiện.`,
    (f) => `Ông ${f.official} lập danh sách khống để nhận tiền hỗ trợ của Nhà nước tại thôn ${f.village}.`,
    (f) => `Lãnh đạo UBND xã ${f.commune} bao che cho Công ty ${f.company} khai thác đất, cát trái phép.`,
    (f) =>
      `Việc thu chi quỹ ở thôn ${f.village}, xã ${f.commune} không công khai, có dấu hiệu chiếm đoạt ${f.amount} triệu đồng.`,
  ],
  recommendation: [
    (f) =>
      `Tuyến đường từ thôn ${f.village} đi trung tâm xã ${f.commune} xuống cấp nghiêm trọng, nhiều ổ gà, mùa mưa ngập nước.`,
    (f) =>
      `Đề nghị đầu tư hệ thống nước sạch cho thôn ${f.village}, xã ${f.commune} vì giếng nước nhiễm phèn, nhiễm mặn.`,
    (f) => `Đề nghị sớm chi trả tiền bồi thường dự án ${f.project} cho các hộ dân thôn ${f.village}.`,
    (f) =>
      `Hồ sơ hưởng chế độ người có công của gia đình tôi nộp tại UBND xã ${f.commune} từ ngày ${f.date} chưa được giải quyết.`,
    (f) =>
      `Đề nghị lắp đặt đèn chiếu sáng trên tuyến đường qua thôn ${f.village}, ban đêm rất tối, đã xảy ra tai nạn.`,
  ],
  feedback: [
    (f) =>
      `Công ty ${f.company} xả nước thải chưa qua xử lý ra môi trường tại thôn ${f.village}, xã ${f.commune}, gây mùi hôi thối.`,
    (f) =>
      `Quán karaoke ở thôn ${f.village}, xã ${f.commune} hát đến khuya, âm thanh quá lớn ảnh hưởng người dân.`,
    (f) => `Tình trạng lấn chiếm vỉa hè, họp chợ tự phát ở trung tâm xã ${f.commune} gây ùn tắc giao thông.`,
    (f) => `Bãi rác tự phát ở đầu thôn ${f.village} không được thu gom, bốc mùi hôi thối, ruồi nhặng.`,
    (f) =>
      `Khai thác cát trái phép trên sông đoạn qua xã ${f.commune} gây sạt lở đất sản xuất của người dân.`,
  ],
  land_dispute: [
    (f) =>
      `Ông ${f.official} ở liền kề tự ý xây tường rào lấn sang thửa đất số ${f.parcel}, tờ bản đồ số ${f.sheet} của gia đình tôi khoảng ${(f.area % 60) + 5} m².`,
    (f) =>
      `Tranh chấp ranh giới đất giữa gia đình tôi và hộ ông ${f.official} tại thôn ${f.village}, xã ${f.commune}, hòa giải ở xã không thành.`,
    (f) =>
      `Tranh chấp quyền sử dụng ${f.area} m² đất do cha mẹ để lại không có di chúc tại thôn ${f.village}.`,
    (f) =>
      `Hộ ông ${f.official} rào chặn lối đi chung mà gia đình tôi sử dụng nhiều năm tại xã ${f.commune}.`,
  ],
};
const ASK: S[] = [
  () => 'Đề nghị cơ quan có thẩm quyền xem xét, giải quyết dứt điểm.',
  (f) => `Kính đề nghị UBND huyện ${f.district} chỉ đạo giải quyết.`,
  () => 'Tôi đã gửi đơn nhiều lần nhưng chưa được trả lời.',
  () => 'Đề nghị kiểm tra, xử lý nghiêm theo quy định của pháp luật.',
  () => '',
];

export function compose(r: () => number, f: Facts): string[] {
  const pool = FACTS[f.kind === 'mixed' ? 'complaint' : f.kind]!;
  const n = 1 + Math.floor(r() * 3);
  const start = Math.floor(r() * pool.length);
  const parts = [pick(r, OPEN)(f)];
  for (let i = 0; i < n; i++) parts.push(pool[(start + i) % pool.length]!(f));
  parts.push(pick(r, ASK)(f));
  return parts.filter(Boolean);
}

export const foldDiacritics = (s: string) => searchKey(s);

// ---------------------------------------------------------------------------------------------------

const esc = (v: unknown): string => {
  if (v === null || v === undefined) return '\\N';
  return String(v).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
};
const line = (xs: unknown[]) => xs.map(esc).join('\t') + '\n';

const AGENCIES = ['VP-BTCD', 'STNMT', 'SXD', 'SGTVT', 'SYT', 'SGDDT', 'TTT', 'UBND-BS', 'UBND-TN', 'UBND-MD'];
const START = Date.UTC(2021, 0, 1);
const SPAN_DAYS = 5 * 365;
export const SEED = 20260701;

export interface Sample {
  id: string;
  code: string;
  facts: Facts;
  parts: string[];
}

/** What the fill records (figure, value, target, ok) — the bench's result table. */
export type Record_ = (figure: string, value: string, target: string, ok: boolean | null) => void;

/**
 * Fills the petitions of a migrated database at `url` (see the module comment); `lookups` / 2 of them are
 * kept as samples for the duplicate look-up. Returns the samples.
 */
export async function fillPetitions(
  url: string,
  o: { n: number; lookups: number; record: Record_ },
): Promise<{ samples: Sample[] }> {
  const { n: N, lookups: LOOKUPS, record } = o;
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const copy = async (table: string, rows: () => Generator<string>) => {
    const client = await pool.connect();
    try {
      await pipeline(Readable.from(rows()), client.query(copyFrom(`COPY ${table} FROM STDIN`)));
    } finally {
      client.release();
    }
  };
  await pool.query('DROP INDEX IF EXISTS petitions_content_terms_idx');
  await pool.query('ALTER TABLE petitions DISABLE TRIGGER petitions_report_facts');
  await pool.query('ALTER TABLE petition_events DISABLE TRIGGER petition_events_report_facts');
  const samples: Sample[] = [];
  const r = rng(SEED);
  const ids: string[] = [];
  const t0 = performance.now();
  // petitions + identities in one pass (two COPY streams fed from the same generator, written in turn)
  const identities: string[] = [];
  const events: string[] = [];
  const deadlines: string[] = [];
  let written = 0;
  const flush = async () => {
    const [ii, ee, dd] = [identities.splice(0), events.splice(0), deadlines.splice(0)];
    await copy(
      'party_identities (id, subject_type, subject_id, seq, role, name, id_number, address, confidential, person_key)',
      function* () {
        yield* ii;
      },
    );
    await copy(
      'petition_events (id, petition_id, seq, type, at, from_status, to_status, data)',
      function* () {
        yield* ee;
      },
    );
    await copy(
      'petition_deadlines (id, petition_id, clock, start_date, due_date, "limit", source, met_at, state, agency_code)',
      function* () {
        yield* dd;
      },
    );
  };
  const BATCH = 50_000;
  for (let b = 0; b < N; b += BATCH) {
    const size = Math.min(BATCH, N - b);
    await copy(
      'petitions (id, code, agency_code, received_at, received_date, channel, kind, content, content_key, handling_agency_code, status, eligibility, ineligible_reason, rule_version, duplicate_of_id, signer_count, confidential, search_key, demo)',
      function* () {
        for (let k = 0; k < size; k++) {
          const i = b + k;
          const f = facts(r);
          const parts = compose(r, f);
          const content = parts.join(' ');
          const id = randomUUID();
          ids.push(id);
          const day = Math.floor((i / N) * SPAN_DAYS);
          const at = new Date(START + day * 86_400_000 + Math.floor(r() * 10 * 3_600_000) + 1 * 3_600_000);
          const date = new Date(at.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
          const code = `DON-${date.slice(0, 4)}-${String(i + 1).padStart(7, '0')}`;
          const agency = AGENCIES[i % AGENCIES.length]!;
          const roll = r();
          const eligible = roll < 0.5;
          const dup = !eligible && roll < 0.6 && i > 1000 ? ids[i - 1 - Math.floor(r() * 1000)]! : null;
          const reason = eligible
            ? null
            : dup
              ? 'duplicate'
              : pick(r, [
                  'anonymous',
                  'already_settled',
                  'not_competent',
                  'time_barred',
                  'no_content',
                  'other',
                ]);
          const forwarded = eligible && r() < 0.4;
          const status = eligible ? (forwarded ? 'forwarded' : r() < 0.5 ? 'resolved' : 'accepted') : 'filed';
          const conf = f.kind === 'denunciation';
          if (i % Math.max(1, Math.floor(N / (LOOKUPS / 2))) === 7 && samples.length < LOOKUPS / 2)
            samples.push({ id, code, facts: f, parts });
          identities.push(
            line([
              randomUUID(),
              'petition',
              id,
              1,
              'signer',
              f.person.name,
              normaliseIdNumber(f.person.idNumber),
              f.person.address,
              conf,
              personKey(f.person.name, f.person.address),
            ]),
          );
          const iso = at.toISOString();
          const later = (d: number) => new Date(at.getTime() + d * 86_400_000).toISOString();
          events.push(line([randomUUID(), id, 1, 'receive', iso, null, 'received', '{}']));
          events.push(
            line([
              randomUUID(),
              id,
              2,
              'set_eligibility',
              later(3),
              'received',
              eligible ? 'accepted' : 'filed',
              JSON.stringify({
                eligibility: eligible ? 'eligible' : 'ineligible',
                ...(reason ? { reason } : {}),
              }),
            ]),
          );
          let seq = 3;
          if (dup)
            events.push(
              line([
                randomUUID(),
                id,
                seq++,
                'confirm_duplicate',
                later(3),
                'filed',
                'filed',
                JSON.stringify({ originalId: dup }),
              ]),
            );
          if (forwarded)
            events.push(
              line([
                randomUUID(),
                id,
                seq++,
                'forward',
                later(8),
                'accepted',
                'forwarded',
                JSON.stringify({ toAgencyCode: 'STNMT' }),
              ]),
            );
          if (eligible && r() < 0.1)
            events.push(
              line([
                randomUUID(),
                id,
                seq++,
                'urge',
                later(40),
                status,
                status,
                JSON.stringify({ agencyCode: 'STNMT' }),
              ]),
            );
          if (status === 'resolved')
            events.push(
              line([
                randomUUID(),
                id,
                seq++,
                'record_result',
                later(35),
                'accepted',
                'resolved',
                JSON.stringify({ outcome: 'answered' }),
              ]),
            );
          const due = new Date(at.getTime() + 14 * 86_400_000 + 7 * 3_600_000).toISOString().slice(0, 10);
          const met = r() < 0.9 ? later(6) : null;
          deadlines.push(
            line([
              randomUUID(),
              id,
              'answer',
              date,
              due,
              '{"value":10,"unit":"working_days"}',
              'Luật Tiếp công dân 2013 Art 28',
              met,
              met ? 'met' : 'open',
              agency,
            ]),
          );
          yield line([
            id,
            code,
            agency,
            iso,
            date,
            pick(r, ['in_person', 'post', 'transferred', 'box', 'online']),
            f.kind,
            content,
            contentKey(content),
            agency,
            status,
            eligible ? 'eligible' : 'ineligible',
            reason,
            'pet2014',
            dup,
            1,
            conf,
            searchKey(code, content),
            true,
          ]);
        }
      },
    );
    await flush();
    written += size;
    if (written % 200_000 === 0 || written === N)
      console.log(`  ${fmt(written)} petitions written (${fmt((performance.now() - t0) / 1000, 1)} s)`);
  }
  const tLoad = performance.now() - t0;
  let t1 = performance.now();
  await pool.query(
    'CREATE INDEX IF NOT EXISTS petitions_content_terms_idx ON petitions USING gin (content_terms)',
  );
  const tIndex = performance.now() - t1;
  await pool.query('ANALYZE');
  t1 = performance.now();
  await pool.query('ALTER TABLE petitions ENABLE TRIGGER petitions_report_facts');
  await pool.query('ALTER TABLE petition_events ENABLE TRIGGER petition_events_report_facts');
  const { recountPetitionFacts } = await import('../../src/modules/reports/petition-report.ts');
  // the recount rebuilds the daily counts itself: their per-row trigger on the facts would be wasted work
  await pool.query('ALTER TABLE petition_report_facts DISABLE TRIGGER petition_report_facts_stats');
  const database = await openDatabase({ databaseUrl: url });
  await database.db.transaction((tx) => recountPetitionFacts(tx));
  await database.close();
  await pool.query('ALTER TABLE petition_report_facts ENABLE TRIGGER petition_report_facts_stats');
  const tFacts = performance.now() - t1;
  await pool.query('VACUUM ANALYZE');
  record(
    `load of ${fmt(N)} petitions (COPY: petitions, signers, events, deadlines)`,
    `${fmt(tLoad / 1000, 1)} s`,
    '',
    null,
  );
  record('content terms GIN index build', `${fmt(tIndex / 1000, 1)} s`, '', null);
  record('report facts recount', `${fmt(tFacts / 1000, 1)} s`, '', null);
  const { rows } = await pool.query(
    `SELECT pg_size_pretty(pg_total_relation_size('petitions')) AS t, pg_size_pretty(pg_relation_size('petitions_content_terms_idx')) AS i`,
  );
  console.log(`  petitions table ${rows[0].t}, content terms index ${rows[0].i}`);
  await pool.end();
  return { samples };
}
