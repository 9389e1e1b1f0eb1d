/**
 * Reference extractor (issue 6 point 6): every reference of the seed report, listed by hand; precision and
 * recall on a labelled set written before tuning (test/data/references-labelled.json, printed); properties
 * of the spans; no references in text made of dates, fractions, phone numbers, times and percentages.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { extractReferences, type Reference } from '../../src/kernel/documents/references.ts';
import { parseNumberSymbol } from '../../src/kernel/documents/numbering.ts';
import { parseWrittenDate } from '../../src/kernel/documents/dates.ts';

const SEED = readFileSync('/work/shared/seed/000_7eaaa9fbbb774b1b.txt', 'utf8');
const SEED_NFC = SEED.normalize('NFC');

/**
 * Every reference in the seed, in text order, as read by hand from the seed (number, date as written).
 * Listed from `grep -o '[0-9]*[/-][^ ]*[A-Z]'` over the seed and checked against the sentences.
 */
const SEED_REFS: [string, string][] = [
  ['1100/QĐ-UBND', '12/11/2021'],
  ['626/SNV-XDCQ', '25/4/2022'],
  ['923/SNV-XDCQ', '09/6/2022'],
  ['1472/SNV-XDCQ', '09/9/2022'],
  ['140/QĐ-UBND', '28/01/2022'],
  ['21/KH-UBND', '28/01/2022'],
  ['28/KH-UBND', '21/02/2021'],
  ['30/KH-UBND', '23/02/2022'],
  ['1100/QĐ-UBND', '12/11/2021'],
  ['810/KH-VP', '17/5/2022'],
  ['2152/KH-VP', '29/12/2021'],
  ['2153/KH-VP', '31/12/2021'],
  ['2154/KH-VP', '29/12/2021'],
  ['181/KH-VP', '28/01/2022'],
  ['193/KH-VP', '28/01/2022'],
  ['177/KH-VP', '27/01/2022'],
  ['337/KH-VP', '04/3/2022'],
  ['495/KH-VP', '29/3/2022'],
  ['02/QĐ-VP', '04/01/2022'],
  ['07/QĐ-VP', '11/01/2022'],
  ['123/VP-HCQT', '18/01/2022'],
  ['279/VP-HCQT', '23/02/2022'],
  ['5614/BNV-VTLTNN', '09/11/2021'],
  ['348/VP-HCQT', '08/3/2022'],
  ['347/KH-VP', '08/3/2022'],
  ['54/QĐ-VP', '17/5/2022'],
  ['1229/KH-VP', '20/7/2022'],
  ['1247/KH-VP', '22/7/2022'],
  ['26/2015/NĐ-CP', '09/3/2015'],
  ['55/2021/QĐ-UBND', '15/10/2021'],
  ['177/KH-VP', '27/01/2022'],
  ['1132/VP-HCQT', '30/6/2022'],
  ['1458/TTr-VP', '24/8/2022'],
  ['337/KH-VP', '04/3/2022'],
  ['2154/KH-VP', '29/12/2021'],
  ['394/KH-VP', '15/3/2022'],
  ['28/KH-UBND', '21/02/2021'],
  ['54/QĐ-VP', '17/5/2022'],
  ['265/QĐ-VP', '31/12/2021'],
  ['248/QĐ-VP', '29/12/2021'],
  ['264/QĐ-VP', '31/12/2021'],
  ['294/VP-HCQT', '25/02/2022'],
  ['499/BC-VP', '30/3/2022'],
  ['732/KH-VP', '06/5/2022'],
  ['55/QĐ-VP', '18/5/2022'],
  ['852/TTr-VP', '24/5/2022'],
  ['718/KH-VP', '06/5/2022'],
  ['306-QĐ/TU', '25/5/2016'],
  ['81/QĐ-VP', '06/9/2016'],
  ['31/QĐ-VP', '31/4/2019'],
  ['2156/KH-VP', '30/12/2021'],
  ['495/KH-VP', '29/3/2022'],
  ['04/2015/NĐ-CP', '09/01/2015'],
  ['869-CV/TU', '18/02/2022'],
  ['496/VP-TTHC', '30/3/2022'],
  ['3340/UBND-NC', '08/7/2022'],
  ['1640/QĐ-UBND', '12/9/2016'],
  ['730/QĐ-UBND', '14/5/2018'],
  ['1640/QĐ-UBND', '12/9/2016'],
  ['3340/UBND-NC', '08/7/2022'],
  ['1100/QĐ-UBND', '12/11/2021'],
  ['48/2021/QĐ-UBND', '22/9/2021'],
  ['306-QĐ/TU', '25/5/2016'],
];

const iso = (written: string) => {
  const [d, m, y] = written.split('/');
  return `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
};
const compact = (x: string) => x.replace(/\s+/g, '');

/** The span covers the number (line breaks inside it aside), lies in the text, and spans do not overlap. */
function assertSpans(text: string, refs: Reference[]) {
  const t = text.normalize('NFC');
  let last = 0;
  for (const r of refs) {
    assert.ok(r.start >= last && r.start < r.end && r.end <= t.length, `span of ${r.number}`);
    assert.ok(
      compact(t.slice(r.start, r.end)).includes(r.number),
      `"${t.slice(r.start, r.end)}" ∌ ${r.number}`,
    );
    assert.ok(parseNumberSymbol(r.number), `parses ${r.number}`);
    if (r.date) assert.equal(parseWrittenDate(r.date).iso, r.date);
    assert.equal(r.dateValid, r.dateAsWritten === null || r.date !== null);
    last = r.end;
  }
}

test('seed: every reference, with its date as written', () => {
  const refs = extractReferences(SEED);
  assert.deepEqual(
    refs.map((r) => [r.number, r.dateAsWritten]),
    SEED_REFS,
  );
  assert.equal(new Set(refs.map((r) => r.number)).size, 52); // 63 citations of 52 documents
  for (const r of refs) {
    if (r.number === '31/QĐ-VP') {
      assert.equal(r.date, null);
      assert.equal(r.dateValid, false);
      assert.equal(r.dateAsWritten, '31/4/2019');
      assert.equal(r.issuer, 'Chánh Văn phòng UBND tỉnh');
    } else {
      assert.equal(r.date, iso(r.dateAsWritten!), r.number);
      assert.equal(r.dateValid, true);
    }
  }
  // a 2022 plan cited with a 2021 date: valid, kept as written
  const kh28 = refs.filter((r) => r.number === '28/KH-UBND');
  assert.deepEqual(
    kh28.map((r) => [r.date, r.dateAsWritten, r.type]),
    [
      ['2021-02-21', '21/02/2021', 'KH'],
      ['2021-02-21', '21/02/2021', 'KH'],
    ],
  );
  assertSpans(SEED, refs);
});

test('seed: types, issuers and spans of the notable cases', () => {
  const refs = extractReferences(SEED);
  const by = (n: string) => refs.find((r) => r.number === n)!;
  const span = (r: Reference) => SEED_NFC.slice(r.start, r.end);
  assert.equal(span(by('1100/QĐ-UBND')), 'Quyết định số 1100/QĐ-UBND ngày 12/11/2021');
  assert.equal(by('1100/QĐ-UBND').issuer, 'UBND tỉnh');
  assert.equal(by('1100/QĐ-UBND').issuerCode, 'UBND');
  // công văn: type CV, issuer from the symbol when the text names none
  assert.deepEqual([by('626/SNV-XDCQ').type, by('626/SNV-XDCQ').issuer], ['CV', 'SNV']);
  assert.deepEqual([by('5614/BNV-VTLTNN').type, by('5614/BNV-VTLTNN').issuer], ['CV', 'Bộ Nội vụ']);
  assert.deepEqual([by('3340/UBND-NC').type, by('3340/UBND-NC').issuer], ['CV', 'Chủ tịch UBND tỉnh']);
  // lower-case type words
  assert.equal(span(by('30/KH-UBND')), 'kế hoạch số 30/KH-UBND ngày 23/02/2022');
  assert.equal(span(by('499/BC-VP')), 'báo cáo số 499/BC-VP ngày 30/3/2022');
  assert.equal(by('499/BC-VP').type, 'BC');
  // the date after a page break belongs to the letter; the span crosses the break
  assert.equal(span(by('294/VP-HCQT')), 'Công văn số 294/VP-HCQT*\n\nngày 25/02/2022');
  // a date that stands before the reference ("đến ngày 14/5/2018, … đã ban hành Quyết định số 730/QĐ-UBND")
  const qd730 = by('730/QĐ-UBND');
  assert.equal(qd730.date, '2018-05-14');
  assert.equal(span(qd730), 'Quyết định số 730/QĐ-UBND');
  // "Ngày 12/9/2016, … ban hành Quyết định số 1640/QĐ-UBND ngày 12/9/2016": the following date is taken
  assert.equal(span(by('1640/QĐ-UBND')), 'Quyết định số 1640/QĐ-UBND ngày 12/9/2016');
  // legal normative and Party symbols
  assert.deepEqual(
    [by('26/2015/NĐ-CP').type, by('26/2015/NĐ-CP').issuer, by('26/2015/NĐ-CP').issuerCode],
    ['NĐ', 'Chính phủ', 'CP'],
  );
  assert.deepEqual([by('306-QĐ/TU').type, by('306-QĐ/TU').issuer], ['QĐ', 'Ban Thường vụ Tỉnh ủy']);
  assert.deepEqual([by('869-CV/TU').type, by('869-CV/TU').issuerCode], ['CV', 'TU']);
  assert.equal(by('1458/TTr-VP').type, 'TTr');
  // the draft's own blank number is not a reference
  assert.ok(!refs.some((r) => r.number.includes('/BC-VP') && r.number.startsWith('/')));
});

interface Labelled {
  cases: {
    id: number;
    group: 'dev' | 'heldout' | 'heldout2';
    text: string;
    refs: { number: string; date: string | null; dateAsWritten: string | null }[];
  }[];
}

/** Precision and recall over (number, date) pairs, matched as multisets per excerpt. */
function score(cases: Labelled['cases']) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let asWrittenOk = 0;
  const misses: string[] = [];
  for (const c of cases) {
    const got = extractReferences(c.text);
    assertSpans(c.text, got);
    const expected = c.refs.map((r) => `${r.number}|${r.date}`);
    for (const g of got) {
      const i = expected.indexOf(`${g.number}|${g.date}`);
      if (i >= 0) {
        expected.splice(i, 1);
        tp++;
        const want = c.refs.find((r) => r.number === g.number && r.date === g.date);
        if (want?.dateAsWritten === g.dateAsWritten) asWrittenOk++;
      } else {
        fp++;
        misses.push(`#${c.id} extra ${g.number} ${g.date}`);
      }
    }
    fn += expected.length;
    for (const e of expected) misses.push(`#${c.id} missed ${e}`);
  }
  return { tp, fp, fn, asWrittenOk, misses, precision: tp / (tp + fp), recall: tp / (tp + fn) };
}

test('labelled set: precision and recall over (number, date) pairs', () => {
  const data = JSON.parse(readFileSync('test/data/references-labelled.json', 'utf8')) as Labelled;
  assert.ok(data.cases.length >= 60);
  for (const [name, cases] of [
    ['dev', data.cases.filter((c) => c.group === 'dev')],
    ['heldout', data.cases.filter((c) => c.group === 'heldout')],
    ['heldout2', data.cases.filter((c) => c.group === 'heldout2')],
    ['all', data.cases],
  ] as const) {
    const r = score(cases);
    console.log(
      `references [${name}]: ${cases.length} excerpts, ${r.tp + r.fn} labelled references; ` +
        `precision ${r.precision.toFixed(3)} (${r.tp}/${r.tp + r.fp}), recall ${r.recall.toFixed(3)} (${r.tp}/${r.tp + r.fn}); ` +
        `dateAsWritten exact on ${r.asWrittenOk}/${r.tp} found`,
    );
    if (r.misses.length) console.log(r.misses.join('\n'));
    assert.ok(r.precision >= 0.95, `${name} precision ${r.precision}`);
    assert.ok(r.recall >= 0.95, `${name} recall ${r.recall}`);
  }
});

test('tricky forms: no "số", line-broken numbers, words, dd-mm-yyyy, dd.mm.yyyy, "cùng ngày", lists', () => {
  const one = (text: string) => {
    const r = extractReferences(text);
    assert.equal(r.length, 1, `${text} → ${JSON.stringify(r)}`);
    return r[0]!;
  };
  let r = one('Thông tư 01/2018/TT-VPCP ngày 23/11/2018');
  assert.deepEqual([r.type, r.number, r.date, r.issuer], ['TT', '01/2018/TT-VPCP', '2018-11-23', 'VPCP']);
  r = one('Căn cứ Luật số 02/2011/QH13;');
  assert.deepEqual([r.type, r.number, r.issuer, r.date], ['Luật', '02/2011/QH13', 'QH13', null]);
  r = one('Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15 ngày 16/6/2025;');
  assert.deepEqual([r.type, r.date, r.start], ['Luật', '2025-06-16', 'Căn cứ '.length]);
  r = one('Bộ luật Lao động số 45/2019/QH14');
  assert.deepEqual([r.type, r.start], ['BLuật', 0]);
  r = one('Nghị quyết số 190/2025/QH15 của Quốc hội');
  assert.deepEqual([r.type, r.issuer], ['NQ', 'Quốc hội']);
  r = one('Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ');
  assert.deepEqual(
    [r.type, r.date, r.dateAsWritten, r.issuer],
    ['NĐ', '2020-03-05', '05 tháng 3 năm 2020', 'Chính phủ'],
  );
  r = one('Chỉ thị 08/CT-TTg của Thủ tướng Chính phủ về');
  assert.deepEqual([r.type, r.issuer, r.issuerCode], ['CT', 'Thủ tướng Chính phủ', 'TTg']);
  r = one('Quyết định số 1100/QĐ-\nUBND ngày 12/11/2021');
  assert.deepEqual([r.number, r.date], ['1100/QĐ-UBND', '2021-11-12']);
  r = one('Công văn số 1520/UBND-KTN ngày 03-7-2025');
  assert.deepEqual([r.date, r.dateAsWritten], ['2025-07-03', '03-7-2025']);
  r = one('Tờ trình số 45/TTr-SDTTG ngày 15.8.2025');
  assert.deepEqual([r.type, r.date], ['TTr', '2025-08-15']);
  r = one('Báo cáo số 88/BC-BCĐ389 ngày 05/4/2024');
  assert.deepEqual([r.type, r.issuer], ['BC', 'BCĐ389']);
  r = one('Quy định số 05-QĐi/TW ngày 28/8/2018');
  assert.deepEqual([r.type, r.issuerCode], ['QyĐ', 'TW']);
  r = one('Kết luận số 126-KL/TW ngày 14/02/2025 của Bộ Chính trị, Ban Bí thư');
  assert.deepEqual([r.type, r.issuer], ['KL', 'Bộ Chính trị']);
  r = one('Thông tư liên tịch số 03/2015/TTLT-BKHĐT-BNV ngày 20/5/2015');
  assert.deepEqual([r.type, r.issuerCode, r.start], ['TTLT', 'BKHĐT-BNV', 0]);
  r = one('theo QĐ số 1100/QĐ-UBND');
  assert.deepEqual([r.type, r.start], ['QĐ', 'theo '.length]);
  r = one('Văn bản số 512/SNV-CCHC ngày 12/3/2025 của Sở Nội vụ đề nghị');
  assert.deepEqual([r.type, r.issuer, r.start], ['CV', 'Sở Nội vụ', 0]);
  r = one('Kế hoạch số 12/UBND-KT ngày 02/7/2025'); // a plan with a letter-style symbol: the word decides
  assert.equal(r.type, 'KH');
  r = one('Công văn số 85/STC-NS ngày 10/3/2025 của Sở Nông nghiệp và Môi trường về việc');
  assert.equal(r.issuer, 'Sở Nông nghiệp và Môi trường');
  // issuer names with lower-case words that elsewhere end a name (Ủy ban, hành chính công, Tiếp công dân)
  for (const name of [
    'Ủy ban nhân dân tỉnh',
    'Trung tâm Phục vụ hành chính công tỉnh',
    'Ban Tiếp công dân tỉnh',
    'UBND thành phố Quảng Ngãi',
    'Sở Giao thông vận tải',
  ]) {
    r = one(`Công văn số 12/ABC-KT ngày 05/01/2024 của ${name} về việc`);
    assert.equal(r.issuer, name);
    r = one(`Công văn số 12/ABC-KT ngày 05/01/2024 của ${name} ban hành kèm theo`);
    assert.equal(r.issuer, name);
  }
  r = one('ngày 31 tháng 4 năm 2019: Quyết định số 31/QĐ-VP ngày 31 tháng 4 năm 2019');
  assert.deepEqual([r.date, r.dateValid, r.dateAsWritten], [null, false, '31 tháng 4 năm 2019']);
  // decomposed (NFD) input: offsets refer to the NFC text
  const nfd = 'Thực hiện Quyết định số 1100/QĐ-UBND ngày 12/11/2021'.normalize('NFD');
  r = one(nfd);
  assert.equal(nfd.normalize('NFC').slice(r.start, r.end), 'Quyết định số 1100/QĐ-UBND ngày 12/11/2021');

  const list = extractReferences(
    'Quyết định số 1050/QĐ-UBND ngày 12 tháng 9 năm 2025 và các Quyết định số 1051/QĐ-UBND, 1052/QĐ-UBND cùng ngày.',
  );
  assert.deepEqual(
    list.map((x) => [x.number, x.date, x.dateAsWritten]),
    [
      ['1050/QĐ-UBND', '2025-09-12', '12 tháng 9 năm 2025'],
      ['1051/QĐ-UBND', '2025-09-12', 'cùng ngày'],
      ['1052/QĐ-UBND', '2025-09-12', 'cùng ngày'],
    ],
  );
  const several = extractReferences(
    'Kế hoạch số 21/KH-UBND ngày 28/01/2022 về rà soát; Kế hoạch số 28/KH-UBND kiểm tra và kế hoạch số 30/KH-UBND ngày 23/02/2022.',
  );
  assert.deepEqual(
    several.map((x) => [x.number, x.date]),
    [
      ['21/KH-UBND', '2022-01-28'],
      ['28/KH-UBND', null],
      ['30/KH-UBND', '2022-02-23'],
    ],
  );
});

test('dates before the reference: only an issuing date in the same clause', () => {
  const dateOf = (text: string) => extractReferences(text).map((r) => r.date);
  assert.deepEqual(
    dateOf('Ngày 05/3/2020, Chính phủ ban hành Nghị định số 30/2020/NĐ-CP về công tác văn thư.'),
    ['2020-03-05'],
  );
  assert.deepEqual(dateOf('Từ ngày 01/7/2025 đến nay, Văn phòng đã ban hành Quyết định số 25/QĐ-UBND.'), [
    null,
  ]);
  assert.deepEqual(dateOf('Ngày 12/3/2025, Sở Nội vụ họp. Văn phòng ban hành Quyết định số 25/QĐ-UBND.'), [
    null,
  ]);
  assert.deepEqual(dateOf('Ngày 12/3/2025, Sở Nội vụ họp về Quyết định số 25/QĐ-UBND.'), [null]);
  assert.deepEqual(dateOf('Hạn nộp trước ngày 15/12/2025 theo Nghị định số 09/2019/NĐ-CP.'), [null]);
  assert.deepEqual(
    dateOf('Ngày 15/01/2026, UBND tỉnh ban hành Kế hoạch số 09/KH-UBND triển khai Nghị quyết số 66-NQ/TW.'),
    ['2026-01-15', null],
  );
  // a date in the next paragraph, capitalised, starts a new sentence
  assert.deepEqual(dateOf('Thực hiện Quyết định số 12/QĐ-UBND\n\nNgày 15/3/2023, Sở Nội vụ họp.'), [null]);
});

test('no false positives: dates, fractions, counts, phones, times, percentages, ratios, forms, drafts', () => {
  const negatives = [
    'Từ ngày 12/11/2021 đến ngày 15/9/2022',
    'chiếm 1/2 số nhiệm vụ; 1/3 số xã',
    'cắt giảm thời gian giải quyết của 20 TTHC',
    'Điện thoại: 0255.3822.456, 0914 123 456, (0255) 3 822 456',
    'họp lúc 8h00, từ 7h30 đến 11h30, 13h30-17h00',
    'đạt 98,5%; 99 % hài lòng',
    '5/10 xã; tỷ lệ 3/4; 12/15 dự án',
    'Tờ khai theo Mẫu số 01/TK-ĐKHT; Biểu số 02/BC-TH; Phụ lục số 03/PL-VP',
    'Số: /BC-VP\n\nQuảng Ngãi, ngày tháng 9 năm 2022',
    'giai đoạn 2021-2025; COVID-19; ISO 9001:2015; Quốc lộ 1A; ĐT.624; Km 12+500',
    'số 52 Hùng Vương, tổ 5/2, khu phố 3/A',
  ];
  for (const n of negatives) assert.deepEqual(extractReferences(n), [], n);
});

/** A tiny deterministic PRNG (mulberry32) so that failures reproduce. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('property: random text of numbers, dates, times and lower-case words has no references', () => {
  const rand = rng(6);
  const parts = ['12/11/2021', '1/2', '5/10', '8h00', '98,5%', '0255.3822.456', 'số', 'ngày', 'tháng', 'năm'];
  const words = ['về', 'việc', 'các', 'nhiệm', 'vụ', 'xã', 'đơn', 'hồ', 'sơ', 'và', '-', '/', ',', '.', '\n'];
  for (let i = 0; i < 300; i++) {
    const n = 5 + Math.floor(rand() * 40);
    const toks: string[] = [];
    for (let k = 0; k < n; k++) {
      const pool = rand() < 0.5 ? parts : words;
      toks.push(pool[Math.floor(rand() * pool.length)]!);
      if (rand() < 0.3) toks.push(String(Math.floor(rand() * 3000)));
    }
    const text = toks.join(rand() < 0.5 ? ' ' : '');
    assert.deepEqual(extractReferences(text), [], text);
  }
});

test('property: references embedded anywhere are found with their spans; spans contain the number', () => {
  const rand = rng(2026);
  const numbers = [
    '1100/QĐ-UBND',
    '3340/UBND-NC',
    '55/2021/QĐ-UBND',
    '02/2011/QH13',
    '306-QĐ/TU',
    '869-CV/TU',
    '88/BC-BCĐ389',
    '1458/TTr-VP',
  ];
  const words = ['Quyết định số ', 'kế hoạch ', 'Công văn số ', '*Tờ trình số* ', '', 'văn bản '];
  const filler = [
    'Thực hiện ',
    'tổng cộng 244 nhiệm vụ; ',
    'từ ngày 12/11/2021 ',
    '(*',
    '*)',
    ', ',
    '\n\n',
    'đạt 99%. ',
  ];
  for (let i = 0; i < 300; i++) {
    let text = '';
    const planted: { number: string; date: string | null }[] = [];
    const n = 1 + Math.floor(rand() * 5);
    for (let k = 0; k < n; k++) {
      text += filler[Math.floor(rand() * filler.length)]! + filler[Math.floor(rand() * filler.length)]!;
      const num = numbers[Math.floor(rand() * numbers.length)]!;
      const d = 1 + Math.floor(rand() * 31);
      const m = 1 + Math.floor(rand() * 12);
      const withDate = rand() < 0.6;
      text += `${words[Math.floor(rand() * words.length)]!}${num}`;
      if (withDate) text += ` ngày ${d}/${m}/2022`;
      text += rand() < 0.5 ? '; ' : '. ';
      planted.push({ number: num, date: withDate ? parseWrittenDate(`${d}/${m}/2022`).iso : null });
    }
    const got = extractReferences(text);
    assertSpans(text, got);
    assert.deepEqual(
      got.map((r) => ({ number: r.number, date: r.date })),
      planted,
      text,
    );
  }
});

test('a 2,000,000-character text is read in well under the request budget', () => {
  const big = SEED.repeat(Math.ceil(2_000_000 / SEED.length)).slice(0, 2_000_000);
  const t0 = performance.now();
  const refs = extractReferences(big);
  const ms = performance.now() - t0;
  console.log(`references: 2,000,000 characters → ${refs.length} references in ${ms.toFixed(0)} ms`);
  assert.ok(refs.length > 60 * 60);
  assert.ok(ms < 10_000, `${ms} ms`);
});
