/**
 * Reporting periods (ND 09/2019/NĐ-CP art. 12; TT 06/2025/TT-TTCP; REFERENCE §5): the data window of each
 * kind, the year boundary, due dates, labels, keys and bad input.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  customPeriod,
  periodKey,
  periodOf,
  reportingPeriod,
  reportingPeriods,
} from '../../src/modules/reports/periodic/periods.ts';
import { AppError } from '../../src/kernel/errors.ts';

const w = (p: { from: string; to: string }) => [p.from, p.to];

test('months: 15th of the previous month → 14th; January starts 15/12 of the previous year', () => {
  assert.deepEqual(w(reportingPeriod('month', 2022, 1)), ['2021-12-15', '2022-01-14']);
  assert.deepEqual(w(reportingPeriod('month', 2022, 2)), ['2022-01-15', '2022-02-14']);
  assert.deepEqual(w(reportingPeriod('month', 2022, 3)), ['2022-02-15', '2022-03-14']);
  assert.deepEqual(w(reportingPeriod('month', 2024, 3)), ['2024-02-15', '2024-03-14']); // leap year: same
  assert.deepEqual(w(reportingPeriod('month', 2022, 9)), ['2022-08-15', '2022-09-14']);
  assert.deepEqual(w(reportingPeriod('month', 2022, 12)), ['2022-11-15', '2022-12-14']);
  const sep = reportingPeriod('month', 2022, 9);
  assert.equal(sep.label.vi, 'Tháng 9 năm 2022');
  assert.equal(sep.label.en, 'September 2022');
  assert.equal(sep.due, '2022-09-17');
  assert.equal(sep.cumulative, false);
  assert.equal(sep.number, 9);
  assert.equal(reportingPeriod('month', 2022, 1).due, '2022-01-17');
  assert.equal(reportingPeriod('month', 2022, 2).due, '2022-02-17');
  // every month follows the previous one without gap or overlap
  const ps = reportingPeriods(2022).filter((p) => p.kind === 'month');
  for (let i = 1; i < 12; i++) {
    const prevTo = new Date(`${ps[i - 1]!.to}T00:00:00Z`);
    prevTo.setUTCDate(prevTo.getUTCDate() + 1);
    assert.equal(prevTo.toISOString().slice(0, 10), ps[i]!.from);
  }
  // December of a year → January of the next
  assert.equal(reportingPeriod('month', 2021, 12).to, '2021-12-14');
  assert.equal(reportingPeriod('month', 2022, 1).from, '2021-12-15');
});

test('quarters: Q1 15/12 (previous year) → 14/03, cumulative; Q2–Q4 from the 15th of the month before', () => {
  const q = [1, 2, 3, 4].map((n) => reportingPeriod('quarter', 2022, n));
  assert.deepEqual(q.map(w), [
    ['2021-12-15', '2022-03-14'],
    ['2022-03-15', '2022-06-14'],
    ['2022-06-15', '2022-09-14'],
    ['2022-09-15', '2022-12-14'],
  ]);
  assert.deepEqual(
    q.map((p) => p.cumulative),
    [true, false, false, false],
  );
  assert.deepEqual(
    q.map((p) => p.label.vi),
    ['Quý I năm 2022', 'Quý II năm 2022', 'Quý III năm 2022', 'Quý IV năm 2022'],
  );
  assert.deepEqual(
    q.map((p) => p.due),
    ['2022-03-17', '2022-06-17', '2022-09-17', '2022-12-17'],
  );
  assert.equal(q[2]!.label.en, 'Q3 2022');
});

test('6 months, 9 months, year: cumulative from 15/12 of the previous year', () => {
  const six = reportingPeriod('6_months', 2022);
  const nine = reportingPeriod('9_months', 2022);
  const year = reportingPeriod('year', 2022);
  assert.deepEqual(w(six), ['2021-12-15', '2022-06-14']);
  assert.deepEqual(w(nine), ['2021-12-15', '2022-09-14']);
  assert.deepEqual(w(year), ['2021-12-15', '2022-12-14']);
  for (const p of [six, nine, year]) {
    assert.equal(p.cumulative, true);
    assert.equal(p.number, null);
    assert.ok(p.legalBasis.length > 0);
    assert.ok(p.recipients.length >= 1);
    assert.ok(p.recipients.some((r) => r.vi.includes('Sở Nội vụ')));
  }
  assert.equal(six.label.vi, '6 tháng đầu năm 2022');
  assert.equal(nine.label.vi, '9 tháng đầu năm 2022');
  assert.equal(year.label.vi, 'Năm 2022');
  assert.equal(nine.label.en, 'First 9 months of 2022');
  assert.deepEqual([six.due, nine.due, year.due], ['2022-06-17', '2022-09-17', '2022-12-17']);
  assert.match(year.legalBasis, /09\/2019/);
  // the year's window starts in the previous year, also at a century-like boundary
  assert.deepEqual(w(reportingPeriod('year', 2000)), ['1999-12-15', '2000-12-14']);
});

test('reportingPeriods(year) lists 12 months, 4 quarters, 6 and 9 months and the year', () => {
  const ps = reportingPeriods(2023);
  assert.equal(ps.length, 19);
  assert.deepEqual(
    ps.map((p) => p.kind),
    [...Array(12).fill('month'), ...Array(4).fill('quarter'), '6_months', '9_months', 'year'],
  );
  for (const p of ps) {
    assert.equal(p.year, 2023);
    assert.ok(p.from < p.to);
    assert.equal(p.to.slice(8), '14');
    assert.equal(p.from.slice(8), '15');
    assert.equal(p.due.slice(8), '17');
    assert.equal(p.due.slice(0, 7), p.to.slice(0, 7));
  }
});

test('custom windows (the seed task table 12/11/2021 → 15/09/2022) and keys', () => {
  const c = customPeriod('2021-11-12', '2022-09-15');
  assert.deepEqual(w(c), ['2021-11-12', '2022-09-15']);
  assert.equal(c.kind, 'custom');
  assert.equal(c.year, 2022);
  assert.equal(c.label.vi, 'Từ ngày 12/11/2021 đến ngày 15/09/2022');
  assert.equal(c.cumulative, false);
  assert.equal(periodKey(c), 'custom:2021-11-12:2022-09-15');
  assert.equal(periodKey(reportingPeriod('9_months', 2022)), '9_months:2022');
  assert.equal(periodKey(reportingPeriod('month', 2022, 9)), 'month:2022:9');
  assert.equal(periodKey(reportingPeriod('quarter', 2022, 3)), 'quarter:2022:3');
  assert.deepEqual(periodOf({ kind: 'custom', from: '2022-01-01', to: '2022-01-01' }).from, '2022-01-01');
  // 14/02 and 29/02 are ordinary dates: a one-day window on a leap day
  assert.equal(customPeriod('2024-02-29', '2024-02-29').to, '2024-02-29');
});

test('bad input: 400 with the field path', () => {
  const path = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      assert.ok(e instanceof AppError);
      assert.equal(e.status, 400);
      return e.path;
    }
    assert.fail('no error');
  };
  assert.equal(
    path(() => reportingPeriod('month', 2022, 0)),
    'number',
  );
  assert.equal(
    path(() => reportingPeriod('month', 2022, 13)),
    'number',
  );
  assert.equal(
    path(() => reportingPeriod('quarter', 2022, 5)),
    'number',
  );
  assert.equal(
    path(() => reportingPeriod('month', 2022)),
    'number',
  );
  assert.equal(
    path(() => reportingPeriods(1999)),
    'year',
  );
  assert.equal(
    path(() => reportingPeriods(2101)),
    'year',
  );
  assert.equal(
    path(() => reportingPeriods(2022.5)),
    'year',
  );
  assert.equal(
    path(() => customPeriod('2022-03-01', '2022-01-01')),
    'from',
  );
  assert.equal(
    path(() => customPeriod('2022-02-29', '2022-03-01')),
    'from',
  );
  assert.equal(
    path(() => customPeriod('2022-01-01', '2022-13-01')),
    'to',
  );
  assert.equal(
    path(() => periodOf({ kind: 'custom', from: '2022-01-01' })),
    'to',
  );
  assert.equal(
    path(() => periodOf({ kind: 'year' })),
    'year',
  );
  assert.equal(
    path(() => reportingPeriod('custom', 2022)),
    'from',
  );
});

test('template: numbers and dates as the seed writes them; the template file validates', async () => {
  const { formatNumber, formatDate, getTemplate, TemplateFileSchema, narrativeSlots } =
    await import('../../src/modules/reports/periodic/template.ts');
  assert.equal(formatNumber(9, 'vi'), '09');
  assert.equal(formatNumber(1, 'vi'), '01');
  assert.equal(formatNumber(0, 'vi'), '0');
  assert.equal(formatNumber(10, 'vi'), '10');
  assert.equal(formatNumber(2407, 'vi'), '2.407');
  assert.equal(formatNumber(99.5, 'vi', true), '99,5');
  assert.equal(formatNumber(9, 'vi', true), '9');
  assert.equal(formatNumber(2407, 'en'), '2,407');
  assert.equal(formatNumber(9, 'en'), '9');
  assert.equal(formatDate('2022-09-15', 'vi'), '15/9/2022');
  assert.equal(formatDate('2022-03-04', 'vi'), '04/3/2022');
  assert.equal(formatDate('2022-01-28', 'vi'), '28/01/2022');
  assert.equal(formatDate('2021-11-12', 'vi'), '12/11/2021');
  assert.equal(formatDate('2022-09-15', 'en'), '15/09/2022');
  const t = getTemplate();
  assert.equal(t.id, 'periodic-office-v1');
  assert.equal(t.taskWindow.from, '2021-11-12');
  assert.deepEqual(narrativeSlots(t), ['direction', 'tasks', 'results_other', 'proposals', 'priorities']);
  assert.throws(() => getTemplate('nope'));
  // a template with an unknown block kind or a bad heading level is refused
  const bad = structuredClone(t) as any;
  bad.blocks.push({ kind: 'chart', id: 'x' });
  assert.equal(TemplateFileSchema.safeParse(bad).success, false);
  const bad2 = structuredClone(t) as any;
  bad2.blocks[1].level = 4;
  assert.equal(TemplateFileSchema.safeParse(bad2).success, false);
  assert.equal(TemplateFileSchema.safeParse(structuredClone(t)).success, true);
});

test('legal basis: ND 09/2019 art. 12 alone before TT 06/2025 (in force 30/09/2025), both after; vi text', () => {
  const y2022 = reportingPeriod('9_months', 2022);
  assert.equal(y2022.legalBasis, 'NĐ 09/2019/NĐ-CP art. 12');
  assert.equal(y2022.legalBasisVi, 'Điều 12 Nghị định số 09/2019/NĐ-CP');
  assert.doesNotMatch(y2022.legalBasis + (y2022.legalBasisVi ?? ''), /06\/2025|provincial|cumulative/);
  // 9 months 2025 is cut on 14/09/2025, before TT 06/2025 applies; the year 2025 (14/12/2025) is after
  assert.doesNotMatch(reportingPeriod('9_months', 2025).legalBasis, /06\/2025/);
  const y2025 = reportingPeriod('year', 2025);
  assert.match(y2025.legalBasis, /09\/2019.*06\/2025/);
  assert.match(y2025.legalBasisVi ?? '', /Thông tư số 06\/2025\/TT-TTCP/);
  assert.doesNotMatch(y2025.legalBasisVi ?? '', /cumulative|provincial/);
});
